//! The questions over an open event: cancelling it, and stopping the invitations of a full
//! one. Each is asked first over the event (naming what goes), only yes sends it at the
//! version shown, and an event no longer planned says why; the key line offers to stop
//! inviting once the seats are taken.

use super::tests::{draw, event, invitee};
use super::*;
use crate::domain::events::EventStatus;

fn opened(accepted: u32, status: EventStatus) -> Events {
    let mut p = Events::new(Lang::En);
    p.update(Msg::Enter {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    });
    let mut e = event(1, 4);
    e.accepted_people = accepted;
    e.status = status;
    p.update(Msg::Opened(Box::new(e), vec![invitee(7, 3, false)]));
    p
}

#[test]
fn stopping_the_invitations_asks_first_and_only_yes_stops_them() {
    let mut p = opened(30, EventStatus::Planned);
    assert!(p.update(Msg::Action(Action::EventStopInviting)).is_empty());
    assert_eq!(p.mode, Mode::Asking(Ask::StopInviting));
    let screen = draw(&p, Lang::En);
    assert!(screen.contains("Stop inviting"), "{screen}");
    assert!(screen.contains("Seats 30/30, full"), "{screen}");
    // Any other key goes back to the event, nothing sent.
    assert!(p.update(Msg::Action(Action::No)).is_empty());
    assert_eq!(p.mode, Mode::Detail);
    p.update(Msg::Action(Action::EventStopInviting));
    assert_eq!(
        p.update(Msg::Action(Action::Yes)),
        vec![Cmd::StopInviting {
            event: 1,
            version: 4
        }]
    );
    assert_eq!(p.mode, Mode::Detail);
}

#[test]
fn an_event_no_longer_planned_has_no_invitations_to_stop() {
    for status in [EventStatus::Held, EventStatus::Cancelled] {
        let mut p = opened(30, status);
        let cmds = p.update(Msg::Action(Action::EventStopInviting));
        assert!(
            matches!(&cmds[..], [Cmd::Error(s)] if s.contains("no invitations to stop")),
            "{cmds:?}"
        );
        assert_eq!(p.mode, Mode::Detail);
    }
}

#[test]
fn the_key_line_offers_to_stop_inviting_once_the_seats_are_taken_at_80x24() {
    let room = draw(&opened(12, EventStatus::Planned), Lang::En);
    assert!(room.contains("i invite"), "{room}");
    assert!(!room.contains("stop inviting"), "{room}");
    let full = draw(&opened(30, EventStatus::Planned), Lang::Zh);
    assert!(full.contains("s 停止邀约"), "{full}");
    assert!(!full.contains("i 邀约"), "{full}");
}

#[test]
fn an_event_over_its_seats_shows_its_counts_whole_at_80x24() {
    let mut p = opened(51, EventStatus::Planned);
    if let Some(e) = &mut p.event {
        e.invited = 1138;
        (e.yes, e.maybe, e.no) = (17, 56, 437);
    }
    let en = draw(&p, Lang::En);
    let line = en.lines().find(|l| l.contains("Seats")).unwrap();
    assert!(line.contains("Seats 51/30 over"), "{en}");
    assert!(line.contains("attended 0") && !line.contains('~'), "{en}");
    let zh = draw(&p, Lang::Zh);
    assert!(
        zh.contains("名额 51/30 超额") && zh.contains("到场 0"),
        "{zh}"
    );
}

#[test]
fn cancelling_asks_first_naming_the_invited_and_only_yes_cancels() {
    let mut p = opened(3, EventStatus::Planned);
    if let Some(e) = &mut p.event {
        e.invited = 42;
    }
    assert!(p.update(Msg::Action(Action::EventCancel)).is_empty());
    assert_eq!(p.mode, Mode::Asking(Ask::Cancel));
    let screen = draw(&p, Lang::En);
    assert!(screen.contains("Cancel the event"), "{screen}");
    assert!(screen.contains("42 are invited"), "{screen}");
    assert!(p.update(Msg::Action(Action::Back)).is_empty());
    assert_eq!(p.mode, Mode::Detail);
    p.update(Msg::Action(Action::EventCancel));
    assert_eq!(
        p.update(Msg::Action(Action::Yes)),
        vec![Cmd::Cancel {
            event: 1,
            version: 4
        }]
    );
    let mut held = opened(3, EventStatus::Held);
    let cmds = held.update(Msg::Action(Action::EventCancel));
    assert!(
        matches!(&cmds[..], [Cmd::Error(s)] if s.contains("cannot be cancelled")),
        "{cmds:?}"
    );
}
