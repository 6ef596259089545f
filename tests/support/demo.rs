//! An app on a small demo store (200 customers, seed 3) at 2026-11-23 09:30 Shanghai time,
//! signed in as the given agent, for state tests that drive `App` directly.

#![allow(dead_code)]

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::agents;
use frontdesk::store::{Actor, Db};
use frontdesk::ui::app::App;

pub const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

pub fn demo_app(dir: &std::path::Path, lang: Lang, emp_no: &str) -> App {
    let mut app = first_frame_app(dir, lang, emp_no);
    app.load_deferred();
    app
}

/// As `demo_app`, but with only what the first frame shows loaded (as the terminal starts
/// it): the rest comes with `load_deferred_step`.
pub fn first_frame_app(dir: &std::path::Path, lang: Lang, emp_no: &str) -> App {
    first_frame_app_of(dir, lang, emp_no, 200, 3)
}

/// As `first_frame_app`, on a demo store of `customers` customers made from `seed`.
pub fn first_frame_app_of(
    dir: &std::path::Path,
    lang: Lang,
    emp_no: &str,
    customers: usize,
    seed: u64,
) -> App {
    let path = dir.join("demo.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    frontdesk::demo::fill(&mut db, actor, TZ, today, customers, seed, |_| {}).unwrap();
    let agent = agents::by_emp_no(&db, emp_no).unwrap().unwrap();
    App::for_first_frame(
        db,
        Clock::fixed(TZ, now),
        Settings::with_db(path, lang),
        Some(agent),
    )
}
