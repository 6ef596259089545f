//! A complaint's SLA marks: worked out from its log whenever an event is written, so
//! reports can judge "every deadline kept" in SQL ([`Kept`]). Wall-clock marks (migration
//! 0022) judge wall-clock deadlines; the same marks in business time (migration 0024, with
//! the fingerprint of the calendar, hours and zone they were read under) judge
//! business-hours deadlines when that calendar is the one in force.

use super::{COLS, ComplaintRow, LIST_ORDER, OPEN, events, row};
use crate::domain::calendar::{BusinessCalendar, BusinessHours, BusinessTime};
use crate::domain::complaints::{
    ClockKind, Severity, SlaMarks, SlaSettings, business_marks, wall_marks,
};
use crate::store::StoreError;
use rusqlite::{Connection, params};

/// Works out complaint `id`'s marks from its log as stored and writes them, the business
/// ones read by `time` (the calendar in force where the event is written).
pub(super) fn refresh(tx: &Connection, id: i64, time: &BusinessTime) -> Result<(), StoreError> {
    let log = events(tx, id)?;
    write_wall(tx, id, &log)?;
    write_business(tx, id, &log, time)
}

fn write_wall(
    tx: &Connection,
    id: i64,
    log: &[crate::domain::complaints::Event],
) -> Result<(), StoreError> {
    let m = wall_marks(log);
    write(tx, id, ("sla_seen_ns", m.map(|m| m.seen)), "", m)
}

/// The business marks, with `time`'s fingerprint (NULL when an instant is out of its reach:
/// such a complaint is judged from its log).
fn write_business(
    tx: &Connection,
    id: i64,
    log: &[crate::domain::complaints::Event],
    time: &BusinessTime,
) -> Result<(), StoreError> {
    let m = business_marks(log, time);
    let fingerprint = m.map(|_| time.fingerprint());
    write(tx, id, ("sla_bcal", fingerprint), "b_", m)
}

/// Writes marks `m` into the columns `sla_{b}received_ns`… (`b`: "" wall-clock, "b_"
/// business time), and `column` (`sla_seen_ns`, `sla_bcal`) set to `value` beside them.
fn write(
    tx: &Connection,
    id: i64,
    (column, value): (&str, Option<i64>),
    b: &str,
    m: Option<SlaMarks>,
) -> Result<(), StoreError> {
    tx.prepare_cached(&format!(
        "UPDATE complaints SET {column} = ?1, sla_{b}received_ns = ?2, sla_{b}contact_ns = ?3,
            sla_{b}assign_ns = ?4, sla_{b}resolve_ns = ?5, sla_{b}resolve_from_ns = ?6
         WHERE id = ?7"
    ))?
    .execute(params![
        value,
        m.and_then(|m| m.received),
        m.and_then(|m| m.contact),
        m.and_then(|m| m.assign),
        m.map(|m| m.resolve),
        m.and_then(|m| m.resolve_from),
        id
    ])?;
    Ok(())
}

fn ids(tx: &Connection, sql: &str, p: &[i64]) -> rusqlite::Result<Vec<i64>> {
    tx.prepare(sql)?
        .query_map(rusqlite::params_from_iter(p), |r| r.get(0))?
        .collect()
}

fn sqlite_error(e: StoreError) -> rusqlite::Error {
    match e {
        StoreError::Sqlite(e) => e,
        other => rusqlite::Error::UserFunctionError(format!("{other:?}").into()),
    }
}

/// Migration 0022's step: the wall-clock marks of every complaint on file.
pub fn backfill(tx: &Connection) -> rusqlite::Result<()> {
    for id in ids(tx, "SELECT id FROM complaints", &[])? {
        write_wall(tx, id, &events(tx, id).map_err(sqlite_error)?).map_err(sqlite_error)?;
    }
    Ok(())
}

/// Migration 0024's step: the business marks of every complaint on file, under the
/// store's own calendar ([`store_time`]).
pub fn backfill_business(tx: &Connection) -> rusqlite::Result<()> {
    rebase(tx, &store_time(tx)).map(drop).map_err(sqlite_error)
}

/// Reads again, under `time`, the business marks of the complaints read under another
/// calendar (or none): after the store's calendar or zone changed, so the new one judges
/// in SQL again. Returns how many were read.
pub fn rebase(tx: &Connection, time: &BusinessTime) -> Result<usize, StoreError> {
    let stale = ids(
        tx,
        "SELECT id FROM complaints WHERE sla_bcal IS NOT ?1",
        &[time.fingerprint()],
    )?;
    for &id in &stale {
        write_business(tx, id, &events(tx, id)?, time)?;
    }
    Ok(stale.len())
}

/// Takes `time` as `db`'s business clock ([`Db::business_time`](crate::store::Db)) and,
/// when complaints on file have business marks read under another (a new calendar or zone
/// was installed), reads them again under it ([`rebase`]), so the calendar in force judges
/// in SQL. Returns how many were read again.
pub fn follow(db: &mut crate::store::Db, time: BusinessTime) -> Result<usize, StoreError> {
    let stale: bool = db.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM complaints WHERE sla_bcal IS NOT ?1)",
        [time.fingerprint()],
        |r| r.get(0),
    )?;
    db.set_business_time(time);
    if !stale {
        return Ok(0);
    }
    let time = db.business_time();
    db.write(|tx| rebase(tx, &time))
}

/// The store's own business clock, as a command or app that loads no setup has it: the
/// store's installed `calendar.toml` (else the built-in one), business hours, and the zone
/// its installed `store.toml` names (else Asia/Shanghai, the configuration's default).
pub fn store_time(conn: &Connection) -> BusinessTime {
    let stored = |file: &str| {
        crate::store::settings::present(conn)
            .then(|| crate::store::settings::get(conn, &format!("file.{file}")).ok())
            .flatten()
            .flatten()
    };
    let calendar = match stored("calendar.toml") {
        Some(text) => BusinessCalendar::with_overrides_text(&text, "calendar.toml").0,
        None => BusinessCalendar::builtin(),
    };
    let tz = stored("store.toml")
        .and_then(|t| {
            crate::domain::appointments::StoreSetup::with_override_text(&t, "store.toml")
                .0
                .timezone
        })
        .unwrap_or(chrono_tz::Asia::Shanghai);
    BusinessTime::new(&calendar, BusinessHours::default(), tz)
}

/// How the marks judge "every deadline kept" as of a moment: the readings of now and the
/// limits, wall-clock or business time (see [`kept`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    business: bool,
    args: Vec<i64>,
}

/// The marks' judgement as of `now` with the deadlines `sla` in force; business-hours
/// deadlines are read by `time` (the calendar in force: marks read under another are not
/// used). None when a time or limit is out of reach.
pub fn kept(
    now: chrono::DateTime<chrono::Utc>,
    sla: &SlaSettings,
    time: &BusinessTime,
) -> Option<Kept> {
    let hours = time.hours();
    let limit = |kind, severity| sla.counted_limit(kind, severity, &hours).num_nanoseconds();
    let limits = [
        limit(ClockKind::FirstContact, Severity::General)?,
        limit(ClockKind::AssignHandler, Severity::General)?,
        limit(ClockKind::Resolve, Severity::General)?,
        limit(ClockKind::Resolve, Severity::Major)?,
    ];
    let mut args = vec![now.timestamp_nanos_opt()?];
    if sla.business_hours {
        args.extend([time.at(now)?, time.fingerprint()]);
    }
    args.extend(limits);
    Some(Kept {
        business: sla.business_hours,
        args,
    })
}

impl Kept {
    /// The parameters of [`Kept::sql`], in order.
    pub fn args(&self) -> &[i64] {
        &self.args
    }

    /// The condition, on `complaints c`, that the complaint kept every deadline as of now,
    /// given [`Kept::args`] as the parameters from `?n` on: each clock's time used (stopped,
    /// or running up to now) is within its limit, as `domain::complaints::clocks` judges it.
    /// NULL when the marks cannot say (none, the log has events after now, or business marks
    /// read under another calendar): such a complaint is judged from its log.
    pub fn sql(&self, n: usize) -> String {
        let p = |i: usize| format!("?{}", n + i);
        let (now, fc, ah, rg, rm) = if self.business {
            (p(1), p(3), p(4), p(5), p(6))
        } else {
            (p(0), p(1), p(2), p(3), p(4))
        };
        let (b, other) = if self.business {
            ("b_", format!(" OR c.sla_bcal IS NOT {}", p(2)))
        } else {
            ("", String::new())
        };
        format!(
            "CASE WHEN c.sla_seen_ns IS NULL OR c.sla_seen_ns > {wall}{other} THEN NULL
             WHEN c.sla_{b}received_ns IS NULL THEN 1
             ELSE coalesce(c.sla_{b}contact_ns, max(0, {now} - c.sla_{b}received_ns)) <= {fc}
              AND coalesce(c.sla_{b}assign_ns, max(0, {now} - c.sla_{b}received_ns)) <= {ah}
              AND c.sla_{b}resolve_ns + coalesce(max(0, {now} - c.sla_{b}resolve_from_ns), 0)
                  <= CASE c.severity WHEN 'major' THEN {rm} ELSE {rg} END END",
            wall = p(0)
        )
    }
}

/// What `frontdesk complaints --overdue` judges: the first `limit` open complaints as
/// `list(Show::Open, None, _, limit)` lists them, less those whose marks say, as of
/// `kept` (see [`kept`]), that every deadline is kept: an overdue clock is a missed
/// one, so none of those is overdue. With `kept` None, all of them.
/// Reads the open complaints through the status index, not the whole table.
pub fn overdue_candidates(
    conn: &Connection,
    limit: usize,
    kept: Option<&Kept>,
) -> Result<Vec<ComplaintRow>, StoreError> {
    let mut st = conn.prepare_cached(&candidates_sql(limit, kept))?;
    let args = kept.map_or(&[][..], Kept::args);
    let rows = st.query_map(rusqlite::params_from_iter(args), row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// [`overdue_candidates`]' statement (`kept`: with the marks' condition, from `?1`).
fn candidates_sql(limit: usize, kept: Option<&Kept>) -> String {
    let cond = match kept {
        Some(k) => format!("({}) IS NOT 1", k.sql(1)),
        None => "1 = 1".into(),
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

    /// The open complaints are read from the status index (each open status looked up),
    /// never by scanning every complaint ever filed.
    #[test]
    fn the_candidates_are_read_through_the_status_index() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::store::Db::open(&dir.path().join("store.db")).unwrap();
        let time = store_time(db.conn());
        let now = chrono::Utc::now();
        let sla = |business_hours| SlaSettings {
            business_hours,
            ..SlaSettings::default()
        };
        let [wall, business] = [false, true].map(|b| kept(now, &sla(b), &time));
        assert_eq!(wall.as_ref().map(|k| k.args().len()), Some(5));
        assert_eq!(business.as_ref().map(|k| k.args().len()), Some(7));
        for kept in [wall.as_ref(), business.as_ref(), None] {
            let args = kept.map_or(&[][..], Kept::args);
            let text = crate::store::query_plan(
                &candidates_sql(5000, kept),
                rusqlite::params_from_iter(args),
            )
            .join("\n");
            assert!(!text.contains("SCAN c"), "{text}");
            assert!(
                text.contains("SEARCH c USING COVERING INDEX complaints_status (status=?)"),
                "{text}"
            );
        }
    }
}
