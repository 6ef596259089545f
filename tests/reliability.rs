//! Reliability: the faults of /work/shared/RELIABILITY.md injected into the real binary and
//! the store — many writers, lost updates, a long write lock, kill -9 while writing and
//! while typing, a dropped SSH session, a vanished terminal with no signal, SIGTERM. Files
//! (full disk, read-only, damaged) are in `reliability_files.rs`; the terminal and masking
//! in `reliability_terminal.rs`.

mod reliability_fx;
mod support;

use frontdesk::domain::archive::CustomerData;
use frontdesk::store::{Db, StoreError, customers};
use reliability_fx::*;
use rusqlite::Connection;
use std::collections::HashSet;
use std::io::BufRead;
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, mpsc};
use std::thread;
use std::time::{Duration, Instant};
use support::{Pty, RawPty, env};

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
                .arg("--retry-busy")
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
    let mut busy = 0usize;
    for out in &outputs {
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "a writer failed:\n{stderr}");
        assert!(
            !stderr.lines().any(|l| l.starts_with("error")),
            "errors surfaced:\n{stderr}"
        );
        // A save refused as busy is the designed answer when the write lock is not had
        // within the 5 s busy timeout (RELIABILITY.md row 5: nothing written, the agent
        // saves again). 5 s was measured as ample on an idle machine (worst wait 2.3 s);
        // on a shared 2-core machine at a load of ~9 the scheduler starves a waiter, and
        // SQLite's busy handler is not first-come-first-served, so it can happen here. It
        // must come only after the whole timeout (a shorter wait means the busy timeout is
        // gone), and the retried save must not write twice (the counts below).
        for l in stderr.lines().filter(|l| l.starts_with("busy ")) {
            let ms: u64 = l
                .rsplit("after ")
                .next()
                .and_then(|s| s.trim_end_matches(" ms").parse().ok())
                .unwrap_or_else(|| panic!("no wait in {l:?}"));
            assert!(
                ms >= 4_700,
                "refused as busy after {ms} ms, before the timeout: {l}"
            );
            busy += 1;
        }
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
         {:.0} writes/s; worst save (incl. write-lock wait) {worst_ms} ms; \
         {busy} saves refused as busy after the 5 s timeout and saved again",
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
#[ignore = "long (about two minutes): .ci/run runs it as its own step with -- --ignored"]
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
    app.expect_raw(b"\x1b[?1049l", "alternate screen not left");
    drop(app);
    assert!(draft_bodies(&db).iter().any(|b| b.contains("王终止")));
    restart_offers_draft(&db, home.path(), "王终止");
}
