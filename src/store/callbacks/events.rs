//! Customer events in the queue: an invitation task per invitee (kind `event_invite`,
//! planned when the event's target list is invited, on the event's channel) and a
//! thank-you / feedback task per attendee after the event's day (`event_feedback`). Both
//! come from `event_invitees`; the planner finds the ones still missing, and the event's
//! own steps plan them at once for one event (`plan_event`).

use super::plan::{Cand, Ctx, PlanReport};
use super::sources::unplanned;
use crate::clock::from_db;
use crate::domain::calendar::BusinessCalendar;
use crate::domain::callbacks::{self as dc, Channel, Kind, Rule, Rules};
use crate::domain::events::invite_window;
use crate::domain::events::{local_day, local_start};
use crate::store::{Actor, StoreError};
use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};

/// Invitees without an answer of planned events not yet begun, without an invitation task
/// (of `event` only, when given).
pub(super) fn invitations(
    tx: &Connection,
    ctx: &Ctx<'_>,
    rule: &Rule,
    event: Option<i64>,
) -> Result<Vec<Cand>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT i.id, i.customer_id, i.vehicle_id, i.invited_at, e.starts_at, e.channel
         FROM event_invitees i JOIN events e ON e.id = i.event_id
         WHERE e.status = 'planned' AND e.starts_at >= ?1 AND i.answer IS NULL
           AND (?2 IS NULL OR e.id = ?2) AND {}",
        unplanned(Kind::EventInvite, "event_invitees", "i.id", "''")
    ))?;
    let rows = st.query_map(params![super::date_str(ctx.today), event], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, customer, vehicle, invited, starts, channel) = row?;
        let (Some(invited), Some(day)) = (from_db(&invited), local_day(&starts)) else {
            continue;
        };
        let w = invite_window(
            &rule.timing,
            dc::local_date(invited, ctx.tz).max(ctx.today),
            day,
            ctx.cal,
            rule.move_off_holidays,
        );
        out.push(Cand {
            customer_id: Some(customer),
            vehicle_id: vehicle,
            source_table: "event_invitees",
            source_id: id,
            period: String::new(),
            window: w,
            assign_to: None,
            channel: Channel::from_code(&channel),
        });
    }
    Ok(out)
}

/// Attendees of events held in the planning range, without a feedback task (of `event`
/// only, when given).
pub(super) fn feedback(
    tx: &Connection,
    ctx: &Ctx<'_>,
    rule: &Rule,
    event: Option<i64>,
) -> Result<Vec<Cand>, StoreError> {
    let (lo, hi) = rule.timing.anchor_range(ctx.today, ctx.ahead);
    let mut st = tx.prepare_cached(&format!(
        "SELECT i.id, i.customer_id, i.vehicle_id, e.starts_at
         FROM event_invitees i JOIN events e ON e.id = i.event_id
         WHERE e.status <> 'cancelled' AND i.attended = 1
           AND e.starts_at >= ?1 AND e.starts_at < ?2 AND (?3 IS NULL OR e.id = ?3) AND {}",
        unplanned(Kind::EventFeedback, "event_invitees", "i.id", "''")
    ))?;
    let rows = st.query_map(
        params![
            super::date_str(lo),
            super::date_str(dc::plus_days(hi, 1)),
            event
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, String>(3)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (id, customer, vehicle, starts) = row?;
        let Some(day) = local_day(&starts) else {
            continue;
        };
        let w = rule.timing.window(day, ctx.cal, rule.move_off_holidays);
        if w.is_live(ctx.today, ctx.ahead) {
            out.push(Cand {
                customer_id: Some(customer),
                vehicle_id: vehicle,
                source_table: "event_invitees",
                source_id: id,
                period: String::new(),
                window: w,
                assign_to: None,
                channel: None,
            });
        }
    }
    Ok(out)
}

/// Plans the missing invitation and feedback tasks of one event inside the caller's
/// transaction (one task per invitee and kind: planning again adds nothing).
#[allow(clippy::too_many_arguments)]
pub fn plan_event(
    tx: &Connection,
    actor: Actor,
    store_id: &str,
    today: NaiveDate,
    tz: Tz,
    rules: &Rules,
    cal: &BusinessCalendar,
    event: i64,
) -> Result<PlanReport, StoreError> {
    let ctx = Ctx {
        today,
        tz,
        rules,
        cal,
        ahead: rules.settings.plan_ahead_days,
        actor,
        store_id: store_id.to_string(),
    };
    let mut report = PlanReport::default();
    if let Some(rule) = rules.enabled(Kind::EventInvite) {
        let c = invitations(tx, &ctx, rule, Some(event))?;
        super::sources::create_cands(tx, &ctx, rule, c, &mut report)?;
    }
    if let Some(rule) = rules.enabled(Kind::EventFeedback) {
        let c = feedback(tx, &ctx, rule, Some(event))?;
        super::sources::create_cands(tx, &ctx, rule, c, &mut report)?;
    }
    Ok(report)
}

/// What an event task is about, as the script's `{event}` says it (scripts and texts are
/// the customer's language, Chinese):
/// "冬季用车知识讲座（11月28日 14:00，本店二楼客户休息区）".
pub(super) fn topic(conn: &Connection, invitee: i64) -> Result<Option<String>, StoreError> {
    let row = conn
        .query_row(
            "SELECT e.title, e.starts_at, e.place FROM event_invitees i
             JOIN events e ON e.id = i.event_id WHERE i.id = ?1",
            [invitee],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?;
    Ok(row.map(|(title, starts, place)| {
        let when = local_start(&starts)
            .map(|t| t.format("%-m月%-d日 %H:%M").to_string())
            .unwrap_or(starts);
        format!("{title}（{when}，{place}）")
    }))
}

/// The invitation task of an invitee, if one was planned.
pub fn invite_task(conn: &Connection, invitee: i64) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id FROM callback_tasks WHERE kind = 'event_invite'
               AND source_table = 'event_invitees' AND source_id = ?1",
            [invitee],
            |r| r.get(0),
        )
        .optional()?)
}
