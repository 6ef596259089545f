//! Reliability: a full disk, a read-only file, corrupted, damaged and newer files.

mod reliability_fx;
mod support;

use frontdesk::domain::archive::CustomerData;
use frontdesk::i18n::Lang;
use frontdesk::store::{Db, StoreError, customers};
use reliability_fx::*;
use rusqlite::Connection;
use std::path::Path;
use std::process::{Command, Stdio};
use support::{env, run};

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
