//! Callback work in the reports and on the today board, and follow-up dates in the store's
//! zone, on the hand-worked store of `reports_fx`.

mod reports_fx;

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk::domain::complaints::{Event, EventKind};
use frontdesk::io::Value;
use frontdesk::store::Actor;
use frontdesk::store::complaints as sc;
use frontdesk::store::reports::{Report, RowKey};
use reports_fx::*;

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
        frontdesk::store::board::today(
            f.db.conn(),
            local(day, 0),
            local(day, 12),
            frontdesk::store::reports::Viewer::All,
        )
        .unwrap()
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
