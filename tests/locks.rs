//! SQLite's locks are POSIX locks, held per process: closing any file handle on the
//! database drops all of them. A second open of the store inside the running app (the
//! daily backup's thread, the last-chance draft save) must therefore never read the file
//! outside SQLite — or another agent's process, closing last, would think itself alone,
//! checkpoint and delete the WAL, and what this app writes afterwards would be lost.

mod support;

use frontdesk::domain::archive::CustomerData;
use frontdesk::store::{Actor, Db, customers};
use support::{env, run};

#[test]
fn a_second_open_in_the_same_process_keeps_the_first_ones_locks() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("store.sqlite3");
    let p = path.to_str().unwrap();
    let e = env(home.path());
    let (code, out, err) = run(&["--db", p, "demo", "--customers", "20", "--seed", "1"], &e);
    assert_eq!(code, 0, "{out}{err}");

    let mut app = Db::open(&path).unwrap();
    let actor = Actor {
        agent_id: None,
        at: chrono::Utc::now(),
    };
    let add = |db: &mut Db, name: &str| {
        let c = CustomerData {
            name: name.into(),
            ..Default::default()
        };
        customers::create(db, actor, &c).unwrap();
    };
    add(&mut app, "甲先生");
    assert!(holds_a_lock(&path), "the app's connection holds its lock");
    // The daily backup's thread opens the store again, then closes it.
    let second = Db::open_checking_in_background(&path).unwrap();
    drop(second);
    assert!(
        holds_a_lock(&path),
        "a second open in the same process dropped the app's locks on the file"
    );
    // Another agent's process opens the store and closes it while this one runs.
    let (code, out, err) = run(&["--db", p, "--lang", "en", "agents"], &e);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        path.with_file_name("store.sqlite3-wal").exists(),
        "the WAL was deleted under a running connection"
    );
    // What this process writes now is seen by the others.
    add(&mut app, "乙女士");
    let (_, out, _) = run(&["--db", p, "--lang", "en", "report", "customers"], &e);
    assert!(out.contains("甲先生") && out.contains("乙女士"), "{out}");
}

/// Whether this process holds a POSIX lock on the file (Linux: /proc/locks lists them by
/// pid and device:inode).
fn holds_a_lock(path: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).unwrap();
    let inode = format!(":{}", m.ino());
    let pid = std::process::id().to_string();
    std::fs::read_to_string("/proc/locks")
        .unwrap()
        .lines()
        .any(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.len() > 5 && f[4] == pid && f[5].ends_with(&inode)
        })
}
