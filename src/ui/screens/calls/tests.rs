//! The Calls tab's state without a terminal or a store: a step a record cannot take is
//! refused before its form opens.

use super::*;
use chrono::{TimeZone, Utc};

fn rescue(id: i64, closed: bool) -> Rescue {
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
    Rescue {
        id,
        call_id: id,
        customer: "张三".into(),
        plate: Some("粤B12345".into()),
        location: "高速服务区".into(),
        opened_at: at,
        contact_due: at + chrono::Duration::minutes(30),
        contacted_at: Some(at),
        dispatch: None,
        technician: None,
        eta: None,
        dispatched_at: None,
        result: closed.then(|| "已修好".into()),
        closed_at: closed.then_some(at + chrono::Duration::hours(1)),
        version: 3,
    }
}

fn act(s: &mut CallsScreen, a: Action, lang: Lang) -> Option<Effect> {
    let clock = crate::clock::Clock::fixed(
        chrono_tz::Asia::Shanghai,
        Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap(),
    );
    let templates = crate::domain::templates::TemplateSet::builtin();
    let ctx = Ctx {
        lang,
        clock: &clock,
        templates: &templates,
        agent_emp_no: Some("1002"),
    };
    s.handle_action(a, &ctx)
}

#[test]
fn a_closed_rescue_refuses_its_steps_before_a_form_opens() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = CallsScreen {
            entries: vec![Entry::Rescue(rescue(5, true))],
            ..Default::default()
        };
        assert!(s.selected.select(&EntryKey::Rescue(5), &s.keys()));
        for a in [
            Action::RescueDispatch,
            Action::CloseItem,
            Action::RescueContacted,
        ] {
            assert_eq!(act(&mut s, a, lang), None, "{a:?}");
            assert_eq!(s.mode, Mode::List, "{a:?} opened a form");
            assert!(s.step.is_none());
            let why = s.refusal.take().expect("a refusal");
            assert!(why.contains(lang.t("已结案", "is closed")), "{why}");
        }
        // An open case still opens the dispatch form.
        s.entries = vec![Entry::Rescue(rescue(6, false))];
        assert!(s.selected.select(&EntryKey::Rescue(6), &s.keys()));
        act(&mut s, Action::RescueDispatch, lang);
        assert_eq!(s.mode, Mode::Step);
        assert!(s.refusal.is_none());
    }
}
