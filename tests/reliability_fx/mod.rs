//! Helpers shared by the `reliability*` tests.

#![allow(dead_code)]

use crate::support::{BIN, Pty, env, run};
use chrono::Utc;
use frontdesk::store::Actor;
use rusqlite::Connection;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

// ---------------------------------------------------------------- helpers

pub static TIMING: RwLock<()> = RwLock::new(());

/// Held by tests that measure wall-clock times.
pub fn timed() -> RwLockReadGuard<'static, ()> {
    TIMING.read().unwrap_or_else(|e| e.into_inner())
}

/// Held by the test that saturates the machine.
pub fn saturating() -> RwLockWriteGuard<'static, ()> {
    TIMING.write().unwrap_or_else(|e| e.into_inner())
}

pub fn actor() -> Actor {
    Actor {
        agent_id: None,
        at: Utc::now(),
    }
}

/// A demo store of `customers` customers in `home`.
pub fn demo_store(home: &Path, customers: usize) -> PathBuf {
    let db = home.join("store.sqlite3");
    let (code, out, err) = run(
        &[
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "en",
            "demo",
            "--customers",
            &customers.to_string(),
        ],
        &env(home),
    );
    assert_eq!(code, 0, "demo failed: {out}{err}");
    db
}

pub fn integrity(conn: &Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

pub fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The `part` of every call record (the stress command writes `stress-<pid>-<i>`).
pub fn parts(conn: &Connection) -> HashSet<String> {
    let mut st = conn
        .prepare("SELECT json_extract(fields, '$.part') FROM calls")
        .unwrap();
    st.query_map([], |r| r.get::<_, Option<String>>(0))
        .unwrap()
        .filter_map(|r| r.unwrap())
        .collect()
}

pub fn stress_cmd(db: &Path, home: &Path, ops: usize) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args([
        "--db",
        db.to_str().unwrap(),
        "--lang",
        "en",
        "stress",
        "--ops",
        &ops.to_string(),
    ])
    .env_clear()
    .envs(env(home));
    cmd
}

/// The ids after `ack ` in the stress command's output.
pub fn acks(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("ack "))
        .map(str::to_string)
        .collect()
}

/// Every place `text` holds something shaped like a mainland mobile (`1[3-9]\d{9}`).
pub fn mobiles_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(11)
        .filter(|w| {
            w[0] == '1' && ('3'..='9').contains(&w[1]) && w[2..].iter().all(char::is_ascii_digit)
        })
        .map(|w| w.iter().collect())
        .collect()
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

pub fn occurrences(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

pub fn draft_bodies(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut st = conn.prepare("SELECT body FROM drafts").unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The app's arguments for the draft tests.
pub fn app_args(db: &Path) -> Vec<String> {
    [
        "--db",
        db.to_str().unwrap(),
        "--agent",
        "1001",
        "--lang",
        "en",
    ]
    .map(String::from)
    .to_vec()
}

/// Starts the app again and checks that it offers the draft and puts `name` back.
pub fn restart_offers_draft(db: &Path, home: &Path, name: &str) {
    let args = app_args(db);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut again = Pty::spawn(&args, &env(home), 100, 30);
    again.expect("Restore an unfinished form?");
    again.send("y");
    again.expect(name);
    assert!(
        again.screen().contains("Name"),
        "not the customer form:\n{}",
        again.screen()
    );
}

/// Every line the program logged under `home`.
pub fn logged(home: &Path) -> String {
    fn walk(dir: &Path, out: &mut String) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_symlink()) {
                continue; // `frontdesk.log` links to the current file
            }
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "log") {
                out.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
            }
        }
    }
    let mut out = String::new();
    walk(home, &mut out);
    out
}
