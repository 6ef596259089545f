//! `frontdesk callbacks` plans the day and lists the calls due: on the day a holiday's
//! greetings come into range every customer gets one (by text message), the first line
//! says how many were planned, and planning again the same day plans nothing.

use frontdesk::store::Db;

mod support;

/// `frontdesk callbacks` at `now`; its exit code and output.
fn callbacks(db: &str, env: &[(String, String)], now: &str) -> (i32, String, String) {
    let mut env = env.to_vec();
    env.retain(|(k, _)| k != "FRONTDESK_NOW");
    env.push(("FRONTDESK_NOW".into(), now.into()));
    support::run(&["--db", db, "--lang", "en", "callbacks"], &env)
}

/// The count before `word` in the plan line ("… 212 new, 0 skipped …").
fn count(line: &str, word: &str) -> usize {
    let at = line.find(&format!(" {word}")).expect(word);
    line[..at]
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count before {word:?}: {line}"))
}

#[test]
fn the_greeting_day_plans_one_greeting_a_customer_and_only_once() {
    let dir = tempfile::tempdir().unwrap();
    let env = support::env(dir.path());
    let db = dir.path().join("store.db");
    let db = db.to_str().unwrap();
    let (code, _, err) = support::run(
        &["--db", db, "demo", "--customers", "120", "--seed", "1"],
        &env,
    );
    assert_eq!(code, 0, "{err}");

    let (code, out, err) = callbacks(db, &env, "2026-12-24T09:00");
    assert_eq!(code, 0, "{err}");
    let first = out.lines().next().unwrap_or_default();
    assert!(first.starts_with("Callback plan for 2026-12-24:"), "{out}");
    let planned = count(first, "new") + count(first, "skipped");

    let store = Db::open(std::path::Path::new(db)).unwrap();
    let (customers, greetings, greeted): (i64, i64, i64) = store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM customers),
                    (SELECT count(*) FROM callback_tasks WHERE kind = 'holiday'),
                    (SELECT count(DISTINCT customer_id) FROM callback_tasks
                     WHERE kind = 'holiday')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    drop(store);
    assert_eq!((greetings, greeted), (customers, customers), "{out}");
    assert!(
        planned as i64 >= customers,
        "{planned} planned, {customers} customers: {out}"
    );
    assert!(out.contains("calls due"), "{out}");

    let (code, again, err) = callbacks(db, &env, "2026-12-24T09:30");
    assert_eq!(code, 0, "{err}");
    let first = again.lines().next().unwrap_or_default();
    assert_eq!(
        (count(first, "new"), count(first, "skipped")),
        (0, 0),
        "{again}"
    );
}
