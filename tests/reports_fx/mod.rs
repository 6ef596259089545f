//! Helpers shared by the customer-analysis report tests (`reports.rs`, `reports_drill.rs`,
//! `reports_callbacks.rs`).
//!
//! A small store whose figures are worked out by hand below (as of Sunday 2026-11-22):
//!
//! | customer | car (bought)                   | visits (repair orders opened)            |
//! |----------|--------------------------------|------------------------------------------|
//! | 张三     | 大众 朗逸 2026-03-01 (0 y)     | 2026-04-01, 2026-10-01                   |
//! | 李四     | 大众 帕萨特 2023-11-22 (3 y)   | 2026-01-05                               |
//! |          | 丰田 凯美瑞 2018-01-01 (8 y)   | 2026-02-01, 2026-06-01, 2026-09-09       |
//! | 王五     | 丰田 凯美瑞 2023-11-23 (2 y)   | 2025-11-22 (a day before the 12 months)  |
//! | 赵六     | 比亚迪 秦PLUS (no date)        | none                                     |
//! | 钱七     | no car                         |                                          |

#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use frontdesk::domain::archive::{CustomerData, RepairOrderData, VehicleData};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::calls::{Channel, Direction};
use frontdesk::domain::complaints::{Category, Event, EventKind, SlaSettings};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::io::Sheet;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::calls::{self, NewCall};
use frontdesk::store::complaints::{self as sc, NewComplaint};
use frontdesk::store::reports::{self, Ctx, Drill, Range, Report, RowKey};
use frontdesk::store::{Actor, Db, customers, files, vehicles};
use std::collections::BTreeMap;

pub const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn local(day: NaiveDate, h: u32) -> DateTime<Utc> {
    TZ.from_local_datetime(&day.and_hms_opt(h, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

pub struct Fx {
    pub _dir: tempfile::TempDir,
    pub db: Db,
    pub ids: BTreeMap<&'static str, i64>,
    pub templates: TemplateSet,
    pub calendar: BusinessCalendar,
    pub rules: frontdesk::domain::callbacks::Rules,
}

impl Fx {
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            lang: Lang::En,
            tz: TZ,
            now: local(d(2026, 11, 22), 18),
            templates: &self.templates,
            calendar: &self.calendar,
            sla: SlaSettings::default(),
            rules: &self.rules,
            churn_months: 12,
            viewer: Default::default(),
        }
    }

    pub fn build(&self, r: Report, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Sheet {
        reports::build(self.db.conn(), r, &Range { from, to }, &self.ctx()).unwrap()
    }

    pub fn drill(&self, d: &Drill) -> Sheet {
        reports::drill::drill(self.db.conn(), d, &self.ctx()).unwrap()
    }

    /// The customers a drill-down's rows open.
    pub fn customers_of(&self, s: &Sheet) -> Vec<i64> {
        s.keys
            .iter()
            .map(|k| match k {
                Some(RowKey::Customer(id)) => *id,
                other => panic!("not a customer row: {other:?}"),
            })
            .collect()
    }
}

pub fn fx() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("store.sqlite3")).unwrap();
    let sys = Actor {
        agent_id: None,
        at: local(d(2026, 11, 1), 9),
    };
    let mut ids = BTreeMap::new();
    for (emp, name) in [("1002", "陈静"), ("1003", "王磊")] {
        let a = agents::ensure(&mut db, sys, emp, name, Role::Agent).unwrap();
        ids.insert(emp, a.id);
    }
    type Car = (
        &'static str,
        &'static str,
        Option<NaiveDate>,
        Vec<NaiveDate>,
    );
    let people: [(&str, &str, Vec<Car>); 5] = [
        (
            "zhang",
            "张三",
            vec![(
                "大众",
                "朗逸",
                Some(d(2026, 3, 1)),
                vec![d(2026, 4, 1), d(2026, 10, 1)],
            )],
        ),
        (
            "li",
            "李四",
            vec![
                ("大众", "帕萨特", Some(d(2023, 11, 22)), vec![d(2026, 1, 5)]),
                (
                    "丰田",
                    "凯美瑞",
                    Some(d(2018, 1, 1)),
                    vec![d(2026, 2, 1), d(2026, 6, 1), d(2026, 9, 9)],
                ),
            ],
        ),
        (
            "wang",
            "王五",
            vec![(
                "丰田",
                "凯美瑞",
                Some(d(2023, 11, 23)),
                vec![d(2025, 11, 22)],
            )],
        ),
        ("zhao", "赵六", vec![("比亚迪", "秦PLUS", None, vec![])]),
        ("qian", "钱七", vec![]),
    ];
    let mut n = 0;
    for (key, name, cars) in people {
        n += 1;
        let c = CustomerData {
            name: name.into(),
            mobile: Some(format!("1380000000{n}")),
            ..Default::default()
        };
        let cid = customers::create(&mut db, sys, &c).unwrap();
        ids.insert(key, cid);
        for (k, (brand, model, bought, visits)) in cars.into_iter().enumerate() {
            let v = VehicleData {
                vin: format!("LSVREPORT{n}{k}000000"),
                vin_check_ok: false,
                plate: Some(format!("粤B{n}{k}000")),
                brand: brand.into(),
                model: model.into(),
                purchase_date: bought,
                ..Default::default()
            };
            let vid = vehicles::create(&mut db, sys, cid, &v).unwrap();
            let sid = db.store_id().to_string();
            db.write(|tx| {
                for (j, day) in visits.iter().enumerate() {
                    let o = RepairOrderData {
                        ro_number: format!("RO{n}{k}{j}"),
                        opened: *day,
                        closed: Some(*day),
                        ..Default::default()
                    };
                    files::insert_repair_order_in(tx, &sid, sys, vid, &o)?;
                }
                Ok(())
            })
            .unwrap();
        }
    }
    let templates = TemplateSet::builtin();
    for (agent, template, day, who) in [
        ("1002", "consult_price", d(2026, 11, 3), "zhang"),
        ("1003", "consult_tech", d(2026, 11, 5), "li"),
        ("1003", "consult_tech", d(2026, 10, 30), "li"),
    ] {
        let t = templates.get(template).unwrap();
        let call = NewCall {
            customer_id: Some(ids[who]),
            vehicle_id: None,
            direction: Direction::Inbound,
            channel: Channel::Phone,
            template_id: t.id.clone(),
            template_version: t.version,
            group: t.group,
            fields: BTreeMap::new(),
            sentence: format!("{template} 记录"),
            resolved: true,
            completeness: 100,
            started_at: local(day, 10),
        };
        let actor = Actor {
            agent_id: Some(ids[agent]),
            at: local(day, 11),
        };
        calls::save(&mut db, actor, &call).unwrap();
    }
    // Two complaints at one station in November, both valid (attitude, timeliness): the
    // first contacted in 5 min, handled and resolved within the day (kept, closed); the
    // second contacted after 30 min (first-contact deadline missed).
    let handler = ids["1003"];
    for (who, category, received, contacted, resolved) in [
        (
            "zhang",
            Category::Attitude,
            local(d(2026, 11, 5), 10),
            5,
            true,
        ),
        (
            "li",
            Category::Timeliness,
            local(d(2026, 11, 6), 9),
            30,
            false,
        ),
    ] {
        let c = NewComplaint {
            customer_id: Some(ids[who]),
            vehicle_id: None,
            call_id: None,
            channel: "phone".into(),
            received_at: received,
            category,
            loss_yuan: None,
            severity_by_hand: None,
            station: "机修车间".into(),
            summary: "经过".into(),
            demand: "诉求".into(),
            handler_id: Some(handler),
        };
        let actor = Actor {
            agent_id: Some(ids["1002"]),
            at: received,
        };
        let id = sc::register(&mut db, actor, &c).unwrap();
        let at = |m: i64| received + chrono::Duration::minutes(m);
        sc::append(
            &mut db,
            id,
            Event::new(at(contacted), handler, EventKind::Contacted),
            TZ,
        )
        .unwrap();
        if resolved {
            let inv = Event::new(at(60), handler, EventKind::Investigating);
            sc::append(&mut db, id, inv, TZ).unwrap();
            let kind = EventKind::Resolved {
                resolution: "已道歉".into(),
            };
            sc::append(&mut db, id, Event::new(at(300), handler, kind), TZ).unwrap();
            db.conn()
                .execute(
                    "UPDATE complaints SET status = 'closed' WHERE id = ?1",
                    [id],
                )
                .unwrap();
        }
        ids.insert(if resolved { "kept" } else { "late" }, id);
    }
    Fx {
        _dir: dir,
        db,
        ids,
        templates,
        calendar: BusinessCalendar::builtin(),
        rules: frontdesk::domain::callbacks::Rules::builtin(),
    }
}

pub fn texts(s: &Sheet, col: usize) -> Vec<String> {
    s.rows.iter().map(|r| r[col].text()).collect()
}
