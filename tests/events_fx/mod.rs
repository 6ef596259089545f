//! The store the customer-event tests work on (`events.rs`, `events_seats.rs`): agents,
//! customers with one car each, an event with a target rule, and inviting to it.

#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use frontdesk::domain::archive::{CustomerData, VehicleData};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::{Channel, Kind, Rules, Status};
use frontdesk::domain::events::{EventData, EventKind, TargetRule};
use frontdesk::store::agents::{self, Role};
use frontdesk::store::callbacks::{self as cb, QueueFilter};
use frontdesk::store::events::{self as ev, Planning};
use frontdesk::store::{Actor, Db, customers, vehicles};

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

pub struct Fx {
    pub _dir: tempfile::TempDir,
    pub db: Db,
    pub agent: i64,
    pub other: i64,
    pub rules: Rules,
    pub cal: BusinessCalendar,
    pub n: usize,
}

pub fn fx() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("store.db")).unwrap();
    let sys = at(None, "2026-11-01 08:00");
    let a = agents::ensure(&mut db, sys, "1002", "陈静", Role::Agent).unwrap();
    let o = agents::ensure(&mut db, sys, "1003", "王磊", Role::Agent).unwrap();
    Fx {
        _dir: dir,
        db,
        agent: a.id,
        other: o.id,
        rules: Rules::builtin(),
        cal: BusinessCalendar::builtin(),
        n: 0,
    }
}

impl Fx {
    /// A customer with one car.
    pub fn owner(&mut self, brand: &str, bought: &str, vip: bool, region: &str) -> i64 {
        self.n += 1;
        let c = CustomerData {
            name: format!("客户{}", self.n),
            mobile: Some(format!("1380000{:04}", self.n)),
            vip,
            region: region.into(),
            ..Default::default()
        };
        let v = VehicleData {
            vin: format!("LSVAA0000{:08}", self.n),
            brand: brand.into(),
            model: "车型".into(),
            purchase_date: Some(d(bought)),
            ..Default::default()
        };
        let sid = self.db.store_id().to_string();
        let sys = at(None, "2026-11-01 08:00");
        self.db
            .write(|tx| {
                let cid = customers::insert_in(tx, &sid, sys, &c)?;
                vehicles::insert_in(tx, &sid, sys, cid, &v)?;
                Ok(cid)
            })
            .unwrap()
    }

    pub fn event(&mut self, target: TargetRule, capacity: u32) -> i64 {
        let e = EventData {
            title: "新能源车冬季用车知识讲座".into(),
            kind: EventKind::Talk,
            starts_at: local("2026-11-28 14:00").naive_local(),
            place: "本店二楼客户休息区".into(),
            capacity,
            target,
            channel: Channel::Call,
            notes: String::new(),
        };
        ev::create(&mut self.db, at(Some(self.agent), "2026-11-23 09:00"), &e).unwrap()
    }

    pub fn invite(&mut self, id: i64, today: &str) -> ev::InviteReport {
        let v = ev::get(self.db.conn(), id).unwrap().version;
        let actor = at(Some(self.agent), &format!("{today} 09:30"));
        let p = Planning {
            today: d(today),
            tz: tz(),
            rules: &self.rules,
            cal: &self.cal,
        };
        ev::invite(&mut self.db, actor, p, id, v).unwrap()
    }

    pub fn tasks(&self, kind: Kind, status: Option<Status>) -> Vec<cb::TaskRow> {
        let f = QueueFilter {
            kind: Some(kind),
            status,
            ..Default::default()
        };
        cb::queue(self.db.conn(), &f, d("2026-11-23"), 1000).unwrap()
    }

    pub fn audits(&self, action: &str) -> i64 {
        self.db
            .conn()
            .query_row(
                "SELECT count(*) FROM audit WHERE action = ?1",
                [action],
                |r| r.get(0),
            )
            .unwrap()
    }
}

pub fn byd_club() -> TargetRule {
    TargetRule {
        brand: "比亚迪".into(),
        age_max: Some(3),
        region: "深圳".into(),
        ..Default::default()
    }
}
