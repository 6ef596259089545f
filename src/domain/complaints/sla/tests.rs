use super::*;
use crate::domain::complaints::{EscalationReason, PauseReason, any_missed, auto_escalation, fold};
use chrono::TimeZone;

fn tz() -> Tz {
    chrono_tz::Asia::Shanghai
}

/// Store-local `YYYY-MM-DD HH:MM[:SS]` as UTC.
fn t(s: &str) -> DateTime<Utc> {
    let fmt = if s.len() > 16 {
        "%Y-%m-%d %H:%M:%S"
    } else {
        "%Y-%m-%d %H:%M"
    };
    let naive = chrono::NaiveDateTime::parse_from_str(s, fmt).unwrap();
    tz().from_local_datetime(&naive)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn ev(at: &str, kind: EventKind) -> Event {
    Event::new(t(at), 7, kind)
}

fn received(at: &str) -> Vec<Event> {
    vec![ev(at, EventKind::Received)]
}

fn wall() -> SlaSettings {
    SlaSettings::default()
}

fn business() -> SlaSettings {
    SlaSettings {
        business_hours: true,
        ..SlaSettings::default()
    }
}

fn run(events: &[Event], sev: Severity, s: &SlaSettings, now: &str) -> Vec<Clock> {
    let cal = BusinessCalendar::builtin();
    clocks(
        events,
        sev,
        s,
        &cal,
        &BusinessHours::default(),
        tz(),
        t(now),
    )
}

fn clock(cs: &[Clock], kind: ClockKind) -> &Clock {
    cs.iter().find(|c| c.kind == kind).unwrap()
}

fn min(m: i64) -> Duration {
    Duration::minutes(m)
}

#[test]
fn no_clocks_before_receipt() {
    assert!(run(&[], Severity::General, &wall(), "2026-11-23 10:00").is_empty());
}

#[test]
fn wall_clock_deadlines_general_and_major() {
    let e = received("2026-11-23 10:00");
    let cs = run(&e, Severity::General, &wall(), "2026-11-23 10:05");
    assert_eq!(cs.len(), 3);
    let fc = clock(&cs, ClockKind::FirstContact);
    assert_eq!(
        (fc.state, fc.used, fc.limit),
        (ClockState::Running, min(5), min(10))
    );
    assert_eq!(fc.due, Some(t("2026-11-23 10:10")));
    assert_eq!(fc.left(), min(5));
    assert!(!fc.warn);
    assert_eq!(
        clock(&cs, ClockKind::AssignHandler).due,
        Some(t("2026-11-23 11:00"))
    );
    let r = clock(&cs, ClockKind::Resolve);
    assert_eq!(
        (r.due, r.limit),
        (Some(t("2026-11-24 10:00")), Duration::hours(24))
    );

    let cs = run(&e, Severity::Major, &wall(), "2026-11-23 10:05");
    let r = clock(&cs, ClockKind::Resolve);
    assert_eq!(
        (r.due, r.limit),
        (Some(t("2026-11-26 10:00")), Duration::days(3))
    );
    // The next deadline is the first contact.
    assert_eq!(next_deadline(&cs).unwrap().kind, ClockKind::FirstContact);
}

#[test]
fn exactly_at_the_deadline_is_on_time_one_second_after_is_late() {
    let e = received("2026-11-23 10:00");
    // Still open at the deadline: running; a second later: overdue.
    let at = run(&e, Severity::General, &wall(), "2026-11-23 10:10:00");
    assert_eq!(
        clock(&at, ClockKind::FirstContact).state,
        ClockState::Running
    );
    assert!(!any_missed(&at));
    let after = run(&e, Severity::General, &wall(), "2026-11-23 10:10:01");
    let fc = clock(&after, ClockKind::FirstContact);
    assert_eq!(fc.state, ClockState::Overdue);
    assert_eq!(fc.due, Some(t("2026-11-23 10:10")));
    assert_eq!(fc.left(), -Duration::seconds(1));
    assert!(!fc.warn, "overdue is highlighted, not warned");
    assert!(any_missed(&after));

    // Contact made exactly at the deadline: met; a second later: met late.
    let mut on_time = e.clone();
    on_time.push(ev("2026-11-23 10:10:00", EventKind::Contacted));
    let cs = run(&on_time, Severity::General, &wall(), "2026-11-23 12:00");
    let fc = clock(&cs, ClockKind::FirstContact);
    assert_eq!(
        (fc.state, fc.met_at),
        (ClockState::Met, Some(t("2026-11-23 10:10")))
    );
    let mut late = e.clone();
    late.push(ev("2026-11-23 10:10:01", EventKind::Contacted));
    let cs = run(&late, Severity::General, &wall(), "2026-11-23 12:00");
    assert_eq!(
        clock(&cs, ClockKind::FirstContact).state,
        ClockState::MetLate
    );
    assert!(any_missed(&cs));

    // Resolution exactly 3 days after a major complaint came in: met.
    let mut major = e.clone();
    for (at, k) in [
        ("2026-11-23 10:05", EventKind::Contacted),
        (
            "2026-11-23 10:30",
            EventKind::HandlerAssigned { handler: 3 },
        ),
        ("2026-11-23 11:00", EventKind::Investigating),
        (
            "2026-11-26 10:00",
            EventKind::Resolved {
                resolution: "修复".into(),
            },
        ),
    ] {
        major.push(ev(at, k));
    }
    let cs = run(&major, Severity::Major, &wall(), "2026-11-27 10:00");
    assert_eq!(clock(&cs, ClockKind::Resolve).state, ClockState::Met);
    assert!(!any_missed(&cs));
    // The same times for a general complaint: resolved two days late.
    let cs = run(&major, Severity::General, &wall(), "2026-11-27 10:00");
    let r = clock(&cs, ClockKind::Resolve);
    assert_eq!(r.state, ClockState::MetLate);
    assert_eq!(r.due, Some(t("2026-11-24 10:00")));
    assert_eq!(next_deadline(&cs), None, "nothing is open");
}

#[test]
fn warns_at_80_percent_used() {
    let e = received("2026-11-23 10:00");
    let before = run(&e, Severity::General, &wall(), "2026-11-23 10:07:59");
    assert!(!clock(&before, ClockKind::FirstContact).warn);
    let at = run(&e, Severity::General, &wall(), "2026-11-23 10:08");
    let fc = clock(&at, ClockKind::FirstContact);
    assert!(fc.warn);
    assert!((fc.ratio_used() - 0.8).abs() < 1e-9);
    // The hour-long assignment clock is not at 80% yet (8 of 60 min).
    assert!(!clock(&at, ClockKind::AssignHandler).warn);
    let later = run(&e, Severity::General, &wall(), "2026-11-23 10:48");
    assert!(clock(&later, ClockKind::AssignHandler).warn);
    // A met clock never warns.
    let mut met = e.clone();
    met.push(ev("2026-11-23 10:09", EventKind::Contacted));
    let cs = run(&met, Severity::General, &wall(), "2026-11-23 10:09:30");
    assert!(!clock(&cs, ClockKind::FirstContact).warn);
    // A different ratio from the settings.
    let s = SlaSettings {
        warn_ratio: 0.5,
        ..wall()
    };
    assert!(
        clock(
            &run(&e, Severity::General, &s, "2026-11-23 10:05"),
            ClockKind::FirstContact
        )
        .warn
    );
}

#[test]
fn received_at_2355_wall_clock() {
    let e = received("2026-11-23 23:55");
    let cs = run(&e, Severity::General, &wall(), "2026-11-23 23:59");
    assert_eq!(
        clock(&cs, ClockKind::FirstContact).due,
        Some(t("2026-11-24 00:05"))
    );
    assert_eq!(
        clock(&cs, ClockKind::AssignHandler).due,
        Some(t("2026-11-24 00:55"))
    );
    assert_eq!(
        clock(&cs, ClockKind::Resolve).due,
        Some(t("2026-11-24 23:55"))
    );
    let cs = run(&e, Severity::General, &wall(), "2026-11-24 00:05:01");
    assert_eq!(
        clock(&cs, ClockKind::FirstContact).state,
        ClockState::Overdue
    );
}

#[test]
fn received_at_2355_business_hours() {
    let e = received("2026-11-23 23:55");
    let cs = run(&e, Severity::General, &business(), "2026-11-24 08:00");
    let fc = clock(&cs, ClockKind::FirstContact);
    assert_eq!(
        fc.due,
        Some(t("2026-11-24 08:40")),
        "10 min after the next opening"
    );
    assert_eq!((fc.used, fc.state), (Duration::zero(), ClockState::Running));
    assert!(fc.business_hours);
    assert_eq!(
        clock(&cs, ClockKind::AssignHandler).due,
        Some(t("2026-11-24 09:30"))
    );
    // 24 h is one business day (9 h): the whole of Tuesday.
    let r = clock(&cs, ClockKind::Resolve);
    assert_eq!(
        (r.limit, r.due),
        (Duration::hours(9), Some(t("2026-11-24 17:30")))
    );
    // Major: three business days.
    let cs = run(&e, Severity::Major, &business(), "2026-11-24 08:00");
    let r = clock(&cs, ClockKind::Resolve);
    assert_eq!(
        (r.limit, r.due),
        (Duration::hours(27), Some(t("2026-11-26 17:30")))
    );

    // Boundaries in business time: at 08:40 on time, 08:40:01 overdue.
    let at = run(&e, Severity::General, &business(), "2026-11-24 08:40");
    assert_eq!(
        clock(&at, ClockKind::FirstContact).state,
        ClockState::Running
    );
    let after = run(&e, Severity::General, &business(), "2026-11-24 08:40:01");
    assert_eq!(
        clock(&after, ClockKind::FirstContact).state,
        ClockState::Overdue
    );

    // Friday night: due Monday; on the eve of National Day: due the first workday after it.
    let cs = run(
        &received("2026-11-27 23:55"),
        Severity::General,
        &business(),
        "2026-11-28 12:00",
    );
    assert_eq!(
        clock(&cs, ClockKind::FirstContact).due,
        Some(t("2026-11-30 08:40"))
    );
    let cs = run(
        &received("2026-09-30 23:55"),
        Severity::General,
        &business(),
        "2026-10-03 12:00",
    );
    let fc = clock(&cs, ClockKind::FirstContact);
    assert_eq!(fc.due, Some(t("2026-10-08 08:40")));
    assert_eq!(
        fc.used,
        Duration::zero(),
        "no business time passes over the holiday"
    );
}

#[test]
fn business_hours_count_only_open_time() {
    // Monday 17:00; by Tuesday 09:00 half an hour on each day has been used.
    let e = received("2026-11-23 17:00");
    let cs = run(&e, Severity::General, &business(), "2026-11-24 09:00");
    let fc = clock(&cs, ClockKind::FirstContact);
    assert_eq!(fc.used, Duration::hours(1));
    assert_eq!(
        (fc.state, fc.due),
        (ClockState::Overdue, Some(t("2026-11-23 17:10")))
    );
    let ah = clock(&cs, ClockKind::AssignHandler);
    assert_eq!(ah.due, Some(t("2026-11-24 09:00")));
    assert_eq!(ah.state, ClockState::Running, "exactly at the limit");
    // The same in wall-clock time: 16 h used.
    let cs = run(&e, Severity::General, &wall(), "2026-11-24 09:00");
    assert_eq!(
        clock(&cs, ClockKind::FirstContact).used,
        Duration::hours(16)
    );
}

fn paused_log() -> Vec<Event> {
    let mut e = received("2026-11-23 10:00");
    let pause = |reason| EventKind::Paused {
        reason,
        note: String::new(),
    };
    for (at, k) in [
        ("2026-11-23 10:02", EventKind::Contacted),
        (
            "2026-11-23 10:30",
            EventKind::HandlerAssigned { handler: 3 },
        ),
        ("2026-11-23 10:40", EventKind::Investigating),
        ("2026-11-23 12:00", pause(PauseReason::Parts)),
        ("2026-11-24 12:00", EventKind::Resumed),
        ("2026-11-24 14:00", pause(PauseReason::Customer)),
        ("2026-11-24 15:00", EventKind::Resumed),
    ] {
        e.push(ev(at, k));
    }
    e
}

#[test]
fn pauses_are_excluded_and_every_segment_is_listed() {
    let e = paused_log();
    let cs = run(&e, Severity::General, &wall(), "2026-11-24 16:00");
    let r = clock(&cs, ClockKind::Resolve);
    assert_eq!(r.used, Duration::hours(5), "2 h + 2 h + 1 h running");
    assert_eq!(r.state, ClockState::Running);
    assert_eq!(
        r.due,
        Some(t("2026-11-25 11:00")),
        "15:00 + the 20 h left then"
    );
    let seg = |from: &str, to: Option<&str>, running, pause| Segment {
        from: t(from),
        to: to.map(t),
        running,
        pause,
    };
    assert_eq!(
        r.segments,
        vec![
            seg("2026-11-23 10:00", Some("2026-11-23 12:00"), true, None),
            seg(
                "2026-11-23 12:00",
                Some("2026-11-24 12:00"),
                false,
                Some(PauseReason::Parts)
            ),
            seg("2026-11-24 12:00", Some("2026-11-24 14:00"), true, None),
            seg(
                "2026-11-24 14:00",
                Some("2026-11-24 15:00"),
                false,
                Some(PauseReason::Customer)
            ),
            seg("2026-11-24 15:00", None, true, None),
        ]
    );
    // The contact and assignment clocks are not pausable and were met.
    let fc = clock(&cs, ClockKind::FirstContact);
    assert_eq!((fc.state, fc.used), (ClockState::Met, min(2)));
    assert_eq!(fc.segments.len(), 1);
    assert_eq!(fc.due, Some(t("2026-11-23 10:10")));
    assert_eq!(clock(&cs, ClockKind::AssignHandler).used, min(30));

    // While paused: no due time, the time used stands still.
    let cs = run(&e, Severity::General, &wall(), "2026-11-24 11:00");
    let r = clock(&cs, ClockKind::Resolve);
    assert_eq!(
        (r.state, r.due, r.used),
        (ClockState::Paused, None, Duration::hours(2))
    );
    assert_eq!(r.segments.last().unwrap().to, None);
    assert_eq!(next_deadline(&cs), None);
    // Events after `now` are not counted yet: the same log seen the day before.
    let cs = run(&e, Severity::General, &wall(), "2026-11-23 11:00");
    assert_eq!(clock(&cs, ClockKind::Resolve).segments.len(), 1);
}

#[test]
fn a_pause_does_not_stop_the_first_contact_clock() {
    let mut e = received("2026-11-23 10:00");
    e.push(ev(
        "2026-11-23 10:01",
        EventKind::Paused {
            reason: PauseReason::Customer,
            note: String::new(),
        },
    ));
    let cs = run(&e, Severity::General, &wall(), "2026-11-23 10:30");
    assert_eq!(
        clock(&cs, ClockKind::FirstContact).state,
        ClockState::Overdue
    );
    assert_eq!(clock(&cs, ClockKind::Resolve).used, min(1));
}

#[test]
fn a_clock_paused_after_its_deadline_is_overdue() {
    let mut e = paused_log();
    e.truncate(4); // up to Investigating
    e.push(ev(
        "2026-11-24 11:00",
        EventKind::Paused {
            reason: PauseReason::Parts,
            note: String::new(),
        },
    ));
    let cs = run(&e, Severity::General, &wall(), "2026-11-24 12:00");
    let r = clock(&cs, ClockKind::Resolve);
    assert_eq!(r.state, ClockState::Overdue);
    assert_eq!(r.used, Duration::hours(25));
    assert_eq!(r.due, Some(t("2026-11-24 10:00")));
    assert_eq!(next_deadline(&cs).unwrap().kind, ClockKind::Resolve);
}

#[test]
fn pauses_in_business_hours() {
    let mut e = paused_log();
    e.truncate(4);
    // Paused Mon 16:30, resumed Tue 09:30: Monday 10:00–16:30 is 6.5 h of business time.
    e.push(ev(
        "2026-11-23 16:30",
        EventKind::Paused {
            reason: PauseReason::Customer,
            note: String::new(),
        },
    ));
    e.push(ev("2026-11-24 09:30", EventKind::Resumed));
    let cs = run(&e, Severity::General, &business(), "2026-11-24 10:00");
    let r = clock(&cs, ClockKind::Resolve);
    assert_eq!(r.used, Duration::hours(7));
    // 9 h limit, 2.5 h left at the resume at 09:30 → 12:00.
    assert_eq!(r.due, Some(t("2026-11-24 12:00")));
    assert!(!r.warn, "7 h of 9 h is under 80%");
    let cs = run(&e, Severity::General, &business(), "2026-11-24 10:30");
    let r = clock(&cs, ClockKind::Resolve);
    assert_eq!(r.used, Duration::minutes(7 * 60 + 30));
    assert!(r.warn, "7.5 h of 9 h is over 80%");
}

#[test]
fn a_reopen_runs_the_resolve_clock_on_with_the_time_used() {
    let mut e = paused_log();
    e.truncate(4);
    for (at, k) in [
        (
            "2026-11-23 20:00",
            EventKind::Resolved {
                resolution: "更换刹车片".into(),
            },
        ),
        (
            "2026-11-25 09:00",
            EventKind::Reopened {
                reason: "异响仍在".into(),
            },
        ),
    ] {
        e.push(ev(at, k));
    }
    let resolved = run(&e, Severity::General, &wall(), "2026-11-24 09:00");
    let r = clock(&resolved, ClockKind::Resolve);
    assert_eq!(
        (r.state, r.met_at),
        (ClockState::Met, Some(t("2026-11-23 20:00")))
    );
    assert_eq!(r.used, Duration::hours(10));
    let cs = run(&e, Severity::General, &wall(), "2026-11-25 12:00");
    let r = clock(&cs, ClockKind::Resolve);
    assert_eq!(r.state, ClockState::Running);
    assert_eq!(r.used, Duration::hours(13));
    assert_eq!(
        r.due,
        Some(t("2026-11-25 23:00")),
        "the 14 h left after the reopen"
    );
    assert_eq!(r.segments.len(), 3);
    assert!(
        !r.segments[1].running && r.segments[1].pause.is_none(),
        "awaiting confirmation"
    );
    assert_eq!(r.segments[1].to, Some(t("2026-11-25 09:00")));
    // The state agrees with the log.
    assert_eq!(fold(&e).reopen_count, 1);
}

#[test]
fn a_missed_deadline_escalates_once() {
    let e = received("2026-11-23 10:00");
    let cs = run(&e, Severity::General, &wall(), "2026-11-23 10:11");
    let st = fold(&e);
    let reason = auto_escalation(&st, &cs, Severity::General);
    assert_eq!(
        reason,
        Some(EscalationReason::Deadline(ClockKind::FirstContact))
    );
    let mut e2 = e.clone();
    e2.push(crate::domain::complaints::escalation_event(
        reason.unwrap(),
        t("2026-11-23 10:11"),
    ));
    let st = fold(&e2);
    assert_eq!(st.escalation_level, 1);
    assert_eq!(auto_escalation(&st, &cs, Severity::General), None);
    // An hour later the assignment deadline passes too: the complaint is with the
    // supervisor already, so no second "escalated to level 1" is logged.
    let cs = run(&e2, Severity::General, &wall(), "2026-11-23 11:01");
    assert_eq!(
        clock(&cs, ClockKind::AssignHandler).state,
        ClockState::Overdue
    );
    assert_eq!(auto_escalation(&st, &cs, Severity::General), None);
}

/// Escalated to level 1 by hand, then the first-contact deadline passes: nothing automatic
/// is due, and an automatic escalation to a level it already has is refused.
#[test]
fn a_complaint_escalated_by_hand_is_not_escalated_again_to_the_same_level() {
    use crate::domain::complaints::{
        Category, Refusal, escalation_event, pending_escalations, try_append,
    };
    let mut e = received("2026-11-23 09:30");
    let by_hand = ev(
        "2026-11-23 09:32",
        EventKind::Escalated {
            level: 1,
            reason: EscalationReason::ByHand,
            note: "客户情绪激动".into(),
            automatic: false,
        },
    );
    let st = try_append(&mut e, Category::Attitude, by_hand).unwrap();
    assert_eq!(st.escalation_level, 1);
    let cs = run(&e, Severity::General, &wall(), "2026-11-23 09:45");
    assert_eq!(
        clock(&cs, ClockKind::FirstContact).state,
        ClockState::Overdue
    );
    assert_eq!(pending_escalations(&st, &cs, Severity::General), vec![]);
    let auto = escalation_event(
        EscalationReason::Deadline(ClockKind::FirstContact),
        t("2026-11-23 09:45"),
    );
    let r = try_append(&mut e, Category::Attitude, auto).unwrap_err();
    assert_eq!(r, Refusal::NotAbove { level: 1 });
    assert_eq!(e.len(), 2, "nothing logged");
}
