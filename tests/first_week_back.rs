//! A receptionist's first week (issue 18, point 9): going back goes back. Esc from a
//! record opened from a report's drill-down returns to that drill-down, as it was; a
//! record opened from its own list still goes back to that list. State tests on a demo
//! store, both languages.

mod support;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::i18n::Lang;
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::App;
use frontdesk::ui::customers::Mode;
use support::screen::draw;

fn demo_app(dir: &std::path::Path, lang: Lang) -> App {
    support::demo::demo_app(dir, lang, "1002")
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// From the board, the first report of the month, then the records behind its first row.
fn into_a_drill_down(app: &mut App) {
    key(app, KeyCode::Char('6'));
    key(app, KeyCode::Char(' '));
    key(app, KeyCode::Right);
    assert_eq!(app.reports.depth(), 1, "{}", draw(app));
    for _ in 0..8 {
        key(app, KeyCode::Enter);
        if app.reports.depth() > 1 || app.tab != Tab::Reports {
            break;
        }
        key(app, KeyCode::Down);
    }
    assert_eq!(app.tab, Tab::Reports);
    assert_eq!(app.reports.depth(), 2, "no drill-down: {}", draw(app));
}

#[test]
fn esc_from_a_customer_opened_from_a_drill_down_returns_to_it() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_app(dir.path(), lang);
        into_a_drill_down(&mut app);
        let drill = draw(&app);
        // Open the record under the cursor (the first that is a customer's).
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.tab, Tab::Customers, "{}", draw(&app));
        assert_eq!(app.customers.mode(), Mode::Detail);
        assert!(draw(&app).contains(lang.t("客户档案", "Customer")));
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.tab, Tab::Reports, "{}", draw(&app));
        assert_eq!(app.reports.depth(), 2, "the drill-down was left");
        assert_eq!(draw(&app), drill, "the drill-down is not as it was");
        // Esc again: the report, as before.
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.reports.depth(), 1);
    }
}

#[test]
fn a_customer_opened_from_its_own_list_still_goes_back_to_the_list() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_app(dir.path(), lang);
        // Having been to a drill-down and left it by switching tabs changes nothing.
        into_a_drill_down(&mut app);
        key(&mut app, KeyCode::Char('5'));
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.customers.mode(), Mode::Detail, "{}", draw(&app));
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.tab, Tab::Customers);
        assert_eq!(app.customers.mode(), Mode::List);
    }
}
