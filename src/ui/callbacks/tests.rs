//! The Callbacks tab's state machine without a terminal or a store: keys in, commands out;
//! messages in, state out.

use super::*;
use crate::domain::callbacks::{Channel, Question, Survey};
use crate::domain::complaints::Category;
use crate::store::callbacks::Bucket;
use crate::ui::action::QueueOp;
use crate::ui::desk::machine::Machine;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyModifiers};
use std::collections::BTreeMap;

pub(super) fn task(id: i64, customer: &str, version: i64) -> TaskRow {
    let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    TaskRow {
        id,
        kind: Kind::Dc7,
        level: 1,
        channel: Channel::Call,
        customer_id: Some(id),
        customer: customer.into(),
        phone: "138****0000".into(),
        vehicle_id: None,
        plate: Some(format!("粤B{id:05}")),
        anchor: d,
        due: d,
        window_start: d,
        window_end: d,
        priority: 5,
        status: Status::Open,
        reason: None,
        claimed_by: None,
        agent: None,
        attempts: 0,
        next_try_at: None,
        group_key: None,
        bucket: Bucket::Today,
        past_window: false,
        also: Vec::new(),
        version,
    }
}

/// A task with a three-question survey on a 1–5 scale.
pub(super) fn detail(row: TaskRow) -> TaskDetail {
    let q = |id: &str, text: &str| Question {
        id: id.into(),
        text: text.into(),
        category: Category::Attitude,
    };
    TaskDetail {
        row,
        mobile: Some("13800000000".into()),
        landline: None,
        source_table: "sales".into(),
        source_id: 1,
        period: String::new(),
        script: "您好 {name}".into(),
        text: String::new(),
        holiday: String::new(),
        survey: Some(Survey {
            title: "7DC".into(),
            scale: 5,
            questions: vec![
                q("reception", "到店接待是否满意"),
                q("delivery", "交车讲解是否清楚"),
                q("overall", "整体满意度"),
            ],
        }),
        scores: BTreeMap::new(),
        notes: String::new(),
        complaint_id: None,
        completed_at: None,
        attempts: Vec::new(),
        declined: None,
        event: None,
        seats: None,
        visit: None,
    }
}

pub(super) fn listed(rows: Vec<TaskRow>) -> Msg {
    let n = rows.len();
    Msg::Listed(Box::new(Queue {
        rows,
        kinds: vec![Kind::Dc7, Kind::Monthly],
        total: n,
        kind_totals: vec![(Kind::Dc7, n)],
        due_in_view: Some(n),
        due: n as i64,
    }))
}

fn plain(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

pub(super) fn act(s: &mut CallbacksTab, a: Action) -> Vec<Cmd> {
    s.update(Msg::Key(Some(a), plain(KeyCode::Null)))
}

pub(super) fn typed(s: &mut CallbacksTab, text: &str) -> Vec<Cmd> {
    let mut out = Vec::new();
    for c in text.chars() {
        out.extend(s.update(Msg::Key(None, plain(KeyCode::Char(c)))));
    }
    out
}

/// The tab with task `id` claimed and its form open.
pub(super) fn working(id: i64) -> CallbacksTab {
    let mut s = CallbacksTab::default();
    s.update(listed(vec![task(id, "张三", 1)]));
    s.update(Msg::Opened(Box::new(Opened {
        task: detail(task(id, "张三", 2)),
        card: Vec::new(),
        store_name: "店".into(),
        notice: None,
    })));
    s
}

/// A queue of three tasks, the second highlighted.
fn on_the_second_of_three() -> CallbacksTab {
    let mut s = CallbacksTab::default();
    s.update(listed(vec![
        task(1, "甲", 1),
        task(2, "乙", 1),
        task(3, "丙", 1),
    ]));
    act(&mut s, Action::Down);
    s
}

#[test]
fn the_highlight_follows_the_task_and_a_claim_carries_its_version() {
    let mut s = CallbacksTab::default();
    s.update(listed(vec![task(1, "甲", 1), task(2, "乙", 1)]));
    act(&mut s, Action::Down);
    // Another agent's no-answer on task 1 moved it later: the queue re-sorts.
    let out = s.update(listed(vec![task(2, "乙", 3), task(1, "甲", 2)]));
    assert_eq!(out, vec![]);
    assert_eq!((s.selected.id(), s.selected.index()), (Some(&2), 0));
    assert_eq!(
        act(&mut s, Action::Open),
        vec![Cmd::Claim { id: 2, version: 3 }]
    );
}

#[test]
fn a_task_taken_out_of_the_queue_hands_the_highlight_on_and_says_so() {
    let mut s = on_the_second_of_three();
    let out = s.update(listed(vec![task(1, "甲", 1), task(3, "丙", 1)]));
    let [Cmd::Out(Out::Status(note))] = out.as_slice() else {
        panic!("a status line: {out:?}");
    };
    assert!(note.contains("回访任务 #2 乙 粤B00002"), "{note}");
    assert_eq!(s.selected_id(), Some(3));
}

#[test]
fn the_task_the_agent_just_recorded_leaves_the_queue_without_a_note() {
    let mut s = working(2);
    s.update(listed(vec![
        task(1, "甲", 1),
        task(2, "乙", 1),
        task(3, "丙", 1),
    ]));
    let out = s.update(Msg::Recorded {
        id: 2,
        outcome: Outcome::Done,
        status: Status::Done,
        next_try_at: None,
        complaint_id: None,
        seats: None,
    });
    assert_eq!(out, vec![Cmd::Load(View::default())]);
    // The status line says what was recorded; the task's leaving is no news.
    let out = s.update(listed(vec![task(1, "甲", 1), task(3, "丙", 1)]));
    assert_eq!(out, vec![], "{out:?}");
    assert_eq!(s.selected_id(), Some(3));
    // Later, a task taken away by another agent is said again.
    let out = s.update(listed(vec![task(1, "甲", 1)]));
    assert_eq!(out.len(), 1, "{out:?}");
}

#[test]
fn a_reload_before_the_agent_chose_a_task_moves_the_default_highlight_without_a_note() {
    // At start-up the first row is highlighted by default; planning then expires it.
    let mut s = CallbacksTab::default();
    s.update(listed(vec![task(1, "甲", 1), task(2, "乙", 1)]));
    assert_eq!(s.selected_id(), Some(1));
    let out = s.update(listed(vec![task(2, "乙", 1)]));
    assert_eq!(out, vec![], "no note about a task the agent never chose");
    assert_eq!(s.selected_id(), Some(2));
}

#[test]
fn another_agents_save_reloads_the_queue_and_checks_the_open_task() {
    let mut s = CallbacksTab::default();
    s.update(listed(vec![task(1, "甲", 1)]));
    assert_eq!(s.update(Msg::Follow), vec![Cmd::Load(View::default())]);
    let mut s = working(7);
    assert_eq!(
        s.update(Msg::Follow),
        vec![Cmd::Load(View::default()), Cmd::Check { id: 7, version: 2 }]
    );
    // The task moved on: the form keeps what was typed, says who, and the next save is
    // taken on the new version.
    act(&mut s, Action::NextField);
    typed(&mut s, "4");
    s.update(Msg::Moved {
        task: Box::new(detail(task(7, "张三", 5))),
        said: Some("回访任务 #7 刚被 1003 王五 更改".into()),
    });
    let (d, f) = s.work().unwrap();
    assert_eq!(d.row.version, 5);
    assert_eq!(f.get("q:reception"), "4");
    assert!(f.message.as_ref().unwrap().0.contains("1003 王五"));
    let out = act(&mut s, Action::Save);
    assert!(
        matches!(
            out.as_slice(),
            [Cmd::Attempt {
                id: 7,
                version: 5,
                ..
            }]
        ),
        "{out:?}"
    );
}

#[test]
fn a_refused_attempt_keeps_the_form_and_takes_the_task_as_it_is_now() {
    let mut s = working(7);
    let out = s.update(Msg::Refused {
        why: "已被 1003 处理".into(),
        task: Some(Box::new(detail(task(7, "张三", 9)))),
    });
    assert_eq!(out, vec![]);
    let (d, f) = s.work().unwrap();
    assert_eq!(d.row.version, 9);
    assert_eq!(f.message, Some(("已被 1003 处理".into(), true)));
    // Refused on the queue (a claim another agent made first): said, and reloaded.
    let mut q = CallbacksTab::default();
    q.update(listed(vec![task(1, "甲", 1)]));
    let out = q.update(Msg::Refused {
        why: "已被领取".into(),
        task: None,
    });
    assert_eq!(out, vec![Cmd::Load(View::default())]);
    assert_eq!(q.message, Some(("已被领取".into(), true)));
}

#[test]
fn an_attempt_that_opens_a_complaint_tells_the_app() {
    let mut s = working(7);
    let out = s.update(Msg::Recorded {
        id: 7,
        outcome: crate::domain::callbacks::Outcome::Done,
        status: Status::Done,
        next_try_at: None,
        complaint_id: Some(12),
        seats: None,
    });
    assert_eq!(
        out,
        vec![
            Cmd::Load(View::default()),
            Cmd::Out(Out::ComplaintOpened(12))
        ]
    );
    assert!(s.work().is_none());
    assert!(s.message.as_ref().unwrap().0.contains("已建投诉单 #12"));
}

#[test]
fn a_re_sort_keeps_the_task_and_a_new_filter_keeps_it_when_listed() {
    let mut s = on_the_second_of_three();
    let out = act(&mut s, Action::Queue(QueueOp::Sort));
    let view = View {
        by_priority: true,
        ..View::default()
    };
    assert_eq!(out, vec![Cmd::Load(view)]);
    s.update(listed(vec![
        task(3, "丙", 1),
        task(2, "乙", 1),
        task(1, "甲", 1),
    ]));
    assert_eq!((s.selected_id(), s.selected.index()), (Some(2), 1));
    // f: the 7DC kind; task 2 is still listed, so it stays highlighted, with no note.
    let out = act(&mut s, Action::Filter);
    assert_eq!(
        out,
        vec![Cmd::Load(View {
            kind: Some(Kind::Dc7),
            ..view
        })]
    );
    assert_eq!(
        s.update(listed(vec![task(5, "丁", 1), task(2, "乙", 1)])),
        vec![]
    );
    assert_eq!(s.selected_id(), Some(2));
    // p: the pool, without task 2: the first row, no note (the view changed, not the task).
    act(&mut s, Action::Queue(QueueOp::Whose));
    assert_eq!(
        s.update(listed(vec![task(8, "戊", 1), task(9, "己", 1)])),
        vec![]
    );
    assert_eq!(s.selected_id(), Some(8));
}

#[test]
fn reassigning_names_the_task_and_carries_its_version() {
    let mut s = CallbacksTab {
        supervisor: true,
        ..Default::default()
    };
    s.update(listed(vec![task(5, "张三", 4)]));
    act(&mut s, Action::Queue(QueueOp::Reassign));
    let (r, _) = s.assign.as_ref().expect("the reassign form");
    assert_eq!(subject(r, Lang::Zh), "回访任务 #5 张三 粤B00005");
    assert_eq!(
        act(&mut s, Action::Save),
        vec![Cmd::Reassign {
            id: 5,
            version: 4,
            emp_no: None
        }]
    );
}

#[test]
fn esc_on_the_reassign_form_with_typed_text_asks_before_discarding() {
    let mut s = CallbacksTab {
        supervisor: true,
        ..Default::default()
    };
    s.update(listed(vec![task(5, "张三", 4)]));
    act(&mut s, Action::Queue(QueueOp::Reassign));
    // Untouched: Esc leaves at once.
    act(&mut s, Action::Back);
    assert!(s.assign.is_none());
    act(&mut s, Action::Queue(QueueOp::Reassign));
    typed(&mut s, "1003");
    act(&mut s, Action::Back);
    let (_, f) = s.assign.as_ref().expect("discarded on the first Esc");
    assert!(f.message.as_ref().unwrap().0.contains("再按 Esc 放弃"));
    assert_eq!(f.get("emp"), "1003");
    act(&mut s, Action::Back);
    assert!(s.assign.is_none());
}

#[test]
fn esc_from_an_untouched_work_form_goes_back_to_the_queue_and_reloads_it() {
    let mut s = working(7);
    assert_eq!(act(&mut s, Action::Back), vec![Cmd::Load(View::default())]);
    assert!(s.work().is_none());
    assert_eq!(s.selected_id(), Some(7));
}

#[test]
fn the_check_of_the_task_worked_goes_to_the_loads_thread_and_a_late_answer_changes_nothing() {
    use crate::ui::background::Lane;
    let mut s = working(7);
    let lanes: Vec<_> = s.update(Msg::Follow).iter().map(super::lane).collect();
    assert_eq!(
        lanes,
        vec![Some(Lane::CallbackQueue), Some(Lane::CallbackFollow)]
    );
    s.update(Msg::Moved {
        task: Box::new(detail(task(7, "张三", 5))),
        said: Some("回访任务 #7 刚被 1003 王五 更改".into()),
    });
    // An answer read before that (version 3) comes late: the form stays on version 5.
    s.update(Msg::Moved {
        task: Box::new(detail(task(7, "张三", 3))),
        said: Some("older".into()),
    });
    let (d, f) = s.work().unwrap();
    assert_eq!(d.row.version, 5);
    assert!(f.message.as_ref().unwrap().0.contains("1003 王五"));
}

#[test]
fn ctrl_e_hands_the_runner_the_queue_as_shown_and_keeps_the_tabs_line() {
    let mut s = on_the_second_of_three();
    s.message = Some(("kept".into(), false));
    let rows = s.rows().to_vec();
    assert_eq!(rows.len(), 3);
    assert_eq!(act(&mut s, Action::ExportList), vec![Cmd::Export(rows)]);
    assert!(
        s.message.is_some(),
        "Ctrl-E is not a step: the tab's line stays"
    );
}

/// An agent's r is refused at once, in the words the store would use, with no form to
/// fill first; a supervisor's form says its keys.
#[test]
fn an_agents_reassign_is_refused_before_a_form_opens() {
    let mut s = CallbacksTab::default();
    s.update(listed(vec![task(5, "张三", 4)]));
    assert_eq!(act(&mut s, Action::Queue(QueueOp::Reassign)), vec![]);
    assert!(s.assign.is_none(), "the form opened for an agent");
    let (line, err) = s.message.clone().expect("a refusal");
    assert!(err && line.contains("主管"), "{line}");
    let mut boss = CallbacksTab {
        supervisor: true,
        ..Default::default()
    };
    boss.update(listed(vec![task(5, "张三", 4)]));
    act(&mut boss, Action::Queue(QueueOp::Reassign));
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, chrono::Utc::now());
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| {
        boss.render(
            f,
            f.area(),
            Lang::Zh,
            &clock,
            &crate::ui::theme::Theme::new(false),
        )
    })
    .unwrap();
    let screen = crate::ui::testing::screen_text(t.backend().buffer());
    assert!(screen.contains("Ctrl-S 确定"), "{screen}");
}

/// The reassign box stays open until the store answers: a refusal (an unknown agent
/// number, or another agent's step first) is said in the box with the number typed kept,
/// and shows there; the box takes its task as the queue next lists it, so the next save
/// goes; a reassignment done closes it.
#[test]
fn a_refused_reassignment_keeps_the_box_with_what_was_typed() {
    let mut s = CallbacksTab {
        supervisor: true,
        ..Default::default()
    };
    s.update(listed(vec![task(5, "张三", 4)]));
    act(&mut s, Action::Queue(QueueOp::Reassign));
    typed(&mut s, "1009");
    let sent = act(&mut s, Action::Save);
    assert!(matches!(
        sent.as_slice(),
        [Cmd::Reassign { version: 4, .. }]
    ));
    assert!(s.assign.is_some(), "closed before the store's answer");
    let why = "回访任务 #5 刚被 1001 刘芳 更改（已领取）".to_string();
    let cmds = s.update(Msg::Refused {
        why: why.clone(),
        task: None,
    });
    assert_eq!(cmds, vec![Cmd::Load(View::default())]);
    let (_, f) = s.assign.as_ref().expect("the box stays");
    assert_eq!(f.get("emp"), "1009");
    assert_eq!(f.message, Some((why.clone(), true)));
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, chrono::Utc::now());
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    let theme = crate::ui::theme::Theme::new(false);
    t.draw(|f| s.render(f, f.area(), Lang::Zh, &clock, &theme))
        .unwrap();
    let screen = crate::ui::testing::screen_text(t.backend().buffer());
    assert!(screen.contains("1001 刘芳"), "{screen}");
    assert!(screen.contains("1009"), "{screen}");
    // The queue lists the task as it is now: the next save is on that version.
    s.update(listed(vec![task(5, "张三", 5)]));
    let sent = act(&mut s, Action::Save);
    assert!(matches!(
        sent.as_slice(),
        [Cmd::Reassign { version: 5, .. }]
    ));
    s.update(Msg::Reassigned(5));
    assert!(s.assign.is_none());
}

/// An empty list says nothing is due only in the queue as it opens; in a view the user
/// chose (a kind, an owner, a state) it says the view is empty and which keys change it.
#[test]
fn an_empty_view_says_which_keys_change_it() {
    let drawn = |s: &CallbacksTab, lang: Lang| {
        let clock = crate::clock::Clock::fixed(chrono_tz::Asia::Shanghai, chrono::Utc::now());
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        let theme = crate::ui::theme::Theme::new(false);
        t.draw(|f| s.render(f, f.area(), lang, &clock, &theme))
            .unwrap();
        crate::ui::testing::screen_text(t.backend().buffer())
    };
    for lang in [Lang::Zh, Lang::En] {
        let mut s = CallbacksTab {
            lang,
            ..Default::default()
        };
        s.update(listed(Vec::new()));
        let due = lang.t("没有待回访的任务。", "No callbacks due.");
        assert!(drawn(&s, lang).contains(due), "{}", drawn(&s, lang));
        s.view.status = Some(crate::domain::callbacks::Status::Skipped);
        let screen = drawn(&s, lang);
        let view = lang.t(
            "这一视图没有任务（f 换类型、p 换归属、s 换状态）",
            "No task in this view (f kind, p whose, s state)",
        );
        assert!(screen.contains(view) && !screen.contains(due), "{screen}");
    }
}
