use super::*;
use crate::domain::calls::RESCUE_CONTACT_WITHIN;
use std::collections::BTreeSet;

fn shanghai() -> Tz {
    "Asia/Shanghai".parse().unwrap()
}

/// Monday 2026-11-23 09:30 in Shanghai.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

fn demo(dir: &std::path::Path, name: &str, seed: u64) -> Db {
    let mut db = Db::open(&dir.join(name)).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now(),
    };
    let today = now().with_timezone(&shanghai()).date_naive();
    let counts = crate::demo::fill(&mut db, actor, shanghai(), today, 300, seed, |_| {}).unwrap();
    assert!(counts.calls >= 150, "{counts:?}");
    db
}

fn strings(db: &Db, sql: &str) -> Vec<String> {
    let mut st = db.conn().prepare(sql).unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

fn count(db: &Db, sql: &str) -> i64 {
    db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_demo_store_has_a_year_of_calls_with_open_cases_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "a.sqlite3", 11);
    let now = now();

    // Every template.
    let used: BTreeSet<String> = strings(&db, "SELECT DISTINCT template_id FROM calls")
        .into_iter()
        .collect();
    for t in TemplateSet::builtin().all() {
        assert!(used.contains(&t.id), "{} never used", t.id);
    }

    // Within the past year, and over before now.
    let year_ago = to_db(now - Duration::days(365));
    let outside = count(
        &db,
        &format!(
            "SELECT count(*) FROM calls WHERE started_at < '{year_ago}' OR ended_at > '{}'",
            to_db(now)
        ),
    );
    assert_eq!(outside, 0);

    // Each call names a customer, and almost all a vehicle of theirs.
    assert_eq!(
        count(&db, "SELECT count(*) FROM calls WHERE customer_id IS NULL"),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM calls c JOIN vehicles v ON v.id = c.vehicle_id
                 WHERE v.customer_id <> c.customer_id"
        ),
        0
    );
    // The sentences are complete: no placeholder left showing.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM calls WHERE completeness = 100 AND sentence LIKE '%(%'
                 AND template_id <> 'complaint_attitude'"
        ),
        0
    );

    // Open rescue cases: one within its 30 minutes, one overdue, one dispatched.
    let rescues = calls::open_rescues(db.conn(), 50).unwrap();
    assert!(rescues.len() >= 3 && rescues.len() <= 5, "{rescues:?}");
    let waiting = |r: &&calls::Rescue| r.contacted_at.is_none();
    assert!(
        rescues
            .iter()
            .filter(waiting)
            .any(|r| r.contact_due >= now && r.opened_at + RESCUE_CONTACT_WITHIN >= now)
    );
    assert!(
        rescues
            .iter()
            .filter(waiting)
            .any(|r| now - r.opened_at >= Duration::minutes(45))
    );
    assert!(rescues.iter().any(|r| r.dispatched_at.is_some()));
    // The status bar's figures: the ones waiting for their first contact, one past it.
    let (waiting_n, missed) = calls::rescues_to_contact(db.conn(), now).unwrap();
    let uncontacted = rescues.iter().filter(waiting).count() as i64;
    assert!(uncontacted < rescues.len() as i64, "one is dispatched");
    assert_eq!((waiting_n, missed), (uncontacted, 1));
    // All older ones were worked to the end.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM rescue_cases WHERE closed_at IS NOT NULL
                 AND (contacted_at IS NULL OR dispatched_at IS NULL OR result IS NULL)"
        ),
        0
    );

    // Open follow-ups: a handful, some still in time and some overdue.
    let follow_ups = calls::open_follow_ups(db.conn(), 100).unwrap();
    assert!((3..=10).contains(&follow_ups.len()), "{follow_ups:?}");
    let due = |c: &calls::CallRow| c.follow_up_due.unwrap();
    assert!(follow_ups.iter().any(|c| due(c) > now));
    assert!(follow_ups.iter().any(|c| due(c) <= now));
    // Answered ones were answered before now.
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM calls WHERE follow_up_done_at > '{}'
                     OR (follow_up_done_at IS NOT NULL AND follow_up_due IS NULL)",
                to_db(now)
            )
        ),
        0
    );

    // One complaint per complaint call; the old ones closed.
    assert_eq!(
        count(&db, "SELECT count(*) FROM complaints"),
        count(
            &db,
            "SELECT count(*) FROM calls WHERE template_group = 'complaint'"
        )
    );
    let month_ago = to_db(now - Duration::days(30));
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM complaints WHERE status <> 'closed'
                     AND received_at < '{month_ago}'"
            )
        ),
        0
    );

    // The same seed again gives the same calls.
    let sequence = |db: &Db| {
        let mut st = db
            .conn()
            .prepare("SELECT template_id, sentence, started_at FROM calls ORDER BY id")
            .unwrap();
        st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect::<Vec<_>>()
    };
    let again = demo(dir.path(), "b.sqlite3", 11);
    assert_eq!(sequence(&db), sequence(&again));
    let other = demo(dir.path(), "c.sqlite3", 12);
    assert_ne!(sequence(&db), sequence(&other));
}

#[test]
fn any_time_of_day_leaves_the_open_cases_and_nothing_after_now() {
    let dir = tempfile::tempdir().unwrap();
    let tz = shanghai();
    // Store-local: just after midnight, at opening, late afternoon, after closing, on a
    // Sunday.
    for (i, local) in [
        "2026-11-23T00:10",
        "2026-11-23T08:31",
        "2026-11-23T16:35",
        "2026-11-23T17:55",
        "2026-11-29T23:50",
    ]
    .iter()
    .enumerate()
    {
        let at = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M").unwrap();
        let now = tz.from_local_datetime(&at).unwrap().with_timezone(&Utc);
        let mut db = Db::open(&dir.path().join(format!("{i}.sqlite3"))).unwrap();
        let actor = Actor {
            agent_id: None,
            at: now,
        };
        let today = at.date();
        crate::demo::fill(&mut db, actor, tz, today, 40, 9, |_| {}).unwrap();
        let late = count(
            &db,
            &format!(
                "SELECT count(*) FROM calls WHERE ended_at > '{0}'
                     OR follow_up_done_at > '{0}'",
                to_db(now)
            ),
        );
        assert_eq!(late, 0, "{local}");
        // Three open (one dispatched): two wait for their first contact, one past it.
        let (waiting, missed) = calls::rescues_to_contact(db.conn(), now).unwrap();
        assert_eq!((waiting, missed), (2, 1), "{local}");
        let follow_ups = calls::open_follow_ups(db.conn(), 100).unwrap();
        let due = |c: &calls::CallRow| c.follow_up_due.unwrap();
        assert!(follow_ups.iter().any(|c| due(c) > now), "{local}");
        assert!(follow_ups.iter().any(|c| due(c) <= now), "{local}");
        assert!((3..=10).contains(&follow_ups.len()), "{local}");
    }
}

#[test]
fn calls_fall_in_store_hours_and_the_mix_is_realistic() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "a.sqlite3", 3);
    let tz = shanghai();
    let starts = strings(
        &db,
        "SELECT c.started_at FROM calls c LEFT JOIN rescue_cases r ON r.call_id = c.id
             WHERE r.id IS NULL OR r.closed_at IS NOT NULL",
    );
    for s in &starts {
        let local = crate::clock::from_db(s).unwrap().with_timezone(&tz);
        let m = local.hour() * 60 + local.minute();
        assert!((OPEN_MIN..CLOSE_MIN).contains(&m), "{s} is out of hours");
    }
    let total = count(&db, "SELECT count(*) FROM calls") as f64;
    let share = |g: &str| {
        count(
            &db,
            &format!("SELECT count(*) FROM calls WHERE template_group = '{g}'"),
        ) as f64
            / total
    };
    assert!(share("consult") > 0.7, "{}", share("consult"));
    assert!(share("rescue") < 0.15 && share("complaint") < 0.15);
    let (lo, hi): (i64, i64) = db
        .conn()
        .query_row(
            "SELECT min(duration_s), max(duration_s) FROM calls",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(lo >= 40 && hi <= 360, "{lo}..{hi}");
}
