//! The Desk tab's pages load off the app's thread (issue 14, point 1): with the loads
//! thread started, paging to a page is answered at once with its last rows, saying
//! "计算中… / Loading…" once the load has run a moment (`SHOW_LOADING_MS`), the list read on the thread's own connection arrives through
//! `App::pump` to the page that asked, and a newer load (paging on and back) supersedes
//! the older. What is shown at the end is what the page shows when it loads at once. The
//! quality page's sampling on entry (a write) runs there too, saying "Computing…".

mod support;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::i18n::Lang;
use frontdesk::ui::SHOW_LOADING_MS;
use frontdesk::ui::app::App;
use std::time::{Duration, Instant};
use support::screen::draw;

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Pumps the app's answers until no load is awaited (a generous bound: a failure, not a
/// timing).
fn pump_all(app: &mut App) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.waiting() {
        assert!(Instant::now() < deadline, "never came\n{}", draw(app));
        app.pump();
        std::thread::sleep(Duration::from_millis(5));
    }
    app.pump();
}

/// Longer than a load may run before its page says so (`SHOW_LOADING_MS`). The answers
/// that come meanwhile wait for `pump`, so the page still waits.
fn wait_a_moment() {
    std::thread::sleep(Duration::from_millis(SHOW_LOADING_MS + 20));
}

/// The Desk tab, then → to the page whose block title holds `title`, loads done.
fn to_page(app: &mut App, title: &str) {
    key(app, KeyCode::Esc);
    key(app, KeyCode::Char('7'));
    pump_all(app);
    for _ in 0..10 {
        if draw(app).contains(title) {
            return;
        }
        key(app, KeyCode::Right);
        pump_all(app);
    }
    panic!("no page {title}: {}", draw(app));
}

/// An app with the loads thread on the page `title`, and that page as an app without it
/// shows it (it loads at once), with the folders of both.
fn on_page(lang: Lang, title: &str) -> (App, String, [tempfile::TempDir; 2]) {
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let mut inline = support::demo::demo_app(dirs[0].path(), lang, "1001");
    to_page(&mut inline, title);
    let mut app = support::demo::demo_app(dirs[1].path(), lang, "1001");
    app.start_background();
    to_page(&mut app, title);
    (app, draw(&inline), dirs)
}

/// The pages that load on the loads thread, by their list's title in Chinese and English,
/// with what the page says meanwhile in English (the quality page samples on entry: it
/// computes).
const PAGES: &[(&str, &str, &str)] = &[
    ("资料交接：", "Hand-over: late", "Loading…"),
    ("客户活动（", "Customer events", "Loading…"),
    ("┌ 知识库 ", "Knowledge base", "Loading…"),
    ("质检：", "Quality review:", "Computing…"),
    ("整改跟踪", "Improvement actions", "Loading…"),
    ("门店设置", "Store settings", "Loading…"),
];

#[test]
fn each_page_loads_on_the_loads_thread_saying_so_meanwhile() {
    for lang in [Lang::En, Lang::Zh] {
        for (zh, en, en_note) in PAGES {
            let title = lang.t(zh, en);
            let note = lang.t("计算中…", en_note);
            let (mut app, want, _dirs) = on_page(lang, title);
            // Back to the page (or another agent's save): it asks again, the rows stay.
            key(&mut app, KeyCode::Left);
            pump_all(&mut app);
            key(&mut app, KeyCode::Right);
            // At once the rows stay as they were: a quick load never says so (the words
            // would flash). Once it has kept the page waiting a moment, the page says so.
            assert!(app.waiting());
            let screen = draw(&app);
            assert!(screen.contains(title) && !screen.contains(note), "{screen}");
            wait_a_moment();
            let screen = draw(&app);
            assert!(screen.contains(title) && screen.contains(note), "{screen}");
            assert!(app.waiting());
            pump_all(&mut app);
            let screen = draw(&app);
            assert!(!screen.contains(note), "{screen}");
            assert_eq!(screen, want);
        }
    }
}

#[test]
fn paging_on_before_the_answer_supersedes_it_and_coming_back_loads_again() {
    let lang = Lang::En;
    let title = "Hand-over: late";
    let (mut app, want, _dirs) = on_page(lang, title);
    // Left before its answer came, and back: the second load's answer is the one shown.
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Left);
    wait_a_moment();
    assert!(draw(&app).contains("Loading…"), "{}", draw(&app));
    pump_all(&mut app);
    let screen = draw(&app);
    assert!(!screen.contains("Loading…"), "{screen}");
    assert_eq!(screen, want);
}
