//! A receptionist's first week (issue 18, point 9): a page's key bar lists its keys. The
//! booking page's bar is made from the key table and shows `m` (reschedule) with the
//! others, whole at 80x24, in both languages.

mod support;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::agents;
use frontdesk::ui::app::App;
use support::appointments_fx::*;
use support::screen::draw;

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn the_booking_pages_key_bar_lists_its_keys_with_reschedule() {
    for lang in [Lang::Zh, Lang::En] {
        let mut f = fx(1);
        let b = f.booking(0, 0, 0, at(23, 14, 0));
        f.book(b).unwrap();
        let agent = agents::by_emp_no(&f.db, "1002").unwrap().unwrap();
        let mut app = App::new(
            f.db,
            Clock::fixed(TZ, now()),
            Settings::with_db(f.path.clone(), lang),
            Some(agent),
        );
        key(&mut app, KeyCode::Char('2'));
        key(&mut app, KeyCode::Enter);
        let screen = draw(&app);
        let bar = screen
            .lines()
            .find(|l| l.contains(lang.t("c 确认", "c confirm")))
            .unwrap_or_else(|| panic!("no key bar:\n{screen}"));
        for k in [
            lang.t("m 改期", "m move"),
            lang.t("x 取消", "x cancel"),
            lang.t("d 完工", "d done"),
            lang.t("y 复制", "y copy"),
            lang.t("Esc 返回", "Esc back"),
        ] {
            assert!(bar.contains(k), "{k} missing from the bar:\n{screen}");
        }
        assert!(!bar.contains('~'), "the bar is cut:\n{screen}");
        // And `m` does what the bar says: the reschedule form opens.
        key(&mut app, KeyCode::Char('m'));
        assert!(app.appointments.typing(), "{}", draw(&app));
    }
}
