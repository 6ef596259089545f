//! The page's state machine without a store or a terminal: messages in, commands out.

use super::*;
use crate::domain::complaints::Category;
use crate::domain::improvements::recur::Key;
use crossterm::event::{KeyCode, KeyModifiers};

pub(super) fn row(id: i64, status: Status, due: u32) -> Row {
    Row {
        id,
        department: Department::Service,
        finding: format!("finding {id}"),
        words: String::new(),
        owner_id: Some(2),
        owner: Some("1002 陈静".into()),
        due: NaiveDate::from_ymd_opt(2026, 11, due).unwrap(),
        status,
        order_key: None,
        raised_at: chrono::Utc::now(),
        raised_by: None,
        done_at: None,
        verified_at: None,
        verified_by: None,
        verify_note: String::new(),
        links: 0,
        version: id * 10,
    }
}

pub(super) fn loaded(rows: Vec<Row>, supervisor: bool) -> Msg {
    Msg::Loaded(Box::new(Loaded {
        total: rows.len(),
        rows,
        proposals: vec![Proposal {
            key: Key::Category(Category::RepairQuality),
            complaint_ids: vec![1, 2, 3],
        }],
        rule: RecurRule::default(),
        supervisor,
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        lang: Lang::En,
        owners: vec![(2, "1002 陈静".into())],
        me: Some(2),
    }))
}

pub(super) fn act(a: Action) -> Msg {
    Msg::Key(Some(a), KeyEvent::new(KeyCode::Null, KeyModifiers::NONE))
}

pub(super) fn text(c: char) -> Msg {
    Msg::Key(None, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

#[test]
fn advancing_asks_for_the_next_status_on_the_version_shown() {
    let mut p = ImprovementsPage::default();
    p.update(loaded(
        vec![row(1, Status::Open, 20), row(2, Status::Done, 30)],
        false,
    ));
    // An agent's list has no proposal: the first row is action 1.
    assert_eq!(p.selected.id(), Some(&Item::Action(1)));
    let cmds = p.update(act(Action::AdvanceImprovement));
    assert_eq!(
        cmds,
        vec![Cmd::Step {
            id: 1,
            version: 10,
            to: Status::InProgress,
            note: None
        }]
    );
    // Done: only verifying is left, and an agent may not.
    p.update(act(Action::Down));
    assert!(p.update(act(Action::AdvanceImprovement)).is_empty());
    assert!(p.update(act(Action::VerifyImprovement)).is_empty());
    assert!(matches!(p.level, Level::List));
    assert!(
        p.message
            .as_ref()
            .is_some_and(|(m, e)| *e && m.contains("supervisor"))
    );
}

#[test]
fn a_supervisor_sees_the_proposal_first_and_verifies_with_a_note() {
    let mut p = ImprovementsPage::default();
    p.update(loaded(vec![row(2, Status::Done, 30)], true));
    assert!(matches!(p.selected.id(), Some(Item::Proposal(_))));
    p.update(act(Action::Down));
    p.update(act(Action::VerifyImprovement));
    assert!(matches!(p.level, Level::Verify { .. }));
    // No note: nothing is sent.
    assert!(p.update(act(Action::Save)).is_empty());
    p.update(text('o'));
    p.update(text('k'));
    assert_eq!(
        p.update(act(Action::Save)),
        vec![Cmd::Step {
            id: 2,
            version: 20,
            to: Status::Verified,
            note: Some("ok".into())
        }]
    );
}

#[test]
fn esc_on_typed_text_asks_first_and_a_saved_action_is_highlighted() {
    let mut p = ImprovementsPage::default();
    p.update(loaded(vec![row(1, Status::Open, 20)], false));
    p.update(act(Action::RaiseImprovement));
    assert!(p.has_unsaved_input() || p.typing());
    p.update(text('x'));
    p.update(act(Action::Back));
    assert!(p.typing(), "the first Esc only warns");
    p.update(act(Action::Back));
    assert!(!p.typing());
    let cmds = p.update(Msg::Saved(7, "Improvement action #7 raised".into()));
    assert!(matches!(cmds[0], Cmd::Load(_)));
    p.update(loaded(
        vec![row(1, Status::Open, 20), row(7, Status::Open, 28)],
        false,
    ));
    assert_eq!(p.selected.id(), Some(&Item::Action(7)));
}

#[test]
fn filters_reload_with_the_new_filter() {
    let mut p = ImprovementsPage::default();
    p.update(loaded(vec![], false));
    assert_eq!(
        p.update(act(Action::Filter)),
        vec![Cmd::Load(Filter {
            status: Some(Status::Open),
            department: None
        })]
    );
    assert_eq!(
        p.update(act(Action::FilterDepartment)),
        vec![Cmd::Load(Filter {
            status: Some(Status::Open),
            department: Some(Department::Sales)
        })]
    );
}

#[test]
fn a_list_stopped_at_its_limit_says_so_with_the_total() {
    let theme = crate::ui::theme::Theme::new(false);
    let line = |p: &ImprovementsPage, lang: Lang| -> String {
        super::view::filter_line(p, lang, &theme)
            .spans
            .iter()
            .map(|s| s.content.to_string())
            .collect()
    };
    let mut p = ImprovementsPage::default();
    let Msg::Loaded(mut l) = loaded(
        vec![row(1, Status::Open, 30), row(2, Status::Open, 10)],
        true,
    ) else {
        unreachable!()
    };
    l.total = 1234;
    p.update(Msg::Loaded(l));
    assert!(
        line(&p, Lang::En).contains("2 of 1234 actions listed"),
        "{}",
        line(&p, Lang::En)
    );
    assert!(
        line(&p, Lang::Zh).contains("列出 2 / 1234 项"),
        "{}",
        line(&p, Lang::Zh)
    );
    // A whole list: its count, no limit.
    p.update(loaded(vec![row(1, Status::Open, 30)], true));
    assert!(
        line(&p, Lang::En).contains("1 actions"),
        "{}",
        line(&p, Lang::En)
    );
    assert!(!line(&p, Lang::En).contains("listed"));
}

#[test]
fn the_highlighted_finding_is_shown_whole_under_the_list_at_80x24() {
    let long = "接车等待时间长，高峰期客户平均等待四十分钟以上，前台只有两名服务顾问接待";
    for lang in [Lang::Zh, Lang::En] {
        let mut p = ImprovementsPage::default();
        let mut r = row(4, Status::Open, 30);
        r.finding = long.into();
        p.update(loaded(vec![r, row(5, Status::Open, 30)], false));
        let screen = crate::ui::desk::testing::draw_with(|f, clock, theme| {
            super::view::render(&p, f, f.area(), lang, clock, theme)
        });
        // The column cuts it; the lines under the list hold it whole.
        let flat = crate::ui::desk::testing::squash(&screen);
        assert!(flat.contains(&format!("#4{long}")), "{screen}");
    }
}

#[test]
fn the_status_column_holds_late_in_progress_whole_at_80x24() {
    let mut p = ImprovementsPage::default();
    p.update(loaded(vec![row(3, Status::InProgress, 1)], false));
    for lang in [Lang::Zh, Lang::En] {
        let screen = crate::ui::desk::testing::draw_with(|f, clock, theme| {
            super::view::render(&p, f, f.area(), lang, clock, theme)
        });
        let status = format!(
            "{}{}",
            lang.t("逾期·", "LATE "),
            Status::InProgress.label(lang)
        );
        let row = screen
            .lines()
            .find(|l| l.contains("#3 "))
            .unwrap_or_default();
        assert!(row.contains(&status), "{screen}");
    }
}

#[test]
fn the_detail_verify_and_dismiss_dialogs_name_their_record_at_80x24() {
    use crate::ui::desk::testing::{clock, cut_at_corner, draw, title_line};
    let theme = crate::ui::theme::Theme::new(false);
    let long = "接车等待时间长，高峰期客户平均等待四十分钟以上，前台只有两名服务顾问接待";
    for (lang, verify, detail, dismiss) in [
        (
            Lang::Zh,
            "验证整改：#4 接车等待",
            "整改：#4 接车",
            "不采纳整改令建议：",
        ),
        (
            Lang::En,
            "Verify the action: #4 接车",
            "Improvement action: #4 接车",
            "Dismiss the proposed order: ",
        ),
    ] {
        let mut p = ImprovementsPage::default();
        let mut r = row(4, Status::Done, 30);
        r.finding = long.into();
        p.update(loaded(vec![r.clone()], true));
        let screen = |p: &ImprovementsPage| {
            draw(|f| super::view::render(p, f, f.area(), lang, &clock(), &theme))
        };
        p.update(Msg::Opened(Box::new(r), Vec::new()));
        let top = title_line(&screen(&p), detail);
        assert!(cut_at_corner(&top), "{top}");
        p.update(act(Action::VerifyImprovement));
        let top = title_line(&screen(&p), verify);
        assert!(cut_at_corner(&top), "{top}");
        // The proposal: named by what recurs.
        let mut p = ImprovementsPage::default();
        p.update(loaded(vec![row(5, Status::Open, 30)], true));
        p.update(act(Action::DismissProposal));
        let what = Category::RepairQuality.label(lang);
        let top = title_line(&screen(&p), dismiss);
        assert!(top.contains(&format!("{dismiss}{what}")), "{top}");
    }
}

#[test]
fn a_due_date_typed_over_the_default_replaces_it() {
    use super::form::{Prefill, RaiseForm};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let prefill = Prefill {
        finding: "接车等待时间长".into(),
        ..Prefill::default()
    };
    let mut r = RaiseForm::new(prefill, "1002", today);
    r.form.focus = r
        .form
        .fields
        .iter()
        .position(|f| f.key == "department")
        .unwrap();
    r.form
        .edit(KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE));
    r.form.focus = r.form.fields.iter().position(|f| f.key == "due").unwrap();
    for c in "2026-12-20".chars() {
        r.form
            .edit(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let owners = vec![(2, "1002 陈静".to_string())];
    let new = r.parse(&owners, today, Lang::Zh);
    assert_eq!(
        new.and_then(|n| n.due),
        NaiveDate::from_ymd_opt(2026, 12, 20),
        "{:?}",
        r.form
            .fields
            .iter()
            .map(|f| (&f.key, f.text(), &f.error))
            .collect::<Vec<_>>()
    );
}

/// A dismissal's reason kept as a draft comes back on its proposed order once the list has
/// loaded; an order no longer proposed says why and quotes the reason.
#[test]
fn a_dismissal_draft_comes_back_on_its_order_or_says_what_was_typed() {
    let mut p = ImprovementsPage::default();
    p.update(loaded(vec![row(1, Status::Done, 20)], true));
    p.update(act(Action::DismissProposal));
    for c in "已另案处理".chars() {
        p.update(text(c));
    }
    let d = p.page_draft().expect("the reason is typed");
    assert_eq!(d.form, "dismiss:category:repair_quality");
    let mut back = ImprovementsPage::default();
    assert!(back.put_back(&d).is_some());
    // Until the list loads the draft is still the page's (a save meanwhile keeps it).
    assert_eq!(back.page_draft(), Some(d.clone()));
    back.update(loaded(vec![row(1, Status::Done, 20)], true));
    match &back.level {
        Level::Dismiss { proposal, form } => {
            assert_eq!(proposal.complaint_ids, vec![1, 2, 3]);
            assert_eq!(form.get("reason"), "已另案处理");
        }
        other => panic!("{other:?}"),
    }
    // An agent's list (no proposals): refused, the reason quoted.
    let mut agent = ImprovementsPage::default();
    agent.put_back(&d);
    agent.update(loaded(vec![row(1, Status::Done, 20)], false));
    assert!(matches!(agent.level, Level::List));
    let line = agent.message.clone().unwrap().0;
    assert!(line.contains("已另案处理"), "{line}");
    assert!(agent.page_draft().is_none());
}

/// A verification note's draft opens its action and stands on the version the supervisor
/// saw: the version check asks whether it moved on since.
#[test]
fn a_verification_draft_stands_on_the_version_seen() {
    let mut p = ImprovementsPage::default();
    p.update(loaded(vec![row(1, Status::Done, 20)], true));
    // The proposal is first; the action is under it.
    p.update(act(Action::Down));
    p.update(act(Action::VerifyImprovement));
    for c in "ok".chars() {
        p.update(text(c));
    }
    let d = p.page_draft().expect("the note is typed");
    assert_eq!((d.form.as_str(), d.record), ("verify", Some((1, 10))));
    let mut back = ImprovementsPage::default();
    back.put_back(&d);
    let cmds = back.update(loaded(vec![row(1, Status::Done, 20)], true));
    assert_eq!(cmds, vec![Cmd::Open(1)]);
    // Another save moved it to version 11 meanwhile.
    let mut now = row(1, Status::Done, 20);
    now.version = 11;
    let cmds = back.update(Msg::Opened(Box::new(now), Vec::new()));
    assert_eq!(
        cmds,
        vec![Cmd::Check {
            id: 1,
            version: 10,
            refused: false
        }]
    );
    match &back.level {
        Level::Verify { row, form } => {
            assert_eq!(row.version, 10);
            assert_eq!(form.get("note"), "ok");
        }
        other => panic!("{other:?}"),
    }
}
