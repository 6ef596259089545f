use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn tz() -> Tz {
    chrono_tz::Asia::Shanghai
}

/// Store-local `YYYY-MM-DD HH:MM[:SS]`.
fn t(s: &str) -> DateTime<Tz> {
    let fmt = if s.len() > 16 {
        "%Y-%m-%d %H:%M:%S"
    } else {
        "%Y-%m-%d %H:%M"
    };
    let naive = chrono::NaiveDateTime::parse_from_str(s, fmt).unwrap();
    tz().from_local_datetime(&naive).single().unwrap()
}

fn cal() -> BusinessCalendar {
    BusinessCalendar::builtin()
}

fn hours() -> BusinessHours {
    BusinessHours::default()
}

#[test]
fn builtin_asset_parses_and_covers_three_years() {
    let c = cal();
    assert_eq!(c.years().collect::<Vec<_>>(), vec![2025, 2026, 2027]);
    assert!(c.covers(2026));
    assert!(!c.covers(2028));
}

#[test]
fn every_listed_workday_is_a_weekend_day_and_every_holiday_is_named() {
    let c = cal();
    for w in &c.workdays {
        assert!(is_weekend(*w), "{w}");
        assert!(c.is_workday(*w));
        assert!(c.is_makeup_workday(*w));
    }
    for (day, name) in &c.holidays {
        assert!(!c.is_workday(*day), "{day}");
        assert!(!name.is_empty());
    }
}

#[test]
fn spring_festival_2026_is_off_and_the_makeup_saturdays_are_worked() {
    let c = cal();
    for day in d("2026-02-15").iter_days().take(9) {
        assert!(!c.is_workday(day), "{day} should be off");
        assert_eq!(c.holiday_name(day), Some("春节"));
    }
    assert_eq!(d("2026-02-14").weekday(), Weekday::Sat);
    assert!(c.is_workday(d("2026-02-14")));
    assert!(c.is_workday(d("2026-02-28")));
    assert!(c.is_workday(d("2026-02-24")), "Tuesday after the festival");
    assert_eq!(c.holiday_name(d("2026-02-24")), None);
    assert!(c.is_workday(d("2026-01-04")), "Sunday make-up for 元旦");
}

#[test]
fn published_2025_arrangement() {
    let c = cal();
    let off = [
        "2025-01-01",
        "2025-01-28",
        "2025-02-04",
        "2025-04-04",
        "2025-04-06",
        "2025-05-01",
        "2025-05-05",
        "2025-05-31",
        "2025-06-02",
        "2025-10-01",
        "2025-10-08",
    ];
    for s in off {
        assert!(!c.is_workday(d(s)), "{s}");
    }
    for s in [
        "2025-01-26",
        "2025-02-08",
        "2025-04-27",
        "2025-09-28",
        "2025-10-11",
    ] {
        assert!(c.is_workday(d(s)), "{s}");
    }
    assert_eq!(c.holiday_name(d("2025-10-06")), Some("国庆节、中秋节"));
}

#[test]
fn plain_weeks_and_uncovered_years() {
    let c = cal();
    assert!(c.is_workday(d("2026-11-23")), "Monday");
    assert!(!c.is_workday(d("2026-11-28")), "Saturday");
    assert!(!c.is_workday(d("2026-11-29")), "Sunday");
    // 2030 is not in the data: weekends only.
    assert!(c.is_workday(d("2030-01-01")));
    assert!(!c.is_workday(d("2030-01-05")));
}

#[test]
fn add_workdays_skips_weekends_and_holidays() {
    let c = cal();
    assert_eq!(
        c.add_workdays(d("2026-11-27"), 1),
        d("2026-11-30"),
        "Fri + 1 = Mon"
    );
    assert_eq!(
        c.add_workdays(d("2026-11-28"), 1),
        d("2026-11-30"),
        "Sat + 1 = Mon"
    );
    assert_eq!(c.add_workdays(d("2026-11-23"), 0), d("2026-11-23"));
    // Before National Day: Wed 30 Sep + 1 → Thu 8 Oct; + 2 → Fri 9 Oct; + 3 → Sat 10 Oct (make-up).
    assert_eq!(c.add_workdays(d("2026-09-30"), 1), d("2026-10-08"));
    assert_eq!(c.add_workdays(d("2026-09-30"), 3), d("2026-10-10"));
    assert_eq!(c.add_workdays(d("2026-10-08"), -1), d("2026-09-30"));
    assert_eq!(c.next_workday(d("2026-02-15")), d("2026-02-24"));
}

#[test]
fn parse_errors_name_the_line() {
    let text =
        "[[year]]\nyear = 2026\nholidays = [\n  { date = \"2026-02-30\", name = \"x\" },\n]\n";
    let e = BusinessCalendar::parse(text, "cal.toml").unwrap_err();
    assert!(e.starts_with("cal.toml:4:"), "{e}");
    assert!(e.contains("2026-02-30"), "{e}");

    let text = "[[year]]\nyear = 2026\nworkdays = [\n\"2026-01-05\"]\n";
    let e = BusinessCalendar::parse(text, "cal.toml").unwrap_err();
    assert!(e.starts_with("cal.toml:4:") && e.contains("weekday"), "{e}");

    let text = "[[year]]\nyear = 2026\nholidays = [{ date = \"2027-01-01\", name = \"元旦\" }]\n";
    let e = BusinessCalendar::parse(text, "c").unwrap_err();
    assert!(e.contains("not in the year 2026"), "{e}");

    let text = "[[year]]\nyear = 2026\n\n[[year]]\nyear = 2026\n";
    let e = BusinessCalendar::parse(text, "c").unwrap_err();
    assert!(e.starts_with("c:5:") && e.contains("twice"), "{e}");

    let text = "[[year]]\nyear = 2026\nholidays = [{ from = \"2026-05-05\", to = \"2026-05-01\", name = \"劳动节\" }]\n";
    assert!(
        BusinessCalendar::parse(text, "c")
            .unwrap_err()
            .contains("before")
    );

    let text = "[[year]]\nyear = 2026\nholidays = [{ name = \"劳动节\" }]\n";
    assert!(
        BusinessCalendar::parse(text, "c")
            .unwrap_err()
            .contains("`date`")
    );

    let text = "[[year]]\nyear = 2026\nbogus = 1\n";
    let e = BusinessCalendar::parse(text, "c").unwrap_err();
    assert!(e.starts_with("c:3:"), "{e}");

    let text = "[[year]]\nyear = 2026\nholidays = [{ date = \"2026-02-14\", name = \"x\" }]\nworkdays = [\"2026-02-14\"]\n";
    assert!(
        BusinessCalendar::parse(text, "c")
            .unwrap_err()
            .contains("also listed")
    );
}

#[test]
fn a_store_file_replaces_whole_years_and_adds_new_ones() {
    let text = "[[year]]\nyear = 2026\nholidays = [{ date = \"2026-11-23\", name = \"店庆\" }]\n\n[[year]]\nyear = 2028\nworkdays = [\"2028-01-01\"]\n";
    let (c, err) = BusinessCalendar::with_overrides_text(text, "store.toml");
    assert_eq!(err, None);
    assert_eq!(c.holiday_name(d("2026-11-23")), Some("店庆"));
    // The built-in 2026 is gone, 2025 and 2027 are kept.
    assert!(c.is_workday(d("2026-02-16")));
    assert!(!c.is_workday(d("2026-02-14")));
    assert!(!c.is_workday(d("2025-01-01")));
    assert!(!c.is_workday(d("2027-01-01")));
    assert!(c.is_workday(d("2028-01-01")), "a Saturday made a workday");
    assert!(c.covers(2028));

    let (c, err) = BusinessCalendar::with_overrides_text("[[year]]\nyear = \"x\"\n", "store.toml");
    assert!(err.unwrap().starts_with("store.toml:2:"));
    assert_eq!(c, BusinessCalendar::builtin());

    let (c, err) = BusinessCalendar::with_overrides(Path::new("/nonexistent/calendar.toml"));
    assert_eq!(err, None);
    assert_eq!(c, BusinessCalendar::builtin());
}

#[test]
fn hours_are_checked() {
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    assert!(BusinessHours::new(nine, nine).is_err());
    let h = hours();
    assert_eq!(h.day_length(), Duration::hours(9));
    assert_eq!(h.open().to_string(), "08:30:00");
    assert_eq!(h.close().to_string(), "17:30:00");
}

#[test]
fn open_and_close_boundaries() {
    let (c, h) = (cal(), hours());
    assert!(h.is_open(&c, t("2026-11-23 08:30")));
    assert!(!h.is_open(&c, t("2026-11-23 08:29:59")));
    assert!(h.is_open(&c, t("2026-11-23 17:29:59")));
    assert!(!h.is_open(&c, t("2026-11-23 17:30")));
    assert!(!h.is_open(&c, t("2026-11-28 10:00")), "Saturday");
    assert_eq!(
        h.next_open(&c, t("2026-11-23 17:30")),
        t("2026-11-24 08:30")
    );
    assert_eq!(
        h.next_open(&c, t("2026-11-23 12:00")),
        t("2026-11-23 12:00")
    );

    // Exactly at opening: counts from there.
    let ten = Duration::minutes(10);
    assert_eq!(
        h.add_business(&c, t("2026-11-23 08:30"), ten),
        t("2026-11-23 08:40")
    );
    // Ending exactly at closing is the closing instant, not the next morning.
    assert_eq!(
        h.add_business(&c, t("2026-11-23 17:20"), ten),
        t("2026-11-23 17:30")
    );
    // One second more spills into the next workday.
    let more = ten + Duration::seconds(1);
    assert_eq!(
        h.add_business(&c, t("2026-11-23 17:20"), more),
        t("2026-11-24 08:30:01")
    );
    // Starting exactly at closing counts from the next opening.
    assert_eq!(
        h.add_business(&c, t("2026-11-23 17:30"), ten),
        t("2026-11-24 08:40")
    );
    assert_eq!(
        h.add_business(&c, t("2026-11-23 17:30"), Duration::zero()),
        t("2026-11-23 17:30")
    );
}

#[test]
fn a_start_at_2355_counts_from_the_next_opening() {
    let (c, h) = (cal(), hours());
    let ten = Duration::minutes(10);
    assert_eq!(
        h.add_business(&c, t("2026-11-23 23:55"), ten),
        t("2026-11-24 08:40")
    );
    // Friday night → Monday morning.
    assert_eq!(
        h.add_business(&c, t("2026-11-27 23:55"), ten),
        t("2026-11-30 08:40")
    );
    // Before National Day → the first workday after it.
    assert_eq!(
        h.add_business(&c, t("2026-09-30 23:55"), ten),
        t("2026-10-08 08:40")
    );
    // Early morning before opening.
    assert_eq!(
        h.add_business(&c, t("2026-11-24 00:05"), ten),
        t("2026-11-24 08:40")
    );
}

#[test]
fn add_business_across_a_weekend_and_a_holiday() {
    let (c, h) = (cal(), hours());
    // Fri 16:30 + 2 h: 1 h on Friday, the weekend skipped, 1 h on Monday.
    assert_eq!(
        h.add_business(&c, t("2026-11-27 16:30"), Duration::hours(2)),
        t("2026-11-30 09:30")
    );
    // Fri 13 Feb 2026 15:30 + 4 h: 2 h Friday, then Sat 14 Feb (make-up workday) 2 h.
    assert_eq!(
        h.add_business(&c, t("2026-02-13 15:30"), Duration::hours(4)),
        t("2026-02-14 10:30")
    );
    // Sat 14 Feb 16:30 + 2 h: 1 h that day, then nine days of Spring Festival, then Tue 24.
    assert_eq!(
        h.add_business(&c, t("2026-02-14 16:30"), Duration::hours(2)),
        t("2026-02-24 09:30")
    );
    // A full business day from mid-morning lands at the same time the next workday.
    assert_eq!(
        h.add_business(&c, t("2026-09-30 10:00"), h.day_length()),
        t("2026-10-08 10:00")
    );
}

#[test]
fn business_duration_counts_only_open_time_on_workdays() {
    let (c, h) = (cal(), hours());
    let bd = |a: &str, b: &str| h.business_duration(&c, t(a), t(b));
    assert_eq!(
        bd("2026-11-23 09:00", "2026-11-23 10:00"),
        Duration::hours(1)
    );
    assert_eq!(bd("2026-11-23 07:00", "2026-11-23 08:30"), Duration::zero());
    assert_eq!(bd("2026-11-23 17:30", "2026-11-24 08:30"), Duration::zero());
    assert_eq!(
        bd("2026-11-23 23:55", "2026-11-24 08:40"),
        Duration::minutes(10)
    );
    assert_eq!(
        bd("2026-11-27 16:30", "2026-11-30 09:30"),
        Duration::hours(2)
    );
    assert_eq!(
        bd("2026-11-23 00:00", "2026-11-30 00:00"),
        Duration::hours(45),
        "5 days × 9 h"
    );
    assert_eq!(
        bd("2026-02-14 16:30", "2026-02-24 09:30"),
        Duration::hours(2)
    );
    assert_eq!(
        bd("2026-11-24 10:00", "2026-11-23 10:00"),
        Duration::zero(),
        "reversed"
    );
    // add_business and business_duration agree.
    let from = t("2026-09-29 11:17");
    for mins in [1, 59, 300, 540, 541, 1000, 5000] {
        let to = h.add_business(&c, from, Duration::minutes(mins));
        assert_eq!(
            h.business_duration(&c, from, to),
            Duration::minutes(mins),
            "{mins}"
        );
    }
}

#[test]
fn instants_in_another_zone_are_read_in_the_store_zone() {
    let (c, h) = (cal(), hours());
    // 00:30 UTC is 08:30 in Shanghai.
    let utc_open = chrono::Utc
        .with_ymd_and_hms(2026, 11, 23, 0, 30, 0)
        .unwrap();
    let from = utc_open.with_timezone(&tz());
    assert!(h.is_open(&c, from));
    assert_eq!(
        h.add_business(&c, from, Duration::minutes(10)),
        t("2026-11-23 08:40")
    );
}
