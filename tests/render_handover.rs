//! The Desk page 交接 / Hand-over at 80x24 in both languages: late and missing hand-overs
//! (sales and repair) oldest deadline first with the staff member, masked numbers in the
//! export, and the receipt form recording documents received.

mod support;
use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::*;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::{Actor, Db, customers, files, vehicles};
use frontdesk::ui::app::App;
use support::screen::draw;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

/// Monday 23 November 2026, 09:30 in the store. Repair orders handed back on Wed 11 Nov
/// (due Thu 12th, documents came Mon 16th: late), Fri 13th (due Mon 16th, still missing),
/// Fri 20th (due today) and sales files delivered Thu 12th (due Mon 16th, documents came
/// Tue 17th: late) and Mon 16th (on time, not listed).
fn fixture(dir: &std::path::Path, lang: Lang) -> App {
    let path = dir.join("h.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let sys = Actor {
        agent_id: None,
        at: now,
    };
    let agent = agents::ensure(&mut db, sys, "1002", "陈静", Role::Agent).unwrap();
    let store = db.store_id().to_string();
    let people = [
        ("张三", "13812341234", "粤B12345", "LSVAB4BR5NN123456"),
        ("李四", "13900001111", "粤B54321", "LSVAB4BR5NN654321"),
    ];
    let mut vids = Vec::new();
    for (name, mobile, plate, vin) in people {
        let c = CustomerData {
            name: name.into(),
            mobile: Some(mobile.into()),
            ..Default::default()
        };
        let id = customers::create(&mut db, sys, &c).unwrap();
        let v = VehicleData {
            vin: vin.into(),
            plate: Some(plate.into()),
            brand: "大众".into(),
            model: "朗逸".into(),
            ..Default::default()
        };
        vids.push(vehicles::create(&mut db, sys, id, &v).unwrap());
    }
    db.write(|tx| {
        for (i, (closed, advisor)) in [(d(11, 11), "孙伟"), (d(11, 13), "李明"), (d(11, 20), "孙伟")]
            .into_iter()
            .enumerate()
        {
            let o = RepairOrderData {
                ro_number: format!("RO20261100{i}"),
                opened: closed,
                closed: Some(closed),
                advisor: advisor.into(),
                ..Default::default()
            };
            files::insert_repair_order_in(tx, &store, sys, vids[0], &o)?;
        }
        tx.execute(
            "UPDATE repair_orders SET documents_received = '2026-11-16' WHERE ro_number = 'RO202611000'",
            [],
        )?;
        for (v, delivered, received, who) in [
            (vids[1], d(11, 12), d(11, 17), "周杰"),
            (vids[0], d(11, 16), d(11, 17), "吴敏"),
        ] {
            let s = SalesFileData {
                delivery_date: delivered,
                invoice_date: delivered,
                salesperson: who.into(),
                documents_received: Some(received),
                ..Default::default()
            };
            // One sales file per vehicle: the second car's sale is on the first one's file
            // only when it has none.
            if files::sales_file(tx, v)?.is_none() {
                files::insert_sales_file_in(tx, &store, sys, v, &s)?;
            }
        }
        Ok(())
    })
    .unwrap();
    let settings = Settings::with_db(path, lang);
    App::new(db, Clock::fixed(tz, now), settings, Some(agent))
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// The Desk tab, then → until the hand-over page shows (other pages come before it).
fn open_page(app: &mut App) {
    key(app, KeyCode::Esc);
    key(app, KeyCode::Char('7'));
    for _ in 0..10 {
        let screen = draw(app);
        if screen.contains("资料交接：") || screen.contains("Hand-over: late") {
            return;
        }
        key(app, KeyCode::Right);
    }
    panic!("no hand-over page: {}", draw(app));
}

#[test]
fn the_hand_over_page_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::Zh);
    open_page(&mut app);
    let screen = draw(&app);
    let lines: Vec<&str> = screen.lines().collect();
    assert!(screen.contains("交接"), "{screen}");
    assert!(screen.contains("未交 1  逾期交到 2  待交 1"), "{screen}");
    // Missing first (RO…1 due Mon 16th), then not yet due (RO…2 due today), then received
    // late, the latest deadline first (the sale due Mon 16th, RO…0 due Thu 12th).
    let at = |s: &str| {
        lines
            .iter()
            .position(|l| l.contains(s))
            .unwrap_or(usize::MAX)
    };
    assert!(at("RO202611001") < at("RO202611002"), "{screen}");
    assert!(at("RO202611002") < at("周杰"), "{screen}");
    assert!(at("周杰") < at("RO202611000"), "{screen}");
    assert!(
        lines[at("RO202611000")].contains("晚2个工作日交到"),
        "{screen}"
    );
    assert!(lines[at("RO202611001")].contains("李明"), "{screen}");
    assert!(
        lines[at("RO202611001")].contains("未交 逾期5个工作日"),
        "{screen}"
    );
    assert!(lines[at("RO202611002")].contains("未到期"), "{screen}");
    assert!(!screen.contains("吴敏"), "on time is not listed: {screen}");
    assert!(screen.contains("m 登记交到"), "{screen}");
    assert!(!screen.is_ascii() && !screen.contains("Repair"), "{screen}");
    // The export keeps numbers masked.
    ctrl(&mut app, 'e');
    let csv = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "csv"))
        .unwrap();
    let csv = std::fs::read_to_string(csv).unwrap();
    assert!(csv.contains("李明") && csv.contains("138****1234"), "{csv}");
    assert!(!csv.contains("13812341234"), "{csv}");
    // Enter opens the customer's archive.
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app);
    assert!(screen.contains("客户档案 张三"), "{screen}");
}

#[test]
fn the_hand_over_page_in_english_records_documents_received() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::En);
    open_page(&mut app);
    let screen = draw(&app);
    assert!(
        screen.contains("missing 1, late 2, due 1: 4 in all"),
        "{screen}"
    );
    assert!(screen.contains("overdue 5 workdays"), "{screen}");
    assert!(
        !screen
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)
                && !"张三李四孙伟李明周杰陈静大众朗逸粤".contains(c)),
        "no Chinese outside data: {screen}"
    );
    // The missing repair order (the first row): record its documents as received today.
    key(&mut app, KeyCode::Char('m'));
    let screen = draw(&app);
    assert!(screen.contains("Record documents received"), "{screen}");
    assert!(screen.contains("[x] Reception order"), "{screen}");
    assert!(screen.contains("Received 2026-11-23"), "{screen}");
    assert!(screen.contains("Handed by 李明"), "{screen}");
    ctrl(&mut app, 's');
    let screen = draw(&app);
    assert!(screen.contains("3 documents recorded"), "{screen}");
    // Received a week late: it stays on the list as late, with the working days counted.
    assert!(
        screen.contains("missing 0, late 3, due 1: 4 in all"),
        "{screen}"
    );
    let line = screen.lines().find(|l| l.contains("RO202611001")).unwrap();
    assert!(line.contains("came 5 workdays late"), "{screen}");
}
