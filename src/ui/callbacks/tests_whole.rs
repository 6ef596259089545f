//! What an agent reads out shows whole at 80x24 in both languages (#18 pt 4): the queue's
//! columns as wide as their values (a kind or a reason is not cut where the row has room;
//! a value too long for its column is cut on display cells and reads whole under the rows
//! when highlighted), the line under the queue wraps a long refusal, and the work form
//! shows the customer's note and the last try's note whole. No row is wider than 80 cells.

use super::tests::{act, detail, task};
use super::*;
use crate::domain::callbacks::Reason;
use crate::store::callbacks::AttemptRow;
use crate::ui::desk::machine::Machine;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The tab drawn at 80x24, as text with its spaces (wide characters once).
fn shown(s: &CallbacksTab, lang: Lang) -> String {
    let clock = Clock::fixed(chrono_tz::Asia::Shanghai, chrono::Utc::now());
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| s.render(f, f.area(), lang, &clock, &Theme::new(false)))
        .unwrap();
    crate::ui::testing::screen_text(t.backend().buffer())
}

/// Every row 80 cells, both borders in place: no line pushed out, no wide character halved.
fn borders_whole(screen: &str) {
    for line in screen.lines() {
        assert_eq!(crate::text::width(line), 80, "{line}\n{screen}");
        assert!(
            line.starts_with(['│', '┌', '└']) && line.ends_with(['│', '┐', '┘']),
            "{line}\n{screen}"
        );
    }
}

/// The screen read on from one row to the next, without borders and spaces.
fn read(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<String>()
        .replace(' ', "")
}

/// A view of ended tasks: the longest kinds and reasons, one customer with a very long name.
fn ended(lang: Lang) -> CallbacksTab {
    let mut s = CallbacksTab {
        lang,
        ..Default::default()
    };
    s.view.status = Some(Status::Skipped);
    let rows = [
        (Kind::Quarterly, Reason::DoneElsewhere, "张鑫文"),
        (Kind::Recheck, Reason::Superseded, "李涵"),
        (
            Kind::Declined,
            Reason::NoMobile,
            "欧阳娜娜娜娜娜娜娜娜娜娜娜娜",
        ),
        (Kind::Insurance, Reason::NoAnswer, "孟超博"),
    ];
    let rows = rows
        .into_iter()
        .zip(1..)
        .map(|((kind, reason, name), id)| {
            let mut r = task(id, name, 1);
            (r.kind, r.reason, r.status) = (kind, Some(reason), Status::Skipped);
            r.agent = Some("1002 陈静".into());
            r
        })
        .collect();
    s.update(tests::listed(rows));
    s
}

#[test]
fn the_queue_shows_kinds_and_reasons_whole_where_the_row_has_room_at_80x24() {
    let s = ended(Lang::Zh);
    let screen = shown(&s, Lang::Zh);
    borders_whole(&screen);
    // In Chinese every kind and every reason fits its column whole, in every row (the
    // fixed 12-cell kind column cut 三级回访（新车季度） to 三级回访（~).
    for r in s.rows() {
        let row = screen
            .lines()
            .find(|l| l.contains(&format!("粤B{:05}", r.id)))
            .unwrap_or_else(|| panic!("row {}\n{screen}", r.id));
        assert!(row.contains(r.kind.label(Lang::Zh)), "{row}\n{screen}");
        assert!(
            row.contains(r.reason.unwrap().label(Lang::Zh)),
            "{row}\n{screen}"
        );
    }
}

#[test]
fn a_value_too_long_for_its_column_is_cut_on_display_cells_and_reads_whole_when_highlighted() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = ended(lang);
        for i in 0..s.rows().len() {
            let screen = shown(&s, lang);
            borders_whole(&screen);
            let r = &s.rows()[i];
            // A cut value ends in `~` after whole characters: what shows before it begins
            // the value.
            let row = screen
                .lines()
                .find(|l| l.contains(&format!("粤B{:05}", r.id)))
                .unwrap();
            let values = [
                r.customer.as_str(),
                r.kind.label(lang),
                r.reason.unwrap().label(lang),
            ];
            let pieces: Vec<&str> = row.split('~').collect();
            for before in &pieces[..pieces.len() - 1] {
                // What stands before the `~` is the start of a value, two characters or more.
                let begins = |v: &&str| {
                    v.char_indices()
                        .skip(2)
                        .any(|(k, _)| before.ends_with(&v[..k]))
                };
                assert!(
                    values.iter().any(begins),
                    "[{}] `{before}~` begins no value of {values:?}:\n{screen}",
                    lang.code()
                );
            }
            // Highlighted, the task reads whole under the rows.
            let mark = lang.t("今天", "today");
            let lines: Vec<&str> = screen.lines().collect();
            let last_row = lines.iter().rposition(|l| l.contains(mark)).unwrap();
            let under = read(&lines[last_row + 1..].join("\n"));
            for value in values {
                assert!(
                    under.contains(&value.replace(' ', "")),
                    "[{}] `{value}` not whole under the rows:\n{screen}",
                    lang.code()
                );
            }
            act(&mut s, Action::Down);
        }
    }
}

#[test]
fn a_long_refusal_under_the_queue_wraps_whole() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = ended(lang);
        let why = lang.t(
            "回访任务 #3 欧阳娜娜娜娜娜娜娜娜娜娜娜娜 已被 1002 陈静 领取并正在处理；如需改派，请主管在队列中按 r 指派给其他专员，或等对方退回公共池后再领取。",
            "Callback task #3 欧阳娜娜娜娜娜娜娜娜娜娜娜娜 was claimed by 1002 陈静 who is working it; to move it, a supervisor presses r on the queue to give it to another agent, or wait until it is back in the pool.",
        );
        s.update(Msg::Refused {
            why: why.into(),
            task: None,
        });
        let screen = shown(&s, lang);
        borders_whole(&screen);
        assert!(read(&screen).contains(&why.replace(' ', "")), "{screen}");
        // The rows still show above it.
        assert!(screen.contains("粤B00001"), "{screen}");
    }
}

#[test]
fn the_work_form_shows_the_customers_note_and_the_last_try_whole() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = CallbacksTab {
            lang,
            ..Default::default()
        };
        s.update(tests::listed(vec![task(7, "张三", 1)]));
        let mut d = detail(task(7, "张三", 2));
        let said = "客户在开会，说下午三点以后再打，最好先发短信确认一下时间，公司车辆请找行政部的王小姐，不要打到前台总机。";
        d.attempts = vec![AttemptRow {
            at: chrono::Utc::now(),
            agent: Some("1002 陈静".into()),
            outcome: "no_answer".into(),
            scores: Default::default(),
            notes: said.into(),
            call_back_at: None,
        }];
        let note = format!(
            "{}只接受短信联系，勿在工作时间来电；车辆由家人使用，回访请联系本人并先核对车牌和姓名",
            lang.t("客户备注 ", "Customer note ")
        );
        s.update(Msg::Opened(Box::new(Opened {
            task: d,
            card: vec![note.clone()],
            store_name: "店".into(),
            notice: None,
        })));
        let screen = shown(&s, lang);
        borders_whole(&screen);
        let text = read(&screen);
        assert!(text.contains(&note.replace(' ', "")), "{screen}");
        assert!(text.contains(said), "{screen}");
        // The outcome in words of this language, never its code.
        let outcome = Outcome::NoAnswer.label(lang).replace(' ', "");
        assert!(text.contains(&outcome), "{screen}");
        assert!(!screen.contains("no_answer"), "{screen}");
        // The form's first field still shows under them.
        assert!(screen.contains(lang.t("结果", "Outcome")), "{screen}");
    }
}
