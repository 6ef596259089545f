//! The rental desk's callbacks (seed 000 §4): the satisfaction survey after a rental ends
//! (one task per rental, from its return) and the care call for long-term renters (one task
//! per customer and year, from the day they became one under the store's long-term rule).
//! A dealership has no rentals, so neither plans anything there.

use super::plan::{Cand, Ctx};
use super::sources::local_start_utc;
use crate::clock::from_db;
use crate::domain::callbacks::{self as dc, Rule};
use crate::store::StoreError;
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, params};

/// Rentals returned in the planning horizon: the survey call after each.
pub(super) fn returns(
    tx: &Connection,
    ctx: &Ctx<'_>,
    rule: &Rule,
) -> Result<Vec<Cand>, StoreError> {
    let (lo, hi) = rule.timing.anchor_range(ctx.today, ctx.ahead);
    let mut st = tx.prepare_cached(
        "SELECT id, customer_id, vehicle_id, returned_at FROM rentals
         WHERE returned_at >= ?1 AND returned_at < ?2",
    )?;
    let rows = st.query_map(
        params![
            local_start_utc(lo, ctx.tz),
            local_start_utc(dc::plus_days(hi, 1), ctx.tz)
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (id, customer, vehicle, back) = row?;
        let Some(back) = from_db(&back) else { continue };
        let w = rule.timing.window(
            dc::local_date(back, ctx.tz),
            ctx.cal,
            rule.move_off_holidays,
        );
        if w.is_live(ctx.today, ctx.ahead) {
            out.push(Cand {
                customer_id: Some(customer),
                vehicle_id: Some(vehicle),
                source_table: "rentals",
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

/// Customers who became long-term renters on a day in the planning horizon: one care call
/// each per year (the period), so planning again creates nothing new.
pub(super) fn long_term(
    tx: &Connection,
    ctx: &Ctx<'_>,
    rule: &Rule,
) -> Result<Vec<Cand>, StoreError> {
    let (lo, hi) = rule.timing.anchor_range(ctx.today, ctx.ahead);
    let year_start = NaiveDate::from_ymd_opt(lo.year(), 1, 1).unwrap_or(lo);
    let long = crate::store::rentals::mode::long_term_rule(tx);
    let mut st = tx.prepare_cached(
        "SELECT DISTINCT customer_id FROM rentals WHERE start_at >= ?1 AND start_at < ?2",
    )?;
    let customers: Vec<i64> = st
        .query_map(
            params![
                local_start_utc(year_start, ctx.tz),
                local_start_utc(dc::plus_days(hi, 1), ctx.tz)
            ],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for customer in customers {
        let spans = crate::store::rentals::spans_of(tx, customer, ctx.tz)?;
        for year in lo.year()..=hi.year() {
            let Some(anchor) = long.qualified_in(&spans, year) else {
                continue;
            };
            if anchor < lo || anchor > hi {
                continue;
            }
            let w = rule.timing.window(anchor, ctx.cal, rule.move_off_holidays);
            if w.is_live(ctx.today, ctx.ahead) {
                out.push(Cand {
                    customer_id: Some(customer),
                    vehicle_id: None,
                    source_table: "customers",
                    source_id: customer,
                    period: year.to_string(),
                    window: w,
                    assign_to: None,
                    channel: None,
                });
            }
        }
    }
    Ok(out)
}
