//! Appointments in the callback queue: reminders worked as tasks, and follow-up calls
//! about the services a customer declined or deferred when booking.

mod support;
use support::appointments_fx::*;

use frontdesk::store::appointments as sa;

#[test]
fn reminders_are_tasks_in_the_callback_queue_and_working_one_confirms_it() {
    use frontdesk::domain::calendar::BusinessCalendar;
    use frontdesk::domain::callbacks::{Kind, Outcome, Rules};
    use frontdesk::store::callbacks::{self as cb, AttemptInput, QueueFilter};
    let mut f = fx(1);
    let b = f.booking(0, 0, 0, at(24, 10, 0));
    f.book(b).unwrap();
    let rules = Rules::builtin();
    let cal = BusinessCalendar::builtin();
    cb::plan(&mut f.db, f.sup, date(23), TZ, &rules, &cal).unwrap();
    let filter = QueueFilter {
        kind: Some(Kind::Appointment),
        ..Default::default()
    };
    let rows = cb::queue(f.db.conn(), &filter, date(23), 10).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        rows[0].due,
        date(23),
        "the day-before call is due the day before"
    );
    // Planning again creates nothing new.
    cb::plan(&mut f.db, f.sup, date(23), TZ, &rules, &cal).unwrap();
    assert_eq!(
        cb::queue(f.db.conn(), &filter, date(23), 10).unwrap().len(),
        1
    );
    let id = rows[0].id;
    cb::claim(&mut f.db, &rules, f.agent, id).unwrap();
    // The task knows its booking: the script says the day and time, the agent's line whom
    // the customer meets.
    let mut d = cb::task(f.db.conn(), &rules, id, date(23)).unwrap();
    let mut no_address = d.clone();
    no_address.fill_booking(TZ, " ");
    assert!(
        no_address.script.contains("地址：……，"),
        "{}",
        no_address.script
    );
    let visit = d.visit.clone().expect("the booking of the reminder");
    assert_eq!(visit.start, at(24, 10, 0));
    assert_eq!(visit.said(TZ), "2026年11月24日（周二）10:00");
    d.fill_booking(TZ, "深圳市南山区深南大道9999号");
    assert!(
        d.script.contains("地址：深圳市南山区深南大道9999号，"),
        "{}",
        d.script
    );
    assert!(
        d.script.contains("提醒您2026年11月24日（周二）10:00在"),
        "{}",
        d.script
    );
    let line = visit.line(TZ, frontdesk::i18n::Lang::En);
    assert!(
        line.starts_with("Booked for Tue 24 Nov 2026, 10:00, advisor "),
        "{line}"
    );
    assert!(
        line.ends_with(&visit.advisor) && !visit.advisor.is_empty(),
        "{line}"
    );
    let input = AttemptInput {
        outcome: Outcome::Done,
        scores: Default::default(),
        notes: "客户确认按时到店".into(),
        complaint: None,
        rsvp: None,
    };
    let booking = |f: &Fx| {
        f.db.conn()
            .query_row("SELECT id, status, version FROM appointments", [], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .unwrap()
    };
    let (bid, _, version) = booking(&f);
    cb::record_attempt(
        &mut f.db,
        &rules,
        f.agent,
        id,
        &input,
        at(23, 10, 0).with_timezone(&TZ),
    )
    .unwrap();
    let outcome: Option<String> =
        f.db.conn()
            .query_row(
                "SELECT outcome FROM reminders WHERE kind = 'day_before'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(outcome.as_deref(), Some("confirmed"));
    // As the Appointments tab records it: the booking reminded, its version moved (a step
    // taken on it as it was is refused), the call in its history.
    let (_, status, after) = booking(&f);
    assert_eq!(status, "reminded");
    assert!(after > version, "{version} -> {after}");
    let told: Vec<String> = sa::events(f.db.conn(), bid)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert!(told.iter().any(|k| k == "reminder_outcome"), "{told:?}");
    assert!(
        sa::confirm_tomorrow(f.db.conn(), date(23), TZ)
            .unwrap()
            .iter()
            .all(|r| r.outcome.is_some())
    );
}

#[test]
fn declined_and_deferred_services_come_back_as_follow_up_calls() {
    use chrono::NaiveDate;
    use frontdesk::domain::appointments::{CancelReason, CancelledBy, Declined, Transition};
    use frontdesk::domain::calendar::BusinessCalendar;
    use frontdesk::domain::callbacks::{Kind, Rules};
    use frontdesk::i18n::Lang;
    use frontdesk::store::callbacks::{self as cb, QueueFilter};
    let mut f = fx(2);
    let rules = Rules::builtin();
    let cal = BusinessCalendar::builtin();
    let declined = vec![
        Declined {
            item: "更换刹车片".into(),
            deferred: false,
            reason: "价格偏高".into(),
        },
        Declined {
            item: "空调清洗".into(),
            deferred: true,
            reason: "下次保养再做".into(),
        },
    ];
    let mut kept = f.booking(0, 0, 0, at(24, 10, 0));
    kept.declined = declined.clone();
    let kept = f.book(kept).unwrap();
    let mut dropped = f.booking(1, 1, 1, at(24, 10, 0));
    dropped.declined = declined;
    let dropped = f.book(dropped).unwrap();
    // A plain booking without declined services plans nothing of the kind.
    f.book(f.booking(0, 2, 2, at(25, 10, 0))).unwrap();

    let filter = QueueFilter {
        kind: Some(Kind::Declined),
        ..Default::default()
    };
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let pending = |f: &Fx, today: NaiveDate| cb::queue(f.db.conn(), &filter, today, 50).unwrap();

    // Nothing is planned before the customer has come.
    cb::plan(&mut f.db, f.sup, date(24), TZ, &rules, &cal).unwrap();
    assert!(pending(&f, date(24)).is_empty());
    // Checked in: the declined one a week after the visit (Tuesday 1 December), planned a
    // week ahead; nothing of the deferred yet. A booking cancelled before its day never
    // plans one.
    f.step(kept, Transition::Arrive, at(24, 10, 5)).unwrap();
    let cancel = Transition::Cancel {
        reason: CancelReason::ScheduleChanged,
        note: "客户改去别的店".into(),
        by: CancelledBy::Customer,
    };
    f.step(dropped, cancel, now()).unwrap();
    cb::plan(&mut f.db, f.sup, date(24), TZ, &rules, &cal).unwrap();
    let rows = pending(&f, date(24));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].due, day(12, 1));
    assert_eq!(rows[0].customer_id, Some(f.cars[0].0));
    // The booking agent gets the call.
    assert_eq!(rows[0].claimed_by, f.agent.agent_id);

    // The agent sees what the call is about.
    let d = cb::task(f.db.conn(), &rules, rows[0].id, date(24)).unwrap();
    let topic = d.declined.expect("the declined services");
    assert_eq!(topic.items.len(), 1);
    assert_eq!(
        topic.line("2026-11-24", Lang::Zh),
        "2026-11-24 来店时谢绝的项目：更换刹车片（价格偏高）"
    );
    assert_eq!(
        topic.line("2026-11-24", Lang::En),
        "Declined at the visit of 2026-11-24: 更换刹车片 (价格偏高)"
    );

    // The deferred one a month after the visit (Thursday 24 December).
    cb::plan(&mut f.db, f.sup, day(12, 20), TZ, &rules, &cal).unwrap();
    let deferred: Vec<_> = pending(&f, day(12, 20))
        .into_iter()
        .filter(|r| r.due == day(12, 24))
        .collect();
    assert_eq!(deferred.len(), 1, "{deferred:?}");
    let d = cb::task(f.db.conn(), &rules, deferred[0].id, day(12, 20)).unwrap();
    let topic = d.declined.unwrap();
    assert!(topic.deferred);
    assert_eq!(topic.items[0].item, "空调清洗");
    // Planning again adds nothing.
    let before = pending(&f, day(12, 20)).len();
    cb::plan(&mut f.db, f.sup, day(12, 20), TZ, &rules, &cal).unwrap();
    assert_eq!(pending(&f, day(12, 20)).len(), before);
}

/// A reminder call waiting in the queue goes once its booking is settled: withdrawn when
/// the booking is cancelled, moved or the customer has come, done elsewhere when the
/// reminder's outcome was recorded on the Appointments tab. Nobody rings to remind a
/// customer of a visit that is over or already confirmed.
#[test]
fn a_reminder_call_leaves_the_queue_once_its_booking_is_settled() {
    use frontdesk::domain::appointments::{CancelReason, CancelledBy, ReminderOutcome, Transition};
    use frontdesk::domain::calendar::BusinessCalendar;
    use frontdesk::domain::callbacks::{Kind, Rules};
    use frontdesk::store::callbacks::{self as cb, QueueFilter};
    let mut f = fx(4);
    let ids: Vec<i64> = (0..4)
        .map(|c| {
            let b = f.booking(c, c, c, at(24, 10, 0));
            f.book(b).unwrap()
        })
        .collect();
    let (rules, cal) = (Rules::builtin(), BusinessCalendar::builtin());
    cb::plan(&mut f.db, f.sup, date(23), TZ, &rules, &cal).unwrap();
    let filter = QueueFilter {
        kind: Some(Kind::Appointment),
        ..Default::default()
    };
    assert_eq!(
        cb::queue(f.db.conn(), &filter, date(23), 10).unwrap().len(),
        4
    );
    let task_of = |f: &Fx, booking: i64| -> (String, Option<String>) {
        f.db.conn()
            .query_row(
                "SELECT t.status, t.skip_reason FROM callback_tasks t
                 JOIN reminders r ON r.id = t.source_id AND t.source_table = 'reminders'
                 WHERE r.appointment_id = ?1",
                [booking],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let withdrawn = ("skipped".to_string(), Some("source_gone".to_string()));
    // Cancelled.
    let cancel = Transition::Cancel {
        reason: CancelReason::ScheduleChanged,
        note: "客户出差".into(),
        by: CancelledBy::Customer,
    };
    f.step(ids[0], cancel, at(23, 9, 0)).unwrap();
    assert_eq!(task_of(&f, ids[0]), withdrawn);
    // Moved to another day: the new booking has reminders of its own.
    let to = sa::Reschedule {
        start: at(25, 10, 0),
        minutes: None,
        advisor: None,
        bay: None,
        parts_late_ok: false,
        note: "改到周三".into(),
    };
    sa::reschedule(&mut f.db, f.agent, &f.setup, ids[1], to, at(23, 9, 5), None).unwrap();
    assert_eq!(task_of(&f, ids[1]), withdrawn);
    // Confirmed from the Appointments tab's list.
    let reminder: i64 =
        f.db.conn()
            .query_row(
                "SELECT id FROM reminders WHERE appointment_id = ?1 AND kind = 'day_before'",
                [ids[2]],
                |r| r.get(0),
            )
            .unwrap();
    let setup = f.setup.clone();
    sa::record_reminder_outcome(
        &mut f.db,
        f.agent,
        &setup,
        reminder,
        ReminderOutcome::Confirmed,
        at(23, 9, 10),
    )
    .unwrap();
    assert_eq!(
        task_of(&f, ids[2]),
        ("skipped".to_string(), Some("done_elsewhere".to_string()))
    );
    // Still expected: still in the queue, until the customer comes.
    let rows = cb::queue(f.db.conn(), &filter, date(23), 10).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(task_of(&f, ids[3]).0, "open");
    f.step(ids[3], Transition::Arrive, at(24, 9, 50)).unwrap();
    assert_eq!(task_of(&f, ids[3]), withdrawn);
    assert!(
        cb::queue(f.db.conn(), &filter, date(24), 10)
            .unwrap()
            .is_empty()
    );
}
