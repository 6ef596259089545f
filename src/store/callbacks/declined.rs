//! Declined-service follow-ups: services a customer declined or deferred when booking are
//! called about later, a week after the visit day for declined ones and a month after for
//! deferred ones (the rule's `window` and `deferred_window`). One task per booking and
//! period (`declined` / `deferred`), planned once the customer has come (checked in); a
//! cancelled, missed or rescheduled booking plans none (a replacement carries the list
//! over) and loses a pending one.

use super::plan::{Cand, Ctx};
use crate::clock::from_db;
use crate::domain::appointments::Declined;
use crate::domain::callbacks::{self as dc, Assign, Rule, Timing, Window};
use crate::i18n::Lang;
use crate::store::StoreError;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// The periods of a booking's follow-ups.
pub(super) const PERIOD_DECLINED: &str = "declined";
pub(super) const PERIOD_DEFERRED: &str = "deferred";

/// Bookings in these states plan no follow-up (and lose a pending one).
pub(super) const DEAD: [&str; 3] = ["cancelled", "no_show", "rescheduled"];

fn timing(rule: &Rule, period: &str) -> Timing {
    if period == PERIOD_DEFERRED {
        rule.deferred.unwrap_or(rule.timing)
    } else {
        rule.timing
    }
}

/// The window of a booking's follow-up, from the visit's start (as stored).
pub(super) fn window(ctx: &Ctx<'_>, rule: &Rule, period: &str, start: &str) -> Option<Window> {
    let start = from_db(start)?;
    let day = dc::local_date(start, ctx.tz);
    Some(timing(rule, period).window(day, ctx.cal, rule.move_off_holidays))
}

/// Visits whose declined or deferred services fall due in the planning horizon.
pub(super) fn candidates(
    tx: &Connection,
    ctx: &Ctx<'_>,
    rule: &Rule,
) -> Result<Vec<Cand>, StoreError> {
    let mut lo = ctx.today;
    let mut hi = ctx.today;
    for p in [PERIOD_DECLINED, PERIOD_DEFERRED] {
        let (l, h) = timing(rule, p).anchor_range(ctx.today, ctx.ahead);
        lo = lo.min(l);
        hi = hi.max(h);
    }
    let mut st = tx.prepare_cached(
        "SELECT a.id, a.customer_id, a.vehicle_id, a.start_at, a.declined, a.created_by
         FROM appointments a
         WHERE a.start_at >= ?1 AND a.start_at < ?2 AND a.declined <> '[]'
           AND a.status IN ('arrived', 'in_service', 'completed')",
    )?;
    let rows = st.query_map(
        params![
            super::sources::local_start_utc(lo, ctx.tz),
            super::sources::local_start_utc(dc::plus_days(hi, 1), ctx.tz)
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<i64>>(5)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (id, customer_id, vehicle_id, start, declined, by) = row?;
        let list: Vec<Declined> = serde_json::from_str(&declined).unwrap_or_default();
        for (period, deferred) in [(PERIOD_DECLINED, false), (PERIOD_DEFERRED, true)] {
            if !list.iter().any(|d| d.deferred == deferred) {
                continue;
            }
            let Some(w) = window(ctx, rule, period, &start) else {
                continue;
            };
            if w.is_live(ctx.today, ctx.ahead) {
                out.push(Cand {
                    customer_id,
                    vehicle_id,
                    source_table: "appointments",
                    source_id: id,
                    period: period.to_string(),
                    window: w,
                    assign_to: by.filter(|_| rule.assign == Assign::SourceAgent),
                    channel: None,
                });
            }
        }
    }
    Ok(out)
}

/// What a declined-service follow-up is about: the visit and the services of the period
/// with the customer's reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclinedTopic {
    pub visit_at: DateTime<Utc>,
    pub deferred: bool,
    pub items: Vec<Declined>,
}

impl DeclinedTopic {
    /// One line for the agent: "2026-11-20 来店时谢绝的项目：更换刹车片（价格）、…".
    pub fn line(&self, day: &str, lang: Lang) -> String {
        let what = match (self.deferred, lang) {
            (true, Lang::Zh) => format!("{day} 来店时延后的项目："),
            (false, Lang::Zh) => format!("{day} 来店时谢绝的项目："),
            (true, Lang::En) => format!("Deferred at the visit of {day}: "),
            (false, Lang::En) => format!("Declined at the visit of {day}: "),
        };
        let items: Vec<String> = self
            .items
            .iter()
            .map(|d| match (d.reason.is_empty(), lang) {
                (true, _) => d.item.clone(),
                (false, Lang::Zh) => format!("{}（{}）", d.item, d.reason),
                (false, Lang::En) => format!("{} ({})", d.item, d.reason),
            })
            .collect();
        format!("{what}{}", items.join(lang.t("、", ", ")))
    }
}

/// The topic of the follow-up of `booking` for `period`, if the booking is still there.
pub(super) fn topic(
    conn: &Connection,
    booking: i64,
    period: &str,
) -> Result<Option<DeclinedTopic>, StoreError> {
    let row = conn
        .query_row(
            "SELECT start_at, declined FROM appointments WHERE id = ?1",
            [booking],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?;
    let Some((start, declined)) = row else {
        return Ok(None);
    };
    let deferred = period == PERIOD_DEFERRED;
    let list: Vec<Declined> = serde_json::from_str(&declined).unwrap_or_default();
    Ok(from_db(&start).map(|visit_at| DeclinedTopic {
        visit_at,
        deferred,
        items: list
            .into_iter()
            .filter(|d| d.deferred == deferred)
            .collect(),
    }))
}
