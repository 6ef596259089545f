//! A claimed task the planner skips (its source gone, done elsewhere, superseded) or that
//! is skipped because its customer may no longer be contacted leaves the hands that held
//! it, as a task withdrawn from another page does (`skip_waiting`): in the queue's view
//! of skipped tasks it is nobody's (in the pool), not still the agent's who held it.

mod callbacks_fx;

use callbacks_fx::*;
use frontdesk::domain::callbacks::{Kind, Rules, Status};
use frontdesk::store::callbacks::{self as cb, QueueFilter, Scope};

/// The skipped tasks the queue lists under `scope`.
fn skipped(s: &Store, scope: Scope) -> Vec<i64> {
    let f = QueueFilter {
        status: Some(Status::Skipped),
        scope,
        ..Default::default()
    };
    let rows = cb::queue(s.db.conn(), &f, d(TODAY), 100).unwrap();
    rows.into_iter().map(|r| r.id).collect()
}

/// Who holds task `id`, since when, and its next try.
fn held(s: &Store, id: i64) -> (Option<i64>, Option<String>, Option<String>) {
    s.db.conn()
        .query_row(
            "SELECT claimed_by, claimed_at, next_try_at FROM callback_tasks WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

#[test]
fn a_claimed_task_the_planner_closes_is_nobodys() {
    let mut s = store();
    let (_, v) = s.car();
    let ro = s.repair(v, "2026-11-20", 500);
    s.plan(TODAY);
    let t3 = s.one(Kind::Dc3);
    let me = at(Some(s.agent), "2026-11-23 09:30");
    cb::claim(&mut s.db, &Rules::builtin(), me, t3).unwrap();
    s.sql(&format!(
        "UPDATE callback_tasks SET next_try_at = '2026-11-23T06:00:00Z' WHERE id = {t3}"
    ));
    // The repair order reopened: no hand-back, no 3DC.
    s.sql(&format!(
        "UPDATE repair_orders SET closed = NULL WHERE id = {ro}"
    ));
    assert_eq!(s.plan(TODAY).closed, 1);
    assert_eq!(s.status(t3), ("skipped".into(), Some("source_gone".into())));
    assert_eq!(held(&s, t3), (None, None, None));
    assert!(skipped(&s, Scope::Agent(s.agent)).is_empty());
    assert_eq!(skipped(&s, Scope::Pool), vec![t3]);
}

#[test]
fn a_claimed_task_of_a_customer_who_may_no_longer_be_contacted_is_nobodys() {
    let mut s = store();
    let (c1, v1) = s.car();
    s.sale(v1, "2026-11-16", "2026-11-16", false);
    let (c2, v2) = s.car();
    s.sale(v2, "2026-11-16", "2026-11-16", false);
    s.plan(TODAY);
    let (t1, t2) = (s.task_of(Kind::Dc7, v1), s.task_of(Kind::Dc7, v2));
    let me = at(Some(s.agent), "2026-11-23 09:30");
    for t in [t1, t2] {
        cb::claim(&mut s.db, &Rules::builtin(), me, t).unwrap();
    }
    // The first customer asks not to be called: skipped at once.
    cb::set_do_not_contact(&mut s.db, sys(), c1, None, None, true, "客户要求").unwrap();
    // The second one's number is gone: skipped by the next planning run.
    s.sql(&format!(
        "UPDATE customers SET mobile = NULL WHERE id = {c2}"
    ));
    assert_eq!(s.plan(TODAY).newly_skipped, 1);
    for t in [t1, t2] {
        assert_eq!(s.status(t).0, "skipped");
        assert_eq!(held(&s, t).0, None, "task {t}");
    }
    assert!(skipped(&s, Scope::Agent(s.agent)).is_empty());
    assert_eq!(skipped(&s, Scope::Pool).len(), 2);
}
