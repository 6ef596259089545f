//! The Calls tab's state machine without a terminal or a store: keys in, commands out;
//! the store's answers in, state out.

use super::*;
use crate::domain::calls::{Channel, Direction};
use chrono::{TimeZone, Utc};
use crossterm::event::KeyCode;

pub(super) fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

pub(super) fn tab() -> CallsTab {
    CallsTab {
        now: at(),
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        tz: chrono_tz::Asia::Shanghai,
        agent_emp_no: Some("1002".into()),
        templates: TemplateSet::builtin(),
        ..Default::default()
    }
}

pub(super) fn rescue(id: i64, customer: &str, contacted: bool) -> Rescue {
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
    Rescue {
        id,
        call_id: id * 10,
        customer: customer.into(),
        plate: Some(format!("粤B{id:05}")),
        location: "高速服务区".into(),
        fault: None,
        symptom: "发动机异响".into(),
        phone: "13812345678".into(),
        opened_at: t,
        contact_due: t + chrono::Duration::minutes(30 + id),
        contacted_at: contacted.then_some(t),
        dispatch: None,
        technician: None,
        eta: None,
        dispatched_at: None,
        result: None,
        closed_at: None,
        version: if contacted { 2 } else { 1 },
    }
}

pub(super) fn call(id: i64, template_id: &str) -> CallDetail {
    CallDetail {
        row: CallRow {
            id,
            started_at: at(),
            customer_id: Some(7),
            customer: "王五".into(),
            plate: Some("粤B00007".into()),
            agent: "1002".into(),
            template_id: template_id.into(),
            group: crate::domain::templates::Group::Consult,
            direction: Direction::Inbound,
            channel: Channel::Phone,
            sentence: "客户来电咨询".into(),
            resolved: true,
            follow_up_due: None,
            follow_up_done: false,
            duration_s: 60,
            completeness: 100,
        },
        vehicle_id: None,
        template_version: 1,
        fields: BTreeMap::new(),
        ended_at: at(),
        version: 1,
        revisions: 0,
        rescue_id: None,
        complaint_id: None,
        follow_up_note: None,
    }
}

pub(super) fn listed(rescues: Vec<Rescue>) -> Msg {
    Msg::Listed {
        rescues,
        follow_ups: Vec::new(),
        calls: Vec::new(),
        counts: (0, 0),
    }
}

pub(super) fn key(a: Action) -> Msg {
    Msg::Key(Some(a), KeyEvent::from(KeyCode::Null))
}

/// Typed keys, each looked up in the key table as the app does (the picker's digits are
/// keys of their own).
pub(super) fn typed(s: &mut CallsTab, text: &str) {
    for c in text.chars() {
        let ev = KeyEvent::from(KeyCode::Char(c));
        let action = crate::ui::keymap::lookup(&s.scopes(), &ev, s.typing());
        s.update(Msg::Key(action, ev));
    }
}

fn status(cmds: &[Cmd]) -> Option<&str> {
    cmds.iter().find_map(|c| match c {
        Cmd::Out(Out::Status(l) | Out::Error(l)) => Some(l.as_str()),
        _ => None,
    })
}

/// The bug of issue 13: `c` on the first rescue re-sorts the list; `d` then acted on the
/// case that sorted into row 1, another customer's.
#[test]
fn dispatch_after_contacted_acts_on_the_same_case_after_the_resort() {
    let mut s = tab();
    s.update(listed(vec![
        rescue(1, "张三", false),
        rescue(2, "李四", false),
    ]));
    let cmds = s.update(key(Action::RescueContacted));
    assert_eq!(
        cmds,
        vec![Cmd::RescueStep {
            id: 1,
            version: 1,
            step: RescueStep::Contacted
        }]
    );
    // Recorded: the list is loaded again, and contacted cases sort after the waiting ones.
    let cmds = s.update(Msg::RescueStepped(1, RescueStep::Contacted));
    assert!(
        cmds.iter().any(|c| matches!(c, Cmd::List { .. })),
        "{cmds:?}"
    );
    assert!(status(&cmds).is_some_and(|l| l.contains("救援 #1 张三")));
    s.update(listed(vec![
        rescue(2, "李四", false),
        rescue(1, "张三", true),
    ]));
    assert_eq!(s.selected.id(), Some(&EntryKey::Rescue(1)));
    assert_eq!(
        s.selected.index(),
        1,
        "the highlight followed the case to row 2"
    );
    assert_eq!(s.update(key(Action::RescueDispatch)), vec![]);
    let (kind, _) = s.step.as_ref().expect("the dispatch form");
    assert_eq!(*kind, StepKind::Dispatch { id: 1, version: 2 });
    assert!(
        s.step_subject.contains("救援 #1 张三 粤B00001"),
        "{}",
        s.step_subject
    );
}

#[test]
fn another_agents_save_keeps_the_highlight_or_says_where_it_went() {
    let mut s = tab();
    s.update(listed(vec![
        rescue(1, "张三", false),
        rescue(2, "李四", false),
        rescue(3, "王五", false),
    ]));
    s.update(key(Action::Down));
    assert_eq!(s.selected.id(), Some(&EntryKey::Rescue(2)));
    // Another agent saved: the list is asked for again.
    let cmds = s.update(Msg::Follow);
    assert!(matches!(cmds.as_slice(), [Cmd::List { .. }]), "{cmds:?}");
    // They opened a more urgent case: it sorts first, the highlight stays on case 2.
    let cmds = s.update(listed(vec![
        rescue(0, "赵六", false),
        rescue(1, "张三", false),
        rescue(2, "李四", false),
        rescue(3, "王五", false),
    ]));
    assert_eq!(status(&cmds), None);
    assert_eq!(
        (s.selected.id(), s.selected.index()),
        (Some(&EntryKey::Rescue(2)), 2)
    );
    // They closed case 2: the highlight moves to its neighbour and says so.
    let cmds = s.update(listed(vec![
        rescue(0, "赵六", false),
        rescue(1, "张三", false),
        rescue(3, "王五", false),
    ]));
    let line = status(&cmds).expect("a status line");
    assert!(
        line.contains("救援 #2 李四") && line.contains("已不在列表中"),
        "{line}"
    );
    assert_eq!(s.selected.id(), Some(&EntryKey::Rescue(3)));
}

#[test]
fn a_closed_rescue_refuses_its_steps_before_a_form_opens() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = CallsTab { lang, ..tab() };
        let mut closed = rescue(5, "张三", true);
        closed.closed_at = Some(at());
        s.update(listed(vec![closed]));
        for a in [
            Action::RescueDispatch,
            Action::CloseItem,
            Action::RescueContacted,
        ] {
            let cmds = s.update(key(a));
            let why = match cmds.as_slice() {
                [Cmd::Out(Out::Error(why))] => why.clone(),
                other => panic!("{a:?}: {other:?}"),
            };
            assert!(why.contains(lang.t("已结案", "is closed")), "{why}");
            assert_eq!(s.mode, Mode::List, "{a:?} opened a form");
            assert!(s.step.is_none());
        }
        // An open case still opens the dispatch form.
        s.update(listed(vec![rescue(6, "李四", false)]));
        let keys = s.keys();
        s.selected.first(&keys);
        assert_eq!(s.update(key(Action::RescueDispatch)), vec![]);
        assert_eq!(s.mode, Mode::Step);
    }
}

#[test]
fn a_new_call_is_highlighted_once_the_list_has_it() {
    let mut s = tab();
    s.update(listed(vec![rescue(1, "张三", false)]));
    let cmds = s.update(Msg::Saved {
        call_id: 90,
        rescue_id: Some(9),
        complaint_id: None,
        resolved: false,
    });
    assert_eq!(status(&cmds), Some("已保存；救援单已开，30 分钟内联系客户"));
    assert!(matches!(cmds.last(), Some(Cmd::List { day: None, .. })));
    s.update(listed(vec![
        rescue(9, "新客户", false),
        rescue(1, "张三", false),
    ]));
    assert_eq!(
        (s.selected.id(), s.selected.index()),
        (Some(&EntryKey::Rescue(9)), 0)
    );
}

#[test]
fn another_agents_step_reaches_the_open_case_and_its_form_keeps_the_typing() {
    let mut s = tab();
    s.update(listed(vec![rescue(1, "张三", false)]));
    s.update(key(Action::Open));
    s.update(Msg::RescueShown(Box::new(rescue(1, "张三", false))));
    s.update(key(Action::RescueDispatch));
    typed(&mut s, "3");
    // Another agent saved: the list, and the open case as of the version shown.
    let cmds = s.update(Msg::Follow);
    assert!(cmds.contains(&Cmd::FollowRescue {
        id: 1,
        seen: Some(1),
        say: true
    }));
    let moved = rescue(1, "张三", true);
    s.update(Msg::RescueFollowed {
        rescue: Box::new(moved),
        said: Some("救援 #1 已被 1001 修改".into()),
    });
    let (kind, f) = s.step.as_ref().expect("the form stays open");
    assert_eq!(
        *kind,
        StepKind::Dispatch { id: 1, version: 2 },
        "it acts on the case as it is now"
    );
    assert_eq!(f.get("how"), "拖车", "what was typed is kept");
    assert_eq!(
        f.message.as_ref().map(|m| m.0.as_str()),
        Some("救援 #1 已被 1001 修改")
    );
    assert_eq!(s.rescue.as_ref().map(|r| r.version), Some(2));
    // Saving now is taken on what the agent has been told.
    let cmds = s.update(key(Action::Save));
    assert!(
        matches!(
            cmds.as_slice(),
            [Cmd::RescueStep {
                id: 1,
                version: 2,
                ..
            }]
        ),
        "{cmds:?}"
    );
}

#[test]
fn a_refused_step_says_why_and_loads_the_case_again() {
    let mut s = tab();
    s.update(listed(vec![rescue(1, "张三", false)]));
    s.update(key(Action::CloseItem));
    typed(&mut s, "已修好");
    let cmds = s.update(Msg::Refused {
        why: "救援 #1 已由 1001 结案".into(),
        stale: Some(Stale::Rescue(1)),
    });
    assert_eq!(status(&cmds), Some("救援 #1 已由 1001 结案"));
    assert!(cmds.contains(&Cmd::FollowRescue {
        id: 1,
        seen: None,
        say: false
    }));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::List { .. })));
    let (_, f) = s.step.as_ref().expect("the form stays open");
    assert_eq!(f.get("result"), "已修好");
    assert_eq!(
        f.message.as_ref().map(|m| m.0.as_str()),
        Some("救援 #1 已由 1001 结案")
    );
}

#[test]
fn a_correction_follows_another_agents_correction_without_a_loop_of_refusals() {
    let mut s = tab();
    let template = s.templates.search("")[0].id.clone();
    s.update(Msg::CallShown(Box::new(call(4, &template))));
    assert_eq!(s.update(key(Action::Correct)), vec![]);
    assert_eq!(s.form.as_ref().and_then(|f| f.correcting), Some((4, 1)));
    // Another agent corrected it meanwhile: the open call is followed.
    let cmds = s.update(Msg::Follow);
    assert!(cmds.contains(&Cmd::FollowCall {
        id: 4,
        seen: Some(1)
    }));
    let mut now = call(4, &template);
    now.version = 2;
    s.update(Msg::CallFollowed {
        detail: Box::new(now),
        said: Some("来电 #4 已被 1001 修改".into()),
    });
    let f = s.form.as_ref().expect("the form stays open");
    assert_eq!(
        f.correcting,
        Some((4, 2)),
        "the next save corrects the version now stored"
    );
    assert_eq!(
        f.message.as_ref().map(|m| m.0.as_str()),
        Some("来电 #4 已被 1001 修改")
    );
    assert_eq!(s.detail.as_ref().map(|d| d.version), Some(2));
}

#[test]
fn a_call_for_a_customer_loads_them_when_the_form_opens() {
    let mut s = tab();
    let cmds = s.update(Msg::CallFor {
        customer_id: 7,
        vehicle_id: Some(70),
    });
    assert_eq!(cmds, vec![]);
    assert_eq!(s.mode, Mode::Picker);
    let cmds = s.update(key(Action::Open));
    assert_eq!(s.mode, Mode::Form);
    assert!(
        cmds.contains(&Cmd::Customer {
            customer_id: 7,
            vehicle_id: Some(70)
        }),
        "{cmds:?}"
    );
}

#[test]
fn the_list_keys_ask_for_the_highlighted_record() {
    let mut s = tab();
    s.update(listed(vec![
        rescue(1, "张三", false),
        rescue(2, "李四", false),
    ]));
    s.update(key(Action::Down));
    assert_eq!(s.update(key(Action::Open)), vec![Cmd::ShowRescue(2)]);
    let cmds = s.update(key(Action::PrevDay));
    assert!(
        matches!(
            cmds.as_slice(),
            [Cmd::List { day: Some(d), .. }] if *d == NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
        ),
        "{cmds:?}"
    );
}

/// What the tab is drawn with: the language, a fixed clock and the templates.
pub(super) fn ctx_in<'a>(lang: Lang, clock: &'a Clock, templates: &'a TemplateSet) -> Ctx<'a> {
    Ctx {
        lang,
        clock,
        templates,
        agent_emp_no: None,
    }
}

/// The screen as text, without spaces (a wide character's second cell is blank).
pub(super) fn drawn(s: &CallsTab, ctx: &Ctx) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| s.render(f, f.area(), ctx, &Theme::new(false)))
        .unwrap();
    t.backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect::<String>()
        .replace(' ', "")
}

#[test]
fn the_sentences_naming_a_key_take_it_from_the_key_table() {
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, at());
    let templates = TemplateSet::builtin();
    for (lang, empty, picker) in [
        (Lang::Zh, "按n登记一通来电", "数字或Enter选用"),
        (Lang::En, "Pressntologone", "adigitorEnterpicks"),
    ] {
        let ctx = ctx_in(lang, &clock, &templates);
        let mut s = CallsTab { lang, ..tab() };
        s.update(listed(Vec::new()));
        let screen = drawn(&s, &ctx);
        assert!(screen.contains(empty), "{screen}");
        s.update(key(Action::NewCall));
        let screen = drawn(&s, &ctx);
        assert!(screen.contains(picker), "{screen}");
    }
}

#[test]
fn yes_and_no_read_in_the_users_language_in_the_form_and_the_record() {
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, at());
    let templates = TemplateSet::builtin();
    for (lang, resolved, promotion, other) in [
        (Lang::Zh, "当场解决是", "有/没有有", "yes"),
        (Lang::En, "Resolvedyes", "Promotiononyes", "是"),
    ] {
        let ctx = ctx_in(lang, &clock, &templates);
        let mut s = CallsTab { lang, ..tab() };
        s.update(listed(Vec::new()));
        s.open_form("consult_promotion");
        let screen = drawn(&s, &ctx);
        assert!(screen.contains(resolved), "{screen}");
        assert!(!screen.contains(other), "{screen}");
        // A template's long label is read whole, not cut at 12 cells.
        let label = lang.t("*促销活动名称或内容", "*Promotionon");
        assert!(screen.contains(label), "{screen}");
        // The key line wraps: its last key is there.
        let last = lang.t("←/→切换选项", "Left/Rightchange");
        assert!(screen.contains(last), "{screen}");
        // A saved yes/no typed in the other language reads in this one, on the record's
        // page and in the form correcting it.
        let mut d = call(5, "consult_promotion");
        d.fields.insert("has_promotion".into(), "有".into());
        s.form = None;
        s.update(Msg::CallShown(Box::new(d)));
        let page = drawn(&s, &ctx);
        assert!(page.contains(promotion), "{page}");
        s.update(key(Action::Correct));
        let form = s.form.as_ref().expect("correcting");
        assert_eq!(form.fields.get("has_promotion"), lang.t("有", "yes"));
        assert_eq!(form.fields.get(form::RESOLVED_KEY), lang.t("是", "yes"));
    }
}

#[test]
fn a_rescue_closed_hands_the_highlight_to_its_call_without_a_note() {
    let mut s = tab();
    let day = call(10, "rescue").row;
    s.update(Msg::Listed {
        rescues: vec![rescue(1, "张三", true), rescue(2, "李四", false)],
        follow_ups: Vec::new(),
        calls: vec![day.clone()],
        counts: (0, 0),
    });
    assert_eq!(s.selected.id(), Some(&EntryKey::Rescue(1)));
    // Closed: the case leaves the open rescues; its call stays among the day's calls.
    let out = s.update(Msg::Listed {
        rescues: vec![rescue(2, "李四", false)],
        follow_ups: Vec::new(),
        calls: vec![day],
        counts: (0, 0),
    });
    assert_eq!(status(&out), None, "{out:?}");
    assert_eq!(s.selected.id(), Some(&EntryKey::Call(10)));
}

#[test]
fn the_highlighted_entry_shows_whole_under_the_list_at_80x24() {
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, at());
    let templates = TemplateSet::builtin();
    for lang in [Lang::Zh, Lang::En] {
        let ctx = ctx_in(lang, &clock, &templates);
        let mut s = CallsTab { lang, ..tab() };
        let mut row = call(4, "consult_price").row;
        row.customer = "欧阳娜娜娜娜".into();
        row.follow_up_due = Some(at() + chrono::Duration::hours(3));
        row.resolved = false;
        row.sentence = "广东省深圳市本田客户要购买电瓶，咨询参考价格，已告知客户参考价格是630元，客户表示下周来店更换。".into();
        s.update(Msg::Listed {
            rescues: vec![rescue(1, "张三", false)],
            follow_ups: vec![row.clone()],
            calls: Vec::new(),
            counts: (0, 0),
        });
        s.update(key(Action::Down));
        let screen = drawn(&s, &ctx).replace('│', "");
        let name = templates.get("consult_price").unwrap().name(lang);
        for words in [name, "欧阳娜娜娜娜", &row.sentence] {
            assert!(
                screen.contains(&words.replace(' ', "")),
                "{words}\n{screen}"
            );
        }
    }
}

#[test]
fn the_dispatch_method_is_a_choice_in_the_users_language_and_no_clock_time_is_fixed() {
    use crate::domain::calls::Dispatch;
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, at());
    let templates = TemplateSet::builtin();
    for (lang, choices, eta) in [
        (Lang::Zh, "1派技师到场2电话指导3拖车", "预计到达时:分"),
        (Lang::En, "1technicianonsite2phoneguidance3tow", "ETAhh:mm"),
    ] {
        let ctx = ctx_in(lang, &clock, &templates);
        let mut s = CallsTab { lang, ..tab() };
        s.update(listed(vec![rescue(1, "张三", true)]));
        s.update(key(Action::RescueDispatch));
        let screen = drawn(&s, &ctx);
        assert!(screen.contains(choices), "{screen}");
        assert!(screen.contains(eta), "{screen}");
        assert!(!screen.contains("10:40"), "no fixed time: {screen}");
        // A word is no choice: nothing lands, saving says to choose.
        typed(&mut s, "tow");
        assert_eq!(s.update(key(Action::Save)), vec![]);
        let (_, f) = s.step.as_ref().unwrap();
        assert_eq!(f.get("how"), "");
        assert!(f.fields[0].error.is_some());
        // `3` takes the tow, shown in the user's language, asked for as its code.
        typed(&mut s, "3");
        let (_, f) = s.step.as_ref().unwrap();
        assert_eq!(f.get("how"), Dispatch::Tow.label(lang));
        let cmds = s.update(key(Action::Save));
        assert!(
            matches!(
                cmds.as_slice(),
                [Cmd::RescueStep {
                    step: RescueStep::Dispatched {
                        how: Dispatch::Tow,
                        ..
                    },
                    ..
                }]
            ),
            "{cmds:?}"
        );
    }
}

/// A rescue's contact time and how long it took, in the UI's brackets (never `（` in the
/// English UI).
#[test]
fn the_rescue_page_brackets_the_time_to_contact_in_the_uis_language() {
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, at());
    let templates = TemplateSet::builtin();
    for (lang, said) in [(Lang::Zh, "09:00（0分）"), (Lang::En, "09:00(0min)")] {
        let ctx = ctx_in(lang, &clock, &templates);
        let mut s = CallsTab { lang, ..tab() };
        s.update(Msg::RescueShown(Box::new(rescue(1, "张三", true))));
        let screen = drawn(&s, &ctx);
        assert!(screen.contains(said), "{said}: {screen}");
    }
}
