//! Withdrawing a complaint registered by mistake: a reason is required, a closed one is
//! refused, a withdrawn one takes no further step but a note, has no clocks, is never
//! escalated and never counts as valid.

use super::tests::{confirmed, ev, log, refuse, t, tz, up_to_resolved};
use super::*;
use crate::domain::calendar::{BusinessCalendar, BusinessHours};

fn withdrawn(reason: &str) -> EventKind {
    EventKind::Withdrawn {
        reason: reason.into(),
    }
}

fn clocks_at(events: &[Event], severity: Severity, now: &str) -> Vec<Clock> {
    clocks(
        events,
        severity,
        &SlaSettings::default(),
        &BusinessCalendar::default(),
        &BusinessHours::default(),
        tz(),
        t(now),
    )
}

#[test]
fn a_withdrawal_needs_a_reason_and_is_recorded_with_who_and_when() {
    let cat = Category::Attitude;
    let mut events = log(cat, vec![("2026-11-23 10:00", EventKind::Received)]);
    let r = refuse(&events, cat, "2026-11-23 10:03", withdrawn("  "));
    assert_eq!(
        r,
        Refusal::Missing {
            step: StepKind::Withdraw,
            missing: vec![Missing::Reason]
        }
    );
    assert!(
        r.message(Lang::Zh).contains("撤销投诉"),
        "{}",
        r.message(Lang::Zh)
    );
    assert!(
        r.message(Lang::En).contains("a reason"),
        "{}",
        r.message(Lang::En)
    );
    let st = try_append(
        &mut events,
        cat,
        ev("2026-11-23 10:03", withdrawn("坐席把备注误填进投诉栏")),
    )
    .unwrap();
    assert_eq!(st.status, Some(Status::Withdrawn));
    assert!(st.is_withdrawn() && !st.is_closed());
    assert_eq!(
        st.withdrawal,
        Some(Withdrawal {
            at: t("2026-11-23 10:03"),
            by: Some(7),
            reason: "坐席把备注误填进投诉栏".into(),
        })
    );
    assert_eq!(fold(&events), st, "the log folds to the same state");
    assert_eq!(Status::Withdrawn.label(Lang::Zh), "已撤销");
    assert_eq!(Status::Withdrawn.label(Lang::En), "withdrawn");
}

#[test]
fn only_a_complaint_not_closed_can_be_withdrawn() {
    let cat = Category::Attitude;
    // Resolved (awaiting a confirmation that will never come) can be withdrawn.
    let resolved = up_to_resolved(cat);
    assert_eq!(precheck(&fold(&resolved), cat, StepKind::Withdraw), Ok(()));
    let mut closed = resolved.clone();
    for (at, k) in [
        ("2026-11-24 09:00", confirmed("张", 5)),
        ("2026-11-24 09:05", EventKind::Closed),
    ] {
        try_append(&mut closed, cat, ev(at, k)).unwrap();
    }
    let r = refuse(&closed, cat, "2026-11-24 10:00", withdrawn("误登记"));
    assert_eq!(
        r,
        Refusal::WrongStatus {
            step: StepKind::Withdraw,
            status: Status::Closed
        }
    );
    assert!(
        r.message(Lang::En)
            .contains("a closed complaint cannot be withdrawn")
    );
    assert!(r.message(Lang::Zh).contains("已结案的投诉不能撤销"));
    assert!(!offered(&fold(&closed), cat, StepKind::Withdraw));
    // Dated before the last step: refused like any step.
    assert_eq!(
        refuse(&resolved, cat, "2026-11-23 15:00", withdrawn("误登记")),
        Refusal::TooEarly {
            step: StepKind::Withdraw
        }
    );
}

#[test]
fn a_withdrawn_complaint_takes_a_note_and_nothing_else() {
    let cat = Category::Attitude;
    let mut events = log(
        cat,
        vec![
            ("2026-11-23 10:00", EventKind::Received),
            ("2026-11-23 10:02", withdrawn("重复登记")),
        ],
    );
    let st = fold(&events);
    for (k, step) in [
        (EventKind::Contacted, StepKind::Contact),
        (
            EventKind::HandlerAssigned { handler: 3 },
            StepKind::AssignHandler,
        ),
        (withdrawn("again"), StepKind::Withdraw),
        (
            EventKind::Ruled {
                valid: true,
                reason: "x".into(),
            },
            StepKind::Rule,
        ),
        (EventKind::Reopened { reason: "x".into() }, StepKind::Reopen),
    ] {
        let r = refuse(&events, cat, "2026-11-23 11:00", k);
        assert_eq!(
            r,
            Refusal::WrongStatus {
                step,
                status: Status::Withdrawn
            }
        );
        assert!(
            r.message(Lang::Zh).contains("已撤销"),
            "{}",
            r.message(Lang::Zh)
        );
        assert!(!offered(&st, cat, step), "{step:?}");
    }
    try_append(
        &mut events,
        cat,
        ev(
            "2026-11-23 11:00",
            EventKind::Note {
                text: "已告知坐席".into(),
            },
        ),
    )
    .unwrap();
    assert!(fold(&events).is_withdrawn());
}

#[test]
fn a_withdrawn_complaint_has_no_clocks_no_escalation_and_is_never_valid() {
    // Attitude is always valid; major escalates at once; 10 minutes to first contact.
    let cat = Category::Attitude;
    let open = log(cat, vec![("2026-11-23 10:00", EventKind::Received)]);
    let clocks_open = clocks_at(&open, Severity::Major, "2026-11-25 10:00");
    assert!(clocks_open.iter().any(|c| c.state == ClockState::Overdue));
    assert!(!pending_escalations(&fold(&open), &clocks_open, Severity::Major).is_empty());
    assert!(is_valid_complaint(cat, &fold(&open), &clocks_open));

    let mut gone = open.clone();
    try_append(
        &mut gone,
        cat,
        ev("2026-11-23 10:30", withdrawn("客户打错电话")),
    )
    .unwrap();
    let st = fold(&gone);
    let clocks_gone = clocks_at(&gone, Severity::Major, "2026-11-25 10:00");
    assert_eq!(clocks_gone, vec![], "nothing runs or is overdue");
    assert!(!any_missed(&clocks_gone));
    assert_eq!(next_deadline(&clocks_gone), None);
    assert_eq!(
        pending_escalations(&st, &clocks_gone, Severity::Major),
        vec![]
    );
    // Even with the clocks as they were before the withdrawal.
    assert_eq!(
        pending_escalations(&st, &clocks_open, Severity::Major),
        vec![]
    );
    assert!(!is_valid_complaint(cat, &st, &clocks_open));
    // A supervisor's earlier "valid" ruling does not bring it back into the counts.
    let mut ruled = open;
    for (at, k) in [
        (
            "2026-11-23 10:10",
            EventKind::Ruled {
                valid: true,
                reason: "属实".into(),
            },
        ),
        ("2026-11-23 10:30", withdrawn("登记错了客户")),
    ] {
        try_append(&mut ruled, cat, ev(at, k)).unwrap();
    }
    assert!(!is_valid_complaint(cat, &fold(&ruled), &[]));
}

#[test]
fn a_withdrawal_reads_back_from_its_stored_json() {
    let e = ev("2026-11-23 10:30", withdrawn("误登记"));
    let json = serde_json::to_string(&e).unwrap();
    assert!(json.contains(r#""type":"withdrawn""#), "{json}");
    let back: Event = serde_json::from_str(&json).unwrap();
    assert_eq!(back, e);
}
