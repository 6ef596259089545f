//! Keys that once bypassed the key table (issue 13, point 4): the too-small screen's quit
//! and the template picker's row numbers are the table's, so a user's keys.toml moves
//! them and help names them.

mod support;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::i18n::Lang;
use frontdesk::ui::app::App;
use frontdesk::ui::keymap::overrides::{self, KeyTable};
use std::path::Path;
use support::demo::demo_app;

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// A demo app of its own (each on a fresh store), signed in as an agent.
fn app(dirs: &mut Vec<tempfile::TempDir>) -> App {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path(), Lang::En, "1002");
    dirs.push(dir);
    app
}

fn table(text: &str) -> KeyTable {
    KeyTable::defaults()
        .apply(text, Path::new("keys.toml"))
        .unwrap()
}

#[test]
fn the_too_small_screens_quit_is_the_tables() {
    let mut dirs = Vec::new();
    let mut app = app(&mut dirs);
    app.size = (60, 20);
    for code in [KeyCode::Char('q'), KeyCode::Esc] {
        let mut app = self::app(&mut dirs);
        app.size = (60, 20);
        press(&mut app, code);
        assert!(app.quit, "{code:?} does not quit");
    }
    let _keys = overrides::scoped(table("[too_small]\nquit = [\"F10\"]\n"));
    press(&mut app, KeyCode::Char('q'));
    press(&mut app, KeyCode::Esc);
    assert!(!app.quit, "the table's old keys still quit");
    press(&mut app, KeyCode::F(10));
    assert!(app.quit, "the user's key does not quit");
}

#[test]
fn the_pickers_row_numbers_are_the_tables() {
    let mut dirs = Vec::new();
    let mut app = self::app(&mut dirs);
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('n'));
    assert!(
        app.calls.typing() && app.calls.form().is_none(),
        "no picker"
    );
    press(&mut app, KeyCode::Char('2'));
    assert!(app.calls.form().is_some(), "2 does not take row 2");
    // With the row moved to F3, 2 is typed into the find field and F3 takes the row.
    let _keys = overrides::scoped(table("[picker]\npick_template_2 = [\"F3\"]\n"));
    let mut app = self::app(&mut dirs);
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Char('2'));
    assert!(app.calls.form().is_none(), "2 still takes row 2");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::F(3));
    assert!(app.calls.form().is_some(), "F3 does not take row 2");
}
