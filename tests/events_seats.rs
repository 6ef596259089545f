//! An event's seats on its invitation calls: the call opens on the seats taken and left,
//! and the answer recorded on it gives the seats after it (over the capacity when it went
//! over; the desk decides, as on the event page); once the seats are taken, the calls not
//! yet made can be withdrawn.

mod events_fx;

use events_fx::{Fx, at, byd_club, d, fx, local};
use frontdesk::domain::callbacks::{Kind, Outcome, Status};
use frontdesk::domain::events::{Answer, Rsvp};
use frontdesk::store::callbacks::{self as cb, AttemptInput};

/// The invitation call shows the seats taken and left as it opens, and the answer recorded
/// on it gives the seats after it, over the capacity when it went over.
#[test]
fn an_invitation_call_shows_the_seats_before_and_after_the_answer() {
    let mut f = fx();
    f.owner("比亚迪", "2025-03-01", false, "广东省深圳市");
    f.owner("比亚迪", "2025-04-01", false, "广东省深圳市");
    let id = f.event(byd_club(), 4);
    f.invite(id, "2026-11-23");
    let tasks = f.tasks(Kind::EventInvite, None);
    let seats = |task: i64, f: &Fx| {
        cb::task(f.db.conn(), &f.rules, task, d("2026-11-23"))
            .unwrap()
            .seats
            .map(|s| (s.accepted, s.capacity))
    };
    assert_eq!(seats(tasks[0].id, &f), Some((0, 4)));
    let now = local("2026-11-24 10:00");
    let mut input = AttemptInput {
        outcome: Outcome::Done,
        scores: Default::default(),
        notes: String::new(),
        complaint: None,
        rsvp: Some(Rsvp::new(Answer::Yes, 3).unwrap()),
    };
    let who = at(Some(f.agent), "2026-11-24 10:00");
    let r = cb::record_attempt(&mut f.db, &f.rules, who, tasks[0].id, &input, now).unwrap();
    let after = r.seats.unwrap();
    assert_eq!(
        (after.accepted, after.capacity, after.over()),
        (3, 4, false)
    );
    // The next call opens on what is left, and a party of two goes over: recorded, said.
    assert_eq!(seats(tasks[1].id, &f), Some((3, 4)));
    input.rsvp = Some(Rsvp::new(Answer::Yes, 2).unwrap());
    let r = cb::record_attempt(&mut f.db, &f.rules, who, tasks[1].id, &input, now).unwrap();
    let after = r.seats.unwrap();
    assert_eq!((after.accepted, after.over()), (5, true));
    assert_eq!(after.room(frontdesk::i18n::Lang::En), "5/4 over capacity");
    // A no takes no seat; the answer's seats are still said.
    f.owner("比亚迪", "2025-05-01", false, "广东省深圳市");
    f.invite(id, "2026-11-24");
    let third = f
        .tasks(Kind::EventInvite, Some(Status::Open))
        .into_iter()
        .next()
        .unwrap()
        .id;
    input.rsvp = Some(Rsvp::new(Answer::No, 1).unwrap());
    let r = cb::record_attempt(&mut f.db, &f.rules, who, third, &input, now).unwrap();
    assert_eq!(r.seats.map(|s| s.accepted), Some(5));
}

/// Stopping the invitations of a full event withdraws the calls not yet made, open or
/// claimed, as "event full"; the calls made, the answers and the event stay. Sent at a
/// version someone else's edit moved past, it is refused and nothing changes.
#[test]
fn stopping_the_invitations_withdraws_only_the_calls_not_yet_made() {
    use frontdesk::domain::callbacks::Reason;
    use frontdesk::domain::events::{EventData, EventStatus};
    use frontdesk::store::events as ev;
    let mut f = fx();
    for month in 1..=4 {
        f.owner(
            "比亚迪",
            &format!("2025-0{month}-01"),
            false,
            "广东省深圳市",
        );
    }
    let id = f.event(byd_club(), 2);
    f.invite(id, "2026-11-23");
    let tasks = f.tasks(Kind::EventInvite, None);
    assert_eq!(tasks.len(), 4);
    let who = at(Some(f.agent), "2026-11-24 10:00");
    let now = local("2026-11-24 10:00");
    let input = AttemptInput {
        outcome: Outcome::Done,
        scores: Default::default(),
        notes: String::new(),
        complaint: None,
        rsvp: Some(Rsvp::new(Answer::Yes, 2).unwrap()),
    };
    cb::record_attempt(&mut f.db, &f.rules, who, tasks[0].id, &input, now).unwrap();
    // Another agent has the second call claimed.
    let other = at(Some(f.other), "2026-11-24 10:05");
    cb::claim(&mut f.db, &f.rules, other, tasks[1].id).unwrap();
    // An edit came after the supervisor opened the event: the stop at the old version is
    // refused.
    let e = ev::get(f.db.conn(), id).unwrap();
    let seen = e.version;
    let edited = EventData {
        notes: "名额已满".into(),
        ..e.data()
    };
    ev::update(&mut f.db, who, id, seen, &edited).unwrap();
    let err = ev::stop_inviting(&mut f.db, who, id, seen).unwrap_err();
    assert!(
        matches!(&err, frontdesk::store::StoreError::Said { en, .. } if en.contains("was just changed")),
        "{err:?}"
    );
    assert_eq!(f.tasks(Kind::EventInvite, Some(Status::Skipped)).len(), 0);
    let now_version = ev::get(f.db.conn(), id).unwrap().version;
    assert_eq!(
        ev::stop_inviting(&mut f.db, who, id, now_version).unwrap(),
        3
    );
    let skipped = f.tasks(Kind::EventInvite, Some(Status::Skipped));
    assert_eq!(skipped.len(), 3);
    assert!(skipped.iter().all(|t| t.reason == Some(Reason::EventFull)));
    assert_eq!(f.tasks(Kind::EventInvite, Some(Status::Done)).len(), 1);
    let e = ev::get(f.db.conn(), id).unwrap();
    assert_eq!(
        (e.yes, e.accepted_people, e.status),
        (1, 2, EventStatus::Planned)
    );
    assert_eq!(f.audits("stop_inviting"), 1);
    // Again: nothing left to stop.
    assert_eq!(ev::stop_inviting(&mut f.db, who, id, e.version).unwrap(), 0);
}
