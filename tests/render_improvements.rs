//! The 整改 / Improvements page of the Desk tab at 80x24 in both languages: the list with the
//! overdue action marked and the proposed rectification order at the top for a supervisor,
//! accepting it (the prefilled order form), an action's linked records with masked numbers
//! and Enter to the customer, verifying (supervisor with a note; refused for an agent), and
//! raising from a complaint's page with its key.

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::complaints::Category;
use frontdesk::domain::improvements::{Department, LinkKind, Status};
use frontdesk::i18n::Lang;
use frontdesk::store::Actor;
use frontdesk::store::agents;
use frontdesk::store::improvements::{self as si, NewImprovement};
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::App;
use support::appointments_fx::{Fx, TZ, at, date, fx, now};
use support::screen::draw;

fn complaint(f: &mut Fx, car: usize, day: u32) -> i64 {
    let (c, v) = f.cars[car];
    frontdesk::store::complaints::register(
        &mut f.db,
        f.sup,
        &frontdesk::store::complaints::NewComplaint {
            customer_id: Some(c),
            vehicle_id: Some(v),
            call_id: None,
            channel: "phone".into(),
            received_at: at(day, 10, 0),
            category: Category::RepairQuality,
            loss_yuan: None,
            severity_by_hand: None,
            station: String::new(),
            summary: "返修后仍异响".into(),
            demand: "彻底修好".into(),
            handler_id: None,
        },
    )
    .unwrap()
}

/// Three repair-quality complaints (a proposed order), an overdue action linked to the
/// first, a done one waiting for verification.
fn store() -> Fx {
    let mut f = fx(3);
    let first = complaint(&mut f, 0, 5);
    complaint(&mut f, 1, 10);
    complaint(&mut f, 2, 20);
    let owner = f.agent.agent_id;
    let raised = Actor {
        agent_id: owner,
        at: at(6, 10, 0),
    };
    si::raise(
        &mut f.db,
        raised,
        date(6),
        &NewImprovement {
            department: Department::Parts,
            finding: "机滤缺货客户等待".into(),
            words: "客户：等了一周".into(),
            owner_id: owner,
            due: Some(date(13)),
            links: vec![(LinkKind::Complaint, first)],
            order: None,
        },
    )
    .unwrap();
    let id = si::raise(
        &mut f.db,
        f.agent,
        date(23),
        &NewImprovement {
            department: Department::FrontDesk,
            finding: "接车等待时间长".into(),
            words: String::new(),
            owner_id: owner,
            due: Some(date(30)),
            links: vec![],
            order: None,
        },
    )
    .unwrap();
    let v = si::get(f.db.conn(), id).unwrap().version;
    let r = si::step(&mut f.db, f.agent, id, v, Status::InProgress, false, None).unwrap();
    si::step(&mut f.db, f.agent, id, r.version, Status::Done, false, None).unwrap();
    f
}

fn app(f: Fx, lang: Lang, emp: &str) -> (App, tempfile::TempDir) {
    let Fx { _dir, path, db, .. } = f;
    let agent = agents::by_emp_no(&db, emp).unwrap();
    let settings = Settings::with_db(path, lang);
    (App::new(db, Clock::fixed(TZ, now()), settings, agent), _dir)
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn ctrl(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

#[test]
fn a_supervisor_sees_the_list_the_proposal_and_verifies() {
    for lang in [Lang::Zh, Lang::En] {
        let (mut app, _dir) = app(store(), lang, "1001");
        key(&mut app, KeyCode::Char('7'));
        assert_eq!(app.tab, Tab::Desk);
        let s = draw(&app);
        assert!(s.contains(lang.t("整改跟踪", "Improvement actions")), "{s}");
        assert!(
            s.contains(lang.t("【整改令建议】近30天", "[Proposed order] 3 valid")),
            "{s}"
        );
        assert!(s.contains(lang.t("逾期·待处理", "LATE Open")), "{s}");
        assert!(
            s.contains(lang.t("共 2 项  逾期 1 项", "2 actions, 1 overdue")),
            "{s}"
        );
        assert!(s.contains(lang.t("n 提出", "n raise")), "{s}");
        // The proposal is highlighted: the hint names accepting and dismissing it.
        assert!(s.contains(lang.t("x 不采纳", "x dismiss")), "{s}");
        if lang == Lang::En {
            // No Chinese in the English chrome (the data is the store's own).
            for word in ["整改", "状态", "部门", "提出", "逾期"] {
                assert!(!s.contains(word), "{word} in:\n{s}");
            }
        }
        // Enter on the proposal: the order form, prefilled and linked to the complaints.
        key(&mut app, KeyCode::Enter);
        let s = draw(&app);
        assert!(
            s.contains(lang.t("下达质量整改令", "Issue a rectification order")),
            "{s}"
        );
        assert!(
            s.contains(lang.t("投诉 #1，投诉 #2，投诉 #3", "Complaint #1")),
            "{s}"
        );
        key(&mut app, KeyCode::Esc);
        // The done action (last row): verify needs a note.
        key(&mut app, KeyCode::End);
        key(&mut app, KeyCode::Char('v'));
        let s = draw(&app);
        assert!(s.contains(lang.t("验证整改", "Verify the action")), "{s}");
        ctrl(&mut app, 's');
        assert!(draw(&app).contains(lang.t("必填", "required")));
        typed(&mut app, "spot check ok");
        ctrl(&mut app, 's');
        let s = draw(&app);
        assert!(
            s.contains(lang.t("已改为“已验证”", "is now verified")),
            "{s}"
        );
        // Back on the list the highlight stays on the verified action.
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Enter);
        assert!(draw(&app).contains("spot check ok"));
        // Dismissing the proposal needs a reason; then it is gone.
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Home);
        key(&mut app, KeyCode::Char('x'));
        let s = draw(&app);
        assert!(
            s.contains(lang.t("不采纳整改令建议", "Dismiss the proposed order")),
            "{s}"
        );
        // The proposal being dismissed is read whole at 80x24 (it wraps, never cut).
        let squashed: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '│')
            .collect();
        let end = lang.t("建议下达质量整改令", "arectificationorderisproposed");
        assert!(squashed.contains(end), "{s}");
        ctrl(&mut app, 's');
        assert!(draw(&app).contains(lang.t("必填", "required")));
        typed(&mut app, "different faults");
        ctrl(&mut app, 's');
        let s = draw(&app);
        assert!(
            s.contains(lang.t("已不采纳该整改令建议", "The proposed order was dismissed")),
            "{s}"
        );
        assert!(
            !s.contains(lang.t("【整改令建议】", "[Proposed order]")),
            "{s}"
        );
    }
}

#[test]
fn an_agent_opens_an_action_and_its_customer_but_cannot_verify() {
    for lang in [Lang::Zh, Lang::En] {
        let (mut app, _dir) = app(store(), lang, "1002");
        key(&mut app, KeyCode::Char('7'));
        let s = draw(&app);
        assert!(!s.contains(lang.t("整改令建议", "Proposed order")), "{s}");
        // The overdue action comes first.
        key(&mut app, KeyCode::Enter);
        let s = draw(&app);
        assert!(
            s.contains(lang.t("整改：#1 ", "Improvement action: #1 ")),
            "{s}"
        );
        assert!(s.contains("客户0 138****0000"), "masked: {s}");
        // Each label stands apart from its value, even one as wide as the label column.
        for label in [lang.t("发现的问题", "Found"), lang.t("完成期限", "Due")] {
            let line = s.lines().find(|l| l.contains(label)).unwrap_or_default();
            let after = line.split(label).nth(1).unwrap_or_default();
            assert!(after.starts_with(' '), "{label}: {line}\n{s}");
        }
        assert!(!s.contains("13800000000"), "{s}");
        key(&mut app, KeyCode::Char('v'));
        assert!(
            draw(&app).contains(lang.t("只有客服主管可以验证整改", "Only a supervisor verifies")),
        );
        key(&mut app, KeyCode::Char('p'));
        assert!(draw(&app).contains(lang.t("逾期·整改中", "LATE In progress")));
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.tab, Tab::Customers);
        assert!(draw(&app).contains("客户0"));
    }
}

#[test]
fn a_complaints_page_raises_a_linked_action_with_its_key() {
    for lang in [Lang::Zh, Lang::En] {
        let (mut app, _dir) = app(store(), lang, "1002");
        key(&mut app, KeyCode::Char('4'));
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Char('z'));
        assert_eq!(app.tab, Tab::Desk);
        let s = draw(&app);
        assert!(
            s.contains(lang.t("提出整改", "Raise an improvement action")),
            "{s}"
        );
        assert!(
            s.contains(lang.t("关联：投诉 #", "Linked: Complaint #")),
            "{s}"
        );
        typed(&mut app, "返修率高");
        ctrl(&mut app, 's');
        let s = draw(&app);
        assert!(
            s.contains(lang.t("已提出整改 #3", "action #3 raised")),
            "{s}"
        );
        assert!(s.contains("返修率高"), "{s}");
    }
}
