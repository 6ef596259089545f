//! The short forms that record an answer survive the app going away (a dropped SSH
//! session, a killed terminal), driven through keys: a reminder call's outcome on the
//! "confirm tomorrow" list, a cancellation on a booking's page, and an invitee's answer
//! on an event's page. Each comes back on its reminder, booking or invitee with what was
//! typed, and saves; one whose reminder or invitee is no longer listed says why and
//! quotes what was typed.

mod support;
use chrono::{NaiveDate, TimeZone};
use crossterm::event::KeyCode;
use frontdesk::domain::appointments::ReminderOutcome;
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::{Channel, Rules};
use frontdesk::domain::events::{Answer, EventData, EventKind, TargetRule};
use frontdesk::store::agents::Role;
use frontdesk::store::appointments as sa;
use frontdesk::store::events::{self as ev, Planning};
use frontdesk::store::{Db, drafts::DraftRecord};
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::App;
use support::appointments_fx::{at, fx};
use support::drafts::*;

/// A draft of agent 1002's as an earlier session stored it.
fn stored(kind: &str, body: &str) -> DraftRecord {
    DraftRecord {
        owner: "1002".into(),
        kind: kind.into(),
        body: body.into(),
        saved_at: now(),
    }
}

/// A booking for tomorrow; agent 1002 types "confirmed" with a note as the reminder's
/// outcome on the "confirm tomorrow" list, and the session drops (the draft saved).
fn confirmed_then_dropped() -> support::appointments_fx::Fx {
    let mut f = fx(1);
    f.book(f.booking(0, 0, 0, at(24, 10, 0))).unwrap();
    let mut app = f.app();
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(app.tab, Tab::Appointments);
    for _ in 0..3 {
        key(&mut app, KeyCode::Char('f'));
    }
    key(&mut app, KeyCode::Char('r'));
    typed(&mut app, "2");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "客户说准时到");
    let (_, record) = gone_and_back(app, || f.app());
    assert_eq!(record.kind, "booking_step");
    f
}

/// A reminder call's outcome typed on the "confirm tomorrow" list comes back on its
/// reminder, and is recorded.
#[test]
fn a_reminder_outcome_comes_back_on_its_reminder_and_is_recorded() {
    let f = confirmed_then_dropped();
    let mut again = f.app();
    restore(&mut again);
    assert_eq!(again.tab, Tab::Appointments);
    let screen = support::screen::draw(&again);
    assert!(screen.contains("客户说准时到"), "{screen}");
    save(&mut again);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let rows = sa::confirm_tomorrow(again.db.conn(), today, support::appointments_fx::TZ).unwrap();
    let outcomes: Vec<Option<&str>> = rows.iter().map(|r| r.outcome.as_deref()).collect();
    assert_eq!(
        outcomes,
        vec![Some("confirmed")],
        "{}",
        support::screen::draw(&again)
    );
}

/// A reminder's outcome comes back on the booking's version it was typed on: another
/// agent's outcome recorded meanwhile is caught as if the session had never dropped. The
/// save is refused naming who did what, nothing of theirs is overwritten, and what was
/// typed stays on the form; the next save, made knowing, is recorded (no loop).
#[test]
fn a_reminder_outcome_restored_after_another_agents_is_refused_naming_it() {
    let mut f = confirmed_then_dropped();
    // Meanwhile the supervisor (刘芳) rings and gets no answer.
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let tomorrow = |db: &Db| sa::confirm_tomorrow(db.conn(), today, support::appointments_fx::TZ);
    let reminder = tomorrow(&f.db).unwrap()[0].id;
    let theirs = ReminderOutcome::Unreachable;
    sa::record_reminder_outcome(&mut f.db, f.sup, &f.setup, reminder, theirs, f.sup.at).unwrap();
    let mut again = f.app();
    restore(&mut again);
    assert_eq!(again.tab, Tab::Appointments);
    assert!(support::screen::draw(&again).contains("客户说准时到"));
    save(&mut again);
    let screen = support::screen::draw(&again);
    let rows = tomorrow(&again.db).unwrap();
    assert_eq!(rows[0].outcome.as_deref(), Some("unreachable"), "{screen}");
    assert!(joined(&screen).contains("刘芳"), "{screen}");
    assert!(screen.contains("客户说准时到"), "{screen}");
    save(&mut again);
    let rows = tomorrow(&again.db).unwrap();
    let screen = support::screen::draw(&again);
    assert_eq!(rows[0].outcome.as_deref(), Some("confirmed"), "{screen}");
}

/// A cancellation typed on a booking's page comes back on the booking's version it was
/// typed on: the supervisor's confirmation while the session was down is refused naming
/// them, with what was typed kept; the next save, made knowing, cancels it.
#[test]
fn a_cancellation_restored_after_another_agents_step_is_refused_naming_it() {
    use frontdesk::domain::appointments::{Status, Transition};
    let mut f = fx(1);
    let id = f.book(f.booking(0, 0, 0, at(23, 14, 0))).unwrap();
    let mut app = f.app();
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('x'));
    typed(&mut app, "1");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "客户临时出差");
    let (_, record) = gone_and_back(app, || f.app());
    assert_eq!(record.kind, "booking_step");
    let sup = f.sup;
    sa::transition(&mut f.db, sup, &f.setup, id, Transition::Confirm, sup.at).unwrap();
    let mut again = f.app();
    restore(&mut again);
    save(&mut again);
    let screen = support::screen::draw(&again);
    let status = |app: &App| sa::get(app.db.conn(), id).unwrap().row.status;
    assert_eq!(status(&again), Status::Confirmed, "{screen}");
    assert!(joined(&screen).contains("刘芳"), "{screen}");
    assert!(screen.contains("客户临时出差"), "{screen}");
    save(&mut again);
    let screen = support::screen::draw(&again);
    assert_eq!(status(&again), Status::Cancelled, "{screen}");
}

/// A reminder no longer on the list (its booking moved meanwhile): the outcome typed on
/// it is said with the refusal.
#[test]
fn a_reminder_outcome_for_a_reminder_no_longer_listed_says_what_was_typed() {
    let f = fx(1);
    let mut app = f.app();
    let body = r#"[{"kind":"booking_step","step":{"reminder":99},"values":[["outcome","2"],["reason",""],["note","客户说准时到"]]}]"#;
    app.restore_draft(&stored("booking_step", body));
    assert_eq!(app.tab, Tab::Appointments);
    says_lost(&app, &["客户说准时到"]);
}

/// An event for every customer, 张三 (with a car) invited: the event's and the invitee's
/// ids.
fn invited(dir: &std::path::Path) -> (i64, i64) {
    drop(app_as(dir, "1002", Role::Agent));
    let mut db = Db::open(&dir.join("t.sqlite3")).unwrap();
    let me = frontdesk::store::agents::by_emp_no(&db, "1002")
        .unwrap()
        .unwrap();
    let me = actor(Some(&me));
    zhang_with_car(&mut db, me);
    let tz = chrono_tz::Asia::Shanghai;
    let e = EventData {
        title: "冬季用车讲座".into(),
        kind: EventKind::Talk,
        starts_at: tz
            .with_ymd_and_hms(2026, 11, 28, 14, 0, 0)
            .unwrap()
            .naive_local(),
        place: "二楼客休区".into(),
        capacity: 30,
        target: TargetRule::default(),
        channel: Channel::Call,
        notes: String::new(),
    };
    let id = ev::create(&mut db, me, &e).unwrap();
    let (rules, cal) = (Rules::builtin(), BusinessCalendar::builtin());
    let p = Planning {
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        tz,
        rules: &rules,
        cal: &cal,
    };
    let v = ev::get(db.conn(), id).unwrap().version;
    ev::invite(&mut db, me, p, id, v).unwrap();
    let invitee = ev::invitees(db.conn(), id).unwrap()[0].id;
    (id, invitee)
}

/// Agent 1002's app on the events page (the More tab's last).
fn events_page(dir: &std::path::Path) -> App {
    let mut app = app_as(dir, "1002", Role::Agent);
    more_tab(&mut app);
    for _ in 0..5 {
        key(&mut app, KeyCode::Right);
    }
    app
}

/// An invitee's answer typed on the event's page comes back on the invitee, and saves.
#[test]
fn an_invitees_answer_comes_back_on_the_invitee_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let (event, invitee) = invited(dir.path());
    let mut app = events_page(dir.path());
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('a'));
    // Coming, with two more.
    typed(&mut app, "1");
    key(&mut app, KeyCode::Tab);
    retype(&mut app, "1", "3");
    dropped(app, dir.path(), ("1002", Role::Agent), "desk_events");
    let mut again = app_as(dir.path(), "1002", Role::Agent);
    restore(&mut again);
    assert_eq!(again.tab, Tab::Desk);
    save(&mut again);
    let row = ev::invitees(again.db.conn(), event)
        .unwrap()
        .into_iter()
        .find(|i| i.id == invitee)
        .unwrap();
    assert_eq!(
        (row.answer, row.party),
        (Some(Answer::Yes), 3),
        "{}",
        support::screen::draw(&again)
    );
}

/// An answer for an invitee no longer on the event's list is said with the refusal.
#[test]
fn an_answer_for_an_invitee_no_longer_listed_says_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let (event, _) = invited(dir.path());
    let mut app = app_as(dir.path(), "1002", Role::Agent);
    let body = format!(
        r#"[{{"kind":"desk","page":"events","form":"answer","record":[999,1],"values":[["answer","不参加"],["party","3"]],"base":null,"context":{event}}}]"#
    );
    app.restore_draft(&stored("desk_events", &body));
    assert_eq!(app.tab, Tab::Desk);
    says_lost(&app, &["不参加"]);
}
