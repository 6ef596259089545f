//! Saving one planned demo call: the record itself, then the rescue steps, follow-up
//! answer or complaint handling that brings what it opened to where it stands at `now`.

use super::*;

/// Saves one planned call and moves what it opened to where it stands at `now`.
#[allow(clippy::too_many_arguments)]
pub(super) fn save_slot(
    tx: &Connection,
    store_id: &str,
    rng: &mut ChaCha8Rng,
    templates: &[&Template],
    agents: &[(i64, String)],
    slot: &Slot,
    first_id: i64,
    count: i64,
    now: DateTime<Utc>,
    tz: Tz,
    today: NaiveDate,
    time: &crate::domain::calendar::BusinessTime,
) -> Result<(), StoreError> {
    let t = templates[slot.template];
    let day = slot.start.with_timezone(&tz).date_naive();
    let end = slot.end();
    let agent = pick_agent(rng, agents, t.group);
    let (agent_id, emp_no) = (agents[agent].0, agents[agent].1.as_str());
    let with_vehicle = needs_vehicle(&t.id);
    let plate = needs_plate(t);
    // A customer with a car bought by the day of the call (and registered, when the record
    // needs the plate); a few tries, then whoever came up last.
    let mut chosen = None;
    for _ in 0..8 {
        let id = first_id + rng.random_range(0..count);
        let Some((c, vs)) = customer_with_vehicles(tx, id)? else {
            continue;
        };
        let fits: Vec<usize> = (0..vs.len())
            .filter(|&i| vs[i].purchase.is_none_or(|p| p <= day))
            .filter(|&i| !plate || vs[i].plate.is_some())
            .collect();
        let found = !with_vehicle || !fits.is_empty();
        let vi = match fits.len() {
            0 => (!vs.is_empty()).then_some(0),
            n => Some(fits[rng.random_range(0..n)]),
        };
        chosen = Some((id, c, vs, vi));
        if found {
            break;
        }
    }
    let Some((customer_id, customer, vehicles, vi)) = chosen else {
        return Ok(());
    };
    let vehicle = vi.filter(|_| with_vehicle).map(|i| &vehicles[i]);
    let mileage = vehicle.and_then(|v| mileage_on(v, day, today));
    let mut values = t.prefill(|s| match s {
        Source::CustomerName => Some(customer.name.clone()),
        Source::CustomerRegion => Some(customer.region.clone()),
        Source::CustomerPhone => customer.mobile.clone(),
        Source::VehicleBrand => vehicle.map(|v| v.brand.clone()),
        Source::VehicleModel => vehicle.map(|v| v.model.clone()),
        Source::VehiclePurchaseDate => vehicle.and_then(|v| v.purchase).map(ymd),
        Source::VehicleMileage => mileage.map(|m| m.to_string()),
        Source::VehiclePlate => vehicle.and_then(|v| v.plate.clone()),
        Source::VehicleVin => vehicle.map(|v| v.vin.clone()),
        Source::AgentEmpNo => Some(emp_no.to_string()),
        Source::NowDate => Some(ymd(day)),
    });
    complete_values(rng, t, &mut values, &customer, vehicle, day);
    // A record the desk could not save (a required field the archive cannot fill) is not
    // made up.
    let Ok(sentence) = t.record_sentence(&values) else {
        return Ok(());
    };
    let direction = if t.id == "consult_progress" && rng.random_bool(0.2) {
        Direction::Outbound
    } else {
        Direction::Inbound
    };
    let call = NewCall {
        customer_id: Some(customer_id),
        vehicle_id: vehicle.map(|v| v.id),
        direction,
        channel: pick_channel(rng, t.group),
        template_id: t.id.clone(),
        template_version: t.version,
        group: t.group,
        sentence,
        completeness: t.completeness(&values),
        fields: values,
        resolved: slot.resolved,
        started_at: slot.start,
    };
    let actor = Actor {
        agent_id: Some(agent_id),
        at: end,
    };
    let saved = calls::save_in(tx, store_id, actor, &call, time)?;
    let mins =
        |rng: &mut ChaCha8Rng, lo: i64, hi: i64| Duration::minutes(rng.random_range(lo..=hi));
    // A follow-up answered: mostly within the day, now and then late, never after now.
    if t.group == Group::Consult && !slot.resolved && !slot.keep_open {
        let mut done = if rng.random_bool(0.9) {
            end + mins(rng, 20, 22 * 60)
        } else {
            end + mins(rng, 24 * 60, 40 * 60)
        };
        if done >= now {
            let span = (now - end).num_seconds().max(2);
            done = end + Duration::seconds(rng.random_range(span / 5..span.max(span / 5 + 1)));
        }
        let by = agents[pick_agent(rng, agents, t.group)].0;
        tx.prepare_cached(
            "UPDATE calls SET follow_up_done_at = ?1, follow_up_done_by = ?2,
                follow_up_note = ?3, version = version + 1 WHERE id = ?4",
        )?
        .execute(params![
            to_db(done),
            by,
            pick(rng, FOLLOW_UP_NOTES),
            saved.call_id
        ])?;
    }
    if let Some(rescue_id) = saved.rescue_id {
        let dispatch = match rng.random_range(0..100) {
            0..55 => Dispatch::Technician,
            55..80 => Dispatch::Tow,
            _ => Dispatch::PhoneGuidance,
        };
        let technician = pick(rng, TECHNICIANS);
        let eta = pick(rng, ETAS);
        let contacted = if rng.random_bool(0.94) {
            end + mins(rng, 3, 20)
        } else {
            end + mins(rng, 31, 50)
        };
        let dispatched = contacted + mins(rng, 2, 12);
        let closed = dispatched + mins(rng, 30, 180);
        let result = pick(
            rng,
            match dispatch {
                Dispatch::Technician => RESULTS_TECHNICIAN,
                Dispatch::Tow => RESULTS_TOW,
                Dispatch::PhoneGuidance => RESULTS_PHONE,
            },
        );
        match slot.special {
            Special::RescueWaiting | Special::RescueOverdue => {}
            Special::RescueDispatched => {
                let contacted = end + mins(rng, 4, 9);
                let dispatched = contacted + mins(rng, 3, 8);
                tx.prepare_cached(
                    "UPDATE rescue_cases SET contacted_at = ?1, contacted_by = ?2, dispatch = ?3,
                        technician = ?4, eta = ?5, dispatched_at = ?6, dispatched_by = ?2,
                        version = version + 2 WHERE id = ?7",
                )?
                .execute(params![
                    to_db(contacted),
                    agent_id,
                    Dispatch::Technician.code(),
                    technician,
                    eta,
                    to_db(dispatched),
                    rescue_id
                ])?;
            }
            Special::None | Special::OpenFollowUp => {
                tx.prepare_cached(
                    "UPDATE rescue_cases SET contacted_at = ?1, contacted_by = ?2, dispatch = ?3,
                        technician = ?4, eta = ?5, dispatched_at = ?6, dispatched_by = ?2,
                        result = ?7, closed_at = ?8, closed_by = ?2, version = version + 3
                     WHERE id = ?9",
                )?
                .execute(params![
                    to_db(contacted),
                    agent_id,
                    dispatch.code(),
                    technician,
                    eta,
                    to_db(dispatched),
                    result,
                    to_db(closed),
                    rescue_id
                ])?;
            }
        }
    }
    if let Some(complaint_id) = saved.complaint_id {
        work_complaint(
            tx,
            rng,
            complaint_id,
            slot.start,
            now,
            Some(agent_id),
            tz,
            time,
        )?;
    }
    Ok(())
}
