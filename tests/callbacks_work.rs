//! The callback queue on a real store file: attempts and their retry schedule, complaints
//! from low scores, wrong numbers, stale tasks, second-level samples, follow-ups becoming
//! tasks (an agent's own, unless the customer may not be contacted), and claims across two
//! connections.

mod callbacks_fx;

use callbacks_fx::*;
use chrono::Utc;
use frontdesk::domain::callbacks::{DncScope, Kind, Outcome, Reason, Rules, Status};
use frontdesk::domain::complaints::Category;
use frontdesk::store::callbacks::{self as cb, QueueFilter, Scope};
use frontdesk::store::{Db, StoreError};

#[test]
fn no_answer_retries_three_times_a_day_until_the_window_ends() {
    let mut s = store();
    let rules = Rules::builtin();
    let (_, v) = s.car();
    s.repair(v, "2026-11-20", 300); // 3DC window 23–25 Nov
    s.plan(TODAY);
    let t = s.one(Kind::Dc3);
    let me = s.agent;
    let mut try_at = |when: &str| {
        cb::record_attempt(
            &mut s.db,
            &rules,
            at(Some(me), when),
            t,
            &input(Outcome::NoAnswer),
            local(when),
        )
        .unwrap()
    };
    let r = try_at("2026-11-23 10:00");
    assert_eq!(r.status, Status::Claimed);
    assert_eq!(
        r.next_try_at,
        Some(local("2026-11-23 12:00").with_timezone(&Utc))
    );
    let r = try_at("2026-11-23 12:00");
    assert_eq!(
        r.next_try_at,
        Some(local("2026-11-23 14:00").with_timezone(&Utc))
    );
    let r = try_at("2026-11-23 14:00");
    assert_eq!(
        r.next_try_at,
        Some(local("2026-11-24 09:00").with_timezone(&Utc))
    );
    let r = try_at("2026-11-24 09:00");
    assert_eq!(
        r.next_try_at,
        Some(local("2026-11-24 11:00").with_timezone(&Utc))
    );
    let r = try_at("2026-11-25 19:00");
    assert_eq!(r.status, Status::Failed);
    assert_eq!(s.status(t), ("failed".into(), Some("no_answer".into())));
    let detail = cb::task(s.db.conn(), &rules, t, d("2026-11-25")).unwrap();
    assert_eq!(detail.attempts.len(), 5);
    assert_eq!(detail.attempts[0].agent.as_deref(), Some("1002 陈静"));
    assert_eq!(detail.attempts[0].outcome, "no_answer");
    // A finished task takes no more attempts; calls only in calling hours.
    let err = cb::record_attempt(
        &mut s.db,
        &rules,
        at(Some(me), "2026-11-25 19:30"),
        t,
        &input(Outcome::NoAnswer),
        local("2026-11-25 19:30"),
    );
    assert!(err.is_err());
    let (_, v) = s.car();
    s.repair(v, "2026-11-20", 300);
    s.plan(TODAY);
    let t2 = s.tasks(Kind::Dc3)[1].0;
    let err = cb::record_attempt(
        &mut s.db,
        &rules,
        at(Some(me), "2026-11-23 20:30"),
        t2,
        &input(Outcome::NoAnswer),
        local("2026-11-23 20:30"),
    )
    .unwrap_err();
    assert!(err.message(frontdesk::i18n::Lang::Zh).contains("呼叫时段"));
    // A named call-back time, beyond the window, stretches it.
    let cbk = local("2026-11-27 15:00").with_timezone(&Utc);
    let r = cb::record_attempt(
        &mut s.db,
        &rules,
        at(Some(me), "2026-11-23 10:00"),
        t2,
        &input(Outcome::CallBack(cbk)),
        local("2026-11-23 10:00"),
    )
    .unwrap();
    assert_eq!(r.next_try_at, Some(cbk));
    assert!(!s.plan("2026-11-26").changed());
    assert_eq!(s.status(t2).0, "claimed");
}

#[test]
fn a_low_score_opens_a_complaint_linked_to_the_task() {
    let mut s = store();
    let rules = Rules::builtin();
    let (c, v) = s.car();
    s.sale(v, "2026-11-16", "2026-11-16", false);
    s.plan(TODAY);
    let t = s.one(Kind::Dc7);
    let mut inp = input(Outcome::Done);
    inp.scores.insert("consultant_attitude".into(), 2);
    inp.scores.insert("overall".into(), 4);
    inp.notes = "销售顾问交车时不耐烦".into();
    let r = cb::record_attempt(
        &mut s.db,
        &rules,
        at(Some(s.agent), "2026-11-23 10:00"),
        t,
        &inp,
        local("2026-11-23 10:00"),
    )
    .unwrap();
    assert_eq!(r.status, Status::Done);
    assert_eq!(r.low_scores, vec!["consultant_attitude".to_string()]);
    let cid = r.complaint_id.unwrap();
    let complaint = frontdesk::store::complaints::get(s.db.conn(), cid).unwrap();
    assert_eq!(complaint.category, Category::Attitude);
    assert!(complaint.summary.contains("销售顾问服务态度 2/5"));
    assert!(complaint.summary.contains(&format!("#{t}")));
    // The demand says what the customer scored low and the agent's remark, in words.
    assert_eq!(
        complaint.demand,
        "回访中客户反映：销售顾问服务态度 2/5；备注：销售顾问交车时不耐烦"
    );
    let detail = cb::task(s.db.conn(), &rules, t, d(TODAY)).unwrap();
    assert_eq!(detail.complaint_id, Some(cid));
    assert_eq!(detail.scores.get("overall"), Some(&4));
    assert_eq!(detail.survey.unwrap().title, "HTY销售7DC调查表");
    assert!(detail.script.contains("{name}"));
    assert_eq!(detail.row.customer_id, Some(c));
    // Scores out of scale are refused and nothing is written.
    let (_, v) = s.car();
    s.repair(v, "2026-11-20", 300);
    s.plan(TODAY);
    let t3 = s.one(Kind::Dc3);
    let mut bad = input(Outcome::Done);
    bad.scores.insert("repair_quality".into(), 6);
    assert!(
        cb::record_attempt(
            &mut s.db,
            &rules,
            at(Some(s.agent), "2026-11-23 10:00"),
            t3,
            &bad,
            local("2026-11-23 10:00")
        )
        .is_err()
    );
    assert_eq!(s.status(t3).0, "open");
    // A complaint voiced with good scores opens one too.
    let mut voiced = input(Outcome::Done);
    voiced.scores.insert("repair_quality".into(), 4);
    voiced.complaint = Some((Category::Pricing, "结算比报价多 300 元".into()));
    // A digit typed into the notes (a score meant for a question) is no demand.
    voiced.notes = "2".into();
    let r = cb::record_attempt(
        &mut s.db,
        &rules,
        at(Some(s.agent), "2026-11-23 10:05"),
        t3,
        &voiced,
        local("2026-11-23 10:05"),
    )
    .unwrap();
    let c2 = frontdesk::store::complaints::get(s.db.conn(), r.complaint_id.unwrap()).unwrap();
    assert_eq!(c2.category, Category::Pricing);
    assert_eq!(c2.demand, "回访中客户反映：结算比报价多 300 元");
}

#[test]
fn wrong_numbers_refusals_and_do_not_contact_from_a_call() {
    let mut s = store();
    let rules = Rules::builtin();
    let (c1, v1) = s.car();
    s.sale(v1, "2026-11-16", "2026-11-16", false);
    s.repair(v1, "2026-11-26", 300); // 3DC due Monday 30 Nov, another week
    let (c2, v2) = s.car();
    s.sale(v2, "2026-11-16", "2026-11-16", false);
    let (_, v3) = s.car();
    s.sale(v3, "2026-11-16", "2026-11-16", false);
    s.plan(TODAY);
    let seven = s.tasks(Kind::Dc7);
    let me = at(Some(s.agent), "2026-11-23 10:00");
    let now = local("2026-11-23 10:00");
    let r = cb::record_attempt(
        &mut s.db,
        &rules,
        me,
        seven[0].0,
        &input(Outcome::WrongNumber),
        now,
    )
    .unwrap();
    assert_eq!(r.status, Status::Failed);
    // The other task of the customer has no number left.
    assert_eq!(
        s.status(s.tasks(Kind::Dc3)[0].0),
        ("skipped".into(), Some(Reason::NoNumber.code().into()))
    );
    // Correcting the number reopens it on the next run.
    s.sql(&format!(
        "UPDATE customers SET mobile = '13912345678' WHERE id = {c1}"
    ));
    assert_eq!(s.plan(TODAY).reopened, 1);
    let r = cb::record_attempt(
        &mut s.db,
        &rules,
        me,
        seven[1].0,
        &input(Outcome::Refused),
        now,
    )
    .unwrap();
    assert_eq!(r.status, Status::Failed);
    assert_eq!(s.status(seven[1].0).1.as_deref(), Some("refused"));
    let dnc = Outcome::DoNotContact(DncScope::default());
    let r = cb::record_attempt(&mut s.db, &rules, me, seven[2].0, &input(dnc), now).unwrap();
    assert_eq!(r.status, Status::Skipped);
    assert_eq!(s.status(seven[2].0).1.as_deref(), Some("do_not_contact"));
    assert!(cb::contact_prefs(s.db.conn(), c2).unwrap().is_empty());
}

#[test]
fn stale_personal_tasks_return_to_the_pool() {
    let mut s = store();
    let rules = Rules::builtin();
    let (_, v) = s.car();
    s.repair(v, "2026-11-20", 300);
    let (_, v) = s.car();
    s.repair(v, "2026-11-21", 300); // due tomorrow
    s.plan(TODAY);
    let t = s.tasks(Kind::Dc3);
    let me = at(Some(s.agent), "2026-11-22 18:00");
    cb::claim(&mut s.db, &rules, me, t[0].0).unwrap();
    cb::claim(&mut s.db, &rules, me, t[1].0).unwrap();
    // 4 hours after opening on the due day.
    assert!(
        cb::return_stale_to_pool(&mut s.db, &rules, local("2026-11-23 12:59"))
            .unwrap()
            .is_empty()
    );
    let back = cb::return_stale_to_pool(&mut s.db, &rules, local("2026-11-23 13:01")).unwrap();
    assert_eq!(back, vec![t[0].0]);
    assert_eq!(s.status(t[0].0).0, "open");
    assert_eq!(s.status(t[1].0).0, "claimed");
}

#[test]
fn a_tenth_of_last_months_callbacks_is_rechecked() {
    let mut s = store();
    let rules = Rules::builtin();
    let mut ids = Vec::new();
    for _ in 0..25 {
        let (_, v) = s.car();
        s.repair(v, "2026-10-12", 300); // 3DC due 15 Oct
    }
    s.plan("2026-10-15");
    for t in s.tasks(Kind::Dc3) {
        ids.push(t.0);
        let mut inp = input(Outcome::Done);
        inp.scores.insert("overall".into(), 5);
        cb::record_attempt(
            &mut s.db,
            &rules,
            at(Some(s.agent), "2026-10-15 10:00"),
            t.0,
            &inp,
            local("2026-10-15 10:00"),
        )
        .unwrap();
    }
    let r = s.plan("2026-11-02");
    assert_eq!(r.created.get(&Kind::Recheck), Some(&3));
    assert!(!s.plan("2026-11-03").changed());
    let sources: Vec<i64> = {
        let mut st = s
            .db
            .conn()
            .prepare(
                "SELECT source_id FROM callback_tasks WHERE kind = 'recheck' ORDER BY source_id",
            )
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(sources, frontdesk::domain::callbacks::sample(&ids, 10));
    // Reports: the day's callbacks, per kind and question.
    let rep = cb::daily_report(s.db.conn(), d("2026-10-15"), tz()).unwrap();
    let k = rep
        .kinds
        .iter()
        .find(|k| k.kind == Some(Kind::Dc3))
        .unwrap();
    assert_eq!((k.due, k.done, k.on_time, k.failed), (25, 25, 25, 0));
    assert_eq!(k.average, Some(5.0));
    assert_eq!(rep.questions[0].question, "overall");
    assert_eq!(rep.questions[0].answers, 25);
    let week = cb::weekly_report(s.db.conn(), d("2026-10-12"), tz()).unwrap();
    assert_eq!(week.kinds.last().unwrap().done, 25);
}

#[test]
fn complaint_follow_ups_and_open_questions_become_tasks() {
    let mut s = store();
    let rules = Rules::builtin();
    let (c, v) = s.car();
    let complaint = frontdesk::store::complaints::register(
        &mut s.db,
        sys(),
        &frontdesk::store::complaints::NewComplaint {
            customer_id: Some(c),
            vehicle_id: Some(v),
            call_id: None,
            channel: "phone".into(),
            received_at: sys().at,
            category: Category::Timeliness,
            loss_yuan: None,
            severity_by_hand: None,
            station: String::new(),
            summary: "等待时间过长".into(),
            demand: String::new(),
            handler_id: None,
        },
    )
    .unwrap();
    let agent = s.agent;
    // Closed (a closing schedules the follow-up call; a complaint worked again has none).
    s.sql(&format!(
        "UPDATE complaints SET status = 'closed' WHERE id = {complaint};
         INSERT INTO complaint_follow_ups(complaint_id, kind, due) VALUES ({complaint}, 'call', '2026-11-25');
         INSERT INTO calls(uuid, store_id, customer_id, agent_id, direction, channel, template_id,
            template_version, template_group, fields, sentence, resolved, completeness, started_at,
            ended_at, duration_s, follow_up_due, created_at, updated_at)
         VALUES ('u1', 's', {c}, {agent}, 'in', 'phone', 'consult_policy', 1, 'consult', '{{}}', '咨询保修', 0,
            100, '2026-11-23T01:00:00Z', '2026-11-23T01:05:00Z', 300, '2026-11-24T01:05:00Z',
            '2026-11-23T01:05:00Z', '2026-11-23T01:05:00Z');"
    ));
    s.plan(TODAY);
    assert_eq!(s.tasks(Kind::Complaint)[0].1, "2026-11-23");
    let oq = s.one(Kind::OpenQuestion);
    // The open question is the personal task of the agent who took the call.
    let q = cb::queue(
        s.db.conn(),
        &QueueFilter {
            kind: Some(Kind::OpenQuestion),
            ..Default::default()
        },
        d(TODAY),
        5,
    )
    .unwrap();
    assert_eq!(q[0].claimed_by, Some(agent));
    assert_eq!(q[0].due, d("2026-11-24"));
    let mut inp = input(Outcome::Done);
    inp.notes = "已答复保修政策".into();
    cb::record_attempt(
        &mut s.db,
        &rules,
        at(Some(agent), "2026-11-23 15:00"),
        oq,
        &inp,
        local("2026-11-23 15:00"),
    )
    .unwrap();
    let note: Option<String> =
        s.db.conn()
            .query_row(
                "SELECT follow_up_note FROM calls WHERE uuid = 'u1'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(note.as_deref(), Some("已答复保修政策"));
    // The follow-up done from the complaints screen closes the task.
    s.sql("UPDATE complaint_follow_ups SET done_at = '2026-11-23T03:00:00Z'");
    let r = s.plan(TODAY);
    assert_eq!(r.closed, 1);
    assert_eq!(
        s.tasks(Kind::Complaint)[0].3.as_deref(),
        Some("done_elsewhere")
    );
}

#[test]
fn two_connections_claim_every_task_exactly_once() {
    let mut s = store();
    for _ in 0..200 {
        let (_, v) = s.car();
        s.repair(v, "2026-11-20", 300);
    }
    s.plan(TODAY);
    assert_eq!(s.tasks(Kind::Dc3).len(), 200);
    let mut rules = Rules::builtin();
    rules.settings.max_open_personal = 1000;
    let handles: Vec<_> = [s.agent, s.other]
        .into_iter()
        .map(|agent| {
            let path = s.path.clone();
            let rules = rules.clone();
            std::thread::spawn(move || {
                let mut db = Db::open(&path).unwrap();
                let mut mine = Vec::new();
                let mut refused = 0;
                while mine.len() < 100 {
                    let pool = QueueFilter {
                        scope: Scope::Pool,
                        ..Default::default()
                    };
                    let q = cb::queue(db.conn(), &pool, d(TODAY), 5).unwrap();
                    let Some(t) = q.first() else { break };
                    match cb::claim(&mut db, &rules, at(Some(agent), "2026-11-23 10:00"), t.id) {
                        Ok(ids) => mine.extend(ids),
                        Err(StoreError::Said { .. }) => refused += 1,
                        Err(e) => panic!("{e:?}"),
                    }
                }
                (mine, refused)
            })
        })
        .collect();
    let results: Vec<(Vec<i64>, usize)> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let mut all: Vec<i64> = results.iter().flat_map(|r| r.0.clone()).collect();
    assert_eq!(results[0].0.len(), 100);
    assert_eq!(results[1].0.len(), 100);
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 200, "every task claimed exactly once");
    let per_agent: Vec<i64> = [s.agent, s.other]
        .iter()
        .map(|a| cb::open_personal(s.db.conn(), *a).unwrap())
        .collect();
    assert_eq!(per_agent, vec![100, 100]);
}

#[test]
fn assigned_follow_ups_are_claimed_unless_the_customer_may_not_be_contacted() {
    let mut s = store();
    let agent = s.agent;
    // Four open questions of one agent's calls, in this order: a reachable customer, one
    // who asked not to be called, one whose only number is known wrong, and one whose
    // wish covers another of their cars only; then one of a call without an agent.
    let (c1, _) = s.car();
    let (c2, _) = s.car();
    let c3 = s.customer(Some("13900000003"), None, false);
    let (c4, _) = s.car();
    let other_car = s.vehicle(c4, None);
    let (c5, _) = s.car();
    cb::set_do_not_contact(&mut s.db, sys(), c2, None, None, true, "客户要求").unwrap();
    cb::set_do_not_contact(&mut s.db, sys(), c4, Some(other_car), None, true, "").unwrap();
    let mut calls = String::new();
    for (i, (c, who)) in [(c1, Some(agent)), (c2, Some(agent)), (c3, Some(agent))]
        .into_iter()
        .chain([(c4, Some(agent)), (c5, None)])
        .enumerate()
    {
        let who = who.map_or("NULL".to_string(), |a| a.to_string());
        calls.push_str(&format!(
            "INSERT INTO calls(uuid, store_id, customer_id, agent_id, direction, channel,
                template_id, template_version, template_group, fields, sentence, resolved,
                completeness, started_at, ended_at, duration_s, follow_up_due, created_at,
                updated_at)
             VALUES ('q{i}', 's', {c}, {who}, 'in', 'phone', 'consult_policy', 1, 'consult',
                '{{}}', '咨询保修', 0, 100, '2026-11-23T01:00:00Z', '2026-11-23T01:05:00Z',
                300, '2026-11-24T01:05:00Z', '2026-11-23T01:05:00Z', '2026-11-23T01:05:00Z');"
        ));
    }
    s.sql(&format!(
        "{calls} INSERT INTO callback_bad_numbers(number, customer_id, set_at)
            VALUES ('13900000003', {c3}, '2026-11-20T00:00:00Z');"
    ));
    let r = s.plan(TODAY);
    assert_eq!(r.created.get(&Kind::OpenQuestion), Some(&3));
    assert_eq!(r.skipped.get(&Kind::OpenQuestion), Some(&2));
    // Customer, status, skip reason, claimed by, claimed when the task was made.
    type Row = (i64, String, Option<String>, Option<i64>, bool);
    let rows: Vec<Row> = {
        let mut st =
            s.db.conn()
                .prepare(
                    "SELECT t.customer_id, t.status, t.skip_reason, t.claimed_by,
                        t.claimed_at IS t.created_at AND t.claimed_at IS NOT NULL
                     FROM callback_tasks t JOIN calls c ON c.id = t.source_id
                     WHERE t.kind = 'open_question' ORDER BY t.id",
                )
                .unwrap();
        st.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let claimed = |c| (c, "claimed".to_string(), None, Some(agent), true);
    let skipped = |c, why: &str| (c, "skipped".to_string(), Some(why.to_string()), None, false);
    assert_eq!(
        rows,
        vec![
            claimed(c1),
            skipped(c2, "do_not_contact"),
            skipped(c3, "no_number"),
            claimed(c4),
            (c5, "open".to_string(), None, None, false),
        ]
    );
    assert!(!s.plan(TODAY).changed());
}
