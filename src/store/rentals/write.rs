//! Writes of the rental desk: a new rental, the car's return, a breakdown. Each runs in one
//! IMMEDIATE transaction and is audited; the return and the breakdown are taken on the
//! rental's version the agent saw.

use super::get;
use crate::clock::to_db;
use crate::domain::rentals::{Fault, valid_contract_no};
use crate::store::{Actor, Db, StoreError, audit, new_uuid, stale};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

/// A rental as the desk enters it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRental {
    pub contract_no: String,
    pub vehicle_id: i64,
    pub customer_id: i64,
    pub branch: String,
    pub start_at: DateTime<Utc>,
    pub planned_return_at: DateTime<Utc>,
}

/// A breakdown as the desk logs it (§2.1: fault type, time, place).
#[derive(Debug, Clone, PartialEq)]
pub struct NewBreakdown {
    pub rental_id: i64,
    pub fault: Fault,
    pub occurred_at: DateTime<Utc>,
    pub place: String,
    pub note: String,
}

/// What logging a breakdown wrote: the breakdown and the rescue case it opened, with the
/// case's first-contact deadline (§2.2: 30 minutes after the report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Logged {
    pub breakdown_id: i64,
    pub rescue_id: i64,
    pub contact_due: DateTime<Utc>,
}

fn said(zh: String, en: String) -> StoreError {
    StoreError::Said { zh, en }
}

/// The refusal of a step taken on an old version of rental `r`, naming who changed it.
fn stale(tx: &rusqlite::Connection, r: &super::Rental) -> StoreError {
    let (zh, en) = (
        format!("租赁合同 {}", r.contract_no),
        format!("Rental {}", r.contract_no),
    );
    match stale::last_audited(tx, "rental", r.id) {
        Ok(last) => stale::refusal((&zh, &en), last),
        Err(e) => e,
    }
}

/// Records a new rental. Refused: a malformed or used contract number, a return before
/// the start, a car already out on another contract.
pub fn create(db: &mut Db, actor: Actor, r: &NewRental) -> Result<i64, StoreError> {
    let no = r.contract_no.trim().to_uppercase();
    if !valid_contract_no(&no) {
        return Err(said(
            format!("合同号「{no}」无效：应为 3–20 位字母、数字或连字符"),
            format!("Contract number \"{no}\" is not valid: 3–20 letters, digits or dashes"),
        ));
    }
    if r.planned_return_at <= r.start_at {
        return Err(said(
            "预计还车时间须晚于取车时间".into(),
            "The planned return must be after the start".into(),
        ));
    }
    let store_id = db.store_id().to_string();
    db.write(|tx| {
        let used: Option<i64> = tx
            .query_row(
                "SELECT id FROM rentals WHERE contract_no = ?1",
                [&no],
                |r| r.get(0),
            )
            .optional()?;
        if used.is_some() {
            return Err(said(
                format!("合同号 {no} 已存在"),
                format!("Contract {no} exists already"),
            ));
        }
        let busy: Option<String> = tx
            .query_row(
                "SELECT contract_no FROM rentals WHERE vehicle_id = ?1 AND returned_at IS NULL",
                [r.vehicle_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = busy {
            return Err(said(
                format!("该车仍在合同 {other} 中出租，请先登记还车"),
                format!("The car is still out on contract {other}: record its return first"),
            ));
        }
        let at = to_db(actor.at);
        tx.execute(
            "INSERT INTO rentals(uuid, store_id, contract_no, vehicle_id, customer_id, branch,
                start_at, planned_return_at, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9, ?10)",
            params![
                new_uuid(),
                store_id,
                no,
                r.vehicle_id,
                r.customer_id,
                r.branch.trim(),
                to_db(r.start_at),
                to_db(r.planned_return_at),
                at,
                actor.agent_id
            ],
        )?;
        let id = tx.last_insert_rowid();
        let after = serde_json::json!({
            "contract_no": no, "vehicle_id": r.vehicle_id, "customer_id": r.customer_id,
            "branch": r.branch.trim(), "start_at": to_db(r.start_at),
            "planned_return_at": to_db(r.planned_return_at),
        });
        audit::record(tx, actor, "create", "rental", id, None, Some(&after))?;
        Ok(id)
    })
}

/// Records the car's return at `at` (at `branch`, empty: where it was taken out), on the
/// version `seen` the agent's screen showed. The satisfaction survey (§4.1) is planned from
/// it by the callback planner.
pub fn record_return(
    db: &mut Db,
    actor: Actor,
    id: i64,
    seen: i64,
    at: DateTime<Utc>,
    branch: &str,
) -> Result<(), StoreError> {
    db.write(|tx| {
        let r = get(tx, id)?;
        if r.version != seen || r.returned_at.is_some() {
            return Err(stale(tx, &r));
        }
        if at < r.start_at {
            return Err(said(
                "还车时间不能早于取车时间".into(),
                "The return cannot be before the start".into(),
            ));
        }
        let branch = branch.trim();
        let branch = if branch.is_empty() { &r.branch } else { branch };
        let n = tx.execute(
            "UPDATE rentals SET returned_at = ?1, returned_by = ?2, return_branch = ?3,
                updated_at = ?4, updated_by = ?2, version = version + 1
             WHERE id = ?5 AND version = ?6 AND returned_at IS NULL",
            params![to_db(at), actor.agent_id, branch, to_db(actor.at), id, seen],
        )?;
        if n != 1 {
            return Err(StoreError::Conflict {
                theirs: r.version,
                mine: seen,
            });
        }
        let before = serde_json::json!({"returned_at": null});
        let after = serde_json::json!({"returned_at": to_db(at), "return_branch": branch});
        audit::record(
            tx,
            actor,
            "rental_return",
            "rental",
            id,
            Some(&before),
            Some(&after),
        )
    })
}

/// Logs a breakdown against a rental, on the rental's version `seen` the agent's screen
/// showed (a breakdown changes the rental: its version moves on, so two agents logging the
/// same breakdown at once do not both write it — the second is refused, naming who came
/// first). Refused when the time lies outside the rental or the place is empty. It opens
/// the rental customer's rescue case with its 30-minute contact clock, reported at
/// `actor.at`, in the same transaction, and links the two.
pub fn log_breakdown(
    db: &mut Db,
    actor: Actor,
    b: &NewBreakdown,
    seen: i64,
) -> Result<Logged, StoreError> {
    let place = b.place.trim();
    if place.is_empty() {
        return Err(said(
            "请填写故障地点".into(),
            "Enter where the breakdown happened".into(),
        ));
    }
    let store_id = db.store_id().to_string();
    let time = db.business_time();
    db.write(|tx| {
        let r = get(tx, b.rental_id)?;
        if r.version != seen {
            return Err(stale(tx, &r));
        }
        let end = r.returned_at.unwrap_or(DateTime::<Utc>::MAX_UTC);
        if b.occurred_at < r.start_at || b.occurred_at > end {
            return Err(said(
                format!("故障时间不在合同 {} 的租期内", r.contract_no),
                format!("The breakdown time is outside rental {}", r.contract_no),
            ));
        }
        let report = super::rescue::Report {
            fault: b.fault,
            occurred_at: b.occurred_at,
            place,
            note: b.note.trim(),
        };
        let rescue_id = super::rescue::open(tx, &store_id, actor, &r, &report, &time)?;
        tx.execute(
            "INSERT INTO rental_breakdowns(uuid, store_id, rental_id, fault, occurred_at, place,
                note, rescue_id, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                new_uuid(),
                store_id,
                b.rental_id,
                b.fault.code(),
                to_db(b.occurred_at),
                place,
                b.note.trim(),
                rescue_id,
                to_db(actor.at),
                actor.agent_id
            ],
        )?;
        let id = tx.last_insert_rowid();
        let after = serde_json::json!({
            "rental_id": b.rental_id, "fault": b.fault.code(), "occurred_at": to_db(b.occurred_at),
            "place": place, "note": b.note.trim(), "rescue_id": rescue_id,
        });
        audit::record(
            tx,
            actor,
            "create",
            "rental_breakdown",
            id,
            None,
            Some(&after),
        )?;
        let n = tx.execute(
            "UPDATE rentals SET updated_at = ?1, updated_by = ?2, version = version + 1
             WHERE id = ?3 AND version = ?4",
            params![to_db(actor.at), actor.agent_id, b.rental_id, seen],
        )?;
        if n != 1 {
            return Err(StoreError::Conflict {
                theirs: r.version,
                mine: seen,
            });
        }
        let logged = serde_json::json!({
            "breakdown": id, "fault": b.fault.code(), "place": place, "rescue": rescue_id,
        });
        audit::record(
            tx,
            actor,
            "breakdown_logged",
            "rental",
            b.rental_id,
            None,
            Some(&logged),
        )?;
        Ok(Logged {
            breakdown_id: id,
            rescue_id,
            contact_due: crate::domain::calls::rescue_contact_due(actor.at),
        })
    })
}
