//! A half-filled call form for a customer survives the app going away: the draft brings back
//! the customer (loaded again from the store) and what was typed, over what the customer's
//! archive fills in.

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
use frontdesk::ui::desk::Out;

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

#[test]
fn a_call_for_a_customer_comes_back_from_its_draft_with_the_customer_and_the_typing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, customer_id) = app(dir.path());
    // "Call this customer" from the archive: the template picker, then the form for them.
    app.carry_out(vec![Out::CallFor {
        customer_id,
        vehicle_id: None,
    }]);
    assert_eq!(app.tab, Tab::Calls);
    key(&mut app, KeyCode::Enter);
    let form = app.calls.form().expect("the call form");
    assert_eq!(form.customer.as_ref().map(|c| c.id), Some(customer_id));
    assert_eq!(form.query.value(), "张三");
    let field = form.fields.fields[form.fields.focus].key.to_string();
    for c in "客户说明天再来".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    assert_eq!(
        app.calls.form().unwrap().fields.get(&field),
        "客户说明天再来"
    );
    app.save_draft_now();
    drop(app);

    let (mut again, _) = self::app(dir.path());
    let record = frontdesk::store::drafts::load(again.db.conn(), "1002")
        .unwrap()
        .expect("draft saved");
    again.restore_draft(&record);
    assert_eq!(again.tab, Tab::Calls);
    let form = again.calls.form().expect("the call form is back");
    assert_eq!(form.customer.as_ref().map(|c| c.id), Some(customer_id));
    assert_eq!(form.query.value(), "张三");
    assert_eq!(form.fields.get(&field), "客户说明天再来");
}
