//! End to end with a fixed clock: open the callback queue on a demo store, work a due 7DC
//! with scores, see it leave the queue and count in the day's report.

mod support;

use std::time::Duration;
use support::{Pty, env, run};

fn pause() {
    std::thread::sleep(Duration::from_millis(200));
}

#[test]
fn work_a_due_7dc_with_scores_and_see_it_counted() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store.sqlite3");
    let db_s = db.to_str().unwrap();
    let e = env(home.path());
    let (code, out, err) = run(
        &["--db", db_s, "demo", "--customers", "3000", "--seed", "5"],
        &e,
    );
    assert_eq!(code, 0, "{out}{err}");

    let mut app = Pty::spawn(
        &["--db", db_s, "--lang", "zh", "--agent", "1002"],
        &e,
        80,
        24,
    );
    app.expect("客户档案");
    app.send("\x1b");
    pause();
    app.send("3");
    app.expect("回访队列");
    // The 7DC tasks first (f cycles the kinds; 7DC is the first that has tasks).
    app.send("f");
    app.expect("查看 公共池+我的 · 7DC新车回访");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let open_7dc = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT count(*) FROM callback_tasks WHERE kind = '7dc' AND status IN ('open', 'claimed')", [], |r| r.get(0)).unwrap()
    };
    let before = open_7dc(&conn);
    let done_7dc = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM callback_tasks WHERE kind = '7dc' AND status = 'done'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let done_before = done_7dc(&conn);
    assert!(before > 0, "the demo store has no 7DC due");
    app.send("\r");
    app.expect("话术");
    // The customer card: the car and last visit, open complaints and recent calls.
    app.expect("上次进厂");
    app.expect("未结投诉");
    app.expect("整体满意度");
    // Outcome 1 (done): Tab passes the call-back time it does not need; each score typed
    // moves on to the next question.
    app.send("\t");
    for _ in 0..9 {
        app.type_text("5");
    }
    app.send("\x13");
    app.expect("已记录：已完成");
    assert_eq!(
        open_7dc(&conn),
        before - 1,
        "the task did not leave the queue"
    );
    assert_eq!(done_7dc(&conn), done_before + 1);
    drop(conn);
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));

    // The report of the day it was due counts it (every figure is by due day), with its
    // scores.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let due: String = conn
        .query_row(
            "SELECT due_date FROM callback_tasks WHERE kind = '7dc' AND status = 'done'
             ORDER BY completed_at DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let date = chrono::NaiveDate::parse_from_str(&due, "%Y-%m-%d").unwrap();
    let report =
        frontdesk::store::callbacks::daily_report(&conn, date, chrono_tz::Asia::Shanghai).unwrap();
    let total: i64 = report
        .kinds
        .iter()
        .filter(|k| k.kind.is_none())
        .map(|k| k.done)
        .sum();
    assert!(total >= 1, "{report:?}");
    assert!(
        report.questions.iter().any(|q| q.average >= 4.99),
        "{:?}",
        report.questions
    );
}
