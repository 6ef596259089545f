//! Business time as a clock reading: `B(t)`, the business time from a fixed epoch to `t`
//! under a store's calendar, hours and zone. It is additive: the business time between two
//! instants (what [`BusinessHours::business_duration`] counts) is `B(b) - B(a)`, so marks
//! stored in it can be compared with "now" by subtraction, in SQL as in Rust.

use super::{BusinessCalendar, BusinessHours};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use std::sync::Mutex;

/// The store-local date whose start is business time zero (earlier instants read negative).
pub fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
}

/// The years a reading is given for; outside them `at` says None (out of reach).
const YEARS: std::ops::RangeInclusive<i32> = 1970..=2200;

/// Business time before each day, worked out once per day as readings need it.
#[derive(Debug, Clone, Default)]
struct Table {
    /// The first day in `before`; None while empty.
    first: Option<NaiveDate>,
    /// Business nanoseconds from the epoch's start to each day's start, day by day.
    before: Vec<i64>,
}

/// A store's business clock: its calendar, hours and zone, read as nanoseconds of business
/// time since the start of [`epoch`] (see the module note).
#[derive(Debug)]
pub struct BusinessTime {
    calendar: BusinessCalendar,
    hours: BusinessHours,
    tz: Tz,
    fingerprint: i64,
    table: Mutex<Table>,
}

impl Clone for BusinessTime {
    fn clone(&self) -> Self {
        BusinessTime {
            calendar: self.calendar.clone(),
            hours: self.hours,
            tz: self.tz,
            fingerprint: self.fingerprint,
            table: Mutex::new(self.table()),
        }
    }
}

/// 64-bit FNV-1a: a hash that stays the same from one build to the next.
fn fnv1a(text: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h as i64
}

impl BusinessTime {
    pub fn new(calendar: &BusinessCalendar, hours: BusinessHours, tz: Tz) -> BusinessTime {
        // Everything a reading depends on, in a fixed order: which days are off and which
        // weekend days are worked (holiday names do not count), the hours, the zone, and
        // the epoch (`b1`: this way of reading).
        let days = |it: &mut dyn Iterator<Item = &NaiveDate>| {
            it.map(NaiveDate::to_string).collect::<Vec<_>>().join(",")
        };
        let text = format!(
            "b1|{}|{}|{}|{}|off:{}|on:{}",
            epoch(),
            tz.name(),
            hours.open(),
            hours.close(),
            days(&mut calendar.holidays.keys()),
            days(&mut calendar.workdays.iter()),
        );
        BusinessTime {
            calendar: calendar.clone(),
            hours,
            tz,
            fingerprint: fnv1a(&text),
            table: Mutex::new(Table::default()),
        }
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    pub fn calendar(&self) -> &BusinessCalendar {
        &self.calendar
    }

    pub fn hours(&self) -> BusinessHours {
        self.hours
    }

    /// Names the calendar, hours and zone: two clocks with the same fingerprint read the
    /// same at every instant. Marks stored with one are used only under the same one.
    pub fn fingerprint(&self) -> i64 {
        self.fingerprint
    }

    fn table(&self) -> Table {
        match self.table.lock() {
            Ok(t) => t.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Business nanoseconds in `date`'s window (0 on a day off).
    fn day_ns(&self, date: NaiveDate) -> i64 {
        self.hours
            .window(&self.calendar, self.tz, date)
            .and_then(|(o, c)| (c - o).num_nanoseconds())
            .unwrap_or(0)
    }

    /// Business nanoseconds from the epoch's start to `date`'s start.
    fn before(&self, date: NaiveDate) -> i64 {
        let mut guard = match self.table.lock() {
            Ok(t) => t,
            Err(poisoned) => poisoned.into_inner(),
        };
        let t = &mut *guard;
        let Some(first) = t.first else {
            *t = Table {
                first: Some(epoch()),
                before: vec![0],
            };
            drop(guard);
            return self.before(date);
        };
        if date < first {
            // Days before the table, latest first, then the table after them.
            let mut earlier = Vec::new();
            let (mut d, mut at) = (first, t.before[0]);
            while d > date {
                d = d - Days::new(1);
                at -= self.day_ns(d);
                earlier.push(at);
            }
            earlier.reverse();
            earlier.append(&mut t.before);
            t.before = earlier;
            t.first = Some(date);
        }
        let first = t.first.unwrap_or(date);
        let index = (date - first).num_days() as usize;
        while t.before.len() <= index {
            let last = t.before.len() - 1;
            let day = first + Days::new(last as u64);
            let next = t.before[last] + self.day_ns(day);
            t.before.push(next);
        }
        t.before[index]
    }

    /// `B(t)`: business nanoseconds from the start of the epoch's store-local day to `t`
    /// (negative before it). None for instants outside the years 1970 to 2200.
    pub fn at(&self, t: DateTime<Utc>) -> Option<i64> {
        let local = t.with_timezone(&self.tz);
        let date = local.date_naive();
        if !YEARS.contains(&date.year()) {
            return None;
        }
        let part = match self.hours.window(&self.calendar, self.tz, date) {
            Some((o, c)) if local > o => (local.min(c) - o).num_nanoseconds()?,
            _ => 0,
        };
        Some(self.before(date) + part)
    }
}

#[cfg(test)]
mod tests;
