//! Masked numbers have no back door (issue #17 point 1): the customer edit form carries the
//! numbers masked unless they were revealed (audited); a masked value left alone keeps the
//! stored number, a retyped one replaces it; the clipboard gets what the screen shows.

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::*;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::{Actor, Db, customers};
use frontdesk::ui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const MOBILE: &str = "13812341234";
const ID: &str = "110101199003071233";
const LANDLINE: &str = "0755-12345678";

fn fixture(dir: &std::path::Path, lang: Lang) -> App {
    fixture_with(dir, lang, |_| {})
}

fn fixture_with(dir: &std::path::Path, lang: Lang, more: impl FnOnce(&mut Db)) -> App {
    fixture_as(dir, lang, Role::Agent, more)
}

fn fixture_as(dir: &std::path::Path, lang: Lang, role: Role, more: impl FnOnce(&mut Db)) -> App {
    let path = dir.join("fixture.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let agent = agents::ensure(&mut db, actor, "1002", "陈静", role).unwrap();
    customers::create(
        &mut db,
        actor,
        &CustomerData {
            name: "张三".into(),
            mobile: Some(MOBILE.into()),
            landline: Some(LANDLINE.into()),
            id_number: Some(ID.into()),
            region: "广东省深圳市".into(),
            ..Default::default()
        },
    )
    .unwrap();
    more(&mut db);
    App::new(
        db,
        Clock::fixed(tz, now),
        Settings::with_db(path, lang),
        Some(agent),
    )
}

fn draw(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| frontdesk::ui::shell::render(app, f)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out.replace(' ', "")
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn save(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

fn count(app: &App, sql: &str) -> i64 {
    app.db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn open_zhang(app: &mut App) {
    typed(app, "张三");
    key(app, KeyCode::Enter);
    key(app, KeyCode::Enter);
}

#[test]
fn an_agent_edits_a_customer_with_masked_numbers_that_stay_unless_retyped() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = fixture(dir.path(), lang);
        open_zhang(&mut app);
        key(&mut app, KeyCode::Char('e'));
        let screen = draw(&app);
        assert!(screen.contains("138****1234"), "{screen}");
        assert!(screen.contains("110101********1233"), "{screen}");
        for full in [MOBILE, ID, "12345678"] {
            assert!(!screen.contains(full), "{full} in the form: {screen}");
        }
        assert!(
            screen.contains(lang.t("号码已遮盖", "Maskednumbers")),
            "{screen}"
        );
        // Change only the region: the masked numbers are kept as stored.
        for _ in 0..5 {
            key(&mut app, KeyCode::Tab);
        }
        for _ in 0..10 {
            key(&mut app, KeyCode::Backspace);
        }
        typed(&mut app, "广东省广州市");
        save(&mut app);
        let c = customers::get(app.db.conn(), 1).unwrap();
        assert_eq!(c.data.region, "广东省广州市", "{}", draw(&app));
        assert_eq!(c.data.mobile.as_deref(), Some(MOBILE));
        assert_eq!(c.data.id_number.as_deref(), Some(ID));
        assert_eq!(c.data.landline.as_deref(), Some(LANDLINE));
        // No reveal happened, and none was needed.
        assert_eq!(
            count(&app, "SELECT count(*) FROM audit WHERE action='reveal'"),
            0
        );
        // Retyping a number replaces it; clearing one removes it.
        key(&mut app, KeyCode::Char('e'));
        key(&mut app, KeyCode::Tab);
        for _ in 0..20 {
            key(&mut app, KeyCode::Backspace);
        }
        typed(&mut app, "13900002222");
        for _ in 0..6 {
            key(&mut app, KeyCode::Tab);
        }
        for _ in 0..20 {
            key(&mut app, KeyCode::Backspace);
        }
        save(&mut app);
        let c = customers::get(app.db.conn(), 1).unwrap();
        assert_eq!(c.data.mobile.as_deref(), Some("13900002222"));
        assert_eq!(c.data.id_number, None);
        assert_eq!(c.data.landline.as_deref(), Some(LANDLINE));
        // A masked value edited into something else is refused, not stored.
        key(&mut app, KeyCode::Char('e'));
        key(&mut app, KeyCode::Tab);
        key(&mut app, KeyCode::Tab);
        typed(&mut app, "9");
        save(&mut app);
        let c = customers::get(app.db.conn(), 1).unwrap();
        assert_eq!(c.data.landline.as_deref(), Some(LANDLINE));
        let screen = draw(&app);
        assert!(!screen.contains("12345678"), "{screen}");
    }
}

#[test]
fn after_the_audited_reveal_the_form_shows_the_full_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::En);
    open_zhang(&mut app);
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(
        count(&app, "SELECT count(*) FROM audit WHERE action='reveal'"),
        1
    );
    key(&mut app, KeyCode::Char('e'));
    let screen = draw(&app);
    assert!(screen.contains(MOBILE), "{screen}");
    assert!(screen.contains(ID), "{screen}");
    save(&mut app);
    let c = customers::get(app.db.conn(), 1).unwrap();
    assert_eq!(c.data.mobile.as_deref(), Some(MOBILE));
    assert_eq!(c.data.id_number.as_deref(), Some(ID));
}

#[test]
fn copying_a_call_sentence_puts_it_on_the_clipboard_masked_as_shown() {
    use frontdesk::domain::calls::{Channel, Direction};
    use frontdesk::domain::templates::TemplateSet;
    use frontdesk::store::calls;
    let dir = tempfile::tempdir().unwrap();
    let t = TemplateSet::builtin();
    let t = t.get("consult_part_price").unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
    let call = calls::NewCall {
        customer_id: Some(1),
        vehicle_id: None,
        direction: Direction::Inbound,
        channel: Channel::Phone,
        template_id: t.id.clone(),
        template_version: t.version,
        group: t.group,
        sentence: format!("客户{MOBILE}来电咨询，身份证{ID}"),
        completeness: 100,
        fields: Default::default(),
        resolved: true,
        started_at: now,
    };
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let mut app = fixture_with(dir.path(), Lang::En, |db| {
        calls::save(db, actor, &call).unwrap();
    });
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('y'));
    let copied = app
        .clipboard
        .clone()
        .unwrap_or_else(|| panic!("nothing copied: {}", draw(&app)));
    assert!(copied.contains("138****1234"), "{copied}");
    assert!(copied.contains("110101********1233"), "{copied}");
    assert!(!copied.contains(MOBILE) && !copied.contains(ID), "{copied}");
}

#[test]
fn a_report_export_from_the_app_is_masked_for_an_agent_full_for_a_supervisor_and_audited() {
    use frontdesk::store::files;
    use frontdesk::store::vehicles;
    for role in [Role::Agent, Role::Supervisor] {
        let dir = tempfile::tempdir().unwrap();
        // 张三's car was last serviced in 2024: a lost customer on the churn report.
        let mut app = fixture_as(dir.path(), Lang::En, role, |db| {
            let at = Utc.with_ymd_and_hms(2024, 3, 1, 2, 0, 0).unwrap();
            let actor = Actor { agent_id: None, at };
            let v = VehicleData {
                vin: "LSVAB4BR5NN123456".into(),
                vin_check_ok: true,
                plate: Some("粤B12345".into()),
                brand: "大众".into(),
                model: "朗逸".into(),
                ..Default::default()
            };
            let vid = vehicles::create(db, actor, 1, &v).unwrap();
            let store = db.store_id().to_string();
            db.write(|tx| {
                files::insert_repair_order_in(
                    tx,
                    &store,
                    actor,
                    vid,
                    &RepairOrderData {
                        ro_number: "RO2024000001".into(),
                        opened: at.date_naive(),
                        closed: Some(at.date_naive()),
                        advisor: "孙伟".into(),
                        kind: RepairKind::Maintenance,
                        items: vec!["更换机油机滤".into()],
                        amount_fen: 68000,
                        mileage_km: 10000,
                        accident: false,
                    },
                )
            })
            .unwrap();
        });
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('6'));
        for _ in 0..9 {
            key(&mut app, KeyCode::Right);
        }
        let screen = draw(&app);
        assert!(screen.contains("138****1234"), "{screen}");
        key(&mut app, KeyCode::Char('e'));
        let files: Vec<_> = std::fs::read_dir(dir.path().join("exports"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?} {}", draw(&app));
        let csv = std::fs::read_to_string(&files[0]).unwrap();
        let full = role == Role::Supervisor;
        assert_eq!(csv.contains(MOBILE), full, "{csv}");
        assert_eq!(csv.contains("138****1234"), !full, "{csv}");
        let (agent, after): (i64, String) = app
            .db
            .conn()
            .query_row(
                "SELECT agent_id, after FROM audit WHERE action = 'export'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let after: serde_json::Value = serde_json::from_str(&after).unwrap();
        assert_eq!(Some(agent), app.agent.as_ref().map(|a| a.id));
        assert_eq!(after["full_numbers"], full);
        assert_eq!(after["rows"], 1);
        assert_eq!(after["file"], files[0].display().to_string());
    }
}

#[test]
fn a_supervisors_list_export_stays_masked_and_its_audit_says_so() {
    use frontdesk::domain::calls::{Channel, Direction};
    use frontdesk::domain::templates::TemplateSet;
    use frontdesk::store::calls;
    let dir = tempfile::tempdir().unwrap();
    let t = TemplateSet::builtin();
    let t = t.get("consult_part_price").unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
    let call = calls::NewCall {
        customer_id: Some(1),
        vehicle_id: None,
        direction: Direction::Inbound,
        channel: Channel::Phone,
        template_id: t.id.clone(),
        template_version: t.version,
        group: t.group,
        sentence: format!("客户{MOBILE}来电咨询"),
        completeness: 100,
        fields: Default::default(),
        resolved: true,
        started_at: now,
    };
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let mut app = fixture_as(dir.path(), Lang::En, Role::Supervisor, |db| {
        calls::save(db, actor, &call).unwrap();
    });
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    app.on_key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL));
    let files: Vec<_> = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 2, "{}", draw(&app));
    let csv = files
        .iter()
        .find(|f| f.extension().unwrap() == "csv")
        .unwrap();
    let text = std::fs::read_to_string(csv).unwrap();
    assert!(
        text.contains("138****1234") && !text.contains(MOBILE),
        "{text}"
    );
    let full: Vec<bool> = {
        let mut st = app
            .db
            .conn()
            .prepare("SELECT after FROM audit WHERE action = 'export'")
            .unwrap();
        st.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|a| {
                serde_json::from_str::<serde_json::Value>(&a.unwrap()).unwrap()["full_numbers"]
                    == true
            })
            .collect()
    };
    assert_eq!(full, vec![false, false]);
}

/// Opens the price-enquiry call form for 张三 from his archive, `reveal`ing his numbers
/// first or not.
fn call_form_for_zhang(app: &mut App, reveal: bool) {
    open_zhang(app);
    if reveal {
        key(app, KeyCode::Char('r'));
    }
    key(app, KeyCode::Char('c'));
    // The template's letter finds it first; Enter takes it.
    key(app, KeyCode::Char('p'));
    key(app, KeyCode::Enter);
}

/// Brand, model and price: the fields 张三 (no car on file) leaves empty.
fn fill_price_enquiry(app: &mut App) {
    typed(app, "宝马");
    key(app, KeyCode::Tab);
    typed(app, "X5");
    key(app, KeyCode::Tab);
    typed(app, "30万");
}

fn saved_calls(app: &App) -> Vec<(String, String)> {
    let mut st = app
        .db
        .conn()
        .prepare("SELECT fields, sentence FROM calls ORDER BY id")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_call_form_shows_the_customers_number_masked_and_saves_it_whole() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = fixture(dir.path(), lang);
        call_form_for_zhang(&mut app, false);
        let screen = draw(&app);
        assert!(screen.contains("138****1234"), "{screen}");
        assert!(
            !screen.contains(MOBILE),
            "the full number in the form: {screen}"
        );
        fill_price_enquiry(&mut app);
        save(&mut app);
        let saved = saved_calls(&app);
        assert_eq!(saved.len(), 1, "{}", draw(&app));
        assert!(saved[0].0.contains(MOBILE), "{saved:?}");
        assert!(!saved[0].0.contains('*'), "{saved:?}");
        assert_eq!(
            count(&app, "SELECT count(*) FROM audit WHERE action='reveal'"),
            0
        );
    }
}

#[test]
fn a_masked_number_in_a_call_form_is_kept_retyped_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::En);
    // Edited into something else: refused, nothing saved.
    call_form_for_zhang(&mut app, false);
    fill_price_enquiry(&mut app);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "9");
    save(&mut app);
    assert!(saved_calls(&app).is_empty(), "{}", draw(&app));
    let screen = draw(&app);
    assert!(screen.contains("Notsaved"), "{screen}");
    assert!(!screen.contains(MOBILE), "{screen}");
    // Retyped: the new number is saved.
    for _ in 0..20 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "13900002222");
    save(&mut app);
    let saved = saved_calls(&app);
    assert_eq!(saved.len(), 1, "{}", draw(&app));
    assert!(saved[0].0.contains("13900002222"), "{saved:?}");
    assert!(!saved[0].0.contains(MOBILE), "{saved:?}");
}

#[test]
fn after_the_audited_reveal_a_call_form_shows_the_full_number() {
    for role in [Role::Agent, Role::Supervisor] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = fixture_as(dir.path(), Lang::En, role, |_| {});
        call_form_for_zhang(&mut app, true);
        assert_eq!(
            count(&app, "SELECT count(*) FROM audit WHERE action='reveal'"),
            1
        );
        let screen = draw(&app);
        assert!(screen.contains(MOBILE), "{role:?}: {screen}");
        fill_price_enquiry(&mut app);
        save(&mut app);
        let saved = saved_calls(&app);
        assert_eq!(saved.len(), 1, "{}", draw(&app));
        assert!(saved[0].0.contains(MOBILE), "{saved:?}");
    }
}

#[test]
fn correcting_a_saved_call_shows_its_number_masked_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::En);
    // Saved with the full number (revealed), then corrected by an agent who did not reveal.
    call_form_for_zhang(&mut app, true);
    fill_price_enquiry(&mut app);
    save(&mut app);
    assert_eq!(saved_calls(&app).len(), 1, "{}", draw(&app));
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('e'));
    let screen = draw(&app);
    assert!(screen.contains("138****1234"), "{screen}");
    assert!(
        !screen.contains(MOBILE),
        "the full number in the correction: {screen}"
    );
    // Left as shown: the stored number stays whole, and a revision was written.
    save(&mut app);
    assert_eq!(
        count(&app, "SELECT count(*) FROM call_revisions"),
        1,
        "{}",
        draw(&app)
    );
    let saved = saved_calls(&app);
    assert!(saved[0].0.contains(MOBILE), "{saved:?}");
    assert!(!saved[0].0.contains('*'), "{saved:?}");
}
