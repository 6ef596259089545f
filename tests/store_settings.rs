//! Store-wide settings: one value per store, version-checked and audited.

use chrono::Utc;
use frontdesk::store::settings;
use frontdesk::store::{Actor, Db, StoreError};

fn actor() -> Actor {
    Actor {
        agent_id: None,
        at: Utc::now(),
    }
}

#[test]
fn a_setting_is_one_value_per_store_seen_by_every_connection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    let mut a = Db::open(&path).unwrap();
    let b = Db::open(&path).unwrap();
    assert_eq!(settings::get(b.conn(), "store.mode").unwrap(), None);
    assert_eq!(
        settings::get_or(b.conn(), "improvements.recur_count", 3u32),
        3
    );
    settings::set(&mut a, actor(), "improvements.recur_count", "5", None).unwrap();
    settings::set(&mut a, actor(), "store.mode", "rental", None).unwrap();
    assert_eq!(
        settings::get_or(b.conn(), "improvements.recur_count", 3u32),
        5
    );
    let all = settings::all(b.conn()).unwrap();
    let keys: Vec<&str> = all.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["improvements.recur_count", "store.mode"]);
    assert_eq!(all[1].value, "rental");
}

#[test]
fn an_edit_from_an_old_version_is_refused_and_the_stored_value_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("s.sqlite3")).unwrap();
    settings::set(&mut db, actor(), "sla.first_contact_min", "10", None).unwrap();
    let seen = settings::all(db.conn()).unwrap()[0].version;
    settings::set(&mut db, actor(), "sla.first_contact_min", "15", Some(seen)).unwrap();
    let err = settings::set(&mut db, actor(), "sla.first_contact_min", "20", Some(seen));
    assert!(matches!(
        err,
        Err(StoreError::Conflict { theirs: 2, mine: 1 })
    ));
    assert_eq!(
        settings::get(db.conn(), "sla.first_contact_min")
            .unwrap()
            .as_deref(),
        Some("15")
    );
}

#[test]
fn a_broken_value_falls_back_to_the_default_and_oversized_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("s.sqlite3")).unwrap();
    settings::set(&mut db, actor(), "quality.per_week", "many", None).unwrap();
    assert_eq!(settings::get_or(db.conn(), "quality.per_week", 2u32), 2);
    let long = "x".repeat(settings::MAX_VALUE + 1);
    assert!(settings::set(&mut db, actor(), "k", &long, None).is_err());
    assert!(settings::set(&mut db, actor(), "", "v", None).is_err());
    assert_eq!(settings::get(db.conn(), "k").unwrap(), None);
}

#[test]
fn every_change_is_audited_with_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("s.sqlite3")).unwrap();
    settings::set(&mut db, actor(), "store.mode", "dealer", None).unwrap();
    settings::set(&mut db, actor(), "store.mode", "rental", None).unwrap();
    let (n, last): (i64, String) = db
        .conn()
        .query_row(
            "SELECT count(*), max(before || ' -> ' || after) FROM audit WHERE action = 'setting.set'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(n, 2);
    assert!(last.contains("dealer") && last.contains("rental"), "{last}");
}
