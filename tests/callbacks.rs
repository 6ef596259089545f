//! The callback queue on a real store file: planning every rule once (and again: nothing
//! new), moving a task when its source date is edited, do-not-contact and unreachable
//! customers, holiday greetings, the queue, claims (atomic, across two connections),
//! attempts and their retry schedule, complaints from low scores, second-level samples,
//! reports. `plan_a_100k_store` (ignored) measures planning on a demo store.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use frontdesk::domain::archive::{
    CustomerData, RepairKind, RepairOrderData, SalesChannel, SalesFileData, VehicleData,
};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::{DncScope, Kind, Outcome, Reason, Rules, Status};
use frontdesk::domain::complaints::Category;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::callbacks::{self as cb, AttemptInput, QueueFilter, Scope};
use frontdesk::store::{Actor, Db, StoreError, customers, files, vehicles};
use std::collections::BTreeMap;

const TODAY: &str = "2026-11-23";

fn tz() -> Tz {
    chrono_tz::Asia::Shanghai
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn local(s: &str) -> DateTime<Tz> {
    let t = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    tz().from_local_datetime(&t).unwrap()
}

fn at(agent: Option<i64>, s: &str) -> Actor {
    Actor {
        agent_id: agent,
        at: local(s).with_timezone(&Utc),
    }
}

fn sys() -> Actor {
    at(None, "2026-11-23 08:00")
}

struct Store {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    db: Db,
    agent: i64,
    other: i64,
    boss: i64,
    next: usize,
}

fn store() -> Store {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let mut db = Db::open(&path).unwrap();
    let a = agents::ensure(&mut db, sys(), "1002", "陈静", Role::Agent).unwrap();
    let o = agents::ensure(&mut db, sys(), "1003", "王磊", Role::Agent).unwrap();
    let b = agents::ensure(&mut db, sys(), "1001", "刘芳", Role::Supervisor).unwrap();
    Store {
        _dir: dir,
        path,
        db,
        agent: a.id,
        other: o.id,
        boss: b.id,
        next: 0,
    }
}

impl Store {
    fn customer(&mut self, mobile: Option<&str>, birthday: Option<&str>, vip: bool) -> i64 {
        self.next += 1;
        let c = CustomerData {
            name: format!("客户{}", self.next),
            mobile: mobile.map(str::to_string),
            birthday: birthday.map(d),
            vip,
            ..Default::default()
        };
        let sid = self.db.store_id().to_string();
        self.db
            .write(|tx| customers::insert_in(tx, &sid, sys(), &c))
            .unwrap()
    }

    fn mobile(&mut self) -> String {
        format!("1380000{:04}", self.next + 1)
    }

    fn vehicle(&mut self, cid: i64, maintenance_due: Option<&str>) -> i64 {
        self.next += 1;
        let v = VehicleData {
            vin: format!("LSVAA0000{:08}", self.next),
            maintenance_due: maintenance_due.map(d),
            ..Default::default()
        };
        let sid = self.db.store_id().to_string();
        self.db
            .write(|tx| vehicles::insert_in(tx, &sid, sys(), cid, &v))
            .unwrap()
    }

    fn sale(&mut self, vid: i64, delivery: &str, invoice: &str, secondary: bool) -> i64 {
        let s = SalesFileData {
            delivery_date: d(delivery),
            invoice_date: d(invoice),
            channel: if secondary {
                SalesChannel::Secondary
            } else {
                SalesChannel::Direct
            },
            ..Default::default()
        };
        let sid = self.db.store_id().to_string();
        self.db
            .write(|tx| files::insert_sales_file_in(tx, &sid, sys(), vid, &s))
            .unwrap()
    }

    fn repair(&mut self, vid: i64, closed: &str, yuan: i64) -> i64 {
        self.next += 1;
        let o = RepairOrderData {
            ro_number: format!("RO{}", self.next),
            opened: d(closed),
            closed: Some(d(closed)),
            kind: RepairKind::Repair,
            amount_fen: yuan * 100,
            ..Default::default()
        };
        let sid = self.db.store_id().to_string();
        self.db
            .write(|tx| files::insert_repair_order_in(tx, &sid, sys(), vid, &o))
            .unwrap()
    }

    /// A customer with a car and a reachable number.
    fn car(&mut self) -> (i64, i64) {
        let m = self.mobile();
        let c = self.customer(Some(&m), None, false);
        (c, self.vehicle(c, None))
    }

    fn plan(&mut self, today: &str) -> cb::PlanReport {
        self.plan_with(today, &Rules::builtin())
    }

    fn plan_with(&mut self, today: &str, rules: &Rules) -> cb::PlanReport {
        cb::plan(
            &mut self.db,
            sys(),
            d(today),
            tz(),
            rules,
            &BusinessCalendar::builtin(),
        )
        .unwrap()
    }

    fn tasks(&self, kind: Kind) -> Vec<(i64, String, String, Option<String>)> {
        let mut st = self
            .db
            .conn()
            .prepare(
                "SELECT id, due_date, status, skip_reason FROM callback_tasks WHERE kind = ?1
                 ORDER BY id",
            )
            .unwrap();
        st.query_map([kind.code()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    fn task_of(&self, kind: Kind, vehicle: i64) -> i64 {
        self.db
            .conn()
            .query_row(
                "SELECT id FROM callback_tasks WHERE kind = ?1 AND vehicle_id = ?2",
                rusqlite::params![kind.code(), vehicle],
                |r| r.get(0),
            )
            .unwrap()
    }

    fn one(&self, kind: Kind) -> i64 {
        let t = self.tasks(kind);
        assert_eq!(t.len(), 1, "{}: {t:?}", kind.code());
        t[0].0
    }

    fn status(&self, id: i64) -> (String, Option<String>) {
        self.db
            .conn()
            .query_row(
                "SELECT status, skip_reason FROM callback_tasks WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    }

    fn sql(&mut self, sql: &str) {
        self.db
            .write(|tx| {
                tx.execute_batch(sql)?;
                Ok(())
            })
            .unwrap();
    }
}

fn input(outcome: Outcome) -> AttemptInput {
    AttemptInput {
        outcome,
        scores: BTreeMap::new(),
        notes: String::new(),
        complaint: None,
        rsvp: None,
    }
}

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
    assert_eq!(cb::due_count(s.db.conn(), d(TODAY), None).unwrap(), 3);
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
    s.sql(&format!(
        "INSERT INTO complaint_follow_ups(complaint_id, kind, due) VALUES ({complaint}, 'call', '2026-11-25');
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
