//! Who may be contacted: do-not-contact wishes (all kinds or one, the customer or one
//! vehicle), numbers found wrong, and the text-message batches sent.

use super::blocked_sql;
use crate::clock::{from_db, to_db};
use crate::domain::callbacks::Kind;
use crate::store::{Actor, Db, StoreError, audit};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// Skips a customer's pending tasks that can no longer be contacted, out of whoever's
/// hands held them (a call-back time the customer named is kept, should the task reopen).
/// Returns their ids.
pub(super) fn skip_blocked_for_customer(
    tx: &Connection,
    actor: Actor,
    customer: i64,
) -> Result<Vec<i64>, StoreError> {
    let blocked = blocked_sql(
        "t.customer_id",
        "t.vehicle_id",
        "t.kind",
        "t.channel = 'sms'",
    );
    let mut st = tx.prepare_cached(&format!(
        "UPDATE callback_tasks AS t SET status = 'skipped', skip_reason = {blocked},
            claimed_by = NULL, claimed_at = NULL, updated_at = ?2, updated_by = ?3,
            version = version + 1
         WHERE t.customer_id = ?1 AND t.status IN ('open', 'claimed') AND ({blocked}) IS NOT NULL
         RETURNING id"
    ))?;
    let rows = st.query_map(params![customer, to_db(actor.at), actor.agent_id], |r| {
        r.get(0)
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Marks text messages sent (a batch handed to the SMS gateway): each pending SMS task of
/// the list becomes done with a `sent` attempt. Returns how many were marked.
pub fn mark_sms_sent(db: &mut Db, actor: Actor, ids: &[i64]) -> Result<usize, StoreError> {
    db.write(|tx| {
        let now = to_db(actor.at);
        let mut done = 0;
        for &id in ids {
            let n = tx
                .prepare_cached(
                    "UPDATE callback_tasks SET status = 'done', attempts = attempts + 1,
                        last_attempt_at = ?1, completed_at = ?1, completed_by = ?2,
                        updated_at = ?1, updated_by = ?2, version = version + 1
                     WHERE id = ?3 AND channel = 'sms' AND status IN ('open', 'claimed')",
                )?
                .execute(params![now, actor.agent_id, id])?;
            if n == 1 {
                tx.prepare_cached(
                    "INSERT INTO callback_attempts(task_id, at, agent_id, outcome)
                     VALUES (?1, ?2, ?3, 'sent')",
                )?
                .execute(params![id, now, actor.agent_id])?;
                done += 1;
            }
        }
        if done > 0 {
            let after = serde_json::json!({"sms_sent": done});
            audit::record(
                tx,
                actor,
                "sms_sent",
                "callback_plan",
                0,
                None,
                Some(&after),
            )?;
        }
        Ok(done)
    })
}

/// One do-not-contact wish as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactPref {
    pub customer_id: i64,
    pub vehicle_id: Option<i64>,
    pub kind: Option<Kind>,
    pub do_not_contact: bool,
    pub reason: String,
    pub set_at: DateTime<Utc>,
    pub set_by: Option<i64>,
}

pub(super) fn set_dnc_in(
    tx: &Connection,
    actor: Actor,
    customer: i64,
    vehicle: Option<i64>,
    kind: Option<Kind>,
    on: bool,
    reason: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO contact_prefs(customer_id, vehicle_id, kind, do_not_contact, reason, set_at, set_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(customer_id, coalesce(vehicle_id, 0), coalesce(kind, '')) DO UPDATE SET
            do_not_contact = excluded.do_not_contact, reason = excluded.reason,
            set_at = excluded.set_at, set_by = excluded.set_by",
        params![customer, vehicle, kind.map(|k| k.code()), on as i64, reason, to_db(actor.at), actor.agent_id],
    )?;
    let after = serde_json::json!({"vehicle": vehicle, "kind": kind.map(|k| k.code()),
        "do_not_contact": on, "reason": reason});
    audit::record(
        tx,
        actor,
        "contact_pref",
        "customer",
        customer,
        None,
        Some(&after),
    )
}

/// Records (`on`) or clears a do-not-contact wish: every kind (`kind` None) or one, the
/// customer (`vehicle` None) or one vehicle. The customer's pending tasks it covers are
/// skipped at once; cleared wishes let the next planning run reopen tasks still in their
/// window.
pub fn set_do_not_contact(
    db: &mut Db,
    actor: Actor,
    customer: i64,
    vehicle: Option<i64>,
    kind: Option<Kind>,
    on: bool,
    reason: &str,
) -> Result<Vec<i64>, StoreError> {
    db.write(|tx| {
        set_dnc_in(tx, actor, customer, vehicle, kind, on, reason)?;
        skip_blocked_for_customer(tx, actor, customer)
    })
}

/// A customer's do-not-contact wishes (cleared ones included).
pub fn contact_prefs(conn: &Connection, customer: i64) -> Result<Vec<ContactPref>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT customer_id, vehicle_id, kind, do_not_contact, reason, set_at, set_by
         FROM contact_prefs WHERE customer_id = ?1 ORDER BY id LIMIT 100",
    )?;
    let rows = st.query_map([customer], |r| {
        Ok(ContactPref {
            customer_id: r.get(0)?,
            vehicle_id: r.get(1)?,
            kind: r
                .get::<_, Option<String>>(2)?
                .as_deref()
                .and_then(Kind::from_code),
            do_not_contact: r.get::<_, i64>(3)? == 1,
            reason: r.get(4)?,
            set_at: from_db(&r.get::<_, String>(5)?).unwrap_or_default(),
            set_by: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Forgets that a number was wrong (it was checked, or corrected back).
pub fn clear_bad_number(db: &mut Db, actor: Actor, number: &str) -> Result<bool, StoreError> {
    db.write(|tx| {
        let cust: Option<Option<i64>> = tx
            .query_row(
                "DELETE FROM callback_bad_numbers WHERE number = ?1 RETURNING customer_id",
                [number],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(c) = cust {
            let after = serde_json::json!({"cleared_bad_number": number});
            audit::record(
                tx,
                actor,
                "contact_pref",
                "customer",
                c.unwrap_or(0),
                None,
                Some(&after),
            )?;
        }
        Ok(cust.is_some())
    })
}
