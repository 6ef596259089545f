//! The rental desk's forms survive the app going away (a dropped SSH session, a killed
//! terminal), driven through keys in a store set up as a rental company: a breakdown being
//! logged and a new rental being entered come back with what was typed, and save; a
//! return typed on a rental whose car another agent took back meanwhile says why and
//! quotes what was typed.

mod support;
use chrono::Duration;
use crossterm::event::KeyCode;
use frontdesk::domain::rentals::{MODE_KEY, MODE_RENTAL};
use frontdesk::store::agents::{self, Role};
use frontdesk::store::drafts::DraftRecord;
use frontdesk::store::rentals::{self, NewRental};
use frontdesk::store::{Db, settings};
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::App;
use std::path::Path;
use support::drafts::*;

/// A rental company's store: 张三's rental R-2026-0001 out since 11-20, due back 11-26,
/// from 福田网点; agent 1002 in it. The rental's id.
fn rental_store(dir: &Path) -> i64 {
    let mut db = Db::open(&dir.join("t.sqlite3")).unwrap();
    let me = agents::ensure(&mut db, actor(None), "1002", "陈静", Role::Agent).unwrap();
    let me = actor(Some(&me));
    settings::set(&mut db, me, MODE_KEY, MODE_RENTAL, None).unwrap();
    let (customer_id, vehicle_id) = zhang_with_car(&mut db, me);
    let r = NewRental {
        contract_no: "R-2026-0001".into(),
        vehicle_id,
        customer_id,
        branch: "福田网点".into(),
        start_at: now() - Duration::days(3),
        planned_return_at: now() + Duration::days(3),
    };
    rentals::create(&mut db, me, &r).unwrap()
}

/// Agent 1002's app on the rental desk page.
fn rental_desk(dir: &Path) -> App {
    let mut app = app_as(dir, "1002", Role::Agent);
    more_tab(&mut app);
    for _ in 0..3 {
        key(&mut app, KeyCode::Right);
    }
    app
}

/// Agent 1002's session dropped with a rental form typed: the draft saved.
fn dropped_here(app: App, dir: &Path) -> DraftRecord {
    dropped(app, dir, ("1002", Role::Agent), "desk_rentals")
}

/// A breakdown being logged on a rental comes back on it with what was typed, and saves.
#[test]
fn a_breakdown_being_logged_comes_back_on_its_rental_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let id = rental_store(dir.path());
    let mut app = rental_desk(dir.path());
    key(&mut app, KeyCode::Char('b'));
    typed(&mut app, "2");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "深南大道与科苑路口");
    dropped_here(app, dir.path());
    let mut again = app_as(dir.path(), "1002", Role::Agent);
    restore(&mut again);
    assert_eq!(again.tab, Tab::Desk);
    let screen = support::screen::draw(&again);
    assert!(screen.contains("深南大道与科苑路口"), "{screen}");
    // The cursor is back on the place: typing goes on there.
    typed(&mut again, "东");
    save(&mut again);
    let logged = rentals::breakdowns(again.db.conn(), id).unwrap();
    let places: Vec<&str> = logged.iter().map(|b| b.place.as_str()).collect();
    assert_eq!(
        places,
        vec!["深南大道与科苑路口东"],
        "{}",
        support::screen::draw(&again)
    );
}

/// A new rental being entered comes back with what was typed.
#[test]
fn a_new_rental_being_entered_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    rental_store(dir.path());
    let mut app = rental_desk(dir.path());
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "R-2026-0002");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "粤B99999");
    dropped_here(app, dir.path());
    let mut again = app_as(dir.path(), "1002", Role::Agent);
    restore(&mut again);
    let screen = support::screen::draw(&again);
    assert!(screen.contains("R-2026-0002"), "{screen}");
    assert!(screen.contains("粤B99999"), "{screen}");
}

/// The car was taken back by another agent after the session dropped: the return typed
/// is not put back on a rental no longer out; the page says why and quotes it.
#[test]
fn a_return_on_a_rental_returned_meanwhile_says_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let id = rental_store(dir.path());
    let mut app = rental_desk(dir.path());
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Tab);
    retype(&mut app, "福田网点", "南山网点");
    dropped_here(app, dir.path());
    let mut db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
    let v = rentals::get(db.conn(), id).unwrap().version;
    rentals::record_return(&mut db, actor(None), id, v, now(), "福田网点").unwrap();
    drop(db);
    refused_quoting(dir.path(), ("1002", Role::Agent), &["南山网点"]);
}
