//! The Customers tab's reads after another agent's save go to the loads thread (issue 14
//! rule 1): the search run again, the open archive and the record under the open form
//! (`run::lane`); what the agent types, opens and saves runs here. An
//! answer that comes late (the agent typed, left, revealed or saved meanwhile) changes
//! nothing.

use super::lane as customers_lane;
use super::tests::{archive, car, customer, hit, hits, open_zhang, press, tab, typed};
use super::*;
use crate::ui::background::Lane;

fn lanes(cmds: &[Cmd]) -> Vec<Option<Lane>> {
    cmds.iter().map(customers_lane).collect()
}

#[test]
fn the_reads_after_another_agents_save_go_to_their_lanes() {
    let mut t = tab(Lang::En);
    assert_eq!(
        lanes(&t.update(Msg::Follow)),
        vec![Some(Lane::CustomerSearch)]
    );
    open_zhang(&mut t);
    assert_eq!(
        lanes(&t.update(Msg::Follow)),
        vec![Some(Lane::CustomerSearch), Some(Lane::CustomerFollow)]
    );
    press(&mut t, Action::EditCustomer);
    assert_eq!(
        lanes(&t.update(Msg::Follow)),
        vec![Some(Lane::CustomerSearch), Some(Lane::CustomerFollow)]
    );
    // A refused save's check too.
    assert_eq!(
        lanes(&t.update(Msg::Conflict)),
        vec![Some(Lane::CustomerFollow)]
    );
    // What the agent asks runs here: the search as typed, the archive opened.
    press(&mut t, Action::Back);
    press(&mut t, Action::Back);
    press(&mut t, Action::FocusSearch);
    assert_eq!(lanes(&typed(&mut t, "zs")), vec![None]);
    assert_eq!(
        customers_lane(&Cmd::Load {
            id: 1,
            revealed: false
        }),
        None
    );
}

fn refreshed(query: &str, list: Vec<Hit>, ask: u64) -> Msg {
    Msg::Refreshed {
        query: query.into(),
        hits: list,
        total: None,
        ask,
    }
}

/// The number of the search asked again.
fn asked(cmds: &[Cmd]) -> u64 {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::Refresh { ask, .. } => Some(*ask),
            _ => None,
        })
        .expect("the search asked again")
}

/// The number of the archive asked again.
fn asked_archive(cmds: &[Cmd]) -> u64 {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::Reload { ask, .. } => Some(*ask),
            _ => None,
        })
        .expect("the archive asked again")
}

#[test]
fn results_read_again_are_shown_only_when_nothing_newer_was() {
    let mut t = tab(Lang::En);
    hits(&mut t, vec![hit(1, "张三")]);
    // Asked, answered: shown.
    let ask = asked(&t.update(Msg::Follow));
    t.update(refreshed("", vec![hit(2, "李四"), hit(1, "张三")], ask));
    assert_eq!(t.hits().len(), 2);
    // Asked, then the agent types: the answer for the old text is not shown.
    let ask = asked(&t.update(Msg::Follow));
    press(&mut t, Action::FocusSearch);
    typed(&mut t, "z");
    hits(&mut t, vec![hit(1, "张三")]);
    t.update(refreshed("", vec![hit(3, "王五")], ask));
    assert_eq!(t.hits()[0].customer_id, 1);
    // Asked, then the same text searched here and shown (a save): the older answer
    // is not shown over it.
    let ask = asked(&t.update(Msg::Follow));
    hits(&mut t, vec![hit(1, "张三"), hit(2, "李四")]);
    t.update(refreshed("z", vec![hit(3, "王五")], ask));
    assert_eq!(t.hits().len(), 2);
}

#[test]
fn an_archive_read_again_is_shown_only_while_open_as_asked() {
    let mut t = tab(Lang::En);
    open_zhang(&mut t);
    let newer = || archive(customer(1, "张三", 4), vec![car(10, 1, "粤B12345")]);
    // The agent went back to the list before the answer came: it stays there.
    let ask = asked_archive(&t.update(Msg::Follow));
    press(&mut t, Action::Back);
    t.update(Msg::Reloaded {
        archive: newer(),
        ask,
    });
    assert_eq!(t.mode(), Mode::List);
    // The agent revealed the numbers meanwhile: the masked answer does not mask them.
    open_zhang(&mut t);
    let ask = asked_archive(&t.update(Msg::Follow));
    let mut shown = archive(customer(1, "张三", 3), vec![car(10, 1, "粤B12345")]);
    shown.revealed = true;
    t.update(Msg::Loaded(shown));
    t.update(Msg::Reloaded {
        archive: newer(),
        ask,
    });
    assert!(t.archive().is_some_and(|a| a.revealed));
    // Asked and nothing since: shown.
    let ask = asked_archive(&t.update(Msg::Follow));
    let mut now = newer();
    now.revealed = true;
    t.update(Msg::Reloaded { archive: now, ask });
    assert_eq!(t.archive().map(|a| a.customer.version), Some(4));
}

#[test]
fn a_late_check_over_a_record_not_newer_than_the_form_changes_nothing() {
    let mut t = tab(Lang::En);
    open_zhang(&mut t);
    press(&mut t, Action::EditCustomer);
    // The form stands on version 3: an answer at version 3 (read before a save of this
    // agent's that the form now stands on, or the same) changes nothing.
    t.update(Msg::Moved {
        archive: archive(customer(1, "Someone", 3), vec![]),
        who: Some("王芳".into()),
        refused: false,
    });
    let (_, form) = t.form().unwrap();
    assert_eq!((form.get("name"), form.message.clone()), ("张三", None));
    // Newer: the form follows.
    t.update(Msg::Moved {
        archive: archive(customer(1, "Someone", 4), vec![]),
        who: Some("王芳".into()),
        refused: false,
    });
    let (_, form) = t.form().unwrap();
    assert_eq!(form.get("name"), "Someone");
    assert!(form.message.is_some());
}
