//! A complaint reopened after its closing: the follow-up call that closing scheduled is
//! superseded and none is planned while it is worked again; closed again, its own
//! follow-up call is planned (also where the first closing's call was already rung).

mod support;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::{Outcome, Rules};
use frontdesk::domain::complaints::{Event, EventKind, Status};
use frontdesk::store::callbacks::{self as cb, AttemptInput};
use frontdesk::store::complaints as sc;
use support::appointments_fx::*;

/// Worked to closure from `at`, ten minutes a step: from the first contact, or (reopened,
/// so contacted and under investigation again) from a resolution.
fn close(f: &mut Fx, id: i64, at: DateTime<Utc>) {
    let reopened = sc::get(f.db.conn(), id).unwrap().status != Status::New;
    let skip = if reopened { 2 } else { 0 };
    for (i, kind) in closing_steps().into_iter().skip(skip).enumerate() {
        let by = f.agent.agent_id.unwrap();
        let e = Event::new(at + Duration::minutes(5 + 10 * i as i64), by, kind);
        sc::append(&mut f.db, id, e, TZ).unwrap();
    }
}

/// The complaint's follow-up calls (status, skip reason), oldest first.
fn calls(f: &Fx, id: i64) -> Vec<(String, Option<String>)> {
    let mut st =
        f.db.conn()
            .prepare(
                "SELECT t.status, t.skip_reason FROM callback_tasks t
                 WHERE t.kind = 'complaint' AND t.customer_id =
                     (SELECT customer_id FROM complaints WHERE id = ?1) ORDER BY t.id",
            )
            .unwrap();
    st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn plan(f: &mut Fx, day: NaiveDate) {
    let (rules, cal) = (Rules::builtin(), BusinessCalendar::builtin());
    cb::plan(&mut f.db, f.sup, day, TZ, &rules, &cal).unwrap();
}

fn reopen(f: &mut Fx, id: i64, at: DateTime<Utc>) {
    let reason = "客户来电：问题又出现".to_string();
    let e = Event::new(at, f.sup.agent_id.unwrap(), EventKind::Reopened { reason });
    sc::append(&mut f.db, id, e, TZ).unwrap();
}

fn open() -> (String, Option<String>) {
    ("open".into(), None)
}

#[test]
fn a_reopened_complaints_follow_up_waits_for_its_next_closing() {
    let mut f = fx(1);
    let c = new_complaint(&f, now(), "维修后异响");
    let id = sc::register(&mut f.db, f.agent, &c).unwrap();
    close(&mut f, id, now());
    plan(&mut f, date(24));
    assert_eq!(calls(&f, id), vec![open()], "the follow-up call");
    // Reopened: the call is superseded, and none is planned while it is worked again.
    reopen(&mut f, id, now() + Duration::days(1));
    let superseded = ("skipped".to_string(), Some("superseded".to_string()));
    assert_eq!(calls(&f, id), vec![superseded.clone()]);
    plan(&mut f, date(26));
    assert_eq!(calls(&f, id), vec![superseded.clone()]);
    // Closed again: this closing's follow-up call is planned.
    close(&mut f, id, at(26, 10, 0));
    plan(&mut f, date(27));
    assert_eq!(calls(&f, id), vec![superseded, open()]);
}

#[test]
fn a_follow_up_rung_before_a_reopening_does_not_stop_the_next_ones() {
    let mut f = fx(1);
    let c = new_complaint(&f, now(), "维修后异响");
    let id = sc::register(&mut f.db, f.agent, &c).unwrap();
    close(&mut f, id, now());
    plan(&mut f, date(24));
    let task =
        f.db.conn()
            .query_row(
                "SELECT id FROM callback_tasks WHERE kind = 'complaint'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap();
    let rules = Rules::builtin();
    cb::claim(&mut f.db, &rules, f.agent, task).unwrap();
    let done = AttemptInput {
        outcome: Outcome::Done,
        scores: Default::default(),
        notes: "客户说已修好".into(),
        complaint: None,
        rsvp: None,
    };
    let at_call = at(24, 10, 0).with_timezone(&TZ);
    cb::record_attempt(&mut f.db, &rules, f.agent, task, &done, at_call).unwrap();
    // The noise comes back: reopened, then closed again.
    reopen(&mut f, id, at(25, 9, 0));
    close(&mut f, id, at(26, 10, 0));
    plan(&mut f, date(27));
    assert_eq!(calls(&f, id), vec![("done".to_string(), None), open()]);
}

/// A call planned before this version, for a complaint reopened since (its call was not
/// superseded then): the next planning takes it off the queue.
#[test]
fn a_call_left_waiting_for_a_complaint_reopened_earlier_goes_at_the_next_planning() {
    let mut f = fx(1);
    let c = new_complaint(&f, now(), "维修后异响");
    let id = sc::register(&mut f.db, f.agent, &c).unwrap();
    close(&mut f, id, now());
    plan(&mut f, date(24));
    assert_eq!(calls(&f, id), vec![open()]);
    // Reopened as older versions did: the status alone.
    f.db.conn()
        .execute(
            "UPDATE complaints SET status = 'investigating' WHERE id = ?1",
            [id],
        )
        .unwrap();
    plan(&mut f, date(25));
    let gone = ("skipped".to_string(), Some("source_gone".to_string()));
    assert_eq!(calls(&f, id), vec![gone]);
}
