//! Reliability: the faults of /work/shared/RELIABILITY.md injected into the real binary and
//! the store — many writers, lost updates, a long write lock, kill -9 while writing and
//! while typing, a dropped SSH session, a vanished terminal with no signal, SIGTERM, a full
//! disk, a read-only file, corrupted and newer files, terminal injection and masking.
//!
//! Row 11 (a panic in a screen) has no test: the binary has no way to trigger a panic and
//! no debug flag is to be added for one. The path is covered by construction —
//! `ratatui::init` installs a panic hook that restores the terminal before the default hook
//! runs, and `cli::start::init_log` chains a hook in front that writes the panic to the log.
//!
//! Tests whose pass criterion is a wall-clock time take a shared lock; the 8-process write
//! load takes it exclusively, so those timings are not measured on a saturated machine.

mod support;

use chrono::Utc;
use frontdesk::domain::archive::CustomerData;
use frontdesk::i18n::Lang;
use frontdesk::store::{Actor, Db, StoreError, customers};
use rusqlite::Connection;
use std::collections::HashSet;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, RwLock, RwLockReadGuard, RwLockWriteGuard, mpsc};
use std::thread;
use std::time::{Duration, Instant};
use support::{BIN, Pty, RawPty, env, run};

// ---------------------------------------------------------------- helpers

static TIMING: RwLock<()> = RwLock::new(());

/// Held by tests that measure wall-clock times.
fn timed() -> RwLockReadGuard<'static, ()> {
    TIMING.read().unwrap_or_else(|e| e.into_inner())
}

/// Held by the test that saturates the machine.
fn saturating() -> RwLockWriteGuard<'static, ()> {
    TIMING.write().unwrap_or_else(|e| e.into_inner())
}

fn actor() -> Actor {
    Actor {
        agent_id: None,
        at: Utc::now(),
    }
}

/// A demo store of `customers` customers in `home`.
fn demo_store(home: &Path, customers: usize) -> PathBuf {
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

fn integrity(conn: &Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The `part` of every call record (the stress command writes `stress-<pid>-<i>`).
fn parts(conn: &Connection) -> HashSet<String> {
    let mut st = conn
        .prepare("SELECT json_extract(fields, '$.part') FROM calls")
        .unwrap();
    st.query_map([], |r| r.get::<_, Option<String>>(0))
        .unwrap()
        .filter_map(|r| r.unwrap())
        .collect()
}

fn stress_cmd(db: &Path, home: &Path, ops: usize) -> Command {
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
fn acks(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("ack "))
        .map(str::to_string)
        .collect()
}

/// Every place `text` holds something shaped like a mainland mobile (`1[3-9]\d{9}`).
fn mobiles_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(11)
        .filter(|w| {
            w[0] == '1' && ('3'..='9').contains(&w[1]) && w[2..].iter().all(char::is_ascii_digit)
        })
        .map(|w| w.iter().collect())
        .collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn occurrences(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

fn draft_bodies(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut st = conn.prepare("SELECT body FROM drafts").unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The app's arguments for the draft tests.
fn app_args(db: &Path) -> Vec<String> {
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
fn restart_offers_draft(db: &Path, home: &Path, name: &str) {
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

// ---------------------------------------------------------------- row 1: concurrent writers

#[test]
fn eight_stress_processes_commit_every_call_without_an_error() {
    let _g = saturating();
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 20);
    let demo_calls = count(
        &Connection::open(&db).unwrap(),
        "SELECT count(*) FROM calls",
    );

    const PROCS: usize = 8;
    const OPS: usize = 250;
    let started = Instant::now();
    let children: Vec<_> = (0..PROCS)
        .map(|_| {
            stress_cmd(&db, home.path(), OPS)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn stress")
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let elapsed = started.elapsed();

    let mut acked = HashSet::new();
    let mut worst_ms = 0u64;
    for out in &outputs {
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "a writer failed:\n{stderr}");
        assert!(
            !stderr.lines().any(|l| l.starts_with("error")),
            "errors surfaced:\n{stderr}"
        );
        let ids = acks(&stdout);
        assert_eq!(ids.len(), OPS, "acks of one process");
        acked.extend(ids);
        let done = stderr
            .lines()
            .find(|l| l.starts_with("done "))
            .unwrap_or_else(|| panic!("no summary:\n{stderr}"));
        assert!(
            done.contains(&format!("done {OPS} ops, 0 errors")),
            "{done}"
        );
        let ms: u64 = done
            .rsplit("worst save ")
            .next()
            .and_then(|s| s.trim_end_matches(" ms").trim().parse().ok())
            .unwrap_or_else(|| panic!("no worst save in {done:?}"));
        worst_ms = worst_ms.max(ms);
    }
    assert_eq!(acked.len(), PROCS * OPS, "total acks (distinct)");

    let conn = Connection::open(&db).unwrap();
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM calls WHERE fields LIKE '%stress-%'"
        ),
        (PROCS * OPS) as i64
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM calls"),
        demo_calls + (PROCS * OPS) as i64
    );
    let stored = parts(&conn);
    for id in &acked {
        assert!(
            stored.contains(&format!("stress-{id}")),
            "acked {id} missing"
        );
    }
    assert_eq!(integrity(&conn), "ok");
    eprintln!(
        "row 1: {PROCS} processes x {OPS} saves in {:.2} s (process start included): \
         {:.0} writes/s; worst save (incl. write-lock wait) {worst_ms} ms",
        elapsed.as_secs_f64(),
        (PROCS * OPS) as f64 / elapsed.as_secs_f64()
    );
}

// ---------------------------------------------------------------- row 3: lost updates
// tests/storage.rs (`second_editor_gets_conflict_and_first_edit_stays`) has the
// two-handle conflict; this is the stress variant.

#[test]
fn four_editors_appending_to_one_customer_lose_no_update() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let mut db = Db::open(&path).unwrap();
    let id = customers::create(
        &mut db,
        actor(),
        &CustomerData {
            name: "并发客户".into(),
            ..Default::default()
        },
    )
    .unwrap();

    const THREADS: usize = 4;
    const CYCLES: usize = 50;
    let barrier = Arc::new(Barrier::new(THREADS));
    let conflicts = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (path, barrier, conflicts) = (path.clone(), barrier.clone(), conflicts.clone());
            thread::spawn(move || {
                let mut db = Db::open(&path).unwrap();
                barrier.wait();
                for i in 0..CYCLES {
                    let token = format!("<t{t}-{i}>");
                    loop {
                        let c = customers::get(db.conn(), id).unwrap();
                        let mut data = c.data.clone();
                        data.notes.push_str(&token);
                        // The agent "types" between loading and saving.
                        thread::sleep(Duration::from_micros(300));
                        match customers::update(&mut db, actor(), id, c.version, &data) {
                            Ok(v) => {
                                assert_eq!(v, c.version + 1);
                                break;
                            }
                            Err(StoreError::Conflict { theirs, mine }) => {
                                assert!(theirs > mine, "theirs {theirs}, mine {mine}");
                                conflicts.fetch_add(1, Ordering::SeqCst);
                            }
                            Err(e) => panic!("thread {t} cycle {i}: {e:?}"),
                        }
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }

    let c = customers::get(db.conn(), id).unwrap();
    let mut lost = Vec::new();
    for t in 0..THREADS {
        for i in 0..CYCLES {
            let token = format!("<t{t}-{i}>");
            match c.data.notes.matches(&token).count() {
                1 => {}
                0 => lost.push(token),
                n => panic!("{token} appears {n} times"),
            }
        }
    }
    assert!(lost.is_empty(), "lost updates: {lost:?}");
    assert_eq!(c.version, 1 + (THREADS * CYCLES) as i64);
    assert_eq!(
        count(
            db.conn(),
            &format!(
                "SELECT count(*) FROM audit WHERE entity = 'customer' AND entity_id = {id} \
                 AND action = 'update'"
            )
        ),
        (THREADS * CYCLES) as i64
    );
    let n = conflicts.load(Ordering::SeqCst);
    assert!(n > 0, "no conflict was ever reported");
    eprintln!(
        "row 3: {THREADS} x {CYCLES} read-modify-write cycles, 0 lost updates, {n} conflicts"
    );
}

// ---------------------------------------------------------------- row 5: long write lock

#[test]
fn a_save_behind_a_long_lock_fails_busy_after_five_seconds_and_a_retry_works() {
    let _g = timed();
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 20);
    let before = count(
        &Connection::open(&db).unwrap(),
        "SELECT count(*) FROM calls",
    );

    let (locked_tx, locked_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let holder = {
        let db = db.clone();
        thread::spawn(move || {
            let conn = Connection::open(&db).unwrap();
            conn.execute_batch("BEGIN IMMEDIATE").unwrap();
            locked_tx.send(()).unwrap();
            let _ = release_rx.recv_timeout(Duration::from_secs(7));
            conn.execute_batch("ROLLBACK").unwrap();
        })
    };
    locked_rx.recv().unwrap();

    let started = Instant::now();
    let out = stress_cmd(&db, home.path(), 1).output().unwrap();
    let waited = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.lines().any(|l| l.starts_with("error ")
            && l.ends_with("Database busy, try again (your form is kept)")),
        "no busy message:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(acks(&stdout).is_empty(), "{stdout}");
    assert!(
        waited >= Duration::from_millis(4500) && waited <= Duration::from_millis(6500),
        "failed after {waited:?}, expected about 5 s"
    );

    // Reads go on while the lock is held.
    let t = Instant::now();
    let conn = Connection::open(&db).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM calls"), before);
    assert!(t.elapsed() < Duration::from_secs(1), "a read waited");

    release_tx.send(()).unwrap();
    holder.join().unwrap();
    let out = stress_cmd(&db, home.path(), 1).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ids = acks(&stdout);
    assert_eq!(ids.len(), 1);
    assert!(parts(&conn).contains(&format!("stress-{}", ids[0])));
    assert_eq!(count(&conn, "SELECT count(*) FROM calls"), before + 1);
    eprintln!(
        "row 5: busy after {:.2} s (process start included)",
        waited.as_secs_f64()
    );
}

// ---------------------------------------------------------------- row 6: kill -9 mid-write

#[test]
fn kill_9_while_writing_loses_no_acknowledged_call() {
    let (acked, lost) = kill_9_rounds(10);
    eprintln!("row 6: 10 kill -9 rounds, {acked} acknowledged saves, {lost} lost");
}

/// The long run of row 6 (200 rounds, about two minutes): `cargo test --test reliability
/// -- --ignored`, its own step in `.ci/run`.
#[test]
#[ignore]
fn kill_9_while_writing_200_rounds() {
    let started = Instant::now();
    let (acked, lost) = kill_9_rounds(200);
    eprintln!(
        "row 6: 200 kill -9 rounds, {acked} acknowledged saves, {lost} lost, {:.0} s",
        started.elapsed().as_secs_f64()
    );
}

/// Kills a stress writer `rounds` times at a random 50–250 ms into its writing and checks
/// after each kill that the file is whole and every acknowledged save is in it. Returns
/// (acknowledged, lost); any loss fails the test.
fn kill_9_rounds(rounds: usize) -> (usize, usize) {
    use rand::Rng;
    use std::os::unix::process::ExitStatusExt;
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 20);
    let mut rng = rand::rng();
    let (mut total, mut lost) = (0usize, 0usize);
    for round in 0..rounds {
        let mut child = stress_cmd(&db, home.path(), 100_000)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel::<String>();
        let reader = thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Writing has begun: the first commit is acknowledged.
        let first = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("no ack within 10 s");
        let delay = rng.random_range(50..=250);
        thread::sleep(Duration::from_millis(delay));
        // SAFETY: kill on our own child's pid.
        unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(libc::SIGKILL), "round {round}");
        reader.join().unwrap();
        let mut lines = vec![first];
        lines.extend(rx.try_iter());
        let acked = acks(&lines.join("\n"));
        assert!(!acked.is_empty());

        let store = Db::open(&db).unwrap_or_else(|e| panic!("round {round}: reopen: {e}"));
        assert_eq!(integrity(store.conn()), "ok", "round {round}");
        let stored = parts(store.conn());
        let missing: Vec<&String> = acked
            .iter()
            .filter(|id| !stored.contains(&format!("stress-{id}")))
            .collect();
        if !missing.is_empty() {
            eprintln!("round {round}: acknowledged {missing:?} lost (killed after {delay} ms)");
        }
        lost += missing.len();
        total += acked.len();
    }
    assert_eq!(lost, 0, "{lost} of {total} acknowledged saves lost");
    (total, lost)
}

// ---------------------------------------------------------------- row 7: kill -9 while typing

/// Starts the app on `db`, opens the new-customer form and types `name` into it.
fn start_typing(db: &Path, home: &Path, name: &str) -> Pty {
    let args = app_args(db);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut app = Pty::spawn(&args, &env(home), 100, 30);
    app.expect("Customer archive");
    app.send("\x1b");
    thread::sleep(Duration::from_millis(100));
    app.send("a");
    app.expect("Name");
    app.type_text(name);
    app.expect(name);
    app
}

#[test]
fn kill_9_while_typing_keeps_the_draft() {
    let _g = timed();
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 20);
    let mut app = start_typing(&db, home.path(), "张草稿");
    // Longer than the 1.5 s debounce.
    thread::sleep(Duration::from_millis(2200));
    let pid = app.child.process_id().unwrap() as i32;
    // SAFETY: kill on our own child's pid.
    unsafe { libc::kill(pid, libc::SIGKILL) };
    assert!(app.wait_exit(Duration::from_secs(3)).is_some());
    drop(app);
    let drafts = draft_bodies(&db);
    assert!(
        drafts.iter().any(|b| b.contains("张草稿")),
        "no draft stored: {drafts:?}"
    );
    restart_offers_draft(&db, home.path(), "张草稿");
}

// ---------------------------------------------------------------- rows 8, 9: hang-ups

/// Types half a form in a hand-made pty, closes every master descriptor, and returns the
/// exit code, the time to exit and the CPU time the process used after the close.
fn hang_up_while_typing(
    db: &Path,
    home: &Path,
    name: &str,
    controlling: bool,
) -> (i32, Duration, Duration) {
    let args = app_args(db);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut app = RawPty::spawn(&args, &env(home), 100, 30, controlling);
    app.expect("Customer archive");
    app.send("\x1b");
    thread::sleep(Duration::from_millis(100));
    app.send("a");
    app.expect("Name");
    app.type_text(name);
    app.expect(name);
    thread::sleep(Duration::from_secs(2));
    let cpu_before = support::cpu_time(app.pid()).expect("cpu time");
    let t = Instant::now();
    app.hang_up();
    let (code, cpu) = app
        .wait_exit_with_cpu(Duration::from_secs(2))
        .unwrap_or_else(|| panic!("still running 2 s after the hang-up"));
    (code, t.elapsed(), cpu.saturating_sub(cpu_before))
}

/// Row 8 and 9's pass criteria for a hang-up: exit code 129 (SIGHUP) within 2 s, under
/// 0.1 s of CPU after the close, the draft stored and offered at the next start. Every
/// criterion is checked before the test fails, so a failure lists all that were missed.
fn assert_hang_up_handled(row: u32, db: &Path, home: &Path, name: &str, controlling: bool) {
    let (code, took, cpu) = hang_up_while_typing(db, home, name, controlling);
    eprintln!(
        "row {row}: exit code {code} {:.3} s after the hang-up, {:.3} s CPU after it",
        took.as_secs_f64(),
        cpu.as_secs_f64()
    );
    let mut problems = Vec::new();
    if code != 128 + libc::SIGHUP {
        problems.push(format!(
            "exit code {code}, expected 129 (134 = SIGABRT: aborted while exiting)"
        ));
    }
    if took > Duration::from_secs(2) {
        problems.push(format!("exited {took:?} after the hang-up"));
    }
    if cpu >= Duration::from_millis(100) {
        problems.push(format!(
            "{cpu:?} of CPU after the terminal went away (spinning on a dead terminal)"
        ));
    }
    if !draft_bodies(db).iter().any(|b| b.contains(name)) {
        problems.push("no draft stored".into());
    }
    restart_offers_draft(db, home, name);
    assert!(problems.is_empty(), "row {row}: {}", problems.join("; "));
}

#[test]
fn ssh_drop_sighup_exits_and_keeps_the_draft() {
    let _g = timed();
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 20);
    assert_hang_up_handled(8, &db, home.path(), "李断线", true);
}

#[test]
fn vanished_terminal_without_a_signal_is_noticed_by_the_watchdog() {
    let _g = timed();
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 20);
    assert_hang_up_handled(9, &db, home.path(), "赵无信号", false);
}

// ---------------------------------------------------------------- row 10: SIGTERM

#[test]
fn sigterm_with_a_half_form_saves_it_and_restores_the_terminal() {
    let _g = timed();
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 20);
    let mut app = start_typing(&db, home.path(), "王终止");
    // Before the debounce: only the signal path can save it.
    thread::sleep(Duration::from_millis(300));
    let autosaved = draft_bodies(&db).iter().any(|b| b.contains("王终止"));
    let pid = app.child.process_id().unwrap() as i32;
    let t = Instant::now();
    // SAFETY: kill on our own child's pid.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let code = app.wait_exit(Duration::from_secs(1));
    let took = t.elapsed();
    eprintln!(
        "row 10: SIGTERM exit {code:?} in {:.3} s (draft autosaved before: {autosaved})",
        took.as_secs_f64()
    );
    assert_eq!(code, Some(128 + 15), "no exit 143 within 1 s");
    assert!(
        contains(&app.raw_output(), b"\x1b[?1049l"),
        "alternate screen not left"
    );
    drop(app);
    assert!(draft_bodies(&db).iter().any(|b| b.contains("王终止")));
    restart_offers_draft(&db, home.path(), "王终止");
}

// ---------------------------------------------------------------- row 12: disk full

#[test]
fn a_full_disk_refuses_the_record_whole_and_works_again_after() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let mut db = Db::open(&path).unwrap();
    let pages = count(db.conn(), "PRAGMA page_count");
    db.conn()
        .query_row(
            &format!("PRAGMA max_page_count = {}", pages + 2),
            [],
            |_| Ok(()),
        )
        .unwrap();
    let form = |i: usize| CustomerData {
        name: format!("大备注{i}"),
        notes: "满".repeat(4000),
        ..Default::default()
    };
    let mut err = None;
    let mut i = 0;
    while i < 200 {
        let n = customers::count(db.conn()).unwrap();
        match customers::create(&mut db, actor(), &form(i)) {
            Ok(_) => i += 1,
            Err(e) => {
                assert_eq!(
                    customers::count(db.conn()).unwrap(),
                    n,
                    "a partial record was left"
                );
                err = Some(e);
                break;
            }
        }
    }
    let err = err.expect("never ran out of pages");
    assert!(matches!(err, StoreError::Full), "{err:?}");
    assert!(
        err.message(Lang::Zh).contains("存储空间不足"),
        "{}",
        err.message(Lang::Zh)
    );
    let audits = count(
        db.conn(),
        "SELECT count(*) FROM audit WHERE action = 'create'",
    );
    assert_eq!(audits, i as i64, "an audit row without its record");
    assert_eq!(integrity(db.conn()), "ok");

    db.conn()
        .query_row("PRAGMA max_page_count = 1073741823", [], |_| Ok(()))
        .unwrap();
    let id = customers::create(&mut db, actor(), &form(i)).expect("space freed");
    assert_eq!(customers::get(db.conn(), id).unwrap().data, form(i));
    assert_eq!(integrity(db.conn()), "ok");
}

// ---------------------------------------------------------------- row 13: read-only

/// Tests run as root here, and root ignores file modes, so `chmod 0444` alone proves
/// nothing. As root the binary is run as `nobody` on a 0444 file (what an agent whose
/// account cannot write the file sees), `chattr +i` is tried for the in-process open, and
/// SQLite's own read-only error is mapped through `StoreError::from`.
#[test]
fn a_read_only_database_is_refused_clearly_or_opened_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    {
        let mut db = Db::open(&path).unwrap();
        customers::create(
            &mut db,
            actor(),
            &CustomerData {
                name: "只读客户".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&path).unwrap();

    /// What `Db::open` does on a file it cannot write.
    fn assert_read_only_open(path: &Path) {
        match Db::open(path) {
            Ok(mut db) => {
                assert!(db.is_read_only(), "opened a read-only file read-write");
                assert_eq!(customers::count(db.conn()).unwrap(), 1, "reads work");
                let e = customers::create(
                    &mut db,
                    actor(),
                    &CustomerData {
                        name: "新".into(),
                        ..Default::default()
                    },
                )
                .expect_err("a write to a read-only store");
                assert!(matches!(e, StoreError::ReadOnly), "{e:?}");
                assert!(e.message(Lang::En).contains("read-only"));
                assert!(e.message(Lang::Zh).contains("只读"));
                eprintln!("row 13: opened read-only; a write was refused: {e:?}");
            }
            Err(e) => {
                let m = e.message(Lang::En);
                assert!(m.contains(&*path.to_string_lossy()), "{m}");
                eprintln!("row 13: read-only file refused: {m}");
            }
        }
    }

    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if !root {
        assert_read_only_open(&path);
    } else {
        // (a) The binary as an unprivileged user: the write must fail cleanly.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let home = tempfile::tempdir().unwrap();
        std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let mut cmd = stress_cmd(&path, home.path(), 1);
        // SAFETY: setgid/setuid only, between fork and exec.
        unsafe {
            std::os::unix::process::CommandExt::pre_exec(&mut cmd, || {
                if libc::setgid(65534) != 0 || libc::setuid(65534) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        eprintln!("row 13: as nobody on a 0444 file: {}", stderr.trim());
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(
            stderr.contains("read-only") || stderr.contains(&*path.to_string_lossy()),
            "neither read-only nor the path named:\n{stderr}"
        );
        assert!(acks(&String::from_utf8_lossy(&out.stdout)).is_empty());

        // (b) The immutable flag, where the file system and capabilities allow it.
        let immutable = Command::new("chattr")
            .arg("+i")
            .arg(&path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if immutable {
            /// Clears the flag even when an assertion fails, so the directory can go.
            struct Mutable<'a>(&'a Path);
            impl Drop for Mutable<'_> {
                fn drop(&mut self) {
                    let _ = Command::new("chattr").arg("-i").arg(self.0).status();
                }
            }
            let _mutable = Mutable(&path);
            assert_read_only_open(&path);
        } else {
            eprintln!("row 13: chattr +i not available here; skipped the in-process open");
        }

        // (c) SQLite's read-only error is the store's ReadOnly.
        let ro =
            Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let e = ro
            .execute("DELETE FROM drafts", [])
            .expect_err("write on a read-only connection");
        let e = StoreError::from(e);
        assert!(matches!(e, StoreError::ReadOnly), "{e:?}");
        assert!(e.message(Lang::En).contains("read-only"));
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was written"
    );
}

// ---------------------------------------------------------------- rows 15–17: damaged files

#[test]
fn a_corrupted_header_is_refused_naming_the_file_and_left_alone() {
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 20);
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[..16].copy_from_slice(b"garbage garbage!");
    std::fs::write(&db, &bytes).unwrap();
    let db_s = db.to_str().unwrap();
    for (lang, words) in [
        ("zh", "不是有效的数据库文件"),
        ("en", "not a valid database file"),
    ] {
        let (code, out, err) = run(&["--db", db_s, "--lang", lang], &env(home.path()));
        assert_eq!(code, 1, "{out}{err}");
        assert!(err.contains(words), "{err}");
        assert!(err.contains(db_s), "the path is not named: {err}");
        assert_eq!(std::fs::read(&db).unwrap(), bytes, "the file was changed");
    }
}

#[test]
fn a_scribbled_inner_page_is_reported_by_check_without_writing() {
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 20);
    {
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096 * 20; // page 21
    assert!(bytes.len() >= page + 4096, "fixture too small");
    bytes[page..page + 2048].fill(0x5a);
    std::fs::write(&db, &bytes).unwrap();
    let db_s = db.to_str().unwrap();
    for (lang, words) in [("en", "damage found"), ("zh", "发现损坏")] {
        let (code, out, err) = run(&["--db", db_s, "--lang", lang, "check"], &env(home.path()));
        assert_eq!(code, 1, "{out}{err}");
        assert!(out.contains(words), "{out}{err}");
        assert_eq!(
            std::fs::read(&db).unwrap(),
            bytes,
            "check wrote to the file"
        );
    }
}

/// Every line the program logged under `home`.
fn logged(home: &Path) -> String {
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

#[test]
fn a_command_line_call_reads_the_whole_file_only_after_a_crash() {
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 20);
    let db_s = db.to_str().unwrap();
    let wal = home.path().join("store.sqlite3-wal");
    assert!(!wal.exists(), "the demo left a -wal");
    let said = |log: &str| log.matches("quick_check before opening").count();
    let before = said(&logged(home.path()));
    let mut env = env(home.path());
    env.push(("FRONTDESK_LOG".into(), "debug".into()));
    for _ in 0..2 {
        let (code, out, err) = run(&["--db", db_s, "--lang", "en", "report", "customers"], &env);
        assert_eq!(code, 0, "{out}{err}");
    }
    let log = logged(home.path());
    assert!(log.contains("settings resolved"), "nothing logged: {log}");
    assert_eq!(said(&log), before, "a clean file was quick_checked: {log}");
    // A `-wal` that no process holds: left by a crash, so the whole file is read first.
    std::fs::write(&wal, b"").unwrap();
    let (code, out, err) = run(&["--db", db_s, "--lang", "en", "report", "customers"], &env);
    assert_eq!(code, 0, "{out}{err}");
    let log = logged(home.path());
    assert_eq!(said(&log), before + 1, "{log}");
    assert!(
        log.contains("write-ahead log left without a process"),
        "{log}"
    );
}

#[test]
fn a_newer_schema_is_refused_by_the_app_without_writing() {
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 20);
    {
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA user_version = 99").unwrap();
    }
    let bytes = std::fs::read(&db).unwrap();
    let (code, out, err) = run(
        &[
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "zh",
            "--agent",
            "1001",
        ],
        &env(home.path()),
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("数据库版本较新"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the file was changed");
    let conn = Connection::open(&db).unwrap();
    assert_eq!(count(&conn, "PRAGMA user_version"), 99);
}

// ---------------------------------------------------------------- row 31: terminal injection

#[test]
fn stored_escape_sequences_never_reach_the_terminal() {
    let _g = timed();
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 20);
    let name = "毒客甲\x1b[2J乙\x1b]52;c;Zm9v\x07丙\x1b]0;title\x07丁\u{9b}31m戊\u{202e}己\u{200b}庚\r辛\x08壬";
    let notes = "备注\x1b]52;c;Zm9v\x07注\x1b]0;title\x07入\x1b[2J清屏\u{9b}2J\u{202e}反向\u{200b}零宽\r回车\x08退格";
    {
        let mut store = Db::open(&db).unwrap();
        customers::create(
            &mut store,
            actor(),
            &CustomerData {
                name: name.into(),
                notes: notes.into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let mut app = Pty::spawn(
        &[
            "--db",
            db.to_str().unwrap(),
            "--agent",
            "1001",
            "--lang",
            "en",
        ],
        &env(home.path()),
        120,
        30,
    );
    app.expect("Customer archive");
    thread::sleep(Duration::from_millis(300));
    // The app's own clears so far (entering the alternate screen).
    let own_clears = occurrences(&app.raw_output(), b"\x1b[2J");
    app.send("s"); // to the search field
    app.type_text("毒客甲");
    app.expect("毒客甲");
    app.send("\r");
    app.send("\r");
    app.expect("Notes");
    thread::sleep(Duration::from_millis(300));
    let screen = app.screen();
    // The header line shows the name as inert text. (vt100 draws U+FFFD, which the app
    // puts in place of each control character, as nothing, so the screen is checked for
    // the printable pieces and the raw stream for the replacements.)
    let head = screen
        .lines()
        .find(|l| l.contains("Born"))
        .unwrap_or_else(|| panic!("no header:\n{screen}"));
    for visible in [
        "毒客甲",
        "[2J",
        "乙",
        "]52;c;Zm9v",
        "丙",
        "]0;title",
        "丁",
        "31m",
        "戊",
        "己",
        "庚",
        "辛",
        "壬",
    ] {
        assert!(head.contains(visible), "{visible:?} not shown in {head:?}");
    }
    assert!(screen.contains("备注"), "notes not shown:\n{screen}");
    app.send("q");
    let _ = app.wait_exit(Duration::from_secs(3));
    let raw = app.raw_output();
    for (what, bytes) in [
        ("OSC 52 clipboard write", &b"\x1b]52;c;Zm9v"[..]),
        ("OSC 52 payload", &b"52;c;Zm9v\x07"[..]),
        ("OSC 0 title", &b"\x1b]0;title"[..]),
        ("U+009B (8-bit CSI)", "\u{9b}".as_bytes()),
        ("U+202E (right-to-left override)", "\u{202e}".as_bytes()),
        ("U+200B (zero-width space)", "\u{200b}".as_bytes()),
        ("BS", &b"\x08"[..]),
    ] {
        assert!(!contains(&raw, bytes), "{what} reached the terminal");
    }
    for inert in [
        "\u{fffd}]52;c;Zm9v\u{fffd}",
        "\u{fffd}]0;title\u{fffd}",
        "\u{fffd}[2J",
    ] {
        assert!(
            contains(&raw, inert.as_bytes()),
            "{inert:?}: the control characters were not shown as U+FFFD"
        );
    }
    assert_eq!(
        occurrences(&raw, b"\x1b[2J"),
        own_clears,
        "a stored \\x1b[2J reached the terminal"
    );
}

// ---------------------------------------------------------------- row 37: masking per role

#[test]
fn agents_see_masked_mobiles_reveals_are_audited_and_only_supervisors_see_the_log() {
    let _g = timed();
    let home = tempfile::tempdir().unwrap();
    let db = demo_store(home.path(), 20);
    let env = env(home.path());
    let (id, name, mobile): (i64, String, String) = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT c.id, c.name, c.mobile FROM customers c
             WHERE length(c.mobile) = 11
               AND (SELECT count(*) FROM customers c2 WHERE c2.name LIKE c.name || '%') = 1
             ORDER BY c.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let masked = frontdesk::domain::validate::mask_mobile(&mobile);
    // A price enquiry logged this morning: its sentence carries the contact number, as the
    // built-in template writes it (`…客户__{contact}_。`).
    {
        use frontdesk::domain::calls::{Channel, Direction};
        let templates = frontdesk::domain::templates::TemplateSet::builtin();
        let t = templates
            .get("consult_price")
            .expect("consult_price template");
        let values: std::collections::BTreeMap<String, String> = [
            ("name", name.as_str()),
            ("brand", "比亚迪"),
            ("model", "汉EV"),
            ("price_range", "20万-25万元"),
            ("contact", mobile.as_str()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T01:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let call = frontdesk::store::calls::NewCall {
            customer_id: Some(id),
            vehicle_id: None,
            direction: Direction::Inbound,
            channel: Channel::Phone,
            template_id: t.id.clone(),
            template_version: t.version,
            group: t.group,
            sentence: t.render(Lang::Zh, &values),
            completeness: t.completeness(&values),
            fields: values,
            resolved: true,
            started_at: at,
        };
        assert!(call.sentence.contains(&mobile), "{}", call.sentence);
        let mut store = Db::open(&db).unwrap();
        frontdesk::store::calls::save(&mut store, Actor { agent_id: None, at }, &call).unwrap();
    }
    let db_s = db.to_str().unwrap();
    let audit_by = |action: &str, emp: &str| {
        count(
            &Connection::open(&db).unwrap(),
            &format!(
                "SELECT count(*) FROM audit a JOIN agents g ON g.id = a.agent_id
                 WHERE a.action = '{action}' AND g.emp_no = '{emp}'"
            ),
        )
    };

    let mut app = Pty::spawn(
        &["--db", db_s, "--agent", "1002", "--lang", "en"],
        &env,
        // The status line gives a message what the agent, clock and counters leave; at
        // 100 columns the denial is cut to "Only supervisors may vi~".
        160,
        30,
    );
    app.expect("Customer archive");
    thread::sleep(Duration::from_millis(300));
    // Leaks are collected so that one does not hide the rest of the checks.
    let mut leaks = Vec::new();
    let mut check_masked = |what: &str, screen: String| {
        if !mobiles_in(&screen).is_empty() {
            leaks.push(format!(
                "{what} shows {:?} to an agent:\n{screen}",
                mobiles_in(&screen)
            ));
        }
    };
    check_masked("the customer list", app.screen());
    app.send("s"); // to the search field
    app.type_text(&name);
    app.expect(&masked);
    assert!(app.screen().contains("****"));
    check_masked("the search results", app.screen());
    app.send("\r");
    app.send("\r");
    app.expect("r reveals");
    let mob_line = |screen: &str| -> String {
        screen
            .lines()
            .find(|l| l.contains("Mob "))
            .unwrap_or_else(|| panic!("no mobile line:\n{screen}"))
            .to_string()
    };
    let head = mob_line(&app.screen());
    assert!(head.contains(&masked), "{head}");
    assert!(!head.contains(&mobile), "{head}");
    check_masked("the customer's archive", app.screen());
    assert_eq!(audit_by("reveal", "1002"), 0);
    app.send("r");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !mob_line(&app.screen()).contains(&mobile) {
        assert!(Instant::now() < deadline, "not revealed:\n{}", app.screen());
        thread::sleep(Duration::from_millis(50));
    }
    let n: i64 = count(
        &Connection::open(&db).unwrap(),
        &format!(
            "SELECT count(*) FROM audit a JOIN agents g ON g.id = a.agent_id
             WHERE a.action = 'reveal' AND a.entity = 'customer' AND a.entity_id = {id}
               AND g.emp_no = '1002'"
        ),
    );
    assert_eq!(n, 1, "the reveal was not audited");
    app.send("\x1b[20~"); // F9
    app.expect("Only supervisors may view the audit log");
    assert!(!app.screen().contains("Audit log (read-only)"));
    assert_eq!(audit_by("audit_view_denied", "1002"), 1);
    // The calls tab, as the agent.
    app.send("\x1b");
    thread::sleep(Duration::from_millis(100));
    app.send("1");
    app.expect("Calls");
    thread::sleep(Duration::from_millis(300));
    check_masked("the calls tab", app.screen());
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
    drop(app);

    let mut sup = Pty::spawn(
        &["--db", db_s, "--agent", "1001", "--lang", "en"],
        &env,
        100,
        30,
    );
    sup.expect("Customer archive");
    sup.send("\x1b");
    thread::sleep(Duration::from_millis(100));
    sup.send("\x1b[20~");
    sup.expect("Audit log (read-only)");
    sup.expect("viewed the full numbers of customer");
    let screen = sup.screen();
    let line = screen
        .lines()
        .find(|l| l.contains("viewed the full numbers of customer"))
        .unwrap_or_else(|| panic!("no reveal entry:\n{screen}"));
    assert!(line.contains(&format!("(#{id})")), "{line}");
    sup.send("\x1b");
    sup.send("q");
    assert_eq!(sup.wait_exit(Duration::from_secs(5)), Some(0));
    drop(sup);

    // The log lives in the XDG state directory (HOME/.local/state without XDG_STATE_HOME).
    let log = home.path().join(".local/state/frontdesk/frontdesk.log");
    let text = std::fs::read_to_string(&log)
        .unwrap_or_else(|e| panic!("no log at {}: {e}", log.display()));
    assert!(!text.is_empty());
    assert!(
        mobiles_in(&text).is_empty(),
        "mobiles in the log: {:?}",
        mobiles_in(&text)
    );
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}
