//! The Calls tab follows the store: another agent's step on a rescue case reaches this
//! agent's open page and dispatch form (who changed it, the typing kept), and the step the
//! agent then saves is taken on the case as it is now — never a loop of refusals. The whole
//! app on a temporary store, drawn at 80x24.

mod support;
use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::CustomerData;
use frontdesk::domain::calls::{Channel, Direction, Dispatch};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::calls::{self, NewCall, RescueStep};
use frontdesk::store::{Actor, Db, customers};
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::App;
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

fn ctrl_s(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
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
    assert!(app.tick(), "the new rescue case is seen");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.tab, Tab::Calls);
    Case {
        app,
        other,
        wang,
        rid,
    }
}

#[test]
fn a_dispatch_over_another_agents_step_says_who_keeps_the_typing_then_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let Case {
        mut app,
        mut other,
        wang,
        rid,
    } = open_case(dir.path());
    // The case's page, then its dispatch form, which names the case.
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('d'));
    let screen = draw(&app);
    assert!(
        screen.contains(&format!("救援 #{rid} 张三")),
        "the form names the case: {screen}"
    );
    typed(&mut app, "3");

    // Agent 1004 records the contact first, on their own app.
    let seen = calls::rescue(other.conn(), rid).unwrap().version;
    calls::rescue_step_seen(&mut other, wang, rid, seen, &RescueStep::Contacted).unwrap();
    assert!(app.tick(), "their step is seen");
    let screen = draw(&app);
    assert!(screen.contains("1004 王磊"), "the form says who: {screen}");
    assert!(screen.contains("拖车"), "the typing is kept: {screen}");

    // Saved once: taken on the case as it is now, nothing of 1004's step lost.
    ctrl_s(&mut app);
    let r = calls::rescue(other.conn(), rid).unwrap();
    assert_eq!(r.dispatch, Some(Dispatch::Tow), "{}", draw(&app));
    assert!(r.contacted_at.is_some(), "1004's contact stands");
}

#[test]
fn a_step_refused_over_another_agents_names_it_and_the_next_try_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let Case {
        mut app,
        mut other,
        wang,
        rid,
    } = open_case(dir.path());
    // The dispatch form, from the list.
    key(&mut app, KeyCode::Char('d'));
    typed(&mut app, "3");
    // 1004 dispatches a technician before this app's refresh tick.
    let seen = calls::rescue(other.conn(), rid).unwrap().version;
    let tech = RescueStep::Dispatched {
        how: Dispatch::Technician,
        technician: "李师傅".into(),
        eta: "10:40".into(),
    };
    calls::rescue_step_seen(&mut other, wang, rid, seen, &tech).unwrap();
    ctrl_s(&mut app);
    let screen = draw(&app);
    assert!(
        screen.contains("1004 王磊") && screen.contains("李师傅"),
        "the refusal names the first: {screen}"
    );
    let r = calls::rescue(other.conn(), rid).unwrap();
    assert_eq!(r.technician.as_deref(), Some("李师傅"), "the first stands");
    assert_eq!(r.version, seen + 1, "nothing of the second was written");
    // The agent has been told; saving again is taken on the case as it now is.
    ctrl_s(&mut app);
    let r = calls::rescue(other.conn(), rid).unwrap();
    assert_eq!(r.dispatch, Some(Dispatch::Tow), "{}", draw(&app));
}
