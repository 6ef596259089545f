//! The Appointments tab's lists load on the loads thread (issue 14 rule 1): after another
//! agent's save (and every 30 ticks) the refresh tick reads none of them on the app's
//! thread, nor marks the no-shows there; the answer, taken in by `App::pump`, brings the
//! lists and the open booking (followed to where it was moved) to the screen. The whole app
//! with its threads on a temporary store.

mod support;
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::appointments::{NewBooking, Status, StoreSetup, at_local};
use frontdesk::domain::archive::*;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::appointments as sa;
use frontdesk::store::{Actor, Db, customers, vehicles};
use frontdesk::ui::app::App;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::screen::draw;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

fn at(h: u32, m: u32) -> chrono::DateTime<Utc> {
    at_local(
        TZ,
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        NaiveTime::from_hms_opt(h, m, 0).unwrap(),
    )
}

/// A store with 张三's car booked at 10:00 today; this agent (1002) has its page open.
fn fixture(dir: &Path, lang: Lang) -> (App, PathBuf, i64) {
    let path = dir.join("store.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let sys = Actor {
        agent_id: None,
        at: now(),
    };
    let agent = agents::ensure(&mut db, sys, "1002", "陈静", Role::Agent).unwrap();
    agents::ensure(&mut db, sys, "1001", "刘芳", Role::Supervisor).unwrap();
    let cid = customers::create(
        &mut db,
        sys,
        &CustomerData {
            name: "张三".into(),
            mobile: Some("13812341234".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let car = VehicleData {
        vin: "LSVAB4BR5NN123456".into(),
        plate: Some("粤B12345".into()),
        model: "朗逸".into(),
        ..Default::default()
    };
    let vid = vehicles::create(&mut db, sys, cid, &car).unwrap();
    let setup = StoreSetup::builtin().with_tz(TZ);
    let id = sa::book(
        &mut db,
        sys,
        &setup,
        NewBooking {
            customer_id: cid,
            vehicle_id: vid,
            services: vec!["maintenance".into()],
            advisor: "陈志明".into(),
            bay: "1号工位".into(),
            start: at(10, 0),
            ..Default::default()
        },
        now(),
        None,
    )
    .unwrap();
    let settings = Settings::with_db(path.clone(), lang);
    let mut app = App::new(db, Clock::fixed(TZ, now()), settings, Some(agent));
    app.start_background();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    let page = draw(&app);
    assert!(
        page.contains(&format!("#{id}")) && page.contains("10:00"),
        "{page}"
    );
    (app, path, id)
}

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

/// The supervisor, on their own connection, moves booking `id` to 14:00.
fn other_agent_moves(path: &Path, id: i64) -> i64 {
    let mut other = Db::open(path).unwrap();
    let boss = agents::by_emp_no(&other, "1001").unwrap().unwrap();
    let b = sa::get(other.conn(), id).unwrap();
    sa::reschedule_seen(
        &mut other,
        Actor {
            agent_id: Some(boss.id),
            at: now(),
        },
        &StoreSetup::builtin().with_tz(TZ),
        id,
        b.row.version,
        sa::Reschedule {
            start: at(14, 0),
            minutes: None,
            advisor: None,
            bay: None,
            parts_late_ok: false,
            note: "客户下午有空".into(),
        },
        now(),
        None,
    )
    .unwrap()
}

#[test]
fn the_open_booking_follows_another_agents_move_on_the_loads_thread() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path, id) = fixture(dir.path(), Lang::En);
    let new_id = other_agent_moves(&path, id);
    assert!(app.tick(), "the tick sees the other connection's write");
    // Nothing was read here: the page shows the booking as it was until the answer.
    assert!(app.waiting());
    assert_eq!(
        app.appointments.detail().map(|d| d.booking.row.id),
        Some(id)
    );
    pump_all(&mut app);
    let page = draw(&app);
    let d = app.appointments.detail().expect("the page stays open");
    assert_eq!(d.booking.row.id, new_id, "{page}");
    assert!(page.contains("2026-11-23 14:00"), "the new time: {page}");
    assert!(page.contains("1001 刘芳"), "who moved it: {page}");
}

#[test]
fn a_booking_past_its_grace_period_is_marked_and_listed_on_the_loads_thread() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path, _) = fixture(dir.path(), Lang::En);
    key(&mut app, KeyCode::Esc);
    pump_all(&mut app);
    // Another desk books 张三's car at 08:30 today, past its grace period at 09:30.
    let mut other = Db::open(&path).unwrap();
    let sys = Actor {
        agent_id: None,
        at: now(),
    };
    let setup = StoreSetup::builtin().with_tz(TZ);
    let b = sa::get(other.conn(), 1).unwrap();
    let late = sa::book(
        &mut other,
        sys,
        &setup,
        NewBooking {
            customer_id: b.row.customer_id,
            vehicle_id: b.row.vehicle_id,
            services: vec!["maintenance".into()],
            advisor: "陈志明".into(),
            bay: "2号工位".into(),
            start: at(8, 30),
            ..Default::default()
        },
        now() - chrono::Duration::hours(2),
        None,
    )
    .unwrap();
    // The first tick marks the no-shows and loads the lists: on the loads thread.
    assert!(app.tick());
    assert!(app.waiting());
    // The board's 08:30 row: empty until the answer comes, then the car.
    let at_830 = |app: &App| {
        draw(app)
            .lines()
            .find(|l| l.starts_with("│08:30"))
            .is_some_and(|l| l.contains("粤B12345"))
    };
    assert!(!at_830(&app), "{}", draw(&app));
    pump_all(&mut app);
    assert!(at_830(&app), "{}", draw(&app));
    assert_eq!(
        sa::get(other.conn(), late).unwrap().row.status,
        Status::NoShow
    );
}
