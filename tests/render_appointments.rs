//! The Appointments tab drawn at 80x24 on a temp store with a fixed clock: the day
//! timeline in both languages, booking through the form, and a visit checked in, served
//! and completed into a repair order (a clash and its free slots: `render_booking_pick.rs`).

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
use frontdesk::store::{Actor, Db, customers, files, vehicles};
use frontdesk::ui::app::App;
use support::screen::draw;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

struct Fixture {
    app: App,
    zhang_vehicle: i64,
    booking: i64,
}

/// Two customers with a car each; Monday 2026-11-23, 09:30 in Shenzhen; 张三 booked at
/// 10:00 today with 陈志明 in 1号工位.
fn fixture(dir: &std::path::Path, lang: Lang) -> Fixture {
    fixture_with(dir, lang, false)
}

/// `missed`: 李四 was also booked (yesterday) for 08:30 today and has not come.
fn fixture_with(dir: &std::path::Path, lang: Lang, missed: bool) -> Fixture {
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

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl_s(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn count(app: &App, sql: &str) -> i64 {
    app.db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn day_view_zh_and_en() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut fx = fixture(dir.path(), lang);
        let screen = draw(&fx.app);
        assert!(screen.contains("粤B12345"), "{screen}");
        assert!(screen.contains("陈志明"), "{screen}");
        assert!(screen.contains("2026-11-23"), "{screen}");
        insta::assert_snapshot!(format!("appointments_day_{}", lang.code()), screen);
        // Bays as columns, the week and the arrivals draw too.
        key(&mut fx.app, KeyCode::Char('b'));
        assert!(draw(&fx.app).contains("1号工位"));
        key(&mut fx.app, KeyCode::Char('f'));
        let week = draw(&fx.app);
        assert!(week.contains(lang.t("一周预约", "Week")), "{week}");
        // The views' key lines come from the key table (the day's is in its snapshot).
        let week_keys = lang.t("[/] 换周  t 本周", "[/] week  t this week");
        assert!(week.contains(week_keys), "{week}");
        key(&mut fx.app, KeyCode::Char('f'));
        let arrivals = draw(&fx.app);
        assert!(arrivals.contains("张三"), "{arrivals}");
        let arrival_keys = lang.t("a 到店  s 开始维修", "a arrived  s start");
        assert!(arrivals.contains(arrival_keys), "{arrivals}");
        assert!(
            arrivals.contains(lang.t("30 分后到", "in 30 min")),
            "{arrivals}"
        );
    }
}

#[test]
fn booking_through_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture(dir.path(), Lang::Zh);
    let app = &mut fx.app;
    key(app, KeyCode::Char('n'));
    typed(app, "李四");
    key(app, KeyCode::Enter); // picked from the list: on to the time
    // The customer picked is said, with their no-shows.
    let screen = draw(app);
    assert!(screen.contains("客户：李四，爽约记录 0 次"), "{screen}");
    typed(app, "14:00"); // after the prefilled date
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab); // the date: the shown day
    typed(app, "maintenance");
    key(app, KeyCode::Tab);
    typed(app, "换机油");
    // Declined and deferred services with the customer's reasons (the last field).
    for _ in 0..10 {
        key(app, KeyCode::Tab);
    }
    typed(app, "刹车片:价格高; later:轮胎:下月");
    ctrl_s(app);
    let screen = draw(app);
    assert!(screen.contains("已保存"), "{screen}");
    assert!(screen.contains("爽约记录 0 次"), "{screen}");
    assert_eq!(count(app, "SELECT count(*) FROM appointments"), 2);
    let (advisor, need): (String, String) = app
        .db
        .conn()
        .query_row(
            "SELECT advisor, need FROM appointments ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(need, "换机油");
    assert!(!advisor.is_empty());
    assert!(screen.contains("粤B67890"), "{screen}");
    // The new booking is selected: its page lists what was declined and deferred.
    key(app, KeyCode::Enter);
    let page = draw(app);
    assert!(page.contains("李四"), "{page}");
    assert!(page.contains("谢绝         刹车片（价格高）"), "{page}");
    assert!(page.contains("延后         轮胎（下月）"), "{page}");
}

#[test]
fn check_in_serve_and_complete_into_a_repair_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture(dir.path(), Lang::En);
    let before = files::repair_count(fx.app.db.conn(), fx.zhang_vehicle).unwrap();
    let app = &mut fx.app;
    key(app, KeyCode::Enter);
    let screen = draw(app);
    // The page's title names the booking's customer and car, not only its number.
    assert!(
        screen.contains(&format!("Booking #{} 张三 ", fx.booking)),
        "{screen}"
    );
    assert!(screen.contains("no-shows so far: 0"), "{screen}");
    // Completing before the service started is refused on the page.
    key(app, KeyCode::Char('d'));
    assert!(draw(app).contains("Only a visit in service"));
    key(app, KeyCode::Char('c'));
    assert!(
        app.clipboard
            .as_deref()
            .is_some_and(|c| c.contains("粤B12345"))
    );
    // The text sent, apart from its label; the step said once in the history.
    let screen = draw(app);
    assert!(screen.contains("Confirmation 【"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.trim_end_matches([' ', '│']).ends_with("陈静 confirmed")),
        "{screen}"
    );
    assert!(!screen.contains("confirmed confirmed"), "{screen}");
    key(app, KeyCode::Char('a'));
    assert!(draw(app).contains("arrived"));
    key(app, KeyCode::Char('s'));
    assert!(draw(app).contains("in service"));
    key(app, KeyCode::Char('d'));
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab);
    typed(app, "380");
    key(app, KeyCode::Tab);
    typed(app, "43000");
    ctrl_s(app);
    let screen = draw(app);
    assert!(screen.contains("completed"), "{screen}");
    for twice in [
        "arrived arrived",
        "completed completed",
        "service started in service",
    ] {
        assert!(!screen.contains(twice), "{screen}");
    }
    let b = sa::get(app.db.conn(), fx.booking).unwrap();
    assert_eq!(b.row.status, Status::Completed);
    assert!(b.repair_order_id.is_some());
    let after = files::repair_count(app.db.conn(), fx.zhang_vehicle).unwrap();
    assert_eq!(after, before + 1);
    let ro = &files::repair_orders(app.db.conn(), fx.zhang_vehicle, 5).unwrap()[0];
    assert_eq!(ro.data.amount_fen, 38000);
    assert_eq!(ro.data.mileage_km, 43000);
    // A cancel attempt on a completed visit is refused on the page, before a form opens.
    key(app, KeyCode::Char('x'));
    let screen = draw(app);
    assert!(screen.contains("Cannot cancel"), "{screen}");
    assert!(
        !screen.contains("Cancelled by"),
        "the cancel form opened:\n{screen}"
    );
}

#[test]
fn a_missed_booking_becomes_a_no_show_and_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture_with(dir.path(), Lang::Zh, true);
    let app = &mut fx.app;
    // Loading the tab marked it: 08:30 + 30 min grace is before 09:30.
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM appointments WHERE status = 'no_show'"
        ),
        1
    );
    let screen = draw(app);
    assert!(screen.contains("粤B67890 爽"), "{screen}");
    key(app, KeyCode::Enter); // the 08:30 booking comes first
    let screen = draw(app);
    assert!(screen.contains("爽约记录 1 次"), "{screen}");
    key(app, KeyCode::Char('u'));
    let screen = draw(app);
    assert!(screen.contains("已记录：已预约"), "{screen}");
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM appointments WHERE status = 'no_show'"
        ),
        0
    );
    // Cancelling needs the reason and a note; it is then recorded as the customer's.
    key(app, KeyCode::Char('x'));
    typed(app, "1");
    ctrl_s(app);
    assert!(draw(app).contains("必填"));
    // The cursor went to the note, a multi-line field: Enter starts a second line.
    typed(app, "改天再来");
    key(app, KeyCode::Enter);
    typed(app, "下周三前回电");
    let screen = draw(app);
    assert!(
        screen.contains("改天再来") && screen.contains("下周三前回电"),
        "{screen}"
    );
    ctrl_s(app);
    let screen = draw(app);
    assert!(screen.contains("客户时间有变"), "{screen}");
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM appointments WHERE instr(cancel_note, char(10)) > 0 AND cancel_note LIKE '%下周三前回电%'"
        ),
        1
    );
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM appointments WHERE status = 'cancelled' AND cancelled_by = 'customer'"
        ),
        1
    );
}

#[test]
fn confirm_tomorrow_records_the_call() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture(dir.path(), Lang::En);
    let app = &mut fx.app;
    key(app, KeyCode::Char('n'));
    typed(app, "李四");
    key(app, KeyCode::Enter); // picked from the list: on to the time
    for _ in 0..11 {
        key(app, KeyCode::Backspace);
    }
    typed(app, "2026-11-24 10:00");
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab); // the date: the shown day
    typed(app, "maintenance");
    ctrl_s(app);
    assert!(draw(app).contains("Booking #2 saved"), "{}", draw(app));
    key(app, KeyCode::Char('t'));
    for _ in 0..3 {
        key(app, KeyCode::Char('f'));
    }
    let screen = draw(app);
    assert!(screen.contains("Confirm tomorrow"), "{screen}");
    assert!(screen.contains("粤B67890"), "{screen}");
    assert!(screen.contains("not called"), "{screen}");
    key(app, KeyCode::Char('r'));
    typed(app, "2");
    ctrl_s(app);
    let screen = draw(app);
    assert!(screen.contains("confirmed"), "{screen}");
    let b = sa::get(app.db.conn(), 2).unwrap();
    assert_eq!(b.row.status, Status::Reminded);
}

#[test]
fn check_in_from_the_arrivals_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture(dir.path(), Lang::En);
    let app = &mut fx.app;
    key(app, KeyCode::Char('f'));
    key(app, KeyCode::Char('f'));
    key(app, KeyCode::Char('a'));
    let screen = draw(app);
    assert!(screen.contains("Recorded: arrived"), "{screen}");
    assert!(screen.contains("waited 0 min"), "{screen}");
    // Checking in twice is refused on the page.
    key(app, KeyCode::Char('a'));
    let screen = draw(app);
    assert!(screen.contains("Cannot check in"), "{screen}");
    key(app, KeyCode::Char('s'));
    assert_eq!(
        sa::get(app.db.conn(), fx.booking).unwrap().row.status,
        Status::InService
    );
}

#[test]
fn rescheduling_keeps_the_old_booking_and_links_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture(dir.path(), Lang::Zh);
    let app = &mut fx.app;
    key(app, KeyCode::Enter);
    key(app, KeyCode::Char('m'));
    typed(app, "2026-11-24 10:00");
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab);
    typed(app, "客户临时出差");
    ctrl_s(app);
    let screen = draw(app);
    assert!(screen.contains("已改期为预约"), "{screen}");
    assert_eq!(count(app, "SELECT count(*) FROM appointments"), 2);
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM appointments WHERE status = 'rescheduled'"
        ),
        1
    );
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM appointments WHERE rescheduled_from IS NOT NULL"
        ),
        1
    );
    // The new booking's history says where it came from and why.
    assert!(screen.contains("由 #1 改期：客户临时出差"), "{screen}");
}

#[test]
fn a_supervisor_overbooks_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture(dir.path(), Lang::Zh);
    let app = &mut fx.app;
    // The fixture's agent is not a supervisor: the reason is refused.
    let book = |app: &mut App| {
        key(app, KeyCode::Char('n'));
        typed(app, "李四");
        key(app, KeyCode::Enter); // picked from the list: on to the time
        typed(app, "10:00");
        key(app, KeyCode::Tab);
        key(app, KeyCode::Tab); // the date: the shown day
        typed(app, "maintenance");
        key(app, KeyCode::Tab);
        key(app, KeyCode::Tab);
        typed(app, "陈志明");
        key(app, KeyCode::Tab);
        typed(app, "1号工位");
        for _ in 0..5 {
            key(app, KeyCode::Tab);
        }
        typed(app, "老客户急修");
        ctrl_s(app);
    };
    book(app);
    assert_eq!(
        count(app, "SELECT count(*) FROM appointments"),
        1,
        "{}",
        draw(app)
    );
    // As a supervisor the same booking goes through, marked as overflow.
    app.agent = frontdesk::store::agents::by_emp_no(&app.db, "1001").unwrap();
    if app.agent.is_none() {
        let actor = frontdesk::store::Actor {
            agent_id: None,
            at: chrono::Utc::now(),
        };
        app.agent = Some(
            frontdesk::store::agents::ensure(
                &mut app.db,
                actor,
                "1001",
                "刘芳",
                frontdesk::store::agents::Role::Supervisor,
            )
            .unwrap(),
        );
    }
    key(app, KeyCode::Esc);
    key(app, KeyCode::Esc);
    book(app);
    assert_eq!(
        count(app, "SELECT count(*) FROM appointments"),
        2,
        "{}",
        draw(app)
    );
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM appointments WHERE overflow_reason = '老客户急修'"
        ),
        1
    );
}

#[test]
fn a_new_customer_is_booked_from_the_form_with_history_and_declined_services() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture(dir.path(), Lang::Zh);
    let app = &mut fx.app;
    key(app, KeyCode::Char('n'));
    typed(app, "王新 13600001111");
    key(app, KeyCode::Tab);
    typed(app, "15:00");
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab); // the date: the shown day
    typed(app, "maintenance");
    for _ in 0..9 {
        key(app, KeyCode::Tab);
    }
    typed(app, "换机油,检查刹车");
    key(app, KeyCode::Tab);
    typed(app, "每年约两万公里，上次在外地保养");
    key(app, KeyCode::Tab);
    typed(app, "刹车片:价格偏高; later:轮胎:下月再换");
    key(app, KeyCode::Tab);
    typed(app, "粤B7K321,1M8GDM9AXKP042788,朗逸");
    ctrl_s(app);
    let screen = draw(app);
    let msg = app.appointments.book_form().and_then(|f| f.message.clone());
    assert!(screen.contains("已保存"), "{msg:?}\n{screen}");
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM customers WHERE name = '王新' AND mobile = '13600001111'"
        ),
        1
    );
    assert_eq!(
        count(
            app,
            "SELECT count(*) FROM vehicles WHERE vin = '1M8GDM9AXKP042788'"
        ),
        1
    );
    let (items, history, declined): (String, String, String) = app
        .db
        .conn()
        .query_row(
            "SELECT items, history, declined FROM appointments ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(items.contains("检查刹车"), "{items}");
    assert!(history.contains("两万公里"), "{history}");
    assert!(
        declined.contains("价格偏高") && declined.contains("下月再换"),
        "{declined}"
    );
}

#[test]
fn ctrl_e_exports_what_each_view_shows() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture(dir.path(), Lang::En);
    let ctrl_e =
        |app: &mut App| app.on_key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL));
    let csv_named = |prefix: &str| -> String {
        let path = std::fs::read_dir(dir.path().join("exports"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                let n = p.file_name().unwrap().to_string_lossy().to_string();
                n.starts_with(prefix) && n.ends_with(".csv")
            })
            .unwrap_or_else(|| panic!("no {prefix}*.csv"));
        std::fs::read_to_string(path).unwrap()
    };
    // The day: the booking, the mobile masked.
    ctrl_e(&mut fx.app);
    let day = csv_named("bookings-2");
    assert!(day.contains("张三") && day.contains("粤B12345"), "{day}");
    assert!(
        day.contains("138****1234") && !day.contains("13812341234"),
        "masked: {day}"
    );
    // The week: a row per day with its counts.
    key(&mut fx.app, KeyCode::Char('f'));
    ctrl_e(&mut fx.app);
    let week = csv_named("bookings-week");
    assert_eq!(
        week.lines().count(),
        10,
        "the title, the period, a header and seven days: {week}"
    );
    assert!(week.contains("2026-11-23,1,"), "{week}");
}
