//! The seeds' day limits at holidays (issue 16.5): a due day off moves only inside its
//! window, earlier first, and a window never ends after the seed's limit.

use super::*;
use crate::domain::complaints::follow_ups;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// 2026 as the State Council's notice has it around the Spring Festival and National Day,
/// with the make-up Saturdays worked.
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
"#,
        "test",
    )
    .unwrap()
}

fn rule(kind: Kind) -> Rule {
    Rules::builtin().rule(kind).unwrap().clone()
}

fn win(kind: Kind, anchor: &str) -> (NaiveDate, NaiveDate, NaiveDate) {
    let r = rule(kind);
    let w = r.timing.window(d(anchor), &cal(), r.move_off_holidays);
    (w.start, w.due, w.end)
}

#[test]
fn the_built_in_windows_end_at_the_seeds_limits() {
    // 7DC: 第7日 after delivery, called within days 7–10.
    let t = rule(Kind::Dc7).timing;
    assert_eq!((t.months, t.from, t.due, t.to), (0, 7, 7, 10));
    // A secondary dealer's sale: 第10日 after the invoice, the same three days' leeway.
    let t = rule(Kind::Dc7).secondary.unwrap();
    assert_eq!((t.from, t.due, t.to), (10, 10, 13));
    // 3DC: days 3–5 after the hand-back.
    let t = rule(Kind::Dc3).timing;
    assert_eq!((t.from, t.due, t.to), (3, 3, 5));
    // The complaint call counts from the follow-up's day, 3 days after closing: days 1–3.
    let t = rule(Kind::Complaint).timing;
    assert_eq!((t.from, t.due, t.to), (-2, -2, 0));
    let closed = chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 11, 20, 16, 0, 0)
        .unwrap();
    assert_eq!(follow_ups(closed)[0].1, d("2026-11-23"));
    // Every rule that moves off days off is set to do so.
    for k in [Kind::Dc7, Kind::Dc3, Kind::Complaint, Kind::Insurance] {
        assert!(rule(k).move_off_holidays, "{}", k.code());
    }
}

#[test]
fn seven_dc_due_on_national_day_stays_within_day_10() {
    // Delivered 24 September: day 7 is 1 October and days 7–10 are all off. The seed's day
    // stays and the window ends on day 10 (4 October) — it used to move to 8 October.
    assert_eq!(
        win(Kind::Dc7, "2026-09-24"),
        (d("2026-10-01"), d("2026-10-01"), d("2026-10-04"))
    );
    // Delivered 28 September: day 7 is 5 October, off; day 10 (8 October) is the only
    // workday left in the window, so the call is due then, on the limit, not after it.
    assert_eq!(
        win(Kind::Dc7, "2026-09-28"),
        (d("2026-10-05"), d("2026-10-08"), d("2026-10-08"))
    );
    // Switched off, nothing moves and the window is the same.
    let r = rule(Kind::Dc7);
    let w = r.timing.window(d("2026-09-28"), &cal(), false);
    assert_eq!((w.due, w.end), (d("2026-10-05"), d("2026-10-08")));
}

#[test]
fn a_window_with_room_moves_the_due_day_earlier_to_the_last_workday() {
    // A store's own 7DC window, days 3–10 with the call on day 7: due on 1 October moves
    // back to 30 September, the last workday before National Day.
    let t = Timing {
        months: 0,
        from: 3,
        to: 10,
        due: 7,
    };
    let w = t.window(d("2026-09-24"), &cal(), true);
    assert_eq!(
        (w.start, w.due, w.end),
        (d("2026-09-27"), d("2026-09-30"), d("2026-10-04"))
    );
    // Spring Festival: day 7 is 17 February; the last workday before it is the make-up
    // Saturday 14 February (day 4), inside the window.
    let w = t.window(d("2026-02-10"), &cal(), true);
    assert_eq!(
        (w.start, w.due, w.end),
        (d("2026-02-13"), d("2026-02-14"), d("2026-02-20"))
    );
    // When the earlier workday is outside the window it is not taken.
    let w = t.window(d("2026-02-13"), &cal(), true);
    assert_eq!(
        (w.start, w.due, w.end),
        (d("2026-02-16"), d("2026-02-20"), d("2026-02-23"))
    );
}

#[test]
fn a_complaint_closed_before_the_spring_festival_is_called_within_3_days() {
    let at = |s: &str| {
        let t = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        chrono_tz::Asia::Shanghai.from_local_datetime(&t).unwrap()
    };
    let r = rule(Kind::Complaint);
    let call = |closed: &str| {
        let due = follow_ups(at(closed))[0].1;
        let w = r.timing.window(due, &cal(), r.move_off_holidays);
        (w.start, w.due, w.end)
    };
    // Closed Friday 13 February: the next day is the make-up Saturday, a workday.
    assert_eq!(
        call("2026-02-13 17:00"),
        (d("2026-02-14"), d("2026-02-14"), d("2026-02-16"))
    );
    // Closed on the make-up Saturday: days 1–3 are all in the holiday. The call stays due
    // the day after closing and the window ends on day 3 — it used to move to 24 February,
    // ten days after closing.
    assert_eq!(
        call("2026-02-14 11:00"),
        (d("2026-02-15"), d("2026-02-15"), d("2026-02-17"))
    );
    // Closed on the holiday's second-last day: day 1 (23 February) is off, day 2 is the
    // first workday after it.
    assert_eq!(
        call("2026-02-22 10:00"),
        (d("2026-02-23"), d("2026-02-24"), d("2026-02-25"))
    );
}

#[test]
fn a_make_up_saturday_is_a_workday_and_a_plain_saturday_is_not() {
    // 3DC: handed back Wednesday 25 February, day 3 is the make-up Saturday 28 February.
    assert_eq!(
        win(Kind::Dc3, "2026-02-25"),
        (d("2026-02-28"), d("2026-02-28"), d("2026-03-02"))
    );
    // National Day's make-up Saturday, 10 October.
    assert_eq!(win(Kind::Dc3, "2026-10-07").1, d("2026-10-10"));
    // A plain Saturday (day 3 of a Wednesday hand-back): Monday, day 5, inside the window.
    assert_eq!(
        win(Kind::Dc3, "2026-11-18"),
        (d("2026-11-21"), d("2026-11-23"), d("2026-11-23"))
    );
}

#[test]
fn no_rule_ever_moves_a_due_day_out_of_its_window() {
    let cal = BusinessCalendar::builtin();
    let rules = Rules::builtin();
    for rule in &rules.rules {
        let timings = [
            Some(rule.timing),
            rule.secondary,
            rule.tracking,
            rule.deferred,
        ];
        for t in timings.into_iter().flatten() {
            for anchor in d("2025-12-01").iter_days().take(800) {
                let w = t.window(anchor, &cal, rule.move_off_holidays);
                let base = anchor.checked_add_months(Months::new(t.months)).unwrap();
                let code = rule.kind.code();
                assert_eq!(w.end, plus_days(base, t.to), "{code} {anchor}: end moved");
                assert_eq!(w.start, plus_days(base, t.from), "{code} {anchor}");
                assert!(w.start <= w.due && w.due <= w.end, "{code} {anchor}: {w:?}");
                let seed_day = plus_days(base, t.due);
                if w.due != seed_day {
                    assert!(rule.move_off_holidays, "{code} {anchor}: a greeting moved");
                    assert!(!cal.is_workday(seed_day) && cal.is_workday(w.due));
                    // Earlier when the window allows it.
                    let earlier = w.start.iter_days().take_while(|x| *x < seed_day);
                    if earlier.clone().any(|x| cal.is_workday(x)) {
                        assert!(w.due < seed_day, "{code} {anchor}: moved later");
                    }
                }
            }
        }
    }
}

#[test]
fn the_insurance_reminder_names_the_vehicle_and_vessel_tax() {
    let r = rule(Kind::Insurance);
    assert!(r.script.contains("车船税"), "{}", r.script);
    assert!(r.text.contains("车船税"), "{}", r.text);
    let sms = render_text(&r.text, "张伟", "广州XX店", "");
    assert!(
        sms.starts_with("尊敬的张伟：") && sms.contains("广州XX店"),
        "{sms}"
    );
    assert_eq!(Kind::Insurance.label(Lang::Zh), "续保及车船税提醒");
    assert!(
        Kind::Insurance
            .label(Lang::En)
            .contains("vehicle and vessel tax")
    );
}
