//! The SMS gateway hand-off (issue #15.6): texts handed off stay pending and are not handed
//! off twice; only the gateway's result marks them sent (or puts them back); the hand-off
//! file has fixed columns, is readable by the store's group and never seen half-written.

use chrono::Utc;
use frontdesk::domain::archive::CustomerData;
use frontdesk::export::{Access, write_file};
use frontdesk::i18n::Lang;
use frontdesk::io::sms::{handoff_bytes, parse_results};
use frontdesk::store::sms::{self, HandOffError};
use frontdesk::store::{Actor, Db, customers};
use rusqlite::params;

mod support;

fn actor() -> Actor {
    Actor {
        agent_id: None,
        at: Utc::now(),
    }
}

/// A store with `n` open text-message greetings due today; their task ids.
fn store_with_texts(n: usize) -> (tempfile::TempDir, Db, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("s.db")).unwrap();
    let store = db.store_id().to_string();
    let mut ids = Vec::new();
    for i in 0..n {
        let c = CustomerData {
            name: format!("客户{i}"),
            mobile: Some(format!("1380000000{i}")),
            ..Default::default()
        };
        let cid = customers::create(&mut db, actor(), &c).unwrap();
        let id = db
            .write(|tx| {
                tx.execute(
                    "INSERT INTO callback_tasks(uuid, store_id, kind, channel, customer_id,
                        source_table, source_id, period, anchor_date, due_date, window_start,
                        window_end, created_at, updated_at)
                     VALUES (?1, ?2, 'holiday', 'sms', ?3, 'customers', ?3, '2026:spring',
                        '2026-12-04', '2026-12-04', '2026-12-01', '2026-12-08',
                        '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')",
                    params![format!("u{i}"), store, cid],
                )?;
                Ok(tx.last_insert_rowid())
            })
            .unwrap();
        ids.push(id);
    }
    (dir, db, ids)
}

fn status(db: &Db, id: i64) -> (String, Option<String>, i64) {
    db.conn()
        .query_row(
            "SELECT status, sms_batch, attempts FROM callback_tasks WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

#[test]
fn texts_are_sent_only_when_the_gateway_says_so() {
    let (_dir, mut db, ids) = store_with_texts(3);
    let n = sms::hand_off(&mut db, actor(), &ids, "s-sms-1.csv", |_| Ok(())).unwrap();
    assert_eq!(n, 3);
    // Handed off, not sent: still pending, marked with the batch.
    for &id in &ids {
        assert_eq!(
            status(&db, id),
            ("open".into(), Some("s-sms-1.csv".into()), 0)
        );
    }
    // Not handed off twice.
    assert_eq!(
        sms::hand_off(&mut db, actor(), &ids, "s-sms-2.csv", |_| Ok(())).unwrap(),
        0
    );
    // A file that cannot be written marks nothing.
    let (_d2, mut db2, ids2) = store_with_texts(1);
    let e = sms::hand_off(&mut db2, actor(), &ids2, "x.csv", |_| {
        Err(std::io::Error::other("disk full"))
    })
    .unwrap_err();
    assert!(matches!(e, HandOffError::File(_)), "{e:?}");
    assert_eq!(status(&db2, ids2[0]).1, None);

    // The gateway's result: one sent, one failed, one unknown line, one not answered.
    let result = format!(
        "id,status\n{},sent\n{},failed\n999999,sent\n",
        ids[0], ids[1]
    );
    let lines = parse_results(result.as_bytes(), Lang::En).unwrap();
    let r = sms::apply_results(&mut db, actor(), &lines).unwrap();
    assert_eq!((r.sent, r.failed, r.ignored), (1, 1, 1));
    assert_eq!(status(&db, ids[0]).0, "done");
    let sent_attempts: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM callback_attempts WHERE task_id = ?1 AND outcome = 'sent'",
            [ids[0]],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sent_attempts, 1);
    // Failed: back to be handed off again, the try counted.
    assert_eq!(status(&db, ids[1]), ("open".into(), None, 1));
    // No answer yet: still waiting.
    assert_eq!(
        status(&db, ids[2]),
        ("open".into(), Some("s-sms-1.csv".into()), 0)
    );
    // The same result again changes nothing more.
    let again = sms::apply_results(&mut db, actor(), &lines[..1]).unwrap();
    assert_eq!((again.sent, again.ignored), (0, 1));
    // The failed one goes out in the next hand-off.
    assert_eq!(
        sms::hand_off(&mut db, actor(), &ids, "s-sms-3.csv", |_| Ok(())).unwrap(),
        1
    );
}

#[test]
fn a_text_another_agent_handed_off_meanwhile_is_not_written_again() {
    // Two agents read the same pending texts; the first hands two of them off. The second's
    // hand-off of all three marks and writes only the third: the gateway never gets a text
    // twice. With nothing left to mark, nothing is written.
    let (_dir, mut db, ids) = store_with_texts(3);
    sms::hand_off(&mut db, actor(), &ids[..2], "first.csv", |_| Ok(())).unwrap();
    let mut written = Vec::new();
    let n = sms::hand_off(&mut db, actor(), &ids, "second.csv", |marked| {
        written = marked.to_vec();
        Ok(())
    })
    .unwrap();
    assert_eq!((n, written), (1, vec![ids[2]]));
    let mut called = false;
    let n = sms::hand_off(&mut db, actor(), &ids, "third.csv", |_| {
        called = true;
        Ok(())
    })
    .unwrap();
    assert_eq!((n, called), (0, false));
    assert_eq!(status(&db, ids[0]).1.as_deref(), Some("first.csv"));
    assert_eq!(status(&db, ids[2]).1.as_deref(), Some("second.csv"));
}

#[test]
fn a_bad_result_file_changes_nothing() {
    let (_dir, mut db, ids) = store_with_texts(2);
    sms::hand_off(&mut db, actor(), &ids, "b.csv", |_| Ok(())).unwrap();
    let bad = format!("id,status\n{},sent\n{},delivered?\n", ids[0], ids[1]);
    let e = parse_results(bad.as_bytes(), Lang::Zh).unwrap_err();
    assert!(e.contains("第 3 行"), "{e}");
    assert_eq!(status(&db, ids[0]).0, "open");
}

#[cfg(unix)]
#[test]
fn the_handoff_file_is_whole_group_readable_and_fixed_in_its_columns() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s-sms-20261204-090000.csv");
    let bytes = handoff_bytes(&[(12, "13800000001".into(), "王先生：春节快乐！".into())]).unwrap();
    // The group of the database's folder; as root, another group to show it is applied.
    let gid = if unsafe { libc::geteuid() } == 0 {
        12345
    } else {
        std::fs::metadata(dir.path()).unwrap().gid()
    };
    // An old file of the same name is replaced whole.
    std::fs::write(&path, "old").unwrap();
    write_file(&path, &bytes, Access::Group(Some(gid))).unwrap();
    let m = std::fs::metadata(&path).unwrap();
    assert_eq!(m.permissions().mode() & 0o777, 0o640);
    assert_eq!(m.gid(), gid);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("id,mobile,text\n"), "{text}");
    assert!(text.contains("12,13800000001,王先生：春节快乐！"), "{text}");
    // Only the file itself is left: the temporary name was renamed.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names, ["s-sms-20261204-090000.csv"]);
}

/// As root, reads the hand-off file as two unprivileged accounts: one in the file's group
/// (the gateway's sender) can, one outside it cannot.
#[cfg(unix)]
#[test]
fn the_store_group_can_read_the_handoff_file_and_others_cannot() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root to act as other accounts");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = dir.path().join("s-sms.csv");
    let bytes = handoff_bytes(&[(1, "13800000001".into(), "生日快乐".into())]).unwrap();
    let store_group = 47_001;
    write_file(&path, &bytes, Access::Group(Some(store_group))).unwrap();
    let read_as = |uid: u32, gid: u32| {
        std::process::Command::new("cat")
            .arg(&path)
            .uid(uid)
            .gid(gid)
            .output()
            .unwrap()
    };
    let gateway = read_as(47_002, store_group);
    assert!(gateway.status.success(), "{gateway:?}");
    assert!(String::from_utf8_lossy(&gateway.stdout).starts_with("id,mobile,text"));
    let stranger = read_as(47_003, 47_004);
    assert!(!stranger.status.success(), "{stranger:?}");
}

/// `frontdesk sms-results FILE` from the command line: a bad file changes nothing and
/// names its line; a good one marks the texts and says what it did.
#[test]
fn the_sms_results_command_reads_the_gateways_file() {
    let home = tempfile::tempdir().unwrap();
    let db_path = home.path().join("store.sqlite3");
    let ids = {
        let mut db = Db::open(&db_path).unwrap();
        let c = CustomerData {
            name: "赵六".into(),
            mobile: Some("13600001111".into()),
            ..Default::default()
        };
        let cid = customers::create(&mut db, actor(), &c).unwrap();
        let store = db.store_id().to_string();
        let id = db
            .write(|tx| {
                tx.execute(
                    "INSERT INTO callback_tasks(uuid, store_id, kind, channel, customer_id,
                        source_table, source_id, period, anchor_date, due_date, window_start,
                        window_end, created_at, updated_at)
                     VALUES ('c1', ?1, 'holiday', 'sms', ?2, 'customers', ?2, '2026:x',
                        '2026-12-04', '2026-12-04', '2026-12-01', '2026-12-08',
                        '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')",
                    params![store, cid],
                )?;
                Ok(tx.last_insert_rowid())
            })
            .unwrap();
        sms::hand_off(&mut db, actor(), &[id], "c.csv", |_| Ok(())).unwrap();
        vec![id]
    };
    let e = support::env(home.path());
    let db = db_path.to_str().unwrap();
    let bad = home.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "id,status
{},sent
{},maybe
",
            ids[0], ids[0]
        ),
    )
    .unwrap();
    let (code, _, err) = support::run(
        &[
            "--db",
            db,
            "--lang",
            "en",
            "sms-results",
            bad.to_str().unwrap(),
        ],
        &e,
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("line 3"), "{err}");
    let good = home.path().join("good.csv");
    std::fs::write(
        &good,
        format!(
            "id,status
{},sent
",
            ids[0]
        ),
    )
    .unwrap();
    let (code, out, err) = support::run(
        &[
            "--db",
            db,
            "--lang",
            "en",
            "sms-results",
            good.to_str().unwrap(),
        ],
        &e,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 sent"), "{out}");
    let status: String = rusqlite::Connection::open(&db_path)
        .unwrap()
        .query_row(
            "SELECT status FROM callback_tasks WHERE id = ?1",
            [ids[0]],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "done");
}
