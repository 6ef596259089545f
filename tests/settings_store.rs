//! The store's settings edited from the app (issue 18, point 7), on temporary databases:
//! refusals write nothing, a concurrent edit is refused naming who saved, an agent cannot
//! edit, a second running app takes the change at once, the first-run setup is one
//! transaction, the edited file round-trips through `frontdesk settings export/import`,
//! and a new zone has the complaints' business SLA marks read again.

mod support;

use chrono::{TimeZone, Utc};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::appointments::StoreSetup;
use frontdesk::domain::store_fields as sf;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::admin::{self, AgentEdit};
use frontdesk::store::agents::{self, Agent, Role, first_run};
use frontdesk::store::settings as st;
use frontdesk::store::{Actor, Db};
use frontdesk::ui::app::App;
use std::path::{Path, PathBuf};

const KEY: &str = "file.store.toml";

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

fn actor(a: &Agent) -> Actor {
    Actor {
        agent_id: Some(a.id),
        at: now(),
    }
}

/// A store with supervisor 1001 刘芳 and agent 1002 陈静.
fn store(dir: &Path) -> (PathBuf, Db, Agent, Agent) {
    let path = dir.join("s.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let admin = Actor {
        agent_id: None,
        at: now(),
    };
    let sup = agents::ensure(&mut db, admin, "1001", "刘芳", Role::Supervisor).unwrap();
    let agent = agents::ensure(&mut db, admin, "1002", "陈静", Role::Agent).unwrap();
    (path, db, sup, agent)
}

fn audit_rows(db: &Db) -> i64 {
    db.conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap()
}

fn slot_text(minutes: &str) -> String {
    let spec = sf::spec("slot_minutes").unwrap();
    let v = sf::parse(spec, minutes, Lang::Zh).unwrap();
    sf::apply(None, &[("slot_minutes", v)]).unwrap()
}

#[test]
fn refused_input_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut db, sup, _) = store(dir.path());
    let before = (audit_rows(&db), admin::rows(&db).unwrap());
    let edit = AgentEdit {
        name: "王五".into(),
        supervisor: false,
        active: true,
        os_user: None,
    };
    let e = admin::add(&mut db, actor(&sup), "abc", &edit).unwrap_err();
    assert_eq!(e.message(Lang::En), "an employee number is 1–16 digits");
    assert_eq!(e.message(Lang::Zh), "工号为 1–16 位数字");
    let bad_os = AgentEdit {
        os_user: Some("bad user!".into()),
        ..edit.clone()
    };
    assert!(admin::add(&mut db, actor(&sup), "1003", &bad_os).is_err());
    // An existing number is refused, not reused.
    let e = admin::add(&mut db, actor(&sup), "1002", &edit).unwrap_err();
    assert_eq!(e.message(Lang::En), "That employee number is taken");
    // A file that does not parse is refused by the first-run save, whole.
    let fresh = Db::open(&dir.path().join("new.sqlite3"));
    let mut fresh = fresh.unwrap();
    assert!(first_run::save(&mut fresh, now(), "2001", "刘芳", None, "slot_minutes = 0").is_err());
    assert!(first_run::is_new(&fresh).unwrap());
    assert_eq!(before, (audit_rows(&db), admin::rows(&db).unwrap()));
}

#[test]
fn a_concurrent_edit_is_refused_naming_who_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut db, sup, _) = store(dir.path());
    let mut other = Db::open(&path).unwrap();
    let admin = Actor {
        agent_id: None,
        at: now(),
    };
    let boss2 = agents::ensure(&mut db, admin, "1009", "黄伟", Role::Supervisor).unwrap();
    // Both open the page on an unset file; 黄伟 saves first.
    st::set_checked(&mut other, actor(&boss2), KEY, &slot_text("15"), None).unwrap();
    let e = st::set_checked(&mut db, actor(&sup), KEY, &slot_text("20"), None).unwrap_err();
    assert!(
        e.message(Lang::Zh).contains("1009 黄伟"),
        "{}",
        e.message(Lang::Zh)
    );
    assert!(
        e.message(Lang::En)
            .contains("1009 黄伟 changed this setting meanwhile")
    );
    let v = st::get_full(db.conn(), KEY).unwrap().unwrap();
    assert_eq!((v.version, v.value), (1, slot_text("15")));
    // On the version seen it is taken, and audited.
    let audits = audit_rows(&db);
    st::set_checked(&mut db, actor(&sup), KEY, &slot_text("20"), Some(1)).unwrap();
    assert_eq!(audit_rows(&db), audits + 1);
    // An agent seen at an old version: refused, naming who changed it.
    let rows = admin::rows(&db).unwrap();
    let chen = rows.iter().find(|r| r.agent.emp_no == "1002").unwrap();
    let edit = AgentEdit {
        name: "陈静怡".into(),
        supervisor: false,
        active: true,
        os_user: Some("chenjing".into()),
    };
    admin::update(
        &mut other,
        actor(&boss2),
        chen.agent.id,
        chen.version,
        &edit,
    )
    .unwrap();
    let e = admin::update(&mut db, actor(&sup), chen.agent.id, chen.version, &edit).unwrap_err();
    assert!(e.message(Lang::Zh).contains("1009 黄伟"));
    assert_eq!(
        agents::by_os_user(&db, "chenjing").unwrap().unwrap().name,
        "陈静怡"
    );
}

#[test]
fn an_agent_cannot_edit_and_the_last_supervisor_stays() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut db, sup, agent) = store(dir.path());
    let audits = audit_rows(&db);
    let e = st::set_checked(&mut db, actor(&agent), KEY, &slot_text("15"), None).unwrap_err();
    assert!(e.message(Lang::Zh).contains("只有主管"));
    let edit = AgentEdit {
        name: "陈静".into(),
        supervisor: true,
        active: true,
        os_user: None,
    };
    let rows = admin::rows(&db).unwrap();
    let me = rows.iter().find(|r| r.agent.id == agent.id).unwrap();
    assert!(admin::update(&mut db, actor(&agent), agent.id, me.version, &edit).is_err());
    assert!(admin::add(&mut db, actor(&agent), "1003", &edit).is_err());
    assert_eq!(audit_rows(&db), audits);
    assert!(st::get(db.conn(), KEY).unwrap().is_none());
    // The only supervisor cannot step down or be deactivated.
    let boss = rows.iter().find(|r| r.agent.id == sup.id).unwrap();
    let down = AgentEdit {
        name: "刘芳".into(),
        supervisor: false,
        active: true,
        os_user: None,
    };
    let e = admin::update(&mut db, actor(&sup), sup.id, boss.version, &down).unwrap_err();
    assert!(e.message(Lang::En).contains("only active supervisor"));
}

#[test]
fn a_second_running_app_takes_an_edit_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut db, sup, agent) = store(dir.path());
    let tz = chrono_tz::Asia::Shanghai;
    let settings = Settings::with_db(path.clone(), Lang::Zh);
    let mut app = App::new(
        Db::open(&path).unwrap(),
        Clock::fixed(tz, now()),
        settings,
        Some(agent),
    );
    app.tick();
    assert_eq!(app.store_setup.slot, chrono::Duration::minutes(30));
    let spec = sf::spec("sla.first_contact_minutes").unwrap();
    let edits = [
        ("slot_minutes", toml::Value::Integer(15)),
        (
            "sla.first_contact_minutes",
            sf::parse(spec, "20", Lang::Zh).unwrap(),
        ),
        (
            "advisors",
            toml::Value::Array(vec![toml::Value::String("王五".into())]),
        ),
    ];
    let text = sf::apply(None, &edits).unwrap();
    st::set_checked(&mut db, actor(&sup), KEY, &text, None).unwrap();
    app.tick();
    assert_eq!(app.store_setup.slot, chrono::Duration::minutes(15));
    assert_eq!(app.store_setup.advisors, vec!["王五".to_string()]);
    assert_eq!(app.sla.first_contact, chrono::Duration::minutes(20));
}

#[test]
fn first_run_saves_all_in_one_transaction_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("new.sqlite3")).unwrap();
    assert!(first_run::is_new(&db).unwrap());
    let edits = [
        ("name", toml::Value::String("南城店".into())),
        (
            "advisors",
            toml::Value::Array(vec![toml::Value::String("王五".into())]),
        ),
    ];
    let text = sf::apply(None, &edits).unwrap();
    let a = first_run::save(&mut db, now(), "2001", "刘芳", Some("liufang"), &text).unwrap();
    assert_eq!((a.emp_no.as_str(), a.role), ("2001", Role::Supervisor));
    assert!(!first_run::is_new(&db).unwrap());
    assert_eq!(
        agents::by_os_user(&db, "liufang").unwrap().unwrap().id,
        a.id
    );
    let s = StoreSetup::parse(&st::get(db.conn(), KEY).unwrap().unwrap(), "x").unwrap();
    assert_eq!((s.name.as_str(), s.advisors.len()), ("南城店", 1));
    // Done elsewhere meanwhile: refused, nothing more written.
    let e = first_run::save(&mut db, now(), "2002", "黄伟", None, &text).unwrap_err();
    assert!(e.message(Lang::En).contains("set up elsewhere"));
    assert_eq!(admin::rows(&db).unwrap().len(), 1);
}

#[test]
fn the_edited_file_round_trips_through_export_and_import() {
    let home = tempfile::tempdir().unwrap();
    let (path, mut db, sup, _) = store(home.path());
    let spec = sf::spec("closed.days").unwrap();
    let edits = [
        ("name", toml::Value::String("南城店".into())),
        (
            "closed.days",
            sf::parse(spec, "2027-02-05..2027-02-08", Lang::Zh).unwrap(),
        ),
        ("sla.business_hours", toml::Value::Boolean(true)),
    ];
    let text = sf::apply(None, &edits).unwrap();
    st::set_checked(&mut db, actor(&sup), KEY, &text, None).unwrap();
    let env = support::env(home.path());
    let db_s = path.to_str().unwrap();
    let out = home.path().join("out");
    let (code, o, e) = support::run(
        &["--db", db_s, "settings", "export", out.to_str().unwrap()],
        &env,
    );
    assert_eq!(code, 0, "{o}{e}");
    assert_eq!(
        std::fs::read_to_string(out.join("store.toml")).unwrap(),
        text
    );
    // Installed again (as a supervisor): the same settings, one version on.
    let file = out.join("store.toml");
    let (code, o, e) = support::run(
        &[
            "--db",
            db_s,
            "--agent",
            "1001",
            "settings",
            "import",
            file.to_str().unwrap(),
        ],
        &env,
    );
    assert_eq!(code, 0, "{o}{e}");
    let v = st::get_full(db.conn(), KEY).unwrap().unwrap();
    assert_eq!((v.version, v.value), (2, text));
}

/// A new time zone reaches the running app's clock at its next tick: the same instant,
/// shown in the new zone, without a restart. And the app reads the complaints' business-time
/// SLA marks again under it (issue #14 point 4), so business-hours "within SLA" figures stay
/// judged in SQL.
#[test]
fn a_time_zone_change_reaches_the_running_clock() {
    use frontdesk::domain::calendar::{BusinessCalendar, BusinessHours, BusinessTime};
    use frontdesk::store::complaints::{self as sc, NewComplaint};
    let dir = tempfile::tempdir().unwrap();
    let (path, mut db, sup, agent) = store(dir.path());
    let c = NewComplaint {
        customer_id: None,
        vehicle_id: None,
        call_id: None,
        channel: "phone".into(),
        received_at: now(),
        category: frontdesk::domain::complaints::Category::Attitude,
        loss_yuan: None,
        severity_by_hand: None,
        station: "前台".into(),
        summary: "无人接待".into(),
        demand: "道歉".into(),
        handler_id: None,
    };
    let id = sc::register(&mut db, actor(&sup), &c).unwrap();
    let marks = |db: &Db| -> Option<i64> {
        let sql = "SELECT sla_bcal FROM complaints WHERE id = ?1";
        db.conn().query_row(sql, [id], |r| r.get(0)).unwrap()
    };
    let fingerprint = |tz| {
        let cal = BusinessCalendar::builtin();
        Some(BusinessTime::new(&cal, BusinessHours::default(), tz).fingerprint())
    };
    assert_eq!(marks(&db), fingerprint(chrono_tz::Asia::Shanghai));
    let settings = Settings::with_db(path.clone(), Lang::Zh);
    let shanghai = chrono_tz::Asia::Shanghai;
    let mut app = App::new(
        Db::open(&path).unwrap(),
        Clock::fixed(shanghai, now()),
        settings,
        Some(agent),
    );
    app.tick();
    assert_eq!(app.clock.local_now().format("%H:%M").to_string(), "09:30");
    let spec = sf::spec("timezone").unwrap();
    let tz = sf::parse(spec, "Asia/Tokyo", Lang::Zh).unwrap();
    let text = sf::apply(None, &[("timezone", tz)]).unwrap();
    st::set_checked(&mut db, actor(&sup), KEY, &text, None).unwrap();
    assert_eq!(marks(&db), fingerprint(chrono_tz::Asia::Shanghai));
    app.tick();
    assert_eq!(marks(&db), fingerprint(chrono_tz::Asia::Tokyo));
    assert_eq!(app.clock.tz(), chrono_tz::Asia::Tokyo);
    assert_eq!(app.clock.now(), now());
    assert_eq!(app.clock.local_now().format("%H:%M").to_string(), "10:30");
    assert!(support::screen::draw(&app).contains("10:30"));
}

/// An agent renamed (or made supervisor) by a supervisor sees it in their running app at
/// once: the status line names them anew.
#[test]
fn a_renamed_agent_sees_the_new_name_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut db, sup, agent) = store(dir.path());
    let settings = Settings::with_db(path.clone(), Lang::Zh);
    let mut app = App::new(
        Db::open(&path).unwrap(),
        Clock::fixed(chrono_tz::Asia::Shanghai, now()),
        settings,
        Some(agent.clone()),
    );
    app.tick();
    assert!(support::screen::draw(&app).contains("陈静"));
    let row = admin::rows(&db)
        .unwrap()
        .into_iter()
        .find(|r| r.agent.id == agent.id)
        .unwrap();
    let edit = AgentEdit {
        name: "陈静怡".into(),
        supervisor: true,
        active: true,
        os_user: None,
    };
    admin::update(&mut db, actor(&sup), agent.id, row.version, &edit).unwrap();
    app.tick();
    let me = app.agent.as_ref().unwrap();
    assert_eq!((me.name.as_str(), me.role), ("陈静怡", Role::Supervisor));
    assert!(support::screen::draw(&app).contains("陈静怡"));
}
