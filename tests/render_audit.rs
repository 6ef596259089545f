//! The audit log reads as sentences (issue 18, point 11) and says when it stops at its
//! limit (point 8): who did what to which record, before → after in words, phone and ID
//! numbers masked as the lists show them, no action codes or JSON. TestBackend at 80x24,
//! both languages.

mod support;
use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::{CustomerData, Gender};
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::{Actor, Db, audit, customers};
use frontdesk::ui::app::App;
use support::screen::draw;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// A store where supervisor 张丽 created 王伟 and changed his mobile; `extra` more
/// entries written after that. Returns the app (in `lang`) with the audit log open.
fn audit_open(dir: &std::path::Path, lang: Lang, extra: usize) -> App {
    let path = dir.join("a.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let admin = Actor {
        agent_id: None,
        at: now,
    };
    let sup = agents::ensure(&mut db, admin, "1001", "张丽", Role::Supervisor).unwrap();
    let actor = Actor {
        agent_id: Some(sup.id),
        at: now,
    };
    let mut c = CustomerData {
        name: "王伟".into(),
        gender: Some(Gender::Male),
        mobile: Some("13812341234".into()),
        id_number: Some("110101199003071233".into()),
        region: "广东省深圳市".into(),
        ..Default::default()
    };
    let id = customers::create(&mut db, actor, &c).unwrap();
    c.mobile = Some("13912345678".into());
    customers::update(&mut db, actor, id, 1, &c).unwrap();
    db.write(|tx| {
        for _ in 0..extra {
            audit::record(tx, actor, "reveal", "customer", id, None, None)?;
        }
        Ok(())
    })
    .unwrap();
    let mut app = App::new(
        db,
        Clock::fixed(TZ, now),
        Settings::with_db(path, lang),
        Some(sup),
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::F(9));
    app
}

#[test]
fn the_audit_log_reads_as_sentences_with_numbers_masked() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = audit_open(dir.path(), lang, 0);
        let screen = draw(&app);
        let edit = lang.t(
            "张丽 修改了客户 王伟（#1）",
            "张丽 changed customer 王伟 (#1)",
        );
        assert!(screen.contains(edit), "{screen}");
        assert!(
            screen.contains(lang.t(
                "手机 138****1234 → 139****5678",
                "mobile 138****1234 → 139****5678"
            )),
            "{screen}"
        );
        assert!(screen.contains(lang.t("共 3 条", "3 in all")), "{screen}");
        insta::assert_snapshot!(format!("audit_log_{}", lang.code()), screen);
        // The creation, selected: every field in words, the ID number masked.
        key(&mut app, KeyCode::Down);
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("性别 男", "gender male"))
                && screen.contains("110101********1233"),
            "{screen}"
        );
        for s in [&screen] {
            for raw in [
                "13812341234",
                "13912345678",
                "199003071233",
                "{",
                "\"mobile\"",
                "update",
            ] {
                assert!(!s.contains(raw), "`{raw}` on screen:\n{s}");
            }
        }
    }
}

#[test]
fn the_audit_log_says_when_it_stops_at_its_limit() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let app = audit_open(dir.path(), lang, 520);
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t(
                "共 523 条，只列出最近 500 条",
                "523 in all; the latest 500 listed"
            )),
            "{screen}"
        );
        assert!(
            screen.contains(lang.t(
                "张丽 查看了客户 王伟（#1）的完整号码",
                "张丽 viewed the full numbers of customer 王伟 (#1)"
            )),
            "{screen}"
        );
    }
}

#[test]
fn the_filter_offers_its_choices_in_the_users_language_and_takes_them() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = audit_open(dir.path(), lang, 2);
        key(&mut app, KeyCode::Char('f'));
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("客户/车辆/来电", "customer/vehicle/call")),
            "{screen}"
        );
        // Record type: 客户 / customer; action: 新建 / create.
        key(&mut app, KeyCode::Tab);
        for c in lang.t("客户", "customer").chars() {
            key(&mut app, KeyCode::Char(c));
        }
        key(&mut app, KeyCode::Tab);
        for c in lang.t("新建", "create").chars() {
            key(&mut app, KeyCode::Char(c));
        }
        app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        let screen = draw(&app);
        assert!(screen.contains(lang.t("共 1 条", "1 in all")), "{screen}");
        assert!(
            screen.contains(lang.t(
                "张丽 新建了客户 王伟（#1）",
                "张丽 created customer 王伟 (#1)"
            )),
            "{screen}"
        );
    }
}

/// A booking moved by agent 陈静 (the appointments fixture), the log opened by supervisor
/// 刘芳 in `lang`: the move reads as one sentence, whose booking it is and from when to when.
fn moved_booking(lang: Lang) -> (support::appointments_fx::Fx, App) {
    use frontdesk::store::appointments::{self as sa, Reschedule};
    use support::appointments_fx::{TZ as STORE_TZ, at, fx, now};
    let mut f = fx(1);
    let id = f.book(f.booking(0, 0, 0, at(24, 10, 0))).unwrap();
    let to = Reschedule {
        start: at(25, 14, 0),
        note: "客户出差".into(),
        ..Default::default()
    };
    sa::reschedule(&mut f.db, f.agent, &f.setup, id, to, now(), None).unwrap();
    let db = Db::open(&f.path).unwrap();
    let sup = agents::by_emp_no(&db, "1001").unwrap().unwrap();
    let mut app = App::new(
        db,
        Clock::fixed(STORE_TZ, now()),
        Settings::with_db(f.path.clone(), lang),
        Some(sup),
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::F(9));
    (f, app)
}

#[test]
fn a_moved_booking_reads_who_moved_whose_booking_from_when_to_when() {
    for lang in [Lang::Zh, Lang::En] {
        let (_f, app) = moved_booking(lang);
        let screen = draw(&app);
        // The newest entry, highlighted, told whole below the list.
        let told = lang.t(
            "陈静 把预约 #1（客户0 粤B00000）从 11-24 10:00 改到 11-25 14:00",
            "陈静 moved booking #1 (客户0 粤B00000) from 11-24 10:00 to 11-25 14:00",
        );
        assert!(screen.contains(told), "{screen}");
        assert!(
            screen.contains(lang.t("新预约 #2；备注 客户出差", "new booking #2; note 客户出差")),
            "{screen}"
        );
        // Its booking and the customer it was made for, in words too.
        assert!(
            screen.contains(lang.t(
                "陈静 新建了预约 #2（客户0 粤B00000）",
                "陈静 created booking #2 (客户0 粤B00000)"
            )),
            "{screen}"
        );
        for raw in ["reschedule", "new_start", "booked", "2026-11-25T", "{"] {
            assert!(!screen.contains(raw), "`{raw}` on screen:\n{screen}");
        }
        insta::assert_snapshot!(format!("moved_booking_{}", lang.code()), screen);
    }
}

#[test]
fn the_open_log_shows_what_another_agent_just_did_and_keeps_its_highlight() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = audit_open(dir.path(), Lang::Zh, 0);
    key(&mut app, KeyCode::Down);
    let told_below = |screen: &str, what: &str| {
        // Under the count line: the highlighted entry told whole.
        let mut lines = screen.lines().skip_while(|l| !l.contains("共 "));
        lines.nth(1).is_some_and(|l| l.contains(what))
    };
    assert!(told_below(&draw(&app), "张丽 新建了客户 王伟（#1）"));
    // Another agent's app reveals the customer's numbers.
    let mut other = Db::open(&dir.path().join("a.sqlite3")).unwrap();
    let actor = Actor {
        agent_id: Some(1),
        at: Utc.with_ymd_and_hms(2026, 11, 23, 1, 40, 0).unwrap(),
    };
    other
        .write(|tx| audit::record(tx, actor, "reveal", "customer", 1, None, None))
        .unwrap();
    app.tick();
    let screen = draw(&app);
    assert!(screen.contains("共 4 条"), "{screen}");
    assert!(
        screen.contains("09:40 张丽 查看了客户 王伟（#1）的完整号码"),
        "{screen}"
    );
    // The highlight stayed on the creation: it is the entry told below the list.
    assert!(
        told_below(&screen, "张丽 新建了客户 王伟（#1）"),
        "{screen}"
    );
}
