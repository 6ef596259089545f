//! The hand-overs behind a figure of the Reports tab (the drill-downs of the hand-over
//! report and of the assessment's late hand-overs), picked in SQL like the report counts
//! them (`period`): the period's days with their deadlines, and each day's files kept by
//! kind, staff member and standing from the standing indexes (migration 0021), counted per
//! day without reading a file; then only the days that hold the rows listed are listed, in
//! the order `between` gives, and only those rows are read in full.

use super::follow::{days_json, deadline_days};
use super::{StoreError, by_event, query};
use crate::domain::calendar::BusinessCalendar;
use crate::domain::handover::{Handover, HandoverKind, StandingKind};
use chrono::NaiveDate;
use rusqlite::Connection;

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

/// The characters `trim` takes off a staff member's name in SQL, written as migration
/// 0021's standing indexes write them (so a query's `trim` is read from the index): every
/// character of `WHITE_SPACE`.
pub(super) const TRIM_CHARS: &str = "char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, \
    8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288)";

/// The received day as the standing indexes hold it.
const GOT: &str = received!("f.documents_received");

/// One kind's files of the day `d` that `pick` keeps, `FROM ... WHERE ...` over the
/// kind's standing index (migration 0021, whose day is `day || ''`): a standing is a range
/// of the day's entries and the staff member is read from the index, so no file row is
/// read. `?2` is today, `?3`
/// the staff members (JSON).
fn kept_files(kind: HandoverKind, pick: &Pick) -> String {
    let (table, event, staff, due) = match kind {
        HandoverKind::Sales => ("sales_files", "delivery_date", "salesperson", "sales_due"),
        HandoverKind::Repair => ("repair_orders", "closed", "advisor", "repair_due"),
    };
    let mut sql =
        format!("FROM {table} f INDEXED BY {table}_standing WHERE (f.{event} || '') = d.day");
    if pick.staff.is_some() {
        sql.push_str(&format!(
            " AND trim(f.{staff}, {TRIM_CHARS}) IN (SELECT value FROM json_each(?3))"
        ));
    }
    if !pick.standings.is_empty() {
        let any: Vec<String> = pick
            .standings
            .iter()
            .map(|s| match s {
                StandingKind::OnTime => format!("{GOT} <= d.{due}"),
                StandingKind::Late => format!("{GOT} > d.{due}"),
                StandingKind::Missing => format!("({GOT} IS NULL AND d.{due} < ?2)"),
                StandingKind::NotYetDue => format!("({GOT} IS NULL AND d.{due} >= ?2)"),
            })
            .collect();
        sql.push_str(&format!(" AND ({})", any.join(" OR ")));
    }
    sql
}

/// Runs `sql` with those of `?1` days, `?2` today, `?3` staff and `?4` limit it uses.
fn run<T>(
    conn: &Connection,
    sql: &str,
    args: [&dyn rusqlite::ToSql; 4],
    row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut st = conn.prepare_cached(sql)?;
    let used = st.parameter_count();
    let rows = st.query_map(&args[..used], row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The hand-overs of the files whose event falls from `from` to `to` that `pick` keeps, as
/// of `today`, by event day, kind and id (as `between` orders them): the first `limit` of
/// them (all with None), and how many there are in all. Counted per day from the standing
/// indexes; only the days holding the first `limit` are listed, and only those rows read
/// in full.
pub fn picked(
    conn: &Connection,
    cal: &BusinessCalendar,
    today: NaiveDate,
    (from, to): (NaiveDate, NaiveDate),
    pick: &Pick,
    limit: Option<usize>,
) -> Result<(Vec<Handover>, usize), StoreError> {
    let mut days = deadline_days(cal, from, to);
    // Only the kinds asked for are read.
    let kinds: Vec<HandoverKind> = [HandoverKind::Sales, HandoverKind::Repair]
        .into_iter()
        .filter(|k| pick.kind.is_none_or(|x| x == *k))
        .collect();
    let staff = json(&pick.staff.clone().unwrap_or_default())?;
    let today_text = today.to_string();
    let mut total = None;
    if let Some(limit) = limit {
        // How many each day holds: the total, and the last day the list needs.
        let per_day: Vec<String> = kinds
            .iter()
            .map(|k| format!("(SELECT count(*) {})", kept_files(*k, pick)))
            .collect();
        let counts = run(
            conn,
            &format!(
                "WITH {} SELECT d.day, {} FROM days d",
                days_cte!(),
                per_day.join(" + ")
            ),
            [&days_json(&days)?, &today_text, &staff, &0],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
        )?;
        let counts: std::collections::BTreeMap<String, i64> = counts.into_iter().collect();
        let (mut sum, mut last) = (0, None);
        for (day, n) in &counts {
            if sum < limit as i64 && *n > 0 {
                last = Some(day.clone());
            }
            sum += n;
        }
        total = Some(usize::try_from(sum).unwrap_or(0));
        days.retain(|d| last.as_ref().is_some_and(|l| d[0] <= *l));
    }
    let parts: Vec<String> = kinds
        .iter()
        .map(|k| {
            let event = match k {
                HandoverKind::Sales => "delivery_date",
                HandoverKind::Repair => "closed",
            };
            format!(
                "SELECT '{code}' AS kind, f.id AS id, f.{event} AS event
                 FROM days d CROSS JOIN {}",
                kept_files(*k, pick).trim_start_matches("FROM "),
                code = k.code(),
            )
        })
        .collect();
    let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
    let ids = run(
        conn,
        &format!(
            "WITH {}, files AS ({}) SELECT kind, id FROM files ORDER BY event, kind, id LIMIT ?4",
            days_cte!(),
            parts.join(" UNION ALL ")
        ),
        [&days_json(&days)?, &today_text, &staff, &limit],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
    )?;
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
    let total = total.unwrap_or(out.len());
    Ok((out, total))
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Invalid(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::TRIM_CHARS;
    use crate::store::handover::period::WHITE_SPACE;

    /// The SQL `trim` of the drill-downs takes off what `str::trim` does, written as the
    /// standing indexes write it (else the index would not cover the staff filter).
    #[test]
    fn trim_chars_are_white_space_as_the_indexes_write_them() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let chars: String = conn
            .query_row(&format!("SELECT {TRIM_CHARS}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(chars, WHITE_SPACE);
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        let migration = squeeze(include_str!("../migrations/0021_handover_standing.sql"));
        assert_eq!(migration.matches(&squeeze(TRIM_CHARS)).count(), 2);
    }
}
