//! Appointments: booking (the capacity rules checked inside the `BEGIN IMMEDIATE` write, so
//! two agents can never take the same advisor, bay or vehicle for overlapping times) and
//! rescheduling, here; the lifecycle steps in `appointments/flow.rs`; reminders and the
//! "confirm tomorrow" list in `appointments/reminders.rs`; reading (lists, week counts,
//! numbers, the plain-text day) in `appointments/rows.rs`; demo bookings in
//! `appointments_demo*.rs`.

use super::{Actor, Db, StoreError, audit, new_uuid};
use crate::clock::to_db;
use crate::domain::appointments::{
    self as da, FreeSlot, Limit, MessageCtx, Problem, Refusal, Status, StepKind, StoreSetup, Want,
    Warning,
};
use crate::i18n::Lang;
use chrono::{DateTime, Days, Utc};
use rusqlite::{Connection, OptionalExtension, params};

mod demo;
mod flow;
mod reminders;
mod rows;

pub use crate::domain::appointments::NewBooking;
pub use demo::demo_fill;
pub use flow::*;
pub(crate) use reminders::reached_from_queue;
pub use reminders::{
    ReminderRow, confirm_tomorrow, due_reminders, record_reminder_outcome,
    record_reminder_outcome_seen,
};
pub use rows::{
    Booking, BookingRow, DayCount, arrivals, day, get, is_first_time, no_show_count, numbers,
    range, successor, week_counts,
};
pub(crate) use rows::{ROW_COLS, ROW_JOINS, booking_row, holding, to_json};

/// Why a booking (or a move) was not saved. Nothing was written in any case.
#[derive(Debug)]
pub enum BookError {
    /// The form has problems (every one listed).
    Invalid(Vec<Problem>),
    /// The rules it broke (hard ones first), and the next free slots instead.
    Refused {
        limits: Vec<Limit>,
        free: Vec<FreeSlot>,
    },
    /// A part arrives too late: book again with `parts_late_ok` once the agent confirmed.
    NeedsConfirmation(Vec<Warning>),
    /// Overbooking is for supervisors.
    NotSupervisor,
    /// Overbooking needs a reason.
    NoOverbookReason,
    /// The vehicle is not the customer's.
    WrongVehicle,
    /// The booking cannot be moved in its state.
    Step(Refusal),
    Store(StoreError),
}

impl From<StoreError> for BookError {
    fn from(e: StoreError) -> Self {
        BookError::Store(e)
    }
}

impl From<rusqlite::Error> for BookError {
    fn from(e: rusqlite::Error) -> Self {
        BookError::Store(e.into())
    }
}

impl BookError {
    /// The limits hit, by code (`advisor`, `bay`, `vehicle`, ...).
    pub fn limit_codes(&self) -> Vec<&'static str> {
        match self {
            BookError::Refused { limits, .. } => limits.iter().map(Limit::code).collect(),
            _ => Vec::new(),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            BookError::Invalid(p) => {
                let list: Vec<String> = p.iter().map(|p| p.message(lang)).collect();
                list.join(lang.t("；", "; "))
            }
            BookError::Refused { limits, free } => {
                let why: Vec<String> = limits.iter().map(|l| l.message(lang)).collect();
                let mut s = format!(
                    "{}{}",
                    lang.t("无法预约：", "Cannot book: "),
                    why.join(lang.t("；", "; "))
                );
                if free.is_empty() {
                    s.push_str(lang.t(
                        "。近期没有空闲时段。",
                        ". No free slot in the coming weeks.",
                    ));
                } else {
                    let offers: Vec<String> = free.iter().map(|f| f.describe(lang)).collect();
                    s.push_str(lang.t("。可约时段：", ". Free instead: "));
                    s.push_str(&offers.join(lang.t("；", "; ")));
                }
                s
            }
            BookError::NeedsConfirmation(w) => {
                let list: Vec<String> = w.iter().map(|w| w.message(lang)).collect();
                list.join(lang.t("；", "; "))
            }
            BookError::NotSupervisor => lang
                .t("只有客服主管可以超额预约", "Only a supervisor may overbook")
                .into(),
            BookError::NoOverbookReason => lang
                .t("超额预约须填写原因", "Overbooking needs a reason")
                .into(),
            BookError::WrongVehicle => lang
                .t("该车辆不属于此客户", "This vehicle is not the customer's")
                .into(),
            BookError::Step(r) => r.message(lang),
            BookError::Store(e) => e.message(lang),
        }
    }
}

impl std::fmt::Display for BookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for BookError {}

/// Checks `want` inside the write transaction. Ok(overflow): it fits, or a supervisor's
/// reason covers the capacity limits it hits.
fn fit(
    tx: &Connection,
    setup: &StoreSetup,
    want: &Want,
    now: DateTime<Utc>,
    overbook: Option<&str>,
) -> Result<Result<bool, BookError>, StoreError> {
    let date = da::local(setup.tz, want.start).date();
    let before = date.checked_sub_days(Days::new(1)).unwrap_or(date);
    let after = date.checked_add_days(Days::new(1)).unwrap_or(date);
    let existing = holding(tx, setup.tz, before, after)?;
    let limits = da::check(setup, want, &existing, now);
    let blocking = limits
        .iter()
        .any(|l| overbook.is_none() || !l.is_capacity());
    if blocking {
        let until = date
            .checked_add_days(Days::new(da::SEARCH_DAYS + 1))
            .unwrap_or(date);
        let wide = holding(tx, setup.tz, before, until)?;
        let free = da::next_free(setup, want, &wide, now, 3);
        return Ok(Err(BookError::Refused { limits, free }));
    }
    Ok(Ok(!limits.is_empty()))
}

/// What the new row says; shared by booking and rescheduling.
struct Insert<'a> {
    b: &'a NewBooking,
    want: &'a Want,
    overflow: Option<&'a str>,
    rescheduled_from: Option<i64>,
    /// Why it was moved here (a reschedule's reason; empty for a new booking).
    note: &'a str,
}

fn insert(
    tx: &Connection,
    store_id: &str,
    actor: Actor,
    setup: &StoreSetup,
    now: DateTime<Utc>,
    i: &Insert<'_>,
) -> Result<i64, StoreError> {
    let b = i.b;
    let (name, plate): (String, Option<String>) = tx.query_row(
        "SELECT coalesce(c.name, ''), v.plate FROM vehicles v
         LEFT JOIN customers c ON c.id = ?1 WHERE v.id = ?2",
        params![b.customer_id, b.vehicle_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    tx.prepare_cached(
        "INSERT INTO appointments(uuid, store_id, customer_id, vehicle_id, channel, services,
            need, items, parts, advisor, bay, start_at, end_at, transport, loaner, history,
            declined, status, overflow_reason, rescheduled_from, created_at, created_by,
            updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            'booked', ?18, ?19, ?20, ?21, ?20, ?21)",
    )?
    .execute(params![
        new_uuid(),
        store_id,
        b.customer_id,
        b.vehicle_id,
        b.channel.code(),
        to_json(&b.services),
        b.need.trim(),
        to_json(&b.items),
        to_json(&b.parts),
        i.want.advisor,
        i.want.bay,
        to_db(i.want.start),
        to_db(i.want.end),
        b.transport.code(),
        b.loaner.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        b.history.trim(),
        to_json(&b.declined),
        i.overflow,
        i.rescheduled_from,
        to_db(now),
        actor.agent_id,
    ])?;
    let id = tx.last_insert_rowid();
    let mut body = serde_json::json!({
        "start": to_db(i.want.start),
        "end": to_db(i.want.end),
        "advisor": i.want.advisor,
        "bay": i.want.bay,
        "channel": b.channel.code(),
        "overflow": i.overflow,
        "rescheduled_from": i.rescheduled_from,
    });
    // A moved booking's log says why, as the old one's does.
    if i.rescheduled_from.is_some() {
        body["note"] = serde_json::Value::from(i.note.trim());
    }
    flow::event(tx, id, now, actor.agent_id, StepKind::Book, &body)?;
    audit::record(tx, actor, "create", "appointment", id, None, Some(&body))?;
    if let Some(reason) = i.overflow {
        let what = serde_json::json!({"overflow_reason": reason});
        audit::record(tx, actor, "overbook", "appointment", id, None, Some(&what))?;
    }
    let ctx = MessageCtx {
        customer: name,
        plate,
        start: i.want.start,
        services: b.services.clone(),
        advisor: i.want.advisor.clone(),
    };
    flow::insert_reminders(tx, setup, id, &ctx, now)?;
    Ok(id)
}

fn overbook_reason(overbook: Option<String>) -> Result<Option<String>, BookError> {
    match overbook.map(|s| s.trim().to_string()) {
        Some(r) if r.is_empty() => Err(BookError::NoOverbookReason),
        other => Ok(other),
    }
}

/// Books a visit. The rules are checked inside the write lock; nothing is written when
/// it is refused. `overbook`: a supervisor's reason to book past the capacity limits
/// (advisor, bay, loaner cars; never past the hours, a closed day, the past or a vehicle
/// already booked) — such a booking is marked as overflow.
pub fn book(
    db: &mut Db,
    actor: Actor,
    setup: &StoreSetup,
    b: NewBooking,
    now: DateTime<Utc>,
    overbook: Option<String>,
) -> Result<i64, BookError> {
    let problems = da::validate(setup, &b);
    if !problems.is_empty() {
        return Err(BookError::Invalid(problems));
    }
    let overbook = overbook_reason(overbook)?;
    if !b.parts_late_ok {
        let late = da::late_parts(setup, &b.parts, b.start);
        if !late.is_empty() {
            return Err(BookError::NeedsConfirmation(late));
        }
    }
    let want = Want::of(setup, &b);
    let store_id = db.store_id().to_string();
    db.write(|tx| {
        let owner: Option<i64> = tx
            .query_row(
                "SELECT customer_id FROM vehicles WHERE id = ?1",
                [b.vehicle_id],
                |r| r.get(0),
            )
            .optional()?;
        if owner != Some(b.customer_id) {
            return Ok(Err(BookError::WrongVehicle));
        }
        if overbook.is_some() && !super::agents::is_supervisor(tx, actor.agent_id)? {
            return Ok(Err(BookError::NotSupervisor));
        }
        let overflow = match fit(tx, setup, &want, now, overbook.as_deref())? {
            Ok(o) => o,
            Err(e) => return Ok(Err(e)),
        };
        let i = Insert {
            b: &b,
            want: &want,
            overflow: overbook.as_deref().filter(|_| overflow),
            rescheduled_from: None,
            note: "",
        };
        Ok(Ok(insert(tx, &store_id, actor, setup, now, &i)?))
    })?
}

/// The new time (and, optionally, advisor, bay and length) of a booking being moved.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reschedule {
    pub start: DateTime<Utc>,
    /// None: keep the length.
    pub minutes: Option<u32>,
    /// None: keep the advisor / bay.
    pub advisor: Option<String>,
    pub bay: Option<String>,
    pub parts_late_ok: bool,
    /// Why (kept in the log).
    pub note: String,
}

/// Moves a booking: the old one ends as `rescheduled` and a new one (linked by
/// `rescheduled_from`, status booked) takes the new time, so the history is kept. The
/// rules are checked as for a new booking, except against the booking itself.
pub fn reschedule(
    db: &mut Db,
    actor: Actor,
    setup: &StoreSetup,
    id: i64,
    to: Reschedule,
    now: DateTime<Utc>,
    overbook: Option<String>,
) -> Result<i64, BookError> {
    reschedule_in(db, actor, setup, (id, None), to, now, overbook)
}

/// `reschedule` of the booking as shown at version `seen`: refused, naming what happened,
/// when another agent's step came first.
#[allow(clippy::too_many_arguments)]
pub fn reschedule_seen(
    db: &mut Db,
    actor: Actor,
    setup: &StoreSetup,
    id: i64,
    seen: i64,
    to: Reschedule,
    now: DateTime<Utc>,
    overbook: Option<String>,
) -> Result<i64, BookError> {
    reschedule_in(db, actor, setup, (id, Some(seen)), to, now, overbook)
}

fn reschedule_in(
    db: &mut Db,
    actor: Actor,
    setup: &StoreSetup,
    (id, seen): (i64, Option<i64>),
    to: Reschedule,
    now: DateTime<Utc>,
    overbook: Option<String>,
) -> Result<i64, BookError> {
    let overbook = overbook_reason(overbook)?;
    let store_id = db.store_id().to_string();
    db.write(|tx| {
        if let Some(seen) = seen {
            crate::store::stale::check(tx, crate::store::stale::Table::Booking, id, seen)?;
        }
        let old = get(tx, id)?;
        if let Err(r) = da::can_reschedule(old.row.status) {
            return Ok(Err(BookError::Step(r)));
        }
        let minutes = to
            .minutes
            .unwrap_or_else(|| (old.row.end - old.row.start).num_minutes().max(1) as u32);
        let b = NewBooking {
            customer_id: old.row.customer_id,
            vehicle_id: old.row.vehicle_id,
            channel: old.row.channel,
            services: old.row.services.clone(),
            need: old.need.clone(),
            items: old.items.clone(),
            parts: old.parts.clone(),
            advisor: to.advisor.clone().unwrap_or(old.row.advisor.clone()),
            bay: to.bay.clone().unwrap_or(old.row.bay.clone()),
            start: to.start,
            minutes: Some(minutes),
            transport: old.row.transport,
            loaner: old.loaner.clone(),
            history: old.history.clone(),
            declined: old.declined.clone(),
            parts_late_ok: to.parts_late_ok,
        };
        let problems: Vec<Problem> = da::validate(setup, &b)
            .into_iter()
            .filter(|p| !matches!(p, Problem::UnknownService(_) | Problem::NoServices))
            .collect();
        if !problems.is_empty() {
            return Ok(Err(BookError::Invalid(problems)));
        }
        if !b.parts_late_ok {
            let late = da::late_parts(setup, &b.parts, b.start);
            if !late.is_empty() {
                return Ok(Err(BookError::NeedsConfirmation(late)));
            }
        }
        if overbook.is_some() && !super::agents::is_supervisor(tx, actor.agent_id)? {
            return Ok(Err(BookError::NotSupervisor));
        }
        let mut want = Want::of(setup, &b);
        want.moving = Some(id);
        let overflow = match fit(tx, setup, &want, now, overbook.as_deref())? {
            Ok(o) => o,
            Err(e) => return Ok(Err(e)),
        };
        let i = Insert {
            b: &b,
            want: &want,
            overflow: overbook.as_deref().filter(|_| overflow),
            rescheduled_from: Some(id),
            note: &to.note,
        };
        let new_id = insert(tx, &store_id, actor, setup, now, &i)?;
        tx.execute(
            "UPDATE appointments SET status = 'rescheduled', updated_at = ?1, updated_by = ?2,
                version = version + 1 WHERE id = ?3",
            params![to_db(now), actor.agent_id, id],
        )?;
        // The new booking has reminders of its own.
        flow::withdraw_reminder_calls(tx, actor, id, now)?;
        let body = serde_json::json!({
            "from": old.row.status.code(),
            "to": Status::Rescheduled.code(),
            "new_id": new_id,
            "old_start": to_db(old.row.start),
            "new_start": to_db(want.start),
            "note": to.note.trim(),
        });
        flow::event(tx, id, now, actor.agent_id, StepKind::Reschedule, &body)?;
        let before =
            serde_json::json!({"status": old.row.status.code(), "start": to_db(old.row.start)});
        audit::record(
            tx,
            actor,
            "reschedule",
            "appointment",
            id,
            Some(&before),
            Some(&body),
        )?;
        Ok(Ok(new_id))
    })?
}
