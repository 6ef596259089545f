//! The Customers tab follows another agent's save through the loads thread (issue 14 rule
//! 1): the search run again, the open archive and the record under the open form are read
//! there, never by the refresh tick on the app's thread; their answers, taken in by
//! `App::pump`, bring the other agent's save to the screen. The whole app with its
//! threads, on the small demo store.

mod support;
use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::domain::archive::CustomerData;
use frontdesk::i18n::Lang;
use frontdesk::store::{Actor, Db, agents, customers};
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

/// The demo app of agent 1001 on the Customers list with its threads, and a connection of
/// agent 1002's with how they save now.
fn apps(dir: &std::path::Path) -> (App, Db, Actor) {
    let mut app = support::demo::demo_app(dir, Lang::En, "1001");
    app.start_background();
    pump_all(&mut app);
    let other = Db::open(&dir.join("demo.sqlite3")).unwrap();
    let them = agents::by_emp_no(&other, "1002").unwrap().unwrap();
    let actor = Actor {
        agent_id: Some(them.id),
        at: Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap(),
    };
    (app, other, actor)
}

fn names(app: &App) -> Vec<String> {
    app.customers
        .hits()
        .iter()
        .map(|h| h.name.clone())
        .collect()
}

#[test]
fn the_results_follow_another_agents_new_customer_on_the_loads_thread() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut other, actor) = apps(dir.path());
    assert!(app.customers.at_list());
    let data = CustomerData {
        name: "欧阳新客".into(),
        mobile: Some("13900001111".into()),
        ..Default::default()
    };
    customers::create(&mut other, actor, &data).unwrap();
    assert!(app.tick(), "the data version moved");
    // Nothing was searched here: the results are as before until the answer comes.
    assert!(app.waiting());
    assert!(!names(&app).contains(&"欧阳新客".to_string()));
    pump_all(&mut app);
    assert!(
        names(&app).contains(&"欧阳新客".to_string()),
        "{}",
        draw(&app)
    );
}

#[test]
fn the_open_archive_and_form_follow_another_agents_save_on_the_loads_thread() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut other, actor) = apps(dir.path());
    key(&mut app, KeyCode::Enter);
    let shown = app
        .customers
        .archive()
        .expect("an archive open")
        .customer
        .clone();
    // Another agent renames the customer: the page shows it after the pump only.
    let mut data = shown.data.clone();
    data.name = "改名客户".into();
    customers::update(&mut other, actor, shown.id, shown.version, &data).unwrap();
    assert!(app.tick(), "the data version moved");
    assert!(app.waiting());
    assert_eq!(
        app.customers.archive().map(|a| a.customer.version),
        Some(shown.version)
    );
    pump_all(&mut app);
    let now = app
        .customers
        .archive()
        .expect("still open")
        .customer
        .clone();
    assert_eq!(
        (now.version, now.data.name.as_str()),
        (shown.version + 1, "改名客户")
    );
    // The edit form open: another save reaches it after the pump only.
    key(&mut app, KeyCode::Char('e'));
    assert!(app.customers.form().is_some(), "{}", draw(&app));
    data.region = "广东省广州市".into();
    customers::update(&mut other, actor, now.id, now.version, &data).unwrap();
    assert!(app.tick(), "the data version moved");
    assert!(app.waiting());
    assert_eq!(
        app.customers.form().and_then(|(_, f)| f.message.clone()),
        None
    );
    pump_all(&mut app);
    let (_, f) = app.customers.form().expect("the form stays open");
    assert!(f.message.is_some(), "the form says who: {}", draw(&app));
    assert_eq!(f.get("region"), "广东省广州市");
}
