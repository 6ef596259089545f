//! The rental desk (seed 000, a car-rental company's after-sales process): rentals with
//! their derived status, breakdowns during a rental (§2.1: fault type, time, place), the
//! satisfaction survey when a rental ends (§4.1) and care for long-term renters (§4.3).
//!
//! A store is a rental company when the store-wide setting `store.mode` is `rental`; the
//! dealership is the default and nothing of this module shows there.

use crate::i18n::Lang;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The store-wide setting naming what the store is.
pub const MODE_KEY: &str = "store.mode";
/// Its value for a car-rental company.
pub const MODE_RENTAL: &str = "rental";
/// Store settings of the long-term renter rule.
pub const LONG_DAYS_KEY: &str = "rentals.long_term_days";
pub const REPEAT_KEY: &str = "rentals.repeat_per_year";

/// What the store is: a dealership (4S store, the default) or a car-rental company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StoreMode {
    #[default]
    Dealership,
    Rental,
}

impl StoreMode {
    /// From the stored setting: anything but `rental` is a dealership.
    pub fn from_setting(value: Option<&str>) -> StoreMode {
        match value.map(str::trim) {
            Some(MODE_RENTAL) => StoreMode::Rental,
            _ => StoreMode::Dealership,
        }
    }
    pub fn is_rental(self) -> bool {
        self == StoreMode::Rental
    }
}

/// Where a rental stands, derived from its dates and the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RentalStatus {
    /// Booked to start later.
    Upcoming,
    /// The car is out and not yet due back.
    Active,
    /// The car is out past its planned return.
    Overdue,
    /// The car came back.
    Returned,
}

impl RentalStatus {
    pub fn of(
        start: DateTime<Utc>,
        planned_return: DateTime<Utc>,
        returned: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> RentalStatus {
        match returned {
            Some(_) => RentalStatus::Returned,
            None if now < start => RentalStatus::Upcoming,
            None if now > planned_return => RentalStatus::Overdue,
            None => RentalStatus::Active,
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RentalStatus::Upcoming => lang.t("待取车", "upcoming"),
            RentalStatus::Active => lang.t("在租", "active"),
            RentalStatus::Overdue => lang.t("逾期未还", "overdue"),
            RentalStatus::Returned => lang.t("已还车", "returned"),
        }
    }
    /// The car is with the customer (a breakdown may be logged, a return recorded).
    pub fn is_out(self) -> bool {
        matches!(self, RentalStatus::Active | RentalStatus::Overdue)
    }
}

/// The length of a rental in whole days, counting a started day (at least 1).
pub fn rental_days(start: DateTime<Utc>, end: DateTime<Utc>) -> i64 {
    let secs = (end - start).num_seconds().max(0);
    ((secs + 86_399) / 86_400).max(1)
}

/// Who counts as a long-term renter (§4.3): a rental of at least `min_days` days, or at
/// least `repeat_rentals` rentals started in one calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LongTermRule {
    pub min_days: i64,
    pub repeat_rentals: usize,
}

impl Default for LongTermRule {
    fn default() -> Self {
        LongTermRule {
            min_days: 30,
            repeat_rentals: 3,
        }
    }
}

/// One rental of a customer as the long-term rule sees it (store-local dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: NaiveDate,
    /// The planned return, or the actual one once the car is back.
    pub end: NaiveDate,
}

impl LongTermRule {
    /// The day in `year` the customer became a long-term renter, if they did: the first
    /// day a rental of theirs started in `year` reached `min_days` (counted from its start),
    /// or the start of their `repeat_rentals`-th rental of the year, whichever is earlier.
    pub fn qualified_in(&self, spans: &[Span], year: i32) -> Option<NaiveDate> {
        let mut in_year: Vec<&Span> = spans.iter().filter(|s| s.start.year() == year).collect();
        in_year.sort_by_key(|s| s.start);
        let long = in_year
            .iter()
            .filter(|s| (s.end - s.start).num_days() >= self.min_days)
            .map(|s| s.start + chrono::Duration::days(self.min_days - 1))
            .min();
        let repeat = (self.repeat_rentals > 0)
            .then(|| in_year.get(self.repeat_rentals - 1).map(|s| s.start))
            .flatten();
        match (long, repeat) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// The kinds of fault a breakdown is logged as (§2.1 "故障类型").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// Engine or power (won't start, loss of power, warning light).
    Engine,
    Battery,
    Tyre,
    Brakes,
    Electrical,
    /// A collision or scrape.
    Accident,
    /// Out of fuel or charge.
    Fuel,
    /// Keys locked in or lost.
    Keys,
    Other,
}

impl Fault {
    pub const ALL: [Fault; 9] = [
        Fault::Engine,
        Fault::Battery,
        Fault::Tyre,
        Fault::Brakes,
        Fault::Electrical,
        Fault::Accident,
        Fault::Fuel,
        Fault::Keys,
        Fault::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Fault::Engine => "engine",
            Fault::Battery => "battery",
            Fault::Tyre => "tyre",
            Fault::Brakes => "brakes",
            Fault::Electrical => "electrical",
            Fault::Accident => "accident",
            Fault::Fuel => "fuel",
            Fault::Keys => "keys",
            Fault::Other => "other",
        }
    }
    pub fn from_code(s: &str) -> Option<Fault> {
        Fault::ALL.into_iter().find(|f| f.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Fault::Engine => lang.t("发动机/动力故障", "engine or power"),
            Fault::Battery => lang.t("电瓶亏电", "flat battery"),
            Fault::Tyre => lang.t("轮胎爆胎/漏气", "tyre"),
            Fault::Brakes => lang.t("制动故障", "brakes"),
            Fault::Electrical => lang.t("电气故障", "electrical"),
            Fault::Accident => lang.t("事故刮擦", "accident"),
            Fault::Fuel => lang.t("缺油/缺电", "out of fuel or charge"),
            Fault::Keys => lang.t("钥匙问题", "keys"),
            Fault::Other => lang.t("其他", "other"),
        }
    }
    /// Parses what an agent types: a number from the list (1–9), the code or a label.
    pub fn parse(s: &str) -> Option<Fault> {
        let s = s.trim();
        if let Ok(n) = s.parse::<usize>() {
            return n.checked_sub(1).and_then(|i| Fault::ALL.get(i).copied());
        }
        let low = s.to_lowercase();
        Fault::ALL
            .into_iter()
            .find(|f| f.code() == low || f.label(Lang::Zh) == s || f.label(Lang::En) == low)
    }
}

/// A contract number as the desk writes it: `R` and digits, letters and dashes, 3–20 long.
pub fn valid_contract_no(s: &str) -> bool {
    let s = s.trim();
    (3..=20).contains(&s.chars().count())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A time as the desk types it, store-local: `2026-11-23 18:00` (or `2026-11-23T18:00`),
/// or a date alone (`2026-11-23`, taken as 09:00).
pub fn parse_when(s: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    let s = s.trim().replace('T', " ");
    let naive = chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%d %H:%M")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(9, 0, 0))
        })?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// A time as the desk shows and types it: `2026-11-23 18:00`, store-local.
pub fn format_when(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests;
