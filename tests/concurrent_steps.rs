//! Two agents taking the same step at once, on two connections to one store file: every
//! step on a complaint, rescue case, booking and callback task carries the version the
//! agent's screen showed; the second step is refused naming what the first did, in both
//! languages, and nothing of it is written.

mod support;

use chrono::Duration;
use frontdesk::domain::appointments::{Status, Transition};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::{Kind, Outcome, Rules};
use frontdesk::domain::calls::{Channel, Direction};
use frontdesk::domain::complaints::{Category, ConfirmHow, Event, EventKind};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::appointments::{self as sa, StepError};
use frontdesk::store::callbacks::{self as cb, AttemptInput, QueueFilter};
use frontdesk::store::calls::{self, NewCall, RescueStep};
use frontdesk::store::complaints::{self as sc, NewComplaint};
use frontdesk::store::{Actor, Db, StoreError};
use support::appointments_fx::*;

/// The refusal in both languages (panics when the step was not refused that way).
fn said(e: StoreError) -> (String, String) {
    let zh = e.message(Lang::Zh);
    let en = e.message(Lang::En);
    assert!(
        matches!(e, StoreError::Said { .. }),
        "not a worded refusal: {e:?}"
    );
    (zh, en)
}

fn agent(f: &mut Fx, emp: &str, name: &str) -> Actor {
    let a = agents::ensure(&mut f.db, f.sup, emp, name, Role::Agent).unwrap();
    Actor {
        agent_id: Some(a.id),
        at: now(),
    }
}

#[test]
fn the_second_of_two_complaint_steps_is_refused_naming_the_first() {
    let mut f = fx(1);
    let a = agent(&mut f, "1004", "王磊");
    let b = agent(&mut f, "1005", "赵敏");
    let c = NewComplaint {
        customer_id: Some(f.cars[0].0),
        vehicle_id: Some(f.cars[0].1),
        call_id: None,
        channel: "phone".into(),
        received_at: now(),
        category: Category::Attitude,
        loss_yuan: None,
        severity_by_hand: None,
        station: "前台".into(),
        summary: "服务态度".into(),
        demand: "道歉".into(),
        handler_id: None,
    };
    let id = sc::register(&mut f.db, f.agent, &c).unwrap();
    let mut other = Db::open(&f.path).unwrap();

    // Both agents' screens show the complaint as registered.
    let seen_a = sc::last_event_id(f.db.conn(), id).unwrap();
    let seen_b = sc::last_event_id(other.conn(), id).unwrap();
    assert_eq!(seen_a, seen_b);
    let t = now() + Duration::minutes(5);
    let assign = |to: Actor| {
        Event::new(
            t,
            to.agent_id.unwrap(),
            EventKind::HandlerAssigned {
                handler: to.agent_id.unwrap(),
            },
        )
    };
    sc::append_seen(&mut f.db, id, seen_a, assign(a), TZ).unwrap();
    let err = sc::append_seen(&mut other, id, seen_b, assign(b), TZ).unwrap_err();
    let (zh, en) = said(err);
    assert!(zh.contains("投诉 #") && zh.contains("1004 王磊"), "{zh}");
    assert!(zh.contains("指定处理人"), "{zh}");
    assert!(
        en.contains("1004 王磊") && en.contains("assign a handler"),
        "{en}"
    );
    // A's assignment stands; B's was not written.
    let row = sc::get(other.conn(), id).unwrap();
    assert_eq!(row.handler.as_deref(), Some("1004 王磊"));
    let assigned = sc::events(other.conn(), id)
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e.kind, EventKind::HandlerAssigned { .. }))
        .count();
    assert_eq!(assigned, 1);

    // After reloading, B's step goes through on the version B now sees.
    let seen_b = sc::last_event_id(other.conn(), id).unwrap();
    let contacted = Event::new(t, b.agent_id.unwrap(), EventKind::Contacted);
    sc::append_seen(&mut other, id, seen_b, contacted, TZ).unwrap();

    // Through to resolved; then two different customer confirmations at once.
    let by = a.agent_id.unwrap();
    for kind in [
        EventKind::Investigating,
        EventKind::Resolved {
            resolution: "已道歉并赠送保养".into(),
        },
    ] {
        let seen = sc::last_event_id(f.db.conn(), id).unwrap();
        sc::append_seen(&mut f.db, id, seen, Event::new(t, by, kind), TZ).unwrap();
    }
    let seen = sc::last_event_id(f.db.conn(), id).unwrap();
    let confirm = |who: &str, satisfaction| {
        Event::new(
            t,
            by,
            EventKind::Confirmed {
                who: who.into(),
                how: ConfirmHow::Phone,
                satisfaction,
            },
        )
    };
    sc::append_seen(&mut f.db, id, seen, confirm("客户本人", 5), TZ).unwrap();
    let (zh, en) =
        said(sc::append_seen(&mut other, id, seen, confirm("客户家属", 2), TZ).unwrap_err());
    assert!(
        zh.contains("客户本人"),
        "names the first confirmation: {zh}"
    );
    assert!(en.contains("customer's confirmation"), "{en}");
    let confirmations = sc::events(other.conn(), id)
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e.kind, EventKind::Confirmed { .. }))
        .count();
    assert_eq!(confirmations, 1, "only one confirmation stored");
}

fn rescue_call(customer_id: i64, vehicle_id: i64) -> NewCall {
    let set = TemplateSet::builtin();
    let t = set
        .get("rescue_roadside")
        .expect("built-in rescue template");
    NewCall {
        customer_id: Some(customer_id),
        vehicle_id: Some(vehicle_id),
        direction: Direction::Inbound,
        channel: Channel::Phone,
        template_id: t.id.clone(),
        template_version: t.version,
        group: t.group,
        fields: [("location".to_string(), "高速服务区".to_string())].into(),
        sentence: "救援".into(),
        resolved: false,
        completeness: 80,
        started_at: now(),
    }
}

#[test]
fn the_second_of_two_rescue_steps_is_refused_naming_the_first() {
    let mut f = fx(1);
    let a = agent(&mut f, "1004", "王磊");
    let b = agent(&mut f, "1005", "赵敏");
    let saved = calls::save(&mut f.db, f.agent, &rescue_call(f.cars[0].0, f.cars[0].1)).unwrap();
    let rid = saved.rescue_id.expect("a rescue case");
    let mut other = Db::open(&f.path).unwrap();
    let seen = calls::rescue(other.conn(), rid).unwrap().version;

    // A dispatches a technician; B, on the same screen state, dispatches a tow truck.
    let tech = RescueStep::Dispatched {
        how: frontdesk::domain::calls::Dispatch::Technician,
        technician: "李师傅".into(),
        eta: "10:40".into(),
    };
    calls::rescue_step_seen(&mut f.db, a, rid, seen, &tech).unwrap();
    let tow = RescueStep::Dispatched {
        how: frontdesk::domain::calls::Dispatch::Tow,
        technician: String::new(),
        eta: "11:00".into(),
    };
    let (zh, en) = said(calls::rescue_step_seen(&mut other, b, rid, seen, &tow).unwrap_err());
    assert!(
        zh.contains(&format!("救援 #{rid}")) && zh.contains("1004 王磊"),
        "{zh}"
    );
    assert!(zh.contains("李师傅"), "names the dispatch: {zh}");
    assert!(
        en.contains("1004 王磊") && en.contains("dispatched"),
        "{en}"
    );
    let r = calls::rescue(other.conn(), rid).unwrap();
    assert_eq!(
        r.technician.as_deref(),
        Some("李师傅"),
        "A's dispatch stands"
    );
    assert_eq!(r.version, seen + 1, "B wrote nothing");

    // On the version B now sees, B's step is taken.
    calls::rescue_step_seen(
        &mut other,
        b,
        rid,
        r.version,
        &RescueStep::Closed {
            result: "已修复".into(),
        },
    )
    .unwrap();
    assert!(calls::rescue(f.db.conn(), rid).unwrap().closed_at.is_some());
}

#[test]
fn the_second_of_two_booking_steps_is_refused_naming_the_first() {
    let mut f = fx(1);
    let b = f.booking(0, 0, 0, at(23, 10, 0));
    let id = f.book(b).unwrap();
    let mut other = Db::open(&f.path).unwrap();
    let other_agent = agent(&mut f, "1005", "赵敏");
    let seen = sa::get(other.conn(), id).unwrap().version;
    assert_eq!(sa::get(f.db.conn(), id).unwrap().row.version, seen);

    // A checks the customer in; B, not yet reloaded, cancels.
    sa::transition_seen(
        &mut f.db,
        f.agent,
        &f.setup,
        id,
        seen,
        Transition::Arrive,
        now(),
    )
    .unwrap();
    let cancel = Transition::Cancel {
        reason: frontdesk::domain::appointments::CancelReason::ScheduleChanged,
        note: String::new(),
        by: frontdesk::domain::appointments::CancelledBy::Customer,
    };
    let err = sa::transition_seen(&mut other, other_agent, &f.setup, id, seen, cancel, now())
        .unwrap_err();
    let StepError::Store(e) = err else {
        panic!("refused by the guard, not by the version: {err:?}")
    };
    let (zh, en) = said(e);
    assert!(
        zh.contains(&format!("预约 #{id}")) && zh.contains("1002 陈静"),
        "{zh}"
    );
    assert!(zh.contains("登记到店"), "{zh}");
    assert!(en.contains("check in"), "{en}");
    let now_b = sa::get(other.conn(), id).unwrap();
    assert_eq!(now_b.row.status, Status::Arrived, "A's check-in stands");
    assert_eq!(now_b.version, seen + 1);
}

#[test]
fn the_second_of_two_callback_steps_is_refused_naming_the_first() {
    let mut f = fx(1);
    let b = f.booking(0, 0, 0, at(24, 10, 0));
    f.book(b).unwrap();
    let rules = Rules::builtin();
    cb::plan(
        &mut f.db,
        f.sup,
        date(23),
        TZ,
        &rules,
        &BusinessCalendar::builtin(),
    )
    .unwrap();
    let filter = QueueFilter {
        kind: Some(Kind::Appointment),
        ..Default::default()
    };
    let mut other = Db::open(&f.path).unwrap();
    let other_agent = agent(&mut f, "1005", "赵敏");
    let row = cb::queue(other.conn(), &filter, date(23), 10)
        .unwrap()
        .remove(0);
    let seen = row.version;

    // A claims the task; B, looking at the same queue, claims it too.
    cb::claim_seen(&mut f.db, &rules, f.agent, row.id, seen).unwrap();
    let (zh, en) = said(cb::claim_seen(&mut other, &rules, other_agent, row.id, seen).unwrap_err());
    assert!(zh.contains(&format!("回访任务 #{}", row.id)), "{zh}");
    assert!(zh.contains("1002 陈静") && zh.contains("已领取"), "{zh}");
    assert!(en.contains("claimed"), "{en}");

    // A records the call; the supervisor, on the version before it, reassigns: refused.
    let seen = cb::queue(f.db.conn(), &filter, date(23), 10).unwrap()[0].version;
    let input = AttemptInput {
        outcome: Outcome::NoAnswer,
        scores: Default::default(),
        notes: String::new(),
        complaint: None,
        rsvp: None,
    };
    let t = at(23, 10, 0).with_timezone(&TZ);
    cb::record_attempt_seen(&mut f.db, &rules, f.agent, row.id, seen, &input, t).unwrap();
    let sup = f.sup;
    let (zh, _) =
        said(cb::reassign_seen(&mut other, sup, row.id, other_agent.agent_id, seen).unwrap_err());
    assert!(zh.contains("已记录拨打结果"), "{zh}");
    let after = cb::task(other.conn(), &rules, row.id, date(23)).unwrap();
    assert_eq!(after.row.claimed_by, f.agent.agent_id, "still A's");
    // A second attempt on the old version is refused too; on the new one it is recorded.
    assert!(cb::record_attempt_seen(&mut other, &rules, f.agent, row.id, seen, &input, t).is_err());
    assert_eq!(after.row.attempts, 1);
    cb::release_seen(&mut other, f.agent, row.id, after.row.version).unwrap();
}

#[test]
fn reminder_outcomes_and_reschedules_are_taken_on_the_booking_as_shown() {
    use frontdesk::domain::appointments::ReminderOutcome;
    let mut f = fx(1);
    let b = f.booking(0, 0, 0, at(24, 10, 0));
    let id = f.book(b).unwrap();
    let mut other = Db::open(&f.path).unwrap();
    let other_agent = agent(&mut f, "1005", "赵敏");
    // Both agents see tomorrow's reminder call.
    let row = sa::confirm_tomorrow(other.conn(), date(23), TZ)
        .unwrap()
        .into_iter()
        .find(|r| r.booking.id == id)
        .expect("the day-before call");
    let seen = row.booking.version;
    sa::record_reminder_outcome_seen(
        &mut f.db,
        f.agent,
        &f.setup,
        (row.id, seen),
        ReminderOutcome::Unreachable,
        now(),
    )
    .unwrap();
    let cancel = ReminderOutcome::Cancel {
        reason: frontdesk::domain::appointments::CancelReason::ScheduleChanged,
        note: String::new(),
    };
    let err = sa::record_reminder_outcome_seen(
        &mut other,
        other_agent,
        &f.setup,
        (row.id, seen),
        cancel,
        now(),
    )
    .unwrap_err();
    let StepError::Store(e) = err else {
        panic!("not a version refusal: {err:?}")
    };
    let (zh, en) = said(e);
    assert!(
        zh.contains("1002 陈静") && zh.contains("提醒电话结果"),
        "{zh}"
    );
    assert!(en.contains("reminder call outcome"), "{en}");
    assert_eq!(
        sa::get(other.conn(), id).unwrap().row.status,
        Status::Booked,
        "not cancelled behind the first agent's back"
    );

    // Two agents move the same booking: the second is told of the first.
    let seen = sa::get(other.conn(), id).unwrap().version;
    let to = |h: u32| sa::Reschedule {
        start: at(25, h, 0),
        minutes: None,
        advisor: None,
        bay: None,
        parts_late_ok: false,
        note: "客户改时间".into(),
    };
    sa::reschedule_seen(&mut f.db, f.agent, &f.setup, id, seen, to(10), now(), None).unwrap();
    let err = sa::reschedule_seen(
        &mut other,
        other_agent,
        &f.setup,
        id,
        seen,
        to(14),
        now(),
        None,
    )
    .unwrap_err();
    let msg = err.message(Lang::Zh);
    assert!(msg.contains("1002 陈静") && msg.contains("改期"), "{msg}");
    let moved: i64 = other
        .conn()
        .query_row(
            "SELECT count(*) FROM appointments WHERE rescheduled_from = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(moved, 1, "one new booking, not two");
}
