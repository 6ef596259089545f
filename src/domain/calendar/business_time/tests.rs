use super::*;
use crate::domain::testing::{Rng, local as at};
use chrono::Duration;

fn shanghai() -> BusinessTime {
    BusinessTime::new(
        &BusinessCalendar::builtin(),
        BusinessHours::default(),
        chrono_tz::Asia::Shanghai,
    )
}

fn b(bt: &BusinessTime, s: &str) -> i64 {
    bt.at(at(bt.tz(), s)).unwrap()
}

fn hours(h: f64) -> i64 {
    (h * 3_600_000_000_000.0) as i64
}

#[test]
fn business_time_starts_at_the_epoch_and_counts_only_open_hours() {
    let bt = shanghai();
    // 2026-01-01..03 are New Year holidays: nothing counted until the make-up workday,
    // Sunday 2026-01-04.
    assert_eq!(b(&bt, "2026-01-01 00:00:00"), 0);
    assert_eq!(b(&bt, "2026-01-03 12:00:00"), 0);
    assert_eq!(b(&bt, "2026-01-04 08:30:00"), 0);
    assert_eq!(b(&bt, "2026-01-04 08:30:01"), 1_000_000_000);
    assert_eq!(b(&bt, "2026-01-04 12:00:00"), hours(3.5));
    // Closing time and anything after it up to the next opening read the same.
    assert_eq!(b(&bt, "2026-01-04 17:30:00"), hours(9.0));
    assert_eq!(b(&bt, "2026-01-04 23:59:59"), hours(9.0));
    assert_eq!(b(&bt, "2026-01-05 08:30:00"), hours(9.0));
    // Monday 5th to Friday 9th are five workdays; the weekend adds nothing.
    assert_eq!(b(&bt, "2026-01-09 17:30:00"), hours(9.0 * 6.0));
    assert_eq!(b(&bt, "2026-01-10 10:00:00"), hours(9.0 * 6.0));
    assert_eq!(b(&bt, "2026-01-12 08:30:00"), hours(9.0 * 6.0));
    // The Spring Festival (02-15..23) counts nothing; Saturday 02-14 and 02-28 are worked.
    let eve = b(&bt, "2026-02-13 17:30:00");
    assert_eq!(b(&bt, "2026-02-14 17:30:00") - eve, hours(9.0));
    assert_eq!(b(&bt, "2026-02-23 23:00:00") - eve, hours(9.0));
    assert_eq!(b(&bt, "2026-02-24 09:30:00") - eve, hours(10.0));
    assert_eq!(
        b(&bt, "2026-02-28 17:30:00") - b(&bt, "2026-02-27 17:30:00"),
        hours(9.0)
    );
}

#[test]
fn before_the_epoch_business_time_reads_negative() {
    let bt = shanghai();
    // Wednesday 2025-12-31 is the last workday before the epoch.
    assert_eq!(b(&bt, "2025-12-31 17:30:00"), 0);
    assert_eq!(b(&bt, "2025-12-31 08:30:00"), -hours(9.0));
    assert_eq!(b(&bt, "2025-12-31 08:00:00"), -hours(9.0));
    // Friday 26th at noon: 5.5 h of that day and three workdays to go; the weekend none.
    assert_eq!(b(&bt, "2025-12-26 12:00:00"), -hours(9.0 * 3.0 + 5.5));
    assert_eq!(b(&bt, "2025-12-27 12:00:00"), -hours(9.0 * 3.0));
    // Read in any order, the table grows both ways and gives the same readings.
    let later = b(&bt, "2026-03-02 10:00:00");
    let fresh = shanghai();
    assert_eq!(b(&fresh, "2026-03-02 10:00:00"), later);
    assert_eq!(b(&fresh, "2025-12-31 08:30:00"), -hours(9.0));
}

#[test]
fn readings_out_of_reach_are_none() {
    let bt = shanghai();
    assert_eq!(bt.at(at(bt.tz(), "1969-12-31 12:00:00")), None);
    assert_eq!(bt.at(at(bt.tz(), "2201-01-01 12:00:00")), None);
    assert!(bt.at(at(bt.tz(), "1970-01-02 12:00:00")).is_some());
}

/// Any two instants: the difference of the readings is what `business_duration` counts,
/// in the store's zone (no clock changes) and in one with summer time, with hours that
/// a clock change falls inside.
#[test]
fn the_difference_of_two_readings_is_the_business_duration() {
    let late = BusinessHours::new(
        chrono::NaiveTime::from_hms_opt(1, 30, 0).unwrap(),
        chrono::NaiveTime::from_hms_opt(23, 0, 0).unwrap(),
    )
    .unwrap();
    let clocks = [
        shanghai(),
        BusinessTime::new(
            &BusinessCalendar::builtin(),
            BusinessHours::default(),
            chrono_tz::America::New_York,
        ),
        BusinessTime::new(
            &BusinessCalendar::builtin(),
            late,
            chrono_tz::Europe::Berlin,
        ),
    ];
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let base = at(chrono_tz::UTC, "2024-06-01 00:00:00");
    for bt in &clocks {
        for _ in 0..400 {
            let a = base + Duration::seconds(rng.next(3 * 365 * 86_400) as i64);
            let b = a + Duration::nanoseconds(rng.next(40 * 86_400_000_000_000) as i64);
            let want = bt.hours().business_duration(
                bt.calendar(),
                a.with_timezone(&bt.tz()),
                b.with_timezone(&bt.tz()),
            );
            let got = bt.at(b).unwrap() - bt.at(a).unwrap();
            assert_eq!(
                got,
                want.num_nanoseconds().unwrap(),
                "{a} .. {b} in {}",
                bt.tz()
            );
        }
    }
}

#[test]
fn the_fingerprint_names_what_readings_depend_on() {
    let base = shanghai().fingerprint();
    assert_eq!(shanghai().fingerprint(), base);
    assert_eq!(shanghai().clone().fingerprint(), base);
    let cal = BusinessCalendar::builtin();
    let other_zone = BusinessTime::new(&cal, BusinessHours::default(), chrono_tz::Asia::Tokyo);
    assert_ne!(other_zone.fingerprint(), base);
    let hours = BusinessHours::new(
        chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        chrono::NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
    )
    .unwrap();
    let other_hours = BusinessTime::new(&cal, hours, chrono_tz::Asia::Shanghai);
    assert_ne!(other_hours.fingerprint(), base);
    let tz = chrono_tz::Asia::Shanghai;
    let text = "[[year]]\nyear = 2026\nholidays = [{ date = \"2026-03-03\", name = \"店庆\" }]\n";
    let (extra, err) = BusinessCalendar::with_overrides_text(text, "calendar.toml");
    assert_eq!(err, None);
    let extra = BusinessTime::new(&extra, BusinessHours::default(), tz);
    assert_ne!(extra.fingerprint(), base);
    // A holiday's name changes no reading, nor the fingerprint.
    let renamed = text.replace("店庆", "周年");
    let (renamed, _) = BusinessCalendar::with_overrides_text(&renamed, "calendar.toml");
    let renamed = BusinessTime::new(&renamed, BusinessHours::default(), tz);
    assert_eq!(renamed.fingerprint(), extra.fingerprint());
}
