//! The quality page drawn at 80x24 in both languages: the scoring sheet's criteria wrap
//! whole under their heads, the sheet's message wraps whole under the record, and a list
//! stopped at the store's limit says so with the total.

use super::tests::{AGENT, SUP, loaded, opened, page, row};
use super::{Msg, QualityPage};
use crate::clock::Clock;
use crate::domain::quality::{QualityConfig, ReviewStatus};
use crate::i18n::Lang;
use crate::ui::machine::Machine;
use crate::ui::theme::Theme;
use chrono::{TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn draw(p: &QualityPage, lang: Lang) -> String {
    let clock = Clock::fixed(
        chrono_tz::Asia::Shanghai,
        Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap(),
    );
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| super::view::render(p, f, f.area(), lang, &clock, &Theme::new(false)))
        .unwrap();
    crate::ui::testing::screen_text(t.backend().buffer())
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

fn in_lang(lang: Lang) -> QualityPage {
    let mut p = page(SUP);
    p.lang = lang;
    p
}

#[test]
fn the_sheet_wraps_each_criterion_whole_at_80x24() {
    let def = QualityConfig::builtin().review;
    for lang in [Lang::Zh, Lang::En] {
        let mut p = in_lang(lang);
        let r = row(1, 2, ReviewStatus::Queued);
        p.update(loaded(vec![r.clone()]));
        p.update(opened(r, vec![]));
        assert!(p.sheet.is_some());
        // Walk the cursor down the sheet: each row comes into view whole.
        let mut seen = String::new();
        for _ in 0..=def.criteria.len() + 1 {
            let screen = draw(&p, lang);
            seen.push_str(&squash(&screen));
            for line in screen.lines() {
                if line.contains('▸') {
                    assert!(!line.contains('~'), "cut:\n{screen}");
                }
            }
            p.update(super::tests::act(crate::ui::action::Action::NextField));
        }
        for c in &def.criteria {
            assert!(
                seen.contains(&squash(c.hint(lang))),
                "{} not whole: {seen}",
                c.hint(lang)
            );
        }
        assert!(seen.contains(&squash(def.fatal(lang))), "{seen}");
    }
}

#[test]
fn a_list_stopped_at_its_limit_says_so_with_the_total() {
    for lang in [Lang::Zh, Lang::En] {
        let mut p = in_lang(lang);
        let rows: Vec<_> = (1..=3).map(|i| row(i, 2, ReviewStatus::Queued)).collect();
        let store = crate::store::quality::Counts {
            queued: 1200,
            disputed: 34,
            ..Default::default()
        };
        p.update(Msg::Loaded(rows.clone(), store));
        let screen = draw(&p, lang);
        let limit = lang.t(
            "只列出最先的 3 / 1234 条",
            "Only the first 3 of 1234 listed",
        );
        assert!(screen.contains(limit), "{screen}");
        // The head counts the whole queue (the store's), not the three rows listed.
        let head = lang.t("待评 1200  申诉待复评 34", "To score 1200  disputed 34");
        assert!(screen.contains(head), "{screen}");
        // The summary says what the sampling takes, whole.
        let summary = lang.t("全部过短通话）", "every short call)");
        assert!(screen.contains(summary), "{screen}");
        // A whole list says nothing of a limit.
        p.update(loaded(rows));
        let screen = draw(&p, lang);
        assert!(
            !screen.contains(limit) && !screen.contains("1234"),
            "{screen}"
        );
    }
}

#[test]
fn the_scoring_and_dispute_dialogs_name_the_call_and_its_customer_at_80x24() {
    use crate::ui::desk::testing::title_line;
    let long = "欧阳王李张陈赵孙周吴郑冯褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻";
    for lang in [Lang::Zh, Lang::En] {
        let mut p = in_lang(lang);
        let r = row(1, 2, ReviewStatus::Queued);
        p.update(loaded(vec![r.clone()]));
        p.update(opened(r, vec![]));
        let title = lang.t("质检评分：来电 #101 张三", "Score the call: call #101 张三");
        assert!(
            draw(&p, lang).lines().next().unwrap_or("").contains(title),
            "{}",
            draw(&p, lang)
        );
        // The agent's dispute: a long name is cut by width before the frame's corner.
        let mut p = page(AGENT);
        p.lang = lang;
        let mut r = row(5, 2, ReviewStatus::Scored);
        r.customer = long.into();
        p.update(loaded(vec![r.clone()]));
        p.update(opened(r, vec![]));
        p.update(super::tests::act(crate::ui::action::Action::QualityDispute));
        let start = lang.t(
            "提出申诉：来电 #105 欧阳",
            "Dispute the score: call #105 欧阳",
        );
        let top = title_line(&draw(&p, lang), start);
        assert!(crate::ui::desk::testing::cut_at_corner(&top), "{top}");
    }
}

#[test]
fn another_supervisors_save_reloads_the_queue_and_the_review_read() {
    use super::Cmd;
    use crate::store::quality::View;
    let mut p = in_lang(Lang::En);
    let (one, two) = (
        row(1, 2, ReviewStatus::Queued),
        row(2, 2, ReviewStatus::Scored),
    );
    p.update(loaded(vec![one.clone(), two.clone()]));
    p.update(super::tests::act(crate::ui::action::Action::Down));
    assert_eq!(p.update(Msg::Follow), vec![Cmd::Load(View::Queue)]);
    // Review 1 scored meanwhile by someone else: it leaves; the highlight stays on 2.
    p.update(loaded(vec![two.clone()]));
    assert_eq!((p.selected.id(), p.selected.index()), (Some(&2), 0));
    // The review read reloads too, and shows what was saved.
    p.update(opened(two.clone(), vec![]));
    assert_eq!(
        p.update(Msg::Follow),
        vec![Cmd::Load(View::Queue), Cmd::Open(2)]
    );
    assert!(draw(&p, Lang::En).starts_with("┌ Quality review: call #102"));
    // The agent disputed it meanwhile: the supervisor now has it to score again.
    let mut disputed = two;
    disputed.status = ReviewStatus::Disputed;
    p.update(opened(disputed, vec![]));
    let screen = draw(&p, Lang::En);
    assert!(
        screen.starts_with("┌ Score the call: call #102"),
        "{screen}"
    );
}

#[test]
fn the_highlighted_reviews_why_and_names_read_whole_under_the_list_at_80x24() {
    use crate::domain::quality::sampling::Reason;
    let long = "欧阳慕容司马诸葛";
    for lang in [Lang::Zh, Lang::En] {
        let mut p = in_lang(lang);
        let mut rows: Vec<_> = (1..=3).map(|i| row(i, 2, ReviewStatus::Queued)).collect();
        rows[0].reason = Reason::Complaint;
        rows[0].customer = long.into();
        rows[1].reason = Reason::Short;
        p.update(loaded(rows));
        // The columns may cut the why ("complaint~") and the name; under the list the
        // highlighted review reads whole, row after row.
        for (i, why) in [Reason::Complaint, Reason::Short, Reason::Sample]
            .iter()
            .enumerate()
        {
            let screen = draw(&p, lang);
            let record = format!("{} #{}", lang.t("来电", "call"), 101 + i);
            let under = screen
                .lines()
                .find(|l| l.contains(&format!("{record} · ")))
                .unwrap_or_else(|| panic!("no whole line:\n{screen}"));
            assert!(
                under.contains(&format!(" · {} · ", why.label(lang))),
                "{screen}"
            );
            if i == 0 {
                assert!(under.contains(&format!(" · {long} · ")), "{screen}");
            }
            p.update(super::tests::act(crate::ui::action::Action::Down));
        }
    }
}

#[test]
fn the_sheets_message_wraps_whole_under_the_record() {
    for lang in [Lang::Zh, Lang::En] {
        let mut p = in_lang(lang);
        let r = row(1, 2, ReviewStatus::Queued);
        p.update(loaded(vec![r.clone()]));
        p.update(opened(r, vec![]));
        let long = lang.t(
            "张主管刚刚保存了这条通话的评分（82.0 分，2026-11-23 09:28），您的打分没有保存；请核对后再决定是否重新评分，如需更正请在申诉后复评。",
            "Supervisor Zhang saved a score for this call a moment ago (82.0, 2026-11-23 09:28) and yours was not saved; check it before you score again, or score it again after a dispute.",
        );
        p.sheet.as_mut().unwrap().message = Some((long.to_string(), true));
        let screen = draw(&p, lang);
        assert!(squash(&screen).contains(&squash(long)), "cut:\n{screen}");
        for line in screen.lines() {
            assert_eq!(crate::text::width(line), 80, "{line}\n{screen}");
        }
        // The time in it reads on one line.
        assert!(screen.lines().any(|l| l.contains("09:28")), "{screen}");
    }
}

/// The review read offers `d` (dispute) only to its own agent while it may still be
/// disputed: not to a supervisor reading another agent's review, not a second time.
#[test]
fn the_dispute_key_is_offered_only_to_whom_it_serves() {
    let footer = |viewer, status| {
        let mut p = page(viewer);
        let r = row(5, AGENT.id, status);
        p.update(loaded(vec![r.clone()]));
        p.update(opened(r, vec![]));
        let screen = draw(&p, Lang::En);
        let lines: Vec<&str> = screen.lines().collect();
        lines[lines.len() - 2].to_string()
    };
    let own = footer(AGENT, ReviewStatus::Scored);
    assert!(own.contains("d dispute"), "{own}");
    for (viewer, status) in [
        (SUP, ReviewStatus::Scored),
        (AGENT, ReviewStatus::Disputed),
        (AGENT, ReviewStatus::Rescored),
    ] {
        let line = footer(viewer, status);
        assert!(!line.contains("dispute"), "{status:?}: {line}");
        assert!(line.contains("Esc back"), "{status:?}: {line}");
    }
}

/// The sheet's running total says how many criteria are still to score, until none is.
#[test]
fn the_running_total_says_how_many_rows_are_left() {
    let def = QualityConfig::builtin().review;
    let n = def.criteria.len();
    for lang in [Lang::Zh, Lang::En] {
        let mut p = in_lang(lang);
        let r = row(1, 2, ReviewStatus::Queued);
        p.update(loaded(vec![r.clone()]));
        p.update(opened(r, vec![]));
        let left = |k: usize| match lang {
            Lang::Zh => format!("（还有 {k} 项未评）"),
            Lang::En => format!("({k} still to score)"),
        };
        assert!(draw(&p, lang).contains(&left(n)), "{}", draw(&p, lang));
        for _ in 0..n {
            p.update(super::tests::typed('4'));
        }
        let screen = draw(&p, lang);
        assert!(!screen.contains(&left(0)), "{screen}");
        assert!(
            screen.contains(lang.t("得分 80.0", "total 80.0")),
            "{screen}"
        );
    }
}
