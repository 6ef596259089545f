//! Roadside rescue cases: contact within 30 minutes, then dispatch, then the result. Each
//! step is timestamped, audited and taken on the version the agent's screen showed.

use crate::clock::{from_db, to_db};
use crate::domain::calls::{self as rules, Dispatch};
use crate::domain::rentals::Fault;
use crate::store::{Actor, Db, StoreError, audit};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// A rescue case as its list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rescue {
    pub id: i64,
    pub call_id: i64,
    pub customer: String,
    pub plate: Option<String>,
    pub location: String,
    /// The fault type a rental breakdown logged (§2.1), when the case is one's.
    pub fault: Option<Fault>,
    /// The call's symptom field (故障现象): the fault as the agent wrote it.
    pub symptom: String,
    /// The number to call the customer back on, in full (the 30-minute contact needs it):
    /// the call's contact field, else the customer's mobile, else their landline; empty
    /// when none is known.
    pub phone: String,
    pub opened_at: DateTime<Utc>,
    pub contact_due: DateTime<Utc>,
    pub contacted_at: Option<DateTime<Utc>>,
    pub dispatch: Option<Dispatch>,
    pub technician: Option<String>,
    pub eta: Option<String>,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub result: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The row's version: a step names it, and is refused when someone else's came first.
    pub version: i64,
}

impl Rescue {
    pub fn stage(&self) -> rules::RescueStage {
        rules::RescueStage::of(
            self.contacted_at.is_some(),
            self.dispatched_at.is_some(),
            self.closed_at.is_some(),
        )
    }
}

const RESCUE_COLS: &str = "r.id, r.call_id, coalesce(cu.name, ''), v.plate, r.location, r.opened_at,
    r.contact_due, r.contacted_at, r.dispatch, r.technician, r.eta, r.dispatched_at, r.result, r.closed_at, r.version,
    (SELECT b.fault FROM rental_breakdowns b WHERE b.rescue_id = r.id),
    coalesce((SELECT json_extract(c.fields, '$.symptom') FROM calls c WHERE c.id = r.call_id), ''),
    coalesce((SELECT nullif(trim(json_extract(c.fields, '$.contact')), '') FROM calls c WHERE c.id = r.call_id),
        nullif(cu.mobile, ''), nullif(cu.landline, ''), '')";

fn rescue_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Rescue> {
    let t = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        Ok(r.get::<_, Option<String>>(i)?.as_deref().and_then(from_db))
    };
    Ok(Rescue {
        id: r.get(0)?,
        call_id: r.get(1)?,
        customer: r.get(2)?,
        plate: r.get(3)?,
        location: r.get(4)?,
        opened_at: t(5)?.unwrap_or_default(),
        contact_due: t(6)?.unwrap_or_default(),
        contacted_at: t(7)?,
        dispatch: r
            .get::<_, Option<String>>(8)?
            .as_deref()
            .and_then(Dispatch::from_code),
        technician: r.get(9)?,
        eta: r.get(10)?,
        dispatched_at: t(11)?,
        result: r.get(12)?,
        closed_at: t(13)?,
        version: r.get(14)?,
        fault: r
            .get::<_, Option<String>>(15)?
            .as_deref()
            .and_then(Fault::from_code),
        symptom: r.get(16)?,
        phone: r.get::<_, Option<String>>(17)?.unwrap_or_default(),
    })
}

fn open_rescues_sql() -> String {
    format!(
        "SELECT {RESCUE_COLS} FROM rescue_cases r LEFT JOIN customers cu ON cu.id = r.customer_id
         LEFT JOIN vehicles v ON v.id = r.vehicle_id
         WHERE r.closed_at IS NULL ORDER BY r.contacted_at IS NOT NULL, r.contact_due LIMIT ?1"
    )
}

/// Open rescue cases, the most urgent first.
pub fn open_rescues(conn: &Connection, limit: usize) -> Result<Vec<Rescue>, StoreError> {
    let mut st = conn.prepare_cached(&open_rescues_sql())?;
    let rows = st.query_map([limit as i64], rescue_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn rescue(conn: &Connection, id: i64) -> Result<Rescue, StoreError> {
    conn.query_row(
        &format!(
            "SELECT {RESCUE_COLS} FROM rescue_cases r LEFT JOIN customers cu ON cu.id = r.customer_id
             LEFT JOIN vehicles v ON v.id = r.vehicle_id WHERE r.id = ?1"
        ),
        [id],
        rescue_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

/// The 30-minute contact clock's figures (§2.2): open rescue cases no one has contacted
/// yet, and how many of them are past it. A case contacted and not closed counts in
/// neither (it is waiting for its dispatch or result, not for the clock).
pub fn rescues_to_contact(conn: &Connection, now: DateTime<Utc>) -> Result<(i64, i64), StoreError> {
    Ok(conn.query_row(
        "SELECT count(*), coalesce(sum(contact_due < ?1), 0)
         FROM rescue_cases WHERE closed_at IS NULL AND contacted_at IS NULL",
        [to_db(now)],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The next step of a rescue case, each timestamped and audited.
#[derive(Debug, Clone, PartialEq)]
pub enum RescueStep {
    Contacted,
    Dispatched {
        how: Dispatch,
        technician: String,
        eta: String,
    },
    Closed {
        result: String,
    },
}

pub fn rescue_step(
    db: &mut Db,
    actor: Actor,
    id: i64,
    step: &RescueStep,
) -> Result<(), StoreError> {
    rescue_step_in(db, actor, id, None, step)
}

/// A step an agent took on the case as shown at version `seen`: refused, naming what
/// happened, when someone else's step came first.
pub fn rescue_step_seen(
    db: &mut Db,
    actor: Actor,
    id: i64,
    seen: i64,
    step: &RescueStep,
) -> Result<(), StoreError> {
    rescue_step_in(db, actor, id, Some(seen), step)
}

fn rescue_step_in(
    db: &mut Db,
    actor: Actor,
    id: i64,
    seen: Option<i64>,
    step: &RescueStep,
) -> Result<(), StoreError> {
    db.write(|tx| {
        rescue(tx, id)?; // NotFound before anything else
        if let Some(seen) = seen {
            crate::store::stale::check(tx, crate::store::stale::Table::Rescue, id, seen)?;
        }
        let at = to_db(actor.at);
        let n = match step {
            RescueStep::Contacted => tx.execute(
                "UPDATE rescue_cases SET contacted_at = ?1, contacted_by = ?2, version = version + 1
                 WHERE id = ?3 AND contacted_at IS NULL AND closed_at IS NULL",
                params![at, actor.agent_id, id],
            )?,
            RescueStep::Dispatched { how, technician, eta } => tx.execute(
                "UPDATE rescue_cases SET dispatch = ?1, technician = ?2, eta = ?3, dispatched_at = ?4,
                    dispatched_by = ?5, contacted_at = coalesce(contacted_at, ?4),
                    contacted_by = coalesce(contacted_by, ?5), version = version + 1
                 WHERE id = ?6 AND closed_at IS NULL",
                params![how.code(), technician, eta, at, actor.agent_id, id],
            )?,
            RescueStep::Closed { result } => tx.execute(
                "UPDATE rescue_cases SET result = ?1, closed_at = ?2, closed_by = ?3, version = version + 1
                 WHERE id = ?4 AND closed_at IS NULL",
                params![result, at, actor.agent_id, id],
            )?,
        };
        if n != 1 {
            return Err(StoreError::Said {
                zh: format!("救援 #{id} 已不在这一步（可能已被他人处理）"),
                en: format!("Rescue case {id} is not open for that step (someone may have done it)"),
            });
        }
        let what = match step {
            RescueStep::Contacted => serde_json::json!({"step": "contacted"}),
            RescueStep::Dispatched { how, technician, eta } => {
                serde_json::json!({"step": "dispatched", "how": how.code(), "technician": technician, "eta": eta})
            }
            RescueStep::Closed { result } => serde_json::json!({"step": "closed", "result": result}),
        };
        audit::record(tx, actor, "rescue_step", "rescue", id, None, Some(&what))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::open_rescues_sql;

    /// The rescue list shows each case's rental fault: the breakdown is found down the
    /// index on its rescue case, not by a read of every breakdown for every case listed.
    #[test]
    fn the_rescue_list_finds_each_breakdown_by_its_index() {
        let text = crate::store::query_plan(&open_rescues_sql(), [50]).join("\n");
        assert!(
            text.contains("SEARCH b USING INDEX rental_breakdowns_rescue (rescue_id=?)"),
            "{text}"
        );
        assert!(!text.contains("SCAN b"), "{text}");
    }
}
