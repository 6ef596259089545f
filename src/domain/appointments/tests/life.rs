//! The lifecycle guard, reminders, messages and numbers.

use super::*;

fn ctx(start: DateTime<Utc>, now: DateTime<Utc>) -> GuardCtx {
    GuardCtx {
        start,
        now,
        grace: Duration::minutes(30),
        tz: chrono_tz::Asia::Shanghai,
        before_no_show: None,
        confirmed: false,
    }
}

#[test]
fn the_lifecycle_runs_in_order() {
    let start = at(23, 10, 0);
    let c = ctx(start, at(23, 9, 55));
    let mut s = Status::Booked;
    for (t, to) in [
        (Transition::Confirm, Status::Confirmed),
        (Transition::Remind, Status::Reminded),
        (Transition::Arrive, Status::Arrived),
        (Transition::StartService, Status::InService),
        (
            Transition::Complete(Completion::default()),
            Status::Completed,
        ),
    ] {
        s = guard(s, &t, &c).unwrap();
        assert_eq!(s, to);
    }
    for t in [
        Transition::Confirm,
        Transition::Arrive,
        Transition::MarkNoShow,
    ] {
        assert!(matches!(
            guard(Status::Completed, &t, &c),
            Err(Refusal::WrongStatus { .. })
        ));
    }
}

/// The reminder may come before the confirmation (a walk-in, or a day-before call made
/// before anyone confirmed): the booking, reminded, is still confirmed once, and stays
/// reminded.
#[test]
fn a_reminded_booking_not_yet_confirmed_is_confirmed_once() {
    let c = ctx(at(23, 10, 0), at(22, 15, 0));
    let reminded = guard(Status::Booked, &Transition::Remind, &c).unwrap();
    assert_eq!(
        guard(reminded, &Transition::Confirm, &c),
        Ok(Status::Reminded)
    );
    let confirmed = GuardCtx {
        confirmed: true,
        ..c
    };
    assert_eq!(
        guard(Status::Reminded, &Transition::Confirm, &confirmed),
        Err(Refusal::WrongStatus {
            step: StepKind::Confirm,
            status: Status::Reminded
        })
    );
    assert!(matches!(
        guard(Status::Confirmed, &Transition::Confirm, &c),
        Err(Refusal::WrongStatus { .. })
    ));
}

#[test]
fn lifecycle_guards_refuse_out_of_order_steps() {
    let c = ctx(at(23, 10, 0), at(23, 10, 5));
    let wrong = |s, t: Transition| matches!(guard(s, &t, &c), Err(Refusal::WrongStatus { .. }));
    assert!(wrong(Status::Booked, Transition::StartService));
    assert!(wrong(
        Status::Booked,
        Transition::Complete(Completion::default())
    ));
    assert!(wrong(Status::Confirmed, Transition::Confirm));
    assert!(wrong(
        Status::InService,
        Transition::Cancel {
            reason: CancelReason::Price,
            note: "x".into(),
            by: CancelledBy::Customer
        }
    ));
    assert!(wrong(Status::Cancelled, Transition::Arrive));
    assert!(wrong(Status::Booked, Transition::UndoNoShow));
    assert!(wrong(Status::Arrived, Transition::MarkNoShow));
    let cancel = |note: &str| Transition::Cancel {
        reason: CancelReason::ScheduleChanged,
        note: note.into(),
        by: CancelledBy::Customer,
    };
    assert_eq!(
        guard(Status::Booked, &cancel("  "), &c),
        Err(Refusal::MissingCancelNote)
    );
    assert_eq!(
        guard(Status::Arrived, &cancel("客户等不及"), &c),
        Ok(Status::Cancelled)
    );
    let neg = Completion {
        amount_fen: -1,
        ..Default::default()
    };
    assert_eq!(
        guard(Status::InService, &Transition::Complete(neg), &c),
        Err(Refusal::NegativeAmount)
    );
    // Check-in only on the booking's day.
    let other_day = ctx(at(23, 10, 0), at(24, 9, 0));
    assert!(matches!(
        guard(Status::Confirmed, &Transition::Arrive, &other_day),
        Err(Refusal::NotTheDay { .. })
    ));
    assert!(can_reschedule(Status::Reminded).is_ok());
    assert!(can_reschedule(Status::Arrived).is_err());
}

#[test]
fn no_show_only_after_the_grace_period_and_undoable() {
    let start = at(23, 10, 0);
    let just_before = ctx(start, start + Duration::minutes(30) - Duration::seconds(1));
    let r = guard(Status::Confirmed, &Transition::MarkNoShow, &just_before).unwrap_err();
    assert!(r.message(crate::i18n::Lang::Zh).contains("10:30"), "{r:?}");
    let on_time = ctx(start, start + Duration::minutes(30));
    assert_eq!(
        guard(Status::Confirmed, &Transition::MarkNoShow, &on_time),
        Ok(Status::NoShow)
    );
    let undo = GuardCtx {
        before_no_show: Some(Status::Reminded),
        ..on_time
    };
    assert_eq!(
        guard(Status::NoShow, &Transition::UndoNoShow, &undo),
        Ok(Status::Reminded)
    );
    assert_eq!(
        guard(Status::NoShow, &Transition::UndoNoShow, &on_time),
        Ok(Status::Booked)
    );
    // A late customer may still be checked in.
    assert_eq!(
        guard(Status::NoShow, &Transition::Arrive, &on_time),
        Ok(Status::Arrived)
    );
}

#[test]
fn reminders_are_planned_from_the_setup() {
    let mut s = setup();
    let start = at(24, 9, 0);
    let plan = plan_reminders(&s, at(20, 11, 0), start);
    assert_eq!(plan, [(ReminderKind::DayBefore, at(23, 16, 0))]);
    // Booked after the reminder time the day before: due at once.
    let plan = plan_reminders(&s, at(23, 17, 0), start);
    assert_eq!(plan, [(ReminderKind::DayBefore, at(23, 17, 0))]);
    // Booked on the day: a same-day reminder, two hours before (or at once).
    let plan = plan_reminders(&s, at(24, 8, 0), at(24, 14, 0));
    assert_eq!(plan, [(ReminderKind::SameDay, at(24, 12, 0))]);
    assert!(plan_reminders(&s, at(24, 13, 50), at(24, 14, 0)).is_empty());
    s.reminders.same_day_for_morning = true;
    let plan = plan_reminders(&s, at(20, 11, 0), start);
    assert_eq!(plan.len(), 2);
    assert_eq!(plan[1], (ReminderKind::SameDay, at(24, 7, 0)));
}

#[test]
fn messages_carry_time_address_and_what_to_bring() {
    let s = setup();
    let c = MessageCtx {
        customer: "张伟".into(),
        plate: Some("粤B12345".into()),
        start: at(24, 9, 0),
        services: vec!["m".into()],
        advisor: "A".into(),
    };
    let zh = confirmation_text(&s, &c, crate::i18n::Lang::Zh);
    for part in [
        "测试店",
        "张伟",
        "2026年11月24日（周二）09:00",
        "保养",
        "测试路1号",
        "行驶证",
        "0755-12345678",
        "粤B12345",
    ] {
        assert!(zh.contains(part), "{part} missing in {zh}");
    }
    let en = confirmation_text(&s, &c, crate::i18n::Lang::En);
    assert!(
        en.contains("Tue 24 Nov 2026, 09:00") && en.contains("registration"),
        "{en}"
    );
    let r = reminder_text(&s, &c, ReminderKind::DayBefore, crate::i18n::Lang::Zh);
    assert!(r.contains("明天") && r.contains("测试路1号"), "{r}");
    let r = reminder_text(&s, &c, ReminderKind::SameDay, crate::i18n::Lang::En);
    assert!(r.contains("today") && r.contains("测试路1号"), "{r}");
}

#[test]
fn numbers_count_show_ups_waits_and_reasons() {
    let row = |status, channel| NumberRow {
        status,
        channel,
        cancel_reason: None,
        cancelled_by: None,
        checked_in_at: None,
        service_started_at: None,
        overflow: false,
    };
    let mut came = row(Status::Completed, Channel::Phone);
    came.checked_in_at = Some(at(23, 9, 0));
    came.service_started_at = Some(at(23, 9, 20));
    let mut came2 = row(Status::InService, Channel::Online);
    came2.checked_in_at = Some(at(23, 10, 0));
    came2.service_started_at = Some(at(23, 10, 10));
    came2.overflow = true;
    let mut cancelled = row(Status::Cancelled, Channel::Phone);
    cancelled.cancel_reason = Some(CancelReason::Price);
    cancelled.cancelled_by = Some(CancelledBy::Customer);
    let rows = [
        came,
        came2,
        row(Status::NoShow, Channel::WalkIn),
        cancelled,
        row(Status::Booked, Channel::Phone),
        row(Status::Rescheduled, Channel::Phone),
    ];
    let n = compute_numbers(&rows);
    assert_eq!(n.bookings, 5);
    assert_eq!((n.showed, n.no_shows, n.cancelled, n.pending), (2, 1, 1, 1));
    assert!((n.show_up_rate.unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(n.average_wait, Some(Duration::minutes(15)));
    assert_eq!(n.cancellations.get(&CancelReason::Price), Some(&1));
    assert_eq!(n.by_channel[0], (Channel::Phone, 3));
    assert_eq!(n.overflow, 1);
    assert!(n.lines(crate::i18n::Lang::Zh)[1].contains("66.7%"));
    assert_eq!(compute_numbers(&[]).show_up_rate, None);
}

#[test]
fn codes_round_trip() {
    for s in Status::ALL {
        assert_eq!(Status::from_code(s.code()), Some(s));
    }
    for c in CancelReason::ALL {
        assert_eq!(CancelReason::from_code(c.code()), Some(c));
    }
    for t in Transport::ALL {
        assert_eq!(Transport::from_code(t.code()), Some(t));
    }
    for c in Channel::ALL {
        assert_eq!(Channel::from_code(c.code()), Some(c));
    }
    assert_eq!(fmt_fen(12345), "123.45");
    assert_eq!(fmt_fen(-5), "-0.05");
}
