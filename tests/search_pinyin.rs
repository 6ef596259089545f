//! Pinyin search as input methods take it (issue #15.1): ü typed as `v` or `u`, every
//! reading of a heteronym in the surname and the given name, through the indexed keys and
//! the ib-matcher check; and the migration that rewrites keys stored before.

use chrono::Utc;
use frontdesk::domain::archive::CustomerData;
use frontdesk::store::{Actor, Db, customers, search};
use rusqlite::Connection;

fn actor() -> Actor {
    Actor {
        agent_id: None,
        at: Utc::now(),
    }
}

fn add(db: &mut Db, name: &str) -> i64 {
    let c = CustomerData {
        name: name.into(),
        ..Default::default()
    };
    customers::create(db, actor(), &c).unwrap()
}

fn found(db: &Db, q: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = search::search(db.conn(), q, 20)
        .unwrap_or_else(|e| panic!("search {q:?}: {e:?}"))
        .iter()
        .map(|h| h.customer_id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn u_umlaut_typed_as_v_or_u_finds_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("s.db")).unwrap();
    let lv = add(&mut db, "吕斌宇");
    let nv = add(&mut db, "女娲");
    let lu = add(&mut db, "卢斌");
    for q in [
        "lvbinyu", "lubinyu", "lvb", "lby", "lbinyu", "lubyu", "lvby",
    ] {
        assert!(found(&db, q).contains(&lv), "{q}: {:?}", found(&db, q));
    }
    // `lub` is 卢斌 and 吕斌 alike; `lvb` only 吕.
    assert_eq!(found(&db, "lubin"), {
        let mut v = vec![lv, lu];
        v.sort();
        v
    });
    assert_eq!(found(&db, "lvbin"), [lv]);
    assert_eq!(found(&db, "nvwa"), [nv]);
    assert_eq!(found(&db, "nuwa"), [nv]);
    // The stored first reading is what input methods type: v, not ü.
    let py: String = db
        .conn()
        .query_row(
            "SELECT name_pinyin FROM customers WHERE id = ?1",
            [lv],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(py, "lvbinyu");
}

#[test]
fn every_reading_of_a_heteronym_finds_surnames_and_given_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("s.db")).unwrap();
    let zeng = add(&mut db, "曾小贤");
    let shan = add(&mut db, "单田芳");
    let le = add(&mut db, "王乐");
    let zhai = add(&mut db, "翟天临");
    let given = add(&mut db, "李曾");
    for (q, who) in [
        ("zengxiaoxian", zeng),
        ("cengxiaoxian", zeng),
        ("cxx", zeng),
        ("zxx", zeng),
        ("shantianfang", shan),
        ("dantianfang", shan),
        ("dtf", shan),
        ("wangle", le),
        ("wangyue", le),
        ("wy", le),
        ("wyue", le),
        ("zhaitianlin", zhai),
        ("ditianlin", zhai),
        ("dtl", zhai),
        ("lizeng", given),
        ("liceng", given),
        ("lz", given),
        ("lzeng", given),
    ] {
        assert!(found(&db, q).contains(&who), "{q}: {:?}", found(&db, q));
    }
    assert!(found(&db, "wangxue").is_empty());
    // A renamed customer is found under the new name's readings only.
    let c = customers::get(db.conn(), le).unwrap();
    let data = CustomerData {
        name: "王单".into(),
        ..c.data.clone()
    };
    customers::update(&mut db, actor(), le, c.version, &data).unwrap();
    assert!(!found(&db, "wangyue").contains(&le));
    assert!(found(&db, "wangdan").contains(&le) && found(&db, "wangshan").contains(&le));
}

#[test]
fn the_migration_rekeys_names_stored_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // A file as release 6 left it: keys as the pinyin crate stored them (`lüle`), no key
    // table, no hand-off column, none of the later tables.
    let id = {
        let mut conn = Connection::open(&path).unwrap();
        frontdesk::store::migrate::run_to(&mut conn, 6).unwrap();
        conn.execute(
            "INSERT INTO customers(uuid, store_id, name, name_pinyin, name_initials, created_at, updated_at)
             VALUES ('u-1', (SELECT value FROM store_meta WHERE key = 'store_id'), '吕乐', 'lüle', 'll',
                     '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        conn.last_insert_rowid()
    };
    let db = Db::open(&path).unwrap();
    let py: String = db
        .conn()
        .query_row(
            "SELECT name_pinyin FROM customers WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(py, "lvle");
    for q in ["lvle", "luyue", "lvyue", "ly", "ll"] {
        assert_eq!(found(&db, q), [id], "{q}");
    }
}
