//! Reminders: those due, the "confirm tomorrow" list, and the outcome of each call.

use super::flow::{Env, apply_in, event_kind};
use super::{BookingRow, ROW_COLS, ROW_JOINS, StepError, booking_row, get};
use crate::clock::{from_db, to_db};
use crate::domain::appointments::{
    self as da, CancelledBy, ReminderKind, ReminderOutcome, StoreSetup, Transition,
};
use crate::domain::callbacks::{Kind, Reason};
use crate::store::callbacks::{self, Sources};
use crate::store::{Actor, Db, StoreError, audit};
use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};

/// A reminder with its booking.
#[derive(Debug, Clone, PartialEq)]
pub struct ReminderRow {
    pub booking: BookingRow,
    pub id: i64,
    pub kind: ReminderKind,
    pub due_at: DateTime<Utc>,
    pub text: String,
    /// The latest outcome code (`ReminderOutcome::label_of` names it).
    pub outcome: Option<String>,
    pub outcome_at: Option<DateTime<Utc>>,
    /// `emp_no name` of who recorded it.
    pub outcome_by: Option<String>,
}

const REMINDER_COLS: &str = "r.id, r.kind, r.due_at, r.text, r.outcome, r.outcome_at,
    g.emp_no || ' ' || g.name";

fn reminder_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReminderRow> {
    Ok(ReminderRow {
        booking: booking_row(r)?,
        id: r.get(19)?,
        kind: ReminderKind::from_code(&r.get::<_, String>(20)?).unwrap_or(ReminderKind::DayBefore),
        due_at: from_db(&r.get::<_, String>(21)?).unwrap_or_default(),
        text: r.get(22)?,
        outcome: r.get(23)?,
        outcome_at: r.get::<_, Option<String>>(24)?.as_deref().and_then(from_db),
        outcome_by: r.get(25)?,
    })
}

/// Reminders due by `now` and not yet done, for bookings still expected; oldest first.
pub fn due_reminders(
    conn: &Connection,
    now: DateTime<Utc>,
) -> Result<Vec<ReminderRow>, StoreError> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {ROW_COLS}, {REMINDER_COLS} {ROW_JOINS}
         JOIN reminders r ON r.appointment_id = a.id LEFT JOIN agents g ON g.id = r.outcome_by
         WHERE r.outcome IS NULL AND r.due_at <= ?1
           AND a.status IN ('booked', 'confirmed', 'reminded')
         ORDER BY r.due_at, a.start_at LIMIT 2000"
    ))?;
    let rows = st.query_map([to_db(now)], reminder_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The "confirm tomorrow" list: the bookings of the day after `today` with their
/// day-before reminder and its outcome so far (cancelled ones stay, with their outcome).
pub fn confirm_tomorrow(
    conn: &Connection,
    today: NaiveDate,
    tz: Tz,
) -> Result<Vec<ReminderRow>, StoreError> {
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap_or(today);
    let (a, b) = da::day_range(tz, tomorrow, tomorrow);
    let mut st = conn.prepare_cached(&format!(
        "SELECT {ROW_COLS}, {REMINDER_COLS} {ROW_JOINS}
         JOIN reminders r ON r.appointment_id = a.id AND r.kind = 'day_before'
         LEFT JOIN agents g ON g.id = r.outcome_by
         WHERE a.start_at >= ?1 AND a.start_at < ?2 AND a.status <> 'rescheduled'
         ORDER BY a.start_at, a.bay LIMIT 2000"
    ))?;
    let rows = st.query_map(params![to_db(a), to_db(b)], reminder_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records how a reminder call ended, with who and when (the reminder keeps the latest,
/// the booking's log keeps every one). Sent or confirmed: the booking is `reminded`;
/// cancelled: the booking is cancelled by the customer with the reason; reschedule and
/// unreachable change nothing else (reschedule with `reschedule`).
pub fn record_reminder_outcome(
    db: &mut Db,
    actor: Actor,
    setup: &StoreSetup,
    reminder_id: i64,
    outcome: ReminderOutcome,
    now: DateTime<Utc>,
) -> Result<(), StepError> {
    reminder_outcome_in(db, actor, setup, (reminder_id, None), outcome, now)
}

/// `record_reminder_outcome` on the booking as shown at version `seen`: refused, naming
/// what happened, when another agent's step came first (every outcome moves the booking's
/// version, so two agents' outcomes never both stand unseen).
pub fn record_reminder_outcome_seen(
    db: &mut Db,
    actor: Actor,
    setup: &StoreSetup,
    (reminder_id, seen): (i64, i64),
    outcome: ReminderOutcome,
    now: DateTime<Utc>,
) -> Result<(), StepError> {
    reminder_outcome_in(db, actor, setup, (reminder_id, Some(seen)), outcome, now)
}

fn reminder_outcome_in(
    db: &mut Db,
    actor: Actor,
    setup: &StoreSetup,
    (reminder_id, seen): (i64, Option<i64>),
    outcome: ReminderOutcome,
    now: DateTime<Utc>,
) -> Result<(), StepError> {
    let store_id = db.store_id().to_string();
    let env = Env {
        setup: Some(setup),
        tz: setup.tz,
        grace: setup.grace,
    };
    db.write(|tx| {
        if let Some(seen) = seen {
            let id: i64 = tx.query_row(
                "SELECT appointment_id FROM reminders WHERE id = ?1",
                [reminder_id],
                |r| r.get(0),
            )?;
            crate::store::stale::check(tx, crate::store::stale::Table::Booking, id, seen)?;
        }
        let done = outcome_in(tx, &store_id, actor, &env, reminder_id, &outcome, now)?;
        if done.is_ok() {
            // Worked here: its call in the callback queue is done elsewhere, not rung again.
            callbacks::skip_waiting(
                tx,
                actor,
                now,
                &[Kind::Appointment],
                Sources::Record {
                    table: "reminders",
                    id: reminder_id,
                },
                Reason::DoneElsewhere,
            )?;
        }
        Ok(done)
    })?
    .map_err(StepError::Refused)
}

/// A reminder call that reached the customer, recorded from its task in the callback queue
/// (in that attempt's transaction): as the Appointments tab records "confirmed", the
/// booking reminded, the outcome, the booking's history and the audit, its version moved.
/// A reminder already answered is left as it is.
pub(crate) fn reached_from_queue(
    tx: &Connection,
    store_id: &str,
    actor: Actor,
    reminder_id: i64,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let open: Option<i64> = tx
        .query_row(
            "SELECT id FROM reminders WHERE id = ?1 AND outcome IS NULL",
            [reminder_id],
            |r| r.get(0),
        )
        .optional()?;
    if open.is_none() {
        return Ok(());
    }
    // No step of a reminder reads the store's setup or the no-show grace.
    let env = Env {
        setup: None,
        tz,
        grace: chrono::Duration::zero(),
    };
    let outcome = ReminderOutcome::Confirmed;
    // A booking no longer expected takes no reminder step (`outcome_in`): no refusal.
    let _ = outcome_in(tx, store_id, actor, &env, reminder_id, &outcome, now)?;
    Ok(())
}

/// The outcome of reminder `reminder_id` written in `tx`: the booking's step first (a
/// refusal leaves nothing written), then the outcome, the booking's history and the audit.
fn outcome_in(
    tx: &Connection,
    store_id: &str,
    actor: Actor,
    env: &Env<'_>,
    reminder_id: i64,
    outcome: &ReminderOutcome,
    now: DateTime<Utc>,
) -> Result<Result<(), da::Refusal>, StoreError> {
    let (id, kind): (i64, String) = tx.query_row(
        "SELECT appointment_id, kind FROM reminders WHERE id = ?1",
        [reminder_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let status = get(tx, id)?.row.status;
    match outcome {
        ReminderOutcome::Sent | ReminderOutcome::Confirmed if status.is_expected() => {
            if let Err(r) = apply_in(tx, store_id, actor, env, id, &Transition::Remind, now)? {
                return Ok(Err(r));
            }
        }
        ReminderOutcome::Cancel { reason, note } => {
            let t = Transition::Cancel {
                reason: *reason,
                note: note.clone(),
                by: CancelledBy::Customer,
            };
            if let Err(r) = apply_in(tx, store_id, actor, env, id, &t, now)? {
                return Ok(Err(r));
            }
        }
        // No change of status: the booking's version still moves, so a step taken on the
        // booking as it was before this outcome is refused.
        _ => {
            tx.execute(
                "UPDATE appointments SET version = version + 1 WHERE id = ?1",
                [id],
            )?;
        }
    }
    tx.execute(
        "UPDATE reminders SET outcome = ?1, outcome_at = ?2, outcome_by = ?3 WHERE id = ?4",
        params![outcome.code(), to_db(now), actor.agent_id, reminder_id],
    )?;
    let body = serde_json::json!({
        "reminder_id": reminder_id,
        "reminder": kind,
        "outcome": outcome.code(),
    });
    event_kind(tx, id, now, actor.agent_id, "reminder_outcome", &body)?;
    audit::record(
        tx,
        actor,
        "reminder_outcome",
        "appointment",
        id,
        None,
        Some(&body),
    )?;
    Ok(Ok(()))
}
