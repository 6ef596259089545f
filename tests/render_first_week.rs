//! A receptionist's first week (issue 18): the keys shown at start do what they say, and
//! help in a form lists only the keys that work there. TestBackend at 80x24, both languages.

mod support;
use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::customers;
use frontdesk::store::{Actor, Db};
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::{App, Overlay};
use support::screen::draw;

fn fixture(dir: &std::path::Path, lang: Lang) -> App {
    let path = dir.join("fw.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let agent = agents::ensure(&mut db, actor, "1002", "陈静", Role::Agent).unwrap();
    customers::create(
        &mut db,
        Actor {
            agent_id: Some(agent.id),
            at: now,
        },
        &frontdesk::domain::archive::CustomerData {
            name: "张三".into(),
            mobile: Some("13812341234".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let settings = Settings::with_db(path, lang);
    App::new(db, Clock::fixed(tz, now), settings, Some(agent))
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn at_start_the_shown_keys_work_and_search_is_one_key_away() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = fixture(dir.path(), lang);
        let screen = draw(&app);
        // The keys the start screen shows.
        assert!(screen.contains(lang.t("?帮助", "? help")), "{screen}");
        assert!(screen.contains(lang.t("a 新建", "a new")), "{screen}");
        assert!(
            screen.contains(lang.t("s 输入查找", "s search")),
            "{screen}"
        );
        assert!(!app.customers.typing(), "a text field has focus at start");

        // `?` opens help, and is not typed anywhere.
        key(&mut app, KeyCode::Char('?'));
        assert!(matches!(app.overlay, Some(Overlay::Help)));
        assert!(draw(&app).contains(lang.t("按键帮助", "Keys")));
        key(&mut app, KeyCode::Esc);
        assert!(app.overlay.is_none());
        assert_eq!(app.customers.query(), "");

        // `a` opens the new-customer form; Esc on the untouched form leaves it.
        key(&mut app, KeyCode::Char('a'));
        assert!(app.customers.form().is_some());
        key(&mut app, KeyCode::Esc);
        assert!(app.customers.form().is_none());

        // `s` puts the cursor in the search field; typed letters search.
        key(&mut app, KeyCode::Char('s'));
        for c in "zs".chars() {
            key(&mut app, KeyCode::Char(c));
        }
        assert_eq!(app.customers.query(), "zs");
        assert!(draw(&app).contains("张三"));
        key(&mut app, KeyCode::Esc); // leave the field: digits switch tabs again

        // `1`..`6` switch tabs.
        key(&mut app, KeyCode::Char('1'));
        assert_eq!(app.tab, Tab::Calls);
        key(&mut app, KeyCode::Char('6'));
        assert_eq!(app.tab, Tab::Reports);
        key(&mut app, KeyCode::Char('5'));
        assert_eq!(app.tab, Tab::Customers);
        assert_eq!(
            app.customers.query(),
            "zs",
            "digits were typed into the search"
        );
    }
}

#[test]
fn help_in_a_form_lists_only_the_keys_of_the_form() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = fixture(dir.path(), lang);
        key(&mut app, KeyCode::Char('a'));
        assert!(app.customers.form().is_some());
        key(&mut app, KeyCode::F(1));
        assert!(matches!(app.overlay, Some(Overlay::Help)));
        let screen = draw(&app);
        assert!(screen.contains(lang.t("保存", "Save")), "{screen}");
        assert!(screen.contains(lang.t("下一栏", "Next field")), "{screen}");
        assert!(screen.contains("Ctrl-S"), "{screen}");
        // Digits, `q`, `?` and Tab mean text or the next field in a form: help does not
        // offer them for tabs, quitting or help.
        assert!(
            !screen.contains(lang.t("下一个标签页", "Next tab")),
            "{screen}"
        );
        assert!(
            !screen.contains(lang.t("上一个标签页", "Previous tab")),
            "{screen}"
        );
        assert!(screen.contains("Ctrl-Q / Ctrl-C"), "{screen}");
        assert!(!screen.contains("? / F1"), "{screen}");
        assert!(!screen.contains("q / Ctrl-Q"), "{screen}");
        insta::assert_snapshot!(format!("help_in_form_{}", lang.code()), screen);
        // Help closes and the form is still there, untouched.
        key(&mut app, KeyCode::Esc);
        assert!(app.overlay.is_none());
        assert!(app.customers.form().is_some());
    }
}

fn reopen(dir: &std::path::Path, lang: Lang) -> App {
    let path = dir.join("fw.sqlite3");
    let db = Db::open(&path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
    let agent = agents::by_emp_no(&db, "1002").unwrap().unwrap();
    App::new(
        db,
        Clock::fixed(tz, now),
        Settings::with_db(path, lang),
        Some(agent),
    )
}

#[test]
fn quit_anyway_does_not_offer_the_draft_back_but_a_hang_up_does() {
    for quit_anyway in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = fixture(dir.path(), Lang::Zh);
        key(&mut app, KeyCode::Char('a'));
        for c in "王草稿".chars() {
            key(&mut app, KeyCode::Char(c));
        }
        // The loop's autosave has written the draft by now.
        app.save_draft_now();
        let ctrl_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
        app.on_key(ctrl_q);
        assert!(matches!(app.overlay, Some(Overlay::ConfirmQuit)));
        assert!(draw(&app).contains("y 退出并放弃"));
        if quit_anyway {
            key(&mut app, KeyCode::Char('y'));
            assert!(app.quit);
        }
        // What the app does on the way out, whatever ended the loop.
        app.save_draft_now();
        drop(app);
        let next = reopen(dir.path(), Lang::Zh);
        let offered = matches!(next.overlay, Some(Overlay::RestoreDraft(_)));
        assert_eq!(
            offered, !quit_anyway,
            "quit anyway = {quit_anyway}: draft offered = {offered}"
        );
    }
}

/// The offer of a draft says the whole sentence at 80x24, its time too, in English (the
/// longer language), however long the form's name: it wraps instead of being cut.
#[test]
fn the_draft_offer_is_whole_at_80_columns() {
    for lang in [Lang::En, Lang::Zh] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = fixture(dir.path(), lang);
        key(&mut app, KeyCode::Char('a'));
        for c in "王草稿".chars() {
            key(&mut app, KeyCode::Char(c));
        }
        app.save_draft_now();
        drop(app);
        let next = reopen(dir.path(), lang);
        assert!(matches!(next.overlay, Some(Overlay::RestoreDraft(_))));
        // Read as one text: the popup's rows joined, borders and padding dropped.
        let screen = draw(&next);
        let joined = screen
            .lines()
            .filter_map(|l| l.split('│').nth(2))
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join(" ");
        // The time whole, "hh:mm", and the sentence going on after it.
        let at = joined.find("2026-11-23").expect(&screen) + "2026-11-23".len();
        let rest = joined[at..].trim_start();
        let (time, after) = rest.split_at(rest.len().min(5));
        let is_time = time.len() == 5 && time.as_bytes()[2] == b':';
        let goes_on = after
            .trim_start()
            .starts_with(lang.t("有一份未保存的", "."));
        assert!(is_time && goes_on, "{time:?} {after:?} in:\n{screen}");
    }
}
