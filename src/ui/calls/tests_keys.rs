//! A key the highlighted call does not take says why, in the user's language, instead of
//! doing nothing: `x answered` on a call with no open question, `c`/`d` on a call.

use super::tests::{call, key, tab};
use super::*;

fn refusal(cmds: &[Cmd]) -> Option<&str> {
    match cmds {
        [Cmd::Out(Out::Error(why))] => Some(why.as_str()),
        _ => None,
    }
}

#[test]
fn keys_a_call_does_not_take_say_why_on_its_page() {
    for lang in [Lang::Zh, Lang::En] {
        for (done, zh, en) in [
            (
                false,
                "来电 #3 王五 粤B00007 没有待回复的问题",
                "has no open question",
            ),
            (
                true,
                "来电 #3 王五 粤B00007 已回复过",
                "was already answered",
            ),
        ] {
            let mut s = CallsTab { lang, ..tab() };
            let mut d = call(3, "consult_price");
            d.row.follow_up_done = done;
            s.update(Msg::CallShown(Box::new(d)));
            assert_eq!(s.mode, Mode::Detail);
            let cmds = s.update(key(Action::CloseItem));
            let why = refusal(&cmds).unwrap_or_else(|| panic!("{lang:?} x: {cmds:?}"));
            assert!(why.contains(lang.t(zh, en)), "{why}");
            assert_eq!(s.mode, Mode::Detail, "x opened a form");
            for a in [Action::RescueContacted, Action::RescueDispatch] {
                let cmds = s.update(key(a));
                let why = refusal(&cmds).unwrap_or_else(|| panic!("{a:?}: {cmds:?}"));
                assert!(why.contains(lang.t("救援", "rescue")), "{why}");
                assert_eq!(s.mode, Mode::Detail);
            }
        }
    }
}

#[test]
fn a_call_with_an_open_question_still_opens_the_answer_form() {
    let mut s = tab();
    let mut d = call(4, "consult_price");
    d.row.resolved = false;
    d.row.follow_up_due = Some(d.row.started_at + chrono::Duration::hours(24));
    s.update(Msg::CallShown(Box::new(d)));
    assert_eq!(s.update(key(Action::CloseItem)), vec![]);
    assert_eq!(s.mode, Mode::Step);
}
