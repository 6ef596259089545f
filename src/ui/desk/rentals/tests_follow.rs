//! An open return or breakdown form follows another agent's breakdown on a temporary
//! store: the refused save or the refresh tick takes the stored rental in, says who logged
//! what, the typing stays, and the next save lands on the new version with the other
//! agent's breakdown kept.

use super::*;
use crate::domain::rentals::Fault;
use crate::store::rentals::{self as store, NewBreakdown, NewRental};
use crate::ui::desk::testing::{Store, char_key, no_key};

fn at(s: &str) -> DateTime<Utc> {
    crate::domain::rentals::parse_when(s, chrono_tz::Asia::Shanghai).unwrap()
}

/// A temporary store with car 粤B20000 out on rental R-5001 since yesterday, and the page
/// open on it; the rental's id.
fn rented(lang: Lang) -> (Store, RentalsPage, i64) {
    let mut st = Store::new(lang);
    let (customer, vehicle) = st.car();
    let r = NewRental {
        contract_no: "R-5001".into(),
        vehicle_id: vehicle,
        customer_id: customer,
        branch: "福田网点".into(),
        start_at: at("2026-11-22 09:00"),
        planned_return_at: at("2026-11-25 18:00"),
    };
    let other = st.other();
    let id = store::create(&mut st.db, other, &r).unwrap();
    let mut p = RentalsPage::default();
    p.enter(&mut st.env());
    st.settle(&mut p);
    assert_eq!(p.selected, Some(id));
    (st, p, id)
}

/// The other agent logs a flat battery on the rental at `version`.
fn other_logs_a_breakdown(st: &mut Store, id: i64, version: i64) {
    let b = NewBreakdown {
        rental_id: id,
        fault: Fault::Battery,
        occurred_at: at("2026-11-23 08:00"),
        place: "滨河大道".into(),
        note: String::new(),
    };
    let other = st.other();
    store::log_breakdown(&mut st.db, other, &b, version).unwrap();
}

fn typed(p: &mut RentalsPage, st: &mut Store, s: &str) {
    for c in s.chars() {
        p.key(None, char_key(c), &mut st.env());
    }
}

/// The breakdown form open on the rental, a flat battery (3) at 北环大道 typed in.
fn breakdown_typed(p: &mut RentalsPage, st: &mut Store) {
    p.key(Some(Action::LogBreakdown), no_key(), &mut st.env());
    typed(p, st, "3");
    for _ in 0..2 {
        p.key(Some(Action::NextField), no_key(), &mut st.env());
    }
    typed(p, st, "北环大道");
}

#[test]
fn a_refused_breakdown_takes_the_other_agents_breakdown_in_and_the_next_save_lands_on_it() {
    let (mut st, mut p, id) = rented(Lang::En);
    breakdown_typed(&mut p, &mut st);
    // Meanwhile the other agent logs a breakdown on the same rental.
    other_logs_a_breakdown(&mut st, id, 1);
    // The save on the old version is refused once, naming who; the form takes it in.
    let outs = p.key(Some(Action::Save), no_key(), &mut st.env());
    assert!(
        matches!(outs.first(), Some(Out::Error(e)) if e.contains("1002 陈静")),
        "{outs:?}"
    );
    // What moved is read on the loads thread, not here: until its answer the form says
    // the refusal only.
    let check = st.follow_check(&mut p);
    let e = p.editing.as_ref().expect("the form stays open");
    assert!(!e.form.message.clone().unwrap().0.starts_with("Not saved"));
    st.answer(&mut p, check);
    let e = p.editing.as_ref().expect("the form stays open");
    let (line, error) = e.form.message.clone().unwrap();
    assert!(
        error && line.starts_with("Not saved: 1002 陈静 just changed this rental"),
        "{line}"
    );
    assert!(line.contains("1 breakdown"), "{line}");
    assert_eq!(e.kind, FormKind::Breakdown { id, version: 2 });
    assert_eq!(
        (e.form.get("fault"), e.form.get("place")),
        ("3", "北环大道")
    );
    // The next save lands, opening its rescue case: both breakdowns are kept.
    let outs = p.key(Some(Action::Save), no_key(), &mut st.env());
    assert!(
        matches!(outs.as_slice(), [Out::RescueOpened(_), Out::Status(_)]),
        "{outs:?}"
    );
    assert!(p.editing.is_none());
    let places: Vec<String> = store::breakdowns(st.db.conn(), id)
        .unwrap()
        .into_iter()
        .map(|b| b.place)
        .collect();
    assert_eq!(places.len(), 2);
    assert!(places.contains(&"滨河大道".to_string()) && places.contains(&"北环大道".to_string()));
    assert_eq!(store::get(st.db.conn(), id).unwrap().version, 3);
}

#[test]
fn the_refresh_tick_brings_the_other_agents_breakdown_into_the_open_return_form() {
    let (mut st, mut p, id) = rented(Lang::Zh);
    p.key(Some(Action::RecordReturn), no_key(), &mut st.env());
    p.key(Some(Action::NextField), no_key(), &mut st.env());
    typed(&mut p, &mut st, "罗湖");
    other_logs_a_breakdown(&mut st, id, 1);
    // The app's follow (another agent saved): the open form is told, nothing refused yet.
    p.follow(&mut st.env());
    // The check is a job for the loads thread: nothing is read here, and the form stays as
    // it was until its answer comes.
    let check = st.follow_check(&mut p);
    let e = p.editing.as_ref().unwrap();
    assert_eq!(e.form.message, None);
    assert_eq!(e.kind, FormKind::Return { id, version: 1 });
    st.answer(&mut p, check);
    let e = p.editing.as_ref().unwrap();
    let (line, _) = e.form.message.clone().unwrap();
    assert!(
        line.starts_with("1002 陈静 刚更改了此合同（现为“在租，途中故障 1 次”）"),
        "{line}"
    );
    assert_eq!(e.kind, FormKind::Return { id, version: 2 });
    assert_eq!(e.form.get("branch"), "福田网点罗湖");
    let outs = p.key(Some(Action::Save), no_key(), &mut st.env());
    assert!(matches!(outs.first(), Some(Out::Status(_))), "{outs:?}");
    let r = store::get(st.db.conn(), id).unwrap();
    assert_eq!((r.version, r.breakdowns), (3, 1));
    assert_eq!(r.return_branch.as_deref(), Some("福田网点罗湖"));
}

#[test]
fn a_refused_save_still_says_not_saved_when_a_follow_check_overtakes_its_own() {
    // The race: the refused save asks its check; before that answers, another agent's save
    // makes the app follow, asking a newer check that supersedes it. The answer that comes
    // must still say the save was not taken (it said only who changed the rental).
    for lang in [Lang::En, Lang::Zh] {
        let (mut st, mut p, id) = rented(lang);
        breakdown_typed(&mut p, &mut st);
        other_logs_a_breakdown(&mut st, id, 1);
        let outs = p.key(Some(Action::Save), no_key(), &mut st.env());
        assert!(matches!(outs.first(), Some(Out::Error(_))), "{outs:?}");
        p.follow(&mut st.env());
        let check = st.follow_check(&mut p);
        st.answer(&mut p, check);
        let e = p.editing.as_ref().expect("the form stays open");
        let (line, error) = e.form.message.clone().unwrap();
        let said = lang.t("未保存：1002 陈静", "Not saved: 1002 陈静");
        assert!(error && line.starts_with(said), "{line}");
        assert_eq!(e.kind, FormKind::Breakdown { id, version: 2 });
    }
}

/// Recording a return takes the rental off the list, as the desk asked: the line says the
/// return was recorded, not that the rental "is no longer listed" (that is for another
/// agent's change), and the highlight goes to the next rental.
#[test]
fn a_return_recorded_here_is_not_reported_as_gone_from_the_list() {
    for lang in [Lang::Zh, Lang::En] {
        let mut st = Store::new(lang);
        let other = st.other();
        let (customer, first) = st.car();
        let second = crate::domain::archive::VehicleData {
            vin: "LFVFOLLOW00000002".into(),
            plate: Some("粤B20001".into()),
            ..Default::default()
        };
        let second = crate::store::vehicles::create(&mut st.db, other, customer, &second);
        let mut ids = Vec::new();
        for (no, due, vehicle) in [
            ("R-5001", "2026-11-25 18:00", first),
            ("R-5002", "2026-11-26 18:00", second.unwrap()),
        ] {
            let r = NewRental {
                contract_no: no.into(),
                vehicle_id: vehicle,
                customer_id: customer,
                branch: "福田网点".into(),
                start_at: at("2026-11-22 09:00"),
                planned_return_at: at(due),
            };
            ids.push(store::create(&mut st.db, other, &r).unwrap());
        }
        let mut p = RentalsPage::default();
        p.enter(&mut st.env());
        st.settle(&mut p);
        assert_eq!(p.selected, Some(ids[0]));
        p.key(Some(Action::RecordReturn), no_key(), &mut st.env());
        let mut outs = p.key(Some(Action::Save), no_key(), &mut st.env());
        outs.extend(st.settle(&mut p));
        let said: Vec<String> = outs
            .iter()
            .filter_map(|o| match o {
                Out::Status(l) | Out::Error(l) => Some(l.clone()),
                _ => None,
            })
            .collect();
        let recorded = lang.t("已登记还车", "Return recorded");
        assert!(said.iter().any(|l| l.starts_with(recorded)), "{said:?}");
        let gone = lang.t("已不在列表中", "no longer");
        assert!(!said.iter().any(|l| l.contains(gone)), "{said:?}");
        assert_eq!(p.selected, Some(ids[1]));
    }
}
