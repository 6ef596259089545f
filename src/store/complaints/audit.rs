//! Each step on a complaint is written to the audit log in the transaction that writes it,
//! as action `complaint_step` with the step and what it said (`domain::audit` reads it as a
//! sentence). Codes stay codes here; the audit log puts them into words.

use super::super::{Actor, StoreError, audit};
use crate::domain::complaints::{EscalationReason, Event, EventKind, FollowUpKind};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::{Map, Value, json};

/// The action code of a complaint step in the audit log.
pub const ACTION: &str = "complaint_step";

/// A serialised enum's code (`parts`, `we_chat`), the way the event log stores it.
fn code<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The code of an escalation's reason: `deadline_first_contact`, `reopened_twice`…
pub fn escalation_code(r: EscalationReason) -> String {
    match r {
        EscalationReason::Deadline(k) => match code(&k) {
            Value::String(k) => format!("deadline_{k}"),
            _ => "deadline".into(),
        },
        EscalationReason::ReopenedTwice => "reopened_twice".into(),
        EscalationReason::Major => "major".into(),
        EscalationReason::ByHand => "by_hand".into(),
    }
}

/// What the audit entry of a step holds: `step` (the event's type) and its fields; a
/// closing step the follow-up call and tracking dates it scheduled.
pub fn after(step: &str, e: &Event, follow_ups: &[(FollowUpKind, NaiveDate)]) -> Value {
    let mut m = Map::new();
    m.insert("step".into(), json!(step));
    let mut put = |k: &str, v: Value| {
        if !v.is_null() {
            m.insert(k.into(), v);
        }
    };
    match &e.kind {
        EventKind::Received
        | EventKind::Contacted
        | EventKind::Investigating
        | EventKind::Resumed => {}
        EventKind::Closed => {
            let day = |d: &NaiveDate| json!(d.format("%Y-%m-%d").to_string());
            if let Some((_, d)) = follow_ups.iter().find(|(k, _)| *k == FollowUpKind::Call) {
                put("follow_up_call", day(d));
            }
            let tracking: Vec<Value> = follow_ups
                .iter()
                .filter(|(k, _)| matches!(k, FollowUpKind::Tracking(_)))
                .map(|(_, d)| day(d))
                .collect();
            if !tracking.is_empty() {
                put("tracking", Value::Array(tracking));
            }
        }
        EventKind::HandlerAssigned { handler } => put("handler", json!(handler)),
        EventKind::Paused { reason, note } => {
            put("pause_reason", code(reason));
            put("note", json!(note));
        }
        EventKind::Resolved { resolution } => put("resolution", json!(resolution)),
        EventKind::Confirmed {
            who,
            how,
            satisfaction,
        } => {
            put("confirmed_by", json!(who));
            put("confirm_how", code(how));
            put("satisfaction", json!(satisfaction));
        }
        EventKind::Reopened { reason } | EventKind::Withdrawn { reason } => {
            put("reason", json!(reason))
        }
        EventKind::Escalated {
            level,
            reason,
            note,
            ..
        } => {
            put("level", json!(level));
            put("escalation", json!(escalation_code(*reason)));
            put("note", json!(note));
        }
        EventKind::Note { text } => put("note", json!(text)),
        EventKind::Ruled { valid, reason } => {
            put("valid", json!(valid));
            put("reason", json!(reason));
        }
        EventKind::Remedy {
            kind,
            reason,
            item,
            amount_fen,
        } => {
            put("remedy", code(kind));
            put("item", json!(item));
            put(
                "amount_yuan",
                json!(format!(
                    "{}.{:02}",
                    amount_fen / 100,
                    (amount_fen % 100).abs()
                )),
            );
            put("reason", json!(reason));
        }
        EventKind::FourFields(f) => {
            put("root_cause", json!(f.root_cause));
            put("corrective_action", json!(f.corrective_action));
            put("accountability", json!(f.accountability));
            put("staff_education", json!(f.staff_education));
        }
        EventKind::SeveritySet { severity, reason } => {
            put("severity", json!(severity.code()));
            put("reason", json!(reason));
        }
    }
    Value::Object(m)
}

/// Writes the audit entry of a step (inside the step's transaction). Registering is
/// audited as the complaint's creation (or the call's), so `received` is not written again.
pub fn step(
    tx: &Connection,
    id: i64,
    step: &str,
    e: &Event,
    follow_ups: &[(FollowUpKind, NaiveDate)],
) -> Result<(), StoreError> {
    if matches!(e.kind, EventKind::Received) {
        return Ok(());
    }
    let actor = Actor {
        agent_id: e.by,
        at: e.at,
    };
    audit::record(
        tx,
        actor,
        ACTION,
        "complaint",
        id,
        None,
        Some(&after(step, e, follow_ups)),
    )
}
