//! Appointments against a real store file, the day around them: reminders and the
//! confirm-tomorrow list, the day printout, two agents racing for one bay, the demo
//! bookings and the appointment figures. Booking and the lifecycle are in
//! `appointments.rs`.

use chrono::Duration;
use frontdesk::domain::appointments::{
    self as da, CancelReason, CancelledBy, ReminderOutcome, Status,
};
use frontdesk::i18n::Lang;
use frontdesk::store::appointments::{self as sa, BookError, NewBooking};
use frontdesk::store::{Actor, Db};
use std::sync::{Arc, Barrier};

mod support;
use support::appointments_fx::*;

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
    // Booked by phone or online during the desk's hours (08:30-17:30 store time), never
    // by an agent at 2 a.m.; a walk-in at its arrival.
    let odd_hours: Vec<(i64, String)> = conn
        .prepare(
            "SELECT id, created_at FROM appointments WHERE channel <> 'walk_in'
             AND time(created_at, '+8 hours') NOT BETWEEN '08:30:00' AND '17:30:00'",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(odd_hours.is_empty(), "{odd_hours:?}");
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
    use frontdesk::io::sheet::Value;
    use frontdesk::store::reports::{self, Ctx, Range, Report, RowKey};
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
        viewer: Default::default(),
    };
    let range = Range {
        from: Some(date(23) - Duration::days(14)),
        to: Some(date(23) + Duration::days(14)),
    };
    let s = reports::build(f.db.conn(), Report::Appointments, &range, &ctx).unwrap();
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
        let records = reports::drill::drill(f.db.conn(), d, &ctx).unwrap();
        assert_eq!(records.rows.len() as i64, count, "{}", row[0].text());
    }
}
