//! Rules on top of a complaint's state and clocks: automatic escalation, the follow-ups
//! after closing, valid complaints (有效投诉) and the monthly tally per station (seed 003).

use super::{
    Category, ClockState, ComplaintState, EscalationReason, Event, EventKind, LEVEL_SUPERVISOR,
    Severity, sla::Clock,
};
use crate::i18n::Lang;
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;

/// A station with this many valid complaints in one month is flagged (seed 003).
pub const STATION_FLAG_AT: usize = 2;
/// The follow-up call is due within this many days of closing (seed 003).
pub const FOLLOW_UP_CALL_DAYS: u64 = 3;
/// Tracking checks this many months after closing (seed 003: track for three months).
pub const TRACKING_MONTHS: [u32; 3] = [1, 2, 3];

/// Every automatic escalation that applies and has not been recorded yet: a missed
/// deadline (per clock), the second reopen, a major complaint. None for a closed or
/// withdrawn one, nor for one already with the supervisor or above (escalated by hand or
/// automatically): an automatic escalation never logs a level the complaint already has.
pub fn pending_escalations(
    state: &ComplaintState,
    clocks: &[Clock],
    severity: Severity,
) -> Vec<EscalationReason> {
    if !state.is_received()
        || state.is_closed()
        || state.is_withdrawn()
        || state.escalation_level >= LEVEL_SUPERVISOR
    {
        return Vec::new();
    }
    let mut due = Vec::new();
    if severity == Severity::Major {
        due.push(EscalationReason::Major);
    }
    for c in clocks {
        if matches!(c.state, ClockState::Overdue | ClockState::MetLate) {
            due.push(EscalationReason::Deadline(c.kind));
        }
    }
    if state.reopen_count >= 2 {
        due.push(EscalationReason::ReopenedTwice);
    }
    due.retain(|r| !state.escalated_for(*r));
    due
}

/// The first automatic escalation due (see [`pending_escalations`]); record it with
/// [`escalation_event`] and ask again.
pub fn auto_escalation(
    state: &ComplaintState,
    clocks: &[Clock],
    severity: Severity,
) -> Option<EscalationReason> {
    pending_escalations(state, clocks, severity)
        .into_iter()
        .next()
}

/// The event recording an automatic escalation to the supervisor.
pub fn escalation_event(reason: EscalationReason, at: DateTime<Utc>) -> Event {
    Event::automatic(
        at,
        EventKind::Escalated {
            level: LEVEL_SUPERVISOR,
            reason,
            note: String::new(),
            automatic: true,
        },
    )
}

/// The work due after a complaint is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowUpKind {
    /// The follow-up call on the customer's satisfaction with the result.
    Call,
    /// A tracking check `n` months after closing.
    Tracking(u32),
}

impl FollowUpKind {
    pub fn code(self) -> String {
        match self {
            FollowUpKind::Call => "call".into(),
            FollowUpKind::Tracking(n) => format!("track_{n}m"),
        }
    }

    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (FollowUpKind::Call, _) => lang.t("投诉回访电话", "follow-up call").into(),
            (FollowUpKind::Tracking(n), Lang::Zh) => format!("第 {n} 个月跟踪"),
            (FollowUpKind::Tracking(n), Lang::En) => format!("{n}-month tracking check"),
        }
    }
}

/// The follow-ups of a complaint closed at `closed_at` (store time), with their due dates
/// (store-local, due by the end of that day): the call within 3 days, the tracking checks
/// 1, 2 and 3 calendar months on (clamped to the month's end: closed 31 January → 28 or 29
/// February, 31 March, 30 April).
pub fn follow_ups(closed_at: DateTime<Tz>) -> Vec<(FollowUpKind, NaiveDate)> {
    let day = closed_at.date_naive();
    let mut out = vec![(FollowUpKind::Call, day + Days::new(FOLLOW_UP_CALL_DAYS))];
    for n in TRACKING_MONTHS {
        let due = day
            .checked_add_months(Months::new(n))
            .unwrap_or(NaiveDate::MAX);
        out.push((FollowUpKind::Tracking(n), due));
    }
    out
}

/// Whether a complaint counts as valid (有效投诉, seed 003): attitude, timeliness, repair
/// quality, parts supply and pricing always; the others when any deadline was missed. A
/// supervisor's ruling overrides both.
pub fn is_valid(category: Category, any_missed: bool, ruling: Option<bool>) -> bool {
    ruling.unwrap_or(category.always_valid() || any_missed)
}

/// The valid-complaint verdict of a complaint from its state (the ruling in it) and clocks.
/// A withdrawn complaint (registered by mistake) is never valid, whatever its category.
pub fn is_valid_complaint(category: Category, state: &ComplaintState, clocks: &[Clock]) -> bool {
    !state.is_withdrawn()
        && is_valid(
            category,
            super::any_missed(clocks),
            state.ruling.as_ref().map(|r| r.valid),
        )
}

/// One station's (or department's) month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationMonth {
    pub station: String,
    /// (year, month 1..=12)
    pub month: (i32, u32),
    /// All complaints counted against the station that month.
    pub total: usize,
    pub valid_count: usize,
    /// `valid_count >= STATION_FLAG_AT`.
    pub flagged: bool,
}

/// The store-local (year, month) of an instant: the month a complaint is counted in is the
/// month it was received.
pub fn month_of(at: DateTime<Utc>, tz: Tz) -> (i32, u32) {
    let local = at.with_timezone(&tz);
    (local.year(), local.month())
}

/// Tallies (station, month, valid) items per station and month, sorted by station then
/// month; a station-month with [`STATION_FLAG_AT`] or more valid complaints is flagged.
pub fn monthly_tally(items: &[(String, (i32, u32), bool)]) -> Vec<StationMonth> {
    // (station, month) → (total, valid)
    type Key<'a> = (&'a str, (i32, u32));
    let mut by: BTreeMap<Key<'_>, (usize, usize)> = BTreeMap::new();
    for (station, month, valid) in items {
        let e = by.entry((station.as_str(), *month)).or_default();
        e.0 += 1;
        if *valid {
            e.1 += 1;
        }
    }
    by.into_iter()
        .map(|((station, month), (total, valid_count))| StationMonth {
            station: station.to_string(),
            month,
            total,
            valid_count,
            flagged: valid_count >= STATION_FLAG_AT,
        })
        .collect()
}

#[cfg(test)]
mod tests;
