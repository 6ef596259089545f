//! Lists draw every item or say they stop (issue 18, point 8): the callback queue with more
//! due tasks than it lists says how many there are, and the header's count of a kind is
//! the number of rows the list shows filtered to that kind; the header says how many rows
//! are due, the figure the status bar gives for the default view.

mod support;
use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::Db;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::callbacks::{self as cb, QueueFilter};
use frontdesk::store::{Actor, customers};
use frontdesk::ui::app::App;
use support::screen::draw;

/// 400 7DC calls and 40 monthly calls due, 20 of the monthly ones paired by group (one
/// call each): 430 rows when merged, 440 tasks.
fn store(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("q.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    agents::ensure(&mut db, actor, "1001", "王主管", Role::Supervisor).unwrap();
    let cid = customers::create(
        &mut db,
        actor,
        &frontdesk::domain::archive::CustomerData {
            name: "张三".into(),
            mobile: Some("13812341234".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let conn = db.conn();
    for i in 0..440i64 {
        let (kind, group) = if i < 400 {
            ("7dc", None)
        } else if i < 420 {
            ("monthly", Some(format!("g{}", i % 10)))
        } else {
            ("monthly", None)
        };
        conn.execute(
            "INSERT INTO callback_tasks (uuid, store_id, kind, customer_id, source_table,
                 source_id, anchor_date, due_date, window_start, window_end, group_key,
                 created_at, updated_at)
             VALUES (?1, 's', ?2, ?3, 'sales_files', ?4, '2026-11-16', '2026-11-23',
                     '2026-11-20', '2026-11-30', ?5, '2026-11-16T00:00:00Z',
                     '2026-11-16T00:00:00Z')",
            rusqlite::params![format!("u{i}"), kind, cid, i, group],
        )
        .unwrap();
    }
    path
}

#[test]
fn the_store_counts_what_the_queue_would_list_without_its_limit() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&store(dir.path())).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let plain = QueueFilter::default();
    assert_eq!(cb::queue(db.conn(), &plain, today, 300).unwrap().len(), 300);
    assert_eq!(cb::queue_total(db.conn(), &plain).unwrap(), 440);
    let merged = QueueFilter {
        merge: true,
        ..Default::default()
    };
    assert_eq!(cb::queue_total(db.conn(), &merged).unwrap(), 430);
    let all_merged = cb::queue(db.conn(), &merged, today, 10_000).unwrap();
    assert_eq!(
        all_merged.len(),
        430,
        "the count and the unlimited list agree"
    );
    let monthly = QueueFilter {
        kind: Some(frontdesk::domain::callbacks::Kind::Monthly),
        merge: true,
        ..Default::default()
    };
    assert_eq!(
        cb::queue_total(db.conn(), &monthly).unwrap(),
        cb::queue(db.conn(), &monthly, today, 10_000).unwrap().len()
    );
}

/// The app signed in as the supervisor 1001 at 09:30 on 23 November, on the Callbacks tab.
fn on_the_queue(db: Db, path: std::path::PathBuf, lang: Lang) -> App {
    let agent = agents::by_emp_no(&db, "1001").unwrap().unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let mut app = App::new(
        db,
        Clock::fixed(tz, now),
        Settings::with_db(path, lang),
        Some(agent),
    );
    app.on_key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE));
    app
}

#[test]
fn the_callback_queue_says_it_stops_and_its_header_counts_match_the_filtered_lists() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let path = store(dir.path());
        let db = Db::open(&path).unwrap();
        let mut app = on_the_queue(db, path, lang);
        let screen = draw(&app);
        assert_eq!(app.callbacks.rows().len(), 300);
        assert_eq!(app.callbacks.total(), 430);
        assert!(
            screen.contains(lang.t(
                "共 430 条，只列出前 300 条",
                "430 tasks, only the first 300 listed"
            )),
            "{screen}"
        );
        // The header: 7DC 400, monthly 30 (20 paired tasks are 10 calls).
        assert!(
            screen.contains(&format!(
                "{} 400",
                lang.t("7DC新车回访", "7DC new-car callback")
            )),
            "{screen}"
        );
        assert!(
            screen.contains(&format!("{} 30", lang.t("月回访", "1-month callback"))),
            "{screen}"
        );
        // Filtered to a kind, the list holds what the header said.
        let header: Vec<(frontdesk::domain::callbacks::Kind, usize)> =
            app.callbacks.kind_totals().to_vec();
        for (kind, n) in header {
            while app.callbacks.kind() != Some(kind) {
                app.on_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE));
            }
            assert_eq!(
                app.callbacks.rows().len().max(app.callbacks.total()),
                n,
                "{kind:?}"
            );
        }
        // Monthly (30) fits: no "only the first" note.
        let s = draw(&app);
        assert!(s.contains(lang.t("30 条", "30 tasks")), "{s}");
    }
}

#[test]
fn the_complaints_list_says_it_stops_at_its_limit_with_the_total() {
    use frontdesk::domain::complaints::Category;
    use frontdesk::store::complaints::{self as sc, NewComplaint, Show};
    let dir = tempfile::tempdir().unwrap();
    let path = store(dir.path());
    let mut db = Db::open(&path).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let agent = agents::by_emp_no(&db, "1001").unwrap().unwrap();
    let actor = Actor {
        agent_id: Some(agent.id),
        at: now,
    };
    for i in 0..320 {
        let c = NewComplaint {
            customer_id: None,
            vehicle_id: None,
            call_id: None,
            channel: "phone".into(),
            received_at: now - chrono::Duration::seconds(60 + i),
            category: Category::Attitude,
            loss_yuan: None,
            severity_by_hand: None,
            station: "售后服务部".into(),
            summary: format!("态度问题 {i}"),
            demand: String::new(),
            handler_id: None,
        };
        sc::register(&mut db, actor, &c).unwrap();
    }
    assert_eq!(sc::count(db.conn(), Show::Open).unwrap(), 320);
    assert_eq!(sc::count(db.conn(), Show::Closed).unwrap(), 0);
    for lang in [Lang::Zh, Lang::En] {
        let db = Db::open(&path).unwrap();
        let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
        let mut app = App::new(
            db,
            Clock::fixed(tz, now),
            Settings::with_db(path.clone(), lang),
            Some(agent.clone()),
        );
        app.on_key(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE));
        assert_eq!(app.complaints.items().len(), 300);
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t(
                "共 320 件，只列出最近 300 件",
                "320 complaints, only the latest 300 listed"
            )),
            "{screen}"
        );
        // The overdue figure is of the complaints listed, and says so.
        let overdue = lang.t("其中超时 0", "0 of them overdue");
        assert!(screen.contains(overdue), "{screen}");
    }
}

#[test]
fn the_queue_header_says_how_many_it_lists_and_how_many_are_due_as_the_status_bar_does() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let path = store(dir.path());
        let db = Db::open(&path).unwrap();
        // 20 more 7DC calls, due next week: listed, not due.
        for i in 0..20i64 {
            db.conn()
                .execute(
                    "INSERT INTO callback_tasks (uuid, store_id, kind, customer_id, source_table,
                         source_id, anchor_date, due_date, window_start, window_end,
                         created_at, updated_at)
                     VALUES (?1, 's', '7dc', 1, 'sales_files', ?2, '2026-11-21', '2026-11-28',
                             '2026-11-27', '2026-12-05', '2026-11-16T00:00:00Z',
                             '2026-11-16T00:00:00Z')",
                    rusqlite::params![format!("later{i}"), 1000 + i],
                )
                .unwrap();
        }
        let mut app = on_the_queue(db, path, lang);
        let screen = draw(&app);
        // 430 calls due (20 paired monthly tasks are 10 calls), 450 listed in all, 300 shown.
        assert_eq!(app.callbacks_due, 430);
        let title = screen.lines().nth(1).unwrap_or("");
        assert!(
            title.contains(lang.t("到期 430 · 300 / 450 条", "due 430 · 300 / 450 tasks")),
            "{screen}"
        );
        let bar = screen.lines().last().unwrap_or("");
        assert!(
            bar.contains(lang.t("全部回访到期430 投诉超时0", "all due 430 complaints late 0")),
            "the status bar's figure is the header's: {bar}"
        );
        // Filtered to 1-month calls (30, all due): the header counts that list.
        while app.callbacks.kind() != Some(frontdesk::domain::callbacks::Kind::Monthly) {
            app.on_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE));
        }
        let screen = draw(&app);
        assert_eq!(app.callbacks.rows().len(), 30);
        assert!(
            screen.contains(lang.t("到期 30 · 30 条", "due 30 · 30 tasks")),
            "{screen}"
        );
    }
}
