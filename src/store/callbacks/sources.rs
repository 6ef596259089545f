//! Where tasks come from: one indexed date-range query per rule, returning only the source
//! rows in range that have no task yet; the rule's date arithmetic then keeps those live
//! in the planning horizon. Holiday greetings are in `callbacks/greetings.rs`.

use super::plan::{Cand, Ctx, PlanReport, complaint_timing, sales_window, vehicle_column};
use super::{blocked_sql, date_str, parse_day};
use crate::clock::{from_db, to_db};
use crate::domain::callbacks::{self as dc, Assign, Channel, Kind, Rule, Timing, group_key};
use crate::store::{StoreError, new_uuid};
use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};

pub(super) fn local_start_utc(d: NaiveDate, tz: Tz) -> String {
    let naive = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    let t = tz
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| naive.and_utc());
    to_db(t)
}

pub(super) fn lit(k: Kind) -> String {
    format!("'{}'", k.code())
}

/// SQL: the source row `id` (with `period`) has no task of this kind yet.
pub(super) fn unplanned(kind: Kind, table: &str, id: &str, period: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM callback_tasks x WHERE x.kind = '{}'
            AND x.source_table = '{table}' AND x.source_id = {id} AND x.period = {period})",
        kind.code()
    )
}

fn range(ctx: &Ctx<'_>, t: &Timing) -> (String, String) {
    let (lo, hi) = t.anchor_range(ctx.today, ctx.ahead);
    (date_str(lo), date_str(hi))
}

fn cand(
    customer_id: Option<i64>,
    vehicle_id: Option<i64>,
    source_table: &'static str,
    source_id: i64,
    period: String,
    window: dc::Window,
) -> Cand {
    Cand {
        customer_id,
        vehicle_id,
        source_table,
        source_id,
        period,
        window,
        assign_to: None,
        channel: None,
    }
}

fn sales(tx: &Connection, ctx: &Ctx<'_>, rule: &Rule) -> Result<Vec<Cand>, StoreError> {
    let mut parts = vec![("delivery_date", rule.timing)];
    if rule.kind == Kind::Dc7 {
        parts.push(("invoice_date", rule.secondary.unwrap_or(rule.timing)));
    }
    let mut out = Vec::new();
    for (col, t) in parts {
        let (lo, hi) = range(ctx, &t);
        let mut st = tx.prepare_cached(&format!(
            "SELECT s.id, s.vehicle_id, v.customer_id, s.channel, s.delivery_date, s.invoice_date
             FROM sales_files s JOIN vehicles v ON v.id = s.vehicle_id
             WHERE s.{col} BETWEEN ?1 AND ?2 AND {}",
            unplanned(rule.kind, "sales_files", "s.id", "''")
        ))?;
        let rows = st.query_map(params![lo, hi], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        for row in rows {
            let (sid, vid, cid, channel, delivery, invoice) = row?;
            // 7DC: the delivery range serves direct sales, the invoice range secondary ones.
            if rule.kind == Kind::Dc7 && (col == "invoice_date") != (channel == "secondary") {
                continue;
            }
            if rule.kind == Kind::Quarterly && !dc::in_quarterly_sample(sid, rule.sample_percent) {
                continue;
            }
            let w = sales_window(rule, ctx.cal, &channel, &delivery, &invoice);
            if w.is_live(ctx.today, ctx.ahead) {
                out.push(cand(
                    Some(cid),
                    Some(vid),
                    "sales_files",
                    sid,
                    String::new(),
                    w,
                ));
            }
        }
    }
    Ok(out)
}

fn repairs(tx: &Connection, ctx: &Ctx<'_>, rule: &Rule) -> Result<Vec<Cand>, StoreError> {
    let (lo, hi) = range(ctx, &rule.timing);
    let wanted = if rule.kind == Kind::ThirdRepair {
        format!(
            "(r.amount_fen >= {} OR (r.accident = 1 AND r.amount_fen >= {}) OR ({} AND cu.vip = 1))",
            rule.min_bill_yuan.saturating_mul(100),
            rule.major_accident_yuan.saturating_mul(100),
            i64::from(rule.include_vip)
        )
    } else if rule.repair_kinds.is_empty() {
        "1".into()
    } else {
        let kinds: Vec<String> = rule
            .repair_kinds
            .iter()
            .map(|k| format!("'{}'", k.replace('\'', "")))
            .collect();
        format!("r.kind IN ({})", kinds.join(", "))
    };
    let mut st = tx.prepare_cached(&format!(
        "SELECT r.id, r.vehicle_id, v.customer_id, r.closed
         FROM repair_orders r JOIN vehicles v ON v.id = r.vehicle_id
         LEFT JOIN customers cu ON cu.id = v.customer_id
         WHERE r.closed BETWEEN ?1 AND ?2 AND {wanted} AND {}",
        unplanned(rule.kind, "repair_orders", "r.id", "''")
    ))?;
    let rows = st.query_map(params![lo, hi], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (rid, vid, cid, closed) = row?;
        let w = rule
            .timing
            .window(parse_day(&closed), ctx.cal, rule.move_off_holidays);
        if w.is_live(ctx.today, ctx.ahead) {
            out.push(cand(
                Some(cid),
                Some(vid),
                "repair_orders",
                rid,
                String::new(),
                w,
            ));
        }
    }
    Ok(out)
}

fn birthdays(tx: &Connection, ctx: &Ctx<'_>, rule: &Rule) -> Result<Vec<Cand>, StoreError> {
    let t = rule.timing;
    let (lo, hi) = t.anchor_range(ctx.today, ctx.ahead);
    let mut out = Vec::new();
    let mut st = tx.prepare_cached(
        "SELECT id, birthday FROM customers WHERE substr(birthday, 6, 5) BETWEEN ?1 AND ?2",
    )?;
    for (a, b) in dc::month_day_ranges(lo, hi) {
        let rows = st.query_map(params![a, b], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (cid, birthday) = row?;
            let born = parse_day(&birthday);
            for year in lo.year()..=hi.year() {
                let Some(anchor) = dc::birthday_in(born, year) else {
                    continue;
                };
                if anchor < lo || anchor > hi {
                    continue;
                }
                let w = t.window(anchor, ctx.cal, rule.move_off_holidays);
                if w.is_live(ctx.today, ctx.ahead) {
                    out.push(cand(Some(cid), None, "customers", cid, year.to_string(), w));
                }
            }
        }
    }
    Ok(out)
}

fn reminders(tx: &Connection, ctx: &Ctx<'_>, rule: &Rule) -> Result<Vec<Cand>, StoreError> {
    let col = vehicle_column(rule.kind);
    let (lo, hi) = range(ctx, &rule.timing);
    let mut st = tx.prepare_cached(&format!(
        "SELECT v.id, v.customer_id, v.{col} FROM vehicles v
         WHERE v.{col} BETWEEN ?1 AND ?2 AND {}",
        unplanned(rule.kind, "vehicles", "v.id", &format!("v.{col}"))
    ))?;
    let rows = st.query_map(params![lo, hi], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (vid, cid, due) = row?;
        let w = rule
            .timing
            .window(parse_day(&due), ctx.cal, rule.move_off_holidays);
        if w.is_live(ctx.today, ctx.ahead) {
            out.push(cand(Some(cid), Some(vid), "vehicles", vid, due, w));
        }
    }
    Ok(out)
}

fn complaint_follow_ups(
    tx: &Connection,
    ctx: &Ctx<'_>,
    rule: &Rule,
) -> Result<Vec<Cand>, StoreError> {
    let a = range(ctx, &rule.timing);
    let b = range(ctx, &rule.tracking.unwrap_or(rule.timing));
    let (lo, hi) = (a.0.min(b.0), a.1.max(b.1));
    let mut st = tx.prepare_cached(&format!(
        "SELECT f.id, f.kind, f.due, c.customer_id, c.vehicle_id
         FROM complaint_follow_ups f JOIN complaints c ON c.id = f.complaint_id
         WHERE f.done_at IS NULL AND f.due BETWEEN ?1 AND ?2 AND c.status = 'closed' AND {}",
        unplanned(rule.kind, "complaint_follow_ups", "f.id", "''")
    ))?;
    let rows = st.query_map(params![lo, hi], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, Option<i64>>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (fid, kind, due, cid, vid) = row?;
        let w =
            complaint_timing(rule, &kind).window(parse_day(&due), ctx.cal, rule.move_off_holidays);
        if w.is_live(ctx.today, ctx.ahead) {
            out.push(cand(
                cid,
                vid,
                "complaint_follow_ups",
                fid,
                String::new(),
                w,
            ));
        }
    }
    Ok(out)
}

fn open_questions(tx: &Connection, ctx: &Ctx<'_>, rule: &Rule) -> Result<Vec<Cand>, StoreError> {
    let t = rule.timing;
    let (lo, hi) = t.anchor_range(ctx.today, ctx.ahead);
    let mut st = tx.prepare_cached(&format!(
        "SELECT c.id, c.customer_id, c.vehicle_id, c.follow_up_due, c.agent_id FROM calls c
         WHERE c.follow_up_done_at IS NULL AND c.follow_up_due >= ?1 AND c.follow_up_due < ?2
           AND {}",
        unplanned(rule.kind, "calls", "c.id", "''")
    ))?;
    let rows = st.query_map(
        params![
            local_start_utc(lo, ctx.tz),
            local_start_utc(dc::plus_days(hi, 1), ctx.tz)
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (call, cid, vid, due, agent) = row?;
        let Some(due) = from_db(&due) else { continue };
        let w = t.window(dc::local_date(due, ctx.tz), ctx.cal, rule.move_off_holidays);
        if w.is_live(ctx.today, ctx.ahead) {
            let mut c = cand(cid, vid, "calls", call, String::new(), w);
            c.assign_to = agent.filter(|_| rule.assign == Assign::SourceAgent);
            out.push(c);
        }
    }
    Ok(out)
}

/// Appointment reminders (the day-before call, and the same-day one where the booking
/// has it) not yet answered, for bookings still expected; anchored on the visit's day.
fn appointment_reminders(
    tx: &Connection,
    ctx: &Ctx<'_>,
    rule: &Rule,
) -> Result<Vec<Cand>, StoreError> {
    let t = rule.timing;
    let (lo, hi) = t.anchor_range(ctx.today, ctx.ahead);
    let mut st = tx.prepare_cached(&format!(
        "SELECT r.id, a.customer_id, a.vehicle_id, a.start_at, r.kind FROM reminders r
         JOIN appointments a ON a.id = r.appointment_id
         WHERE r.outcome IS NULL AND a.status IN ('booked', 'confirmed', 'reminded')
           AND a.start_at >= ?1 AND a.start_at < ?2 AND {}",
        unplanned(rule.kind, "reminders", "r.id", "r.kind")
    ))?;
    let rows = st.query_map(
        params![
            local_start_utc(lo, ctx.tz),
            local_start_utc(dc::plus_days(hi, 1), ctx.tz)
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (id, cid, vid, start, kind) = row?;
        let Some(start) = from_db(&start) else {
            continue;
        };
        let w = t.window(
            dc::local_date(start, ctx.tz),
            ctx.cal,
            rule.move_off_holidays,
        );
        if w.is_live(ctx.today, ctx.ahead) {
            out.push(cand(cid, vid, "reminders", id, kind, w));
        }
    }
    Ok(out)
}

/// Second level: from the first of each month, a sample of the first-level calls
/// completed in the month before.
fn rechecks(tx: &Connection, ctx: &Ctx<'_>, rule: &Rule) -> Result<Vec<Cand>, StoreError> {
    let t = rule.timing;
    let (lo, hi) = t.anchor_range(ctx.today, ctx.ahead);
    let mut month = if lo.day() == 1 {
        lo
    } else {
        dc::next_month_start(lo)
    };
    let mut out = Vec::new();
    let mut st = tx.prepare_cached(
        "SELECT id, customer_id, vehicle_id FROM callback_tasks
         WHERE completed_at >= ?1 AND completed_at < ?2
           AND status = 'done' AND level = 1 AND channel = 'call'",
    )?;
    while month <= hi {
        let w = t.window(month, ctx.cal, rule.move_off_holidays);
        let prev = month
            .checked_sub_months(chrono::Months::new(1))
            .unwrap_or(month);
        if w.is_live(ctx.today, ctx.ahead) {
            let rows = st.query_map(
                params![
                    local_start_utc(prev, ctx.tz),
                    local_start_utc(month, ctx.tz)
                ],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, Option<i64>>(1)?,
                        r.get::<_, Option<i64>>(2)?,
                    ))
                },
            )?;
            let done: Vec<(i64, Option<i64>, Option<i64>)> = rows.collect::<Result<_, _>>()?;
            let ids: Vec<i64> = done.iter().map(|d| d.0).collect();
            let picked = dc::sample(&ids, ctx.rules.settings.recheck_percent);
            for (id, cid, vid) in done
                .into_iter()
                .filter(|d| picked.binary_search(&d.0).is_ok())
            {
                out.push(cand(cid, vid, "callback_tasks", id, String::new(), w));
            }
        }
        month = dc::next_month_start(month);
    }
    Ok(out)
}

fn exists(
    tx: &Connection,
    kind: Kind,
    table: &str,
    id: i64,
    period: &str,
) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT 1 FROM callback_tasks
             WHERE kind = ?1 AND source_table = ?2 AND source_id = ?3 AND period = ?4",
        )?
        .query_row(params![kind.code(), table, id, period], |_| Ok(()))
        .optional()?
        .is_some())
}

/// One customer's calls due the same ISO week share a group (first-level calls only).
pub(super) fn task_group(rule: &Rule, customer: Option<i64>, due: NaiveDate) -> Option<String> {
    group_on(rule, rule.channel, customer, due)
}

fn group_on(
    rule: &Rule,
    channel: Channel,
    customer: Option<i64>,
    due: NaiveDate,
) -> Option<String> {
    (channel == Channel::Call && rule.kind.level() == 1)
        .then_some(customer)
        .flatten()
        .map(|c| group_key(c, due))
}

/// Creates the new tasks of one rule, open, assigned, or skipped with the reason.
pub(super) fn create(
    tx: &Connection,
    ctx: &Ctx<'_>,
    rule: &Rule,
    report: &mut PlanReport,
) -> Result<(), StoreError> {
    let cands = match rule.kind {
        Kind::Dc7 | Kind::Monthly | Kind::Yearly | Kind::Quarterly => sales(tx, ctx, rule)?,
        Kind::Dc3 | Kind::ThirdRepair => repairs(tx, ctx, rule)?,
        Kind::Birthday => birthdays(tx, ctx, rule)?,
        Kind::Maintenance | Kind::Inspection | Kind::Insurance => reminders(tx, ctx, rule)?,
        Kind::Complaint => complaint_follow_ups(tx, ctx, rule)?,
        Kind::OpenQuestion => open_questions(tx, ctx, rule)?,
        Kind::Recheck => rechecks(tx, ctx, rule)?,
        Kind::Holiday => return super::greetings::holidays(tx, ctx, rule, report),
        Kind::Appointment => appointment_reminders(tx, ctx, rule)?,
        Kind::Declined => super::declined::candidates(tx, ctx, rule)?,
        Kind::EventInvite => super::events::invitations(tx, ctx, rule, None)?,
        Kind::EventFeedback => super::events::feedback(tx, ctx, rule, None)?,
        Kind::RentalReturn => super::rentals::returns(tx, ctx, rule)?,
        Kind::RentalCare => super::rentals::long_term(tx, ctx, rule)?,
    };
    create_cands(tx, ctx, rule, cands, report)
}

/// Creates the tasks of `cands` under `rule` (the ones that exist already are left).
pub(super) fn create_cands(
    tx: &Connection,
    ctx: &Ctx<'_>,
    rule: &Rule,
    cands: Vec<Cand>,
    report: &mut PlanReport,
) -> Result<(), StoreError> {
    // Why a candidate's customer may not be contacted, by text message or otherwise: the
    // SQL built once for the rule, not once per candidate.
    let blocked_q = |sms: &str| format!("SELECT {}", blocked_sql("?1", "?2", &lit(rule.kind), sms));
    let (blocked_sms, blocked_other) = (blocked_q("1"), blocked_q("0"));
    let now = to_db(ctx.actor.at);
    for c in cands {
        if exists(tx, rule.kind, c.source_table, c.source_id, &c.period)? {
            continue;
        }
        let channel = c.channel.unwrap_or(rule.channel);
        let query = match channel {
            Channel::Sms => &blocked_sms,
            Channel::Call => &blocked_other,
        };
        let blocked: Option<String> = tx
            .prepare_cached(query)?
            .query_row(params![c.customer_id, c.vehicle_id], |r| r.get(0))?;
        let (status, claimed_by) = match (&blocked, c.assign_to) {
            (Some(_), _) => ("skipped", None),
            (None, Some(a)) => ("claimed", Some(a)),
            (None, None) => ("open", None),
        };
        let w = c.window;
        let n = tx
            .prepare_cached(
                "INSERT INTO callback_tasks(uuid, store_id, kind, level, channel, customer_id,
                    vehicle_id, source_table, source_id, period, anchor_date, due_date,
                    window_start, window_end, priority, group_key, status, skip_reason,
                    claimed_by, claimed_at, created_at, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18, ?19, CASE WHEN ?19 IS NULL THEN NULL ELSE ?20 END, ?20, ?20,
                         ?21)
                 ON CONFLICT(kind, source_table, source_id, period) DO NOTHING",
            )?
            .execute(params![
                new_uuid(),
                ctx.store_id,
                rule.kind.code(),
                rule.kind.level(),
                channel.code(),
                c.customer_id,
                c.vehicle_id,
                c.source_table,
                c.source_id,
                c.period,
                date_str(w.anchor),
                date_str(w.due),
                date_str(w.start),
                date_str(w.end),
                rule.priority,
                group_on(rule, channel, c.customer_id, w.due),
                status,
                blocked,
                claimed_by,
                now,
                ctx.actor.agent_id,
            ])?;
        if n == 1 {
            let m = if blocked.is_some() {
                &mut report.skipped
            } else {
                &mut report.created
            };
            *m.entry(rule.kind).or_default() += 1;
        }
    }
    Ok(())
}
