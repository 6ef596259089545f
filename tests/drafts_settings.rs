//! The Settings page's forms (a section of the store's file, saved whole with Ctrl-S)
//! survive the app going away (a dropped SSH session, a killed terminal), driven through
//! keys: a supervisor's edit of the store's section comes back with what was typed, the
//! cursor on the field it was on, and saves; when another supervisor saved the section
//! meanwhile, their change stays and the typing is kept beside it, so nothing of theirs is
//! overwritten.

mod support;
use crossterm::event::KeyCode;
use frontdesk::store::agents::Role;
use frontdesk::store::settings;
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::App;
use std::path::Path;
use support::drafts::*;

/// `emp_no`'s app (a supervisor) on the Settings page, the store section's `field`
/// (its row in the section, from 0) opened.
fn store_section(dir: &Path, emp_no: &str, field: usize) -> App {
    let mut app = app_as(dir, emp_no, Role::Supervisor);
    more_tab(&mut app);
    for _ in 0..3 {
        key(&mut app, KeyCode::Right);
    }
    for _ in 0..field {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    app
}

/// The store's file as saved in the database.
fn store_file(app: &App) -> String {
    settings::files(app.db.conn())
        .into_iter()
        .map(|s| s.value)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Supervisor 2001 adding to the store's address when the session drops: the draft saved.
fn editing_address(dir: &Path) {
    let mut app = store_section(dir, "2001", 1);
    typed(&mut app, "（东门）");
    dropped(app, dir, ("2001", Role::Supervisor), "desk_settings");
}

/// An edit of the store's section comes back with what was typed, and saves.
#[test]
fn a_store_section_edit_comes_back_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    editing_address(dir.path());
    let mut again = app_as(dir.path(), "2001", Role::Supervisor);
    restore(&mut again);
    assert_eq!(again.tab, Tab::Desk);
    let screen = support::screen::draw(&again);
    assert!(screen.contains("（东门）"), "{screen}");
    // The cursor is back on the address: typing goes on there.
    typed(&mut again, "B座");
    save(&mut again);
    let file = store_file(&again);
    assert!(
        file.contains("（东门）B座"),
        "{file}\n{}",
        support::screen::draw(&again)
    );
}

/// Another supervisor changed the store's phone after the session dropped: put back, the
/// form holds their phone and the address typed, and says someone changed it; saved, both
/// are kept.
#[test]
fn a_store_section_edit_saved_meanwhile_by_another_keeps_both() {
    let dir = tempfile::tempdir().unwrap();
    editing_address(dir.path());
    let mut other = store_section(dir.path(), "2002", 2);
    for _ in 0..20 {
        key(&mut other, KeyCode::Backspace);
    }
    typed(&mut other, "0755-12345678");
    save(&mut other);
    assert!(
        store_file(&other).contains("0755-12345678"),
        "{}",
        support::screen::draw(&other)
    );
    drop(other);
    let mut again = app_as(dir.path(), "2001", Role::Supervisor);
    restore(&mut again);
    let screen = support::screen::draw(&again);
    assert!(screen.contains("（东门）"), "{screen}");
    assert!(screen.contains("0755-12345678"), "{screen}");
    save(&mut again);
    let file = store_file(&again);
    assert!(file.contains("（东门）"), "{file}");
    assert!(file.contains("0755-12345678"), "{file}");
}

/// A settings draft an agent's session finds (its owner no longer a supervisor) is not
/// put back: the page says why and quotes what was typed.
#[test]
fn a_settings_draft_for_one_no_longer_a_supervisor_says_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_as(dir.path(), "1002", Role::Agent);
    let body = r#"[{"kind":"desk","page":"settings","form":"section:0","record":null,"values":[["name","示范店"],["address","深南大道1号（东门）"]],"base":null}]"#;
    app.restore_draft(&frontdesk::store::drafts::DraftRecord {
        owner: "1002".into(),
        kind: "desk_settings".into(),
        body: body.into(),
        saved_at: now(),
    });
    says_lost(&app, &["深南大道1号（东门）"]);
}
