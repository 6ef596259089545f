//! Callbacks (回访, seed 001 §2–§3): the kinds of callback, when each is due, the calling
//! hours, the retry schedule after an unanswered call, survey scores, and the monthly
//! second-level sample. Plain date arithmetic; the rules themselves (windows, priorities,
//! scripts, surveys, holidays) are data in `assets/callback_rules.toml`
//! (`callbacks/rules.rs`), the lunar holidays are computed in `callbacks/holidays.rs`, and
//! the planner and queue that use all this live in `store::callbacks`.
//!
//! Dates are store-local dates; instants are `DateTime<Tz>` in the store's zone.

use crate::domain::calendar::BusinessCalendar;
use crate::i18n::Lang;
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;
use std::collections::BTreeMap;

mod kinds;
pub use kinds::*;

pub mod complaint_words;

mod rules;
pub use rules::*;

mod rules_parse;

mod holidays;
pub use holidays::*;

/// When a task is worked: the day it counts from, the day it is due, and its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub anchor: NaiveDate,
    pub due: NaiveDate,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A rule's timing: `months` after the anchor (clamped to the month's end), then the
/// window `[from, to]` and the due day, in days from there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub months: u32,
    pub from: i64,
    pub to: i64,
    pub due: i64,
}

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
    .unwrap_or(d)
}

impl Timing {
    /// The window for `anchor`. Its end is always the rule's last day (the seed's limit:
    /// day 10 for 7DC, day 5 for 3DC, day 3 after closing for a complaint) and is never
    /// stretched. With `move_off` a due day that is not a workday moves inside the window
    /// only: to the last workday before it when the window has one, else to the first
    /// workday after it up to the window's end, else it stays on the seed's day (the whole
    /// window is a holiday: the call is made on the day off or not at all, never late).
    /// Greetings (`move_off` false) keep their day.
    pub fn window(&self, anchor: NaiveDate, cal: &BusinessCalendar, move_off: bool) -> Window {
        let base = anchor
            .checked_add_months(Months::new(self.months))
            .unwrap_or(anchor);
        let (start, mut due, end) = (
            add_days(base, self.from),
            add_days(base, self.due),
            add_days(base, self.to),
        );
        if move_off && !cal.is_workday(due) {
            due = workday_inside(cal, start, due, end);
        }
        Window {
            anchor,
            due,
            start,
            end,
        }
    }

    /// The anchors whose window may be live between `today` and `today + ahead` days
    /// (a little wider than exact; the planner filters with [`Window::is_live`]). A window
    /// ends on its rule's last day and a due day moves only inside the window, so the
    /// range follows from the rule's days alone.
    pub fn anchor_range(&self, today: NaiveDate, ahead: i64) -> (NaiveDate, NaiveDate) {
        let lo = add_days(today, -self.to.max(self.due));
        let hi = add_days(today, ahead - self.from.min(self.due));
        let m = Months::new(self.months);
        (
            add_days(lo.checked_sub_months(m).unwrap_or(lo), -3),
            add_days(hi.checked_sub_months(m).unwrap_or(hi), 3),
        )
    }
}

/// The workday a due day off moves to, inside `[start, end]`: the last one before `due`,
/// else the first one after it; `due` itself when the window has none.
fn workday_inside(
    cal: &BusinessCalendar,
    start: NaiveDate,
    due: NaiveDate,
    end: NaiveDate,
) -> NaiveDate {
    let earlier = std::iter::successors(Some(due), |d| d.pred_opt())
        .skip(1)
        .take_while(|d| *d >= start)
        .find(|d| cal.is_workday(*d));
    let later = || {
        std::iter::successors(Some(due), |d| d.succ_opt())
            .skip(1)
            .take_while(|d| *d <= end)
            .find(|d| cal.is_workday(*d))
    };
    earlier.or_else(later).unwrap_or(due)
}

impl Window {
    /// Due within the planning horizon and not yet over.
    pub fn is_live(&self, today: NaiveDate, ahead: i64) -> bool {
        self.end >= today && self.due <= add_days(today, ahead)
    }
}

/// The day a birthday falls on in `year`: 29 February is kept on 28 February in other years.
pub fn birthday_in(birthday: NaiveDate, year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, birthday.month(), birthday.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, birthday.month(), birthday.day() - 1))
}

/// The month-day keys (`MM-DD`) of every date in `[from, to]`, as inclusive ranges that do
/// not wrap the year end; 29 February is added when 28 February of a common year is in
/// range (that is when those birthdays are celebrated).
pub fn month_day_ranges(from: NaiveDate, to: NaiveDate) -> Vec<(String, String)> {
    let md = |d: NaiveDate| d.format("%m-%d").to_string();
    let mut out = Vec::new();
    if to < from {
        return out;
    }
    if (to - from).num_days() >= 365 {
        return vec![("01-01".into(), "12-31".into())];
    }
    let mut start = from;
    while start <= to {
        let year_end = NaiveDate::from_ymd_opt(start.year(), 12, 31).unwrap_or(to);
        let end = to.min(year_end);
        out.push((md(start), md(end)));
        let feb28 = NaiveDate::from_ymd_opt(start.year(), 2, 28);
        if !start.leap_year() && feb28.is_some_and(|f| start <= f && f <= end) {
            out.push(("02-29".into(), "02-29".into()));
        }
        start = add_days(end, 1);
    }
    out
}

/// The key under which one customer's calls due in the same ISO week are offered as one.
pub fn group_key(customer_id: i64, due: NaiveDate) -> String {
    let w = due.iso_week();
    format!("c{customer_id}:{}W{:02}", w.year(), w.week())
}

/// The hours in which customers are called (default 09:00–20:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallingHours {
    pub open: NaiveTime,
    pub close: NaiveTime,
}

impl Default for CallingHours {
    fn default() -> Self {
        CallingHours {
            open: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            close: NaiveTime::from_hms_opt(20, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

impl CallingHours {
    /// The opening instant of `date`.
    pub fn opening(&self, tz: Tz, date: NaiveDate) -> DateTime<Tz> {
        let naive = date.and_time(self.open);
        tz.from_local_datetime(&naive)
            .earliest()
            .unwrap_or_else(|| tz.from_utc_datetime(&naive))
    }
}

/// Whether a customer may be called at `now` (opening counts, closing does not).
pub fn callable_now(hours: &CallingHours, now: DateTime<Tz>) -> bool {
    let t = now.time();
    hours.open <= t && t < hours.close
}

/// `now` when callable, else the next opening.
pub fn next_callable(hours: &CallingHours, now: DateTime<Tz>) -> DateTime<Tz> {
    if callable_now(hours, now) {
        now
    } else if now.time() < hours.open {
        hours.opening(now.timezone(), now.date_naive())
    } else {
        hours.opening(now.timezone(), add_days(now.date_naive(), 1))
    }
}

/// What follows an unanswered call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    At(DateTime<Tz>),
    /// The window is over: the task fails.
    GiveUp,
}

/// After an unanswered call at `now`, the `tries_today`-th today (this one included):
/// again after `retry_after` while today's tries and calling hours last, else at the next
/// day's opening; never after the window's last day.
pub fn retry_after_no_answer(
    now: DateTime<Tz>,
    tries_today: u32,
    s: &Settings,
    window_end: NaiveDate,
) -> Retry {
    let today = now.date_naive();
    let later = now + s.retry_after;
    let at = if tries_today < s.max_tries_per_day
        && later.date_naive() == today
        && later.time() < s.calling_hours.close
    {
        next_callable(&s.calling_hours, later)
    } else {
        s.calling_hours.opening(now.timezone(), add_days(today, 1))
    };
    if at.date_naive() > window_end {
        Retry::GiveUp
    } else {
        Retry::At(at)
    }
}

/// A scored answer refused: unknown question, or out of the question's scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreError {
    UnknownQuestion(String),
    OutOfScale {
        question: String,
        value: u8,
        scale: u8,
    },
    NoSurvey,
}

impl ScoreError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ScoreError::UnknownQuestion(q), Lang::Zh) => format!("调查表中没有问题 {q}"),
            (ScoreError::UnknownQuestion(q), Lang::En) => format!("the survey has no question {q}"),
            (
                ScoreError::OutOfScale {
                    question,
                    value,
                    scale,
                },
                Lang::Zh,
            ) => {
                format!("{question} 的评分 {value} 不在 1–{scale} 之间")
            }
            (
                ScoreError::OutOfScale {
                    question,
                    value,
                    scale,
                },
                Lang::En,
            ) => {
                format!("score {value} for {question} is not between 1 and {scale}")
            }
            (ScoreError::NoSurvey, _) => lang
                .t(
                    "此类回访没有调查表，不能评分",
                    "this kind of callback has no survey to score",
                )
                .into(),
        }
    }
}

/// Checks scores against the survey: known questions, each within its scale. Questions
/// the customer did not answer may be left out.
pub fn check_scores(
    survey: Option<&Survey>,
    scores: &BTreeMap<String, u8>,
) -> Result<(), ScoreError> {
    if scores.is_empty() {
        return Ok(());
    }
    let Some(survey) = survey else {
        return Err(ScoreError::NoSurvey);
    };
    for (id, &value) in scores {
        let Some(_) = survey.questions.iter().find(|q| &q.id == id) else {
            return Err(ScoreError::UnknownQuestion(id.clone()));
        };
        if value < 1 || value > survey.scale {
            return Err(ScoreError::OutOfScale {
                question: id.clone(),
                value,
                scale: survey.scale,
            });
        }
    }
    Ok(())
}

/// The questions scored at or below the low-score threshold of the survey's scale.
pub fn low_scores<'a>(
    survey: &'a Survey,
    scores: &BTreeMap<String, u8>,
    s: &Settings,
) -> Vec<&'a Question> {
    let threshold = if survey.scale == 10 {
        s.low_score_10
    } else {
        s.low_score
    };
    survey
        .questions
        .iter()
        .filter(|q| scores.get(&q.id).is_some_and(|v| *v <= threshold))
        .collect()
}

/// A stable 64-bit mix of an id (splitmix64), for samples that do not change between runs.
pub fn mix(id: i64, salt: u64) -> u64 {
    let mut z = (id as u64) ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Whether `id` falls in a `percent` sample (decided by the id alone).
pub fn in_sample(id: i64, percent: u8, salt: u64) -> bool {
    mix(id, salt) % 100 < u64::from(percent)
}

/// Whether a new car's sale is in the quarterly third-level sample of `percent`.
pub fn in_quarterly_sample(sales_file_id: i64, percent: u8) -> bool {
    in_sample(sales_file_id, percent, 3)
}

/// Exactly `ceil(n × percent / 100)` of `ids`, chosen by hashing the ids: the same ids
/// give the same sample every time, in any order.
pub fn sample(ids: &[i64], percent: u8) -> Vec<i64> {
    let k = (ids.len() * usize::from(percent.min(100))).div_ceil(100);
    let mut keyed: Vec<(u64, i64)> = ids.iter().map(|&id| (mix(id, 2), id)).collect();
    keyed.sort_unstable();
    let mut out: Vec<i64> = keyed.into_iter().take(k).map(|(_, id)| id).collect();
    out.sort_unstable();
    out
}

/// The first day of the month after `d` (a second-level sample of one month is planned
/// from there).
pub fn next_month_start(d: NaiveDate) -> NaiveDate {
    let first = d.with_day(1).unwrap_or(d);
    first.checked_add_months(Months::new(1)).unwrap_or(first)
}

/// The store-local date of an instant.
pub fn local_date(at: DateTime<chrono::Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// `{name}`, `{store}` and `{holiday}` filled into a script or text message.
pub fn render_text(template: &str, name: &str, store: &str, holiday: &str) -> String {
    template
        .replace("{name}", name)
        .replace("{store}", store)
        .replace("{holiday}", holiday)
}

/// Shorthand used by the store: `d + n` days.
pub fn plus_days(d: NaiveDate, n: i64) -> NaiveDate {
    add_days(d, n)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod window_tests;
