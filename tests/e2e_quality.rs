//! Call-quality review end to end on a demo store: `frontdesk quality sample` (supervisors
//! only, audited, idempotent), and in a pseudo-terminal a supervisor scoring a call on the
//! Desk page 质检 whose agent then opens the app and sees the score.

mod support;

use support::{env, run};

fn count(db: &std::path::Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn quality_sample_is_for_supervisors_audited_and_queues_nothing_twice() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store.sqlite3");
    let db_s = db.to_str().unwrap();
    let e = env(home.path());
    let (code, out, err) = run(
        &["--db", db_s, "demo", "--customers", "300", "--seed", "2"],
        &e,
    );
    assert_eq!(code, 0, "{out}{err}");
    let reviews = "SELECT count(*) FROM quality_reviews";
    let before = count(&db, reviews);
    assert!(before > 20, "the demo carries a month of reviews: {before}");
    // An agent is refused, in their language, and nothing is queued.
    let (code, _, err) = run(
        &[
            "--db", db_s, "--lang", "en", "--agent", "1002", "quality", "sample",
        ],
        &e,
    );
    assert_eq!(code, 1);
    assert!(err.contains("only a supervisor samples"), "{err}");
    // A bad week is bad usage.
    let (code, _, err) = run(
        &[
            "--db", db_s, "--agent", "1001", "quality", "sample", "--week", "2026-47",
        ],
        &e,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("2026-W47"), "{err}");
    // The demo sampled the last weeks already: nothing twice.
    let (code, out, err) = run(
        &[
            "--db", db_s, "--lang", "en", "--agent", "1001", "quality", "sample",
        ],
        &e,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(": 0 added"), "{out}");
    assert_eq!(count(&db, reviews), before);
    // An older week, outside the default span: sampled once, each review audited under the
    // supervisor's name.
    let week = [
        "--db", db_s, "--agent", "1001", "quality", "sample", "--week", "2026-W40",
    ];
    let (code, out, err) = run(&week, &e);
    assert_eq!(code, 0, "{err}");
    let added = count(&db, reviews) - before;
    assert!(added > 0, "{out}");
    assert!(out.contains(&format!("新加入质检队列 {added} 条")), "{out}");
    let audited = count(
        &db,
        "SELECT count(*) FROM audit WHERE action = 'quality.queue'
           AND agent_id = (SELECT id FROM agents WHERE emp_no = '1001')
           AND entity_id IN (SELECT id FROM quality_reviews WHERE week = '2026-W40')",
    );
    assert_eq!(audited, added);
    let (code, out, _) = run(&week, &e);
    assert_eq!(code, 0);
    assert!(out.contains("新加入质检队列 0 条"), "{out}");
    assert_eq!(count(&db, reviews) - before, added);
}

/// The position of the first review of `emp` in a list ordered by `order`, among `status`.
fn position(db: &std::path::Path, status: &str, order: &str, emp: &str) -> (usize, i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let sql = format!(
        "SELECT r.id, coalesce(a.emp_no, ''), r.status FROM quality_reviews r
         LEFT JOIN agents a ON a.id = r.agent_id WHERE {status} ORDER BY {order}"
    );
    let mut st = conn.prepare(&sql).unwrap();
    let rows: Vec<(i64, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.iter()
        .enumerate()
        .find(|(_, r)| r.1 == emp && r.2 != "disputed")
        .map(|(i, r)| (i, r.0))
        .expect("a review of the agent")
}

#[test]
fn a_supervisor_scores_a_call_and_the_agent_sees_the_score() {
    use std::time::Duration;
    use support::Pty;
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store.sqlite3");
    let db_s = db.to_str().unwrap();
    let e = env(home.path());
    let (code, out, err) = run(
        &["--db", db_s, "demo", "--customers", "300", "--seed", "4"],
        &e,
    );
    assert_eq!(code, 0, "{out}{err}");
    // The supervisor's queue: disputes first, then the oldest; the first call of 1002's.
    let (at, id) = position(
        &db,
        "r.status IN ('queued', 'disputed')",
        "r.status = 'disputed' DESC, r.record_at, r.id",
        "1002",
    );
    let mut app = Pty::spawn(
        &["--db", db_s, "--lang", "zh", "--agent", "1001"],
        &e,
        80,
        24,
    );
    app.expect("客户档案");
    app.send("\x1b");
    app.send("7");
    // ← twice: the page bar wraps to its last page (活动), then 质检.
    app.send("\x1b[D");
    app.send("\x1b[D");
    app.expect("质检：待评与申诉");
    for _ in 0..at {
        app.send("\x1b[B");
    }
    app.send("\r");
    app.expect("评分表");
    app.expect("1002");
    app.type_text("554455");
    app.expect("得分 90.0");
    app.send("\x1b[B");
    app.type_text("e2e greeting ok");
    app.send("\x13"); // Ctrl-S
    app.expect("评分已保存：90.0");
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
    drop(app);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (status, total, comment): (String, f64, String) = conn
        .query_row(
            "SELECT status, total, comment FROM quality_reviews WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((status.as_str(), total), ("scored", 90.0));
    assert_eq!(comment, "e2e greeting ok");
    drop(conn);

    // The agent opens the app: their own reviews, newest first; the one just scored shows
    // its total, the points per criterion and the comment.
    let mine = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut st = conn
            .prepare(
                "SELECT r.id FROM quality_reviews r JOIN agents a ON a.id = r.agent_id
                 WHERE r.status <> 'queued' AND a.emp_no = '1002'
                 ORDER BY r.record_at DESC, r.id DESC",
            )
            .unwrap();
        st.query_map([], |r| r.get::<_, i64>(0))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
    };
    let at_mine = mine
        .iter()
        .position(|x| *x == id)
        .expect("listed for the agent");
    let mut app = Pty::spawn(
        &["--db", db_s, "--lang", "en", "--agent", "1002"],
        &e,
        80,
        24,
    );
    app.expect("Customers");
    app.send("\x1b");
    app.send("7");
    app.send("\x1b[D");
    app.send("\x1b[D");
    app.expect("Quality review: my reviews");
    for _ in 0..at_mine {
        app.send("\x1b[B");
    }
    app.send("\r");
    app.expect("Scored 90.0");
    app.expect("Comment: e2e greeting ok");
    app.expect("Greeting 5/5");
    app.send("\x1b");
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
}
