//! An open event form follows another agent's save: it says who, keeps what was typed, and
//! the next save is taken on the new version (never a loop of refusals).

use super::follow::{Stored, Under};
use super::*;
use crate::domain::callbacks::Channel;
use crate::domain::events::{EventKind, TargetRule};
use crate::store::events as ev;
use crate::ui::desk::testing::{Store, char_key, no_key};
use crate::ui::desk::{Out, Page};

fn data(title: &str, place: &str) -> EventData {
    EventData {
        title: title.into(),
        kind: EventKind::Talk,
        starts_at: chrono::NaiveDate::from_ymd_opt(2026, 11, 28)
            .unwrap()
            .and_hms_opt(14, 0, 0)
            .unwrap(),
        place: place.into(),
        capacity: 30,
        target: TargetRule::default(),
        channel: Channel::Call,
        notes: String::new(),
    }
}

fn row(id: i64, version: i64, d: &EventData) -> EventRow {
    let mut r = super::tests::event(id, version);
    r.title = d.title.clone();
    r.place = d.place.clone();
    r
}

/// Moves the form's cursor to the place field and types `text` after what it holds.
fn type_place(p: &mut Events, text: &str) {
    for _ in 0..3 {
        p.update(Msg::Action(Action::NextField));
    }
    for c in text.chars() {
        p.update(Msg::Text(char_key(c)));
    }
}

#[test]
fn another_agents_save_while_the_form_is_open_says_who_keeps_the_typing_and_saves_on_it() {
    let mut p = Events::new(Lang::En);
    p.update(Msg::Enter {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    });
    p.update(Msg::Loaded(vec![row(1, 1, &data("Talk", "Hall"))], 1));
    p.update(Msg::Action(Action::EventEdit));
    type_place(&mut p, " 2F");
    // Another agent saves: the page asks whether the open form's event moved on.
    let cmds = p.update(Msg::Follow);
    let check = Cmd::Check {
        under: Under::Event { id: 1, version: 1 },
        refused: false,
    };
    assert!(cmds.contains(&check), "{cmds:?}");
    p.update(Msg::Moved {
        stored: Stored::Event(Box::new(row(1, 2, &data("Winter talk", "Hall")))),
        who: Some("1002 陈静".into()),
        refused: false,
    });
    let (_, f) = p.form.as_ref().unwrap();
    let (line, _) = f.message.clone().unwrap();
    assert!(
        line.starts_with("1002 陈静 just changed this record"),
        "{line}"
    );
    assert_eq!((f.get("title"), f.get("place")), ("Winter talk", "Hall 2F"));
    // The form says it once, under its fields (not also at their foot).
    let screen = crate::ui::desk::testing::squash(&super::tests::draw(&p, Lang::En));
    assert_eq!(
        screen.matches("justchangedthisrecord").count(),
        1,
        "{screen}"
    );
    let Cmd::Save { target, data } = p.update(Msg::Action(Action::Save)).remove(0) else {
        panic!("no save");
    };
    assert_eq!(target, Some((1, 2)));
    assert_eq!(
        (data.title.as_str(), data.place.as_str()),
        ("Winter talk", "Hall 2F")
    );
}

#[test]
fn a_refused_save_takes_the_stored_event_in_and_the_next_save_goes_through() {
    let mut st = Store::new(Lang::En);
    let other = st.other();
    let id = ev::create(&mut st.db, other, &data("Talk", "Hall")).unwrap();
    let mut p = Events::new(Lang::En);
    p.enter(&mut st.env());
    st.settle(&mut p);
    p.key(Some(Action::EventEdit), no_key(), &mut st.env());
    for _ in 0..3 {
        p.key(Some(Action::NextField), no_key(), &mut st.env());
    }
    for c in " 2F".chars() {
        p.key(None, char_key(c), &mut st.env());
    }
    // Meanwhile the other agent renames the event: the store's version check refuses the
    // save made on the old version once, and the form takes the stored event in.
    ev::update(&mut st.db, other, id, 1, &data("Winter talk", "Hall")).unwrap();
    let outs = p.key(Some(Action::Save), no_key(), &mut st.env());
    assert!(matches!(outs.first(), Some(Out::Error(_))), "{outs:?}");
    // What moved is read on the loads thread, not here: until its answer the form says
    // the refusal only.
    let check = st.follow_check(&mut p);
    let (_, f) = p.form.as_ref().unwrap();
    assert!(!f.message.clone().unwrap().0.starts_with("Not saved"));
    assert_eq!(f.get("title"), "Talk");
    st.answer(&mut p, check);
    let (_, f) = p.form.as_ref().unwrap();
    let (line, error) = f.message.clone().unwrap();
    assert!(
        error && line.starts_with("Not saved: 1002 陈静 just changed"),
        "{line}"
    );
    assert!(line.contains("Title → Winter talk"), "{line}");
    let outs = p.key(Some(Action::Save), no_key(), &mut st.env());
    assert!(matches!(outs.first(), Some(Out::Status(_))), "{outs:?}");
    let stored = ev::get(st.db.conn(), id).unwrap();
    assert_eq!(
        (stored.title.as_str(), stored.place.as_str()),
        ("Winter talk", "Hall 2F")
    );
    assert_eq!(stored.version, 3);
}

#[test]
fn an_open_answer_form_follows_another_agents_answer() {
    let mut p = Events::new(Lang::Zh);
    p.update(Msg::Loaded(vec![row(1, 1, &data("Talk", "Hall"))], 1));
    let guest = |version: i64, party: u32| InviteeRow {
        id: 7,
        customer_id: 70,
        name: "客户7".into(),
        mobile: "138****0000".into(),
        vip: false,
        car: String::new(),
        plate: None,
        answer: Some(crate::domain::events::Answer::Yes),
        party,
        attended: false,
        version,
        invite_task: None,
        feedback_task: None,
    };
    p.update(Msg::Opened(
        Box::new(row(1, 1, &data("Talk", "Hall"))),
        vec![guest(4, 1)],
    ));
    p.update(Msg::Action(Action::EventAnswer));
    let cmds = p.update(Msg::Follow);
    let under = Under::Invitee {
        event: 1,
        id: 7,
        version: 4,
    };
    assert!(
        cmds.contains(&Cmd::Check {
            under,
            refused: false
        }),
        "{cmds:?}"
    );
    p.update(Msg::Moved {
        stored: Stored::Invitee(Box::new(guest(5, 3))),
        who: Some("1002 陈静".into()),
        refused: false,
    });
    let (_, version, f) = p.answer.as_ref().unwrap();
    assert_eq!((*version, f.get("party")), (5, "3"));
    assert!(
        f.message
            .as_ref()
            .unwrap()
            .0
            .starts_with("1002 陈静 刚修改了此记录")
    );
}

#[test]
fn another_agents_save_reloads_the_list_and_the_open_event_keeping_the_highlights() {
    let guest = |id, came| super::tests::invitee(id, 1, came);
    let mut p = Events::new(Lang::En);
    p.update(Msg::Enter {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    });
    let talk = data("Talk", "Hall");
    p.update(Msg::Loaded(vec![row(1, 1, &talk), row(2, 1, &talk)], 2));
    p.update(Msg::Action(Action::Down));
    assert_eq!(p.update(Msg::Follow), vec![Cmd::List]);
    // Event 2 renamed by another agent sorts first now: the highlight stays on it.
    let renamed = row(2, 2, &data("Winter talk", "Hall"));
    p.update(Msg::Loaded(vec![renamed.clone(), row(1, 1, &talk)], 2));
    assert_eq!((p.selected.id(), p.selected.index()), (Some(&2), 0));
    assert!(super::tests::draw(&p, Lang::En).contains("Winter talk"));
    // The open event reloads with its invitees, the highlight on the same invitee.
    p.update(Msg::Opened(
        Box::new(renamed.clone()),
        vec![guest(7, false), guest(8, false)],
    ));
    p.update(Msg::Action(Action::Down));
    assert_eq!(p.update(Msg::Follow), vec![Cmd::List, Cmd::Open(2)]);
    p.update(Msg::Opened(
        Box::new(renamed),
        vec![guest(5, false), guest(7, false), guest(8, true)],
    ));
    assert_eq!(p.invitee.id(), Some(&8));
    assert!(p.invitees.iter().any(|i| i.id == 8 && i.attended));
}

#[test]
fn the_refresh_tick_brings_another_agents_save_into_the_open_form_before_any_save() {
    let mut st = Store::new(Lang::En);
    let other = st.other();
    let id = ev::create(&mut st.db, other, &data("Talk", "Hall")).unwrap();
    let mut p = Events::new(Lang::En);
    p.enter(&mut st.env());
    st.settle(&mut p);
    p.key(Some(Action::EventEdit), no_key(), &mut st.env());
    ev::update(&mut st.db, other, id, 1, &data("Winter talk", "Hall")).unwrap();
    // The app's follow (another agent saved): the open form is told, nothing refused yet.
    p.follow(&mut st.env());
    // The check is a job for the loads thread: nothing is read here, and the form stays as
    // it was until its answer comes.
    let check = st.follow_check(&mut p);
    let (target, f) = p.form.as_ref().unwrap();
    assert_eq!(
        (*target, f.message.is_none(), f.get("title")),
        (Some((id, 1)), true, "Talk")
    );
    st.answer(&mut p, check);
    let (target, f) = p.form.as_ref().unwrap();
    let line = f.message.clone().unwrap().0;
    assert!(
        line.starts_with("1002 陈静 just changed this record"),
        "{line}"
    );
    assert_eq!((*target, f.get("title")), (Some((id, 2)), "Winter talk"));
}
