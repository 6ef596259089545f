//! The Customers tab's runner: carries each command out against the store (the search,
//! an archive with both files of each car, saving a customer or a car, revealing a masked
//! number, audited) and answers with the message the tab handles.

use super::{Archive, Cmd, Msg, Record, VehicleFiles};
use crate::store::{Actor, StoreError, audit, customers, files, search, stale, vehicles};
use crate::ui::background::Lane;
use crate::ui::desk::{Env, Out};

/// Rows a search returns.
pub const SEARCH_LIMIT: usize = 50;
/// A search that stops at its limit counts its matches up to this many.
const SEARCH_COUNT_CAP: usize = 1000;
/// Repair orders loaded per vehicle in the detail view.
const REPAIRS_SHOWN: usize = 30;

/// The lane of a Customers command that goes to the loads thread (None: run it here).
pub fn lane(cmd: &Cmd) -> Option<Lane> {
    match cmd {
        // Another agent saved: the results, the open archive and the record under the
        // open form are read again there, never on the UI thread.
        Cmd::Refresh { .. } => Some(Lane::CustomerSearch),
        Cmd::Reload { .. } | Cmd::Check { .. } => Some(Lane::CustomerFollow),
        // The search as the agent types, the archive they open, reveals and saves run here.
        Cmd::Search(_)
        | Cmd::Load { .. }
        | Cmd::Reveal(_)
        | Cmd::SaveCustomer { .. }
        | Cmd::SaveVehicle { .. }
        | Cmd::Out(_) => None,
    }
}

/// Carries out one command; what the app must do goes to `outs`.
pub(super) fn run(cmd: Cmd, env: &mut Env, outs: &mut Vec<Out>) -> Option<Msg> {
    let answer = match cmd {
        Cmd::Out(out) => {
            outs.push(out);
            return None;
        }
        Cmd::Search(q) => search_now(env, &q).map(|(hits, total)| Some(Msg::Hits { hits, total })),
        Cmd::Refresh { query, ask } => search_now(env, &query).map(|(hits, total)| {
            Some(Msg::Refreshed {
                query,
                hits,
                total,
                ask,
            })
        }),
        Cmd::Load { id, revealed } => load(env, id, revealed).map(|a| Some(Msg::Loaded(a))),
        Cmd::Reload { id, revealed, ask } => {
            load(env, id, revealed).map(|archive| Some(Msg::Reloaded { archive, ask }))
        }
        Cmd::Reveal(id) => {
            let actor = actor(env);
            env.db
                .write(|tx| audit::record(tx, actor, "reveal", "customer", id, None, None))
                .and_then(|_| load(env, id, true))
                .map(|a| Some(Msg::Loaded(a)))
        }
        Cmd::SaveCustomer { id, version, data } => {
            let actor = actor(env);
            let saved = match id {
                None => customers::create(env.db, actor, &data),
                Some(id) => customers::update(env.db, actor, id, version, &data).map(|_| id),
            };
            Ok(Some(answer_save(env, saved.map(|id| (id, None)))))
        }
        Cmd::SaveVehicle {
            customer_id,
            id,
            version,
            data,
        } => {
            let actor = actor(env);
            let saved = match id {
                None => vehicles::create(env.db, actor, customer_id, &data),
                Some(id) => vehicles::update(env.db, actor, id, version, &data).map(|_| id),
            };
            Ok(Some(answer_save(
                env,
                saved.map(|vid| (customer_id, Some(vid))),
            )))
        }
        Cmd::Check {
            record,
            version,
            customer_id,
            revealed,
            refused,
        } => check(env, (record, version), customer_id, revealed, refused),
    };
    answer.unwrap_or_else(|e| {
        outs.push(Out::Error(e.message(env.lang)));
        None
    })
}

fn actor(env: &Env) -> Actor {
    Actor {
        agent_id: env.agent.map(|a| a.id),
        at: env.clock.now(),
    }
}

fn answer_save(env: &Env, saved: Result<(i64, Option<i64>), StoreError>) -> Msg {
    match saved {
        Ok((customer_id, vehicle_id)) => Msg::Saved {
            customer_id,
            vehicle_id,
        },
        Err(StoreError::Conflict { .. }) => Msg::Conflict,
        Err(e) => Msg::Refused(e.message(env.lang)),
    }
}

/// The results of the search for `q`, and how many it matches when they stop at their
/// limit.
type Found = (Vec<crate::store::search::Hit>, Option<(usize, bool)>);

fn search_now(env: &Env, q: &str) -> Result<Found, StoreError> {
    let conn = env.db.conn();
    let hits = search::search(conn, q, SEARCH_LIMIT)?;
    // When the results stop at their limit: how many customers the search matches
    // (counted up to `SEARCH_COUNT_CAP`; `true` when there are at least that many). No
    // query (the first screen) is counted the same way: a count of every customer grows
    // with the store (1.2-1.5 ms on 100k before the first frame,
    // a fresh connection's pages read from the file).
    let total = if hits.len() < SEARCH_LIMIT {
        None
    } else {
        let n = if search::normalize_query(q).is_empty() {
            // No query lists the recently added: all customers match.
            customers::count_up_to(conn, SEARCH_COUNT_CAP)?
        } else {
            search::count(conn, q, SEARCH_COUNT_CAP)?
        };
        Some((n, n >= SEARCH_COUNT_CAP))
    };
    Ok((hits, total))
}

/// The most contacts the archive reads for its timeline (it shows those that fit).
const TIMELINE_READ: usize = 8;

/// A customer's archive with both files of each car and the latest contacts.
fn load(env: &Env, id: i64, revealed: bool) -> Result<Box<Archive>, StoreError> {
    let conn = env.db.conn();
    let customer = customers::get(conn, id)?;
    let mut list = Vec::new();
    for v in vehicles::of_customer(conn, id)? {
        list.push(VehicleFiles {
            sales: files::sales_file(conn, v.id)?,
            repairs: files::repair_orders(conn, v.id, REPAIRS_SHOWN)?,
            repair_total: files::repair_count(conn, v.id)?,
            vehicle: v,
        });
    }
    let contacts = crate::store::timeline::for_customer(conn, id, TIMELINE_READ)?;
    Ok(Box::new(Archive {
        customer,
        vehicles: list,
        revealed,
        contacts,
    }))
}

/// The record under an open form: when its version moved past the one shown, the archive
/// as it is now and who saved it last.
fn check(
    env: &Env,
    (record, version): (Record, i64),
    customer_id: i64,
    revealed: bool,
    refused: bool,
) -> Result<Option<Msg>, StoreError> {
    let conn = env.db.conn();
    let (entity, entity_id, now) = match record {
        Record::Customer(id) => ("customer", id, customers::get(conn, id)?.version),
        Record::Vehicle(id) => ("vehicle", id, vehicles::get(conn, id)?.version),
    };
    if now == version {
        return Ok(None);
    }
    let archive = load(env, customer_id, revealed)?;
    let who = stale::last_audited(conn, entity, entity_id)?.and_then(|c| c.who);
    Ok(Some(Msg::Moved {
        archive,
        who,
        refused,
    }))
}
