//! Half-filled forms survive the app going away (a dropped SSH session, a killed
//! terminal): the call form, the complaint register form and a step on a complaint's page,
//! the booking form and a step on a booking's page, a callback's work form, a knowledge
//! article and an event, several at once, each back in its tab with what was typed and the
//! customer, complaint, booking or task it was on, loaded again from the store. A draft
//! that can no longer be put back (another agent took the task, the visit started) says
//! what was typed instead of losing it; a draft an earlier version stored (one form, not a
//! list) still comes back.

mod support;
use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::CustomerData;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::{Actor, Db, customers};
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::App;

fn app(dir: &std::path::Path) -> (App, i64) {
    let path = dir.join("t.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let agent = agents::ensure(&mut db, actor, "1002", "陈静", Role::Agent).unwrap();
    let id = match customers::count(db.conn()).unwrap() {
        0 => {
            let data = CustomerData {
                name: "张三".into(),
                mobile: Some("13812341234".into()),
                ..Default::default()
            };
            customers::create(&mut db, actor, &data).unwrap()
        }
        _ => 1,
    };
    let settings = Settings::with_db(path, Lang::Zh);
    (
        App::new(db, Clock::fixed(tz, now), settings, Some(agent)),
        id,
    )
}

/// The session goes away with the draft saved (as the loop saves it after a pause); a new
/// one starts on the same store: the new app and the draft it finds.
fn gone_and_back(app: App, dir: &std::path::Path) -> (App, frontdesk::store::drafts::DraftRecord) {
    gone_and_back_to(app, || self::app(dir).0)
}

/// As [`gone_and_back`], the new session made by `reopen`.
fn gone_and_back_to(
    mut app: App,
    reopen: impl FnOnce() -> App,
) -> (App, frontdesk::store::drafts::DraftRecord) {
    app.save_draft_now();
    drop(app);
    let again = reopen();
    let record = frontdesk::store::drafts::load(again.db.conn(), "1002")
        .unwrap()
        .expect("draft saved");
    (again, record)
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
fn a_complaint_being_registered_comes_back_from_its_draft_with_its_customer() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, customer_id) = form_for_zhang(dir.path(), '4', Tab::Complaints);
    let picked = app.complaints.register_draft().and_then(|d| d.picked);
    assert_eq!(picked.map(|p| p.0), Some(customer_id));
    tab_to(&mut app, "category", register_form);
    typed(&mut app, "3");
    tab_to(&mut app, "summary", register_form);
    typed(&mut app, "更换刹车片后仍有异响");
    let summary = app.complaints.register_form().unwrap().get("summary");
    assert_eq!(summary, "更换刹车片后仍有异响");
    let (mut again, record) = gone_and_back(app, dir.path());
    assert_eq!(record.kind, "complaint");
    again.restore_draft(&record);
    assert_eq!(again.tab, Tab::Complaints);
    let picked = again
        .complaints
        .register_draft()
        .expect("the register form is back")
        .picked;
    let form = again.complaints.register_form().unwrap();
    assert_eq!(form.get("summary"), "更换刹车片后仍有异响");
    assert_eq!(picked.map(|p| p.0), Some(customer_id));
    assert!(
        form.get("customer").contains("张三"),
        "{}",
        form.get("customer")
    );
}

/// The new-record form of the tab `go` leads to, its customer text 张三 and the picker's
/// first hit (张三) picked with Enter.
fn form_for_zhang(dir: &std::path::Path, go: char, tab: Tab) -> (App, i64) {
    let (mut app, customer_id) = app(dir);
    app.tick();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char(go));
    assert_eq!(app.tab, tab);
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "张三");
    key(&mut app, KeyCode::Enter);
    (app, customer_id)
}

fn register_form(app: &App) -> Option<&frontdesk::ui::widgets::form::Form> {
    app.complaints.register_form()
}

/// A draft of agent 1002's as an earlier session stored it.
fn stored(kind: &str, body: &str) -> frontdesk::store::drafts::DraftRecord {
    frontdesk::store::drafts::DraftRecord {
        owner: "1002".into(),
        kind: kind.into(),
        body: body.into(),
        saved_at: Utc.with_ymd_and_hms(2026, 11, 23, 1, 20, 0).unwrap(),
    }
}

/// A callback task due today for the store's customer, claimed by `holder` (None: in the
/// pool).
fn task(app: &App, customer_id: i64, holder: Option<i64>) -> i64 {
    let status = if holder.is_some() { "claimed" } else { "open" };
    app.db
        .conn()
        .execute(
            "INSERT INTO callback_tasks (uuid, store_id, kind, level, customer_id,
                 source_table, source_id, anchor_date, due_date, window_start, window_end,
                 status, claimed_by, created_at, updated_at)
             VALUES ('t1', ?1, '3dc', 1, ?2, 'customers', ?2, '2026-11-20', '2026-11-23',
                     '2026-11-20', '2026-11-30', ?3, ?4, '2026-11-20T00:00:00Z',
                     '2026-11-20T00:00:00Z')",
            rusqlite::params![app.db.store_id(), customer_id, status, holder],
        )
        .unwrap();
    app.db.conn().last_insert_rowid()
}

/// Tabs on to the focused form's field `name` (`form` reads the form from the app).
fn tab_to(
    app: &mut App,
    name: &str,
    form: fn(&App) -> Option<&frontdesk::ui::widgets::form::Form>,
) {
    for _ in 0..16 {
        let f = form(app).expect("a form is open");
        if f.fields[f.focus].key == name {
            return;
        }
        key(app, KeyCode::Tab);
    }
    panic!("no field {name}");
}

fn book_form(app: &App) -> Option<&frontdesk::ui::widgets::form::Form> {
    app.appointments.book_form()
}

fn work_form(app: &App) -> Option<&frontdesk::ui::widgets::form::Form> {
    app.callbacks.work().map(|(_, f)| f)
}

/// A booking form with its customer picked and a need typed comes back in its tab, the
/// customer picked again.
#[test]
fn a_booking_being_made_comes_back_with_its_customer() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, customer_id) = form_for_zhang(dir.path(), '2', Tab::Appointments);
    assert_eq!(
        app.appointments.picked().map(|p| p.customer_id),
        Some(customer_id)
    );
    tab_to(&mut app, "need", book_form);
    typed(&mut app, "刹车异响检查");
    let (mut again, record) = gone_and_back(app, dir.path());
    assert_eq!(record.kind, "booking");
    again.tick();
    again.restore_draft(&record);
    assert_eq!(again.tab, Tab::Appointments);
    let booking = again
        .appointments
        .book_form()
        .expect("the booking form is back");
    assert_eq!(booking.get("need"), "刹车异响检查");
    assert_eq!(
        again.appointments.picked().map(|p| p.customer_id),
        Some(customer_id)
    );
}

/// A callback's notes typed on a claimed task come back on that task, still this agent's.
#[test]
fn a_callback_being_worked_comes_back_on_its_task() {
    let dir = tempfile::tempdir().unwrap();
    let (app, customer_id) = app(dir.path());
    let me = agents::by_emp_no(&app.db, "1002").unwrap().unwrap().id;
    let task_id = task(&app, customer_id, None);
    drop(app);
    let (mut app, _) = self::app(dir.path());
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(app.tab, Tab::Callbacks);
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.callbacks.work().map(|(t, _)| t.row.id),
        Some(task_id),
        "{}",
        support::screen::draw(&app)
    );
    tab_to(&mut app, "notes", work_form);
    typed(&mut app, "客户说下周再来");
    let (mut again, record) = gone_and_back(app, dir.path());
    assert_eq!(record.kind, "callback");
    again.restore_draft(&record);
    assert_eq!(again.tab, Tab::Callbacks);
    let (task, work) = again.callbacks.work().expect("the callback form is back");
    assert_eq!(task.row.id, task_id);
    assert_eq!(work.get("notes"), "客户说下周再来");
    // Still this agent's claim.
    let holder: Option<i64> = again
        .db
        .conn()
        .query_row(
            "SELECT claimed_by FROM callback_tasks WHERE id = ?1",
            [task_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(holder, Some(me));
}

/// Two forms left open (a call form opened a new customer's form, say) are kept in one
/// draft and both come back, the first one's tab shown; the offer names both.
#[test]
fn two_forms_in_one_draft_both_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let (app, customer_id) = app(dir.path());
    let task_id = task(&app, customer_id, None);
    drop(app);
    let (mut app, _) = self::app(dir.path());
    let body = format!(
        r#"[{{"kind":"complaint","picked":[{customer_id},null],"values":[["summary","空调不制冷"]]}},
            {{"kind":"callback","task_id":{task_id},"values":[["notes","客户说下周再来"]]}}]"#
    );
    let record = stored("complaint,callback", &body);
    assert_eq!(
        frontdesk::ui::drafts::kinds_said(&record.kind, Lang::Zh),
        "投诉登记、回访记录"
    );
    app.restore_draft(&record);
    assert_eq!(app.tab, Tab::Complaints);
    let form = app
        .complaints
        .register_form()
        .expect("the register form is back");
    assert_eq!(form.get("summary"), "空调不制冷");
    let (task, work) = app.callbacks.work().expect("the callback form is back");
    assert_eq!(task.row.id, task_id);
    assert_eq!(work.get("notes"), "客户说下周再来");
    // Saved again as it now stands: both forms, in the same order.
    assert_eq!(
        app.draft_record().map(|r| r.kind).as_deref(),
        Some("complaint,callback")
    );
}

/// The task was given to another agent after the session dropped: the notes typed on it
/// are said with the refusal, not lost without a word.
#[test]
fn a_callback_draft_whose_task_another_agent_took_says_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let (app, customer_id) = app(dir.path());
    let other = agents::ensure(
        &mut Db::open(&dir.path().join("t.sqlite3")).unwrap(),
        Actor {
            agent_id: None,
            at: Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap(),
        },
        "1003",
        "王磊",
        Role::Agent,
    )
    .unwrap();
    let task_id = task(&app, customer_id, Some(other.id));
    drop(app);
    let (mut again, _) = self::app(dir.path());
    let body = format!(
        r#"[{{"kind":"callback","task_id":{task_id},"values":[["outcome","1"],["notes","客户说下周再来"]]}}]"#
    );
    let record = stored("callback", &body);
    again.restore_draft(&record);
    assert_eq!(again.tab, Tab::Callbacks);
    assert!(again.callbacks.work().is_none());
    let screen = support::screen::draw(&again);
    assert!(screen.contains("王磊"), "{screen}");
    assert!(screen.contains("客户说下周再来"), "{screen}");
}

/// A draft stored by the version before drafts were lists (one form, an object) is read.
#[test]
fn a_draft_stored_as_one_form_still_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = app(dir.path());
    let record = stored(
        "complaint",
        r#"{"kind":"complaint","picked":null,"values":[["summary","空调不制冷"]]}"#,
    );
    app.restore_draft(&record);
    assert_eq!(app.tab, Tab::Complaints);
    let form = app
        .complaints
        .register_form()
        .expect("the register form is back");
    assert_eq!(form.get("summary"), "空调不制冷");
}

/// A complaint registered for 张三 in the store (no first contact yet).
fn complaint_of(app: &mut App, customer_id: i64) -> i64 {
    let sys = Actor {
        agent_id: None,
        at: Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap(),
    };
    frontdesk::store::complaints::register(
        &mut app.db,
        sys,
        &frontdesk::store::complaints::NewComplaint {
            customer_id: Some(customer_id),
            vehicle_id: None,
            call_id: None,
            channel: "phone".into(),
            received_at: sys.at,
            category: frontdesk::domain::complaints::Category::RepairQuality,
            loss_yuan: None,
            severity_by_hand: None,
            station: "售后服务部".into(),
            summary: "返修后仍异响".into(),
            demand: "彻底修好".into(),
            handler_id: None,
        },
    )
    .unwrap()
}

/// A note being written on a complaint's page comes back on that page, the note form open
/// with its text.
#[test]
fn a_note_being_written_on_a_complaint_comes_back_on_its_page() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, customer_id) = app(dir.path());
    let id = complaint_of(&mut app, customer_id);
    drop(app);
    let (mut app, _) = self::app(dir.path());
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.complaints.detail().map(|d| d.row.id), Some(id));
    key(&mut app, KeyCode::Char('t'));
    typed(&mut app, "客户要求下午回电");
    let (mut again, record) = gone_and_back(app, dir.path());
    assert_eq!(record.kind, "complaint_step");
    again.restore_draft(&record);
    assert_eq!(again.tab, Tab::Complaints);
    assert_eq!(again.complaints.detail().map(|d| d.row.id), Some(id));
    let d = again
        .complaints
        .step_draft()
        .expect("the note form is back");
    assert_eq!(d.step, frontdesk::ui::complaints::Step::Note);
    assert_eq!(
        d.values,
        vec![("text".to_string(), "客户要求下午回电".to_string())]
    );
}

/// A step the complaint no longer allows (here: closing one that was never contacted)
/// is not opened again: the page says why and what was typed.
#[test]
fn a_step_draft_the_complaint_no_longer_allows_says_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, customer_id) = app(dir.path());
    let id = complaint_of(&mut app, customer_id);
    let body = format!(
        r#"[{{"kind":"complaint_step","complaint_id":{id},"step":"resolve","values":[["resolution","已更换刹车片，试车无异响"]]}}]"#
    );
    app.restore_draft(&stored("complaint_step", &body));
    assert_eq!(app.complaints.detail().map(|d| d.row.id), Some(id));
    assert!(app.complaints.step_draft().is_none());
    let screen = support::screen::draw(&app);
    assert!(screen.contains("已更换刹车片"), "{screen}");
    assert!(!screen.contains("。。"), "{screen}");
}

/// A booking for today 14:00 (客户0's car) in the booking fixture's store, and agent
/// 1002's app on it.
fn booked() -> (support::appointments_fx::Fx, i64) {
    use support::appointments_fx::*;
    let mut f = fx(1);
    let id = f.book(f.booking(0, 0, 0, at(23, 14, 0))).unwrap();
    (f, id)
}

fn app_on(f: &support::appointments_fx::Fx) -> App {
    f.app()
}

/// A cancellation being written on a booking's page comes back on that page.
#[test]
fn a_cancellation_being_written_comes_back_on_its_booking() {
    let (f, id) = booked();
    let mut app = app_on(&f);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.appointments.detail().map(|d| d.booking.row.id),
        Some(id)
    );
    key(&mut app, KeyCode::Char('x'));
    typed(&mut app, "1");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "客户临时出差");
    let (mut again, record) = gone_and_back_to(app, || app_on(&f));
    assert_eq!(record.kind, "booking_step");
    again.restore_draft(&record);
    assert_eq!(again.tab, Tab::Appointments);
    assert_eq!(
        again.appointments.detail().map(|d| d.booking.row.id),
        Some(id)
    );
    let d = again
        .appointments
        .step_draft()
        .expect("the cancel form is back");
    assert_eq!(d.step, frontdesk::ui::appointments::StepForm::Cancel(id));
    let note = d
        .values
        .iter()
        .find(|(k, _)| k == "note")
        .map(|(_, v)| v.as_str());
    assert_eq!(note, Some("客户临时出差"));
}

/// The visit started meanwhile: its cancellation is not reopened; the page says why and
/// quotes the note typed.
#[test]
fn a_cancellation_of_a_visit_now_in_service_says_what_was_typed() {
    use frontdesk::domain::appointments::Transition;
    let (mut f, id) = booked();
    let when = support::appointments_fx::at(23, 13, 50);
    f.step(id, Transition::Arrive, when).unwrap();
    f.step(id, Transition::StartService, when).unwrap();
    let mut app = app_on(&f);
    let body = format!(
        r#"[{{"kind":"booking_step","step":{{"cancel":{id}}},"values":[["reason","1"],["note","客户临时出差"]]}}]"#
    );
    app.restore_draft(&stored("booking_step", &body));
    assert_eq!(
        app.appointments.detail().map(|d| d.booking.row.id),
        Some(id)
    );
    assert!(app.appointments.step_draft().is_none());
    let screen = support::screen::draw(&app);
    assert!(screen.contains("客户临时出差"), "{screen}");
}

/// An article and an event being written on the More tab come back there, each on its
/// page with what was typed; saved again, the draft is the same as stored.
#[test]
fn an_article_and_an_event_being_written_come_back_on_the_more_tab() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = app(dir.path());
    let body = r#"[{"kind":"desk","page":"knowledge","form":"new:policy","record":null,"values":[["brand","比亚迪"],["coverage","动力电池首任车主不限里程"]],"base":null},{"kind":"desk","page":"events","form":"event","record":null,"values":[["title","冬季用车讲座"],["place","二楼客休区"]],"base":null}]"#;
    let kinds = "desk_knowledge,desk_events";
    assert_eq!(
        frontdesk::ui::drafts::kinds_said(kinds, Lang::En),
        "a knowledge-base article, a customer event"
    );
    app.restore_draft(&stored(kinds, body));
    assert_eq!(app.tab, Tab::Desk);
    let record = app.draft_record().expect("both forms hold the typing");
    assert_eq!(record.kind, kinds);
    let again: serde_json::Value = serde_json::from_str(&record.body).unwrap();
    let stored: serde_json::Value = serde_json::from_str(body).unwrap();
    for (a, s) in again
        .as_array()
        .unwrap()
        .iter()
        .zip(stored.as_array().unwrap())
    {
        for k in ["page", "form", "record", "base"] {
            assert_eq!(a[k], s[k], "{k}");
        }
        // Every field is kept; those typed hold what was typed.
        let values = a["values"].as_array().unwrap();
        for typed in s["values"].as_array().unwrap() {
            assert!(values.contains(typed), "{typed} in {values:?}");
        }
    }
    // The page shown is the article's (the first draft), its form open with the text.
    let screen = support::screen::draw(&app);
    assert!(screen.contains("动力电池首任车主不限里程"), "{screen}");
}

/// An edit's draft keeps the version seen and the form as it opened: put back, only the
/// agent's own change counts as typed, and the record and version go with the form.
#[test]
fn an_edit_on_the_more_tab_keeps_its_version_and_what_it_opened_with() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = app(dir.path());
    let body = r#"[{"kind":"desk","page":"events","form":"event","record":[7,3],"values":[["title","冬季用车讲座（改期）"],["place","二楼客休区"]],"base":[["title","冬季用车讲座"],["place","二楼客休区"]]}]"#;
    app.restore_draft(&stored("desk_events", body));
    let record = app.draft_record().expect("the edit holds the typing");
    let again: serde_json::Value = serde_json::from_str(&record.body).unwrap();
    assert_eq!(again[0]["record"], serde_json::json!([7, 3]));
    assert_eq!(again[0]["base"][0][1], "冬季用车讲座");
    assert_eq!(again[0]["values"][0][1], "冬季用车讲座（改期）");
}

/// A half-filled call form for a customer comes back with the customer (loaded again from
/// the store) and what was typed, over what the customer's archive fills in.
#[test]
fn a_call_for_a_customer_comes_back_from_its_draft_with_the_customer_and_the_typing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, customer_id) = app(dir.path());
    // "Call this customer" from the archive: the template picker, then the form for them.
    app.carry_out(vec![frontdesk::ui::desk::Out::CallFor {
        customer_id,
        vehicle_id: None,
    }]);
    assert_eq!(app.tab, Tab::Calls);
    key(&mut app, KeyCode::Enter);
    let form = app.calls.form().expect("the call form");
    assert_eq!(form.customer.as_ref().map(|c| c.id), Some(customer_id));
    assert_eq!(form.query.value(), "张三");
    let field = form.fields.fields[form.fields.focus].key.to_string();
    typed(&mut app, "客户说明天再来");
    assert_eq!(
        app.calls.form().unwrap().fields.get(&field),
        "客户说明天再来"
    );
    let (mut again, record) = gone_and_back(app, dir.path());
    assert_eq!(record.kind, "call");
    again.restore_draft(&record);
    assert_eq!(again.tab, Tab::Calls);
    let form = again.calls.form().expect("the call form is back");
    assert_eq!(form.customer.as_ref().map(|c| c.id), Some(customer_id));
    assert_eq!(form.query.value(), "张三");
    assert_eq!(form.fields.get(&field), "客户说明天再来");
}
