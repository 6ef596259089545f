//! Helpers shared by the storage tests (`storage.rs`, `storage_writers.rs`, `storage_search.rs`).

#![allow(dead_code)]

use chrono::Utc;
use frontdesk::domain::archive::{CustomerData, Energy, VehicleData};
use frontdesk::domain::validate;
use frontdesk::store::{Actor, Db, customers};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

pub fn actor() -> Actor {
    Actor {
        agent_id: None,
        at: Utc::now(),
    }
}

pub fn customer(name: &str, mobile: Option<&str>) -> CustomerData {
    CustomerData {
        name: name.into(),
        mobile: mobile.map(Into::into),
        ..Default::default()
    }
}

/// A valid 17-character VIN: `LSVAB4` + 2 digits + check digit + year + plant + 6 digits.
pub fn vin(group: u32, year: char, plant: char, serial: u32) -> String {
    let raw = format!("LSVAB4{group:02}X{year}{plant}{serial:06}");
    assert_eq!(raw.len(), 17, "{raw}");
    let vin = validate::with_check_digit(&raw).expect("valid VIN characters");
    let (normalized, check_ok) = validate::normalize_vin(&vin).expect("VIN normalises");
    assert_eq!(normalized, vin);
    assert!(check_ok, "check digit of {vin}");
    vin
}

pub fn vehicle(vin: &str, plate: Option<&str>, energy: Energy) -> VehicleData {
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

pub fn pragma_i64(conn: &Connection, name: &str) -> i64 {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("PRAGMA {name}: {e}"))
}

pub fn integrity(conn: &Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Names of the files in a directory, sorted: shows any -wal, -shm or journal left behind.
pub fn dir_listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A fresh frontdesk database in its own temporary directory.
pub fn new_db() -> (tempfile::TempDir, PathBuf, Db) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let db = Db::open(&path).expect("open a new store");
    (dir, path, db)
}

/// Creates a frontdesk database, closes it, and leaves it in rollback-journal mode so that
/// the file on disk is the whole database (no -wal or -shm beside it).
pub fn closed_frontdesk_file(dir: &Path) -> PathBuf {
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

pub fn assert_unchanged(path: &Path, before: &[u8]) {
    let after = std::fs::read(path).unwrap();
    assert!(
        after == before,
        "{} was modified ({} → {} bytes)",
        path.display(),
        before.len(),
        after.len()
    );
}
