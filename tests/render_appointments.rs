//! The Appointments tab drawn at 80x24 on a temp store with a fixed clock: the day
//! timeline in both languages, booking through the form, overbooking, a new customer, the
//! exports (a visit's steps: `render_appointments_steps.rs`; a clash and its free slots:
//! `render_booking_pick.rs`).

mod appointments_tab_fx;
mod support;
use appointments_tab_fx::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::i18n::Lang;
use frontdesk::ui::app::App;
use support::screen::draw;

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
