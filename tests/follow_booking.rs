//! An open booking follows the store: two connections to one store file; another agent
//! reschedules the booking this agent has open, and after the follow tick this agent's page
//! shows the new booking at its new time, saying who moved it; an open step form says so
//! too, and Ctrl-R loads the new time while keeping what was typed. Drawn at 80x24.

mod support;
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::appointments::{NewBooking, StoreSetup, Transition, at_local};
use frontdesk::domain::archive::*;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::appointments as sa;
use frontdesk::store::{Actor, Db, customers, vehicles};
use frontdesk::ui::app::App;
use std::path::{Path, PathBuf};
use support::screen::draw;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

fn at(h: u32, m: u32) -> chrono::DateTime<Utc> {
    at_local(
        TZ,
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        NaiveTime::from_hms_opt(h, m, 0).unwrap(),
    )
}

/// A store with 张三's car booked at 10:00 today; this agent (1002) has its page open.
fn fixture(dir: &Path, lang: Lang) -> (App, PathBuf, i64) {
    let path = dir.join("store.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let sys = Actor {
        agent_id: None,
        at: now(),
    };
    let agent = agents::ensure(&mut db, sys, "1002", "陈静", Role::Agent).unwrap();
    agents::ensure(&mut db, sys, "1001", "刘芳", Role::Supervisor).unwrap();
    let cid = customers::create(
        &mut db,
        sys,
        &CustomerData {
            name: "张三".into(),
            mobile: Some("13812341234".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let car = VehicleData {
        vin: "LSVAB4BR5NN123456".into(),
        plate: Some("粤B12345".into()),
        model: "朗逸".into(),
        ..Default::default()
    };
    let vid = vehicles::create(&mut db, sys, cid, &car).unwrap();
    let setup = StoreSetup::builtin().with_tz(TZ);
    let id = sa::book(
        &mut db,
        sys,
        &setup,
        NewBooking {
            customer_id: cid,
            vehicle_id: vid,
            services: vec!["maintenance".into()],
            advisor: "陈志明".into(),
            bay: "1号工位".into(),
            start: at(10, 0),
            ..Default::default()
        },
        now(),
        None,
    )
    .unwrap();
    let settings = Settings::with_db(path.clone(), lang);
    let mut app = App::new(db, Clock::fixed(TZ, now()), settings, Some(agent));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    let page = draw(&app);
    assert!(
        page.contains(&format!("#{id}")) && page.contains("10:00"),
        "{page}"
    );
    (app, path, id)
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The supervisor, on their own connection, moves booking `id` to 14:00.
fn other_agent_moves(path: &Path, id: i64) -> i64 {
    let mut other = Db::open(path).unwrap();
    let boss = agents::by_emp_no(&other, "1001").unwrap().unwrap();
    let b = sa::get(other.conn(), id).unwrap();
    sa::reschedule_seen(
        &mut other,
        Actor {
            agent_id: Some(boss.id),
            at: now(),
        },
        &StoreSetup::builtin().with_tz(TZ),
        id,
        b.row.version,
        sa::Reschedule {
            start: at(14, 0),
            minutes: None,
            advisor: None,
            bay: None,
            parts_late_ok: false,
            note: "客户下午有空".into(),
        },
        now(),
        None,
    )
    .unwrap()
}

#[test]
fn an_open_booking_shows_the_new_time_after_another_agent_reschedules_it() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path, id) = fixture(dir.path(), lang);
        let new_id = other_agent_moves(&path, id);
        assert_ne!(new_id, id);
        assert!(app.tick(), "the tick sees the other connection's write");
        let page = draw(&app);
        let d = app.appointments.detail().unwrap();
        assert_eq!(
            d.booking.row.id, new_id,
            "the page follows to the new booking"
        );
        assert!(page.contains(&format!("#{new_id}")), "{page}");
        assert!(page.contains("2026-11-23 14:00"), "the new time: {page}");
        assert!(page.contains("1001 刘芳"), "who moved it: {page}");
        insta::assert_snapshot!(format!("follow_booking_moved_{}", lang.code()), page);
        assert!(
            !page.contains(lang.t("已移到相邻一条", "moved to the next one")),
            "{page}"
        );
        // Back in the day view, the moved booking is the one highlighted.
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.appointments.selected_id(), Some(new_id));
    }
}

/// The booking page's key bar is made from the key table: every step key of the page is
/// on it (`m` to reschedule among them); scrolling (↑/↓) is in help only.
#[test]
fn the_booking_pages_key_bar_lists_its_keys() {
    use frontdesk::ui::action::Action;
    use frontdesk::ui::keymap::{BINDINGS, Scope};
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let (app, _, _) = fixture(dir.path(), lang);
        let page = draw(&app);
        let bar = page.lines().nth(2).unwrap();
        for b in BINDINGS
            .iter()
            .filter(|b| b.scope == Scope::AppointmentDetail)
        {
            if matches!(b.action, Action::Up | Action::Down) {
                continue;
            }
            let k = b.keys()[0].label();
            assert!(
                bar.contains(&format!("{k} ")),
                "{k} missing from the bar: {bar}"
            );
        }
    }
}

#[test]
fn an_open_reschedule_form_offers_the_change_and_keeps_what_was_typed() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path, id) = fixture(dir.path(), lang);
        key(&mut app, KeyCode::Char('m'));
        let f = app.appointments.step_form().unwrap().1;
        assert_eq!(
            f.get("when"),
            "2026-11-23 10:00",
            "the booking's time, as a default"
        );
        for _ in 0..3 {
            key(&mut app, KeyCode::Tab);
        }
        typed(&mut app, "客户要求");
        let new_id = other_agent_moves(&path, id);
        app.tick();
        let form = draw(&app);
        assert!(form.contains("1001 刘芳"), "who changed it: {form}");
        assert!(form.contains("Ctrl-R"), "the reload is offered: {form}");
        insta::assert_snapshot!(format!("follow_booking_form_{}", lang.code()), form);
        app.on_key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
        let (kind, f) = app.appointments.step_form().unwrap();
        assert_eq!(f.get("when"), "2026-11-23 14:00", "untouched: the new time");
        assert_eq!(f.get("note"), "客户要求", "typed: kept");
        assert!(!app.appointments.step_stale());
        assert!(
            format!("{kind:?}").contains(&new_id.to_string()),
            "{kind:?}"
        );
        let loaded = draw(&app);
        assert!(loaded.contains("14:00"), "{loaded}");
    }
}

/// Rescheduling picks the advisor and the bay (issue 18 rule 6): listed numbered under the
/// form while their field has the cursor (0 keeps the booking's), a number takes one, and
/// the moved booking has it; at 80x24 in both languages.
#[test]
fn rescheduling_picks_the_advisor_and_bay_by_number() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, _, _) = fixture(dir.path(), lang);
        key(&mut app, KeyCode::Char('m'));
        typed(&mut app, "2026-11-23 14:00");
        key(&mut app, KeyCode::Tab);
        let form = draw(&app);
        let list = format!(
            "{}{}0 {}  1 陈志明  2 李晓峰",
            lang.t("服务顾问", "Advisor"),
            lang.t("：", ": "),
            lang.t("不变", "unchanged")
        );
        assert!(form.contains(&list), "{form}");
        assert!(!form.contains('~'), "{form}");
        typed(&mut app, "2");
        key(&mut app, KeyCode::Tab);
        assert!(draw(&app).contains("7 快保工位"), "{}", draw(&app));
        key(&mut app, KeyCode::Tab);
        typed(&mut app, "客户要求");
        app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        let (advisor, bay): (String, String) = app
            .db
            .conn()
            .query_row(
                "SELECT advisor, bay FROM appointments ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(
            (advisor.as_str(), bay.as_str()),
            ("李晓峰", "1号工位"),
            "the advisor picked, the bay kept: {}",
            draw(&app)
        );
    }
}

/// The supervisor, on their own connection, confirms booking `id`.
fn other_agent_confirms(path: &Path, id: i64) {
    other_agent_steps(path, id, Transition::Confirm);
}

/// The supervisor, on their own connection, takes step `t` on booking `id`.
fn other_agent_steps(path: &Path, id: i64, t: Transition) {
    let mut other = Db::open(path).unwrap();
    let boss = agents::by_emp_no(&other, "1001").unwrap().unwrap();
    let b = sa::get(other.conn(), id).unwrap();
    let by = Actor {
        agent_id: Some(boss.id),
        at: now(),
    };
    let setup = StoreSetup::builtin().with_tz(TZ);
    sa::transition_seen(&mut other, by, &setup, id, b.row.version, t, now()).unwrap();
}

/// The supervisor reminded the customer before anyone confirmed the booking; the
/// customer confirms, and so does this agent on the page: the booking stays reminded, its
/// confirmation kept, and the line says it was confirmed (not "recorded: reminded").
#[test]
fn a_booking_reminded_first_is_confirmed_on_its_page() {
    use frontdesk::domain::appointments::Status;
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path, id) = fixture(dir.path(), lang);
        other_agent_steps(&path, id, Transition::Remind);
        app.tick();
        key(&mut app, KeyCode::Char('c'));
        let screen = draw(&app);
        let b = sa::get(app.db.conn(), id).unwrap();
        assert_eq!(b.row.status, Status::Reminded, "{screen}");
        assert!(b.confirmation.is_some(), "{screen}");
        let said = lang.t("已记录：已确认", "Recorded: confirmed");
        assert!(screen.contains(said), "{screen}");
        assert!(
            !screen.contains(lang.t("无法确认", "Cannot confirm")),
            "{screen}"
        );
    }
}

fn ctrl_s(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

/// A step form saves on the booking as it opened on, not as the page reloaded since:
/// the supervisor's confirmation meanwhile makes the cancellation refused, naming them,
/// with what was typed kept in the form (and said there only); the next save, made
/// knowing, cancels it.
#[test]
fn a_cancellation_after_another_agents_step_is_refused_naming_it() {
    use frontdesk::domain::appointments::Status;
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path, id) = fixture(dir.path(), lang);
        key(&mut app, KeyCode::Char('x'));
        typed(&mut app, "1");
        key(&mut app, KeyCode::Tab);
        typed(&mut app, "客户临时出差");
        other_agent_confirms(&path, id);
        assert!(app.tick(), "the tick sees the other connection's write");
        ctrl_s(&mut app);
        let screen = draw(&app);
        let status = |app: &App| sa::get(app.db.conn(), id).unwrap().row.status;
        assert_eq!(status(&app), Status::Confirmed, "{screen}");
        assert!(screen.contains("1001 刘芳"), "who came first: {screen}");
        let f = app.appointments.step_form().expect("the form stays open").1;
        assert_eq!(f.get("note"), "客户临时出差", "typed: kept");
        // Said once: in the form, where what was typed is kept (not on the status line
        // as well).
        let who = lang.t("刚被 1001 刘芳", "just changed by 1001 刘芳");
        assert_eq!(screen.matches(who).count(), 1, "{screen}");
        ctrl_s(&mut app);
        assert_eq!(status(&app), Status::Cancelled, "{}", draw(&app));
    }
}

/// A step taken from the page (no form) on the booking as it was before another agent's
/// step is refused naming it, once: at the page's foot, not on the status line as well.
#[test]
fn a_refused_step_on_the_page_is_said_once() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path, id) = fixture(dir.path(), lang);
        other_agent_confirms(&path, id);
        // Before the tick shows it: check-in, on the booking as shown.
        key(&mut app, KeyCode::Char('a'));
        let screen = draw(&app);
        let status = sa::get(app.db.conn(), id).unwrap().row.status;
        assert_eq!(status, frontdesk::domain::appointments::Status::Confirmed);
        let who = lang.t("刚被 1001 刘芳", "just changed by 1001 刘芳");
        assert_eq!(screen.matches(who).count(), 1, "{screen}");
    }
}

/// A reschedule form whose booking the supervisor moved meanwhile is refused, naming the
/// move, when saved without loading it: the supervisor's move stands.
#[test]
fn a_reschedule_after_another_agents_move_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path, id) = fixture(dir.path(), Lang::Zh);
    key(&mut app, KeyCode::Char('m'));
    retype_when(&mut app, "2026-11-23 16:00");
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "客户要求");
    let new_id = other_agent_moves(&path, id);
    app.tick();
    ctrl_s(&mut app);
    let screen = draw(&app);
    let b = sa::get(app.db.conn(), new_id).unwrap();
    assert_eq!(
        b.row.status,
        frontdesk::domain::appointments::Status::Booked
    );
    assert_eq!(
        b.row.start,
        at(14, 0),
        "the supervisor's move stands: {screen}"
    );
    assert!(screen.contains("1001 刘芳"), "{screen}");
    assert_eq!(
        app.appointments.step_form().unwrap().1.get("note"),
        "客户要求"
    );
}

/// Replaces the reschedule form's time (its first field, the cursor on it).
fn retype_when(app: &mut App, when: &str) {
    for _ in 0.."2026-11-23 10:00".chars().count() {
        key(app, KeyCode::Backspace);
    }
    typed(app, when);
}
