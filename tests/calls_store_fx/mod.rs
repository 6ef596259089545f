//! Helpers shared by the `calls_store*` tests.

#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use frontdesk::domain::archive::{CustomerData, VehicleData};
use frontdesk::domain::calls::{Channel, Direction};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::domain::validate;
use frontdesk::store::calls::{self, NewCall};
use frontdesk::store::{Actor, Db, audit, customers, vehicles};
use std::collections::BTreeMap;
use std::path::PathBuf;

// ---------------------------------------------------------------- helpers

/// 2026-11-23 09:30 in Shanghai.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

pub fn at(at: DateTime<Utc>) -> Actor {
    Actor { agent_id: None, at }
}

pub fn by(agent_id: i64, at: DateTime<Utc>) -> Actor {
    Actor {
        agent_id: Some(agent_id),
        at,
    }
}

pub fn new_db() -> (tempfile::TempDir, PathBuf, Db) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let db = Db::open(&path).expect("open a new store");
    (dir, path, db)
}

pub fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A call of `template_id` (its group from the built-in set) started at `started_at`.
pub fn call(template_id: &str, started_at: DateTime<Utc>, resolved: bool) -> NewCall {
    let set = TemplateSet::builtin();
    let t = set.get(template_id).expect("built-in template");
    NewCall {
        customer_id: None,
        vehicle_id: None,
        direction: Direction::Inbound,
        channel: Channel::Phone,
        template_id: t.id.clone(),
        template_version: t.version,
        group: t.group,
        fields: fields(&[("region", "广东省深圳市"), ("brand", "大众")]),
        sentence: format!("{template_id} 的记录"),
        resolved,
        completeness: 80,
        started_at,
    }
}

pub fn customer(db: &mut Db, name: &str) -> i64 {
    let data = CustomerData {
        name: name.into(),
        region: "广东省深圳市".into(),
        ..Default::default()
    };
    customers::create(db, at(t0()), &data).unwrap()
}

pub fn vehicle(db: &mut Db, customer_id: i64, serial: u32, plate: &str) -> i64 {
    let raw = format!("LSVAB401XRA{serial:06}");
    let vin = validate::with_check_digit(&raw).expect("valid VIN characters");
    let data = VehicleData {
        vin,
        vin_check_ok: true,
        plate: Some(validate::normalize_plate(plate).expect("valid plate")),
        brand: "大众".into(),
        model: "朗逸".into(),
        ..Default::default()
    };
    vehicles::create(db, at(t0()), customer_id, &data).unwrap()
}

pub fn audit_actions(db: &Db, entity: &str, id: i64) -> Vec<String> {
    let mut a: Vec<String> = audit::for_entity(db.conn(), entity, id, 50)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    a.reverse(); // oldest first
    a
}

pub fn ids(rows: &[calls::CallRow]) -> Vec<i64> {
    rows.iter().map(|r| r.id).collect()
}
