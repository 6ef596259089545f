//! The tab's state machine following the store, without a terminal or a store: every list
//! keeps its highlight on the same record through re-sorts and other agents' saves, the
//! open page follows its booking (also where another agent moved it), and a step someone
//! else took first is refused with the booking shown again.

use super::tests::{act, booking, page, status_of, tab, timeline};
use super::*;
use crate::domain::appointments::{ReminderKind, Status, Transition};
use crate::ui::action::Action;
use crate::ui::desk::Out;
use crate::ui::desk::machine::Machine;

fn reminder(id: i64, b: BookingRow) -> ReminderRow {
    ReminderRow {
        due_at: b.start,
        booking: b,
        id,
        kind: ReminderKind::DayBefore,
        text: String::new(),
        outcome: None,
        outcome_at: None,
        outcome_by: None,
    }
}

/// The runner's answer to a reload with these lists and page.
pub(super) fn lists(
    rows: Vec<BookingRow>,
    arrivals: Vec<BookingRow>,
    tomorrow: Vec<ReminderRow>,
    page: Option<msg::Followed>,
) -> Msg {
    Msg::Loaded(Box::new(Loaded {
        rows,
        week: Vec::new(),
        arrivals,
        tomorrow,
        numbers: Numbers::default(),
        page,
    }))
}

/// Switches the view with `f` until it is `v` (each switch asks for a reload).
fn switch_to(s: &mut AppointmentsTab, v: View) {
    for _ in 0..4 {
        if s.view == v {
            return;
        }
        assert!(matches!(act(s, Action::Filter), Some(Cmd::Reload { .. })));
    }
    assert_eq!(s.view, v);
}

/// Another agent's save, in every list: the tab asks for its lists again, then the
/// highlight stays on its record through the re-sort; a record that left hands it on and
/// says so.
#[test]
fn every_list_keeps_its_record_through_another_agents_save() {
    for view in [View::Day, View::Arrivals, View::Tomorrow] {
        let mut s = tab();
        switch_to(&mut s, view);
        let (a, b) = (booking(1, "甲", 1, 1), booking(2, "乙", 2, 1));
        let c = booking(3, "丙", 0, 1);
        let made = |rows: Vec<BookingRow>| match view {
            View::Day => lists(rows, Vec::new(), Vec::new(), None),
            View::Arrivals => lists(Vec::new(), rows, Vec::new(), None),
            _ => lists(
                Vec::new(),
                Vec::new(),
                rows.into_iter().map(|r| reminder(r.id, r)).collect(),
                None,
            ),
        };
        s.update(made(vec![a.clone(), b.clone()]));
        act(&mut s, Action::Down);
        assert_eq!(s.selected_id(), Some(2), "{view:?}");
        // Another agent saved: the tab asks for what it shows, on the shown day.
        let cmds = s.update(Msg::Follow);
        assert_eq!(
            cmds,
            vec![Cmd::Reload {
                day: s.shown_day(),
                open: None,
                form_open: false
            }],
            "{view:?}"
        );
        // An earlier booking came in: the list re-sorts, the highlight stays on #2.
        let cmds = s.update(made(vec![c.clone(), a.clone(), b.clone()]));
        assert_eq!(status_of(&cmds), None, "{view:?}");
        assert_eq!(s.selected_id(), Some(2), "{view:?}");
        assert_eq!(s.selected.index(), 2, "{view:?}");
        // #2 left the list: the highlight moves to its neighbour and the line says so.
        let cmds = s.update(made(vec![c.clone(), a.clone()]));
        let line = status_of(&cmds).expect("a status line");
        assert!(line.contains("预约 #2 乙"), "{view:?}: {line}");
        assert_eq!(s.selected_id(), Some(1), "{view:?}");
    }
}

/// A check-in from the arrivals list is taken on the highlighted booking's version,
/// whatever row it sorts to.
#[test]
fn a_step_from_a_list_acts_on_the_highlighted_record_after_a_re_sort() {
    let mut s = tab();
    switch_to(&mut s, View::Arrivals);
    s.update(lists(
        Vec::new(),
        vec![booking(1, "甲", 1, 1), booking(2, "乙", 2, 1)],
        Vec::new(),
        None,
    ));
    act(&mut s, Action::Down);
    s.update(lists(
        Vec::new(),
        vec![booking(2, "乙", 2, 4), booking(1, "甲", 1, 1)],
        Vec::new(),
        None,
    ));
    assert_eq!(
        act(&mut s, Action::Booking(BookingStep::Start)),
        Some(Cmd::Step {
            id: 2,
            version: 4,
            step: Transition::StartService,
            page: false,
        })
    );
}

/// The open page follows the store: the reload names it with the version shown; another
/// agent's move shows the new booking, says who moved it, tells an open step form and
/// highlights the new booking back in the list.
#[test]
fn the_open_page_follows_another_agents_move() {
    let mut s = tab();
    s.update(lists(
        vec![booking(1, "甲", 1, 1)],
        Vec::new(),
        Vec::new(),
        None,
    ));
    s.update(Msg::Shown(Box::new(page(booking(1, "甲", 1, 3)))));
    act(&mut s, Action::Booking(BookingStep::Cancel));
    assert_eq!(s.mode, Mode::Step);
    assert_eq!(
        s.update(Msg::Follow),
        vec![Cmd::Reload {
            day: s.shown_day(),
            open: Some((1, 3)),
            form_open: true
        }]
    );
    let moved = booking(7, "甲", 5, 1);
    let followed = msg::Followed {
        from: 1,
        detail: Box::new(page(moved.clone())),
        moved: Some(7),
        page_line: Some("预约 #1 刚被 1002 王芳 改期".into()),
        form_line: Some("预约 #1 刚被 1002 王芳 改期。Ctrl-R 载入新内容".into()),
    };
    s.update(lists(vec![moved], Vec::new(), Vec::new(), Some(followed)));
    assert_eq!(s.detail().map(|d| d.booking.row.id), Some(7));
    assert!(s.step_stale());
    let (kind, f) = s.step_form().expect("the form stays open");
    assert_eq!(
        kind,
        StepForm::Cancel(7),
        "the form now acts on the new booking"
    );
    assert!(f.message.as_ref().is_some_and(|(m, _)| m.contains("王芳")));
    // The form is left: back on the page, then the list, on booking #7.
    act(&mut s, Action::Back);
    let cmds = s.update(Msg::Key(
        Some(Action::Back),
        crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Esc),
    ));
    assert!(
        matches!(cmds.as_slice(), [Cmd::Reload { open: None, .. }]),
        "{cmds:?}"
    );
    s.update(lists(
        vec![booking(1, "甲", 1, 4), booking(7, "甲", 5, 1)],
        Vec::new(),
        Vec::new(),
        None,
    ));
    assert_eq!(s.selected_id(), Some(7));
}

/// Two agents take the same step: the second is refused with what the first did, said
/// once on the page (not on the status line too), and the page is loaded again so a
/// second try is on what is there now.
#[test]
fn a_step_another_agent_took_first_is_refused_and_the_page_reloaded() {
    let mut s = tab();
    s.update(Msg::Shown(Box::new(page(booking(2, "乙", 2, 5)))));
    let why = "预约 #2 刚被 1002 王芳 确认".to_string();
    let cmds = s.update(Msg::Refused {
        why: why.clone(),
        stale: Some(2),
    });
    assert_eq!(cmds, vec![Cmd::Open(2)]);
    assert_eq!(s.message, Some((why, true)));
    // From a list, the lists are loaded again instead.
    let mut s = tab();
    s.update(lists(
        vec![booking(2, "乙", 2, 5)],
        Vec::new(),
        Vec::new(),
        None,
    ));
    let cmds = s.update(Msg::Refused {
        why: "x".into(),
        stale: Some(2),
    });
    assert!(matches!(cmds.as_slice(), [Cmd::Reload { .. }]), "{cmds:?}");
    assert_eq!(s.message, Some(("x".into(), true)));
}

/// A confirmation on the page: the page as it is now, the text on the clipboard.
#[test]
fn a_confirmation_puts_its_text_on_the_clipboard() {
    let mut s = tab();
    let mut b = booking(2, "乙", 2, 5);
    s.update(Msg::Shown(Box::new(page(b.clone()))));
    b.status = Status::Confirmed;
    b.version = 6;
    let mut d = page(b);
    d.confirmation = "张先生您好".into();
    let cmds = s.update(Msg::Stepped {
        line: "已记录：已确认".into(),
        page: Some(Box::new(d)),
        confirmed: true,
    });
    assert!(
        cmds.contains(&Cmd::Out(Out::Copy("张先生您好".into()))),
        "{cmds:?}"
    );
    assert_eq!(s.detail().map(|d| d.booking.row.version), Some(6));
}

/// The reminder form opened from the "confirm tomorrow" list names its booking even after
/// that reminder left the list and the highlight moved on (it named the new highlight).
#[test]
fn the_reminder_form_names_its_booking_after_the_list_moved_on() {
    let mut s = tab();
    switch_to(&mut s, View::Tomorrow);
    let (a, b) = (booking(1, "甲", 1, 1), booking(2, "乙", 2, 1));
    s.update(lists(
        Vec::new(),
        Vec::new(),
        vec![reminder(1, a.clone()), reminder(2, b)],
        None,
    ));
    act(&mut s, Action::Down);
    act(&mut s, Action::Booking(BookingStep::Reminder));
    assert!(matches!(s.step, Some((StepForm::Reminder(2), _))));
    // Another agent recorded reminder 2: it leaves the list, the highlight moves to #1.
    s.update(lists(Vec::new(), Vec::new(), vec![reminder(1, a)], None));
    assert_eq!(s.selected_id(), Some(1));
    s.setup = Some(
        crate::domain::appointments::StoreSetup::load(None)
            .0
            .with_tz(chrono_tz::Asia::Shanghai),
    );
    let screen = timeline(&s);
    assert!(screen.contains("提醒电话结果：预约 #2 乙"), "{screen}");
    assert!(!screen.contains("预约 #1 甲"), "{screen}");
}

/// The reminder form saves on its booking as the form opened on it, not as the list shows
/// it since: another agent's step reloaded into the list meanwhile is caught by the store's
/// version check. Once refused, the form takes the booking as listed now, so the next save
/// goes (no loop of refusals).
#[test]
fn the_reminder_form_saves_on_the_booking_it_opened_on() {
    let mut s = tab();
    switch_to(&mut s, View::Tomorrow);
    let listed = |v| {
        lists(
            Vec::new(),
            Vec::new(),
            vec![reminder(1, booking(1, "甲", 1, v))],
            None,
        )
    };
    s.update(listed(3));
    act(&mut s, Action::Booking(BookingStep::Reminder));
    if let Some((_, f)) = &mut s.step {
        f.fields[0].set_text("4");
    }
    // Another agent's outcome: the list reloads with the booking at version 4.
    s.update(listed(4));
    let saved = |s: &mut AppointmentsTab| match act(s, Action::Save) {
        Some(Cmd::Reminder { version, .. }) => version,
        c => panic!("{c:?}"),
    };
    assert_eq!(saved(&mut s), 3);
    let cmds = s.update(Msg::Refused {
        why: "预约 #1 刚被 1001 刘芳 更改".into(),
        stale: None,
    });
    assert!(matches!(cmds.as_slice(), [Cmd::Reload { .. }]), "{cmds:?}");
    s.update(listed(4));
    assert_eq!(saved(&mut s), 4);
}

/// A booking saved, or a step recorded, is said once: at the foot of the tab, not on the
/// status line as well (both showed the same words at once).
#[test]
fn a_saved_booking_or_step_is_said_once() {
    let mut s = tab();
    let line = "已预约：11-24 10:00 粤B12345".to_string();
    let cmds = s.update(Msg::Booked {
        id: 9,
        date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        line: line.clone(),
    });
    assert_eq!(s.message, Some((line, false)));
    assert!(status_of(&cmds).is_none(), "{cmds:?}");
    let b = booking(2, "乙", 2, 5);
    s.update(Msg::Shown(Box::new(page(b.clone()))));
    let cmds = s.update(Msg::Stepped {
        line: "已记录：已到店".into(),
        page: Some(Box::new(page(b))),
        confirmed: false,
    });
    assert_eq!(s.message, Some(("已记录：已到店".into(), false)));
    assert!(status_of(&cmds).is_none(), "{cmds:?}");
}

/// Fills the step form's fields by key.
fn fill(s: &mut AppointmentsTab, values: &[(&str, &str)]) {
    let (_, f) = s.step.as_mut().expect("a step form");
    for (key, text) in values {
        let at = f.fields.iter().position(|x| x.key == *key).unwrap();
        f.fields[at].set_text(text);
    }
}

/// The save's booking and version (panics on anything but a step's or a move's command).
fn saved_on(s: &mut AppointmentsTab) -> (i64, i64) {
    match act(s, Action::Save) {
        Some(Cmd::Step { id, version, .. } | Cmd::Reschedule { id, version, .. }) => (id, version),
        c => panic!("{c:?}"),
    }
}

/// Every step form on a booking's page (complete, cancel, reschedule) saves on the
/// booking's version it opened on, not as the page reloaded since: another agent's step
/// meanwhile is caught by the store's version check. Once refused, the page is shown
/// again and the form takes the booking as shown, so the next save goes (no loop).
#[test]
fn a_step_form_saves_on_the_booking_version_it_opened_on() {
    let forms: [(BookingStep, &[(&str, &str)]); 3] = [
        (BookingStep::Cancel, &[("reason", "1"), ("note", "出差")]),
        (
            BookingStep::Complete,
            &[("amount", "380"), ("mileage", "12000")],
        ),
        (
            BookingStep::Reschedule,
            &[("when", "2026-11-24 10:00"), ("note", "客户要求")],
        ),
    ];
    for (step, values) in forms {
        let mut s = tab();
        s.setup = Some(
            crate::domain::appointments::StoreSetup::load(None)
                .0
                .with_tz(chrono_tz::Asia::Shanghai),
        );
        let shown = |v| {
            let mut b = booking(1, "甲", 1, v);
            if step == BookingStep::Complete {
                b.status = Status::InService;
            }
            page(b)
        };
        s.update(Msg::Shown(Box::new(shown(3))));
        act(&mut s, Action::Booking(step));
        assert_eq!(s.mode, Mode::Step, "{step:?}");
        fill(&mut s, values);
        // Another agent's step: the page reloads with the booking at version 4.
        let followed = msg::Followed {
            from: 1,
            detail: Box::new(shown(4)),
            moved: None,
            page_line: None,
            form_line: Some("预约 #1 刚被 1001 刘芳 更改".into()),
        };
        s.update(lists(Vec::new(), Vec::new(), Vec::new(), Some(followed)));
        assert_eq!(s.detail().map(|d| d.booking.row.version), Some(4));
        assert_eq!(saved_on(&mut s), (1, 3), "{step:?}");
        // A draft kept now stands on that version too.
        assert_eq!(s.step_draft().and_then(|d| d.seen), Some(3), "{step:?}");
        let why = "预约 #1 刚被 1001 刘芳 更改".to_string();
        let cmds = s.update(Msg::Refused {
            why: why.clone(),
            stale: Some(1),
        });
        // Said in the form only (the page's foot and the status line stay quiet).
        assert_eq!(cmds, vec![Cmd::Open(1)]);
        assert_eq!(s.message, None, "{step:?}");
        let f = s.step_form().expect("the form stays open").1;
        assert_eq!(f.message, Some((why, true)), "{step:?}");
        for (key, typed) in values {
            assert_eq!(f.get(key), *typed, "{step:?}: what was typed is kept");
        }
        s.update(Msg::Shown(Box::new(shown(4))));
        assert_eq!(saved_on(&mut s), (1, 4), "{step:?}");
    }
}

/// A step form whose booking another agent moved: the save still names the booking it
/// opened on (so the store refuses it, saying who moved it); refused, the form takes the
/// booking it was moved to as the page shows it.
#[test]
fn a_step_form_on_a_moved_booking_is_refused_then_acts_on_the_new_one() {
    let mut s = tab();
    s.update(Msg::Shown(Box::new(page(booking(1, "甲", 1, 3)))));
    act(&mut s, Action::Booking(BookingStep::Cancel));
    fill(&mut s, &[("reason", "1"), ("note", "出差")]);
    let moved = booking(7, "甲", 5, 3);
    let followed = msg::Followed {
        from: 1,
        detail: Box::new(page(moved.clone())),
        moved: Some(7),
        page_line: None,
        form_line: Some("预约 #1 刚被 1002 王芳 改期".into()),
    };
    s.update(lists(
        vec![moved.clone()],
        Vec::new(),
        Vec::new(),
        Some(followed),
    ));
    assert_eq!(s.step_form().map(|(k, _)| k), Some(StepForm::Cancel(7)));
    assert_eq!(saved_on(&mut s), (1, 3));
    let cmds = s.update(Msg::Refused {
        why: "预约 #1 刚被 1002 王芳 改期".into(),
        stale: Some(1),
    });
    assert_eq!(cmds.last(), Some(&Cmd::Open(7)), "the page's booking");
    s.update(Msg::Shown(Box::new(page(moved))));
    assert_eq!(saved_on(&mut s), (7, 3));
}
