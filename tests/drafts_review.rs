//! Call-quality review forms survive the app going away (a dropped SSH session, a killed
//! terminal), driven through keys: a supervisor's scoring sheet half filled in, and an
//! agent's dispute being written. Each comes back on its review with what was entered, and
//! saves; a sheet on a review another supervisor scored meanwhile says why and quotes what
//! was typed.

mod support;
use chrono::Duration;
use crossterm::event::KeyCode;
use frontdesk::domain::quality::{QualityConfig, ReviewStatus};
use frontdesk::store::agents::{self, Role};
use frontdesk::store::quality::{self, View};
use frontdesk::store::{Db, drafts::DraftRecord};
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::App;
use std::path::Path;
use support::drafts::*;

/// Agent 1002's complaint call of an hour ago (every complaint call is reviewed), and
/// supervisors 2001 and 2002 in the store: the call's review, queued.
fn queued(dir: &Path) -> i64 {
    let mut db = Db::open(&dir.join("t.sqlite3")).unwrap();
    let agent = agents::ensure(&mut db, actor(None), "1002", "陈静", Role::Agent).unwrap();
    for emp in ["2001", "2002"] {
        agents::ensure(&mut db, actor(None), emp, "王主管", Role::Supervisor).unwrap();
    }
    let start = now() - Duration::hours(1);
    support::kpi_fx::call_of(&mut db, &agent, "complaint_attitude", start, 90);
    let rule = QualityConfig::builtin().sampling;
    quality::sample(&mut db, actor(None), chrono_tz::Asia::Shanghai, &rule).unwrap();
    let sup = agents::by_emp_no(&db, "2001").unwrap().unwrap();
    let rows = quality::list(&db, &sup, View::Queue).unwrap();
    assert_eq!(rows.len(), 1);
    rows[0].id
}

/// The quality page of `emp_no`'s app, the first review opened.
fn review_open(dir: &Path, emp_no: &str, role: Role) -> App {
    let mut app = app_as(dir, emp_no, role);
    more_tab(&mut app);
    for _ in 0..4 {
        key(&mut app, KeyCode::Right);
    }
    key(&mut app, KeyCode::Enter);
    app
}

/// Supervisor 2001 scoring the queued review, the first two criteria 4 and 3 and a
/// comment typed, when the session drops: the draft saved.
fn scoring(dir: &Path) -> DraftRecord {
    let mut app = review_open(dir, "2001", Role::Supervisor);
    typed(&mut app, "43");
    // On to the comment, past the other criteria and the fatal error.
    let n = QualityConfig::builtin().review.criteria.len();
    for _ in 2..=n {
        key(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "开场白不完整");
    dropped(app, dir, ("2001", Role::Supervisor), "desk_quality")
}

/// A half-filled scoring sheet comes back with its points and comment, and saves with
/// them once the rest is scored.
#[test]
fn a_scoring_sheet_comes_back_with_its_points_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let id = queued(dir.path());
    scoring(dir.path());
    let mut again = app_as(dir.path(), "2001", Role::Supervisor);
    restore(&mut again);
    assert_eq!(again.tab, Tab::Desk);
    let screen = support::screen::draw(&again);
    assert!(screen.contains("开场白不完整"), "{screen}");
    // The rest scored from the third criterion on, then saved.
    key(&mut again, KeyCode::Up);
    let def = QualityConfig::builtin().review;
    for _ in 2..def.criteria.len() {
        key(&mut again, KeyCode::Up);
    }
    typed(&mut again, "5555");
    save(&mut again);
    let sup = agents::by_emp_no(&again.db, "2001").unwrap().unwrap();
    let d = quality::detail(&again.db, &sup, id).unwrap();
    let round = d.rounds.last().unwrap_or_else(|| {
        panic!("not scored: {}", support::screen::draw(&again));
    });
    let points: Vec<Option<u8>> = def
        .criteria
        .iter()
        .map(|c| round.points.get(&c.id).map(|p| p.0))
        .collect();
    assert_eq!(
        points,
        vec![Some(4), Some(3), Some(5), Some(5), Some(5), Some(5)]
    );
    assert_eq!(round.comment, "开场白不完整");
}

/// Another supervisor scored the review after the session dropped: the sheet is not put
/// back on a review no longer to score; the page says why and quotes what was entered.
#[test]
fn a_scoring_sheet_on_a_review_scored_meanwhile_says_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let id = queued(dir.path());
    scoring(dir.path());
    let mut db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
    let other = agents::by_emp_no(&db, "2002").unwrap().unwrap();
    let def = QualityConfig::builtin().review;
    let scores = support::kpi_fx::points([5; 6], false);
    let v = quality::detail(&db, &other, id).unwrap().row.version;
    quality::score(&mut db, now(), &other, id, v, &scores, "", &def).unwrap();
    drop(db);
    refused_quoting(dir.path(), ("2001", Role::Supervisor), &["开场白不完整"]);
}

/// An agent's dispute being written comes back on their review, and is sent.
#[test]
fn a_dispute_being_written_comes_back_and_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let id = queued(dir.path());
    let mut db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
    let sup = agents::by_emp_no(&db, "2001").unwrap().unwrap();
    let def = QualityConfig::builtin().review;
    let scores = support::kpi_fx::points([2; 6], false);
    quality::score(&mut db, now(), &sup, id, 1, &scores, "", &def).unwrap();
    drop(db);
    let mut app = review_open(dir.path(), "1002", Role::Agent);
    key(&mut app, KeyCode::Char('d'));
    typed(&mut app, "客户先挂断，非我方原因");
    dropped(app, dir.path(), ("1002", Role::Agent), "desk_quality");
    let mut again = app_as(dir.path(), "1002", Role::Agent);
    restore(&mut again);
    let screen = support::screen::draw(&again);
    assert!(screen.contains("客户先挂断"), "{screen}");
    save(&mut again);
    let me = agents::by_emp_no(&again.db, "1002").unwrap().unwrap();
    let row = quality::detail(&again.db, &me, id).unwrap().row;
    assert_eq!(
        row.status,
        ReviewStatus::Disputed,
        "{}",
        support::screen::draw(&again)
    );
}
