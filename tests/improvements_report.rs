//! `frontdesk report improvements --from D --to D` and its export, on actions whose figures
//! are worked out by hand (now: Monday 2026-11-23):
//!
//! | action | department | raised | due   | done  | status      | standing     |
//! |--------|------------|--------|-------|-------|-------------|--------------|
//! | 1      | service    | 11-02  | 11-10 | 11-09 | verified    | on time      |
//! | 2      | service    | 11-05  | 11-12 | 11-15 | done        | late         |
//! | 3      | parts      | 11-10  | 11-20 |       | open        | overdue      |
//! | 4      | sales      | 11-20  | 11-30 |       | in progress | not yet due  |
//! | 5      | service    | 10-28  | 11-01 |       | open        | (October)    |
//!
//! November: service raised 2 (on time 1, late 1, verified 1), parts 1 (overdue 1),
//! sales 1 (not yet due 1); total 4. Action 5 is overdue too but was raised in October.

mod support;

use frontdesk::domain::improvements::{Department, Status};
use frontdesk::store::Actor;
use frontdesk::store::improvements::{self as si, NewImprovement};
use support::appointments_fx::{Fx, at, fx};

fn action(f: &mut Fx, dep: Department, raised: (u32, u32), due: (u32, u32)) -> i64 {
    let day = |(m, d): (u32, u32)| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let when = at(1, 10, 0) + chrono::Duration::days(i64::from(raised.1) - 1)
        - chrono::Duration::days(if raised.0 == 10 { 31 } else { 0 });
    let actor = Actor {
        agent_id: f.agent.agent_id,
        at: when,
    };
    si::raise(
        &mut f.db,
        actor,
        day(raised),
        &NewImprovement {
            department: dep,
            finding: format!("{} 整改 {}", dep.code(), raised.1),
            words: String::new(),
            owner_id: f.agent.agent_id,
            due: Some(day(due)),
            links: Vec::new(),
            order: None,
        },
    )
    .unwrap()
}

fn step(f: &mut Fx, id: i64, day: u32, to: Status, note: Option<&str>) {
    let v = si::get(f.db.conn(), id).unwrap().version;
    let actor = Actor {
        agent_id: if note.is_some() {
            f.sup.agent_id
        } else {
            f.agent.agent_id
        },
        at: at(day, 16, 0),
    };
    si::step(&mut f.db, actor, id, v, to, note.is_some(), note).unwrap();
}

fn store() -> Fx {
    let mut f = fx(0);
    let a1 = action(&mut f, Department::Service, (11, 2), (11, 10));
    step(&mut f, a1, 3, Status::InProgress, None);
    step(&mut f, a1, 9, Status::Done, None);
    step(&mut f, a1, 12, Status::Verified, Some("回访确认"));
    let a2 = action(&mut f, Department::Service, (11, 5), (11, 12));
    step(&mut f, a2, 6, Status::InProgress, None);
    step(&mut f, a2, 15, Status::Done, None);
    action(&mut f, Department::Parts, (11, 10), (11, 20));
    let a4 = action(&mut f, Department::Sales, (11, 20), (11, 30));
    step(&mut f, a4, 21, Status::InProgress, None);
    action(&mut f, Department::Service, (10, 28), (11, 1));
    f
}

/// The numbers of the row starting with `label`.
fn figures(out: &str, label: &str) -> Vec<i64> {
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no row {label}:\n{out}"));
    line.split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect()
}

#[test]
fn the_report_counts_per_department_in_both_languages() {
    let f = store();
    let home = tempfile::tempdir().unwrap();
    let env = support::env(home.path());
    let db = f.path.to_str().unwrap();
    let args = |lang: &'static str| {
        vec![
            "--db",
            db,
            "--lang",
            lang,
            "--agent",
            "1001",
            "report",
            "improvements",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ]
    };
    let (code, en, err) = support::run(&args("en"), &env);
    assert_eq!(code, 0, "{en}{err}");
    assert!(
        en.contains("Improvement actions 2026-11-01 ~ 2026-11-30"),
        "{en}"
    );
    assert_eq!(figures(&en, "Service"), vec![2, 1, 1, 0, 0, 1], "{en}");
    assert_eq!(figures(&en, "Parts"), vec![1, 0, 0, 1, 0, 0], "{en}");
    assert_eq!(figures(&en, "Sales"), vec![1, 0, 0, 0, 1, 0], "{en}");
    assert_eq!(figures(&en, "Total"), vec![4, 1, 1, 1, 1, 1], "{en}");
    assert!(en.contains("overdue #3 Parts · due 2026-11-20"), "{en}");
    assert!(!en.contains("#5 "), "raised in October: {en}");
    let (code, zh, err) = support::run(&args("zh"), &env);
    assert_eq!(code, 0, "{zh}{err}");
    assert!(zh.contains("整改跟踪"), "{zh}");
    assert_eq!(figures(&zh, "售后服务"), vec![2, 1, 1, 0, 0, 1], "{zh}");
    assert_eq!(figures(&zh, "合计"), vec![4, 1, 1, 1, 1, 1], "{zh}");
    assert!(zh.contains("逾期 #3 配件"), "{zh}");
}

#[test]
fn the_report_exports_as_csv_and_xlsx_and_bad_dates_are_refused() {
    let f = store();
    let home = tempfile::tempdir().unwrap();
    let env = support::env(home.path());
    let db = f.path.to_str().unwrap();
    let csv = home.path().join("imp.csv");
    let (code, out, err) = support::run(
        &[
            "--db",
            db,
            "--lang",
            "en",
            "--agent",
            "1001",
            "export",
            "improvements",
            "--from",
            "2026-11",
            "--to",
            "2026-11",
            "--out",
            csv.to_str().unwrap(),
        ],
        &env,
    );
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    assert!(
        text.lines()
            .any(|l| l.starts_with("Department,Raised,Done on time,Done late,Overdue")),
        "{text}"
    );
    assert!(text.lines().any(|l| l == "Total,4,1,1,1,1,1"), "{text}");
    let xlsx = home.path().join("imp.xlsx");
    let (code, out, err) = support::run(
        &[
            "--db",
            db,
            "--agent",
            "1001",
            "export",
            "improvements",
            "--out",
            xlsx.to_str().unwrap(),
        ],
        &env,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 0);
    let (code, out, err) = support::run(
        &[
            "--db",
            db,
            "--lang",
            "en",
            "--agent",
            "1001",
            "report",
            "improvements",
            "--from",
            "yesterday",
        ],
        &env,
    );
    assert_ne!(code, 0);
    assert!(
        format!("{out}{err}").contains("--from yesterday"),
        "{out}{err}"
    );
    let (code, out, err) = support::run(
        &[
            "--db",
            db,
            "--lang",
            "zh",
            "--agent",
            "1001",
            "report",
            "improvements",
            "--from",
            "2026-12-01",
            "--to",
            "2026-11-01",
        ],
        &env,
    );
    assert_ne!(code, 0);
    assert!(format!("{out}{err}").contains("晚于"), "{out}{err}");
}
