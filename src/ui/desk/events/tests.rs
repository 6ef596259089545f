//! The page's state machine without a store or terminal: messages in, commands out.

use super::*;
use crate::domain::callbacks::Channel;
use crate::domain::events::{Answer, EventKind, EventStatus, TargetRule};
use crate::ui::desk::Page;
use chrono::NaiveDate;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(super) fn event(id: i64, version: i64) -> EventRow {
    EventRow {
        id,
        title: format!("活动{id}"),
        kind: EventKind::Talk,
        starts_at: day("2026-11-28").and_hms_opt(14, 0, 0).unwrap(),
        place: "本店".into(),
        capacity: 30,
        target: TargetRule::default(),
        channel: Channel::Call,
        status: EventStatus::Planned,
        notes: String::new(),
        version,
        invited: 0,
        yes: 0,
        accepted_people: 0,
        maybe: 0,
        no: 0,
        attended: 0,
    }
}

pub(super) fn invitee(id: i64, version: i64, attended: bool) -> InviteeRow {
    InviteeRow {
        id,
        customer_id: id * 10,
        name: format!("客户{id}"),
        mobile: "138****0000".into(),
        vip: false,
        car: String::new(),
        plate: None,
        answer: Some(Answer::Yes),
        party: 1,
        attended,
        version,
        invite_task: None,
        feedback_task: None,
    }
}

fn page() -> Events {
    let mut p = Events::new(Lang::En);
    assert_eq!(
        p.update(Msg::Enter {
            today: day("2026-11-23")
        }),
        vec![Cmd::List]
    );
    p.update(Msg::Loaded(vec![event(1, 1), event(2, 1), event(3, 1)], 3));
    p
}

#[test]
fn the_highlight_stays_on_its_event_when_the_list_reorders() {
    let mut p = page();
    p.update(Msg::Action(Action::Down));
    assert_eq!(p.selected.id(), Some(&2));
    p.update(Msg::Loaded(vec![event(3, 1), event(2, 2), event(1, 1)], 3));
    assert_eq!((p.selected.id(), p.selected.index()), (Some(&2), 1));
    assert_eq!(p.update(Msg::Action(Action::Open)), vec![Cmd::Open(2)]);
    // Event 2 leaves the list (another agent's save): its neighbour, and the line says so.
    let said = p.update(Msg::Loaded(vec![event(3, 1), event(1, 1)], 2));
    assert_eq!((p.selected.id(), p.selected.index()), (Some(&1), 1));
    let title = event(2, 2).title;
    assert_eq!(
        said,
        vec![Cmd::Status(format!(
            "Event {title} left the list; moved to the next one"
        ))]
    );
}

#[test]
fn space_checks_in_with_the_version_shown_and_moves_on() {
    let mut p = page();
    p.update(Msg::Action(Action::Open));
    p.update(Msg::Opened(
        Box::new(event(1, 4)),
        vec![invitee(7, 3, false), invitee(8, 1, true)],
    ));
    assert_eq!(p.mode, Mode::Detail);
    let cmds = p.update(Msg::Action(Action::EventCheckIn));
    assert_eq!(
        cmds,
        vec![Cmd::CheckIn {
            event: 1,
            invitee: 7,
            version: 3,
            attended: true
        }]
    );
    assert_eq!(p.invitee.id(), Some(&8));
    // On an invitee already in: taking it back.
    let cmds = p.update(Msg::Action(Action::EventCheckIn));
    assert!(matches!(
        cmds[0],
        Cmd::CheckIn {
            attended: false,
            invitee: 8,
            ..
        }
    ));
}

#[test]
fn inviting_asks_first_and_only_yes_invites() {
    let mut p = page();
    p.update(Msg::Opened(Box::new(event(1, 4)), Vec::new()));
    assert_eq!(
        p.update(Msg::Action(Action::EventInvite)),
        vec![Cmd::Preview(1)]
    );
    let preview = InvitePreview {
        matching: 12,
        already: 2,
        new: 10,
    };
    assert!(p.update(Msg::Previewed(preview)).is_empty());
    assert_eq!(p.mode, Mode::ConfirmInvite);
    assert!(p.update(Msg::Action(Action::No)).is_empty());
    assert_eq!(p.mode, Mode::Detail);
    p.update(Msg::Action(Action::EventInvite));
    p.update(Msg::Previewed(preview));
    assert_eq!(
        p.update(Msg::Action(Action::Yes)),
        vec![Cmd::Invite {
            event: 1,
            version: 4
        }]
    );
    // Nobody new: said on the status line, no question.
    let cmds = p.update(Msg::Previewed(InvitePreview {
        matching: 12,
        already: 12,
        new: 0,
    }));
    assert!(matches!(&cmds[0], Cmd::Status(s) if s.contains("12")));
    assert_eq!(p.mode, Mode::Detail);
}

#[test]
fn a_form_with_typed_text_asks_before_esc_discards_it() {
    let mut p = page();
    p.update(Msg::Action(Action::EventNew));
    assert!(!p.has_unsaved_input());
    p.update(Msg::Paste("冬季车友会".into()));
    assert!(p.has_unsaved_input());
    p.update(Msg::Action(Action::Back));
    assert_eq!(p.mode, Mode::Form);
    p.update(Msg::Action(Action::Back));
    assert_eq!(p.mode, Mode::List);
}

#[test]
fn an_answer_is_sent_with_the_invitees_version() {
    let mut p = page();
    p.update(Msg::Opened(
        Box::new(event(1, 4)),
        vec![invitee(7, 5, false)],
    ));
    p.update(Msg::Action(Action::EventAnswer));
    assert_eq!(p.mode, Mode::Answer);
    let cmds = p.update(Msg::Action(Action::Save));
    assert_eq!(
        cmds,
        vec![Cmd::Answer {
            event: 1,
            invitee: 7,
            version: 5,
            rsvp: Rsvp {
                answer: Answer::Yes,
                party: 1
            }
        }]
    );
    // Saved: back to the event, reloaded.
    let cmds = p.update(Msg::Saved {
        event: 1,
        message: "ok".into(),
    });
    assert_eq!(p.mode, Mode::Detail);
    assert!(cmds.contains(&Cmd::Open(1)));
}

pub(super) fn draw(p: &Events, lang: Lang) -> String {
    let clock = crate::ui::desk::testing::clock();
    let theme = crate::ui::theme::Theme::new(false);
    crate::ui::desk::testing::draw(|f| super::view::render(p, f, f.area(), lang, &clock, &theme))
}

#[test]
fn lists_stopped_at_their_limit_say_so_with_the_total_at_80x24() {
    let mut p = page();
    let en = draw(&p, Lang::En);
    assert!(en.contains("Customer events  3 events"), "{en}");
    assert!(!en.contains("listed"), "{en}");
    assert!(draw(&p, Lang::Zh).contains("共 3 场"));
    p.update(Msg::Loaded(
        vec![event(1, 1), event(2, 1), event(3, 1)],
        1234,
    ));
    let en = draw(&p, Lang::En);
    assert!(en.contains("3 of 1234 events listed"), "{en}");
    let zh = draw(&p, Lang::Zh);
    assert!(zh.contains("列出 3 / 1234 场"), "{zh}");
    // The invitees: the event counts 5000, the page holds two.
    let mut e = event(1, 1);
    e.invited = 5000;
    p.update(Msg::Action(Action::Open));
    p.update(Msg::Opened(
        Box::new(e.clone()),
        vec![invitee(7, 1, false), invitee(8, 1, true)],
    ));
    let en = draw(&p, Lang::En);
    assert!(en.contains("2 of 5000 invitees listed, by name"), "{en}");
    let zh = draw(&p, Lang::Zh);
    assert!(zh.contains("受邀 5000 位，按姓名拼音只列出前 2 位"), "{zh}");
    // All of them listed: no such line.
    e.invited = 2;
    p.update(Msg::Opened(
        Box::new(e),
        vec![invitee(7, 1, false), invitee(8, 1, true)],
    ));
    assert!(!draw(&p, Lang::En).contains("listed"));
}

#[test]
fn the_highlighted_event_s_title_is_shown_whole_under_the_list_at_80x24() {
    let title = "新能源车冬季用车知识讲座暨电池保养免费检测活动（限本店车主）";
    for lang in [Lang::Zh, Lang::En] {
        let mut p = page();
        let mut e = event(1, 1);
        e.title = title.into();
        p.update(Msg::Loaded(vec![e, event(2, 1)], 2));
        let screen = draw(&p, lang);
        let flat = crate::ui::desk::testing::squash(&screen);
        assert!(
            flat.contains(&format!("2026-11-2814:00{title}本店")),
            "{screen}"
        );
    }
}

#[test]
fn the_edit_and_invite_dialogs_name_the_event_cut_to_80_columns() {
    use crate::ui::desk::testing::title_line;
    let long = "新能源车冬季用车知识讲座暨电池保养免费检测活动（限本店车主）与春节自驾游报名说明会";
    for (lang, edit, invite) in [
        (Lang::Zh, "修改活动：#1 新能源车", "邀约目标客户：新能源车"),
        (
            Lang::En,
            "Edit event: #1 新能源车",
            "Invite the target list: 新能源车",
        ),
    ] {
        let mut p = page();
        let mut e = event(1, 1);
        e.title = long.into();
        p.update(Msg::Loaded(vec![e.clone(), event(2, 1)], 2));
        p.update(Msg::Action(Action::EventEdit));
        // Full width: the title is cut by width and ends before the frame's corner.
        let top = title_line(&draw(&p, lang), edit);
        assert!(crate::ui::desk::testing::cut_at_corner(&top), "{top}");
        p.update(Msg::Action(Action::Back));
        p.update(Msg::Opened(Box::new(e), vec![invitee(7, 1, false)]));
        p.update(Msg::Previewed(InvitePreview {
            matching: 5,
            already: 1,
            new: 4,
        }));
        let screen = draw(&p, lang);
        assert!(
            screen.contains(&crate::ui::desk::prompt::yes_no(lang)),
            "{screen}"
        );
        let top = title_line(&screen, invite);
        assert!(crate::ui::desk::testing::cut_at_corner(&top), "{top}");
    }
}

#[test]
fn an_invitee_who_left_the_open_events_list_hands_the_highlight_on_and_is_named() {
    let mut p = page();
    p.update(Msg::Action(Action::Open));
    let three = vec![
        invitee(7, 1, false),
        invitee(8, 1, false),
        invitee(9, 1, false),
    ];
    assert_eq!(
        p.update(Msg::Opened(Box::new(event(1, 4)), three)),
        Vec::new()
    );
    p.update(Msg::Action(Action::Down));
    assert_eq!(p.invitee.id(), Some(&8));
    // Another agent's save: the event read again without 客户8.
    let said = p.update(Msg::Opened(
        Box::new(event(1, 5)),
        vec![invitee(7, 1, false), invitee(9, 1, false)],
    ));
    assert_eq!(p.invitee.id(), Some(&9));
    assert_eq!(
        said,
        vec![Cmd::Status(
            "客户8 left the list; moved to the next one".into()
        )]
    );
    // Another event opened: its invitees are not "left" from the first one's.
    let said = p.update(Msg::Opened(
        Box::new(event(2, 1)),
        vec![invitee(3, 1, false)],
    ));
    assert_eq!(said, Vec::new());
}

/// The event form says its kind, channel and VIP choice in words (a bare `1` said nothing),
/// a digit picks an option, and the event saved carries the option's code.
#[test]
fn the_event_form_says_its_choices_in_words_and_saves_what_was_picked() {
    for lang in [Lang::Zh, Lang::En] {
        let mut p = page();
        p.lang = lang;
        p.update(Msg::Action(Action::EventNew));
        let row = |p: &Events, label: &str| {
            let screen = draw(p, lang);
            screen
                .lines()
                .find(|l| l.contains(label))
                .unwrap_or_else(|| panic!("{label}\n{screen}"))
                .to_string()
        };
        let (kind, channel, vip) = (
            lang.t("类型", "Kind"),
            lang.t("邀约方式", "Invite by"),
            lang.t("仅VIP", "VIP only"),
        );
        assert!(row(&p, kind).contains(lang.t("知识讲座", "Talk")));
        assert!(row(&p, channel).contains(lang.t("电话", "call")));
        assert!(row(&p, vip).contains(lang.t("否", "no")));
        let key = |p: &mut Events, c: char| {
            p.update(Msg::Text(crate::ui::desk::testing::char_key(c)));
        };
        p.update(Msg::Paste("冬季车友会".into()));
        p.update(Msg::Action(Action::NextField));
        // On the kind: its options numbered in words.
        assert!(
            row(&p, kind).contains(lang.t("2 车友会", "2 Club")),
            "{}",
            draw(&p, lang)
        );
        // A digit naming no option is said beside the field.
        key(&mut p, '7');
        assert!(
            row(&p, kind).contains(lang.t("没有选项 7", "no option 7")),
            "{}",
            draw(&p, lang)
        );
        key(&mut p, '2');
        assert!(row(&p, kind).contains(lang.t("车友会", "Club")));
        p.update(Msg::Action(Action::NextField));
        p.update(Msg::Paste("2026-11-28 14:00".into()));
        p.update(Msg::Action(Action::NextField));
        p.update(Msg::Paste("本店".into()));
        p.update(Msg::Action(Action::NextField));
        p.update(Msg::Action(Action::NextField));
        key(&mut p, '2');
        let cmds = p.update(Msg::Action(Action::Save));
        let [Cmd::Save { data, .. }] = &cmds[..] else {
            panic!("{cmds:?}\n{}", draw(&p, lang));
        };
        assert_eq!(
            (data.kind, data.channel, data.target.vip_only),
            (EventKind::Club, Channel::Sms, false)
        );
    }
}

/// The answer form says the answer in words (参加 / 不参加 / 待定), and a digit picks one.
#[test]
fn the_answer_form_says_the_answer_in_words() {
    let mut p = page();
    p.lang = Lang::Zh;
    p.update(Msg::Opened(
        Box::new(event(1, 4)),
        vec![invitee(7, 5, false)],
    ));
    p.update(Msg::Action(Action::EventAnswer));
    let screen = draw(&p, Lang::Zh);
    let line = screen
        .lines()
        .find(|l| l.contains("*答复"))
        .unwrap_or_default();
    assert!(line.contains("参加") && line.contains("3 待定"), "{screen}");
    p.update(Msg::Text(crate::ui::desk::testing::char_key('3')));
    let cmds = p.update(Msg::Action(Action::Save));
    assert!(
        matches!(&cmds[..], [Cmd::Answer { rsvp, .. }] if rsvp.answer == Answer::Maybe),
        "{cmds:?}"
    );
}

/// An event still planned after its day (nobody checked in, never cancelled) reads as
/// past, not as in preparation; one to come stays planned.
#[test]
fn a_planned_event_whose_day_passed_reads_as_past() {
    let mut p = page();
    let mut gone = event(1, 1);
    gone.starts_at = day("2026-11-20").and_hms_opt(14, 0, 0).unwrap();
    p.update(Msg::Loaded(vec![gone, event(2, 1)], 2));
    for (lang, past, planned) in [
        (Lang::Zh, "已过期", "筹备中"),
        (Lang::En, "past date", "planned"),
    ] {
        let screen = draw(&p, lang);
        let row = |title: &str| {
            screen
                .lines()
                .find(|l| l.contains(title))
                .unwrap_or_default()
                .to_string()
        };
        assert!(row("活动1").contains(past), "{screen}");
        assert!(row("活动2").contains(planned), "{screen}");
    }
}

/// The list's count reads right for one event in English, and says the limit when cut.
#[test]
fn the_event_count_says_one_event() {
    use super::view::list_count;
    assert_eq!(list_count(1, 1, Lang::En), "1 event");
    assert_eq!(list_count(2, 2, Lang::En), "2 events");
    assert_eq!(list_count(2, 9, Lang::En), "2 of 9 events listed");
    assert_eq!(list_count(1, 1, Lang::Zh), "共 1 场");
}
