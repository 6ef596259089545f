//! The open complaint read again after a step refused over another agent's goes to the
//! loads thread (issue 14 rule 1): `Cmd::Reshow` in the follow lane, not run on the UI
//! thread; its answer is taken only while that complaint is still open and never back to
//! an older log, and the form keeps its refusal and what was typed.

use super::lane as complaints_lane;
use super::tests::{detail, press, shown, tab, type_in};
use super::*;
use crate::ui::background::Lane;

#[test]
fn the_page_after_a_refused_step_is_read_on_the_loads_thread_and_a_late_answer_changes_nothing() {
    let mut t = tab(Lang::En);
    shown(&mut t, detail(7, 41));
    press(&mut t, Action::Complaint(Step::Note));
    type_in(&mut t, "called back");
    let cmds = t.update(Msg::Refused {
        why: "Li Si just recorded: contacted".into(),
        stale: Some(7),
    });
    assert_eq!(cmds, vec![Cmd::Reshow(7)]);
    assert_eq!(complaints_lane(&cmds[0]), Some(Lane::ComplaintFollow));
    // The answer: the page moves on, the form keeps the refusal and the typing.
    t.update(Msg::Reshown(Box::new(detail(7, 45))));
    assert_eq!(t.detail().map(|d| d.seen), Some(45));
    let (_, f) = t.step.as_ref().unwrap();
    assert_eq!(f.get("text"), "called back");
    assert!(f.message.as_ref().is_some_and(|(m, _)| m.contains("Li Si")));
    // An older answer comes late: the page stays on log 45.
    t.update(Msg::Reshown(Box::new(detail(7, 41))));
    assert_eq!(t.detail().map(|d| d.seen), Some(45));
    // The agent left for the list before an answer came: the page stays closed.
    press(&mut t, Action::Back);
    press(&mut t, Action::Back);
    press(&mut t, Action::Back);
    assert_eq!(t.mode, Mode::List);
    t.update(Msg::Reshown(Box::new(detail(7, 50))));
    assert_eq!(t.mode, Mode::List);
}
