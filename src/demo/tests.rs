use super::*;
use crate::i18n::Lang;
use chrono::{TimeZone, Utc};

fn actor() -> Actor {
    Actor {
        agent_id: None,
        at: Utc.with_ymd_and_hms(2026, 12, 7, 1, 30, 0).unwrap(),
    }
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
}

fn counts(db: &Db) -> (usize, i64) {
    (
        agents::list(db).unwrap().len(),
        customers::count(db.conn()).unwrap(),
    )
}

/// A demo of 20 customers into `db`.
fn demo(db: &mut Db) -> Result<DemoCounts, StoreError> {
    let tz = chrono_tz::Asia::Shanghai;
    fill(db, actor(), tz, day(), 20, 1, |_| {})
}

#[test]
fn a_store_just_set_up_with_no_customers_yet_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("real.sqlite3");
    let mut db = Db::open(&path).unwrap();
    agents::first_run::save(
        &mut db,
        actor().at,
        "2001",
        "刘芳",
        None,
        "name = \"南城店\"",
    )
    .unwrap();
    assert_eq!(counts(&db), (1, 0));
    let e = demo(&mut db).unwrap_err();
    let (zh, en) = (e.message(Lang::Zh), e.message(Lang::En));
    let file = path.display().to_string();
    assert!(zh.contains(&file) && zh.contains("混在一起"), "{zh}");
    assert!(
        en.contains(&file) && en.contains("mix with the store's own"),
        "{en}"
    );
    assert_eq!(counts(&db), (1, 0), "no demo agent, no customer written");
}

#[test]
fn a_brand_new_store_is_filled() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("new.sqlite3")).unwrap();
    let c = demo(&mut db).unwrap();
    assert_eq!(c.customers, 20);
    assert_eq!(counts(&db), (DEMO_AGENTS.len(), 20));
}
