//! What the drafts tests of the More tab's pages share (`drafts_desk.rs`,
//! `drafts_review.rs`): an agent's app on a temp store, the session dropped with its draft
//! saved and started again, keys, and the offer of the draft taken.

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Agent, Role};
use frontdesk::store::drafts::DraftRecord;
use frontdesk::store::{Actor, Db};
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::App;
use std::path::Path;

pub fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

pub fn actor(agent: Option<&Agent>) -> Actor {
    Actor {
        agent_id: agent.map(|a| a.id),
        at: now(),
    }
}

/// The store at `dir` with agent `emp_no` in it (`role`), and that agent's app on it.
pub fn app_as(dir: &Path, emp_no: &str, role: Role) -> App {
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
pub fn gone_and_back(mut app: App, reopen: impl FnOnce() -> App) -> (App, DraftRecord) {
    let owner = app.draft_owner();
    app.save_draft_now();
    drop(app);
    let again = reopen();
    let record = frontdesk::store::drafts::load(again.db.conn(), &owner)
        .unwrap()
        .expect("draft saved");
    (again, record)
}

pub fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn save(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

/// The screen's text inside the frame as one line (a message wrapped over rows joined).
pub fn joined(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect()
}

/// The offer of the draft at start, taken (`y`).
pub fn restore(app: &mut App) {
    let screen = super::screen::draw(app);
    assert!(screen.contains("y 恢复"), "{screen}");
    key(app, KeyCode::Char('y'));
}

pub fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The More tab, on its first page (improvement actions).
pub fn more_tab(app: &mut App) {
    app.tick();
    key(app, KeyCode::Esc);
    key(app, KeyCode::Char('7'));
    assert_eq!(app.tab, Tab::Desk);
}

/// The focused field's text `old` deleted (Backspace) and `new` typed in its place.
pub fn retype(app: &mut App, old: &str, new: &str) {
    for _ in 0..old.chars().count() {
        key(app, KeyCode::Backspace);
    }
    typed(app, new);
}

/// `emp_no`'s session dropped with a form typed, and started again: the draft saved, of
/// `kind`.
pub fn dropped(app: App, dir: &Path, (emp_no, role): (&str, Role), kind: &str) -> DraftRecord {
    let (_, record) = gone_and_back(app, || app_as(dir, emp_no, role));
    assert_eq!(record.kind, kind);
    record
}

/// `emp_no`'s app started again and the draft's offer taken, the draft refused: the page
/// says it could not be put back and quotes each of `quoted`; nothing is left to keep.
pub fn refused_quoting(dir: &Path, (emp_no, role): (&str, Role), quoted: &[&str]) -> App {
    let mut again = app_as(dir, emp_no, role);
    restore(&mut again);
    assert_eq!(again.tab, Tab::Desk);
    says_lost(&again, quoted);
    again
}

/// 张三 (13812341234) with a 大众朗逸 plated 粤B12340, created by `by`: (customer, car).
pub fn zhang_with_car(db: &mut Db, by: Actor) -> (i64, i64) {
    use frontdesk::domain::archive::{CustomerData, VehicleData};
    use frontdesk::store::{customers, vehicles};
    let c = CustomerData {
        name: "张三".into(),
        mobile: Some("13812341234".into()),
        ..Default::default()
    };
    let customer_id = customers::create(db, by, &c).unwrap();
    let v = VehicleData {
        vin: "LSVAB4BR5NN123450".into(),
        plate: Some("粤B12340".into()),
        brand: "大众".into(),
        model: "朗逸".into(),
        ..Default::default()
    };
    (
        customer_id,
        vehicles::create(db, by, customer_id, &v).unwrap(),
    )
}

/// The screen of `app` says a draft could not be put back and quotes each of `quoted`;
/// nothing is left to keep.
pub fn says_lost(app: &App, quoted: &[&str]) {
    let screen = super::screen::draw(app);
    let said = joined(&screen);
    assert!(said.contains("无法恢复"), "{screen}");
    for q in quoted {
        assert!(said.contains(q), "{q}: {screen}");
    }
    assert!(app.draft_record().is_none());
}
