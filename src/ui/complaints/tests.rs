//! The Complaints tab's state machine without a terminal or a store: keys in, commands
//! out; messages in, state out.

use super::*;
use crate::domain::complaints::{Category, ComplaintState, Event, Severity, Status};
use chrono::TimeZone;
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
        channel: "phone".into(),
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

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

pub(super) fn tab(lang: Lang) -> ComplaintsTab {
    ComplaintsTab {
        lang,
        now: now(),
        ..Default::default()
    }
}

/// A key's action, as the key table gives it.
pub(super) fn press(t: &mut ComplaintsTab, action: Action) -> Vec<Cmd> {
    t.update(Msg::Key(
        Some(action),
        KeyEvent::new(KeyCode::Null, KeyModifiers::NONE),
    ))
}

/// The list as the store answers; the status line the tab asks for, if any.
fn listed(t: &mut ComplaintsTab, list: &[(i64, &str)]) -> Option<String> {
    let cmds = t.update(Msg::Listed {
        items: items(list),
        total: list.len(),
        handlers: vec!["1001 刘芳".into(), "1002 陈静".into()],
    });
    cmds.into_iter().find_map(|c| match c {
        Cmd::Out(Out::Status(line)) => Some(line),
        _ => None,
    })
}

pub(super) fn shown(t: &mut ComplaintsTab, d: Detail) {
    assert_eq!(t.update(Msg::Shown(Box::new(d))), vec![]);
}

pub(super) fn type_in(t: &mut ComplaintsTab, text: &str) {
    for c in text.chars() {
        t.update(Msg::Key(
            None,
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        ));
    }
}

/// A complaint just registered (status new).
/// The tab drawn at 80x24 on the fixed clock.
fn draw(t: &ComplaintsTab, lang: Lang) -> String {
    let clock = crate::clock::Clock::fixed(chrono_tz::Asia::Shanghai, now());
    let theme = crate::ui::theme::Theme::new(false);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    term.draw(|f| super::view::render(t, f, f.area(), lang, &clock, &theme))
        .unwrap();
    crate::ui::testing::screen_text(term.backend().buffer())
}

fn received() -> ComplaintState {
    crate::domain::complaints::fold(&[Event::new(
        Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap(),
        7,
        crate::domain::complaints::EventKind::Received,
    )])
}

pub(super) fn detail(id: i64, seen: i64) -> Detail {
    Detail {
        row: row(id, "张三"),
        events: Vec::new(),
        state: received(),
        clocks: Vec::new(),
        follow_ups: Vec::new(),
        valid: false,
        names: Vec::new(),
        handlers: vec!["1001 刘芳".into(), "1002 陈静".into()],
        seen,
    }
}

#[test]
fn the_highlight_follows_the_complaint_through_a_reload_and_a_resort() {
    let mut t = tab(Lang::Zh);
    assert_eq!(listed(&mut t, &[(3, "甲"), (2, "乙"), (1, "丙")]), None);
    press(&mut t, Action::Down);
    assert_eq!(t.selected.id(), Some(&2));
    // Another agent registered a newer complaint: it lists first.
    let note = listed(&mut t, &[(4, "丁"), (3, "甲"), (2, "乙"), (1, "丙")]);
    assert_eq!(note, None);
    assert_eq!(t.selected.index(), 2);
    assert_eq!(press(&mut t, Action::Open), vec![Cmd::Show(2)]);
}

#[test]
fn a_complaint_that_left_the_list_hands_the_highlight_to_its_neighbour_and_says_so() {
    let mut t = tab(Lang::Zh);
    listed(&mut t, &[(3, "甲"), (2, "乙"), (1, "丙")]);
    press(&mut t, Action::Down);
    // Closed by another agent: out of the open list.
    let note = listed(&mut t, &[(3, "甲"), (1, "丙")]).expect("a status line");
    assert!(note.contains("投诉 #2 乙"), "{note}");
    assert_eq!(t.selected.id(), Some(&1));
    t.lang = Lang::En;
    press(&mut t, Action::Up);
    let en = listed(&mut t, &[(1, "丙")]).unwrap();
    assert!(en.contains("Complaint #3"), "{en}");
}

#[test]
fn another_agents_save_reloads_the_list_and_the_open_page_by_id() {
    let mut t = tab(Lang::Zh);
    // On the list: the list of the view shown.
    assert_eq!(t.update(Msg::Follow), vec![Cmd::List(Show::Open)]);
    press(&mut t, Action::Filter);
    assert_eq!(t.update(Msg::Follow), vec![Cmd::List(Show::Escalated)]);
    // On a page: the list under it and the page, told what the page had seen.
    listed(&mut t, &[(7, "张三")]);
    shown(&mut t, detail(7, 41));
    assert_eq!(
        t.update(Msg::Follow),
        vec![Cmd::List(Show::Escalated), Cmd::Follow { id: 7, seen: 41 }]
    );
}

#[test]
fn a_step_form_open_when_another_agent_steps_says_who_and_keeps_what_was_typed() {
    let mut t = tab(Lang::Zh);
    shown(&mut t, detail(7, 41));
    press(&mut t, Action::Complaint(Step::Note));
    type_in(&mut t, "客户来电催促");
    let cmds = t.update(Msg::Followed {
        detail: Box::new(detail(7, 45)),
        said: Some("李四 刚记录了：已联系客户".into()),
    });
    assert_eq!(cmds, vec![]);
    assert_eq!(t.mode, Mode::Step);
    assert_eq!(t.detail().map(|d| d.seen), Some(45));
    let (_, f) = t.step.as_ref().unwrap();
    assert_eq!(f.get("text"), "客户来电催促");
    assert_eq!(
        f.message.as_ref().map(|(m, _)| m.as_str()),
        Some("李四 刚记录了：已联系客户")
    );
    // Saving now is taken on the log as shown (45), not refused again.
    let cmds = press(&mut t, Action::Save);
    let [Cmd::Step { ask, .. }] = cmds.as_slice() else {
        panic!("a step: {cmds:?}")
    };
    assert_eq!((ask.id, ask.seen), (7, 45));
}

#[test]
fn a_step_refused_because_another_came_first_reloads_the_page_and_keeps_the_form() {
    let mut t = tab(Lang::En);
    shown(&mut t, detail(7, 41));
    press(&mut t, Action::Complaint(Step::Note));
    type_in(&mut t, "called back");
    let cmds = t.update(Msg::Refused {
        why: "Li Si just recorded: contacted".into(),
        stale: Some(7),
    });
    assert_eq!(cmds, vec![Cmd::Reshow(7)]);
    let (_, f) = t.step.as_ref().unwrap();
    assert_eq!(f.get("text"), "called back");
    assert!(
        f.message
            .as_ref()
            .is_some_and(|(m, e)| m.contains("Li Si") && *e)
    );
}

#[test]
fn a_step_taken_reloads_its_page_escalates_and_says_so() {
    let mut t = tab(Lang::Zh);
    shown(&mut t, detail(7, 41));
    press(&mut t, Action::Complaint(Step::Note));
    type_in(&mut t, "已回电");
    let cmds = press(&mut t, Action::Save);
    assert!(
        matches!(cmds.as_slice(), [Cmd::Step { level: 0, .. }]),
        "{cmds:?}"
    );
    let cmds = t.update(Msg::Stepped(7));
    assert_eq!(t.mode, Mode::Detail);
    assert!(t.step.is_none());
    assert_eq!(
        cmds,
        vec![
            Cmd::Escalate,
            Cmd::Show(7),
            Cmd::Count,
            Cmd::Out(Out::Status("已记录".into()))
        ]
    );
}

#[test]
fn a_registered_complaint_is_shown_and_highlighted_when_back_on_the_list() {
    let mut t = tab(Lang::Zh);
    listed(&mut t, &[(3, "甲")]);
    press(&mut t, Action::NewCall);
    assert_eq!(t.mode, Mode::Register);
    let cmds = t.update(Msg::Registered(8));
    assert_eq!(t.mode, Mode::List);
    assert!(cmds.contains(&Cmd::Show(8)), "{cmds:?}");
    assert!(cmds.contains(&Cmd::Escalate), "{cmds:?}");
    shown(&mut t, detail(8, 50));
    assert_eq!(t.mode, Mode::Detail);
    assert_eq!(press(&mut t, Action::Back), vec![Cmd::List(Show::Open)]);
    listed(&mut t, &[(8, "张三"), (3, "甲")]);
    assert_eq!(t.selected.id(), Some(&8));
}

#[test]
fn a_step_carries_the_log_entry_the_page_showed_and_its_form_names_the_complaint() {
    let mut t = tab(Lang::Zh);
    listed(&mut t, &[(7, "张三")]);
    shown(&mut t, detail(7, 41));
    let cmds = press(&mut t, Action::Complaint(Step::Contact));
    let [Cmd::Step { ask, .. }] = cmds.as_slice() else {
        panic!("a step request: {cmds:?}")
    };
    assert_eq!((ask.id, ask.seen, ask.at), (7, 41, now()));
    // The page was reloaded after another agent's step: the next step is taken on it.
    shown(&mut t, detail(7, 45));
    press(&mut t, Action::Complaint(Step::Assign));
    assert_eq!(t.mode, Mode::Step);
    assert_eq!(
        t.detail().unwrap().subject(Lang::Zh),
        "投诉 #7 张三 粤B00007"
    );
    // Back to the list: on the same complaint.
    press(&mut t, Action::Back);
    press(&mut t, Action::Back);
    listed(&mut t, &[(9, "李四"), (7, "张三")]);
    assert_eq!(t.selected.id(), Some(&7));
}

#[test]
fn esc_on_the_register_form_with_typed_text_asks_before_discarding() {
    for lang in [Lang::Zh, Lang::En] {
        let mut t = tab(lang);
        // Untouched: Esc leaves at once.
        press(&mut t, Action::NewCall);
        assert_eq!(t.mode, Mode::Register);
        press(&mut t, Action::Back);
        assert_eq!(t.mode, Mode::List);
        // Typed: the first Esc asks, the text stays.
        press(&mut t, Action::NewCall);
        type_in(&mut t, "13800001111");
        press(&mut t, Action::Back);
        assert_eq!(t.mode, Mode::Register);
        let f = t.register_form().unwrap();
        assert!(f.is_dirty());
        let (msg, _) = f.message.as_ref().expect("a question");
        assert!(
            msg.contains(lang.t("再按 Esc 放弃", "Esc again discards")),
            "{msg}"
        );
        // Typing on disarms: the next Esc asks again.
        type_in(&mut t, "2");
        press(&mut t, Action::Back);
        assert_eq!(t.mode, Mode::Register);
        // A second Esc in a row discards.
        press(&mut t, Action::Back);
        assert_eq!(t.mode, Mode::List);
        assert!(t.register_form().is_none());
    }
}

#[test]
fn the_register_forms_channel_is_a_choice_in_words_stored_as_its_code() {
    for (lang, phone, email) in [(Lang::Zh, "电话", "电子邮件"), (Lang::En, "phone", "email")]
    {
        let mut t = tab(lang);
        press(&mut t, Action::NewCall);
        let channel = |t: &ComplaintsTab| t.register_form().unwrap().get("channel").to_string();
        assert_eq!(channel(&t), phone, "the phone by default ({lang:?})");
        press(&mut t, Action::NextField);
        type_in(&mut t, "w");
        assert_eq!(channel(&t), phone, "a letter is no channel ({lang:?})");
        type_in(&mut t, "2");
        assert_eq!(channel(&t), email, "2 picks the second ({lang:?})");
        press(&mut t, Action::NextField);
        type_in(&mut t, "1");
        press(&mut t, Action::NextField);
        type_in(&mut t, "客户说接待冷淡");
        match press(&mut t, Action::Save).as_slice() {
            [Cmd::Register(ask)] => assert_eq!(ask.channel, "email", "stored as its code"),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn esc_on_a_step_form_with_typed_text_asks_before_discarding() {
    let mut t = tab(Lang::Zh);
    shown(&mut t, detail(7, 41));
    press(&mut t, Action::Complaint(Step::Note));
    assert_eq!(t.mode, Mode::Step);
    type_in(&mut t, "客户来电催促");
    press(&mut t, Action::Back);
    assert_eq!(t.mode, Mode::Step, "discarded on the first Esc");
    press(&mut t, Action::Back);
    assert_eq!(t.mode, Mode::Detail);
    assert!(t.step.is_none());
}

#[test]
fn a_step_not_allowed_yet_is_refused_before_its_form_opens() {
    for lang in [Lang::Zh, Lang::En] {
        let mut t = tab(lang);
        shown(&mut t, detail(7, 41));
        // A new complaint cannot be resolved, confirmed or closed yet: no form opens.
        for step in [Step::Resolve, Step::Confirm, Step::Close, Step::Reopen] {
            assert_eq!(press(&mut t, Action::Complaint(step)), vec![], "{step:?}");
            assert_eq!(t.mode, Mode::Detail, "{step:?} opened a form");
            assert!(t.step.is_none());
            let msg = t.message.clone().expect("a refusal");
            assert!(msg.contains(lang.t("无法", "Cannot")), "{step:?}: {msg}");
        }
        // Investigating needs the contact and the handler first.
        press(&mut t, Action::Complaint(Step::Investigate));
        let msg = t.message.clone().unwrap();
        assert!(msg.contains(lang.t("处理人", "handler")), "{msg}");
        // An allowed step still opens its form.
        press(&mut t, Action::Complaint(Step::Assign));
        assert_eq!(t.mode, Mode::Step);
    }
}

#[test]
fn a_pause_is_shown_only_when_there_was_one() {
    use crate::domain::complaints::{EventKind as K, PauseReason};
    let at = |h: u32, m: u32, s: u32| Utc.with_ymd_and_hms(2026, 11, 23, h, m, s).unwrap();
    let pause = || K::Paused {
        reason: PauseReason::Parts,
        note: String::new(),
    };
    // Received 09:00 (store time); paused and resumed within 09:30 (no time paused); a
    // real pause 10:00-10:20; resolved at 10:40, so the clock stops there.
    let events: Vec<Event> = [
        (at(1, 0, 0), K::Received),
        (at(1, 30, 10), pause()),
        (at(1, 30, 40), K::Resumed),
        (at(2, 0, 0), pause()),
        (at(2, 20, 0), K::Resumed),
        (
            at(2, 40, 0),
            K::Resolved {
                resolution: "换件".into(),
            },
        ),
    ]
    .into_iter()
    .map(|(t, k)| Event::new(t, 7, k))
    .collect();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let clocks = crate::domain::complaints::clocks(
        &events,
        Severity::General,
        &Default::default(),
        &crate::domain::calendar::BusinessCalendar::builtin(),
        &Default::default(),
        tz,
        at(3, 0, 0),
    );
    for lang in [Lang::Zh, Lang::En] {
        let mut t = tab(lang);
        t.now = at(3, 0, 0);
        let mut d = detail(8, 50);
        d.state = crate::domain::complaints::fold(&events);
        d.events = events.clone();
        d.clocks = clocks.clone();
        shown(&mut t, d);
        let clock = crate::clock::Clock::fixed(tz, at(3, 0, 0));
        let theme = crate::ui::theme::Theme::new(false);
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        term.draw(|f| view::render(&t, f, f.area(), lang, &clock, &theme))
            .unwrap();
        let screen = crate::ui::testing::screen_text(term.backend().buffer());
        let stop = lang.t("停", "stop ");
        assert!(
            screen.contains(&format!("{stop}10:00-10:20")),
            "the real pause: {screen}"
        );
        assert!(
            !screen.contains(&format!("{stop}09:30")),
            "no pause of no time: {screen}"
        );
        assert!(
            !screen.contains(&format!("{stop}10:40")),
            "the stop at resolution is no pause: {screen}"
        );
    }
}

#[test]
fn the_handler_and_the_confirmation_hold_real_defaults_typing_replaces() {
    let mut t = tab(Lang::En);
    t.me = Some("1002".into());
    listed(&mut t, &[(7, "张三")]);
    shown(&mut t, detail(7, 41));
    press(&mut t, Action::Complaint(Step::Assign));
    let (_, f) = t.step.as_ref().expect("the handler form");
    assert_eq!(f.get("emp"), "1002", "the signed-in agent");
    assert!(f.fields[0].fresh, "drawn as a default");
    assert!(!f.is_dirty(), "Esc leaves it without asking");
    let f = steps::form_for(Step::Confirm, Lang::En, None).unwrap();
    assert_eq!((f.get("who"), f.get("how")), ("the customer", "phone"));
    assert_eq!(f.get("score"), "", "the score is the customer's to give");
    assert!(f.fields.iter().take(2).all(|x| x.fresh));
}

/// The handler's form lists who can take the complaint (the active agents, number and
/// name) on screen at 80x24: a receptionist does not know every colleague's number.
#[test]
fn the_handler_form_names_who_can_take_the_complaint() {
    for (lang, said) in [
        (Lang::Zh, "可选：1001 刘芳，1002 陈静"),
        (Lang::En, "Agents: 1001 刘芳, 1002 陈静"),
    ] {
        let mut t = tab(lang);
        listed(&mut t, &[(7, "张三")]);
        shown(&mut t, detail(7, 41));
        press(&mut t, Action::Complaint(Step::Assign));
        let screen = draw(&t, lang);
        assert!(screen.contains(said), "{screen}");
    }
}

#[test]
fn the_timeline_shows_agent_names_and_words_whole_at_80x24() {
    use crate::domain::complaints::{Event, EventKind};
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
    let resolution = "为客户免费更换左前刹车片并做四轮定位，赠送一次保养，客户表示认可处理结果";
    for lang in [Lang::Zh, Lang::En] {
        let mut t = tab(lang);
        let mut d = detail(1, 3);
        d.names = vec![(7, "1002 陈静".into()), (8, "1005 欧阳娜娜".into())];
        d.events = vec![
            Event::new(at, 7, EventKind::Received),
            Event::new(at, 8, EventKind::Contacted),
            Event::new(
                at,
                8,
                EventKind::Resolved {
                    resolution: resolution.into(),
                },
            ),
        ];
        listed(&mut t, &[(1, "张三")]);
        shown(&mut t, d);
        let screen = draw(&t, lang);
        assert!(screen.contains("1002 陈静 "), "{screen}");
        assert!(screen.contains("1005 欧阳娜娜 "), "{screen}");
        let flat: String = screen
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '│')
            .collect();
        assert!(flat.contains(resolution), "{screen}");
    }
}

#[test]
fn the_confirmation_form_starts_on_the_score_past_its_defaults_in_both_languages() {
    for (lang, label) in [(Lang::Zh, "*满意度"), (Lang::En, "*Satisfaction")] {
        let mut t = tab(lang);
        listed(&mut t, &[(7, "张三")]);
        shown(&mut t, detail(7, 41));
        t.step = steps::form_for(Step::Confirm, lang, None).map(|f| (Step::Confirm, f));
        t.mode = Mode::Step;
        type_in(&mut t, "5");
        let (_, f) = t.step.as_ref().expect("the confirmation form");
        assert_eq!(f.get("score"), "5", "the first key is the score");
        assert_eq!(f.get("who"), lang.t("客户本人", "the customer"));
        // On screen the cursor sits on the score's row.
        let clock = crate::clock::Clock::fixed(chrono_tz::Asia::Shanghai, now());
        let theme = crate::ui::theme::Theme::new(false);
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        term.draw(|f| super::view::render(&t, f, f.area(), lang, &clock, &theme))
            .unwrap();
        let pos = term.get_cursor_position().unwrap();
        let screen = crate::ui::testing::screen_text(term.backend().buffer());
        let row = screen.lines().nth(pos.y as usize).unwrap_or_default();
        assert!(row.contains(label) && row.contains('5'), "{row}\n{screen}");
    }
}

#[test]
fn the_lists_count_names_what_it_counts_one_or_many() {
    for (list, zh, en) in [
        (&[(1, "张三")][..], "1 件  超时 0", "1 complaint  0 overdue"),
        (
            &[(1, "张三"), (2, "李四")][..],
            "2 件  超时 0",
            "2 complaints  0 overdue",
        ),
    ] {
        for lang in [Lang::Zh, Lang::En] {
            let mut t = tab(lang);
            listed(&mut t, list);
            let clock = crate::clock::Clock::fixed(chrono_tz::Asia::Shanghai, now());
            let theme = crate::ui::theme::Theme::new(false);
            let mut term =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
            term.draw(|f| super::view::render(&t, f, f.area(), lang, &clock, &theme))
                .unwrap();
            let screen = crate::ui::testing::screen_text(term.backend().buffer());
            assert!(screen.contains(lang.t(zh, en)), "{screen}");
        }
    }
}

#[test]
fn the_follow_read_goes_to_the_loads_thread_and_a_late_answer_changes_nothing() {
    use crate::ui::background::Lane;
    let mut t = tab(Lang::En);
    listed(&mut t, &[(7, "张三")]);
    shown(&mut t, detail(7, 41));
    // Another agent saved: the list and the open complaint are read on the loads thread.
    let lanes: Vec<_> = t.update(Msg::Follow).iter().map(super::lane).collect();
    assert_eq!(
        lanes,
        vec![Some(Lane::ComplaintList), Some(Lane::ComplaintFollow)]
    );
    // An answer read before the log shown now changes nothing.
    t.update(Msg::Followed {
        detail: Box::new(detail(7, 40)),
        said: None,
    });
    assert_eq!(t.detail().map(|d| d.seen), Some(41));
    // The agent went back to the list before the answer came: the page stays closed.
    press(&mut t, Action::Back);
    t.update(Msg::Followed {
        detail: Box::new(detail(7, 45)),
        said: None,
    });
    assert_eq!((t.mode, t.detail().is_none()), (Mode::List, true));
}

#[test]
fn ctrl_e_hands_the_runner_the_list_as_shown() {
    let mut t = tab(Lang::En);
    listed(&mut t, &[(7, "张三"), (8, "李四")]);
    let rows = vec![row(7, "张三"), row(8, "李四")];
    assert_eq!(press(&mut t, Action::ExportList), vec![Cmd::Export(rows)]);
}
