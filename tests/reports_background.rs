//! Reports and callback planning off the app's thread (issue 14, point 1): with the
//! worker started, a key on the Reports tab is answered at once with "computing", the
//! report computed on the worker's own connection arrives through `App::pump` and is
//! shown; a newer key supersedes the older job; the today board is counted there too, and
//! a key is answered while it counts; planning runs on its own connection while the app's
//! own writes still go through, and the queue reloads when it is done. What the first
//! frame leaves for later loads piece by piece, after a key that came first.

mod support;
use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::i18n::Lang;
use frontdesk::store::Actor;
use frontdesk::store::complaints::Show;
use frontdesk::ui::app::App;
use std::time::{Duration, Instant};
use support::screen::draw;

fn demo_app(dir: &std::path::Path, lang: Lang) -> App {
    support::demo::demo_app(dir, lang, "1001")
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Pumps the app's answers until `done` holds (a generous bound: a failure, not a timing).
fn pump_until(app: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(app) {
        assert!(
            Instant::now() < deadline,
            "never came: {what}\n{}",
            draw(app)
        );
        app.pump();
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_report_computed_on_the_worker_arrives_and_is_shown() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_app(dir.path(), lang);
        app.start_background();
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('6'));
        key(&mut app, KeyCode::Right);
        // The key is answered before anything is computed: the answer comes only
        // through `pump`.
        assert!(app.reports.busy());
        assert_eq!(app.reports.depth(), 0);
        let screen = draw(&app);
        assert!(screen.contains(lang.t("计算中…", "Computing…")), "{screen}");
        pump_until(&mut app, "the report", |a| !a.reports.busy());
        assert_eq!(app.reports.depth(), 1);
        let screen = draw(&app);
        assert!(
            !screen.contains(lang.t("计算中…", "Computing…")),
            "{screen}"
        );
        assert!(
            screen.contains(lang.t("来电登记（按模板、专员统计）", "Calls by template")),
            "{screen}"
        );
    }
}

#[test]
fn a_newer_key_supersedes_the_job_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::En);
    app.start_background();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('6'));
    // Three reports and a period change asked for in a row: only the last is shown.
    for _ in 0..3 {
        key(&mut app, KeyCode::Right);
    }
    key(&mut app, KeyCode::Char('y'));
    pump_until(&mut app, "the last report", |a| !a.reports.busy());
    let screen = draw(&app);
    assert!(
        screen.contains("· year 2026-01-01 ~ 2026-11-23"),
        "{screen}"
    );
    assert_eq!(app.reports.page(), 3);
    // The records behind a row come from the worker too, and Esc goes back.
    for _ in 0..10 {
        key(&mut app, KeyCode::Enter);
        pump_until(&mut app, "the records", |a| !a.reports.busy());
        if app.reports.depth() > 1 {
            break;
        }
        key(&mut app, KeyCode::Down);
    }
    assert_eq!(app.reports.depth(), 2, "{}", draw(&app));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.reports.depth(), 1);
}

#[test]
fn an_export_is_written_on_the_worker_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::En);
    app.start_background();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('6'));
    key(&mut app, KeyCode::Right);
    pump_until(&mut app, "the report", |a| !a.reports.busy());
    key(&mut app, KeyCode::Char('e'));
    assert!(app.reports.busy());
    pump_until(&mut app, "the export", |a| !a.reports.busy());
    let screen = draw(&app);
    assert!(screen.contains("Exported to"), "{screen}");
    let files: Vec<_> = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 1);
    let only_exports = frontdesk::store::audit::AuditFilter {
        action: Some("export".into()),
        ..Default::default()
    };
    let audited = frontdesk::store::audit::list(app.db.conn(), &only_exports, 20)
        .unwrap()
        .len();
    assert_eq!(audited, 1);
}

/// The status bar's figure: the calls due (a customer's tasks of one call counted once).
fn calls_due(app: &App, today: NaiveDate) -> i64 {
    let f = frontdesk::store::callbacks::QueueFilter {
        merge: true,
        channel: Some(frontdesk::domain::callbacks::Channel::Call),
        due_to: Some(today),
        ..Default::default()
    };
    frontdesk::store::callbacks::queue_total(app.db.conn(), &f).unwrap() as i64
}

#[test]
fn callback_planning_runs_beside_the_apps_own_writes_and_the_queue_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::En);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let planned = |app: &App| calls_due(app, today);
    let before = planned(&app);
    assert_eq!(app.callbacks_due, before);
    app.start_background();
    // The first tick plans: on its own thread, so the tick returns at once.
    app.tick();
    assert!(app.waiting(), "planning is under way");
    // The app's own write goes through meanwhile (the busy timeout, one writer at a time).
    let actor = Actor {
        agent_id: None,
        at: Utc.with_ymd_and_hms(2026, 11, 23, 1, 31, 0).unwrap(),
    };
    frontdesk::store::audit::data_out(&mut app.db, actor, "probe", &serde_json::json!({})).unwrap();
    pump_until(&mut app, "planning", |a| !a.waiting());
    let after = planned(&app);
    assert_ne!(after, before, "planning changed nothing to see");
    // The queue and the status bar's count loaded again when planning was done.
    assert_eq!(app.callbacks_due, after);
}

#[test]
fn the_board_is_counted_on_the_worker_and_a_key_is_answered_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::En);
    app.start_background();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('6'));
    // The board is being counted on the worker and the tab answers the next key. The
    // board shown stays as it was: the foot says "counting" only once the count has run
    // 200 ms (`reports::tests`), which `pump` tells it, never called yet here.
    assert!(app.reports.busy());
    let screen = draw(&app);
    assert!(screen.contains("Calls today"), "{screen}");
    assert!(!screen.contains("Counting…"), "{screen}");
    key(&mut app, KeyCode::Right);
    assert_eq!(app.reports.page(), 1, "the key waited for the count");
    pump_until(&mut app, "the report", |a| !a.reports.busy());
    assert_eq!(app.reports.depth(), 1);
    // Back on the board: counted again, then shown without "counting".
    key(&mut app, KeyCode::Left);
    assert!(app.reports.busy());
    pump_until(&mut app, "the board", |a| !a.reports.busy());
    let screen = draw(&app);
    assert!(screen.contains("Calls today"), "{screen}");
    assert!(!screen.contains("Counting…"), "{screen}");
}

#[test]
fn a_key_at_the_first_frame_is_answered_before_the_deferred_load_which_then_completes() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = support::demo::first_frame_app(dir.path(), Lang::En, "1001");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let due = calls_due(&app, today);
    assert!(due > 0, "the demo has callbacks due");
    assert!(app.deferring());
    assert_eq!(app.callbacks_due, 0, "the queue is left for later");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.tab, frontdesk::ui::action::Tab::Calls);
    assert!(app.deferring(), "the key waited for the whole load");
    let mut pieces = 0;
    while app.load_deferred_step() {
        pieces += 1;
    }
    assert!(pieces > 1, "loaded in one piece");
    assert!(!app.deferring());
    assert_eq!(app.callbacks_due, due);
    assert!(!app.load_deferred(), "nothing left to load");
}

#[test]
fn the_callback_queue_and_the_complaints_load_on_the_loads_thread() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = support::demo::first_frame_app(dir.path(), Lang::En, "1001");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let due = calls_due(&app, today);
    app.start_background();
    // Every piece of the deferred load only asks: nothing is loaded on this thread.
    app.load_deferred();
    assert_eq!(app.callbacks_due, 0, "the queue loaded on the app's thread");
    assert!(app.complaints.items().is_empty(), "the list loaded here");
    assert!(app.waiting(), "nothing asked of the loads thread");
    pump_until(&mut app, "the loads", |a| !a.waiting());
    assert_eq!(app.callbacks_due, due);
    // The Complaints tab's filter (open, escalated, closed, all): each list is loaded there.
    let all = frontdesk::store::complaints::count(app.db.conn(), Show::All).unwrap();
    assert!(all > 0, "the demo has complaints");
    key(&mut app, KeyCode::Char('4'));
    for _ in 0..3 {
        key(&mut app, KeyCode::Char('f'));
    }
    assert!(app.complaints.items().is_empty(), "the list loaded here");
    pump_until(&mut app, "the list of all", |a| !a.waiting());
    assert_eq!(app.complaints.items().len(), all.min(300), "{}", draw(&app));
    // On the Callbacks tab a filter key is answered at once; the queue it asks for
    // arrives later, and a newer key's load supersedes it.
    key(&mut app, KeyCode::Char('3'));
    let before = app.callbacks.total();
    key(&mut app, KeyCode::Char('f'));
    let kind = app.callbacks.kind();
    assert!(kind.is_some(), "the filter key was not taken");
    assert_eq!(
        app.callbacks.total(),
        before,
        "the queue loaded on the app's thread"
    );
    key(&mut app, KeyCode::Char('f'));
    let newest = app.callbacks.kind();
    pump_until(&mut app, "the filtered queue", |a| !a.waiting());
    assert_eq!(app.callbacks.kind(), newest);
    assert!(
        app.callbacks.rows().iter().all(|r| Some(r.kind) == newest),
        "{}",
        draw(&app)
    );
}
