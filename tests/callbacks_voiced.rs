//! A complaint the customer voices on a callback is opened with a completed callback only:
//! with any other outcome it is refused, never dropped. (That it is opened in the attempt's
//! own transaction is tested in `tests/events.rs`, on an invitation call.)

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
