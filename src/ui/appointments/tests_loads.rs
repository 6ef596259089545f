//! The Appointments tab's lists load on the loads thread (issue 14 rule 1): a reload (at
//! start, every 30 ticks, a day or view change, another agent's save, a booking) goes to
//! its lane (`run::lane`), not run on the UI thread; the page in its
//! answer is taken only while the booking asked for is still open and never back to an
//! older version of it.

use super::lane as appointments_lane;
use super::tests::{act, booking, page, tab};
use super::tests_follow::lists;
use super::*;
use crate::ui::action::Action;
use crate::ui::background::Lane;
use crate::ui::desk::machine::Machine;

fn followed(from: i64, row: BookingRow) -> msg::Followed {
    msg::Followed {
        from,
        detail: Box::new(page(row)),
        moved: None,
        page_line: None,
        form_line: None,
    }
}

#[test]
fn every_reload_goes_to_its_lane_and_the_agents_own_reads_run_here() {
    let mut s = tab();
    let lanes = |cmds: Vec<Cmd>| cmds.iter().map(appointments_lane).collect::<Vec<_>>();
    assert_eq!(
        lanes(s.update(Msg::Enter)),
        vec![Some(Lane::AppointmentList)]
    );
    assert_eq!(
        lanes(s.update(Msg::Follow)),
        vec![Some(Lane::AppointmentList)]
    );
    s.update(lists(
        vec![booking(1, "甲", 1, 1)],
        Vec::new(),
        Vec::new(),
        None,
    ));
    let day = act(&mut s, Action::NextDay).expect("the next day loads");
    assert_eq!(appointments_lane(&day), Some(Lane::AppointmentList));
    let open = act(&mut s, Action::Today);
    assert!(matches!(open, Some(Cmd::Reload { .. })));
    assert_eq!(appointments_lane(&Cmd::Open(1)), None);
}

#[test]
fn a_late_page_for_a_booking_left_or_older_than_shown_changes_nothing() {
    let mut s = tab();
    let (v2, v3) = (booking(1, "甲", 1, 2), booking(1, "甲", 1, 3));
    s.update(lists(vec![v3.clone()], Vec::new(), Vec::new(), None));
    s.update(Msg::Shown(Box::new(page(v3.clone()))));
    assert_eq!(s.mode, Mode::Detail);
    // Read before the version shown now: the page stays on version 3.
    s.update(lists(
        vec![v2.clone()],
        Vec::new(),
        Vec::new(),
        Some(followed(1, v2.clone())),
    ));
    assert_eq!(s.detail().map(|d| d.booking.row.version), Some(3));
    // The agent went back to the list before the answer came: no page opens over it.
    act(&mut s, Action::Back);
    assert_eq!(s.mode, Mode::View);
    s.update(lists(
        vec![v3.clone()],
        Vec::new(),
        Vec::new(),
        Some(followed(1, v3.clone())),
    ));
    assert_eq!((s.mode, s.detail().is_none()), (Mode::View, true));
    // Open again and newer: taken.
    s.update(Msg::Shown(Box::new(page(v2))));
    s.update(lists(
        vec![v3.clone()],
        Vec::new(),
        Vec::new(),
        Some(followed(1, v3)),
    ));
    assert_eq!(s.detail().map(|d| d.booking.row.version), Some(3));
}
