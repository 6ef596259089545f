//! The call log on temporary databases: follow-ups of unresolved consultations, rescue cases
//! and their 30-minute clock, complaints opened by complaint calls, and corrections with
//! their revisions. The list and migration are in `calls_list.rs`, templates in
//! `calls_templates.rs`.

mod calls_store_fx;

use calls_store_fx::*;
use chrono::{Duration, TimeZone, Utc};
use frontdesk::domain::calls::{Channel, Dispatch, RescueStage};
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::calls::{self, RescueStep};
use frontdesk::store::{Db, StoreError, audit};
use std::collections::BTreeMap;

// ---------------------------------------------------------------- follow-ups

#[test]
fn an_unresolved_consultation_is_due_back_24_hours_after_the_call_ended() {
    let (_dir, _path, mut db) = new_db();
    let agent = agents::ensure(&mut db, at(t0()), "1002", "陈静", Role::Agent).unwrap();
    let started = t0();
    let ended = started + Duration::minutes(7) + Duration::seconds(12);

    let open = calls::save(
        &mut db,
        by(agent.id, ended),
        &call("consult_warranty", started, false),
    )
    .unwrap();
    assert_eq!(open.rescue_id, None);
    assert_eq!(open.complaint_id, None);
    let resolved = calls::save(
        &mut db,
        by(agent.id, ended),
        &call("consult_warranty", started, true),
    )
    .unwrap();

    let d = calls::get(db.conn(), open.call_id).unwrap();
    assert_eq!(d.row.follow_up_due, Some(ended + Duration::hours(24)));
    assert_eq!(
        d.row.follow_up_due.unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 24, 1, 37, 12).unwrap(),
        "24 h after the end of the call, to the second"
    );
    assert_eq!(d.ended_at, ended);
    assert_eq!(d.row.duration_s, 7 * 60 + 12);
    assert!(!d.row.resolved);
    assert!(!d.row.follow_up_done);
    assert_eq!(d.row.agent, "1002");
    let stored: Option<String> = db
        .conn()
        .query_row(
            "SELECT follow_up_due FROM calls WHERE id = ?1",
            [open.call_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored.as_deref(), Some("2026-11-24T01:37:12Z"));

    let r = calls::get(db.conn(), resolved.call_id).unwrap();
    assert!(r.row.resolved);
    assert_eq!(
        r.row.follow_up_due, None,
        "a resolved call has no follow-up"
    );

    // Only the open one is listed, and it closes once.
    let due = calls::open_follow_ups(db.conn(), 10).unwrap();
    assert_eq!(ids(&due), [open.call_id]);
    let answered_at = ended + Duration::hours(3);
    calls::complete_follow_up(
        &mut db,
        by(agent.id, answered_at),
        open.call_id,
        "已告知三年或十万公里",
    )
    .unwrap();
    assert!(calls::open_follow_ups(db.conn(), 10).unwrap().is_empty());
    let d = calls::get(db.conn(), open.call_id).unwrap();
    assert!(d.row.follow_up_done);
    assert_eq!(d.follow_up_note.as_deref(), Some("已告知三年或十万公里"));
    let (done_at, done_by): (String, i64) = db
        .conn()
        .query_row(
            "SELECT follow_up_done_at, follow_up_done_by FROM calls WHERE id = ?1",
            [open.call_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(done_at, "2026-11-23T04:37:12Z");
    assert_eq!(done_by, agent.id);

    let again = calls::complete_follow_up(&mut db, by(agent.id, answered_at), open.call_id, "再次");
    assert!(
        matches!(again, Err(StoreError::Said { .. })),
        "a second completion must be refused: {again:?}"
    );
    let said = again.unwrap_err().message(Lang::Zh);
    assert!(
        said.contains("已由") && said.contains("已告知三年或十万公里"),
        "the refusal names who answered and what: {said}"
    );
    assert_eq!(
        calls::get(db.conn(), open.call_id)
            .unwrap()
            .follow_up_note
            .as_deref(),
        Some("已告知三年或十万公里"),
        "the refused completion changed nothing"
    );
    // A resolved call has no follow-up to complete.
    assert!(matches!(
        calls::complete_follow_up(&mut db, by(agent.id, answered_at), resolved.call_id, "x"),
        Err(StoreError::Said { .. })
    ));

    assert_eq!(
        audit_actions(&db, "call", open.call_id),
        ["create", "follow_up_done"]
    );
    assert_eq!(audit_actions(&db, "call", resolved.call_id), ["create"]);
    let entries = audit::for_entity(db.conn(), "call", open.call_id, 1).unwrap();
    assert_eq!(entries[0].agent.as_deref(), Some("1002 陈静"));
    assert!(
        entries[0]
            .after
            .as_deref()
            .is_some_and(|a| a.contains("已告知三年或十万公里")),
        "{entries:?}"
    );
}

// ---------------------------------------------------------------- rescue cases

#[test]
fn a_rescue_call_opens_a_case_with_a_30_minute_clock_and_timestamped_steps() {
    let (_dir, _path, mut db) = new_db();
    let agent = agents::ensure(&mut db, at(t0()), "1002", "陈静", Role::Agent).unwrap();
    let cid = customer(&mut db, "张三");
    let vid = vehicle(&mut db, cid, 1, "粤B12345");
    let started = t0();
    let ended = started + Duration::minutes(4);
    let mut c = call("rescue_roadside", started, true);
    c.customer_id = Some(cid);
    c.vehicle_id = Some(vid);
    c.fields.insert("location".into(), "滨海大道后海段".into());
    let saved = calls::save(&mut db, by(agent.id, ended), &c).unwrap();
    let rid = saved.rescue_id.expect("a rescue call opens a rescue case");
    assert_eq!(saved.complaint_id, None);
    assert_eq!(
        calls::get(db.conn(), saved.call_id).unwrap().rescue_id,
        Some(rid)
    );
    assert_eq!(
        calls::get(db.conn(), saved.call_id)
            .unwrap()
            .row
            .follow_up_due,
        None,
        "a rescue is not a consultation follow-up"
    );

    let r = calls::rescue(db.conn(), rid).unwrap();
    assert_eq!(r.call_id, saved.call_id);
    assert_eq!(r.customer, "张三");
    assert_eq!(r.plate.as_deref(), Some("粤B12345"));
    assert_eq!(r.location, "滨海大道后海段");
    assert_eq!(r.opened_at, ended);
    assert_eq!(r.contact_due, ended + Duration::minutes(30));
    assert_eq!(r.contacted_at, None);
    assert_eq!(r.stage(), RescueStage::AwaitingContact);

    // The clock: on time up to and at the deadline, late after it.
    let due = r.contact_due;
    assert_eq!(calls::rescues_to_contact(db.conn(), ended).unwrap(), (1, 0));
    assert_eq!(
        calls::rescues_to_contact(db.conn(), due - Duration::seconds(1)).unwrap(),
        (1, 0)
    );
    assert_eq!(calls::rescues_to_contact(db.conn(), due).unwrap(), (1, 0));
    assert_eq!(
        calls::rescues_to_contact(db.conn(), due + Duration::minutes(1)).unwrap(),
        (1, 1)
    );
    assert_eq!(ids_of_rescues(&db), [rid]);

    // Contacted, dispatched, closed: each timestamped with its own time and agent.
    let t_contact = ended + Duration::minutes(12);
    let t_dispatch = ended + Duration::minutes(20);
    let t_close = ended + Duration::minutes(95);
    calls::rescue_step(
        &mut db,
        by(agent.id, t_contact),
        rid,
        &RescueStep::Contacted,
    )
    .unwrap();
    let r = calls::rescue(db.conn(), rid).unwrap();
    assert_eq!(r.contacted_at, Some(t_contact));
    assert_eq!(r.stage(), RescueStage::Contacted);
    assert_eq!(
        calls::rescues_to_contact(db.conn(), due + Duration::minutes(1)).unwrap(),
        (0, 0),
        "a contacted case no longer waits for its first contact, nor is late"
    );
    // Contacted twice is refused.
    assert!(matches!(
        calls::rescue_step(
            &mut db,
            by(agent.id, t_contact),
            rid,
            &RescueStep::Contacted
        ),
        Err(StoreError::Said { .. })
    ));

    calls::rescue_step(
        &mut db,
        by(agent.id, t_dispatch),
        rid,
        &RescueStep::Dispatched {
            how: Dispatch::Technician,
            technician: "李师傅".into(),
            eta: "10:40".into(),
        },
    )
    .unwrap();
    let r = calls::rescue(db.conn(), rid).unwrap();
    assert_eq!(
        r.contacted_at,
        Some(t_contact),
        "dispatch keeps the contact"
    );
    assert_eq!(r.dispatched_at, Some(t_dispatch));
    assert_eq!(r.dispatch, Some(Dispatch::Technician));
    assert_eq!(r.technician.as_deref(), Some("李师傅"));
    assert_eq!(r.eta.as_deref(), Some("10:40"));
    assert_eq!(r.stage(), RescueStage::Dispatched);

    calls::rescue_step(
        &mut db,
        by(agent.id, t_close),
        rid,
        &RescueStep::Closed {
            result: "更换蓄电池后恢复行驶".into(),
        },
    )
    .unwrap();
    let r = calls::rescue(db.conn(), rid).unwrap();
    assert_eq!(r.closed_at, Some(t_close));
    assert_eq!(r.result.as_deref(), Some("更换蓄电池后恢复行驶"));
    assert_eq!(r.stage(), RescueStage::Closed);
    let by_cols: (i64, i64, i64) = db
        .conn()
        .query_row(
            "SELECT contacted_by, dispatched_by, closed_by FROM rescue_cases WHERE id = ?1",
            [rid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(by_cols, (agent.id, agent.id, agent.id));

    // A closed case takes no more steps and no longer counts or lists.
    for step in [
        RescueStep::Contacted,
        RescueStep::Dispatched {
            how: Dispatch::Tow,
            technician: String::new(),
            eta: String::new(),
        },
        RescueStep::Closed {
            result: "again".into(),
        },
    ] {
        let e = calls::rescue_step(&mut db, by(agent.id, t_close), rid, &step);
        assert!(
            matches!(e, Err(StoreError::Said { .. })),
            "{step:?} on a closed case: {e:?}"
        );
    }
    let r = calls::rescue(db.conn(), rid).unwrap();
    assert_eq!(r.result.as_deref(), Some("更换蓄电池后恢复行驶"));
    assert_eq!(r.dispatch, Some(Dispatch::Technician));
    assert!(calls::open_rescues(db.conn(), 10).unwrap().is_empty());
    assert_eq!(
        calls::rescues_to_contact(db.conn(), t_close + Duration::hours(5)).unwrap(),
        (0, 0)
    );
    assert!(matches!(
        calls::rescue_step(
            &mut db,
            by(agent.id, t_close),
            rid + 99,
            &RescueStep::Contacted
        ),
        Err(StoreError::NotFound)
    ));

    assert_eq!(
        audit_actions(&db, "rescue", rid),
        ["rescue_step", "rescue_step", "rescue_step"]
    );
    assert_eq!(audit_actions(&db, "call", saved.call_id), ["create"]);
}

fn ids_of_rescues(db: &Db) -> Vec<i64> {
    calls::open_rescues(db.conn(), 10)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn open_rescues_put_the_uncontacted_and_most_urgent_first() {
    let (_dir, _path, mut db) = new_db();
    let mut open = Vec::new();
    for minutes in [20, 0, 10] {
        let t = t0() + Duration::minutes(minutes);
        let s = calls::save(&mut db, at(t), &call("rescue_roadside", t, true)).unwrap();
        open.push(s.rescue_id.unwrap());
    }
    // The earliest case is contacted: it moves behind the others.
    calls::rescue_step(
        &mut db,
        at(t0() + Duration::minutes(25)),
        open[1],
        &RescueStep::Contacted,
    )
    .unwrap();
    assert_eq!(ids_of_rescues(&db), [open[2], open[0], open[1]]);
    // The status bar's figures are the contact clock's: the contacted case, still open,
    // is not waiting for its first contact.
    assert_eq!(
        calls::rescues_to_contact(db.conn(), t0() + Duration::minutes(45)).unwrap(),
        (2, 1),
        "two wait for contact; only the one opened at +10 min is past its +40 min deadline"
    );
}

// ---------------------------------------------------------------- complaints

#[test]
fn complaint_calls_open_a_complaint_of_their_category() {
    let (_dir, _path, mut db) = new_db();
    let cid = customer(&mut db, "李四");
    let vid = vehicle(&mut db, cid, 2, "粤B54321");
    let started = t0();
    for (template, category) in [
        ("complaint_attitude", "attitude"),
        ("complaint_slow", "timeliness"),
        ("complaint_repair", "repair_quality"),
    ] {
        assert_eq!(calls::complaint_category(template), category);
        let mut c = call(template, started, true);
        c.customer_id = Some(cid);
        c.vehicle_id = Some(vid);
        c.channel = Channel::WeChat;
        c.fields.insert("station".into(), "南山服务站".into());
        c.fields.insert("demand".into(), "退还维修费".into());
        let saved = calls::save(&mut db, at(started + Duration::minutes(5)), &c).unwrap();
        let complaint = saved
            .complaint_id
            .expect("a complaint call opens a complaint");
        assert_eq!(saved.rescue_id, None);
        assert_eq!(
            calls::get(db.conn(), saved.call_id).unwrap().complaint_id,
            Some(complaint)
        );
        let row: (
            i64,
            i64,
            i64,
            String,
            String,
            String,
            String,
            String,
            String,
        ) = db
            .conn()
            .query_row(
                "SELECT call_id, customer_id, vehicle_id, category, channel, station, summary,
                        demand, status
                 FROM complaints WHERE id = ?1",
                [complaint],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                    ))
                },
            )
            .unwrap();
        assert_eq!(
            row,
            (
                saved.call_id,
                cid,
                vid,
                category.to_string(),
                "wechat".to_string(),
                "南山服务站".to_string(),
                c.sentence.clone(),
                "退还维修费".to_string(),
                "new".to_string()
            ),
            "{template}"
        );
        let received: String = db
            .conn()
            .query_row(
                "SELECT received_at FROM complaints WHERE id = ?1",
                [complaint],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            received, "2026-11-23T01:30:00Z",
            "received when the call came in"
        );
    }
    let n: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
    // Consultations and rescues open no complaint.
    let s = calls::save(&mut db, at(started), &call("consult_tech", started, true)).unwrap();
    assert_eq!(s.complaint_id, None);
    let s = calls::save(
        &mut db,
        at(started),
        &call("rescue_roadside", started, true),
    )
    .unwrap();
    assert_eq!(s.complaint_id, None);
    let n: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
}

// ---------------------------------------------------------------- corrections

#[test]
fn a_correction_keeps_the_earlier_version_and_a_stale_one_conflicts() {
    let (_dir, _path, mut db) = new_db();
    let agent = agents::ensure(&mut db, at(t0()), "1002", "陈静", Role::Agent).unwrap();
    let other = agents::ensure(&mut db, at(t0()), "1003", "王芳", Role::Agent).unwrap();
    let started = t0();
    let mut c = call("consult_warranty", started, true);
    c.fields = fields(&[("part", "变速箱"), ("coverage", "三年")]);
    c.sentence = "第一版".into();
    let saved = calls::save(&mut db, by(agent.id, started + Duration::minutes(3)), &c).unwrap();
    let before = calls::get(db.conn(), saved.call_id).unwrap();
    assert_eq!(before.version, 1);
    assert_eq!(before.revisions, 0);

    let new_fields = fields(&[("part", "变速箱"), ("coverage", "三年或十万公里")]);
    let corrected_at = started + Duration::hours(1);
    calls::correct(
        &mut db,
        by(other.id, corrected_at),
        saved.call_id,
        1,
        &new_fields,
        "第二版",
        false,
        90,
    )
    .unwrap();
    let after = calls::get(db.conn(), saved.call_id).unwrap();
    assert_eq!(after.version, 2);
    assert_eq!(after.revisions, 1);
    assert_eq!(after.fields, new_fields);
    assert_eq!(after.row.sentence, "第二版");
    assert!(!after.row.resolved);
    assert_eq!(after.row.completeness, 90);
    assert_eq!(
        after.row.started_at, started,
        "the call itself is unchanged"
    );

    let rev: (i64, String, String, i64, String, i64) = db
        .conn()
        .query_row(
            "SELECT version, fields, sentence, resolved, saved_at, saved_by FROM call_revisions
             WHERE call_id = ?1",
            [saved.call_id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(rev.0, 1);
    let old_fields: BTreeMap<String, String> = serde_json::from_str(&rev.1).unwrap();
    assert_eq!(old_fields, c.fields);
    assert_eq!(rev.2, "第一版");
    assert_eq!(rev.3, 1);
    assert_eq!(
        rev.4, "2026-11-23T01:33:00Z",
        "when the earlier version was saved"
    );
    assert_eq!(rev.5, agent.id, "who saved the earlier version");

    assert_eq!(
        audit_actions(&db, "call", saved.call_id),
        ["create", "correct"]
    );
    let entry = &audit::for_entity(db.conn(), "call", saved.call_id, 1).unwrap()[0];
    assert_eq!(entry.action, "correct");
    assert_eq!(entry.agent.as_deref(), Some("1003 王芳"));
    assert!(
        entry
            .before
            .as_deref()
            .is_some_and(|b| b.contains("第一版"))
    );
    assert!(entry.after.as_deref().is_some_and(|a| a.contains("第二版")));

    // A correction made from version 1 after the one above is refused and writes nothing.
    let stale = calls::correct(
        &mut db,
        by(agent.id, corrected_at + Duration::minutes(1)),
        saved.call_id,
        1,
        &c.fields,
        "过期的更正",
        true,
        100,
    );
    match stale {
        Err(StoreError::Conflict { theirs, mine }) => {
            assert_eq!((theirs, mine), (2, 1));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let now = calls::get(db.conn(), saved.call_id).unwrap();
    assert_eq!(now.version, 2);
    assert_eq!(now.revisions, 1);
    assert_eq!(now.row.sentence, "第二版");
    assert_eq!(
        audit_actions(&db, "call", saved.call_id),
        ["create", "correct"]
    );

    // The current version corrects again.
    calls::correct(
        &mut db,
        by(agent.id, corrected_at + Duration::minutes(2)),
        saved.call_id,
        2,
        &new_fields,
        "第三版",
        false,
        90,
    )
    .unwrap();
    let third = calls::get(db.conn(), saved.call_id).unwrap();
    assert_eq!((third.version, third.revisions), (3, 2));
    assert!(matches!(
        calls::correct(
            &mut db,
            at(corrected_at),
            saved.call_id + 99,
            1,
            &new_fields,
            "x",
            true,
            0
        ),
        Err(StoreError::NotFound)
    ));
}
