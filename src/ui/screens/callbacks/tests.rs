//! The callback queue's state without a terminal or a store: keys in, requests out; queues
//! in, highlight out.

use super::*;
use crate::domain::callbacks::{Channel, Status};
use crate::i18n::Lang;
use crate::store::callbacks::Bucket;
use chrono::{NaiveDate, TimeZone, Utc};

fn task(id: i64, customer: &str, version: i64) -> TaskRow {
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

fn act(s: &mut CallbacksScreen, a: Action) -> Option<Effect> {
    let clock = crate::clock::Clock::fixed(
        chrono_tz::Asia::Shanghai,
        Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap(),
    );
    let templates = crate::domain::templates::TemplateSet::builtin();
    let ctx = Ctx {
        lang: Lang::Zh,
        clock: &clock,
        templates: &templates,
        agent_emp_no: Some("1002"),
    };
    s.handle_action(a, &ctx)
}

#[test]
fn the_highlight_follows_the_task_and_a_claim_carries_its_version() {
    let mut s = CallbacksScreen::default();
    s.set_rows(
        vec![task(1, "甲", 1), task(2, "乙", 1)],
        Vec::new(),
        Lang::Zh,
    );
    act(&mut s, Action::Down);
    // Another agent's no-answer on task 1 moved it later: the queue re-sorts.
    let note = s.set_rows(
        vec![task(2, "乙", 3), task(1, "甲", 2)],
        Vec::new(),
        Lang::Zh,
    );
    assert_eq!(note, None);
    assert_eq!((s.selected.id(), s.selected.index()), (Some(&2), 0));
    assert_eq!(
        act(&mut s, Action::Open),
        Some(Effect::Callbacks(Request::Work { id: 2, version: 3 }))
    );
}

#[test]
fn a_task_taken_out_of_the_queue_hands_the_highlight_on_and_says_so() {
    let mut s = CallbacksScreen::default();
    s.set_rows(
        vec![task(1, "甲", 1), task(2, "乙", 1), task(3, "丙", 1)],
        Vec::new(),
        Lang::Zh,
    );
    act(&mut s, Action::Down);
    let note = s
        .set_rows(
            vec![task(1, "甲", 1), task(3, "丙", 1)],
            Vec::new(),
            Lang::Zh,
        )
        .expect("a status line");
    assert!(note.contains("回访任务 #2 乙 粤B00002"), "{note}");
    assert_eq!(s.selected.id(), Some(&3));
}

#[test]
fn reassigning_names_the_task_and_carries_its_version() {
    let mut s = CallbacksScreen::default();
    s.set_rows(vec![task(5, "张三", 4)], Vec::new(), Lang::Zh);
    act(&mut s, Action::Queue(QueueOp::Reassign));
    let (r, _) = s.assign.as_ref().expect("the reassign form");
    assert_eq!(subject(r, Lang::Zh), "回访任务 #5 张三 粤B00005");
    assert_eq!(
        act(&mut s, Action::Save),
        Some(Effect::Callbacks(Request::Reassign {
            id: 5,
            version: 4,
            emp_no: None
        }))
    );
}

#[test]
fn esc_on_the_reassign_form_with_typed_text_asks_before_discarding() {
    let mut s = CallbacksScreen::default();
    s.set_rows(vec![task(5, "张三", 4)], Vec::new(), Lang::Zh);
    act(&mut s, Action::Queue(QueueOp::Reassign));
    // Untouched: Esc leaves at once.
    act(&mut s, Action::Back);
    assert!(s.assign.is_none());
    act(&mut s, Action::Queue(QueueOp::Reassign));
    let clock = crate::clock::Clock::fixed(
        chrono_tz::Asia::Shanghai,
        Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap(),
    );
    let templates = crate::domain::templates::TemplateSet::builtin();
    let ctx = Ctx {
        lang: Lang::Zh,
        clock: &clock,
        templates: &templates,
        agent_emp_no: Some("1002"),
    };
    for c in "1003".chars() {
        s.handle_text(
            KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            ),
            &ctx,
        );
    }
    act(&mut s, Action::Back);
    let (_, f) = s.assign.as_ref().expect("discarded on the first Esc");
    assert!(f.message.as_ref().unwrap().0.contains("再按 Esc 放弃"));
    assert_eq!(f.get("emp"), "1003");
    act(&mut s, Action::Back);
    assert!(s.assign.is_none());
}
