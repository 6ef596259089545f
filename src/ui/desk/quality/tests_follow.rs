//! An open scoring sheet follows another agent's change of its review: the page says who
//! and what the review is now, keeps the points typed, and the next save is taken on the
//! new version (never a loop of refusals).

use super::tests::{SUP, act, loaded, opened, page, row, typed};
use super::{Cmd, Mode, Msg};
use crate::domain::quality::ReviewStatus;
use crate::ui::action::Action;
use crate::ui::machine::Machine;

#[test]
fn another_agents_change_while_the_sheet_is_open_says_who_keeps_the_points_and_saves_on_it() {
    let mut p = page(SUP);
    let r = row(1, 2, ReviewStatus::Queued);
    p.update(loaded(vec![r.clone()]));
    p.update(opened(r.clone(), vec![]));
    for c in ['5', '4', '5', '3', '4', '5'] {
        p.update(typed(c));
    }
    let check = Cmd::Check {
        id: 1,
        version: 3,
        refused: false,
    };
    assert!(p.update(Msg::Follow).contains(&check));
    // The agent disputed it meanwhile (version 4): the sheet stays, with the points typed.
    let mut theirs = r;
    theirs.version = 4;
    theirs.status = ReviewStatus::Disputed;
    let Msg::Opened(o) = opened(theirs, vec![]) else {
        unreachable!()
    };
    p.update(Msg::Moved {
        opened: o,
        who: Some("1002 陈静".into()),
        refused: true,
    });
    assert_eq!(p.mode, Mode::Sheet);
    let (line, _) = p.sheet.as_ref().unwrap().message.clone().unwrap();
    assert!(
        line.starts_with("Not saved: 1002 陈静 just changed this review (now disputed"),
        "{line}"
    );
    let cmds = p.update(act(Action::Save));
    assert!(
        matches!(&cmds[..], [Cmd::Score { id: 1, version: 4, scores, .. }] if scores.points.len() == 6),
        "{cmds:?}"
    );
}
