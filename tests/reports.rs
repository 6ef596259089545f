//! The customer-analysis reports on a small store whose figures are worked out by hand in
//! `reports_fx`: customer groups by brand, model and age, loyalty, complaint figures. The
//! drill-down behind report rows is in `reports_drill.rs`, callbacks in `reports_callbacks.rs`.

mod reports_fx;

use frontdesk::io::Value;
use frontdesk::store::reports::{Report, RowKey};
use reports_fx::*;

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
