//! A half-filled complaint register form survives the app going away (a dropped SSH
//! session, a killed terminal): the draft brings back what was typed and the customer
//! picked on it, loaded again from the store.

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

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Tabs on to the register form's field `name`.
fn to_field(app: &mut App, name: &str) {
    for _ in 0..12 {
        let f = app.complaints.register_form().unwrap();
        if f.fields[f.focus].key == name {
            return;
        }
        key(app, KeyCode::Tab);
    }
    panic!("no field {name}");
}

#[test]
fn a_complaint_being_registered_comes_back_from_its_draft_with_its_customer() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, customer_id) = app(dir.path());
    app.tick();
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('4'));
    assert_eq!(app.tab, Tab::Complaints);
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "张三");
    // The picker lists them: Enter picks.
    key(&mut app, KeyCode::Enter);
    let picked = app.complaints.register_draft().and_then(|(_, p)| p);
    assert_eq!(picked.map(|p| p.0), Some(customer_id));
    to_field(&mut app, "category");
    typed(&mut app, "3");
    to_field(&mut app, "summary");
    typed(&mut app, "更换刹车片后仍有异响");
    let summary = app.complaints.register_form().unwrap().get("summary");
    assert_eq!(summary, "更换刹车片后仍有异响");
    app.save_draft_now();
    drop(app);

    let (mut again, _) = self::app(dir.path());
    let record = frontdesk::store::drafts::load(again.db.conn(), "1002")
        .unwrap()
        .expect("draft saved");
    assert_eq!(record.kind, "complaint");
    again.restore_draft(&record);
    assert_eq!(again.tab, Tab::Complaints);
    let (form, picked) = again
        .complaints
        .register_draft()
        .expect("the register form is back");
    assert_eq!(form.get("summary"), "更换刹车片后仍有异响");
    assert_eq!(picked.map(|p| p.0), Some(customer_id));
    assert!(
        form.get("customer").contains("张三"),
        "{}",
        form.get("customer")
    );
}
