//! The day timeline at 80x24 gives a plate whole: a new-energy plate (8 characters,
//! 粤BF45589) leaves no room for the status word beside it, so the word gives way (the
//! cell's colour and the line under the grid say the state), never the plate.

mod support;
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
use support::screen::draw;

/// A new-energy car booked at 10:00 and a petrol one at 11:00, Monday 2026-11-23.
fn app(dir: &std::path::Path, lang: Lang) -> App {
    let path = dir.join("plates.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let mut actor = Actor {
        agent_id: None,
        at: now,
    };
    let agent = agents::ensure(&mut db, actor, "1002", "陈静", Role::Agent).unwrap();
    actor.agent_id = Some(agent.id);
    let setup = StoreSetup::builtin().with_tz(tz);
    for (i, (name, mobile, plate, vin, hour)) in [
        ("王五", "13812341234", "粤BF45589", "LSVAB4BR5NN123456", 10),
        ("赵六", "13900001111", "粤B67890", "LSVAB4BR5NN654321", 11),
    ]
    .into_iter()
    .enumerate()
    {
        let customer_id = customers::create(
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
            brand: "比亚迪".into(),
            model: "汉EV".into(),
            ..Default::default()
        };
        let vehicle_id = vehicles::create(&mut db, actor, customer_id, &v).unwrap();
        sa::book(
            &mut db,
            actor,
            &setup,
            NewBooking {
                customer_id,
                vehicle_id,
                services: vec!["maintenance".into()],
                advisor: ["陈志明", "李晓峰"][i].into(),
                bay: ["1号工位", "2号工位"][i].into(),
                start: at_local(
                    tz,
                    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                    NaiveTime::from_hms_opt(hour, 0, 0).unwrap(),
                ),
                ..Default::default()
            },
            now,
            None,
        )
        .unwrap();
    }
    let settings = Settings::with_db(path, lang);
    let mut app = App::new(db, Clock::fixed(tz, now), settings, Some(agent));
    for c in [KeyCode::Esc, KeyCode::Char('2')] {
        app.on_key(KeyEvent::new(c, KeyModifiers::NONE));
    }
    app
}

#[test]
fn a_new_energy_plate_reads_whole_in_the_day_timeline() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let app = app(dir.path(), lang);
        let screen = draw(&app);
        let row = |t: &str| {
            screen
                .lines()
                .find(|l| l.contains(&format!("│{t}")))
                .unwrap_or_else(|| panic!("no {t} row:\n{screen}"))
                .to_string()
        };
        let ten = row("10:00");
        assert!(ten.contains("粤BF45589"), "{ten}\n{screen}");
        assert!(!ten.contains('~'), "{ten}\n{screen}");
        // A plate of 7 keeps its status word beside it.
        let eleven = row("11:00");
        let booked = lang.t("粤B67890 约", "粤B67890 bk");
        assert!(eleven.contains(booked), "{eleven}\n{screen}");
    }
}
