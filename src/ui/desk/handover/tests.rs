use super::*;
use crate::domain::handover::{HandoverKind, Standing};
use crate::ui::desk::testing::squash;
use crossterm::event::KeyModifiers;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn item(kind: HandoverKind, id: i64, deadline: NaiveDate) -> Handover {
    Handover {
        kind,
        file_id: id,
        version: 3,
        customer_id: 100 + id,
        customer: "张三".into(),
        mobile: "13800000001".into(),
        plate: "粤A10000".into(),
        reference: format!("RO{id}"),
        event: deadline,
        staff: "孙伟".into(),
        deadline,
        received: None,
        standing: Standing::Missing(1),
    }
}

fn loaded(rows: Vec<Handover>) -> Msg {
    Msg::Loaded {
        tally: crate::store::handover::Tally::of(&rows),
        rows,
        today: d(11, 23),
        staff: vec!["孙伟".into(), "李明".into(), "王强".into()],
    }
}

fn key(action: Option<Action>, code: KeyCode) -> Msg {
    Msg::Key(action, KeyEvent::new(code, KeyModifiers::NONE))
}

fn act(action: Action) -> Msg {
    key(Some(action), KeyCode::Null)
}

fn lines() -> Vec<DocumentLine> {
    crate::domain::handover::REPAIR_DOCUMENTS
        .iter()
        .enumerate()
        .map(|(i, (k, _, _))| DocumentLine {
            key: (*k).into(),
            required: true,
            received: (i == 0).then(|| d(11, 20)),
            handed_by: "孙伟".into(),
        })
        .collect()
}

/// A repair order, a sales file of the same id, and another repair order.
fn three_files() -> Vec<Handover> {
    vec![
        item(HandoverKind::Repair, 1, d(11, 10)),
        item(HandoverKind::Sales, 1, d(11, 12)),
        item(HandoverKind::Repair, 2, d(11, 13)),
    ]
}

#[test]
fn the_highlight_stays_on_its_file_when_the_list_reloads() {
    let mut p = HandoverPage::default();
    let rows = three_files();
    p.update(loaded(rows.clone()));
    assert_eq!(p.selected.id(), Some(&(HandoverKind::Repair, 1)));
    p.update(act(Action::Down));
    assert_eq!(p.selected.id(), Some(&(HandoverKind::Sales, 1)));
    // Another agent recorded the first one: it leaves, the highlight stays on the sales file
    // (nothing to say).
    assert_eq!(p.update(loaded(rows[1..].to_vec())), Vec::new());
    assert_eq!(p.selected.id(), Some(&(HandoverKind::Sales, 1)));
    assert_eq!(p.index(), Some(0));
    // The highlighted file itself leaves: the row now in its place, and the line says
    // which file left.
    let said = p.update(loaded(vec![rows[2].clone()]));
    assert_eq!(p.selected.id(), Some(&(HandoverKind::Repair, 2)));
    let left = format!(
        "{} {} 已不在列表中，已移到相邻一条",
        rows[1].customer, rows[1].plate
    );
    assert_eq!(said, vec![Cmd::Out(Out::Status(left))]);
    assert_eq!(
        p.update(act(Action::Open)),
        vec![Cmd::Out(Out::OpenCustomer(102))]
    );
    assert_eq!(
        p.update(act(Action::MarkReceived)),
        vec![Cmd::LoadChecklist(HandoverKind::Repair, 2)]
    );
}

#[test]
fn the_form_saves_the_ticked_documents_with_today_and_the_responsible_staff() {
    let mut p = HandoverPage::default();
    let h = item(HandoverKind::Repair, 7, d(11, 18));
    p.update(loaded(vec![h.clone()]));
    p.update(Msg::Checklist(h, lines()));
    assert!(!p.at_top() && !p.typing());
    // The documents still out are ticked; untick the settlement.
    p.update(act(Action::Down));
    p.update(act(Action::ToggleDocument));
    // To the received day: today, editable.
    p.update(act(Action::NextField));
    assert!(p.typing());
    p.update(key(None, KeyCode::Backspace));
    p.update(key(None, KeyCode::Char('2')));
    // The staff member: picked from the list with the arrows.
    p.update(act(Action::NextField));
    p.update(act(Action::Down));
    assert!(p.has_unsaved_input());
    let cmds = p.update(act(Action::Save));
    assert_eq!(
        cmds,
        vec![Cmd::Save(Receipt {
            kind: HandoverKind::Repair,
            file_id: 7,
            version: 3,
            documents: vec!["work_order".into()],
            day: d(11, 22),
            handed_by: "李明".into(),
        })]
    );
    // Refused: the form stays with the reason.
    p.update(Msg::Saved(Err("冲突".into())));
    assert!(p.form.as_ref().unwrap().error.is_some());
    let cmds = p.update(Msg::Saved(Ok("ok".into())));
    assert_eq!(cmds, vec![Cmd::Out(Out::Status("ok".into())), Cmd::Load]);
    assert!(p.at_top());
}

#[test]
fn a_bad_day_is_refused_before_saving_and_esc_asks_before_discarding() {
    let mut p = HandoverPage::default();
    let h = item(HandoverKind::Repair, 7, d(11, 18));
    p.update(loaded(vec![h.clone()]));
    p.update(Msg::Checklist(h.clone(), lines()));
    // Untouched: Esc leaves at once.
    p.update(act(Action::Back));
    assert!(p.at_top());
    p.update(Msg::Checklist(h, lines()));
    p.update(act(Action::NextField));
    p.update(key(None, KeyCode::Char('x')));
    assert!(p.update(act(Action::Save)).is_empty());
    let (_, en) = p.form.as_ref().unwrap().error.clone().unwrap();
    assert!(en.contains("2026-11-23"), "{en}");
    p.update(act(Action::Back));
    assert_eq!(p.scopes(), vec![Scope::Confirm]);
    // The question names the keys the table binds to its answers, in both languages.
    for lang in [Lang::Zh, Lang::En] {
        let screen = draw(&p, lang);
        assert!(
            screen.contains(&crate::ui::desk::prompt::discard(lang)),
            "{screen}"
        );
    }
    p.update(act(Action::No));
    assert!(!p.at_top());
    p.update(act(Action::Back));
    p.update(act(Action::Yes));
    assert!(p.at_top());
}

fn draw(p: &HandoverPage, lang: Lang) -> String {
    let theme = Theme::new(false);
    crate::ui::desk::testing::draw(|f| super::view::render(p, f, f.area(), lang, &theme))
}

#[test]
fn the_summary_counts_the_store_s_tally_and_a_stopped_list_says_so_at_80x24() {
    let mut p = HandoverPage::default();
    let rows = vec![
        item(HandoverKind::Repair, 1, d(11, 10)),
        item(HandoverKind::Sales, 2, d(11, 11)),
    ];
    p.update(loaded(rows.clone()));
    let en = draw(&p, Lang::En);
    assert!(
        squash(&en).contains("missing2,late0,due0:2inall(sales2,repair1workingday)"),
        "{en}"
    );
    assert!(!en.contains("listed") && !en.contains('~'), "{en}");
    let zh = draw(&p, Lang::Zh);
    assert!(
        squash(&zh).contains("未交2逾期交到0待交0共2（销售2个、维修1个工作日内）"),
        "{zh}"
    );
    // The store found 1234: the counts are its, and the list says it stopped.
    p.update(Msg::Loaded {
        rows,
        tally: crate::store::handover::Tally {
            missing: 1000,
            late: 200,
            not_yet_due: 34,
        },
        today: d(11, 23),
        staff: Vec::new(),
    });
    let en = draw(&p, Lang::En);
    let flat = squash(&en);
    assert!(flat.contains("missing1000,late200,due34:1234inall"), "{en}");
    assert!(
        flat.contains("2of1234listed:missingfirst,thendue,thenthelatestlateones"),
        "{en}"
    );
    assert!(!en.contains('~'), "{en}");
    let zh = draw(&p, Lang::Zh);
    let flat = squash(&zh);
    assert!(flat.contains("未交1000逾期交到200待交34共1234"), "{zh}");
    assert!(
        flat.contains("只列出2条：先未交，再待交，晚交到的最近的在前"),
        "{zh}"
    );
    // Both rows are still drawn under the wrapped summary.
    assert!(en.contains("RO1") && en.contains("RO2"), "{en}");
}

#[test]
fn the_receipt_form_names_the_customer_and_the_car_at_80x24() {
    let mut p = HandoverPage::default();
    let h = item(HandoverKind::Repair, 7, d(11, 18));
    p.update(loaded(vec![h.clone()]));
    p.update(Msg::Checklist(h, lines()));
    for (lang, title) in [
        (Lang::Zh, "登记资料交到：张三 粤A10000 "),
        (Lang::En, "Record documents received: 张三 粤A10000 "),
    ] {
        let screen = draw(&p, lang);
        assert!(
            screen.lines().next().unwrap_or("").contains(title),
            "{screen}"
        );
    }
}

#[test]
fn a_reload_asks_for_a_load_and_the_rows_stay_on_screen_saying_it_loads() {
    let mut p = HandoverPage::default();
    p.update(loaded(vec![item(HandoverKind::Repair, 1, d(11, 10))]));
    assert!(!draw(&p, Lang::En).contains("Loading"));
    assert_eq!(p.update(Msg::Reload), vec![Cmd::Load]);
    // The driver sent the load to the loads thread (`loads::Runner`): the page waits.
    p.loads.ask(crate::ui::background::Lane::DeskList);
    assert!(p.loading());
    // A quick load never says so (the words would flash); one that takes a moment does.
    assert!(!draw(&p, Lang::En).contains("Loading"));
    p.loads.age(crate::ui::SHOW_LOADING_MS);
    let en = draw(&p, Lang::En);
    assert!(en.contains("Loading…") && en.contains("RO1"), "{en}");
    let zh = draw(&p, Lang::Zh);
    assert!(zh.contains("计算中…") && zh.contains("RO1"), "{zh}");
    // Keys still move over the rows shown meanwhile.
    assert_eq!(
        p.update(act(Action::Open)),
        vec![Cmd::Out(Out::OpenCustomer(101))]
    );
}

#[test]
fn another_agents_change_while_the_receipt_form_is_open_says_who_keeps_the_ticks_and_saves_on_it() {
    let mut p = HandoverPage::default();
    let h = item(HandoverKind::Repair, 7, d(11, 18));
    p.update(loaded(vec![h.clone()]));
    p.update(Msg::Checklist(h.clone(), lines()));
    let ticked = p.form.as_ref().unwrap().chosen.clone();
    let check = Cmd::Check {
        kind: HandoverKind::Repair,
        id: 7,
        version: 3,
        refused: false,
    };
    assert!(p.update(Msg::Reload).contains(&check));
    // Another agent recorded the second document meanwhile (version 4).
    let mut theirs = h;
    theirs.version = 4;
    let mut now = lines();
    now[1].received = Some(d(11, 22));
    p.update(Msg::Moved {
        item: Box::new(theirs),
        lines: now,
        who: Some("1002 陈静".into()),
        refused: true,
    });
    let f = p.form.as_ref().unwrap();
    let (zh, en) = f.error.clone().unwrap();
    assert!(zh.starts_with("未保存：1002 陈静 刚更改了此档案"), "{zh}");
    assert!(
        en.starts_with("Not saved: 1002 陈静 just changed this file"),
        "{en}"
    );
    // The ticks stay, but for the document now recorded.
    assert!(!f.chosen[1]);
    assert_eq!(f.chosen[2..], ticked[2..]);
    let cmds = p.update(act(Action::Save));
    assert!(
        matches!(&cmds[..], [Cmd::Save(r)] if r.version == 4 && r.file_id == 7),
        "{cmds:?}"
    );
}

/// A receipt's draft comes back on its file's checklist as stored now: a document recorded
/// meanwhile is no longer ticked, and the form stands on the version seen, so the version
/// check says who changed the file.
#[test]
fn a_receipt_draft_stands_on_the_version_seen_and_drops_what_came_in_meanwhile() {
    let mut p = HandoverPage::default();
    p.update(loaded(three_files()));
    let mut open = lines();
    open[0].received = None;
    let mut cmds = p.update(act(Action::MarkReceived));
    assert_eq!(cmds, vec![Cmd::LoadChecklist(HandoverKind::Repair, 1)]);
    p.update(Msg::Checklist(
        item(HandoverKind::Repair, 1, d(11, 10)),
        open,
    ));
    p.update(act(Action::NextField));
    p.update(key(None, KeyCode::Backspace));
    p.update(key(None, KeyCode::Char('2')));
    let draft = p.page_draft().expect("the day was typed");
    assert_eq!(draft.record, Some((1, 3)));
    let mut back = HandoverPage::default();
    assert!(back.put_back(&draft).is_some());
    assert_eq!(back.page_draft(), Some(draft.clone()));
    cmds = back.update(loaded(three_files()));
    assert_eq!(cmds, vec![Cmd::LoadChecklist(HandoverKind::Repair, 1)]);
    // Meanwhile the first document came in (version 4).
    let mut now = item(HandoverKind::Repair, 1, d(11, 10));
    now.version = 4;
    cmds = back.update(Msg::Checklist(now, lines()));
    assert_eq!(
        cmds,
        vec![Cmd::Check {
            kind: HandoverKind::Repair,
            id: 1,
            version: 3,
            refused: false
        }]
    );
    let f = back.form.as_ref().expect("the form is back");
    assert_eq!(f.chosen, vec![false, true, true]);
    assert_eq!(f.day, "2026-11-22");
    assert!(f.dirty);
}

/// Documents recorded here take their file off the list: the save's own line is all that
/// is said, not also "left the list" (that is for another agent's recording).
#[test]
fn a_file_recorded_here_leaves_the_list_without_a_second_line() {
    let mut p = HandoverPage::default();
    let rows = three_files();
    p.update(loaded(rows.clone()));
    p.update(act(Action::Down));
    assert_eq!(p.selected.id(), Some(&(HandoverKind::Sales, 1)));
    p.update(Msg::Checklist(rows[1].clone(), lines()));
    let saved = p.update(Msg::Saved(Ok("已登记 3 份资料交到".into())));
    assert_eq!(
        saved[0],
        Cmd::Out(Out::Status("已登记 3 份资料交到".into()))
    );
    let said = p.update(loaded(vec![rows[0].clone(), rows[2].clone()]));
    assert_eq!(said, Vec::new());
    assert_eq!(p.selected.id(), Some(&(HandoverKind::Repair, 2)));
}
