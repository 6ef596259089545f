//! The callback queue on a real store file: planning every rule once (and again: nothing
//! new), moving a task when its source date is edited, do-not-contact and unreachable
//! customers, holiday greetings, the queue and claims. Attempts, retries, low scores and
//! samples are in `callbacks_work.rs`.

mod callbacks_fx;

use callbacks_fx::*;
use frontdesk::domain::callbacks::{Kind, Rules, Status};
use frontdesk::store::StoreError;
use frontdesk::store::callbacks::{self as cb, QueueFilter, Scope};

#[test]
fn every_rule_plans_once_and_twice_creates_nothing() {
    let mut s = store();
    // 7DC: delivered a week ago; a secondary dealer's car invoiced 10 days ago.
    let (_, v) = s.car();
    s.sale(v, "2026-11-16", "2026-11-15", false);
    let (_, v) = s.car();
    s.sale(v, "2026-11-20", "2026-11-13", true);
    // 3DC (and third level: a bill of 12,000 yuan).
    let (_, v) = s.car();
    s.repair(v, "2026-11-20", 12_000);
    // Monthly and yearly.
    let (_, v) = s.car();
    s.sale(v, "2026-10-23", "2026-10-23", false);
    let (_, v) = s.car();
    s.sale(v, "2025-11-25", "2025-11-25", false);
    // Birthday on 30 November, maintenance due 1 December.
    let m = s.mobile();
    s.customer(Some(&m), Some("1990-11-30"), false);
    let m = s.mobile();
    let c = s.customer(Some(&m), None, false);
    s.vehicle(c, Some("2026-12-01"));
    // Upcoming: delivered yesterday, day 7 is a Sunday (moved to Monday 30 November, the
    // end of the 7-day horizon). Nothing: repaired long ago, delivered a fortnight ago.
    let (_, v) = s.car();
    s.sale(v, "2026-11-22", "2026-11-22", false);
    s.repair(v, "2026-06-01", 300);
    let (_, v) = s.car();
    s.sale(v, "2026-11-09", "2026-11-09", false);

    let r = s.plan(TODAY);
    let due = |k: Kind| -> Vec<String> {
        let mut v: Vec<String> = s.tasks(k).into_iter().map(|t| t.1).collect();
        v.sort();
        v
    };
    assert_eq!(
        due(Kind::Dc7),
        vec!["2026-11-23", "2026-11-23", "2026-11-30"]
    );
    assert_eq!(due(Kind::Dc3), vec!["2026-11-23"]);
    assert_eq!(due(Kind::ThirdRepair), vec!["2026-11-26"]);
    assert_eq!(due(Kind::Monthly), vec!["2026-11-23"]);
    assert_eq!(due(Kind::Yearly), vec!["2026-11-25"]);
    assert_eq!(due(Kind::Birthday), vec!["2026-11-27"]);
    assert_eq!(due(Kind::Maintenance), vec!["2026-11-24"]);
    assert!(due(Kind::Holiday).is_empty());
    assert_eq!(r.created_total(), 9);
    assert_eq!(r.skipped_total(), 0);
    let total: i64 =
        s.db.conn()
            .query_row("SELECT count(*) FROM callback_tasks", [], |r| r.get(0))
            .unwrap();
    let again = s.plan(TODAY);
    assert!(!again.changed(), "{again:?}");
    let after: i64 =
        s.db.conn()
            .query_row("SELECT count(*) FROM callback_tasks", [], |r| r.get(0))
            .unwrap();
    assert_eq!(total, after);
    // The next day plans what came into the horizon, and nothing twice.
    let next = s.plan("2026-11-24");
    assert_eq!(next.created.get(&Kind::Dc7), None);
    assert_eq!(s.plan("2026-11-24").created_total(), 0);
}

#[test]
fn editing_the_source_date_moves_the_pending_task() {
    let mut s = store();
    let (_, v) = s.car();
    let sale = s.sale(v, "2026-11-16", "2026-11-16", false);
    let (_, v2) = s.car();
    let ro = s.repair(v2, "2026-11-20", 500);
    s.plan(TODAY);
    let t7 = s.one(Kind::Dc7);
    let t3 = s.one(Kind::Dc3);
    s.sql(&format!(
        "UPDATE sales_files SET delivery_date = '2026-11-18' WHERE id = {sale};
         UPDATE repair_orders SET closed = '2026-11-21' WHERE id = {ro};"
    ));
    let r = s.plan(TODAY);
    assert_eq!(r.moved, 2);
    assert_eq!(r.created_total(), 0);
    assert_eq!(s.tasks(Kind::Dc7)[0].1, "2026-11-25");
    // 21 Nov + 3 = Tuesday 24 Nov.
    assert_eq!(s.tasks(Kind::Dc3)[0].1, "2026-11-24");
    assert_eq!(s.tasks(Kind::Dc7)[0].0, t7);
    assert!(!s.plan(TODAY).changed());
    // The channel changed to a secondary dealer: 10 days after the invoice.
    s.sql(&format!(
        "UPDATE sales_files SET channel = 'secondary', invoice_date = '2026-11-12' WHERE id = {sale}"
    ));
    s.plan(TODAY);
    assert_eq!(s.tasks(Kind::Dc7)[0].1, "2026-11-23");
    // The repair order reopened: no hand-back, no 3DC.
    s.sql(&format!(
        "UPDATE repair_orders SET closed = NULL WHERE id = {ro}"
    ));
    let r = s.plan(TODAY);
    assert_eq!(r.closed, 1);
    assert_eq!(s.status(t3), ("skipped".into(), Some("source_gone".into())));
    // A maintenance reminder: the date corrected by two days moves it; the service done
    // (next date in half a year) makes it moot.
    let m = s.mobile();
    let c = s.customer(Some(&m), None, false);
    let car = s.vehicle(c, Some("2026-12-01"));
    s.plan(TODAY);
    let rem = s.one(Kind::Maintenance);
    s.sql(&format!(
        "UPDATE vehicles SET maintenance_due = '2026-12-03' WHERE id = {car}"
    ));
    assert_eq!(s.plan(TODAY).moved, 1);
    assert_eq!(s.tasks(Kind::Maintenance)[0].1, "2026-11-26");
    s.sql(&format!(
        "UPDATE vehicles SET maintenance_due = '2027-06-03' WHERE id = {car}"
    ));
    assert_eq!(s.plan(TODAY).closed, 1);
    assert_eq!(s.status(rem), ("skipped".into(), Some("superseded".into())));
    let audit: i64 =
        s.db.conn()
            .query_row(
                "SELECT count(*) FROM audit WHERE entity = 'callback_task' AND action = 'move'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(audit, 4);
}

#[test]
fn do_not_contact_and_unreachable_customers_get_skipped_tasks_with_the_reason() {
    let mut s = store();
    let (c1, v1) = s.car();
    s.sale(v1, "2026-11-16", "2026-11-16", false);
    // No number at all.
    let c2 = s.customer(None, None, false);
    let v2 = s.vehicle(c2, None);
    s.sale(v2, "2026-11-16", "2026-11-16", false);
    // Do not call about 3DC, for this vehicle only; other kinds are fine.
    let (c3, v3) = s.car();
    s.sale(v3, "2026-11-16", "2026-11-16", false);
    s.repair(v3, "2026-11-20", 100);
    cb::set_do_not_contact(
        &mut s.db,
        sys(),
        c3,
        Some(v3),
        Some(Kind::Dc3),
        true,
        "不要维修回访",
    )
    .unwrap();
    // Do not contact at all.
    cb::set_do_not_contact(&mut s.db, sys(), c1, None, None, true, "客户要求").unwrap();

    let r = s.plan(TODAY);
    assert_eq!(r.skipped.get(&Kind::Dc7), Some(&2));
    let seven = s.tasks(Kind::Dc7);
    assert_eq!(seven[0].3.as_deref(), Some("do_not_contact"));
    assert_eq!(seven[1].3.as_deref(), Some("no_number"));
    assert_eq!(seven[2].2, "open");
    assert_eq!(s.tasks(Kind::Dc3)[0].3.as_deref(), Some("do_not_contact"));
    let prefs = cb::contact_prefs(s.db.conn(), c3).unwrap();
    assert_eq!(prefs[0].kind, Some(Kind::Dc3));

    // The wish is withdrawn: the task reopens while its window lasts.
    cb::set_do_not_contact(&mut s.db, sys(), c1, None, None, false, "客户同意回访").unwrap();
    let r = s.plan(TODAY);
    assert_eq!(r.reopened, 1);
    assert_eq!(s.tasks(Kind::Dc7)[0].2, "open");
    // Set again: the pending task is skipped at once.
    let skipped = cb::set_do_not_contact(&mut s.db, sys(), c1, None, None, true, "").unwrap();
    assert_eq!(skipped, vec![seven[0].0]);
    // A number added later makes the customer reachable.
    s.sql(&format!(
        "UPDATE customers SET landline = '0755-12345678' WHERE id = {c2}"
    ));
    assert_eq!(s.plan(TODAY).reopened, 1);
    assert_eq!(s.status(seven[1].0).0, "open");
}

#[test]
fn holiday_greetings_by_text_message_for_every_customer_not_opted_out() {
    let mut s = store();
    let (c1, _) = s.car();
    let (c2, _) = s.car();
    let c3 = s.customer(None, None, false);
    s.sql(&format!(
        "UPDATE customers SET landline = '010-88886666' WHERE id = {c3}"
    ));
    cb::set_do_not_contact(&mut s.db, sys(), c2, None, Some(Kind::Holiday), true, "").unwrap();
    // Mid-Autumn 2026 is 25 September (lunar 8-15); the greeting is due the day before.
    let r = s.plan("2026-09-20");
    assert_eq!(r.created.get(&Kind::Holiday), Some(&1));
    assert_eq!(r.skipped.get(&Kind::Holiday), Some(&2));
    let h = s.tasks(Kind::Holiday);
    assert_eq!(h[0].1, "2026-09-24");
    assert_eq!(h[1].3.as_deref(), Some("do_not_contact"));
    assert_eq!(h[2].3.as_deref(), Some("no_mobile"));
    let detail = cb::task(s.db.conn(), &Rules::builtin(), h[0].0, d("2026-09-24")).unwrap();
    assert_eq!(detail.holiday, "中秋节");
    assert!(
        detail
            .render(&detail.text, "宏图4S店")
            .contains("宏图4S店祝您中秋快乐")
    );
    assert_eq!(detail.row.customer_id, Some(c1));
    // The batch is sent.
    let n = cb::mark_sms_sent(
        &mut s.db,
        at(Some(s.agent), "2026-09-24 10:00"),
        &[h[0].0, h[1].0],
    )
    .unwrap();
    assert_eq!(n, 1);
    assert_eq!(s.status(h[0].0).0, "done");
    // National Day's greeting follows (due 30 September); planning again adds nothing.
    let r = s.plan("2026-09-26");
    assert_eq!(r.created.get(&Kind::Holiday), Some(&1));
    assert_eq!(r.skipped.get(&Kind::Holiday), Some(&2));
    assert!(!s.plan("2026-09-26").changed());
    // The next Spring Festival (2027-02-06).
    let r = s.plan("2027-02-01");
    assert_eq!(r.created.get(&Kind::Holiday), Some(&1));
    let sf: String = s
        .db
        .conn()
        .query_row(
            "SELECT anchor_date FROM callback_tasks WHERE period = '2027:spring_festival' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sf, "2027-02-06");
}

/// A customer added after a holiday's greetings were planned gets theirs on the next run,
/// and a greeting missing for the first customer (the run's probe) is filled in alone: the
/// others are neither duplicated nor counted again.
#[test]
fn holiday_greetings_fill_in_only_the_missing_ones() {
    let mut s = store();
    let first = s.car().0;
    s.car();
    let r = s.plan("2026-09-20");
    assert_eq!(r.created.get(&Kind::Holiday), Some(&2));
    let m = s.mobile();
    let later = s.customer(Some(&m), None, false);
    let r = s.plan("2026-09-21");
    assert_eq!(r.created.get(&Kind::Holiday), Some(&1));
    assert_eq!(r.created_total() + r.skipped_total(), 1);
    s.sql(&format!(
        "DELETE FROM callback_tasks WHERE kind = 'holiday' AND customer_id = {first}"
    ));
    let r = s.plan("2026-09-21");
    assert_eq!(r.created.get(&Kind::Holiday), Some(&1));
    assert_eq!(r.created_total() + r.skipped_total(), 1);
    let mut owners: Vec<i64> = s
        .tasks(Kind::Holiday)
        .iter()
        .map(|t| {
            s.db.conn()
                .query_row(
                    "SELECT customer_id FROM callback_tasks WHERE id = ?1",
                    [t.0],
                    |r| r.get(0),
                )
                .unwrap()
        })
        .collect();
    owners.sort_unstable();
    assert_eq!(owners.len(), 3);
    assert!(owners.contains(&first) && owners.contains(&later));
    owners.dedup();
    assert_eq!(owners.len(), 3);
    assert!(!s.plan("2026-09-21").changed());
}

/// The greetings' skip reasons read the wishes and wrong numbers as sets: each case below
/// gets the reason (or none) a single task's check gives it, by text message and by call.
#[test]
fn holiday_greetings_skip_exactly_the_customers_wishes_and_wrong_numbers_cover() {
    let mut s = store();
    let ok = s.car().0;
    let wish = |s: &mut Store, c: i64, v: Option<i64>, k: Option<Kind>, on: bool| {
        cb::set_do_not_contact(&mut s.db, sys(), c, v, k, on, "").unwrap();
    };
    let every_kind = s.car().0;
    wish(&mut s, every_kind, None, None, true);
    let greetings_only = s.car().0;
    wish(&mut s, greetings_only, None, Some(Kind::Holiday), true);
    let other_kind = s.car().0;
    wish(&mut s, other_kind, None, Some(Kind::Dc7), true);
    let (one_car, car) = s.car();
    wish(&mut s, one_car, Some(car), None, true);
    let cleared = s.car().0;
    wish(&mut s, cleared, None, None, true);
    wish(&mut s, cleared, None, None, false);
    let landline = |s: &mut Store, c: i64, tel: &str| {
        s.sql(&format!(
            "UPDATE customers SET landline = '{tel}' WHERE id = {c}"
        ));
    };
    let bad = |s: &mut Store, number: &str| {
        s.sql(&format!(
            "INSERT INTO callback_bad_numbers(number, set_at) VALUES ('{number}', '2026-09-01T00:00:00Z')"
        ));
    };
    let m = s.mobile();
    let wrong_mobile = s.customer(Some(&m), None, false);
    bad(&mut s, &m);
    landline(&mut s, wrong_mobile, "010-88886601");
    let landline_only = s.customer(None, None, false);
    landline(&mut s, landline_only, "010-88886602");
    let m = s.mobile();
    let both_wrong = s.customer(Some(&m), None, false);
    bad(&mut s, &m);
    landline(&mut s, both_wrong, "010-88886603");
    bad(&mut s, "010-88886603");
    let nothing = s.customer(None, None, false);
    let reasons = |s: &Store, period: &str| -> Vec<(i64, String, Option<String>)> {
        let mut st =
            s.db.conn()
                .prepare(
                    "SELECT customer_id, status, skip_reason FROM callback_tasks
                 WHERE kind = 'holiday' AND period = ?1 ORDER BY customer_id",
                )
                .unwrap();
        st.query_map([period], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    // Each customer, the reason by text message, the reason by call.
    let (dnc, no_mobile, no_number) =
        (Some("do_not_contact"), Some("no_mobile"), Some("no_number"));
    let cases = [
        (ok, None, None),
        (every_kind, dnc, dnc),
        (greetings_only, dnc, dnc),
        (other_kind, None, None),
        (one_car, None, None),
        (cleared, None, None),
        // A landline not known to be wrong is a way to call.
        (wrong_mobile, no_mobile, None),
        (landline_only, no_mobile, None),
        (both_wrong, no_mobile, no_number),
        (nothing, no_mobile, no_number),
    ];
    let expect = |by_call: bool| -> Vec<(i64, String, Option<String>)> {
        cases
            .iter()
            .map(|&(c, sms, call)| {
                let r = if by_call { call } else { sms };
                let status = if r.is_some() { "skipped" } else { "open" };
                (c, status.to_string(), r.map(str::to_string))
            })
            .collect()
    };
    // By text message (the built-in rule): Mid-Autumn 2026. The greetings are right as
    // planned: the run's later pass over wishes and numbers has nothing to correct.
    let r = s.plan("2026-09-20");
    assert_eq!((r.newly_skipped, r.reopened), (0, 0));
    assert_eq!(r.skipped.get(&Kind::Holiday), Some(&6));
    assert_eq!(reasons(&s, "2026:mid_autumn"), expect(false));
    // By call: National Day 2026.
    let mut rules = Rules::builtin();
    for r in rules.rules.iter_mut().filter(|r| r.kind == Kind::Holiday) {
        r.channel = frontdesk::domain::callbacks::Channel::Call;
    }
    let r = s.plan_with("2026-09-26", &rules);
    assert_eq!((r.newly_skipped, r.reopened), (0, 0));
    assert_eq!(r.skipped.get(&Kind::Holiday), Some(&4));
    assert_eq!(reasons(&s, "2026:national_day"), expect(true));
}

#[test]
fn the_queue_puts_due_work_first_and_merges_one_customers_calls() {
    let mut s = store();
    let (c1, v1) = s.car();
    s.sale(v1, "2026-11-16", "2026-11-16", false); // 7DC due today
    s.repair(v1, "2026-11-21", 300); // 3DC due 24 Nov, same week
    let (_, v2) = s.car();
    s.repair(v2, "2026-11-18", 300); // 3DC due Monday 23 Nov (moved off Saturday)
    let (_, v3) = s.car();
    s.sale(v3, "2026-11-13", "2026-11-13", false); // 7DC due 20 Nov: overdue when planned
    s.plan("2026-11-19");
    s.plan(TODAY);
    let q = cb::queue(s.db.conn(), &QueueFilter::default(), d(TODAY), 50).unwrap();
    let order: Vec<(Kind, String)> = q.iter().map(|t| (t.kind, t.due.to_string())).collect();
    assert_eq!(
        order,
        vec![
            (Kind::Dc7, "2026-11-20".into()),
            (Kind::Dc7, "2026-11-23".into()),
            (Kind::Dc3, "2026-11-23".into()),
            (Kind::Dc3, "2026-11-24".into()),
        ]
    );
    assert_eq!(q[0].bucket, cb::Bucket::Overdue);
    assert_eq!(q[3].bucket, cb::Bucket::Upcoming);
    assert_eq!(q[1].phone.len(), "138****0001".len());
    assert!(q[1].phone.contains("****"));
    // Merged: customer 1's two calls are one row.
    let f = QueueFilter {
        merge: true,
        ..Default::default()
    };
    let m = cb::queue(s.db.conn(), &f, d(TODAY), 50).unwrap();
    assert_eq!(m.len(), 3);
    let lead = m.iter().find(|t| t.customer_id == Some(c1)).unwrap();
    assert_eq!(lead.kind, Kind::Dc7);
    assert_eq!(
        lead.also.iter().map(|a| a.1).collect::<Vec<_>>(),
        vec![Kind::Dc3]
    );
    // Filters and counts.
    let f = QueueFilter {
        kind: Some(Kind::Dc3),
        ..Default::default()
    };
    assert_eq!(cb::queue(s.db.conn(), &f, d(TODAY), 50).unwrap().len(), 2);
    let counts = cb::counts_by_kind(s.db.conn(), d(TODAY)).unwrap();
    let c7 = counts.iter().find(|c| c.kind == Kind::Dc7).unwrap();
    assert_eq!((c7.overdue, c7.today, c7.upcoming), (1, 1, 0));
    // Past its window (20–23 Nov): marked, then expired by the planner.
    let later = cb::queue(s.db.conn(), &QueueFilter::default(), d("2026-11-24"), 50).unwrap();
    assert!(later[0].past_window);
    let r = s.plan("2026-11-24");
    assert_eq!(r.expired, 2);
    let f = QueueFilter {
        status: Some(Status::Expired),
        ..Default::default()
    };
    assert_eq!(
        cb::queue(s.db.conn(), &f, d("2026-11-24"), 50)
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn claiming_releasing_reassigning_and_the_personal_cap() {
    let mut s = store();
    let rules = Rules::builtin();
    let (_, v1) = s.car();
    s.sale(v1, "2026-11-16", "2026-11-16", false);
    s.repair(v1, "2026-11-21", 300);
    let (_, v2) = s.car();
    s.repair(v2, "2026-11-18", 12_000); // 3DC and third level
    s.plan(TODAY);
    let t7 = s.one(Kind::Dc7);
    let t3 = s.task_of(Kind::Dc3, v1);
    let third = s.one(Kind::ThirdRepair);
    let me = at(Some(s.agent), "2026-11-23 09:30");
    let them = at(Some(s.other), "2026-11-23 09:31");
    // The 7DC comes with the same customer's 3DC.
    let got = cb::claim(&mut s.db, &rules, me, t7).unwrap();
    assert_eq!(got, vec![t7, t3]);
    let err = cb::claim(&mut s.db, &rules, them, t3).unwrap_err();
    assert!(
        matches!(err, StoreError::Said { ref zh, .. } if zh.contains("1002")),
        "{err:?}"
    );
    // Worded in the user's language.
    assert_eq!(
        err.message(frontdesk::i18n::Lang::En),
        "1002 陈静 has already claimed this task"
    );
    // Third level: supervisors only.
    assert!(cb::claim(&mut s.db, &rules, them, third).is_err());
    let boss = at(Some(s.boss), "2026-11-23 09:32");
    assert_eq!(
        cb::claim(&mut s.db, &rules, boss, third).unwrap(),
        vec![third]
    );
    // Release puts both back.
    assert!(cb::release(&mut s.db, them, t7).is_err());
    assert_eq!(cb::release(&mut s.db, me, t7).unwrap(), vec![t7, t3]);
    // The cap.
    let mut small = rules.clone();
    small.settings.max_open_personal = 1;
    assert_eq!(
        cb::claim(&mut s.db, &small, them, t3).unwrap(),
        vec![t3, t7]
    );
    let other = s.task_of(Kind::Dc3, v2);
    assert!(cb::claim(&mut s.db, &small, them, other).is_err());
    // A supervisor reassigns; an agent may not.
    assert!(cb::reassign(&mut s.db, me, t3, Some(s.agent)).is_err());
    let to = s.agent;
    cb::reassign(&mut s.db, boss, t3, Some(to)).unwrap();
    let mine = cb::queue(
        s.db.conn(),
        &QueueFilter {
            scope: Scope::Agent(s.agent),
            ..Default::default()
        },
        d(TODAY),
        10,
    )
    .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].agent.as_deref(), Some("1002 陈静"));
    cb::reassign(&mut s.db, boss, t3, None).unwrap();
    assert_eq!(s.status(t3).0, "open");
}

/// A customer with a landline and no mobile: a call can reach them, a text message cannot.
/// Each task is checked by its own channel (the birthday greeting is a text message, the
/// 7-day call a call).
#[test]
fn a_landline_only_customer_gets_calls_but_no_text_messages() {
    let mut s = store();
    let c = s.customer(None, Some("1990-11-30"), false);
    s.sql(&format!(
        "UPDATE customers SET landline = '0755-12345678' WHERE id = {c}"
    ));
    let v = s.vehicle(c, None);
    s.sale(v, "2026-11-16", "2026-11-16", false);
    let r = s.plan(TODAY);
    // Right as created: the run's later pass over wishes and numbers corrects nothing.
    assert_eq!((r.newly_skipped, r.reopened), (0, 0));
    let birthday = s.tasks(Kind::Birthday);
    assert_eq!(birthday.len(), 1);
    assert_eq!(
        (birthday[0].2.as_str(), birthday[0].3.as_deref()),
        ("skipped", Some("no_mobile"))
    );
    let seven = s.tasks(Kind::Dc7);
    assert_eq!(seven.len(), 1);
    assert_eq!((seven[0].2.as_str(), seven[0].3.as_deref()), ("open", None));
}
