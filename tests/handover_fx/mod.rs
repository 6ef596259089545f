//! The stores the hand-over tests compare on (`handover_follow.rs`, `handover_report.rs`):
//! one customer, one car per file, sales files and repair orders on given days with their
//! documents received on a given day or not yet, and the staff member who owes them.

#![allow(dead_code)]

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk::domain::archive::{RepairKind, RepairOrderData, SalesFileData, VehicleData};
use frontdesk::domain::handover::HandoverKind;
use frontdesk::store::{Actor, Db, customers, files, vehicles};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn actor() -> Actor {
    Actor {
        agent_id: None,
        at: Utc.with_ymd_and_hms(2026, 1, 2, 1, 0, 0).unwrap(),
    }
}

/// A file to make: kind, event day, received day (None: not yet), staff member.
pub type File = (HandoverKind, NaiveDate, Option<NaiveDate>, String);

pub fn store(files_to_make: &[File]) -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = store_at(&dir.path().join("follow.sqlite3"), files_to_make);
    (dir, db)
}

/// The files made in the store at `path`; the first file's id is 1 (a new store).
pub fn store_at(path: &std::path::Path, files_to_make: &[File]) -> Db {
    let mut db = Db::open(path).unwrap();
    let customer = customers::create(
        &mut db,
        actor(),
        &frontdesk::domain::archive::CustomerData {
            name: "李四".into(),
            mobile: Some("13900000002".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let sid = db.store_id().to_string();
    db.write(|tx| {
        for (i, (kind, event, received, who)) in files_to_make.iter().enumerate() {
            // One sales file per car: each file gets its own car.
            let v = VehicleData {
                vin: format!("LSVFOLLOW{i:08}"),
                brand: "大众".into(),
                model: "朗逸".into(),
                // Some cars not yet registered.
                plate: (i % 3 != 0).then(|| format!("沪A{i:05}")),
                ..Default::default()
            };
            let vehicle = vehicles::insert_in(tx, &sid, actor(), customer, &v)?;
            let (table, id) = match kind {
                HandoverKind::Sales => {
                    let s = SalesFileData {
                        delivery_date: *event,
                        invoice_date: *event,
                        salesperson: who.clone(),
                        ..Default::default()
                    };
                    let id = files::insert_sales_file_in(tx, &sid, actor(), vehicle, &s)?;
                    ("sales_files", id)
                }
                HandoverKind::Repair => {
                    let o = RepairOrderData {
                        ro_number: format!("RO{i:08}"),
                        opened: *event,
                        closed: Some(*event),
                        advisor: who.clone(),
                        kind: RepairKind::Maintenance,
                        ..Default::default()
                    };
                    let id = files::insert_repair_order_in(tx, &sid, actor(), vehicle, &o)?;
                    ("repair_orders", id)
                }
            };
            if let Some(r) = received {
                tx.execute(
                    &format!("UPDATE {table} SET documents_received = ?1 WHERE id = ?2"),
                    rusqlite::params![r.to_string(), id],
                )?;
            }
        }
        Ok(())
    })
    .unwrap();
    db
}
