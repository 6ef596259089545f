//! Half-filled forms on the More tab's pages survive the app going away (a dropped SSH
//! session, a killed terminal), driven through keys as an agent types them: an
//! improvement action being raised, a supervisor's verification note on an action, a
//! hand-over receipt. Each comes back on its page with what was typed, and saves; one the
//! record no longer allows (an action verified meanwhile, a file whose documents all came
//! in) says why and quotes what was typed.

mod handover_fx;
mod support;
use chrono::NaiveDate;
use crossterm::event::KeyCode;
use frontdesk::domain::improvements::{Department, Status};
use frontdesk::store::Db;
use frontdesk::store::agents::{self, Agent, Role};
use frontdesk::store::drafts::DraftRecord;
use frontdesk::store::improvements::{self as si, NewImprovement};
use frontdesk::ui::action::Tab;
use std::path::Path;
use support::drafts::*;

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
    // Nothing is left to save: the note is said, not kept on a form.
    let quoted = ["当时填写：复查三台交车"];
    refused_quoting(dir.path(), ("2001", Role::Supervisor), &quoted);
}

/// A repair order closed on 11-20 by advisor 李师傅, its documents not in yet (so on the
/// hand-over list on 11-23): its id.
fn repair_order(dir: &Path) -> i64 {
    use frontdesk::domain::handover::HandoverKind;
    let closed = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let file = (HandoverKind::Repair, closed, None, "李师傅".to_string());
    handover_fx::store_at(&dir.join("t.sqlite3"), &[file]);
    1
}

/// Agent 1002 recording on the hand-over page that 孙伟 brought the order's documents but
/// the first, when the session drops: the draft saved.
fn receiving(dir: &Path) -> DraftRecord {
    let mut app = app_as(dir, "1002", Role::Agent);
    more_tab(&mut app);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Char('m'));
    // The first document unticked; the day left as today; the name typed over.
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    retype(&mut app, "李师傅", "孙伟");
    dropped(app, dir, ("1002", Role::Agent), "desk_handover")
}

/// A hand-over receipt comes back on its file with what was ticked and typed, and saves
/// as it was.
#[test]
fn a_hand_over_receipt_comes_back_on_its_file_and_saves() {
    use frontdesk::domain::handover::HandoverKind;
    let dir = tempfile::tempdir().unwrap();
    let id = repair_order(dir.path());
    receiving(dir.path());
    let mut again = app_as(dir.path(), "1002", Role::Agent);
    restore(&mut again);
    assert_eq!(again.tab, Tab::Desk);
    let screen = support::screen::draw(&again);
    assert!(screen.contains("孙伟"), "{screen}");
    // The cursor is back on who handed them over: typing goes on there.
    typed(&mut again, "华");
    save(&mut again);
    let lines =
        frontdesk::store::handover::checklist(again.db.conn(), HandoverKind::Repair, id).unwrap();
    let got: Vec<(&str, bool, &str)> = lines
        .iter()
        .map(|l| (l.key.as_str(), l.received.is_some(), l.handed_by.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("reception_order", false, ""),
            ("work_order", true, "孙伟华"),
            ("settlement", true, "孙伟华"),
        ],
        "{}",
        support::screen::draw(&again)
    );
}

/// Another agent recorded all the order's documents after the session dropped: the
/// receipt is not put back on a file no longer followed up; the page says why and quotes
/// what was ticked and typed.
#[test]
fn a_hand_over_receipt_for_a_file_now_complete_says_what_was_typed() {
    use frontdesk::domain::handover::HandoverKind;
    use frontdesk::store::handover::{Receipt, mark_received};
    let dir = tempfile::tempdir().unwrap();
    let id = repair_order(dir.path());
    let record = receiving(dir.path());
    let mut db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    // The version the agent saw, as the draft keeps it.
    let body: serde_json::Value = serde_json::from_str(&record.body).unwrap();
    let version = body[0]["record"][1].as_i64().unwrap();
    let r = Receipt {
        kind: HandoverKind::Repair,
        file_id: id,
        version,
        documents: vec![
            "reception_order".into(),
            "work_order".into(),
            "settlement".into(),
        ],
        day: today,
        handed_by: "王磊".into(),
    };
    mark_received(&mut db, actor(None), today, &r).unwrap();
    drop(db);
    refused_quoting(
        dir.path(),
        ("1002", Role::Agent),
        &["派工单、结算单", "孙伟"],
    );
}

/// An article typed through the keys by a supervisor comes back on the knowledge page
/// and saves as typed.
#[test]
fn an_article_being_written_comes_back_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_as(dir.path(), "2001", Role::Supervisor);
    more_tab(&mut app);
    key(&mut app, KeyCode::Right);
    // A service station: the kind the filter moves to first.
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('n'));
    for text in [
        "深圳",
        "南山服务站",
        "比亚迪",
        "0755-26000000",
        "南山区科技园",
    ] {
        typed(&mut app, text);
        key(&mut app, KeyCode::Tab);
    }
    dropped(
        app,
        dir.path(),
        ("2001", Role::Supervisor),
        "desk_knowledge",
    );
    let mut again = app_as(dir.path(), "2001", Role::Supervisor);
    restore(&mut again);
    assert_eq!(again.tab, Tab::Desk);
    save(&mut again);
    let counts = frontdesk::store::kb::count_by_kind(again.db.conn()).unwrap();
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    assert_eq!(total, 1, "{}", support::screen::draw(&again));
}
