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
                "张丽 查看了完整号码：客户 王伟（#1）",
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
