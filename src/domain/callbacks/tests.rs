use super::*;
use crate::domain::complaints::Category;
use chrono::{NaiveDateTime, TimeZone};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn tz() -> Tz {
    chrono_tz::Asia::Shanghai
}

fn at(s: &str) -> DateTime<Tz> {
    let t = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    tz().from_local_datetime(&t).unwrap()
}

/// A calendar of its own, so these tests do not follow edits of the asset.
fn cal() -> BusinessCalendar {
    BusinessCalendar::parse(
        r#"
[[year]]
year = 2026
holidays = [
  { from = "2026-02-15", to = "2026-02-23", name = "春节" },
  { from = "2026-10-01", to = "2026-10-07", name = "国庆节" },
]
workdays = ["2026-02-14", "2026-02-28", "2026-10-10"]

[[year]]
year = 2027
holidays = [{ from = "2027-01-01", to = "2027-01-03", name = "元旦" }]
"#,
        "test",
    )
    .unwrap()
}

fn rules() -> Rules {
    Rules::builtin()
}

fn win(kind: Kind, anchor: &str) -> Window {
    let r = rules();
    let rule = r.rule(kind).unwrap();
    rule.timing
        .window(d(anchor), &cal(), rule.move_off_holidays)
}

fn span(w: Window) -> (String, String, String) {
    (w.due.to_string(), w.start.to_string(), w.end.to_string())
}

fn s3(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.into(), b.into(), c.into())
}

#[test]
fn builtin_rules_cover_every_kind() {
    let r = rules();
    for k in Kind::ALL {
        let rule = r.rule(k).unwrap();
        assert_eq!(Kind::from_code(k.code()), Some(k));
        assert!(!rule.script.is_empty(), "{} has a script", k.code());
        assert!(rule.enabled, "{} is enabled", k.code());
    }
    let s7 = r.survey(Kind::Dc7).unwrap();
    assert_eq!(s7.scale, 5);
    assert!(s7.questions.iter().any(|q| q.text == "销售顾问服务态度"));
    assert_eq!(
        s7.question("consultant_attitude").unwrap().category,
        Category::Attitude
    );
    let s3 = r.survey(Kind::Dc3).unwrap();
    assert!(s3.questions.iter().any(|q| q.text.starts_with("维修质量")));
    assert_eq!(r.survey(Kind::Monthly).unwrap().scale, 10);
    assert_eq!(r.rule(Kind::Birthday).unwrap().channel, Channel::Sms);
    assert_eq!(r.rule(Kind::Holiday).unwrap().channel, Channel::Sms);
    assert_eq!(r.settings, Settings::default());
    assert_eq!(r.holidays.len(), 6);
    assert_eq!(Kind::Quarterly.level(), 3);
    assert_eq!(Kind::Recheck.level(), 2);
}

#[test]
fn seven_dc_is_day_7_after_delivery_or_day_10_after_the_invoice() {
    // 16 Nov 2026 is a Monday: day 7 is Monday 23 Nov, the window runs to day 10.
    assert_eq!(
        span(win(Kind::Dc7, "2026-11-16")),
        s3("2026-11-23", "2026-11-23", "2026-11-26")
    );
    // A secondary dealer's sale counts from the invoice: day 10.
    let r = rules();
    let sec = r.rule(Kind::Dc7).unwrap().secondary.unwrap();
    let w = sec.window(d("2026-11-13"), &cal(), true);
    assert_eq!(span(w), s3("2026-11-23", "2026-11-23", "2026-11-26"));
    // Across a month end and a year end.
    assert_eq!(win(Kind::Dc7, "2026-01-26").due, d("2026-02-02"));
    assert_eq!(win(Kind::Dc7, "2026-12-28").due, d("2027-01-04"));
    // Due on 29 February of a leap year (a Tuesday).
    assert_eq!(win(Kind::Dc7, "2028-02-22").due, d("2028-02-29"));
    let w = sec.window(d("2028-02-19"), &cal(), true);
    assert_eq!(w.due, d("2028-02-29"));
    // Due on a Sunday: moved to Monday, the window still ends on day 10.
    assert_eq!(
        span(win(Kind::Dc7, "2026-11-15")),
        s3("2026-11-23", "2026-11-22", "2026-11-25")
    );
    // Due in the Spring Festival holiday with the whole window (days 7–10) off: the seed's
    // day stays and the window still ends on day 10 (it used to move to 24 February).
    assert_eq!(
        span(win(Kind::Dc7, "2026-02-10")),
        s3("2026-02-17", "2026-02-17", "2026-02-20")
    );
}

#[test]
fn three_dc_is_days_3_to_5_after_hand_back() {
    assert_eq!(
        span(win(Kind::Dc3, "2026-11-20")),
        s3("2026-11-23", "2026-11-23", "2026-11-25")
    );
    // Day 3 on a Saturday moves to Monday (day 5).
    assert_eq!(
        span(win(Kind::Dc3, "2026-11-18")),
        s3("2026-11-23", "2026-11-21", "2026-11-23")
    );
    // National Day: days 3–5 (1–3 October) are all off, so the call stays on day 3 and the
    // window ends on day 5, not on 8 October.
    assert_eq!(
        span(win(Kind::Dc3, "2026-09-28")),
        s3("2026-10-01", "2026-10-01", "2026-10-03")
    );
    // Day 3 on the last holiday day, day 4 a Thursday: moved to it, inside the window.
    assert_eq!(
        span(win(Kind::Dc3, "2026-10-04")),
        s3("2026-10-08", "2026-10-07", "2026-10-09")
    );
    // A make-up Saturday is worked: no move.
    assert_eq!(win(Kind::Dc3, "2026-10-07").due, d("2026-10-10"));
    // Across the year end: 31 Dec + 3 = 3 Jan 2027 (holiday) → Monday 4 Jan.
    assert_eq!(win(Kind::Dc3, "2026-12-31").due, d("2027-01-04"));
    // Month end, 29 February.
    assert_eq!(win(Kind::Dc3, "2028-02-26").due, d("2028-02-29"));
}

#[test]
fn periodic_callbacks_clamp_to_the_month_end() {
    let plain = BusinessCalendar::default();
    let r = rules();
    let w = |k: Kind, a: &str| r.rule(k).unwrap().timing.window(d(a), &plain, false);
    assert_eq!(w(Kind::Monthly, "2026-01-31").due, d("2026-02-28"));
    assert_eq!(w(Kind::Monthly, "2028-01-31").due, d("2028-02-29"));
    assert_eq!(w(Kind::Monthly, "2026-12-15").due, d("2027-01-15"));
    assert_eq!(w(Kind::Monthly, "2026-01-31").end, d("2026-03-06"));
    assert_eq!(w(Kind::Yearly, "2028-02-29").due, d("2029-02-28"));
    assert_eq!(w(Kind::Yearly, "2027-12-31").due, d("2028-12-31"));
    assert_eq!(w(Kind::Quarterly, "2026-11-30").due, d("2027-02-28"));
    assert_eq!(w(Kind::Quarterly, "2026-12-31").due, d("2027-03-31"));
    assert_eq!(w(Kind::Quarterly, "2027-11-30").due, d("2028-02-29"));
    // With the business calendar a Saturday due day moves to Monday.
    let m = r.rule(Kind::Monthly).unwrap();
    assert_eq!(
        m.timing.window(d("2026-10-21"), &cal(), true).due,
        d("2026-11-23")
    );
}

#[test]
fn birthdays_are_greeted_2_to_7_days_before_without_moving() {
    let r = rules();
    let b = r.rule(Kind::Birthday).unwrap();
    let w = |birthday: &str, year: i32| {
        let anchor = birthday_in(d(birthday), year).unwrap();
        b.timing.window(anchor, &cal(), b.move_off_holidays)
    };
    assert_eq!(
        span(w("1990-11-30", 2026)),
        s3("2026-11-27", "2026-11-23", "2026-11-28")
    );
    // 29 February: 28 February in a common year, the day itself in a leap year.
    assert_eq!(birthday_in(d("1992-02-29"), 2027), Some(d("2027-02-28")));
    assert_eq!(birthday_in(d("1992-02-29"), 2028), Some(d("2028-02-29")));
    assert_eq!(w("1992-02-29", 2027).end, d("2027-02-26"));
    // Early January: the window opens in December of the year before.
    assert_eq!(
        span(w("1985-01-03", 2027)),
        s3("2026-12-31", "2026-12-27", "2027-01-01")
    );
    // A greeting on a holiday keeps its day.
    assert_eq!(w("1980-10-06", 2026).due, d("2026-10-03"));
}

#[test]
fn reminders_and_follow_ups() {
    assert_eq!(
        span(win(Kind::Maintenance, "2026-12-01")),
        s3("2026-11-24", "2026-11-24", "2026-11-30")
    );
    assert_eq!(win(Kind::Insurance, "2027-01-05").due, d("2026-12-29"));
    // A week before lands on New Year's Day: the call moves to the next workday.
    assert_eq!(win(Kind::Insurance, "2027-01-08").due, d("2027-01-04"));
    // The complaint call: the day after closing (due 3 days after) at the latest.
    assert_eq!(
        span(win(Kind::Complaint, "2026-11-26")),
        s3("2026-11-24", "2026-11-24", "2026-11-26")
    );
    let r = rules();
    let t = r.rule(Kind::Complaint).unwrap().tracking.unwrap();
    assert_eq!(
        span(t.window(d("2026-12-23"), &cal(), true)),
        s3("2026-12-23", "2026-12-20", "2026-12-26")
    );
    // An open question is due the day its 24 hours end, from the day of the call.
    assert_eq!(
        span(win(Kind::OpenQuestion, "2026-11-24")),
        s3("2026-11-24", "2026-11-23", "2026-11-24")
    );
    // Declined services: a week after the visit; a Sunday due day moves to Monday.
    assert_eq!(
        span(win(Kind::Declined, "2026-11-24")),
        s3("2026-12-01", "2026-12-01", "2026-12-07")
    );
    assert_eq!(win(Kind::Declined, "2026-11-22").due, d("2026-11-30"));
    // Deferred ones ("next time"): a month after.
    let t = r.rule(Kind::Declined).unwrap().deferred.unwrap();
    assert_eq!(
        span(t.window(d("2026-11-24"), &cal(), true)),
        s3("2026-12-24", "2026-12-24", "2027-01-07")
    );
}

#[test]
fn anchor_ranges_cover_every_live_window() {
    let r = rules();
    let cal = cal();
    for rule in &r.rules {
        for t in [
            Some(rule.timing),
            rule.secondary,
            rule.tracking,
            rule.deferred,
        ]
        .into_iter()
        .flatten()
        {
            // Every other day of 2026-27, Spring Festival and National Day included.
            for today in d("2026-01-01").iter_days().step_by(2).take(365) {
                let (lo, hi) = t.anchor_range(today, 7);
                let mut a = dc_add(lo, -45);
                while a < dc_add(hi, 45) {
                    let w = t.window(a, &cal, rule.move_off_holidays);
                    if w.is_live(today, 7) {
                        assert!(
                            lo <= a && a <= hi,
                            "{} anchor {a} live on {today} outside {lo}..{hi}",
                            rule.kind.code()
                        );
                    }
                    a = a + Days::new(1);
                }
            }
        }
    }
}

#[test]
fn month_day_ranges_wrap_the_year_and_add_29_february() {
    assert_eq!(
        month_day_ranges(d("2026-12-27"), d("2027-01-04")),
        vec![
            ("12-27".to_string(), "12-31".to_string()),
            ("01-01".to_string(), "01-04".to_string())
        ]
    );
    let r = month_day_ranges(d("2027-02-20"), d("2027-03-02"));
    assert!(r.contains(&("02-29".to_string(), "02-29".to_string())));
    let r = month_day_ranges(d("2028-02-20"), d("2028-03-02"));
    assert_eq!(r, vec![("02-20".to_string(), "03-02".to_string())]);
    assert!(month_day_ranges(d("2027-03-01"), d("2027-02-01")).is_empty());
}

#[test]
fn lunar_holidays_match_the_published_dates() {
    let spring = [
        (2026, "2026-02-17"),
        (2027, "2027-02-06"),
        (2028, "2028-01-26"),
        (2029, "2029-02-13"),
        (2030, "2030-02-03"),
    ];
    let mid_autumn_dates = [
        (2026, "2026-09-25"),
        (2027, "2027-09-15"),
        (2028, "2028-10-03"),
        (2029, "2029-09-22"),
        (2030, "2030-09-12"),
    ];
    for (y, s) in spring {
        assert_eq!(spring_festival(y), Some(d(s)), "Spring Festival {y}");
    }
    for (y, s) in mid_autumn_dates {
        assert_eq!(mid_autumn(y), Some(d(s)), "Mid-Autumn {y}");
    }
    // Through the configured list too.
    let r = rules();
    let sf = r.holiday("spring_festival").unwrap();
    assert_eq!(holiday_date(sf.date, 2028), Some(d("2028-01-26")));
    // 除夕 ("12-30") belongs to the Chinese year before; a 29-day month gives its last day.
    let eve = HolidayDate::Lunar { month: 12, day: 30 };
    assert_eq!(holiday_date(eve, 2026), Some(d("2026-02-16")));
    assert_eq!(holiday_date(eve, 2027), Some(d("2027-02-05")));
    // Any year, not a table.
    assert_eq!(spring_festival(2050), Some(d("2050-01-23")));
}

#[test]
fn holidays_between_cross_the_year_end() {
    let r = rules();
    let found = holidays_between(&r.holidays, d("2026-12-25"), d("2027-02-20"));
    let ids: Vec<(&str, String)> = found
        .iter()
        .map(|(h, d)| (h.id.as_str(), d.to_string()))
        .collect();
    assert_eq!(
        ids,
        vec![
            ("new_year", "2027-01-01".to_string()),
            ("spring_festival", "2027-02-06".to_string()),
            ("valentine", "2027-02-14".to_string()),
        ]
    );
}

#[test]
fn calling_hours_and_next_opening() {
    let h = CallingHours::default();
    assert!(!callable_now(&h, at("2026-11-23 08:59")));
    assert!(callable_now(&h, at("2026-11-23 09:00")));
    assert!(callable_now(&h, at("2026-11-23 19:59")));
    assert!(!callable_now(&h, at("2026-11-23 20:00")));
    assert_eq!(
        next_callable(&h, at("2026-11-23 07:00")),
        at("2026-11-23 09:00")
    );
    assert_eq!(
        next_callable(&h, at("2026-11-23 21:00")),
        at("2026-11-24 09:00")
    );
    assert_eq!(
        next_callable(&h, at("2026-11-23 10:00")),
        at("2026-11-23 10:00")
    );
}

#[test]
fn retry_schedule_after_no_answer() {
    let s = Settings::default();
    let end = d("2026-11-25");
    let r = |now: &str, n: u32| retry_after_no_answer(at(now), n, &s, end);
    assert_eq!(r("2026-11-23 10:00", 1), Retry::At(at("2026-11-23 12:00")));
    assert_eq!(r("2026-11-23 12:05", 2), Retry::At(at("2026-11-23 14:05")));
    // The third try of the day: tomorrow at opening.
    assert_eq!(r("2026-11-23 14:10", 3), Retry::At(at("2026-11-24 09:00")));
    // Two hours later is after closing: tomorrow.
    assert_eq!(r("2026-11-23 18:30", 1), Retry::At(at("2026-11-24 09:00")));
    // Early: not before opening.
    assert_eq!(r("2026-11-23 06:00", 1), Retry::At(at("2026-11-23 09:00")));
    // On the window's last day the third try ends it.
    assert_eq!(r("2026-11-25 14:00", 3), Retry::GiveUp);
    assert_eq!(r("2026-11-25 19:00", 1), Retry::GiveUp);
    assert_eq!(r("2026-11-25 10:00", 1), Retry::At(at("2026-11-25 12:00")));
}

#[test]
fn scores_are_checked_and_low_ones_found() {
    let r = rules();
    let s7 = r.survey(Kind::Dc7).unwrap();
    let mut scores = BTreeMap::new();
    scores.insert("consultant_attitude".to_string(), 2u8);
    scores.insert("overall".to_string(), 4u8);
    assert_eq!(check_scores(Some(s7), &scores), Ok(()));
    let low = low_scores(s7, &scores, &r.settings);
    assert_eq!(low.len(), 1);
    assert_eq!(low[0].category, Category::Attitude);
    scores.insert("overall".to_string(), 6);
    assert!(matches!(
        check_scores(Some(s7), &scores),
        Err(ScoreError::OutOfScale {
            value: 6,
            scale: 5,
            ..
        })
    ));
    scores.clear();
    scores.insert("nope".to_string(), 3);
    assert_eq!(
        check_scores(Some(s7), &scores),
        Err(ScoreError::UnknownQuestion("nope".into()))
    );
    assert_eq!(check_scores(None, &scores), Err(ScoreError::NoSurvey));
    assert!(ScoreError::NoSurvey.message(Lang::En).contains("survey"));
    // On a 1–10 scale the threshold is 4.
    let m = r.survey(Kind::Monthly).unwrap();
    let mut ten = BTreeMap::new();
    ten.insert("recommend".to_string(), 4u8);
    ten.insert("vehicle_satisfaction".to_string(), 5u8);
    assert_eq!(check_scores(Some(m), &ten), Ok(()));
    let low = low_scores(m, &ten, &r.settings);
    assert_eq!(
        low.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(),
        vec!["recommend"]
    );
}

#[test]
fn samples_are_deterministic_and_exact() {
    let ids: Vec<i64> = (1..=95).collect();
    let a = sample(&ids, 10);
    assert_eq!(a.len(), 10);
    let mut rev = ids.clone();
    rev.reverse();
    assert_eq!(sample(&rev, 10), a);
    assert_eq!(sample(&ids, 0), Vec::<i64>::new());
    assert_eq!(sample(&ids, 100).len(), 95);
    assert_eq!(sample(&[7], 10), vec![7]);
    let hits = (0..10_000).filter(|&i| in_sample(i, 20, 1)).count();
    assert!((1800..2200).contains(&hits), "{hits}");
}

#[test]
fn group_keys_are_per_customer_and_iso_week() {
    assert_eq!(group_key(5, d("2026-11-23")), group_key(5, d("2026-11-29")));
    assert_ne!(group_key(5, d("2026-11-29")), group_key(5, d("2026-11-30")));
    assert_ne!(group_key(5, d("2026-11-23")), group_key(6, d("2026-11-23")));
    // ISO week 53 of 2026 runs into January 2027.
    assert_eq!(group_key(1, d("2026-12-31")), group_key(1, d("2027-01-03")));
    assert_eq!(next_month_start(d("2026-12-31")), d("2027-01-01"));
    assert_eq!(
        render_text("{name}{holiday}快乐", "张三", "", "春节"),
        "张三春节快乐"
    );
}

#[test]
fn a_store_file_changes_single_fields() {
    let text = r#"
[settings]
calling_hours = ["08:30", "19:00"]
recheck_percent = 5

[[rule]]
kind = "7dc"
window = [7, 12]

[[rule]]
kind = "birthday"
channel = "call"

[[holiday]]
id = "valentine"
enabled = false

[[holiday]]
id = "qixi"
name = "七夕"
lunar = "07-07"
"#;
    let (r, err) = Rules::with_overrides_text(text, "store.toml");
    assert_eq!(err, None);
    assert_eq!(r.settings.recheck_percent, 5);
    assert_eq!(r.settings.max_tries_per_day, 3);
    assert_eq!(
        r.settings.calling_hours.open,
        NaiveTime::from_hms_opt(8, 30, 0).unwrap()
    );
    let dc7 = r.rule(Kind::Dc7).unwrap();
    assert_eq!((dc7.timing.from, dc7.timing.to, dc7.timing.due), (7, 12, 7));
    assert!(dc7.survey.is_some() && dc7.secondary.is_some());
    assert_eq!(r.rule(Kind::Birthday).unwrap().channel, Channel::Call);
    assert!(!r.holiday("valentine").unwrap().enabled);
    let qixi = r.holiday("qixi").unwrap();
    assert_eq!(holiday_date(qixi.date, 2026), Some(d("2026-08-19")));
}

#[test]
fn a_broken_store_file_keeps_the_built_in_rules() {
    for (text, needle) in [
        ("[[rule]]\nkind = \"8dc\"\n", "unknown rule kind `8dc`"),
        (
            "[[rule]]\nkind = \"7dc\"\nwindow = [10, 7]\n",
            "ends before it starts",
        ),
        ("[[rule]]\nkind = \"7dc\"\ndue = 20\n", "outside"),
        (
            "[[rule]]\nkind = \"3dc\"\ntrigger = \"sales_files.delivery_date\"\n",
            "repair_orders.closed",
        ),
        ("[[rule]]\nkind = \"3dc\"\npriority = 0\n", "priority"),
        (
            "[settings]\ncalling_hours = [\"20:00\", \"09:00\"]\n",
            "calling_hours",
        ),
        (
            "[[holiday]]\nid = \"x\"\nname = \"x\"\nlunar = \"13-01\"\n",
            "lunar",
        ),
        ("[[rule]]\nkind = \"7dc\"\nwindo = [1, 2]\n", "store.toml:3"),
        (
            "[[rule]]\nkind = \"7dc\"\n[rule.survey]\ntitle = \"t\"\nscale = 7\nquestions = []\n",
            "scale",
        ),
    ] {
        let (r, err) = Rules::with_overrides_text(text, "store.toml");
        let err = err.unwrap_or_default();
        assert!(err.contains("store.toml"), "{err}");
        assert!(err.contains(needle), "{needle}: {err}");
        assert_eq!(r, Rules::builtin());
    }
}

fn dc_add(d: NaiveDate, n: i64) -> NaiveDate {
    plus_days(d, n)
}
