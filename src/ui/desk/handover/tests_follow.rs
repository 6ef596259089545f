//! An open receipt form follows another agent's receipt on a temporary store: the refused
//! save takes the stored file in, the documents the other agent recorded are no longer
//! ticked, the day and name typed stay, and the next save lands on the new version without
//! touching what the other agent recorded.

use super::*;
use crate::domain::archive::{RepairKind, RepairOrderData};
use crate::store::files;
use crate::store::handover::{self as store, Receipt};
use crate::ui::desk::testing::{Store, char_key, no_key};
use crossterm::event::KeyModifiers;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

/// A repair order handed back on 16 November (advisor 孙伟): its documents are due.
fn repair_order(st: &mut Store) -> i64 {
    let sys = crate::store::Actor {
        agent_id: None,
        at: st.other().at,
    };
    let (_, vehicle) = st.car();
    let o = RepairOrderData {
        ro_number: "RO202611160001".into(),
        opened: d(11, 14),
        closed: Some(d(11, 16)),
        advisor: "孙伟".into(),
        kind: RepairKind::Maintenance,
        ..Default::default()
    };
    let sid = st.db.store_id().to_string();
    st.db
        .write(|tx| files::insert_repair_order_in(tx, &sid, sys, vehicle, &o))
        .unwrap()
}

/// The other agent records document `doc` of repair order `ro` at `version` received.
fn other_records(st: &mut Store, (ro, version): (i64, i64), doc: &str, day: NaiveDate, by: &str) {
    let theirs = Receipt {
        kind: HandoverKind::Repair,
        file_id: ro,
        version,
        documents: vec![doc.into()],
        day,
        handed_by: by.into(),
    };
    let other = st.other();
    store::mark_received(&mut st.db, other, d(11, 23), &theirs).unwrap();
}

fn received(st: &Store, id: i64) -> Vec<(String, Option<NaiveDate>, String)> {
    store::checklist(st.db.conn(), HandoverKind::Repair, id)
        .unwrap()
        .into_iter()
        .map(|l| (l.key, l.received, l.handed_by))
        .collect()
}

/// The page open on a temporary store with the receipt form of a repair order due: the
/// store, the page, the order and its version.
fn form_open(lang: Lang) -> (Store, HandoverPage, i64, i64) {
    let mut st = Store::new(lang);
    let ro = repair_order(&mut st);
    let mut p = HandoverPage::default();
    p.enter(&mut st.env());
    st.settle(&mut p);
    p.key(Some(Action::MarkReceived), no_key(), &mut st.env());
    let seen = p.form.as_ref().map(|f| f.item.version).unwrap();
    (st, p, ro, seen)
}

#[test]
fn a_refused_receipt_takes_the_other_agents_receipt_in_and_the_next_save_lands_on_it() {
    let (mut st, mut p, ro, seen) = form_open(Lang::En);
    assert_eq!(p.form.as_ref().unwrap().chosen, vec![true, true, true]);
    // The user names who handed the documents over: 王强, not the advisor.
    p.key(Some(Action::NextField), no_key(), &mut st.env());
    p.key(Some(Action::NextField), no_key(), &mut st.env());
    let back = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
    for _ in 0..2 {
        p.key(None, back, &mut st.env());
    }
    for c in "王强".chars() {
        p.key(None, char_key(c), &mut st.env());
    }
    // Meanwhile the other agent records the reception order, handed over by 孙伟.
    other_records(&mut st, (ro, seen), "reception_order", d(11, 20), "孙伟");
    // The save on the old version is refused once; the form takes the stored file in.
    p.key(Some(Action::Save), no_key(), &mut st.env());
    // What moved is read on the loads thread, not here: until its answer the form says
    // the refusal only.
    let check = st.follow_check(&mut p);
    assert_eq!(p.form.as_ref().unwrap().item.version, seen);
    st.answer(&mut p, check);
    let f = p.form.as_ref().expect("the form stays open");
    let (_, en) = f.error.clone().unwrap();
    assert!(
        en.starts_with("Not saved: 1002 陈静 just changed this file"),
        "{en}"
    );
    assert_eq!(f.item.version, seen + 1);
    assert_eq!(f.chosen, vec![false, true, true]);
    assert_eq!((f.who.as_str(), f.day.as_str()), ("王强", "2026-11-23"));
    // The next save lands: the user's two documents, the other agent's one untouched.
    let outs = p.key(Some(Action::Save), no_key(), &mut st.env());
    assert!(matches!(outs.first(), Some(Out::Status(_))), "{outs:?}");
    assert!(p.form.is_none());
    let cal = crate::domain::calendar::BusinessCalendar::builtin();
    let stored = store::get(st.db.conn(), &cal, d(11, 23), HandoverKind::Repair, ro).unwrap();
    assert_eq!(stored.version, seen + 2);
    assert_eq!(
        received(&st, ro),
        vec![
            ("reception_order".into(), Some(d(11, 20)), "孙伟".into()),
            ("work_order".into(), Some(d(11, 23)), "王强".into()),
            ("settlement".into(), Some(d(11, 23)), "王强".into()),
        ]
    );
}

#[test]
fn the_refresh_tick_brings_the_other_agents_receipt_into_the_open_form_before_any_save() {
    let (mut st, mut p, ro, seen) = form_open(Lang::Zh);
    // The user unticks the settlement.
    for _ in 0..2 {
        p.key(Some(Action::Down), no_key(), &mut st.env());
    }
    p.key(Some(Action::ToggleDocument), no_key(), &mut st.env());
    other_records(&mut st, (ro, seen), "work_order", d(11, 21), "李明");
    p.follow(&mut st.env());
    // The check is a job for the loads thread: nothing is read here, and the form stays as
    // it was until its answer comes.
    let check = st.follow_check(&mut p);
    let f = p.form.as_ref().unwrap();
    assert_eq!((f.error.is_none(), f.item.version), (true, seen));
    st.answer(&mut p, check);
    let f = p.form.as_ref().unwrap();
    let (zh, _) = f.error.clone().unwrap();
    assert!(zh.starts_with("1002 陈静 刚更改了此档案"), "{zh}");
    assert_eq!(f.item.version, seen + 1);
    // The untick stays; the work order is in and no longer to tick.
    assert_eq!(f.chosen, vec![true, false, false]);
    assert_eq!(f.lines[1].received, Some(d(11, 21)));
    let outs = p.key(Some(Action::Save), no_key(), &mut st.env());
    assert!(matches!(outs.first(), Some(Out::Status(_))), "{outs:?}");
    let got = received(&st, ro);
    assert_eq!(got[0].1, Some(d(11, 23)));
    assert_eq!(
        got[1],
        ("work_order".into(), Some(d(11, 21)), "李明".into())
    );
    assert_eq!(got[2].1, None);
}
