//! The monthly assessment and the call-quality report on the Reports tab at 80x24 in both
//! languages, on the hand-computed November of `support/kpi_fx.rs`: the ranked table with
//! its totals, a figure's definition under the cursor, and a figure's drill-down to its
//! records (the late hand-over, the reviews).

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::agents;
use frontdesk::store::reports::Report;
use frontdesk::ui::app::App;
use frontdesk::ui::reports::PAGES;
use support::kpi_fx::{Fx, TZ, fx, now};
use support::screen::draw;

fn app(f: Fx, lang: Lang, emp: &str) -> (App, tempfile::TempDir) {
    let Fx { _dir, path, db, .. } = f;
    let agent = agents::by_emp_no(&db, emp).unwrap();
    let settings = Settings::with_db(path, lang);
    (App::new(db, Clock::fixed(TZ, now()), settings, agent), _dir)
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// The Reports tab on `report`, last month (November).
fn open(app: &mut App, report: Report) {
    key(app, KeyCode::Char('6'));
    let page = PAGES.iter().position(|r| *r == report).unwrap() + 1;
    for _ in 0..page {
        key(app, KeyCode::Right);
    }
    key(app, KeyCode::Char('['));
}

#[test]
fn the_assessment_page_ranks_the_agents_and_drills_to_the_late_hand_over() {
    for (lang, name) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (mut app, _dir) = app(fx(), lang, "1001");
        open(&mut app, Report::Kpi);
        let screen = draw(&app);
        let want = match lang {
            Lang::Zh => [
                "回访员绩效KPI考核",
                "2026-11-01 ~ 2026-11-30",
                "陈静",
                "王磊",
            ],
            Lang::En => [
                "Monthly KPI assessment",
                "2026-11-01 ~ 2026-11-30",
                "陈静",
                "王磊",
            ],
        };
        for w in want {
            assert!(screen.contains(w), "{w}: {screen}");
        }
        insta::assert_snapshot!(format!("kpi_report_{name}"), screen);
        // Thirteen columns right: the late hand-overs, defined under the table.
        for _ in 0..13 {
            key(&mut app, KeyCode::Char('>'));
        }
        let screen = draw(&app);
        let def = lang.t(
            "登记为该专员（姓名或工号）",
            "recorded with the agent (name",
        );
        assert!(screen.contains(def), "{screen}");
        key(&mut app, KeyCode::Enter);
        let screen = draw(&app);
        assert!(screen.contains("购车客户1"), "{screen}");
        assert!(!screen.contains("购车客户2"), "sold by no agent: {screen}");
        insta::assert_snapshot!(format!("kpi_report_late_handover_{name}"), screen);
    }
}

#[test]
fn the_quality_page_lists_the_averages_and_drills_to_the_reviews() {
    for (lang, name) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (mut app, _dir) = app(fx(), lang, "1001");
        open(&mut app, Report::Quality);
        let screen = draw(&app);
        let title = lang.t("通话品质评价汇总", "Call-quality reviews");
        assert!(screen.contains(title), "{screen}");
        assert!(screen.contains("67.0"), "{screen}");
        insta::assert_snapshot!(format!("quality_report_{name}"), screen);
        // 王磊's row, its fatal-error column: the one review with a fatal error.
        key(&mut app, KeyCode::Down);
        key(&mut app, KeyCode::Char('>'));
        key(&mut app, KeyCode::Char('>'));
        key(&mut app, KeyCode::Char('>'));
        key(&mut app, KeyCode::Enter);
        let screen = draw(&app);
        assert!(screen.contains("1003 王磊"), "{screen}");
        assert!(!screen.contains("1002 陈静"), "{screen}");
        insta::assert_snapshot!(format!("quality_report_fatal_{name}"), screen);
    }
}

#[test]
fn an_agent_sees_their_own_assessment_and_quality_row_beside_the_desks() {
    for (lang, name) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (mut app, _dir) = agent_app(lang);
        open(&mut app, Report::Kpi);
        let screen = draw(&app);
        assert!(screen.contains("陈静"), "{screen}");
        assert!(screen.contains(lang.t("平均", "Average")), "{screen}");
        assert!(!screen.contains("王磊"), "{screen}");
        insta::assert_snapshot!(format!("kpi_report_agent_{name}"), screen);
        let (mut app, _dir) = agent_app(lang);
        open(&mut app, Report::Quality);
        let screen = draw(&app);
        assert!(screen.contains("陈静"), "{screen}");
        assert!(!screen.contains("王磊"), "{screen}");
        insta::assert_snapshot!(format!("quality_report_agent_{name}"), screen);
        // The desk's total leads to no one's reviews.
        key(&mut app, KeyCode::Down);
        key(&mut app, KeyCode::Enter);
        let screen = draw(&app);
        assert!(!screen.contains("1003"), "{screen}");
    }
}

/// The app of agent 陈静 (1002).
fn agent_app(lang: Lang) -> (App, tempfile::TempDir) {
    app(fx(), lang, "1002")
}

/// The today board's chart of calls per agent: an agent sees their own bar beside the
/// desk's average (and the desk's total in its title), never a colleague's; a supervisor
/// sees every agent's. Today (12-03 before 10:00): 陈静 (1002) one call, 王磊 (1003)
/// three: the desk's 4 calls by 2 agents, 2.0 each.
#[test]
fn the_today_boards_calls_per_agent_show_an_agent_their_own_bar_and_the_desks_average() {
    use support::kpi_fx::{call, local};
    for lang in [Lang::Zh, Lang::En] {
        for (emp, agent_view) in [("1002", true), ("1001", false)] {
            let mut f = fx();
            call(&mut f.db, &f.a.clone(), local(12, 3, 8), 100);
            for h in [7, 8, 9] {
                call(&mut f.db, &f.b.clone(), local(12, 3, h), 100);
            }
            let (mut app, _dir) = app(f, lang, emp);
            key(&mut app, KeyCode::Esc);
            key(&mut app, KeyCode::Char('6'));
            let screen = draw(&app);
            // The chart: the rows under its title, down to its bottom border (the
            // sparkline beside it shows no figures there).
            let title = match agent_view {
                true => lang.t(
                    "今日来电：我与全组平均（全组4）",
                    "Calls today: me, desk avg (desk 4)",
                ),
                false => lang.t("今日各专员来电", "Calls today per agent"),
            };
            let top = screen
                .lines()
                .position(|l| l.contains(title))
                .unwrap_or_else(|| panic!("no `{title}`: {screen}"));
            let chart: String = screen
                .lines()
                .skip(top + 1)
                .take_while(|l| !l.contains('└'))
                .collect::<Vec<_>>()
                .join("\n");
            if agent_view {
                assert!(chart.contains("1002"), "their own bar: {screen}");
                assert!(!chart.contains("1003"), "no colleague's bar: {screen}");
                assert!(chart.contains(lang.t("平均", "avg")), "{screen}");
                assert!(chart.contains("2.0"), "the desk's average: {screen}");
            } else {
                assert!(chart.contains("1002") && chart.contains("1003"), "{screen}");
                assert!(!chart.contains(lang.t("平均", "avg")), "{screen}");
            }
        }
    }
}
