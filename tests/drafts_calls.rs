//! The Calls tab's small forms survive the app going away (a dropped SSH session, a killed
//! terminal), driven through keys: a rescue case's result being written comes back on the
//! case and saves; when another agent stepped the case meanwhile the form says who and
//! keeps the typing; a case closed meanwhile refuses it, and the list says why and quotes
//! what was typed.

mod calls_store_fx;
mod support;
use crossterm::event::KeyCode;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::calls::{self, NewCall, RescueStep};
use frontdesk::store::{Db, drafts::DraftRecord};
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::App;
use std::path::Path;
use support::drafts::*;

/// A roadside rescue case for 张三 opened by agent 1004 王磊; agent 1002 in the store too.
fn rescue_case(dir: &Path) -> i64 {
    drop(app_as(dir, "1002", Role::Agent));
    let mut db = Db::open(&dir.join("t.sqlite3")).unwrap();
    let wang = agents::ensure(&mut db, actor(None), "1004", "王磊", Role::Agent).unwrap();
    let (customer_id, vehicle_id) = zhang_with_car(&mut db, actor(Some(&wang)));
    let c = NewCall {
        customer_id: Some(customer_id),
        vehicle_id: Some(vehicle_id),
        fields: calls_store_fx::fields(&[("location", "高速服务区")]),
        ..calls_store_fx::call("rescue_roadside", now(), false)
    };
    let saved = calls::save(&mut db, actor(Some(&wang)), &c).unwrap();
    saved.rescue_id.expect("a rescue case")
}

/// A step of 1004 王磊's on the case, on the version stored.
fn wang_steps(dir: &Path, id: i64, step: &RescueStep) {
    let mut db = Db::open(&dir.join("t.sqlite3")).unwrap();
    let wang = agents::by_emp_no(&db, "1004").unwrap().unwrap();
    let seen = calls::rescue(db.conn(), id).unwrap().version;
    calls::rescue_step_seen(&mut db, actor(Some(&wang)), id, seen, step).unwrap();
}

/// Agent 1002 writing the case's result on the Calls list when the session drops.
fn writing_result(dir: &Path) -> DraftRecord {
    let mut app: App = app_as(dir, "1002", Role::Agent);
    app.tick();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.tab, Tab::Calls);
    key(&mut app, KeyCode::Char('x'));
    typed(&mut app, "拖至本店，已更换轮胎");
    dropped(app, dir, ("1002", Role::Agent), "call_step")
}

/// The result comes back on its case and closes it as typed; another agent's contact
/// recorded meanwhile is said on the form and stands.
#[test]
fn a_rescue_result_comes_back_on_its_case_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let id = rescue_case(dir.path());
    writing_result(dir.path());
    wang_steps(dir.path(), id, &RescueStep::Contacted);
    let mut again = app_as(dir.path(), "1002", Role::Agent);
    let screen = support::screen::draw(&again);
    assert!(screen.contains("y 恢复"), "{screen}");
    key(&mut again, KeyCode::Char('y'));
    assert_eq!(again.tab, Tab::Calls);
    let screen = support::screen::draw(&again);
    assert!(screen.contains("拖至本店"), "{screen}");
    assert!(screen.contains("1004 王磊"), "the form says who: {screen}");
    save(&mut again);
    let r = calls::rescue(again.db.conn(), id).unwrap();
    assert!(r.closed_at.is_some(), "{}", support::screen::draw(&again));
    assert!(r.contacted_at.is_some(), "1004's contact stands");
}

/// The case was closed by another agent after the session dropped: the result typed is
/// not put back on it; the list says why and quotes it.
#[test]
fn a_rescue_result_for_a_case_closed_meanwhile_says_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let id = rescue_case(dir.path());
    writing_result(dir.path());
    let done = RescueStep::Closed {
        result: "现场换胎".into(),
    };
    wang_steps(dir.path(), id, &done);
    let mut again = app_as(dir.path(), "1002", Role::Agent);
    key(&mut again, KeyCode::Char('y'));
    assert_eq!(again.tab, Tab::Calls);
    says_lost(&again, &["拖至本店，已更换轮胎"]);
}
