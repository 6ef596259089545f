//! The Complaints tab's state without a terminal or a store: keys in, requests out; lists
//! in, highlight out.

use super::*;
use crate::domain::complaints::{Category, ComplaintState, Severity, Status};
use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyModifiers};

fn row(id: i64, customer: &str) -> ComplaintRow {
    ComplaintRow {
        id,
        customer: customer.into(),
        plate: Some(format!("粤B{id:05}")),
        received_at: Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap(),
        category: Category::Attitude,
        severity: Severity::General,
        station: String::new(),
        summary: "服务态度".into(),
        demand: String::new(),
        status: Status::New,
        handler: None,
        level: 0,
        call_id: None,
        closed_at: None,
    }
}

fn items(list: &[(i64, &str)]) -> Vec<Item> {
    list.iter()
        .map(|(id, c)| Item {
            row: row(*id, c),
            clocks: Vec::new(),
        })
        .collect()
}

fn clock() -> AppClock {
    AppClock::fixed(
        chrono_tz::Asia::Shanghai,
        Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap(),
    )
}

/// A complaint just registered (status new).
fn received() -> ComplaintState {
    crate::domain::complaints::fold(&[Event::new(
        Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap(),
        7,
        crate::domain::complaints::EventKind::Received,
    )])
}

fn detail(id: i64, seen: i64) -> Detail {
    Detail {
        row: row(id, "张三"),
        events: Vec::new(),
        state: received(),
        clocks: Vec::new(),
        follow_ups: Vec::new(),
        valid: false,
        names: Vec::new(),
        seen,
    }
}

#[test]
fn the_highlight_follows_the_complaint_through_a_reload_and_a_resort() {
    let mut s = ComplaintsScreen::default();
    assert_eq!(
        s.set_items(items(&[(3, "甲"), (2, "乙"), (1, "丙")]), Lang::Zh),
        None
    );
    s.handle_action(Action::Down, &clock(), Lang::Zh);
    assert_eq!(s.selected.id(), Some(&2));
    // Another agent registered a newer complaint: it lists first.
    let note = s.set_items(
        items(&[(4, "丁"), (3, "甲"), (2, "乙"), (1, "丙")]),
        Lang::Zh,
    );
    assert_eq!(note, None);
    assert_eq!(s.selected.index(), 2);
    assert_eq!(
        s.handle_action(Action::Open, &clock(), Lang::Zh),
        Some(Effect::OpenComplaint(2))
    );
}

#[test]
fn a_complaint_that_left_the_list_hands_the_highlight_to_its_neighbour_and_says_so() {
    let mut s = ComplaintsScreen::default();
    s.set_items(items(&[(3, "甲"), (2, "乙"), (1, "丙")]), Lang::Zh);
    s.handle_action(Action::Down, &clock(), Lang::Zh);
    // Closed by another agent: out of the open list.
    let note = s
        .set_items(items(&[(3, "甲"), (1, "丙")]), Lang::Zh)
        .expect("a status line");
    assert!(note.contains("投诉 #2 乙"), "{note}");
    assert_eq!(s.selected.id(), Some(&1));
    let en = {
        s.handle_action(Action::Up, &clock(), Lang::En);
        s.set_items(items(&[(1, "丙")]), Lang::En).unwrap()
    };
    assert!(en.contains("Complaint #3"), "{en}");
}

#[test]
fn a_step_carries_the_log_entry_the_page_showed_and_its_form_names_the_complaint() {
    let mut s = ComplaintsScreen::default();
    s.set_items(items(&[(7, "张三")]), Lang::Zh);
    s.show_detail(detail(7, 41));
    let e = s.handle_action(Action::Complaint(Step::Contact), &clock(), Lang::Zh);
    let Some(Effect::ComplaintStep(ask)) = e else {
        panic!("a step request: {e:?}")
    };
    assert_eq!((ask.id, ask.seen), (7, 41));
    // The page was reloaded after another agent's step: the next step is taken on it.
    s.show_detail(detail(7, 45));
    s.handle_action(Action::Complaint(Step::Assign), &clock(), Lang::Zh);
    assert_eq!(s.mode, Mode::Step);
    assert_eq!(
        s.detail.as_ref().unwrap().subject(Lang::Zh),
        "投诉 #7 张三 粤B00007"
    );
    // Back to the list: on the same complaint.
    s.handle_action(Action::Back, &clock(), Lang::Zh);
    s.handle_action(Action::Back, &clock(), Lang::Zh);
    s.set_items(items(&[(9, "李四"), (7, "张三")]), Lang::Zh);
    assert_eq!(s.selected.id(), Some(&7));
}

fn type_in(s: &mut ComplaintsScreen, text: &str) {
    for c in text.chars() {
        s.handle_text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn esc_on_the_register_form_with_typed_text_asks_before_discarding() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = ComplaintsScreen::default();
        // Untouched: Esc leaves at once.
        s.handle_action(Action::NewCall, &clock(), lang);
        assert_eq!(s.mode, Mode::Register);
        s.handle_action(Action::Back, &clock(), lang);
        assert_eq!(s.mode, Mode::List);
        // Typed: the first Esc asks, the text stays.
        s.handle_action(Action::NewCall, &clock(), lang);
        type_in(&mut s, "13800001111");
        s.handle_action(Action::Back, &clock(), lang);
        assert_eq!(s.mode, Mode::Register);
        let f = s.register.as_ref().unwrap();
        assert!(f.is_dirty());
        let (msg, _) = f.message.as_ref().expect("a question");
        assert!(
            msg.contains(lang.t("再按 Esc 放弃", "Esc again discards")),
            "{msg}"
        );
        // Typing on disarms: the next Esc asks again.
        type_in(&mut s, "2");
        s.handle_action(Action::Back, &clock(), lang);
        assert_eq!(s.mode, Mode::Register);
        // A second Esc in a row discards.
        s.handle_action(Action::Back, &clock(), lang);
        assert_eq!(s.mode, Mode::List);
        assert!(s.register.is_none());
    }
}

#[test]
fn esc_on_a_step_form_with_typed_text_asks_before_discarding() {
    let mut s = ComplaintsScreen::default();
    s.show_detail(detail(7, 41));
    s.handle_action(Action::Complaint(Step::Note), &clock(), Lang::Zh);
    assert_eq!(s.mode, Mode::Step);
    type_in(&mut s, "客户来电催促");
    s.handle_action(Action::Back, &clock(), Lang::Zh);
    assert_eq!(s.mode, Mode::Step, "discarded on the first Esc");
    s.handle_action(Action::Back, &clock(), Lang::Zh);
    assert_eq!(s.mode, Mode::Detail);
    assert!(s.step.is_none());
}

#[test]
fn a_step_not_allowed_yet_is_refused_before_its_form_opens() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = ComplaintsScreen::default();
        s.show_detail(detail(7, 41));
        // A new complaint cannot be resolved, confirmed or closed yet: no form opens.
        for key in [Step::Resolve, Step::Confirm, Step::Close, Step::Reopen] {
            let e = s.handle_action(Action::Complaint(key), &clock(), lang);
            assert_eq!(e, None, "{key:?}");
            assert_eq!(s.mode, Mode::Detail, "{key:?} opened a form");
            assert!(s.step.is_none());
            let msg = s.message.clone().expect("a refusal");
            assert!(msg.contains(lang.t("无法", "Cannot")), "{key:?}: {msg}");
        }
        // Investigating needs the contact and the handler first.
        s.handle_action(Action::Complaint(Step::Investigate), &clock(), lang);
        let msg = s.message.clone().unwrap();
        assert!(msg.contains(lang.t("处理人", "handler")), "{msg}");
        // An allowed step still opens its form.
        s.handle_action(Action::Complaint(Step::Assign), &clock(), lang);
        assert_eq!(s.mode, Mode::Step);
    }
}
