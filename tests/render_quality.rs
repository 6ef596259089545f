//! The Desk page 质检 / Quality at 80x24 in both languages: the supervisor's review queue,
//! the scoring sheet under the call's record (saved with its total), and the agent's own
//! review with the points per criterion, the comment and a dispute allowed once.

mod support;
use chrono::{DateTime, Duration, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::CustomerData;
use frontdesk::domain::calls::{Channel, Direction};
use frontdesk::domain::quality::{QualityConfig, SampleRule};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Agent, Role};
use frontdesk::store::calls::{self, NewCall};
use frontdesk::store::quality::{self, View};
use frontdesk::store::{Actor, Db, customers};
use frontdesk::ui::app::App;
use support::screen::draw;

fn tz() -> chrono_tz::Tz {
    chrono_tz::Asia::Shanghai
}

fn local(d: u32, h: u32) -> DateTime<Utc> {
    tz().with_ymd_and_hms(2026, 11, d, h, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// Wednesday 25 November 2026, 10:00 in the store.
fn now() -> DateTime<Utc> {
    local(25, 10)
}

struct Store {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

/// Agent 1002 took four consultations last week (one of 10 seconds) and one this week;
/// the queue was sampled at two a week and the oldest review scored (5 4 5 3 4 5, 82.0,
/// "语速偏快").
fn store() -> Store {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let sys = Actor {
        agent_id: None,
        at: local(1, 9),
    };
    let sup = agents::ensure(&mut db, sys, "1001", "刘芳", Role::Supervisor).unwrap();
    let a = agents::ensure(&mut db, sys, "1002", "陈静", Role::Agent).unwrap();
    let c = CustomerData {
        name: "张三".into(),
        mobile: Some("13812341234".into()),
        ..Default::default()
    };
    let customer = customers::create(&mut db, sys, &c).unwrap();
    let set = TemplateSet::builtin();
    let t = set.get("consult_station").unwrap();
    for (day, secs) in [(16, 125), (17, 90), (18, 10), (19, 200), (24, 60)] {
        let fields = [("region", "深圳"), ("brand", "大众")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let call = NewCall {
            customer_id: Some(customer),
            vehicle_id: None,
            direction: Direction::Inbound,
            channel: Channel::Phone,
            template_id: t.id.clone(),
            template_version: t.version,
            group: t.group,
            fields,
            sentence: format!("客户咨询深圳地区服务商（{day}日）"),
            resolved: true,
            completeness: 90,
            started_at: local(day, 10),
        };
        let actor = Actor {
            agent_id: Some(a.id),
            at: local(day, 10) + Duration::seconds(secs),
        };
        calls::save(&mut db, actor, &call).unwrap();
    }
    let rule = SampleRule {
        per_agent_week: 2,
        every_complaint: true,
        min_call_seconds: 30,
    };
    let actor = Actor {
        agent_id: Some(sup.id),
        at: now(),
    };
    quality::sample(&mut db, actor, tz(), &rule).unwrap();
    let first = quality::list(&db, &sup, View::Queue).unwrap()[0].clone();
    let sheet = QualityConfig::builtin().review;
    let scores = frontdesk::domain::quality::Scores {
        points: sheet
            .criteria
            .iter()
            .map(|c| c.id.clone())
            .zip([5, 4, 5, 3, 4, 5])
            .collect(),
        fatal: false,
    };
    quality::score(
        &mut db,
        local(20, 9),
        &sup,
        first.id,
        first.version,
        &scores,
        "语速偏快",
        &sheet,
    )
    .unwrap();
    Store { _dir: dir, path }
}

fn app(s: &Store, lang: Lang, emp: &str) -> App {
    let db = Db::open(&s.path).unwrap();
    let agent: Agent = agents::list(&db)
        .unwrap()
        .into_iter()
        .find(|a| a.emp_no == emp)
        .unwrap();
    let settings = Settings::with_db(s.path.clone(), lang);
    App::new(db, Clock::fixed(tz(), now()), settings, Some(agent))
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The Desk tab, then → until the quality page shows.
fn open_page(app: &mut App) {
    key(app, KeyCode::Esc);
    key(app, KeyCode::Char('7'));
    for _ in 0..10 {
        let screen = draw(app);
        if screen.contains("质检：") || screen.contains("Quality review:") {
            return;
        }
        key(app, KeyCode::Right);
    }
    panic!("no quality page: {}", draw(app));
}

fn no_chinese_but(screen: &str, data: &str) -> bool {
    !screen
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && !data.contains(c))
}

#[test]
fn a_supervisor_scores_the_queue_in_chinese() {
    let s = store();
    let mut app = app(&s, Lang::Zh, "1001");
    open_page(&mut app);
    let screen = draw(&app);
    insta::assert_snapshot!("quality_queue_zh", screen);
    // The store was sampled at two a week; the store's rule is three: opening the page
    // queued last week's third ordinary call. The running week's 60-s call waits for Sunday.
    assert!(
        screen.contains("已按抽检规则新加入 1 条待评通话"),
        "{screen}"
    );
    assert!(screen.contains("待评 3  申诉待复评 0"), "{screen}");
    assert!(screen.contains("通话过短"), "{screen}");
    assert!(screen.contains("1002 陈静"), "{screen}");
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app);
    insta::assert_snapshot!("quality_sheet_zh", screen);
    assert!(screen.contains("咨询服务商"), "{screen}");
    assert!(screen.contains("138****1234"), "{screen}");
    assert!(!screen.contains("13812341234"), "{screen}");
    assert!(screen.contains("开场问候"), "{screen}");
    assert!(screen.contains("致命错误"), "{screen}");
    assert!(screen.contains("Ctrl-S 保存"), "{screen}");
    typed(&mut app, "554455");
    key(&mut app, KeyCode::Down);
    typed(&mut app, "开场白很标准");
    let screen = draw(&app);
    assert!(screen.contains("得分 90.0"), "{screen}");
    ctrl(&mut app, 's');
    let screen = draw(&app);
    assert!(screen.contains("评分已保存：90.0 分"), "{screen}");
    assert!(screen.contains("待评 2"), "{screen}");
}

#[test]
fn a_supervisor_scores_in_english_and_an_incomplete_sheet_is_refused() {
    let s = store();
    let mut app = app(&s, Lang::En, "1001");
    open_page(&mut app);
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app);
    insta::assert_snapshot!("quality_sheet_en", screen);
    assert!(screen.contains("Greeting"), "{screen}");
    assert!(screen.contains("Fatal error"), "{screen}");
    assert!(
        no_chinese_but(&screen, "张三陈静刘芳深圳大众客户咨询地区服务商日（）"),
        "{screen}"
    );
    typed(&mut app, "55");
    ctrl(&mut app, 's');
    let screen = draw(&app);
    assert!(screen.contains("Score every criterion"), "{screen}");
    // The fatal error alone completes the sheet: the score is 0.
    ctrl(&mut app, 't');
    let screen = draw(&app);
    assert!(screen.contains("total 0.0"), "{screen}");
    ctrl(&mut app, 's');
    let screen = draw(&app);
    assert!(screen.contains("Score saved: 0.0"), "{screen}");
    // The scored view lists both scores.
    key(&mut app, KeyCode::Char('f'));
    let screen = draw(&app);
    assert!(screen.contains("Quality review: scored"), "{screen}");
    assert!(screen.contains("0.0 fatal"), "{screen}");
    assert!(screen.contains("82.0"), "{screen}");
}

#[test]
fn the_agent_sees_the_points_and_comment_and_disputes_once() {
    let s = store();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app(&s, lang, "1002");
        open_page(&mut app);
        let screen = draw(&app);
        assert!(
            screen.contains("质检：我的评审") || screen.contains("Quality review: my reviews"),
            "{screen}"
        );
        key(&mut app, KeyCode::Enter);
        let screen = draw(&app);
        insta::assert_snapshot!(format!("quality_agent_review_{}", lang.code()), screen);
        assert!(screen.contains("82.0"), "{screen}");
        assert!(screen.contains("语速偏快"), "{screen}");
        let (accuracy, dispute) = match lang {
            Lang::Zh => ("答复准确 3/5", "d 申诉"),
            Lang::En => ("Accurate answer 3/5", "d dispute"),
        };
        assert!(screen.contains(accuracy), "{screen}");
        assert!(screen.contains(dispute), "{screen}");
    }
    let mut app = app(&s, Lang::En, "1002");
    open_page(&mut app);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('d'));
    ctrl(&mut app, 's');
    let screen = draw(&app);
    assert!(screen.contains("Give the reason"), "{screen}");
    typed(&mut app, "the customer asked twice");
    ctrl(&mut app, 's');
    let screen = draw(&app);
    assert!(
        screen.contains("Disputed; a supervisor will score it again"),
        "{screen}"
    );
    assert!(screen.contains("Status: disputed"), "{screen}");
    key(&mut app, KeyCode::Char('d'));
    let screen = draw(&app);
    assert!(
        screen.contains("A review can be disputed only once"),
        "{screen}"
    );
}
