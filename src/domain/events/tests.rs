use super::*;
use crate::domain::callbacks::Channel;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn car<'a>(
    brand: &'a str,
    model: &'a str,
    bought: Option<&str>,
    vip: bool,
    region: &'a str,
) -> CarFacts<'a> {
    CarFacts {
        brand,
        model,
        purchase_date: bought.map(d),
        vip,
        region,
    }
}

#[test]
fn car_age_counts_full_years_up_to_the_anniversary() {
    assert_eq!(car_age_years(d("2023-05-20"), d("2026-05-19")), 2);
    assert_eq!(car_age_years(d("2023-05-20"), d("2026-05-20")), 3);
    assert_eq!(car_age_years(d("2026-11-01"), d("2026-11-23")), 0);
    // Bought on 29 February: one year old on 28 February of the next year.
    assert_eq!(car_age_years(d("2024-02-29"), d("2025-02-27")), 0);
    assert_eq!(car_age_years(d("2024-02-29"), d("2025-02-28")), 1);
    // A purchase date after today (bad data) is age 0, not a panic.
    assert_eq!(car_age_years(d("2027-01-01"), d("2026-11-23")), 0);
}

#[test]
fn an_empty_rule_matches_everyone() {
    let r = TargetRule::default();
    assert!(r.is_everyone());
    assert!(r.matches(&car("", "", None, false, ""), d("2026-11-23")));
    assert_eq!(r.describe(Lang::Zh), "全部客户");
    assert_eq!(r.describe(Lang::En), "all customers");
}

#[test]
fn brand_model_and_region_match_as_part_of_the_archive_value() {
    let today = d("2026-11-23");
    let r = TargetRule {
        brand: "大众".into(),
        region: "深圳".into(),
        ..Default::default()
    };
    assert!(r.matches(
        &car("一汽-大众", "速腾", None, false, "广东省深圳市"),
        today
    ));
    assert!(!r.matches(&car("丰田", "凯美瑞", None, false, "广东省深圳市"), today));
    assert!(!r.matches(&car("大众", "朗逸", None, false, "广东省广州市"), today));
    let m = TargetRule {
        model: "id.4".into(),
        ..Default::default()
    };
    assert!(m.matches(&car("大众", "ID.4 CROZZ", None, false, ""), today));
}

#[test]
fn vip_only_leaves_out_other_customers() {
    let today = d("2026-11-23");
    let r = TargetRule {
        vip_only: true,
        ..Default::default()
    };
    assert!(r.matches(&car("大众", "朗逸", None, true, ""), today));
    assert!(!r.matches(&car("大众", "朗逸", None, false, ""), today));
}

#[test]
fn car_age_limits_are_inclusive_and_need_a_purchase_date() {
    let today = d("2026-11-23");
    let r = TargetRule {
        age_min: Some(1),
        age_max: Some(3),
        ..Default::default()
    };
    assert!(!r.matches(&car("", "", Some("2026-01-01"), false, ""), today)); // 0 years
    assert!(r.matches(&car("", "", Some("2025-11-23"), false, ""), today)); // 1 year today
    assert!(r.matches(&car("", "", Some("2022-11-24"), false, ""), today)); // 3 years
    assert!(!r.matches(&car("", "", Some("2022-11-23"), false, ""), today)); // 4 years today
    assert!(!r.matches(&car("", "", None, false, ""), today));
    assert_eq!(r.describe(Lang::Zh), "车龄 1–3 年");
}

#[test]
fn age_ranges_parse_in_every_written_form() {
    assert_eq!(TargetRule::parse_age(""), Ok((None, None)));
    assert_eq!(TargetRule::parse_age("1-3"), Ok((Some(1), Some(3))));
    assert_eq!(TargetRule::parse_age("2-"), Ok((Some(2), None)));
    assert_eq!(TargetRule::parse_age("-5"), Ok((None, Some(5))));
    assert_eq!(TargetRule::parse_age("3"), Ok((Some(3), Some(3))));
    assert_eq!(TargetRule::parse_age("1～3"), Ok((Some(1), Some(3))));
    assert_eq!(TargetRule::parse_age("0-5"), Ok((None, Some(5))));
    // Written back into the form without a minus sign, and read back the same.
    let upto = TargetRule {
        age_max: Some(4),
        ..TargetRule::default()
    };
    assert_eq!(upto.age_text(), "0-4");
    assert_eq!(TargetRule::parse_age(&upto.age_text()), Ok((None, Some(4))));
    assert!(TargetRule::parse_age("3-1").is_err());
    assert!(TargetRule::parse_age("abc").is_err());
    let r = TargetRule {
        age_min: Some(2),
        ..Default::default()
    };
    assert_eq!(r.age_text(), "2-");
}

#[test]
fn capacity_counts_people_and_warns_when_over() {
    let s = Seats {
        accepted: 28,
        capacity: 30,
    };
    assert!(!s.over());
    assert_eq!(s.left(), 2);
    assert!(!s.would_overflow(0, 2));
    assert!(s.would_overflow(0, 3));
    // Changing an earlier yes of 2 people to 4 needs only 2 more seats.
    assert!(!s.would_overflow(2, 4));
    let over = Seats {
        accepted: 32,
        capacity: 30,
    };
    assert!(over.over());
    assert_eq!(over.text(Lang::Zh), "32/30 超出名额");
    assert_eq!(over.text(Lang::En), "32/30 over capacity");
    assert_eq!(s.text(Lang::En), "28/30");
    // The list's column: three- and four-digit counts fit, the warning whole.
    let big = Seats {
        accepted: 185,
        capacity: 50,
    };
    assert_eq!(big.short(Lang::En), "185/50 over");
    assert_eq!(big.short(Lang::Zh), "185/50 超额");
    let huge = Seats {
        accepted: 1000,
        capacity: 1000,
    };
    assert_eq!(huge.short(Lang::Zh), "1000/1000");
    for lang in [Lang::Zh, Lang::En] {
        let over = Seats {
            accepted: 1001,
            capacity: 1000,
        };
        assert!(crate::text::width(&over.short(lang)) <= Seats::COLUMN);
    }
}

#[test]
fn an_answer_keeps_a_sensible_party_size() {
    assert_eq!(Rsvp::new(Answer::Yes, 0).unwrap().party, 1);
    assert_eq!(Rsvp::new(Answer::Yes, 3).unwrap().party, 3);
    assert_eq!(Rsvp::new(Answer::No, 3).unwrap().party, 0);
    assert!(Rsvp::new(Answer::Maybe, 21).is_err());
    assert_eq!(Answer::parse("1"), Some(Answer::Yes));
    assert_eq!(Answer::parse("待定"), Some(Answer::Maybe));
    assert_eq!(Answer::parse("x"), None);
}

#[test]
fn the_invitation_window_ends_before_the_event() {
    let cal = BusinessCalendar::builtin();
    let t = Timing {
        months: 0,
        from: 0,
        to: 5,
        due: 1,
    };
    // Plenty of time: the rule's own window (Mon 23 Nov → due Tue 24, end Sat 28).
    let w = invite_window(&t, d("2026-11-23"), d("2026-12-12"), &cal, true);
    assert_eq!(
        (w.start, w.due, w.end),
        (d("2026-11-23"), d("2026-11-24"), d("2026-11-28"))
    );
    // The event is on the 25th: the window ends the day before.
    let w = invite_window(&t, d("2026-11-23"), d("2026-11-25"), &cal, true);
    assert_eq!(
        (w.start, w.due, w.end),
        (d("2026-11-23"), d("2026-11-24"), d("2026-11-24"))
    );
    // Invited on the day itself: that day only.
    let w = invite_window(&t, d("2026-11-25"), d("2026-11-25"), &cal, true);
    assert_eq!(
        (w.start, w.due, w.end),
        (d("2026-11-25"), d("2026-11-25"), d("2026-11-25"))
    );
    assert!(w.start <= w.due && w.due <= w.end);
}

#[test]
fn an_event_needs_a_title_place_and_capacity() {
    let e = EventData {
        title: " ".into(),
        kind: EventKind::Talk,
        starts_at: d("2026-11-28").and_hms_opt(14, 0, 0).unwrap(),
        place: String::new(),
        capacity: 0,
        target: TargetRule::default(),
        channel: Channel::Call,
        notes: String::new(),
    };
    let fields: Vec<&str> = validate(&e).iter().map(|f| f.field).collect();
    assert_eq!(fields, vec!["title", "place", "capacity"]);
    let ok = EventData {
        title: "冬季用车知识讲座".into(),
        place: "本店二楼客户休息区".into(),
        capacity: 30,
        ..e
    };
    assert!(validate(&ok).is_empty());
}

#[test]
fn kinds_parse_from_digits_and_labels() {
    assert_eq!(EventKind::parse("3"), Some(EventKind::Tour));
    assert_eq!(EventKind::parse("车友会"), Some(EventKind::Club));
    assert_eq!(EventKind::parse("talk"), Some(EventKind::Talk));
    assert_eq!(EventKind::parse("9"), None);
}
