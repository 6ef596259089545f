//! The Appointments tab's fixture shared by the `render_appointments*` tests: two
//! customers with a car each on a temp store, Monday 2026-11-23 09:30 in Shenzhen, the app
//! open on the tab (the store-level fixture is `support::appointments_fx`).

#![allow(dead_code)]

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::appointments::{NewBooking, StoreSetup, at_local};
use frontdesk::domain::archive::*;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::appointments as sa;
use frontdesk::store::{Actor, Db, customers, vehicles};
use frontdesk::ui::app::App;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub struct Fixture {
    pub app: App,
    pub zhang_vehicle: i64,
    pub booking: i64,
}

/// Two customers with a car each; Monday 2026-11-23, 09:30 in Shenzhen; 张三 booked at
/// 10:00 today with 陈志明 in 1号工位.
pub fn fixture(dir: &std::path::Path, lang: Lang) -> Fixture {
    fixture_with(dir, lang, false)
}

/// `missed`: 李四 was also booked (yesterday) for 08:30 today and has not come.
pub fn fixture_with(dir: &std::path::Path, lang: Lang, missed: bool) -> Fixture {
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
    let actor = Actor {
        agent_id: Some(agent.id),
        at: now,
    };
    let mut vids = Vec::new();
    for (name, mobile, plate, vin) in [
        ("张三", "13812341234", "粤B12345", "LSVAB4BR5NN123456"),
        ("李四", "13900001111", "粤B67890", "LSVAB4BR5NN654321"),
    ] {
        let id = customers::create(
            &mut db,
            actor,
            &CustomerData {
                name: name.into(),
                mobile: Some(mobile.into()),
                ..Default::default()
            },
        )
        .unwrap();
        let v = VehicleData {
            vin: vin.into(),
            plate: Some(plate.into()),
            brand: "大众".into(),
            model: "朗逸".into(),
            ..Default::default()
        };
        vids.push((id, vehicles::create(&mut db, actor, id, &v).unwrap()));
    }
    let setup = StoreSetup::builtin().with_tz(tz);
    let booking = sa::book(
        &mut db,
        actor,
        &setup,
        NewBooking {
            customer_id: vids[0].0,
            vehicle_id: vids[0].1,
            services: vec!["maintenance".into()],
            need: "保养".into(),
            advisor: "陈志明".into(),
            bay: "1号工位".into(),
            start: at_local(
                tz,
                date(2026, 11, 23),
                NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            ),
            ..Default::default()
        },
        now,
        None,
    )
    .unwrap();
    if missed {
        sa::book(
            &mut db,
            actor,
            &setup,
            NewBooking {
                customer_id: vids[1].0,
                vehicle_id: vids[1].1,
                services: vec!["diagnosis".into()],
                advisor: "李晓峰".into(),
                bay: "2号工位".into(),
                start: at_local(
                    tz,
                    date(2026, 11, 23),
                    NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
                ),
                ..Default::default()
            },
            now - chrono::Duration::days(1),
            None,
        )
        .unwrap();
    }
    let settings = Settings::with_db(path, lang);
    let mut app = App::new(db, clock, settings, Some(agent));
    key(&mut app, KeyCode::Esc); // leave the customer search field
    key(&mut app, KeyCode::Char('2'));
    Fixture {
        app,
        zhang_vehicle: vids[0].1,
        booking,
    }
}

pub fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ctrl_s(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

pub fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

pub fn count(app: &App, sql: &str) -> i64 {
    app.db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}
