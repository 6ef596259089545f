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
use frontdesk::store::reports::{self, Ctx, Range, Report, RowKey, Viewer};
use support::kpi_fx::{Fx, NOW, TZ, call, fx, local, now};

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
            viewer: Default::default(),
        }
    }
}

fn november(f: &Fx, which: Report, lang: Lang) -> Sheet {
    november_for(f, which, lang, Viewer::All)
}

fn november_for(f: &Fx, which: Report, lang: Lang, viewer: Viewer) -> Sheet {
    let range = Range::parse(Some("2026-11"), Some("2026-11"), lang).unwrap();
    let setup = Setup::new();
    let ctx = Ctx {
        viewer,
        ..setup.ctx(lang)
    };
    reports::build(f.db.conn(), which, &range, &ctx).unwrap()
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
    // The supervisor has nothing to count: two rows, best first, then the desk's average.
    assert_eq!(s.rows.len(), 3, "{:?}", s.text_rows());
    let avg = &s.rows[2];
    assert_eq!(avg[0].text(), "Average");
    // (84.7 + 71.6) / 2 of the unrounded totals; calls (4 + 2) / 2; quality (94 + 40) / 2.
    assert_eq!(avg[2].text(), "78.2");
    assert_eq!(avg[4], Value::Empty, "the average has no rank");
    assert_eq!(num(&avg[5]), 3.0);
    assert_eq!(num(&avg[7]), 67.0);
    assert_eq!(s.keys[2], None, "the average leads to no records");
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
    // An agent sees their own line and the desk's average, not a colleague's.
    let zh = kpi("zh", "1002");
    assert!(
        zh.contains("回访员绩效KPI考核 2026-11-01 ~ 2026-11-30"),
        "{zh}"
    );
    assert_eq!(line(&zh, "陈静")[2..5], ["84.7", "合格", "1"]);
    assert_eq!(line(&zh, "平均")[1], "78.2");
    assert!(!zh.contains("王磊"), "{zh}");
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
    let export = |which: &str, format: &str, lang: &str, agent: &str, file: &std::path::Path| {
        let mut w = vec!["export", which, "--format", format, "--out"];
        w.push(file.to_str().unwrap());
        w.extend(period);
        run(home.path(), db, lang, agent, &w);
    };
    for (which, title) in [
        ("kpi", "回访员绩效KPI考核"),
        ("quality", "通话品质评价汇总"),
    ] {
        let csv = home.path().join(format!("{which}.csv"));
        export(which, "csv", "zh", "1001", &csv);
        let text = std::fs::read_to_string(&csv).unwrap();
        let first = text.trim_start_matches('\u{feff}').lines().next().unwrap();
        assert!(first.contains(title), "{which}: {first}");
        assert!(
            text.contains("2026-11-01") && text.contains("2026-11-30"),
            "{which}: {text}"
        );
        assert!(text.contains("陈静"), "{which}: {text}");
        let xlsx = home.path().join(format!("{which}.xlsx"));
        export(which, "xlsx", "en", "1002", &xlsx);
        assert!(std::fs::metadata(&xlsx).unwrap().len() > 0);
        // An agent's CSV export has their own row, not a colleague's.
        let mine = home.path().join(format!("{which}-1002.csv"));
        export(which, "csv", "zh", "1002", &mine);
        let text = std::fs::read_to_string(&mine).unwrap();
        assert!(text.contains("陈静"), "{which}: {text}");
        assert!(!text.contains("王磊"), "{which}: {text}");
    }
}

#[test]
fn an_agent_sees_their_own_row_and_the_desks_never_a_colleagues() {
    let f = fx();
    let me = Viewer::Own(Some(f.a.id));
    let firsts = |s: &Sheet| -> Vec<String> { s.rows.iter().map(|r| r[0].text()).collect() };
    // The assessment: 陈静's row (her rank among all) and the desk's average.
    let s = november_for(&f, Report::Kpi, Lang::En, me);
    assert_eq!(firsts(&s), ["1002", "Average"], "{:?}", s.text_rows());
    assert_eq!(num(&s.rows[0][2]), 84.7);
    assert_eq!(s.rows[0][4], Value::Int(1));
    assert_eq!(s.rows[1][2].text(), "78.2");
    // Her own figures still lead to her records; the desk's lead nowhere.
    assert_eq!(drilled(&f, &s, 0, 5), 4);
    assert_eq!(s.keys[1], None);
    assert!(s.cells.keys().all(|(r, _)| *r == 0), "{:?}", s.cells);
    // Call quality: her row and the desk's total, which still counts 王磊's fatal error
    // (the desk's figure), but not whose it was.
    let q = november_for(&f, Report::Quality, Lang::Zh, me);
    assert_eq!(firsts(&q), ["1002", "合计"], "{:?}", q.text_rows());
    assert_eq!(q.rows[0][3], Value::Int(0));
    assert_eq!(q.rows[1][2..4], [Value::Int(4), Value::Int(1)]);
    assert_eq!(
        q.keys[1], None,
        "the total would list the colleague's reviews"
    );
    assert!(q.cells.keys().all(|(r, _)| *r == 0), "{:?}", q.cells);
    assert_eq!(drilled(&f, &q, 0, 2), 2);
    // The agents' workload: her row and the total.
    let w = november_for(&f, Report::Agents, Lang::En, me);
    assert_eq!(firsts(&w), ["1002", "Total"], "{:?}", w.text_rows());
    assert_eq!(w.rows[1][3], Value::Int(6));
    // Someone who is no agent sees the desk's rows only; a supervisor every row.
    let none = november_for(&f, Report::Quality, Lang::En, Viewer::Own(None));
    assert_eq!(firsts(&none), ["Total"]);
    let all = november_for(&f, Report::Quality, Lang::En, Viewer::All);
    assert_eq!(firsts(&all), ["1002", "1003", "Total"]);
    // The calls by template: the desk's columns and her own, not 王磊's.
    let all = november(&f, Report::CallsByTemplate, Lang::En);
    let calls = november_for(&f, Report::CallsByTemplate, Lang::En, me);
    assert_eq!(all.columns[4..], ["1002 陈静", "1003 王磊"]);
    assert_eq!(calls.columns[4..], ["1002 陈静"]);
    let cut = |s: &Sheet, n: usize| -> Vec<Vec<String>> {
        s.text_rows().into_iter().map(|r| r[..n].to_vec()).collect()
    };
    assert_eq!(cut(&calls, 5), cut(&all, 5));
    assert!(calls.rows.iter().all(|r| r.len() == 5));
    assert_eq!(calls.keys, all.keys, "each template still lists its calls");
    assert!(
        calls.cells.keys().all(|(_, c)| *c == 4),
        "{:?}",
        calls.cells
    );
    assert_eq!(drilled(&f, &calls, 0, 4), 4, "her calls of the template");
    // Other reports are the same for everyone.
    let lost = november_for(&f, Report::CustomersChurn, Lang::En, me);
    assert_eq!(lost, november(&f, Report::CustomersChurn, Lang::En));
}

#[test]
fn a_supervisor_is_not_ranked_among_the_agents() {
    let mut f = fx();
    let sup = f.sup.clone();
    // The supervisor takes two calls in November.
    call(&mut f.db, &sup, local(11, 6, 10), 100);
    call(&mut f.db, &sup, local(11, 7, 10), 100);
    let s = november(&f, Report::Kpi, Lang::En);
    let firsts: Vec<String> = s.rows.iter().map(|r| r[0].text()).collect();
    assert_eq!(firsts, ["1002", "1003", "Average"], "{:?}", s.text_rows());
    assert_eq!(s.rows[1][4], Value::Int(2));
    // The desk's average is the agents' (calls (4 + 2) / 2).
    assert_eq!(num(&s.rows[2][5]), 3.0);
}

#[test]
fn an_agent_on_the_command_line_as_an_unprivileged_user_gets_no_colleagues_rows() {
    use std::os::unix::fs::PermissionsExt;
    if !support::is_root() {
        return;
    }
    let f = fx();
    // The store open to `nobody` (the desk terminal's account), as a shared desk has it.
    let dir = f.path.parent().unwrap();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o666)).unwrap();
    }
    let home = tempfile::tempdir().unwrap();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut env = support::env(home.path());
    for (k, v) in &mut env {
        if k == "FRONTDESK_NOW" {
            *v = NOW.into();
        }
    }
    let db = f.path.to_str().unwrap();
    for which in ["kpi", "quality", "agents", "calls-by-template"] {
        let args = [
            "--db", db, "--lang", "en", "--agent", "1002", "report", which, "--from", "2026-11",
            "--to", "2026-11",
        ];
        let (code, out, err) = support::run_as_nobody(&args, &env);
        assert_eq!(code, 0, "{which}: {out}{err}");
        assert!(out.contains("陈静"), "{which}: {out}");
        assert!(
            !out.contains("王磊") && !out.contains("1003"),
            "{which}: {out}"
        );
        let csv = home.path().join(format!("{which}.csv"));
        let mut args = args.to_vec();
        args[6] = "export";
        let out_path = csv.to_str().unwrap();
        args.extend(["--format", "csv", "--out", out_path]);
        let (code, out, err) = support::run_as_nobody(&args, &env);
        assert_eq!(code, 0, "{which}: {out}{err}");
        let text = std::fs::read_to_string(&csv).unwrap();
        assert!(
            text.contains("陈静") && !text.contains("王磊"),
            "{which}: {text}"
        );
    }
}
