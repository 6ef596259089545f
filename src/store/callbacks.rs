//! The callback queue (回访): planning tasks from the archive (`callbacks/plan.rs`), the
//! queue, counts, task detail and reports (`callbacks/queue.rs`), and working tasks here:
//! claiming from the pool, releasing, reassigning, recording attempts (with the retry
//! schedule, complaints opened on low scores, do-not-contact wishes), and returning stale
//! personal tasks to the pool. Every write is one `BEGIN IMMEDIATE` transaction; claims are
//! `UPDATE … WHERE claimed_by IS NULL` inside it, so two agents never hold one task.

use super::agents::is_supervisor;
use super::{Actor, Db, StoreError, audit};
use crate::clock::to_db;
use crate::domain::callbacks::{self as dc, Kind, Rules, Status};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};

mod plan;
pub use plan::*;

mod sources;

mod declined;
mod visit;
pub use visit::VisitTopic;

mod events;
pub use declined::DeclinedTopic;
pub use events::{invite_task, plan_event};

mod greetings;

mod rentals;

mod queue;
pub use queue::*;

mod reports;
pub use reports::*;

mod attempts;
pub use attempts::*;

mod contacts;
pub use contacts::*;

mod withdraw;
pub(crate) use withdraw::{Sources, skip_waiting};

/// The SQL giving why a customer cannot be contacted for a task (NULL when they can):
/// no customer, a do-not-contact wish covering the kind and vehicle, no mobile for a text
/// message, or no number that is not known to be wrong. Arguments are SQL expressions.
pub(crate) fn blocked_sql(cust: &str, veh: &str, kind: &str, sms: &str) -> String {
    format!(
        "CASE WHEN {cust} IS NULL THEN 'no_customer' ELSE (SELECT CASE
            WHEN EXISTS (SELECT 1 FROM contact_prefs bp WHERE bp.customer_id = bcu.id
                AND bp.do_not_contact = 1 AND (bp.vehicle_id IS NULL OR bp.vehicle_id = {veh})
                AND (bp.kind IS NULL OR bp.kind = {kind})) THEN 'do_not_contact'
            WHEN {sms} THEN CASE WHEN bcu.mobile IS NULL OR EXISTS (SELECT 1
                FROM callback_bad_numbers bb WHERE bb.number = bcu.mobile) THEN 'no_mobile' END
            WHEN (bcu.mobile IS NULL OR EXISTS (SELECT 1 FROM callback_bad_numbers bb
                    WHERE bb.number = bcu.mobile))
                AND (bcu.landline IS NULL OR EXISTS (SELECT 1 FROM callback_bad_numbers bb
                    WHERE bb.number = bcu.landline)) THEN 'no_number'
            END FROM customers bcu WHERE bcu.id = {cust}) END"
    )
}

/// `blocked_sql` for a scan of the customers table itself (alias `c`), with no vehicle:
/// the wishes and wrong numbers are read once as sets instead of by one correlated
/// subquery per customer. `kind` and `sms` are SQL expressions as there.
pub(crate) fn blocked_customer_sql(c: &str, kind: &str, sms: bool) -> String {
    let bad = |col: &str| {
        format!("({c}.{col} IS NULL OR {c}.{col} IN (SELECT number FROM callback_bad_numbers))")
    };
    let unreachable = if sms {
        "'no_mobile'".to_string()
    } else {
        format!("CASE WHEN {} THEN 'no_number' END", bad("landline"))
    };
    format!(
        "CASE WHEN {c}.id IN (SELECT customer_id FROM contact_prefs WHERE do_not_contact = 1
                AND vehicle_id IS NULL AND (kind IS NULL OR kind = {kind})) THEN 'do_not_contact'
            WHEN {} THEN {unreachable} END",
        bad("mobile")
    )
}

pub(crate) fn date_str(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn parse_day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn refuse(zh: &str, en: &str) -> StoreError {
    StoreError::Said {
        zh: zh.to_string(),
        en: en.to_string(),
    }
}

/// The fields of a task the work functions check.
#[derive(Debug, Clone)]
struct Head {
    kind: Kind,
    level: u8,
    channel: dc::Channel,
    status: Status,
    claimed_by: Option<i64>,
    customer_id: Option<i64>,
    vehicle_id: Option<i64>,
    source_table: String,
    source_id: i64,
    window_end: NaiveDate,
    group_key: Option<String>,
}

fn head(conn: &Connection, id: i64) -> Result<Head, StoreError> {
    conn.query_row(
        "SELECT kind, level, channel, status, claimed_by, customer_id, vehicle_id, source_table,
                source_id, window_end, group_key
         FROM callback_tasks WHERE id = ?1",
        [id],
        |r| {
            Ok(Head {
                kind: Kind::from_code(&r.get::<_, String>(0)?).unwrap_or(Kind::Dc7),
                level: u8::try_from(r.get::<_, i64>(1)?).unwrap_or(1),
                channel: dc::Channel::from_code(&r.get::<_, String>(2)?).unwrap_or_default(),
                status: Status::from_code(&r.get::<_, String>(3)?).unwrap_or(Status::Open),
                claimed_by: r.get(4)?,
                customer_id: r.get(5)?,
                vehicle_id: r.get(6)?,
                source_table: r.get(7)?,
                source_id: r.get(8)?,
                window_end: parse_day(&r.get::<_, String>(9)?),
                group_key: r.get(10)?,
            })
        },
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

fn agent_name(conn: &Connection, agent: i64) -> String {
    conn.query_row(
        "SELECT emp_no || ' ' || name FROM agents WHERE id = ?1",
        [agent],
        |r| r.get(0),
    )
    .unwrap_or_else(|_| format!("#{agent}"))
}

/// Open personal tasks an agent holds.
pub fn open_personal(conn: &Connection, agent: i64) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM callback_tasks WHERE claimed_by = ?1 AND status = 'claimed'",
        [agent],
        |r| r.get(0),
    )?)
}

/// Takes a pool task for `actor`, with the other pool tasks of the same customer due the
/// same week (one call covers them all). Refused when someone holds it already, when the
/// agent holds `max_open_personal` open tasks, and for a third-level task unless the agent
/// is a supervisor. Returns the ids taken, the asked-for one first.
pub fn claim(db: &mut Db, rules: &Rules, actor: Actor, id: i64) -> Result<Vec<i64>, StoreError> {
    claim_in(db, rules, actor, id, None)
}

/// `claim` of the task as shown at version `seen` (refused, naming what happened, when
/// someone else's step came first).
pub fn claim_seen(
    db: &mut Db,
    rules: &Rules,
    actor: Actor,
    id: i64,
    seen: i64,
) -> Result<Vec<i64>, StoreError> {
    claim_in(db, rules, actor, id, Some(seen))
}

fn claim_in(
    db: &mut Db,
    rules: &Rules,
    actor: Actor,
    id: i64,
    seen: Option<i64>,
) -> Result<Vec<i64>, StoreError> {
    let Some(agent) = actor.agent_id else {
        return Err(refuse(
            "请先以工号登录再领取任务",
            "Sign in with your employee number to claim tasks",
        ));
    };
    let cap = rules.settings.max_open_personal;
    db.write(|tx| {
        let h = head(tx, id)?;
        if let Some(seen) = seen {
            super::stale::check(tx, super::stale::Table::CallbackTask, id, seen)?;
        }
        if h.claimed_by == Some(agent) && h.status == Status::Claimed {
            return Ok(vec![id]);
        }
        if h.status != Status::Open {
            return Err(match h.claimed_by {
                Some(other) if h.status == Status::Claimed => {
                    let who = agent_name(tx, other);
                    refuse(
                        &format!("该任务已被 {who} 领取"),
                        &format!("{who} has already claimed this task"),
                    )
                }
                _ => refuse(
                    "该任务已结束，不能领取",
                    "This task is finished and cannot be claimed",
                ),
            });
        }
        if h.level == 3 && !is_supervisor(tx, Some(agent))? {
            return Err(refuse(
                "三级回访由主管（总经办）执行，只能由主管领取",
                "Third-level callbacks are made by management: only a supervisor can claim them",
            ));
        }
        if open_personal(tx, agent)? >= cap as i64 {
            return Err(refuse(
                &format!("您手上已有 {cap} 个未完成的任务，请先完成再领取"),
                &format!("You already hold {cap} unfinished tasks: finish some first"),
            ));
        }
        let now = to_db(actor.at);
        let n = tx.execute(
            "UPDATE callback_tasks SET status = 'claimed', claimed_by = ?1, claimed_at = ?2,
                updated_at = ?2, updated_by = ?1, version = version + 1
             WHERE id = ?3 AND claimed_by IS NULL AND status = 'open'",
            params![agent, now, id],
        )?;
        if n != 1 {
            return Err(refuse(
                "该任务已被他人领取",
                "Someone else has claimed this task",
            ));
        }
        let mut ids = vec![id];
        if let Some(g) = &h.group_key {
            let mut st = tx.prepare_cached(
                "UPDATE callback_tasks SET status = 'claimed', claimed_by = ?1, claimed_at = ?2,
                    updated_at = ?2, updated_by = ?1, version = version + 1
                 WHERE group_key = ?3 AND claimed_by IS NULL AND status = 'open' AND level < 3
                 RETURNING id",
            )?;
            let rows = st.query_map(params![agent, now, g], |r| r.get::<_, i64>(0))?;
            for r in rows {
                ids.push(r?);
            }
        }
        let after = serde_json::json!({"claimed_by": agent, "with": &ids[1..]});
        audit::record(tx, actor, "claim", "callback_task", id, None, Some(&after))?;
        Ok(ids)
    })
}

/// Puts a personal task (and the tasks claimed with it) back in the pool. The holder or a
/// supervisor may.
pub fn release(db: &mut Db, actor: Actor, id: i64) -> Result<Vec<i64>, StoreError> {
    release_in(db, actor, id, None)
}

/// `release` of the task as shown at version `seen`.
pub fn release_seen(db: &mut Db, actor: Actor, id: i64, seen: i64) -> Result<Vec<i64>, StoreError> {
    release_in(db, actor, id, Some(seen))
}

fn release_in(
    db: &mut Db,
    actor: Actor,
    id: i64,
    seen: Option<i64>,
) -> Result<Vec<i64>, StoreError> {
    db.write(|tx| {
        let h = head(tx, id)?;
        if let Some(seen) = seen {
            super::stale::check(tx, super::stale::Table::CallbackTask, id, seen)?;
        }
        if h.status != Status::Claimed {
            return Err(refuse(
                "该任务不在个人名下",
                "This task is not in anyone's name",
            ));
        }
        if h.claimed_by != actor.agent_id && !is_supervisor(tx, actor.agent_id)? {
            return Err(refuse(
                "只能退回自己领取的任务",
                "You can only put back tasks you claimed",
            ));
        }
        let ids = to_pool(tx, actor, &h, id)?;
        let before = serde_json::json!({"claimed_by": h.claimed_by});
        let after = serde_json::json!({"pool": ids});
        audit::record(
            tx,
            actor,
            "release",
            "callback_task",
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(ids)
    })
}

fn to_pool(tx: &Connection, actor: Actor, h: &Head, id: i64) -> Result<Vec<i64>, StoreError> {
    let mut st = tx.prepare_cached(
        "UPDATE callback_tasks SET status = 'open', claimed_by = NULL, claimed_at = NULL,
            updated_at = ?1, updated_by = ?2, version = version + 1
         WHERE status = 'claimed' AND claimed_by = ?3
           AND (id = ?4 OR (?5 IS NOT NULL AND group_key = ?5))
         RETURNING id",
    )?;
    let rows = st.query_map(
        params![
            to_db(actor.at),
            actor.agent_id,
            h.claimed_by,
            id,
            h.group_key
        ],
        |r| r.get::<_, i64>(0),
    )?;
    let mut ids: Vec<i64> = rows.collect::<Result<_, _>>()?;
    ids.sort_unstable_by_key(|x| (*x != id, *x));
    Ok(ids)
}

/// A supervisor gives a pending task to an agent (`Some`) or back to the pool (`None`).
/// The per-agent cap does not bind a supervisor's decision.
pub fn reassign(db: &mut Db, actor: Actor, id: i64, to: Option<i64>) -> Result<(), StoreError> {
    reassign_in(db, actor, id, to, None)
}

/// `reassign` of the task as shown at version `seen`.
pub fn reassign_seen(
    db: &mut Db,
    actor: Actor,
    id: i64,
    to: Option<i64>,
    seen: i64,
) -> Result<(), StoreError> {
    reassign_in(db, actor, id, to, Some(seen))
}

fn reassign_in(
    db: &mut Db,
    actor: Actor,
    id: i64,
    to: Option<i64>,
    seen: Option<i64>,
) -> Result<(), StoreError> {
    db.write(|tx| {
        if !is_supervisor(tx, actor.agent_id)? {
            return Err(refuse("只有主管可以改派任务", "Only a supervisor can reassign tasks"));
        }
        let h = head(tx, id)?;
        if let Some(seen) = seen {
            super::stale::check(tx, super::stale::Table::CallbackTask, id, seen)?;
        }
        if !h.status.is_pending() {
            return Err(refuse("该任务已结束，不能改派", "This task is finished and cannot be reassigned"));
        }
        let now = to_db(actor.at);
        match to {
            Some(agent) => {
                let active: Option<i64> = tx
                    .query_row("SELECT id FROM agents WHERE id = ?1 AND active = 1", [agent], |r| {
                        r.get(0)
                    })
                    .optional()?;
                if active.is_none() {
                    return Err(refuse("工号不存在或已停用", "No such employee number, or the agent is inactive"));
                }
                // As a claim: an agent given one could record no attempt on it.
                if h.level == 3 && !is_supervisor(tx, Some(agent))? {
                    return Err(refuse(
                        "三级回访由主管（总经办）执行，只能改派给主管",
                        "Third-level callbacks are made by management: reassign it to a supervisor",
                    ));
                }
                tx.execute(
                    "UPDATE callback_tasks SET status = 'claimed', claimed_by = ?1, claimed_at = ?2,
                        updated_at = ?2, updated_by = ?3, version = version + 1 WHERE id = ?4",
                    params![agent, now, actor.agent_id, id],
                )?;
            }
            None => {
                tx.execute(
                    "UPDATE callback_tasks SET status = 'open', claimed_by = NULL, claimed_at = NULL,
                        updated_at = ?1, updated_by = ?2, version = version + 1 WHERE id = ?3",
                    params![now, actor.agent_id, id],
                )?;
            }
        }
        let before = serde_json::json!({"claimed_by": h.claimed_by});
        let after = serde_json::json!({"claimed_by": to});
        audit::record(tx, actor, "reassign", "callback_task", id, Some(&before), Some(&after))
    })
}

/// Personal tasks nobody worked for `rules.settings.stale_after` since they were due
/// (counted from the calling hours' opening on the due day), since they were claimed, and
/// since the last attempt or agreed call-back time, go back to the pool. Returns their ids.
pub fn return_stale_to_pool(
    db: &mut Db,
    rules: &Rules,
    now: DateTime<Tz>,
) -> Result<Vec<i64>, StoreError> {
    let after = rules.settings.stale_after;
    let cutoff = now - after;
    let cutoff_db = to_db(cutoff.with_timezone(&Utc));
    // Due no later than the day whose opening is before the cutoff.
    let hours = rules.settings.calling_hours;
    let mut last_due = cutoff.date_naive();
    if cutoff < hours.opening(now.timezone(), last_due) {
        last_due = dc::plus_days(last_due, -1);
    }
    let actor = Actor {
        agent_id: None,
        at: now.with_timezone(&Utc),
    };
    db.write(|tx| {
        let mut st = tx.prepare_cached(
            "UPDATE callback_tasks SET status = 'open', claimed_by = NULL, claimed_at = NULL,
                updated_at = ?1, version = version + 1
             WHERE status = 'claimed' AND due_date <= ?2 AND claimed_at < ?3
               AND coalesce(last_attempt_at, '') < ?3 AND coalesce(next_try_at, '') < ?3
             RETURNING id, claimed_by",
        )?;
        let rows = st.query_map(
            params![to_db(actor.at), date_str(last_due), cutoff_db],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?)),
        )?;
        let rows: Vec<(i64, Option<i64>)> = rows.collect::<Result<_, _>>()?;
        drop(st);
        for (id, by) in &rows {
            let before = serde_json::json!({"claimed_by": by});
            let after = serde_json::json!({"pool": true, "stale_after_min": after.num_minutes()});
            audit::record(
                tx,
                actor,
                "return_to_pool",
                "callback_task",
                *id,
                Some(&before),
                Some(&after),
            )?;
        }
        Ok(rows.into_iter().map(|(id, _)| id).collect())
    })
}
