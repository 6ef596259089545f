//! The improvements page follows the store: the highlight stays on its action across
//! reloads (or moves to its neighbour and says so), and an open verification form follows
//! another agent's step (says who, keeps the note, saves on the new version).

use super::tests::{act, loaded, row, text};
use super::*;
use crate::store::improvements as si;
use crate::ui::desk::testing::{Store, char_key, no_key};

/// The list loaded with these actions, in this order (id, status, due day).
fn listed(p: &mut ImprovementsPage, rows: &[(i64, Status, u32)]) {
    let rows = rows.iter().map(|(id, s, due)| row(*id, *s, *due)).collect();
    p.update(loaded(rows, false));
}

#[test]
fn the_highlight_follows_its_action_across_a_save_a_reload_and_a_re_sort() {
    use Status::{Done, InProgress, Open};
    let mut p = ImprovementsPage::default();
    listed(&mut p, &[(1, Open, 20), (2, Open, 25), (3, Open, 28)]);
    p.update(act(Action::Down));
    assert_eq!(p.selected.id(), Some(&Item::Action(2)));
    // Re-sorted by another agent's save: still on action 2, now first.
    listed(&mut p, &[(2, InProgress, 25), (1, Open, 20), (3, Open, 28)]);
    let at = |p: &ImprovementsPage| (p.selected.id().cloned(), p.selected.index());
    assert_eq!(at(&p), (Some(Item::Action(2)), 0));
    assert!(p.message.is_none());
    // A step saved on action 2: the reload keeps it highlighted where it sorts now.
    p.update(act(Action::AdvanceImprovement));
    p.update(Msg::Saved(2, "saved".into()));
    listed(&mut p, &[(1, Open, 20), (3, Open, 28), (2, Done, 25)]);
    assert_eq!(at(&p), (Some(Item::Action(2)), 2));
    // It left the view: the highlight moves to its neighbour, and the page says so.
    listed(&mut p, &[(1, Open, 20), (3, Open, 28)]);
    assert_eq!(p.selected.id(), Some(&Item::Action(3)));
    let (line, _) = p.message.clone().unwrap();
    assert!(line.contains("#2") && line.contains("next one"), "{line}");
}

#[test]
fn another_agents_step_while_the_verify_form_is_open_says_who_keeps_the_note_and_saves_on_it() {
    let mut p = ImprovementsPage::default();
    p.update(loaded(vec![row(2, Status::Done, 30)], true));
    p.update(act(Action::Down));
    p.update(act(Action::VerifyImprovement));
    p.update(text('o'));
    p.update(text('k'));
    // Another agent saved: the page asks whether the open action moved on.
    let cmds = p.update(Msg::Follow);
    let check = Cmd::Check {
        id: 2,
        version: 20,
        refused: false,
    };
    assert!(cmds.contains(&check), "{cmds:?}");
    let mut theirs = row(2, Status::Done, 30);
    theirs.version = 22;
    p.update(Msg::Moved {
        row: Box::new(theirs),
        who: Some("1002 陈静".into()),
        refused: false,
    });
    let Level::Verify { form, .. } = &p.level else {
        panic!("the form left");
    };
    let line = form.message.clone().unwrap().0;
    assert!(
        line.starts_with("The action is now Done. 1002 陈静 just changed"),
        "{line}"
    );
    assert_eq!(form.get("note"), "ok");
    let cmds = p.update(act(Action::Save));
    assert!(
        matches!(
            &cmds[..],
            [Cmd::Step {
                id: 2,
                version: 22,
                ..
            }]
        ),
        "{cmds:?}"
    );
}

#[test]
fn a_refused_verification_takes_the_stored_action_in_and_the_next_save_goes_through() {
    let mut st = Store::new(Lang::En);
    let other = st.other();
    let today = st.env().clock.today();
    let new = si::NewImprovement {
        department: Department::Service,
        finding: "Long waits at reception".into(),
        words: String::new(),
        owner_id: Some(st.other.id),
        due: today.succ_opt(),
        links: Vec::new(),
        order: None,
    };
    let id = si::raise(&mut st.db, other, today, &new).unwrap();
    si::step(&mut st.db, other, id, 1, Status::InProgress, false, None).unwrap();
    si::step(&mut st.db, other, id, 2, Status::Done, false, None).unwrap();
    let mut p = ImprovementsPage::default();
    p.enter(&mut st.env());
    st.settle(&mut p);
    Page::key(
        &mut p,
        Some(Action::VerifyImprovement),
        no_key(),
        &mut st.env(),
    );
    assert!(matches!(p.level, Level::Verify { .. }));
    for c in "checked".chars() {
        Page::key(&mut p, None, char_key(c), &mut st.env());
    }
    // Meanwhile the other agent reopens it and finishes it again (two versions on).
    si::step(&mut st.db, other, id, 3, Status::InProgress, false, None).unwrap();
    si::step(&mut st.db, other, id, 4, Status::Done, false, None).unwrap();
    let outs = Page::key(&mut p, Some(Action::Save), no_key(), &mut st.env());
    // What moved is read on the loads thread, not here: until its answer the form says
    // the refusal only.
    let check = st.follow_check(&mut p);
    let Level::Verify { row, .. } = &p.level else {
        panic!("the form left: {outs:?}");
    };
    assert_eq!(row.version, 3);
    st.answer(&mut p, check);
    let Level::Verify { form, row } = &p.level else {
        panic!("the form left");
    };
    let line = form.message.clone().unwrap().0;
    assert!(line.contains("Not saved: 1002 陈静 just changed"), "{line}");
    assert_eq!((row.version, form.get("note")), (5, "checked"));
    Page::key(&mut p, Some(Action::Save), no_key(), &mut st.env());
    let stored = si::get(st.db.conn(), id).unwrap();
    assert_eq!(
        (stored.status, stored.verify_note.as_str()),
        (Status::Verified, "checked")
    );
}

#[test]
fn another_agents_save_reloads_the_list_and_the_open_action() {
    use Status::{InProgress, Open};
    let mut p = ImprovementsPage::default();
    listed(&mut p, &[(1, Open, 20), (2, Open, 25)]);
    p.update(act(Action::Down));
    p.update(Msg::Opened(Box::new(row(2, Open, 25)), Vec::new()));
    // The page's follow is a reload; the open action is read again with it.
    let cmds = p.update(loaded(
        vec![row(1, Open, 20), row(2, InProgress, 25)],
        false,
    ));
    assert_eq!(cmds, vec![Cmd::Open(2)]);
    p.update(Msg::Opened(Box::new(row(2, InProgress, 25)), Vec::new()));
    let Level::Detail { row: shown, .. } = &p.level else {
        panic!("the action left");
    };
    assert_eq!(shown.status, InProgress);
    let screen = crate::ui::desk::testing::draw_with(|f, clock, theme| {
        super::view::render(&p, f, f.area(), Lang::En, clock, theme)
    });
    assert!(screen.contains(InProgress.label(Lang::En)), "{screen}");
}

#[test]
fn the_refresh_tick_asks_the_loads_thread_whether_the_verified_action_moved_on() {
    let mut st = Store::new(Lang::En);
    let other = st.other();
    let today = st.env().clock.today();
    let new = si::NewImprovement {
        department: Department::Service,
        finding: "Long waits at reception".into(),
        words: String::new(),
        owner_id: Some(st.other.id),
        due: today.succ_opt(),
        links: Vec::new(),
        order: None,
    };
    let id = si::raise(&mut st.db, other, today, &new).unwrap();
    si::step(&mut st.db, other, id, 1, Status::InProgress, false, None).unwrap();
    si::step(&mut st.db, other, id, 2, Status::Done, false, None).unwrap();
    let mut p = ImprovementsPage::default();
    p.enter(&mut st.env());
    st.settle(&mut p);
    let verify = Some(Action::VerifyImprovement);
    Page::key(&mut p, verify, no_key(), &mut st.env());
    for c in "ok".chars() {
        Page::key(&mut p, None, char_key(c), &mut st.env());
    }
    // The other agent reopens it.
    si::step(&mut st.db, other, id, 3, Status::InProgress, false, None).unwrap();
    Page::follow(&mut p, &mut st.env());
    // The check is a job for the loads thread: nothing is read here, and the form stays as
    // it was until its answer comes.
    let check = st.follow_check(&mut p);
    let Level::Verify { form, row } = &p.level else {
        panic!("the form left");
    };
    assert_eq!((form.message.is_none(), row.version), (true, 3));
    st.answer(&mut p, check);
    let Level::Verify { form, row } = &p.level else {
        panic!("the form left");
    };
    let line = form.message.clone().unwrap().0;
    assert!(
        line.starts_with("The action is now In progress. 1002 陈静 just changed"),
        "{line}"
    );
    assert_eq!((row.version, form.get("note")), (4, "ok"));
}
