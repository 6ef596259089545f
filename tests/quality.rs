//! Call-quality review on a temporary store: the queue's sampling rule, scoring with the
//! points kept per criterion, a dispute once and its re-score (the first round kept), and an
//! agent seeing only their own reviews.

use chrono::{DateTime, Duration, TimeZone, Utc};
use frontdesk::domain::calls::{Channel, Direction};
use frontdesk::domain::quality::{QualityConfig, ReviewStatus, SampleRule, Scores};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::store::agents::{self, Agent, Role};
use frontdesk::store::calls::{self, NewCall};
use frontdesk::store::quality::{self, View};
use frontdesk::store::{Actor, Db, StoreError};

fn tz() -> chrono_tz::Tz {
    chrono_tz::Asia::Shanghai
}

/// Store-local time.
fn local(d: u32, h: u32) -> DateTime<Utc> {
    tz().with_ymd_and_hms(2026, 11, d, h, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

struct Fixture {
    _dir: tempfile::TempDir,
    db: Db,
    sup: Agent,
    a: Agent,
    b: Agent,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("q.sqlite3")).unwrap();
    let actor = Actor {
        agent_id: None,
        at: local(1, 9),
    };
    let sup = agents::ensure(&mut db, actor, "1001", "王主管", Role::Supervisor).unwrap();
    let a = agents::ensure(&mut db, actor, "1002", "陈静", Role::Agent).unwrap();
    let b = agents::ensure(&mut db, actor, "1003", "李强", Role::Agent).unwrap();
    Fixture {
        _dir: dir,
        db,
        sup,
        a,
        b,
    }
}

/// Logs a call by `agent` starting at `start` and lasting `secs`.
fn log(db: &mut Db, agent: &Agent, template: &str, start: DateTime<Utc>, secs: i64) -> i64 {
    let set = TemplateSet::builtin();
    let t = set.get(template).unwrap();
    let c = NewCall {
        customer_id: None,
        vehicle_id: None,
        direction: Direction::Inbound,
        channel: Channel::Phone,
        template_id: t.id.clone(),
        template_version: t.version,
        group: t.group,
        fields: Default::default(),
        sentence: format!("{template} 的记录"),
        resolved: true,
        completeness: 90,
        started_at: start,
    };
    let actor = Actor {
        agent_id: Some(agent.id),
        at: start + Duration::seconds(secs),
    };
    calls::save(db, actor, &c).unwrap().call_id
}

fn rule() -> SampleRule {
    SampleRule {
        per_agent_week: 3,
        every_complaint: true,
        min_call_seconds: 30,
    }
}

fn now() -> DateTime<Utc> {
    // Wednesday 2026-11-25, week 48 running.
    local(25, 10)
}

fn sample(db: &mut Db, sup: &Agent) -> usize {
    let actor = Actor {
        agent_id: Some(sup.id),
        at: now(),
    };
    quality::sample(db, actor, tz(), &rule()).unwrap()
}

/// Agent A: week 47 six ordinary calls, a complaint call and a 10-second call; week 48 five
/// ordinary calls and a 10-second one. Agent B: two ordinary calls in week 47.
fn month(f: &mut Fixture) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..6 {
        ids.push(log(
            &mut f.db,
            &f.a,
            "consult_station",
            local(16 + i, 10),
            120,
        ));
    }
    ids.push(log(
        &mut f.db,
        &f.a,
        "complaint_attitude",
        local(18, 15),
        300,
    ));
    ids.push(log(&mut f.db, &f.a, "consult_price", local(19, 15), 10));
    for i in 0..5 {
        ids.push(log(
            &mut f.db,
            &f.a,
            "consult_station",
            local(23, 9 + i),
            120,
        ));
    }
    ids.push(log(&mut f.db, &f.a, "consult_tech", local(24, 16), 10));
    log(&mut f.db, &f.b, "consult_station", local(17, 10), 90);
    log(&mut f.db, &f.b, "consult_station", local(20, 10), 90);
    ids
}

fn reasons(db: &Db) -> Vec<(String, String, String, i64)> {
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    let mut st = conn
        .prepare(
            "SELECT (SELECT emp_no FROM agents WHERE id = agent_id), week, reason, count(*)
             FROM quality_reviews GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn the_queue_takes_complaints_short_calls_and_three_a_week_of_finished_weeks() {
    let mut f = fixture();
    month(&mut f);
    let sup = f.sup.clone();
    assert_eq!(sample(&mut f.db, &sup), 8);
    let t = |e: &str, w: &str, r: &str, n: i64| (e.to_string(), w.to_string(), r.to_string(), n);
    assert_eq!(
        reasons(&f.db),
        vec![
            t("1002", "2026-W47", "complaint", 1),
            t("1002", "2026-W47", "sample", 3),
            t("1002", "2026-W47", "short", 1),
            // The running week: only its short call; its samples wait for Sunday.
            t("1002", "2026-W48", "short", 1),
            t("1003", "2026-W47", "sample", 2),
        ]
    );
    // Sampling again queues nothing twice.
    assert_eq!(sample(&mut f.db, &sup), 0);
    // The supervisor's queue lists them all, each audited when queued.
    assert_eq!(quality::list(&f.db, &sup, View::Queue).unwrap().len(), 8);
    // The count a list stopped at its limit shows: the same view's, the agent's own.
    assert_eq!(quality::count(&f.db, &sup, View::Queue).unwrap(), 8);
    assert_eq!(quality::count(&f.db, &sup, View::Scored).unwrap(), 0);
    // Each status's count is that of the listed rows of the status.
    let queue = quality::list(&f.db, &sup, View::Queue).unwrap();
    let counts = quality::counts(&f.db, &sup, View::Queue).unwrap();
    assert_eq!(counts, quality::Counts::of(&queue));
    assert_eq!((counts.queued, counts.total()), (8, 8));
    let conn = rusqlite::Connection::open(f.db.path()).unwrap();
    let audited: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'quality.queue'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 8);
    // Settings change the rule: without short calls and complaints, only samples.
    let mut f2 = fixture();
    month(&mut f2);
    let actor = Actor {
        agent_id: Some(f2.sup.id),
        at: now(),
    };
    let off = SampleRule {
        per_agent_week: 1,
        every_complaint: false,
        min_call_seconds: 0,
    };
    assert_eq!(quality::sample(&mut f2.db, actor, tz(), &off).unwrap(), 2);
}

fn points(p: [u8; 6]) -> Scores {
    let sheet = QualityConfig::builtin().review;
    Scores {
        points: sheet.criteria.iter().map(|c| c.id.clone()).zip(p).collect(),
        fatal: false,
    }
}

fn first_of(db: &Db, sup: &Agent, agent: &Agent) -> quality::ReviewRow {
    quality::list(db, sup, View::Queue)
        .unwrap()
        .into_iter()
        .find(|r| r.agent_id == Some(agent.id))
        .unwrap()
}

#[test]
fn a_review_is_scored_per_criterion_disputed_once_and_rescored_with_history() {
    let mut f = fixture();
    month(&mut f);
    let (sup, a, b) = (f.sup.clone(), f.a.clone(), f.b.clone());
    sample(&mut f.db, &sup);
    let sheet = QualityConfig::builtin().review;
    let r = first_of(&f.db, &sup, &a);
    // An agent does not score.
    let err = quality::score(
        &mut f.db,
        now(),
        &b,
        r.id,
        r.version,
        &points([5; 6]),
        "",
        &sheet,
    );
    assert!(matches!(err, Err(StoreError::Said { .. })));
    // An incomplete sheet is refused.
    let mut half = points([5; 6]);
    half.points.remove("closing");
    assert!(quality::score(&mut f.db, now(), &sup, r.id, r.version, &half, "", &sheet).is_err());
    let total = quality::score(
        &mut f.db,
        now(),
        &sup,
        r.id,
        r.version,
        &points([5, 4, 3, 5, 4, 2]),
        "倾听时打断客户两次",
        &sheet,
    )
    .unwrap();
    assert_eq!(total, 80.0);
    // A stale version is refused, not overwritten.
    let stale = quality::score(
        &mut f.db,
        now(),
        &sup,
        r.id,
        r.version,
        &points([5; 6]),
        "",
        &sheet,
    );
    assert!(matches!(stale, Err(StoreError::Conflict { .. })));
    let d = quality::detail(&f.db, &a, r.id).unwrap();
    assert_eq!(d.row.status, ReviewStatus::Scored);
    assert_eq!(d.row.comment, "倾听时打断客户两次");
    assert_eq!(d.rounds.len(), 1);
    assert_eq!(d.rounds[0].points["listening"], (3, 5, 20));
    assert_eq!(d.record.text, "consult_station 的记录");
    // Another agent cannot dispute it; its agent can, once, with a reason.
    let v = d.row.version;
    assert!(quality::dispute(&mut f.db, now(), &b, r.id, v, "理由").is_err());
    assert!(quality::dispute(&mut f.db, now(), &a, r.id, v, " ").is_err());
    quality::dispute(&mut f.db, now(), &a, r.id, v, "录音里客户先打断").unwrap();
    let d = quality::detail(&f.db, &sup, r.id).unwrap();
    assert_eq!(d.row.status, ReviewStatus::Disputed);
    assert_eq!(d.row.dispute_reason, "录音里客户先打断");
    let again = quality::dispute(&mut f.db, now(), &a, r.id, d.row.version, "再申诉");
    assert!(again.is_err());
    // Disputed reviews come first in the queue.
    assert_eq!(quality::list(&f.db, &sup, View::Queue).unwrap()[0].id, r.id);
    let total = quality::score(
        &mut f.db,
        now(),
        &sup,
        r.id,
        d.row.version,
        &points([5, 4, 5, 5, 4, 2]),
        "复听录音，倾听项改为5分",
        &sheet,
    )
    .unwrap();
    assert_eq!(total, 88.0);
    let d = quality::detail(&f.db, &a, r.id).unwrap();
    assert_eq!(d.row.status, ReviewStatus::Rescored);
    assert_eq!(d.row.total, Some(88.0));
    assert_eq!(d.rounds.len(), 2);
    assert_eq!(d.rounds[0].total, 80.0);
    assert_eq!(d.rounds[0].points["listening"].0, 3);
    assert_eq!(d.rounds[1].points["listening"].0, 5);
    // Re-scored is final: no third round, no second dispute.
    assert!(
        quality::score(
            &mut f.db,
            now(),
            &sup,
            r.id,
            d.row.version,
            &points([5; 6]),
            "",
            &sheet
        )
        .is_err()
    );
    assert!(quality::dispute(&mut f.db, now(), &a, r.id, d.row.version, "x").is_err());
    let conn = rusqlite::Connection::open(f.db.path()).unwrap();
    let actions: Vec<String> = conn
        .prepare("SELECT action FROM audit WHERE entity = 'quality_review' AND entity_id = ?1 ORDER BY id")
        .unwrap()
        .query_map([r.id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        actions,
        [
            "quality.queue",
            "quality.score",
            "quality.dispute",
            "quality.rescore"
        ]
    );
}

#[test]
fn a_fatal_error_scores_zero_and_a_supervisor_never_scores_their_own_call() {
    let mut f = fixture();
    let sup = f.sup.clone();
    let boss2 = {
        let actor = Actor {
            agent_id: None,
            at: local(1, 9),
        };
        agents::ensure(&mut f.db, actor, "1009", "赵主管", Role::Supervisor).unwrap()
    };
    log(&mut f.db, &sup, "complaint_attitude", local(24, 10), 200);
    sample(&mut f.db, &sup);
    let r = first_of(&f.db, &sup, &sup);
    let sheet = QualityConfig::builtin().review;
    let fatal = Scores {
        points: Default::default(),
        fatal: true,
    };
    assert!(quality::score(&mut f.db, now(), &sup, r.id, r.version, &fatal, "", &sheet).is_err());
    let total = quality::score(
        &mut f.db,
        now(),
        &boss2,
        r.id,
        r.version,
        &fatal,
        "泄露客户电话",
        &sheet,
    );
    assert_eq!(total.unwrap(), 0.0);
}

#[test]
fn a_lone_supervisors_own_calls_are_not_sampled_for_no_one_could_score_them() {
    let mut f = fixture();
    let sup = f.sup.clone();
    // A complaint call and a short call: both forced into the queue for an agent.
    let own = log(&mut f.db, &sup, "complaint_attitude", local(24, 10), 200);
    let short = log(&mut f.db, &sup, "consult_price", local(24, 11), 10);
    let agents_call = log(&mut f.db, &f.a, "complaint_attitude", local(24, 12), 200);
    assert_eq!(sample(&mut f.db, &sup), 1);
    let queued: Vec<i64> = quality::list(&f.db, &sup, View::Queue)
        .unwrap()
        .iter()
        .map(|r| r.source_id)
        .collect();
    assert_eq!(queued, [agents_call]);
    // A second supervisor arrives: they may score the first one's calls, now sampled.
    let actor = Actor {
        agent_id: None,
        at: local(24, 13),
    };
    agents::ensure(&mut f.db, actor, "1009", "赵主管", Role::Supervisor).unwrap();
    assert_eq!(sample(&mut f.db, &sup), 2);
    let mut queued: Vec<i64> = quality::list(&f.db, &sup, View::Queue)
        .unwrap()
        .iter()
        .map(|r| r.source_id)
        .collect();
    queued.sort();
    assert_eq!(queued, [own, short, agents_call]);
}

#[test]
fn an_agent_sees_only_their_own_scored_reviews() {
    let mut f = fixture();
    month(&mut f);
    let (sup, a, b) = (f.sup.clone(), f.a.clone(), f.b.clone());
    sample(&mut f.db, &sup);
    let sheet = QualityConfig::builtin().review;
    let ra = first_of(&f.db, &sup, &a);
    let rb = first_of(&f.db, &sup, &b);
    for r in [&ra, &rb] {
        quality::score(
            &mut f.db,
            now(),
            &sup,
            r.id,
            r.version,
            &points([4; 6]),
            "ok",
            &sheet,
        )
        .unwrap();
    }
    // Whatever view an agent asks for, only their own scored reviews come back.
    for view in [View::Queue, View::Scored, View::Mine] {
        let mine = quality::list(&f.db, &a, view).unwrap();
        assert_eq!(mine.len(), 1, "{view:?}");
        assert_eq!(mine[0].id, ra.id);
        let theirs = quality::list(&f.db, &b, view).unwrap();
        assert_eq!(theirs.iter().map(|r| r.id).collect::<Vec<_>>(), [rb.id]);
    }
    assert!(quality::detail(&f.db, &a, rb.id).is_err());
    assert!(quality::detail(&f.db, &b, ra.id).is_err());
    // Their queued (not yet scored) reviews stay hidden: sampling is not announced.
    let queued_a = first_of(&f.db, &sup, &a);
    assert!(quality::detail(&f.db, &a, queued_a.id).is_err());
    // The supervisor sees every scored one.
    assert_eq!(quality::list(&f.db, &sup, View::Scored).unwrap().len(), 2);
}

#[test]
fn the_store_settings_override_the_sampling_numbers_and_the_sheet() {
    let mut f = fixture();
    let actor = Actor {
        agent_id: Some(f.sup.id),
        at: now(),
    };
    assert_eq!(quality::config(f.db.conn()), QualityConfig::builtin());
    use frontdesk::store::settings;
    settings::set(&mut f.db, actor, "quality.per_agent_week", "5", None).unwrap();
    settings::set(&mut f.db, actor, "quality.min_call_seconds", "0", None).unwrap();
    let sheet = "[review]\nmax = 3\nfatal_zh = \"致命\"\nfatal_en = \"Fatal\"\n\
                 [[review.criteria]]\nid = \"greeting\"\nzh = \"开场问候\"\nen = \"Greeting\"\nweight = 1\n";
    settings::set(&mut f.db, actor, quality::SHEET_KEY, sheet, None).unwrap();
    let c = quality::config(f.db.conn());
    assert_eq!(c.sampling.per_agent_week, 5);
    assert_eq!(c.sampling.min_call_seconds, 0);
    assert!(c.sampling.every_complaint);
    assert_eq!(c.review.max, 3);
    assert_eq!(c.review.criteria.len(), 1);
    assert_eq!(c.assessment, QualityConfig::builtin().assessment);
    // A broken sheet leaves the built-in one in force.
    settings::set(
        &mut f.db,
        actor,
        quality::SHEET_KEY,
        "[review]\nmax = 0\n",
        Some(1),
    )
    .unwrap();
    assert_eq!(
        quality::config(f.db.conn()).review,
        QualityConfig::builtin().review
    );
}

fn sample_week(db: &mut Db, sup: &Agent, week: &str) -> usize {
    let actor = Actor {
        agent_id: Some(sup.id),
        at: now(),
    };
    let monday = frontdesk::domain::quality::sampling::parse_week(week).unwrap();
    quality::sample_week(db, actor, tz(), &rule(), monday).unwrap()
}

#[test]
fn sampling_one_week_picks_by_rule_once_and_the_running_week_gives_only_forced_reviews() {
    let mut f = fixture();
    month(&mut f);
    let sup = f.sup.clone();
    // The running week first: only its 10-second call; its samples wait for Sunday.
    assert_eq!(sample_week(&mut f.db, &sup, "2026-W48"), 1);
    // A finished week: A's complaint call, A's short call, three of A's six ordinary calls
    // and both of B's calls (B had fewer than three).
    assert_eq!(sample_week(&mut f.db, &sup, "2026-W47"), 7);
    let t = |e: &str, w: &str, r: &str, n: i64| (e.to_string(), w.to_string(), r.to_string(), n);
    assert_eq!(
        reasons(&f.db),
        vec![
            t("1002", "2026-W47", "complaint", 1),
            t("1002", "2026-W47", "sample", 3),
            t("1002", "2026-W47", "short", 1),
            t("1002", "2026-W48", "short", 1),
            t("1003", "2026-W47", "sample", 2),
        ]
    );
    // Idempotent: the same week again, the whole span, and weeks with nothing or to come.
    assert_eq!(sample_week(&mut f.db, &sup, "2026-W47"), 0);
    assert_eq!(sample(&mut f.db, &sup), 0);
    assert_eq!(sample_week(&mut f.db, &sup, "2026-W46"), 0);
    assert_eq!(sample_week(&mut f.db, &sup, "2026-W49"), 0);
    // The same picks as sampling the whole span at once (one rule, one shuffle).
    let mut g = fixture();
    month(&mut g);
    let sup_g = g.sup.clone();
    assert_eq!(sample(&mut g.db, &sup_g), 8);
    let picked = |db: &Db| -> Vec<(String, i64)> {
        let conn = rusqlite::Connection::open(db.path()).unwrap();
        let mut st = conn
            .prepare("SELECT source_table, source_id FROM quality_reviews ORDER BY 1, 2")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(picked(&f.db), picked(&g.db));
}
