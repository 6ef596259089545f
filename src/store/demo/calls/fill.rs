//! Filling a demo call's fields from the archive and the value tables, and working a demo
//! complaint through its lifecycle.

use super::*;

/// Fills the fields the archive does not give.
pub(super) fn complete_values(
    rng: &mut ChaCha8Rng,
    t: &Template,
    v: &mut BTreeMap<String, String>,
    customer: &CustomerRow,
    vehicle: Option<&VehicleRow>,
    day: NaiveDate,
) {
    let nev = vehicle.is_some_and(|x| x.nev);
    let purchase = vehicle.and_then(|x| x.purchase);
    let station = pick(rng, STATIONS);
    let mut put = |k: &str, s: String| {
        v.insert(k.to_string(), s);
    };
    match t.id.as_str() {
        "consult_station" => {
            // Mostly a station in the customer's own city.
            let own = STATIONS
                .iter()
                .filter(|s| customer.region.contains(&s.0[..6]))
                .collect::<Vec<_>>();
            let s = match own.len() {
                n if n > 0 && rng.random_bool(0.7) => *own[rng.random_range(0..n)],
                _ => station,
            };
            let fault = if nev {
                pick(rng, NEV_SYMPTOMS)
            } else {
                pick(rng, SYMPTOMS)
            };
            put("fault", fault.to_string());
            put("station_region", s.0.to_string());
            put("answer", format!("{}电话{},地址{}", s.1, s.2, s.3));
        }
        "consult_warranty" => {
            let (part, coverage) = if nev && rng.random_bool(0.5) {
                pick(rng, NEV_WARRANTY)
            } else {
                pick(rng, WARRANTY)
            };
            put("part", part.to_string());
            put("coverage", coverage.to_string());
            let year = purchase.map_or(day.year(), |p| p.year());
            put("policy_year", year.to_string());
        }
        "consult_tech" => {
            let s = if nev {
                pick(rng, NEV_SYMPTOMS)
            } else {
                pick(rng, SYMPTOMS)
            };
            put("symptom", s.to_string());
        }
        "consult_troubleshoot" => {
            let (symptom, fix) = pick(rng, TROUBLES);
            put("symptom", symptom.to_string());
            put("fix", fix.to_string());
        }
        "consult_part_price" => {
            let (part, lo, hi) = pick(rng, PART_PRICES);
            put("part", part.to_string());
            put("price", (rng.random_range(lo..=hi) / 10 * 10).to_string());
        }
        "consult_price" | "consult_promotion" => {
            let (brand, model, range) = pick(rng, PROSPECT_MODELS);
            put("brand", brand.to_string());
            put("model", model.to_string());
            put("price_range", range.to_string());
            put("promotion", pick(rng, PROMOTIONS).to_string());
            let has = if rng.random_bool(0.7) {
                "有"
            } else {
                "没有"
            };
            put("has_promotion", has.to_string());
        }
        "consult_progress" => put("handling", pick(rng, HANDLINGS).to_string()),
        "rescue_roadside" => {
            let s = if nev {
                pick(rng, NEV_RESCUE_SYMPTOMS)
            } else {
                pick(rng, RESCUE_SYMPTOMS)
            };
            put("symptom", s.to_string());
            put("location", pick(rng, LOCATIONS).to_string());
        }
        "complaint_attitude" => {
            put("visit_date", days_before(rng, day, 1, 10, purchase));
            put("station", station.1.to_string());
            put("fault", pick(rng, SYMPTOMS).to_string());
            put("treatment", pick(rng, TREATMENTS).to_string());
        }
        "complaint_slow" => {
            put("contact_date", days_before(rng, day, 0, 3, purchase));
            put("station", station.1.to_string());
            put("reason", pick(rng, SLOW_REASONS).to_string());
            put("demand", pick(rng, SLOW_DEMANDS).to_string());
        }
        "complaint_repair" => {
            let s = if nev {
                pick(rng, NEV_SYMPTOMS)
            } else {
                pick(rng, SYMPTOMS)
            };
            put("station", station.1.to_string());
            put("symptom", s.to_string());
            put("last_visit", days_before(rng, day, 2, 20, purchase));
            put("demand", pick(rng, REPAIR_DEMANDS).to_string());
        }
        _ => {}
    }
    // Keys the template does not have (e.g. price_range for a promotion) go.
    v.retain(|k, _| t.field(k).is_some());
    // Now and then an optional field is left empty, as agents do.
    if rng.random_bool(0.03) {
        let optional: Vec<&str> = t
            .fields
            .iter()
            .filter(|f| !f.required)
            .map(|f| f.key.as_str())
            .collect();
        if !optional.is_empty() {
            v.remove(pick(rng, &optional));
        }
    }
}

/// Whether a template speaks of the customer's own car (prospects ask about a new one).
pub(super) fn needs_vehicle(id: &str) -> bool {
    !matches!(id, "consult_price" | "consult_promotion")
}

pub(super) fn needs_plate(t: &Template) -> bool {
    t.fields
        .iter()
        .any(|f| f.required && f.source == Some(Source::VehiclePlate))
}

// ─────────────────────────────── filling ───────────────────────────────

/// Works a demo complaint through its lifecycle as the desk would have: old ones closed on
/// the customer's word (a few late, so escalated), recent ones at every stage. `time`
/// reads the SLA marks (`Db::business_time`).
#[allow(clippy::too_many_arguments)]
pub(in crate::store::demo) fn work_complaint(
    tx: &Connection,
    rng: &mut ChaCha8Rng,
    id: i64,
    received: DateTime<Utc>,
    now: DateTime<Utc>,
    agent_id: Option<i64>,
    tz: chrono_tz::Tz,
    time: &crate::domain::calendar::BusinessTime,
) -> Result<(), StoreError> {
    use crate::domain::complaints::{
        ClockKind, ConfirmHow, EscalationReason, Event, EventKind, escalation_event,
    };
    use crate::store::complaints::append_in;
    let age = now - received;
    let mut at = received;
    let step = |tx: &Connection,
                kind: EventKind,
                after_min: i64,
                at: &mut DateTime<Utc>|
     -> Result<bool, StoreError> {
        let next = *at + Duration::minutes(after_min);
        if next >= now {
            return Ok(false);
        }
        *at = next;
        append_in(
            tx,
            id,
            Event {
                at: next,
                by: agent_id,
                kind,
            },
            tz,
            time,
        )?;
        Ok(true)
    };
    // Stop at a stage that fits the complaint's age: the newest may still be new.
    let stages = if age < Duration::hours(1) {
        rng.random_range(0..2)
    } else if age < Duration::days(3) {
        rng.random_range(1..5)
    } else {
        6
    };
    let late = rng.random_bool(0.12);
    if stages >= 1 {
        let first = if late {
            rng.random_range(12..40)
        } else {
            rng.random_range(2..9)
        };
        if late && received + Duration::minutes(10) < now {
            append_in(
                tx,
                id,
                escalation_event(
                    EscalationReason::Deadline(ClockKind::FirstContact),
                    received + Duration::minutes(10),
                ),
                tz,
                time,
            )?;
        }
        if !step(tx, EventKind::Contacted, first, &mut at)? {
            return Ok(());
        }
    }
    if stages >= 2
        && !step(
            tx,
            EventKind::HandlerAssigned {
                handler: agent_id.unwrap_or(1),
            },
            rng.random_range(5..40),
            &mut at,
        )?
    {
        return Ok(());
    }
    if stages >= 3
        && !step(
            tx,
            EventKind::Investigating,
            rng.random_range(10..120),
            &mut at,
        )?
    {
        return Ok(());
    }
    if stages >= 4 {
        let resolution = [
            "向客户致歉并免费复检",
            "更换故障件并延长保修",
            "对接待人员进行培训并回访",
            "返还部分工时费",
        ][rng.random_range(0..4)];
        if !step(
            tx,
            EventKind::Resolved {
                resolution: resolution.into(),
            },
            rng.random_range(60..1200),
            &mut at,
        )? {
            return Ok(());
        }
    }
    if stages >= 6 {
        let confirmed = EventKind::Confirmed {
            who: "客户本人".into(),
            how: ConfirmHow::Phone,
            satisfaction: rng.random_range(3..=5),
        };
        if step(tx, confirmed, rng.random_range(30..600), &mut at)? {
            step(tx, EventKind::Closed, rng.random_range(5..30), &mut at)?;
        }
    }
    Ok(())
}
