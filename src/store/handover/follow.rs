//! The hand-overs the desk follows up, found in SQL: each day of the window is given with its
//! deadlines (the calendar's working days are Rust's to count), and SQLite picks the files
//! of that day not handed over by them from the event-day index alone, counts them by
//! standing, and sorts and limits them; only the rows shown are read in full.

use super::{StoreError, query};
use crate::domain::calendar::BusinessCalendar;
use crate::domain::handover::{Handover, HandoverKind, StandingKind, follow_order};
use chrono::{Days, NaiveDate};
use rusqlite::{Connection, params};

/// How many hand-overs `to_follow` found of each standing (before its limit).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub missing: usize,
    pub late: usize,
    pub not_yet_due: usize,
}

impl Tally {
    pub fn of(list: &[Handover]) -> Tally {
        let mut t = Tally::default();
        for h in list {
            match h.standing.kind() {
                StandingKind::Missing => t.missing += 1,
                StandingKind::Late => t.late += 1,
                StandingKind::NotYetDue => t.not_yet_due += 1,
                StandingKind::OnTime => {}
            }
        }
        t
    }
    pub fn total(self) -> usize {
        self.missing + self.late + self.not_yet_due
    }
}

/// The window's files not handed over on time, as `open(kind, id, event, due, received)`:
/// received after the deadline, or not yet (missing once the deadline has passed). `?1` is
/// the window's days, a JSON array of `[day, sales deadline, repair deadline]`. Each day is
/// looked up in the event-day index that also holds the received day (migration 0019), so
/// no file row is read. Dates are stored as `YYYY-MM-DD`, so text order is day order; a
/// received day that is not one reads as not received (`received!`).
const OPEN: &str = concat!(
    "WITH ",
    days_cte!(),
    ",
     open(kind, id, event, due, received) AS (
        SELECT 'sales', s.id, s.delivery_date, d.sales_due, ",
    received!("s.documents_received"),
    "
        FROM days d CROSS JOIN sales_files s
        WHERE s.delivery_date = d.day
          AND (",
    received!("s.documents_received"),
    " IS NULL OR ",
    received!("s.documents_received"),
    " > d.sales_due)
        UNION ALL
        SELECT 'repair', r.id, r.closed, d.repair_due, ",
    received!("r.documents_received"),
    "
        FROM days d CROSS JOIN repair_orders r
        WHERE r.closed = d.day
          AND (",
    received!("r.documents_received"),
    " IS NULL OR ",
    received!("r.documents_received"),
    " > d.repair_due))"
);

/// The days from `from` to `to` with their deadlines, as the JSON array of
/// `[day, sales deadline, repair deadline]` the queries read (`?1` of `OPEN`): the
/// calendar's working days are counted here, once per day, not per file.
pub(super) fn days_with_deadlines(
    cal: &BusinessCalendar,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<String, StoreError> {
    days_json(&deadline_days(cal, from, to))
}

/// The days from `from` to `to`, each `[day, sales deadline, repair deadline]`.
pub(super) fn deadline_days(
    cal: &BusinessCalendar,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<[String; 3]> {
    from.iter_days()
        .take_while(|d| *d <= to)
        .map(|d| {
            [
                d.to_string(),
                HandoverKind::Sales.deadline(d, cal).to_string(),
                HandoverKind::Repair.deadline(d, cal).to_string(),
            ]
        })
        .collect()
}

/// Days with their deadlines as the JSON array the queries read as `?1`.
pub(super) fn days_json(days: &[[String; 3]]) -> Result<String, StoreError> {
    serde_json::to_string(days).map_err(|e| StoreError::Invalid(e.to_string()))
}

/// What the desk follows up: the hand-overs of the last `window_days` days that are
/// missing (overdue), late, or still open inside their allowance, in the desk's order
/// (`handover::follow_order`: missing, then open, then received late), at most `limit` of
/// them, and how many there were of each standing in all.
pub fn to_follow(
    conn: &Connection,
    cal: &BusinessCalendar,
    today: NaiveDate,
    window_days: u64,
    limit: usize,
) -> Result<(Vec<Handover>, Tally), StoreError> {
    let days = days_with_deadlines(cal, today - Days::new(window_days), today)?;
    let today_text = today.to_string();
    let count = |n: i64| usize::try_from(n).unwrap_or(0);
    let tally = conn
        .prepare_cached(&format!(
            "{OPEN} SELECT count(*) FILTER (WHERE received IS NULL AND due < ?2),
                    count(received),
                    count(*) FILTER (WHERE received IS NULL AND due >= ?2)
             FROM open"
        ))?
        .query_row(params![days, today_text], |r| {
            Ok(Tally {
                missing: count(r.get(0)?),
                late: count(r.get(1)?),
                not_yet_due: count(r.get(2)?),
            })
        })?;
    let mut st = conn.prepare_cached(&format!(
        "{OPEN} SELECT kind, id FROM open
         ORDER BY CASE WHEN received IS NOT NULL THEN 2 WHEN due < ?3 THEN 0 ELSE 1 END,
                  CASE WHEN received IS NULL THEN due END, due DESC, event, kind, id
         LIMIT ?2"
    ))?;
    let picked = st
        .query_map(
            params![days, i64::try_from(limit).unwrap_or(i64::MAX), today_text],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
        )?
        .collect::<Result<Vec<_>, _>>()?;
    // The rows shown, read in full by id (at most `limit` of them), in the same order.
    let mut out = Vec::with_capacity(picked.len());
    for kind in [HandoverKind::Sales, HandoverKind::Repair] {
        let ids: Vec<i64> = picked
            .iter()
            .filter(|(k, _)| k == kind.code())
            .map(|(_, id)| *id)
            .collect();
        if ids.is_empty() {
            continue;
        }
        let ids = serde_json::to_string(&ids).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let filter = match kind {
            HandoverKind::Sales => "WHERE s.id IN (SELECT value FROM json_each(?1))",
            HandoverKind::Repair => "WHERE r.id IN (SELECT value FROM json_each(?1))",
        };
        out.extend(query(conn, kind, filter, [ids], cal, today)?);
    }
    out.sort_by(follow_order);
    Ok((out, tally))
}
