//! A complaint's state, folded from its event log, and money amounts.

use super::{
    AgentId, ConfirmHow, EscalationReason, Event, EventKind, FourFields, PauseReason, RemedyKind,
    Severity, Status,
};
use chrono::{DateTime, Utc};

/// The customer's confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    pub at: DateTime<Utc>,
    pub who: String,
    pub how: ConfirmHow,
    pub satisfaction: u8,
    pub recorded_by: Option<AgentId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    pub at: DateTime<Utc>,
    pub level: u8,
    pub reason: EscalationReason,
    pub note: String,
    pub automatic: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ruling {
    pub at: DateTime<Utc>,
    pub by: Option<AgentId>,
    pub valid: bool,
    pub reason: String,
}

/// A supervisor's withdrawal of a complaint registered by mistake: when, who, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    pub at: DateTime<Utc>,
    pub by: Option<AgentId>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remedy {
    pub at: DateTime<Utc>,
    pub kind: RemedyKind,
    pub reason: String,
    pub item: String,
    pub amount_fen: i64,
}

/// A complaint's state, folded from its events.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ComplaintState {
    /// None until the `Received` event.
    pub status: Option<Status>,
    pub received_at: Option<DateTime<Utc>>,
    /// The first contact.
    pub contacted_at: Option<DateTime<Utc>>,
    /// The current handler.
    pub handler: Option<AgentId>,
    /// The first assignment.
    pub assigned_at: Option<DateTime<Utc>>,
    /// Since when and why the resolve clock is paused.
    pub paused: Option<(DateTime<Utc>, PauseReason)>,
    /// The latest resolution (kept across a reopen, for the record).
    pub resolution: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// The confirmation of the current resolution (cleared by a reopen).
    pub confirmation: Option<Confirmation>,
    pub closed_at: Option<DateTime<Utc>>,
    pub reopen_count: u32,
    /// The highest level escalated to (0: not escalated).
    pub escalation_level: u8,
    pub escalations: Vec<Escalation>,
    pub ruling: Option<Ruling>,
    pub four_fields: Option<FourFields>,
    pub remedies: Vec<Remedy>,
    /// Severity set by hand, with its reason.
    pub severity_by_hand: Option<(Severity, String)>,
    /// The time of the latest step that moves status or a clock; a new such step may not
    /// be dated before it.
    pub last_step_at: Option<DateTime<Utc>>,
    /// Set when a supervisor withdrew the complaint (status `Withdrawn`).
    pub withdrawal: Option<Withdrawal>,
}

impl ComplaintState {
    pub fn is_received(&self) -> bool {
        self.status.is_some()
    }

    pub fn is_closed(&self) -> bool {
        self.status == Some(Status::Closed)
    }

    /// Withdrawn by a supervisor: no clocks, no escalation, counted nowhere.
    pub fn is_withdrawn(&self) -> bool {
        self.status == Some(Status::Withdrawn)
    }

    pub fn is_paused(&self) -> bool {
        self.paused.is_some()
    }

    /// The hand-set severity, for [`severity_for`].
    pub fn hand_severity(&self) -> Option<Severity> {
        self.severity_by_hand.as_ref().map(|(s, _)| *s)
    }

    /// Escalated before for this reason (automatic escalations fire once per reason).
    pub fn escalated_for(&self, reason: EscalationReason) -> bool {
        self.escalations.iter().any(|e| e.reason == reason)
    }
}

/// Whether the event moves status or a clock (and so must keep time order).
pub(super) fn is_step(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Note { .. }
            | EventKind::Ruled { .. }
            | EventKind::Escalated { .. }
            | EventKind::Remedy { .. }
            | EventKind::FourFields(_)
            | EventKind::SeveritySet { .. }
    )
}

/// Folds the log into the complaint's state. Lenient: an event that does not apply in the
/// state reached (which [`check_step`] would have refused) changes nothing, so an imported
/// or hand-edited log still folds.
pub fn fold(events: &[Event]) -> ComplaintState {
    let mut s = ComplaintState::default();
    for e in events {
        apply(&mut s, e);
    }
    s
}

/// Applies one event to the state (the step of [`fold`]).
pub fn apply(s: &mut ComplaintState, e: &Event) {
    use EventKind as K;
    let status = match (s.status, &e.kind) {
        (None, K::Received) => {
            s.status = Some(Status::New);
            s.received_at = Some(e.at);
            s.last_step_at = Some(e.at);
            return;
        }
        (None, _) => return,
        (Some(st), _) => st,
    };
    if is_step(&e.kind) {
        s.last_step_at = Some(s.last_step_at.map_or(e.at, |t| t.max(e.at)));
    }
    match &e.kind {
        K::Received => {}
        K::Contacted => {
            s.contacted_at.get_or_insert(e.at);
            if status == Status::New {
                s.status = Some(Status::Contacted);
            }
        }
        K::HandlerAssigned { handler } => {
            if !matches!(status, Status::Closed | Status::Withdrawn) {
                s.handler = Some(*handler);
                s.assigned_at.get_or_insert(e.at);
            }
        }
        K::Investigating => {
            if matches!(status, Status::New | Status::Contacted) {
                s.status = Some(Status::Investigating);
            }
        }
        K::Paused { reason, .. } => {
            if status.is_open() && s.paused.is_none() {
                s.paused = Some((e.at, *reason));
            }
        }
        K::Resumed => s.paused = None,
        K::Resolved { resolution } => {
            if status.is_open() {
                s.status = Some(Status::Resolved);
                s.paused = None;
                s.resolution = Some(resolution.clone());
                s.resolved_at = Some(e.at);
                s.confirmation = None;
            }
        }
        K::Confirmed {
            who,
            how,
            satisfaction,
        } => {
            if status == Status::Resolved {
                s.confirmation = Some(Confirmation {
                    at: e.at,
                    who: who.clone(),
                    how: *how,
                    satisfaction: *satisfaction,
                    recorded_by: e.by,
                });
            }
        }
        K::Closed => {
            if status == Status::Resolved {
                s.status = Some(Status::Closed);
                s.closed_at = Some(e.at);
            }
        }
        K::Reopened { .. } => {
            if matches!(status, Status::Resolved | Status::Closed) {
                s.status = Some(Status::Investigating);
                s.reopen_count += 1;
                s.confirmation = None;
                s.closed_at = None;
                s.resolved_at = None;
            }
        }
        K::Escalated {
            level,
            reason,
            note,
            automatic,
        } => {
            s.escalation_level = s.escalation_level.max(*level);
            s.escalations.push(Escalation {
                at: e.at,
                level: *level,
                reason: *reason,
                note: note.clone(),
                automatic: *automatic,
            });
        }
        K::Note { .. } => {}
        K::Ruled { valid, reason } => {
            s.ruling = Some(Ruling {
                at: e.at,
                by: e.by,
                valid: *valid,
                reason: reason.clone(),
            });
        }
        K::Remedy {
            kind,
            reason,
            item,
            amount_fen,
        } => s.remedies.push(Remedy {
            at: e.at,
            kind: *kind,
            reason: reason.clone(),
            item: item.clone(),
            amount_fen: *amount_fen,
        }),
        K::FourFields(f) => s.four_fields = Some(f.clone()),
        K::SeveritySet { severity, reason } => {
            s.severity_by_hand = Some((*severity, reason.clone()));
        }
        K::Withdrawn { reason } => {
            if !matches!(status, Status::Closed | Status::Withdrawn) {
                s.status = Some(Status::Withdrawn);
                s.paused = None;
                s.withdrawal = Some(Withdrawal {
                    at: e.at,
                    by: e.by,
                    reason: reason.clone(),
                });
            }
        }
    }
}

/// Formats an amount in fen as yuan: `123456` → `1234.56`.
pub fn fmt_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// Parses a yuan amount (`1234`, `1234.5`, `1,234.56`, `¥1234`) into fen.
pub fn parse_yuan(s: &str) -> Option<i64> {
    let s: String = s
        .trim()
        .trim_start_matches(['¥', '￥'])
        .trim_end_matches('元')
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 2 {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let yuan: i64 = whole.parse().ok()?;
    let fen: i64 = format!("{frac:0<2}").parse().ok()?;
    yuan.checked_mul(100)?.checked_add(fen)
}
