//! The rental desk page at 80x24 in both languages: offered only in a store set up as a
//! rental company, its list with the overdue return first and masked numbers, a rental with
//! its breakdowns, and the breakdown form.

mod support;
use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::{CustomerData, VehicleData};
use frontdesk::domain::rentals::{Fault, MODE_KEY, MODE_RENTAL};
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::rentals::{self, NewBreakdown, NewRental};
use frontdesk::store::{Actor, Db, customers, settings, vehicles};
use frontdesk::ui::app::App;
use support::screen::draw;

fn at(d: u32, h: u32) -> chrono::DateTime<Utc> {
    // Store-local hour h on 2026-11-d (Shanghai, UTC+8).
    Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap() - chrono::Duration::hours(8)
}

fn app(dir: &std::path::Path, lang: Lang, rental: bool) -> App {
    let path = dir.join("rental.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let now = at(23, 9);
    let sys = Actor {
        agent_id: None,
        at: now,
    };
    let agent = agents::ensure(&mut db, sys, "1002", "陈静", Role::Agent).unwrap();
    let me = Actor {
        agent_id: Some(agent.id),
        at: now,
    };
    if rental {
        settings::set(&mut db, me, MODE_KEY, MODE_RENTAL, None).unwrap();
    }
    let fleet = customers::create(
        &mut db,
        me,
        &CustomerData {
            name: "车队".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let names = [("张三", "13812341234"), ("李四", "13998765678")];
    for (i, (name, mobile)) in names.iter().enumerate() {
        let cid = customers::create(
            &mut db,
            me,
            &CustomerData {
                name: (*name).into(),
                mobile: Some((*mobile).into()),
                ..Default::default()
            },
        )
        .unwrap();
        let v = VehicleData {
            vin: format!("LSVAB4BR5NN12345{i}"),
            plate: Some(format!("粤B1234{i}")),
            brand: "大众".into(),
            model: "朗逸".into(),
            ..Default::default()
        };
        let vid = vehicles::create(&mut db, me, fleet, &v).unwrap();
        // 张三 is due back on the 22nd (overdue); 李四 on the 26th.
        let due = if i == 0 { at(22, 18) } else { at(26, 18) };
        let id = rentals::create(
            &mut db,
            me,
            &NewRental {
                contract_no: format!("R-2026-000{}", i + 1),
                vehicle_id: vid,
                customer_id: cid,
                branch: "福田网点".into(),
                start_at: at(20, 9),
                planned_return_at: due,
            },
        )
        .unwrap();
        if i == 0 {
            rentals::log_breakdown(
                &mut db,
                me,
                &NewBreakdown {
                    rental_id: id,
                    fault: Fault::Tyre,
                    occurred_at: at(21, 14),
                    place: "广深高速东莞段".into(),
                    note: String::new(),
                },
                1,
            )
            .unwrap();
        }
    }
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, now);
    let settings = Settings::with_db(path, lang);
    let mut app = App::new(db, clock, settings, Some(agent));
    app.on_key(KeyEvent::new(KeyCode::Char('7'), KeyModifiers::NONE));
    // Turn the Desk tab's pages to the rental desk (wherever it stands in the page bar).
    for _ in 0..12 {
        if draw(&app).contains("R-2026-0001") {
            break;
        }
        app.on_key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
    }
    app
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn the_rental_desk_lists_rentals_with_the_overdue_one_first_zh() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), Lang::Zh, true);
    let s = draw(&app);
    assert!(s.contains(" 租赁 "), "{s}");
    assert!(s.contains("未还车 2  逾期 1"), "{s}");
    let first = s.find("R-2026-0001").expect("the overdue rental is listed");
    let second = s.find("R-2026-0002").expect("the other rental is listed");
    assert!(first < second, "earliest due first:\n{s}");
    assert!(s.contains("逾期未还") && s.contains("在租"), "{s}");
    assert!(
        s.contains("138****1234") && !s.contains("13812341234"),
        "{s}"
    );
    assert!(
        s.contains("n 新建") && s.contains("r 还车") && s.contains("b 故障"),
        "{s}"
    );
    // Enter: the rental with its breakdown.
    key(&mut app, KeyCode::Enter);
    let s = draw(&app);
    assert!(s.contains("租赁合同 R-2026-0001"), "{s}");
    assert!(
        s.contains("途中故障 1 次") && s.contains("轮胎爆胎/漏气"),
        "{s}"
    );
    assert!(s.contains("广深高速东莞段"), "{s}");
    // b: the breakdown form with the fault types.
    key(&mut app, KeyCode::Char('b'));
    let s = draw(&app);
    assert!(s.contains("登记途中故障 R-2026-0001"), "{s}");
    assert!(
        s.contains("故障地点") && s.contains("1 发动机/动力故障"),
        "{s}"
    );
    assert!(
        s.contains("2026-11-23 09:00"),
        "the time defaults to now:\n{s}"
    );
    for line in s.lines() {
        assert!(frontdesk::text::width(line) <= 80, "{line}");
    }
}

#[test]
fn the_rental_desk_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), Lang::En, true);
    let s = draw(&app);
    assert!(s.contains(" Rentals "), "{s}");
    assert!(s.contains("out 2  overdue 1"), "{s}");
    assert!(s.contains("overdue") && s.contains("active"), "{s}");
    assert!(s.contains("139****5678"), "{s}");
    key(&mut app, KeyCode::Char('r'));
    let s = draw(&app);
    assert!(s.contains("Return of R-2026-0001"), "{s}");
    assert!(s.contains("Saving plans the return survey"), "{s}");
    // No Chinese in the English UI outside the data (the branch and names are data).
    let ui: String = s
        .replace("福田网点", "")
        .replace("张三", "")
        .replace("李四", "")
        .replace("陈静", "")
        .replace("粤B", "");
    let han = ui.chars().find(|c| ('\u{4e00}'..='\u{9fff}').contains(c));
    assert_eq!(han, None, "{s}");
}

#[test]
fn a_dealership_has_no_rental_desk() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let app = app(dir.path(), lang, false);
        let s = draw(&app);
        assert!(!s.contains(" 租赁 ") && !s.contains(" Rentals "), "{s}");
        assert!(!s.contains("R-2026-0001"), "{s}");
    }
}

/// A breakdown logged on the page opens the Calls tab's rescue case: the page says its
/// number and first-contact deadline (§2.2, 30 minutes from the report at 09:00), the
/// rental's breakdowns name it, and the status bar counts it with the fixture's one.
#[test]
fn a_breakdown_logged_says_its_rescue_case_and_contact_deadline() {
    for (lang, said, listed, counted, clock) in [
        (
            Lang::Zh,
            "途中故障已登记，已开救援单 #2，请于 09:30 前联系客户确认",
            "救援单 #2  须于 2026-11-23 09:30 前联系客户",
            "救援待联系2",
            "还剩 30分",
        ),
        (
            Lang::En,
            "Breakdown logged: rescue case #2 opened, contact the customer by 09:30",
            "Rescue case #2  contact the customer by 2026-11-23 09:30",
            "contact 2",
            "30 min left",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path(), lang, true);
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Char('b'));
        for c in "2".chars() {
            key(&mut app, KeyCode::Char(c));
        }
        key(&mut app, KeyCode::Tab);
        key(&mut app, KeyCode::Tab);
        for c in "滨河大道".chars() {
            key(&mut app, KeyCode::Char(c));
        }
        app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        let s = draw(&app);
        assert!(s.contains(said), "{s}");
        assert!(s.contains(listed), "{s}");
        assert!(s.contains(counted), "{s}");
        for line in s.lines() {
            assert!(frontdesk::text::width(line) <= 80, "{line}");
        }
        // The Calls tab lists the case with its clock running.
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('1'));
        let s = draw(&app);
        let row = s
            .lines()
            .find(|l| l.contains("滨河大道"))
            .unwrap_or_default();
        assert!(row.contains("张三") && row.contains("粤B12340"), "{s}");
        assert!(row.contains(clock), "{s}");
        // Contacted, the case is still open on the list, but no longer waits for its
        // first contact: the status bar's figure (the 30-minute clock's) drops by one.
        let open = lang.t("进行中救援 2", "2 open rescues");
        let last = |s: &str| s.lines().last().unwrap_or_default().to_string();
        assert!(s.contains(open) && last(&s).contains(counted), "{s}");
        key(&mut app, KeyCode::Char('c'));
        let s = draw(&app);
        assert!(s.contains(open), "both still open: {s}");
        let bar = last(&s);
        assert!(
            bar.contains(lang.t("救援待联系1", "contact 1")) && !bar.contains(counted),
            "{s}"
        );
    }
}

/// The rescue case a breakdown opened names its fault type (§2.1) in the user's language,
/// beside its place, plate and contact deadline, on the Calls tab's case page; and the
/// number to call the customer on within the 30 minutes, in full.
#[test]
fn the_rescue_case_of_a_breakdown_names_its_fault_type() {
    for (lang, fault, place) in [
        (Lang::Zh, "故障 轮胎爆胎/漏气", "地点 广深高速东莞段"),
        (Lang::En, "Fault tyre", "Location 广深高速东莞段"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path(), lang, true);
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('1'));
        // The fixture's breakdown is the list's first row: its rescue case.
        key(&mut app, KeyCode::Enter);
        let s = draw(&app);
        let lines: Vec<&str> = s.lines().collect();
        let at = |what: &str| lines.iter().position(|l| l.contains(what));
        let (f, p) = (at(fault), at(place));
        assert!(f.is_some() && p.is_some(), "{s}");
        assert!(f < p, "the fault first, then the place: {s}");
        assert!(s.contains("粤B12340"), "{s}");
        let phone = lang.t("电话 13812341234", "Phone 13812341234");
        assert!(s.contains(phone), "{s}");
    }
}

/// In a rental store the More tab has seven pages: at 80 columns in English their names
/// are all in the page bar, whichever page is open (the last, Events, used to fall off).
#[test]
fn every_page_is_named_in_the_bar_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), Lang::En, true);
    let names = [
        "Improvements",
        "Knowledge",
        "Hand-over",
        "Rentals",
        "Settings",
        "Quality",
        "Events",
    ];
    for _ in 0..names.len() {
        let s = draw(&app);
        let bar = s.lines().nth(1).unwrap_or_default();
        for name in names {
            assert!(bar.contains(name), "{name} not in the bar:\n{s}");
        }
        key(&mut app, KeyCode::Right);
    }
}
