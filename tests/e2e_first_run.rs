//! End to end (issue 18, point 7): a brand-new database opens the real binary on the
//! first-run setup at 80x24; filled in, it opens the desk signed in as the new supervisor,
//! and the next start goes straight to the desk. Leaving before the end saves nothing.

mod support;

use std::time::Duration;
use support::{Pty, env};

fn agents_in(db: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM agents", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_new_store_is_set_up_and_opens_on_the_desk_as_its_supervisor() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("new.sqlite3");
    let args = ["--db", db.to_str().unwrap(), "--lang", "zh"];
    let mut app = Pty::spawn(&args, &env(home.path()), 80, 24);
    app.expect("首次设置");
    app.type_text("南城店");
    app.send("\r");
    app.type_text("东莞市南城区宏图路 8 号");
    app.send("\r");
    app.type_text("0769-22223333");
    app.send("\r");
    app.type_text("2001");
    app.send("\r");
    app.type_text("刘芳");
    app.send("\r");
    app.type_text("王五，赵六");
    app.send("\r");
    app.expect("本店已设置好");
    app.expect("客户档案");
    let screen = app.screen();
    assert!(
        screen.contains("刘芳"),
        "signed in as the supervisor:\n{screen}"
    );
    assert!(!screen.contains("首次设置"), "{screen}");
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
    assert_eq!(agents_in(&db), 1);
    // What customers' messages print is what was typed, not the built-in sample's.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let store: String = conn
        .query_row(
            "SELECT value FROM store_settings WHERE key = 'file.store.toml'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for part in ["东莞市南城区宏图路 8 号", "0769-22223333"] {
        assert!(store.contains(part), "{part} missing from:\n{store}");
    }
    assert!(!store.contains("深南大道"), "{store}");
    drop(conn);
    // The next start (same OS user) goes straight to the desk, signed in.
    let mut again = Pty::spawn(&args, &env(home.path()), 80, 24);
    again.expect("客户档案");
    assert!(again.screen().contains("刘芳"), "{}", again.screen());
    assert!(!again.screen().contains("首次设置"));
    again.send("q");
    assert_eq!(again.wait_exit(Duration::from_secs(5)), Some(0));
}

#[test]
fn leaving_the_setup_saves_nothing_and_it_is_asked_again() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("new.sqlite3");
    let args = ["--db", db.to_str().unwrap(), "--lang", "en"];
    let mut app = Pty::spawn(&args, &env(home.path()), 80, 24);
    app.expect("First-run setup");
    app.type_text("Nancheng");
    app.send("\r");
    app.type_text("2001");
    app.send("\x1b");
    app.expect("Esc again leaves");
    app.send("\x1b");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
    assert_eq!(agents_in(&db), 0);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let settings: i64 = conn
        .query_row("SELECT count(*) FROM store_settings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(settings, 0);
    let mut again = Pty::spawn(&args, &env(home.path()), 80, 24);
    again.expect("First-run setup");
    again.send("\x03");
    assert_eq!(again.wait_exit(Duration::from_secs(5)), Some(0));
}
