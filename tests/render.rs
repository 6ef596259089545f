//! The main screens drawn on ratatui's TestBackend at 80x24, in both languages, from a
//! small fixture store. Snapshots (insta) catch layout changes; assertions check the rules
//! (masking, inert text).

mod support;
use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::*;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::{Actor, Db, customers, files, vehicles};
use frontdesk::ui::app::App;
use support::screen::draw;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn fixture(dir: &std::path::Path, lang: Lang) -> App {
    let path = dir.join("fixture.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let clock = Clock::fixed(tz, now);
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let agent = agents::ensure(&mut db, actor, "1002", "陈静", Role::Agent).unwrap();
    let actor = Actor {
        agent_id: Some(agent.id),
        at: now,
    };
    let zhang = CustomerData {
        name: "张三".into(),
        gender: Some(Gender::Male),
        birthday: Some(date(1985, 6, 1)),
        mobile: Some("13812341234".into()),
        region: "广东省深圳市".into(),
        notes: "evil\x1b[2Jnote\x1b]0;title\x07".into(),
        ..Default::default()
    };
    let id = customers::create(&mut db, actor, &zhang).unwrap();
    let v = VehicleData {
        vin: "LSVAB4BR5NN123456".into(),
        vin_check_ok: true,
        plate: Some("粤B12345".into()),
        brand: "大众".into(),
        model: "朗逸".into(),
        color: "白".into(),
        purchase_date: Some(date(2022, 5, 20)),
        mileage_km: Some(42000),
        insurance_due: Some(date(2027, 5, 20)),
        inspection_due: Some(date(2026, 5, 20)),
        ..Default::default()
    };
    let vid = vehicles::create(&mut db, actor, id, &v).unwrap();
    let store = db.store_id().to_string();
    db.write(|tx| {
        let mut docs = std::collections::BTreeMap::new();
        for (k, _, _) in SALES_DOCUMENTS {
            docs.insert(k.to_string(), *k != "residence_permit");
        }
        files::insert_sales_file_in(
            tx,
            &store,
            actor,
            vid,
            &SalesFileData {
                delivery_date: date(2022, 5, 20),
                invoice_date: date(2022, 5, 18),
                channel: SalesChannel::Direct,
                dealer: String::new(),
                salesperson: "周杰".into(),
                price_yuan: 129800,
                documents: docs,
                documents_received: Some(date(2022, 5, 21)),
            },
        )?;
        for (i, (d, kind, amount)) in [
            (date(2023, 5, 10), RepairKind::Maintenance, 68000),
            (date(2025, 9, 2), RepairKind::Accident, 1250000),
        ]
        .into_iter()
        .enumerate()
        {
            files::insert_repair_order_in(
                tx,
                &store,
                actor,
                vid,
                &RepairOrderData {
                    ro_number: format!("RO2023000{i}"),
                    opened: d,
                    closed: Some(d),
                    advisor: "孙伟".into(),
                    kind,
                    items: vec!["更换机油机滤".into(), "四轮定位".into()],
                    amount_fen: amount,
                    mileage_km: 10000 + 15000 * i as u32,
                    accident: kind == RepairKind::Accident,
                },
            )?;
        }
        Ok(())
    })
    .unwrap();
    customers::create(
        &mut db,
        actor,
        &CustomerData {
            name: "李四".into(),
            mobile: Some("13900001111".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let settings = Settings::with_db(path, lang);
    App::new(db, clock, settings, Some(agent))
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

#[test]
fn customer_list_zh_and_en() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let app = fixture(dir.path(), lang);
        let screen = draw(&app);
        assert!(screen.contains("138****1234"));
        assert!(
            !screen.contains("13812341234"),
            "unmasked mobile in the list"
        );
        insta::assert_snapshot!(format!("list_{}", lang.code()), screen);
    }
}

#[test]
fn customer_detail_shows_both_files_masked() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = fixture(dir.path(), lang);
        key(&mut app, KeyCode::Char('s')); // to the search field
        typed(&mut app, "zs");
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Enter);
        let screen = draw(&app);
        assert!(screen.contains(lang.t("销售档案", "Sales file")));
        assert!(screen.contains(lang.t("维修档案", "Repair file")));
        assert!(screen.contains("138****1234"));
        assert!(!screen.contains("13812341234"));
        assert!(
            !screen.contains('\u{1b}'),
            "escape sequence reached the screen"
        );
        insta::assert_snapshot!(format!("detail_{}", lang.code()), screen);
        // Reveal shows the number and writes an audit entry.
        key(&mut app, KeyCode::Char('r'));
        assert!(draw(&app).contains("13812341234"));
        let reveals: i64 = app
            .db
            .conn()
            .query_row(
                "SELECT count(*) FROM audit WHERE action = 'reveal'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(reveals, 1);
    }
}

#[test]
fn help_lists_the_screen_bindings() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::Zh);
    key(&mut app, KeyCode::Char('?'));
    let screen = draw(&app);
    assert!(screen.contains("打开客户档案"));
    assert!(screen.contains("新建客户"));
    insta::assert_snapshot!("help_zh", screen);
}

#[test]
fn customer_form_refuses_bad_input_naming_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::En);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Tab); // skip the name
    typed(&mut app, "12812341234");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let screen = draw(&app);
    assert!(screen.contains("Not saved"), "{screen}");
    assert!(screen.contains("Name"), "{screen}");
    let count: i64 = app
        .db
        .conn()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2, "a refused form wrote a record");
    insta::assert_snapshot!("form_errors_en", screen);
}

#[test]
fn global_search_from_another_tab_opens_the_customer() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::En);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "B123");
    let screen = draw(&app);
    assert!(screen.contains("粤B12345"), "{screen}");
    insta::assert_snapshot!("global_search_en", screen);
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app);
    assert!(screen.contains("Sales file"), "{screen}");
}

#[test]
fn a_wrong_vin_check_digit_warns_then_saves_on_confirmation_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::Zh);
    typed(&mut app, "zs");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('v'));
    typed(&mut app, "1m8gdm9a1kp042788");
    let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    app.on_key(ctrl_s);
    let screen = draw(&app);
    assert!(screen.contains("校验位"), "{screen}");
    let count = |app: &App| -> i64 {
        app.db
            .conn()
            .query_row("SELECT count(*) FROM vehicles", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count(&app), 1, "saved without confirmation");
    app.on_key(ctrl_s);
    assert_eq!(count(&app), 2, "confirmation did not save");
    let audited: i64 = app
        .db
        .conn()
        .query_row("SELECT count(*) FROM audit WHERE action = 'confirm_vin_check_digit' AND after LIKE '%1M8GDM9A1KP042788%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audited, 1);
    let screen = draw(&app);
    assert!(screen.contains("1M8GDM9A1KP042788"), "{screen}");
}

#[test]
fn a_warranty_call_is_two_keys_to_a_prefilled_form_and_saves_the_seed_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::Zh);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('w'));
    // Letters find a template; Enter takes the one first.
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "zs");
    key(&mut app, KeyCode::Enter); // pick 张三
    let screen = draw(&app);
    assert!(
        screen.contains("广东省深圳市"),
        "region not filled from the archive:\n{screen}"
    );
    assert!(
        screen.contains("2022-05-20"),
        "purchase date not filled:\n{screen}"
    );
    assert!(screen.contains("42000"), "mileage not filled:\n{screen}");
    // Saving now is refused, naming the empty required fields.
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let screen = draw(&app);
    assert!(
        screen.contains("未保存：请填写 配件名称、保修范围"),
        "{screen}"
    );
    insta::assert_snapshot!("call_form_refused_zh", screen);
    let calls = |app: &App| -> i64 {
        app.db
            .conn()
            .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(calls(&app), 0);
    // The cursor is on the first missing field: fill it and the coverage.
    typed(&mut app, "变速箱");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "三年或十万公里");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(calls(&app), 1, "{}", draw(&app));
    let sentence: String = app
        .db
        .conn()
        .query_row("SELECT sentence FROM calls", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        sentence,
        "广东省深圳市客户于2022年5月20日购买大众产品,行驶了42000公里,客户咨询变速箱的保修政策。依据保修政策,是保修三年或十万公里。"
    );
    let screen = draw(&app);
    assert!(screen.contains("咨询服务政策"), "{screen}");
}

#[test]
fn a_rescue_call_opens_a_case_with_its_30_minute_clock() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::Zh);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('r'));
    // Letters find a template; Enter takes the one first.
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "粤B123");
    key(&mut app, KeyCode::Enter);
    // Focus is on the first empty field after the customer's: the symptom.
    typed(&mut app, "发动机无法启动");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "滨海大道后海段");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let screen = draw(&app);
    assert!(screen.contains("救援"), "{screen}");
    assert!(
        screen.contains("还剩 30分"),
        "no 30-minute clock:\n{screen}"
    );
    let status_bar = screen.lines().last().unwrap_or_default();
    assert!(
        status_bar.contains("救援待联系1"),
        "status bar does not count the rescue:\n{screen}"
    );
    insta::assert_snapshot!("calls_with_rescue_zh", screen);
    // The case page names the fault: the symptom the call wrote.
    key(&mut app, KeyCode::Enter);
    let page = draw(&app);
    assert!(page.contains("故障 发动机无法启动"), "{page}");
}

fn reopen_at(dir: &std::path::Path, lang: Lang, local: &str, emp: &str) -> App {
    let path = dir.join("fixture.sqlite3");
    let db = Db::open(&path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let t = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").unwrap();
    let now = tz.from_local_datetime(&t).unwrap().with_timezone(&Utc);
    let agent = agents::by_emp_no(&db, emp).unwrap();
    App::new(
        db,
        Clock::fixed(tz, now),
        Settings::with_db(path, lang),
        agent,
    )
}

#[test]
fn a_complaint_goes_overdue_escalates_and_closes_only_on_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::Zh);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "zs");
    // Picked from the list (the cursor moves on to the category, the first field to fill).
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "1");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "接待员态度冷淡");
    let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    app.on_key(ctrl_s);
    let screen = draw(&app);
    assert!(screen.contains("首次联系 还剩 10分"), "{screen}");
    drop(app);
    // Eleven minutes later nobody has called the customer back.
    let mut app = reopen_at(dir.path(), Lang::Zh, "2026-11-23 09:41", "1002");
    app.tick();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('4'));
    let screen = draw(&app);
    assert!(screen.contains("首次联系 超时 1分"), "{screen}");
    assert!(
        screen.lines().last().unwrap().contains("投诉超时1"),
        "{screen}"
    );
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app);
    assert!(
        screen.contains("升级到级别 1"),
        "no automatic escalation:\n{screen}"
    );
    // Contact, handler, investigate, resolve.
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Char('h'));
    typed(&mut app, "1002");
    app.on_key(ctrl_s);
    key(&mut app, KeyCode::Char('i'));
    key(&mut app, KeyCode::Char('r'));
    typed(&mut app, "向客户道歉并培训接待员");
    app.on_key(ctrl_s);
    // Closing without the customer's confirmation is refused, saying what is missing.
    key(&mut app, KeyCode::Char('x'));
    let screen = draw(&app);
    assert!(screen.contains("无法结案"), "{screen}");
    assert!(screen.contains("客户确认"), "{screen}");
    // The confirmation opens on the score: who and how hold their defaults.
    key(&mut app, KeyCode::Char('k'));
    typed(&mut app, "4");
    app.on_key(ctrl_s);
    key(&mut app, KeyCode::Char('x'));
    let screen = draw(&app);
    assert!(screen.contains("已结案"), "{screen}");
    assert!(
        screen.contains("回访电话 2026-11-26"),
        "follow-up call not within 3 days:\n{screen}"
    );
    assert!(
        screen.contains("2026-12-23 2027-01-23 2027-02-23"),
        "tracking at 1, 2 and 3 months:\n{screen}"
    );
    insta::assert_snapshot!("complaint_closed_zh", screen);
}

#[test]
fn the_today_board_counts_calls_and_open_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::En);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('r'));
    // Letters find a template; Enter takes the one first.
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "zs");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "engine stalled");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "Binhai Avenue");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    key(&mut app, KeyCode::Char('6'));
    let screen = draw(&app);
    assert!(
        screen.contains("Calls today consult 0  rescue 1  complaint 0"),
        "{screen}"
    );
    assert!(screen.contains("Rescues open 1"), "{screen}");
    insta::assert_snapshot!("today_board_en", screen);
}

#[test]
fn reports_for_a_period_drill_into_the_records_and_open_the_customer() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::Zh);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('r'));
    // Letters find a template; Enter takes the one first.
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "zs");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "发动机熄火");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "滨海大道");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    key(&mut app, KeyCode::Char('6'));
    // Help shows the tab's own keys.
    key(&mut app, KeyCode::Char('?'));
    let help = draw(&app);
    assert!(
        help.contains("下一张报表") && help.contains("按周（周一至周日）"),
        "{help}"
    );
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Right);
    let screen = draw(&app);
    assert!(
        screen.contains("来电登记（按模板、专员统计） · 月报 2026-11-01 ~ 2026-11-23"),
        "{screen}"
    );
    assert!(screen.contains("途中车辆出现故障救援"), "{screen}");
    insta::assert_snapshot!("reports_calls_by_template_zh", screen);
    // The rescue call is not resolved on the spot; the figure under the cursor is
    // defined in a line under the table, in the screen's language.
    assert!(
        !screen.contains("定义"),
        "no definition for the template's name: {screen}"
    );
    for _ in 0..3 {
        key(&mut app, KeyCode::Char('>'));
    }
    let screen = draw(&app);
    assert!(screen.contains("定义 当场解决 "), "{screen}");
    // Whole, wrapped under the table.
    let flat: String = screen
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect();
    assert!(
        flat.contains("救援、投诉来电立案跟进，不计（显示为空）"),
        "{screen}"
    );
    key(&mut app, KeyCode::Char('<'));
    assert!(draw(&app).contains("定义 合计 本期开始的来电中用该模板登记的条数"));
    // The week, then the records behind the template's row.
    key(&mut app, KeyCode::Char('w'));
    assert!(draw(&app).contains("周报 2026-11-23 ~ 2026-11-23"));
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app);
    assert!(screen.contains("共 1 条"), "{screen}");
    assert!(screen.contains("138****1234"), "masked: {screen}");
    assert!(!screen.contains("13812341234"), "{screen}");
    // The week before has no calls; Esc first goes back to the report.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('['));
    assert!(draw(&app).contains("周报 2026-11-16 ~ 2026-11-22"));
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app);
    assert!(screen.contains("客户档案 张三"), "{screen}");
}

#[test]
fn ctrl_e_exports_the_list_on_screen_masked_and_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture(dir.path(), Lang::Zh);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('r'));
    // Letters find a template; Enter takes the one first.
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "zs");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "发动机熄火 13812341234");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "滨海大道");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    app.on_key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL));
    let screen = draw(&app);
    assert!(screen.contains("已导出"), "{screen}");
    let mut files: Vec<_> = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files[0].extension().unwrap() == "csv" && files[1].extension().unwrap() == "xlsx");
    for f in &files {
        let mode = std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{f:?}");
    }
    let csv = std::fs::read_to_string(&files[0]).unwrap();
    assert!(csv.contains("救援") && csv.contains("张三"), "{csv}");
    assert!(csv.contains("138****1234"), "{csv}");
    assert!(!csv.contains("13812341234"), "numbers stay masked: {csv}");
    // The list's title and when it was taken head the file.
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("来电登记列表"), "{csv}");
    assert!(lines.next().unwrap().contains("期间：截至 "), "{csv}");
}
