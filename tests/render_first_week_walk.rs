//! What a new receptionist tripped over in the Calls tab (issue 18), drawn at 80x24 in both
//! languages on a small demo store: a date field shows no date before a customer is picked
//! (its hint is the format), and the picked customer's car fills it; a rescue step's form
//! over the rescue page leaves none of the page's key line peeking out beside it.

mod support;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::i18n::Lang;
use frontdesk::ui::app::App;
use support::demo::demo_app;
use support::screen::draw;

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The screen row holding `label`.
fn row<'a>(screen: &'a str, label: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no {label} row:\n{screen}"))
}

#[test]
fn the_rescue_forms_purchase_date_comes_only_from_the_picked_customers_car() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_app(dir.path(), lang, "1002");
        // A customer with one car whose purchase date is on file, found by the phone tail.
        let (tail, date): (String, String) = app
            .db
            .conn()
            .query_row(
                "SELECT substr(c.mobile, 8), v.purchase_date FROM customers c
                 JOIN vehicles v ON v.customer_id = c.id
                 WHERE length(c.mobile) = 11 AND v.purchase_date IS NOT NULL
                   AND (SELECT count(*) FROM vehicles v2 WHERE v2.customer_id = c.id) = 1
                   AND (SELECT count(*) FROM customers c2
                        WHERE substr(c2.mobile, 8) = substr(c.mobile, 8)) = 1
                 ORDER BY c.id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('1'));
        key(&mut app, KeyCode::Char('n'));
        key(&mut app, KeyCode::Char('r'));
        // Letters find a template; Enter takes the one first.
        key(&mut app, KeyCode::Enter);
        let label = lang.t("购车日期", "Purchase");
        let form = draw(&app);
        let before = row(&form, label);
        assert!(
            !before.chars().any(|c| c.is_ascii_digit()),
            "no date before a customer is picked: {before}\n{form}"
        );
        assert!(
            before.contains(lang.t("年-月-日", "yyyy-mm-dd")),
            "the hint is the format: {before}"
        );
        typed(&mut app, &tail);
        key(&mut app, KeyCode::Enter);
        let picked = draw(&app);
        let after = row(&picked, label);
        assert!(
            after.contains(&date[..10]),
            "the car's purchase date {date}: {after}\n{picked}"
        );
    }
}

#[test]
fn a_rescue_steps_form_leaves_no_page_keys_peeking_out_beside_it() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_app(dir.path(), lang, "1002");
        let open: i64 = app
            .db
            .conn()
            .query_row(
                "SELECT count(*) FROM rescue_cases WHERE closed_at IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(open > 0, "the demo store has an open rescue");
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('1'));
        // From the list, the form opens over the list, and its first field's hint shows
        // with the cursor in it: what to type.
        key(&mut app, KeyCode::Char('d'));
        let over_list = draw(&app);
        assert!(
            over_list.contains(lang.t("救援派出", "Dispatch help"))
                && over_list.contains(lang.t("进行中救援", "open rescues")),
            "the list stays under the form: {over_list}"
        );
        assert!(
            over_list.contains(lang.t(
                "1 派技师到场  2 电话指导  3 拖车",
                "1 technician on site  2 phone guidance  3 tow"
            )),
            "{over_list}"
        );
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Enter); // the first row: an open rescue
        let page = draw(&app);
        let page_keys = lang.t("d 派出", "d dispatch");
        assert!(page.contains(page_keys), "the rescue page: {page}");
        for (step, title) in [
            ('d', lang.t("救援派出", "Dispatch help")),
            ('x', lang.t("救援结果", "Rescue result")),
        ] {
            key(&mut app, KeyCode::Char(step));
            let screen = draw(&app);
            assert!(screen.contains(title), "{screen}");
            assert!(
                !screen.contains(page_keys) && !screen.contains(lang.t("Esc 返回", "Esc back")),
                "the page's keys do not work under the form; none show: {screen}"
            );
            assert!(
                screen.contains(lang.t("Esc 取消", "Esc cancel")),
                "the form's own keys: {screen}"
            );
            key(&mut app, KeyCode::Esc);
            assert!(draw(&app).contains(page_keys), "back on the page");
        }
    }
}

#[test]
fn a_one_field_forms_keys_and_help_offer_no_next_field() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_app(dir.path(), lang, "1002");
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('1'));
        key(&mut app, KeyCode::Char('d'));
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Enter); // the first row: an open rescue
        let next = lang.t("Tab 下一栏", "Tab next");
        // The dispatch form has more than one field: Tab goes on.
        key(&mut app, KeyCode::Char('d'));
        let dispatch = draw(&app);
        assert!(dispatch.contains(next), "{dispatch}");
        key(&mut app, KeyCode::Esc);
        // The result form has one: no next field offered, in its key line nor in help.
        key(&mut app, KeyCode::Char('x'));
        let result = draw(&app);
        assert!(
            result.contains(lang.t("救援结果", "Rescue result")),
            "{result}"
        );
        assert!(!result.contains(next), "{result}");
        assert!(
            result.contains(lang.t("Esc 取消", "Esc cancel")),
            "{result}"
        );
        key(&mut app, KeyCode::F(1));
        let help = draw(&app);
        assert!(
            !help.contains(lang.t("下一栏", "Next field")),
            "help lists a key that goes nowhere: {help}"
        );
    }
}
