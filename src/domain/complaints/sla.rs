//! The SLA clocks of a complaint, computed from its event log (never from a stored counter):
//! first contact within 10 min of receipt, a handler within 1 h, resolution within 24 h
//! (general) or 3 days (major). Each counts wall-clock time or the store's business hours.
//!
//! Every clock starts at `Received`. The first-contact and assignment clocks stop at the
//! first `Contacted` / `HandlerAssigned` and cannot be paused. The resolve clock runs while
//! the complaint is open and not paused; it stops at `Resolved` (awaiting confirmation) and
//! runs on from a `Reopened`, with the time already used carried over.

use super::{ClockKind, Event, EventKind, PauseReason, Severity};
use crate::domain::calendar::{BusinessCalendar, BusinessHours};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

/// The deadlines (each a setting; defaults from DOMAIN: complaints).
#[derive(Debug, Clone, PartialEq)]
pub struct SlaSettings {
    pub first_contact: Duration,
    pub assign_handler: Duration,
    pub resolve_general: Duration,
    pub resolve_major: Duration,
    /// Count business hours on workdays instead of wall-clock time.
    pub business_hours: bool,
    /// Warn when this share of a limit is used.
    pub warn_ratio: f64,
}

impl Default for SlaSettings {
    fn default() -> Self {
        SlaSettings {
            first_contact: Duration::minutes(10),
            assign_handler: Duration::hours(1),
            resolve_general: Duration::hours(24),
            resolve_major: Duration::days(3),
            business_hours: false,
            warn_ratio: 0.8,
        }
    }
}

impl SlaSettings {
    /// The configured limit of a clock, as written (wall-clock terms).
    pub fn limit(&self, kind: ClockKind, severity: Severity) -> Duration {
        match (kind, severity) {
            (ClockKind::FirstContact, _) => self.first_contact,
            (ClockKind::AssignHandler, _) => self.assign_handler,
            (ClockKind::Resolve, Severity::General) => self.resolve_general,
            (ClockKind::Resolve, Severity::Major) => self.resolve_major,
        }
    }

    /// The limit as counted: in business-hours mode each whole 24 h of a limit is one
    /// business day (so "24 h" is due at the same time the next workday and "3 days" three
    /// workdays on) and the rest is business time; wall-clock limits are unchanged.
    pub fn counted_limit(
        &self,
        kind: ClockKind,
        severity: Severity,
        hours: &BusinessHours,
    ) -> Duration {
        let limit = self.limit(kind, severity);
        if !self.business_hours {
            return limit;
        }
        let days = limit.num_days();
        let rest = limit - Duration::days(days);
        hours.day_length() * days as i32 + rest
    }
}

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClockState {
    Running,
    Paused,
    /// Stopped within the limit.
    Met,
    /// Stopped after the limit.
    MetLate,
    /// Still open and past the limit (paused or not).
    Overdue,
}

/// A stretch of a clock's life: running, paused (with the reason), or stopped awaiting the
/// customer's confirmation (`running: false`, `pause: None`, between a resolution and a
/// reopen). `to` is None for the stretch still going on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub from: DateTime<Utc>,
    pub to: Option<DateTime<Utc>>,
    pub running: bool,
    pub pause: Option<PauseReason>,
}

/// One deadline of a complaint, as of `now`.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    pub kind: ClockKind,
    /// When the limit is (or was) reached. None while paused within the limit. For a met
    /// clock, when it would have been due.
    pub due: Option<DateTime<Utc>>,
    /// Counted time used (business time in business-hours mode).
    pub used: Duration,
    /// The counted limit (see [`SlaSettings::counted_limit`]).
    pub limit: Duration,
    /// When the clock stopped (first contact, first assignment, resolution).
    pub met_at: Option<DateTime<Utc>>,
    pub state: ClockState,
    /// Open, not overdue, and at least the warning share of the limit used.
    pub warn: bool,
    pub business_hours: bool,
    pub segments: Vec<Segment>,
}

impl Clock {
    /// Counted time left; negative when over the limit.
    pub fn left(&self) -> Duration {
        self.limit - self.used
    }

    /// Not stopped yet (running, paused or overdue).
    pub fn is_open(&self) -> bool {
        matches!(
            self.state,
            ClockState::Running | ClockState::Paused | ClockState::Overdue
        )
    }

    /// The deadline was missed (overdue, or met late).
    pub fn missed(&self) -> bool {
        matches!(self.state, ClockState::Overdue | ClockState::MetLate)
    }

    /// Share of the limit used (1.0 = all of it).
    pub fn ratio_used(&self) -> f64 {
        let limit = self.limit.num_milliseconds();
        if limit <= 0 {
            return 1.0;
        }
        self.used.num_milliseconds() as f64 / limit as f64
    }
}

/// How time is counted: wall clock, or business hours in the store's calendar and zone.
struct Counter<'a> {
    business: bool,
    calendar: &'a BusinessCalendar,
    hours: &'a BusinessHours,
    tz: Tz,
}

impl Counter<'_> {
    fn measure(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        if to <= from {
            Duration::zero()
        } else if self.business {
            let (a, b) = (from.with_timezone(&self.tz), to.with_timezone(&self.tz));
            self.hours.business_duration(self.calendar, a, b)
        } else {
            to - from
        }
    }

    fn add(&self, from: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
        if self.business {
            let a = from.with_timezone(&self.tz);
            self.hours
                .add_business(self.calendar, a, d)
                .with_timezone(&Utc)
        } else {
            from + d
        }
    }
}

/// Segments of a clock that is not pausable: running from receipt to the first `stop`.
fn simple_segments(received: DateTime<Utc>, stop: Option<DateTime<Utc>>) -> Vec<Segment> {
    vec![Segment {
        from: received,
        to: stop,
        running: true,
        pause: None,
    }]
}

/// Ends the last segment at `at` and starts a new one.
fn switch(segs: &mut Vec<Segment>, at: DateTime<Utc>, running: bool, pause: Option<PauseReason>) {
    let mut from = at;
    if let Some(last) = segs.last_mut() {
        from = at.max(last.from);
        last.to = Some(from);
    }
    segs.push(Segment {
        from,
        to: None,
        running,
        pause,
    });
}

/// The resolve clock's segments and when it stopped (if it is stopped now).
fn resolve_segments(
    events: &[Event],
    received: DateTime<Utc>,
) -> (Vec<Segment>, Option<DateTime<Utc>>) {
    #[derive(PartialEq)]
    enum Mode {
        Running,
        Paused,
        Stopped,
    }
    let mut segs = vec![Segment {
        from: received,
        to: None,
        running: true,
        pause: None,
    }];
    let mut mode = Mode::Running;
    let mut stopped_at = None;
    for e in events {
        match (&e.kind, &mode) {
            (EventKind::Paused { reason, .. }, Mode::Running) => {
                switch(&mut segs, e.at, false, Some(*reason));
                mode = Mode::Paused;
            }
            (EventKind::Resumed, Mode::Paused) => {
                switch(&mut segs, e.at, true, None);
                mode = Mode::Running;
            }
            (EventKind::Resolved { .. }, Mode::Running | Mode::Paused) => {
                switch(&mut segs, e.at, false, None);
                mode = Mode::Stopped;
                stopped_at = Some(e.at);
            }
            (EventKind::Reopened { .. }, Mode::Stopped) => {
                switch(&mut segs, e.at, true, None);
                mode = Mode::Running;
                stopped_at = None;
            }
            (EventKind::Closed, Mode::Stopped) => {
                if let Some(last) = segs.last_mut() {
                    last.to = Some(e.at.max(last.from));
                }
            }
            _ => {}
        }
    }
    (segs, stopped_at)
}

/// The clocks of a complaint as of `now`, computed from its events (events dated after
/// `now` are not yet counted). Empty before the `Received` event, and once withdrawn.
pub fn clocks(
    events: &[Event],
    severity: Severity,
    settings: &SlaSettings,
    calendar: &BusinessCalendar,
    hours: &BusinessHours,
    tz: Tz,
    now: DateTime<Utc>,
) -> Vec<Clock> {
    let seen: Vec<Event> = events.iter().filter(|e| e.at <= now).cloned().collect();
    let Some(received) = seen
        .iter()
        .find(|e| e.kind == EventKind::Received)
        .map(|e| e.at)
    else {
        return Vec::new();
    };
    // A withdrawn complaint (registered by mistake) has no deadlines: nothing runs, is
    // overdue or was missed.
    if seen
        .iter()
        .any(|e| matches!(e.kind, EventKind::Withdrawn { .. }))
    {
        return Vec::new();
    }
    let first = |pred: fn(&EventKind) -> bool| {
        seen.iter()
            .find(|e| pred(&e.kind))
            .map(|e| e.at.max(received))
    };
    let counter = Counter {
        business: settings.business_hours,
        calendar,
        hours,
        tz,
    };
    let contacted = first(|k| matches!(k, EventKind::Contacted));
    let assigned = first(|k| matches!(k, EventKind::HandlerAssigned { .. }));
    let (resolve_segs, resolved) = resolve_segments(&seen, received);
    let parts = [
        (
            ClockKind::FirstContact,
            simple_segments(received, contacted),
            contacted,
        ),
        (
            ClockKind::AssignHandler,
            simple_segments(received, assigned),
            assigned,
        ),
        (ClockKind::Resolve, resolve_segs, resolved),
    ];
    parts
        .into_iter()
        .map(|(kind, segments, met_at)| {
            let limit = settings.counted_limit(kind, severity, hours);
            build(kind, segments, met_at, limit, settings, &counter, now)
        })
        .collect()
}

fn build(
    kind: ClockKind,
    segments: Vec<Segment>,
    met_at: Option<DateTime<Utc>>,
    limit: Duration,
    settings: &SlaSettings,
    counter: &Counter<'_>,
    now: DateTime<Utc>,
) -> Clock {
    let mut used = Duration::zero();
    let mut due = None;
    for s in segments.iter().filter(|s| s.running) {
        let before = used;
        match s.to {
            Some(to) => {
                used += counter.measure(s.from, to);
                if due.is_none() && used >= limit {
                    due = Some(counter.add(s.from, limit - before));
                }
            }
            None => {
                used += counter.measure(s.from, now);
                if due.is_none() {
                    due = Some(counter.add(s.from, limit - before));
                }
            }
        }
    }
    let running = segments.last().is_some_and(|s| s.running && s.to.is_none());
    if due.is_none()
        && let Some(at) = met_at
    {
        due = Some(counter.add(at, limit - used));
    }
    let state = match met_at {
        Some(_) if used <= limit => ClockState::Met,
        Some(_) => ClockState::MetLate,
        None if used > limit => ClockState::Overdue,
        None if running => ClockState::Running,
        None => ClockState::Paused,
    };
    let warn = matches!(state, ClockState::Running | ClockState::Paused)
        && used.num_milliseconds() as f64 >= settings.warn_ratio * limit.num_milliseconds() as f64;
    Clock {
        kind,
        due,
        used,
        limit,
        met_at,
        state,
        warn,
        business_hours: counter.business,
        segments,
    }
}

/// The open clock due soonest (an overdue one first); None when none is open or the open
/// ones are paused.
pub fn next_deadline(clocks: &[Clock]) -> Option<&Clock> {
    clocks
        .iter()
        .filter(|c| c.is_open() && c.due.is_some())
        .min_by_key(|c| c.due)
}

/// Whether any deadline was missed (overdue now, or met late).
pub fn any_missed(clocks: &[Clock]) -> bool {
    clocks.iter().any(Clock::missed)
}

mod marks;
pub use marks::*;

#[cfg(test)]
mod tests;
