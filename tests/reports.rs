//! The customer-analysis reports and the drill-down behind report rows, on a small store
//! whose figures are worked out by hand below (as of Sunday 2026-11-22):
//!
//! | customer | car (bought)                   | visits (repair orders opened)            |
//! |----------|--------------------------------|------------------------------------------|
//! | 张三     | 大众 朗逸 2026-03-01 (0 y)     | 2026-04-01, 2026-10-01                   |
//! | 李四     | 大众 帕萨特 2023-11-22 (3 y)   | 2026-01-05                               |
//! |          | 丰田 凯美瑞 2018-01-01 (8 y)   | 2026-02-01, 2026-06-01, 2026-09-09       |
//! | 王五     | 丰田 凯美瑞 2023-11-23 (2 y)   | 2025-11-22 (a day before the 12 months)  |
//! | 赵六     | 比亚迪 秦PLUS (no date)        | none                                     |
//! | 钱七     | no car                         |                                          |

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use frontdesk::domain::archive::{CustomerData, RepairOrderData, VehicleData};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::calls::{Channel, Direction};
use frontdesk::domain::complaints::{Category, Event, EventKind, SlaSettings};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::io::report::{self, Ctx, Drill, Range, Report, RowKey};
use frontdesk::io::{Sheet, Value};
use frontdesk::store::agents::{self, Role};
use frontdesk::store::calls::{self, NewCall};
use frontdesk::store::complaints::{self as sc, NewComplaint};
use frontdesk::store::{Actor, Db, customers, files, vehicles};
use std::collections::BTreeMap;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn local(day: NaiveDate, h: u32) -> DateTime<Utc> {
    TZ.from_local_datetime(&day.and_hms_opt(h, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

struct Fx {
    _dir: tempfile::TempDir,
    db: Db,
    ids: BTreeMap<&'static str, i64>,
    templates: TemplateSet,
    calendar: BusinessCalendar,
    rules: frontdesk::domain::callbacks::Rules,
}

impl Fx {
    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            lang: Lang::En,
            tz: TZ,
            now: local(d(2026, 11, 22), 18),
            templates: &self.templates,
            calendar: &self.calendar,
            sla: SlaSettings::default(),
            rules: &self.rules,
            churn_months: 12,
        }
    }

    fn build(&self, r: Report, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Sheet {
        report::build(self.db.conn(), r, &Range { from, to }, &self.ctx()).unwrap()
    }

    fn drill(&self, d: &Drill) -> Sheet {
        report::drill::drill(self.db.conn(), d, &self.ctx()).unwrap()
    }

    /// The customers a drill-down's rows open.
    fn customers_of(&self, s: &Sheet) -> Vec<i64> {
        s.keys
            .iter()
            .map(|k| match k {
                Some(RowKey::Customer(id)) => *id,
                other => panic!("not a customer row: {other:?}"),
            })
            .collect()
    }
}

fn fx() -> Fx {
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

fn texts(s: &Sheet, col: usize) -> Vec<String> {
    s.rows.iter().map(|r| r[col].text()).collect()
}

#[test]
fn customer_groups_by_brand_model_and_age() {
    let f = fx();
    let s = f.build(Report::CustomerGroups, None, Some(d(2026, 11, 22)));
    assert_eq!(
        texts(&s, 1),
        [
            "丰田",
            "大众",
            "比亚迪",
            "丰田 凯美瑞",
            "大众 帕萨特",
            "大众 朗逸",
            "比亚迪 秦PLUS",
            "age 0–1 years",
            "age 1–3 years",
            "age 3–5 years",
            "age 5–8 years",
            "age 8+ years",
            "age unknown",
        ]
    );
    // Vehicles, customers and the share of the 5 vehicles.
    let row = |i: usize| {
        (
            s.rows[i][2].clone(),
            s.rows[i][3].clone(),
            s.rows[i][4].text(),
        )
    };
    assert_eq!(row(0), (Value::Int(2), Value::Int(2), "40.0".into()));
    assert_eq!(row(2), (Value::Int(1), Value::Int(1), "20.0".into()));
    assert_eq!(row(3), (Value::Int(2), Value::Int(2), "40.0".into()));
    let ages: Vec<Value> = s.rows[7..].iter().map(|r| r[2].clone()).collect();
    assert_eq!(
        ages,
        [1, 1, 1, 0, 1, 1].map(Value::Int).to_vec(),
        "exactly 3 years is 3–5; a day short of 3 is 1–3"
    );
    // Each row lists its vehicles, and they add up to the row's figure.
    for (i, row) in s.rows.iter().enumerate() {
        let Some(RowKey::Drill(dr)) = &s.keys[i] else {
            panic!("row {i} has no drill-down")
        };
        assert_eq!(Value::Int(f.drill(dr).rows.len() as i64), row[2], "row {i}");
    }
    let Some(RowKey::Drill(three_to_five)) = &s.keys[9] else {
        panic!()
    };
    let cars = f.drill(three_to_five);
    assert_eq!(f.customers_of(&cars), [f.ids["li"]]);
    assert_eq!(cars.rows[0][2].text(), "粤B20000");
    assert_eq!(cars.rows[0][1].text(), "138****0002", "masked in the list");
    // Cars bought after the day asked are not counted yet.
    let s = f.build(Report::CustomerGroups, None, Some(d(2026, 2, 1)));
    assert!(s.notes[0].starts_with("4 vehicles"), "{:?}", s.notes);
}

#[test]
fn loyalty_counts_visits_in_the_last_twelve_months() {
    let f = fx();
    let s = f.build(Report::Loyalty, None, Some(d(2026, 11, 22)));
    assert!(s.title.contains("2025-11-23 ~ 2026-11-22"), "{}", s.title);
    assert_eq!(texts(&s, 0), ["0", "1", "2", "3", "4+"]);
    assert_eq!(
        s.rows.iter().map(|r| r[1].clone()).collect::<Vec<_>>(),
        [2, 0, 1, 0, 1].map(Value::Int).to_vec(),
        "钱七 has no car and is not counted"
    );
    assert_eq!(s.rows[0][2].text(), "50.0");
    assert_eq!(s.rows[4][3], Value::Int(4));
    assert!(
        s.notes[0].contains("4 customers with a car, 2 came in, 6 repair orders; 1.50 visits"),
        "{:?}",
        s.notes
    );
    let drill = |i: usize| match &s.keys[i] {
        Some(RowKey::Drill(dr)) => f.drill(dr),
        other => panic!("{other:?}"),
    };
    let none = drill(0);
    assert_eq!(f.customers_of(&none), [f.ids["wang"], f.ids["zhao"]]);
    assert_eq!(none.rows[0][3].text(), "2025-11-22", "王五's last visit");
    let most = drill(4);
    assert_eq!(f.customers_of(&most), [f.ids["li"]]);
    assert_eq!(most.rows[0][2], Value::Int(4));
    // A calendar year as the period.
    let s = f.build(Report::Loyalty, Some(d(2025, 1, 1)), Some(d(2025, 12, 31)));
    assert_eq!(
        s.rows.iter().map(|r| r[1].clone()).collect::<Vec<_>>(),
        [3, 1, 0, 0, 0].map(Value::Int).to_vec()
    );
}

#[test]
fn summary_rows_drill_into_their_calls() {
    let f = fx();
    let nov = (Some(d(2026, 11, 1)), Some(d(2026, 11, 22)));
    let s = f.build(Report::CallsByTemplate, nov.0, nov.1);
    // Templates in the set's order.
    assert_eq!(texts(&s, 0), ["consult_tech", "consult_price", "Total"]);
    // The trend of calls per day: the 3rd and the 5th of 22 days.
    assert_eq!(
        s.notes[1],
        format!("Calls per day 2026-11-01   █ █{}  (max 1)", " ".repeat(17))
    );
    let calls_of = |s: &Sheet, i: usize| match &s.keys[i] {
        Some(RowKey::Drill(dr)) => f.drill(dr),
        other => panic!("{other:?}"),
    };
    let tech = calls_of(&s, 0);
    assert_eq!(
        f.customers_of(&tech),
        [f.ids["li"]],
        "October's call is outside"
    );
    assert_eq!(tech.rows[0][0].text(), "2026-11-05 10:00");
    assert_eq!(calls_of(&s, 2).rows.len(), 2);
    // Agent KPIs: each agent's row lists that agent's calls.
    let s = f.build(Report::Agents, nov.0, nov.1);
    let row = texts(&s, 0).iter().position(|e| e == "1003").unwrap();
    let theirs = calls_of(&s, row);
    assert_eq!(theirs.rows.len(), 1);
    assert_eq!(theirs.rows[0][5].text(), "1003 王磊");
    // A figure under an agent's column lists that agent's calls of the template.
    let s = f.build(Report::CallsByTemplate, nov.0, nov.1);
    let col = s.columns.iter().position(|c| c == "1003 王磊").unwrap();
    let Some(RowKey::Drill(dr)) = s.cells.get(&(0, col)) else {
        panic!("no records under {col}: {:?}", s.cells)
    };
    assert_eq!(f.customers_of(&f.drill(dr)), [f.ids["li"]]);
    let col = s.columns.iter().position(|c| c == "1002 陈静").unwrap();
    let Some(RowKey::Drill(dr)) = s.cells.get(&(0, col)) else {
        panic!()
    };
    assert!(f.drill(dr).rows.is_empty(), "陈静 took no tech call");
    // Customer lists open the customer.
    let s = f.build(Report::Customers, None, None);
    assert_eq!(s.keys[0], Some(RowKey::Customer(f.ids["zhang"])));
}

#[test]
fn complaint_figures_by_category_and_station_with_the_flag() {
    let f = fx();
    let s = f.build(
        Report::ComplaintStats,
        Some(d(2026, 11, 1)),
        Some(d(2026, 11, 22)),
    );
    let rows: Vec<Vec<String>> = s.text_rows();
    let want = [
        ["Category", "attitude", "1", "1", "100.0", "100.0", "1", ""],
        ["Category", "timeliness", "1", "1", "0.0", "0.0", "0", ""],
        [
            "Station",
            "机修车间",
            "2",
            "2",
            "50.0",
            "50.0",
            "1",
            "flagged",
        ],
        ["Total", "", "2", "2", "50.0", "50.0", "1", ""],
    ];
    assert_eq!(rows.len(), want.len(), "{rows:?}");
    for (got, want) in rows.iter().zip(want) {
        assert_eq!(got[0], want[0]);
        assert_eq!(
            &got[2..],
            &want[2..].iter().map(|x| x.to_string()).collect::<Vec<_>>()
        );
    }
    // The station's row lists both complaints; each opens the complaint.
    let Some(RowKey::Drill(dr)) = &s.keys[2] else {
        panic!()
    };
    let list = f.drill(dr);
    assert_eq!(
        list.keys,
        [
            Some(RowKey::Complaint(f.ids["kept"])),
            Some(RowKey::Complaint(f.ids["late"]))
        ]
    );
    assert_eq!(list.rows[1][2].text(), "李四");
    // The month-end summary's rows open their complaint too.
    let s = f.build(
        Report::Complaints,
        Some(d(2026, 11, 1)),
        Some(d(2026, 11, 22)),
    );
    assert_eq!(s.keys[0], Some(RowKey::Complaint(f.ids["kept"])));
    // The agent KPIs: complaints handled, closed, within every deadline.
    let s = f.build(Report::Agents, Some(d(2026, 11, 1)), Some(d(2026, 11, 22)));
    let row = texts(&s, 0).iter().position(|e| e == "1003").unwrap();
    let col = |name: &str| s.columns.iter().position(|c| c == name).unwrap();
    assert_eq!(s.rows[row][col("Complaints handled")], Value::Int(2));
    assert_eq!(s.rows[row][col("of which closed")], Value::Int(1));
    assert_eq!(s.rows[row][col("within SLA")], Value::Int(1));
    // Each of those figures lists its complaints.
    let listed = |c: usize| match s.cells.get(&(row, c)) {
        Some(RowKey::Drill(dr)) => f.drill(dr).rows.len(),
        other => panic!("{other:?}"),
    };
    assert_eq!(listed(col("Complaints handled")), 2);
    assert_eq!(listed(col("of which closed")), 1);
}

#[test]
fn callbacks_done_count_for_the_agent_with_the_daily_trend() {
    use frontdesk::domain::callbacks::{Kind, Outcome, Rules};
    use frontdesk::store::callbacks::{self as cb, AttemptInput, QueueFilter};
    let mut f = fx();
    let rules = Rules::builtin();
    // 张三's car was handed back on 1 October: the 3DC call is due from the 4th.
    let day = d(2026, 10, 5);
    let sup = Actor {
        agent_id: Some(f.ids["1002"]),
        at: local(day, 9),
    };
    cb::plan(&mut f.db, sup, day, TZ, &rules, &f.calendar).unwrap();
    let filter = QueueFilter {
        kind: Some(Kind::Dc3),
        ..Default::default()
    };
    let task = cb::queue(f.db.conn(), &filter, day, 10)
        .unwrap()
        .into_iter()
        .find(|t| t.customer_id == Some(f.ids["zhang"]))
        .expect("the 3DC task");
    cb::claim(&mut f.db, &rules, sup, task.id).unwrap();
    let input = AttemptInput {
        outcome: Outcome::Done,
        scores: Default::default(),
        notes: "满意".into(),
        complaint: None,
        rsvp: None,
    };
    let at = local(day, 10);
    let actor = Actor { at, ..sup };
    cb::record_attempt(
        &mut f.db,
        &rules,
        actor,
        task.id,
        &input,
        at.with_timezone(&TZ),
    )
    .unwrap();

    let oct = (Some(d(2026, 10, 1)), Some(d(2026, 10, 31)));
    let s = f.build(Report::Agents, oct.0, oct.1);
    let row = texts(&s, 0).iter().position(|e| e == "1002").unwrap();
    let col = |name: &str| s.columns.iter().position(|c| c == name).unwrap();
    assert_eq!(s.rows[row][col("Callbacks done")], Value::Int(1));
    assert_eq!(s.rows[row][col("on time")], Value::Int(1));
    let Some(RowKey::Drill(dr)) = s.cells.get(&(row, col("Callbacks done"))) else {
        panic!()
    };
    assert_eq!(f.customers_of(&f.drill(dr)), [f.ids["zhang"]]);
    // The callbacks report's trend: one done on the 5th of 31 days; the done figure of
    // the 3DC row lists it.
    let s = f.build(Report::Callbacks, oct.0, oct.1);
    let r3 = texts(&s, 0)
        .iter()
        .position(|k| k == "3DC repair callback")
        .unwrap();
    let Some(RowKey::Drill(dr)) = s.cells.get(&(r3, 2)) else {
        panic!()
    };
    assert_eq!(f.drill(dr).rows.len(), 1);
    let trend = s
        .notes
        .iter()
        .find(|n| n.starts_with("Done per day"))
        .expect("the trend line");
    assert_eq!(
        trend,
        &format!(
            "Done per day (by day done) 2026-10-01 {}█{}  (max 1)",
            " ".repeat(4),
            " ".repeat(26)
        )
    );
}

#[test]
fn the_today_board_counts_overdue_callbacks() {
    use frontdesk::domain::callbacks::Rules;
    use frontdesk::store::callbacks as cb;
    let mut f = fx();
    // 李四's Camry was handed back on Wednesday 9 September: the 3DC window is the 12th
    // to the 14th, and the call is due on Monday the 14th (the weekend moves it).
    let day = d(2026, 9, 14);
    let sys = Actor {
        agent_id: None,
        at: local(day, 9),
    };
    cb::plan(&mut f.db, sys, day, TZ, &Rules::builtin(), &f.calendar).unwrap();
    let board = |day: NaiveDate| {
        frontdesk::store::board::today(f.db.conn(), local(day, 0), local(day, 12)).unwrap()
    };
    let b = board(day);
    assert_eq!((b.callbacks_due, b.callbacks_overdue), (1, 0), "{b:?}");
    let b = board(d(2026, 9, 15));
    assert_eq!((b.callbacks_due, b.callbacks_overdue), (1, 1), "{b:?}");
}

#[test]
fn closing_dates_the_follow_ups_in_the_stores_zone() {
    use frontdesk::domain::complaints::ConfirmHow;
    // Closed at 17:30 UTC on 5 November: still the 5th in Los Angeles, already the 6th in
    // Shanghai. The follow-up call is due 3 days after the store's day of closing.
    for (tz, call_due) in [
        (chrono_tz::America::Los_Angeles, "2026-11-08"),
        (TZ, "2026-11-09"),
    ] {
        let mut f = fx();
        let id = f.ids["kept"];
        let by = f.ids["1003"];
        let at = Utc.with_ymd_and_hms(2026, 11, 5, 17, 0, 0).unwrap();
        let confirmed = EventKind::Confirmed {
            who: "张三".into(),
            how: ConfirmHow::Phone,
            satisfaction: 5,
        };
        sc::append(&mut f.db, id, Event::new(at, by, confirmed), tz).unwrap();
        let closed = at + chrono::Duration::minutes(30);
        sc::append(&mut f.db, id, Event::new(closed, by, EventKind::Closed), tz).unwrap();
        let due: String = f
            .db
            .conn()
            .query_row(
                "SELECT due FROM complaint_follow_ups WHERE complaint_id = ?1 AND kind = 'call'",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(due, call_due, "{tz}");
    }
}

/// On a demo store: every figure of the callbacks report and of the agents' callback and
/// complaint columns lists exactly as many records as it counts.
#[test]
fn on_a_demo_store_every_figure_lists_as_many_records_as_it_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("demo.sqlite3")).unwrap();
    let today = d(2026, 11, 22);
    let actor = Actor {
        agent_id: None,
        at: local(today, 10),
    };
    frontdesk::demo::fill(&mut db, actor, TZ, today, 600, 11, |_| {}).unwrap();
    let f = Fx { db, ..fx() };
    let checked = |report: Report, cols: &[usize]| {
        let s = f.build(report, Some(d(2026, 10, 25)), Some(today));
        let mut n = 0;
        for (r, row) in s.rows.iter().enumerate() {
            for &c in cols {
                let (Value::Int(count), Some(RowKey::Drill(dr))) = (&row[c], s.cells.get(&(r, c)))
                else {
                    continue;
                };
                if *count > 500 {
                    continue;
                }
                assert_eq!(
                    f.drill(dr).rows.len() as i64,
                    *count,
                    "{report:?} row {} column {}",
                    row[0].text(),
                    s.columns[c]
                );
                n += 1;
            }
        }
        n
    };
    assert!(checked(Report::Callbacks, &[2, 3, 4, 5]) > 10);
    assert!(checked(Report::Agents, &[7, 8, 9, 10, 11]) > 5);
    let agents = f.build(Report::CallsByTemplate, None, None).columns.len();
    assert!(checked(Report::CallsByTemplate, &(5..agents).collect::<Vec<_>>()) > 5);
    // And each row's own figure: calls per template, per agent, complaints per category
    // and station, callbacks due per kind.
    let rows = |report: Report, col: usize| {
        let s = f.build(report, Some(d(2026, 10, 25)), Some(today));
        let mut n = 0;
        for (r, row) in s.rows.iter().enumerate() {
            let (Value::Int(count), Some(Some(RowKey::Drill(dr)))) = (&row[col], s.keys.get(r))
            else {
                continue;
            };
            if *count <= 500 {
                let listed = f.drill(dr).rows.len() as i64;
                assert_eq!(listed, *count, "{report:?} row {}", row[0].text());
                n += 1;
            }
        }
        n
    };
    assert!(rows(Report::CallsByTemplate, 3) > 5);
    assert!(rows(Report::Agents, 3) > 3);
    assert!(rows(Report::ComplaintStats, 2) > 2);
    assert!(rows(Report::Callbacks, 1) > 5);
    // Lists on screen stop at 500 and say so; the export lists every record.
    let all_cars = Drill::Vehicles {
        asof: today,
        brand: None,
        model: None,
        age: None,
    };
    let cars: i64 =
        f.db.conn()
            .query_row(
                "SELECT count(*) FROM vehicles WHERE purchase_date IS NULL OR purchase_date <= ?1",
                ["2026-11-22"],
                |r| r.get(0),
            )
            .unwrap();
    assert!(cars > 500, "{cars}");
    let shown = f.drill(&all_cars);
    assert_eq!(shown.rows.len(), 500);
    assert!(
        shown.notes[0].contains(&format!("{cars} rows; the first 500 listed")),
        "{:?}",
        shown.notes
    );
    let all = report::drill::drill_all(f.db.conn(), &all_cars, &f.ctx()).unwrap();
    assert_eq!(all.rows.len() as i64, cars);
}
