//! The hand-overs of a period for the Reports tab, found in SQL like the desk's list
//! (`follow`): each day of the period is given with its deadlines, counted in Rust on the
//! store's calendar, and SQLite reads that day's files from the event-day index. The
//! figures per staff member are counted in SQL; of the files themselves only the late and
//! missing ones are read in full, for the report's lines.

use super::follow::days_with_deadlines;
use super::{StoreError, by_event, query};
use crate::domain::calendar::BusinessCalendar;
use crate::domain::handover::{Handover, HandoverKind};
use chrono::NaiveDate;
use rusqlite::{Connection, params};

/// Every character Rust's `str::trim` takes off (Unicode `White_Space`, the ideographic
/// space among them), for SQL's `trim(x, ?)`: the staff member's name as `Handover::staff`.
pub(super) const WHITE_SPACE: &str = "\u{9}\u{a}\u{b}\u{c}\u{d}\u{20}\u{85}\u{a0}\u{1680}\u{2000}\u{2001}\
\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200a}\u{2028}\u{2029}\u{202f}\
\u{205f}\u{3000}";

/// The files of the period as `files(kind, staff, due, got)`, kind 0 for sales, 1 for repair.
const FILES: &str = concat!(
    "WITH ",
    days_cte!(),
    ",
     files(kind, staff, due, got) AS (
        SELECT 0, s.salesperson, d.sales_due, ",
    received!("s.documents_received"),
    "
        FROM days d CROSS JOIN sales_files s WHERE s.delivery_date = d.day
        UNION ALL
        SELECT 1, r.advisor, d.repair_due, ",
    received!("r.documents_received"),
    "
        FROM days d CROSS JOIN repair_orders r WHERE r.closed = d.day)"
);

/// One staff member's hand-overs of one kind in a period, by standing as of a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffFigures {
    pub kind: HandoverKind,
    /// As `Handover::staff`: trimmed, empty when none was recorded.
    pub staff: String,
    pub due: i64,
    pub on_time: i64,
    pub late: i64,
    pub missing: i64,
    pub not_yet_due: i64,
}

/// The hand-overs of the files whose event falls from `from` to `to`, counted per kind and
/// staff member by standing as of `today` (what `between` would list, counted).
pub fn figures_by_staff(
    conn: &Connection,
    cal: &BusinessCalendar,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<StaffFigures>, StoreError> {
    let days = days_with_deadlines(cal, from, to)?;
    let mut st = conn.prepare_cached(&format!(
        "{FILES} SELECT kind, trim(staff, ?3), count(*),
                count(*) FILTER (WHERE got <= due), count(*) FILTER (WHERE got > due),
                count(*) FILTER (WHERE got IS NULL AND due < ?2),
                count(*) FILTER (WHERE got IS NULL AND due >= ?2)
         FROM files GROUP BY 1, 2"
    ))?;
    let rows = st.query_map(params![days, today.to_string(), WHITE_SPACE], |r| {
        Ok(StaffFigures {
            kind: if r.get::<_, i64>(0)? == 0 {
                HandoverKind::Sales
            } else {
                HandoverKind::Repair
            },
            staff: r.get(1)?,
            due: r.get(2)?,
            on_time: r.get(3)?,
            late: r.get(4)?,
            missing: r.get(5)?,
            not_yet_due: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The late and missing hand-overs of the files whose event falls from `from` to `to`, as
/// of `today`, by event day, kind and id (as `between` orders them). The files are picked
/// from the event-day index; only those are read in full.
pub fn overdue_between(
    conn: &Connection,
    cal: &BusinessCalendar,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Handover>, StoreError> {
    let days = days_with_deadlines(cal, from, to)?;
    let today_text = today.to_string();
    let mut out = Vec::new();
    for kind in [HandoverKind::Sales, HandoverKind::Repair] {
        let (table, event, due, alias) = match kind {
            HandoverKind::Sales => ("sales_files", "delivery_date", "sales_due", "s"),
            HandoverKind::Repair => ("repair_orders", "closed", "repair_due", "r"),
        };
        let filter = format!(
            "WHERE {alias}.id IN (WITH {} SELECT f.id FROM days d CROSS JOIN {table} f
                 WHERE f.{event} = d.day
                   AND ({got} > d.{due} OR ({got} IS NULL AND d.{due} < ?2)))",
            days_cte!(),
            got = received!("f.documents_received"),
        );
        out.extend(query(
            conn,
            kind,
            &filter,
            params![days, today_text],
            cal,
            today,
        )?);
    }
    by_event(&mut out);
    Ok(out)
}
