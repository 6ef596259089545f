//! Answers to an invitation (yes / no / maybe with the party size) — from the invitation
//! call or entered on the event page — and attendance checked in on the day. A check-in
//! plans the attendee's feedback task; taking it back skips a pending one.

use super::invite::Planning;
use super::said;
use crate::clock::to_db;
use crate::domain::callbacks::{Kind, Reason};
use crate::domain::events::{Answer, EventStatus, Rsvp, Seats, local_day};
use crate::store::callbacks::{self, Sources};
use crate::store::{Actor, Db, StoreError, audit, stale};
use rusqlite::{Connection, OptionalExtension, params};

/// The tasks planned from one invitee (the invitation call, the feedback call).
fn invitee_tasks(id: i64) -> Sources {
    Sources::Record {
        table: "event_invitees",
        id,
    }
}

/// Where an answer was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// On the invitation call (the callback work form).
    Callback,
    /// On the event page.
    Desk,
}

impl Via {
    fn code(self) -> &'static str {
        match self {
            Via::Callback => "callback",
            Via::Desk => "desk",
        }
    }
}

struct Head {
    event: i64,
    status: EventStatus,
    starts: String,
    capacity: u32,
    answer: Option<Answer>,
    party: u32,
    attended: bool,
    version: i64,
}

fn head(conn: &Connection, invitee: i64) -> Result<Head, StoreError> {
    conn.query_row(
        "SELECT i.event_id, e.status, e.starts_at, e.capacity, i.answer, i.party, i.attended,
                i.version
         FROM event_invitees i JOIN events e ON e.id = i.event_id WHERE i.id = ?1",
        [invitee],
        |r| {
            Ok(Head {
                event: r.get(0)?,
                status: EventStatus::from_code(&r.get::<_, String>(1)?)
                    .unwrap_or(EventStatus::Planned),
                starts: r.get(2)?,
                capacity: u32::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                answer: r
                    .get::<_, Option<String>>(4)?
                    .as_deref()
                    .and_then(Answer::from_code),
                party: u32::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
                attended: r.get(6)?,
                version: r.get(7)?,
            })
        },
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

fn accepted(conn: &Connection, event: i64) -> Result<u32, StoreError> {
    let n: i64 = conn.query_row(
        "SELECT coalesce(sum(party), 0) FROM event_invitees WHERE event_id = ?1 AND answer = 'yes'",
        [event],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(n).unwrap_or(0))
}

fn conflict(conn: &Connection, invitee: i64) -> StoreError {
    let change = stale::last_audited(conn, "event_invitee", invitee)
        .ok()
        .flatten();
    stale::refusal(
        (
            &format!("受邀客户 #{invitee}"),
            &format!("invitee {invitee}"),
        ),
        change,
    )
}

/// The seats of an invitee's event as they stand: the people of every yes answer against
/// the capacity (None: no such invitee).
pub fn invitee_seats(conn: &Connection, invitee: i64) -> Result<Option<Seats>, StoreError> {
    let h = match head(conn, invitee) {
        Ok(h) => h,
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(Some(Seats {
        accepted: accepted(conn, h.event)?,
        capacity: h.capacity,
    }))
}

/// Records an answer inside the caller's transaction (checked against `seen` when given).
/// Returns the seats after it: over the capacity is allowed (the desk decides) and said.
pub fn answer_in(
    tx: &Connection,
    actor: Actor,
    invitee: i64,
    seen: Option<i64>,
    rsvp: Rsvp,
    via: Via,
) -> Result<Seats, StoreError> {
    let h = head(tx, invitee)?;
    if seen.is_some_and(|v| v != h.version) {
        return Err(conflict(tx, invitee));
    }
    if h.status == EventStatus::Cancelled {
        return Err(said(
            "活动已取消，不能登记答复",
            "The event is cancelled: no answers",
        ));
    }
    let rsvp = Rsvp::new(rsvp.answer, rsvp.party).map_err(|(zh, en)| said(zh, en))?;
    let now = to_db(actor.at);
    tx.execute(
        "UPDATE event_invitees SET answer = ?1, party = ?2, answered_at = ?3, answered_by = ?4,
            answer_via = ?5, updated_at = ?3, version = version + 1
         WHERE id = ?6 AND version = ?7",
        params![
            rsvp.answer.code(),
            rsvp.party,
            now,
            actor.agent_id,
            via.code(),
            invitee,
            h.version
        ],
    )?;
    let before = serde_json::json!({"answer": h.answer.map(|a| a.code()), "party": h.party});
    let after = serde_json::json!({"answer": rsvp.answer.code(), "party": rsvp.party,
        "via": via.code()});
    audit::record(
        tx,
        actor,
        "answer",
        "event_invitee",
        invitee,
        Some(&before),
        Some(&after),
    )?;
    Ok(Seats {
        accepted: accepted(tx, h.event)?,
        capacity: h.capacity,
    })
}

/// Records an answer on the event page for the invitee as shown at `version`. A pending
/// invitation call is closed (done elsewhere). Returns the seats after it.
pub fn answer(
    db: &mut Db,
    actor: Actor,
    invitee: i64,
    version: i64,
    rsvp: Rsvp,
) -> Result<Seats, StoreError> {
    db.write(|tx| {
        let seats = answer_in(tx, actor, invitee, Some(version), rsvp, Via::Desk)?;
        callbacks::skip_waiting(
            tx,
            actor,
            actor.at,
            &[Kind::EventInvite],
            invitee_tasks(invitee),
            Reason::DoneElsewhere,
        )?;
        Ok(seats)
    })
}

/// Checks an invitee in (or takes the check-in back) for the invitee as shown at
/// `version`. From the event's day on only; the first check-in marks the event held. A
/// check-in plans the attendee's feedback task; taking it back skips a pending one.
pub fn check_in(
    db: &mut Db,
    actor: Actor,
    p: Planning<'_>,
    invitee: i64,
    version: i64,
    attended: bool,
) -> Result<(), StoreError> {
    let store_id = db.store_id().to_string();
    db.write(|tx| {
        let h = head(tx, invitee)?;
        if h.version != version {
            return Err(conflict(tx, invitee));
        }
        if h.status == EventStatus::Cancelled {
            return Err(said(
                "活动已取消，不能签到",
                "The event is cancelled: no check-in",
            ));
        }
        if local_day(&h.starts).is_some_and(|d| d > p.today) {
            return Err(said(
                "活动当天才能签到",
                "Check-in opens on the event's day",
            ));
        }
        if h.attended == attended {
            return Ok(());
        }
        let now = to_db(actor.at);
        tx.execute(
            "UPDATE event_invitees SET attended = ?1,
                attended_at = CASE WHEN ?1 = 1 THEN ?2 END,
                checked_in_by = CASE WHEN ?1 = 1 THEN ?3 END,
                updated_at = ?2, version = version + 1
             WHERE id = ?4 AND version = ?5",
            params![attended, now, actor.agent_id, invitee, version],
        )?;
        if attended {
            tx.execute(
                "UPDATE events SET status = 'held', updated_at = ?1, updated_by = ?2,
                    version = version + 1
                 WHERE id = ?3 AND status = 'planned'",
                params![now, actor.agent_id, h.event],
            )?;
            crate::store::callbacks::plan_event(
                tx, actor, &store_id, p.today, p.tz, p.rules, p.cal, h.event,
            )?;
        } else {
            callbacks::skip_waiting(
                tx,
                actor,
                actor.at,
                &[Kind::EventFeedback],
                invitee_tasks(invitee),
                Reason::SourceGone,
            )?;
        }
        let action = if attended {
            "check_in"
        } else {
            "check_in_undone"
        };
        audit::record(tx, actor, action, "event_invitee", invitee, None, None)?;
        Ok(())
    })
}
