//! Holiday greetings: every customer not opted out gets one (by text message unless the
//! rule says call), planned with one `INSERT … SELECT` per holiday, so a store of 100,000
//! customers is planned in one statement; customers who may not be contacted get a skipped
//! task with the reason. The rows go in by customer id, the order of the task table's
//! customer and source indexes: each index page is then filled once, not revisited at
//! random (in the order of whichever customer index the scan used, the run took 2.5× as
//! long on the 100,000-customer demo store).

use super::plan::{Ctx, PlanReport};
use super::sources::{lit, unplanned};
use super::{blocked_customer_sql, date_str};
use crate::clock::to_db;
use crate::domain::callbacks::{self as dc, Channel, Kind, Rule, group_key};
use crate::store::StoreError;
use chrono::Datelike;
use rusqlite::{Connection, params};

/// The customer id bits of a greeting's uuid (its last 12 hex digits).
const UUID_ID_MASK: i64 = (1 << 48) - 1;

/// The first 24 characters of a UUIDv7 made now with fresh random bits: its time, version,
/// variant and 26 random bits. Each greeting's uuid is this with the customer id in the
/// last 48 bits: unique in the statement (one greeting per customer), ascending with the
/// customer (so the uuid index is appended to in order), and made in SQL (a v7 per row
/// called out of SQL, each a system call for its random bits, was a twentieth of the run).
/// Not from `new_uuid`: its counter, not chance, tells apart two uuids of one millisecond,
/// and the counter's low bits are those replaced here.
fn uuid_prefix() -> String {
    let millis = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or_default();
    let id = uuid::Builder::from_unix_timestamp_millis(millis, &rand::random::<[u8; 10]>())
        .into_uuid()
        .to_string();
    id[..24].to_string()
}

/// Holiday greetings: one task per customer and holiday, in one statement per holiday.
pub(super) fn holidays(
    tx: &Connection,
    ctx: &Ctx<'_>,
    rule: &Rule,
    report: &mut PlanReport,
) -> Result<(), StoreError> {
    let t = rule.timing;
    let (lo, hi) = t.anchor_range(ctx.today, ctx.ahead);
    let found = dc::holidays_between(&ctx.rules.holidays, lo, hi);
    if found.is_empty() {
        return Ok(());
    }
    let blocked = blocked_customer_sql("c", &lit(Kind::Holiday), rule.channel == Channel::Sms);
    let grouped = rule.channel == Channel::Call;
    for (h, date) in found {
        let w = t.window(date, ctx.cal, rule.move_off_holidays);
        if !w.is_live(ctx.today, ctx.ahead) {
            continue;
        }
        let period = format!("{}:{}", date.year(), h.id);
        // The week part of the group key (`:2026W53`), the same for every customer.
        let week = group_key(0, w.due).trim_start_matches("c0").to_string();
        // A holiday's greetings go in all at once (one transaction), so when the first
        // customer has none for this period, none has: the insert then skips the per-row
        // NOT EXISTS probe (a tenth of its time) and leaves the odd straggler to the
        // conflict clause, which keeps it exact either way.
        let planned_before: bool = tx
            .prepare_cached(&format!(
                "SELECT EXISTS (SELECT 1 FROM customers c WHERE c.id = (SELECT min(id) FROM customers)
                    AND NOT {})",
                unplanned(Kind::Holiday, "customers", "c.id", "?1")
            ))?
            .query_row([&period], |r| r.get(0))?;
        let which = if planned_before {
            unplanned(Kind::Holiday, "customers", "c.id", "?3")
        } else {
            "true".to_string()
        };
        let uuid_prefix = uuid_prefix();
        // Counted from the new rows after the statement, not returned row by row (a
        // twentieth of the run): every row past the highest id before it is one it added.
        let before: i64 =
            tx.query_row("SELECT coalesce(max(id), 0) FROM callback_tasks", [], |r| {
                r.get(0)
            })?;
        let mut st = tx.prepare_cached(&format!(
            "INSERT INTO callback_tasks(uuid, store_id, kind, level, channel, customer_id,
                vehicle_id, source_table, source_id, period, anchor_date, due_date, window_start,
                window_end, priority, group_key, status, skip_reason, created_at, updated_at,
                updated_by)
             SELECT ?13 || printf('%012x', s.id & {UUID_ID_MASK}), ?1, 'holiday', 1, ?2, s.id,
                    NULL, 'customers', s.id, ?3, ?4, ?5, ?6, ?7, ?8,
                    CASE WHEN ?9 THEN 'c' || s.id || ?10 END,
                    CASE WHEN s.b IS NULL THEN 'open' ELSE 'skipped' END, s.b, ?11, ?11, ?12
             FROM (SELECT c.id, {blocked} AS b FROM customers c
                   WHERE {which}) AS s
             WHERE true ORDER BY s.id
             ON CONFLICT(kind, source_table, source_id, period) DO NOTHING"
        ))?;
        let added = st.execute(params![
            ctx.store_id,
            rule.channel.code(),
            period,
            date_str(w.anchor),
            date_str(w.due),
            date_str(w.start),
            date_str(w.end),
            rule.priority,
            grouped,
            week,
            to_db(ctx.actor.at),
            ctx.actor.agent_id,
            uuid_prefix,
        ])?;
        if added == 0 {
            continue;
        }
        let skipped: i64 = tx.query_row(
            "SELECT count(*) FROM callback_tasks WHERE id > ?1 AND status = 'skipped'",
            [before],
            |r| r.get(0),
        )?;
        let skipped = usize::try_from(skipped).unwrap_or_default();
        for (m, n) in [
            (&mut report.skipped, skipped),
            (&mut report.created, added - skipped),
        ] {
            if n > 0 {
                *m.entry(Kind::Holiday).or_default() += n;
            }
        }
    }
    Ok(())
}
