//! A booking's life after it is made: each step checked by the domain's guard inside the
//! write transaction that records it (event, audit, columns), the repair order a completed
//! visit opens, and the automatic no-shows.

use super::get;
use crate::clock::{from_db, to_db};
use crate::domain::appointments::{
    self as da, Completion, GuardCtx, MessageCtx, Refusal, Status, StepKind, StoreSetup, Transition,
};
use crate::domain::archive::{RepairKind, RepairOrderData};
use crate::domain::callbacks::{Kind, Reason};
use crate::i18n::Lang;
use crate::store::callbacks::{self, Sources};
use crate::store::{Actor, Db, StoreError, audit, files, prefix_end};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};

/// Why a step was not recorded. Nothing was written in either case.
#[derive(Debug)]
pub enum StepError {
    Refused(Refusal),
    Store(StoreError),
}

impl From<StoreError> for StepError {
    fn from(e: StoreError) -> Self {
        StepError::Store(e)
    }
}

impl StepError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            StepError::Refused(r) => r.message(lang),
            StepError::Store(e) => e.message(lang),
        }
    }
}

impl std::fmt::Display for StepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for StepError {}

/// Appends one entry to a booking's log.
pub(crate) fn event(
    tx: &Connection,
    id: i64,
    at: DateTime<Utc>,
    agent: Option<i64>,
    kind: StepKind,
    body: &serde_json::Value,
) -> Result<(), StoreError> {
    event_kind(tx, id, at, agent, kind.code(), body)
}

pub(super) fn event_kind(
    tx: &Connection,
    id: i64,
    at: DateTime<Utc>,
    agent: Option<i64>,
    kind: &str,
    body: &serde_json::Value,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO appointment_events(appointment_id, at, agent_id, kind, body)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, to_db(at), agent, kind, body.to_string()])?;
    Ok(())
}

/// Plans and writes a new booking's reminders, with their texts (in Chinese: they go to
/// customers).
pub(crate) fn insert_reminders(
    tx: &Connection,
    setup: &StoreSetup,
    id: i64,
    ctx: &MessageCtx,
    created: DateTime<Utc>,
) -> Result<(), StoreError> {
    for (kind, due) in da::plan_reminders(setup, created, ctx.start) {
        tx.prepare_cached(
            "INSERT INTO reminders(appointment_id, kind, due_at, text) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            id,
            kind.code(),
            to_db(due),
            da::reminder_text(setup, ctx, kind, Lang::Zh)
        ])?;
    }
    Ok(())
}

/// One entry of a booking's log.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub at: DateTime<Utc>,
    /// `emp_no name` of who did it; None for the system (automatic no-shows).
    pub agent: Option<String>,
    pub kind: String,
    pub body: serde_json::Value,
}

/// A booking's log, oldest first.
pub fn events(conn: &Connection, id: i64) -> Result<Vec<EventRow>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT e.at, g.emp_no || ' ' || g.name, e.kind, e.body FROM appointment_events e
         LEFT JOIN agents g ON g.id = e.agent_id WHERE e.appointment_id = ?1 ORDER BY e.id LIMIT 1000",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(EventRow {
            at: from_db(&r.get::<_, String>(0)?).unwrap_or_default(),
            agent: r.get(1)?,
            kind: r.get(2)?,
            body: serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What a step needs besides the booking.
pub(super) struct Env<'a> {
    pub(super) setup: Option<&'a StoreSetup>,
    pub(super) tz: Tz,
    pub(super) grace: Duration,
}

/// The next free `RO<yyyymmdd><nnnn>` of a date.
pub(super) fn next_ro_number(tx: &Connection, date: NaiveDate) -> Result<String, StoreError> {
    let prefix = format!("RO{}", date.format("%Y%m%d"));
    let last: Option<String> = tx.query_row(
        "SELECT max(ro_number) FROM repair_orders WHERE ro_number >= ?1 AND ro_number < ?2",
        params![prefix, prefix_end(&prefix)],
        |r| r.get(0),
    )?;
    let n = last
        .and_then(|l| l.get(prefix.len()..).and_then(|s| s.parse::<u32>().ok()))
        .unwrap_or(0);
    Ok(format!("{prefix}{:04}", n + 1))
}

/// Checks step `t` against the booking as it is now and, when it applies, records it.
/// Nothing is written when the guard refuses.
pub(super) fn apply_in(
    tx: &Connection,
    store_id: &str,
    actor: Actor,
    env: &Env<'_>,
    id: i64,
    t: &Transition,
    now: DateTime<Utc>,
) -> Result<Result<Status, Refusal>, StoreError> {
    let b = get(tx, id)?;
    let from = b.row.status;
    let before_no_show = if from == Status::NoShow {
        tx.query_row(
            "SELECT body FROM appointment_events WHERE appointment_id = ?1 AND kind = 'no_show'
             ORDER BY id DESC LIMIT 1",
            [id],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .and_then(|v| {
            v.get("from")
                .and_then(|f| f.as_str())
                .and_then(Status::from_code)
        })
    } else {
        None
    };
    let ctx = GuardCtx {
        start: b.row.start,
        now,
        grace: env.grace,
        tz: env.tz,
        before_no_show,
        confirmed: b.confirmation.is_some(),
    };
    let to = match da::guard(from, t, &ctx) {
        Ok(s) => s,
        Err(r) => return Ok(Err(r)),
    };
    let step = da::StepKind::of(t);
    let mut body = serde_json::json!({"from": from.code(), "to": to.code()});
    let now_s = to_db(now);
    let set = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<(), StoreError> {
        tx.execute(&format!("UPDATE appointments SET {sql} WHERE id = {id}"), p)?;
        Ok(())
    };
    match t {
        Transition::Confirm => {
            let text = env.setup.map(|s| {
                let ctx = MessageCtx {
                    customer: b.row.customer.clone(),
                    plate: b.row.plate.clone(),
                    start: b.row.start,
                    services: b.row.services.clone(),
                    advisor: b.row.advisor.clone(),
                };
                da::confirmation_text(s, &ctx, Lang::Zh)
            });
            set("confirmation = ?1", &[&text])?;
            body["text"] = text.into();
        }
        Transition::Arrive => set("checked_in_at = ?1, no_show_at = NULL", &[&now_s])?,
        Transition::StartService => set("service_started_at = ?1", &[&now_s])?,
        Transition::Complete(c) => {
            let ro = complete(tx, store_id, actor, env, &b, c, now)?;
            set("completed_at = ?1, repair_order_id = ?2", &[&now_s, &ro.0])?;
            body["repair_order_id"] = ro.0.into();
            body["ro_number"] = ro.1.into();
            body["amount_fen"] = c.amount_fen.into();
        }
        Transition::Cancel { reason, note, by } => {
            set(
                "cancel_reason = ?1, cancel_note = ?2, cancelled_by = ?3",
                &[&reason.code(), &note.trim(), &by.code()],
            )?;
            body["reason"] = reason.code().into();
            body["note"] = note.trim().into();
            body["by"] = by.code().into();
        }
        Transition::MarkNoShow => set("no_show_at = ?1", &[&now_s])?,
        Transition::UndoNoShow => set("no_show_at = NULL", &[])?,
        Transition::Remind => {}
    }
    tx.execute(
        "UPDATE appointments SET status = ?1, updated_at = ?2, updated_by = ?3,
            version = version + 1 WHERE id = ?4",
        params![to.code(), now_s, actor.agent_id, id],
    )?;
    if !to.is_expected() {
        withdraw_reminder_calls(tx, actor, id, now)?;
    }
    event(tx, id, now, actor.agent_id, step, &body)?;
    let before = serde_json::json!({"status": from.code()});
    audit::record(
        tx,
        actor,
        step.code(),
        "appointment",
        id,
        Some(&before),
        Some(&body),
    )?;
    Ok(Ok(to))
}

/// A booking no longer expected (the customer came, or it was cancelled, missed or moved):
/// its reminder calls still waiting in the callback queue are withdrawn, so nobody rings
/// to remind a customer of a visit that is over. Returns how many.
pub(super) fn withdraw_reminder_calls(
    tx: &Connection,
    actor: Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    callbacks::skip_waiting(
        tx,
        actor,
        now,
        &[Kind::Appointment],
        Sources::Children {
            table: "reminders",
            column: "appointment_id",
            parent: id,
        },
        Reason::SourceGone,
    )
}

/// Opens the repair order of a completed visit; returns its id and number.
fn complete(
    tx: &Connection,
    store_id: &str,
    actor: Actor,
    env: &Env<'_>,
    b: &super::Booking,
    c: &Completion,
    now: DateTime<Utc>,
) -> Result<(i64, String), StoreError> {
    let (tz, setup) = (env.tz, env.setup);
    let closed = da::local(tz, now).date();
    let ro_number = match c.ro_number.as_deref().map(str::trim) {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => next_ro_number(tx, closed)?,
    };
    let items = if !c.items.is_empty() {
        c.items.clone()
    } else if !b.items.is_empty() {
        b.items.clone()
    } else {
        b.row
            .services
            .iter()
            .map(|s| match setup {
                Some(setup) => setup.service_label(s, Lang::Zh),
                None => s.clone(),
            })
            .collect()
    };
    let opened = da::local(tz, b.row.checked_in_at.unwrap_or(b.row.start)).date();
    let o = RepairOrderData {
        ro_number: ro_number.clone(),
        opened,
        closed: Some(closed),
        advisor: b.row.advisor.clone(),
        kind: c.kind,
        items,
        amount_fen: c.amount_fen,
        mileage_km: c.mileage_km,
        accident: c.kind == RepairKind::Accident,
    };
    let id = files::insert_repair_order_in(tx, store_id, actor, b.row.vehicle_id, &o)?;
    Ok((id, ro_number))
}

/// Records one step of a booking's life (checked against its state inside the write).
/// Returns the new status.
pub fn transition(
    db: &mut Db,
    actor: Actor,
    setup: &StoreSetup,
    id: i64,
    t: Transition,
    now: DateTime<Utc>,
) -> Result<Status, StepError> {
    let store_id = db.store_id().to_string();
    let env = Env {
        setup: Some(setup),
        tz: setup.tz,
        grace: setup.grace,
    };
    db.write(|tx| apply_in(tx, &store_id, actor, &env, id, &t, now))?
        .map_err(StepError::Refused)
}

/// A step an agent took on the booking as shown at version `seen`: when someone else's
/// step came first, nothing is written and the refusal names it.
#[allow(clippy::too_many_arguments)]
pub fn transition_seen(
    db: &mut Db,
    actor: Actor,
    setup: &StoreSetup,
    id: i64,
    seen: i64,
    t: Transition,
    now: DateTime<Utc>,
) -> Result<Status, StepError> {
    let store_id = db.store_id().to_string();
    let env = Env {
        setup: Some(setup),
        tz: setup.tz,
        grace: setup.grace,
    };
    db.write(|tx| {
        crate::store::stale::check(tx, crate::store::stale::Table::Booking, id, seen)?;
        apply_in(tx, &store_id, actor, &env, id, &t, now)
    })?
    .map_err(StepError::Refused)
}

/// The bookings still expected whose start is before `?1`, read from the partial index of
/// expected bookings (migration 0023): a few days' worth, not the store's whole history.
const NO_SHOW_SQL: &str = "SELECT id FROM appointments INDEXED BY appointments_expected
     WHERE status IN ('booked', 'confirmed', 'reminded') AND start_at <= ?1
       -- A no-show someone undid by hand stays undone.
       AND NOT EXISTS (SELECT 1 FROM appointment_events e
                       WHERE e.appointment_id = appointments.id AND e.kind = 'undo_no_show')
     ORDER BY start_at LIMIT 5000";

/// Marks every booking still expected whose start is `grace` or more before `now` as a
/// no-show (by the system: no agent). Returns their ids.
pub fn mark_no_shows(
    db: &mut Db,
    now: DateTime<Utc>,
    grace: Duration,
) -> Result<Vec<i64>, StoreError> {
    let store_id = db.store_id().to_string();
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let env = Env {
        setup: None,
        tz: chrono_tz::UTC,
        grace,
    };
    db.write(|tx| {
        let ids: Vec<i64> = {
            let mut st = tx.prepare_cached(NO_SHOW_SQL)?;
            let rows = st.query_map([to_db(now - grace)], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut marked = Vec::new();
        for id in ids {
            if apply_in(tx, &store_id, actor, &env, id, &Transition::MarkNoShow, now)?.is_ok() {
                marked.push(id);
            }
        }
        Ok(marked)
    })
}

#[cfg(test)]
mod tests {
    use super::NO_SHOW_SQL;

    /// The sweep run at every start reads the expected bookings' partial index: what it
    /// reads does not grow with the bookings of the store's past.
    #[test]
    fn the_no_show_sweep_reads_only_the_expected_bookings() {
        let text = crate::store::query_plan(NO_SHOW_SQL, ["2026-12-07T10:00:00Z"]).join("\n");
        assert!(
            text.contains("SEARCH appointments USING INDEX appointments_expected (start_at<?)"),
            "{text}"
        );
        assert!(!text.contains("SCAN appointments"), "{text}");
    }
}
