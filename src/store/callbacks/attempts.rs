//! Working a task: every attempt is kept (outcome, agent, time); the task moves on with
//! the retry schedule, a complaint is opened on a low score or a voiced complaint, wrong
//! numbers and do-not-contact wishes are remembered, and the source (complaint follow-up,
//! open question) is marked done with the task.

use super::contacts::{set_dnc_in, skip_blocked_for_customer};
use super::{Head, agent_name, date_str, head, is_supervisor, refuse};
use crate::clock::to_db;
use crate::domain::callbacks::{
    self as dc, DncScope, Kind, Outcome, Reason, Retry, Rules, Status, callable_now,
};
use crate::domain::complaints::Category;
use crate::store::complaints::{self as sc, NewComplaint};
use crate::store::{Actor, Db, StoreError, audit};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, params};
use std::collections::BTreeMap;

mod close;
use close::close_source;

/// What the agent enters after an attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptInput {
    pub outcome: Outcome,
    /// Question id → score (only with `Done`; unanswered questions left out).
    pub scores: BTreeMap<String, u8>,
    pub notes: String,
    /// A complaint the customer voiced, with its category (opens a complaint).
    pub complaint: Option<(Category, String)>,
    /// An event invitation's answer (yes / no / maybe, party size), recorded on the
    /// invitee with `Done`.
    pub rsvp: Option<crate::domain::events::Rsvp>,
}

/// What recording an attempt did.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptResult {
    pub status: Status,
    pub next_try_at: Option<DateTime<Utc>>,
    /// The complaint opened by a low score or a voiced complaint.
    pub complaint_id: Option<i64>,
    /// The questions scored low.
    pub low_scores: Vec<String>,
    /// Other tasks of the same call the outcome applied to.
    pub also: Vec<i64>,
    /// An event invitation answered: the event's seats after the answer.
    pub seats: Option<crate::domain::events::Seats>,
}

/// Records one attempt at `now` and moves the task on: done (scores, notes; a low score or
/// a voiced complaint opens a complaint linked to the task), no answer (retry after the set
/// time, at most the set tries a day, then the next day, failed when the window ends),
/// wrong number, refused, call back at the customer's time, do-not-contact, or an SMS
/// sent. A pool task is taken by the agent who works it. Calls are refused outside the
/// calling hours. No answer, wrong number, refusal and call-back apply to the whole call
/// (the agent's other tasks in the same group).
pub fn record_attempt(
    db: &mut Db,
    rules: &Rules,
    actor: Actor,
    id: i64,
    input: &AttemptInput,
    now: DateTime<Tz>,
) -> Result<AttemptResult, StoreError> {
    record_attempt_in(db, rules, actor, id, None, input, now)
}

/// `record_attempt` on the task as shown at version `seen`: when someone else's step came
/// first, nothing is written (no complaint opened either) and the refusal names it.
pub fn record_attempt_seen(
    db: &mut Db,
    rules: &Rules,
    actor: Actor,
    id: i64,
    seen: i64,
    input: &AttemptInput,
    now: DateTime<Tz>,
) -> Result<AttemptResult, StoreError> {
    record_attempt_in(db, rules, actor, id, Some(seen), input, now)
}

fn record_attempt_in(
    db: &mut Db,
    rules: &Rules,
    actor: Actor,
    id: i64,
    seen: Option<i64>,
    input: &AttemptInput,
    now: DateTime<Tz>,
) -> Result<AttemptResult, StoreError> {
    let check_seen = |conn: &Connection| match seen {
        Some(seen) => {
            crate::store::stale::check(conn, crate::store::stale::Table::CallbackTask, id, seen)
        }
        None => Ok(()),
    };
    check_seen(db.conn())?;
    let h = head(db.conn(), id)?;
    check_attempt(db.conn(), rules, actor, &h, input, now)?;
    let survey = rules.survey(h.kind);
    let low: Vec<&dc::Question> = match (input.outcome, survey) {
        (Outcome::Done, Some(s)) => dc::low_scores(s, &input.scores, &rules.settings),
        _ => Vec::new(),
    };
    // The complaint, if any, is opened in the attempt's own transaction: a refused attempt
    // leaves no complaint behind.
    let complaint = (input.outcome == Outcome::Done
        && (!low.is_empty() || input.complaint.is_some()))
    .then(|| {
        let mut lines: Vec<String> = low
            .iter()
            .map(|q| {
                let v = input.scores.get(&q.id).copied().unwrap_or(0);
                format!("{} {v}/{}", q.text, survey.map_or(5, |s| s.scale))
            })
            .collect();
        if let Some((_, text)) = &input.complaint {
            lines.push(text.clone());
        }
        let category = input
            .complaint
            .as_ref()
            .map(|(c, _)| *c)
            .or_else(|| low.first().map(|q| q.category))
            .unwrap_or(Category::Other);
        NewComplaint {
            customer_id: h.customer_id,
            vehicle_id: h.vehicle_id,
            call_id: None,
            channel: "phone".into(),
            received_at: actor.at,
            category,
            loss_yuan: None,
            severity_by_hand: None,
            station: String::new(),
            summary: dc::complaint_words::summary(h.kind, id, &lines),
            demand: dc::complaint_words::demand(&lines, &input.notes),
            handler_id: None,
        }
    });
    let (store_id, time) = (db.store_id().to_string(), db.business_time());
    let low_ids: Vec<String> = low.iter().map(|q| q.id.clone()).collect();
    db.write(|tx| {
        check_seen(tx)?;
        let h = head(tx, id)?;
        check_attempt(tx, rules, actor, &h, input, now)?;
        let complaint_id = match &complaint {
            Some(c) => Some(sc::register_in(tx, &store_id, &time, actor, c)?),
            None => None,
        };
        let mut out = apply_attempt(
            tx,
            (rules, &store_id),
            actor,
            id,
            &h,
            input,
            now,
            complaint_id,
        )?;
        out.low_scores = low_ids;
        Ok(out)
    })
}

fn check_attempt(
    conn: &Connection,
    rules: &Rules,
    actor: Actor,
    h: &Head,
    input: &AttemptInput,
    now: DateTime<Tz>,
) -> Result<(), StoreError> {
    if !h.status.is_pending() {
        return Err(refuse("该任务已结束", "This task is finished"));
    }
    if h.claimed_by.is_some()
        && h.claimed_by != actor.agent_id
        && !is_supervisor(conn, actor.agent_id)?
    {
        let who = agent_name(conn, h.claimed_by.unwrap_or_default());
        return Err(refuse(
            &format!("该任务已被 {who} 领取"),
            &format!("{who} has already claimed this task"),
        ));
    }
    if h.level == 3 && !is_supervisor(conn, actor.agent_id)? {
        return Err(refuse(
            "三级回访只能由主管执行",
            "Only a supervisor can make third-level callbacks",
        ));
    }
    match (h.channel, input.outcome) {
        (dc::Channel::Sms, Outcome::Sent | Outcome::DoNotContact(_)) => {}
        (dc::Channel::Sms, _) => {
            return Err(refuse(
                "短信任务只能标记为已发送或勿扰",
                "A text-message task can only be marked sent or do-not-contact",
            ));
        }
        (dc::Channel::Call, Outcome::Sent) => {
            return Err(refuse(
                "电话任务不能标记为短信已发送",
                "A call task cannot be marked as a text sent",
            ));
        }
        (dc::Channel::Call, _) => {
            if !callable_now(&rules.settings.calling_hours, now) {
                let hrs = rules.settings.calling_hours;
                let (open, close) = (hrs.open.format("%H:%M"), hrs.close.format("%H:%M"));
                return Err(refuse(
                    &format!("现在不在呼叫时段（{open}–{close}），请在时段内拨打"),
                    &format!("Outside calling hours ({open}–{close}): call within them"),
                ));
            }
        }
    }
    if input.outcome != Outcome::Done && !input.scores.is_empty() {
        return Err(refuse(
            "只有完成的回访才能评分",
            "Only a completed callback can be scored",
        ));
    }
    dc::check_scores(rules.survey(h.kind), &input.scores).map_err(|e| StoreError::Said {
        zh: e.message(crate::i18n::Lang::Zh),
        en: e.message(crate::i18n::Lang::En),
    })?;
    // A complaint is opened with a completed callback only: with any other outcome it would
    // be dropped, so it is refused and the agent's words come back to them.
    if input.complaint.is_some() && input.outcome != Outcome::Done {
        return Err(refuse(
            "客户投诉只随“完成”的回访登记：客户接通并说了不满，结果选完成",
            "A complaint is recorded with a completed callback only: if the customer spoke, choose done",
        ));
    }
    if input.rsvp.is_some() && (h.kind != Kind::EventInvite || input.outcome != Outcome::Done) {
        return Err(refuse(
            "只有完成的活动邀约才能登记参加与否",
            "Only a completed event invitation records an answer",
        ));
    }
    if h.kind == Kind::EventInvite && input.outcome == Outcome::Done && input.rsvp.is_none() {
        return Err(refuse(
            "活动邀约完成时请登记客户的答复（参加 / 不参加 / 待定）",
            "A completed invitation needs the customer's answer (yes / no / maybe)",
        ));
    }
    if let Outcome::CallBack(at) = input.outcome
        && at <= now.with_timezone(&Utc)
    {
        return Err(refuse(
            "约定的回拨时间必须在现在之后",
            "The agreed call-back time must be in the future",
        ));
    }
    Ok(())
}

fn insert_attempt(
    tx: &Connection,
    id: i64,
    actor: Actor,
    input: &AttemptInput,
    scores: Option<&str>,
) -> Result<(), StoreError> {
    let call_back = match input.outcome {
        Outcome::CallBack(at) => Some(to_db(at)),
        _ => None,
    };
    tx.prepare_cached(
        "INSERT INTO callback_attempts(task_id, at, agent_id, outcome, scores, notes, call_back_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id,
        to_db(actor.at),
        actor.agent_id,
        input.outcome.code(),
        scores,
        input.notes,
        call_back
    ])?;
    Ok(())
}

/// Ends a task (done, failed or skipped) with its reason.
fn finish(
    tx: &Connection,
    actor: Actor,
    id: i64,
    status: Status,
    reason: Option<Reason>,
) -> Result<(), StoreError> {
    let now = to_db(actor.at);
    tx.prepare_cached(
        "UPDATE callback_tasks SET status = ?1, skip_reason = ?2, attempts = attempts + 1,
            last_attempt_at = ?3, next_try_at = NULL,
            claimed_by = coalesce(claimed_by, ?4),
            completed_at = CASE WHEN ?1 IN ('done', 'failed') THEN ?3 END,
            completed_by = CASE WHEN ?1 IN ('done', 'failed') THEN ?4 END,
            updated_at = ?3, updated_by = ?4, version = version + 1
         WHERE id = ?5",
    )?
    .execute(params![
        status.code(),
        reason.map(|r| r.code()),
        now,
        actor.agent_id,
        id
    ])?;
    Ok(())
}

/// The agent's other pending tasks of the same call.
fn siblings(
    tx: &Connection,
    h: &Head,
    id: i64,
    agent: Option<i64>,
) -> Result<Vec<i64>, StoreError> {
    let Some(g) = &h.group_key else {
        return Ok(Vec::new());
    };
    let mut st = tx.prepare_cached(
        "SELECT id FROM callback_tasks WHERE group_key = ?1 AND id <> ?2
           AND status IN ('open', 'claimed') AND (claimed_by IS NULL OR claimed_by IS ?3)
         ORDER BY id",
    )?;
    let rows = st.query_map(params![g, id, agent], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[allow(clippy::too_many_arguments)]
fn apply_attempt(
    tx: &Connection,
    (rules, store_id): (&Rules, &str),
    actor: Actor,
    id: i64,
    h: &Head,
    input: &AttemptInput,
    now: DateTime<Tz>,
    complaint_id: Option<i64>,
) -> Result<AttemptResult, StoreError> {
    let mut out = AttemptResult {
        status: h.status,
        next_try_at: None,
        complaint_id,
        low_scores: Vec::new(),
        also: Vec::new(),
        seats: None,
    };
    let scores_json = (!input.scores.is_empty())
        .then(|| serde_json::to_string(&input.scores).unwrap_or_default());
    insert_attempt(tx, id, actor, input, scores_json.as_deref())?;
    let stamp = to_db(actor.at);
    match input.outcome {
        Outcome::Done | Outcome::Sent => {
            finish(tx, actor, id, Status::Done, None)?;
            tx.execute(
                "UPDATE callback_tasks SET score_json = ?1, notes = ?2, complaint_id = ?3 WHERE id = ?4",
                params![scores_json, input.notes, complaint_id, id],
            )?;
            close_source(tx, (store_id, now.timezone()), actor, h, &input.notes)?;
            if let Some(rsvp) = input.rsvp {
                out.seats = Some(crate::store::events::answer_in(
                    tx,
                    actor,
                    h.source_id,
                    None,
                    rsvp,
                    crate::store::events::Via::Callback,
                )?);
            }
            out.status = Status::Done;
        }
        Outcome::NoAnswer | Outcome::CallBack(_) => {
            let group = siblings(tx, h, id, actor.agent_id)?;
            for &t in std::iter::once(&id).chain(group.iter()) {
                if t != id {
                    insert_attempt(tx, t, actor, input, None)?;
                }
                let th = head(tx, t)?;
                let (status, next, end) = match input.outcome {
                    Outcome::CallBack(at) => {
                        let day = dc::local_date(at, now.timezone());
                        (Status::Claimed, Some(at), th.window_end.max(day))
                    }
                    _ => {
                        // Today's tries, counted from the store's midnight.
                        let local_midnight = now
                            .date_naive()
                            .and_hms_opt(0, 0, 0)
                            .and_then(|m| m.and_local_timezone(now.timezone()).earliest())
                            .map_or(actor.at, |m| m.with_timezone(&Utc));
                        let tries: u32 = tx.query_row(
                            "SELECT count(*) FROM callback_attempts
                             WHERE task_id = ?1 AND outcome = 'no_answer' AND at >= ?2",
                            params![t, to_db(local_midnight)],
                            |r| r.get(0),
                        )?;
                        match dc::retry_after_no_answer(now, tries, &rules.settings, th.window_end)
                        {
                            Retry::At(at) => {
                                (Status::Claimed, Some(at.with_timezone(&Utc)), th.window_end)
                            }
                            Retry::GiveUp => (Status::Failed, None, th.window_end),
                        }
                    }
                };
                if status == Status::Failed {
                    finish(tx, actor, t, Status::Failed, Some(Reason::NoAnswer))?;
                } else {
                    let agent = actor.agent_id.or(th.claimed_by);
                    let st = if agent.is_some() {
                        Status::Claimed
                    } else {
                        Status::Open
                    };
                    tx.execute(
                        "UPDATE callback_tasks SET status = ?1, claimed_by = ?2,
                            claimed_at = coalesce(claimed_at, ?3), attempts = attempts + 1,
                            last_attempt_at = ?3, next_try_at = ?4, window_end = ?5,
                            updated_at = ?3, updated_by = ?6, version = version + 1
                         WHERE id = ?7",
                        params![
                            st.code(),
                            agent,
                            stamp,
                            next.map(to_db),
                            date_str(end),
                            actor.agent_id,
                            t
                        ],
                    )?;
                }
                if t == id {
                    out.status = if status == Status::Failed {
                        Status::Failed
                    } else if actor.agent_id.or(th.claimed_by).is_some() {
                        Status::Claimed
                    } else {
                        Status::Open
                    };
                    out.next_try_at = next;
                }
            }
            out.also = group;
        }
        Outcome::WrongNumber | Outcome::Refused => {
            let reason = if input.outcome == Outcome::WrongNumber {
                Reason::WrongNumber
            } else {
                Reason::Refused
            };
            let group = siblings(tx, h, id, actor.agent_id)?;
            finish(tx, actor, id, Status::Failed, Some(reason))?;
            for &t in &group {
                insert_attempt(tx, t, actor, input, None)?;
                finish(tx, actor, t, Status::Failed, Some(reason))?;
            }
            if reason == Reason::WrongNumber
                && let Some(c) = h.customer_id
            {
                tx.execute(
                    "INSERT INTO callback_bad_numbers(number, customer_id, task_id, set_at, set_by)
                     SELECT coalesce(mobile, landline), id, ?2, ?3, ?4 FROM customers
                     WHERE id = ?1 AND coalesce(mobile, landline) IS NOT NULL
                     ON CONFLICT(number) DO NOTHING",
                    params![c, id, stamp, actor.agent_id],
                )?;
                skip_blocked_for_customer(tx, actor, c)?;
            }
            out.status = Status::Failed;
            out.also = group;
        }
        Outcome::DoNotContact(scope) => {
            let Some(c) = h.customer_id else {
                return Err(refuse(
                    "没有客户档案，无法登记勿扰",
                    "No customer file: do-not-contact cannot be recorded",
                ));
            };
            set_dnc_in(
                tx,
                actor,
                c,
                scope_vehicle(h, scope),
                scope_kind(h, scope),
                true,
                &input.notes,
            )?;
            finish(tx, actor, id, Status::Skipped, Some(Reason::DoNotContact))?;
            out.also = skip_blocked_for_customer(tx, actor, c)?;
            out.status = Status::Skipped;
        }
    }
    let after = serde_json::json!({
        "outcome": input.outcome.code(), "status": out.status.code(),
        "next_try_at": out.next_try_at.map(to_db), "complaint": complaint_id,
        "scores": input.scores, "also": out.also,
    });
    audit::record(
        tx,
        actor,
        "attempt",
        "callback_task",
        id,
        None,
        Some(&after),
    )?;
    Ok(out)
}

fn scope_vehicle(h: &Head, s: DncScope) -> Option<i64> {
    if s.this_vehicle_only {
        h.vehicle_id
    } else {
        None
    }
}

fn scope_kind(h: &Head, s: DncScope) -> Option<Kind> {
    s.this_kind_only.then_some(h.kind)
}
