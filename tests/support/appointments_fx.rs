//! The appointments tests' fixture: a store file with two agents and some cars, on a
//! fixed clock (Monday 2026-11-23 09:30 in Shanghai). Shared by the appointment,
//! booking-pick, improvement and concurrent-step tests (`support::appointments_fx`).
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use frontdesk::domain::appointments::{self as da, Status, StoreSetup, Transition};
use frontdesk::domain::archive::{CustomerData, VehicleData};
use frontdesk::store::agents::{self, Role};
use frontdesk::store::appointments::{self as sa, BookError, NewBooking, StepError};
use frontdesk::store::{Actor, Db, customers, vehicles};
use std::path::PathBuf;

pub const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// Store-local 2026-11-`day` `h:m` (the 23rd is a Monday).
pub fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    da::at_local(
        TZ,
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
        NaiveTime::from_hms_opt(h, m, 0).unwrap(),
    )
}

pub fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

/// Monday 2026-11-23 09:30, the fixed "now".
pub fn now() -> DateTime<Utc> {
    at(23, 9, 30)
}

/// A complaint about the service attitude (always a valid complaint) on the first car,
/// received `at`, handled by the agent.
pub fn new_complaint(
    f: &Fx,
    at: DateTime<Utc>,
    summary: &str,
) -> frontdesk::store::complaints::NewComplaint {
    frontdesk::store::complaints::NewComplaint {
        customer_id: Some(f.cars[0].0),
        vehicle_id: Some(f.cars[0].1),
        call_id: None,
        channel: "phone".into(),
        received_at: at,
        category: frontdesk::domain::complaints::Category::Attitude,
        loss_yuan: None,
        severity_by_hand: None,
        station: "一号店".into(),
        summary: summary.into(),
        demand: "道歉".into(),
        handler_id: f.agent.agent_id,
    }
}

/// Complaint `id`'s status as stored (`new`, `withdrawn`…).
pub fn complaint_status(f: &Fx, id: i64) -> String {
    f.db.conn()
        .query_row("SELECT status FROM complaints WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
}

/// The steps that work a registered complaint to closure, in order: contact,
/// investigation, a resolution, the customer's confirmation, closing.
pub fn closing_steps() -> [frontdesk::domain::complaints::EventKind; 5] {
    use frontdesk::domain::complaints::{ConfirmHow, EventKind};
    [
        EventKind::Contacted,
        EventKind::Investigating,
        EventKind::Resolved {
            resolution: "道歉".into(),
        },
        EventKind::Confirmed {
            who: "客户本人".into(),
            how: ConfirmHow::Phone,
            satisfaction: 5,
        },
        EventKind::Closed,
    ]
}

pub struct Fx {
    pub _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub db: Db,
    pub setup: StoreSetup,
    pub sup: Actor,
    pub agent: Actor,
    /// (customer id, vehicle id)
    pub cars: Vec<(i64, i64)>,
}

pub fn fx(cars: usize) -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let sys = Actor {
        agent_id: None,
        at: now(),
    };
    let s = agents::ensure(&mut db, sys, "1001", "刘芳", Role::Supervisor).unwrap();
    let a = agents::ensure(&mut db, sys, "1002", "陈静", Role::Agent).unwrap();
    let mut list = Vec::new();
    for i in 0..cars {
        let c = CustomerData {
            name: format!("客户{i}"),
            mobile: Some(format!("138{:08}", i)),
            ..Default::default()
        };
        let cid = customers::create(&mut db, sys, &c).unwrap();
        let v = VehicleData {
            vin: format!("LSVTEST{:010}", i),
            vin_check_ok: true,
            plate: Some(format!("粤B{:05}", i)),
            brand: "大众".into(),
            model: "帕萨特".into(),
            mileage_km: Some(30_000),
            ..Default::default()
        };
        let vid = vehicles::create(&mut db, sys, cid, &v).unwrap();
        list.push((cid, vid));
    }
    let mut setup = StoreSetup::builtin();
    setup.tz = TZ;
    Fx {
        _dir: dir,
        path,
        db,
        setup,
        sup: Actor {
            agent_id: Some(s.id),
            at: now(),
        },
        agent: Actor {
            agent_id: Some(a.id),
            at: now(),
        },
        cars: list,
    }
}

impl Fx {
    pub fn booking(
        &self,
        car: usize,
        advisor: usize,
        bay: usize,
        start: DateTime<Utc>,
    ) -> NewBooking {
        NewBooking {
            customer_id: self.cars[car].0,
            vehicle_id: self.cars[car].1,
            services: vec!["maintenance".into()],
            need: "仪表提示保养".into(),
            advisor: self.setup.advisors[advisor].clone(),
            bay: self.setup.bays[bay].clone(),
            start,
            ..Default::default()
        }
    }

    pub fn book(&mut self, b: NewBooking) -> Result<i64, BookError> {
        sa::book(&mut self.db, self.agent, &self.setup, b, now(), None)
    }

    pub fn step(
        &mut self,
        id: i64,
        t: Transition,
        when: DateTime<Utc>,
    ) -> Result<Status, StepError> {
        let actor = Actor {
            at: when,
            ..self.agent
        };
        sa::transition(&mut self.db, actor, &self.setup, id, t, when)
    }

    /// Agent 1002's app on this store, on the fixed clock.
    pub fn app(&self) -> frontdesk::ui::app::App {
        let agent = agents::by_emp_no(&Db::open(&self.path).unwrap(), "1002")
            .unwrap()
            .unwrap();
        frontdesk::ui::app::App::new(
            Db::open(&self.path).unwrap(),
            frontdesk::clock::Clock::fixed(TZ, now()),
            frontdesk::config::Settings::with_db(self.path.clone(), frontdesk::i18n::Lang::Zh),
            Some(agent),
        )
    }
}

/// Complaint `id`'s audit entries, oldest first, as the audit log words them (the
/// supervisor is 刘芳, the agent 陈静).
pub fn complaint_sentences(f: &Fx, id: i64, lang: frontdesk::i18n::Lang) -> Vec<String> {
    let templates = frontdesk::domain::templates::TemplateSet::builtin();
    let agents = [
        (f.sup.agent_id.unwrap(), "刘芳".to_string()),
        (f.agent.agent_id.unwrap(), "陈静".to_string()),
    ];
    let mut rows = frontdesk::store::audit::for_entity(f.db.conn(), "complaint", id, 100).unwrap();
    rows.reverse();
    rows.iter()
        .map(|e| {
            let entry = e.words();
            let r = frontdesk::domain::audit::Reading {
                lang,
                templates: &templates,
                tz: TZ,
                agents: &agents,
            };
            frontdesk::domain::audit::sentence(&entry, r).text(lang)
        })
        .collect()
}
