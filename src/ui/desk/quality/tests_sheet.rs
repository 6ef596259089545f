//! The review at 80x24 in both languages: the whole scoring sheet on screen at once with
//! the record above it (English too), the dispute above the sheet when scoring again, a
//! round's points and the record's fields never split between lines, and a callback's
//! answers under their survey questions.

use super::tests::{AGENT, SUP, opened, page, round, row};
use super::{Msg, Opened, QualityPage};
use crate::domain::callbacks::{Kind, Rules};
use crate::domain::quality::{QualityConfig, ReviewStatus};
use crate::i18n::Lang;
use crate::store::quality::{Record, ReviewDetail, Source};
use crate::ui::desk::testing::{clock, draw as draw_80x24, squash};
use crate::ui::machine::Machine;
use crate::ui::theme::Theme;

fn draw(p: &QualityPage, lang: Lang) -> String {
    let (clock, theme) = (clock(), Theme::new(false));
    draw_80x24(|f| super::view::render(p, f, f.area(), lang, &clock, &theme))
}

/// A call with three fields, the last one long.
fn call(p: &mut QualityPage, status: ReviewStatus, lang: Lang) {
    p.lang = lang;
    let mut r = row(1, 2, status);
    r.dispute_reason = "客户当时情绪激动，挂断前已按流程致歉，请复听录音".into();
    let rounds = match status {
        ReviewStatus::Queued => vec![],
        _ => vec![round([4, 5, 5, 3, 4, 4])],
    };
    let Msg::Opened(mut o) = opened(r, rounds) else {
        unreachable!()
    };
    o.fields = vec![
        (
            lang.t("地区", "Region").into(),
            "广西壮族自治区南宁市".into(),
        ),
        (lang.t("品牌", "Brand").into(), "丰田".into()),
        (
            lang.t("客服专员员工号", "Agent employee no.").into(),
            "1003".into(),
        ),
        (
            lang.t("如何处理", "How it was handled").into(),
            "理赔资料已提交保险公司，预计3个工作日内到账".into(),
        ),
    ];
    p.update(Msg::Opened(o));
}

#[test]
fn the_whole_sheet_is_on_screen_under_the_record_at_80x24() {
    let def = QualityConfig::builtin().review;
    for lang in [Lang::Zh, Lang::En] {
        let mut p = page(SUP);
        call(&mut p, ReviewStatus::Queued, lang);
        let screen = draw(&p, lang);
        // Every criterion with its weight and points, the fatal error and the comment.
        for c in &def.criteria {
            let line = screen.lines().find(|l| l.contains(c.label(lang)));
            assert!(line.is_some_and(|l| l.contains("[_/5]")), "{screen}");
        }
        assert!(
            screen.contains(lang.t("[ ] 致命错误", "[ ] Fatal error")),
            "{screen}"
        );
        assert!(screen.contains(lang.t("评语：", "Comment:")), "{screen}");
        // The criterion with the cursor has its words whole.
        assert!(
            squash(&screen).contains(&squash(def.criteria[0].hint(lang))),
            "{screen}"
        );
        // The record's fields: none split between two lines.
        for (k, v) in &p.opened.as_ref().unwrap().fields {
            let colon = lang.t("：", ": ");
            let field = format!("{k}{colon}{v}");
            assert!(
                screen.lines().any(|l| l.contains(&field)),
                "{field}\n{screen}"
            );
        }
        assert!(!screen.contains('~'), "{screen}");
    }
}

#[test]
fn scoring_again_shows_the_dispute_and_the_first_round_above_the_sheet_at_80x24() {
    let def = QualityConfig::builtin().review;
    for lang in [Lang::Zh, Lang::En] {
        let mut p = page(SUP);
        call(&mut p, ReviewStatus::Disputed, lang);
        assert!(p.sheet.is_some());
        let screen = draw(&p, lang);
        let dispute = lang.t("申诉理由：客户当时情绪激动", "Dispute: 客户当时情绪激动");
        assert!(screen.contains(dispute), "{screen}");
        // The first round's points, each whole, and every row of the sheet.
        let given = lang.t("答复准确 3/5", "Accurate answer 3/5");
        assert!(screen.contains(given), "{screen}");
        for c in &def.criteria {
            assert!(screen.contains(c.label(lang)), "{screen}");
        }
        assert!(screen.contains(lang.t("评语：", "Comment:")), "{screen}");
    }
}

#[test]
fn a_round_s_points_are_never_split_between_lines_at_80x24() {
    let def = QualityConfig::builtin().review;
    for lang in [Lang::Zh, Lang::En] {
        let mut p = page(AGENT);
        call(&mut p, ReviewStatus::Scored, lang);
        let screen = draw(&p, lang);
        for (c, n) in def.criteria.iter().zip([4, 5, 5, 3, 4, 4]) {
            let points = format!("{} {n}/5", c.label(lang));
            assert!(screen.contains(&points), "{points}\n{screen}");
        }
    }
}

#[test]
fn a_callback_s_answers_stand_under_their_survey_questions_in_its_order() {
    let rules = Rules::builtin();
    let kind = Kind::from_code("3dc").unwrap();
    let survey = rules.survey(kind).unwrap();
    let (a, b) = (&survey.questions[0], &survey.questions[1]);
    let mut r = row(1, 2, ReviewStatus::Scored);
    r.source = Source::Callback;
    r.what = "3dc".into();
    let mut record = Record::default();
    // Saved by key (their order is not the survey's), with an answer the survey dropped.
    record.fields.insert(b.id.clone(), "4".into());
    record.fields.insert(a.id.clone(), "5".into());
    record.fields.insert("aaa_dropped".into(), "2".into());
    let detail = ReviewDetail {
        row: r,
        record,
        rounds: vec![],
    };
    for lang in [Lang::Zh, Lang::En] {
        let o: Opened = super::run::label(detail.clone(), &rules, lang);
        assert_eq!(o.what, kind.label(lang));
        assert_eq!(
            o.fields,
            vec![
                (a.text.clone(), "5".to_string()),
                (b.text.clone(), "4".to_string()),
                ("aaa_dropped".to_string(), "2".to_string()),
            ]
        );
    }
}
