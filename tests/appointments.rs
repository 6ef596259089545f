//! Appointments against a real store file: booking under the capacity rules, loaner cars
//! and overbooking, the lifecycle with its repair order, cancelling, no-shows on a fixed
//! clock and rescheduling. The rest (reminders, the day printout, two agents racing for a
//! bay, the demo bookings and the figures) is in `appointments_days.rs`.

use chrono::Duration;
use frontdesk::domain::appointments::{
    Availability, CancelReason, CancelledBy, Completion, Part, Status, Transition, Transport,
};
use frontdesk::domain::archive::RepairKind;
use frontdesk::i18n::Lang;
use frontdesk::store::appointments::{self as sa, BookError, Reschedule, StepError};
use frontdesk::store::{audit, files};

mod support;
use support::appointments_fx::*;

#[test]
fn booking_checks_capacity_and_offers_free_slots() {
    let mut f = fx(4);
    let id = f.book(f.booking(0, 0, 0, at(24, 10, 0))).unwrap();
    let b = sa::get(f.db.conn(), id).unwrap();
    assert_eq!(b.row.status, Status::Booked);
    assert_eq!(
        b.row.end - b.row.start,
        Duration::minutes(60),
        "from the service"
    );
    assert_eq!(b.row.plate.as_deref(), Some("粤B00000"));

    // Touching on the same bay and advisor: fine.
    f.book(f.booking(1, 0, 0, at(24, 11, 0))).unwrap();
    // Overlapping on the same bay with another advisor: refused, naming the bay.
    let err = f.book(f.booking(2, 1, 0, at(24, 10, 30))).unwrap_err();
    assert_eq!(err.limit_codes(), ["bay"]);
    let BookError::Refused { free, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(free.len(), 3);
    assert!(free.iter().all(|s| s.start >= at(24, 10, 30)));
    let msg = err.message(Lang::Zh);
    assert!(msg.contains("1号工位") && msg.contains("可约时段"), "{msg}");
    assert!(err.message(Lang::En).contains("Free instead"));
    // Same time, another bay and advisor: fine.
    f.book(f.booking(2, 1, 1, at(24, 10, 0))).unwrap();
    // The same car twice at once: refused.
    let err = f.book(f.booking(0, 2, 2, at(24, 10, 30))).unwrap_err();
    assert_eq!(err.limit_codes(), ["vehicle"]);
    // Closing time, the past.
    let err = f.book(f.booking(3, 3, 3, at(24, 17, 30))).unwrap_err();
    assert_eq!(err.limit_codes(), ["outside_hours"]);
    let err = f.book(f.booking(3, 3, 3, at(23, 9, 0))).unwrap_err();
    assert_eq!(err.limit_codes(), ["in_past"]);
    // Unknown advisor: the form is refused before any rule.
    let mut bad = f.booking(3, 0, 0, at(24, 14, 0));
    bad.advisor = "无名".into();
    assert!(matches!(f.book(bad), Err(BookError::Invalid(_))));
    // A vehicle that is not the customer's.
    let mut bad = f.booking(3, 0, 0, at(24, 14, 0));
    bad.vehicle_id = f.cars[0].1;
    assert!(matches!(f.book(bad), Err(BookError::WrongVehicle)));
    assert_eq!(sa::day(f.db.conn(), date(24), TZ).unwrap().len(), 3);
}

#[test]
fn loaner_cars_and_overbooking() {
    let mut f = fx(4);
    for car in 0..2 {
        let mut b = f.booking(car, car, car, at(24, 9, 0));
        b.transport = Transport::Loaner;
        f.book(b).unwrap();
    }
    let mut b = f.booking(2, 2, 2, at(24, 14, 0));
    b.transport = Transport::Loaner;
    let err = f.book(b.clone()).unwrap_err();
    assert_eq!(err.limit_codes(), ["loaners"]);
    // An agent may not overbook; a supervisor may, with a reason, and it shows as overflow.
    let r = sa::book(
        &mut f.db,
        f.agent,
        &f.setup,
        b.clone(),
        now(),
        Some("老客户急用".into()),
    );
    assert!(matches!(r, Err(BookError::NotSupervisor)));
    let r = sa::book(
        &mut f.db,
        f.sup,
        &f.setup,
        b.clone(),
        now(),
        Some("  ".into()),
    );
    assert!(matches!(r, Err(BookError::NoOverbookReason)));
    let id = sa::book(
        &mut f.db,
        f.sup,
        &f.setup,
        b,
        now(),
        Some("老客户急用".into()),
    )
    .unwrap();
    let got = sa::get(f.db.conn(), id).unwrap();
    assert!(got.row.overflow);
    assert_eq!(got.overflow_reason.as_deref(), Some("老客户急用"));
    let log = audit::for_entity(f.db.conn(), "appointment", id, 10).unwrap();
    assert!(log.iter().any(|e| e.action == "overbook"));
    // Overbooking never passes the hard rules.
    let mut late = f.booking(3, 3, 3, at(24, 17, 30));
    late.transport = Transport::Wait;
    let r = sa::book(&mut f.db, f.sup, &f.setup, late, now(), Some("x".into()));
    assert_eq!(r.unwrap_err().limit_codes(), ["outside_hours"]);
    let days = sa::week_counts(f.db.conn(), date(23), TZ).unwrap();
    assert_eq!(days[1].total, 3);
    assert_eq!(days[1].overflow, 1);
}

#[test]
fn a_late_part_needs_confirmation() {
    let mut f = fx(1);
    let mut b = f.booking(0, 0, 0, at(25, 10, 0));
    b.parts = vec![Part {
        name: "前刹车片".into(),
        availability: Availability::ToOrder { expected: date(26) },
        quote_fen: 68_000,
    }];
    let err = f.book(b.clone()).unwrap_err();
    assert!(matches!(err, BookError::NeedsConfirmation(ref w) if w.len() == 1));
    assert!(err.message(Lang::Zh).contains("前刹车片"));
    b.parts_late_ok = true;
    let id = f.book(b).unwrap();
    assert_eq!(sa::get(f.db.conn(), id).unwrap().parts.len(), 1);
}

#[test]
fn lifecycle_opens_the_repair_order() {
    let mut f = fx(1);
    assert!(sa::is_first_time(f.db.conn(), f.cars[0].0).unwrap());
    let id = f.book(f.booking(0, 0, 0, at(23, 14, 0))).unwrap();
    assert_eq!(
        f.step(id, Transition::Confirm, at(23, 9, 40)).unwrap(),
        Status::Confirmed
    );
    let b = sa::get(f.db.conn(), id).unwrap();
    let text = b.confirmation.unwrap();
    assert!(
        text.contains(&f.setup.address) && text.contains("14:00"),
        "{text}"
    );
    // Out of order: refused, nothing written.
    let err = f
        .step(id, Transition::StartService, at(23, 9, 45))
        .unwrap_err();
    assert!(matches!(err, StepError::Refused(_)));
    assert!(err.message(Lang::Zh).contains("已确认"));
    assert_eq!(
        f.step(id, Transition::Remind, at(23, 11, 0)).unwrap(),
        Status::Reminded
    );
    assert_eq!(
        f.step(id, Transition::Arrive, at(23, 13, 50)).unwrap(),
        Status::Arrived
    );
    f.step(id, Transition::StartService, at(23, 14, 5)).unwrap();
    let done = Completion {
        kind: RepairKind::Maintenance,
        amount_fen: 58_000,
        mileage_km: 31_000,
        ..Default::default()
    };
    assert_eq!(
        f.step(id, Transition::Complete(done), at(23, 15, 0))
            .unwrap(),
        Status::Completed
    );
    let b = sa::get(f.db.conn(), id).unwrap();
    assert_eq!(b.row.wait(now()), Some(Duration::minutes(15)));
    let ro_id = b.repair_order_id.unwrap();
    let orders = files::repair_orders(f.db.conn(), f.cars[0].1, 10).unwrap();
    let ro = orders.iter().find(|o| o.id == ro_id).unwrap();
    assert_eq!(ro.data.ro_number, "RO202611230001");
    assert_eq!(ro.data.closed, Some(date(23)));
    assert_eq!(ro.data.advisor, f.setup.advisors[0]);
    assert_eq!(ro.data.items, ["常规保养"]);
    assert_eq!((ro.data.amount_fen, ro.data.mileage_km), (58_000, 31_000));
    let kinds: Vec<String> = sa::events(f.db.conn(), id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            "book",
            "confirm",
            "remind",
            "arrive",
            "start_service",
            "complete"
        ]
    );
    let log = audit::for_entity(f.db.conn(), "appointment", id, 20).unwrap();
    assert_eq!(log.len(), 6);
    assert!(log.iter().all(|e| e.agent.as_deref() == Some("1002 陈静")));
    assert!(!sa::is_first_time(f.db.conn(), f.cars[0].0).unwrap());
    let n = sa::numbers(f.db.conn(), date(23), date(23), TZ).unwrap();
    assert_eq!((n.showed, n.show_up_rate), (1, Some(1.0)));
    assert_eq!(n.average_wait, Some(Duration::minutes(15)));
}

/// Reminded before anyone confirmed it: the confirmation is still made and kept (the
/// booking stays reminded), once.
#[test]
fn a_booking_reminded_first_is_still_confirmed() {
    let mut f = fx(1);
    let id = f.book(f.booking(0, 0, 0, at(24, 10, 0))).unwrap();
    assert_eq!(
        f.step(id, Transition::Remind, at(23, 10, 0)).unwrap(),
        Status::Reminded
    );
    assert_eq!(sa::get(f.db.conn(), id).unwrap().confirmation, None);
    assert_eq!(
        f.step(id, Transition::Confirm, at(23, 10, 5)).unwrap(),
        Status::Reminded
    );
    let b = sa::get(f.db.conn(), id).unwrap();
    assert_eq!(b.row.status, Status::Reminded);
    assert!(b.confirmation.unwrap().contains(&f.setup.address));
    let err = f.step(id, Transition::Confirm, at(23, 10, 6)).unwrap_err();
    assert!(matches!(err, StepError::Refused(_)), "{err:?}");
    let kinds: Vec<String> = sa::events(f.db.conn(), id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, ["book", "remind", "confirm"]);
}

#[test]
fn cancelling_needs_a_reason_and_nothing_is_deleted() {
    let mut f = fx(1);
    let id = f.book(f.booking(0, 0, 0, at(24, 10, 0))).unwrap();
    let cancel = |note: &str| Transition::Cancel {
        reason: CancelReason::ScheduleChanged,
        note: note.into(),
        by: CancelledBy::Store,
    };
    assert!(matches!(
        f.step(id, cancel(""), now()),
        Err(StepError::Refused(_))
    ));
    assert_eq!(
        f.step(id, cancel("技师请假"), now()).unwrap(),
        Status::Cancelled
    );
    let b = sa::get(f.db.conn(), id).unwrap();
    assert_eq!(b.cancel_reason, Some(CancelReason::ScheduleChanged));
    assert_eq!(b.cancelled_by, Some(CancelledBy::Store));
    assert!(
        f.db.conn()
            .execute("DELETE FROM appointments WHERE id = ?1", [id])
            .is_err()
    );
    assert!(
        f.db.conn()
            .execute("DELETE FROM appointment_events", [])
            .is_err()
    );
    // A cancelled booking frees its slot.
    f.book(f.booking(0, 0, 0, at(24, 10, 0))).unwrap();
    let n = sa::numbers(f.db.conn(), date(24), date(24), TZ).unwrap();
    assert_eq!(
        n.cancellations.get(&CancelReason::ScheduleChanged),
        Some(&1)
    );
    assert_eq!(n.cancelled_by_store, 1);
}

#[test]
fn no_shows_follow_the_grace_period_on_a_fixed_clock() {
    let mut f = fx(2);
    let id = f.book(f.booking(0, 0, 0, at(23, 10, 0))).unwrap();
    let other = f.book(f.booking(1, 1, 1, at(23, 10, 30))).unwrap();
    f.step(id, Transition::Confirm, at(23, 9, 31)).unwrap();
    let grace = f.setup.grace;
    let marked =
        sa::mark_no_shows(&mut f.db, at(23, 10, 29) + Duration::seconds(59), grace).unwrap();
    assert!(marked.is_empty(), "still within the grace period");
    let marked = sa::mark_no_shows(&mut f.db, at(23, 10, 30), grace).unwrap();
    assert_eq!(marked, [id]);
    assert_eq!(sa::no_show_count(f.db.conn(), f.cars[0].0).unwrap(), 1);
    assert_eq!(
        sa::get(f.db.conn(), other).unwrap().row.status,
        Status::Booked
    );
    // By hand, before the grace period: refused.
    let err = f
        .step(other, Transition::MarkNoShow, at(23, 10, 45))
        .unwrap_err();
    assert!(err.message(Lang::En).contains("11:00"), "{err}");
    // Undo restores the state before it.
    assert_eq!(
        f.step(id, Transition::UndoNoShow, at(23, 10, 40)).unwrap(),
        Status::Confirmed
    );
    assert_eq!(sa::no_show_count(f.db.conn(), f.cars[0].0).unwrap(), 0);
    // The automatic run leaves an undone no-show alone; the late arrival checks in.
    assert_eq!(
        sa::mark_no_shows(&mut f.db, at(23, 11, 0), grace).unwrap(),
        [other]
    );
    assert_eq!(
        f.step(id, Transition::Arrive, at(23, 11, 5)).unwrap(),
        Status::Arrived
    );
    let b = sa::get(f.db.conn(), id).unwrap();
    assert!(b.no_show_at.is_none());
    let auto = sa::events(f.db.conn(), other).unwrap();
    assert_eq!(auto.last().unwrap().kind, "no_show");
    assert_eq!(auto.last().unwrap().agent, None, "marked by the system");
    let n = sa::numbers(f.db.conn(), date(23), date(23), TZ).unwrap();
    assert_eq!((n.showed, n.no_shows), (1, 1));
    let board = sa::arrivals(f.db.conn(), date(23), TZ).unwrap();
    assert_eq!(board.len(), 1);
}

#[test]
fn rescheduling_keeps_the_history() {
    let mut f = fx(2);
    let id = f.book(f.booking(0, 0, 0, at(24, 10, 0))).unwrap();
    f.book(f.booking(1, 1, 1, at(24, 14, 0))).unwrap();
    // Moving half an hour later overlaps only with itself: fine.
    let to = Reschedule {
        start: at(24, 10, 30),
        note: "客户晚到".into(),
        ..Default::default()
    };
    let new_id = sa::reschedule(&mut f.db, f.agent, &f.setup, id, to, now(), None).unwrap();
    let old = sa::get(f.db.conn(), id).unwrap();
    let new = sa::get(f.db.conn(), new_id).unwrap();
    assert_eq!(old.row.status, Status::Rescheduled);
    assert_eq!(old.row.start, at(24, 10, 0));
    assert_eq!(new.rescheduled_from, Some(id));
    assert_eq!(new.row.end - new.row.start, Duration::minutes(60));
    assert_eq!(
        sa::events(f.db.conn(), id).unwrap().last().unwrap().kind,
        "reschedule"
    );
    // Onto a taken bay: refused, with offers.
    let to = Reschedule {
        start: at(24, 14, 0),
        bay: Some(f.setup.bays[1].clone()),
        ..Default::default()
    };
    let err = sa::reschedule(&mut f.db, f.agent, &f.setup, new_id, to, now(), None).unwrap_err();
    assert_eq!(err.limit_codes(), ["bay"]);
    // A rescheduled booking cannot be moved again.
    let to = Reschedule {
        start: at(24, 16, 0),
        ..Default::default()
    };
    let err = sa::reschedule(&mut f.db, f.agent, &f.setup, id, to, now(), None).unwrap_err();
    assert!(matches!(err, BookError::Step(_)));
    let day = sa::day(f.db.conn(), date(24), TZ).unwrap();
    assert_eq!(day.len(), 2, "the moved-away booking is not listed");
    let n = sa::numbers(f.db.conn(), date(24), date(24), TZ).unwrap();
    assert_eq!(n.bookings, 2);
}
