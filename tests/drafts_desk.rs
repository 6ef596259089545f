//! Half-filled forms on the More tab's pages survive the app going away (a dropped SSH
//! session, a killed terminal), driven through keys as an agent types them: an
//! improvement action being raised, a supervisor's verification note on an action. Each
//! comes back on its page with what was typed, and saves; one the record no longer allows
//! (an action verified meanwhile) says why and quotes what was typed.

mod support;
use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::improvements::{Department, Status};
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Agent, Role};
use frontdesk::store::drafts::DraftRecord;
use frontdesk::store::improvements::{self as si, NewImprovement};
use frontdesk::store::{Actor, Db};
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::App;
use std::path::Path;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

fn actor(agent: Option<&Agent>) -> Actor {
    Actor {
        agent_id: agent.map(|a| a.id),
        at: now(),
    }
}

/// The store at `dir` with agent `emp_no` in it (`role`), and that agent's app on it.
fn app_as(dir: &Path, emp_no: &str, role: Role) -> App {
    let path = dir.join("t.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let agent = agents::ensure(&mut db, actor(None), emp_no, "陈静", role).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    App::new(
        db,
        Clock::fixed(tz, now()),
        Settings::with_db(path, Lang::Zh),
        Some(agent),
    )
}

/// The session goes away with the draft saved (as the loop saves it after a pause); a new
/// one (made by `reopen`) starts on the same store: the new app and the draft it finds.
fn gone_and_back(mut app: App, reopen: impl FnOnce() -> App) -> (App, DraftRecord) {
    let owner = app.draft_owner();
    app.save_draft_now();
    drop(app);
    let again = reopen();
    let record = frontdesk::store::drafts::load(again.db.conn(), &owner)
        .unwrap()
        .expect("draft saved");
    (again, record)
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn save(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

/// The screen's text inside the frame as one line (a message wrapped over rows joined).
fn joined(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect()
}

/// The offer of the draft at start, taken (`y`).
fn restore(app: &mut App) {
    let screen = support::screen::draw(app);
    assert!(screen.contains("y 恢复"), "{screen}");
    key(app, KeyCode::Char('y'));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The More tab, on its first page (improvement actions).
fn more_tab(app: &mut App) {
    app.tick();
    key(app, KeyCode::Esc);
    key(app, KeyCode::Char('7'));
    assert_eq!(app.tab, Tab::Desk);
}

/// An action raised for agent `owner`, stepped on to done.
fn done_action(dir: &Path, owner: &Agent) -> i64 {
    let mut db = Db::open(&dir.join("t.sqlite3")).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let n = NewImprovement {
        department: Department::Service,
        finding: "交车时车内有烟味".into(),
        words: String::new(),
        owner_id: Some(owner.id),
        due: Some(today),
        links: Vec::new(),
        order: None,
    };
    let id = si::raise(&mut db, actor(Some(owner)), today, &n).unwrap();
    for to in [Status::InProgress, Status::Done] {
        let v = si::get(db.conn(), id).unwrap().version;
        si::step(&mut db, actor(Some(owner)), id, v, to, false, None).unwrap();
    }
    id
}

/// An action being raised comes back on the improvements page with what was typed, and
/// saves as typed.
#[test]
fn an_action_being_raised_comes_back_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_as(dir.path(), "1002", Role::Agent);
    more_tab(&mut app);
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "2");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "洗车后仍有水渍");
    let (mut again, record) = gone_and_back(app, || app_as(dir.path(), "1002", Role::Agent));
    assert_eq!(record.kind, "desk_improvements");
    restore(&mut again);
    assert_eq!(again.tab, Tab::Desk);
    let screen = support::screen::draw(&again);
    assert!(screen.contains("洗车后仍有水渍"), "{screen}");
    save(&mut again);
    let rows = si::list(again.db.conn(), Default::default(), 10).unwrap();
    let saved: Vec<(&str, Department)> = rows
        .iter()
        .map(|r| (r.finding.as_str(), r.department))
        .collect();
    assert_eq!(
        saved,
        vec![("洗车后仍有水渍", Department::Service)],
        "{}",
        support::screen::draw(&again)
    );
}

/// Supervisor 2001 typing `note` to verify a done action of agent 1002's when the session
/// drops: the action and the draft saved.
fn verifying(dir: &Path, note: &str) -> (i64, DraftRecord) {
    let app = app_as(dir, "1002", Role::Agent);
    let owner = app.agent.clone().unwrap();
    drop(app);
    let id = done_action(dir, &owner);
    let mut app = app_as(dir, "2001", Role::Supervisor);
    more_tab(&mut app);
    key(&mut app, KeyCode::Char('v'));
    typed(&mut app, note);
    // Supervisor 2002 is in the store too.
    let (_, record) = gone_and_back(app, || app_as(dir, "2002", Role::Supervisor));
    (id, record)
}

/// A supervisor's verification note comes back on its action, and verifies it with the
/// note typed.
#[test]
fn a_verification_note_comes_back_on_its_action_and_verifies_it() {
    let dir = tempfile::tempdir().unwrap();
    let (id, record) = verifying(dir.path(), "复查三台交车，均无异味");
    let mut again = app_as(dir.path(), "2001", Role::Supervisor);
    assert_eq!(record.kind, "desk_improvements");
    restore(&mut again);
    let screen = support::screen::draw(&again);
    assert!(screen.contains("复查三台交车"), "{screen}");
    save(&mut again);
    let row = si::get(again.db.conn(), id).unwrap();
    assert_eq!(
        row.status,
        Status::Verified,
        "{}",
        support::screen::draw(&again)
    );
    assert_eq!(row.verify_note, "复查三台交车，均无异味");
}

/// Another supervisor verified the action after the session dropped: the note is not put
/// back on a form the action no longer takes; the page says why and quotes it.
#[test]
fn a_verification_note_on_an_action_verified_meanwhile_says_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let (id, record) = verifying(dir.path(), "复查三台交车");
    assert_eq!(record.kind, "desk_improvements");
    // Supervisor 2002 verifies it meanwhile.
    let mut db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
    let other = agents::by_emp_no(&db, "2002").unwrap().unwrap();
    let v = si::get(db.conn(), id).unwrap().version;
    let note = Some("已验证");
    si::step(
        &mut db,
        actor(Some(&other)),
        id,
        v,
        Status::Verified,
        true,
        note,
    )
    .unwrap();
    drop(db);
    let mut again = app_as(dir.path(), "2001", Role::Supervisor);
    restore(&mut again);
    assert_eq!(again.tab, Tab::Desk);
    let screen = support::screen::draw(&again);
    let said = joined(&screen);
    assert!(said.contains("无法恢复"), "{screen}");
    assert!(said.contains("当时填写：复查三台交车"), "{screen}");
    // Nothing is left to save: the note is said, not kept on a form.
    assert!(again.draft_record().is_none());
}
