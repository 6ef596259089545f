//! The Calls tab's reads on the loads thread (issue 14 rule 1): the list and the open
//! record read again go to their lanes (`run::lane`), not run on the UI
//! thread, and an answer that comes late (read before what the tab holds now, or for a
//! record the agent has left) changes nothing.

use super::lane as calls_lane;
use super::tests::{call, key, listed, rescue, tab};
use super::*;
use crate::ui::background::Lane;

fn lanes(cmds: &[Cmd]) -> Vec<Option<Lane>> {
    cmds.iter().map(calls_lane).collect()
}

#[test]
fn the_list_and_the_follow_reads_go_to_their_lanes() {
    let mut s = tab();
    assert_eq!(lanes(&s.update(Msg::Enter)), vec![Some(Lane::CallList)]);
    s.update(listed(vec![rescue(1, "张三", false)]));
    // A day back or forth loads the list there.
    assert_eq!(
        lanes(&s.update(key(Action::PrevDay))),
        vec![Some(Lane::CallList)]
    );
    s.update(key(Action::Open));
    s.update(Msg::RescueShown(Box::new(rescue(1, "张三", false))));
    // Another agent saved: the list and the open case, both off the UI thread.
    assert_eq!(
        lanes(&s.update(Msg::Follow)),
        vec![Some(Lane::CallList), Some(Lane::CallFollow)]
    );
    // A refused step reads the case again there too.
    let refused = s.update(Msg::Refused {
        why: "refused".into(),
        stale: Some(Stale::Rescue(1)),
    });
    assert!(
        lanes(&refused).contains(&Some(Lane::CallFollow)),
        "{refused:?}"
    );
    // The open call, followed.
    let template = s.templates.search("")[0].id.clone();
    s.update(Msg::CallShown(Box::new(call(4, &template))));
    let cmds = s.update(Msg::Follow);
    assert!(cmds.contains(&Cmd::FollowCall {
        id: 4,
        seen: Some(1)
    }));
    assert_eq!(
        lanes(&cmds),
        vec![Some(Lane::CallList), Some(Lane::CallFollow)]
    );
    // The agent's own steps and the record they open run here.
    assert_eq!(calls_lane(&Cmd::ShowRescue(1)), None);
    assert_eq!(
        calls_lane(&Cmd::RescueStep {
            id: 1,
            version: 1,
            step: RescueStep::Contacted
        }),
        None
    );
}

#[test]
fn a_late_answer_for_a_case_left_or_older_than_shown_changes_nothing() {
    let mut s = tab();
    s.update(listed(vec![rescue(1, "张三", false)]));
    s.update(key(Action::Open));
    s.update(Msg::RescueShown(Box::new(rescue(1, "张三", true))));
    assert_eq!(s.rescue.as_ref().map(|r| r.version), Some(2));
    // Read before the version shown now: the page keeps version 2.
    s.update(Msg::RescueFollowed {
        rescue: Box::new(rescue(1, "张三", false)),
        said: None,
    });
    assert_eq!(s.rescue.as_ref().map(|r| r.version), Some(2));
    // A dispatch form on version 2: an older answer does not move it back.
    s.update(key(Action::RescueDispatch));
    s.update(Msg::RescueFollowed {
        rescue: Box::new(rescue(1, "张三", false)),
        said: Some("older".into()),
    });
    let (kind, f) = s.step.as_ref().expect("the form stays open");
    assert_eq!(*kind, StepKind::Dispatch { id: 1, version: 2 });
    assert_eq!(f.message, None);
}

#[test]
fn a_late_answer_for_a_call_left_or_older_than_shown_changes_nothing() {
    let mut s = tab();
    let template = s.templates.search("")[0].id.clone();
    let mut now = call(4, &template);
    now.version = 3;
    s.update(Msg::CallShown(Box::new(now)));
    // Read before the version shown: nothing changes.
    s.update(Msg::CallFollowed {
        detail: Box::new(call(4, &template)),
        said: Some("older".into()),
    });
    assert_eq!(s.detail.as_ref().map(|d| d.version), Some(3));
    // The agent went back to the list before the answer came: no page opens under it.
    s.update(key(Action::Back));
    assert_eq!((s.mode, s.detail.is_none()), (Mode::List, true));
    let mut later = call(4, &template);
    later.version = 4;
    s.update(Msg::CallFollowed {
        detail: Box::new(later),
        said: None,
    });
    assert!(s.detail.is_none());
    assert_eq!(s.back_mode(), Mode::List);
}

#[test]
fn the_status_bars_rescue_counts_are_counted_on_the_loads_thread() {
    let mut s = tab();
    let cmds = s.update(Msg::Recount);
    assert_eq!(cmds, vec![Cmd::Count]);
    assert_eq!(lanes(&cmds), vec![Some(Lane::CallCounts)]);
    assert_eq!(s.take_rescue_counts(), None);
    s.update(Msg::Counted((3, 1)));
    assert_eq!(s.take_rescue_counts(), Some((3, 1)));
}
