//! The status bar at 80x24 (issue 18): the agent's name and the date stay on it in both
//! languages, with the work waiting (the callbacks saying whose they are); what matters
//! least goes first (the store file's name, the counters' long labels), and a name too
//! long for the row is cut by display width, never inside a Han character.

mod support;
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::ui::app::App;
use support::appointments_fx::*;
use support::screen::draw;

fn app_of(lang: Lang, emp: &str, name: &str) -> App {
    let mut f = fx(1);
    let agent = agents::ensure(&mut f.db, f.sup, emp, name, Role::Agent).unwrap();
    let mut app = App::new(
        f.db,
        Clock::fixed(TZ, now()),
        Settings::with_db(f.path.clone(), lang),
        Some(agent),
    );
    app.rescue_counts = (3, 1);
    app.callbacks_due = 41;
    std::mem::forget(f._dir); // the store outlives the fixture struct
    app
}

fn status_bar(app: &App) -> String {
    draw(app).lines().last().unwrap_or_default().to_string()
}

#[test]
fn the_name_and_the_date_stay_with_the_counts_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let bar = status_bar(&app_of(lang, "2001", "王磊"));
        // The callbacks say whose: the pool's and the agent's own.
        for must in [
            "2001 王磊",
            "11-23 09:30",
            lang.t("救援待联系3(超时1)", "contact 3(1 late)"),
            lang.t("池+我回访41", "pool+mine 41"),
            lang.t("投诉超时0", "complaints late 0"),
            lang.t("?帮助", "? help"),
        ] {
            assert!(bar.contains(must), "[{}] no `{must}`: {bar}", lang.code());
        }
        assert!(!bar.contains('~'), "nothing cut: {bar}");
    }
}

#[test]
fn a_long_chinese_name_stays_cut_whole_by_display_width_at_80x24() {
    let name = "欧阳诺娃·买买提江阿依古丽";
    for lang in [Lang::Zh, Lang::En] {
        let bar = status_bar(&app_of(lang, "2002", name));
        assert!(bar.contains("2002 欧阳诺娃"), "[{}] {bar}", lang.code());
        assert!(bar.contains("09:30"), "{bar}");
        assert!(bar.contains(lang.t("?帮助", "? help")), "{bar}");
        // The name as shown is a whole-character start of it (a `~` marks a cut).
        let shown = bar.split_whitespace().nth(1).unwrap();
        assert!(name.starts_with(shown.trim_end_matches('~')), "{bar}");
        assert_eq!(frontdesk::text::width(&bar), 80, "one row: {bar}");
        insta::assert_snapshot!(format!("status_bar_long_name_{}", lang.code()), bar);
    }
}

/// The help key the status bar names works where the user is: `?` on a list, F1 in a form
/// (where `?` is typed as text).
#[test]
fn the_help_key_named_is_one_that_works_on_the_screen() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_of(lang, "2001", "王磊");
        let help = |k: &str| match lang {
            Lang::Zh => format!("{k}帮助"),
            Lang::En => format!("{k} help"),
        };
        app.on_key(KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE));
        let bar = status_bar(&app);
        assert!(bar.contains(&help("?")), "{bar}");
        // The booking form: its fields take typing.
        app.on_key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE));
        assert!(app.appointments.book_form().is_some());
        let bar = status_bar(&app);
        assert!(bar.contains(&help("F1")), "{bar}");
        assert!(!bar.contains(&help("?")), "{bar}");
    }
}
