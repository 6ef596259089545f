//! The work form as a new user meets it: Tab passes the callback time unless the outcome
//! asks for it, a whole score moves to the next question, and a long script scrolls whole
//! at 80x24 in both languages.

use super::tests::{act, detail, task, typed, working};
use super::*;
use crate::ui::desk::machine::Machine;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn focused(s: &CallbacksTab) -> String {
    let (_, f) = s.work().unwrap();
    f.fields[f.focus].key.to_string()
}

#[test]
fn tab_passes_the_callback_time_unless_the_outcome_asks_for_it() {
    let mut s = working(7);
    assert_eq!(focused(&s), "outcome");
    act(&mut s, Action::NextField);
    assert_eq!(focused(&s), "q:reception");
    act(&mut s, Action::PrevField);
    assert_eq!(focused(&s), "outcome");
    // 5, call back: the time is asked for. Typing replaces the outcome's default.
    typed(&mut s, "5");
    assert_eq!(s.work().unwrap().1.get("outcome"), "5");
    act(&mut s, Action::NextField);
    assert_eq!(focused(&s), "callback_at");
    act(&mut s, Action::NextField);
    assert_eq!(focused(&s), "q:reception");
}

#[test]
fn a_whole_score_moves_to_the_next_question() {
    let mut s = working(7);
    act(&mut s, Action::NextField);
    typed(&mut s, "4");
    assert_eq!(focused(&s), "q:delivery");
    typed(&mut s, "25");
    let (_, f) = s.work().unwrap();
    assert_eq!((f.get("q:delivery"), f.get("q:overall")), ("2", "5"));
    // After the last question: the notes.
    assert_eq!(focused(&s), "notes");
    // On a 1–10 scale `1` may become `10`: it waits for the next digit.
    let mut s = working(8);
    if let Some(w) = &mut s.work {
        w.task.survey.as_mut().unwrap().scale = 10;
    }
    act(&mut s, Action::NextField);
    typed(&mut s, "1");
    assert_eq!(focused(&s), "q:reception");
    typed(&mut s, "0");
    assert_eq!(focused(&s), "q:delivery");
    typed(&mut s, "1");
    act(&mut s, Action::NextField);
    assert_eq!(s.work().unwrap().1.get("q:delivery"), "1");
}

#[test]
fn a_digit_on_a_whole_score_replaces_it() {
    let mut s = working(7);
    act(&mut s, Action::NextField);
    typed(&mut s, "5");
    assert_eq!(focused(&s), "q:delivery");
    // Back to correct it: the new score replaces the old and moves on again.
    act(&mut s, Action::PrevField);
    assert_eq!(focused(&s), "q:reception");
    typed(&mut s, "4");
    assert_eq!(s.work().unwrap().1.get("q:reception"), "4");
    assert_eq!(focused(&s), "q:delivery");
    // On a 1–10 scale a `1` still waits for its `0`.
    let mut s = working(8);
    if let Some(w) = &mut s.work {
        w.task.survey.as_mut().unwrap().scale = 10;
    }
    act(&mut s, Action::NextField);
    typed(&mut s, "10");
    act(&mut s, Action::PrevField);
    typed(&mut s, "1");
    assert_eq!(focused(&s), "q:reception");
    typed(&mut s, "0");
    assert_eq!(s.work().unwrap().1.get("q:reception"), "10");
}

/// A task whose script takes many rows at 80 columns.
fn long_script(lang: Lang) -> CallbacksTab {
    let mut s = working(7);
    let mut d = detail(task(7, "张三", 2));
    d.script = match lang {
        Lang::Zh => (1..=12)
            .map(|i| format!("第{i}句：您好{{name}}，我是{{store}}的回访专员，耽误您一分钟。"))
            .collect(),
        Lang::En => (1..=12)
            .map(|i| {
                format!("Line {i}: hello {{name}}, this is {{store}} calling about your car. ")
            })
            .collect(),
    };
    s.update(Msg::Opened(Box::new(Opened {
        task: d,
        card: Vec::new(),
        store_name: "广州店".into(),
        notice: None,
    })));
    s
}

fn screen(s: &CallbacksTab, lang: Lang) -> String {
    rows_drawn(s, lang)
        .iter()
        .map(|r| r.replace(' ', ""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_long_script_wraps_and_scrolls_to_its_last_line_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = long_script(lang);
        s.lang = lang;
        let first = lang.t("第1句", "Line1:");
        let last = lang.t("第12句", "Line12:");
        let top = screen(&s, lang);
        assert!(top.contains(first), "{top}");
        assert!(!top.contains(last), "{top}");
        assert!(top.contains("PgUp/PgDn"), "{top}");
        assert!(top.contains(lang.t("话术1-4/", "script1-4/")), "{top}");
        // PgDn until the end: the last sentence is read whole, and PgDn stops there.
        for _ in 0..20 {
            act(&mut s, Action::PageDown);
        }
        let end = screen(&s, lang);
        assert!(end.contains(last), "{end}");
        assert!(
            end.contains(lang.t("耽误您一分钟。", "aboutyourcar.")),
            "{end}"
        );
        assert!(!end.contains(first), "{end}");
        act(&mut s, Action::PageUp);
        let back = screen(&s, lang);
        assert_ne!(back, end, "PgUp right after the end moves the script back");
        for _ in 0..20 {
            act(&mut s, Action::PageUp);
        }
        assert!(screen(&s, lang).contains(first));
    }
}

#[test]
fn every_kinds_count_in_the_queue_header_shows_whole_at_80x24() {
    // A supervisor's queue of every kind (the demo store has 15 at once).
    let kinds = Kind::ALL;
    for lang in [Lang::Zh, Lang::En] {
        let mut s = CallbacksTab {
            lang,
            ..Default::default()
        };
        let rows: Vec<TaskRow> = (1..=3).map(|i| task(i, "甲", 1)).collect();
        s.update(Msg::Listed(Box::new(Queue {
            rows,
            kinds: kinds.to_vec(),
            total: 3,
            kind_totals: kinds.iter().zip(11..).map(|(k, n)| (*k, n)).collect(),
            due_in_view: Some(3),
            due: 3,
        })));
        let shown = screen(&s, lang);
        // The header's rows, read on from one row to the next.
        let header: String = shown
            .lines()
            .skip(1)
            .take(11)
            .collect::<String>()
            .replace('│', "");
        let why = lang.t("各计入其类型", "countedundereachkind");
        assert!(header.contains(why), "the counts add up to more:\n{shown}");
        for (k, n) in s.kind_totals() {
            let item = format!("{}{n}", k.label(lang)).replace(' ', "");
            assert!(header.contains(&item), "{item}\n{shown}");
        }
        assert!(!header.contains('~'), "{shown}");
    }
}

/// A 3DC task as the demo store has it: a car card of three lines, a script of three rows
/// and nine questions, more than the rows the form has at 80x24.
fn nine_questions(lang: Lang) -> CallbacksTab {
    let mut s = CallbacksTab {
        lang,
        ..Default::default()
    };
    let mut d = detail(task(7, "张芳", 2));
    d.script = "开场：您好，请问是{name}吗？我是{store}客户服务中心的回访专员。您前几天在我们店做了车辆维修保养，想耽误您两分钟了解一下您的满意度，方便吗？下面几项请您按 1 到 5 分打分，5 分是非常满意。".into();
    let survey = d.survey.as_mut().unwrap();
    survey.questions = (1..=9)
        .map(|i| crate::domain::callbacks::Question {
            id: format!("q{i}"),
            text: format!("第{i}项服务是否满意"),
            category: crate::domain::complaints::Category::Attitude,
        })
        .collect();
    s.update(Msg::Opened(Box::new(Opened {
        task: d,
        card: vec![
            "比亚迪 秦PLUS 5792km  2026-12-02".into(),
            "更换机油机滤、四轮定位、更换空调滤芯".into(),
            "0  -".into(),
        ],
        store_name: "鹏城汽车4S店".into(),
        notice: None,
    })));
    s
}

/// The focused field's label as the screen shows it (spaces dropped).
fn focused_label(s: &CallbacksTab, lang: Lang) -> String {
    let (_, f) = s.work().unwrap();
    let field = &f.fields[f.focus];
    lang.t(&field.zh, &field.en).replace(' ', "")
}

#[test]
fn the_work_form_scrolls_to_every_field_and_its_refusal_shows_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = nine_questions(lang);
        let top = screen(&s, lang);
        // The form is taller than its rows: the bottom fields are below, and it says so.
        assert!(!top.contains(lang.t("客户投诉", "Complaint")), "{top}");
        assert!(top.contains(lang.t("下面还有", "morefieldsbelow")), "{top}");
        // The callback time's hint is a format, never a date (a past one read as filled).
        assert!(
            top.contains(lang.t("年-月-日时:分", "yyyy-mm-ddhh:mm")),
            "{top}"
        );
        assert!(!top.contains("2026-11-24"), "{top}");
        // A refusal of the save shows whatever field has the cursor.
        let why = lang.t(
            "现在不在呼叫时段（09:00–20:00），请在时段内拨打",
            "Outside calling hours (09:00–20:00): call within them",
        );
        s.update(Msg::Refused {
            why: why.into(),
            task: None,
        });
        let mut seen = Vec::new();
        for _ in 0..12 {
            let shown = screen(&s, lang);
            let label = focused_label(&s, lang);
            assert!(shown.contains(&label), "{label} off screen:\n{shown}");
            assert!(shown.contains(&why.replace(' ', "")), "{shown}");
            seen.push(label);
            act(&mut s, Action::NextField);
        }
        for field in [lang.t("备注", "Notes"), lang.t("客户投诉", "Complaint")] {
            assert!(seen.iter().any(|l| l == field), "{field}: {seen:?}");
        }
        // Tab past the complaint comes back to the outcome.
        let (_, f) = s.work().unwrap();
        assert_eq!(f.fields[f.focus].key, "outcome", "{seen:?}");
        act(&mut s, Action::PrevField);
        act(&mut s, Action::PrevField);
        let back = screen(&s, lang);
        assert!(back.contains(lang.t("客户投诉", "Complaint")), "{back}");
        assert!(
            back.contains(lang.t("上面还有", "morefieldsabove")),
            "{back}"
        );
    }
}

#[test]
fn a_field_error_too_long_for_its_row_shows_whole_under_the_form() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = nine_questions(lang);
        typed(&mut s, "5");
        act(&mut s, Action::NextField);
        typed(&mut s, "tomorrow");
        act(&mut s, Action::Save);
        let shown = screen(&s, lang);
        let whole = lang
            .t(
                "填客户约定的时间（年-月-日 时:分），须在现在之后",
                "the time the customer named (yyyy-mm-dd hh:mm), after now",
            )
            .replace(' ', "");
        let read: String = shown.lines().collect::<String>().replace('│', "");
        assert!(read.contains(&whole), "{shown}");
    }
}

#[test]
fn the_highlighted_task_shows_whole_under_the_queue_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = CallbacksTab {
            lang,
            ..Default::default()
        };
        let mut long = task(2, "欧阳娜娜娜娜", 1);
        long.kind = Kind::Insurance;
        long.agent = Some("1002 陈静".into());
        long.status = crate::domain::callbacks::Status::Claimed;
        long.also = vec![(9, Kind::Declined)];
        s.update(super::tests::listed(vec![task(1, "甲", 1), long]));
        act(&mut s, Action::Down);
        let shown = screen(&s, lang);
        // Under the rows, read on from one line to the next.
        let read: String = shown.lines().collect::<String>().replace('│', "");
        for words in [
            Kind::Insurance.label(lang),
            "欧阳娜娜娜娜",
            "1002陈静",
            Kind::Declined.label(lang),
            crate::domain::callbacks::Status::Claimed.label(lang),
        ] {
            assert!(read.contains(&words.replace(' ', "")), "{words}\n{shown}");
        }
        // A pending view's kinds fit their column whole.
        let row = shown.lines().find(|l| l.contains("甲")).unwrap();
        assert!(
            row.contains(&Kind::Dc7.label(lang).replace(' ', "")),
            "{shown}"
        );
        assert!(!row.contains('~'), "{shown}");
    }
}

#[test]
fn a_call_task_opened_outside_the_calling_hours_says_so_before_anything_is_typed() {
    use crate::domain::callbacks::{CallingHours, Channel};
    let hours = CallingHours::default();
    let at = |h: u32, m: u32| {
        chrono::TimeZone::with_ymd_and_hms(&chrono_tz::Asia::Shanghai, 2026, 12, 7, h, m, 0)
            .unwrap()
    };
    for lang in [Lang::Zh, Lang::En] {
        // 03:40 and 20:00 are outside 09:00–20:00; a text-message task is sent any time.
        for (channel, now, said) in [
            (Channel::Call, at(3, 40), true),
            (Channel::Call, at(20, 0), true),
            (Channel::Call, at(9, 0), false),
            (Channel::Sms, at(3, 40), false),
        ] {
            let n = super::work::hours_notice(channel, &hours, now, lang);
            assert_eq!(n.is_some(), said, "{channel:?} {now}: {n:?}");
        }
        // The form opens saying it, whole at 80x24, with nothing typed yet.
        let mut s = nine_questions(lang);
        let mut d = s.work().unwrap().0.clone();
        d.row.channel = Channel::Call;
        s.update(Msg::Opened(Box::new(Opened {
            task: d,
            card: Vec::new(),
            store_name: "店".into(),
            notice: super::work::hours_notice(Channel::Call, &hours, at(3, 40), lang),
        })));
        let shown = screen(&s, lang);
        let why = lang.t(
            "现在不在呼叫时段（09:00–20:00）：结果要在时段内才能记录",
            "Outside calling hours (09:00–20:00): the result can be recorded within them",
        );
        assert!(shown.contains(&why.replace(' ', "")), "{shown}");
        assert!(!s.work().unwrap().1.is_dirty());
    }
}

#[test]
fn a_tab_right_after_a_score_moved_on_does_not_skip_the_next_question() {
    let mut s = working(7);
    act(&mut s, Action::NextField);
    typed(&mut s, "4");
    assert_eq!(focused(&s), "q:delivery");
    // A new user types the score and then Tab, as in any form: the Tab stays here.
    act(&mut s, Action::NextField);
    assert_eq!(focused(&s), "q:delivery");
    // A second Tab (leaving this question unscored) moves on.
    act(&mut s, Action::NextField);
    assert_eq!(focused(&s), "q:overall");
    // Shift-Tab after a score goes back to it.
    act(&mut s, Action::PrevField);
    typed(&mut s, "3");
    assert_eq!(focused(&s), "q:overall");
    act(&mut s, Action::PrevField);
    assert_eq!(focused(&s), "q:delivery");
}

/// The screen at 80x24, rows as drawn (spaces kept).
fn rows_drawn(s: &CallbacksTab, lang: Lang) -> Vec<String> {
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, chrono::Utc::now());
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| s.render(f, f.area(), lang, &clock, &Theme::new(false)))
        .unwrap();
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

#[test]
fn on_a_score_the_key_line_says_a_digit_moves_on_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = nine_questions(lang);
        let said = lang.t("1-5 打分即到下一题", "1-5 score, moves on");
        let keys = |s: &CallbacksTab| rows_drawn(s, lang)[22].clone();
        assert!(!keys(&s).contains(said), "not on the outcome: {}", keys(&s));
        act(&mut s, Action::NextField);
        let on_score = rows_drawn(&s, lang);
        let line = on_score[22].replace(' ', "");
        assert!(
            line.contains(&said.replace(' ', "")),
            "{}",
            on_score.join("\n")
        );
        // Still one line, with every key of the form.
        for k in ["Ctrl-S", "Tab", "Esc"] {
            assert!(line.contains(k), "{}", on_score.join("\n"));
        }
        // With a script's scroll keys too it wraps between items, never after a lone key.
        let mut s = long_script(lang);
        s.lang = lang;
        act(&mut s, Action::NextField);
        let shown = rows_drawn(&s, lang);
        let all = shown.join("\n");
        assert!(
            all.replace(' ', "").contains(&said.replace(' ', "")),
            "{all}"
        );
        let items = match lang {
            Lang::Zh => ["Ctrl-S 记录本次结果", "Tab 下一栏", "Esc 返回队列"],
            Lang::En => ["Ctrl-S record attempt", "Tab next", "Esc back to queue"],
        };
        for item in items.into_iter().chain([said]) {
            let item = item.replace(' ', "");
            assert!(
                shown.iter().any(|r| r.replace(' ', "").contains(&item)),
                "{item:?}:\n{all}"
            );
        }
    }
}

#[test]
fn the_outcome_codes_never_run_on_beside_the_callback_time_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let s = nine_questions(lang);
        let rows = rows_drawn(&s, lang);
        let screen = rows.join("\n");
        let at = rows
            .iter()
            .find(|r| r.contains(lang.t("回 拨 时 间", "Callback at")))
            .unwrap_or_else(|| panic!("{screen}"));
        for (zh, en) in super::work::OUTCOME_ITEMS {
            let item = lang.t(zh, en);
            // Every code reads whole on the screen, none on the callback time's row.
            let spaced = |t: &str| t.replace(' ', "");
            assert!(
                rows.iter().any(|r| spaced(r).contains(&spaced(item))),
                "{item}:\n{screen}"
            );
            assert!(
                !spaced(at).contains(&spaced(item)),
                "{item} beside: {at}\n{screen}"
            );
        }
    }
}

#[test]
fn kind_counts_that_add_up_to_more_than_the_rows_say_why_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let why = lang
            .t(
                "+N：同一通电话的其他任务，各计入其类型",
                "+N: more tasks of one call, counted under each kind",
            )
            .replace(' ', "");
        for (merged, said) in [(true, true), (false, false)] {
            let mut s = CallbacksTab {
                lang,
                ..Default::default()
            };
            // Three rows; the first holds a 1-month task of the same call too.
            let mut rows: Vec<TaskRow> = (1..=3).map(|i| task(i, "甲", 1)).collect();
            if merged {
                rows[0].also = vec![(9, Kind::Monthly)];
            }
            let kind_totals = match merged {
                true => vec![(Kind::Dc7, 3), (Kind::Monthly, 1)],
                false => vec![(Kind::Dc7, 3)],
            };
            s.update(Msg::Listed(Box::new(Queue {
                rows,
                kinds: vec![Kind::Dc7, Kind::Monthly],
                total: 3,
                kind_totals,
                due_in_view: Some(3),
                due: 3,
            })));
            let shown = screen(&s, lang);
            let header: String = shown.lines().skip(1).take(5).collect::<String>();
            let header = header.replace('│', "");
            assert_eq!(header.contains(&why), said, "{shown}");
        }
    }
}

#[test]
fn each_kinds_count_stays_beside_its_name_when_the_counts_wrap_at_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = CallbacksTab {
            lang,
            ..Default::default()
        };
        // Every kind with a count, more than the rows (the `+N` note follows them).
        let kind_totals: Vec<(Kind, usize)> = Kind::ALL
            .iter()
            .map(|k| (*k, 60 + k.code().len()))
            .collect();
        s.update(Msg::Listed(Box::new(Queue {
            rows: (1..=3).map(|i| task(i, "甲", 1)).collect(),
            kinds: Kind::ALL.to_vec(),
            total: 3,
            kind_totals: kind_totals.clone(),
            due_in_view: Some(3),
            due: 3,
        })));
        let clock = Clock::fixed(chrono_tz::Asia::Shanghai, chrono::Utc::now());
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| s.render(f, f.area(), lang, &clock, &Theme::new(false)))
            .unwrap();
        let shown = crate::ui::testing::screen_text(t.backend().buffer());
        for (k, n) in &kind_totals {
            let item = format!("{} {n}", k.label(lang));
            assert!(shown.contains(&item), "{item:?} parted:\n{shown}");
        }
    }
}

#[test]
fn a_supervisors_queue_keys_take_one_row_and_leave_the_rows_to_tasks_at_80x24() {
    let _boss = crate::ui::keymap::viewing(true);
    for lang in [Lang::Zh, Lang::En] {
        let mut s = CallbacksTab {
            lang,
            ..Default::default()
        };
        let rows: Vec<TaskRow> = (1..=30).map(|i| task(i, "甲", 1)).collect();
        s.update(Msg::Listed(Box::new(Queue {
            rows,
            kinds: vec![Kind::Dc7],
            total: 30,
            kind_totals: vec![(Kind::Dc7, 30)],
            due_in_view: Some(30),
            due: 30,
        })));
        let shown = rows_drawn(&s, lang);
        let at = shown
            .iter()
            .position(|r| r.contains("Enter"))
            .unwrap_or_else(|| panic!("{}", shown.join("\n")));
        // Every queue key, a supervisor's reassign too, on the one row.
        for k in ["Enter ", "x ", "f ", "p ", "r "] {
            assert!(shown[at].contains(k), "{k:?}: {}", shown.join("\n"));
        }
        assert!(
            shown[at + 1].contains("甲"),
            "a task row right under the keys:\n{}",
            shown.join("\n")
        );
    }
}
