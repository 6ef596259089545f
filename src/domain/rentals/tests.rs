use super::*;
use chrono::TimeZone;

fn t(s: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(&chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn span(a: &str, b: &str) -> Span {
    Span {
        start: d(a),
        end: d(b),
    }
}

#[test]
fn status_follows_the_dates_and_the_clock() {
    let (start, planned) = (t("2026-11-20 09:00"), t("2026-11-23 09:00"));
    let st = |now: &str, ret: Option<&str>| RentalStatus::of(start, planned, ret.map(t), t(now));
    assert_eq!(st("2026-11-19 12:00", None), RentalStatus::Upcoming);
    assert_eq!(st("2026-11-21 12:00", None), RentalStatus::Active);
    assert_eq!(st("2026-11-23 09:00", None), RentalStatus::Active);
    assert_eq!(st("2026-11-23 09:01", None), RentalStatus::Overdue);
    assert_eq!(
        st("2026-11-30 09:00", Some("2026-11-25 10:00")),
        RentalStatus::Returned
    );
    assert!(RentalStatus::Overdue.is_out() && RentalStatus::Active.is_out());
    assert!(!RentalStatus::Returned.is_out() && !RentalStatus::Upcoming.is_out());
    assert_eq!(RentalStatus::Overdue.label(Lang::Zh), "逾期未还");
    assert_eq!(RentalStatus::Overdue.label(Lang::En), "overdue");
}

#[test]
fn a_started_day_counts_as_a_day() {
    assert_eq!(rental_days(t("2026-11-20 09:00"), t("2026-11-20 10:00")), 1);
    assert_eq!(rental_days(t("2026-11-20 09:00"), t("2026-11-21 09:00")), 1);
    assert_eq!(rental_days(t("2026-11-20 09:00"), t("2026-11-21 09:01")), 2);
    assert_eq!(rental_days(t("2026-11-20 09:00"), t("2026-11-19 09:00")), 1);
}

#[test]
fn a_thirty_day_rental_makes_a_long_term_renter_on_its_thirtieth_day() {
    let rule = LongTermRule::default();
    assert_eq!(rule.min_days, 30);
    assert_eq!(rule.repeat_rentals, 3);
    // 29 days is not enough; 30 is, and the renter counts from the 30th day.
    assert_eq!(
        rule.qualified_in(&[span("2026-03-01", "2026-03-30")], 2026),
        None
    );
    assert_eq!(
        rule.qualified_in(&[span("2026-03-01", "2026-03-31")], 2026),
        Some(d("2026-03-30"))
    );
    // A long rental of another year does not count this year.
    assert_eq!(
        rule.qualified_in(&[span("2025-12-01", "2026-02-01")], 2026),
        None
    );
}

#[test]
fn the_third_rental_of_a_year_makes_a_repeat_renter() {
    let rule = LongTermRule::default();
    let two = [
        span("2026-01-05", "2026-01-07"),
        span("2026-06-01", "2026-06-03"),
    ];
    assert_eq!(rule.qualified_in(&two, 2026), None);
    let three = [
        span("2026-09-10", "2026-09-12"),
        span("2026-01-05", "2026-01-07"),
        span("2026-06-01", "2026-06-03"),
        span("2025-06-01", "2025-06-03"),
    ];
    assert_eq!(rule.qualified_in(&three, 2026), Some(d("2026-09-10")));
    // Whichever comes first: a long rental before the third short one.
    let mut both = three.to_vec();
    both.push(span("2026-02-01", "2026-04-01"));
    assert_eq!(rule.qualified_in(&both, 2026), Some(d("2026-03-02")));
    // The settings move the thresholds.
    let strict = LongTermRule {
        min_days: 90,
        repeat_rentals: 5,
    };
    assert_eq!(strict.qualified_in(&both, 2026), None);
}

#[test]
fn the_mode_is_a_dealership_unless_the_setting_says_rental() {
    assert_eq!(StoreMode::from_setting(None), StoreMode::Dealership);
    assert_eq!(StoreMode::from_setting(Some("4s")), StoreMode::Dealership);
    assert_eq!(StoreMode::from_setting(Some(" rental ")), StoreMode::Rental);
    assert!(StoreMode::Rental.is_rental());
}

#[test]
fn faults_parse_from_number_code_or_label() {
    assert_eq!(Fault::parse("3"), Some(Fault::Tyre));
    assert_eq!(Fault::parse("battery"), Some(Fault::Battery));
    assert_eq!(Fault::parse("电瓶亏电"), Some(Fault::Battery));
    assert_eq!(Fault::parse("0"), None);
    assert_eq!(Fault::parse("10"), None);
    assert_eq!(Fault::parse("x"), None);
    for f in Fault::ALL {
        assert_eq!(Fault::from_code(f.code()), Some(f));
    }
    assert!(valid_contract_no("R-2026-0001"));
    assert!(!valid_contract_no("R1"));
    assert!(!valid_contract_no("R 2026"));
}

#[test]
fn times_are_typed_and_shown_store_local() {
    let tz = chrono_tz::Asia::Shanghai;
    let at = parse_when("2026-11-23 18:00", tz).unwrap();
    assert_eq!(at, t("2026-11-23 10:00"), "18:00 in Shanghai is 10:00 UTC");
    assert_eq!(parse_when(" 2026-11-23T18:00 ", tz), Some(at));
    assert_eq!(parse_when("2026-11-23", tz), Some(t("2026-11-23 01:00")));
    assert_eq!(parse_when("23/11/2026", tz), None);
    assert_eq!(parse_when("2026-11-31 10:00", tz), None);
    assert_eq!(format_when(at, tz), "2026-11-23 18:00");
}
