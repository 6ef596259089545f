//! A receptionist's first week (issue 18, point 8): the customer search stops at 50 rows
//! and says so, with the total; a search that lists every match says nothing more.
//! TestBackend at 80x24 on a demo store, both languages.

mod support;
use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::agents;
use frontdesk::store::{Actor, Db};
use frontdesk::ui::app::App;
use support::screen::draw;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn the_customer_search_says_when_it_stops_at_its_limit_with_the_total() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lim.sqlite3");
        let mut db = Db::open(&path).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
        let actor = Actor {
            agent_id: None,
            at: now,
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        frontdesk::demo::fill(&mut db, actor, TZ, today, 120, 5, |_| {}).unwrap();
        let agent = agents::by_emp_no(&db, "1002").unwrap().unwrap();
        let mut app = App::new(
            db,
            Clock::fixed(TZ, now),
            Settings::with_db(path, lang),
            Some(agent),
        );
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
        let path = dir.path().join("cap.sqlite3");
        let mut db = Db::open(&path).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
        let actor = Actor {
            agent_id: None,
            at: now,
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        frontdesk::demo::fill(&mut db, actor, TZ, today, 1001, 5, |_| {}).unwrap();
        let agent = agents::by_emp_no(&db, "1002").unwrap().unwrap();
        let app = App::new(
            db,
            Clock::fixed(TZ, now),
            Settings::with_db(path, lang),
            Some(agent),
        );
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("共 1000+ 条，只列出前 50 条", "50 of 1000+ shown")),
            "{screen}"
        );
    }
}
