//! The review queue's sampling rule: every complaint call, every call shorter than the
//! minimum length, and N more calls or callbacks per agent per ISO week, picked by a fixed
//! shuffle of their ids (the same records whoever builds the queue, and no agent can tell
//! which of their calls will be picked).

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// The sampling settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct SampleRule {
    /// Records sampled per agent per week (besides the forced ones).
    pub per_agent_week: u32,
    /// Every complaint call is reviewed.
    pub every_complaint: bool,
    /// Every call shorter than this is reviewed (0: none).
    pub min_call_seconds: u32,
}

/// What a review was queued for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    Complaint,
    Short,
    Sample,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::Complaint => "complaint",
            Reason::Short => "short",
            Reason::Sample => "sample",
        }
    }
    pub fn from_code(s: &str) -> Reason {
        match s {
            "complaint" => Reason::Complaint,
            "short" => Reason::Short,
            _ => Reason::Sample,
        }
    }
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Reason::Complaint => lang.t("投诉来电", "complaint call"),
            Reason::Short => lang.t("通话过短", "short call"),
            Reason::Sample => lang.t("抽检", "sample"),
        }
    }
}

/// A record that may be reviewed: a call (`callback` false) or a done callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub callback: bool,
    pub id: i64,
    pub agent_id: i64,
    /// The ISO week of the record, e.g. "2026-W47".
    pub week: String,
    pub complaint: bool,
    /// The call's length; `None` when not recorded (callbacks).
    pub duration_s: Option<i64>,
}

/// A fixed shuffle key of a record: the same id always sorts the same way.
fn shuffle(c: &Candidate) -> u64 {
    let x = (c.id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(c.callback);
    x.rotate_left(29).wrapping_mul(0xBF58_476D_1CE4_E5B9)
}

/// Picks the records to queue, with why. `already_sampled` counts the sampled reviews
/// each (agent, week) has (forced ones do not use up the weekly number); candidates already
/// reviewed must be left out by the caller.
pub fn pick(
    rule: &SampleRule,
    candidates: &[Candidate],
    already_sampled: &BTreeMap<(i64, String), u32>,
) -> Vec<(Candidate, Reason)> {
    let mut out = Vec::new();
    let mut rest: BTreeMap<(i64, String), Vec<&Candidate>> = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for c in candidates {
        let forced = if rule.every_complaint && c.complaint && !c.callback {
            Some(Reason::Complaint)
        } else if rule.min_call_seconds > 0
            && !c.callback
            && c.duration_s
                .is_some_and(|d| d < i64::from(rule.min_call_seconds))
        {
            Some(Reason::Short)
        } else {
            None
        };
        match forced {
            Some(r) => {
                if taken.insert((c.callback, c.id)) {
                    out.push((c.clone(), r));
                }
            }
            None => rest
                .entry((c.agent_id, c.week.clone()))
                .or_default()
                .push(c),
        }
    }
    for (key, mut list) in rest {
        let have = already_sampled.get(&key).copied().unwrap_or(0);
        let want = rule.per_agent_week.saturating_sub(have) as usize;
        list.sort_by_key(|c| (shuffle(c), c.id));
        for c in list.into_iter().take(want) {
            if taken.insert((c.callback, c.id)) {
                out.push((c.clone(), Reason::Sample));
            }
        }
    }
    out
}

/// The ISO week label of a day ("2026-W47").
pub fn week_of(day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let w = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// The Monday of an ISO week label ("2026-W47"), if it names a week.
pub fn parse_week(s: &str) -> Option<chrono::NaiveDate> {
    let (y, w) = s.trim().split_once(['W', 'w'])?;
    let year: i32 = y.trim_end_matches('-').parse().ok()?;
    let week: u32 = w.parse().ok()?;
    chrono::NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)
}
