//! Customer events on a real store file: the target list by rule, inviting (the invitation
//! tasks in the callback queue; inviting twice adds nothing), answers from the invitation
//! call and from the event page (the pending call closed), capacity, check-in on the day
//! (the feedback task planned; taken back, skipped), version checks, audit, cancelling.

mod events_fx;

use events_fx::{Fx, at, byd_club, d, fx, local, tz};
use frontdesk::domain::callbacks::{Channel, Kind, Outcome, Status};
use frontdesk::domain::events::{Answer, EventData, EventKind, EventStatus, Rsvp, TargetRule};
use frontdesk::store::StoreError;
use frontdesk::store::callbacks::{self as cb, AttemptInput};
use frontdesk::store::events::{self as ev, Planning};

#[test]
fn the_target_list_follows_the_rule() {
    let mut f = fx();
    let a = f.owner("比亚迪", "2025-03-01", false, "广东省深圳市");
    let _old = f.owner("比亚迪", "2020-03-01", false, "广东省深圳市");
    let _other_brand = f.owner("丰田", "2025-03-01", false, "广东省深圳市");
    let _other_city = f.owner("比亚迪", "2025-03-01", false, "广东省广州市");
    let b = f.owner("比亚迪", "2024-01-01", true, "广东省深圳市");
    let t = ev::targets(f.db.conn(), &byd_club(), d("2026-11-23")).unwrap();
    let ids: Vec<i64> = t.iter().map(|(c, _)| *c).collect();
    assert_eq!(ids, vec![a, b]);
    let vip = TargetRule {
        vip_only: true,
        ..byd_club()
    };
    let t = ev::targets(f.db.conn(), &vip, d("2026-11-23")).unwrap();
    assert_eq!(t.iter().map(|(c, _)| *c).collect::<Vec<_>>(), vec![b]);
}

#[test]
fn inviting_twice_never_duplicates_invitees_or_tasks() {
    let mut f = fx();
    for _ in 0..3 {
        f.owner("比亚迪", "2025-03-01", false, "广东省深圳市");
    }
    let id = f.event(byd_club(), 30);
    let p = ev::preview(f.db.conn(), id, d("2026-11-23")).unwrap();
    assert_eq!((p.matching, p.already, p.new), (3, 0, 3));
    let r = f.invite(id, "2026-11-23");
    assert_eq!((r.invited, r.already, r.tasks), (3, 0, 3));
    let tasks = f.tasks(Kind::EventInvite, None);
    assert_eq!(tasks.len(), 3);
    // Due the next workday, window ending before the event's day.
    assert!(
        tasks
            .iter()
            .all(|t| t.due == d("2026-11-24") && t.window_end <= d("2026-11-27"))
    );
    // Again: nothing new. A new matching customer later: only that one.
    let r = f.invite(id, "2026-11-23");
    assert_eq!((r.invited, r.already, r.tasks), (0, 3, 0));
    f.owner("比亚迪", "2025-06-01", false, "广东省深圳市");
    let p = ev::preview(f.db.conn(), id, d("2026-11-24")).unwrap();
    assert_eq!((p.matching, p.already, p.new), (4, 3, 1));
    let r = f.invite(id, "2026-11-24");
    assert_eq!((r.invited, r.already, r.tasks), (1, 3, 1));
    assert_eq!(f.tasks(Kind::EventInvite, None).len(), 4);
    // The planner's own run adds nothing either.
    let report = cb::plan(
        &mut f.db,
        at(None, "2026-11-24 07:00"),
        d("2026-11-24"),
        tz(),
        &f.rules,
        &f.cal,
    )
    .unwrap();
    assert_eq!(report.created.get(&Kind::EventInvite), None);
    let e = ev::get(f.db.conn(), id).unwrap();
    assert_eq!(e.invited, 4);
    assert_eq!(f.audits("invite"), 3);
}

#[test]
fn an_invitation_call_records_the_answer_and_party() {
    let mut f = fx();
    f.owner("比亚迪", "2025-03-01", false, "广东省深圳市");
    let id = f.event(byd_club(), 30);
    f.invite(id, "2026-11-23");
    let task = f.tasks(Kind::EventInvite, None)[0].id;
    let detail = cb::task(f.db.conn(), &f.rules, task, d("2026-11-23")).unwrap();
    let script = detail.render(&detail.script, "鹏城汽车");
    assert!(
        script.contains("新能源车冬季用车知识讲座（11月28日 14:00，本店二楼客户休息区）"),
        "{script}"
    );
    let now = local("2026-11-24 10:00");
    let mut input = AttemptInput {
        outcome: Outcome::Done,
        scores: Default::default(),
        notes: "带家人一起来".into(),
        complaint: None,
        rsvp: None,
    };
    // Done without the answer is refused, and nothing is written.
    let err = cb::record_attempt(
        &mut f.db,
        &f.rules,
        at(Some(f.agent), "2026-11-24 10:00"),
        task,
        &input,
        now,
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::Said { .. }), "{err:?}");
    input.rsvp = Some(Rsvp::new(Answer::Yes, 3).unwrap());
    let r = cb::record_attempt(
        &mut f.db,
        &f.rules,
        at(Some(f.agent), "2026-11-24 10:00"),
        task,
        &input,
        now,
    )
    .unwrap();
    assert_eq!(r.status, Status::Done);
    let inv = &ev::invitees(f.db.conn(), id).unwrap()[0];
    assert_eq!((inv.answer, inv.party), (Some(Answer::Yes), 3));
    assert_eq!(inv.invite_task.as_deref(), Some("done"));
    let e = ev::get(f.db.conn(), id).unwrap();
    assert_eq!((e.yes, e.accepted_people), (1, 3));
    assert_eq!(f.audits("answer"), 1);
}

#[test]
fn an_answer_on_the_event_page_closes_the_call_and_counts_against_capacity() {
    let mut f = fx();
    f.owner("比亚迪", "2025-03-01", false, "广东省深圳市");
    f.owner("比亚迪", "2025-03-01", false, "广东省深圳市");
    let id = f.event(byd_club(), 4);
    f.invite(id, "2026-11-23");
    let inv = ev::invitees(f.db.conn(), id).unwrap();
    let actor = at(Some(f.agent), "2026-11-23 15:00");
    let s = ev::answer(
        &mut f.db,
        actor,
        inv[0].id,
        inv[0].version,
        Rsvp::new(Answer::Yes, 3).unwrap(),
    )
    .unwrap();
    assert!(!s.over());
    // The second yes of two people takes the event over its 4 seats: recorded, and said.
    let s = ev::answer(
        &mut f.db,
        actor,
        inv[1].id,
        inv[1].version,
        Rsvp::new(Answer::Yes, 2).unwrap(),
    )
    .unwrap();
    assert!(s.over());
    assert_eq!(s.accepted, 5);
    let skipped = f.tasks(Kind::EventInvite, Some(Status::Skipped));
    assert_eq!(skipped.len(), 2);
    assert!(f.tasks(Kind::EventInvite, None).is_empty());
    // An edit on the old version is refused, naming the change that came first.
    let err = ev::answer(
        &mut f.db,
        actor,
        inv[1].id,
        inv[1].version,
        Rsvp::new(Answer::No, 0).unwrap(),
    )
    .unwrap_err();
    match err {
        StoreError::Said { zh, .. } => assert!(zh.contains("陈静"), "{zh}"),
        e => panic!("{e:?}"),
    }
    let e = ev::get(f.db.conn(), id).unwrap();
    assert_eq!(e.accepted_people, 5);
    assert!(e.seats().over());
}

#[test]
fn check_in_plans_the_feedback_call_and_taking_it_back_skips_it() {
    let mut f = fx();
    f.owner("比亚迪", "2025-03-01", false, "广东省深圳市");
    f.owner("比亚迪", "2025-03-01", false, "广东省深圳市");
    let id = f.event(byd_club(), 30);
    f.invite(id, "2026-11-23");
    let inv = ev::invitees(f.db.conn(), id).unwrap();
    let desk = at(Some(f.other), "2026-11-28 13:40");
    // Not before the event's day.
    let (rules, cal) = (f.rules.clone(), f.cal.clone());
    let early_p = Planning {
        today: d("2026-11-27"),
        tz: tz(),
        rules: &rules,
        cal: &cal,
    };
    let early = ev::check_in(&mut f.db, desk, early_p, inv[0].id, inv[0].version, true);
    assert!(early.is_err());
    let p = Planning {
        today: d("2026-11-28"),
        tz: tz(),
        rules: &rules,
        cal: &cal,
    };
    ev::check_in(&mut f.db, desk, p, inv[0].id, inv[0].version, true).unwrap();
    let e = ev::get(f.db.conn(), id).unwrap();
    assert_eq!((e.attended, e.status), (1, EventStatus::Held));
    let fb = f.tasks(Kind::EventFeedback, None);
    assert_eq!(fb.len(), 1);
    // The event is on Saturday 28 November: the feedback call is due Monday 30th (Sunday
    // moved on to the next workday inside days 1–3), and it has the survey.
    assert_eq!(fb[0].due, d("2026-11-30"));
    assert_eq!(fb[0].window_end, d("2026-12-01"));
    let detail = cb::task(f.db.conn(), &f.rules, fb[0].id, d("2026-11-30")).unwrap();
    assert!(detail.survey.is_some());
    // Seats are the invitation call's: the feedback call has none to say.
    assert!(detail.seats.is_none());
    // Checking in twice plans nothing more; taking it back skips the pending call.
    let v = ev::invitees(f.db.conn(), id).unwrap()[0].version;
    ev::check_in(&mut f.db, desk, p, inv[0].id, v, true).unwrap();
    assert_eq!(f.tasks(Kind::EventFeedback, None).len(), 1);
    ev::check_in(&mut f.db, desk, p, inv[0].id, v, false).unwrap();
    assert!(f.tasks(Kind::EventFeedback, None).is_empty());
    assert_eq!(f.tasks(Kind::EventFeedback, Some(Status::Skipped)).len(), 1);
    assert_eq!(f.audits("check_in"), 1);
    assert_eq!(f.audits("check_in_undone"), 1);
}

#[test]
fn a_cancelled_event_drops_its_pending_calls_and_refuses_invitations() {
    let mut f = fx();
    f.owner("比亚迪", "2025-03-01", false, "广东省深圳市");
    let id = f.event(byd_club(), 30);
    f.invite(id, "2026-11-23");
    let e = ev::get(f.db.conn(), id).unwrap();
    // An edit on an old version is refused.
    let err = ev::cancel(
        &mut f.db,
        at(Some(f.agent), "2026-11-23 16:00"),
        id,
        e.version - 1,
    );
    assert!(err.is_err());
    let n = ev::cancel(
        &mut f.db,
        at(Some(f.agent), "2026-11-23 16:00"),
        id,
        e.version,
    )
    .unwrap();
    assert_eq!(n, 1);
    assert!(f.tasks(Kind::EventInvite, None).is_empty());
    let v = ev::get(f.db.conn(), id).unwrap().version;
    let (rules, cal) = (f.rules.clone(), f.cal.clone());
    let p = Planning {
        today: d("2026-11-23"),
        tz: tz(),
        rules: &rules,
        cal: &cal,
    };
    assert!(ev::invite(&mut f.db, at(Some(f.agent), "2026-11-23 16:05"), p, id, v).is_err());
}

#[test]
fn an_edit_is_version_checked_and_audited() {
    let mut f = fx();
    let id = f.event(TargetRule::default(), 30);
    let e = ev::get(f.db.conn(), id).unwrap();
    let mut data = e.data();
    data.capacity = 45;
    ev::update(
        &mut f.db,
        at(Some(f.agent), "2026-11-23 10:00"),
        id,
        e.version,
        &data,
    )
    .unwrap();
    data.capacity = 50;
    let err = ev::update(
        &mut f.db,
        at(Some(f.other), "2026-11-23 10:01"),
        id,
        e.version,
        &data,
    )
    .unwrap_err();
    match err {
        StoreError::Said { zh, .. } => assert!(zh.contains("活动 #"), "{zh}"),
        e => panic!("{e:?}"),
    }
    assert_eq!(ev::get(f.db.conn(), id).unwrap().capacity, 45);
    assert_eq!(f.audits("update"), 1);
    // A blank title is refused before anything is written.
    data.title = " ".into();
    let v = ev::get(f.db.conn(), id).unwrap().version;
    assert!(
        ev::update(
            &mut f.db,
            at(Some(f.agent), "2026-11-23 10:02"),
            id,
            v,
            &data
        )
        .is_err()
    );
}

#[test]
fn the_list_puts_upcoming_events_first() {
    let mut f = fx();
    let mk = |f: &mut Fx, title: &str, when: &str| {
        let e = EventData {
            title: title.into(),
            kind: EventKind::Club,
            starts_at: local(when).naive_local(),
            place: "本店".into(),
            capacity: 20,
            target: TargetRule::default(),
            channel: Channel::Sms,
            notes: String::new(),
        };
        ev::create(&mut f.db, at(None, "2026-11-01 09:00"), &e).unwrap()
    };
    let past = mk(&mut f, "十月车友会", "2026-10-20 10:00");
    let later = mk(&mut f, "元旦车友会", "2026-12-30 10:00");
    let soon = mk(&mut f, "十二月车友会", "2026-12-05 10:00");
    let rows = ev::list(f.db.conn(), None, None, d("2026-11-23")).unwrap();
    assert_eq!(
        rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![soon, later, past]
    );
    let rows = ev::list(
        f.db.conn(),
        Some(d("2026-12-01")),
        Some(d("2026-12-05")),
        d("2026-11-23"),
    )
    .unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![soon]);
    // The counts are those of the same filters.
    assert_eq!(ev::count(f.db.conn(), None, None).unwrap(), 3);
    let dec = ev::count(f.db.conn(), Some(d("2026-12-01")), Some(d("2026-12-05")));
    assert_eq!(dec.unwrap(), 1);
    assert_eq!(
        ev::count(f.db.conn(), Some(d("2026-12-06")), None).unwrap(),
        1
    );
    assert_eq!(
        ev::count(f.db.conn(), None, Some(d("2026-10-19"))).unwrap(),
        0
    );
    // More events than a list holds: it stops at its limit, the count does not.
    for i in 0..ev::LIST_LIMIT {
        mk(&mut f, &format!("讲座{i}"), "2027-01-10 10:00");
    }
    let rows = ev::list(f.db.conn(), None, None, d("2026-11-23")).unwrap();
    assert_eq!(rows.len(), ev::LIST_LIMIT);
    let all = ev::count(f.db.conn(), None, None).unwrap();
    assert_eq!(all, ev::LIST_LIMIT + 3);
}

#[test]
fn sms_invitations_go_out_as_text_messages() {
    let mut f = fx();
    f.owner("比亚迪", "2025-03-01", false, "广东省深圳市");
    let mut e = EventData {
        title: "车友会".into(),
        kind: EventKind::Club,
        starts_at: local("2026-12-05 10:00").naive_local(),
        place: "本店".into(),
        capacity: 20,
        target: TargetRule::default(),
        channel: Channel::Sms,
        notes: String::new(),
    };
    let id = ev::create(&mut f.db, at(None, "2026-11-23 09:00"), &e).unwrap();
    f.invite(id, "2026-11-23");
    let t = f.tasks(Kind::EventInvite, None);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].channel, Channel::Sms);
    let detail = cb::task(f.db.conn(), &f.rules, t[0].id, d("2026-11-23")).unwrap();
    assert!(
        detail
            .render(&detail.text, "鹏城汽车")
            .contains("车友会（12月5日 10:00，本店）")
    );
    e.title.clear();
    assert!(ev::create(&mut f.db, at(None, "2026-11-23 09:00"), &e).is_err());
}

/// A complaint voiced on an invitation call goes with the attempt: when the answer is
/// refused inside the attempt's transaction (the event cancelled between the checks and
/// the write), no complaint is left behind on its own.
#[test]
fn an_invitation_call_refused_part_way_opens_no_complaint() {
    let mut f = fx();
    f.owner("比亚迪", "2025-03-01", false, "广东省深圳市");
    let id = f.event(byd_club(), 30);
    f.invite(id, "2026-11-23");
    let task = f.tasks(Kind::EventInvite, None)[0].id;
    // Cancelled behind the task's back: its call stays pending.
    f.db.conn()
        .execute("UPDATE events SET status = 'cancelled' WHERE id = ?1", [id])
        .unwrap();
    let input = AttemptInput {
        outcome: Outcome::Done,
        scores: Default::default(),
        notes: String::new(),
        complaint: Some((
            frontdesk::domain::complaints::Category::Other,
            "上次活动安排混乱".into(),
        )),
        rsvp: Some(Rsvp::new(Answer::Yes, 1).unwrap()),
    };
    let err = cb::record_attempt(
        &mut f.db,
        &f.rules,
        at(Some(f.agent), "2026-11-24 10:00"),
        task,
        &input,
        local("2026-11-24 10:00"),
    )
    .unwrap_err();
    assert!(format!("{err:?}").contains("活动已取消"), "{err:?}");
    let complaints: i64 =
        f.db.conn()
            .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
            .unwrap();
    assert_eq!(complaints, 0);
}
