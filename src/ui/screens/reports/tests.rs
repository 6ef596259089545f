//! The Reports tab's state and keys, without a terminal.

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn periods_are_whole_days_weeks_months_and_years() {
    // 2026-11-22 is a Sunday.
    assert_eq!(
        Span::Week.around(d("2026-11-22")),
        (d("2026-11-16"), d("2026-11-22"))
    );
    assert_eq!(
        Span::Week.around(d("2026-11-23")),
        (d("2026-11-23"), d("2026-11-29"))
    );
    assert_eq!(
        Span::Month.around(d("2028-02-10")),
        (d("2028-02-01"), d("2028-02-29"))
    );
    assert_eq!(
        Span::Year.around(d("2026-06-30")),
        (d("2026-01-01"), d("2026-12-31"))
    );
    assert_eq!(Span::Day.step(d("2026-03-01"), -1), d("2026-02-28"));
    assert_eq!(Span::Month.step(d("2026-01-31"), 1), d("2026-02-01"));
    assert_eq!(Span::Week.step(d("2026-01-01"), -1), d("2025-12-28"));
}

#[test]
fn the_range_stops_at_today() {
    let mut s = ReportsScreen::default();
    let today = d("2026-11-22");
    let r = s.range(today);
    assert_eq!((r.from, r.to), (Some(d("2026-11-01")), Some(today)));
    // Moving past today stays on today's period; r recomputes the period shown.
    assert_eq!(
        s.handle_action(Action::Step('r'), today, Lang::En),
        Some(Request::Load)
    );
    s.page = 1;
    s.handle_action(Action::NextDay, today, Lang::En);
    assert_eq!(s.range(today).to, Some(today));
    s.handle_action(Action::PrevDay, today, Lang::En);
    let r = s.range(today);
    assert_eq!(
        (r.from, r.to),
        (Some(d("2026-10-01")), Some(d("2026-10-31")))
    );
}

#[test]
fn enter_drills_and_esc_comes_back() {
    use crate::io::report::Drill;
    use crate::io::sheet::Value;
    let mut s = ReportsScreen {
        page: 1,
        ..Default::default()
    };
    let drill = Drill::Appointments {
        from: d("2026-11-01"),
        to: d("2026-11-22"),
        filter: crate::io::report::ApptFilter::All,
    };
    s.show(Sheet {
        rows: vec![vec![Value::Int(1)], vec![Value::Int(2)]],
        keys: vec![None, Some(RowKey::Drill(drill.clone()))],
        ..Default::default()
    });
    let today = d("2026-11-22");
    assert_eq!(
        s.handle_action(Action::Open, today, Lang::En),
        None,
        "a row without records"
    );
    s.handle_action(Action::Down, today, Lang::En);
    s.handle_action(Action::Down, today, Lang::En);
    assert_eq!(s.stack[0].selected, 1, "stops at the last row");
    assert_eq!(
        s.handle_action(Action::Open, today, Lang::En),
        Some(Request::Drill(drill))
    );
    s.push(
        Drill::Appointments {
            from: d("2026-11-01"),
            to: d("2026-11-22"),
            filter: crate::io::report::ApptFilter::NoShow,
        },
        Sheet {
            rows: vec![vec![Value::Int(7)]],
            keys: vec![Some(RowKey::Customer(7))],
            ..Default::default()
        },
    );
    assert_eq!(
        s.handle_action(Action::Open, today, Lang::En),
        Some(Request::OpenCustomer(7))
    );
    s.handle_action(Action::Back, today, Lang::En);
    assert_eq!(s.stack.len(), 1);
    assert_eq!(s.stack[0].selected, 1, "the report keeps its place");
    assert_eq!(
        s.handle_action(Action::Step('x'), today, Lang::En),
        Some(Request::Export { xlsx: true })
    );
}

#[test]
fn the_column_cursor_opens_the_figure_under_it() {
    use crate::io::report::Drill;
    use crate::io::sheet::Value;
    let today = d("2026-11-22");
    let row = Drill::Appointments {
        from: today,
        to: today,
        filter: crate::io::report::ApptFilter::All,
    };
    let cell = Drill::Appointments {
        from: today,
        to: today,
        filter: crate::io::report::ApptFilter::NoShow,
    };
    let mut s = ReportsScreen {
        page: 1,
        ..Default::default()
    };
    let mut sheet = Sheet {
        columns: vec!["a".into(), "b".into()],
        rows: vec![vec![Value::Int(1), Value::Int(2)]],
        keys: vec![Some(RowKey::Drill(row.clone()))],
        ..Default::default()
    };
    sheet.cells.insert((0, 1), RowKey::Drill(cell.clone()));
    s.show(sheet);
    assert_eq!(
        s.handle_action(Action::Open, today, Lang::En),
        Some(Request::Drill(row))
    );
    s.handle_action(Action::Step('>'), today, Lang::En);
    s.handle_action(Action::Step('>'), today, Lang::En);
    assert_eq!(s.stack[0].col, 1, "stops at the last column");
    assert_eq!(
        s.handle_action(Action::Open, today, Lang::En),
        Some(Request::Drill(cell))
    );
}

#[test]
fn any_period_can_be_typed_in() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let today = d("2026-11-22");
    let mut s = ReportsScreen {
        page: 1,
        ..Default::default()
    };
    let type_in = |s: &mut ReportsScreen, text: &str| {
        s.handle_text(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        for c in text.chars() {
            s.handle_text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    };
    assert_eq!(s.handle_action(Action::Step('c'), today, Lang::En), None);
    assert!(s.typing());
    // A bad date is named in the form and nothing is computed.
    type_in(&mut s, "2026-13-01");
    assert_eq!(s.handle_action(Action::NextField, today, Lang::En), None);
    assert_eq!(s.handle_action(Action::NextField, today, Lang::En), None);
    assert!(s.range_form.is_some(), "still asking");
    // From a day to a month's end (after today: cut to today).
    s.handle_action(Action::PrevField, today, Lang::En);
    type_in(&mut s, "2026/10/15");
    s.handle_action(Action::NextField, today, Lang::En);
    type_in(&mut s, "2026-11");
    assert_eq!(
        s.handle_action(Action::NextField, today, Lang::En),
        Some(Request::Load)
    );
    assert!(!s.typing());
    let r = s.range(today);
    assert_eq!((r.from, r.to), (Some(d("2026-10-15")), Some(today)));
    // A period key goes back to whole periods.
    s.handle_action(Action::Step('w'), today, Lang::En);
    assert_eq!(s.range(today).from, Some(d("2026-11-16")));
}
