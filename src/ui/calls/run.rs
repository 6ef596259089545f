//! The Calls tab's runner: each command carried out against the store, answered with the
//! message the tab handles — the list, the customer picker, saving and correcting calls,
//! the steps of rescue cases and follow-ups, and the knowledge base.

use super::{Cmd, Lent, Msg, Stale, kb_suggest};
use crate::domain::archive::CustomerData;
use crate::i18n::Lang;
use crate::store::calls::{self, CallFilter};
use crate::store::kb::search::{KbQuery, search as kb_search};
use crate::store::{Actor, StoreError, agents, customers, search, stale, vehicles};
use crate::ui::background::Lane;
use crate::ui::desk::{Env, Out};
use chrono::{Duration, NaiveDate, TimeZone};

/// Rows of the calls list loaded at once.
const CALLS_SHOWN: usize = 200;
/// Open rescue cases and follow-ups loaded at once.
const OPEN_SHOWN: usize = 50;

/// The lane of a Calls command that goes to the loads thread (None: run it here).
pub fn lane(cmd: &Cmd) -> Option<Lane> {
    match cmd {
        // The list reads the open rescue cases, follow-ups, a day's calls and the counts.
        Cmd::List { .. } => Some(Lane::CallList),
        // The status bar's open rescue counts, every 30 ticks.
        Cmd::Count => Some(Lane::CallCounts),
        // The open call or rescue case read again (another agent's save, a refused step):
        // never on the UI thread.
        Cmd::FollowCall { .. } | Cmd::FollowRescue { .. } => Some(Lane::CallFollow),
        // Writes, and the reads that answer the user's own key (a record opened, the call
        // form's customer and suggestions, the filter's lookups), run here.
        Cmd::Filter { .. }
        | Cmd::SearchCustomers(_)
        | Cmd::Customer { .. }
        | Cmd::QuickCustomer { .. }
        | Cmd::KbSearch { .. }
        | Cmd::Save(_)
        | Cmd::Correct { .. }
        | Cmd::ShowCall(_)
        | Cmd::ShowRescue(_)
        | Cmd::RescueStep { .. }
        | Cmd::FollowUpDone { .. }
        | Cmd::KbTransfer(_)
        | Cmd::Export(_)
        | Cmd::Out(_) => None,
    }
}

/// Carries out one command; what it answers goes back to the tab, what it asks of the app
/// goes to `outs`. A store failure is the app's error line.
pub fn run(cmd: Cmd, env: &mut Env, lent: &Lent, outs: &mut Vec<Out>) -> Option<Msg> {
    let lang = env.lang;
    let result = match cmd {
        Cmd::List { filter, day } => list(env, &filter, day),
        Cmd::Count => match calls::rescues_to_contact(env.db.conn(), env.clock.now()) {
            Ok(counts) => Ok(Some(Msg::Counted(counts))),
            Err(e) => {
                tracing::warn!("rescue counts: {}", e.message(Lang::En));
                Ok(None)
            }
        },
        Cmd::Filter {
            customer,
            agent_emp_no,
        } => filter(env, customer, agent_emp_no),
        Cmd::SearchCustomers(q) => {
            if q.trim().is_empty() {
                Ok(Some(Msg::Hits(Vec::new())))
            } else {
                search::search(env.db.conn(), &q, 6).map(|h| Some(Msg::Hits(h)))
            }
        }
        Cmd::Customer {
            customer_id,
            vehicle_id,
        } => customer(env, lent, customer_id, vehicle_id),
        Cmd::QuickCustomer { name, mobile } => {
            let data = CustomerData {
                name,
                mobile: Some(mobile),
                ..Default::default()
            };
            let actor = actor(env);
            match customers::create(env.db, actor, &data) {
                Ok(id) => customer(env, lent, id, None),
                Err(e) => refused(e.message(lang), None),
            }
        }
        Cmd::KbSearch { kind, query, today } => {
            let ask = KbQuery::suggest(kind, &query, today, kb_suggest::SHOWN * 2);
            kb_search(env.db.conn(), &ask).map(|rows| Some(Msg::KbFound(rows)))
        }
        Cmd::Save(call) => {
            let actor = actor(env);
            match calls::save(env.db, actor, &call) {
                Ok(saved) => Ok(Some(Msg::Saved {
                    call_id: saved.call_id,
                    rescue_id: saved.rescue_id,
                    complaint_id: saved.complaint_id,
                    resolved: call.resolved,
                })),
                Err(e) => refused(e.message(lang), None),
            }
        }
        Cmd::Correct {
            id,
            version,
            fields,
            sentence,
            resolved,
            completeness,
        } => {
            let actor = actor(env);
            match calls::correct(
                env.db,
                actor,
                id,
                version,
                &fields,
                &sentence,
                resolved,
                completeness,
            ) {
                Ok(()) => Ok(Some(Msg::Corrected(id))),
                // Someone else corrected it first: their version is loaded and the form
                // says who; saving again is taken on what the agent now sees.
                Err(e) => {
                    let conflict = matches!(e, StoreError::Conflict { .. });
                    refused(e.message(lang), conflict.then_some(Stale::Call(id)))
                }
            }
        }
        Cmd::ShowCall(id) => {
            calls::get(env.db.conn(), id).map(|d| Some(Msg::CallShown(Box::new(d))))
        }
        Cmd::ShowRescue(id) => {
            calls::rescue(env.db.conn(), id).map(|r| Some(Msg::RescueShown(Box::new(r))))
        }
        Cmd::FollowCall { id, seen } => follow_call(env, id, seen),
        Cmd::FollowRescue { id, seen, say } => follow_rescue(env, id, seen, say),
        Cmd::RescueStep { id, version, step } => {
            let actor = actor(env);
            match calls::rescue_step_seen(env.db, actor, id, version, &step) {
                Ok(()) => Ok(Some(Msg::RescueStepped(id, step))),
                // Refused (someone else's step came first): the form stays open with the
                // reason, and what it shows is loaded again.
                Err(e) => refused(e.message(lang), Some(Stale::Rescue(id))),
            }
        }
        Cmd::FollowUpDone { call_id, note } => {
            let actor = actor(env);
            match calls::complete_follow_up(env.db, actor, call_id, &note) {
                Ok(()) => Ok(Some(Msg::Answered(call_id))),
                Err(e) => refused(e.message(lang), Some(Stale::List)),
            }
        }
        Cmd::KbTransfer(id) => {
            let actor = actor(env);
            outs.push(
                match crate::store::kb::transfers::mark(env.db, actor, id, "") {
                    Ok(()) => Out::Status(match lang {
                        Lang::Zh => format!("来电 #{id} 已标记：知识库无法解答，转技术支持"),
                        Lang::En => format!(
                            "Call #{id} marked: not answered by the knowledge base, transferred to technical support"
                        ),
                    }),
                    Err(e) => Out::Error(e.message(lang)),
                },
            );
            Ok(None)
        }
        Cmd::Export(entries) => {
            let sheet = super::export::sheet(&entries, lang, env.clock, lent.templates);
            outs.push(Out::Export {
                sheet: Box::new(sheet),
                name: "calls-list",
            });
            Ok(None)
        }
        Cmd::Out(out) => {
            outs.push(out);
            Ok(None)
        }
    };
    result.unwrap_or_else(|e| {
        outs.push(Out::Error(e.message(lang)));
        None
    })
}

fn actor(env: &Env) -> Actor {
    Actor {
        agent_id: env.agent.map(|a| a.id),
        at: env.clock.now(),
    }
}

fn refused(why: String, stale: Option<Stale>) -> Result<Option<Msg>, StoreError> {
    Ok(Some(Msg::Refused { why, stale }))
}

/// The filter to load with: the chosen one, limited to the shown day (today unless the
/// user moved) when it names no dates of its own.
fn effective(env: &Env, filter: &CallFilter, day: Option<NaiveDate>) -> CallFilter {
    let mut f = filter.clone();
    if f.from.is_none() && f.to.is_none() {
        let day = day.unwrap_or_else(|| env.clock.today());
        let start = env
            .clock
            .tz()
            .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
            .earliest();
        if let Some(s) = start {
            let s = s.with_timezone(&chrono::Utc);
            f.from = Some(s);
            f.to = Some(s + Duration::days(1));
        }
    }
    f
}

fn list(
    env: &mut Env,
    filter: &CallFilter,
    day: Option<NaiveDate>,
) -> Result<Option<Msg>, StoreError> {
    let filter = effective(env, filter, day);
    let conn = env.db.conn();
    Ok(Some(Msg::Listed {
        rescues: calls::open_rescues(conn, OPEN_SHOWN)?,
        follow_ups: calls::open_follow_ups(conn, OPEN_SHOWN)?,
        calls: calls::list(conn, &filter, CALLS_SHOWN)?,
        counts: calls::rescues_to_contact(conn, env.clock.now())?,
    }))
}

/// The filter's customer text and employee number, looked up; nobody found is a filter
/// that matches nothing, said plainly by the empty list.
fn filter(
    env: &mut Env,
    customer: Option<String>,
    agent_emp_no: Option<String>,
) -> Result<Option<Msg>, StoreError> {
    let customer_id = match customer {
        Some(q) => {
            let hit = search::search(env.db.conn(), &q, 1)?;
            Some(hit.first().map(|h| h.customer_id).unwrap_or(-1))
        }
        None => None,
    };
    let agent_id = match agent_emp_no {
        Some(emp) => Some(agents::by_emp_no(env.db, &emp)?.map(|a| a.id).unwrap_or(-1)),
        None => None,
    };
    Ok(Some(Msg::Filtered {
        customer_id,
        agent_id,
    }))
}

/// The call's customer and vehicles; full numbers only where this customer's were revealed
/// (audited) in the archive.
fn customer(
    env: &mut Env,
    lent: &Lent,
    customer_id: i64,
    vehicle_id: Option<i64>,
) -> Result<Option<Msg>, StoreError> {
    let c = customers::get(env.db.conn(), customer_id)?;
    let vehicles = vehicles::of_customer(env.db.conn(), customer_id)?;
    Ok(Some(Msg::Customer {
        customer: Box::new(c),
        vehicles,
        vehicle_id,
        revealed: lent.revealed == Some(customer_id),
    }))
}

/// Who changed a record last, as a line for its open form.
fn who_changed(
    env: &mut Env,
    entity: &str,
    id: i64,
    names: (&str, &str),
) -> Result<Option<String>, StoreError> {
    Ok(stale::last_audited(env.db.conn(), entity, id)?
        .map(|c| stale::notice(names, c).message(env.lang)))
}

/// The open call as stored now, and who changed it when it moved past `seen`.
fn follow_call(env: &mut Env, id: i64, seen: Option<i64>) -> Result<Option<Msg>, StoreError> {
    let detail = calls::get(env.db.conn(), id)?;
    let said = if seen != Some(detail.version) {
        who_changed(
            env,
            "call",
            id,
            (&format!("来电 #{id}"), &format!("Call {id}")),
        )?
    } else {
        None
    };
    Ok(Some(Msg::CallFollowed {
        detail: Box::new(detail),
        said,
    }))
}

/// A rescue case as stored now, and (when `say`) who changed it when it moved past `seen`.
fn follow_rescue(
    env: &mut Env,
    id: i64,
    seen: Option<i64>,
    say: bool,
) -> Result<Option<Msg>, StoreError> {
    let rescue = calls::rescue(env.db.conn(), id)?;
    let said = if say && seen != Some(rescue.version) {
        who_changed(
            env,
            "rescue",
            id,
            (&format!("救援 #{id}"), &format!("Rescue case {id}")),
        )?
    } else {
        None
    };
    Ok(Some(Msg::RescueFollowed {
        rescue: Box::new(rescue),
        said,
    }))
}
