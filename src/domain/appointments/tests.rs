use super::*;
use chrono::{Duration, NaiveDate, NaiveTime};

const SETUP: &str = r#"
name = "测试店"
address = "测试路1号"
phone = "0755-12345678"
loaner_cars = 1
advisors = ["A", "B"]
bays = ["1", "2"]
what_to_bring = ["行驶证"]
what_to_bring_en = ["registration"]
[hours]
mon = "08:30-18:00"
tue = "08:30-18:00"
wed = "08:30-18:00"
thu = "08:30-18:00"
fri = "08:30-18:00"
sat = "09:00-17:00"
sun = "closed"
[closed]
days = ["2026-11-25"]
holidays = ["国庆节"]
[[services]]
code = "m"
zh = "保养"
en = "maintenance"
minutes = 60
[[services]]
code = "r"
zh = "维修"
en = "repair"
minutes = 50
"#;

fn setup() -> StoreSetup {
    StoreSetup::parse(SETUP, "test.toml").unwrap()
}

/// 2026-11-23 (a Monday) at `h:m`, store time.
fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    let d = NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
    at_local(
        chrono_tz::Asia::Shanghai,
        d,
        NaiveTime::from_hms_opt(h, m, 0).unwrap(),
    )
}

fn want(advisor: &str, bay: &str, vehicle: i64, start: DateTime<Utc>, minutes: i64) -> Want {
    Want {
        vehicle_id: vehicle,
        advisor: advisor.into(),
        bay: bay.into(),
        start,
        end: start + Duration::minutes(minutes),
        loaner: false,
        moving: None,
    }
}

fn booked(id: i64, w: &Want) -> Booked {
    Booked {
        id,
        vehicle_id: w.vehicle_id,
        advisor: w.advisor.clone(),
        bay: w.bay.clone(),
        start: w.start,
        end: w.end,
        loaner: w.loaner,
    }
}

fn codes(l: &[Limit]) -> Vec<&'static str> {
    l.iter().map(Limit::code).collect()
}

/// Early on the Monday: nothing is in the past.
fn early() -> DateTime<Utc> {
    at(23, 7, 0)
}

#[test]
fn builtin_setup_is_valid() {
    let s = StoreSetup::builtin();
    assert_eq!(s.slot, Duration::minutes(30));
    assert_eq!(s.grace, Duration::minutes(30));
    assert!(!s.advisors.is_empty() && !s.bays.is_empty());
    assert!(!s.address.is_empty() && !s.phone.is_empty());
    assert_eq!(s.service("maintenance").unwrap().minutes, 60);
    assert!(
        s.open_hours(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
            .is_some()
    );
    assert_eq!(
        s.day(NaiveDate::from_ymd_opt(2026, 2, 17).unwrap()),
        DayState::ClosedDay
    );
}

#[test]
fn override_merges_key_by_key_and_reports_lines() {
    let (s, err) = StoreSetup::with_override_text("[hours]\nsun = \"closed\"\n", "store.toml");
    assert_eq!(err, None);
    let sunday = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert_eq!(s.day(sunday), DayState::WeekdayClosed);
    assert!(s.open_hours(monday).is_some(), "other days kept");
    assert_eq!(s.services, StoreSetup::builtin().services);

    let (s, err) =
        StoreSetup::with_override_text("name = \"x\"\n\nslot_minuts = 15\n", "store.toml");
    let err = err.unwrap();
    assert!(err.starts_with("store.toml:3:"), "{err}");
    assert_eq!(s, StoreSetup::builtin(), "broken file: built-in kept");

    let (_, err) = StoreSetup::with_override_text("[hours]\nmon = \"18:00-08:00\"\n", "store.toml");
    assert!(err.unwrap().contains("hours.mon"));
    let (_, err) = StoreSetup::with_override_text("advisors = [\"A\", \"A\"]\n", "s.toml");
    assert!(err.unwrap().contains("twice"));
}

#[test]
fn load_without_a_file_is_the_builtin() {
    let dir = std::env::temp_dir().join(format!("fd-appt-{}", std::process::id()));
    let (s, err) = StoreSetup::load(Some(&dir));
    assert!(err.is_none());
    assert_eq!(s.advisors, StoreSetup::builtin().advisors);
}

#[test]
fn durations_default_from_services_in_whole_slots() {
    let s = setup();
    assert_eq!(s.default_minutes(&["m".into()]), 60);
    assert_eq!(s.default_minutes(&["r".into()]), 60, "50 rounds up to 60");
    assert_eq!(s.default_minutes(&["m".into(), "r".into()]), 120);
    assert_eq!(s.default_minutes(&[]), 30, "one slot at least");
    let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let slots = s.slot_starts(d);
    assert_eq!(slots.first(), Some(&at(23, 8, 30)));
    assert_eq!(slots.last(), Some(&at(23, 17, 30)));
    assert_eq!(slots.len(), 19);
}

#[test]
fn touching_intervals_are_allowed() {
    let s = setup();
    let first = want("A", "1", 1, at(23, 10, 0), 60);
    let next = want("A", "1", 2, at(23, 11, 0), 60);
    assert_eq!(
        codes(&check(&s, &next, &[booked(1, &first)], early())),
        Vec::<&str>::new()
    );
    let before = want("A", "1", 2, at(23, 9, 0), 60);
    assert!(check(&s, &before, &[booked(1, &first)], early()).is_empty());
}

#[test]
fn overlaps_are_refused_naming_the_limit() {
    let s = setup();
    let first = want("A", "1", 1, at(23, 10, 0), 60);
    let existing = [booked(1, &first)];
    let same_bay = want("B", "1", 2, at(23, 10, 30), 60);
    assert_eq!(codes(&check(&s, &same_bay, &existing, early())), ["bay"]);
    let same_advisor = want("A", "2", 2, at(23, 10, 30), 60);
    assert_eq!(
        codes(&check(&s, &same_advisor, &existing, early())),
        ["advisor"]
    );
    let both = want("A", "1", 2, at(23, 10, 30), 60);
    assert_eq!(
        codes(&check(&s, &both, &existing, early())),
        ["advisor", "bay"]
    );
    let same_car = want("B", "2", 1, at(23, 10, 59), 30);
    assert_eq!(
        codes(&check(&s, &same_car, &existing, early())),
        ["vehicle"]
    );
    let inside = want("B", "1", 2, at(23, 10, 15), 15);
    assert_eq!(codes(&check(&s, &inside, &existing, early())), ["bay"]);
    let msg = check(&s, &same_bay, &existing, early())[0].message(crate::i18n::Lang::Zh);
    assert!(msg.contains("10:00–11:00"), "{msg}");
}

#[test]
fn same_time_on_another_bay_and_advisor_is_fine() {
    let s = setup();
    let first = want("A", "1", 1, at(23, 10, 0), 60);
    let other = want("B", "2", 2, at(23, 10, 0), 60);
    assert!(check(&s, &other, &[booked(1, &first)], early()).is_empty());
    // The booking being moved does not conflict with itself.
    let mut moved = want("A", "1", 1, at(23, 10, 30), 60);
    moved.moving = Some(1);
    assert!(check(&s, &moved, &[booked(1, &first)], early()).is_empty());
}

#[test]
fn bookings_start_and_end_within_opening_hours() {
    let s = setup();
    let last = want("A", "1", 1, at(23, 17, 0), 60);
    assert!(check(&s, &last, &[], early()).is_empty(), "ends at closing");
    let late = want("A", "1", 1, at(23, 17, 30), 60);
    assert_eq!(codes(&check(&s, &late, &[], early())), ["outside_hours"]);
    let too_early = want("A", "1", 1, at(23, 8, 0), 60);
    assert_eq!(
        codes(&check(&s, &too_early, &[], early())),
        ["outside_hours"]
    );
    let opening = want("A", "1", 1, at(23, 8, 30), 30);
    assert!(check(&s, &opening, &[], early()).is_empty());
    // Saturday closes earlier.
    let sat = want("A", "1", 1, at(28, 16, 30), 60);
    assert_eq!(codes(&check(&s, &sat, &[], early())), ["outside_hours"]);
}

#[test]
fn the_day_change_is_respected() {
    let s = setup();
    let overnight = want("A", "1", 1, at(23, 23, 30), 60);
    assert!(codes(&check(&s, &overnight, &[], early())).contains(&"outside_hours"));
    // The same time on the next day is another booking entirely.
    let today = want("A", "1", 1, at(23, 10, 0), 60);
    let tomorrow = want("A", "1", 1, at(24, 10, 0), 60);
    assert!(check(&s, &tomorrow, &[booked(1, &today)], early()).is_empty());
}

#[test]
fn closed_days_and_the_past_are_refused() {
    let s = setup();
    let listed = want("A", "1", 1, at(25, 10, 0), 60);
    assert_eq!(codes(&check(&s, &listed, &[], early())), ["closed"]);
    let sunday = want("A", "1", 1, at(29, 10, 0), 60);
    assert_eq!(codes(&check(&s, &sunday, &[], early())), ["closed"]);
    let d = NaiveDate::from_ymd_opt(2026, 10, 2).unwrap();
    let holiday = Want {
        start: at_local(s.tz, d, NaiveTime::from_hms_opt(10, 0, 0).unwrap()),
        end: at_local(s.tz, d, NaiveTime::from_hms_opt(11, 0, 0).unwrap()),
        ..listed.clone()
    };
    let l = check(&s, &holiday, &[], at(1, 0, 0) - Duration::days(60));
    assert_eq!(
        l,
        [Limit::Closed {
            date: d,
            holiday: Some("国庆节".into())
        }]
    );
    let now = at(23, 10, 1);
    let past = want("A", "1", 1, at(23, 10, 0), 60);
    assert_eq!(codes(&check(&s, &past, &[], now)), ["in_past"]);
    // The current minute itself is not the past (a walk-in booked for now).
    assert!(check(&s, &past, &[], at(23, 10, 0) + Duration::seconds(40)).is_empty());
}

/// 2025's National Day and Mid-Autumn fell together, as one day off named for both
/// (国庆节、中秋节): a store closed on 国庆节 is closed then too.
#[test]
fn a_day_off_named_for_two_holidays_closes_a_store_closed_on_either() {
    let s = setup();
    let d = NaiveDate::from_ymd_opt(2025, 10, 6).unwrap();
    assert_eq!(s.day(d), DayState::Holiday("国庆节、中秋节".into()));
    assert!(matches!(s.day(d + chrono::Days::new(7)), DayState::Open(_)));
}

#[test]
fn loaner_cars_are_counted_per_day() {
    let s = setup();
    let mut first = want("A", "1", 1, at(23, 9, 0), 60);
    first.loaner = true;
    let mut second = want("B", "2", 2, at(23, 15, 0), 60);
    second.loaner = true;
    assert_eq!(
        codes(&check(&s, &second, &[booked(1, &first)], early())),
        ["loaners"]
    );
    let mut next_day = second.clone();
    next_day.start = at(24, 15, 0);
    next_day.end = at(24, 16, 0);
    assert!(check(&s, &next_day, &[booked(1, &first)], early()).is_empty());
    assert!(
        Limit::LoanersFull {
            date: NaiveDate::MIN,
            cars: 1
        }
        .is_capacity()
    );
    assert!(
        !Limit::InPast {
            start: NaiveDateTime::MIN
        }
        .is_capacity()
    );
}

#[test]
fn next_free_slots_follow_the_request() {
    let s = setup();
    let a = want("A", "1", 1, at(23, 10, 0), 60);
    let b = want("B", "2", 2, at(23, 10, 0), 120);
    let existing = [booked(1, &a), booked(2, &b)];
    let w = want("A", "1", 3, at(23, 10, 0), 60);
    let free = next_free(&s, &w, &existing, early(), 3);
    assert_eq!(free.len(), 3);
    assert_eq!(free[0].start, at(23, 11, 0));
    assert_eq!((free[0].advisor.as_str(), free[0].bay.as_str()), ("A", "1"));
    assert_eq!(free[1].start, at(23, 11, 30));
    assert_eq!(free[2].start, at(23, 12, 0));
    assert!(
        free[0]
            .describe(crate::i18n::Lang::Zh)
            .contains("2026-11-23 11:00–12:00")
    );
    // Late in the day, the offers move to the next open day (Tuesday; the 25th is closed).
    let w = want("A", "1", 3, at(24, 17, 0), 60);
    let free = next_free(
        &s,
        &w,
        &[booked(9, &want("A", "1", 8, at(24, 17, 0), 60))],
        early(),
        3,
    );
    assert_eq!(
        free[0].start,
        at(24, 17, 0),
        "same time, other advisor and bay"
    );
    assert_eq!(free[0].advisor, "B");
    assert_eq!(free[1].start, at(26, 8, 30));
}

#[test]
fn a_part_due_on_or_after_the_visit_warns() {
    let s = setup();
    let part = |d: u32| Part {
        name: "刹车片".into(),
        availability: Availability::ToOrder {
            expected: NaiveDate::from_ymd_opt(2026, 11, d).unwrap(),
        },
        quote_fen: 68000,
    };
    assert!(late_parts(&s, &[part(22)], at(23, 10, 0)).is_empty());
    assert_eq!(late_parts(&s, &[part(23)], at(23, 10, 0)).len(), 1);
    let w = late_parts(&s, &[part(24)], at(23, 10, 0));
    assert!(w[0].message(crate::i18n::Lang::En).contains("2026-11-24"));
}

#[test]
fn the_form_is_checked_against_the_setup() {
    let s = setup();
    let b = NewBooking {
        services: vec!["m".into(), "x".into()],
        advisor: "Z".into(),
        bay: "1".into(),
        minutes: Some(0),
        declined: vec![Declined {
            item: "雨刮".into(),
            deferred: true,
            reason: " ".into(),
        }],
        ..Default::default()
    };
    let p = validate(&s, &b);
    assert_eq!(
        p,
        [
            Problem::UnknownService("x".into()),
            Problem::UnknownAdvisor("Z".into()),
            Problem::BadLength(0),
            Problem::DeclinedWithoutReason("雨刮".into()),
        ]
    );
    let ok = NewBooking {
        services: vec!["m".into()],
        advisor: "A".into(),
        bay: "2".into(),
        ..Default::default()
    };
    assert!(validate(&s, &ok).is_empty());
    assert_eq!(
        Want::of(&s, &ok).end - Want::of(&s, &ok).start,
        Duration::minutes(60)
    );
}

mod life;

/// A car already booked that day is offered slots on other days only (the same car was
/// offered the next free time the same day and so booked twice); its own booking being
/// moved does not count.
#[test]
fn a_vehicle_clash_offers_no_slot_on_the_cars_booked_day() {
    let s = setup();
    let first = want("A", "1", 3, at(23, 10, 0), 60);
    let existing = [booked(1, &first)];
    let again = want("B", "2", 3, at(23, 10, 0), 60);
    let limits = check(&s, &again, &existing, early());
    assert!(limits.iter().any(|l| l.code() == "vehicle"), "{limits:?}");
    assert!(
        limits[0]
            .message(crate::i18n::Lang::En)
            .contains("no other slot offered that day")
    );
    let free = next_free(&s, &again, &existing, early(), 3);
    assert!(!free.is_empty());
    assert!(
        free.iter().all(|f| f.local.date() != first_day()),
        "{free:?}"
    );
    // Moving that very booking: its own day is offered.
    let moving = Want {
        moving: Some(1),
        ..again
    };
    let free = next_free(&s, &moving, &existing, early(), 3);
    assert_eq!(free[0].local.date(), first_day());
}

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}
