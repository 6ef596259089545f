//! Storage integration tests: concurrent writers, version checks, the append-only audit
//! log and atomic writes (RELIABILITY.md).

mod storage_fx;

use frontdesk::domain::archive::Energy;
use frontdesk::store::{Db, StoreError, audit, customers, vehicles};
use rusqlite::Connection;
use std::sync::{Arc, Barrier};
use std::thread;
use storage_fx::*;

// ---------------------------------------------------------------- 5. concurrent writers

#[test]
fn two_writers_add_customers_at_once() {
    let (_dir, path, db) = new_db();
    const THREADS: usize = 2;
    const EACH: usize = 200;
    let barrier = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let path = path.clone();
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || {
                let mut db = Db::open(&path).expect("open in thread");
                barrier.wait();
                let mut errors = Vec::new();
                for i in 0..EACH {
                    let c = customer(&format!("客户{t}号{i}"), Some(&format!("139{t:04}{i:04}")));
                    if let Err(e) = customers::create(&mut db, actor(), &c) {
                        errors.push(format!("thread {t} customer {i}: {e:?}"));
                    }
                }
                errors
            })
        })
        .collect();
    let errors: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert!(errors.is_empty(), "errors surfaced: {errors:#?}");

    assert_eq!(
        customers::count(db.conn()).unwrap(),
        (THREADS * EACH) as i64
    );
    let audited: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE entity = 'customer' AND action = 'create'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, (THREADS * EACH) as i64, "every create is audited");
    assert_eq!(integrity(db.conn()), "ok");
}

#[test]
fn four_writers_add_vehicles_at_once() {
    let (_dir, path, db) = new_db();
    const THREADS: u32 = 4;
    const EACH: u32 = 100;
    let barrier = Arc::new(Barrier::new(THREADS as usize));
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let path = path.clone();
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || {
                let mut db = Db::open(&path).expect("open in thread");
                let owner =
                    customers::create(&mut db, actor(), &customer(&format!("车主{t}"), None))
                        .expect("owner");
                barrier.wait();
                let mut errors = Vec::new();
                for i in 0..EACH {
                    let v = vehicle(&vin(t, 'N', 'A', i), None, Energy::Fuel);
                    if let Err(e) = vehicles::create(&mut db, actor(), owner, &v) {
                        errors.push(format!("thread {t} vehicle {i}: {e:?}"));
                    }
                }
                errors
            })
        })
        .collect();
    let errors: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert!(errors.is_empty(), "errors surfaced: {errors:#?}");

    let conn = db.conn();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM vehicles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, i64::from(THREADS * EACH));
    let distinct: i64 = conn
        .query_row("SELECT count(DISTINCT vin) FROM vehicles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(distinct, n);
    let owners: i64 = conn
        .query_row(
            "SELECT count(DISTINCT customer_id) FROM vehicles",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(owners, i64::from(THREADS));
    assert_eq!(integrity(conn), "ok");
    // The full-text index followed every insert.
    let fts: i64 = conn
        .query_row(
            "SELECT count(*) FROM vehicles_fts WHERE vehicles_fts MATCH '{vin} : \"LSVAB4\"'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fts, n);
}

// ---------------------------------------------------------------- 6. version check

#[test]
fn second_editor_gets_conflict_and_first_edit_stays() {
    let (_dir, path, mut a) = new_db();
    let mut b = Db::open(&path).unwrap();
    let original = customer("张三", Some("13812341234"));
    let id = customers::create(&mut a, actor(), &original).unwrap();

    let loaded_a = customers::get(a.conn(), id).unwrap();
    let loaded_b = customers::get(b.conn(), id).unwrap();
    assert_eq!(loaded_a.version, 1);
    assert_eq!(loaded_b.version, 1);

    let mut edit_a = loaded_a.data.clone();
    edit_a.address = "深圳市南山区科技园".into();
    edit_a.vip = true;
    assert_eq!(
        customers::update(&mut a, actor(), id, loaded_a.version, &edit_a).unwrap(),
        2
    );

    let mut edit_b = loaded_b.data.clone();
    edit_b.name = "张三丰".into();
    edit_b.mobile = Some("13900001111".into());
    let err = customers::update(&mut b, actor(), id, loaded_b.version, &edit_b)
        .expect_err("B edited a stale version");
    assert!(
        matches!(err, StoreError::Conflict { theirs: 2, mine: 1 }),
        "{err:?}"
    );

    let now = customers::get(b.conn(), id).unwrap();
    assert_eq!(now.version, 2);
    assert_eq!(
        now.data, edit_a,
        "the row holds A's edit, no field lost or overwritten"
    );

    let entries = audit::for_entity(b.conn(), "customer", id, 10).unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["update", "create"],
        "newest first; B's refused edit left no trace"
    );
    assert!(entries[0].after.as_deref().unwrap().contains("科技园"));
    assert!(
        !entries
            .iter()
            .any(|e| e.after.as_deref().unwrap_or("").contains("张三丰"))
    );
}

// ---------------------------------------------------------------- 7. audit is append-only

#[test]
fn audit_rows_cannot_be_changed_or_deleted() {
    let (_dir, _path, mut db) = new_db();
    let id = customers::create(&mut db, actor(), &customer("张三", None)).unwrap();
    let mut c = customers::get(db.conn(), id).unwrap();
    c.data.notes = "回访过".into();
    customers::update(&mut db, actor(), id, c.version, &c.data).unwrap();

    type Row = (
        i64,
        String,
        String,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
    );
    let snapshot = |conn: &Connection| -> Vec<Row> {
        conn.prepare(
            "SELECT id, at, action, entity, entity_id, before, after FROM audit ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    let before = snapshot(db.conn());
    assert_eq!(before.len(), 2);

    let upd = db.conn().execute("UPDATE audit SET action = 'x'", []);
    assert!(upd.is_err(), "UPDATE on audit must fail");
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    let del = db.conn().execute("DELETE FROM audit", []);
    assert!(del.is_err(), "DELETE on audit must fail");
    assert!(del.unwrap_err().to_string().contains("append-only"));
    let one = db
        .conn()
        .execute("DELETE FROM audit WHERE id = ?1", [before[0].0]);
    assert!(one.is_err(), "deleting one audit row must fail");

    assert_eq!(snapshot(db.conn()), before);
}

// ---------------------------------------------------------------- 8. atomicity

#[test]
fn failed_write_leaves_nothing_behind() {
    let (_dir, _path, mut db) = new_db();
    let store_id = db.store_id().to_string();
    let c = customer("张三", Some("13812341234"));
    let out: Result<i64, StoreError> = db.write(|tx| {
        let id = customers::insert_in(tx, &store_id, actor(), &c)?;
        assert!(id > 0);
        Err(StoreError::Invalid("boom".into()))
    });
    assert!(
        matches!(out, Err(StoreError::Invalid(ref m)) if m == "boom"),
        "{out:?}"
    );
    assert_eq!(customers::count(db.conn()).unwrap(), 0);
    assert!(
        db.conn().is_autocommit(),
        "the transaction was rolled back, not left open"
    );

    // The handle is still usable.
    customers::create(&mut db, actor(), &c).unwrap();
    assert_eq!(customers::count(db.conn()).unwrap(), 1);
}
