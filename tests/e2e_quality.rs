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
