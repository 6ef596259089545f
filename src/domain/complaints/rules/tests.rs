//! Tests of escalation, remedies, follow-ups, valid complaints and the monthly tally.

use crate::domain::complaints::tests::{
    confirmed, d, ev, four, log, refuse, t, tz, up_to_resolved,
};
use crate::domain::complaints::*;
use crate::i18n::Lang;
use chrono::{TimeZone, Utc};

#[test]
fn major_complaints_escalate_at_once_and_closed_ones_never() {
    let e = log(
        Category::Other,
        vec![("2026-11-23 10:00", EventKind::Received)],
    );
    let st = fold(&e);
    assert_eq!(
        auto_escalation(&st, &[], Severity::Major),
        Some(EscalationReason::Major)
    );
    assert_eq!(auto_escalation(&st, &[], Severity::General), None);
    let mut closed = up_to_resolved(Category::Other);
    try_append(
        &mut closed,
        Category::Other,
        ev("2026-11-24 09:00", confirmed("张", 5)),
    )
    .unwrap();
    let st = try_append(
        &mut closed,
        Category::Other,
        ev("2026-11-24 09:05", EventKind::Closed),
    )
    .unwrap();
    assert_eq!(pending_escalations(&st, &[], Severity::Major), vec![]);
}

#[test]
fn escalation_by_hand_needs_a_reason_and_a_higher_level() {
    let cat = Category::Attitude;
    let mut e = log(cat, vec![("2026-11-23 10:00", EventKind::Received)]);
    let by_hand = |level, note: &str| EventKind::Escalated {
        level,
        reason: EscalationReason::ByHand,
        note: note.into(),
        automatic: false,
    };
    let r = refuse(&e, cat, "2026-11-23 10:01", by_hand(1, ""));
    assert_eq!(r.message(Lang::En), "Cannot escalate: missing a reason.");
    assert!(matches!(
        refuse(&e, cat, "2026-11-23 10:01", by_hand(0, "x")),
        Refusal::Missing { .. }
    ));
    try_append(
        &mut e,
        cat,
        ev("2026-11-23 10:01", by_hand(1, "客户情绪激动")),
    )
    .unwrap();
    let r = refuse(&e, cat, "2026-11-23 10:02", by_hand(1, "再次"));
    assert_eq!(r, Refusal::NotAbove { level: 1 });
    assert!(r.message(Lang::Zh).contains("第 1 级"));
    let st = try_append(
        &mut e,
        cat,
        ev(
            "2026-11-23 10:02",
            by_hand(LEVEL_MANAGEMENT, "要求总经理答复"),
        ),
    )
    .unwrap();
    assert_eq!(st.escalation_level, 2);
}

#[test]
fn remedies_need_reason_item_and_amount() {
    let cat = Category::RepairQuality;
    let mut e = up_to_resolved(cat);
    let remedy = |kind, reason: &str, item: &str, amount_fen| EventKind::Remedy {
        kind,
        reason: reason.into(),
        item: item.into(),
        amount_fen,
    };
    let r = refuse(
        &e,
        cat,
        "2026-11-24 09:00",
        remedy(RemedyKind::Refund, "", "", 0),
    );
    assert_eq!(
        r.message(Lang::En),
        "Cannot record a refund, replacement or compensation: missing a reason, the item, a valid amount."
    );
    assert_eq!(
        r.message(Lang::Zh),
        "无法记录退款/更换/补偿：缺少原因、项目、有效金额。"
    );
    // A replacement may be free of charge; a refund may not be zero.
    let k = remedy(RemedyKind::Replacement, "返修", "刹车片", 0);
    try_append(&mut e, cat, ev("2026-11-24 09:00", k)).unwrap();
    let amount = parse_yuan("1,280.50").unwrap();
    let k = remedy(RemedyKind::Refund, "工时费多收", "工时费", amount);
    let st = try_append(&mut e, cat, ev("2026-11-24 09:01", k)).unwrap();
    assert_eq!(st.remedies.len(), 2);
    assert_eq!(fmt_yuan(st.remedies[1].amount_fen), "1280.50");
}

#[test]
fn yuan_amounts() {
    assert_eq!(parse_yuan("20000"), Some(2_000_000));
    assert_eq!(parse_yuan("¥12.5"), Some(1250));
    assert_eq!(parse_yuan("12.05元"), Some(1205));
    assert_eq!(parse_yuan("1.234"), None);
    assert_eq!(parse_yuan("-5"), None);
    assert_eq!(parse_yuan(""), None);
    assert_eq!(parse_yuan("abc"), None);
    assert_eq!(fmt_yuan(5), "0.05");
    assert_eq!(fmt_yuan(-150), "-1.50");
}

#[test]
fn follow_ups_after_closing_with_month_end_clamping() {
    let at = |s: &str| t(s).with_timezone(&tz());
    let f = follow_ups(at("2026-01-31 15:00"));
    assert_eq!(
        f,
        vec![
            (FollowUpKind::Call, d("2026-02-03")),
            (FollowUpKind::Tracking(1), d("2026-02-28")),
            (FollowUpKind::Tracking(2), d("2026-03-31")),
            (FollowUpKind::Tracking(3), d("2026-04-30")),
        ]
    );
    // A leap year's February.
    assert_eq!(
        follow_ups(at("2028-01-31 15:00"))[1],
        (FollowUpKind::Tracking(1), d("2028-02-29"))
    );
    // Across a year end.
    let f = follow_ups(at("2026-11-30 10:00"));
    assert_eq!(f[0].1, d("2026-12-03"));
    assert_eq!(f[3].1, d("2027-02-28"));
    // The store's date counts: 01:00 on 31 Jan in Shanghai is still 30 Jan in UTC.
    let early = at("2026-01-31 01:00");
    assert_eq!(early.with_timezone(&Utc).date_naive(), d("2026-01-30"));
    assert_eq!(follow_ups(early)[1].1, d("2026-02-28"));
    assert_eq!(FollowUpKind::Tracking(2).label(Lang::Zh), "第 2 个月跟踪");
    assert_eq!(FollowUpKind::Call.code(), "call");
}

#[test]
fn the_valid_complaint_rule() {
    for c in [
        Category::Attitude,
        Category::Timeliness,
        Category::RepairQuality,
        Category::PartsSupply,
        Category::Pricing,
    ] {
        assert!(is_valid(c, false, None), "{c:?} counts always");
        assert!(is_valid(c, true, None));
        assert!(!is_valid(c, false, Some(false)), "a ruling overrides");
    }
    for c in [Category::ProductQuality, Category::Other] {
        assert!(!is_valid(c, false, None), "{c:?} counts only when late");
        assert!(is_valid(c, true, None));
        assert!(is_valid(c, false, Some(true)), "a ruling overrides");
        assert!(!is_valid(c, true, Some(false)), "a ruling overrides");
    }
    // Through the state: the latest ruling is kept and counts.
    let mut e = log(
        Category::Other,
        vec![("2026-11-23 10:00", EventKind::Received)],
    );
    assert!(!is_valid_complaint(Category::Other, &fold(&e), &[]));
    let rule = |valid, reason: &str| EventKind::Ruled {
        valid,
        reason: reason.into(),
    };
    assert!(matches!(
        refuse(&e, Category::Other, "2026-11-23 10:01", rule(true, "")),
        Refusal::Missing { .. }
    ));
    try_append(
        &mut e,
        Category::Other,
        ev("2026-11-23 10:01", rule(true, "拖延处理")),
    )
    .unwrap();
    let st = fold(&e);
    assert!(is_valid_complaint(Category::Other, &st, &[]));
    let ruling = st.ruling.as_ref().unwrap();
    assert_eq!((ruling.by, ruling.reason.as_str()), (Some(7), "拖延处理"));
    try_append(
        &mut e,
        Category::Other,
        ev("2026-11-23 10:02", rule(false, "复核：客户原因")),
    )
    .unwrap();
    assert!(!is_valid_complaint(Category::Other, &fold(&e), &[]));
}

#[test]
fn the_monthly_tally_flags_two_valid_complaints() {
    let item = |s: &str, m: (i32, u32), v| (s.to_string(), m, v);
    let items = vec![
        item("二店", (2026, 11), true),
        item("一店", (2026, 11), true),
        item("一店", (2026, 11), false),
        item("一店", (2026, 11), true),
        item("一店", (2026, 12), true),
        item("一店", (2026, 12), false),
    ];
    let tally = monthly_tally(&items);
    let row = |s: &str, m| {
        tally
            .iter()
            .find(|r| r.station == s && r.month == m)
            .unwrap()
    };
    let a = row("一店", (2026, 11));
    assert_eq!((a.total, a.valid_count, a.flagged), (3, 2, true));
    let b = row("一店", (2026, 12));
    assert_eq!((b.total, b.valid_count, b.flagged), (2, 1, false));
    assert!(!row("二店", (2026, 11)).flagged);
    assert_eq!(tally.len(), 3);
    assert!(
        tally
            .windows(2)
            .all(|w| (&w[0].station, w[0].month) < (&w[1].station, w[1].month))
    );
    assert_eq!(STATION_FLAG_AT, 2);
    // The month is the store's: 20:00 UTC on 30 Nov is 1 Dec in Shanghai.
    let at = Utc.with_ymd_and_hms(2026, 11, 30, 20, 0, 0).unwrap();
    assert_eq!(month_of(at, tz()), (2026, 12));
}

#[test]
fn events_serialize_as_tagged_json() {
    let mut e = up_to_resolved(Category::ProductQuality);
    e.push(ev(
        "2026-11-24 09:00",
        four("批次不良", "换供应商", "考核", "培训"),
    ));
    e.push(ev(
        "2026-11-24 09:01",
        EventKind::Paused {
            reason: PauseReason::Parts,
            note: "等件".into(),
        },
    ));
    let json = serde_json::to_string(&e).unwrap();
    assert!(
        json.contains(r#""type":"four_fields","root_cause":"批次不良""#),
        "{json}"
    );
    assert!(
        json.contains(r#""type":"handler_assigned","handler":12"#),
        "{json}"
    );
    let back: Vec<Event> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, e);
    let esc = escalation_event(
        EscalationReason::Deadline(ClockKind::Resolve),
        t("2026-11-24 10:00"),
    );
    let json = serde_json::to_string(&esc).unwrap();
    assert!(
        json.contains(r#""reason":{"why":"deadline","clock":"resolve"}"#),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), esc);
}
