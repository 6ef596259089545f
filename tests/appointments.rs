//! Appointments against a real store file: booking under the capacity rules (and two
//! agents racing for one bay), the lifecycle with its repair order, no-shows on a fixed
//! clock, rescheduling, reminders, the lists and numbers, and the demo bookings.

use chrono::Duration;
use frontdesk::domain::appointments::{
    self as da, Availability, CancelReason, CancelledBy, Completion, Part, ReminderOutcome, Status,
    Transition, Transport,
};
use frontdesk::domain::archive::RepairKind;
use frontdesk::i18n::Lang;
use frontdesk::store::appointments::{self as sa, BookError, NewBooking, Reschedule, StepError};
use frontdesk::store::{Actor, Db, audit, files};
use std::sync::{Arc, Barrier};

#[path = "support/appointments_fx.rs"]
mod fx;
use fx::*;

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

#[test]
fn reminders_and_the_confirm_tomorrow_list() {
    let mut f = fx(3);
    let a = f.book(f.booking(0, 0, 0, at(24, 9, 0))).unwrap();
    let b = f.book(f.booking(1, 1, 1, at(24, 10, 0))).unwrap();
    let c = f.book(f.booking(2, 2, 2, at(24, 11, 0))).unwrap();
    let today = f.book(f.booking(0, 3, 3, at(23, 15, 0))).unwrap();
    assert!(sa::due_reminders(f.db.conn(), now()).unwrap().is_empty());
    let due = sa::due_reminders(f.db.conn(), at(23, 16, 0)).unwrap();
    assert_eq!(due.len(), 4, "three day-before and one same-day");
    let same_day = due.iter().find(|r| r.booking.id == today).unwrap();
    assert_eq!(same_day.kind, da::ReminderKind::SameDay);
    assert!(same_day.text.contains("今天") && same_day.text.contains(&f.setup.address));
    let list = sa::confirm_tomorrow(f.db.conn(), date(23), TZ).unwrap();
    assert_eq!(
        list.iter().map(|r| r.booking.id).collect::<Vec<_>>(),
        [a, b, c]
    );
    assert!(list[0].text.contains("明天") && list[0].text.contains(&f.setup.address));
    let when = at(23, 16, 30);
    let (setup, agent) = (
        f.setup.clone(),
        Actor {
            at: when,
            ..f.agent
        },
    );
    let outcome =
        |db: &mut Db, rid, o| sa::record_reminder_outcome(db, agent, &setup, rid, o, when);
    outcome(&mut f.db, list[0].id, ReminderOutcome::Confirmed).unwrap();
    outcome(&mut f.db, list[1].id, ReminderOutcome::Unreachable).unwrap();
    let cancel = ReminderOutcome::Cancel {
        reason: CancelReason::Price,
        note: String::new(),
    };
    assert!(
        outcome(&mut f.db, list[2].id, cancel).is_err(),
        "the note is required"
    );
    let cancel = ReminderOutcome::Cancel {
        reason: CancelReason::Price,
        note: "嫌贵".into(),
    };
    outcome(&mut f.db, list[2].id, cancel).unwrap();
    let list = sa::confirm_tomorrow(f.db.conn(), date(23), TZ).unwrap();
    let st: Vec<(Status, Option<&str>)> = list
        .iter()
        .map(|r| (r.booking.status, r.outcome.as_deref()))
        .collect();
    assert_eq!(
        st,
        [
            (Status::Reminded, Some("confirmed")),
            (Status::Booked, Some("unreachable")),
            (Status::Cancelled, Some("cancelled")),
        ]
    );
    assert_eq!(list[0].outcome_by.as_deref(), Some("1002 陈静"));
    assert_eq!(list[0].outcome_at, Some(when));
    let c = sa::get(f.db.conn(), c).unwrap();
    assert_eq!(c.cancelled_by, Some(CancelledBy::Customer));
    assert_eq!(
        sa::due_reminders(f.db.conn(), at(23, 17, 0)).unwrap().len(),
        1
    );
}

#[test]
fn the_day_printout_lines_up_and_fits_a4() {
    let mut f = fx(2);
    f.book(f.booking(1, 1, 1, at(24, 11, 0))).unwrap();
    f.book(f.booking(0, 0, 0, at(24, 9, 0))).unwrap();
    let rows = sa::day(f.db.conn(), date(24), TZ).unwrap();
    let text = frontdesk::io::printout::day_sheet(&rows, &f.setup, date(24), Lang::Zh);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("预约单") && lines[0].contains("共 2 个"),
        "{text}"
    );
    assert!(lines[1].starts_with("时间"), "{text}");
    assert!(lines[2].starts_with("----"), "{text}");
    let first = lines
        .iter()
        .position(|l| l.starts_with("09:00-10:00"))
        .unwrap();
    let second = lines
        .iter()
        .position(|l| l.starts_with("11:00-12:00"))
        .unwrap();
    assert!(first < second, "{text}");
    assert!(
        lines[first].contains("粤B00000")
            && lines[first].contains("陈志明")
            && lines[first].contains("1号工位"),
        "{text}"
    );
    // Nothing cut, nothing wider than A4 portrait; the status column starts at the same
    // display column on every booking line as in the header.
    assert!(!text.contains('~'), "{text}");
    let col_of = |l: &str, needle: &str| {
        let i = l.find(needle).unwrap();
        unicode_width::UnicodeWidthStr::width(&l[..i])
    };
    let status_col = col_of(lines[1], "状态");
    for l in &lines {
        assert!(unicode_width::UnicodeWidthStr::width(*l) < 80, "{l}");
        if l.contains("已预约") {
            assert_eq!(col_of(l, "已预约"), status_col, "{text}");
        }
    }
    let en = frontdesk::io::printout::day_sheet(&[], &f.setup, date(24), Lang::En);
    assert!(en.contains("no bookings"));
}

#[test]
fn two_agents_racing_for_one_bay_never_double_book() {
    let f = fx(2);
    let setup = Arc::new(f.setup.clone());
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|t| {
            let (path, setup, barrier) = (f.path.clone(), setup.clone(), barrier.clone());
            let (cid, vid) = f.cars[t];
            let actor = if t == 0 { f.agent } else { f.sup };
            std::thread::spawn(move || {
                let mut db = Db::open(&path).unwrap();
                (0..50u32)
                    .map(|i| {
                        let start =
                            at(24 + i / 15, 8, 30) + Duration::minutes(i64::from(i % 15) * 30);
                        let b = NewBooking {
                            customer_id: cid,
                            vehicle_id: vid,
                            services: vec!["inspection".into()],
                            advisor: setup.advisors[t].clone(),
                            bay: setup.bays[0].clone(),
                            start,
                            ..Default::default()
                        };
                        barrier.wait();
                        sa::book(&mut db, actor, &setup, b, now(), None)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let results: Vec<Vec<Result<i64, BookError>>> =
        handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!((results[0].len(), results[1].len()), (50, 50));
    for (i, (a, b)) in results[0].iter().zip(&results[1]).enumerate() {
        let wins = u8::from(a.is_ok()) + u8::from(b.is_ok());
        assert_eq!(wins, 1, "round {i}: {a:?} {b:?}");
        let loser = if a.is_ok() { b } else { a };
        assert_eq!(
            loser.as_ref().unwrap_err().limit_codes(),
            ["bay"],
            "round {i}"
        );
    }
    let n: i64 =
        f.db.conn()
            .query_row("SELECT count(*) FROM appointments", [], |r| r.get(0))
            .unwrap();
    assert_eq!(n, 50);
}

#[test]
fn demo_bookings_fit_the_capacity() {
    let mut f = fx(40);
    let made = sa::demo_fill(&mut f.db, now(), TZ, 7, 600).unwrap();
    assert!(made > 100, "{made}");
    let conn = f.db.conn();
    let clash = |col: &str| -> i64 {
        conn.query_row(
            &format!(
                "SELECT count(*) FROM appointments a JOIN appointments b
                 ON a.id < b.id AND a.{col} = b.{col} AND a.start_at < b.end_at AND b.start_at < a.end_at
                 WHERE a.status NOT IN ('cancelled', 'no_show', 'rescheduled', 'completed')
                   AND b.status NOT IN ('cancelled', 'no_show', 'rescheduled', 'completed')"
            ),
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(
        (clash("advisor"), clash("bay"), clash("vehicle_id")),
        (0, 0, 0)
    );
    let past = sa::numbers(conn, date(23) - Duration::days(30), date(22), TZ).unwrap();
    assert!(
        past.showed > past.no_shows && past.no_shows > 0 && past.cancelled > 0,
        "{past:?}"
    );
    assert_eq!(past.pending, 0);
    let completed_without_ro: i64 = conn
        .query_row(
            "SELECT count(*) FROM appointments WHERE status = 'completed' AND repair_order_id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(completed_without_ro, 0);
    let today = sa::day(conn, date(23), TZ).unwrap();
    assert!(!today.is_empty());
    let ahead = sa::range(conn, date(24), date(23) + Duration::days(14), TZ).unwrap();
    assert!(ahead.iter().any(|r| r.status.is_expected()));
    // Deterministic per seed, and a second run adds nothing.
    assert_eq!(sa::demo_fill(&mut f.db, now(), TZ, 7, 600).unwrap(), 0);
    let mut g = fx(40);
    assert_eq!(sa::demo_fill(&mut g.db, now(), TZ, 7, 600).unwrap(), made);
}

#[test]
fn every_appointment_figure_lists_exactly_the_bookings_it_counts() {
    use frontdesk::domain::calendar::BusinessCalendar;
    use frontdesk::domain::templates::TemplateSet;
    use frontdesk::io::report::{self, Ctx, Range, Report, RowKey};
    use frontdesk::io::sheet::Value;
    let mut f = fx(40);
    sa::demo_fill(&mut f.db, now(), TZ, 7, 600).unwrap();
    let templates = TemplateSet::builtin();
    let calendar = BusinessCalendar::builtin();
    let rules = frontdesk::domain::callbacks::Rules::builtin();
    let ctx = Ctx {
        lang: Lang::En,
        tz: TZ,
        now: now(),
        templates: &templates,
        calendar: &calendar,
        sla: Default::default(),
        rules: &rules,
        churn_months: 12,
    };
    let range = Range {
        from: Some(date(23) - Duration::days(14)),
        to: Some(date(23) + Duration::days(14)),
    };
    let s = report::build(f.db.conn(), Report::Appointments, &range, &ctx).unwrap();
    let n = sa::numbers(f.db.conn(), range.from.unwrap(), range.to.unwrap(), TZ).unwrap();
    let figure = |label: &str| {
        let row = s.rows.iter().find(|r| r[0].text() == label).unwrap();
        row[1].clone()
    };
    assert_eq!(figure("Bookings"), Value::Int(n.bookings as i64));
    assert_eq!(figure("No-shows"), Value::Int(n.no_shows as i64));
    assert_eq!(
        figure("Cancelled by the customer"),
        Value::Int(n.cancelled_by_customer as i64)
    );
    assert!(n.cancelled > 0 && n.no_shows > 0, "{n:?}");
    for (i, row) in s.rows.iter().enumerate() {
        let Some(RowKey::Drill(d)) = &s.keys[i] else {
            panic!("row {i} has no records")
        };
        let Value::Int(count) = row[1] else { panic!() };
        if count > 500 {
            continue;
        }
        let records = report::drill::drill(f.db.conn(), d, &ctx).unwrap();
        assert_eq!(records.rows.len() as i64, count, "{}", row[0].text());
    }
}
