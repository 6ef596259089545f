//! Storage integration tests: opening and refusing files, pragmas, migration backups,
//! concurrent writers, version checks, the append-only audit log, atomic writes, search,
//! error mapping and the busy timeout (RELIABILITY.md rows 1–5 and 15–19).

use chrono::{NaiveDate, Utc};
use frontdesk::domain::archive::{CustomerData, Energy, VehicleData};
use frontdesk::domain::validate;
use frontdesk::i18n::Lang;
use frontdesk::store::search::MatchKind;
use frontdesk::store::{Actor, Db, OpenError, StoreError, audit, customers, search, vehicles};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier, mpsc};
use std::thread;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- helpers

fn actor() -> Actor {
    Actor {
        agent_id: None,
        at: Utc::now(),
    }
}

fn customer(name: &str, mobile: Option<&str>) -> CustomerData {
    CustomerData {
        name: name.into(),
        mobile: mobile.map(Into::into),
        ..Default::default()
    }
}

/// A valid 17-character VIN: `LSVAB4` + 2 digits + check digit + year + plant + 6 digits.
fn vin(group: u32, year: char, plant: char, serial: u32) -> String {
    let raw = format!("LSVAB4{group:02}X{year}{plant}{serial:06}");
    assert_eq!(raw.len(), 17, "{raw}");
    let vin = validate::with_check_digit(&raw).expect("valid VIN characters");
    let (normalized, check_ok) = validate::normalize_vin(&vin).expect("VIN normalises");
    assert_eq!(normalized, vin);
    assert!(check_ok, "check digit of {vin}");
    vin
}

fn vehicle(vin: &str, plate: Option<&str>, energy: Energy) -> VehicleData {
    VehicleData {
        vin: vin.into(),
        vin_check_ok: true,
        plate: plate.map(|p| validate::normalize_plate(p).expect("valid plate")),
        brand: "别克".into(),
        model: "GL8".into(),
        energy,
        ..Default::default()
    }
}

fn pragma_i64(conn: &Connection, name: &str) -> i64 {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("PRAGMA {name}: {e}"))
}

fn integrity(conn: &Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Names of the files in a directory, sorted: shows any -wal, -shm or journal left behind.
fn dir_listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A fresh frontdesk database in its own temporary directory.
fn new_db() -> (tempfile::TempDir, PathBuf, Db) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let db = Db::open(&path).expect("open a new store");
    (dir, path, db)
}

/// Creates a frontdesk database, closes it, and leaves it in rollback-journal mode so that
/// the file on disk is the whole database (no -wal or -shm beside it).
fn closed_frontdesk_file(dir: &Path) -> PathBuf {
    let path = dir.join("store.db");
    let mut db = Db::open(&path).unwrap();
    customers::create(&mut db, actor(), &customer("张三", Some("13812341234"))).unwrap();
    drop(db);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    conn.close().unwrap();
    assert_eq!(dir_listing(dir), ["store.db"]);
    path
}

fn assert_unchanged(path: &Path, before: &[u8]) {
    let after = std::fs::read(path).unwrap();
    assert!(
        after == before,
        "{} was modified ({} → {} bytes)",
        path.display(),
        before.len(),
        after.len()
    );
}

// ---------------------------------------------------------------- 1. a new database

#[test]
fn new_database_gets_pragmas_identity_and_store_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data").join("store.db");
    assert!(!path.exists());
    let db = Db::open(&path).expect("open creates the file");
    assert!(path.is_file());
    assert!(!db.is_read_only());

    let conn = db.conn();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_ascii_lowercase(), "wal");
    assert_eq!(pragma_i64(conn, "foreign_keys"), 1);
    assert_eq!(pragma_i64(conn, "synchronous"), 2, "synchronous = FULL");
    assert_eq!(pragma_i64(conn, "busy_timeout"), 5000);
    assert_eq!(pragma_i64(conn, "trusted_schema"), 0);
    assert_eq!(pragma_i64(conn, "journal_size_limit"), 16 * 1024 * 1024);
    assert!(
        conn.db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE)
            .unwrap(),
        "defensive mode on"
    );
    assert_eq!(
        pragma_i64(conn, "application_id"),
        i64::from(frontdesk::store::APPLICATION_ID)
    );
    assert_eq!(
        pragma_i64(conn, "user_version"),
        frontdesk::store::migrate::LATEST
    );

    let store_id = db.store_id().to_string();
    assert!(!store_id.is_empty());
    drop(db);

    let again = Db::open(&path).expect("reopen");
    assert_eq!(again.store_id(), store_id, "the store id survives a reopen");
    assert_eq!(
        pragma_i64(again.conn(), "user_version"),
        frontdesk::store::migrate::LATEST
    );
    let metas: i64 = again
        .conn()
        .query_row(
            "SELECT count(*) FROM store_meta WHERE key = 'store_id'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(metas, 1, "reopening does not add a second store id");
}

// ---------------------------------------------------------------- 2. newer schema

#[test]
fn newer_schema_is_refused_and_left_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = closed_frontdesk_file(dir.path());
    let newer = frontdesk::store::migrate::LATEST + 1;
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {newer};"))
            .unwrap();
        conn.close().unwrap();
    }
    assert_eq!(dir_listing(dir.path()), ["store.db"]);
    let before = std::fs::read(&path).unwrap();

    let err = Db::open(&path).err().expect("a newer file must be refused");
    match &err {
        OpenError::Newer {
            found, supported, ..
        } => {
            assert_eq!(*found, newer);
            assert_eq!(*supported, frontdesk::store::migrate::LATEST);
        }
        other => panic!("expected OpenError::Newer, got {other:?}"),
    }
    assert_unchanged(&path, &before);
    assert_eq!(
        dir_listing(dir.path()),
        ["store.db"],
        "no journal, -wal or -shm created"
    );
    assert!(
        err.message(Lang::Zh).contains("数据库版本较新"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(
        err.message(Lang::En).to_lowercase().contains("newer"),
        "{}",
        err.message(Lang::En)
    );
}

/// The realistic case: the newer program left its file in WAL mode.
#[test]
fn newer_schema_in_wal_mode_is_refused_without_writing() {
    let (dir, path, db) = new_db();
    drop(db);
    let newer = frontdesk::store::migrate::LATEST + 1;
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {newer};"))
            .unwrap();
        conn.close().unwrap();
    }
    assert_eq!(
        dir_listing(dir.path()),
        ["store.db"],
        "the last close checkpointed the WAL"
    );
    let before = std::fs::read(&path).unwrap();
    assert_eq!(before[18], 2, "file is in WAL mode");

    let err = Db::open(&path).err().expect("a newer file must be refused");
    assert!(
        matches!(err, OpenError::Newer { found, .. } if found == newer),
        "{err:?}"
    );
    assert_unchanged(&path, &before);
}

// ---------------------------------------------------------------- 3. foreign and broken files

#[test]
fn foreign_sqlite_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE invoices(id INTEGER PRIMARY KEY, total INTEGER);
             INSERT INTO invoices(total) VALUES (100), (250);",
        )
        .unwrap();
        assert_eq!(pragma_i64(&conn, "application_id"), 0);
        conn.close().unwrap();
    }
    let listing = dir_listing(dir.path());
    let before = std::fs::read(&path).unwrap();

    let err = Db::open(&path)
        .err()
        .expect("a foreign database must be refused");
    assert!(
        matches!(err, OpenError::NotFrontdesk(ref p) if p == &path),
        "{err:?}"
    );
    assert_unchanged(&path, &before);
    assert_eq!(dir_listing(dir.path()), listing);

    let conn = Connection::open(&path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(tables, ["invoices"], "no frontdesk tables created");
    assert_eq!(pragma_i64(&conn, "user_version"), 0);
    assert_eq!(pragma_i64(&conn, "application_id"), 0);
}

#[test]
fn empty_file_is_refused_and_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();

    let err = Db::open(&path)
        .err()
        .expect("an empty file must be refused");
    assert!(
        matches!(err, OpenError::NotFrontdesk(_) | OpenError::NotDatabase(_)),
        "{err:?}"
    );
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
    assert_eq!(dir_listing(dir.path()), ["empty.db"]);
}

#[test]
fn text_file_is_not_a_database_and_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let text = "客户名单\n张三 13812341234\n".repeat(20);
    std::fs::write(&path, &text).unwrap();

    let err = Db::open(&path).err().expect("a text file must be refused");
    assert!(
        matches!(err, OpenError::NotDatabase(ref p) if p == &path),
        "{err:?}"
    );
    assert_unchanged(&path, text.as_bytes());
    assert_eq!(dir_listing(dir.path()), ["notes.db"]);
    assert!(
        err.message(Lang::Zh).contains("不是有效的数据库文件"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(
        err.message(Lang::Zh).contains(&*path.to_string_lossy()),
        "message names the path"
    );
}

#[test]
fn corrupted_header_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = closed_frontdesk_file(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[..16].copy_from_slice(b"garbage garbage!");
    std::fs::write(&path, &bytes).unwrap();

    let err = Db::open(&path)
        .err()
        .expect("a damaged header must be refused");
    assert!(matches!(err, OpenError::NotDatabase(_)), "{err:?}");
    assert_unchanged(&path, &bytes);
    assert_eq!(dir_listing(dir.path()), ["store.db"]);
}

// ---------------------------------------------------------------- 4. migration backup

#[test]
fn backup_before_migration_is_a_valid_copy_beside_the_file() {
    let (dir, path, mut db) = new_db();
    for (name, mobile) in [
        ("张三", "13812341234"),
        ("李四", "13900001111"),
        ("王五", "13700002222"),
    ] {
        customers::create(&mut db, actor(), &customer(name, Some(mobile))).unwrap();
    }
    let version = frontdesk::store::migrate::LATEST;
    let backup = frontdesk::store::migrate::backup_before(db.conn(), &path, version).unwrap();

    assert_eq!(
        backup.parent(),
        path.parent(),
        "backup sits beside the database"
    );
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("store.db."), "{name}");
    assert!(name.ends_with(".bak"), "{name}");
    assert!(name.contains(&format!(".v{version}-")), "{name}");
    assert!(backup.is_file());
    assert!(dir_listing(dir.path()).contains(&name));

    let copy =
        Connection::open_with_flags(&backup, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    assert_eq!(integrity(&copy), "ok");
    let n: i64 = copy
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
    assert_eq!(n, customers::count(db.conn()).unwrap());
    assert_eq!(
        pragma_i64(&copy, "application_id"),
        i64::from(frontdesk::store::APPLICATION_ID)
    );
    assert_eq!(pragma_i64(&copy, "user_version"), version);
    drop(copy);

    // The copy is itself a usable store with the same identity.
    let restored = Db::open(&backup).unwrap();
    assert_eq!(restored.store_id(), db.store_id());
}

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

// ---------------------------------------------------------------- 9. search

struct Fixture {
    _dir: tempfile::TempDir,
    db: Db,
    zhang: i64,
    zhang_car: i64,
    zhang_vin: String,
    zeng: i64,
    zeng_car: i64,
    shan: i64,
    li: i64,
}

fn search_fixture() -> Fixture {
    let (dir, _path, mut db) = new_db();
    let a = actor();
    let zhang = customers::create(&mut db, a, &customer("张三", Some("13812341234"))).unwrap();
    let zhang_vin = vin(1, 'N', 'A', 700_001);
    let zhang_car = vehicles::create(
        &mut db,
        a,
        zhang,
        &vehicle(&zhang_vin, Some("粤B12345"), Energy::Fuel),
    )
    .unwrap();
    let zeng = customers::create(&mut db, a, &customer("曾小贤", Some("13900001111"))).unwrap();
    let zeng_car = vehicles::create(
        &mut db,
        a,
        zeng,
        &vehicle(
            &vin(2, 'P', 'C', 800_002),
            Some("粤BD12345"),
            Energy::NewEnergy,
        ),
    )
    .unwrap();
    let shan = customers::create(&mut db, a, &customer("单田芳", Some("13700002222"))).unwrap();
    let li_data = CustomerData {
        birthday: NaiveDate::from_ymd_opt(1990, 3, 7),
        ..customer("李四", None)
    };
    let li = customers::create(&mut db, a, &li_data).unwrap();
    Fixture {
        _dir: dir,
        db,
        zhang,
        zhang_car,
        zhang_vin,
        zeng,
        zeng_car,
        shan,
        li,
    }
}

fn find(f: &Fixture, q: &str) -> Vec<search::Hit> {
    search::search(f.db.conn(), q, 20).unwrap_or_else(|e| panic!("search {q:?}: {e:?}"))
}

fn customers_found(f: &Fixture, q: &str) -> Vec<i64> {
    find(f, q).iter().map(|h| h.customer_id).collect()
}

#[test]
fn search_by_name_and_pinyin() {
    let f = search_fixture();
    assert_eq!(customers_found(&f, "zs"), [f.zhang], "initials");
    assert_eq!(customers_found(&f, "ZS"), [f.zhang], "initials, upper case");
    assert_eq!(customers_found(&f, "zhangsan"), [f.zhang], "full pinyin");
    assert_eq!(customers_found(&f, "zhang"), [f.zhang], "pinyin prefix");
    assert_eq!(
        customers_found(&f, "zxx"),
        [f.zeng],
        "曾 as a surname reads zeng"
    );
    assert_eq!(customers_found(&f, "zengxiaoxian"), [f.zeng]);
    // Every reading counts: 曾 is also ceng, 单 also dan (tests/search_pinyin.rs).
    assert_eq!(customers_found(&f, "cxx"), [f.zeng], "ceng too");
    assert_eq!(
        customers_found(&f, "stf"),
        [f.shan],
        "单 as a surname reads shan"
    );
    assert_eq!(customers_found(&f, "dtf"), [f.shan], "dan too");
    // Mixed: some syllables in full, others by their initial.
    assert_eq!(customers_found(&f, "zsan"), [f.zhang], "mixed");
    assert_eq!(customers_found(&f, "zhangs"), [f.zhang], "mixed");
    assert_eq!(
        customers_found(&f, "zengxx"),
        [f.zeng],
        "mixed, surname reading"
    );
    assert!(
        customers_found(&f, "zsn").is_empty(),
        "not a reading of 张三"
    );
    assert_eq!(customers_found(&f, "张"), [f.zhang], "汉字 prefix");
    assert_eq!(customers_found(&f, "张三"), [f.zhang]);
    let hit = &find(&f, "zs")[0];
    assert_eq!(hit.name, "张三");
    assert_eq!(hit.matched, MatchKind::Pinyin);
    assert_eq!(hit.vehicles, 1);
}

#[test]
fn mixed_pinyin_finds_a_name_among_many_with_the_same_initials() {
    let (_dir, _path, mut db) = new_db();
    let a = actor();
    let store = db.store_id().to_string();
    // 600 people with initials zj (周杰, 赵娟, ...) and one 张军 added last.
    db.write(|tx| {
        for i in 0..600 {
            let name = ["周杰", "赵娟", "朱佳", "郑晶"][i % 4];
            customers::insert_in(tx, &store, a, &customer(name, None))?;
        }
        Ok(())
    })
    .unwrap();
    let zhang = customers::create(&mut db, a, &customer("张军", None)).unwrap();
    let found: Vec<i64> = search::search(db.conn(), "zjun", 20)
        .unwrap()
        .iter()
        .map(|h| h.customer_id)
        .collect();
    assert_eq!(found, [zhang]);
    let found = search::search(db.conn(), "zhangj", 20).unwrap();
    assert_eq!(found.len(), 1);
}

#[test]
fn search_by_phone() {
    let f = search_fixture();
    let last4 = find(&f, "1234");
    assert!(!last4.is_empty());
    assert_eq!(
        last4[0].customer_id, f.zhang,
        "the phone match ranks first: {last4:?}"
    );
    assert_eq!(last4[0].matched, MatchKind::Mobile);
    assert_eq!(
        customers_found(&f, "13812341234"),
        [f.zhang],
        "whole number"
    );
    assert_eq!(
        customers_found(&f, "138 1234 1234"),
        [f.zhang],
        "with spaces"
    );
    assert_eq!(customers_found(&f, "138123"), [f.zhang], "prefix");
    assert_eq!(customers_found(&f, "1111")[0], f.zeng);
}

#[test]
fn search_by_plate_and_vin() {
    let f = search_fixture();
    for q in ["粤B12345", "b12345", "B123", "12345", "粤b123", "粤B·12345"] {
        let hits = find(&f, q);
        assert!(
            hits.iter().any(|h| h.customer_id == f.zhang
                && h.vehicle_id == Some(f.zhang_car)
                && h.plate.as_deref() == Some("粤B12345")),
            "{q:?} should find 张三's car: {hits:?}"
        );
    }
    for q in ["粤B12345", "b12345", "B123", "粤b123"] {
        assert_eq!(
            customers_found(&f, q),
            [f.zhang],
            "{q:?} must not find the BD plate"
        );
    }
    let d = find(&f, "D12345");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        (d[0].customer_id, d[0].vehicle_id),
        (f.zeng, Some(f.zeng_car))
    );
    assert_eq!(d[0].plate.as_deref(), Some("粤BD12345"));
    assert_eq!(customers_found(&f, "粤BD12345"), [f.zeng]);
    assert_eq!(
        customers_found(&f, "12345").len(),
        2,
        "both plates contain 12345"
    );

    let piece = &f.zhang_vin[10..17];
    let hits = find(&f, piece);
    assert_eq!(hits.len(), 1, "{piece}: {hits:?}");
    assert_eq!(hits[0].vehicle_id, Some(f.zhang_car));
    assert_eq!(hits[0].vin.as_deref(), Some(f.zhang_vin.as_str()));
    let piece4 = &f.zhang_vin[12..16];
    assert!(
        find(&f, &piece4.to_lowercase())
            .iter()
            .any(|h| h.vehicle_id == Some(f.zhang_car))
    );
    let whole = find(&f, &f.zhang_vin.to_lowercase());
    assert_eq!(whole[0].vehicle_id, Some(f.zhang_car));
    assert_eq!(whole[0].matched, MatchKind::Vin);
}

#[test]
fn search_by_date_nothing_recent_and_limit() {
    let f = search_fixture();
    let by_birthday = find(&f, "1990-03-07");
    assert_eq!(by_birthday.len(), 1, "{by_birthday:?}");
    assert_eq!(by_birthday[0].customer_id, f.li);
    assert_eq!(by_birthday[0].matched, MatchKind::Date);

    for q in ["xyzq", "王", "99999999", "1990-03-08"] {
        assert!(find(&f, q).is_empty(), "{q:?} should match nothing");
    }

    let recent = find(&f, "");
    let ids: Vec<i64> = recent.iter().map(|h| h.customer_id).collect();
    assert_eq!(ids, [f.li, f.shan, f.zeng, f.zhang], "newest first");
    assert!(recent.iter().all(|h| h.matched == MatchKind::Recent));
    assert_eq!(find(&f, "   ").len(), 4, "blank is the empty query");

    assert_eq!(search::search(f.db.conn(), "", 2).unwrap().len(), 2);
    assert_eq!(search::search(f.db.conn(), "12345", 1).unwrap().len(), 1);
    assert!(search::search(f.db.conn(), "", 0).unwrap().is_empty());
}

// ---------------------------------------------------------------- 10. error mapping

#[test]
fn duplicate_vin_and_plate_are_reported_by_field() {
    let (_dir, _path, mut db) = new_db();
    let a = customers::create(&mut db, actor(), &customer("张三", None)).unwrap();
    let b = customers::create(&mut db, actor(), &customer("李四", None)).unwrap();
    let the_vin = vin(7, 'R', 'S', 123);
    vehicles::create(
        &mut db,
        actor(),
        a,
        &vehicle(&the_vin, Some("粤B12345"), Energy::Fuel),
    )
    .unwrap();

    let err = vehicles::create(&mut db, actor(), b, &vehicle(&the_vin, None, Energy::Fuel))
        .expect_err("same VIN twice");
    assert!(matches!(err, StoreError::Duplicate(_)), "{err:?}");
    assert!(
        err.message(Lang::Zh).contains("车架号"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(
        err.message(Lang::En).contains("VIN"),
        "{}",
        err.message(Lang::En)
    );

    let err = vehicles::create(
        &mut db,
        actor(),
        b,
        &vehicle(&vin(7, 'R', 'S', 124), Some("粤B12345"), Energy::Fuel),
    )
    .expect_err("same plate twice");
    assert!(matches!(err, StoreError::Duplicate(_)), "{err:?}");
    assert!(
        err.message(Lang::Zh).contains("车牌号"),
        "{}",
        err.message(Lang::Zh)
    );

    assert!(
        vehicles::of_customer(db.conn(), b).unwrap().is_empty(),
        "nothing half-written"
    );
    let vehicle_audits: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE entity = 'vehicle'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(vehicle_audits, 1);
}

// ---------------------------------------------------------------- 11. busy

#[test]
fn write_behind_a_long_lock_fails_busy_after_five_seconds_then_retry_works() {
    let (_dir, path, mut db) = new_db();
    customers::create(&mut db, actor(), &customer("已有客户", None)).unwrap();

    // A second handle, opened before the lock is taken (opening runs the migration check,
    // which itself takes the write lock).
    let mut other = Db::open(&path).unwrap();

    let (locked_tx, locked_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let holder = {
        let path = path.clone();
        thread::spawn(move || {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("BEGIN IMMEDIATE").unwrap();
            locked_tx.send(()).unwrap();
            // Hold the write lock for ~6.5 s, or until the test has seen the failures.
            let _ = release_rx.recv_timeout(Duration::from_millis(6500));
            conn.execute_batch("ROLLBACK").unwrap();
        })
    };
    locked_rx.recv().unwrap();

    // Regression guard for RELIABILITY row 2: `Db::write` takes the write lock before it runs
    // the closure (BEGIN IMMEDIATE), so no read-then-write can start on a stale snapshot.
    let guard = {
        thread::spawn(move || {
            let mut entered = false;
            let out = other.write(|_tx| {
                entered = true;
                Ok(())
            });
            (out, entered)
        })
    };

    let form = customer("王五", Some("13600003333"));
    let started = Instant::now();
    let err = customers::create(&mut db, actor(), &form).expect_err("the lock is held");
    let waited = started.elapsed();
    assert!(matches!(err, StoreError::Busy), "{err:?}");
    assert!(
        waited >= Duration::from_millis(4700) && waited < Duration::from_millis(6000),
        "failed after {waited:?}, expected about 5 s"
    );
    assert!(
        err.message(Lang::Zh).contains("数据库忙"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(err.message(Lang::Zh).contains("表单已保留"));

    // Reads go on while the writer is locked out.
    let t = Instant::now();
    assert_eq!(customers::count(db.conn()).unwrap(), 1);
    assert!(t.elapsed() < Duration::from_secs(1));

    let (out, entered) = guard.join().unwrap();
    assert!(matches!(out, Err(StoreError::Busy)), "{out:?}");
    assert!(
        !entered,
        "the closure ran without the write lock: the transaction is not IMMEDIATE"
    );

    release_tx.send(()).unwrap();
    holder.join().unwrap();
    let id = customers::create(&mut db, actor(), &form).expect("retry after the lock is gone");
    assert_eq!(customers::get(db.conn(), id).unwrap().data, form);
    assert_eq!(customers::count(db.conn()).unwrap(), 2);
}

#[test]
fn an_up_to_date_store_opens_while_another_process_holds_the_write_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    drop(Db::open(&path).unwrap());
    let locker = rusqlite::Connection::open(&path).unwrap();
    locker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    let db = Db::open(&path);
    assert!(
        db.is_ok(),
        "open failed behind a write lock: {:?}",
        db.err()
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    locker.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_damaged_page_found_by_the_background_check_stops_writes() {
    use frontdesk::domain::archive::CustomerData;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    {
        let mut db = Db::open(&path).unwrap();
        let actor = frontdesk::store::Actor {
            agent_id: None,
            at: chrono::Utc::now(),
        };
        for i in 0..400 {
            let c = CustomerData {
                name: format!("客户{i}"),
                notes: "x".repeat(300),
                ..Default::default()
            };
            frontdesk::store::customers::create(&mut db, actor, &c).unwrap();
        }
        db.conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    // Scribble over an inner page (RELIABILITY row 16), leaving the header intact.
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096 * 20;
    assert!(bytes.len() > page + 2048, "fixture too small");
    for b in &mut bytes[page..page + 2048] {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    // The command-line open checks the whole file only where its state is unknown: after a
    // crash (a `-wal` no process holds) it refuses the file outright.
    let wal = dir.path().join("store.db-wal");
    std::fs::write(&wal, b"").unwrap();
    let checks = frontdesk::store::open::quick_checks_on_this_thread();
    assert!(matches!(
        Db::open(&path),
        Err(frontdesk::store::OpenError::Corrupt { .. })
    ));
    assert_eq!(
        frontdesk::store::open::quick_checks_on_this_thread(),
        checks + 1
    );
    std::fs::remove_file(&wal).unwrap();
    let _ = std::fs::remove_file(dir.path().join("store.db-shm"));
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the refusal wrote");
    // The app's open starts at once, then the background check stops every write.
    let mut db = Db::open_checking_in_background(&path).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while db.health().is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(matches!(db.health(), Some(Err(_))));
    let actor = frontdesk::store::Actor {
        agent_id: None,
        at: chrono::Utc::now(),
    };
    let r = frontdesk::store::customers::create(
        &mut db,
        actor,
        &CustomerData {
            name: "新".into(),
            ..Default::default()
        },
    );
    assert!(matches!(r, Err(StoreError::Damaged(_))), "{r:?}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "a damaged file was written to"
    );
}

#[test]
fn a_command_line_open_checks_the_whole_file_only_when_its_state_is_unknown() {
    use frontdesk::store::open::quick_checks_on_this_thread as checks;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    drop(Db::open(&path).unwrap());
    assert!(!dir.path().join("store.db-wal").exists());
    // Closed cleanly: the header is read, the whole file is not.
    let before = checks();
    for _ in 0..3 {
        drop(Db::open(&path).unwrap());
    }
    assert_eq!(checks(), before, "a clean file was quick_checked");
    // Held open by another process: its `-wal` is no crash's.
    let holder = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); \
             c.execute('PRAGMA journal_mode=WAL'); c.execute('SELECT count(*) FROM store_meta').fetchall(); \
             print('open', flush=True); sys.stdin.read()",
        )
        .arg(&path)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    if let Ok(mut holder) = holder {
        let mut line = String::new();
        use std::io::BufRead;
        std::io::BufReader::new(holder.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        if line.trim() == "open" {
            assert!(dir.path().join("store.db-wal").exists());
            let before = checks();
            drop(Db::open(&path).unwrap());
            assert_eq!(checks(), before, "another process's -wal read as a crash");
        } else {
            eprintln!("python3 sqlite3 not usable here; skipped the held-open case");
        }
        drop(holder.stdin.take());
        holder.wait().unwrap();
    } else {
        eprintln!("python3 not available here; skipped the held-open case");
    }
    // Left by a crash: a `-wal` that no process holds, or a rollback journal.
    for leftover in ["store.db-wal", "store.db-journal"] {
        std::fs::write(dir.path().join(leftover), b"").unwrap();
        let before = checks();
        drop(Db::open(&path).unwrap());
        assert_eq!(checks(), before + 1, "{leftover} did not trigger a check");
        let _ = std::fs::remove_file(dir.path().join(leftover));
    }
    // Before a migration rewrites the file (whether or not this older-looking one migrates).
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", frontdesk::store::migrate::LATEST - 1)
            .unwrap();
    }
    let before = checks();
    let _ = Db::open(&path);
    assert_eq!(checks(), before + 1, "a migration without a check first");
}
