//! The call log on temporary databases: follow-ups of unresolved consultations, rescue cases
//! and their 30-minute clock, complaints opened by complaint calls, corrections with their
//! revisions, the list's filters, migrating a schema-1 store, and every built-in template
//! round-tripping through the store.

use chrono::{DateTime, Duration, TimeZone, Utc};
use frontdesk::domain::archive::{CustomerData, VehicleData};
use frontdesk::domain::calls::{Channel, Direction, Dispatch, RescueStage};
use frontdesk::domain::templates::{FieldKind, Group, Template, TemplateSet};
use frontdesk::domain::validate;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::calls::{self, CallFilter, NewCall, RescueStep};
use frontdesk::store::migrate::LATEST;
use frontdesk::store::{APPLICATION_ID, Actor, Db, StoreError, audit, customers, vehicles};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------- helpers

/// 2026-11-23 09:30 in Shanghai.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

fn at(at: DateTime<Utc>) -> Actor {
    Actor { agent_id: None, at }
}

fn by(agent_id: i64, at: DateTime<Utc>) -> Actor {
    Actor {
        agent_id: Some(agent_id),
        at,
    }
}

fn new_db() -> (tempfile::TempDir, PathBuf, Db) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let db = Db::open(&path).expect("open a new store");
    (dir, path, db)
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A call of `template_id` (its group from the built-in set) started at `started_at`.
fn call(template_id: &str, started_at: DateTime<Utc>, resolved: bool) -> NewCall {
    let set = TemplateSet::builtin();
    let t = set.get(template_id).expect("built-in template");
    NewCall {
        customer_id: None,
        vehicle_id: None,
        direction: Direction::Inbound,
        channel: Channel::Phone,
        template_id: t.id.clone(),
        template_version: t.version,
        group: t.group,
        fields: fields(&[("region", "广东省深圳市"), ("brand", "大众")]),
        sentence: format!("{template_id} 的记录"),
        resolved,
        completeness: 80,
        started_at,
    }
}

fn customer(db: &mut Db, name: &str) -> i64 {
    let data = CustomerData {
        name: name.into(),
        region: "广东省深圳市".into(),
        ..Default::default()
    };
    customers::create(db, at(t0()), &data).unwrap()
}

fn vehicle(db: &mut Db, customer_id: i64, serial: u32, plate: &str) -> i64 {
    let raw = format!("LSVAB401XRA{serial:06}");
    let vin = validate::with_check_digit(&raw).expect("valid VIN characters");
    let data = VehicleData {
        vin,
        vin_check_ok: true,
        plate: Some(validate::normalize_plate(plate).expect("valid plate")),
        brand: "大众".into(),
        model: "朗逸".into(),
        ..Default::default()
    };
    vehicles::create(db, at(t0()), customer_id, &data).unwrap()
}

fn audit_actions(db: &Db, entity: &str, id: i64) -> Vec<String> {
    let mut a: Vec<String> = audit::for_entity(db.conn(), entity, id, 50)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    a.reverse(); // oldest first
    a
}

fn ids(rows: &[calls::CallRow]) -> Vec<i64> {
    rows.iter().map(|r| r.id).collect()
}

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
    assert_eq!(calls::rescue_counts(db.conn(), ended).unwrap(), (1, 0));
    assert_eq!(
        calls::rescue_counts(db.conn(), due - Duration::seconds(1)).unwrap(),
        (1, 0)
    );
    assert_eq!(calls::rescue_counts(db.conn(), due).unwrap(), (1, 0));
    assert_eq!(
        calls::rescue_counts(db.conn(), due + Duration::minutes(1)).unwrap(),
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
        calls::rescue_counts(db.conn(), due + Duration::minutes(1)).unwrap(),
        (1, 0),
        "a contacted case is no longer late"
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
        calls::rescue_counts(db.conn(), t_close + Duration::hours(5)).unwrap(),
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
    assert_eq!(
        calls::rescue_counts(db.conn(), t0() + Duration::minutes(45)).unwrap(),
        (3, 1),
        "only the uncontacted case opened at +10 min is past its +40 min deadline"
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

// ---------------------------------------------------------------- the list

#[test]
fn the_list_filters_by_dates_group_template_agent_customer_and_state() {
    let (_dir, _path, mut db) = new_db();
    let a1 = agents::ensure(&mut db, at(t0()), "1002", "陈静", Role::Agent).unwrap();
    let a2 = agents::ensure(&mut db, at(t0()), "1003", "王芳", Role::Agent).unwrap();
    let zhang = customer(&mut db, "张三");
    let li = customer(&mut db, "李四");
    let h = |n: i64| t0() + Duration::hours(n);

    // (template, start, resolved, agent, customer)
    let plan = [
        ("consult_warranty", h(-48), true, a1.id, Some(zhang)), // 0: two days ago
        ("consult_warranty", h(-24), false, a2.id, Some(li)),   // 1: yesterday, open
        ("consult_tech", h(0), false, a1.id, Some(zhang)),      // 2: today, answered below
        ("rescue_roadside", h(1), true, a2.id, Some(zhang)),    // 3
        ("complaint_attitude", h(2), true, a1.id, None),        // 4
        ("consult_price", h(3), true, a1.id, Some(li)),         // 5
    ];
    let mut id = Vec::new();
    for (template, start, resolved, agent, cust) in plan {
        let mut c = call(template, start, resolved);
        c.customer_id = cust;
        id.push(
            calls::save(&mut db, by(agent, start + Duration::minutes(5)), &c)
                .unwrap()
                .call_id,
        );
    }
    calls::complete_follow_up(&mut db, by(a1.id, h(4)), id[2], "已答复").unwrap();
    let list = |f: CallFilter| ids(&calls::list(db.conn(), &f, 100).unwrap());

    // Everything, newest first.
    assert_eq!(
        list(CallFilter::default()),
        [id[5], id[4], id[3], id[2], id[1], id[0]]
    );
    // Dates: `from` inclusive, `to` exclusive.
    assert_eq!(
        list(CallFilter {
            from: Some(h(0)),
            to: Some(h(3)),
            ..Default::default()
        }),
        [id[4], id[3], id[2]]
    );
    assert_eq!(
        list(CallFilter {
            from: Some(h(-24)),
            ..Default::default()
        }),
        [id[5], id[4], id[3], id[2], id[1]]
    );
    assert_eq!(
        list(CallFilter {
            to: Some(h(-24)),
            ..Default::default()
        }),
        [id[0]]
    );
    // Group and template.
    assert_eq!(
        list(CallFilter {
            group: Some(Group::Consult),
            ..Default::default()
        }),
        [id[5], id[2], id[1], id[0]]
    );
    assert_eq!(
        list(CallFilter {
            group: Some(Group::Rescue),
            ..Default::default()
        }),
        [id[3]]
    );
    assert_eq!(
        list(CallFilter {
            group: Some(Group::Complaint),
            ..Default::default()
        }),
        [id[4]]
    );
    assert_eq!(
        list(CallFilter {
            template_id: Some("consult_warranty".into()),
            ..Default::default()
        }),
        [id[1], id[0]]
    );
    assert!(
        list(CallFilter {
            template_id: Some("no_such_template".into()),
            ..Default::default()
        })
        .is_empty()
    );
    // Agent and customer.
    assert_eq!(
        list(CallFilter {
            agent_id: Some(a2.id),
            ..Default::default()
        }),
        [id[3], id[1]]
    );
    assert_eq!(
        list(CallFilter {
            agent_id: Some(a1.id),
            ..Default::default()
        }),
        [id[5], id[4], id[2], id[0]]
    );
    assert_eq!(
        list(CallFilter {
            customer_id: Some(zhang),
            ..Default::default()
        }),
        [id[3], id[2], id[0]]
    );
    assert_eq!(
        ids(&calls::for_customer(db.conn(), li, 10).unwrap()),
        [id[5], id[1]]
    );
    // Resolved only; open only (an answered follow-up is no longer open).
    assert_eq!(
        list(CallFilter {
            resolved: Some(true),
            ..Default::default()
        }),
        [id[5], id[4], id[3], id[0]]
    );
    assert_eq!(
        list(CallFilter {
            resolved: Some(false),
            ..Default::default()
        }),
        [id[1]]
    );
    // Filters combine.
    assert_eq!(
        list(CallFilter {
            from: Some(h(0)),
            to: Some(h(24)),
            customer_id: Some(zhang),
            agent_id: Some(a1.id),
            ..Default::default()
        }),
        [id[2]]
    );
    assert_eq!(
        list(CallFilter {
            group: Some(Group::Consult),
            resolved: Some(false),
            agent_id: Some(a1.id),
            ..Default::default()
        }),
        Vec::<i64>::new()
    );

    // Rows carry the joined names.
    let rows = calls::list(db.conn(), &CallFilter::default(), 100).unwrap();
    let r1 = rows.iter().find(|r| r.id == id[1]).unwrap();
    assert_eq!(r1.customer, "李四");
    assert_eq!(r1.agent, "1003");
    assert_eq!(r1.group, Group::Consult);
    assert_eq!(
        r1.follow_up_due,
        Some(h(-24) + Duration::minutes(5) + Duration::hours(24))
    );
    let r4 = rows.iter().find(|r| r.id == id[4]).unwrap();
    assert_eq!(r4.customer, "", "a call without a customer");
    assert_eq!(r4.group, Group::Complaint);

    // Limit: the newest `limit` rows.
    assert_eq!(
        ids(&calls::list(db.conn(), &CallFilter::default(), 2).unwrap()),
        [id[5], id[4]]
    );
    assert_eq!(
        ids(&calls::list(
            db.conn(),
            &CallFilter {
                customer_id: Some(zhang),
                ..Default::default()
            },
            1
        )
        .unwrap()),
        [id[3]]
    );
    assert!(
        calls::list(db.conn(), &CallFilter::default(), 0)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        calls::count_between(db.conn(), h(0), h(24)).unwrap(),
        4,
        "calls started today"
    );
}

#[test]
fn calls_started_at_the_same_second_list_the_later_saved_first() {
    let (_dir, _path, mut db) = new_db();
    let a = calls::save(&mut db, at(t0()), &call("consult_tech", t0(), true))
        .unwrap()
        .call_id;
    let b = calls::save(&mut db, at(t0()), &call("consult_tech", t0(), true))
        .unwrap()
        .call_id;
    assert_eq!(
        ids(&calls::list(db.conn(), &CallFilter::default(), 10).unwrap()),
        [b, a]
    );
    assert_eq!(
        ids(&calls::list(db.conn(), &CallFilter::default(), 1).unwrap()),
        [b]
    );
}

// ---------------------------------------------------------------- migration

/// A schema-1 store made by hand, as the first release left it: one customer, rollback
/// journal, closed.
fn schema_1_store(dir: &Path) -> PathBuf {
    let path = dir.join("old.sqlite3");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(include_str!("../src/store/migrations/0001_archive.sql"))
        .unwrap();
    conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))
        .unwrap();
    conn.execute(
        "INSERT INTO store_meta(key, value) VALUES ('store_id', ?1)",
        ["0192b3c4-d5e6-7f80-9a1b-2c3d4e5f6a7b"],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO customers(uuid, store_id, name, name_pinyin, name_initials, mobile,
            region, created_at, updated_at)
         VALUES ('0192b3c4-0000-7000-8000-000000000001', '0192b3c4-d5e6-7f80-9a1b-2c3d4e5f6a7b',
            '张三', 'zhangsan', 'zs', '13812341234', '广东省深圳市',
            '2026-01-05T02:00:00Z', '2026-01-05T02:00:00Z')",
        [],
    )
    .unwrap();
    conn.execute_batch("PRAGMA user_version = 1;").unwrap();
    conn.close().unwrap();
    path
}

fn table_exists(conn: &Connection, name: &str) -> bool {
    conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .unwrap()
        == 1
}

#[test]
fn a_schema_1_store_migrates_after_a_backup_and_keeps_its_customers() {
    let dir = tempfile::tempdir().unwrap();
    let path = schema_1_store(dir.path());
    const { assert!(LATEST >= 2) };

    let mut db = Db::open(&path).expect("a schema-1 store opens and migrates");
    assert_eq!(db.store_id(), "0192b3c4-d5e6-7f80-9a1b-2c3d4e5f6a7b");
    let version: i64 = db
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, LATEST);
    let c = customers::get(db.conn(), 1).unwrap();
    assert_eq!(c.data.name, "张三");
    assert_eq!(c.data.mobile.as_deref(), Some("13812341234"));
    assert_eq!(customers::count(db.conn()).unwrap(), 1);
    for table in ["calls", "call_revisions", "rescue_cases", "complaints"] {
        assert!(
            table_exists(db.conn(), table),
            "{table} missing after migration"
        );
    }
    // The migrated store takes calls.
    let mut first = call("consult_warranty", t0(), false);
    first.customer_id = Some(1);
    let saved = calls::save(&mut db, at(t0()), &first).unwrap();
    assert_eq!(
        calls::get(db.conn(), saved.call_id).unwrap().row.customer,
        "张三"
    );
    drop(db);

    // The backup: beside the file, named for the version it holds, still version 1.
    let backups: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with("old.sqlite3.v1-") && n.ends_with(".bak")
        })
        .collect();
    assert_eq!(backups.len(), 1, "one backup: {backups:?}");
    let backup = &backups[0];
    let copy =
        Connection::open_with_flags(backup, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let v: i64 = copy
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    let app: i64 = copy
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, i64::from(APPLICATION_ID));
    let name: String = copy
        .query_row("SELECT name FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "张三");
    assert!(
        !table_exists(&copy, "calls"),
        "the backup is the old schema"
    );
    let ok: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    drop(copy);

    // The migrated file itself, read directly.
    let conn = Connection::open(&path).unwrap();
    assert!(table_exists(&conn, "calls"));
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, LATEST);
    let n: i64 = conn
        .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    drop(conn);

    // Opening again needs no migration and takes no second backup.
    drop(Db::open(&path).unwrap());
    let baks = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".bak")
        })
        .count();
    assert_eq!(baks, 1);
}

// ---------------------------------------------------------------- every template

/// A valid value for every field of a template, by kind.
fn full_values(t: &Template) -> BTreeMap<String, String> {
    t.fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let v = match &f.kind {
                FieldKind::Text => format!("{}{i}", f.label_zh),
                FieldKind::Date | FieldKind::MonthDay => format!("2025-0{}-1{}", 1 + i % 9, i % 10),
                FieldKind::Number { .. } => format!("{}", 35000 + i),
                FieldKind::Choice(options) => options[0].clone(),
                FieldKind::YesNo => "有".to_string(),
            };
            (f.key.clone(), v)
        })
        .collect()
}

#[test]
fn every_builtin_template_round_trips_through_the_store() {
    let (_dir, _path, mut db) = new_db();
    let set = TemplateSet::builtin();
    assert!(set.len() >= 12, "{} templates", set.len());
    for (n, t) in set.all().iter().enumerate() {
        let values = full_values(t);
        assert!(t.missing_required(&values).is_empty(), "{}", t.id);
        assert!(t.check_values(Lang::Zh, &values).is_empty(), "{}", t.id);
        assert_eq!(t.completeness(&values), 100, "{}", t.id);
        let sentence = t.render(Lang::Zh, &values);
        assert!(
            !sentence.contains('{') && !sentence.contains('('),
            "{}: {sentence}",
            t.id
        );
        let started = t0() + Duration::minutes(n as i64);
        let c = NewCall {
            customer_id: None,
            vehicle_id: None,
            direction: Direction::Outbound,
            channel: Channel::Email,
            template_id: t.id.clone(),
            template_version: t.version,
            group: t.group,
            fields: values.clone(),
            sentence: sentence.clone(),
            resolved: true,
            completeness: t.completeness(&values),
            started_at: started,
        };
        let saved = calls::save(&mut db, at(started + Duration::seconds(90)), &c).unwrap();
        assert_eq!(
            saved.rescue_id.is_some(),
            t.group == Group::Rescue,
            "{}",
            t.id
        );
        assert_eq!(
            saved.complaint_id.is_some(),
            t.group == Group::Complaint,
            "{}",
            t.id
        );
        let d = calls::get(db.conn(), saved.call_id).unwrap();
        assert_eq!(d.fields, values, "{}", t.id);
        assert_eq!(d.row.sentence, sentence, "{}", t.id);
        assert_eq!(d.row.template_id, t.id);
        assert_eq!(d.template_version, t.version);
        assert_eq!(d.row.group, t.group);
        assert_eq!(d.row.direction, Direction::Outbound);
        assert_eq!(d.row.channel, Channel::Email);
        assert_eq!(d.row.completeness, 100);
        assert_eq!(d.row.started_at, started);
        assert_eq!(d.row.duration_s, 90);
        assert_eq!(d.version, 1);
    }
    let n: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, set.len() as i64);
}

#[test]
fn correcting_the_answer_moves_the_follow_up() {
    use frontdesk::domain::calls::{Channel, Direction};
    use frontdesk::domain::templates::TemplateSet;
    use frontdesk::store::{Actor, Db, calls};
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("s.db")).unwrap();
    let t0 = chrono::Utc::now();
    let set = TemplateSet::builtin();
    let t = set.get("consult_part_price").unwrap();
    let mut values = std::collections::BTreeMap::new();
    for (k, v) in [
        ("region", "深圳"),
        ("brand", "大众"),
        ("part", "雨刮"),
        ("price", "80"),
    ] {
        values.insert(k.to_string(), v.to_string());
    }
    let call = calls::NewCall {
        customer_id: None,
        vehicle_id: None,
        direction: Direction::Inbound,
        channel: Channel::Phone,
        template_id: t.id.clone(),
        template_version: t.version,
        group: t.group,
        sentence: t.render(frontdesk::i18n::Lang::Zh, &values),
        completeness: t.completeness(&values),
        fields: values.clone(),
        resolved: false,
        started_at: t0,
    };
    let actor = Actor {
        agent_id: None,
        at: t0,
    };
    let id = calls::save(&mut db, actor, &call).unwrap().call_id;
    assert_eq!(calls::open_follow_ups(db.conn(), 10).unwrap().len(), 1);
    // Corrected to "solved on the spot": no follow-up left.
    calls::correct(&mut db, actor, id, 1, &values, &call.sentence, true, 100).unwrap();
    assert!(calls::open_follow_ups(db.conn(), 10).unwrap().is_empty());
    // And back: due 24 h after the correction.
    let later = Actor {
        agent_id: None,
        at: t0 + chrono::Duration::hours(2),
    };
    calls::correct(&mut db, later, id, 2, &values, &call.sentence, false, 100).unwrap();
    let open = calls::open_follow_ups(db.conn(), 10).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        open[0].follow_up_due.unwrap().timestamp(),
        (later.at + chrono::Duration::hours(24)).timestamp()
    );
}
