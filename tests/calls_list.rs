//! The call log on temporary databases: the list filters and order, and migrating a
//! schema-1 store.

mod calls_store_fx;

use calls_store_fx::*;
use chrono::Duration;
use frontdesk::domain::templates::Group;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::calls::{self, CallFilter};
use frontdesk::store::migrate::LATEST;
use frontdesk::store::{APPLICATION_ID, Db, customers};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------- the list

#[test]
fn the_list_filters_by_dates_group_template_agent_customer_and_state() {
    let (_dir, _path, mut db) = new_db();
    let a1 = agents::ensure(&mut db, at(t0()), "1002", "陈静", Role::Agent).unwrap();
    let a2 = agents::ensure(&mut db, at(t0()), "1003", "王芳", Role::Agent).unwrap();
    let zhang = customer(&mut db, "张三");
    let li = customer(&mut db, "李四");
    let h = |n: i64| t0() + Duration::hours(n);

    // (template, start, resolved, agent, customer)
    let plan = [
        ("consult_warranty", h(-48), true, a1.id, Some(zhang)), // 0: two days ago
        ("consult_warranty", h(-24), false, a2.id, Some(li)),   // 1: yesterday, open
        ("consult_tech", h(0), false, a1.id, Some(zhang)),      // 2: today, answered below
        ("rescue_roadside", h(1), true, a2.id, Some(zhang)),    // 3
        ("complaint_attitude", h(2), true, a1.id, None),        // 4
        ("consult_price", h(3), true, a1.id, Some(li)),         // 5
    ];
    let mut id = Vec::new();
    for (template, start, resolved, agent, cust) in plan {
        let mut c = call(template, start, resolved);
        c.customer_id = cust;
        id.push(
            calls::save(&mut db, by(agent, start + Duration::minutes(5)), &c)
                .unwrap()
                .call_id,
        );
    }
    calls::complete_follow_up(&mut db, by(a1.id, h(4)), id[2], "已答复").unwrap();
    let list = |f: CallFilter| ids(&calls::list(db.conn(), &f, 100).unwrap());

    // Everything, newest first.
    assert_eq!(
        list(CallFilter::default()),
        [id[5], id[4], id[3], id[2], id[1], id[0]]
    );
    // Dates: `from` inclusive, `to` exclusive.
    assert_eq!(
        list(CallFilter {
            from: Some(h(0)),
            to: Some(h(3)),
            ..Default::default()
        }),
        [id[4], id[3], id[2]]
    );
    assert_eq!(
        list(CallFilter {
            from: Some(h(-24)),
            ..Default::default()
        }),
        [id[5], id[4], id[3], id[2], id[1]]
    );
    assert_eq!(
        list(CallFilter {
            to: Some(h(-24)),
            ..Default::default()
        }),
        [id[0]]
    );
    // Group and template.
    assert_eq!(
        list(CallFilter {
            group: Some(Group::Consult),
            ..Default::default()
        }),
        [id[5], id[2], id[1], id[0]]
    );
    assert_eq!(
        list(CallFilter {
            group: Some(Group::Rescue),
            ..Default::default()
        }),
        [id[3]]
    );
    assert_eq!(
        list(CallFilter {
            group: Some(Group::Complaint),
            ..Default::default()
        }),
        [id[4]]
    );
    assert_eq!(
        list(CallFilter {
            template_id: Some("consult_warranty".into()),
            ..Default::default()
        }),
        [id[1], id[0]]
    );
    assert!(
        list(CallFilter {
            template_id: Some("no_such_template".into()),
            ..Default::default()
        })
        .is_empty()
    );
    // Agent and customer.
    assert_eq!(
        list(CallFilter {
            agent_id: Some(a2.id),
            ..Default::default()
        }),
        [id[3], id[1]]
    );
    assert_eq!(
        list(CallFilter {
            agent_id: Some(a1.id),
            ..Default::default()
        }),
        [id[5], id[4], id[2], id[0]]
    );
    assert_eq!(
        list(CallFilter {
            customer_id: Some(zhang),
            ..Default::default()
        }),
        [id[3], id[2], id[0]]
    );
    assert_eq!(
        ids(&calls::for_customer(db.conn(), li, 10).unwrap()),
        [id[5], id[1]]
    );
    // Resolved only; open only (an answered follow-up is no longer open).
    assert_eq!(
        list(CallFilter {
            resolved: Some(true),
            ..Default::default()
        }),
        [id[5], id[4], id[3], id[0]]
    );
    assert_eq!(
        list(CallFilter {
            resolved: Some(false),
            ..Default::default()
        }),
        [id[1]]
    );
    // Filters combine.
    assert_eq!(
        list(CallFilter {
            from: Some(h(0)),
            to: Some(h(24)),
            customer_id: Some(zhang),
            agent_id: Some(a1.id),
            ..Default::default()
        }),
        [id[2]]
    );
    assert_eq!(
        list(CallFilter {
            group: Some(Group::Consult),
            resolved: Some(false),
            agent_id: Some(a1.id),
            ..Default::default()
        }),
        Vec::<i64>::new()
    );

    // Rows carry the joined names.
    let rows = calls::list(db.conn(), &CallFilter::default(), 100).unwrap();
    let r1 = rows.iter().find(|r| r.id == id[1]).unwrap();
    assert_eq!(r1.customer, "李四");
    assert_eq!(r1.agent, "1003");
    assert_eq!(r1.group, Group::Consult);
    assert_eq!(
        r1.follow_up_due,
        Some(h(-24) + Duration::minutes(5) + Duration::hours(24))
    );
    let r4 = rows.iter().find(|r| r.id == id[4]).unwrap();
    assert_eq!(r4.customer, "", "a call without a customer");
    assert_eq!(r4.group, Group::Complaint);

    // Limit: the newest `limit` rows.
    assert_eq!(
        ids(&calls::list(db.conn(), &CallFilter::default(), 2).unwrap()),
        [id[5], id[4]]
    );
    assert_eq!(
        ids(&calls::list(
            db.conn(),
            &CallFilter {
                customer_id: Some(zhang),
                ..Default::default()
            },
            1
        )
        .unwrap()),
        [id[3]]
    );
    assert!(
        calls::list(db.conn(), &CallFilter::default(), 0)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        calls::count_between(db.conn(), h(0), h(24)).unwrap(),
        4,
        "calls started today"
    );
}

#[test]
fn calls_started_at_the_same_second_list_the_later_saved_first() {
    let (_dir, _path, mut db) = new_db();
    let a = calls::save(&mut db, at(t0()), &call("consult_tech", t0(), true))
        .unwrap()
        .call_id;
    let b = calls::save(&mut db, at(t0()), &call("consult_tech", t0(), true))
        .unwrap()
        .call_id;
    assert_eq!(
        ids(&calls::list(db.conn(), &CallFilter::default(), 10).unwrap()),
        [b, a]
    );
    assert_eq!(
        ids(&calls::list(db.conn(), &CallFilter::default(), 1).unwrap()),
        [b]
    );
}

// ---------------------------------------------------------------- migration

/// A schema-1 store made by hand, as the first release left it: one customer, rollback
/// journal, closed.
fn schema_1_store(dir: &Path) -> PathBuf {
    let path = dir.join("old.sqlite3");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(include_str!("../src/store/migrations/0001_archive.sql"))
        .unwrap();
    conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))
        .unwrap();
    conn.execute(
        "INSERT INTO store_meta(key, value) VALUES ('store_id', ?1)",
        ["0192b3c4-d5e6-7f80-9a1b-2c3d4e5f6a7b"],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO customers(uuid, store_id, name, name_pinyin, name_initials, mobile,
            region, created_at, updated_at)
         VALUES ('0192b3c4-0000-7000-8000-000000000001', '0192b3c4-d5e6-7f80-9a1b-2c3d4e5f6a7b',
            '张三', 'zhangsan', 'zs', '13812341234', '广东省深圳市',
            '2026-01-05T02:00:00Z', '2026-01-05T02:00:00Z')",
        [],
    )
    .unwrap();
    conn.execute_batch("PRAGMA user_version = 1;").unwrap();
    conn.close().unwrap();
    path
}

fn table_exists(conn: &Connection, name: &str) -> bool {
    conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .unwrap()
        == 1
}

#[test]
fn a_schema_1_store_migrates_after_a_backup_and_keeps_its_customers() {
    let dir = tempfile::tempdir().unwrap();
    let path = schema_1_store(dir.path());
    const { assert!(LATEST >= 2) };

    let mut db = Db::open(&path).expect("a schema-1 store opens and migrates");
    assert_eq!(db.store_id(), "0192b3c4-d5e6-7f80-9a1b-2c3d4e5f6a7b");
    let version: i64 = db
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, LATEST);
    let c = customers::get(db.conn(), 1).unwrap();
    assert_eq!(c.data.name, "张三");
    assert_eq!(c.data.mobile.as_deref(), Some("13812341234"));
    assert_eq!(customers::count(db.conn()).unwrap(), 1);
    for table in ["calls", "call_revisions", "rescue_cases", "complaints"] {
        assert!(
            table_exists(db.conn(), table),
            "{table} missing after migration"
        );
    }
    // The migrated store takes calls.
    let mut first = call("consult_warranty", t0(), false);
    first.customer_id = Some(1);
    let saved = calls::save(&mut db, at(t0()), &first).unwrap();
    assert_eq!(
        calls::get(db.conn(), saved.call_id).unwrap().row.customer,
        "张三"
    );
    drop(db);

    // The backup: beside the file, named for the version it holds, still version 1.
    let backups: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with("old.sqlite3.v1-") && n.ends_with(".bak")
        })
        .collect();
    assert_eq!(backups.len(), 1, "one backup: {backups:?}");
    let backup = &backups[0];
    let copy =
        Connection::open_with_flags(backup, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let v: i64 = copy
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    let app: i64 = copy
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, i64::from(APPLICATION_ID));
    let name: String = copy
        .query_row("SELECT name FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "张三");
    assert!(
        !table_exists(&copy, "calls"),
        "the backup is the old schema"
    );
    let ok: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    drop(copy);

    // The migrated file itself, read directly.
    let conn = Connection::open(&path).unwrap();
    assert!(table_exists(&conn, "calls"));
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, LATEST);
    let n: i64 = conn
        .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    drop(conn);

    // Opening again needs no migration and takes no second backup.
    drop(Db::open(&path).unwrap());
    let baks = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".bak")
        })
        .count();
    assert_eq!(baks, 1);
}
