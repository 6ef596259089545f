//! A user's keys.toml (issue 13, point 4) on the screen: the help overlay, the hint line
//! and a sentence naming a key show the user's key, and the keys do what they say — the
//! new key opens the form, the old one no longer does.

mod support;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::i18n::Lang;
use frontdesk::ui::app::{App, Overlay};
use frontdesk::ui::keymap::overrides::{self, KeyTable};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use support::demo::demo_app;

fn key(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
    t.draw(|f| frontdesk::ui::shell::render(app, f)).unwrap();
    frontdesk::ui::testing::screen_text(t.backend().buffer())
}

const FILE: &str = "[list]\nadd_customer = [\"A\"]\n[global]\nhelp = [\"H\", \"F1\"]\n";

#[test]
fn help_and_the_hint_line_name_the_users_key_and_only_it_works() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_app(dir.path(), lang, "1002");
        key(&mut app, '5');
        let table = KeyTable::defaults()
            .apply(FILE, Path::new("keys.toml"))
            .unwrap();
        let _keys = overrides::scoped(table);
        let shown = screen(&app);
        let (new, old) = match lang {
            Lang::Zh => ("A 新建", "a 新建"),
            Lang::En => ("A new", "a new"),
        };
        assert!(shown.contains(new), "{shown}");
        assert!(!shown.contains(old), "{shown}");
        // The status bar names the help key the user gave.
        let bar = shown.lines().last().unwrap_or_default();
        assert!(bar.contains(lang.t("H帮助", "H help")), "{bar}");
        // `?` is no longer help; `H` is.
        key(&mut app, '?');
        assert!(app.overlay.is_none(), "? still opens help");
        key(&mut app, 'H');
        assert!(matches!(app.overlay, Some(Overlay::Help)));
        let help = screen(&app);
        let row = help
            .lines()
            .find(|l| l.contains(lang.t("新建客户", "New customer")))
            .unwrap_or_else(|| panic!("no new-customer row:\n{help}"));
        assert!(row.contains("│A "), "{row}");
        let help_row = help
            .lines()
            .find(|l| l.contains(lang.t("帮助：本屏全部按键", "Help: every key")))
            .unwrap_or_else(|| panic!("no help row:\n{help}"));
        assert!(help_row.contains("H / F1"), "{help_row}");
        key(&mut app, 'x');
        assert!(app.overlay.is_none());
        // The old key does nothing; the new one opens the form.
        key(&mut app, 'a');
        assert!(!app.customers.typing(), "`a` still opens the form");
        key(&mut app, 'A');
        assert!(app.customers.typing(), "`A` does not open the form");
    }
}

fn screen_80(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| frontdesk::ui::shell::render(app, f)).unwrap();
    frontdesk::ui::testing::screen_text(t.backend().buffer())
}

fn squeezed(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

#[test]
fn a_refused_key_file_too_long_for_the_status_line_says_so_and_reads_whole_in_help() {
    let dir = tempfile::tempdir().unwrap();
    let user = dir.path().join("keys.toml");
    let long = format!("Ctrl-{}", "x".repeat(200));
    std::fs::write(
        &user,
        format!("[calls_list]\nrescue_dispatch = [\"{long}\"]\n"),
    )
    .unwrap();
    let site = dir.path().join("no-site-keys.toml");
    for lang in [Lang::Zh, Lang::En] {
        let notes = overrides::load(&site, Some(&user)).problems(lang);
        assert_eq!(notes.len(), 1);
        let store = tempfile::tempdir().unwrap();
        let mut app = demo_app(store.path(), lang, "1002");
        app.status = Some((notes[0].clone(), true));
        app.start_notes = notes.clone();
        // Four rows above the status line, the last one marked as going on.
        let shown = screen_80(&app);
        let rows: Vec<&str> = shown.lines().collect();
        let last = rows[rows.len() - 2].trim_end();
        assert!(last.ends_with('~'), "{shown}");
        // The next key clears it; help has it whole.
        key(&mut app, 'j');
        assert!(app.status.is_none());
        key(&mut app, '?');
        // The popup's rows only (the screen under it shows at its sides).
        let help: String = screen_80(&app)
            .lines()
            .filter_map(|l| l.split('│').nth(2))
            .map(squeezed)
            .collect();
        assert!(help.contains(&squeezed(&notes[0])), "{help}");
    }
}
