//! Drilling into a report: each summary row names the records behind its figures (a
//! [`Drill`]), and [`drill`] lists them — the calls of a template or an agent, the
//! callbacks of a kind, the bookings of a period, the vehicles of a brand, model or age,
//! the customers who came so many times. Lists stop at [`DRILL_LIMIT`] rows (the export
//! has them all); every row names its customer, so the desk can open the file.

use super::Ctx;
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use chrono::NaiveDate;
use rusqlite::Connection;
use rusqlite::types::Value as Sql;
use std::cell::Cell;

mod work;

mod cars;

pub(crate) mod reviews;

/// Rows shown in a drill-down list.
pub const DRILL_LIMIT: usize = 500;

// The plain types live in the domain: `io::sheet` names them too, and the store uses io.
pub use crate::domain::drill::{ApptFilter, Drill, RowKey};

impl ApptFilter {
    /// The SQL condition on `a` (codes are the app's own, never user text).
    fn sql(self) -> String {
        let showed = "a.status IN ('arrived', 'in_service', 'completed')";
        match self {
            ApptFilter::All => "a.status <> 'rescheduled'".into(),
            ApptFilter::Showed => showed.into(),
            ApptFilter::NoShow => "a.status = 'no_show'".into(),
            ApptFilter::ShowedOrNoShow => format!("({showed} OR a.status = 'no_show')"),
            ApptFilter::Cancelled => "a.status = 'cancelled'".into(),
            ApptFilter::Pending => "a.status IN ('booked', 'confirmed', 'reminded')".into(),
            ApptFilter::Overflow => {
                "a.status <> 'rescheduled' AND a.overflow_reason IS NOT NULL".into()
            }
            ApptFilter::Waited => "a.status <> 'rescheduled' AND a.checked_in_at IS NOT NULL
                 AND a.service_started_at IS NOT NULL AND a.service_started_at >= a.checked_in_at"
                .into(),
            ApptFilter::Channel(c) => {
                format!("a.status <> 'rescheduled' AND a.channel = '{}'", c.code())
            }
            ApptFilter::CancelledBy(b) => {
                format!("a.status = 'cancelled' AND a.cancelled_by = '{}'", b.code())
            }
            ApptFilter::Reason(r) => {
                format!(
                    "a.status = 'cancelled' AND a.cancel_reason = '{}'",
                    r.code()
                )
            }
        }
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn cols(lang: Lang, list: &[(&str, &str)]) -> Vec<String> {
    list.iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect()
}

/// An empty sheet with its title and columns in the user's language.
fn titled(lang: Lang, title: String, c: &[(&str, &str)]) -> Sheet {
    Sheet {
        title,
        columns: cols(lang, c),
        ..Default::default()
    }
}

/// The period's bounds as the next two parameters: [from 00:00, to + 1 day 00:00).
fn bounds(ctx: &Ctx<'_>, from: NaiveDate, to: NaiveDate, p: &mut Vec<Sql>) {
    let (a, b) = ctx.bounds(from, to);
    p.push(Sql::Text(a));
    p.push(Sql::Text(b));
}

/// Which rows a list keeps (a condition SQL cannot say, such as a store-local day).
type Keep<'a> = &'a dyn Fn(&rusqlite::Row<'_>) -> rusqlite::Result<bool>;

fn keep_all(_: &rusqlite::Row<'_>) -> rusqlite::Result<bool> {
    Ok(true)
}

/// How many rows a list builds (`first`; None: all), and where it leaves the number of
/// rows it found in all: the rows past `first` are counted, not built, so a cut list's
/// total costs no second query.
#[derive(Clone, Copy)]
pub(super) struct Take<'a> {
    pub first: Option<usize>,
    pub found: &'a Cell<Option<usize>>,
}

/// Runs `sql` (whose first column is the customer id, NULL allowed) and makes each kept
/// row with `cells`, up to `take.first` rows; counts every kept row into `take.found`.
fn list(
    conn: &Connection,
    query: (&str, Vec<Sql>),
    sheet: Sheet,
    take: Take<'_>,
    keep: Keep<'_>,
    cells: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<Vec<Value>>,
) -> Result<Sheet, StoreError> {
    list_counted(conn, query, None, sheet, take, keep, cells)
}

/// `list` where every row is kept and `count` (the same FROM and WHERE, with the same
/// parameters) counts them: a cut list stops at `take.first` rows, and SQLite counts the
/// rest without reading the columns only the list shows.
fn list_counted(
    conn: &Connection,
    (sql, params): (&str, Vec<Sql>),
    count: Option<&str>,
    mut sheet: Sheet,
    take: Take<'_>,
    keep: Keep<'_>,
    cells: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<Vec<Value>>,
) -> Result<Sheet, StoreError> {
    let mut st = conn.prepare(sql)?;
    let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
    let mut found = 0;
    while let Some(r) = rows.next()? {
        if !keep(r)? {
            continue;
        }
        found += 1;
        if take.first.is_some_and(|l| sheet.rows.len() >= l) {
            if let Some(count) = count {
                let n: i64 =
                    conn.query_row(count, rusqlite::params_from_iter(params.iter()), |r| {
                        r.get(0)
                    })?;
                found = usize::try_from(n).unwrap_or(found);
                break;
            }
            continue;
        }
        let customer: Option<i64> = r.get(0)?;
        sheet.rows.push(cells(r)?);
        sheet.keys.push(customer.map(RowKey::Customer));
    }
    take.found.set(Some(found));
    Ok(sheet)
}

/// Lists the records behind a row, the first [`DRILL_LIMIT`] of them.
pub fn drill(conn: &Connection, d: &Drill, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    drill_up_to(conn, d, ctx, Some(DRILL_LIMIT))
}

/// Lists every record behind a row (for an export).
pub fn drill_all(conn: &Connection, d: &Drill, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    drill_up_to(conn, d, ctx, None)
}

/// The first `limit` records (all with `None`); when there are more, the sheet keeps
/// `limit` rows and its first note says so, with the total.
fn drill_up_to(
    conn: &Connection,
    d: &Drill,
    ctx: &Ctx<'_>,
    limit: Option<usize>,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    // One row more than the limit tells whether the list is cut.
    let found = Cell::new(None);
    let take = |first| Take {
        first,
        found: &found,
    };
    let mut out = records(conn, d, ctx, take(limit.map(|l| l + 1)))?;
    let note = match limit.filter(|l| out.rows.len() > *l) {
        Some(l) => {
            out.rows.truncate(l);
            out.keys.truncate(l);
            out.cells.retain(|(row, _), _| *row < l);
            // Lists made by `list` counted every row; the others are made again in full.
            let total = match found.get() {
                Some(n) => n,
                None => records(conn, d, ctx, take(None))?.rows.len(),
            };
            match lang {
                Lang::Zh => format!("共 {total} 条，只列出前 {l} 条（Enter 打开；导出可得全部）"),
                Lang::En => format!(
                    "{total} rows; the first {l} listed (Enter opens one; an export has all)"
                ),
            }
        }
        None => match lang {
            Lang::Zh => format!("共 {} 条（Enter 打开）", out.rows.len()),
            Lang::En => format!(
                "{} (Enter opens one)",
                lang.count(out.rows.len(), "条", "row", "rows")
            ),
        },
    };
    out.notes.insert(0, note);
    Ok(out)
}

fn records(
    conn: &Connection,
    d: &Drill,
    ctx: &Ctx<'_>,
    limit: Take<'_>,
) -> Result<Sheet, StoreError> {
    let out = match d {
        Drill::Calls {
            from,
            to,
            template,
            agent,
        } => work::calls(conn, ctx, limit, (from, to, template, agent))?,
        Drill::Handover {
            from,
            to,
            kind,
            staff,
            standing,
        } => crate::store::reports::handover::list(
            conn,
            ctx,
            limit,
            (*from, *to, *kind, staff.as_deref(), *standing),
        )?,
        Drill::Callbacks {
            from,
            to,
            kind,
            status,
            agent,
            on_time,
            attributed,
        } => work::callbacks(
            conn,
            ctx,
            limit,
            (from, to, kind, status, agent, on_time, attributed),
        )?,
        Drill::Appointments { from, to, filter } => {
            work::appointments(conn, ctx, limit, (from, to, filter))?
        }
        Drill::Complaints {
            from,
            to,
            category,
            station,
            handler,
            closed,
            assigned,
            kept,
        } => work::complaints(
            conn,
            ctx,
            limit,
            (from, to, category, station, handler, closed, assigned, kept),
        )?,
        Drill::Vehicles {
            asof,
            brand,
            model,
            age,
        } => cars::vehicles(conn, ctx, (*asof, brand, model, *age), limit)?,
        Drill::Reviews {
            from,
            to,
            agent,
            fatal,
        } => reviews::reviews(conn, ctx, limit, (from, to, agent, fatal))?,
        Drill::LateHandovers { from, to, agent } => {
            reviews::late_handovers(conn, ctx, limit, (*from, *to, *agent))?
        }
        Drill::Visits { from, to, min, max } => {
            cars::visits(conn, ctx, (*from, *to, *min, *max), limit)?
        }
    };
    Ok(out)
}
