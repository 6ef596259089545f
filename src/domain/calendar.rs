//! The store's business calendar: which days are worked (weekends off, statutory holidays
//! off, make-up workdays 调休 on) and the business hours within a workday. The holidays are
//! data (`assets/calendar.toml`, overridable per year by the store), not code.
//!
//! Instants are `DateTime<Tz>` in the store's zone; dates are store-local dates.

use chrono::{
    DateTime, Datelike, Days, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Weekday,
};
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use toml::Spanned;

/// The built-in calendar file.
pub const BUILTIN_TOML: &str = include_str!("../../assets/calendar.toml");
/// How errors in the built-in file name it.
pub const BUILTIN_NAME: &str = "assets/calendar.toml";
/// A holiday range longer than this is taken for a typo.
const MAX_RANGE_DAYS: i64 = 31;

/// Workdays and days off, year by year.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BusinessCalendar {
    /// Days off that would otherwise be worked, or named weekend days of a holiday.
    holidays: BTreeMap<NaiveDate, String>,
    /// Weekend days that are worked (调休上班).
    workdays: BTreeSet<NaiveDate>,
    /// The years the data covers.
    years: BTreeSet<i32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    year: Vec<Spanned<RawYear>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: Spanned<i64>,
    #[serde(default)]
    holidays: Vec<Spanned<RawHoliday>>,
    #[serde(default)]
    workdays: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    date: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
    name: Spanned<String>,
}

/// The 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

struct Parser<'a> {
    text: &'a str,
    file: &'a str,
}

impl Parser<'_> {
    fn err<T>(
        &self,
        span: std::ops::Range<usize>,
        msg: impl std::fmt::Display,
    ) -> Result<T, String> {
        Err(format!(
            "{}:{}: {msg}",
            self.file,
            line_of(self.text, span.start)
        ))
    }

    fn date(&self, s: &Spanned<String>, year: i32) -> Result<NaiveDate, String> {
        let Ok(d) = NaiveDate::parse_from_str(s.get_ref().trim(), "%Y-%m-%d") else {
            return self.err(
                s.span(),
                format!("`{}` is not a date (YYYY-MM-DD)", s.get_ref()),
            );
        };
        if d.year() != year {
            return self.err(s.span(), format!("{d} is not in the year {year}"));
        }
        Ok(d)
    }

    fn parse(&self) -> Result<Vec<(i32, BusinessCalendar)>, String> {
        let raw: RawFile = match toml::from_str(self.text) {
            Ok(r) => r,
            Err(e) => {
                let msg = e.message().to_string();
                return match e.span() {
                    Some(span) => self.err(span, msg),
                    None => Err(format!("{}: {msg}", self.file)),
                };
            }
        };
        let mut out: Vec<(i32, BusinessCalendar)> = Vec::new();
        for y in &raw.year {
            let y = y.get_ref();
            let year = match i32::try_from(*y.year.get_ref()) {
                Ok(v) if (2000..=2100).contains(&v) => v,
                _ => return self.err(y.year.span(), "year must be between 2000 and 2100"),
            };
            if out.iter().any(|(seen, _)| *seen == year) {
                return self.err(y.year.span(), format!("year {year} is given twice"));
            }
            let mut cal = BusinessCalendar::default();
            cal.years.insert(year);
            for h in &y.holidays {
                let (span, h) = (h.span(), h.get_ref());
                let name = h.name.get_ref().trim();
                if name.is_empty() {
                    return self.err(h.name.span(), "holiday name is empty");
                }
                let (first, last) = match (&h.date, &h.from, &h.to) {
                    (Some(d), None, None) => {
                        let d = self.date(d, year)?;
                        (d, d)
                    }
                    (None, Some(f), Some(t)) => {
                        let (a, b) = (self.date(f, year)?, self.date(t, year)?);
                        if b < a {
                            return self.err(t.span(), format!("`to` {b} is before `from` {a}"));
                        }
                        if (b - a).num_days() >= MAX_RANGE_DAYS {
                            return self.err(span, format!("{a} to {b} is longer than a month"));
                        }
                        (a, b)
                    }
                    _ => {
                        return self.err(span, "a holiday needs either `date`, or `from` and `to`");
                    }
                };
                for d in first.iter_days().take_while(|d| *d <= last) {
                    if cal.holidays.insert(d, name.to_string()).is_some() {
                        return self.err(span, format!("{d} is listed twice"));
                    }
                }
            }
            for w in &y.workdays {
                let d = self.date(w, year)?;
                if !is_weekend(d) {
                    return self.err(
                        w.span(),
                        format!("{d} is a weekday: list only weekend days that are worked"),
                    );
                }
                if cal.holidays.contains_key(&d) {
                    return self.err(w.span(), format!("{d} is also listed as a holiday"));
                }
                if !cal.workdays.insert(d) {
                    return self.err(w.span(), format!("{d} is listed twice"));
                }
            }
            out.push((year, cal));
        }
        Ok(out)
    }
}

/// The holidays a day off is named for: `国庆节、中秋节` is both 国庆节 and 中秋节.
pub fn holiday_parts(name: &str) -> impl Iterator<Item = &str> {
    name.split('、').map(str::trim).filter(|p| !p.is_empty())
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl BusinessCalendar {
    /// The built-in calendar from `assets/calendar.toml`. A unit test checks the asset, so
    /// this does not fail in a released build.
    pub fn builtin() -> BusinessCalendar {
        match BusinessCalendar::parse(BUILTIN_TOML, BUILTIN_NAME) {
            Ok(cal) => cal,
            Err(e) => panic!("built-in calendar is broken: {e}"),
        }
    }

    /// Parses a calendar file; an error reads `file:line: problem`.
    pub fn parse(text: &str, file: &str) -> Result<BusinessCalendar, String> {
        let mut cal = BusinessCalendar::default();
        for (_, y) in (Parser { text, file }).parse()? {
            cal.merge_year(y);
        }
        Ok(cal)
    }

    /// The built-in calendar with a store's file on top: each year the file gives replaces
    /// that whole year, new years are added. A file that does not exist is no error. A
    /// broken file leaves the built-in calendar intact and returns the error alongside.
    pub fn with_overrides(file: &Path) -> (BusinessCalendar, Option<String>) {
        let name = file.display().to_string();
        match std::fs::read_to_string(file) {
            Ok(text) => BusinessCalendar::with_overrides_text(&text, &name),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                (BusinessCalendar::builtin(), None)
            }
            Err(e) => (BusinessCalendar::builtin(), Some(format!("{name}: {e}"))),
        }
    }

    /// As [`BusinessCalendar::with_overrides`], from the file's text.
    pub fn with_overrides_text(text: &str, file: &str) -> (BusinessCalendar, Option<String>) {
        let mut cal = BusinessCalendar::builtin();
        match (Parser { text, file }).parse() {
            Ok(years) => {
                for (_, y) in years {
                    cal.merge_year(y);
                }
                (cal, None)
            }
            Err(e) => (cal, Some(e)),
        }
    }

    /// Replaces the years `other` covers with its data.
    fn merge_year(&mut self, other: BusinessCalendar) {
        for year in &other.years {
            self.holidays.retain(|d, _| d.year() != *year);
            self.workdays.retain(|d| d.year() != *year);
            self.years.insert(*year);
        }
        self.holidays.extend(other.holidays);
        self.workdays.extend(other.workdays);
    }

    /// Whether the data lists holidays for `year` (otherwise only weekends are off).
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The years the data covers, in order.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// Monday to Friday, unless a holiday; Saturday and Sunday only as make-up workdays.
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        if self.holidays.contains_key(&date) {
            false
        } else if is_weekend(date) {
            self.workdays.contains(&date)
        } else {
            true
        }
    }

    /// A weekend day that is worked (调休上班).
    pub fn is_makeup_workday(&self, date: NaiveDate) -> bool {
        self.workdays.contains(&date)
    }

    /// The holiday's name when `date` is a statutory day off.
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        self.holidays.get(&date).map(String::as_str)
    }

    /// The names of the holidays it knows, each once, in the order of their first day. A
    /// day off named for two holidays at once (`国庆节、中秋节`) gives both names.
    pub fn holiday_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for name in self.holidays.values() {
            for part in holiday_parts(name) {
                if !out.iter().any(|n| n == part) {
                    out.push(part.to_string());
                }
            }
        }
        out
    }

    /// `date` itself when it is a workday, else the next workday.
    pub fn next_workday(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        while !self.is_workday(d) {
            d = d + Days::new(1);
        }
        d
    }

    /// The date `n` workdays after `date` (before it when `n` is negative); `date` itself
    /// for 0. `date` need not be a workday: Friday + 1 is Monday, Saturday + 1 is Monday.
    pub fn add_workdays(&self, date: NaiveDate, n: i64) -> NaiveDate {
        let mut d = date;
        let mut left = n.unsigned_abs();
        while left > 0 {
            d = if n > 0 {
                d + Days::new(1)
            } else {
                d - Days::new(1)
            };
            if self.is_workday(d) {
                left -= 1;
            }
        }
        d
    }
}

/// The store's opening hours on a workday (the same every workday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusinessHours {
    open: NaiveTime,
    close: NaiveTime,
}

impl Default for BusinessHours {
    /// 08:30 to 17:30.
    fn default() -> Self {
        BusinessHours {
            open: NaiveTime::from_hms_opt(8, 30, 0).unwrap_or(NaiveTime::MIN),
            close: NaiveTime::from_hms_opt(17, 30, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

/// The instant of a store-local date and time; a time skipped by a clock change is moved
/// forward by the gap, an ambiguous one takes the earlier instant.
fn at_local(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Tz> {
    let naive = date.and_time(time);
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t,
        LocalResult::None => {
            let mut later = naive;
            for _ in 0..24 * 4 {
                later += Duration::minutes(15);
                if let Some(t) = tz.from_local_datetime(&later).earliest() {
                    return t;
                }
            }
            tz.from_utc_datetime(&naive)
        }
    }
}

impl BusinessHours {
    /// Hours from `open` to `close`; refused unless `open` is before `close`.
    pub fn new(open: NaiveTime, close: NaiveTime) -> Result<BusinessHours, String> {
        if open < close {
            Ok(BusinessHours { open, close })
        } else {
            Err(format!(
                "business hours: opening {open} is not before closing {close}"
            ))
        }
    }

    pub fn open(&self) -> NaiveTime {
        self.open
    }

    pub fn close(&self) -> NaiveTime {
        self.close
    }

    /// The length of one business day.
    pub fn day_length(&self) -> Duration {
        self.close - self.open
    }

    /// The business window of `date` in `tz`, when it is a workday.
    fn window(
        &self,
        cal: &BusinessCalendar,
        tz: Tz,
        date: NaiveDate,
    ) -> Option<(DateTime<Tz>, DateTime<Tz>)> {
        cal.is_workday(date).then(|| {
            (
                at_local(tz, date, self.open),
                at_local(tz, date, self.close),
            )
        })
    }

    /// Whether the store is open at `at` (the opening instant counts, the closing does not).
    pub fn is_open(&self, cal: &BusinessCalendar, at: DateTime<Tz>) -> bool {
        self.window(cal, at.timezone(), at.date_naive())
            .is_some_and(|(o, c)| o <= at && at < c)
    }

    /// `at` itself when the store is open, else the next opening.
    pub fn next_open(&self, cal: &BusinessCalendar, at: DateTime<Tz>) -> DateTime<Tz> {
        let tz = at.timezone();
        let mut date = at.date_naive();
        loop {
            if let Some((o, c)) = self.window(cal, tz, date)
                && at < c
            {
                return o.max(at);
            }
            date = date + Days::new(1);
        }
    }

    /// Business time between two instants: the part of `[from, to)` inside business hours
    /// on workdays. Zero when `to` is not after `from`.
    pub fn business_duration(
        &self,
        cal: &BusinessCalendar,
        from: DateTime<Tz>,
        to: DateTime<Tz>,
    ) -> Duration {
        let mut total = Duration::zero();
        if to <= from {
            return total;
        }
        let tz = from.timezone();
        let to = to.with_timezone(&tz);
        let mut date = from.date_naive();
        while date <= to.date_naive() {
            if let Some((o, c)) = self.window(cal, tz, date) {
                let (a, b) = (o.max(from), c.min(to));
                if a < b {
                    total += b - a;
                }
            }
            date = date + Days::new(1);
        }
        total
    }

    /// The instant at which `d` of business time has passed since `from`. Starting outside
    /// business hours counts from the next opening. Ending exactly at closing time gives
    /// the closing instant, not the next opening. `from` itself when `d` is not positive.
    pub fn add_business(
        &self,
        cal: &BusinessCalendar,
        from: DateTime<Tz>,
        d: Duration,
    ) -> DateTime<Tz> {
        if d <= Duration::zero() {
            return from;
        }
        let tz = from.timezone();
        let mut left = d;
        let mut date = from.date_naive();
        loop {
            if let Some((o, c)) = self.window(cal, tz, date) {
                let start = o.max(from);
                if start < c {
                    let avail = c - start;
                    if left <= avail {
                        return start + left;
                    }
                    left -= avail;
                }
            }
            date = date + Days::new(1);
        }
    }
}

mod business_time;
pub use business_time::*;

#[cfg(test)]
mod tests;
