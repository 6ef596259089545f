//! A receptionist's first week (issue 18, point 8): the customer search stops at 50 rows
//! and says so, with the total; a search that lists every match says nothing more.
//! TestBackend at 80x24 on a demo store, both languages.

mod support;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::i18n::Lang;
use frontdesk::ui::app::App;
use support::demo::first_frame_app_of;
use support::screen::draw;

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn the_customer_search_says_when_it_stops_at_its_limit_with_the_total() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = first_frame_app_of(dir.path(), lang, "1002", 120, 5);
        app.load_deferred();
        // No query: the recently added, 50 of the store's 120.
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("共 120 条，只列出前 50 条", "50 of 120 shown")),
            "{screen}"
        );
        // A query with few matches lists them all, and says no more than how many.
        key(&mut app, KeyCode::Char('s'));
        for c in "13800000000".chars() {
            key(&mut app, KeyCode::Char(c));
        }
        let screen = draw(&app);
        assert!(!screen.contains(lang.t("只列出", "shown")), "{screen}");
    }
}

/// The first screen's count of the recently added stops at the search's cap like any
/// search (counting every customer before the first frame grows with the store): a store
/// of 1,001 customers says 1000+.
#[test]
fn the_first_screen_counts_the_customers_up_to_the_cap() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let app = first_frame_app_of(dir.path(), lang, "1002", 1001, 5);
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("共 1000+ 条，只列出前 50 条", "50 of 1000+ shown")),
            "{screen}"
        );
    }
}
