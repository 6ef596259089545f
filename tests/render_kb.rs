//! The knowledge base on screen at 80x24, in Chinese and English: suggestions in the call
//! form filling a consultation's answer (an expired promotion never among them), a saved
//! consultation transferred to technical support, and the 知识库 / Knowledge page of the
//! Desk tab.

mod support;

use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::{CustomerData, VehicleData};
use frontdesk::domain::kb::{Article, KbKind};
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::{Actor, Db, customers, kb, vehicles};
use frontdesk::ui::app::App;
use support::screen::draw;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A store at 2026-11-23 09:30 with 张三 (大众 朗逸) and a small knowledge base; the app
/// signed in as `emp` (1001 supervisor, 1002 agent).
fn fixture(dir: &std::path::Path, lang: Lang, emp: &str) -> App {
    let path = dir.join("kb.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let admin = Actor {
        agent_id: None,
        at: now,
    };
    let sup = agents::ensure(&mut db, admin, "1001", "刘芳", Role::Supervisor).unwrap();
    let agent = agents::ensure(&mut db, admin, "1002", "陈静", Role::Agent).unwrap();
    let zhang = CustomerData {
        name: "张三".into(),
        mobile: Some("13812341234".into()),
        region: "广东省深圳市".into(),
        ..Default::default()
    };
    let id = customers::create(&mut db, admin, &zhang).unwrap();
    let v = VehicleData {
        vin: "LSVAB4BR5NN123456".into(),
        vin_check_ok: true,
        plate: Some("粤B12345".into()),
        brand: "大众".into(),
        model: "朗逸".into(),
        purchase_date: Some(date(2022, 5, 20)),
        mileage_km: Some(42000),
        ..Default::default()
    };
    vehicles::create(&mut db, admin, id, &v).unwrap();
    let mut articles = vec![
        Article::new(KbKind::VehiclePrice)
            .with("brand", "大众")
            .with("model", "朗逸")
            .with("low", "11.99")
            .with("high", "15.49"),
        Article::new(KbKind::Station)
            .with("region", "深圳市南山区")
            .with("name", "深圳南山大众特约服务站")
            .with("brand", "大众")
            .with("phone", "0755-26661234")
            .with("address", "深南大道9001号"),
        Article::new(KbKind::Troubleshoot)
            .with("symptom", "刹车异响")
            .with("fix", "检查刹车片厚度，低于3毫米请更换"),
    ];
    let mut on = Article::new(KbKind::Promotion)
        .with("name", "冬季关爱免费检测")
        .with("content", "工时费八折");
    on.valid_from = Some(date(2026, 11, 1));
    on.valid_to = Some(date(2027, 1, 15));
    let mut over = Article::new(KbKind::Promotion)
        .with("name", "国庆自驾保养套餐")
        .with("content", "保养套餐399元");
    over.valid_from = Some(date(2026, 9, 20));
    over.valid_to = Some(date(2026, 10, 7));
    articles.push(on);
    articles.push(over);
    for a in &articles {
        kb::create(&mut db, admin, a).unwrap();
    }
    let who = if emp == "1001" { sup } else { agent };
    let settings = Settings::with_db(path, lang);
    App::new(db, Clock::fixed(tz, now), settings, Some(who))
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

/// The call form of template `letter` for 张三.
fn call_form(app: &mut App, letter: char) {
    key(app, KeyCode::Esc);
    key(app, KeyCode::Char('1'));
    key(app, KeyCode::Char('n'));
    key(app, KeyCode::Char(letter));
    // Letters find a template; Enter takes the one first.
    key(app, KeyCode::Enter);
    typed(app, "zs");
    key(app, KeyCode::Enter);
}

#[test]
fn a_price_enquiry_is_answered_from_the_base_and_saved_zh() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::Zh, "1002");
    call_form(&mut app, 'p');
    let screen = draw(&app);
    // The model came from the archive: its price range is offered at once.
    assert!(screen.contains("知识库 F3 下一条  Ctrl-K 填入"), "{screen}");
    assert!(
        screen.contains("> 大众 朗逸：11.99万至15.49万元"),
        "{screen}"
    );
    insta::assert_snapshot!("kb_call_form_price_zh", screen);
    ctrl(&mut app, 'k');
    let screen = draw(&app);
    assert!(
        screen.contains("已从知识库填入 参考价格，可修改"),
        "{screen}"
    );
    ctrl(&mut app, 's');
    let sentence: String = app
        .db
        .conn()
        .query_row("SELECT sentence FROM calls", [], |r| r.get(0))
        .unwrap();
    assert!(
        sentence.contains("已告知车辆的参考价格范围是11.99万至15.49万元"),
        "{sentence}"
    );
    // The saved consultation, opened: `t` hands it to technical support, once.
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('t'));
    let screen = draw(&app);
    assert!(screen.contains("t 转技术支持"), "{screen}");
    assert!(screen.contains("来电 #1 已标记"), "{screen}");
    let marked: i64 = app
        .db
        .conn()
        .query_row("SELECT count(*) FROM kb_transfers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(marked, 1);
    key(&mut app, KeyCode::Char('t'));
    let screen = draw(&app);
    assert!(screen.contains("已标记为转技术支持"), "{screen}");
}

#[test]
fn a_promotion_enquiry_offers_only_the_current_promotion_en() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::En, "1002");
    call_form(&mut app, 'm');
    let screen = draw(&app);
    assert!(
        screen.contains("Knowledge base F3 next  Ctrl-K fill in"),
        "{screen}"
    );
    assert!(screen.contains("冬季关爱免费检测"), "{screen}");
    assert!(
        !screen.contains("国庆"),
        "an expired promotion was offered:\n{screen}"
    );
    insta::assert_snapshot!("kb_call_form_promotion_en", screen);
    ctrl(&mut app, 'k');
    let screen = draw(&app);
    assert!(
        screen.contains("冬季关爱免费检测: 工时费八折 (until 2027-01-15)"),
        "{screen}"
    );
    // What is typed in the key field searches again: a station by pinyin.
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::En, "1002");
    call_form(&mut app, 's');
    key(&mut app, KeyCode::Tab); // past the optional fault, to the station region
    typed(&mut app, "nanshan");
    let screen = draw(&app);
    assert!(
        screen.contains("> 深圳南山大众特约服务站, phone 0755-26661234"),
        "{screen}"
    );
}

#[test]
fn the_knowledge_page_searches_as_you_type_and_shows_an_article_whole_zh() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::Zh, "1002");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('7'));
    // The knowledge page follows the improvements page.
    key(&mut app, KeyCode::Right);
    let screen = draw(&app);
    assert!(
        screen.contains("知识库") && screen.contains("共 5 条"),
        "{screen}"
    );
    // The expired promotion is listed, marked.
    assert!(screen.contains("国庆自驾保养套餐（已过期）"), "{screen}");
    key(&mut app, KeyCode::Char('s'));
    typed(&mut app, "sc");
    let screen = draw(&app);
    assert!(
        screen.contains("刹车异响") && screen.contains("共 1 条"),
        "{screen}"
    );
    insta::assert_snapshot!("kb_page_search_zh", screen);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app);
    assert!(
        screen.contains("排除方法 检查刹车片厚度，低于3毫米请更换"),
        "{screen}"
    );
    assert!(screen.contains("历史版本（共 1 版）"), "{screen}");
    // An agent reads only.
    key(&mut app, KeyCode::Char('e'));
    assert!(draw(&app).contains("只有主管可以修改知识库"));
}

#[test]
fn a_supervisor_edits_an_article_into_a_new_version_en() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::En, "1001");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('7'));
    // The knowledge page follows the improvements page.
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Char('s'));
    typed(&mut app, "langyi");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('e'));
    let screen = draw(&app);
    assert!(
        screen.contains("Edit article #1 ") && screen.contains("(Car price, version 1)"),
        "{screen}"
    );
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    for _ in 0..5 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "12.49");
    ctrl(&mut app, 's');
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app);
    assert!(screen.contains("Versions (2)"), "{screen}");
    assert!(screen.contains("124.9k to 154.9k yuan"), "{screen}");
    insta::assert_snapshot!("kb_page_article_en", screen);
}

#[test]
fn an_expired_article_is_marked_in_english_brackets_en() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::En, "1002");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('7'));
    key(&mut app, KeyCode::Right);
    let screen = draw(&app);
    assert!(screen.contains("国庆自驾保养套餐 (expired)"), "{screen}");
}
