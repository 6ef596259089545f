//! The report fixture: a small store whose figures are worked out by hand, and the
//! helpers that build a report from it and read its cells.

use super::{Store, date, local, t0, vin};
use chrono::{DateTime, NaiveDate, Utc};
use frontdesk::domain::archive::{CustomerData, RepairOrderData, VehicleData};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::calls::{Channel, Direction};
use frontdesk::domain::complaints::{Category, SlaSettings};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::io::{Sheet, Value};
use frontdesk::store::agents::{self, Role};
use frontdesk::store::calls::{self, NewCall};
use frontdesk::store::complaints::{self as sc, NewComplaint};
use frontdesk::store::reports::{self, Ctx, Range, Report};
use frontdesk::store::{Actor, customers, files, vehicles};
use std::collections::BTreeMap;

/// A small store, every figure worked out by hand:
///
/// - agents 1001 刘芳 (supervisor), 1002 陈静, 1003 王磊
/// - customers 张三 (vehicle 粤B00001, visit 2026-10-01), 李四 (粤B00002, visits 2024-01-01
///   and 2025-06-01), 王五 (粤B00003, visit 2025-11-22 — exactly 12 months before
///   2026-11-22), 赵六 (粤B00004, never visited)
/// - November calls (store time): 1002 at 11-03 10:00 consult_price 100 % resolved, 11-10
///   15:00 consult_price 80 % open, 11-20 09:00 complaint_attitude 60 % open (opens a
///   complaint); 1003 at 11-01 00:30 consult_tech 90 % resolved (UTC: still October 31).
///   Outside: 1002 at 10-31 23:30 (UTC October 31 15:30).
/// - complaints: the one from the call (no handler) and one registered by hand on 11-05,
///   handler 1003, timeliness, station 机修车间, closed.
pub fn report_store() -> (Store, BTreeMap<&'static str, i64>) {
    let s = Store::new();
    let mut db = s.db();
    let sid = db.store_id().to_string();
    let sys = Actor {
        agent_id: None,
        at: t0(),
    };
    let mut ids = BTreeMap::new();
    for (emp, name, role) in [
        ("1001", "刘芳", Role::Supervisor),
        ("1002", "陈静", Role::Agent),
        ("1003", "王磊", Role::Agent),
    ] {
        ids.insert(
            emp,
            agents::ensure(&mut db, sys, emp, name, role).unwrap().id,
        );
    }
    let people = [
        ("张三", "13800000001", 1, vec![date(2026, 10, 1)]),
        (
            "李四",
            "13800000002",
            2,
            vec![date(2024, 1, 1), date(2025, 6, 1)],
        ),
        ("王五", "13800000003", 3, vec![date(2025, 11, 22)]),
        ("赵六", "13800000004", 4, vec![]),
    ];
    let keys = ["zhang", "li", "wang", "zhao"];
    db.write(|tx| {
        for (i, (name, mobile, n, visits)) in people.iter().enumerate() {
            let c = CustomerData {
                name: (*name).into(),
                mobile: Some((*mobile).into()),
                ..Default::default()
            };
            let cid = customers::insert_in(tx, &sid, sys, &c)?;
            let v = VehicleData {
                vin: vin(100 + n),
                vin_check_ok: true,
                plate: Some(format!("粤B0000{n}")),
                brand: "大众".into(),
                model: "朗逸".into(),
                ..Default::default()
            };
            let vid = vehicles::insert_in(tx, &sid, sys, cid, &v)?;
            for (k, d) in visits.iter().enumerate() {
                let o = RepairOrderData {
                    ro_number: format!("RO{n}{k}"),
                    opened: *d,
                    closed: Some(*d),
                    advisor: "李晓峰".into(),
                    ..Default::default()
                };
                files::insert_repair_order_in(tx, &sid, sys, vid, &o)?;
            }
            ids.insert(keys[i], cid);
        }
        Ok(())
    })
    .unwrap();
    let set = TemplateSet::builtin();
    let mut save = |agent: &str,
                    template: &str,
                    at: DateTime<Utc>,
                    completeness: u8,
                    resolved: bool,
                    who: &str| {
        let t = set.get(template).unwrap();
        let c = NewCall {
            customer_id: Some(ids[who]),
            vehicle_id: None,
            direction: Direction::Inbound,
            channel: Channel::Phone,
            template_id: t.id.clone(),
            template_version: t.version,
            group: t.group,
            fields: BTreeMap::new(),
            sentence: format!("{template} 记录"),
            resolved,
            completeness,
            started_at: at,
        };
        let actor = Actor {
            agent_id: Some(ids[agent]),
            at: at + chrono::Duration::minutes(3),
        };
        calls::save(&mut db, actor, &c).unwrap();
    };
    save(
        "1002",
        "consult_price",
        local(2026, 11, 3, 10, 0),
        100,
        true,
        "zhang",
    );
    save(
        "1002",
        "consult_price",
        local(2026, 11, 10, 15, 0),
        80,
        false,
        "li",
    );
    // Stored as the call form stores every rescue and complaint call: "resolved", as it
    // needs no 24-hour follow-up. The reports must not count it as resolved on the spot.
    save(
        "1002",
        "complaint_attitude",
        local(2026, 11, 20, 9, 0),
        60,
        true,
        "wang",
    );
    save(
        "1003",
        "consult_tech",
        local(2026, 11, 1, 0, 30),
        90,
        true,
        "zhao",
    );
    save(
        "1002",
        "consult_price",
        local(2026, 10, 31, 23, 30),
        70,
        true,
        "zhang",
    );
    let c = NewComplaint {
        customer_id: Some(ids["li"]),
        vehicle_id: None,
        call_id: None,
        channel: "phone".into(),
        received_at: local(2026, 11, 5, 14, 0),
        category: Category::Timeliness,
        loss_yuan: None,
        severity_by_hand: None,
        station: "机修车间".into(),
        summary: "等待时间过长".into(),
        demand: "道歉".into(),
        handler_id: Some(ids["1003"]),
    };
    let cid = sc::register(
        &mut db,
        Actor {
            agent_id: Some(ids["1001"]),
            at: local(2026, 11, 5, 14, 5),
        },
        &c,
    )
    .unwrap();
    ids.insert("complaint", cid);
    // Closed (the workflow itself is tested elsewhere; the report only reads the status).
    s.conn()
        .execute(
            "UPDATE complaints SET status = 'closed' WHERE id = ?1",
            [cid],
        )
        .unwrap();
    (s, ids)
}

pub fn build(s: &Store, report: Report, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Sheet {
    let db = s.db();
    let templates = TemplateSet::builtin();
    let calendar = BusinessCalendar::builtin();
    let rules = frontdesk::domain::callbacks::Rules::builtin();
    let ctx = Ctx {
        lang: Lang::En,
        tz: chrono_tz::Asia::Shanghai,
        now: t0(),
        templates: &templates,
        calendar: &calendar,
        sla: SlaSettings::default(),
        rules: &rules,
        churn_months: 12,
        viewer: Default::default(),
    };
    reports::build(db.conn(), report, &Range { from, to }, &ctx).unwrap()
}

pub fn col(sheet: &Sheet, name: &str) -> usize {
    sheet
        .columns
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name}: {:?}", sheet.columns))
}

pub fn cell<'a>(sheet: &'a Sheet, row: usize, name: &str) -> &'a Value {
    &sheet.rows[row][col(sheet, name)]
}

pub const NOV: (Option<NaiveDate>, Option<NaiveDate>) = (
    NaiveDate::from_ymd_opt(2026, 11, 1),
    NaiveDate::from_ymd_opt(2026, 11, 30),
);
