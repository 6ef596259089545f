//! The number a rescue case is called back on (the 30-minute contact, §2.2): the call's
//! contact field when the agent wrote one, else the customer's mobile, else their
//! landline, else none.

mod calls_store_fx;

use calls_store_fx::*;
use chrono::Duration;
use frontdesk::store::Db;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::calls;

fn with_phones(db: &mut Db, cid: i64, mobile: Option<&str>, landline: Option<&str>) {
    db.conn()
        .execute(
            "UPDATE customers SET mobile = ?1, landline = ?2 WHERE id = ?3",
            rusqlite::params![mobile, landline, cid],
        )
        .unwrap();
}

/// The phone of the rescue case a call with `contact` opens for customer `cid`.
fn phone_of(db: &mut Db, agent: i64, cid: i64, contact: &str) -> String {
    let started = t0();
    let mut c = call("rescue_roadside", started, true);
    c.customer_id = Some(cid);
    c.fields.insert("location".into(), "滨海大道后海段".into());
    c.fields.insert("contact".into(), contact.into());
    let saved = calls::save(db, by(agent, started + Duration::minutes(4)), &c).unwrap();
    calls::rescue(db.conn(), saved.rescue_id.unwrap())
        .unwrap()
        .phone
}

#[test]
fn a_rescue_case_is_called_back_on_the_number_the_call_gave_else_the_archive() {
    let (_dir, _path, mut db) = new_db();
    let agent = agents::ensure(&mut db, at(t0()), "1002", "陈静", Role::Agent)
        .unwrap()
        .id;
    let cid = customer(&mut db, "张三");
    with_phones(&mut db, cid, Some("13812341234"), Some("0755-88886666"));
    assert_eq!(phone_of(&mut db, agent, cid, "13998765678"), "13998765678");
    assert_eq!(phone_of(&mut db, agent, cid, "  "), "13812341234");
    with_phones(&mut db, cid, None, Some("0755-88886666"));
    assert_eq!(phone_of(&mut db, agent, cid, ""), "0755-88886666");
    with_phones(&mut db, cid, None, None);
    assert_eq!(phone_of(&mut db, agent, cid, ""), "");
}
