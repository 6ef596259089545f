//! Issue 14 point 3: an app that was left cleanly leaves the file in a known-clean state
//! (no `-wal`), so the next command-line call opens it without reading it whole; one that
//! was killed leaves its `-wal`, and the next call does read it whole first.

mod reliability_fx;
mod support;

use reliability_fx::{demo_store, logged};
use std::time::Duration;
use support::{Pty, env, run};

/// How many times the program logged that it checks the whole file before opening.
fn checks_logged(home: &std::path::Path) -> usize {
    logged(home).matches("quick_check before opening").count()
}

/// The app on `db`, on screen, with a report being computed on its worker thread.
fn app_at_work(db: &str, e: &[(String, String)]) -> Pty {
    let mut app = Pty::spawn(&["--db", db, "--lang", "en", "--agent", "1001"], e, 80, 24);
    app.expect("Customers");
    app.send("\x1b");
    app.send("6");
    app.expect("Today");
    app.send("\x1b[C");
    app
}

fn debug_log(home: &std::path::Path) -> Vec<(String, String)> {
    let mut e = env(home);
    e.push(("FRONTDESK_LOG".into(), "debug".into()));
    e
}

#[test]
fn a_clean_exit_leaves_no_wal_and_the_next_call_reads_no_whole_file() {
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 300);
    let db_s = db.to_str().unwrap();
    let wal = home.path().join("store.sqlite3-wal");
    let e = debug_log(home.path());
    for round in 0..2 {
        let mut app = app_at_work(db_s, &e);
        assert!(wal.exists(), "the app runs in WAL mode");
        app.send("q");
        assert_eq!(
            app.wait_exit(Duration::from_secs(10)),
            Some(0),
            "round {round}"
        );
        assert!(!wal.exists(), "round {round}: a clean exit left the -wal");
        let before = checks_logged(home.path());
        let (code, out, err) = run(&["--db", db_s, "--lang", "en", "agents"], &e);
        assert_eq!(code, 0, "{out}{err}");
        assert_eq!(
            checks_logged(home.path()),
            before,
            "round {round}: the call after a clean exit read the whole file"
        );
    }
}

#[test]
fn a_killed_app_leaves_its_wal_and_the_next_call_reads_the_whole_file_first() {
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 300);
    let db_s = db.to_str().unwrap();
    let wal = home.path().join("store.sqlite3-wal");
    let e = debug_log(home.path());
    let mut app = app_at_work(db_s, &e);
    let pid = app.child.process_id().expect("pid");
    let killed = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(app.wait_exit(Duration::from_secs(10)).is_some());
    assert!(wal.exists(), "a killed app's -wal is gone");
    let before = checks_logged(home.path());
    let (code, out, err) = run(&["--db", db_s, "--lang", "en", "agents"], &e);
    assert_eq!(code, 0, "{out}{err}");
    let log = logged(home.path());
    assert_eq!(checks_logged(home.path()), before + 1, "{log}");
    assert!(
        log.contains("write-ahead log left without a process"),
        "{log}"
    );
}
