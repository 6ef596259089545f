//! End to end: the real binary in a pseudo-terminal, on a demo store. Finds a customer by
//! plate and by pinyin initials, opens them, sees both files, and quits.

mod support;

use std::time::Duration;
use support::{Pty, env, run};

/// A demo customer with a plate and initials that pick them out within the first rows.
fn pick_customer(db: &std::path::Path) -> (String, String, String) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT c.name, c.name_initials, v.plate FROM customers c
         JOIN vehicles v ON v.customer_id = c.id
         JOIN sales_files s ON s.vehicle_id = v.id
         WHERE v.plate IS NOT NULL
           AND (SELECT count(*) FROM repair_orders o WHERE o.vehicle_id = v.id) > 0
           AND (SELECT count(*) FROM customers c2 WHERE c2.name_initials = c.name_initials) = 1
           AND (SELECT count(*) FROM customers c3 WHERE c3.name_initials LIKE c.name_initials || '%') = 1
           AND (SELECT count(*) FROM vehicles v2 WHERE v2.customer_id = c.id) = 1
         ORDER BY c.id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

#[test]
fn find_by_plate_and_pinyin_open_both_files_and_quit() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store.sqlite3");
    let db_s = db.to_str().unwrap();
    let env = env(home.path());
    let (code, out, err) = run(
        &[
            "--db",
            db_s,
            "--lang",
            "en",
            "demo",
            "--customers",
            "400",
            "--seed",
            "7",
        ],
        &env,
    );
    assert_eq!(code, 0, "demo failed: {out}{err}");
    let (name, initials, plate) = pick_customer(&db);

    let mut app = Pty::spawn(
        &["--db", db_s, "--lang", "zh", "--agent", "1002"],
        &env,
        80,
        24,
    );
    app.expect("客户档案");
    app.expect("1002 陈静");
    // The status bar's counters (the file's name gives way to whose callbacks they are).
    app.expect("投诉超时");

    // By plate, typed in lower case without the province character.
    let plate_tail: String = plate.chars().skip(1).collect::<String>().to_lowercase();
    app.send("s"); // the search field is one key away
    app.type_text(&plate_tail);
    app.expect(&plate);
    app.expect(&name);
    app.send("\r"); // to the results
    app.send("\r"); // open
    app.expect("销售档案");
    app.expect("维修档案");
    app.expect(&plate);
    assert!(app.screen().contains(&name));
    // Masked by default.
    assert!(
        app.screen().contains("****"),
        "mobile not masked:\n{}",
        app.screen()
    );

    // Back to the list, then by pinyin initials.
    app.send("\x1b");
    std::thread::sleep(Duration::from_millis(100));
    app.send("s");
    app.send("\x15"); // Ctrl-U clears the field
    app.type_text(&initials);
    app.expect("按拼音");
    app.send("\r");
    app.send("\r");
    app.expect("销售档案");
    assert!(
        app.screen().contains(&name),
        "opened the wrong customer:\n{}",
        app.screen()
    );

    // Quit: the process ends and the terminal leaves the alternate screen.
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), Some(0));
    app.expect_raw(b"\x1b[?1049l", "alternate screen not left");
}

#[test]
fn too_small_terminal_says_so() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("s.sqlite3");
    let mut app = Pty::spawn(
        &["--db", db.to_str().unwrap(), "--lang", "en"],
        &env(home.path()),
        60,
        20,
    );
    app.expect("Terminal too small (60x20)");
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
}

#[test]
fn sigterm_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("s.sqlite3");
    support::ready_store(&db, home.path());
    let mut app = Pty::spawn(
        &["--db", db.to_str().unwrap(), "--lang", "en"],
        &env(home.path()),
        80,
        24,
    );
    // The first frame is drawn: the signal handler is in and the alternate screen entered.
    app.expect("Customer archive");
    let pid = app.child.process_id().unwrap() as i32;
    // SAFETY: kill on our own child's pid.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    // The app leaves within its 1 s grace; the slack is for a loaded machine.
    assert_eq!(app.wait_exit(Duration::from_secs(10)), Some(128 + 15));
    // Its last bytes may still be on their way through the pty when it has exited.
    app.expect_raw(b"\x1b[?1049l", "alternate screen not left");
}
