//! Backups are whole or absent (issue #17 point 6): a backup is written under a temporary
//! name, checked, flushed and renamed; a kill -9 in the middle leaves no file that counts as
//! a backup, and the next run removes the leftover and makes a complete one. Also the daily
//! backup: a partial copy left by an older build (with its journal) is not the day's backup.

mod support;

use chrono::{TimeZone, Utc};
use frontdesk::store::{Db, maintenance};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::{BIN, env, run};

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn integrity(p: &Path) -> String {
    Connection::open(p)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn kill_9_during_a_backup_leaves_no_backup_and_the_next_run_makes_a_whole_one() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("store.sqlite3");
    let db_s = db.to_str().unwrap();
    let (code, out, err) = run(&["--db", db_s, "demo", "--customers", "3000"], &env(h));
    assert_eq!(code, 0, "{out}{err}");
    let dir = h.join("backups");
    std::fs::create_dir_all(&dir).unwrap();
    let dir_s = format!("{}/", dir.display());
    let args = ["--db", db_s, "--agent", "1001", "backup", "--to", &dir_s];
    // Kill as soon as the temporary copy appears; try again if the copy was too quick.
    let mut caught = None;
    for attempt in 0..20 {
        let mut child = std::process::Command::new(BIN)
            .args(args)
            .env_clear()
            .envs(env(h))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let mut seen = false;
        while started.elapsed() < Duration::from_secs(30) {
            if names(&dir).iter().any(|n| n.ends_with(".part")) {
                seen = true;
                // Let the copy grow a little, then kill it mid-write.
                std::thread::sleep(Duration::from_millis(attempt * 5));
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let left = names(&dir);
        if seen && status.code().is_none() && left.iter().any(|n| n.contains(".part")) {
            caught = Some(left);
            break;
        }
        // The backup finished before the kill: start over with an empty folder.
        for n in left {
            std::fs::remove_file(dir.join(n)).unwrap();
        }
    }
    let left = caught.expect("no kill landed during a backup in 20 tries");
    eprintln!("left by the kill: {left:?}");
    // Nothing left counts as a backup.
    assert!(
        maintenance::list_backups(&dir, "store").is_empty(),
        "{left:?}"
    );
    assert!(left.iter().all(|n| n.starts_with('.')), "{left:?}");

    // The next run removes the leftover and makes a whole, checked copy.
    let (code, out, err) = run(&args, &env(h));
    assert_eq!(code, 0, "{out}{err}");
    let after = names(&dir);
    assert_eq!(after.len(), 1, "{after:?}");
    let backup = dir.join(&after[0]);
    assert!(after[0].starts_with("store-") && after[0].ends_with(".sqlite3"));
    assert_eq!(integrity(&backup), "ok");
    let customers: i64 = Connection::open(&backup)
        .unwrap()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(customers, 3000);
}

#[test]
fn a_partial_copy_is_never_the_days_backup() {
    let home = tempfile::tempdir().unwrap();
    let db_path = home.path().join("store.sqlite3");
    let db = Db::open(&db_path).unwrap();
    let dir = maintenance::backup_dir(&db_path);
    std::fs::create_dir_all(&dir).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    // What an older build left when killed: today's name, cut short, with its journal.
    let old_partial: PathBuf = dir.join("store-20261123-090000.sqlite3");
    std::fs::write(&old_partial, vec![0u8; 4096]).unwrap();
    std::fs::write(dir.join("store-20261123-090000.sqlite3-journal"), b"j").unwrap();
    // And a temporary copy whose writer is gone (no process has id 2^22 + 1 here).
    let stale = dir.join(".store-20261123-091500.sqlite3.4194305.part");
    std::fs::write(&stale, b"half").unwrap();
    std::fs::write(
        dir.join(".store-20261123-091500.sqlite3.4194305.part-journal"),
        b"j",
    )
    .unwrap();
    assert!(maintenance::list_backups(&dir, "store").is_empty());

    let made = maintenance::daily_backup(&db, &dir, 7, now)
        .unwrap()
        .expect("today's backup was made despite the partial one");
    assert_eq!(
        names(&dir),
        vec![made.file_name().unwrap().to_string_lossy()]
    );
    assert_eq!(integrity(&made), "ok");
    // Made once a day: a second call finds it.
    assert_eq!(maintenance::daily_backup(&db, &dir, 7, now).unwrap(), None);
}
