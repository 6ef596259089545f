//! The callbacks report counted on one basis (the tasks due in the period) with 5- and
//! 10-point survey averages kept apart, on tasks whose figures are worked out by hand:
//!
//! | task | kind    | due   | window end | now     | done / closed | scores            |
//! |------|---------|-------|------------|---------|---------------|-------------------|
//! | 1    | 7DC     | 11-05 | 11-08      | done    | 11-06         | overall 5, recp 4 |
//! | 2    | 7DC     | 11-10 | 11-13      | done    | 11-15 (late)  | overall 3         |
//! | 3    | 7DC     | 10-28 | 10-31      | done    | 11-02         | overall 1         |
//! | 4    | 7DC     | 11-15 | 11-18      | skipped |               |                   |
//! | 5    | 3DC     | 11-20 | 11-22      | expired | 11-23         |                   |
//! | 6    | 3DC     | 11-29 | 12-01      | failed  | 12-01         |                   |
//! | 7    | 3DC     | 11-25 | 11-27      | open    |               |                   |
//! | 8    | monthly | 11-12 | 11-18      | done    | 11-12         | 9 and 10 (of 10)  |
//!
//! November, by due day: 7DC due 2 (1, 2; task 3 was due in October, 4 is skipped), done 2,
//! on time 1, average (5 + 4 + 3) / 3 = 4.00 of 5; 3DC due 3, failed 1, expired 1, still
//! open 1; monthly due 1, done 1, average 9.50 of 10; total due 6, done 3, on time 2. The
//! old report mixed bases (task 3 done in November, task 6 failed in December) and put
//! (5 + 4 + 3 + 9 + 10) / 5 = 6.20 beside both scales.

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::Rules;
use frontdesk::domain::complaints::SlaSettings;
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::io::{Sheet, Value};
use frontdesk::store::Db;
use frontdesk::store::reports::{self, Ctx, Range, Report, RowKey};

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

/// (kind, due, window end, status, completed "MM-DD", scores)
type Task = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

const TASKS: [Task; 8] = [
    (
        "7dc",
        "11-05",
        "11-08",
        "done",
        Some("11-06"),
        Some(r#"{"overall":5,"reception":4}"#),
    ),
    (
        "7dc",
        "11-10",
        "11-13",
        "done",
        Some("11-15"),
        Some(r#"{"overall":3}"#),
    ),
    (
        "7dc",
        "10-28",
        "10-31",
        "done",
        Some("11-02"),
        Some(r#"{"overall":1}"#),
    ),
    ("7dc", "11-15", "11-18", "skipped", None, None),
    ("3dc", "11-20", "11-22", "expired", Some("11-23"), None),
    ("3dc", "11-29", "12-01", "failed", Some("12-01"), None),
    ("3dc", "11-25", "11-27", "open", None, None),
    (
        "monthly",
        "11-12",
        "11-18",
        "done",
        Some("11-12"),
        Some(r#"{"vehicle_satisfaction":9,"recommend":10}"#),
    ),
];

struct Fx {
    _dir: tempfile::TempDir,
    db: Db,
    templates: TemplateSet,
    calendar: BusinessCalendar,
    rules: Rules,
}

impl Fx {
    fn ctx(&self, lang: Lang) -> Ctx<'_> {
        Ctx {
            lang,
            tz: TZ,
            now: TZ
                .with_ymd_and_hms(2026, 12, 3, 18, 0, 0)
                .unwrap()
                .with_timezone(&Utc),
            templates: &self.templates,
            calendar: &self.calendar,
            sla: SlaSettings::default(),
            rules: &self.rules,
            churn_months: 12,
            viewer: Default::default(),
        }
    }

    fn november(&self, lang: Lang) -> Sheet {
        let range = Range {
            from: Some(d(11, 1)),
            to: Some(d(11, 30)),
        };
        reports::build(self.db.conn(), Report::Callbacks, &range, &self.ctx(lang)).unwrap()
    }
}

fn fx() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
    for (i, (kind, due, end, status, done, scores)) in TASKS.iter().enumerate() {
        let day = |md: &str| format!("2026-{md}");
        // Completed at 10:00 store time (02:00 UTC).
        let at = done.map(|md| format!("{}T02:00:00Z", day(md)));
        db.conn()
            .execute(
                "INSERT INTO callback_tasks (uuid, store_id, kind, source_table, source_id,
                     anchor_date, due_date, window_start, window_end, status, completed_at,
                     score_json, created_at, updated_at)
                 VALUES (?1, 's', ?2, 'sales_files', ?3, ?4, ?4, ?4, ?5, ?6, ?7, ?8,
                         '2026-10-01T00:00:00Z', '2026-10-01T00:00:00Z')",
                rusqlite::params![
                    format!("u{i}"),
                    kind,
                    i as i64,
                    day(due),
                    day(end),
                    status,
                    at,
                    scores
                ],
            )
            .unwrap();
    }
    Fx {
        _dir: dir,
        db,
        templates: TemplateSet::builtin(),
        calendar: BusinessCalendar::builtin(),
        rules: Rules::builtin(),
    }
}

fn row<'a>(s: &'a Sheet, kind: &str) -> &'a [Value] {
    s.rows
        .iter()
        .find(|r| r[0].text() == kind)
        .unwrap_or_else(|| panic!("no row {kind}: {:?}", s.text_rows()))
}

fn ints(r: &[Value]) -> Vec<i64> {
    r[1..=6]
        .iter()
        .map(|v| match v {
            Value::Int(i) => *i,
            other => panic!("not a count: {other:?}"),
        })
        .collect()
}

#[test]
fn every_callback_figure_counts_the_tasks_due_in_the_period() {
    let f = fx();
    let s = f.november(Lang::En);
    assert_eq!(
        s.columns,
        [
            "Kind",
            "Due",
            "Done",
            "On time",
            "Failed",
            "Expired",
            "Still open",
            "Scale",
            "Average score"
        ]
    );
    // due, done, on time, failed, expired, still open
    let dc7 = row(&s, "7DC new-car callback");
    assert_eq!(ints(dc7), [2, 2, 1, 0, 0, 0]);
    assert_eq!((&dc7[7], &dc7[8]), (&Value::Int(5), &Value::Num(4.0, 2)));
    let dc3 = row(&s, "3DC repair callback");
    assert_eq!(ints(dc3), [3, 0, 0, 1, 1, 1]);
    assert_eq!(dc3[8], Value::Empty);
    let monthly = row(&s, "1-month callback");
    assert_eq!(ints(monthly), [1, 1, 1, 0, 0, 0]);
    assert_eq!(
        (&monthly[7], &monthly[8]),
        (&Value::Int(10), &Value::Num(9.5, 2))
    );
    // The total adds the counts and averages nothing.
    let total = row(&s, "Total");
    assert_eq!(ints(total), [6, 3, 2, 1, 1, 1]);
    assert_eq!((&total[7], &total[8]), (&Value::Empty, &Value::Empty));
    assert_eq!(s.rows.len(), 4);
    // Each figure lists exactly the tasks it counts (the average: the done ones scored).
    for (r, cells) in s.rows.iter().enumerate() {
        for c in [1, 2, 3, 4, 5, 6, 8] {
            let count = match (c, &cells[c]) {
                (8, _) => ints(cells)[1],
                (_, Value::Int(n)) => *n,
                _ => continue,
            };
            let key = s.cells.get(&(r, c)).or(s.keys[r].as_ref());
            let Some(RowKey::Drill(dr)) = key else {
                panic!("no records behind {} / {}", cells[0].text(), s.columns[c]);
            };
            let listed = reports::drill::drill(f.db.conn(), dr, &f.ctx(Lang::En)).unwrap();
            assert_eq!(
                listed.rows.len() as i64,
                count,
                "{} / {}",
                cells[0].text(),
                s.columns[c]
            );
        }
    }
}

#[test]
fn five_and_ten_point_averages_are_never_mixed_and_the_basis_is_said() {
    let f = fx();
    let s = f.november(Lang::En);
    let notes = s.notes.join("\n");
    assert!(notes.contains("By due day: the callback tasks due 2026-11-01 to 2026-11-30"));
    assert!(
        notes.contains("5-point surveys: average 4.00 (7DC new-car callback; 3 scores;"),
        "{notes}"
    );
    assert!(
        notes.contains("10-point surveys: average 9.50 (1-month callback; 2 scores;"),
        "{notes}"
    );
    // The trend counts by another day, and says so.
    assert!(
        notes.contains("Done per day (by day done) 2026-11-01"),
        "{notes}"
    );
    // Per question, on its scale.
    assert!(
        notes.contains("/ 整体满意度: 4.00/5 (2 answers)"),
        "{notes}"
    );
    assert!(
        notes.contains("/ 向亲友推荐本店的意愿: 10.00/10 (1 answer)"),
        "{notes}"
    );
    // The old mixed average is nowhere.
    assert!(!notes.contains("6.20"), "{notes}");
    assert!(!s.text_rows().iter().flatten().any(|c| c == "6.20"));
    // The Chinese page says the same.
    let zh = f.november(Lang::Zh);
    let notes = zh.notes.join("\n");
    assert!(notes.contains("按到期日统计"), "{notes}");
    assert!(notes.contains("5分制问卷平均分 4.00"), "{notes}");
    assert!(notes.contains("10分制问卷平均分 9.50"), "{notes}");
}

#[test]
fn each_figure_of_the_callbacks_page_has_a_one_line_definition_in_both_languages() {
    use frontdesk::store::reports::defs::{definition, lines};
    let f = fx();
    for lang in [Lang::Zh, Lang::En] {
        let s = f.november(lang);
        for c in 1..s.columns.len() {
            let def = definition(Report::Callbacks, c, lang)
                .unwrap_or_else(|| panic!("{} undefined", s.columns[c]));
            assert!(!def.contains('\n'));
        }
        assert_eq!(lines(Report::Callbacks, &s.columns, lang).len(), 8);
    }
    assert!(
        definition(Report::Callbacks, 1, Lang::En)
            .unwrap()
            .starts_with("callback tasks due in the period")
    );
    assert!(
        definition(Report::Callbacks, 1, Lang::Zh)
            .unwrap()
            .starts_with("到期日在本期内")
    );
    // The agents' callbacks are counted by the day done, and their definition says so.
    assert!(
        definition(Report::Agents, 10, Lang::En)
            .unwrap()
            .contains("by day done")
    );
}

/// Sales documents within 2 working days of delivery, on the built-in 2026 calendar
/// (National Day 1–7 October off, Saturday 10 October worked), as of Tuesday 20 October:
///
/// | car | salesperson | delivered    | deadline     | received     | standing             |
/// |-----|-------------|--------------|--------------|--------------|----------------------|
/// | 1   | 王强        | Wed 30 Sep   | Fri 9 Oct    | Fri 9 Oct    | on time              |
/// | 2   | 王强        | Thu 8 Oct    | Sat 10 Oct   | Mon 12 Oct   | 1 working day late   |
/// | 3   | 李娜        | Fri 9 Oct    | Mon 12 Oct   | —            | missing, 6 days over |
/// | 4   | 李娜        | Mon 19 Oct   | Wed 21 Oct   | —            | not yet due          |
/// | 5   | 李娜        | 15 Sep       | (before the period)                                |
#[test]
fn document_hand_over_per_salesperson_in_working_days() {
    use frontdesk::domain::archive::{CustomerData, SalesFileData, VehicleData};
    use frontdesk::store::{Actor, customers, files, vehicles};
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("h.sqlite3")).unwrap();
    let sys = Actor {
        agent_id: None,
        at: TZ
            .with_ymd_and_hms(2026, 10, 20, 9, 0, 0)
            .unwrap()
            .with_timezone(&Utc),
    };
    let c = CustomerData {
        name: "张三".into(),
        mobile: Some("13800000001".into()),
        ..Default::default()
    };
    let cid = customers::create(&mut db, sys, &c).unwrap();
    let cars = [
        ("王强", d(9, 30), Some(d(10, 9))),
        ("王强", d(10, 8), Some(d(10, 12))),
        ("李娜", d(10, 9), None),
        ("李娜", d(10, 19), None),
        ("李娜", d(9, 15), None),
    ];
    for (i, (who, delivered, received)) in cars.into_iter().enumerate() {
        let v = VehicleData {
            vin: format!("LSVHANDOVER{i}00000"),
            plate: Some(format!("粤A1000{i}")),
            brand: "大众".into(),
            model: "朗逸".into(),
            purchase_date: Some(delivered),
            ..Default::default()
        };
        let vid = vehicles::create(&mut db, sys, cid, &v).unwrap();
        let s = SalesFileData {
            delivery_date: delivered,
            invoice_date: delivered,
            salesperson: who.into(),
            documents_received: received,
            ..Default::default()
        };
        let sid = db.store_id().to_string();
        db.write(|tx| files::insert_sales_file_in(tx, &sid, sys, vid, &s).map(|_| ()))
            .unwrap();
    }
    let (templates, calendar, rules) = (
        TemplateSet::builtin(),
        BusinessCalendar::builtin(),
        Rules::builtin(),
    );
    let ctx = Ctx {
        lang: Lang::En,
        tz: TZ,
        now: TZ
            .with_ymd_and_hms(2026, 10, 20, 18, 0, 0)
            .unwrap()
            .with_timezone(&Utc),
        templates: &templates,
        calendar: &calendar,
        sla: SlaSettings::default(),
        rules: &rules,
        churn_months: 12,
        viewer: Default::default(),
    };
    let range = Range {
        from: Some(d(9, 28)),
        to: Some(d(10, 31)),
    };
    let s = reports::build(db.conn(), Report::Handover, &range, &ctx).unwrap();
    assert_eq!(
        s.columns,
        [
            "Staff",
            "Documents",
            "Due",
            "On time",
            "Late",
            "Missing",
            "Not yet due"
        ]
    );
    assert_eq!(
        s.text_rows(),
        [
            ["李娜", "Sales", "2", "0", "0", "1", "1"],
            ["王强", "Sales", "2", "1", "1", "0", "0"],
            ["Total", "", "4", "1", "1", "1", "1"],
        ]
    );
    let notes = s.notes.join("\n");
    assert!(
        notes.contains(
            "delivered 2026-10-08 粤A10001 张三 · sold by 王强 · due 2026-10-10 · received 1 working day late"
        ),
        "{notes}"
    );
    assert!(
        notes.contains(
            "delivered 2026-10-09 粤A10002 张三 · sold by 李娜 · due 2026-10-12 · missing (6 working days overdue)"
        ),
        "{notes}"
    );
    // The on-time and not-yet-due ones are not listed.
    assert!(
        !notes.contains("粤A10000") && !notes.contains("粤A10003"),
        "{notes}"
    );
    assert_eq!(s.notes.len(), 3, "{notes}");
    // Each figure lists exactly its sales files; each listed row opens the customer.
    use frontdesk::store::reports::Drill;
    for (r, cells) in s.rows.iter().enumerate() {
        for c in 2..=6 {
            let Value::Int(n) = cells[c] else { panic!() };
            let key = s.cells.get(&(r, c)).or(s.keys[r].as_ref());
            let Some(RowKey::Drill(dr)) = key else {
                panic!("no records behind {} / {}", cells[0].text(), s.columns[c])
            };
            let listed = reports::drill::drill(db.conn(), dr, &ctx).unwrap();
            assert_eq!(
                listed.rows.len() as i64,
                n,
                "{} / {}",
                cells[0].text(),
                s.columns[c]
            );
            assert!(
                listed
                    .keys
                    .iter()
                    .all(|k| k == &Some(RowKey::Customer(cid)))
            );
        }
    }
    let missing = Drill::Handover {
        from: d(9, 28),
        to: d(10, 31),
        kind: Some(frontdesk::domain::handover::HandoverKind::Sales),
        staff: Some("李娜".into()),
        standing: Some(frontdesk::domain::handover::StandingKind::Missing),
    };
    let listed = reports::drill::drill(db.conn(), &missing, &ctx).unwrap();
    assert_eq!(
        listed.text_rows(),
        [[
            "2026-10-09",
            "Sales",
            "张三",
            "138****0001",
            "粤A10002",
            "李娜",
            "2026-10-12",
            "",
            "missing (6 working days overdue)"
        ]]
    );
    // `frontdesk report handover` knows it.
    assert_eq!(Report::parse("handover"), Some(Report::Handover));
    assert!(frontdesk::store::reports::defs::definition(Report::Handover, 3, Lang::Zh).is_some());
}
