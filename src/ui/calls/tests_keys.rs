//! A key the highlighted call does not take says why, in the user's language, instead of
//! doing nothing: `x answered` on a call with no open question, `c`/`d` on a call. And a
//! rescue or complaint call's page says it went to its case, as the list does.

use super::tests::{at, call, ctx_in, drawn, key, listed, tab, typed};
use super::*;
use crate::domain::templates::Group;

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

#[test]
fn a_rescue_or_complaint_calls_page_says_it_went_to_its_case_at_80x24() {
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, at());
    let templates = TemplateSet::builtin();
    for lang in [Lang::Zh, Lang::En] {
        for (template, group, zh, en) in [
            (
                "rescue_roadside",
                Group::Rescue,
                "转救援单处理",
                "handedtoarescuecase",
            ),
            (
                "complaint_attitude",
                Group::Complaint,
                "转投诉单处理",
                "handedtoacomplaint",
            ),
        ] {
            let mut s = CallsTab { lang, ..tab() };
            let mut d = call(8, template);
            d.row.group = group;
            d.rescue_id = (group == Group::Rescue).then_some(67);
            d.complaint_id = (group == Group::Complaint).then_some(81);
            s.update(Msg::CallShown(Box::new(d)));
            let screen = drawn(&s, &ctx_in(lang, &clock, &templates));
            assert!(screen.contains(lang.t(zh, en)), "{screen}");
            let spot = lang.t("当场解决", "resolvedonthespot");
            assert!(!screen.contains(spot), "{screen}");
        }
    }
}

#[test]
fn ctrl_e_hands_the_runner_the_list_as_shown() {
    let mut s = tab();
    s.update(super::tests::listed(vec![
        super::tests::rescue(1, "张三", false),
        super::tests::rescue(2, "李四", true),
    ]));
    let shown = s.entries().to_vec();
    assert_eq!(shown.len(), 2);
    assert_eq!(s.update(key(Action::ExportList)), vec![Cmd::Export(shown)]);
}

#[test]
fn in_the_template_picker_letters_filter_and_a_digit_or_enter_picks() {
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, at());
    let templates = TemplateSet::builtin();
    let promo = templates
        .by_shortcut('p')
        .expect("a template on p")
        .id
        .clone();
    for lang in [Lang::Zh, Lang::En] {
        let ctx = ctx_in(lang, &clock, &templates);
        let mut s = CallsTab { lang, ..tab() };
        s.update(listed(Vec::new()));
        s.update(key(Action::NewCall));
        // "promo" is a search: no letter of it opens a template.
        typed(&mut s, "promo");
        assert_eq!(s.mode, Mode::Picker, "a letter picked a template");
        assert_eq!(s.picker_query.value(), "promo");
        let screen = drawn(&s, &ctx);
        assert!(screen.contains("1["), "the rows are numbered: {screen}");
        // Group names whole, not `Con~`.
        assert!(screen.contains(lang.t("咨询", "Consultation")), "{screen}");
        assert!(!screen.contains('~'), "{screen}");
        // Its shortcut letter alone puts a template first: Enter takes it.
        s.update(key(Action::Back));
        s.update(key(Action::NewCall));
        typed(&mut s, "p");
        assert_eq!(s.mode, Mode::Picker);
        s.update(key(Action::Open));
        assert_eq!(s.mode, Mode::Form);
        assert_eq!(
            s.form.as_ref().map(|f| f.template.id.clone()),
            Some(promo.clone())
        );
        // A digit takes the row it numbers.
        s.update(key(Action::Back));
        s.update(key(Action::Back));
        s.update(key(Action::NewCall));
        typed(&mut s, "2");
        let second = templates.search("")[1].id.clone();
        assert_eq!(s.form.as_ref().map(|f| f.template.id.clone()), Some(second));
    }
}

/// Ctrl-N with a customer already chosen says so (not "the phone may not be empty"); with
/// something new typed it still asks for the format in the user's language's punctuation.
#[test]
fn a_new_customer_key_with_a_customer_chosen_says_they_are_chosen() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = CallsTab { lang, ..tab() };
        s.update(Msg::CallFor {
            customer_id: 7,
            vehicle_id: None,
        });
        s.update(key(Action::Open));
        assert_eq!(s.mode, Mode::Form);
        let customer = crate::store::customers::Customer {
            id: 7,
            uuid: "c7".into(),
            data: crate::domain::archive::CustomerData {
                name: "王五".into(),
                mobile: Some("13700001234".into()),
                ..Default::default()
            },
            created_at: String::new(),
            updated_at: String::new(),
            version: 1,
        };
        s.update(Msg::Customer {
            customer: Box::new(customer),
            vehicles: Vec::new(),
            vehicle_id: None,
            revealed: false,
        });
        let said = |s: &CallsTab| s.form.as_ref().and_then(|f| f.message.clone()).unwrap().0;
        assert_eq!(s.update(key(Action::QuickCreate)), vec![]);
        let m = said(&s);
        assert!(
            m.contains(lang.t("已选定客户 王五", "Customer 王五 is already chosen")),
            "{m}"
        );
        assert!(!m.contains(lang.t("不能为空", "empty")), "{m}");
        // Nothing chosen, no phone typed: the format, in full-width marks in Chinese.
        s.form.as_mut().unwrap().customer = None;
        s.form.as_mut().unwrap().query = tui_input::Input::new("赵六".into());
        s.update(key(Action::QuickCreate));
        let m = said(&s);
        assert!(
            m.ends_with(lang.t("（格式：姓名 手机）", " (type: name phone)")),
            "{m}"
        );
    }
}

/// One thing at a time: with the customer picker open, Esc closes the picker and says
/// nothing; only the Esc that would leave the form says there is unsaved content.
#[test]
fn esc_closes_the_customer_picker_before_it_speaks_of_unsaved_content() {
    use crate::ui::widgets::customer_pick::testing::hit;
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, at());
    let templates = TemplateSet::builtin();
    for lang in [Lang::Zh, Lang::En] {
        let ctx = ctx_in(lang, &clock, &templates);
        let mut s = CallsTab { lang, ..tab() };
        s.update(listed(Vec::new()));
        s.update(key(Action::NewCall));
        typed(&mut s, "1");
        assert_eq!(s.mode, Mode::Form);
        typed(&mut s, "张");
        s.update(Msg::Hits(vec![hit(1, "张亮", 1), hit(2, "张伟", 1)]));
        let note = crate::ui::keymap::unsaved_note(lang).replace(' ', "");
        let screen = drawn(&s, &ctx);
        assert!(screen.contains("张亮"), "{screen}");
        // The first Esc: the picker closes, the form and its typing stay, no note.
        s.update(key(Action::Back));
        let screen = drawn(&s, &ctx);
        assert_eq!(s.mode, Mode::Form);
        assert!(!screen.contains("张亮"), "the picker stayed open: {screen}");
        assert!(!screen.contains(&note), "picker and note at once: {screen}");
        assert_eq!(s.form.as_ref().unwrap().query.value(), "张");
        // The next would leave the form: now the note; one more leaves.
        s.update(key(Action::Back));
        assert!(drawn(&s, &ctx).contains(&note));
        assert_eq!(s.mode, Mode::Form);
        s.update(key(Action::Back));
        assert_eq!(s.mode, Mode::List);
    }
}

/// The rescue's dispatch form: `6` names none of the three ways help goes out, and is said
/// beside the field, not swallowed; a good digit clears it.
#[test]
fn a_digit_naming_no_option_is_said_in_the_dispatch_form() {
    use super::tests::rescue;
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, at());
    let templates = TemplateSet::builtin();
    for lang in [Lang::Zh, Lang::En] {
        let ctx = ctx_in(lang, &clock, &templates);
        let mut s = CallsTab { lang, ..tab() };
        s.update(listed(vec![rescue(1, "张三", true)]));
        s.update(key(Action::RescueDispatch));
        typed(&mut s, "6");
        let said = lang.t("没有选项 6（可选 1–3）", "no option 6 (choose 1–3)");
        let (_, f) = s.step.as_ref().unwrap();
        assert_eq!(f.fields[0].error.as_deref(), Some(said));
        assert_eq!(f.get("how"), "");
        assert!(drawn(&s, &ctx).contains(&said.replace(' ', "")));
        typed(&mut s, "2");
        let (_, f) = s.step.as_ref().unwrap();
        assert_eq!(f.fields[0].error, None);
    }
}

/// `c` on a rescue case contacted already says so and names its next steps' keys, sending
/// nothing: the store would refuse it as "someone may have done it".
#[test]
fn contacted_again_says_the_case_was_contacted_and_what_is_next() {
    for (lang, said) in [
        (
            Lang::Zh,
            "救援 #1 张三 粤B00001 已联系过客户；下一步：d 派出，x 记录结果",
        ),
        (
            Lang::En,
            "the customer was contacted already; next d dispatch, x result",
        ),
    ] {
        let mut s = CallsTab { lang, ..tab() };
        s.update(listed(vec![super::tests::rescue(1, "张三", true)]));
        let cmds = s.update(key(Action::RescueContacted));
        let why = refusal(&cmds).unwrap_or_else(|| panic!("{lang:?}: {cmds:?}"));
        assert!(why.contains(said), "{why}");
    }
}

/// A rescue case closed here, its call from another day (so not in the day's list): the
/// highlight moves on and the only line is the step's own ("result recorded; the case is
/// closed"), not "left the list". Closed by
/// another agent, the list says which case left.
#[test]
fn a_case_closed_here_leaves_the_list_quietly() {
    for closed_here in [true, false] {
        let mut s = tab();
        s.update(listed(vec![
            super::tests::rescue(1, "张三", true),
            super::tests::rescue(2, "李四", true),
        ]));
        assert_eq!(s.selected.id(), Some(&EntryKey::Rescue(1)));
        if closed_here {
            let step = crate::store::calls::RescueStep::Closed {
                result: "已换备胎".into(),
            };
            let cmds = s.update(Msg::RescueStepped(1, step));
            let said = "救援 #1 张三 粤B00001 已记录结果，救援单已完成";
            assert!(
                cmds.iter()
                    .any(|c| matches!(c, Cmd::Out(Out::Status(l)) if l == said)),
                "{cmds:?}"
            );
        }
        let cmds = s.update(listed(vec![super::tests::rescue(2, "李四", true)]));
        let left = cmds.iter().any(|c| {
            matches!(c, Cmd::Out(Out::Status(l)) if l.contains("救援 #1 张三 粤B00001 已不在列表中"))
        });
        assert_eq!(left, !closed_here, "{cmds:?}");
        assert_eq!(s.selected.id(), Some(&EntryKey::Rescue(2)));
    }
}

/// A consultation's "resolved on the call" holds yes or no: anything else is asked about
/// on the field, not read as "no" (which sends an open question back in 24 h).
#[test]
fn a_resolved_field_that_is_neither_yes_nor_no_is_asked_about() {
    for lang in [Lang::Zh, Lang::En] {
        for (typed_in, resolved) in [
            ("3 years", None),
            ("ok", None),
            ("", None),
            ("否", Some(false)),
            ("No", Some(false)),
            ("已解决", Some(true)),
            (" yes ", Some(true)),
        ] {
            let mut s = CallsTab { lang, ..tab() };
            s.update(listed(Vec::new()));
            s.open_form("consult_promotion");
            let form = s.form.as_mut().expect("the form");
            for (k, v) in [
                ("region", "深圳"),
                ("brand", "大众"),
                ("promotion", "置换补贴"),
                ("has_promotion", "有"),
                (super::form::RESOLVED_KEY, typed_in),
            ] {
                let field = form.fields.fields.iter_mut().find(|f| f.key == k);
                field.expect(k).set_text(v);
            }
            let cmds = s.update(key(Action::Save));
            let at = format!("{lang:?} {typed_in:?}");
            match resolved {
                Some(want) => assert!(
                    cmds.iter()
                        .any(|c| matches!(c, Cmd::Save(c) if c.resolved == want)),
                    "{at}: {cmds:?}"
                ),
                None => {
                    assert!(
                        !cmds.iter().any(|c| matches!(c, Cmd::Save(_))),
                        "{at}: {cmds:?}"
                    );
                    let form = s.form.as_ref().expect("still open");
                    let field = form
                        .fields
                        .fields
                        .iter()
                        .find(|f| f.key == super::form::RESOLVED_KEY);
                    let error = field.and_then(|f| f.error.clone());
                    assert_eq!(
                        error.as_deref(),
                        Some(lang.t("填 是 或 否", "yes or no")),
                        "{at}"
                    );
                    let said = form
                        .message
                        .as_ref()
                        .map(|m| m.0.clone())
                        .unwrap_or_default();
                    assert!(
                        said.contains(lang.t("当场解决", "Resolved")),
                        "{at}: {said}"
                    );
                }
            }
        }
    }
}
