use super::*;
use crate::domain::quality::sampling::Reason;
use crate::domain::quality::{QualityConfig, ReviewStatus, Scores};
use crate::store::quality::{Record, ReviewDetail, Round, Source};
use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyModifiers};
use std::collections::BTreeMap;

pub(super) const SUP: Viewer = Viewer {
    id: 1,
    supervisor: true,
};
pub(super) const AGENT: Viewer = Viewer {
    id: 2,
    supervisor: false,
};

fn sheet() -> ReviewSheet {
    QualityConfig::builtin().review
}

pub(super) fn row(id: i64, agent: i64, status: ReviewStatus) -> ReviewRow {
    ReviewRow {
        id,
        version: 3,
        source: Source::Call,
        source_id: 100 + id,
        agent_id: Some(agent),
        agent: format!("100{agent} 陈静"),
        record_at: Utc.with_ymd_and_hms(2026, 11, 18, 2, 0, 0).unwrap(),
        reason: Reason::Sample,
        status,
        total: status.has_score().then_some(80.0),
        fatal: false,
        comment: String::new(),
        reviewer: String::new(),
        disputes: u32::from(matches!(
            status,
            ReviewStatus::Disputed | ReviewStatus::Rescored
        )),
        dispute_reason: String::new(),
        customer: "张三".into(),
        what: "consult_station".into(),
    }
}

pub(super) fn opened(r: ReviewRow, rounds: Vec<Round>) -> Msg {
    Msg::Opened(Box::new(Opened {
        detail: ReviewDetail {
            row: r,
            record: Record::default(),
            rounds,
        },
        what: "咨询服务商".into(),
        fields: vec![("地区".into(), "深圳".into())],
    }))
}

/// The list loaded whole (not stopped at the store's limit).
pub(super) fn loaded(rows: Vec<ReviewRow>) -> Msg {
    let counts = Counts::of(&rows);
    Msg::Loaded(rows, counts)
}

pub(super) fn act(a: Action) -> Msg {
    Msg::Action(a)
}

pub(super) fn typed(c: char) -> Msg {
    Msg::Text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub(super) fn page(viewer: Viewer) -> QualityPage {
    let mut p = QualityPage::new(Lang::En);
    p.update(Msg::Enter { viewer });
    p.update(Msg::SheetRead(sheet()));
    p
}

#[test]
fn a_supervisor_opening_the_page_samples_then_loads_the_queue_and_f_shows_the_scored() {
    let mut p = QualityPage::new(Lang::En);
    let cmds = p.update(Msg::Enter { viewer: SUP });
    assert_eq!(
        cmds,
        vec![Cmd::ReadSheet, Cmd::Sample, Cmd::Load(View::Queue)]
    );
    assert_eq!(p.update(act(Action::Filter)), vec![Cmd::Load(View::Scored)]);
    assert_eq!(p.update(act(Action::Filter)), vec![Cmd::Load(View::Queue)]);
    // An agent: no sampling, only their own reviews, and no other view.
    let mut a = QualityPage::new(Lang::En);
    let cmds = a.update(Msg::Enter { viewer: AGENT });
    assert_eq!(cmds, vec![Cmd::ReadSheet, Cmd::Load(View::Mine)]);
    assert!(a.update(act(Action::Filter)).is_empty());
}

#[test]
fn the_highlight_follows_the_review_id_across_reloads() {
    let mut p = page(SUP);
    let rows = vec![
        row(1, 2, ReviewStatus::Disputed),
        row(2, 2, ReviewStatus::Queued),
        row(3, 3, ReviewStatus::Queued),
    ];
    p.update(loaded(rows.clone()));
    assert_eq!(p.selected.id(), Some(&1));
    p.update(act(Action::Down));
    assert_eq!(p.update(act(Action::Open)), vec![Cmd::Open(2)]);
    // Another supervisor scored review 1: it leaves; the highlight stays on review 2.
    p.update(loaded(rows[1..].to_vec()));
    assert_eq!(p.selected.id(), Some(&2));
    assert_eq!(p.selected.index(), 0);
    // A new review comes in front: still review 2.
    let mut more = vec![row(9, 4, ReviewStatus::Disputed)];
    more.extend(rows[1..].to_vec());
    p.update(loaded(more));
    assert_eq!(p.selected.id(), Some(&2));
    assert_eq!(p.selected.index(), 1);
    // Review 2 itself leaves (scored by another supervisor): its neighbour, and the line
    // says which left.
    let said = p.update(loaded(vec![
        row(9, 4, ReviewStatus::Disputed),
        row(3, 3, ReviewStatus::Queued),
    ]));
    assert_eq!((p.selected.id(), p.selected.index()), (Some(&3), 1));
    let agent = &rows[1].agent;
    assert_eq!(
        said,
        vec![Cmd::Status(format!(
            "Review #2 {agent} left the list; moved to the next one"
        ))]
    );
}

#[test]
fn the_sheet_takes_digits_per_criterion_and_saves_then_the_list_reloads_on_the_next() {
    let mut p = page(SUP);
    let rows = vec![
        row(1, 2, ReviewStatus::Queued),
        row(2, 3, ReviewStatus::Queued),
    ];
    p.update(loaded(rows.clone()));
    p.update(opened(rows[0].clone(), vec![]));
    assert_eq!(p.mode, Mode::Sheet);
    assert!(p.typing() && !p.at_top());
    assert_eq!(p.scopes(), vec![Scope::QualitySheet]);
    // Incomplete: refused before anything is sent, the cursor on the first gap.
    for c in ['5', '4'] {
        p.update(typed(c));
    }
    assert!(p.update(act(Action::Save)).is_empty());
    let (m, err) = p.sheet.as_ref().unwrap().message.clone().unwrap();
    assert!(err && m.contains("Score every criterion"), "{m}");
    assert_eq!(p.sheet.as_ref().unwrap().focus, 2);
    // A digit above the sheet's maximum is refused with the range.
    p.update(typed('7'));
    assert!(
        p.sheet
            .as_ref()
            .unwrap()
            .message
            .clone()
            .unwrap()
            .0
            .contains("0–5")
    );
    for c in ['5', '3', '4', '5'] {
        p.update(typed(c));
    }
    // Then the fatal-error row, left alone, and the comment.
    assert_eq!(p.sheet.as_ref().unwrap().focus, 6);
    p.update(act(Action::Down));
    for c in "Good".chars() {
        p.update(typed(c));
    }
    assert!(p.has_unsaved_input());
    let cmds = p.update(act(Action::Save));
    let def = sheet();
    let points: BTreeMap<String, u8> = def
        .criteria
        .iter()
        .map(|c| c.id.clone())
        .zip([5, 4, 5, 3, 4, 5])
        .collect();
    assert_eq!(
        cmds,
        vec![Cmd::Score {
            id: 1,
            version: 3,
            scores: Scores {
                points,
                fatal: false
            },
            comment: "Good".into(),
        }]
    );
    // Saved: back to the list; review 1 left the queue, the highlight on review 2.
    let cmds = p.update(Msg::Saved {
        id: 1,
        message: "Score saved: 86.5".into(),
    });
    assert_eq!(
        cmds,
        vec![
            Cmd::Status("Score saved: 86.5".into()),
            Cmd::Load(View::Queue)
        ]
    );
    assert!(p.at_top());
    p.update(loaded(rows[1..].to_vec()));
    assert_eq!(p.selected.id(), Some(&2));
}

#[test]
fn a_refused_save_keeps_the_sheet_and_esc_asks_before_discarding() {
    let mut p = page(SUP);
    let r = row(1, 2, ReviewStatus::Queued);
    p.update(loaded(vec![r.clone()]));
    p.update(opened(r, vec![]));
    p.update(act(Action::QualityFatal));
    assert!(p.sheet.as_ref().unwrap().fatal);
    // The fatal error alone completes the sheet.
    let cmds = p.update(act(Action::Save));
    assert!(matches!(&cmds[..], [Cmd::Score { scores, .. }] if scores.fatal));
    // Refused: said, and the page asks whether the review moved on (tests_follow.rs).
    let cmds = p.update(Msg::Refused("changed by someone else".into()));
    let check = Cmd::Check {
        id: 1,
        version: 3,
        refused: true,
    };
    assert_eq!(
        cmds,
        vec![Cmd::Error("changed by someone else".into()), check]
    );
    assert_eq!(p.mode, Mode::Sheet);
    // Esc once warns; Esc again leaves.
    assert!(p.update(act(Action::Back)).is_empty());
    assert_eq!(p.mode, Mode::Sheet);
    p.update(act(Action::Back));
    assert!(p.at_top());
}

#[test]
fn a_supervisor_reads_a_scored_or_own_review_without_a_sheet_and_is_told_why() {
    let mut p = page(SUP);
    p.update(opened(row(1, 1, ReviewStatus::Queued), vec![]));
    assert_eq!(p.mode, Mode::Review);
    assert!(p.note.as_ref().unwrap().0.contains("your own call"));
    p.update(act(Action::Back));
    p.update(opened(row(2, 3, ReviewStatus::Scored), vec![]));
    assert_eq!(p.mode, Mode::Review);
    assert!(p.sheet.is_none());
    // A supervisor does not dispute.
    let cmds = p.update(act(Action::QualityDispute));
    assert_eq!(
        cmds,
        vec![Cmd::Error("You can dispute only your own reviews".into())]
    );
}

pub(super) fn round(points: [u8; 6]) -> Round {
    Round {
        round: 1,
        reviewer: "1001 刘芳".into(),
        scored_at: Utc.with_ymd_and_hms(2026, 11, 19, 2, 0, 0).unwrap(),
        fatal: false,
        total: 80.0,
        comment: "ok".into(),
        points: sheet()
            .criteria
            .iter()
            .zip(points)
            .map(|(c, p)| (c.id.clone(), (p, 5, c.weight)))
            .collect(),
    }
}

#[test]
fn a_disputed_review_opens_for_rescoring_from_the_points_given_before() {
    let mut p = page(SUP);
    p.update(opened(
        row(1, 2, ReviewStatus::Disputed),
        vec![round([3, 3, 3, 3, 3, 4])],
    ));
    assert_eq!(p.mode, Mode::Sheet);
    let s = p.sheet.as_ref().unwrap();
    assert_eq!(
        s.points,
        vec![Some(3), Some(3), Some(3), Some(3), Some(3), Some(4)]
    );
    assert!(!s.dirty);
    // Unchanged: Esc leaves at once.
    p.update(act(Action::Back));
    assert!(p.at_top());
}

#[test]
fn an_agent_disputes_once_with_a_reason_and_is_refused_the_second_time() {
    let mut p = page(AGENT);
    let r = row(5, 2, ReviewStatus::Scored);
    p.update(loaded(vec![r.clone()]));
    assert_eq!(p.update(act(Action::Open)), vec![Cmd::Open(5)]);
    p.update(opened(r.clone(), vec![round([4; 6])]));
    assert_eq!(p.mode, Mode::Review);
    assert!(p.note.is_none());
    p.update(act(Action::QualityDispute));
    assert_eq!(p.mode, Mode::Dispute);
    assert_eq!(p.scopes(), vec![Scope::QualityDispute]);
    // No reason: refused on the spot.
    assert!(p.update(act(Action::Save)).is_empty());
    assert!(p.note.as_ref().unwrap().0.contains("reason"));
    for c in "Customer hung up".chars() {
        p.update(typed(c));
    }
    assert!(p.has_unsaved_input());
    assert_eq!(
        p.update(act(Action::Save)),
        vec![Cmd::Dispute {
            id: 5,
            version: 3,
            reason: "Customer hung up".into(),
        }]
    );
    let cmds = p.update(Msg::Saved {
        id: 5,
        message: "Disputed".into(),
    });
    assert_eq!(
        cmds,
        vec![
            Cmd::Status("Disputed".into()),
            Cmd::Load(View::Mine),
            Cmd::Open(5)
        ]
    );
    assert_eq!(p.mode, Mode::Review);
    // Reopened as disputed: a second dispute is refused, clearly.
    p.update(opened(
        row(5, 2, ReviewStatus::Disputed),
        vec![round([4; 6])],
    ));
    let cmds = p.update(act(Action::QualityDispute));
    assert_eq!(
        cmds,
        vec![Cmd::Error("A review can be disputed only once".into())]
    );
    assert_eq!(p.mode, Mode::Review);
    // Re-scored: still refused.
    p.update(opened(
        row(5, 2, ReviewStatus::Rescored),
        vec![round([4; 6])],
    ));
    assert_eq!(
        p.update(act(Action::QualityDispute)),
        vec![Cmd::Error("A review can be disputed only once".into())]
    );
}

/// The key a page's screen turns `c` into, as the app looks it up (the Desk tab's scopes).
fn looked_up(p: &QualityPage, c: char) -> Option<Action> {
    let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    crate::ui::keymap::lookup(&crate::ui::desk::page_scopes(p), &ev, p.typing())
}

#[test]
fn the_fatal_rows_keys_are_the_tables_so_a_users_file_moves_them() {
    use crate::ui::keymap::overrides::{self, KeyTable};
    let mut p = page(SUP);
    let rows = vec![row(1, 2, ReviewStatus::Queued)];
    p.update(loaded(rows.clone()));
    p.update(opened(rows[0].clone(), vec![]));
    for c in "543453".chars() {
        p.update(typed(c));
    }
    assert_eq!(p.sheet.as_ref().unwrap().focus, 6);
    assert_eq!(
        p.scopes(),
        vec![Scope::QualityFatalRow, Scope::QualitySheet]
    );
    // Space ticks through the key table, not through typed text.
    assert_eq!(looked_up(&p, ' '), Some(Action::QualityFatal));
    p.update(typed(' '));
    assert!(!p.sheet.as_ref().unwrap().fatal, "typed Space still ticks");
    // A user's file moves the row's keys: Space is then nothing, `!` ticks.
    let table = KeyTable::defaults()
        .apply(
            "[quality_fatal_row]\nquality_fatal = [\"!\"]\n",
            std::path::Path::new("keys.toml"),
        )
        .unwrap();
    let _keys = overrides::scoped(table);
    assert_eq!(looked_up(&p, ' '), None);
    assert_eq!(looked_up(&p, '!'), Some(Action::QualityFatal));
    p.update(act(Action::QualityFatal));
    assert!(p.sheet.as_ref().unwrap().fatal);
    // On a criterion's row a digit is still a score, not a key.
    p.update(act(Action::Up));
    assert_eq!(p.scopes(), vec![Scope::QualitySheet]);
    assert_eq!(looked_up(&p, '!'), None);
}
