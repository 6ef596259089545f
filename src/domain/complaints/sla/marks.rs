//! What judging "every deadline kept" needs of a complaint's log, so SQL can judge it as of
//! any later `now` with any limits: once every event of the log is seen, a clock's time
//! used is what it had used when it stopped, or it runs from a known instant. Kept in two
//! time scales: wall-clock nanoseconds since the Unix epoch, and business nanoseconds
//! ([`BusinessTime`]) for deadlines that count business hours. Either way a clock's time
//! between two instants is the difference of their readings, and SQL compares the marks
//! with `now` read the same way.

use super::{ClockKind, SlaSettings, clocks};
use crate::domain::calendar::{BusinessCalendar, BusinessHours, BusinessTime};
use crate::domain::complaints::{Event, Severity};
use chrono::{DateTime, Utc};

/// A complaint's marks in one time scale (see the module note). `None` when an instant is
/// out of reach of the scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SlaMarks {
    /// The latest event's time, always in wall-clock nanoseconds: the marks hold for any
    /// `now` from it on.
    pub seen: i64,
    /// When the clocks started; None: no `Received` event, no clocks (nothing missed).
    pub received: Option<i64>,
    /// The first-contact clock's time used once stopped; None while it runs (from
    /// `received`).
    pub contact: Option<i64>,
    /// The same for the handler assignment.
    pub assign: Option<i64>,
    /// The resolve clock's time used in its stretches that ended.
    pub resolve: i64,
    /// When the resolve clock's running stretch started, if it runs.
    pub resolve_from: Option<i64>,
}

/// The wall-clock marks of a log: the clocks as of its latest event.
pub fn wall_marks(events: &[Event]) -> Option<SlaMarks> {
    marks_in(events, |t| t.timestamp_nanos_opt())
}

/// The marks of a log in business time (`time`'s readings): what the clocks count with
/// business-hours deadlines under that calendar, hours and zone.
pub fn business_marks(events: &[Event], time: &BusinessTime) -> Option<SlaMarks> {
    marks_in(events, |t| time.at(t))
}

/// The marks with instants read by `read`, an increasing reading of time that the clocks'
/// time used is the difference of (never negative: a stretch that ends before it starts
/// used nothing, as the clocks count it).
fn marks_in(events: &[Event], read: impl Fn(DateTime<Utc>) -> Option<i64>) -> Option<SlaMarks> {
    let Some(last) = events.iter().map(|e| e.at).max() else {
        return Some(SlaMarks {
            seen: i64::MIN,
            ..SlaMarks::default()
        });
    };
    // Where the clocks' stretches start and stop does not depend on how time is counted.
    let clocks = clocks(
        events,
        Severity::General,
        &SlaSettings::default(),
        &BusinessCalendar::default(),
        &BusinessHours::default(),
        chrono_tz::UTC,
        last,
    );
    let span = |from: DateTime<Utc>, to: DateTime<Utc>| -> Option<i64> {
        Some((read(to)? - read(from)?).max(0))
    };
    let mut marks = SlaMarks {
        seen: last.timestamp_nanos_opt()?,
        ..SlaMarks::default()
    };
    for c in &clocks {
        let start = c.segments.first()?.from;
        let stopped = || -> Option<Option<i64>> {
            Some(match c.met_at {
                Some(at) => Some(span(start, at)?),
                None => None,
            })
        };
        match c.kind {
            ClockKind::FirstContact => {
                marks.received = Some(read(start)?);
                marks.contact = stopped()?;
            }
            ClockKind::AssignHandler => marks.assign = stopped()?,
            ClockKind::Resolve => {
                for s in c.segments.iter().filter(|s| s.running) {
                    match s.to {
                        Some(to) => marks.resolve += span(s.from, to)?,
                        None => marks.resolve_from = Some(read(s.from)?),
                    }
                }
            }
        }
    }
    Some(marks)
}

#[cfg(test)]
mod tests;
