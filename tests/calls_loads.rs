//! The Calls tab's list and the open rescue case follow another agent's save through the
//! loads thread (issue 14 rule 1): the refresh tick reads none of it on the app's thread;
//! the reads go to the loads thread and their answers, taken in by `App::pump`, bring the
//! other agent's save to the screen. The whole app with its threads, on a temporary store.

mod support;
use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::CustomerData;
use frontdesk::domain::calls::{Channel, Direction};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::calls::{self, NewCall, RescueStep};
use frontdesk::store::{Actor, Db, customers};
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::App;
use frontdesk::ui::calls::Entry;
use std::time::{Duration, Instant};
use support::screen::draw;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

fn fixture(dir: &std::path::Path) -> App {
    let path = dir.join("fixture.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let actor = Actor {
        agent_id: None,
        at: now(),
    };
    let agent = agents::ensure(&mut db, actor, "1002", "陈静", Role::Agent).unwrap();
    let zhang = CustomerData {
        name: "张三".into(),
        mobile: Some("13812341234".into()),
        ..Default::default()
    };
    customers::create(&mut db, actor, &zhang).unwrap();
    let settings = Settings::with_db(path, Lang::Zh);
    App::new(db, Clock::fixed(tz, now()), settings, Some(agent))
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
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

fn rescue_call() -> NewCall {
    let set = TemplateSet::builtin();
    let t = set
        .get("rescue_roadside")
        .expect("built-in rescue template");
    NewCall {
        customer_id: Some(1),
        vehicle_id: None,
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

/// The rescue cases listed.
fn rescues(app: &App) -> Vec<i64> {
    app.calls
        .entries()
        .iter()
        .filter_map(|e| match e {
            Entry::Rescue(r) => Some(r.id),
            Entry::FollowUp(_) | Entry::Call(_) => None,
        })
        .collect()
}

/// This agent's app on the Calls list, another agent's (1004 王磊) connection, and a rescue
/// case opened on it.
struct Case {
    app: App,
    other: Db,
    wang: Actor,
    rid: i64,
}

fn open_case(dir: &std::path::Path) -> Case {
    let app = fixture(dir);
    let mut other = Db::open(&dir.join("fixture.sqlite3")).unwrap();
    let sys = Actor {
        agent_id: None,
        at: now(),
    };
    let wang = agents::ensure(&mut other, sys, "1004", "王磊", Role::Agent).unwrap();
    let wang = Actor {
        agent_id: Some(wang.id),
        at: now(),
    };
    let rid = calls::save(&mut other, sys, &rescue_call())
        .unwrap()
        .rescue_id
        .expect("a rescue case");
    let mut app = app;
    app.start_background();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.tab, Tab::Calls);
    // The new case is seen at the tick, listed once the loads thread answers.
    assert!(app.tick(), "the data version moved");
    assert!(app.waiting());
    assert!(app.calls.entries().is_empty(), "{}", draw(&app));
    pump_all(&mut app);
    assert_eq!(rescues(&app), vec![rid], "{}", draw(&app));
    Case {
        app,
        other,
        wang,
        rid,
    }
}

#[test]
fn the_list_follows_another_agents_save_on_the_loads_thread() {
    let dir = tempfile::tempdir().unwrap();
    let Case {
        mut app,
        mut other,
        rid,
        ..
    } = open_case(dir.path());
    let sys = Actor {
        agent_id: None,
        at: now(),
    };
    // A second case at another desk: not listed before the pump, listed after it.
    let second = calls::save(&mut other, sys, &rescue_call())
        .unwrap()
        .rescue_id
        .expect("a rescue case");
    assert!(app.tick(), "the data version moved");
    assert_eq!(rescues(&app), vec![rid]);
    pump_all(&mut app);
    let mut both = rescues(&app);
    both.sort();
    assert_eq!(both, vec![rid, second], "{}", draw(&app));
}

#[test]
fn the_open_dispatch_form_follows_another_agents_step_on_the_loads_thread() {
    let dir = tempfile::tempdir().unwrap();
    let Case {
        mut app,
        mut other,
        wang,
        rid,
    } = open_case(dir.path());
    key(&mut app, KeyCode::Enter);
    pump_all(&mut app);
    key(&mut app, KeyCode::Char('d'));
    typed(&mut app, "3");
    let seen = calls::rescue(other.conn(), rid).unwrap().version;
    calls::rescue_step_seen(&mut other, wang, rid, seen, &RescueStep::Contacted).unwrap();
    assert!(app.tick(), "their step is seen");
    // Nothing of it was read here: the form says nothing until the answer comes.
    assert!(app.waiting());
    assert!(!draw(&app).contains("1004 王磊"), "{}", draw(&app));
    pump_all(&mut app);
    let screen = draw(&app);
    assert!(screen.contains("1004 王磊"), "the form says who: {screen}");
    assert!(screen.contains("拖车"), "the typing is kept: {screen}");
}

#[test]
fn the_status_bars_rescue_counts_are_counted_on_the_loads_thread() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path());
    app.start_background();
    let mut other = Db::open(&dir.path().join("fixture.sqlite3")).unwrap();
    let sys = Actor {
        agent_id: None,
        at: now(),
    };
    calls::save(&mut other, sys, &rescue_call()).unwrap();
    // The first tick counts the open rescue cases (and follows the store): not here.
    assert!(app.tick());
    assert_eq!(app.rescue_counts, (0, 0));
    pump_all(&mut app);
    assert_eq!(app.rescue_counts.0, 1, "{}", draw(&app));
}
