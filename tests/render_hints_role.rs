//! Hint lines follow the signed-in user (issue 18, rule 2): the keys only a supervisor may
//! use (verify an improvement, rule on a complaint, reassign a callback, change the
//! knowledge base, edit the settings) are on a supervisor's hint line and not on an
//! agent's, as in help. TestBackend at 80x24, both languages.

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::complaints::Category;
use frontdesk::i18n::Lang;
use frontdesk::store::agents;
use frontdesk::store::complaints::{NewComplaint, register};
use frontdesk::ui::app::App;
use support::appointments_fx::{Fx, TZ, at, fx, now};
use support::screen::draw;

/// A store with one open complaint (supervisor 1001, agent 1002).
fn store() -> Fx {
    let mut f = fx(1);
    let (c, v) = f.cars[0];
    register(
        &mut f.db,
        f.sup,
        &NewComplaint {
            customer_id: Some(c),
            vehicle_id: Some(v),
            call_id: None,
            channel: "phone".into(),
            received_at: at(23, 9, 0),
            category: Category::RepairQuality,
            loss_yuan: None,
            severity_by_hand: None,
            station: String::new(),
            summary: "返修后仍异响".into(),
            demand: "彻底修好".into(),
            handler_id: None,
        },
    )
    .unwrap();
    f
}

fn app(f: &Fx, lang: Lang, emp: &str) -> App {
    let db = frontdesk::store::Db::open(&f.path).unwrap();
    let agent = agents::by_emp_no(&db, emp).unwrap();
    assert!(agent.is_some(), "{emp}");
    App::new(
        db,
        Clock::fixed(TZ, now()),
        Settings::with_db(f.path.clone(), lang),
        agent,
    )
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Each screen with supervisors' keys as `emp` sees it: (where, screen).
fn screens(f: &Fx, lang: Lang, emp: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    // The Desk tab opens on the improvements page.
    let mut a = app(f, lang, emp);
    key(&mut a, KeyCode::Char('7'));
    out.push(("improvements", draw(&a)));
    // The knowledge base is the next page.
    key(&mut a, KeyCode::Right);
    out.push(("knowledge", draw(&a)));
    // Settings: two pages on (hand-over, settings; no rentals desk in this store).
    for _ in 0..2 {
        key(&mut a, KeyCode::Right);
    }
    out.push(("settings", draw(&a)));
    // The complaint's page.
    let mut a = app(f, lang, emp);
    key(&mut a, KeyCode::Char('4'));
    key(&mut a, KeyCode::Enter);
    out.push(("complaint", draw(&a)));
    // The callback queue.
    let mut a = app(f, lang, emp);
    key(&mut a, KeyCode::Char('3'));
    out.push(("queue", draw(&a)));
    out
}

/// The hint items of a supervisor's key on each screen, by screen.
fn supervisors_items(lang: Lang) -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("improvements", vec![lang.t("v 验证", "v verify")]),
        (
            "knowledge",
            vec![
                lang.t("n 新建", "n new"),
                lang.t("e 修改", "e edit"),
                lang.t("x 停用", "x retire"),
            ],
        ),
        (
            "settings",
            vec![
                lang.t("Enter 修改", "Enter edit"),
                lang.t("n 新增", "n add"),
            ],
        ),
        ("complaint", vec![lang.t("v 裁定", "v rule")]),
        ("queue", vec![lang.t("r 指派", "r reassign")]),
    ]
}

#[test]
fn an_agents_hint_lines_leave_out_the_supervisors_keys_a_supervisors_show_them() {
    let f = store();
    for lang in [Lang::Zh, Lang::En] {
        let agent = screens(&f, lang, "1002");
        let boss = screens(&f, lang, "1001");
        for ((place, items), ((a_at, a), (b_at, b))) in supervisors_items(lang)
            .into_iter()
            .zip(agent.iter().zip(&boss))
        {
            assert_eq!((place, place), (*a_at, *b_at));
            for item in items {
                assert!(
                    b.contains(item),
                    "{place}: {item} missing for a supervisor\n{b}"
                );
                assert!(!a.contains(item), "{place}: {item} shown to an agent\n{a}");
            }
        }
    }
}
