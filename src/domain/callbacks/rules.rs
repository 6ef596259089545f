//! The callback rules as data: `assets/callback_rules.toml` is built in, and a store's
//! `<config dir>/callback_rules.toml` changes it without a rebuild. In the store's file each
//! `[settings]` key, each field of a `[[rule]]` (matched by `kind`) and of a `[[holiday]]`
//! (matched by `id`) replaces the built-in value; a new holiday id adds a holiday.

use super::rules_parse::{apply_text, blank_rule};
use super::{CallingHours, Channel, Kind, Timing};
use crate::domain::complaints::Category;
use chrono::Duration;
use std::path::Path;

/// The built-in rule file.
pub const BUILTIN_RULES_TOML: &str = include_str!("../../../assets/callback_rules.toml");
/// How errors in the built-in file name it.
pub const BUILTIN_RULES_NAME: &str = "assets/callback_rules.toml";

/// Settings of the queue as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Customers are called only in these hours (default 09:00–20:00).
    pub calling_hours: CallingHours,
    /// Tasks are planned this many days before they are due (default 7).
    pub plan_ahead_days: i64,
    /// A score at or below this on a 1–5 scale opens a complaint (default 2).
    pub low_score: u8,
    /// The same on a 1–10 scale (default 4).
    pub low_score_10: u8,
    /// After no answer, try again this much later (default 2 h).
    pub retry_after: Duration,
    /// At most this many tries a day (default 3).
    pub max_tries_per_day: u32,
    /// A personal task not worked this long past due returns to the pool (default 4 h).
    pub stale_after: Duration,
    /// At most this many open personal tasks per agent (default 40).
    pub max_open_personal: usize,
    /// The share of last month's completed first-level callbacks re-checked (default 10 %).
    pub recheck_percent: u8,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            calling_hours: CallingHours::default(),
            plan_ahead_days: 7,
            low_score: 2,
            low_score_10: 4,
            retry_after: Duration::hours(2),
            max_tries_per_day: 3,
            stale_after: Duration::hours(4),
            max_open_personal: 40,
            recheck_percent: 10,
        }
    }
}

/// One scored question of a survey (one service item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: String,
    pub text: String,
    /// The complaint category a low score opens (else `other`).
    pub category: Category,
}

/// A survey (调查表): its questions, all on one scale (1–5 or 1–10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    pub title: String,
    pub scale: u8,
    pub questions: Vec<Question>,
}

impl Survey {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

/// Who gets a new task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Assign {
    /// The pool: any agent claims it.
    #[default]
    Pool,
    /// The agent who took the call it comes from (open questions).
    SourceAgent,
}

/// One kind's rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub kind: Kind,
    pub enabled: bool,
    pub channel: Channel,
    /// 1 (first) to 9 (last).
    pub priority: u8,
    pub timing: Timing,
    /// 7DC of a secondary dealer's sale, counted from the invoice.
    pub secondary: Option<Timing>,
    /// Complaint tracking checks (1, 2, 3 months), around their day.
    pub tracking: Option<Timing>,
    /// Declined services: the timing of those the customer deferred (rather than declined).
    pub deferred: Option<Timing>,
    /// A due day on a day off moves to a workday inside the window, earlier first, never
    /// past the window's end (calls); greetings keep their day.
    pub move_off_holidays: bool,
    pub assign: Assign,
    /// The call script (话术).
    pub script: String,
    /// The text message, with `{name}`, `{store}`, `{holiday}`.
    pub text: String,
    pub survey: Option<Survey>,
    /// Quarterly: the share of new cars called.
    pub sample_percent: u8,
    /// Third level, repairs: bills from this amount are called.
    pub min_bill_yuan: i64,
    /// Third level, repairs: accident repairs from this amount are major.
    pub major_accident_yuan: i64,
    /// Third level, repairs: VIP customers are called whatever the bill.
    pub include_vip: bool,
    /// 3DC: the repair kinds called (empty: all).
    pub repair_kinds: Vec<String>,
}

/// A holiday's day: a fixed Gregorian day, or a day of the Chinese lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayDate {
    Solar { month: u32, day: u32 },
    Lunar { month: u8, day: u8 },
}

/// A holiday greeted (configurable list).
#[derive(Debug, Clone, PartialEq)]
pub struct Holiday {
    pub id: String,
    pub name: String,
    pub date: HolidayDate,
    pub enabled: bool,
    /// The greeting; empty: the holiday rule's text.
    pub greeting: String,
}

/// Everything the planner and the queue need.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub settings: Settings,
    pub rules: Vec<Rule>,
    pub holidays: Vec<Holiday>,
}

impl Rules {
    /// The built-in rules. A unit test checks the asset, so this does not fail in a
    /// released build.
    pub fn builtin() -> Rules {
        let mut r = Rules {
            settings: Settings::default(),
            rules: Kind::ALL.into_iter().map(blank_rule).collect(),
            holidays: Vec::new(),
        };
        match apply_text(&mut r, BUILTIN_RULES_TOML, BUILTIN_RULES_NAME) {
            Ok(()) => r,
            Err(e) => panic!("built-in callback rules are broken: {e}"),
        }
    }

    /// The built-in rules with a store's file on top. A missing file is no error; a broken
    /// one leaves the built-in rules and returns the error alongside.
    pub fn with_overrides(file: &Path) -> (Rules, Option<String>) {
        match std::fs::read_to_string(file) {
            Ok(text) => Rules::with_overrides_text(&text, &file.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Rules::builtin(), None),
            Err(e) => (Rules::builtin(), Some(format!("{}: {e}", file.display()))),
        }
    }

    /// The rules of a store whose config directory is `dir`: the built-in rules with
    /// `dir/callback_rules.toml` on top (see [`Rules::with_overrides`]).
    pub fn from_config_dir(dir: Option<&Path>) -> (Rules, Option<String>) {
        match dir {
            Some(d) => Rules::with_overrides(&d.join("callback_rules.toml")),
            None => (Rules::builtin(), None),
        }
    }

    /// As [`Rules::with_overrides`], from the file's text.
    pub fn with_overrides_text(text: &str, file: &str) -> (Rules, Option<String>) {
        let builtin = Rules::builtin();
        let mut r = builtin.clone();
        match apply_text(&mut r, text, file) {
            Ok(()) => (r, None),
            Err(e) => (builtin, Some(e)),
        }
    }

    /// The rule of a kind (every kind has one; a disabled one plans nothing).
    pub fn rule(&self, kind: Kind) -> Option<&Rule> {
        self.rules.iter().find(|r| r.kind == kind)
    }

    /// The enabled rule of a kind.
    pub fn enabled(&self, kind: Kind) -> Option<&Rule> {
        self.rule(kind).filter(|r| r.enabled)
    }

    /// The survey of a kind.
    pub fn survey(&self, kind: Kind) -> Option<&Survey> {
        self.rule(kind).and_then(|r| r.survey.as_ref())
    }

    pub fn holiday(&self, id: &str) -> Option<&Holiday> {
        self.holidays.iter().find(|h| h.id == id)
    }
}
