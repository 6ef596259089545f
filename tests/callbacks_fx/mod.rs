//! Helpers shared by the `callbacks*` tests.

#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use frontdesk::domain::archive::{
    CustomerData, RepairKind, RepairOrderData, SalesChannel, SalesFileData, VehicleData,
};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::{Kind, Outcome, Rules};
use frontdesk::store::agents::{self, Role};
use frontdesk::store::callbacks::{self as cb, AttemptInput};
use frontdesk::store::{Actor, Db, customers, files, vehicles};
use std::collections::BTreeMap;

pub const TODAY: &str = "2026-11-23";

pub fn tz() -> Tz {
    chrono_tz::Asia::Shanghai
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn local(s: &str) -> DateTime<Tz> {
    let t = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    tz().from_local_datetime(&t).unwrap()
}

pub fn at(agent: Option<i64>, s: &str) -> Actor {
    Actor {
        agent_id: agent,
        at: local(s).with_timezone(&Utc),
    }
}

pub fn sys() -> Actor {
    at(None, "2026-11-23 08:00")
}

pub struct Store {
    pub _dir: tempfile::TempDir,
    pub path: std::path::PathBuf,
    pub db: Db,
    pub agent: i64,
    pub other: i64,
    pub boss: i64,
    pub next: usize,
}

pub fn store() -> Store {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let mut db = Db::open(&path).unwrap();
    let a = agents::ensure(&mut db, sys(), "1002", "陈静", Role::Agent).unwrap();
    let o = agents::ensure(&mut db, sys(), "1003", "王磊", Role::Agent).unwrap();
    let b = agents::ensure(&mut db, sys(), "1001", "刘芳", Role::Supervisor).unwrap();
    Store {
        _dir: dir,
        path,
        db,
        agent: a.id,
        other: o.id,
        boss: b.id,
        next: 0,
    }
}

impl Store {
    pub fn customer(&mut self, mobile: Option<&str>, birthday: Option<&str>, vip: bool) -> i64 {
        self.next += 1;
        let c = CustomerData {
            name: format!("客户{}", self.next),
            mobile: mobile.map(str::to_string),
            birthday: birthday.map(d),
            vip,
            ..Default::default()
        };
        let sid = self.db.store_id().to_string();
        self.db
            .write(|tx| customers::insert_in(tx, &sid, sys(), &c))
            .unwrap()
    }

    pub fn mobile(&mut self) -> String {
        format!("1380000{:04}", self.next + 1)
    }

    pub fn vehicle(&mut self, cid: i64, maintenance_due: Option<&str>) -> i64 {
        self.next += 1;
        let v = VehicleData {
            vin: format!("LSVAA0000{:08}", self.next),
            maintenance_due: maintenance_due.map(d),
            ..Default::default()
        };
        let sid = self.db.store_id().to_string();
        self.db
            .write(|tx| vehicles::insert_in(tx, &sid, sys(), cid, &v))
            .unwrap()
    }

    pub fn sale(&mut self, vid: i64, delivery: &str, invoice: &str, secondary: bool) -> i64 {
        let s = SalesFileData {
            delivery_date: d(delivery),
            invoice_date: d(invoice),
            channel: if secondary {
                SalesChannel::Secondary
            } else {
                SalesChannel::Direct
            },
            ..Default::default()
        };
        let sid = self.db.store_id().to_string();
        self.db
            .write(|tx| files::insert_sales_file_in(tx, &sid, sys(), vid, &s))
            .unwrap()
    }

    pub fn repair(&mut self, vid: i64, closed: &str, yuan: i64) -> i64 {
        self.next += 1;
        let o = RepairOrderData {
            ro_number: format!("RO{}", self.next),
            opened: d(closed),
            closed: Some(d(closed)),
            kind: RepairKind::Repair,
            amount_fen: yuan * 100,
            ..Default::default()
        };
        let sid = self.db.store_id().to_string();
        self.db
            .write(|tx| files::insert_repair_order_in(tx, &sid, sys(), vid, &o))
            .unwrap()
    }

    /// A customer with a car and a reachable number.
    pub fn car(&mut self) -> (i64, i64) {
        let m = self.mobile();
        let c = self.customer(Some(&m), None, false);
        (c, self.vehicle(c, None))
    }

    pub fn plan(&mut self, today: &str) -> cb::PlanReport {
        self.plan_with(today, &Rules::builtin())
    }

    pub fn plan_with(&mut self, today: &str, rules: &Rules) -> cb::PlanReport {
        cb::plan(
            &mut self.db,
            sys(),
            d(today),
            tz(),
            rules,
            &BusinessCalendar::builtin(),
        )
        .unwrap()
    }

    pub fn tasks(&self, kind: Kind) -> Vec<(i64, String, String, Option<String>)> {
        let mut st = self
            .db
            .conn()
            .prepare(
                "SELECT id, due_date, status, skip_reason FROM callback_tasks WHERE kind = ?1
                 ORDER BY id",
            )
            .unwrap();
        st.query_map([kind.code()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    pub fn task_of(&self, kind: Kind, vehicle: i64) -> i64 {
        self.db
            .conn()
            .query_row(
                "SELECT id FROM callback_tasks WHERE kind = ?1 AND vehicle_id = ?2",
                rusqlite::params![kind.code(), vehicle],
                |r| r.get(0),
            )
            .unwrap()
    }

    pub fn one(&self, kind: Kind) -> i64 {
        let t = self.tasks(kind);
        assert_eq!(t.len(), 1, "{}: {t:?}", kind.code());
        t[0].0
    }

    pub fn status(&self, id: i64) -> (String, Option<String>) {
        self.db
            .conn()
            .query_row(
                "SELECT status, skip_reason FROM callback_tasks WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    }

    pub fn sql(&mut self, sql: &str) {
        self.db
            .write(|tx| {
                tx.execute_batch(sql)?;
                Ok(())
            })
            .unwrap();
    }
}

pub fn input(outcome: Outcome) -> AttemptInput {
    AttemptInput {
        outcome,
        scores: BTreeMap::new(),
        notes: String::new(),
        complaint: None,
        rsvp: None,
    }
}
