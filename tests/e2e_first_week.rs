//! End to end (issue 18, a receptionist's first week): the real binary in a pty at 80x24.
//! At start the keys on the screen work: `?` opens help and `1` switches to Calls.

mod support;

use std::time::Duration;
use support::{Pty, env};

fn pause() {
    std::thread::sleep(Duration::from_millis(150));
}

#[test]
fn at_start_question_mark_opens_help_and_1_switches_tab() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("s.sqlite3");
    support::ready_store(&db, home.path());
    let mut app = Pty::spawn(
        &["--db", db.to_str().unwrap(), "--lang", "zh"],
        &env(home.path()),
        80,
        24,
    );
    app.expect("客户档案");
    app.expect("?帮助");
    // No Esc first: the keys work as shown.
    app.send("?");
    app.expect("按键帮助");
    app.send("\x1b");
    pause();
    assert!(
        !app.screen().contains("按键帮助"),
        "help did not close:\n{}",
        app.screen()
    );
    assert!(
        !app.screen().contains("查找：?"),
        "`?` was typed into the search:\n{}",
        app.screen()
    );
    app.send("1");
    app.expect("来电登记");
    // Search is one key away.
    app.send("5");
    pause();
    app.send("s");
    app.type_text("zz");
    app.expect("查找：zz");
    app.send("\x1b");
    pause();
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
}

#[test]
fn esc_on_the_complaint_form_with_typed_text_asks_first() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("s.sqlite3");
    support::ready_store(&db, home.path());
    let mut app = Pty::spawn(
        &["--db", db.to_str().unwrap(), "--lang", "zh"],
        &env(home.path()),
        80,
        24,
    );
    app.expect("客户档案");
    app.send("4");
    app.expect("投诉：处理中");
    app.send("n");
    app.expect("登记投诉");
    app.type_text("13800001111");
    app.expect("13800001111");
    app.send("\x1b");
    app.expect("再按 Esc 放弃");
    assert!(
        app.screen().contains("13800001111"),
        "the typed text is gone after one Esc:\n{}",
        app.screen()
    );
    app.send("\x1b");
    pause();
    app.expect("投诉：处理中");
    assert!(
        !app.screen().contains("13800001111"),
        "the form is still open after the second Esc:\n{}",
        app.screen()
    );
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
}
