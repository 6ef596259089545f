//! Customer events (客户活动): the events, their invitees with answers and attendance, and
//! the counts the list shows (invited / accepted / attended). Inviting the target list is in
//! `events/invite.rs`; answers and check-in in `events/answers.rs`. Every edit of an
//! existing record is version-checked and audited in the same transaction; the invitation
//! and feedback tasks are the callback queue's (`store::callbacks::plan_event`).

use super::{Actor, Db, StoreError, audit, new_uuid, stale};
use crate::clock::to_db;
use crate::domain::callbacks::{Channel, Kind, Reason};
use crate::domain::events::{
    Answer, EventData, EventKind, EventStatus, START_FORMAT, Seats, TargetRule, local_start,
    validate,
};
use crate::store::callbacks::{self, Sources};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};

mod answers;
pub use answers::*;

mod invite;
pub use invite::*;

pub mod demo;

/// One event as lists show it, with its counts.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: i64,
    pub title: String,
    pub kind: EventKind,
    pub starts_at: NaiveDateTime,
    pub place: String,
    pub capacity: u32,
    pub target: TargetRule,
    pub channel: Channel,
    pub status: EventStatus,
    pub notes: String,
    pub version: i64,
    /// Customers invited.
    pub invited: u32,
    /// Invitees who said yes, and the people they bring (the seats taken).
    pub yes: u32,
    pub accepted_people: u32,
    pub maybe: u32,
    pub no: u32,
    /// Invitees checked in.
    pub attended: u32,
}

impl EventRow {
    pub fn seats(&self) -> Seats {
        Seats {
            accepted: self.accepted_people,
            capacity: self.capacity,
        }
    }
    /// The fields as entered, for an edit form.
    pub fn data(&self) -> EventData {
        EventData {
            title: self.title.clone(),
            kind: self.kind,
            starts_at: self.starts_at,
            place: self.place.clone(),
            capacity: self.capacity,
            target: self.target.clone(),
            channel: self.channel,
            notes: self.notes.clone(),
        }
    }
}

const COLS: &str = "e.id, e.title, e.kind, e.starts_at, e.place, e.capacity, e.target, e.channel,
    e.status, e.notes, e.version,
    (SELECT count(*) FROM event_invitees i WHERE i.event_id = e.id),
    (SELECT count(*) FROM event_invitees i WHERE i.event_id = e.id AND i.answer = 'yes'),
    (SELECT coalesce(sum(i.party), 0) FROM event_invitees i WHERE i.event_id = e.id AND i.answer = 'yes'),
    (SELECT count(*) FROM event_invitees i WHERE i.event_id = e.id AND i.answer = 'maybe'),
    (SELECT count(*) FROM event_invitees i WHERE i.event_id = e.id AND i.answer = 'no'),
    (SELECT count(*) FROM event_invitees i WHERE i.event_id = e.id AND i.attended = 1)";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    let n =
        |i: usize| -> rusqlite::Result<u32> { Ok(u32::try_from(r.get::<_, i64>(i)?).unwrap_or(0)) };
    Ok(EventRow {
        id: r.get(0)?,
        title: r.get(1)?,
        kind: EventKind::from_code(&r.get::<_, String>(2)?).unwrap_or(EventKind::Other),
        starts_at: local_start(&r.get::<_, String>(3)?).unwrap_or_default(),
        place: r.get(4)?,
        capacity: n(5)?,
        target: serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default(),
        channel: Channel::from_code(&r.get::<_, String>(7)?).unwrap_or_default(),
        status: EventStatus::from_code(&r.get::<_, String>(8)?).unwrap_or(EventStatus::Planned),
        notes: r.get(9)?,
        version: r.get(10)?,
        invited: n(11)?,
        yes: n(12)?,
        accepted_people: n(13)?,
        maybe: n(14)?,
        no: n(15)?,
        attended: n(16)?,
    })
}

/// The most events a list shows.
pub const LIST_LIMIT: usize = 500;

/// Events starting between `from` and `to` (store-local days, inclusive; open ends when
/// None): the upcoming ones first (soonest first, from `today`), then the past ones
/// (latest first).
pub fn list(
    conn: &Connection,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Vec<EventRow>, StoreError> {
    let (lo, hi) = bounds(from, to);
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM events e WHERE {BETWEEN}
         ORDER BY (e.starts_at < ?3), CASE WHEN e.starts_at >= ?3 THEN e.starts_at END,
                  e.starts_at DESC, e.id
         LIMIT {LIST_LIMIT}"
    ))?;
    let rows = st.query_map(params![lo, hi, today.format("%Y-%m-%d").to_string()], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The events `list` and `count` take: starting between ?1 and ?2 (either open).
const BETWEEN: &str = "(?1 IS NULL OR e.starts_at >= ?1) AND (?2 IS NULL OR e.starts_at < ?2)";

/// The bounds of `BETWEEN` for store-local days `from` and `to` (inclusive).
fn bounds(from: Option<NaiveDate>, to: Option<NaiveDate>) -> (Option<String>, Option<String>) {
    let lo = from.map(|d| d.format("%Y-%m-%d").to_string());
    let hi = to
        .and_then(|d| d.succ_opt())
        .map(|d| d.format("%Y-%m-%d").to_string());
    (lo, hi)
}

/// How many events `list` would list without its limit.
pub fn count(
    conn: &Connection,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<usize, StoreError> {
    let (lo, hi) = bounds(from, to);
    let n: i64 = conn.query_row(
        &format!("SELECT count(*) FROM events e WHERE {BETWEEN}"),
        params![lo, hi],
        |r| r.get(0),
    )?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// One event with its counts.
pub fn get(conn: &Connection, id: i64) -> Result<EventRow, StoreError> {
    conn.query_row(
        &format!("SELECT {COLS} FROM events e WHERE e.id = ?1"),
        [id],
        row,
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

fn said(zh: impl Into<String>, en: impl Into<String>) -> StoreError {
    StoreError::Said {
        zh: zh.into(),
        en: en.into(),
    }
}

fn checked(e: &EventData) -> Result<(), StoreError> {
    match validate(e).into_iter().next() {
        Some(f) => Err(said(f.zh, f.en)),
        None => Ok(()),
    }
}

fn json(e: &EventData) -> serde_json::Value {
    serde_json::json!({
        "title": e.title, "kind": e.kind.code(),
        "starts_at": e.starts_at.format(START_FORMAT).to_string(), "place": e.place,
        "capacity": e.capacity, "target": e.target, "channel": e.channel.code(), "notes": e.notes,
    })
}

/// Adds an event (planned). Returns its id.
pub fn create(db: &mut Db, actor: Actor, e: &EventData) -> Result<i64, StoreError> {
    checked(e)?;
    let store_id = db.store_id().to_string();
    db.write(|tx| {
        let now = to_db(actor.at);
        tx.execute(
            "INSERT INTO events(uuid, store_id, title, kind, starts_at, place, capacity, target,
                channel, notes, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?11, ?12)",
            params![
                new_uuid(),
                store_id,
                e.title.trim(),
                e.kind.code(),
                e.starts_at.format(START_FORMAT).to_string(),
                e.place.trim(),
                e.capacity,
                serde_json::to_string(&e.target).unwrap_or_else(|_| "{}".into()),
                e.channel.code(),
                e.notes,
                now,
                actor.agent_id,
            ],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(tx, actor, "create", "event", id, None, Some(&json(e)))?;
        Ok(id)
    })
}

/// The refusal of a step on an event taken on an old version.
pub(super) fn event_conflict(tx: &Connection, id: i64) -> StoreError {
    let change = stale::last_audited(tx, "event", id).ok().flatten();
    stale::refusal((&format!("活动 #{id}"), &format!("event {id}")), change)
}

/// Edits an event as shown at `version` (refused, naming who changed it, when someone
/// else's edit came first). A cancelled event is not edited.
pub fn update(
    db: &mut Db,
    actor: Actor,
    id: i64,
    version: i64,
    e: &EventData,
) -> Result<(), StoreError> {
    checked(e)?;
    db.write(|tx| {
        let before = get(tx, id)?;
        if before.version != version {
            return Err(event_conflict(tx, id));
        }
        if before.status == EventStatus::Cancelled {
            return Err(said(
                "活动已取消，不能修改",
                "The event is cancelled and cannot be edited",
            ));
        }
        let n = tx.execute(
            "UPDATE events SET title = ?1, kind = ?2, starts_at = ?3, place = ?4, capacity = ?5,
                target = ?6, channel = ?7, notes = ?8, updated_at = ?9, updated_by = ?10,
                version = version + 1
             WHERE id = ?11 AND version = ?12",
            params![
                e.title.trim(),
                e.kind.code(),
                e.starts_at.format(START_FORMAT).to_string(),
                e.place.trim(),
                e.capacity,
                serde_json::to_string(&e.target).unwrap_or_else(|_| "{}".into()),
                e.channel.code(),
                e.notes,
                to_db(actor.at),
                actor.agent_id,
                id,
                version
            ],
        )?;
        if n == 0 {
            return Err(event_conflict(tx, id));
        }
        audit::record(
            tx,
            actor,
            "update",
            "event",
            id,
            Some(&json(&before.data())),
            Some(&json(e)),
        )?;
        Ok(())
    })
}

/// Cancels an event as shown at `version`: its pending invitation and feedback tasks are
/// skipped (source gone).
pub fn cancel(db: &mut Db, actor: Actor, id: i64, version: i64) -> Result<usize, StoreError> {
    db.write(|tx| {
        let now = to_db(actor.at);
        let n = tx.execute(
            "UPDATE events SET status = 'cancelled', updated_at = ?1, updated_by = ?2,
                version = version + 1
             WHERE id = ?3 AND version = ?4 AND status <> 'cancelled'",
            params![now, actor.agent_id, id, version],
        )?;
        if n == 0 {
            get(tx, id)?;
            return Err(event_conflict(tx, id));
        }
        let skipped = callbacks::skip_waiting(
            tx,
            actor,
            actor.at,
            &[Kind::EventInvite, Kind::EventFeedback],
            Sources::Children {
                table: "event_invitees",
                column: "event_id",
                parent: id,
            },
            Reason::SourceGone,
        )?;
        let after = serde_json::json!({"status": "cancelled", "tasks_skipped": skipped});
        audit::record(tx, actor, "cancel", "event", id, None, Some(&after))?;
        Ok(skipped)
    })
}

/// Stops inviting to an event as shown at `version` (its seats taken): its invitation calls
/// not yet made are skipped (event full); the answers given, the feedback calls and the
/// event itself stay. Refused when someone else changed the event first. Returns the calls
/// skipped.
pub fn stop_inviting(
    db: &mut Db,
    actor: Actor,
    id: i64,
    version: i64,
) -> Result<usize, StoreError> {
    db.write(|tx| {
        if get(tx, id)?.version != version {
            return Err(event_conflict(tx, id));
        }
        let skipped = callbacks::skip_waiting(
            tx,
            actor,
            actor.at,
            &[Kind::EventInvite],
            Sources::Children {
                table: "event_invitees",
                column: "event_id",
                parent: id,
            },
            Reason::EventFull,
        )?;
        let after = serde_json::json!({"tasks_skipped": skipped});
        audit::record(tx, actor, "stop_inviting", "event", id, None, Some(&after))?;
        Ok(skipped)
    })
}

/// One invitee as the event page shows it (the mobile masked).
#[derive(Debug, Clone, PartialEq)]
pub struct InviteeRow {
    pub id: i64,
    pub customer_id: i64,
    pub name: String,
    /// Masked (138****1234).
    pub mobile: String,
    pub vip: bool,
    pub car: String,
    pub plate: Option<String>,
    pub answer: Option<Answer>,
    pub party: u32,
    pub attended: bool,
    pub version: i64,
    /// The invitation task's status code (open, claimed, done, …), if one exists.
    pub invite_task: Option<String>,
    /// The feedback task's status code, if one exists.
    pub feedback_task: Option<String>,
}

/// The most invitees the event page lists.
pub const INVITEE_LIMIT: usize = 3000;

/// The invitees of an event: by name's pinyin, then id.
pub fn invitees(conn: &Connection, event: i64) -> Result<Vec<InviteeRow>, StoreError> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT i.id, c.id, c.name, c.mobile, c.vip, v.brand || ' ' || v.model, v.plate,
                i.answer, i.party, i.attended, i.version,
                (SELECT t.status FROM callback_tasks t WHERE t.kind = 'event_invite'
                    AND t.source_table = 'event_invitees' AND t.source_id = i.id),
                (SELECT t.status FROM callback_tasks t WHERE t.kind = 'event_feedback'
                    AND t.source_table = 'event_invitees' AND t.source_id = i.id)
         FROM event_invitees i JOIN customers c ON c.id = i.customer_id
         LEFT JOIN vehicles v ON v.id = i.vehicle_id
         WHERE i.event_id = ?1
         ORDER BY c.name_pinyin, i.id LIMIT {INVITEE_LIMIT}"
    ))?;
    let rows = st.query_map([event], |r| {
        Ok(InviteeRow {
            id: r.get(0)?,
            customer_id: r.get(1)?,
            name: r.get(2)?,
            mobile: r
                .get::<_, Option<String>>(3)?
                .map(|m| crate::domain::validate::mask_mobile(&m))
                .unwrap_or_default(),
            vip: r.get(4)?,
            car: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            plate: r.get(6)?,
            answer: r
                .get::<_, Option<String>>(7)?
                .as_deref()
                .and_then(Answer::from_code),
            party: u32::try_from(r.get::<_, i64>(8)?).unwrap_or(0),
            attended: r.get(9)?,
            version: r.get(10)?,
            invite_task: r.get(11)?,
            feedback_task: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
