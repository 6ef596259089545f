//! An open scoring sheet follows another agent's change of its review: the page says who
//! and what the review is now, keeps the points typed, and the next save is taken on the
//! new version (never a loop of refusals).

use super::tests::{SUP, act, loaded, opened, page, round, row, typed};
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

#[test]
fn a_rescore_saved_meanwhile_comes_into_the_sheet_where_nothing_was_typed() {
    let mut p = page(SUP);
    p.lang = crate::i18n::Lang::Zh;
    let r = row(1, 2, ReviewStatus::Disputed);
    let first = round([4, 5, 5, 3, 4, 4]);
    p.update(opened(r.clone(), vec![first.clone()]));
    // The supervisor gives the greeting 2 and touches nothing else.
    p.update(typed('2'));
    // Another supervisor re-scored it meanwhile: all fives, and the fatal error.
    let mut second = round([5, 5, 5, 5, 5, 5]);
    (second.round, second.fatal) = (2, true);
    let mut theirs = r;
    (theirs.version, theirs.status) = (4, ReviewStatus::Rescored);
    let Msg::Opened(o) = opened(theirs, vec![first, second]) else {
        unreachable!()
    };
    p.update(Msg::Moved {
        opened: o,
        who: Some("1002 陈静".into()),
        refused: false,
    });
    let s = p.sheet.as_ref().unwrap();
    assert_eq!(s.points, [2, 5, 5, 5, 5, 5].map(Some));
    assert!(s.fatal);
    let (line, _) = s.message.clone().unwrap();
    assert!(
        line.starts_with(
            "1002 陈静 刚更改了此评审（现为“已复评”）：开场问候（新值 5，保留您填的），答复准确 → 5"
        ),
        "{line}"
    );
    for said in [
        "答复准确 → 5",
        "礼貌用语 → 5",
        "结束语 → 5",
        "致命错误 → 是",
    ] {
        assert!(line.contains(said), "{said}: {line}");
    }
    // Criteria whose stored points did not change are not named.
    assert!(!line.contains("身份确认"), "{line}");
    // On the sheet, the other supervisor's points stand beside the greeting typed.
    let screen = crate::ui::desk::testing::draw_with(|f, clock, theme| {
        super::view::render(&p, f, f.area(), crate::i18n::Lang::Zh, clock, theme)
    });
    let row = |label: &str| {
        let on_sheet = |l: &&str| l.contains(label) && l.contains("/5]");
        screen.lines().find(on_sheet).unwrap_or("").to_string()
    };
    assert!(row("开场问候").contains("[2/5] 新值 5"), "{screen}");
    let courtesy = row("礼貌用语");
    assert!(
        courtesy.contains("[5/5]") && !courtesy.contains("新值"),
        "{screen}"
    );
}

/// A temporary store where agent 1003 logged a 10-second call this morning: the sampling
/// rule queues it when a supervisor opens the page.
pub(super) fn short_call() -> crate::ui::desk::testing::Store {
    use crate::domain::templates::TemplateSet;
    use crate::store::{Actor, agents, calls};
    let mut st = crate::ui::desk::testing::Store::new(crate::i18n::Lang::En);
    let start = st.other().at - chrono::Duration::hours(1);
    let sys = Actor {
        agent_id: None,
        at: start,
    };
    let agent = agents::ensure(&mut st.db, sys, "1003", "李强", agents::Role::Agent).unwrap();
    let set = TemplateSet::builtin();
    let t = set.get("consult_price").unwrap();
    let c = calls::NewCall {
        customer_id: None,
        vehicle_id: None,
        direction: crate::domain::calls::Direction::Inbound,
        channel: crate::domain::calls::Channel::Phone,
        template_id: t.id.clone(),
        template_version: t.version,
        group: t.group,
        fields: Default::default(),
        sentence: "问价".into(),
        resolved: true,
        completeness: 90,
        started_at: start,
    };
    let by = Actor {
        agent_id: Some(agent.id),
        at: start + chrono::Duration::seconds(10),
    };
    calls::save(&mut st.db, by, &c).unwrap();
    st
}

/// Points per criterion of the builtin sheet, in its order.
fn scores(points: [u8; 6]) -> crate::domain::quality::Scores {
    let def = crate::domain::quality::QualityConfig::builtin().review;
    crate::domain::quality::Scores {
        points: def
            .criteria
            .iter()
            .map(|c| c.id.clone())
            .zip(points)
            .collect(),
        fatal: false,
    }
}

#[test]
fn another_supervisors_score_comes_into_the_open_sheet_and_nothing_is_overwritten() {
    use crate::store::quality;
    use crate::ui::desk::testing::{char_key, no_key};
    use crate::ui::desk::{Out, Page};
    let mut st = short_call();
    let mut p = super::QualityPage::new(crate::i18n::Lang::En);
    // Entering samples the short call into the queue, then lists it.
    p.enter(&mut st.env());
    st.settle(&mut p);
    let id = *p
        .selected
        .id()
        .expect("the short call is queued and listed");
    p.key(Some(Action::Open), no_key(), &mut st.env());
    assert_eq!(p.mode, Mode::Sheet);
    let seen = p.opened.as_ref().unwrap().detail.row.version;
    // The user scores the first three criteria.
    for c in ['2', '2', '2'] {
        p.key(None, char_key(c), &mut st.env());
    }
    // Meanwhile the other supervisor scores the whole call.
    let def = quality::config(st.db.conn()).review;
    let at = st.other().at;
    let other = st.other.clone();
    quality::score(
        &mut st.db,
        at,
        &other,
        id,
        seen,
        &scores([5; 6]),
        "好",
        &def,
    )
    .unwrap();
    // The refresh tick: the points typed stay with the other supervisor's named beside
    // them, the untouched ones take theirs, and the sheet says who scored it.
    p.follow(&mut st.env());
    // The check is a job for the loads thread: nothing is read here, and the form stays as
    // it was until its answer comes.
    let check = st.follow_check(&mut p);
    let s = p.sheet.as_ref().unwrap();
    assert_eq!((s.message.is_none(), s.points[3]), (true, None));
    assert_eq!(p.opened.as_ref().unwrap().detail.row.version, seen);
    st.answer(&mut p, check);
    assert_eq!(p.mode, Mode::Sheet);
    let s = p.sheet.as_ref().unwrap();
    let (line, _) = s.message.clone().unwrap();
    assert!(
        line.starts_with(
            "1002 陈静 just changed this review (now scored): Greeting (now 5, yours kept)"
        ),
        "{line}"
    );
    assert!(
        line.contains("Listening (now 5, yours kept), Accurate answer → 5"),
        "{line}"
    );
    assert_eq!(s.points, [2, 2, 2, 5, 5, 5].map(Some));
    assert_eq!(p.opened.as_ref().unwrap().detail.row.version, seen + 1);
    // Saving goes against the new version: the store says the review is scored now (no
    // loop of version refusals) and the other supervisor's score stands.
    let outs = p.key(Some(Action::Save), no_key(), &mut st.env());
    assert!(
        matches!(outs.first(), Some(Out::Error(e)) if e.starts_with("This review is scored")),
        "{outs:?}"
    );
    let d = quality::detail(&st.db, &st.me, id).unwrap();
    assert_eq!((d.row.version, d.row.total), (seen + 1, Some(100.0)));
    assert_eq!(d.rounds.len(), 1);
    assert!(p.sheet.as_ref().is_some_and(|s| s.dirty));
}

/// A sheet's draft comes back on its review at the version the supervisor saw, the points
/// as typed and as the sheet opened: the version check asks what changed since, and a
/// re-score saved meanwhile comes in where nothing was typed.
#[test]
fn a_sheet_draft_stands_on_the_version_seen_and_follows_what_changed_since() {
    let mut p = page(SUP);
    let r = row(1, 2, ReviewStatus::Disputed);
    p.update(opened(r.clone(), vec![round([4, 5, 5, 3, 4, 4])]));
    p.update(typed('2'));
    let d = p.page_draft().expect("a point typed");
    assert_eq!(d.record, Some((1, 3)));
    let mut back = page(SUP);
    assert!(back.put_back(&d).is_some());
    // Re-scored meanwhile (version 4): all fives.
    let mut now = r;
    now.version = 4;
    let cmds = back.update(opened(now.clone(), vec![round([5, 5, 5, 5, 5, 5])]));
    let check = Cmd::Check {
        id: 1,
        version: 3,
        refused: false,
    };
    assert_eq!(cmds, vec![check]);
    let Msg::Opened(o) = opened(now, vec![round([5, 5, 5, 5, 5, 5])]) else {
        unreachable!()
    };
    back.update(Msg::Moved {
        opened: o,
        who: Some("2002 王主管".into()),
        refused: false,
    });
    let s = back.sheet.as_ref().expect("the sheet is back");
    // The point typed stays; the others take the re-score (the draft's base was 4,5,5,3..).
    assert_eq!(
        s.points,
        vec![Some(2), Some(5), Some(5), Some(5), Some(5), Some(5)]
    );
    assert!(s.message.is_some());
}
