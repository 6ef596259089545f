//! The open complaint and the callback task being worked follow another agent's save
//! through the loads thread (issue 13 rule 3, issue 14 rule 1): the refresh tick reads
//! nothing of them on the app's thread; the read goes to the loads thread and its answer,
//! taken in by `App::pump`, brings the other agent's save to the page. The whole app with
//! its threads, on the small demo store.

mod support;
use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::i18n::Lang;
use frontdesk::store::{Actor, Db, agents};
use frontdesk::ui::app::App;
use std::time::{Duration, Instant};
use support::screen::draw;

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Pumps the app's answers until no load is awaited (a generous bound: a failure, not a
/// timing).
fn pump_all(app: &mut App) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.waiting() {
        assert!(Instant::now() < deadline, "never came\n{}", draw(app));
        app.pump();
        std::thread::sleep(Duration::from_millis(5));
    }
    app.pump();
}

/// The demo app of agent 1001 with its threads, and a connection of agent 1002's with
/// how they save now.
fn apps(dir: &std::path::Path) -> (App, Db, Actor) {
    let mut app = support::demo::demo_app(dir, Lang::En, "1001");
    app.start_background();
    let other = Db::open(&dir.join("demo.sqlite3")).unwrap();
    let them = agents::by_emp_no(&other, "1002").unwrap().unwrap();
    let actor = Actor {
        agent_id: Some(them.id),
        at: Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap(),
    };
    (app, other, actor)
}

#[test]
fn the_open_complaint_is_read_again_on_the_loads_thread_after_another_agents_step() {
    use frontdesk::domain::complaints::{Event, EventKind};
    use frontdesk::store::complaints as sc;
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut other, actor) = apps(dir.path());
    // A complaint registered at another desk (the demo's are all closed).
    let c = sc::NewComplaint {
        customer_id: Some(1),
        vehicle_id: None,
        call_id: None,
        channel: "phone".into(),
        received_at: actor.at,
        category: frontdesk::domain::complaints::Category::Attitude,
        loss_yuan: None,
        severity_by_hand: None,
        station: String::new(),
        summary: "服务态度差".into(),
        demand: String::new(),
        handler_id: None,
    };
    sc::register(&mut other, actor, &c).unwrap();
    app.tick();
    key(&mut app, KeyCode::Char('4'));
    pump_all(&mut app);
    key(&mut app, KeyCode::Enter);
    pump_all(&mut app);
    let (id, seen) = {
        let d = app
            .complaints
            .detail()
            .unwrap_or_else(|| panic!("no complaint open\n{}", draw(&app)));
        (d.row.id, d.seen)
    };
    let note = Event {
        at: actor.at,
        by: actor.agent_id,
        kind: EventKind::Note {
            text: "客户来电催促".into(),
        },
    };
    sc::append_seen(&mut other, id, seen, note, chrono_tz::Asia::Shanghai).unwrap();
    assert!(app.tick(), "the data version moved");
    // Nothing of it was read here: the page shows the log it had until the answer comes.
    assert!(app.waiting());
    assert_eq!(app.complaints.detail().map(|d| d.seen), Some(seen));
    pump_all(&mut app);
    let d = app.complaints.detail().expect("the complaint stays open");
    assert_eq!(d.seen, sc::last_event_id(other.conn(), id).unwrap());
    assert!(d.seen > seen);
}

#[test]
fn the_task_worked_is_checked_on_the_loads_thread_after_another_agents_reassignment() {
    use frontdesk::store::callbacks as cb;
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut other, actor) = apps(dir.path());
    key(&mut app, KeyCode::Char('3'));
    pump_all(&mut app);
    key(&mut app, KeyCode::Enter);
    pump_all(&mut app);
    let (id, version) = {
        let (d, _) = app.callbacks.work().expect("a task worked");
        (d.row.id, d.row.version)
    };
    // A supervisor (1001 at another desk) hands the task back to the pool meanwhile (the
    // queue's first task is a third-level one, which goes to supervisors only).
    let boss = agents::by_emp_no(&other, "1001").unwrap().unwrap();
    let at = Actor {
        agent_id: Some(boss.id),
        ..actor
    };
    cb::reassign(&mut other, at, id, None).unwrap();
    assert!(app.tick(), "the data version moved");
    assert!(app.waiting());
    assert_eq!(
        app.callbacks.work().map(|(d, _)| d.row.version),
        Some(version)
    );
    pump_all(&mut app);
    let (d, f) = app.callbacks.work().expect("the form stays open");
    assert!(d.row.version > version, "{}", draw(&app));
    assert!(f.message.is_some(), "the form says who changed it");
}
