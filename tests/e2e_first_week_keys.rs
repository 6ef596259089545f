//! End to end, the real binary in a pty at 80x24 (issues 13 and 18), what the other pty
//! tests leave out: at start every key the screen shows works as shown, in both languages
//! (`?` help, `1`–`7` the tabs, `a` a new customer, search one key away); the first-run
//! setup keeps the store's name and advisors.

mod support;

use std::time::Duration;
use support::{Pty, env};

fn pause() {
    std::thread::sleep(Duration::from_millis(150));
}

/// Each tab key and the title its tab opens on, per language.
const TABS: [(&str, &str, &str); 7] = [
    ("1", "来电登记", "Calls 2026-"),
    ("2", "预约·按顾问", "Bookings by advisor"),
    ("3", "回访队列", "Callback queue"),
    ("4", "投诉：处理中", "Complaints: open"),
    ("5", "客户档案", "Customer archive"),
    ("6", "今日看板", "Today"),
    ("7", "整改跟踪", "Improvement actions"),
];

fn start_keys(lang: &str) {
    let zh = lang == "zh";
    let t = |z: &'static str, e: &'static str| if zh { z } else { e };
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("s.sqlite3");
    support::ready_store(&db, home.path());
    let mut app = Pty::spawn(
        &["--db", db.to_str().unwrap(), "--lang", lang],
        &env(home.path()),
        80,
        24,
    );
    app.expect(t("客户档案", "Customer archive"));
    // The keys the start screen names.
    app.expect(t("?帮助", "? help"));
    app.expect(t("a 新建", "a new"));
    app.expect(t("s 输入查找", "s search"));
    app.send("?");
    app.expect(t("按键帮助", "Keys"));
    app.send("\x1b");
    pause();
    for (key, title_zh, title_en) in TABS {
        app.send(key);
        app.expect(t(title_zh, title_en));
        // The tab's title, not a search typed into: nothing was written into a field.
        let screen = app.screen();
        assert!(
            !screen.contains(&format!("{}{key}", t("查找：", "Find: "))),
            "`{key}` was typed into the search:\n{screen}"
        );
    }
    // Back on the customers: `a` opens the new customer form, Esc leaves it untouched.
    app.send("5");
    app.expect(t("客户档案", "Customer archive"));
    app.send("a");
    app.expect(t("新建客户", "New customer"));
    app.send("\x1b");
    pause();
    app.expect(t("客户档案", "Customer archive"));
    // The search is one key away, and Esc gives the keys back.
    app.send("s");
    app.type_text("zz");
    app.expect(&format!("{}zz", t("查找：", "Find: ")));
    app.send("\x1b");
    pause();
    app.send("1");
    app.expect(t("来电登记", "Calls 2026-"));
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
}

#[test]
fn at_start_every_key_shown_works_in_chinese() {
    start_keys("zh");
}

#[test]
fn at_start_every_key_shown_works_in_english() {
    start_keys("en");
}

#[test]
fn the_first_run_setup_keeps_the_store_name_and_advisors() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("new.sqlite3");
    let args = ["--db", db.to_str().unwrap(), "--lang", "en"];
    let mut app = Pty::spawn(&args, &env(home.path()), 80, 24);
    app.expect("First-run setup");
    app.type_text("Nancheng Motors");
    app.send("\r");
    app.type_text("8 Hongtu Road, Dongguan");
    app.send("\r");
    app.type_text("400-800-1234");
    app.send("\r");
    app.type_text("2001");
    app.send("\r");
    app.type_text("Liu Fang");
    app.send("\r");
    app.type_text("Wang Wu, Zhao Liu");
    app.send("\r");
    app.expect("Customer archive");
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let store: String = conn
        .query_row(
            "SELECT value FROM store_settings WHERE key = 'file.store.toml'",
            [],
            |r| r.get(0),
        )
        .expect("the store's settings are saved");
    for part in [
        "Nancheng Motors",
        "8 Hongtu Road, Dongguan",
        "400-800-1234",
        "Wang Wu",
        "Zhao Liu",
    ] {
        assert!(store.contains(part), "{part} missing from:\n{store}");
    }
    let (emp_no, name, role): (String, String, String) = conn
        .query_row("SELECT emp_no, name, role FROM agents", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(
        (emp_no.as_str(), name.as_str(), role.as_str()),
        ("2001", "Liu Fang", "supervisor")
    );
}
