//! The rectification-order rule (质量整改令, seed 001 §三(八)): when valid complaints of one
//! category, or against one station or department, keep coming — `count` of them within
//! `days` days — the supervisor is offered an order. Accepting makes an improvement action
//! linked to those complaints; dismissing (with a reason) keeps that same set from being
//! offered again. Complaints an accepted order already covers do not count again.

use super::Department;
use crate::domain::complaints::Category;
use crate::i18n::Lang;
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

/// The setting: `count` valid complaints within `days` days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecurRule {
    pub count: usize,
    pub days: u32,
}

/// Three valid complaints of one kind in thirty days.
pub const DEFAULT_RULE: RecurRule = RecurRule { count: 3, days: 30 };

impl Default for RecurRule {
    fn default() -> Self {
        DEFAULT_RULE
    }
}

impl RecurRule {
    /// The first day of the window ending `today` (both included).
    pub fn window_start(&self, today: NaiveDate) -> NaiveDate {
        today
            .checked_sub_days(Days::new(u64::from(self.days.max(1) - 1)))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// What recurs: a category, or one station / department named on the complaints.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Category(Category),
    Station(String),
}

impl Key {
    /// Stored form: `category:repair_quality`, `station:一号店`.
    pub fn code(&self) -> String {
        match self {
            Key::Category(c) => format!("category:{}", c.code()),
            Key::Station(s) => format!("station:{s}"),
        }
    }

    pub fn from_code(s: &str) -> Option<Key> {
        let (kind, rest) = s.split_once(':')?;
        match kind {
            "category" => Category::from_code(rest).map(Key::Category),
            "station" if !rest.is_empty() => Some(Key::Station(rest.to_string())),
            _ => None,
        }
    }

    pub fn label(&self, lang: Lang) -> String {
        match (self, lang) {
            (Key::Category(c), _) => c.label(lang).to_string(),
            (Key::Station(s), Lang::Zh) => format!("服务站/部门 {s}"),
            (Key::Station(s), Lang::En) => format!("station/department {s}"),
        }
    }

    /// The department an order on this key goes to.
    pub fn department(&self) -> Department {
        match self {
            Key::Category(c) => Department::for_category(*c),
            Key::Station(_) => Department::Service,
        }
    }
}

/// A valid complaint (有效投诉) as the rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidComplaint {
    pub id: i64,
    pub category: Category,
    /// The station or department named on the complaint ("" when none).
    pub station: String,
    /// Store-local day it was received.
    pub received: NaiveDate,
}

/// A decision already taken on a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    pub key: Key,
    /// Sorted complaint ids.
    pub ids: Vec<i64>,
    pub accepted: bool,
}

/// An order offered to the supervisor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub key: Key,
    /// The complaints behind it, sorted by id.
    pub complaint_ids: Vec<i64>,
}

impl Proposal {
    /// One line: what recurs and how often.
    pub fn summary(&self, rule: RecurRule, lang: Lang) -> String {
        let n = self.complaint_ids.len();
        match lang {
            Lang::Zh => format!(
                "近{}天{}有效投诉{}起，建议下达质量整改令",
                rule.days,
                self.key.label(lang),
                n
            ),
            Lang::En => format!(
                "{n} valid complaints on {} in {} days: a rectification order is proposed",
                self.key.label(lang),
                rule.days
            ),
        }
    }

    /// The finding an accepted order starts with.
    pub fn finding(&self, rule: RecurRule, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "质量整改令：近{}天{}有效投诉{}起，属重复性问题",
                rule.days,
                self.key.label(lang),
                self.complaint_ids.len()
            ),
            Lang::En => format!(
                "Rectification order: {} valid complaints on {} in {} days, a repeated problem",
                self.complaint_ids.len(),
                self.key.label(lang),
                rule.days
            ),
        }
    }
}

/// The orders to offer as of `today`: for each category and each named station, the valid
/// complaints received in the rule's window that no accepted order covers yet; `count` or
/// more of them make a proposal, unless that exact set was dismissed. Largest first.
pub fn proposals(
    rule: RecurRule,
    complaints: &[ValidComplaint],
    decided: &[Decided],
    today: NaiveDate,
) -> Vec<Proposal> {
    let start = rule.window_start(today);
    let mut groups: BTreeMap<Key, Vec<i64>> = BTreeMap::new();
    for c in complaints
        .iter()
        .filter(|c| c.received >= start && c.received <= today)
    {
        groups
            .entry(Key::Category(c.category))
            .or_default()
            .push(c.id);
        let station = c.station.trim();
        if !station.is_empty() {
            groups
                .entry(Key::Station(station.to_string()))
                .or_default()
                .push(c.id);
        }
    }
    let mut out = Vec::new();
    for (key, mut ids) in groups {
        ids.retain(|id| {
            !decided
                .iter()
                .any(|d| d.accepted && d.key == key && d.ids.contains(id))
        });
        ids.sort_unstable();
        ids.dedup();
        if ids.len() < rule.count.max(1) {
            continue;
        }
        let dismissed = decided
            .iter()
            .any(|d| !d.accepted && d.key == key && d.ids == ids);
        if !dismissed {
            out.push(Proposal {
                key,
                complaint_ids: ids,
            });
        }
    }
    out.sort_by(|a, b| {
        b.complaint_ids
            .len()
            .cmp(&a.complaint_ids.len())
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// Sorted ids as stored ("3,7,12") and back.
pub fn ids_code(ids: &[i64]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn ids_from_code(s: &str) -> Vec<i64> {
    let mut v: Vec<i64> = s.split(',').filter_map(|x| x.trim().parse().ok()).collect();
    v.sort_unstable();
    v
}
