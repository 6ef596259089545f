//! The hand-overs behind a figure of the Reports tab (the drill-downs of the hand-over
//! report and of the assessment's late hand-overs), picked in SQL like the report counts
//! them (`period`): the period's days with their deadlines, the files of each day from the
//! event-day index, kept by kind, staff member and standing, ordered as `between` orders
//! them, counted and limited in SQL. Only the rows listed are read in full.

use super::follow::days_with_deadlines;
use super::period::WHITE_SPACE;
use super::{StoreError, by_event, query};
use crate::domain::calendar::BusinessCalendar;
use crate::domain::handover::{Handover, HandoverKind, StandingKind};
use chrono::NaiveDate;
use rusqlite::{Connection, params};

/// Which hand-overs of a period to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pick {
    /// Of this kind only.
    pub kind: Option<HandoverKind>,
    /// Owed by one of these staff members, each compared whole with `Handover::staff`
    /// (trimmed; `""` is none recorded). None: by anyone; an empty list: by no one.
    pub staff: Option<Vec<String>>,
    /// Of these standings (as of the day asked); empty: of any.
    pub standings: Vec<StandingKind>,
}

impl Pick {
    /// Whether `h` is one of them: the same rule in Rust, file by file.
    pub fn keeps(&self, h: &Handover) -> bool {
        self.kind.is_none_or(|k| h.kind == k)
            && self.staff.as_ref().is_none_or(|s| s.contains(&h.staff))
            && (self.standings.is_empty() || self.standings.contains(&h.standing.kind()))
    }
}

fn standing_code(s: StandingKind) -> &'static str {
    match s {
        StandingKind::OnTime => "on_time",
        StandingKind::Late => "late",
        StandingKind::Missing => "missing",
        StandingKind::NotYetDue => "not_yet_due",
    }
}

/// The hand-overs of the files whose event falls from `from` to `to` that `pick` keeps, as
/// of `today`, by event day, kind and id (as `between` orders them): the first `limit` of
/// them (all with None), and how many there are in all.
pub fn picked(
    conn: &Connection,
    cal: &BusinessCalendar,
    today: NaiveDate,
    (from, to): (NaiveDate, NaiveDate),
    pick: &Pick,
    limit: Option<usize>,
) -> Result<(Vec<Handover>, usize), StoreError> {
    let days = days_with_deadlines(cal, from, to)?;
    // Only the kinds asked for are read.
    let mut parts = Vec::new();
    for kind in [HandoverKind::Sales, HandoverKind::Repair] {
        if pick.kind.is_some_and(|k| k != kind) {
            continue;
        }
        let (table, event, staff, due) = match kind {
            HandoverKind::Sales => ("sales_files", "delivery_date", "salesperson", "sales_due"),
            HandoverKind::Repair => ("repair_orders", "closed", "advisor", "repair_due"),
        };
        parts.push(format!(
            "SELECT '{code}' AS kind, f.id AS id, f.{event} AS event, d.{due} AS due,
                    {got} AS got, f.{staff} AS staff
             FROM days d CROSS JOIN {table} f WHERE f.{event} = d.day",
            code = kind.code(),
            got = received!("f.documents_received"),
        ));
    }
    let mut keep = Vec::new();
    if pick.staff.is_some() {
        keep.push("trim(staff, ?3) IN (SELECT value FROM json_each(?4))");
    }
    if !pick.standings.is_empty() {
        keep.push(
            "CASE WHEN got <= due THEN 'on_time' WHEN got > due THEN 'late'
                  WHEN due < ?2 THEN 'missing' ELSE 'not_yet_due' END
             IN (SELECT value FROM json_each(?5))",
        );
    }
    let sql = format!(
        "WITH {}, files AS ({})
         SELECT kind, id, count(*) OVER () FROM files {} {}
         ORDER BY event, kind, id LIMIT ?6",
        days_cte!(),
        parts.join(" UNION ALL "),
        if keep.is_empty() { "" } else { "WHERE" },
        keep.join(" AND ")
    );
    let staff = json(&pick.staff.clone().unwrap_or_default())?;
    let standings: Vec<&str> = pick.standings.iter().map(|s| standing_code(*s)).collect();
    let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
    let mut st = conn.prepare_cached(&sql)?;
    let mut total = 0;
    let ids = st
        .query_map(
            params![
                days,
                today.to_string(),
                WHITE_SPACE,
                staff,
                json(&standings)?,
                limit
            ],
            |r| {
                total = r.get::<_, i64>(2)?;
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            },
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for kind in [HandoverKind::Sales, HandoverKind::Repair] {
        let of: Vec<i64> = ids
            .iter()
            .filter(|(k, _)| k == kind.code())
            .map(|(_, id)| *id)
            .collect();
        if of.is_empty() {
            continue;
        }
        let filter = match kind {
            HandoverKind::Sales => "WHERE s.id IN (SELECT value FROM json_each(?1))",
            HandoverKind::Repair => "WHERE r.id IN (SELECT value FROM json_each(?1))",
        };
        out.extend(query(conn, kind, filter, [json(&of)?], cal, today)?);
    }
    by_event(&mut out);
    Ok((out, usize::try_from(total).unwrap_or(0)))
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Invalid(e.to_string()))
}
