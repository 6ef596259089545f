//! The monthly assessment (`report kpi`) and the call-quality report (`report quality`) on
//! the hand-computed November of `support/kpi_fx.rs` (every figure is worked out there):
//! each figure, the weighted total, pass/fail and the rank; each figure's drill-down lists
//! exactly the records it counts; both commands on the command line and their exports.

mod support;

use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::Rules;
use frontdesk::domain::complaints::SlaSettings;
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::io::{Sheet, Value};
use frontdesk::store::reports::{self, Ctx, Range, Report, RowKey};
use support::kpi_fx::{Fx, NOW, TZ, fx, now};

/// What a report needs besides the database: the built-in templates, calendar and rules.
struct Setup {
    templates: TemplateSet,
    calendar: BusinessCalendar,
    rules: Rules,
}

impl Setup {
    fn new() -> Setup {
        Setup {
            templates: TemplateSet::builtin(),
            calendar: BusinessCalendar::builtin(),
            rules: Rules::builtin(),
        }
    }

    fn ctx(&self, lang: Lang) -> Ctx<'_> {
        Ctx {
            lang,
            tz: TZ,
            now: now(),
            templates: &self.templates,
            calendar: &self.calendar,
            sla: SlaSettings::default(),
            rules: &self.rules,
            churn_months: 12,
        }
    }
}

fn november(f: &Fx, which: Report, lang: Lang) -> Sheet {
    let range = Range::parse(Some("2026-11"), Some("2026-11"), lang).unwrap();
    reports::build(f.db.conn(), which, &range, &Setup::new().ctx(lang)).unwrap()
}

/// How many records the drill-down of (row, column) lists.
fn drilled(f: &Fx, s: &Sheet, r: usize, c: usize) -> usize {
    let key = s
        .cells
        .get(&(r, c))
        .cloned()
        .or_else(|| s.keys[r].clone())
        .unwrap_or_else(|| panic!("no records behind ({r}, {c})"));
    let RowKey::Drill(d) = key else {
        panic!("({r}, {c}) opens {key:?}")
    };
    let setup = Setup::new();
    reports::drill::drill(f.db.conn(), &d, &setup.ctx(Lang::En))
        .unwrap()
        .rows
        .len()
}

fn num(v: &Value) -> f64 {
    match v {
        Value::Num(x, _) => *x,
        other => panic!("not a decimal: {other:?}"),
    }
}

#[test]
fn the_assessment_weighs_each_agents_month_into_a_total_a_result_and_a_rank() {
    let f = fx();
    let s = november(&f, Report::Kpi, Lang::En);
    assert_eq!(
        s.columns,
        [
            "Emp. no.",
            "Name",
            "Total",
            "Result",
            "Rank",
            "Calls",
            "Record std",
            "Call quality",
            "Reviews",
            "Callbacks done",
            "on time",
            "Complaints",
            "within SLA",
            "Late hand-overs"
        ]
    );
    // The supervisor has nothing to count: two rows, best first.
    assert_eq!(s.rows.len(), 2, "{:?}", s.text_rows());
    let (a, b) = (&s.rows[0], &s.rows[1]);
    assert_eq!(a[1].text(), "陈静");
    // calls 4, record 90.0, quality (100 + 88) / 2, 2 reviews, callbacks 3 / 2 on time,
    // complaints 2 / 1 kept, 1 late hand-over.
    assert_eq!(a[5], Value::Int(4));
    assert_eq!(num(&a[6]), 90.0);
    assert_eq!(num(&a[7]), 94.0);
    let ints = |r: &[Value]| -> Vec<i64> {
        r[8..=13]
            .iter()
            .map(|v| match v {
                Value::Int(i) => *i,
                other => panic!("not a count: {other:?}"),
            })
            .collect()
    };
    assert_eq!(ints(a), [2, 3, 2, 2, 1, 1]);
    // (15×100 + 25×94.7 + 30×100 + 15×70.2 + 15×50) / 100 − 2 = 84.7: pass, first.
    assert_eq!(num(&a[2]), 84.7);
    assert_eq!(a[3].text(), "pass");
    assert_eq!(a[4], Value::Int(1));
    assert_eq!(b[1].text(), "王磊");
    assert_eq!(b[5], Value::Int(2));
    assert_eq!(num(&b[6]), 100.0);
    assert_eq!(num(&b[7]), 40.0);
    assert_eq!(ints(b), [2, 0, 0, 1, 1, 0]);
    // (15×50 + 25×100 + 30×44.4 + 15×100) / 85 = 71.6 (no callbacks: left out): fail.
    assert_eq!(num(&b[2]), 71.6);
    assert_eq!(b[3].text(), "fail");
    assert_eq!(b[4], Value::Int(2));
    // The store's sheet is the one in force, written under the table.
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("Calls logged weight 15 target 4")
                && n.contains("pass at 80")
                && n.contains("2 points off per late hand-over")),
        "{:?}",
        s.notes
    );
    // Every figure leads to exactly the records it counts.
    for (c, want_a, want_b) in [
        (5, 4, 2),
        (6, 4, 2),
        (7, 2, 2),
        (8, 2, 2),
        (9, 3, 0),
        (10, 2, 0),
        (11, 2, 1),
        (12, 1, 1),
        (13, 1, 0),
    ] {
        assert_eq!(drilled(&f, &s, 0, c), want_a, "陈静 column {c}");
        assert_eq!(drilled(&f, &s, 1, c), want_b, "王磊 column {c}");
    }
    // In Chinese: the same figures, 合格 / 不合格.
    let zh = november(&f, Report::Kpi, Lang::Zh);
    assert_eq!(zh.rows[0][3].text(), "合格");
    assert_eq!(zh.rows[1][3].text(), "不合格");
    assert!(zh.title.starts_with("回访员绩效KPI考核"), "{}", zh.title);
}

#[test]
fn the_quality_report_averages_per_agent_and_criterion_with_counts_of_reviews_and_fatal_errors() {
    let f = fx();
    let s = november(&f, Report::Quality, Lang::En);
    assert_eq!(
        s.columns,
        [
            "Emp. no.",
            "Name",
            "Reviews",
            "Fatal",
            "Average",
            "Greeting",
            "Identification",
            "Listening",
            "Accurate answer",
            "Courtesy",
            "Closing"
        ]
    );
    let figures = |r: &[Value]| -> Vec<String> { r[2..].iter().map(Value::text).collect() };
    assert_eq!(s.rows.len(), 3, "{:?}", s.text_rows());
    assert_eq!(s.rows[0][1].text(), "陈静");
    // The re-scored review counts with its second round.
    assert_eq!(
        figures(&s.rows[0]),
        [
            "2", "0", "94.0", "5.00", "4.50", "5.00", "5.00", "4.50", "3.50"
        ]
    );
    assert_eq!(s.rows[1][1].text(), "王磊");
    assert_eq!(
        figures(&s.rows[1]),
        [
            "2", "1", "40.0", "4.00", "3.50", "3.00", "4.00", "3.50", "2.50"
        ]
    );
    assert_eq!(s.rows[2][0].text(), "Total");
    assert_eq!(
        figures(&s.rows[2]),
        [
            "4", "1", "67.0", "4.50", "4.00", "4.00", "4.50", "4.00", "3.00"
        ]
    );
    // Each row lists its reviews; the fatal column those with a fatal error.
    for (r, reviews, fatal) in [(0, 2, 0), (1, 2, 1), (2, 4, 1)] {
        assert_eq!(drilled(&f, &s, r, 2), reviews, "row {r}");
        assert_eq!(drilled(&f, &s, r, 3), fatal, "row {r}");
    }
}

fn run(home: &std::path::Path, db: &str, lang: &str, agent: &str, words: &[&str]) -> String {
    let mut env = support::env(home);
    for (k, v) in &mut env {
        if k == "FRONTDESK_NOW" {
            *v = NOW.into();
        }
    }
    let mut args = vec!["--db", db, "--lang", lang, "--agent", agent];
    args.extend_from_slice(words);
    let (code, out, err) = support::run(&args, &env);
    assert_eq!(code, 0, "{out}{err}");
    out
}

/// The figures of the line of `name`.
fn line<'a>(out: &'a str, name: &str) -> Vec<&'a str> {
    out.lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("no line {name}:\n{out}"))
        .split_whitespace()
        .collect()
}

#[test]
fn both_reports_run_on_the_command_line_and_export_with_their_title_and_period() {
    let f = fx();
    let home = tempfile::tempdir().unwrap();
    let db = f.path.to_str().unwrap();
    let period = ["--from", "2026-11-01", "--to", "2026-11-30"];
    let kpi = |lang, agent| {
        let mut w = vec!["report", "kpi"];
        w.extend(period);
        run(home.path(), db, lang, agent, &w)
    };
    let en = kpi("en", "1001");
    assert!(
        en.contains("Monthly KPI assessment 2026-11-01 ~ 2026-11-30"),
        "{en}"
    );
    assert_eq!(
        line(&en, "陈静"),
        [
            "1002", "陈静", "84.7", "pass", "1", "4", "90.0", "94.0", "2", "3", "2", "2", "1", "1"
        ]
    );
    assert_eq!(
        line(&en, "王磊"),
        [
            "1003", "王磊", "71.6", "fail", "2", "2", "100.0", "40.0", "2", "0", "0", "1", "1", "0"
        ]
    );
    // Each figure's definition is printed under the table.
    assert!(en.contains("Late hand-overs: files delivered"), "{en}");
    // An agent sees the same figures (no number in it to mask), as with `report agents`.
    let zh = kpi("zh", "1002");
    assert!(
        zh.contains("回访员绩效KPI考核 2026-11-01 ~ 2026-11-30"),
        "{zh}"
    );
    assert_eq!(line(&zh, "陈静")[2..5], ["84.7", "合格", "1"]);
    assert_eq!(line(&zh, "王磊")[2..5], ["71.6", "不合格", "2"]);
    let mut w = vec!["report", "quality"];
    w.extend(period);
    let q = run(home.path(), db, "en", "1001", &w);
    assert!(
        q.contains("Call-quality reviews 2026-11-01 ~ 2026-11-30"),
        "{q}"
    );
    assert_eq!(
        line(&q, "Total"),
        [
            "Total", "4", "1", "67.0", "4.50", "4.00", "4.00", "4.50", "4.00", "3.00"
        ]
    );
    // Exports carry the title and the period inside the file.
    for (which, title) in [
        ("kpi", "回访员绩效KPI考核"),
        ("quality", "通话品质评价汇总"),
    ] {
        let csv = home.path().join(format!("{which}.csv"));
        let out = csv.to_str().unwrap();
        let mut w = vec!["export", which, "--format", "csv", "--out", out];
        w.extend(period);
        run(home.path(), db, "zh", "1001", &w);
        let text = std::fs::read_to_string(&csv).unwrap();
        let first = text.trim_start_matches('\u{feff}').lines().next().unwrap();
        assert!(first.contains(title), "{which}: {first}");
        assert!(
            text.contains("2026-11-01") && text.contains("2026-11-30"),
            "{which}: {text}"
        );
        assert!(text.contains("陈静"), "{which}: {text}");
        let xlsx = home.path().join(format!("{which}.xlsx"));
        let out = xlsx.to_str().unwrap();
        let mut w = vec!["export", which, "--format", "xlsx", "--out", out];
        w.extend(period);
        run(home.path(), db, "en", "1002", &w);
        assert!(std::fs::metadata(&xlsx).unwrap().len() > 0);
    }
}
