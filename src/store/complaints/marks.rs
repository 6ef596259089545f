//! A complaint's wall-clock SLA marks (migration 0022): worked out from its log whenever an
//! event is written, so reports can judge "every deadline kept" in SQL (`KEPT`).

use super::events;
use crate::domain::complaints::wall_marks;
use crate::store::StoreError;
use rusqlite::{Connection, params};

/// Works out complaint `id`'s marks from its log as stored and writes them.
pub(super) fn refresh(tx: &Connection, id: i64) -> Result<(), StoreError> {
    let m = wall_marks(&events(tx, id)?);
    tx.prepare_cached(
        "UPDATE complaints SET sla_seen_ns = ?1, sla_received_ns = ?2, sla_contact_ns = ?3,
            sla_assign_ns = ?4, sla_resolve_ns = ?5, sla_resolve_from_ns = ?6 WHERE id = ?7",
    )?
    .execute(params![
        m.map(|m| m.seen),
        m.and_then(|m| m.received),
        m.and_then(|m| m.contact),
        m.and_then(|m| m.assign),
        m.map(|m| m.resolve),
        m.and_then(|m| m.resolve_from),
        id
    ])?;
    Ok(())
}

/// Migration 0022's step: the marks of every complaint on file.
pub fn backfill(tx: &Connection) -> rusqlite::Result<()> {
    let ids: Vec<i64> = tx
        .prepare("SELECT id FROM complaints")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in ids {
        refresh(tx, id).map_err(|e| match e {
            StoreError::Sqlite(e) => e,
            other => rusqlite::Error::UserFunctionError(format!("{other:?}").into()),
        })?;
    }
    Ok(())
}

/// The condition, on `complaints c`, that the complaint kept every deadline as of now
/// with the deadlines in force in wall-clock time, given as the parameters from `?n` on
/// (see [`kept_args`]): each clock's time used (stopped, or running up to now) is within
/// its limit, as `domain::complaints::clocks` judges it. NULL when the marks cannot say
/// (none, or the log has events after now): such a complaint is judged from its log.
pub fn kept_sql(n: usize) -> String {
    let [now, fc, ah, rg, rm] = [0, 1, 2, 3, 4].map(|i| format!("?{}", n + i));
    format!(
        "CASE WHEN c.sla_seen_ns IS NULL OR c.sla_seen_ns > {now} THEN NULL
         WHEN c.sla_received_ns IS NULL THEN 1
         ELSE coalesce(c.sla_contact_ns, max(0, {now} - c.sla_received_ns)) <= {fc}
          AND coalesce(c.sla_assign_ns, max(0, {now} - c.sla_received_ns)) <= {ah}
          AND c.sla_resolve_ns + coalesce(max(0, {now} - c.sla_resolve_from_ns), 0)
              <= CASE c.severity WHEN 'major' THEN {rm} ELSE {rg} END END"
    )
}

/// The parameters of [`kept_sql`]: now and the limits, in nanoseconds. None when the
/// deadlines count business hours (the marks are wall-clock) or a time is out of reach.
pub fn kept_args(
    now: chrono::DateTime<chrono::Utc>,
    sla: &crate::domain::complaints::SlaSettings,
) -> Option<[i64; 5]> {
    if sla.business_hours {
        return None;
    }
    Some([
        now.timestamp_nanos_opt()?,
        sla.first_contact.num_nanoseconds()?,
        sla.assign_handler.num_nanoseconds()?,
        sla.resolve_general.num_nanoseconds()?,
        sla.resolve_major.num_nanoseconds()?,
    ])
}
