//! The planner: creates the tasks that are due from the archive, idempotently (one task
//! per kind, source row and period; running it again creates nothing new), from indexed
//! date-range queries (`callbacks/sources.rs`).
//!
//! Each run also moves pending tasks whose source date was edited (or whose rule changed),
//! closes those whose source is gone or was done elsewhere, skips tasks of customers who
//! may not be contacted (and reopens them when that changes), and ends tasks past their
//! window. The whole run is one write transaction.

use super::sources::{create, task_group};
use super::{blocked_sql, date_str, parse_day};
use crate::clock::{from_db, to_db};
use crate::domain::calendar::BusinessCalendar;
use crate::domain::callbacks::{self as dc, Kind, Reason, Rule, Rules, Timing, Window};
use crate::store::{Actor, Db, StoreError, audit};
use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use rusqlite::{Connection, params};
use std::collections::BTreeMap;

/// What one planning run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanReport {
    /// New tasks to work, per kind.
    pub created: BTreeMap<Kind, usize>,
    /// New tasks stored as skipped (do-not-contact, no reachable number, …), per kind.
    pub skipped: BTreeMap<Kind, usize>,
    /// Pending tasks moved because their source date changed (or the rule did).
    pub moved: usize,
    /// Pending tasks closed because their source is gone or was done elsewhere.
    pub closed: usize,
    /// Pending tasks skipped because the customer may no longer be contacted.
    pub newly_skipped: usize,
    /// Skipped tasks reopened because the customer may be contacted again.
    pub reopened: usize,
    /// Tasks whose window ended untried.
    pub expired: usize,
    /// Tasks whose window ended after unanswered tries.
    pub failed: usize,
}

impl PlanReport {
    pub fn created_total(&self) -> usize {
        self.created.values().sum()
    }
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }
    /// Whether the run changed anything.
    pub fn changed(&self) -> bool {
        self.created_total()
            + self.skipped_total()
            + self.moved
            + self.closed
            + self.newly_skipped
            + self.reopened
            + self.expired
            + self.failed
            > 0
    }
}

pub(super) struct Ctx<'a> {
    pub(super) today: NaiveDate,
    pub(super) tz: Tz,
    pub(super) rules: &'a Rules,
    pub(super) cal: &'a BusinessCalendar,
    pub(super) ahead: i64,
    pub(super) actor: Actor,
    pub(super) store_id: String,
}

/// A task the data calls for.
pub(super) struct Cand {
    pub(super) customer_id: Option<i64>,
    pub(super) vehicle_id: Option<i64>,
    pub(super) source_table: &'static str,
    pub(super) source_id: i64,
    pub(super) period: String,
    pub(super) window: Window,
    pub(super) assign_to: Option<i64>,
    /// The channel when the source names one (an event's invitations), else the rule's.
    pub(super) channel: Option<dc::Channel>,
}

/// What a pending task's source says now.
enum Fresh {
    At(Window, String),
    Gone,
    DoneElsewhere,
}

/// Plans the callbacks for `today` (store-local) and the `plan_ahead_days` after it.
pub fn plan(
    db: &mut Db,
    actor: Actor,
    today: NaiveDate,
    tz: Tz,
    rules: &Rules,
    cal: &BusinessCalendar,
) -> Result<PlanReport, StoreError> {
    let ctx = Ctx {
        today,
        tz,
        rules,
        cal,
        ahead: rules.settings.plan_ahead_days,
        actor,
        store_id: db.store_id().to_string(),
    };
    let mut report = PlanReport::default();
    // One write transaction for the whole run: one commit (and one sync) instead of one
    // per rule, and a run that stops half way leaves nothing half planned.
    with_cache(db, PLAN_CACHE_KIB, PLAN_MMAP_BYTES, |db| {
        db.write(|tx| {
            refresh(tx, &ctx, &mut report)?;
            for rule in rules.rules.iter().filter(|r| r.enabled) {
                create(tx, &ctx, rule, &mut report)?;
            }
            contacts(tx, &ctx, &mut report)?;
            expire(tx, &ctx, &mut report)?;
            if report.changed() {
                audit::record(
                    tx,
                    actor,
                    "plan",
                    "callback_plan",
                    0,
                    None,
                    Some(&plan_json(today, &report)),
                )?;
            }
            Ok(())
        })
    })?;
    Ok(report)
}

/// SQLite's page cache while planning, in KiB. The default 2 MB holds a sliver of a large
/// store: every page the run touches again (a greeting for each of 100,000 customers goes
/// into five indexes) was read back from the file, most of the run's time.
const PLAN_CACHE_KIB: i64 = 64 * 1024;

/// How much of the file the run reads through a memory map, in bytes. The run reads tens
/// of thousands of pages once (the pending tasks and their sources, every customer); read
/// one by one they are each a system call and a copy, a fifth of a run that plans nothing
/// new on the 100,000-customer demo store. Only reads go through the map (SQLite writes
/// with ordinary calls), and only while planning.
const PLAN_MMAP_BYTES: i64 = 1 << 30;

/// Runs `f` with the connection's page cache at `kib` and reads through a memory map of
/// `mmap` bytes, then sets both back (the pages over the old size are freed).
fn with_cache<T>(
    db: &mut Db,
    kib: i64,
    mmap: i64,
    f: impl FnOnce(&mut Db) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let old: i64 = db.conn().query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    let old_mmap: i64 = db.conn().query_row("PRAGMA mmap_size", [], |r| r.get(0))?;
    db.conn().execute_batch(&format!(
        "PRAGMA cache_size = {}; PRAGMA mmap_size = {mmap};",
        -kib
    ))?;
    let out = f(db);
    db.conn().execute_batch(&format!(
        "PRAGMA cache_size = {old}; PRAGMA mmap_size = {old_mmap};"
    ))?;
    out
}

/// The audit entry of a run that changed something.
fn plan_json(today: NaiveDate, report: &PlanReport) -> serde_json::Value {
    let kinds = |m: &BTreeMap<Kind, usize>| -> serde_json::Value {
        m.iter()
            .map(|(k, n)| (k.code().to_string(), serde_json::Value::from(*n)))
            .collect()
    };
    serde_json::json!({
        "today": date_str(today), "created": kinds(&report.created),
        "skipped": kinds(&report.skipped), "moved": report.moved,
        "closed": report.closed, "newly_skipped": report.newly_skipped,
        "reopened": report.reopened, "expired": report.expired, "failed": report.failed,
    })
}

/// The 7DC, monthly, yearly or quarterly window of a sale.
pub(super) fn sales_window(
    rule: &Rule,
    cal: &BusinessCalendar,
    channel: &str,
    delivery: &str,
    invoice: &str,
) -> Window {
    if rule.kind == Kind::Dc7 && channel == "secondary" {
        let t = rule.secondary.unwrap_or(rule.timing);
        t.window(parse_day(invoice), cal, rule.move_off_holidays)
    } else {
        rule.timing
            .window(parse_day(delivery), cal, rule.move_off_holidays)
    }
}

pub(super) fn complaint_timing(rule: &Rule, fu_kind: &str) -> Timing {
    if fu_kind == "call" {
        rule.timing
    } else {
        rule.tracking.unwrap_or(rule.timing)
    }
}

pub(super) fn vehicle_column(kind: Kind) -> &'static str {
    match kind {
        Kind::Inspection => "inspection_due",
        Kind::Insurance => "insurance_due",
        _ => "maintenance_due",
    }
}

/// The source join and columns a kind's pending tasks are checked against (the first
/// column says whether the source row exists).
fn source_of(kind: Kind) -> Option<(&'static str, String)> {
    let sales = "LEFT JOIN sales_files s ON s.id = t.source_id";
    let repairs = "LEFT JOIN repair_orders s ON s.id = t.source_id";
    Some(match kind {
        Kind::Dc7 | Kind::Monthly | Kind::Yearly | Kind::Quarterly => (
            sales,
            "s.id IS NOT NULL, s.channel, s.delivery_date, s.invoice_date".into(),
        ),
        Kind::Dc3 | Kind::ThirdRepair => (repairs, "s.id IS NOT NULL, s.closed".into()),
        Kind::Birthday => (
            "LEFT JOIN customers s ON s.id = t.source_id",
            "s.id IS NOT NULL, s.birthday".into(),
        ),
        Kind::Maintenance | Kind::Inspection | Kind::Insurance => (
            "LEFT JOIN vehicles s ON s.id = t.source_id",
            format!("s.id IS NOT NULL, s.{}", vehicle_column(kind)),
        ),
        Kind::Complaint => (
            "LEFT JOIN complaint_follow_ups s ON s.id = t.source_id",
            "s.id IS NOT NULL, s.kind, s.due, s.done_at,
             (SELECT c.status FROM complaints c WHERE c.id = s.complaint_id)"
                .into(),
        ),
        Kind::OpenQuestion => (
            "LEFT JOIN calls s ON s.id = t.source_id",
            "s.id IS NOT NULL, s.follow_up_due, s.follow_up_done_at".into(),
        ),
        Kind::Appointment => (
            "LEFT JOIN reminders s ON s.id = t.source_id",
            "s.id IS NOT NULL, (SELECT a.start_at FROM appointments a WHERE a.id = s.appointment_id), s.outcome,
             (SELECT a.status FROM appointments a WHERE a.id = s.appointment_id)"
                .into(),
        ),
        Kind::Declined => (
            "LEFT JOIN appointments s ON s.id = t.source_id",
            "s.id IS NOT NULL, s.start_at, s.status".into(),
        ),
        Kind::RentalReturn => (
            "LEFT JOIN rentals s ON s.id = t.source_id",
            "s.id IS NOT NULL, s.returned_at".into(),
        ),
        // Event tasks are kept by the event's own steps (answers, cancelling, check-in).
        Kind::Holiday
        | Kind::Recheck
        | Kind::EventInvite
        | Kind::EventFeedback
        | Kind::RentalCare => return None,
    })
}

/// The window a pending task should have now, from its source's columns `v`.
fn fresh(ctx: &Ctx<'_>, rule: &Rule, v: &[Option<String>], period: &str) -> Fresh {
    let s = |i: usize| v.get(i).cloned().flatten();
    let day = |i: usize| s(i).map(|x| parse_day(&x));
    let mv = rule.move_off_holidays;
    let same = |w: Window| Fresh::At(w, period.to_string());
    match rule.kind {
        Kind::Dc7 | Kind::Monthly | Kind::Yearly | Kind::Quarterly => same(sales_window(
            rule,
            ctx.cal,
            &s(0).unwrap_or_default(),
            &s(1).unwrap_or_default(),
            &s(2).unwrap_or_default(),
        )),
        Kind::Dc3 | Kind::ThirdRepair => match day(0) {
            Some(closed) => same(rule.timing.window(closed, ctx.cal, mv)),
            None => Fresh::Gone,
        },
        Kind::Birthday => {
            let year: i32 = period.parse().unwrap_or(ctx.today.year());
            match day(0).and_then(|b| dc::birthday_in(b, year)) {
                Some(anchor) => same(rule.timing.window(anchor, ctx.cal, mv)),
                None => Fresh::Gone,
            }
        }
        Kind::Maintenance | Kind::Inspection | Kind::Insurance => match s(0) {
            Some(due) => Fresh::At(rule.timing.window(parse_day(&due), ctx.cal, mv), due),
            None => Fresh::Gone,
        },
        Kind::Complaint if s(2).is_some() => Fresh::DoneElsewhere,
        // A follow-up of a complaint no longer closed (reopened, or withdrawn), planned
        // before a reopening superseded its calls: the next closing plans its own.
        Kind::Complaint if s(3).as_deref() != Some("closed") => Fresh::Gone,
        Kind::Complaint => match day(1) {
            Some(due) => {
                let t = complaint_timing(rule, &s(0).unwrap_or_default());
                same(t.window(due, ctx.cal, mv))
            }
            None => Fresh::Gone,
        },
        Kind::OpenQuestion if s(1).is_some() => Fresh::DoneElsewhere,
        Kind::OpenQuestion => match s(0).as_deref().and_then(from_db) {
            Some(due) => same(rule.timing.window(dc::local_date(due, ctx.tz), ctx.cal, mv)),
            None => Fresh::Gone,
        },
        // A reminder answered on the Appointments tab, or a booking no longer expected.
        Kind::Appointment if s(1).is_some() => Fresh::DoneElsewhere,
        Kind::Appointment
            if !matches!(s(2).as_deref(), Some("booked" | "confirmed" | "reminded")) =>
        {
            Fresh::Gone
        }
        Kind::Appointment => match s(0).as_deref().and_then(from_db) {
            Some(start) => same(
                rule.timing
                    .window(dc::local_date(start, ctx.tz), ctx.cal, mv),
            ),
            None => Fresh::Gone,
        },
        Kind::Declined if super::declined::DEAD.contains(&s(1).as_deref().unwrap_or("")) => {
            Fresh::Gone
        }
        Kind::Declined => match s(0).and_then(|st| super::declined::window(ctx, rule, period, &st))
        {
            Some(w) => same(w),
            None => Fresh::Gone,
        },
        Kind::RentalReturn => match s(0).as_deref().and_then(from_db) {
            Some(back) => same(
                rule.timing
                    .window(dc::local_date(back, ctx.tz), ctx.cal, mv),
            ),
            None => Fresh::Gone,
        },
        Kind::Holiday
        | Kind::Recheck
        | Kind::EventInvite
        | Kind::EventFeedback
        | Kind::RentalCare => Fresh::Gone,
    }
}

type Pending = (
    i64,
    String,
    [String; 4],
    Option<i64>,
    Option<String>,
    Vec<Option<String>>,
);

/// Moves pending tasks whose source date (or rule) changed; closes those whose source is
/// gone or was done elsewhere.
fn refresh(tx: &Connection, ctx: &Ctx<'_>, report: &mut PlanReport) -> Result<(), StoreError> {
    let now = to_db(ctx.actor.at);
    for rule in &ctx.rules.rules {
        let Some((join, cols)) = source_of(rule.kind) else {
            continue;
        };
        let n = cols.split(',').count();
        let mut st = tx.prepare_cached(&format!(
            "SELECT t.id, t.period, t.anchor_date, t.due_date, t.window_start, t.window_end,
                    t.customer_id, t.next_try_at, {cols}
             FROM callback_tasks t {join}
             WHERE t.kind = ?1 AND t.status IN ('open', 'claimed')"
        ))?;
        let rows = st.query_map([rule.kind.code()], |r| {
            let found = r.get::<_, bool>(8)?;
            let src = (9..8 + n)
                .map(|i| r.get::<_, Option<String>>(i))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                [r.get::<_, String>(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
                r.get::<_, Option<i64>>(6)?,
                r.get::<_, Option<String>>(7)?,
                if found { src } else { Vec::new() },
            ))
        })?;
        let pending: Vec<Pending> = rows.collect::<Result<_, _>>()?;
        drop(st);
        for (id, period, old, customer, next_try, src) in pending {
            let state = if src.is_empty() {
                Fresh::Gone
            } else {
                fresh(ctx, rule, &src, &period)
            };
            let reason = match state {
                Fresh::At(mut w, new_period) => {
                    // A call-back time the customer named keeps the window open to it.
                    if let Some(t) = next_try.as_deref().and_then(from_db) {
                        w.end = w.end.max(dc::local_date(t, ctx.tz));
                    }
                    let new = [w.anchor, w.due, w.start, w.end].map(date_str);
                    if new == old && new_period == period {
                        continue;
                    }
                    let moved = if new_period != period && !w.is_live(ctx.today, ctx.ahead) {
                        // A reminder whose date moved on (the service was done): this one
                        // is moot; the new date gets its own task in time.
                        Err(rusqlite::Error::QueryReturnedNoRows)
                    } else {
                        Ok(())
                    };
                    let moved = moved.and_then(|()| {
                        tx.execute(
                        "UPDATE callback_tasks SET period = ?1, anchor_date = ?2, due_date = ?3,
                            window_start = ?4, window_end = ?5, group_key = ?6, updated_at = ?7,
                            updated_by = ?8, version = version + 1
                         WHERE id = ?9",
                        params![
                            new_period,
                            new[0],
                            new[1],
                            new[2],
                            new[3],
                            task_group(rule, customer, w.due),
                            now,
                            ctx.actor.agent_id,
                            id
                        ],
                    )
                    });
                    match moved.map_err(StoreError::from) {
                        Ok(_) => {
                            let before = serde_json::json!({"period": period, "anchor": old[0],
                                "due": old[1], "window": [old[2], old[3]]});
                            let after = serde_json::json!({"period": new_period, "anchor": new[0],
                                "due": new[1], "window": [new[2], new[3]]});
                            audit::record(
                                tx,
                                ctx.actor,
                                "move",
                                "callback_task",
                                id,
                                Some(&before),
                                Some(&after),
                            )?;
                            report.moved += 1;
                            continue;
                        }
                        // A task for the new date exists already (or will): superseded.
                        Err(StoreError::Duplicate(_) | StoreError::NotFound) => Reason::Superseded,
                        Err(e) => return Err(e),
                    }
                }
                Fresh::Gone => Reason::SourceGone,
                Fresh::DoneElsewhere => Reason::DoneElsewhere,
            };
            // Out of whoever's hands held it, as `skip_waiting` withdraws a task for the
            // same reasons (the skipped tasks are nobody's in the queue's views).
            tx.execute(
                "UPDATE callback_tasks SET status = 'skipped', skip_reason = ?1,
                    claimed_by = NULL, claimed_at = NULL, next_try_at = NULL, updated_at = ?2,
                    updated_by = ?3, version = version + 1 WHERE id = ?4",
                params![reason.code(), now, ctx.actor.agent_id, id],
            )?;
            report.closed += 1;
        }
    }
    Ok(())
}

/// Skips pending tasks of customers who may not be contacted now, out of whoever's hands
/// held them (a call-back time the customer named is kept for a reopened task); reopens
/// skipped tasks, still in their window, of customers who may be again.
fn contacts(tx: &Connection, ctx: &Ctx<'_>, report: &mut PlanReport) -> Result<(), StoreError> {
    let now = to_db(ctx.actor.at);
    let blocked = blocked_sql(
        "t.customer_id",
        "t.vehicle_id",
        "t.kind",
        "t.channel = 'sms'",
    );
    report.newly_skipped += tx.execute(
        &format!(
            "UPDATE callback_tasks AS t SET status = 'skipped', skip_reason = {blocked},
                claimed_by = NULL, claimed_at = NULL, updated_at = ?1, version = version + 1
             WHERE t.status IN ('open', 'claimed')
               AND t.customer_id IN (SELECT customer_id FROM contact_prefs WHERE do_not_contact = 1
                   UNION SELECT customer_id FROM callback_bad_numbers
                   UNION SELECT id FROM customers WHERE mobile IS NULL)
               AND ({blocked}) IS NOT NULL"
        ),
        [&now],
    )?;
    report.reopened += tx.execute(
        &format!(
            "UPDATE callback_tasks AS t SET status = 'open', skip_reason = NULL, claimed_by = NULL,
                claimed_at = NULL, updated_at = ?1, version = version + 1
             WHERE t.status = 'skipped' AND t.channel IN ('call', 'sms') AND t.due_date >= ?2
               AND t.skip_reason IN ('do_not_contact', 'no_number', 'no_mobile')
               AND t.window_end >= ?3 AND ({blocked}) IS NULL"
        ),
        params![
            now,
            date_str(dc::plus_days(ctx.today, -120)),
            date_str(ctx.today)
        ],
    )?;
    Ok(())
}

/// The expiry update of [`expire`] (its query plan is checked by a test).
///
/// `OR FAIL`, not the default `ABORT`: an `ABORT` constraint makes SQLite copy every page
/// the update touches into a statement journal first (a temporary file), so that the one
/// statement could be undone alone. The planner never goes on after a failed statement
/// (the whole run is one transaction, rolled back on any error), so that copy is never
/// used: a month's expiries on the 100,000-customer demo store wrote 16,000 pages
/// (64 MB) to it, the expiry took a fifth of the run.
pub(crate) const EXPIRE_SQL: &str = "UPDATE OR FAIL callback_tasks SET
            status = CASE WHEN attempts > 0 THEN 'failed' ELSE 'expired' END,
            skip_reason = CASE WHEN attempts > 0 THEN 'no_answer' ELSE skip_reason END,
            completed_at = ?1, next_try_at = NULL, updated_at = ?1, version = version + 1
         WHERE status IN ('open', 'claimed') AND window_end < ?2
           AND channel IN ('call', 'sms') AND due_date < ?2
         RETURNING status";

/// Ends tasks whose window is over: expired when never tried, failed after tries. The
/// channel and due-date terms add nothing the table's checks do not already imply (every
/// channel is one of the two; a due date is never after its window's end); they let the
/// update read the worklist index `(status, channel, due_date)` up to today, not every
/// pending task.
fn expire(tx: &Connection, ctx: &Ctx<'_>, report: &mut PlanReport) -> Result<(), StoreError> {
    let mut st = tx.prepare_cached(EXPIRE_SQL)?;
    let rows = st.query_map(params![to_db(ctx.actor.at), date_str(ctx.today)], |r| {
        r.get::<_, String>(0)
    })?;
    for s in rows {
        if s? == "failed" {
            report.failed += 1;
        } else {
            report.expired += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expiry reads the worklist index up to today, not every pending task (the
    /// window-end index it could use before is gone, migration 0018).
    #[test]
    fn the_expiry_reads_the_worklist_index() {
        let plan =
            crate::store::query_plan(EXPIRE_SQL, params!["2026-12-24T00:00:00Z", "2026-12-24"]);
        assert_eq!(
            plan,
            ["SEARCH callback_tasks USING INDEX callback_tasks_queue \
              (status=? AND channel=? AND due_date<?)"]
        );
    }

    /// No check of the expiry aborts the statement alone (`OE_Abort`, 2, in a halt's p2),
    /// the only kind that needs a statement journal; yet every check is still made.
    #[test]
    fn the_expiry_needs_no_statement_journal() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("store.db")).unwrap();
        let mut st = db.conn().prepare(&format!("EXPLAIN {EXPIRE_SQL}")).unwrap();
        let halts: Vec<(String, i64, i64)> = st
            .query_map(params!["2026-12-24T00:00:00Z", "2026-12-24"], |r| {
                Ok((r.get::<_, String>(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .filter(|(op, p1, _)| op.starts_with("Halt") && *p1 != 0)
            .collect();
        assert!(halts.len() >= 3, "the status checks are made: {halts:?}");
        assert!(halts.iter().all(|h| h.2 != 2), "{halts:?}");
    }
}
