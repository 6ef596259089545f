//! Every report figure checked against a small store whose numbers are worked out by hand
//! (`io_fx::report_store`).

mod io_fx;

use chrono::NaiveDate;
use frontdesk::domain::complaints::Category;
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::io::Value;
use frontdesk::store::reports::{Drill, Report, RowKey};
use io_fx::report_store::*;
use io_fx::*;

#[test]
fn calls_report_figures() {
    let (s, _) = report_store();
    let r = build(&s, Report::Calls, NOV.0, NOV.1);
    assert_eq!(
        r.rows.len(),
        4,
        "the 10-31 23:30 call is October; the 11-01 00:30 call is November"
    );
    assert_eq!(cell(&r, 0, "Time"), &Value::text_of("2026-11-01 00:30"));
    assert_eq!(cell(&r, 0, "Agent"), &Value::text_of("1003 王磊"));
    assert_eq!(cell(&r, 0, "Customer"), &Value::text_of("赵六"));
    assert_eq!(cell(&r, 0, "Mobile"), &Value::Code("13800000004".into()));
    assert_eq!(
        cell(&r, 1, "Template"),
        &Value::text_of(
            TemplateSet::builtin()
                .get("consult_price")
                .unwrap()
                .name(Lang::En)
        )
    );
    assert_eq!(cell(&r, 1, "Resolved"), &Value::text_of("yes"));
    assert_eq!(cell(&r, 2, "Completeness (%)"), &Value::Int(80));
    assert_eq!(
        cell(&r, 3, "Record"),
        &Value::text_of("complaint_attitude 记录")
    );
    // A complaint call is not "resolved on the spot": its cell is blank.
    assert_eq!(cell(&r, 3, "Resolved"), &Value::Empty);
    assert!(
        r.notes[1].contains(
            "4 calls; of 3 consultations 2 resolved on the spot (rescue and complaint calls are not counted as resolved); average completeness 82.5%"
        ),
        "{:?}",
        r.notes
    );
    // Default range: this month up to today.
    let r = build(
        &s,
        Report::Calls,
        None,
        NaiveDate::from_ymd_opt(2026, 11, 9),
    );
    assert_eq!(r.rows.len(), 2);
}

#[test]
fn calls_by_template_figures() {
    let (s, _) = report_store();
    let r = build(&s, Report::CallsByTemplate, NOV.0, NOV.1);
    assert_eq!(&r.columns[4..], ["1002 陈静", "1003 王磊"]);
    // A row is found by its template's id, which is behind the row (its drill-down),
    // not a column: the screen shows the template's name.
    let row = |id: &str| {
        let at = r
            .keys
            .iter()
            .position(|k| match k {
                Some(RowKey::Drill(Drill::Calls { template, .. })) => {
                    template.as_deref() == Some(id)
                }
                _ => false,
            })
            .unwrap();
        r.rows[at].clone()
    };
    let ints = |v: &[Value]| -> Vec<i64> {
        v.iter()
            .filter_map(|c| {
                if let Value::Int(i) = c {
                    Some(*i)
                } else {
                    None
                }
            })
            .collect()
    };
    // total, resolved, 1002, 1003; a complaint template has no resolved figure (blank),
    // and the total counts the two consultations resolved, not the complaint call.
    assert_eq!(ints(&row("consult_price")), vec![2, 1, 2, 0]);
    assert_eq!(ints(&row("consult_tech")), vec![1, 1, 0, 1]);
    assert_eq!(ints(&row("complaint_attitude")), vec![1, 1, 0]);
    assert_eq!(row("complaint_attitude")[3], Value::Empty);
    assert_eq!(
        row("complaint_attitude")[0],
        Value::text_of("Complaint: poor service attitude")
    );
    assert!(r.rows.iter().all(|x| !matches!(x[0], Value::Code(_))));
    assert_eq!(ints(r.rows.last().unwrap()), vec![4, 2, 3, 1]);
    assert_eq!(r.rows.len(), 4);
}

#[test]
fn agents_report_figures() {
    let (s, _) = report_store();
    let r = build(&s, Report::Agents, NOV.0, NOV.1);
    let row = |emp: &str| {
        r.rows
            .iter()
            .position(|x| x[0] == Value::Code(emp.into()))
            .unwrap()
    };
    let (a, b, c) = (row("1001"), row("1002"), row("1003"));
    assert_eq!(cell(&r, a, "Calls logged"), &Value::Int(0));
    assert_eq!(cell(&r, b, "Calls logged"), &Value::Int(3));
    assert_eq!(cell(&r, b, "Avg completeness (%)"), &Value::Num(80.0, 1));
    // 1002: two consultations (one resolved) and a complaint call: 1 of 2 = 50.0 %.
    assert_eq!(cell(&r, b, "Resolved (consult.)"), &Value::Int(1));
    assert_eq!(cell(&r, b, "Consult. resolved (%)").text(), "50.0");
    // 1001 logged nothing: no rate rather than 0 %.
    assert_eq!(cell(&r, a, "Consult. resolved (%)"), &Value::Empty);
    assert_eq!(cell(&r, b, "Complaints handled"), &Value::Int(0));
    assert_eq!(cell(&r, c, "Calls logged"), &Value::Int(1));
    assert_eq!(cell(&r, c, "Avg completeness (%)"), &Value::Num(90.0, 1));
    assert_eq!(cell(&r, c, "Complaints handled"), &Value::Int(1));
    assert_eq!(cell(&r, c, "of which closed"), &Value::Int(1));
    let total = r.rows.len() - 1;
    assert_eq!(cell(&r, total, "Calls logged"), &Value::Int(4));
    assert_eq!(cell(&r, total, "Avg completeness (%)").text(), "82.5");
    // Three consultations, two resolved: 66.7 % (the complaint call is not counted).
    assert_eq!(cell(&r, total, "Resolved (consult.)"), &Value::Int(2));
    assert_eq!(cell(&r, total, "Consult. resolved (%)").text(), "66.7");
    assert_eq!(
        r.rows.len(),
        4,
        "three agents and the total; no row for calls without an agent"
    );
}

#[test]
fn complaints_report_figures() {
    let (s, ids) = report_store();
    let r = build(&s, Report::Complaints, NOV.0, NOV.1);
    assert_eq!(r.rows.len(), 2);
    assert_eq!(cell(&r, 0, "Received"), &Value::text_of("2026-11-05 14:00"));
    assert_eq!(cell(&r, 0, "No."), &Value::Int(ids["complaint"]));
    assert_eq!(cell(&r, 0, "Customer"), &Value::text_of("李四"));
    assert_eq!(cell(&r, 0, "Station"), &Value::text_of("机修车间"));
    assert_eq!(cell(&r, 0, "Status"), &Value::text_of("closed"));
    assert_eq!(cell(&r, 1, "Customer"), &Value::text_of("王五"));
    assert_eq!(
        cell(&r, 1, "Category"),
        &Value::text_of(Category::Attitude.label(Lang::En))
    );
    // Attitude and timeliness complaints are always valid.
    assert_eq!(cell(&r, 0, "Valid"), &Value::text_of("yes"));
    assert_eq!(cell(&r, 1, "Valid"), &Value::text_of("yes"));
    assert!(
        r.notes.iter().any(|n| n.contains("2 complaints, 2 valid")),
        "{:?}",
        r.notes
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("2026-11 机修车间: 1 / 1")),
        "{:?}",
        r.notes
    );
    assert_eq!(
        build(
            &s,
            Report::Complaints,
            NOV.0,
            NaiveDate::from_ymd_opt(2026, 11, 4)
        )
        .rows
        .len(),
        0
    );
}

#[test]
fn churn_and_customers_report_figures() {
    let (s, ids) = report_store();
    let r = build(
        &s,
        Report::CustomersChurn,
        None,
        NaiveDate::from_ymd_opt(2026, 11, 22),
    );
    // 李四 only: 王五's visit is exactly on the cutoff, 赵六 never came, 张三 is recent.
    assert_eq!(r.rows.len(), 1, "{:?}", r.rows);
    assert_eq!(cell(&r, 0, "Customer no."), &Value::Int(ids["li"]));
    assert_eq!(cell(&r, 0, "Last visit"), &Value::text_of("2025-06-01"));
    assert_eq!(
        cell(&r, 0, "Days since"),
        &Value::Int((date(2026, 11, 22) - date(2025, 6, 1)).num_days())
    );
    assert_eq!(cell(&r, 0, "Last RO"), &Value::Code("RO21".into()));
    assert_eq!(cell(&r, 0, "Plate"), &Value::text_of("粤B00002"));
    // A day later 王五 is out too; a floor on the last visit leaves only him.
    let r = build(
        &s,
        Report::CustomersChurn,
        None,
        NaiveDate::from_ymd_opt(2026, 11, 23),
    );
    assert_eq!(r.rows.len(), 2);
    assert_eq!(cell(&r, 0, "Name"), &Value::text_of("王五"));
    let r = build(
        &s,
        Report::CustomersChurn,
        NaiveDate::from_ymd_opt(2025, 7, 1),
        NaiveDate::from_ymd_opt(2026, 11, 23),
    );
    assert_eq!(r.rows.len(), 1);

    let r = build(&s, Report::Customers, None, None);
    assert_eq!(r.rows.len(), 4);
    assert_eq!(cell(&r, 1, "Name"), &Value::text_of("李四"));
    assert_eq!(cell(&r, 1, "Mobile"), &Value::Code("13800000002".into()));
    assert_eq!(cell(&r, 1, "Vehicles"), &Value::Int(1));
    assert_eq!(cell(&r, 1, "Plates"), &Value::text_of("粤B00002"));
    assert_eq!(
        build(
            &s,
            Report::Customers,
            NaiveDate::from_ymd_opt(2026, 11, 24),
            None
        )
        .rows
        .len(),
        0
    );
}
