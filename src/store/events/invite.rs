//! Inviting an event's target list: the customers whose car (or who, for a rule on the
//! customer alone) match the target rule, one invitee per customer, never twice; their
//! invitation tasks are planned in the same transaction.

use super::{EventRow, get, said};
use crate::clock::to_db;
use crate::domain::calendar::BusinessCalendar;
use crate::domain::callbacks::Rules;
use crate::domain::events::{CarFacts, EventStatus, TargetRule};
use crate::store::{Actor, Db, StoreError, audit};
use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::{Connection, params};

/// The customers a rule selects on `today`, each with the first matching car (None for a
/// customer without cars, matched on the customer's fields alone).
pub fn targets(
    conn: &Connection,
    rule: &TargetRule,
    today: NaiveDate,
) -> Result<Vec<(i64, Option<i64>)>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT c.id, v.id, coalesce(v.brand, ''), coalesce(v.model, ''), v.purchase_date,
                c.vip, c.region
         FROM customers c LEFT JOIN vehicles v ON v.customer_id = c.id
         WHERE (?1 = 0 OR c.vip = 1)
         ORDER BY c.id, v.id",
    )?;
    let rows = st.query_map([rule.vip_only], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, bool>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out: Vec<(i64, Option<i64>)> = Vec::new();
    for row in rows {
        let (cid, vid, brand, model, bought, vip, region) = row?;
        if out.last().is_some_and(|(c, _)| *c == cid) {
            continue;
        }
        let facts = CarFacts {
            brand: &brand,
            model: &model,
            purchase_date: bought
                .as_deref()
                .and_then(|b| NaiveDate::parse_from_str(b, "%Y-%m-%d").ok()),
            vip,
            region: &region,
        };
        if rule.matches(&facts, today) {
            out.push((cid, vid));
        }
    }
    Ok(out)
}

/// What inviting the target list would do: how many match, how many are invited already,
/// how many would be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InvitePreview {
    pub matching: usize,
    pub already: usize,
    pub new: usize,
}

fn invited_ids(
    conn: &Connection,
    event: i64,
) -> Result<std::collections::HashSet<i64>, StoreError> {
    let mut st =
        conn.prepare_cached("SELECT customer_id FROM event_invitees WHERE event_id = ?1")?;
    let rows = st.query_map([event], |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The preview of inviting the event's target list on `today`.
pub fn preview(
    conn: &Connection,
    event: i64,
    today: NaiveDate,
) -> Result<InvitePreview, StoreError> {
    let e = get(conn, event)?;
    refuse_if_closed(&e, today)?;
    let t = targets(conn, &e.target, today)?;
    let have = invited_ids(conn, event)?;
    let already = t.iter().filter(|(c, _)| have.contains(c)).count();
    Ok(InvitePreview {
        matching: t.len(),
        already,
        new: t.len() - already,
    })
}

/// What inviting did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InviteReport {
    /// Customers added to the invitees.
    pub invited: usize,
    /// Customers of the target list invited before (left as they were).
    pub already: usize,
    /// Invitation tasks put in the queue.
    pub tasks: usize,
    /// Invitation tasks stored as skipped (do-not-contact, no reachable number).
    pub skipped: usize,
}

/// Where the store's clock and rules come in for planning.
#[derive(Clone, Copy)]
pub struct Planning<'a> {
    pub today: NaiveDate,
    pub tz: Tz,
    pub rules: &'a Rules,
    pub cal: &'a BusinessCalendar,
}

fn refuse_if_closed(e: &EventRow, today: NaiveDate) -> Result<(), StoreError> {
    if e.status == EventStatus::Cancelled {
        return Err(said(
            "活动已取消，不能邀约",
            "The event is cancelled: no invitations",
        ));
    }
    if e.starts_at.date() < today {
        return Err(said(
            "活动已经过去，不能再邀约",
            "The event is over: no more invitations",
        ));
    }
    Ok(())
}

/// Invites the target list of the event as shown at `version`: adds every matching
/// customer not yet invited and plans their invitation tasks, all in one transaction.
/// Inviting again adds only customers who match now and were not invited before; no task
/// is ever made twice.
pub fn invite(
    db: &mut Db,
    actor: Actor,
    p: Planning<'_>,
    event: i64,
    version: i64,
) -> Result<InviteReport, StoreError> {
    let store_id = db.store_id().to_string();
    db.write(|tx| {
        let e = get(tx, event)?;
        if e.version != version {
            return Err(super::event_conflict(tx, event));
        }
        refuse_if_closed(&e, p.today)?;
        let t = targets(tx, &e.target, p.today)?;
        let now = to_db(actor.at);
        let mut report = InviteReport::default();
        let mut ins = tx.prepare_cached(
            "INSERT INTO event_invitees(event_id, customer_id, vehicle_id, invited_at, invited_by,
                updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?4)
             ON CONFLICT(event_id, customer_id) DO NOTHING",
        )?;
        for (cid, vid) in &t {
            if ins.execute(params![event, cid, vid, now, actor.agent_id])? == 1 {
                report.invited += 1;
            } else {
                report.already += 1;
            }
        }
        drop(ins);
        let planned = crate::store::callbacks::plan_event(
            tx, actor, &store_id, p.today, p.tz, p.rules, p.cal, event,
        )?;
        report.tasks = planned.created_total();
        report.skipped = planned.skipped_total();
        if report.invited > 0 {
            tx.execute(
                "UPDATE events SET updated_at = ?1, updated_by = ?2, version = version + 1
                 WHERE id = ?3",
                params![now, actor.agent_id, event],
            )?;
        }
        let after = serde_json::json!({
            "invited": report.invited, "already": report.already, "tasks": report.tasks,
            "skipped": report.skipped, "target": e.target,
        });
        audit::record(tx, actor, "invite", "event", event, None, Some(&after))?;
        Ok(report)
    })
}
