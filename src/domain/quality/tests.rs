use super::assessment::{Figures, ranks};
use super::review::{self, Refusal, ReviewStatus, Scores};
use super::sampling::{Candidate, Reason, pick, week_of};
use super::*;
use crate::i18n::Lang;

fn scores(p: &[(&str, u8)], fatal: bool) -> Scores {
    Scores {
        points: p.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        fatal,
    }
}

fn full(p: [u8; 6]) -> Scores {
    let ids = [
        "greeting",
        "identification",
        "listening",
        "accuracy",
        "courtesy",
        "closing",
    ];
    scores(&ids.iter().copied().zip(p).collect::<Vec<_>>(), false)
}

#[test]
fn the_builtin_sheet_has_the_six_criteria_in_call_order_and_weights_of_100() {
    let c = QualityConfig::builtin();
    let ids: Vec<&str> = c.review.criteria.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "greeting",
            "identification",
            "listening",
            "accuracy",
            "courtesy",
            "closing"
        ]
    );
    assert_eq!(c.review.criteria.iter().map(|c| c.weight).sum::<u32>(), 100);
    assert_eq!(c.review.criteria[0].label(Lang::Zh), "开场问候");
    assert_eq!(c.review.max, 5);
    assert!(c.review.fatal(Lang::Zh).starts_with("致命错误"));
    assert_eq!(c.sampling.per_agent_week, 3);
}

#[test]
fn the_total_weighs_each_criterion_by_hand() {
    let sheet = QualityConfig::builtin().review;
    // 10×5/5 + 15×4/5 + 20×3/5 + 30×5/5 + 15×4/5 + 10×2/5 = 10+12+12+30+12+4 = 80
    assert_eq!(sheet.total(&full([5, 4, 3, 5, 4, 2])), 80.0);
    assert_eq!(sheet.total(&full([5; 6])), 100.0);
    assert_eq!(sheet.total(&full([0; 6])), 0.0);
    // 10×1/5 + 15×1/5 + ... = 100/5 = 20
    assert_eq!(sheet.total(&full([1; 6])), 20.0);
    // Points above the maximum count as the maximum.
    assert_eq!(sheet.total(&full([9, 5, 5, 5, 5, 5])), 100.0);
}

#[test]
fn a_fatal_error_zeroes_the_score_whatever_the_points() {
    let sheet = QualityConfig::builtin().review;
    let mut s = full([5; 6]);
    s.fatal = true;
    assert_eq!(sheet.total(&s), 0.0);
    // A fatal error needs no points to be complete.
    assert_eq!(review::check_scores(&sheet, &scores(&[], true)), Ok(()));
    assert_eq!(
        review::check_scores(&sheet, &scores(&[("greeting", 5)], false)),
        Err(Refusal::Incomplete)
    );
    assert_eq!(review::check_scores(&sheet, &full([5; 6])), Ok(()));
    assert_eq!(
        sheet.missing(&scores(&[("greeting", 5)], false), Lang::En),
        [
            "Identification",
            "Listening",
            "Accurate answer",
            "Courtesy",
            "Closing"
        ]
    );
}

#[test]
fn weights_are_normalised_and_an_override_replaces_its_section() {
    let (c, err) = QualityConfig::with_override(
        r#"
[review]
max = 10
fatal_zh = "致命"
fatal_en = "Fatal"
[[review.criteria]]
id = "a"
zh = "甲"
en = "A"
weight = 1
[[review.criteria]]
id = "b"
zh = "乙"
en = "B"
weight = 3
"#,
    );
    assert_eq!(err, None);
    // (1×10/10 + 3×5/10) / 4 = 2.5 / 4 = 62.5
    assert_eq!(c.review.total(&scores(&[("a", 10), ("b", 5)], false)), 62.5);
    // The other sections stay built in.
    assert_eq!(c.assessment, QualityConfig::builtin().assessment);
    let (c, err) = QualityConfig::with_override("[review]\nmax = 0\n");
    assert!(err.is_some());
    assert_eq!(c, QualityConfig::builtin());
    let (_, err) = QualityConfig::with_override("[other]\nx = 1\n");
    assert!(err.unwrap().contains("other"));
}

#[test]
fn a_review_is_disputed_once_by_its_agent_then_rescored_once() {
    use ReviewStatus::*;
    // Scoring: supervisors only, never their own call, only what waits.
    assert_eq!(
        review::can_score(Queued, 1, false, Some(2)),
        Err(Refusal::NotSupervisor)
    );
    assert_eq!(
        review::can_score(Queued, 1, true, Some(1)),
        Err(Refusal::OwnCall)
    );
    assert_eq!(review::can_score(Queued, 1, true, Some(2)), Ok(()));
    assert_eq!(
        review::can_score(Scored, 1, true, Some(2)),
        Err(Refusal::NotToScore)
    );
    assert_eq!(review::can_score(Disputed, 1, true, Some(2)), Ok(()));
    assert_eq!(
        review::can_score(Rescored, 1, true, Some(2)),
        Err(Refusal::NotToScore)
    );
    assert_eq!(review::after_scoring(Queued), Scored);
    assert_eq!(review::after_scoring(Disputed), Rescored);
    // Disputing: the agent reviewed, a scored review, once, with a reason.
    assert_eq!(
        review::can_dispute(Scored, 3, Some(2), 0, "x"),
        Err(Refusal::NotYours)
    );
    assert_eq!(
        review::can_dispute(Queued, 2, Some(2), 0, "x"),
        Err(Refusal::NotScored)
    );
    assert_eq!(
        review::can_dispute(Scored, 2, Some(2), 0, "  "),
        Err(Refusal::NoReason)
    );
    assert_eq!(
        review::can_dispute(Scored, 2, Some(2), 0, "录音里有问候"),
        Ok(())
    );
    assert_eq!(
        review::can_dispute(Disputed, 2, Some(2), 1, "again"),
        Err(Refusal::AlreadyDisputed)
    );
    assert_eq!(
        review::can_dispute(Rescored, 2, Some(2), 1, "again"),
        Err(Refusal::AlreadyDisputed)
    );
    // A re-score changes the total by the new points: 80 → 88 when listening goes 3 → 5.
    let sheet = QualityConfig::builtin().review;
    assert_eq!(sheet.total(&full([5, 4, 3, 5, 4, 2])), 80.0);
    assert_eq!(sheet.total(&full([5, 4, 5, 5, 4, 2])), 88.0);
    for s in [Queued, Scored, Disputed, Rescored] {
        assert_eq!(ReviewStatus::from_code(s.code()), Some(s));
    }
}

fn cand(id: i64, agent: i64, week: &str, complaint: bool, dur: Option<i64>) -> Candidate {
    Candidate {
        callback: false,
        id,
        agent_id: agent,
        week: week.into(),
        complaint,
        duration_s: dur,
    }
}

#[test]
fn sampling_takes_every_complaint_every_short_call_and_n_per_agent_week() {
    let rule = SampleRule {
        per_agent_week: 2,
        every_complaint: true,
        min_call_seconds: 30,
    };
    let mut list = vec![
        cand(1, 7, "2026-W47", true, Some(300)),
        cand(2, 7, "2026-W47", false, Some(12)),
    ];
    for id in 10..20 {
        list.push(cand(id, 7, "2026-W47", false, Some(200)));
        list.push(cand(id + 100, 8, "2026-W47", false, Some(200)));
        list.push(cand(id + 200, 7, "2026-W48", false, Some(200)));
    }
    let got = pick(&rule, &list, &Default::default());
    let reason = |id: i64| got.iter().find(|(c, _)| c.id == id).map(|(_, r)| *r);
    assert_eq!(reason(1), Some(Reason::Complaint));
    assert_eq!(reason(2), Some(Reason::Short));
    let sampled = |agent: i64, week: &str| {
        got.iter()
            .filter(|(c, r)| *r == Reason::Sample && c.agent_id == agent && c.week == week)
            .count()
    };
    assert_eq!(sampled(7, "2026-W47"), 2);
    assert_eq!(sampled(8, "2026-W47"), 2);
    assert_eq!(sampled(7, "2026-W48"), 2);
    assert_eq!(got.len(), 8);
    // The same records whatever order they come in.
    let mut rev = list.clone();
    rev.reverse();
    let mut a: Vec<i64> = got.iter().map(|(c, _)| c.id).collect();
    let mut b: Vec<i64> = pick(&rule, &rev, &Default::default())
        .iter()
        .map(|(c, _)| c.id)
        .collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    // A week that has its samples gets no more.
    let mut have = std::collections::BTreeMap::new();
    have.insert((7, "2026-W47".to_string()), 2);
    let again = pick(&rule, &list, &have);
    assert!(
        !again
            .iter()
            .any(|(c, r)| *r == Reason::Sample && c.agent_id == 7 && c.week == "2026-W47")
    );
    // Rules off: nothing forced.
    let off = SampleRule {
        per_agent_week: 0,
        every_complaint: false,
        min_call_seconds: 0,
    };
    assert!(pick(&off, &list, &Default::default()).is_empty());
    assert_eq!(
        week_of(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
        "2026-W48"
    );
}

#[test]
fn a_week_label_names_its_monday() {
    use super::sampling::parse_week;
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
    assert_eq!(parse_week("2026-W47"), Some(monday));
    assert_eq!(parse_week("2026W47"), Some(monday));
    assert_eq!(week_of(monday), "2026-W47");
    assert_eq!(parse_week("2026-W54"), None);
    assert_eq!(parse_week("2026-11"), None);
    assert_eq!(parse_week(""), None);
}

#[test]
fn a_month_assessed_by_hand() {
    let sheet = QualityConfig::builtin().assessment;
    // Agent A: 96 calls of 120 → 80; record 90.25 of 95 → 95; quality 81 of 90 → 90;
    // callbacks 19/20 = 95% of 95 → 100; complaints 3/4 = 75% of 100 → 75.
    // (15×80 + 25×95 + 30×90 + 15×100 + 15×75) / 100 = 8900 / 100 = 89.0; one late
    // hand-over −2 → 87.0, passes (≥ 80).
    let a = Figures {
        calls: 96,
        record_avg: Some(90.25),
        reviews: 4,
        quality_avg: Some(81.0),
        callbacks_done: 20,
        callbacks_on_time: 19,
        complaints: 4,
        complaints_kept: 3,
        late_handovers: 1,
    };
    let ra = sheet.assess(&a);
    let part_scores: Vec<Option<f64>> = ra.parts.iter().map(|p| p.score).collect();
    assert_eq!(
        part_scores,
        [Some(80.0), Some(95.0), Some(90.0), Some(100.0), Some(75.0)]
    );
    assert_eq!(ra.penalty, 2.0);
    assert_eq!(ra.total, 87.0);
    assert!(ra.passed);
    // Agent B: 60 calls → 50, record 76 → 80; no reviews, callbacks or complaints: left
    // out. (15×50 + 25×80) / 40 = 2750 / 40 = 68.75 → 68.8, fails.
    let b = Figures {
        calls: 60,
        record_avg: Some(76.0),
        ..Default::default()
    };
    let rb = sheet.assess(&b);
    assert_eq!(rb.parts[2].score, None);
    assert_eq!(rb.total, 68.8);
    assert!(!rb.passed);
    // Nothing at all: 0, fails.
    assert_eq!(sheet.assess(&Figures::default()).total, 0.0);
    assert_eq!(ranks(&[87.0, 68.8, 87.0, 90.0]), [2, 4, 2, 1]);
}
