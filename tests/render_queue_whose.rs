//! Whose tasks the callback queue shows by default (issue 18, point 1): an agent sees the
//! pool and their own (not another agent's claim, not a third-level task only a supervisor
//! may take), a supervisor every task; the header's count is the rows listed and the
//! status bar's figure is the default view's due rows; `p` steps through the other views.
//! Also the help (`F1`) of the queue and of the work form lists no supervisor's key to an
//! agent. TestBackend at 80x24, both languages.

mod support;
use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::CustomerData;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Agent, Role};
use frontdesk::store::{Actor, Db, customers};
use frontdesk::ui::app::App;
use rusqlite::params;
use support::screen::draw;

struct Store {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    me: Agent,
    other: Agent,
    boss: Agent,
}

/// Four calls due today: 甲's in the pool, 乙's claimed by me (1002), 丙's claimed by
/// another agent (1003), 丁's a third-level call in the pool (only a supervisor takes it).
fn store() -> Store {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("whose.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let sys = Actor {
        agent_id: None,
        at: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
    };
    let me = agents::ensure(&mut db, sys, "1002", "陈静", Role::Agent).unwrap();
    let other = agents::ensure(&mut db, sys, "1003", "王磊", Role::Agent).unwrap();
    let boss = agents::ensure(&mut db, sys, "1001", "刘芳", Role::Supervisor).unwrap();
    let store_id = db.store_id().to_string();
    let tasks = [
        ("甲", "7dc", 1, None),
        ("乙", "3dc", 1, Some(me.id)),
        ("丙", "monthly", 1, Some(other.id)),
        ("丁", "quarterly", 3, None),
    ];
    for (i, (name, kind, level, holder)) in tasks.into_iter().enumerate() {
        let c = CustomerData {
            name: name.into(),
            mobile: Some(format!("1380000000{i}")),
            ..Default::default()
        };
        let cid = customers::create(&mut db, sys, &c).unwrap();
        let status = if holder.is_some() { "claimed" } else { "open" };
        db.conn()
            .execute(
                "INSERT INTO callback_tasks (uuid, store_id, kind, level, customer_id,
                     source_table, source_id, anchor_date, due_date, window_start, window_end,
                     status, claimed_by, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'customers', ?5, '2026-11-20', '2026-11-23',
                         '2026-11-20', '2026-11-30', ?6, ?7, '2026-11-20T00:00:00Z',
                         '2026-11-20T00:00:00Z')",
                params![format!("t{i}"), store_id, kind, level, cid, status, holder],
            )
            .unwrap();
    }
    Store {
        _dir: dir,
        path,
        me,
        other,
        boss,
    }
}

/// The app signed in as `who` (None: nobody yet, the sign-in prompt up).
fn app_of(s: &Store, who: Option<&Agent>, lang: Lang) -> App {
    let db = Db::open(&s.path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    App::new(
        db,
        Clock::fixed(tz, now),
        Settings::with_db(s.path.clone(), lang),
        who.cloned(),
    )
}

/// The app signed in as `who`, on the Callbacks tab.
fn queue_of(s: &Store, who: &Agent, lang: Lang) -> App {
    let mut app = app_of(s, Some(who), lang);
    key(&mut app, KeyCode::Char('3'));
    app
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn customers_listed(app: &App) -> Vec<String> {
    let mut v: Vec<String> = app
        .callbacks
        .rows()
        .iter()
        .map(|r| r.customer.clone())
        .collect();
    v.sort();
    v
}

/// The task rows drawn (each starts with the "today" mark).
fn rows_drawn(screen: &str, lang: Lang) -> usize {
    let mark = format!("│{}", lang.t("今天", "today"));
    screen.lines().filter(|l| l.starts_with(&mark)).count()
}

/// The header says `n` rows, `due` of them due; the list draws `n` rows; the status bar's
/// figure is `bar`.
fn counts(screen: &str, lang: Lang, due: usize, n: usize, bar: i64, all: bool) {
    let title = screen.lines().nth(1).unwrap_or("");
    let said = match lang {
        Lang::Zh => format!("到期 {due} · {n} 条"),
        Lang::En if n == 1 => format!("due {due} · 1 task"),
        Lang::En => format!("due {due} · {n} tasks"),
    };
    assert!(title.contains(&said), "{said}\n{screen}");
    assert_eq!(rows_drawn(screen, lang), n, "{screen}");
    let status = screen.lines().last().unwrap_or("");
    // The figure says whose: the queue's default view's words (long or short label).
    let said = match (lang, all) {
        (Lang::Zh, false) => [
            format!("公共池+我的回访到期{bar} "),
            format!("池+我回访{bar} "),
        ],
        (Lang::Zh, true) => [format!("全部回访到期{bar} "), format!("全部回访{bar} ")],
        (Lang::En, false) => [
            format!("pool+mine callbacks due {bar} "),
            format!("pool+mine {bar} "),
        ],
        (Lang::En, true) => [
            format!("all callbacks due {bar} "),
            format!("all due {bar} "),
        ],
    };
    assert!(
        said.iter().any(|s| status.contains(s.as_str())),
        "{said:?}\n{status}"
    );
}

#[test]
fn an_agent_sees_the_pool_and_their_own_and_a_supervisor_every_task() {
    let s = store();
    assert_ne!(s.me.id, s.other.id);
    for lang in [Lang::Zh, Lang::En] {
        // The agent: the pool's 甲 and their own 乙; not 丙 (another agent's), not 丁
        // (third level); the header, the rows and the status bar agree.
        let mut app = queue_of(&s, &s.me, lang);
        assert_eq!(customers_listed(&app), ["乙", "甲"]);
        assert_eq!(app.callbacks_due, 2);
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("查看 公共池+我的 ·", "Showing pool + mine ·")),
            "{screen}"
        );
        assert!(!screen.contains("丙") && !screen.contains("丁"), "{screen}");
        counts(&screen, lang, 2, 2, 2, false);
        // p: the pool (甲), the agent's own (乙), every task an agent may see (丙 too,
        // never 丁), then back; the status bar keeps the default view's figure.
        let views = [
            (lang.t("公共池", "pool"), vec!["甲"]),
            (lang.t("我的", "mine"), vec!["乙"]),
            (lang.t("全部", "all"), vec!["丙", "乙", "甲"]),
            (lang.t("公共池+我的", "pool + mine"), vec!["乙", "甲"]),
        ];
        for (label, listed) in views {
            key(&mut app, KeyCode::Char('p'));
            let screen = draw(&app);
            let shown = format!("{} {label} ·", lang.t("查看", "Showing"));
            assert!(screen.contains(&shown), "{shown}\n{screen}");
            assert_eq!(customers_listed(&app), listed, "{label}");
            counts(&screen, lang, listed.len(), listed.len(), 2, false);
        }
        // The supervisor: every task, and counts them all.
        let app = queue_of(&s, &s.boss, lang);
        assert_eq!(customers_listed(&app), ["丁", "丙", "乙", "甲"]);
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("查看 全部 ·", "Showing all ·")),
            "{screen}"
        );
        counts(&screen, lang, 4, 4, 4, true);
    }
}

#[test]
fn nobody_signed_in_gets_an_agents_default_view_not_every_task() {
    // Before anyone signs in (the sign-in prompt over it) the queue is loaded as an agent's
    // default: the pool without the third-level 丁, not 乙 and 丙 claimed by others; the
    // status bar counts the same tasks. It was "all" (every task, 4 due).
    let s = store();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_of(&s, None, lang);
        assert_eq!(customers_listed(&app), ["甲"]);
        assert_eq!(app.callbacks_due, 1);
        app.overlay = None;
        app.tab = frontdesk::ui::action::Tab::Callbacks;
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("查看 公共池+我的 ·", "Showing pool + mine ·")),
            "{screen}"
        );
        assert!(!screen.contains("丁"), "{screen}");
    }
}

/// Whether the help's text holds `needle`, spaces aside (a description wraps in its column).
fn has(seen: &str, needle: &str) -> bool {
    let bare = |s: &str| s.replace([' ', '\n'], "");
    bare(seen).contains(&bare(needle))
}

/// Every page of the open help, its lines joined (a description wraps in its column).
fn help_pages(app: &mut App) -> String {
    let mut seen = String::new();
    for _ in 0..6 {
        for l in draw(app).lines() {
            // The description column, between the keys and the popup's border.
            let inner: String = l.chars().skip(24).collect();
            seen.push_str(inner.trim_end_matches(['│', ' ']).trim());
        }
        seen.push('\n');
        key(app, KeyCode::PageDown);
    }
    seen
}

#[test]
fn help_lists_no_supervisors_key_to_an_agent() {
    let s = store();
    for lang in [Lang::Zh, Lang::En] {
        let audit = lang.t("审计记录（主管）", "Audit log (supervisors)");
        let reassign = lang.t(
            "指派给某位专员（主管）",
            "Reassign to an agent (supervisor)",
        );
        // The queue's help, then the work form's (its task claimed first).
        let mut app = queue_of(&s, &s.me, lang);
        key(&mut app, KeyCode::F(1));
        let title = draw(&app);
        assert!(title.contains(lang.t("按键帮助", "Keys")), "{title}");
        let seen = help_pages(&mut app);
        assert!(!has(&seen, reassign) && !has(&seen, audit), "{seen}");
        // `g` says what it does: hands the texts to the gateway, sent when it says so.
        assert!(
            has(&seen, lang.t("交给短信网关", "to the SMS gateway")),
            "{seen}"
        );
        assert!(!has(&seen, lang.t("标记已发", "mark them sent")));
        key(&mut app, KeyCode::Char('z'));
        key(&mut app, KeyCode::Enter);
        assert!(app.callbacks.work().is_some(), "{}", draw(&app));
        key(&mut app, KeyCode::F(1));
        let title = draw(&app);
        assert!(title.contains(lang.t("按键帮助", "Keys")), "{title}");
        let seen = help_pages(&mut app);
        assert!(!has(&seen, audit), "{seen}");
        // The supervisor's help lists both.
        let mut app = queue_of(&s, &s.boss, lang);
        key(&mut app, KeyCode::F(1));
        let seen = help_pages(&mut app);
        assert!(has(&seen, reassign) && has(&seen, audit), "{seen}");
    }
}

/// An agent's store with three calls in the pool, due today: two insurance reminders (the
/// longest English kind) for customers with four-character names and new-energy plates,
/// and a declined-service follow-up.
fn long_rows() -> Store {
    let s = store();
    let mut db = Db::open(&s.path).unwrap();
    let sys = Actor {
        agent_id: None,
        at: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
    };
    let store_id = db.store_id().to_string();
    db.conn().execute("DELETE FROM callback_tasks", []).unwrap();
    let rows = [
        ("欧阳娜娜", "insurance", "粤BD12345"),
        ("司马相如", "insurance", "粤BF54321"),
        ("诸葛明亮", "declined_service", "粤AD67890"),
    ];
    for (i, (name, kind, plate)) in rows.into_iter().enumerate() {
        let c = CustomerData {
            name: name.into(),
            mobile: Some(format!("1390000000{i}")),
            ..Default::default()
        };
        let cid = customers::create(&mut db, sys, &c).unwrap();
        let v = frontdesk::domain::archive::VehicleData {
            vin: format!("LSVAA00000000000{i}"),
            plate: Some(plate.into()),
            ..Default::default()
        };
        let vid = frontdesk::store::vehicles::create(&mut db, sys, cid, &v).unwrap();
        db.conn()
            .execute(
                "INSERT INTO callback_tasks (uuid, store_id, kind, customer_id, vehicle_id,
                     source_table, source_id, anchor_date, due_date, window_start, window_end,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'customers', ?4, '2026-11-20', '2026-11-23',
                         '2026-11-20', '2026-11-30', '2026-11-20T00:00:00Z',
                         '2026-11-20T00:00:00Z')",
                params![format!("long{i}"), store_id, kind, cid, vid],
            )
            .unwrap();
    }
    s
}

#[test]
fn every_row_names_its_kind_whole_and_the_header_says_the_order() {
    let s = long_rows();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = queue_of(&s, &s.me, lang);
        assert_eq!(app.callbacks.rows().len(), 3);
        let screen = draw(&app);
        let rows: Vec<&str> = screen
            .lines()
            .filter(|l| l.starts_with(&format!("│{}", lang.t("今天", "today"))))
            .collect();
        assert_eq!(rows.len(), 3, "{screen}");
        // The highlighted row and the others alike: the kind whole, nothing cut.
        let insurance = lang.t("续保及车船税提醒", "Insurance & vehicle tax");
        let declined = lang.t("未做项目跟进", "Declined-service follow-up");
        for r in &rows {
            assert!(!r.contains('~'), "{screen}");
            assert!(r.contains(insurance) || r.contains(declined), "{screen}");
        }
        // The order the list is in, and `o` changes it.
        let by_due = lang.t("按到期日排序", "sorted by due date");
        let by_priority = lang.t("按优先级排序", "sorted by priority");
        assert!(
            screen.contains(by_due) && !screen.contains(by_priority),
            "{screen}"
        );
        key(&mut app, KeyCode::Char('o'));
        let screen = draw(&app);
        assert!(
            screen.contains(by_priority) && !screen.contains(by_due),
            "{screen}"
        );
    }
}

/// Each callbacks figure says what it counts, and the whole store's agree: the Reports
/// tab's today board counts the whole store's calls due (all four), as a supervisor's
/// status bar does ("all"); an agent's status bar counts the pool and their own (two), as
/// their queue's default view does. They read "4", "4" and "2" with no word of which
/// before.
#[test]
fn the_today_board_and_the_status_bar_say_whose_callbacks_they_count() {
    let s = store();
    for lang in [Lang::Zh, Lang::En] {
        let agent = lang.t("公共池+我的回访到期2 ", "pool+mine callbacks due 2 ");
        let boss = lang.t("全部回访到期4 ", "all callbacks due 4 ");
        for (who, bar) in [(&s.me, agent), (&s.boss, boss)] {
            let mut app = queue_of(&s, who, lang);
            key(&mut app, KeyCode::Char('6'));
            let screen = draw(&app);
            let board = lang.t(
                "全店回访 待拨 4  其中逾期 0",
                "Callbacks due (whole store) 4",
            );
            assert!(screen.contains(board), "{board}\n{screen}");
            let status = screen.lines().last().unwrap_or("");
            assert!(status.contains(bar), "{bar}\n{status}");
        }
    }
}
