//! The drill-down behind report rows: summary rows open their records, and on a demo store
//! every figure lists exactly as many records as it counts. The fixture is in `reports_fx`.

mod reports_fx;

use frontdesk::io::{Sheet, Value};
use frontdesk::store::reports::{self, Drill, Report, RowKey};
use frontdesk::store::{Actor, Db};
use reports_fx::*;

#[test]
fn summary_rows_drill_into_their_calls() {
    let f = fx();
    let nov = (Some(d(2026, 11, 1)), Some(d(2026, 11, 22)));
    let s = f.build(Report::CallsByTemplate, nov.0, nov.1);
    // Templates in the set's order.
    assert_eq!(
        texts(&s, 0),
        ["Technical state enquiry", "Vehicle price enquiry", "Total"]
    );
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
    assert!(checked(Report::CallsByTemplate, &(4..agents).collect::<Vec<_>>()) > 5);
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
    assert!(rows(Report::CallsByTemplate, 2) > 5);
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
    let all = reports::drill::drill_all(f.db.conn(), &all_cars, &f.ctx()).unwrap();
    assert_eq!(all.rows.len() as i64, cars);
}
