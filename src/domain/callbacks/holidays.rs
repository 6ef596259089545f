//! Holiday dates for greetings: fixed Gregorian days, and the lunar holidays (Spring
//! Festival, Mid-Autumn, ...) computed with the Chinese calendar of `icu_calendar` for any
//! year, not taken from a typed-in table.

use super::{Holiday, HolidayDate};
use chrono::{Datelike, NaiveDate};
use icu_calendar::Date;
use icu_calendar::cal::ChineseTraditional;
use icu_calendar::types::MonthCode;

/// The Gregorian date of lunar `month`/`day` in the Chinese year that begins in
/// `related_year` (month 1 day 1 is the Spring Festival of that year). A day 30 in a month
/// of 29 days is that month's last day (除夕 is "12-30" in every year). Leap months are
/// never meant: a holiday falls in the regular month.
pub fn lunar_to_gregorian(related_year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    let code = MonthCode::new_normal(month)?;
    let cal = ChineseTraditional::new();
    let date = Date::try_new_from_codes(None, related_year, code, day, cal)
        .ok()
        .or_else(|| {
            (day == 30)
                .then(|| Date::try_new_from_codes(None, related_year, code, 29, cal).ok())
                .flatten()
        })?;
    let iso = date.to_iso();
    NaiveDate::from_ymd_opt(
        iso.extended_year(),
        u32::from(iso.month().ordinal),
        u32::from(iso.day_of_month().0),
    )
}

/// The Gregorian date of the Spring Festival (春节, lunar 1-1) in `year`.
pub fn spring_festival(year: i32) -> Option<NaiveDate> {
    lunar_to_gregorian(year, 1, 1)
}

/// The Gregorian date of the Mid-Autumn Festival (中秋节, lunar 8-15) in `year`.
pub fn mid_autumn(year: i32) -> Option<NaiveDate> {
    lunar_to_gregorian(year, 8, 15)
}

/// The day a holiday falls on in Gregorian `year` (a lunar day late in the twelfth month
/// belongs to the Chinese year before). None when it does not fall in that year (29
/// February in a common year).
pub fn holiday_date(date: HolidayDate, year: i32) -> Option<NaiveDate> {
    match date {
        HolidayDate::Solar { month, day } => NaiveDate::from_ymd_opt(year, month, day),
        HolidayDate::Lunar { month, day } => [year, year - 1]
            .into_iter()
            .filter_map(|y| lunar_to_gregorian(y, month, day))
            .find(|d| d.year() == year),
    }
}

/// The enabled holidays falling between `from` and `to` (inclusive), with their dates,
/// in date order.
pub fn holidays_between(
    holidays: &[Holiday],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(&Holiday, NaiveDate)> {
    let mut out = Vec::new();
    for h in holidays.iter().filter(|h| h.enabled) {
        for year in from.year()..=to.year() {
            if let Some(d) = holiday_date(h.date, year)
                && from <= d
                && d <= to
            {
                out.push((h, d));
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.id.cmp(&b.0.id)));
    out
}
