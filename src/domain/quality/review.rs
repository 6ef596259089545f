//! A review's life: waiting in the queue, scored by a supervisor, disputed once by the agent
//! reviewed (with a reason), re-scored by a supervisor (the first score kept in history).

use std::collections::BTreeMap;

/// Where a review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStatus {
    /// Sampled into the queue, not scored yet.
    Queued,
    /// Scored; the agent may dispute it once.
    Scored,
    /// Disputed by the agent: waits for a supervisor to score it again.
    Disputed,
    /// Scored again after the dispute: final.
    Rescored,
}

impl ReviewStatus {
    pub fn code(self) -> &'static str {
        match self {
            ReviewStatus::Queued => "queued",
            ReviewStatus::Scored => "scored",
            ReviewStatus::Disputed => "disputed",
            ReviewStatus::Rescored => "rescored",
        }
    }

    pub fn from_code(s: &str) -> Option<ReviewStatus> {
        [
            ReviewStatus::Queued,
            ReviewStatus::Scored,
            ReviewStatus::Disputed,
            ReviewStatus::Rescored,
        ]
        .into_iter()
        .find(|x| x.code() == s)
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            ReviewStatus::Queued => lang.t("待评", "to score"),
            ReviewStatus::Scored => lang.t("已评", "scored"),
            ReviewStatus::Disputed => lang.t("申诉中", "disputed"),
            ReviewStatus::Rescored => lang.t("已复评", "re-scored"),
        }
    }

    /// Whether it has a score that counts.
    pub fn has_score(self) -> bool {
        !matches!(self, ReviewStatus::Queued)
    }

    /// Whether a supervisor scores it now (the queue's work).
    pub fn to_score(self) -> bool {
        matches!(self, ReviewStatus::Queued | ReviewStatus::Disputed)
    }
}

/// One scoring of a call: points per criterion and the fatal-error flag.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    pub points: BTreeMap<String, u8>,
    pub fatal: bool,
}

/// Why a step on a review is refused (worded for the user by `message`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Only supervisors score.
    NotSupervisor,
    /// A supervisor does not score their own call.
    OwnCall,
    /// Nothing to score: already scored and not disputed.
    NotToScore,
    /// Only the agent reviewed disputes their review.
    NotYours,
    /// Only a scored review is disputed (not one waiting, nor a re-scored one).
    NotScored,
    /// A review is disputed once.
    AlreadyDisputed,
    /// A dispute needs a reason.
    NoReason,
    /// Every criterion needs its points.
    Incomplete,
}

impl Refusal {
    pub fn message(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Refusal::NotSupervisor => lang.t("只有主管可以评分", "Only a supervisor scores calls"),
            Refusal::OwnCall => lang.t("不能为自己的通话评分", "You cannot score your own call"),
            Refusal::NotToScore => lang.t(
                "该评审已评分，只有申诉后才能复评",
                "This review is scored; it is scored again only after a dispute",
            ),
            Refusal::NotYours => lang.t(
                "只能对自己的评审提出申诉",
                "You can dispute only your own reviews",
            ),
            Refusal::NotScored => lang.t(
                "只有已评分、未复评的评审可以申诉",
                "Only a scored review that was not re-scored can be disputed",
            ),
            Refusal::AlreadyDisputed => {
                lang.t("每条评审只能申诉一次", "A review can be disputed only once")
            }
            Refusal::NoReason => lang.t("请写明申诉理由", "Give the reason for the dispute"),
            Refusal::Incomplete => lang.t(
                "每一项都要打分（或勾选致命错误）",
                "Score every criterion (or mark the fatal error)",
            ),
        }
    }
}

/// Whether `reviewer` (a supervisor or not) may score a review in `status` of a record
/// handled by `agent_id`.
pub fn can_score(
    status: ReviewStatus,
    reviewer_id: i64,
    supervisor: bool,
    agent_id: Option<i64>,
) -> Result<(), Refusal> {
    if !supervisor {
        return Err(Refusal::NotSupervisor);
    }
    if agent_id == Some(reviewer_id) {
        return Err(Refusal::OwnCall);
    }
    if !status.to_score() {
        return Err(Refusal::NotToScore);
    }
    Ok(())
}

/// Whether `who` may dispute a review in `status` of `agent_id`'s record, disputed
/// `disputes` times before, with `reason`.
pub fn can_dispute(
    status: ReviewStatus,
    who: i64,
    agent_id: Option<i64>,
    disputes: u32,
    reason: &str,
) -> Result<(), Refusal> {
    if agent_id != Some(who) {
        return Err(Refusal::NotYours);
    }
    if disputes > 0 || matches!(status, ReviewStatus::Disputed | ReviewStatus::Rescored) {
        return Err(Refusal::AlreadyDisputed);
    }
    if status != ReviewStatus::Scored {
        return Err(Refusal::NotScored);
    }
    if reason.trim().is_empty() {
        return Err(Refusal::NoReason);
    }
    Ok(())
}

/// The status after a supervisor scores a review in `status`.
pub fn after_scoring(status: ReviewStatus) -> ReviewStatus {
    match status {
        ReviewStatus::Disputed => ReviewStatus::Rescored,
        _ => ReviewStatus::Scored,
    }
}

/// Whether the points are complete for `sheet`: every criterion scored within 0..=max, or
/// the fatal error marked (then the points do not matter).
pub fn check_scores(sheet: &super::ReviewSheet, scores: &Scores) -> Result<(), Refusal> {
    if scores.fatal {
        return Ok(());
    }
    let complete = sheet
        .criteria
        .iter()
        .all(|c| scores.points.get(&c.id).is_some_and(|p| *p <= sheet.max));
    if complete {
        Ok(())
    } else {
        Err(Refusal::Incomplete)
    }
}
