//! Open records follow the store: another agent's save reaches every open list, page and
//! form of this agent's app (on its refresh tick, or when a save is refused), keeping the
//! highlight and the typed input; an open form says who changed what, and the next save goes
//! through — never a loop of refusals. The whole app on a temporary store, drawn at 80x24.

mod support;
use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::*;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::{Actor, Db, customers};
use frontdesk::ui::app::App;
use support::screen::draw;

fn fixture(dir: &std::path::Path, lang: Lang) -> App {
    let path = dir.join("fixture.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let clock = Clock::fixed(tz, now);
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let agent = agents::ensure(&mut db, actor, "1002", "陈静", Role::Agent).unwrap();
    let zhang = CustomerData {
        name: "张三".into(),
        mobile: Some("13812341234".into()),
        region: "广东省深圳市".into(),
        ..Default::default()
    };
    customers::create(&mut db, actor, &zhang).unwrap();
    let settings = Settings::with_db(path, lang);
    App::new(db, clock, settings, Some(agent))
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

#[test]
fn editing_over_another_agents_change_is_refused_and_the_form_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::En);
    typed(&mut app, "zs");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('e'));
    // Meanwhile another agent saves the same customer.
    let mut other = Db::open(&dir.path().join("fixture.sqlite3")).unwrap();
    let c = customers::get(other.conn(), 1).unwrap();
    let mut data = c.data.clone();
    data.region = "广东省广州市".into();
    customers::update(
        &mut other,
        Actor {
            agent_id: None,
            at: Utc::now(),
        },
        1,
        c.version,
        &data,
    )
    .unwrap();
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "0755-88889999");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let screen = draw(&app);
    assert!(
        screen.contains("Not saved: someone else just changed this record"),
        "{screen}"
    );
    assert!(
        screen.contains("Region → 广东省广州市"),
        "names the change: {screen}"
    );
    assert!(screen.contains("0755-88889999"), "form lost: {screen}");
    let after = customers::get(app.db.conn(), 1).unwrap();
    assert_eq!(after.data.region, "广东省广州市");
    assert_eq!(after.data.landline, None);
    // Not a loop of refusals: the form now holds the stored version with the typed
    // landline, and saving again keeps both changes.
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let after = customers::get(app.db.conn(), 1).unwrap();
    assert_eq!(
        after.data.region, "广东省广州市",
        "the other agent's change kept"
    );
    assert_eq!(after.data.landline.as_deref(), Some("0755-88889999"));
    assert!(draw(&app).contains("Saved"), "{}", draw(&app));
}

#[test]
fn an_open_form_is_told_of_another_agents_save_before_saving() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::Zh);
    typed(&mut app, "zs");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "0755-88889999"); // the agent adds a landline
    let mut other = Db::open(&dir.path().join("fixture.sqlite3")).unwrap();
    let sys = Actor {
        agent_id: None,
        at: Utc::now(),
    };
    let boss = agents::ensure(&mut other, sys, "1001", "刘芳", Role::Supervisor).unwrap();
    let c = customers::get(other.conn(), 1).unwrap();
    let mut data = c.data.clone();
    data.address = "福田区深南大道 1 号".into();
    let actor = Actor {
        agent_id: Some(boss.id),
        at: Utc::now(),
    };
    customers::update(&mut other, actor, 1, c.version, &data).unwrap();
    // The app's refresh picks the change up without a key press.
    assert!(app.tick(), "another agent's save is seen");
    let screen = draw(&app);
    assert!(screen.contains("1001"), "says who: {screen}");
    assert!(
        screen.contains("地址 → 福田区深南大道"),
        "says what: {screen}"
    );
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let after = customers::get(app.db.conn(), 1).unwrap();
    assert_eq!(after.data.address, "福田区深南大道 1 号", "theirs kept");
    assert_eq!(
        after.data.landline.as_deref(),
        Some("0755-88889999"),
        "mine saved"
    );
    assert_eq!(after.version, c.version + 2, "saved at once, not refused");
}

/// Issue 17's repro on the whole app: another agent assigns handler 1004 while this agent's
/// assign form (1005) is open. The save is refused naming the first assignment, the page
/// shows it, and saving again (now on what the agent has seen) reassigns — nothing is
/// silently overwritten, and no loop of refusals.
#[test]
fn a_complaint_step_after_another_agents_is_refused_naming_it_then_taken() {
    use frontdesk::domain::complaints::{Category, Event, EventKind};
    use frontdesk::store::complaints::{self as sc, NewComplaint};
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::Zh);
    let mut other = Db::open(&dir.path().join("fixture.sqlite3")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
    let sys = Actor {
        agent_id: None,
        at: now,
    };
    let a = agents::ensure(&mut other, sys, "1004", "王磊", Role::Agent).unwrap();
    agents::ensure(&mut other, sys, "1005", "赵敏", Role::Agent).unwrap();
    let c = NewComplaint {
        customer_id: Some(1),
        vehicle_id: None,
        call_id: None,
        channel: "phone".into(),
        received_at: now,
        category: Category::Attitude,
        loss_yuan: None,
        severity_by_hand: None,
        station: String::new(),
        summary: "服务态度差".into(),
        demand: "道歉".into(),
        handler_id: None,
    };
    let id = sc::register(&mut other, sys, &c).unwrap();
    assert!(app.tick(), "the new complaint is seen");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('h'));
    let screen = draw(&app);
    assert!(
        screen.contains(&format!("投诉 #{id} 张三")),
        "the form names it: {screen}"
    );
    typed(&mut app, "1005");
    // Agent 1004 assigns themselves first, on their own app.
    let seen = sc::last_event_id(other.conn(), id).unwrap();
    let mine = Event::new(now, a.id, EventKind::HandlerAssigned { handler: a.id });
    sc::append_seen(&mut other, id, seen, mine, chrono_tz::Asia::Shanghai).unwrap();
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let screen = draw(&app);
    assert!(
        screen.contains("刚被 1004 王磊 更改"),
        "the refusal names the first: {screen}"
    );
    assert_eq!(
        sc::get(app.db.conn(), id).unwrap().handler.as_deref(),
        Some("1004 王磊"),
        "the first assignment stands"
    );
    // Saving again is taken on the assignment the agent has now seen.
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(
        sc::get(app.db.conn(), id).unwrap().handler.as_deref(),
        Some("1005 赵敏")
    );
}

/// An open complaint page and customer archive follow another agent's save wherever this
/// agent is: the page is reloaded in place, and the agent stays on the tab they are on.
#[test]
fn open_pages_follow_a_save_without_pulling_the_agent_to_their_tab() {
    use frontdesk::domain::complaints::Category;
    use frontdesk::store::complaints::{self as sc, NewComplaint};
    use frontdesk::ui::action::Tab;
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::Zh);
    let mut other = Db::open(&dir.path().join("fixture.sqlite3")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
    let sys = Actor {
        agent_id: None,
        at: now,
    };
    let c = NewComplaint {
        customer_id: Some(1),
        vehicle_id: None,
        call_id: None,
        channel: "phone".into(),
        received_at: now,
        category: Category::Attitude,
        loss_yuan: None,
        severity_by_hand: None,
        station: String::new(),
        summary: "服务态度差".into(),
        demand: String::new(),
        handler_id: None,
    };
    let id = sc::register(&mut other, sys, &c).unwrap();
    app.tick();
    // The customer's archive open, then the complaint's page, then off to the Calls tab.
    typed(&mut app, "zs");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Enter);
    assert!(app.complaints.detail().is_some(), "{}", draw(&app));
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.tab, Tab::Calls, "{}", draw(&app));
    // Another agent renames the customer and records a contact on the complaint.
    let cu = customers::get(other.conn(), 1).unwrap();
    let mut data = cu.data.clone();
    data.name = "张三丰".into();
    customers::update(&mut other, sys, 1, cu.version, &data).unwrap();
    let seen = sc::last_event_id(other.conn(), id).unwrap();
    let contact = frontdesk::domain::complaints::Event {
        at: now,
        by: None,
        kind: frontdesk::domain::complaints::EventKind::Contacted,
    };
    sc::append_seen(&mut other, id, seen, contact, chrono_tz::Asia::Shanghai).unwrap();
    assert!(app.tick());
    assert_eq!(app.tab, Tab::Calls, "the agent stays where they are");
    let d = app.complaints.detail().unwrap();
    assert_eq!(
        d.seen,
        sc::last_event_id(other.conn(), id).unwrap(),
        "page reloaded"
    );
    let a = app.customers.archive().unwrap();
    assert_eq!(a.customer.data.name, "张三丰", "archive reloaded");
}
