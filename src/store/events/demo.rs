//! The demo store's customer events: a self-drive tour of the customer club held two days
//! ago (invited, answered, checked in, feedback calls planned) and a knowledge talk in five
//! days (invited, some answers taken on the invitation call, some on the event page).

use super::invite::{Planning, invite};
use super::{answer, check_in, create, get, invitees};
use crate::domain::calendar::BusinessCalendar;
use crate::domain::callbacks::{Channel, Outcome, Rules, mix};
use crate::domain::events::{Answer, EventData, EventKind, Rsvp, TargetRule};
use crate::store::callbacks::{AttemptInput, record_attempt};
use crate::store::{Actor, Db, StoreError, agents};
use chrono::{Days, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

fn at(tz: Tz, day: NaiveDate, h: u32, m: u32) -> chrono::DateTime<Tz> {
    let t = day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default());
    tz.from_local_datetime(&t)
        .earliest()
        .unwrap_or_else(|| tz.from_utc_datetime(&t))
}

fn actor(agent: Option<i64>, t: chrono::DateTime<Tz>) -> Actor {
    Actor {
        agent_id: agent,
        at: t.with_timezone(&chrono::Utc),
    }
}

/// An invitee's answer and party (1 to 3, two on average). Of the invited, as many say
/// yes as fill `fill` of the event's `capacity` seats (a store invites every customer the
/// rule finds, far more than it seats, and most decline or never answer): the demo's
/// events stand near full, not ten times over.
fn pick(id: i64, seed: u64, yes_per_mille: u64) -> (Option<Answer>, u32) {
    let h = mix(id, seed ^ 0xE7E7);
    let answer = match h % 1000 {
        x if x < yes_per_mille => Some(Answer::Yes),
        x if x < 400 => Some(Answer::No),
        x if x < 450 => Some(Answer::Maybe),
        _ => None,
    };
    (answer, 1 + u32::try_from((h >> 16) % 3).unwrap_or(0))
}

/// Yes answers per thousand invitees that fill about `fill` percent of `capacity` seats,
/// two seats a party (at most 300 in a thousand).
fn yes_rate(capacity: u32, invited: usize, fill: u64) -> u64 {
    let invited = u64::try_from(invited).unwrap_or(u64::MAX).max(1);
    (u64::from(capacity) * fill * 10 / (invited * 2)).min(300)
}

/// Adds the demo's two events. Returns how many invitees they have.
pub fn fill_events(db: &mut Db, tz: Tz, today: NaiveDate, seed: u64) -> Result<usize, StoreError> {
    let rules = Rules::builtin();
    let cal = BusinessCalendar::builtin();
    let agent = |db: &Db, emp: &str| agents::by_emp_no(db, emp).ok().flatten().map(|a| a.id);
    let (sup, desk) = (agent(db, "1001"), agent(db, "1002"));
    let minus = |n: u64| today.checked_sub_days(Days::new(n)).unwrap_or(today);
    let plus = |n: u64| today.checked_add_days(Days::new(n)).unwrap_or(today);
    let mut total = 0;

    // The club's tour, two days ago: invited twelve days before it.
    let day = minus(2);
    let tour = EventData {
        title: "车友会秋季自驾游·从化温泉".into(),
        kind: EventKind::Tour,
        starts_at: day.and_hms_opt(8, 30, 0).unwrap_or_default(),
        place: "本店门口集合（大巴随行）".into(),
        capacity: 40,
        target: TargetRule {
            brand: "大众".into(),
            region: "深圳".into(),
            ..Default::default()
        },
        channel: Channel::Call,
        notes: "每车最多 4 人；午餐由本店安排。".into(),
    };
    let invited_on = day.checked_sub_days(Days::new(12)).unwrap_or(day);
    let id = create(db, actor(sup, at(tz, invited_on, 9, 10)), &tour)?;
    let plan = |d: NaiveDate| Planning {
        today: d,
        tz,
        rules: &rules,
        cal: &cal,
    };
    let v = get(db.conn(), id)?.version;
    invite(
        db,
        actor(sup, at(tz, invited_on, 9, 15)),
        plan(invited_on),
        id,
        v,
    )?;
    let answered_on = invited_on
        .checked_add_days(Days::new(2))
        .unwrap_or(invited_on);
    let list = invitees(db.conn(), id)?;
    let yes = yes_rate(tour.capacity, list.len(), 90);
    for i in list {
        let (a, party) = pick(i.id, seed, yes);
        if let Some(a) = a {
            let rsvp = Rsvp::new(a, party).map_err(|(zh, _)| StoreError::Invalid(zh))?;
            answer(
                db,
                actor(desk, at(tz, answered_on, 10, 30)),
                i.id,
                i.version,
                rsvp,
            )?;
        }
    }
    for i in invitees(db.conn(), id)? {
        // Most who said yes came; a few who had not answered came anyway.
        let came = match i.answer {
            Some(Answer::Yes) => mix(i.id, seed ^ 0xA77) % 10 < 8,
            None => mix(i.id, seed ^ 0xA77) % 100 < 1,
            _ => false,
        };
        if came {
            check_in(
                db,
                actor(desk, at(tz, day, 8, 15)),
                plan(day),
                i.id,
                i.version,
                true,
            )?;
        }
    }
    total += invitees(db.conn(), id)?.len();

    // The knowledge talk in five days: invited two days ago.
    let day = plus(5);
    let talk = EventData {
        title: "新能源车冬季用车知识讲座".into(),
        kind: EventKind::Talk,
        starts_at: day.and_hms_opt(14, 0, 0).unwrap_or_default(),
        place: "本店二楼客户休息区".into(),
        capacity: 50,
        target: TargetRule {
            brand: "比亚迪".into(),
            age_max: Some(4),
            ..Default::default()
        },
        channel: Channel::Call,
        notes: "讲解冬季续航、充电与电池保养；现场免费检测。".into(),
    };
    let invited_on = minus(2);
    let id = create(db, actor(sup, at(tz, invited_on, 9, 0)), &talk)?;
    let v = get(db.conn(), id)?.version;
    invite(
        db,
        actor(sup, at(tz, invited_on, 9, 5)),
        plan(invited_on),
        id,
        v,
    )?;
    let worked = minus(1);
    // Two days into the answers: about two thirds of the seats taken so far.
    let list = invitees(db.conn(), id)?;
    let yes = yes_rate(talk.capacity, list.len(), 65);
    for i in list {
        let (a, party) = pick(i.id, seed ^ 1, yes);
        let Some(a) = a else { continue };
        let rsvp = Rsvp::new(a, party).map_err(|(zh, _)| StoreError::Invalid(zh))?;
        let task = crate::store::callbacks::invite_task(db.conn(), i.id)?;
        match (mix(i.id, seed) % 3, task) {
            // Answered on the invitation call.
            (0 | 1, Some(t)) => {
                let now = at(tz, worked, 10, 0);
                let input = AttemptInput {
                    outcome: Outcome::Done,
                    scores: Default::default(),
                    notes: String::new(),
                    complaint: None,
                    rsvp: Some(rsvp),
                };
                // A task a customer may not be called for stays as it is.
                let _ = record_attempt(db, &rules, actor(desk, now), t, &input, now);
            }
            // Called the desk back and answered there.
            _ => {
                answer(
                    db,
                    actor(desk, at(tz, worked, 15, 20)),
                    i.id,
                    i.version,
                    rsvp,
                )?;
            }
        }
    }
    total += invitees(db.conn(), id)?.len();
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seats the yes answers of `invited` invitees take.
    fn seats(invited: i64, capacity: u32, fill: u64, seed: u64) -> u32 {
        let yes = yes_rate(capacity, usize::try_from(invited).unwrap_or(0), fill);
        (1..=invited)
            .filter_map(|id| match pick(id, seed, yes) {
                (Some(Answer::Yes), party) => Some(party),
                _ => None,
            })
            .sum()
    }

    /// However many customers the rule invites, the yes answers fill about the share of
    /// the seats asked for, not ten times the room.
    #[test]
    fn the_demo_events_stand_near_full_whatever_the_invitations() {
        for (invited, capacity, fill) in [(705, 40, 90), (1138, 50, 65), (20_000, 50, 90)] {
            for seed in [1, 7, 42] {
                let taken = f64::from(seats(invited, capacity, fill, seed));
                let want = f64::from(capacity) * fill as f64 / 100.0;
                assert!(
                    (want * 0.6..=want * 1.4).contains(&taken),
                    "{invited} invited, {capacity} seats: {taken} taken, about {want} wanted"
                );
            }
        }
        // Few invitees: at most 30% say yes, never more seats asked than answers allow.
        assert_eq!(yes_rate(50, 10, 90), 300);
        assert_eq!(yes_rate(50, 0, 90), 300);
    }
}
