//! What the work form says before anything is sent: words in the complaint field open a
//! complaint only after a second save that confirms them, and only with a completed
//! callback (any other outcome says so on the field instead of sending words the store
//! would refuse); a task opened before its window says how early it is.

use super::tests::{act, typed, working};
use super::*;

/// Moves the cursor to the complaint field and types `text`.
fn complain(s: &mut CallbacksTab, text: &str) {
    if let Some(w) = &mut s.work {
        w.form.focus = w
            .form
            .fields
            .iter()
            .position(|f| f.key == "complaint")
            .unwrap();
    }
    typed(s, text);
}

fn sent(out: &[Cmd]) -> Option<&AttemptInput> {
    out.iter().find_map(|c| match c {
        Cmd::Attempt { input, .. } => Some(&**input),
        _ => None,
    })
}

#[test]
fn words_in_the_complaint_field_are_confirmed_before_a_complaint_opens() {
    let mut s = working(7);
    complain(&mut s, "客户表示用车顺利");
    // The first save sends nothing and asks, naming the customer.
    let out = act(&mut s, Action::Save);
    assert!(sent(&out).is_none(), "{out:?}");
    let (_, f) = s.work().unwrap();
    let (msg, _) = f.message.as_ref().unwrap();
    assert!(msg.contains("将为客户 张三 新建投诉单"), "{msg}");
    assert!(msg.contains("再按 Ctrl-S"), "{msg}");
    assert_eq!(f.fields[f.focus].key, "complaint");
    // Changed words are asked about again.
    typed(&mut s, "，但希望降价");
    assert!(sent(&act(&mut s, Action::Save)).is_none());
    // The second save with the same words sends the attempt with the complaint.
    let out = act(&mut s, Action::Save);
    let input = sent(&out).expect("sent on the second save");
    assert_eq!(
        input.complaint.as_ref().map(|(_, t)| t.as_str()),
        Some("客户表示用车顺利，但希望降价")
    );
}

#[test]
fn a_callback_without_a_complaint_saves_at_once() {
    let mut s = working(7);
    let out = act(&mut s, Action::Save);
    assert!(sent(&out).is_some_and(|i| i.complaint.is_none()), "{out:?}");
}

#[test]
fn a_complaint_with_no_answer_is_said_on_its_field() {
    let mut s = working(7);
    typed(&mut s, "2");
    complain(&mut s, "结算比报价多");
    let out = act(&mut s, Action::Save);
    assert!(sent(&out).is_none(), "{out:?}");
    let (_, f) = s.work().unwrap();
    assert_eq!(f.fields[f.focus].key, "complaint");
    let err = f.fields[f.focus].error.as_deref().unwrap_or_default();
    assert!(err.contains("只随结果 1完成 建投诉单"), "{err}");
    // Nor does a second save send it.
    assert!(sent(&act(&mut s, Action::Save)).is_none());
}

/// A task opened before its window says so as the form opens (days early, the window),
/// in both languages; on the window's first day and after, nothing is said.
#[test]
fn a_task_opened_before_its_window_says_how_early() {
    let mut row = super::tests::task(7, "张三", 1);
    row.window_start = chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
    row.window_end = chrono::NaiveDate::from_ymd_opt(2026, 12, 13).unwrap();
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
    let zh = work::early_notice(&row, day(8), Lang::Zh).unwrap();
    assert_eq!(
        zh,
        "回访时限 2026-12-10 ~ 2026-12-13：现在早了 2 天，按规定请在时限内回访"
    );
    let en = work::early_notice(&row, day(9), Lang::En).unwrap();
    assert!(en.contains("this is 1 day early"), "{en}");
    assert_eq!(work::early_notice(&row, day(10), Lang::Zh), None);
    assert_eq!(work::early_notice(&row, day(14), Lang::Zh), None);
}
