//! Lifecycle guard: whether an event may be appended to a complaint's log, and when not, a
//! refusal that names what is missing, in the user's language.
//!
//! new → contacted → investigating → resolved (awaiting confirmation) → closed; a reopen
//! goes from resolved or closed back to investigating. A supervisor may withdraw a
//! complaint that is not closed (registered by mistake); withdrawn is final.

use super::{
    Category, ComplaintState, Event, EventKind, FourFields, RemedyKind, SATISFACTION_MAX, Status,
    fold, is_step,
};

mod words;
pub use words::*;

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn need(step: StepKind, missing: Vec<Missing>) -> Result<(), Refusal> {
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Refusal::Missing { step, missing })
    }
}

/// Whether a step of this kind can be taken at all in `state`, before anything is typed
/// for it: the status rules of [`check_step`], without the step's own fields. A step
/// refused here is refused before its form opens; one allowed here may still be refused
/// by [`check_step`] for what was typed.
pub fn precheck(state: &ComplaintState, category: Category, step: StepKind) -> Result<(), Refusal> {
    use Status as S;
    use StepKind as K;
    let Some(status) = state.status else {
        return match step {
            K::Receive => Ok(()),
            _ => Err(Refusal::NotReceived),
        };
    };
    let wrong = || Err(Refusal::WrongStatus { step, status });
    match step {
        K::Receive => Err(Refusal::AlreadyReceived),
        K::Note => Ok(()),
        // Withdrawn is final: a note for the record, nothing else.
        _ if status == S::Withdrawn => wrong(),
        K::Rule => Ok(()),
        _ if status == S::Closed && !matches!(step, K::Reopen | K::Close | K::Confirm) => wrong(),
        K::FourFields if category != Category::ProductQuality => Err(Refusal::NotProductQuality),
        K::Contact if state.contacted_at.is_some() => Err(Refusal::AlreadyContacted),
        K::Investigate => match status {
            S::New | S::Contacted => {
                let mut missing = Vec::new();
                if state.contacted_at.is_none() {
                    missing.push(Missing::Contact);
                }
                if state.handler.is_none() {
                    missing.push(Missing::Handler);
                }
                need(step, missing)
            }
            _ => wrong(),
        },
        K::Pause if !status.is_open() => wrong(),
        K::Pause if state.is_paused() => Err(Refusal::AlreadyPaused),
        K::Resume if !state.is_paused() => Err(Refusal::NotPaused),
        K::Resolve if status != S::Investigating => wrong(),
        K::Confirm if status != S::Resolved => wrong(),
        K::Close if status != S::Resolved => wrong(),
        K::Close => need(step, close_missing(state, category)),
        K::Reopen if !matches!(status, S::Resolved | S::Closed) => wrong(),
        _ => Ok(()),
    }
}

/// Whether a step is offered now (its key listed on the complaint's page): the complaint's
/// status allows it, though it may still lack what it needs first (a close without the four
/// 'do not let go' is offered; taking it says what is missing). A step the status does not
/// allow (reopening an open complaint, resuming a clock that runs) is not.
pub fn offered(state: &ComplaintState, category: Category, step: StepKind) -> bool {
    matches!(
        precheck(state, category, step),
        Ok(()) | Err(Refusal::Missing { .. })
    )
}

/// Whether `event` may be appended to a complaint in `state` of `category`.
pub fn check_step(
    state: &ComplaintState,
    category: Category,
    event: &Event,
) -> Result<(), Refusal> {
    use EventKind as K;
    use Status as S;
    let step = StepKind::of(&event.kind);
    let Some(status) = state.status else {
        return match event.kind {
            K::Received => Ok(()),
            _ => Err(Refusal::NotReceived),
        };
    };
    let wrong = || Err(Refusal::WrongStatus { step, status });
    let earliest = if is_step(&event.kind) {
        state.last_step_at
    } else {
        state.received_at
    };
    if earliest.is_some_and(|t| event.at < t) {
        return Err(Refusal::TooEarly { step });
    }
    match &event.kind {
        K::Received => Err(Refusal::AlreadyReceived),
        K::Note { text } => need(
            step,
            if blank(text) {
                vec![Missing::Text]
            } else {
                vec![]
            },
        ),
        _ if status == S::Withdrawn => wrong(),
        K::Ruled { reason, .. } => need(
            step,
            if blank(reason) {
                vec![Missing::Reason]
            } else {
                vec![]
            },
        ),
        _ if status == S::Closed
            && !matches!(
                event.kind,
                K::Reopened { .. } | K::Closed | K::Confirmed { .. }
            ) =>
        {
            wrong()
        }
        K::Contacted if state.contacted_at.is_some() => Err(Refusal::AlreadyContacted),
        K::Contacted | K::HandlerAssigned { .. } => Ok(()),
        K::Investigating => match status {
            S::New | S::Contacted => {
                let mut missing = Vec::new();
                if state.contacted_at.is_none() {
                    missing.push(Missing::Contact);
                }
                if state.handler.is_none() {
                    missing.push(Missing::Handler);
                }
                need(step, missing)
            }
            _ => wrong(),
        },
        K::Paused { reason, note } => {
            if !status.is_open() {
                wrong()
            } else if state.is_paused() {
                Err(Refusal::AlreadyPaused)
            } else if *reason == super::PauseReason::Other && blank(note) {
                need(step, vec![Missing::Reason])
            } else {
                Ok(())
            }
        }
        K::Resumed => {
            if state.is_paused() {
                Ok(())
            } else {
                Err(Refusal::NotPaused)
            }
        }
        K::Resolved { resolution } => match status {
            S::Investigating => need(
                step,
                if blank(resolution) {
                    vec![Missing::Resolution]
                } else {
                    vec![]
                },
            ),
            _ => wrong(),
        },
        K::Confirmed {
            who, satisfaction, ..
        } => match status {
            S::Resolved => {
                let mut missing = Vec::new();
                if blank(who) {
                    missing.push(Missing::ConfirmedBy);
                }
                if !(1..=SATISFACTION_MAX).contains(satisfaction) {
                    missing.push(Missing::Satisfaction);
                }
                need(step, missing)
            }
            _ => wrong(),
        },
        K::Closed => match status {
            S::Resolved => need(step, close_missing(state, category)),
            _ => wrong(),
        },
        K::Reopened { reason } => match status {
            S::Resolved | S::Closed => need(
                step,
                if blank(reason) {
                    vec![Missing::Reason]
                } else {
                    vec![]
                },
            ),
            _ => wrong(),
        },
        K::Escalated {
            level,
            note,
            automatic,
            ..
        } => {
            if *level == 0 {
                need(step, vec![Missing::Level])
            } else if !automatic && blank(note) {
                need(step, vec![Missing::Reason])
            } else if *level <= state.escalation_level {
                Err(Refusal::NotAbove {
                    level: state.escalation_level,
                })
            } else {
                Ok(())
            }
        }
        K::Remedy {
            kind,
            reason,
            item,
            amount_fen,
        } => {
            let mut missing = Vec::new();
            if blank(reason) {
                missing.push(Missing::Reason);
            }
            if blank(item) {
                missing.push(Missing::Item);
            }
            let amount_ok = match kind {
                RemedyKind::Replacement => *amount_fen >= 0,
                RemedyKind::Refund | RemedyKind::Compensation => *amount_fen > 0,
            };
            if !amount_ok {
                missing.push(Missing::Amount);
            }
            need(step, missing)
        }
        K::FourFields(_) if category != Category::ProductQuality => Err(Refusal::NotProductQuality),
        K::FourFields(f) => {
            if f.missing().len() == 4 {
                need(step, f.missing())
            } else {
                Ok(())
            }
        }
        K::SeveritySet { reason, .. } | K::Withdrawn { reason } => need(
            step,
            if blank(reason) {
                vec![Missing::Reason]
            } else {
                vec![]
            },
        ),
    }
}

/// What closing still needs: the resolution, the customer's confirmation and, for a
/// product-quality complaint, the four 'do not let go'.
pub fn close_missing(state: &ComplaintState, category: Category) -> Vec<Missing> {
    let mut missing = Vec::new();
    if state.resolution.as_deref().is_none_or(blank) {
        missing.push(Missing::Resolution);
    }
    match &state.confirmation {
        None => missing.push(Missing::Confirmation),
        Some(c) => {
            if blank(&c.who) {
                missing.push(Missing::ConfirmedBy);
            }
            if !(1..=SATISFACTION_MAX).contains(&c.satisfaction) {
                missing.push(Missing::Satisfaction);
            }
        }
    }
    if category == Category::ProductQuality {
        let empty = FourFields::default();
        missing.extend(state.four_fields.as_ref().unwrap_or(&empty).missing());
    }
    missing
}

/// Checks `event` against the log and appends it; returns the new state.
pub fn try_append(
    events: &mut Vec<Event>,
    category: Category,
    event: Event,
) -> Result<ComplaintState, Refusal> {
    let mut state = fold(events);
    check_step(&state, category, &event)?;
    super::apply(&mut state, &event);
    events.push(event);
    Ok(state)
}
