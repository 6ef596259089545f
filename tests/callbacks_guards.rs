//! What the store refuses on a callback, before writing anything:
//! - a complaint the customer voiced, with any outcome but a completed callback (it would
//!   be dropped; that it is opened in the attempt's own transaction is tested in
//!   `tests/events.rs`, on an invitation call);
//! - a third-level callback reassigned to an agent who is not a supervisor.

mod callbacks_fx;

use callbacks_fx::*;
use frontdesk::domain::callbacks::{Kind, Outcome, Rules};
use frontdesk::domain::complaints::Category;
use frontdesk::store::StoreError;
use frontdesk::store::callbacks as cb;

fn complaints(s: &Store) -> i64 {
    s.db.conn()
        .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_voiced_complaint_with_no_answer_is_refused_not_dropped() {
    let mut s = store();
    let rules = Rules::builtin();
    let (_, v) = s.car();
    s.repair(v, "2026-11-20", 300);
    s.plan(TODAY);
    let t = s.one(Kind::Dc3);
    for outcome in [Outcome::NoAnswer, Outcome::WrongNumber, Outcome::Refused] {
        let mut inp = input(outcome);
        inp.complaint = Some((Category::Other, "结算比报价多 300 元".into()));
        let err = cb::record_attempt(
            &mut s.db,
            &rules,
            at(Some(s.agent), "2026-11-23 10:00"),
            t,
            &inp,
            local("2026-11-23 10:00"),
        )
        .unwrap_err();
        let StoreError::Said { zh, .. } = err else {
            panic!("{outcome:?}: {err:?}");
        };
        assert!(zh.contains("完成"), "{zh}");
        assert_eq!(s.status(t).0, "open", "{outcome:?}: nothing written");
        assert_eq!(complaints(&s), 0, "{outcome:?}");
    }
    // With done it opens one.
    let mut inp = input(Outcome::Done);
    inp.complaint = Some((Category::Other, "结算比报价多 300 元".into()));
    let r = cb::record_attempt(
        &mut s.db,
        &rules,
        at(Some(s.agent), "2026-11-23 10:05"),
        t,
        &inp,
        local("2026-11-23 10:05"),
    )
    .unwrap();
    assert!(r.complaint_id.is_some());
    assert_eq!(complaints(&s), 1);
}

/// A third-level callback is made by management (claimed by supervisors only): a
/// supervisor cannot reassign it to a plain agent either, who could record no attempt on
/// it; to another supervisor it goes.
#[test]
fn a_third_level_callback_is_reassigned_to_supervisors_only() {
    let mut s = store();
    let (_, v) = s.car();
    s.repair(v, "2026-11-18", 12_000); // 3DC and third level
    s.plan(TODAY);
    let third = s.one(Kind::ThirdRepair);
    let boss = at(Some(s.boss), "2026-11-23 09:32");
    let err = cb::reassign(&mut s.db, boss, third, Some(s.agent)).unwrap_err();
    let StoreError::Said { zh, .. } = err else {
        panic!("{err:?}");
    };
    assert!(zh.contains("只能改派给主管"), "{zh}");
    assert_eq!(s.status(third).0, "open", "nothing written");
    cb::reassign(&mut s.db, boss, third, Some(s.boss)).unwrap();
    assert_eq!(s.status(third).0, "claimed");
}
