use super::*;
use crate::domain::complaints::{Clock, EventKind, PauseReason, any_missed};
use crate::domain::testing::{Rng, local};
use chrono::Duration;

/// What the store's SQL judges from the marks (`store::complaints::marks::Kept::sql`),
/// written again here to hold it to the clocks: None when the marks cannot say (events
/// after `now`); else whether each clock's time used, stopped or running from its mark to
/// `now` (read in the marks' scale), is within its limit.
fn kept_by_marks(marks: &SlaMarks, wall_now: i64, now: i64, limits: [Duration; 3]) -> Option<bool> {
    if marks.seen > wall_now {
        return None;
    }
    let Some(received) = marks.received else {
        return Some(true);
    };
    let ns = |d: Duration| d.num_nanoseconds().unwrap();
    let running = (now - received).max(0);
    let resolve = marks.resolve + marks.resolve_from.map_or(0, |f| (now - f).max(0));
    Some(
        marks.contact.unwrap_or(running) <= ns(limits[0])
            && marks.assign.unwrap_or(running) <= ns(limits[1])
            && resolve <= ns(limits[2]),
    )
}

fn kinds() -> Vec<EventKind> {
    vec![
        EventKind::Contacted,
        EventKind::HandlerAssigned { handler: 7 },
        EventKind::Investigating,
        EventKind::Paused {
            reason: PauseReason::Parts,
            note: String::new(),
        },
        EventKind::Resumed,
        EventKind::Resolved {
            resolution: String::new(),
        },
        EventKind::Reopened {
            reason: String::new(),
        },
        EventKind::Closed,
    ]
}

/// A log received at a random instant, then random steps (in any order, as a log read
/// back may hold them) minutes to days apart, now and then one dated before the last.
fn random_log(rng: &mut Rng, start: DateTime<Utc>) -> Vec<Event> {
    let mut at = start + Duration::seconds(rng.next(200 * 86_400) as i64);
    let mut log = vec![Event::new(at, 7, EventKind::Received)];
    let kinds = kinds();
    for _ in 0..rng.next(9) {
        let gap = match rng.next(5) {
            0 => Duration::minutes(rng.next(20) as i64),
            1 => Duration::hours(rng.next(20) as i64),
            2 => Duration::hours(rng.next(100) as i64),
            3 => -Duration::minutes(rng.next(30) as i64),
            _ => Duration::zero(),
        };
        at += gap + Duration::nanoseconds(rng.next(1_000_000_000) as i64);
        let kind = kinds[rng.next(kinds.len() as u64) as usize].clone();
        log.push(Event::new(at, 7, kind));
    }
    log
}

fn business_settings(rng: &mut Rng) -> SlaSettings {
    let d = SlaSettings::default();
    match rng.next(3) {
        0 => SlaSettings {
            business_hours: true,
            ..d
        },
        1 => SlaSettings {
            business_hours: true,
            first_contact: Duration::minutes(7),
            assign_handler: Duration::minutes(45),
            resolve_general: Duration::hours(30),
            resolve_major: Duration::hours(50),
            ..d
        },
        _ => SlaSettings {
            business_hours: true,
            first_contact: Duration::hours(2),
            assign_handler: Duration::hours(5),
            resolve_general: Duration::days(2),
            resolve_major: Duration::days(5),
            ..d
        },
    }
}

/// The clocks as the domain counts them with business-hours deadlines.
fn business_clocks(
    log: &[Event],
    severity: Severity,
    settings: &SlaSettings,
    bt: &BusinessTime,
    now: DateTime<Utc>,
) -> Vec<Clock> {
    let hours = bt.hours();
    clocks(log, severity, settings, bt.calendar(), &hours, bt.tz(), now)
}

/// At many moments from the log's last event on, with several deadline sets and in two
/// zones (one with summer time), the business marks judge as the clocks do; and the time
/// each clock used, stopped or running, is what the marks hold (plus the running part).
#[test]
fn business_marks_judge_what_the_business_hours_clocks_judge() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let zones = [chrono_tz::Asia::Shanghai, chrono_tz::America::New_York];
    let (mut kept, mut missed) = (0, 0);
    for tz in zones {
        let bt = BusinessTime::new(&BusinessCalendar::builtin(), BusinessHours::default(), tz);
        let start = local(tz, "2025-09-01 00:00:00");
        for _ in 0..300 {
            let log = random_log(&mut rng, start);
            let marks = business_marks(&log, &bt).unwrap();
            let last = log.iter().map(|e| e.at).max().unwrap();
            for step in 0..6 {
                let now = match step {
                    0 => last,
                    _ => last + Duration::seconds(rng.next(6 * 86_400) as i64),
                };
                let settings = business_settings(&mut rng);
                let severity = [Severity::General, Severity::Major][rng.next(2) as usize];
                let clocks = business_clocks(&log, severity, &settings, &bt, now);
                let limits = [
                    ClockKind::FirstContact,
                    ClockKind::AssignHandler,
                    ClockKind::Resolve,
                ]
                .map(|k| settings.counted_limit(k, severity, &bt.hours()));
                let wall_now = now.timestamp_nanos_opt().unwrap();
                let got = kept_by_marks(&marks, wall_now, bt.at(now).unwrap(), limits);
                assert_eq!(got, Some(!any_missed(&clocks)), "{log:?} at {now}");
                if got == Some(true) {
                    kept += 1;
                } else {
                    missed += 1;
                }
                // The stored sums are the clocks' own.
                let b_now = bt.at(now).unwrap();
                let received = marks.received.unwrap();
                for c in &clocks {
                    let used = c.used.num_nanoseconds().unwrap();
                    let from_marks = match c.kind {
                        ClockKind::FirstContact => {
                            marks.contact.unwrap_or((b_now - received).max(0))
                        }
                        ClockKind::AssignHandler => {
                            marks.assign.unwrap_or((b_now - received).max(0))
                        }
                        ClockKind::Resolve => {
                            marks.resolve + marks.resolve_from.map_or(0, |f| (b_now - f).max(0))
                        }
                    };
                    assert_eq!(from_marks, used, "{:?} of {log:?} at {now}", c.kind);
                }
            }
        }
    }
    // Both outcomes were seen, many times.
    assert!(kept > 300 && missed > 300, "{kept} kept, {missed} missed");
}

/// Marks of a log with events after `now` cannot judge it (the log is replayed instead).
#[test]
fn marks_with_events_after_now_cannot_say() {
    let tz = chrono_tz::Asia::Shanghai;
    let bt = BusinessTime::new(&BusinessCalendar::builtin(), BusinessHours::default(), tz);
    let received = local(tz, "2026-03-02 09:00:00");
    let log = vec![
        Event::new(received, 7, EventKind::Received),
        Event::new(received + Duration::hours(1), 7, EventKind::Contacted),
    ];
    let marks = business_marks(&log, &bt).unwrap();
    let now = received + Duration::minutes(30);
    let wall = now.timestamp_nanos_opt().unwrap();
    let limits = [Duration::hours(1); 3];
    assert_eq!(
        kept_by_marks(&marks, wall, bt.at(now).unwrap(), limits),
        None
    );
}

/// Received Friday 17:25 (Shanghai), contacted Monday 08:35: ten business minutes, exactly
/// the limit, is kept; a nanosecond later is late. The wall-clock marks say 2 days 15 h.
#[test]
fn a_contact_exactly_at_the_limit_across_a_weekend_is_kept() {
    let tz = chrono_tz::Asia::Shanghai;
    let bt = BusinessTime::new(&BusinessCalendar::builtin(), BusinessHours::default(), tz);
    let received = local(tz, "2026-03-06 17:25:00");
    let settings = SlaSettings {
        business_hours: true,
        ..SlaSettings::default()
    };
    for (late, kept) in [(0, true), (1, false)] {
        let contacted = local(tz, "2026-03-09 08:35:00") + Duration::nanoseconds(late);
        let log = vec![
            Event::new(received, 7, EventKind::Received),
            Event::new(contacted, 7, EventKind::Contacted),
            Event::new(contacted, 7, EventKind::HandlerAssigned { handler: 7 }),
        ];
        let marks = business_marks(&log, &bt).unwrap();
        assert_eq!(marks.contact, Some(600_000_000_000 + late));
        assert_eq!(marks.assign, marks.contact);
        assert_eq!(marks.received, bt.at(received));
        assert_eq!(marks.resolve, 0);
        assert_eq!(marks.resolve_from, marks.received);
        let wall = wall_marks(&log).unwrap();
        assert_eq!(
            wall.contact,
            (contacted - received).num_nanoseconds(),
            "the wall-clock marks count the weekend"
        );
        let now = contacted;
        let clocks = business_clocks(&log, Severity::General, &settings, &bt, now);
        let first = clocks.iter().find(|c| c.kind == ClockKind::FirstContact);
        assert_eq!(first.map(|c| c.missed()), Some(!kept));
        let limits = [
            ClockKind::FirstContact,
            ClockKind::AssignHandler,
            ClockKind::Resolve,
        ]
        .map(|k| settings.counted_limit(k, Severity::General, &bt.hours()));
        let b_now = bt.at(now).unwrap();
        let got = kept_by_marks(&marks, now.timestamp_nanos_opt().unwrap(), b_now, limits);
        assert_eq!(got, Some(kept));
    }
}

/// A log with no events has no clocks: nothing to miss, in either scale.
#[test]
fn an_empty_log_misses_nothing() {
    let bt = BusinessTime::new(
        &BusinessCalendar::builtin(),
        BusinessHours::default(),
        chrono_tz::Asia::Shanghai,
    );
    let marks = business_marks(&[], &bt).unwrap();
    assert_eq!(marks.received, None);
    assert_eq!(marks.seen, i64::MIN);
    assert_eq!(
        kept_by_marks(&marks, 0, 0, [Duration::zero(); 3]),
        Some(true)
    );
}
