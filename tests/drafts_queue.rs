//! A supervisor's reassign box on the callback queue survives the app going away (a
//! dropped SSH session, a killed terminal), driven through keys: the agent number typed
//! comes back on its task and saves; another supervisor's step on the task meanwhile is
//! caught by the version the box was opened on; a task no longer in the queue says why
//! and quotes what was typed. A refused save keeps the box open with what was typed.

mod support;
use crossterm::event::KeyCode;
use frontdesk::store::Db;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::callbacks as cb;
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::App;
use std::path::Path;
use support::drafts::*;

/// The store at `dir`: supervisors 1001 and 1003, agent 1002, and one re-check task (second level) for 张三
/// due today in the pool: its id.
fn store(dir: &Path) -> i64 {
    drop(app_as(dir, "1001", Role::Supervisor));
    let mut db = Db::open(&dir.join("t.sqlite3")).unwrap();
    agents::ensure(&mut db, actor(None), "1002", "陈静", Role::Agent).unwrap();
    agents::ensure(&mut db, actor(None), "1003", "王磊", Role::Supervisor).unwrap();
    let (customer, _) = zhang_with_car(&mut db, actor(None));
    db.conn()
        .execute(
            "INSERT INTO callback_tasks (uuid, store_id, kind, level, customer_id,
                 source_table, source_id, anchor_date, due_date, window_start, window_end,
                 status, created_at, updated_at)
             VALUES ('t1', ?1, 'recheck', 2, ?2, 'customers', ?2, '2026-11-20', '2026-11-23',
                     '2026-11-20', '2026-11-30', 'open', '2026-11-20T00:00:00Z',
                     '2026-11-20T00:00:00Z')",
            rusqlite::params![db.store_id(), customer],
        )
        .unwrap();
    db.conn().last_insert_rowid()
}

/// Supervisor 1001 on the queue gives the task to agent 1002 (typed, not saved) when the
/// session drops: the draft saved.
fn giving_to_1002(dir: &Path) {
    let mut app = app_as(dir, "1001", Role::Supervisor);
    app.tick();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(app.tab, Tab::Callbacks);
    key(&mut app, KeyCode::Char('r'));
    typed(&mut app, "1002");
    dropped(app, dir, ("1001", Role::Supervisor), "callback_assign");
}

/// 1001's app started again with the draft's offer taken.
fn restored(dir: &Path) -> App {
    let mut again = app_as(dir, "1001", Role::Supervisor);
    restore(&mut again);
    assert_eq!(again.tab, Tab::Callbacks);
    again
}

fn holder(app: &App, task: i64) -> Option<String> {
    app.db
        .conn()
        .query_row(
            "SELECT a.emp_no FROM callback_tasks t LEFT JOIN agents a ON a.id = t.claimed_by
             WHERE t.id = ?1",
            [task],
            |r| r.get(0),
        )
        .unwrap()
}

/// The agent number typed in the reassign box comes back on its task, and saves.
#[test]
fn a_reassignment_comes_back_on_its_task_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let task = store(dir.path());
    giving_to_1002(dir.path());
    let mut again = restored(dir.path());
    let screen = support::screen::draw(&again);
    assert!(screen.contains("1002"), "{screen}");
    save(&mut again);
    let screen = support::screen::draw(&again);
    assert_eq!(holder(&again, task).as_deref(), Some("1002"), "{screen}");
}

/// Supervisor 1003 gave the task to themselves after the session dropped: the box comes
/// back on the version 1001 saw, and its save is refused naming 1003's step; the task
/// stays with 1003.
#[test]
fn a_reassignment_after_another_supervisors_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let task = store(dir.path());
    giving_to_1002(dir.path());
    let mut db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
    let other = agents::by_emp_no(&db, "1003").unwrap().unwrap();
    cb::reassign(&mut db, actor(Some(&other)), task, Some(other.id)).unwrap();
    let mut again = restored(dir.path());
    save(&mut again);
    let screen = support::screen::draw(&again);
    assert_eq!(holder(&again, task).as_deref(), Some("1003"), "{screen}");
    assert!(joined(&screen).contains("刚被 1003 王磊"), "{screen}");
    // The box stays with the number typed; saved again, knowing, it gives the task.
    let kept = again.callbacks.assign_draft().map(|d| d.values);
    assert_eq!(kept, Some(vec![("emp".into(), "1002".into())]), "{screen}");
    save(&mut again);
    let screen = support::screen::draw(&again);
    assert_eq!(holder(&again, task).as_deref(), Some("1002"), "{screen}");
}

/// An agent number nobody has is refused in the reassign box, which stays open with the
/// number typed; corrected, the save gives the task.
#[test]
fn an_unknown_agent_number_is_refused_in_the_box_with_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let task = store(dir.path());
    let mut app = app_as(dir.path(), "1001", Role::Supervisor);
    app.tick();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('r'));
    typed(&mut app, "1009");
    save(&mut app);
    let screen = support::screen::draw(&app);
    assert!(screen.contains("工号 1009 不存在"), "{screen}");
    let kept = app.callbacks.assign_draft().map(|d| d.values);
    assert_eq!(kept, Some(vec![("emp".into(), "1009".into())]), "{screen}");
    retype(&mut app, "1009", "1002");
    save(&mut app);
    let screen = support::screen::draw(&app);
    assert_eq!(holder(&app, task).as_deref(), Some("1002"), "{screen}");
}

/// The task left the queue after the session dropped (skipped: its source is gone): the
/// box is not put back; the tab says why and quotes the number typed.
#[test]
fn a_reassignment_of_a_task_no_longer_queued_says_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let task = store(dir.path());
    giving_to_1002(dir.path());
    let db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
    db.conn()
        .execute(
            "UPDATE callback_tasks SET status = 'skipped', skip_reason = 'source_gone',
                version = version + 1 WHERE id = ?1",
            [task],
        )
        .unwrap();
    let again = restored(dir.path());
    says_lost(&again, &["1002"]);
}
