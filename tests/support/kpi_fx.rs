//! A hand-computed November for the monthly assessment and the call-quality report (shared
//! by `tests/kpi_report.rs` and `tests/render_kpi.rs`). Now: Thursday 2026-12-03 10:00 in
//! Shanghai. The store's own assessment sheet (store setting `quality.sheet`) sets the
//! calls target to 4; the rest is the built-in sheet: record 95, quality 90, callbacks 95,
//! complaints 100; weights 15 / 25 / 30 / 15 / 15; pass 80; 2 points per late hand-over.
//!
//! 陈静 (1002, agent):
//! - calls: four in November, completeness 100, 90, 80, 90 (average 90.0); one on 10-20
//!   (outside);
//! - reviews: the 11-02 call scored all 5s (100.0); the 11-03 call scored
//!   5 4 3 5 4 2 (80.0), disputed, re-scored 5 4 5 5 4 2 (88.0); the other two queued (not
//!   counted): 2 reviews, average (100 + 88) / 2 = 94.0;
//! - callbacks held: done 11-06 (window to 11-08, on time), 11-15 (window to 11-13, late),
//!   11-20 (window to 11-22, on time); one done 10-30 (outside): 3 done, 2 on time;
//! - complaints handled: received 11-05 contacted in 5 min, resolved the same day (every
//!   deadline kept); received 11-06 never contacted (10-minute contact missed): 2, 1 kept;
//! - a car she sold (salesperson "陈静") delivered 11-10, documents never came (due 11-12):
//!   1 late hand-over. A car sold by "销售部小李" (no agent) is late too and counts for no one.
//!
//! 王磊 (1003, agent):
//! - calls: two in November, completeness 100 and 100 (average 100.0);
//! - reviews: 5 4 3 5 4 2 (80.0) and a fatal error (points 3 each, score 0.0): 2 reviews,
//!   1 fatal, average 40.0;
//! - no callbacks; one complaint received 11-12, contacted in 5 min, resolved (kept): 1 of 1.
//!
//! 陈静: calls 4/4 → 100; record 90/95 = 94.7; quality 94/90 → 100; callbacks 2/3 =
//! 66.67 % / 95 = 70.2; complaints 50 % / 100 = 50.0. Total (15×100 + 25×94.7 + 30×100 +
//! 15×70.2 + 15×50) / 100 = 86.705, less 2 = 84.7: pass, rank 1.
//!
//! 王磊: calls 2/4 = 50.0; record 100/95 → 100; quality 40/90 = 44.4; callbacks none (left
//! out); complaints 100 %. Total (15×50 + 25×100 + 30×44.4 + 15×100) / 85 = 6082 / 85 =
//! 71.55 → 71.6: fail, rank 2. The supervisor 刘芳 (1001) has nothing to count: not listed.
//!
//! Quality report (criteria greeting, identification, listening, accuracy, courtesy,
//! closing; the points of the round in force): 陈静 5 4.5 5 5 4.5 3.5; 王磊 4 3.5 3 4 3.5
//! 2.5; all four: 4.5 4 4 4.5 4 3, average (100 + 88 + 80 + 0) / 4 = 67.0, 1 fatal.
#![allow(dead_code)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use frontdesk::domain::archive::{CustomerData, VehicleData};
use frontdesk::domain::calls::{Channel, Direction};
use frontdesk::domain::complaints::{Category, Event, EventKind};
use frontdesk::domain::quality::{QualityConfig, SampleRule, Scores};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::store::agents::{self, Agent, Role};
use frontdesk::store::calls::{self, NewCall};
use frontdesk::store::complaints::{self as sc, NewComplaint};
use frontdesk::store::quality::{self, View};
use frontdesk::store::{Actor, Db, customers, vehicles};
use std::path::PathBuf;

pub const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// Store-local 2026-`m`-`d` `h`:00.
pub fn local(m: u32, d: u32, h: u32) -> DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, m, d, h, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// Thursday 2026-12-03 10:00, the fixed "now".
pub fn now() -> DateTime<Utc> {
    local(12, 3, 10)
}

/// `FRONTDESK_NOW` for the binary.
pub const NOW: &str = "2026-12-03T10:00";

pub struct Fx {
    pub _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub db: Db,
    pub sup: Agent,
    pub a: Agent,
    pub b: Agent,
}

fn actor(agent: &Agent, at: DateTime<Utc>) -> Actor {
    Actor {
        agent_id: Some(agent.id),
        at,
    }
}

pub fn call(db: &mut Db, agent: &Agent, start: DateTime<Utc>, completeness: u8) -> i64 {
    call_of(db, agent, "consult_station", start, completeness)
}

/// A call of the built-in template `template` logged by `agent` at `start`, two minutes
/// long.
pub fn call_of(
    db: &mut Db,
    agent: &Agent,
    template: &str,
    start: DateTime<Utc>,
    completeness: u8,
) -> i64 {
    let set = TemplateSet::builtin();
    let t = set.get(template).unwrap();
    let c = NewCall {
        customer_id: None,
        vehicle_id: None,
        direction: Direction::Inbound,
        channel: Channel::Phone,
        template_id: t.id.clone(),
        template_version: t.version,
        group: t.group,
        fields: Default::default(),
        sentence: "咨询服务站电话".into(),
        resolved: true,
        completeness,
        started_at: start,
    };
    calls::save(db, actor(agent, start + Duration::minutes(2)), &c)
        .unwrap()
        .call_id
}

pub fn points(p: [u8; 6], fatal: bool) -> Scores {
    let sheet = QualityConfig::builtin().review;
    Scores {
        points: sheet.criteria.iter().map(|c| c.id.clone()).zip(p).collect(),
        fatal,
    }
}

/// Scores the queued review of `call`; returns its id.
fn score(f: &mut Fx, call: i64, p: [u8; 6], fatal: bool) -> i64 {
    let r = quality::list(&f.db, &f.sup, View::Queue)
        .unwrap()
        .into_iter()
        .find(|r| r.source_id == call)
        .unwrap();
    let sheet = QualityConfig::builtin().review;
    let sup = f.sup.clone();
    quality::score(
        &mut f.db,
        local(12, 1, 9),
        &sup,
        r.id,
        r.version,
        &points(p, fatal),
        "",
        &sheet,
    )
    .unwrap();
    r.id
}

/// A callback task held by `agent`, done store-locally on `done` ("MM-DD" 10:00).
fn callback(db: &Db, i: i64, agent: &Agent, window_end: &str, done: (u32, u32)) {
    let at = local(done.0, done.1, 10)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    db.conn()
        .execute(
            "INSERT INTO callback_tasks (uuid, store_id, kind, source_table, source_id,
                 anchor_date, due_date, window_start, window_end, status, completed_at,
                 claimed_by, completed_by, created_at, updated_at)
             VALUES (?1, 's', '7dc', 'sales_files', ?2, ?3, ?3, ?3, ?3, 'done', ?4, ?5, ?5,
                     '2026-10-01T00:00:00Z', '2026-10-01T00:00:00Z')",
            rusqlite::params![format!("cb{i}"), i, window_end, at, agent.id],
        )
        .unwrap();
    // The window starts three days before it ends (the insert put the end everywhere).
    db.conn()
        .execute(
            "UPDATE callback_tasks SET window_start = date(window_end, '-3 days'),
                 due_date = date(window_end, '-3 days'), anchor_date = date(window_end, '-3 days')
             WHERE uuid = ?1",
            [format!("cb{i}")],
        )
        .unwrap();
}

fn complaint(f: &mut Fx, handler: &Agent, received: DateTime<Utc>, kept: bool) {
    let c = NewComplaint {
        customer_id: None,
        vehicle_id: None,
        call_id: None,
        channel: "phone".into(),
        received_at: received,
        category: Category::Attitude,
        loss_yuan: None,
        severity_by_hand: None,
        station: "机修车间".into(),
        summary: "服务态度差".into(),
        demand: "道歉".into(),
        handler_id: Some(handler.id),
    };
    let id = sc::register(&mut f.db, actor(&f.sup, received), &c).unwrap();
    if !kept {
        return;
    }
    let at = |m: i64| received + Duration::minutes(m);
    let h = handler.id;
    sc::append(
        &mut f.db,
        id,
        Event::new(at(5), h, EventKind::Contacted),
        TZ,
    )
    .unwrap();
    let inv = Event::new(at(60), h, EventKind::Investigating);
    sc::append(&mut f.db, id, inv, TZ).unwrap();
    let done = EventKind::Resolved {
        resolution: "已道歉".into(),
    };
    sc::append(&mut f.db, id, Event::new(at(300), h, done), TZ).unwrap();
}

/// A car sold by `salesperson`, delivered on 2026-11-`day`, no document handed over.
fn sale(db: &mut Db, i: i64, salesperson: &str, day: u32) {
    let sys = Actor {
        agent_id: None,
        at: local(10, 1, 9),
    };
    let c = CustomerData {
        name: format!("购车客户{i}"),
        mobile: Some(format!("1390000000{i}")),
        ..Default::default()
    };
    let customer = customers::create(db, sys, &c).unwrap();
    let v = VehicleData {
        vin: format!("LSVKPI{i:011}"),
        vin_check_ok: true,
        brand: "大众".into(),
        model: "帕萨特".into(),
        ..Default::default()
    };
    let vehicle = vehicles::create(db, sys, customer, &v).unwrap();
    db.conn()
        .execute(
            "INSERT INTO sales_files (uuid, store_id, vehicle_id, delivery_date, invoice_date,
                 channel, salesperson, created_at, updated_at)
             VALUES (?1, 's', ?2, ?3, ?3, 'direct', ?4, '2026-10-01T00:00:00Z',
                     '2026-10-01T00:00:00Z')",
            rusqlite::params![
                format!("s{i}"),
                vehicle,
                format!("2026-11-{day:02}"),
                salesperson
            ],
        )
        .unwrap();
}

pub fn fx() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kpi.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let sys = Actor {
        agent_id: None,
        at: local(10, 1, 9),
    };
    let sup = agents::ensure(&mut db, sys, "1001", "刘芳", Role::Supervisor).unwrap();
    let a = agents::ensure(&mut db, sys, "1002", "陈静", Role::Agent).unwrap();
    let b = agents::ensure(&mut db, sys, "1003", "王磊", Role::Agent).unwrap();
    frontdesk::store::settings::set(
        &mut db,
        actor(&sup, sys.at),
        quality::SHEET_KEY,
        "[assessment]\npass = 80.0\nlate_handover_penalty = 2.0\n\
         [[assessment.metrics]]\nid = \"calls\"\nweight = 15\ntarget = 4.0\n\
         [[assessment.metrics]]\nid = \"record\"\nweight = 25\ntarget = 95.0\n\
         [[assessment.metrics]]\nid = \"quality\"\nweight = 30\ntarget = 90.0\n\
         [[assessment.metrics]]\nid = \"callbacks\"\nweight = 15\ntarget = 95.0\n\
         [[assessment.metrics]]\nid = \"complaints\"\nweight = 15\ntarget = 100.0\n",
        None,
    )
    .unwrap();
    let mut f = Fx {
        _dir: dir,
        path,
        db,
        sup,
        a: a.clone(),
        b: b.clone(),
    };
    // Calls.
    call(&mut f.db, &a, local(10, 20, 10), 50);
    let a1 = call(&mut f.db, &a, local(11, 2, 10), 100);
    let a2 = call(&mut f.db, &a, local(11, 3, 10), 90);
    call(&mut f.db, &a, local(11, 4, 10), 80);
    call(&mut f.db, &a, local(11, 5, 10), 90);
    let b1 = call(&mut f.db, &b, local(11, 9, 10), 100);
    let b2 = call(&mut f.db, &b, local(11, 10, 10), 100);
    // Every call of the last 35 days is queued (all shorter than the rule's minimum).
    let rule = SampleRule {
        per_agent_week: 0,
        every_complaint: false,
        min_call_seconds: 100_000,
    };
    let sup = f.sup.clone();
    quality::sample(&mut f.db, actor(&sup, local(12, 1, 8)), TZ, &rule).unwrap();
    score(&mut f, a1, [5; 6], false);
    let disputed = score(&mut f, a2, [5, 4, 3, 5, 4, 2], false);
    let v = quality::detail(&f.db, &a, disputed).unwrap().row.version;
    quality::dispute(&mut f.db, local(12, 1, 11), &a, disputed, v, "客户先打断").unwrap();
    let v = quality::detail(&f.db, &sup, disputed).unwrap().row.version;
    let sheet = QualityConfig::builtin().review;
    quality::score(
        &mut f.db,
        local(12, 2, 9),
        &sup,
        disputed,
        v,
        &points([5, 4, 5, 5, 4, 2], false),
        "复听录音",
        &sheet,
    )
    .unwrap();
    score(&mut f, b1, [5, 4, 3, 5, 4, 2], false);
    score(&mut f, b2, [3; 6], true);
    // Callbacks.
    callback(&f.db, 1, &a, "2026-11-08", (11, 6));
    callback(&f.db, 2, &a, "2026-11-13", (11, 15));
    callback(&f.db, 3, &a, "2026-11-22", (11, 20));
    callback(&f.db, 4, &a, "2026-10-31", (10, 30));
    // Complaints.
    complaint(&mut f, &a, local(11, 5, 10), true);
    complaint(&mut f, &a, local(11, 6, 10), false);
    complaint(&mut f, &b, local(11, 12, 10), true);
    // Hand-overs.
    sale(&mut f.db, 1, "陈静", 10);
    sale(&mut f.db, 2, "销售部小李", 10);
    f
}
