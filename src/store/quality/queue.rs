//! Filling the review queue by the sampling rule: every complaint call and every call under
//! the minimum length as soon as it is logged, and N calls or done callbacks per agent for
//! each finished week (Monday to Sunday) — a week still running is sampled when it ends, so
//! its first calls are not the only ones picked.

use super::super::{Actor, Db, StoreError, audit, new_uuid};
use crate::clock::{from_db, to_db};
use crate::domain::quality::SampleRule;
use crate::domain::quality::sampling::{Candidate, pick, week_of};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, params};
use std::collections::BTreeMap;

/// How far back the queue looks for records not sampled yet.
pub const LOOKBACK_DAYS: i64 = 35;

/// Queues what the rule picks among the records of the last [`LOOKBACK_DAYS`] days up to
/// `actor.at` that have no review yet. Returns how many were queued. Each is audited.
pub fn sample(db: &mut Db, actor: Actor, tz: Tz, rule: &SampleRule) -> Result<usize, StoreError> {
    let store_id = db.store_id().to_string();
    db.write(|tx| sample_in(tx, &store_id, actor, tz, rule))
}

/// Queues what the rule picks among the records of one ISO week (its `monday`) up to
/// `actor.at`: a finished week gets its forced reviews and its N per agent, the running week
/// only its forced ones, a week to come nothing. Idempotent like [`sample`].
pub fn sample_week(
    db: &mut Db,
    actor: Actor,
    tz: Tz,
    rule: &SampleRule,
    monday: NaiveDate,
) -> Result<usize, StoreError> {
    let store_id = db.store_id().to_string();
    let end = local_midnight(tz, monday + Duration::days(7)).min(actor.at);
    db.write(|tx| sample_span_in(tx, &store_id, actor, tz, rule, monday, end))
}

/// The same as [`sample`] inside an open transaction (the demo store uses it).
pub fn sample_in(
    tx: &Connection,
    store_id: &str,
    actor: Actor,
    tz: Tz,
    rule: &SampleRule,
) -> Result<usize, StoreError> {
    let today = actor.at.with_timezone(&tz).date_naive();
    let start = today - Duration::days(LOOKBACK_DAYS);
    sample_span_in(tx, store_id, actor, tz, rule, start, actor.at)
}

fn local_midnight(tz: Tz, d: NaiveDate) -> DateTime<Utc> {
    tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// The records of `agent` (an SQL expression) someone may score: a supervisor does not
/// score their own calls, so a supervisor's are sampled only while another active
/// supervisor is there to score them (a store with one supervisor samples none of theirs).
fn scoreable(agent: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM agents s WHERE s.id = {agent} AND s.role = 'supervisor'
                     AND NOT EXISTS (SELECT 1 FROM agents o WHERE o.role = 'supervisor'
                                     AND o.active = 1 AND o.id <> s.id))"
    )
}

/// Queues what the rule picks among the records from the local day `start` up to `end`.
fn sample_span_in(
    tx: &Connection,
    store_id: &str,
    actor: Actor,
    tz: Tz,
    rule: &SampleRule,
    start: NaiveDate,
    end: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let today = actor.at.with_timezone(&tz).date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    if local_midnight(tz, start) >= end {
        return Ok(0);
    }
    let (a, b) = (to_db(local_midnight(tz, start)), to_db(end));
    let mut candidates = Vec::new();
    let local_day = |s: &str| {
        from_db(s)
            .map(|t| t.with_timezone(&tz).date_naive())
            .unwrap_or(today)
    };
    let mut st = tx.prepare(&format!(
        "SELECT c.id, c.agent_id, c.started_at, c.template_group = 'complaint', c.duration_s
         FROM calls c
         WHERE c.started_at >= ?1 AND c.started_at < ?2 AND c.agent_id IS NOT NULL
           AND {}
           AND NOT EXISTS (SELECT 1 FROM quality_reviews r
                           WHERE r.source_table = 'calls' AND r.source_id = c.id)",
        scoreable("c.agent_id")
    ))?;
    let mut when: BTreeMap<(bool, i64), String> = BTreeMap::new();
    for r in st.query_map(params![a, b], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
            r.get::<_, Option<i64>>(4)?,
        ))
    })? {
        let (id, agent, at, complaint, dur) = r?;
        let day = local_day(&at);
        when.insert((false, id), at);
        candidates.push((
            day,
            Candidate {
                callback: false,
                id,
                agent_id: agent,
                week: week_of(day),
                complaint,
                duration_s: dur,
            },
        ));
    }
    let mut st = tx.prepare(&format!(
        "SELECT t.id, coalesce(t.completed_by, t.claimed_by), t.completed_at
         FROM callback_tasks t
         WHERE t.status = 'done' AND t.channel = 'call'
           AND t.completed_at >= ?1 AND t.completed_at < ?2
           AND coalesce(t.completed_by, t.claimed_by) IS NOT NULL
           AND {}
           AND NOT EXISTS (SELECT 1 FROM quality_reviews r
                           WHERE r.source_table = 'callback_tasks' AND r.source_id = t.id)",
        scoreable("coalesce(t.completed_by, t.claimed_by)")
    ))?;
    for r in st.query_map(params![a, b], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (id, agent, at) = r?;
        let day = local_day(&at);
        when.insert((true, id), at);
        candidates.push((
            day,
            Candidate {
                callback: true,
                id,
                agent_id: agent,
                week: week_of(day),
                complaint: false,
                duration_s: None,
            },
        ));
    }
    // The running week gives only its forced reviews.
    let running = rule_without_sample(rule);
    let (done, current): (Vec<_>, Vec<_>) = candidates.into_iter().partition(|(d, _)| *d < monday);
    let done: Vec<Candidate> = done.into_iter().map(|(_, c)| c).collect();
    let current: Vec<Candidate> = current.into_iter().map(|(_, c)| c).collect();
    let mut have: BTreeMap<(i64, String), u32> = BTreeMap::new();
    let mut st = tx.prepare(
        "SELECT agent_id, week, count(*) FROM quality_reviews
         WHERE reason = 'sample' AND agent_id IS NOT NULL GROUP BY agent_id, week",
    )?;
    for r in st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        let (agent, week, n) = r?;
        have.insert((agent, week), u32::try_from(n).unwrap_or(u32::MAX));
    }
    let mut picked = pick(rule, &done, &have);
    picked.extend(pick(&running, &current, &have));
    let mut ins = tx.prepare_cached(
        "INSERT INTO quality_reviews(uuid, store_id, source_table, source_id, agent_id,
            record_at, week, reason, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
    )?;
    for (c, reason) in &picked {
        let table = if c.callback {
            "callback_tasks"
        } else {
            "calls"
        };
        let at = when.get(&(c.callback, c.id)).cloned().unwrap_or_default();
        ins.execute(params![
            new_uuid(),
            store_id,
            table,
            c.id,
            c.agent_id,
            at,
            c.week,
            reason.code(),
            to_db(actor.at),
            actor.agent_id,
        ])?;
        let id = tx.last_insert_rowid();
        audit::record(
            tx,
            actor,
            "quality.queue",
            "quality_review",
            id,
            None,
            Some(&serde_json::json!({
                "source": table, "source_id": c.id, "agent_id": c.agent_id,
                "week": c.week, "reason": reason.code(),
            })),
        )?;
    }
    Ok(picked.len())
}

fn rule_without_sample(rule: &SampleRule) -> SampleRule {
    SampleRule {
        per_agent_week: 0,
        ..*rule
    }
}
