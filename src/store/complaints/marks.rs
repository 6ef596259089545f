//! A complaint's wall-clock SLA marks (migration 0022): worked out from its log whenever an
//! event is written, so reports can judge "every deadline kept" in SQL (`KEPT`).

use super::{COLS, ComplaintRow, LIST_ORDER, OPEN, events, row};
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

/// What `frontdesk complaints --overdue` judges: the first `limit` open complaints as
/// `list(Show::Open, None, _, limit)` lists them, less those whose marks say, as of
/// `kept` (see [`kept_args`]), that every deadline is kept: an overdue clock is a missed
/// one, so none of those is overdue. With `kept` None (business hours), all of them.
/// Reads the open complaints through the status index, not the whole table.
pub fn overdue_candidates(
    conn: &Connection,
    limit: usize,
    kept: Option<[i64; 5]>,
) -> Result<Vec<ComplaintRow>, StoreError> {
    let mut st = conn.prepare_cached(&candidates_sql(limit, kept.is_some()))?;
    let rows = match kept {
        Some(args) => st.query_map(args, row)?,
        None => st.query_map([], row)?,
    };
    Ok(rows.collect::<Result<_, _>>()?)
}

/// [`overdue_candidates`]' statement (`kept`: with the marks' condition, `?1`..`?5`).
fn candidates_sql(limit: usize, kept: bool) -> String {
    let cond = if kept {
        format!("({}) IS NOT 1", kept_sql(1))
    } else {
        "1 = 1".into()
    };
    format!(
        "WITH o AS (SELECT c.id FROM complaints c INDEXED BY complaints_status WHERE {OPEN}
                    ORDER BY {LIST_ORDER} LIMIT {})
         SELECT {COLS} FROM o JOIN complaints c ON c.id = o.id
         LEFT JOIN customers cu ON cu.id = c.customer_id
         LEFT JOIN vehicles v ON v.id = c.vehicle_id LEFT JOIN agents g ON g.id = c.handler_id
         WHERE {cond} ORDER BY {LIST_ORDER}",
        limit.min(5000)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The open complaints are read from the status index (two ranges either side of
    /// 'closed'), never by scanning every complaint ever filed.
    #[test]
    fn the_candidates_are_read_through_the_status_index() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::store::Db::open(&dir.path().join("store.db")).unwrap();
        for kept in [true, false] {
            let sql = format!("EXPLAIN QUERY PLAN {}", candidates_sql(5000, kept));
            let mut st = db.conn().prepare(&sql).unwrap();
            let n = if kept { 5 } else { 0 };
            let plan: Vec<String> = st
                .query_map(rusqlite::params_from_iter(vec![0i64; n]), |r| r.get(3))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let text = plan.join("\n");
            assert!(!text.contains("SCAN c"), "{text}");
            assert!(
                text.contains("SEARCH c USING COVERING INDEX complaints_status (status<?)")
                    && text.contains("SEARCH c USING COVERING INDEX complaints_status (status>?)"),
                "{text}"
            );
        }
    }
}
