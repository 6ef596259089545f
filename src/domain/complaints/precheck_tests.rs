//! `precheck` (may a step's form open?) agrees with `check_step` (may the filled step be
//! appended?) on every status of the lifecycle.

use super::tests::{confirmed, ev, four, log, reopened, resolved};
use super::*;

/// A step of each kind with every field filled in, so only the status can refuse it.
fn filled(step: StepKind, escalation_level: u8) -> EventKind {
    match step {
        StepKind::Receive => EventKind::Received,
        StepKind::Contact => EventKind::Contacted,
        StepKind::AssignHandler => EventKind::HandlerAssigned { handler: 12 },
        StepKind::Investigate => EventKind::Investigating,
        StepKind::Pause => EventKind::Paused {
            reason: PauseReason::Parts,
            note: "等配件".into(),
        },
        StepKind::Resume => EventKind::Resumed,
        StepKind::Resolve => resolved("已更换"),
        StepKind::Confirm => confirmed("张先生", 5),
        StepKind::Close => EventKind::Closed,
        StepKind::Reopen => reopened("客户仍不满意"),
        StepKind::Escalate => EventKind::Escalated {
            level: escalation_level + 1,
            reason: EscalationReason::ByHand,
            note: "客户要求".into(),
            automatic: false,
        },
        StepKind::Note => EventKind::Note {
            text: "备注".into(),
        },
        StepKind::Rule => EventKind::Ruled {
            valid: true,
            reason: "属实".into(),
        },
        StepKind::Remedy => EventKind::Remedy {
            kind: RemedyKind::Refund,
            reason: "工时费".into(),
            item: "退款".into(),
            amount_fen: 10000,
        },
        StepKind::FourFields => four("a", "b", "c", "d"),
        StepKind::SetSeverity => EventKind::SeveritySet {
            severity: Severity::Major,
            reason: "损失大".into(),
        },
        StepKind::Withdraw => EventKind::Withdrawn {
            reason: "误登记".into(),
        },
    }
}

const ALL: [StepKind; 17] = [
    StepKind::Receive,
    StepKind::Contact,
    StepKind::AssignHandler,
    StepKind::Investigate,
    StepKind::Pause,
    StepKind::Resume,
    StepKind::Resolve,
    StepKind::Confirm,
    StepKind::Close,
    StepKind::Reopen,
    StepKind::Escalate,
    StepKind::Note,
    StepKind::Rule,
    StepKind::Remedy,
    StepKind::FourFields,
    StepKind::SetSeverity,
    StepKind::Withdraw,
];

#[test]
fn precheck_agrees_with_check_step_on_every_status() {
    let cat = Category::RepairQuality;
    let lifecycle = vec![
        ("2026-11-23 10:00", EventKind::Received),
        ("2026-11-23 10:05", EventKind::Contacted),
        (
            "2026-11-23 10:30",
            EventKind::HandlerAssigned { handler: 12 },
        ),
        ("2026-11-23 11:00", EventKind::Investigating),
        (
            "2026-11-23 11:30",
            EventKind::Paused {
                reason: PauseReason::Parts,
                note: String::new(),
            },
        ),
        ("2026-11-23 12:00", EventKind::Resumed),
        ("2026-11-23 16:00", resolved("更换刹车片")),
        ("2026-11-24 09:00", confirmed("张先生", 5)),
        ("2026-11-24 09:05", EventKind::Closed),
    ];
    let mut refused_somewhere = 0;
    // Every stage, and every stage before closing withdrawn.
    let withdrawn = (
        "2026-11-24 12:00",
        EventKind::Withdrawn {
            reason: "误登记".into(),
        },
    );
    let stages = (0..=lifecycle.len())
        .map(|n| lifecycle[..n].to_vec())
        .chain((1..lifecycle.len()).map(|n| {
            let mut l = lifecycle[..n].to_vec();
            l.push(withdrawn.clone());
            l
        }));
    for stage in stages {
        let n = stage.len();
        let events = log(cat, stage);
        let state = fold(&events);
        for step in ALL {
            let kind = filled(step, state.escalation_level);
            let full = check_step(&state, cat, &ev("2026-11-25 10:00", kind));
            let pre = precheck(&state, cat, step);
            assert_eq!(pre, full, "after {n} events, {step:?}");
            if pre.is_err() {
                refused_somewhere += 1;
            }
        }
    }
    assert!(refused_somewhere > 100, "{refused_somewhere}");
}

#[test]
fn a_step_not_allowed_yet_is_refused_with_a_reason() {
    let cat = Category::Attitude;
    let events = log(cat, vec![("2026-11-23 10:00", EventKind::Received)]);
    let state = fold(&events);
    let r = precheck(&state, cat, StepKind::Resolve).unwrap_err();
    assert!(matches!(r, Refusal::WrongStatus { .. }));
    assert!(!r.message(Lang::Zh).is_empty());
    assert!(!r.message(Lang::En).is_empty());
    assert_eq!(precheck(&state, cat, StepKind::Note), Ok(()));
    assert_eq!(precheck(&state, cat, StepKind::Pause), Ok(()));
    assert_eq!(
        precheck(&state, cat, StepKind::Resume),
        Err(Refusal::NotPaused)
    );
}

/// The four 'do not let go' belong to product-quality complaints (DOMAIN: 001 §三(五)):
/// offered there, neither offered nor taken for any other category.
#[test]
fn the_four_fields_are_offered_for_product_quality_complaints_only() {
    let lifecycle = vec![
        ("2026-11-23 10:00", EventKind::Received),
        ("2026-11-23 10:05", EventKind::Contacted),
    ];
    for cat in Category::ALL {
        let events = log(cat, lifecycle.clone());
        let state = fold(&events);
        let quality = cat == Category::ProductQuality;
        assert_eq!(
            offered(&state, cat, StepKind::FourFields),
            quality,
            "{cat:?}"
        );
        let taken = check_step(
            &state,
            cat,
            &ev("2026-11-23 11:00", four("a", "b", "c", "d")),
        );
        if quality {
            assert_eq!(taken, Ok(()));
        } else {
            assert_eq!(taken, Err(Refusal::NotProductQuality), "{cat:?}");
            let m = Refusal::NotProductQuality.message(Lang::En);
            assert!(m.contains("only a product-quality complaint"), "{m}");
        }
    }
}

/// The first contact is logged once: a second `c` is refused (and no longer offered), with a
/// message saying it is recorded already.
#[test]
fn a_second_first_contact_is_refused_and_not_offered() {
    let cat = Category::Attitude;
    let mut events = log(
        cat,
        vec![
            ("2026-11-23 10:00", EventKind::Received),
            ("2026-11-23 10:05", EventKind::Contacted),
        ],
    );
    let state = fold(&events);
    assert_eq!(
        precheck(&state, cat, StepKind::Contact),
        Err(Refusal::AlreadyContacted)
    );
    assert!(!offered(&state, cat, StepKind::Contact));
    let again = try_append(
        &mut events,
        cat,
        ev("2026-11-23 10:06", EventKind::Contacted),
    );
    assert_eq!(again, Err(Refusal::AlreadyContacted));
    assert_eq!(events.len(), 2, "nothing appended");
    let zh = Refusal::AlreadyContacted.message(Lang::Zh);
    assert!(zh.contains("已记录过首次联系，无需重复"), "{zh}");
    let en = Refusal::AlreadyContacted.message(Lang::En);
    assert!(en.contains("already recorded"), "{en}");
}
