//! Complaints: registering one, appending to its event log (each step checked by the
//! domain's lifecycle guard, in the same transaction that writes it), and reading what
//! lists and clocks need. The status columns are kept in step with the log; the clocks are
//! always computed from the log. Every step but registering (audited as the complaint's
//! creation) is written to the audit log in the same transaction (`audit`).

pub mod audit;
mod follow_ups;
pub mod marks;
mod supervisor;
mod withdraw;

use super::{Actor, Db, StoreError, new_uuid};
use crate::clock::{from_db, to_db};
use crate::domain::calendar::BusinessTime;
use crate::domain::complaints::{self as dc, Category, Event, EventKind, Severity, Status};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// What the register form gives.
#[derive(Debug, Clone, PartialEq)]
pub struct NewComplaint {
    pub customer_id: Option<i64>,
    pub vehicle_id: Option<i64>,
    pub call_id: Option<i64>,
    pub channel: String,
    pub received_at: DateTime<Utc>,
    pub category: Category,
    pub loss_yuan: Option<i64>,
    /// Set by hand (with the reason), else from the loss.
    pub severity_by_hand: Option<(Severity, String)>,
    pub station: String,
    pub summary: String,
    pub demand: String,
    pub handler_id: Option<i64>,
}

/// One complaint as lists show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintRow {
    pub id: i64,
    pub customer: String,
    pub plate: Option<String>,
    pub received_at: DateTime<Utc>,
    pub category: Category,
    pub severity: Severity,
    pub station: String,
    pub summary: String,
    pub demand: String,
    pub status: Status,
    pub handler: Option<String>,
    pub level: u8,
    pub call_id: Option<i64>,
    pub closed_at: Option<DateTime<Utc>>,
    /// As stored: a channel code (`phone`…), or the word typed before it was a choice and
    /// not known to migration 0020 (see `Channel::stored_label`).
    pub channel: String,
}

const COLS: &str = "c.id, coalesce(cu.name, ''), v.plate, c.received_at, c.category, c.severity,
    c.station, c.summary, c.demand, c.status, g.emp_no || ' ' || g.name, c.level, c.call_id, c.closed_at, c.channel";
const JOINS: &str = "FROM complaints c LEFT JOIN customers cu ON cu.id = c.customer_id
    LEFT JOIN vehicles v ON v.id = c.vehicle_id LEFT JOIN agents g ON g.id = c.handler_id";
/// The same joins from the open complaints only, read through the status index.
const OPEN_JOINS: &str = "FROM complaints c INDEXED BY complaints_status
    LEFT JOIN customers cu ON cu.id = c.customer_id
    LEFT JOIN vehicles v ON v.id = c.vehicle_id LEFT JOIN agents g ON g.id = c.handler_id";
/// Open: neither closed nor withdrawn, as the open statuses looked up in the status index:
/// `status NOT IN ('closed', 'withdrawn')` reads every complaint ever filed (615 pages on
/// the 100k demo store) to find the few open ones. Used with `INDEXED BY
/// complaints_status` (no plan depends on the statistics). `withdraw::tests`
/// keeps it in step with `Status`.
pub(crate) const OPEN: &str = "c.status IN ('new', 'contacted', 'investigating', 'resolved')";
/// Finished: closed, or withdrawn by a supervisor (the list's "closed" view shows both).
const FINISHED: &str = "c.status IN ('closed', 'withdrawn')";
/// Counted in figures (reports, KPIs, valid complaints, the board): every complaint but
/// those a supervisor withdrew as registered by mistake.
pub(crate) const COUNTED: &str = "c.status <> 'withdrawn'";
/// The order lists show: what needs doing first (a new complaint, its first-contact
/// clock running), then the newest; the id settles equal times.
const LIST_ORDER: &str = "c.status = 'new' DESC, c.received_at DESC, c.id DESC";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ComplaintRow> {
    Ok(ComplaintRow {
        id: r.get(0)?,
        customer: r.get(1)?,
        plate: r.get(2)?,
        received_at: from_db(&r.get::<_, String>(3)?).unwrap_or_default(),
        category: Category::from_code(&r.get::<_, String>(4)?).unwrap_or(Category::Other),
        severity: Severity::from_code(&r.get::<_, String>(5)?).unwrap_or(Severity::General),
        station: r.get(6)?,
        summary: r.get(7)?,
        demand: r.get(8)?,
        status: Status::from_code(&r.get::<_, String>(9)?).unwrap_or(Status::New),
        handler: r.get(10)?,
        level: u8::try_from(r.get::<_, i64>(11)?).unwrap_or(0),
        call_id: r.get(12)?,
        closed_at: r.get::<_, Option<String>>(13)?.as_deref().and_then(from_db),
        channel: r.get(14)?,
    })
}

/// Writes one event (already checked) and brings the list columns and the SLA marks (their
/// business ones read by `time`) in step; returns the event's type (`contacted`, `closed`…).
fn write_event(
    tx: &Connection,
    id: i64,
    e: &Event,
    state: &dc::ComplaintState,
    time: &BusinessTime,
) -> Result<String, StoreError> {
    let body = serde_json::to_string(e).map_err(|err| StoreError::Invalid(err.to_string()))?;
    let kind = serde_json::to_value(&e.kind)
        .ok()
        .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_string))
        .unwrap_or_default();
    tx.prepare_cached("INSERT INTO complaint_events(complaint_id, at, agent_id, kind, body) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, to_db(e.at), e.by, kind, body])?;
    tx.prepare_cached(
        "UPDATE complaints SET status = ?1, handler_id = ?2, level = ?3, closed_at = ?4, updated_at = ?5,
            updated_by = ?6, version = version + 1 WHERE id = ?7",
    )?
    .execute(params![
        state.status.unwrap_or(Status::New).code(),
        state.handler,
        state.escalation_level,
        state.closed_at.map(to_db),
        to_db(e.at),
        e.by,
        id
    ])?;
    marks::refresh(tx, id, time)?;
    Ok(kind)
}

/// Registers a complaint: the row, its `received` event, the handler if named, and an
/// automatic escalation when it is major.
pub fn register(db: &mut Db, actor: Actor, c: &NewComplaint) -> Result<i64, StoreError> {
    let store_id = db.store_id().to_string();
    let time = db.business_time();
    db.write(|tx| register_in(tx, &store_id, &time, actor, c))
}

/// `register` inside a write transaction already open (a callback's attempt opens its
/// complaint in its own); `store_id` and `time` as `Db::store_id` and `Db::business_time`.
pub(crate) fn register_in(
    tx: &Connection,
    store_id: &str,
    time: &BusinessTime,
    actor: Actor,
    c: &NewComplaint,
) -> Result<i64, StoreError> {
    let severity = dc::severity_for(c.loss_yuan, c.severity_by_hand.as_ref().map(|(s, _)| *s));
    tx.execute(
        "INSERT INTO complaints(uuid, store_id, call_id, customer_id, vehicle_id, channel, received_at,
            category, station, summary, demand, severity, loss_yuan, created_at, created_by,
            updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?14, ?15)",
        params![
            new_uuid(),
            store_id,
            c.call_id,
            c.customer_id,
            c.vehicle_id,
            c.channel,
            to_db(c.received_at),
            c.category.code(),
            c.station,
            c.summary,
            c.demand,
            severity.code(),
            c.loss_yuan,
            to_db(actor.at),
            actor.agent_id
        ],
    )?;
    let id = tx.last_insert_rowid();
    // Created first, then the steps the form took (handler, severity by hand).
    super::audit::record(
        tx,
        actor,
        "create",
        "complaint",
        id,
        None,
        Some(&serde_json::json!({"category": c.category.code(), "summary": c.summary})),
    )?;
    let by = actor.agent_id;
    let mut events = Vec::new();
    let push =
        |events: &mut Vec<Event>, kind: EventKind, at: DateTime<Utc>| -> Result<(), StoreError> {
            let e = Event { at, by, kind };
            let state =
                dc::try_append(events, c.category, e.clone()).map_err(StoreError::Refused)?;
            let step = write_event(tx, id, &e, &state, time)?;
            audit::step(tx, id, &step, &e, &[])
        };
    push(&mut events, EventKind::Received, c.received_at)?;
    if let Some((s, reason)) = &c.severity_by_hand {
        push(
            &mut events,
            EventKind::SeveritySet {
                severity: *s,
                reason: reason.clone(),
            },
            actor.at.max(c.received_at),
        )?;
    }
    if let Some(h) = c.handler_id {
        push(
            &mut events,
            EventKind::HandlerAssigned { handler: h },
            actor.at.max(c.received_at),
        )?;
    }
    Ok(id)
}

/// Adds the `received` event of a complaint a call just created (inside its transaction);
/// `time` reads its business marks (`Db::business_time`).
pub fn received_in(
    tx: &Connection,
    id: i64,
    at: DateTime<Utc>,
    by: Option<i64>,
    time: &BusinessTime,
) -> Result<(), StoreError> {
    let e = Event {
        at,
        by,
        kind: EventKind::Received,
    };
    let state = dc::fold(std::slice::from_ref(&e));
    write_event(tx, id, &e, &state, time).map(drop)
}

pub fn get(conn: &Connection, id: i64) -> Result<ComplaintRow, StoreError> {
    conn.query_row(&format!("SELECT {COLS} {JOINS} WHERE c.id = ?1"), [id], row)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The complaint's log, oldest first.
pub fn events(conn: &Connection, id: i64) -> Result<Vec<Event>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT body FROM complaint_events WHERE complaint_id = ?1 ORDER BY id LIMIT 2000",
    )?;
    let rows = st.query_map([id], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for body in rows {
        if let Ok(e) = serde_json::from_str::<Event>(&body?) {
            out.push(e);
        }
    }
    Ok(out)
}

/// The logs of complaints `ids`, oldest first, in one query: each as [`events`] reads it
/// (its first 2,000 entries, those that parse). A complaint with no log has none here.
pub fn events_of(
    conn: &Connection,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<Event>>, StoreError> {
    let json = serde_json::to_string(ids).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let mut st = conn.prepare_cached(
        "SELECT complaint_id, body FROM complaint_events
         WHERE complaint_id IN (SELECT value FROM json_each(?1)) ORDER BY complaint_id, id",
    )?;
    let mut rows = st.query([json])?;
    let mut out = std::collections::HashMap::<i64, Vec<Event>>::new();
    let (mut at, mut read) = (None, 0);
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if at != Some(id) {
            (at, read) = (Some(id), 0);
        }
        read += 1;
        if read > 2000 {
            continue;
        }
        let log = out.entry(id).or_default();
        if let Ok(e) = serde_json::from_str::<Event>(&r.get::<_, String>(1)?) {
            log.push(e);
        }
    }
    Ok(out)
}

/// Appends one step after checking it against the log as it is now (inside the write
/// lock, so two agents cannot both close or both claim). Returns the new state.
/// `tz` is the store's zone: closing dates the follow-up call and tracking checks in it.
pub fn append(
    db: &mut Db,
    id: i64,
    e: Event,
    tz: chrono_tz::Tz,
) -> Result<dc::ComplaintState, StoreError> {
    let time = db.business_time();
    db.write(|tx| append_in(tx, id, e, tz, &time))
}

/// The id of the newest entry of a complaint's log: what a screen saw, so a step it asks
/// for can be refused when someone else's step came first.
pub fn last_event_id(conn: &Connection, id: i64) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT coalesce(max(id), 0) FROM complaint_events WHERE complaint_id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

/// Appends a step an agent took on the complaint as shown with log entry `seen` the newest.
/// When the log has moved on, nothing is written and the refusal names the newest step
/// (who, what): two agents assigning at once, the second is told the first's assignment.
pub fn append_seen(
    db: &mut Db,
    id: i64,
    seen: i64,
    e: Event,
    tz: chrono_tz::Tz,
) -> Result<dc::ComplaintState, StoreError> {
    let time = db.business_time();
    db.write(|tx| {
        let last = last_event_id(tx, id)?;
        if last != seen {
            return Err(super::stale::refusal(
                (&format!("投诉 #{id}"), &format!("Complaint #{id}")),
                newest_change(tx, id)?,
            ));
        }
        append_in(tx, id, e, tz, &time)
    })
}

/// What an open step form is told when the complaint's log moved on under it: the newest
/// step, worded as the refusal a save would get.
pub fn newest_change_said(conn: &Connection, id: i64) -> Result<Option<StoreError>, StoreError> {
    Ok(newest_change(conn, id)?
        .map(|c| super::stale::notice((&format!("投诉 #{id}"), &format!("Complaint #{id}")), c)))
}

/// The newest step of a complaint's log, described.
fn newest_change(
    conn: &Connection,
    id: i64,
) -> Result<Option<super::stale::LastChange>, StoreError> {
    use crate::i18n::Lang;
    let row: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT e.body, g.emp_no || ' ' || g.name FROM complaint_events e
             LEFT JOIN agents g ON g.id = e.agent_id
             WHERE e.complaint_id = ?1 ORDER BY e.id DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((body, who)) = row else {
        return Ok(None);
    };
    let Ok(e) = serde_json::from_str::<Event>(&body) else {
        return Ok(None);
    };
    let step = dc::StepKind::of(&e.kind);
    let (mut zh, mut en) = (
        step.label(Lang::Zh).to_string(),
        step.label(Lang::En).to_string(),
    );
    match &e.kind {
        EventKind::HandlerAssigned { handler } => {
            let name: Option<String> = conn
                .query_row(
                    "SELECT emp_no || ' ' || name FROM agents WHERE id = ?1",
                    [handler],
                    |r| r.get(0),
                )
                .optional()?;
            let name = name.unwrap_or_else(|| handler.to_string());
            zh.push_str(&format!("：{name}"));
            en.push_str(&format!(": {name}"));
        }
        EventKind::Confirmed { who, .. } => {
            zh.push_str(&format!("：{who}"));
            en.push_str(&format!(": {who}"));
        }
        _ => {}
    }
    Ok(Some(super::stale::LastChange { who, zh, en }))
}

/// [`append`] inside a transaction; `time` reads the business marks (`Db::business_time`).
pub fn append_in(
    tx: &Connection,
    id: i64,
    e: Event,
    tz: chrono_tz::Tz,
    time: &BusinessTime,
) -> Result<dc::ComplaintState, StoreError> {
    // A ruling or a withdrawal is a supervisor's, whatever screen asked.
    supervisor::check_role(tx, &e)?;
    let c = get(tx, id)?;
    let mut log = events(tx, id)?;
    let state = dc::try_append(&mut log, c.category, e.clone()).map_err(StoreError::Refused)?;
    let step = write_event(tx, id, &e, &state, time)?;
    // Withdrawing or reopening takes its calls still waiting off the queue.
    withdraw::skip_calls(tx, id, &e)?;
    // Closing schedules the follow-up call and the tracking checks, dated in the store's zone.
    let follow_ups = match (&e.kind, state.closed_at) {
        (EventKind::Closed, Some(closed)) => dc::follow_ups(closed.with_timezone(&tz)),
        _ => Vec::new(),
    };
    for (kind, due) in &follow_ups {
        follow_ups::schedule(tx, id, &kind.code(), &due.format("%Y-%m-%d").to_string())?;
    }
    audit::step(tx, id, &step, &e, &follow_ups)?;
    if let EventKind::SeveritySet { severity, .. } = &e.kind {
        tx.execute(
            "UPDATE complaints SET severity = ?1 WHERE id = ?2",
            params![severity.code(), id],
        )?;
    }
    Ok(state)
}

/// Which complaints a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Show {
    #[default]
    Open,
    All,
    Escalated,
    Closed,
}

/// `month` is a store-local month (`tz` the store's zone).
pub fn list(
    conn: &Connection,
    show: Show,
    month: Option<(i32, u32)>,
    tz: chrono_tz::Tz,
    limit: usize,
) -> Result<Vec<ComplaintRow>, StoreError> {
    let mut sql = match show {
        Show::Open => format!("SELECT {COLS} {OPEN_JOINS} WHERE {OPEN}"),
        Show::Escalated => format!("SELECT {COLS} {OPEN_JOINS} WHERE {OPEN} AND c.level > 0"),
        Show::Closed => format!("SELECT {COLS} {JOINS} WHERE {FINISHED}"),
        Show::All => format!("SELECT {COLS} {JOINS} WHERE 1 = 1"),
    };
    let mut p: Vec<String> = Vec::new();
    if let Some((y, m)) = month {
        // Store-local months: received_at is UTC.
        let start = chrono::NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default();
        let end = if m == 12 {
            chrono::NaiveDate::from_ymd_opt(y + 1, 1, 1)
        } else {
            chrono::NaiveDate::from_ymd_opt(y, m + 1, 1)
        }
        .unwrap_or_default();
        let utc = |d: NaiveDate| {
            use chrono::TimeZone;
            tz.from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
                .earliest()
                .map(|t| to_db(t.with_timezone(&Utc)))
                .unwrap_or_default()
        };
        sql.push_str(" AND c.received_at >= ? AND c.received_at < ?");
        p.push(utc(start));
        p.push(utc(end));
    }
    sql.push_str(&format!(" ORDER BY {LIST_ORDER} LIMIT {}", limit.min(5000)));
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(p.iter()), row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many complaints [`list`] would show for `show` (all months) without its limit.
pub fn count(conn: &Connection, show: Show) -> Result<usize, StoreError> {
    let sql = match show {
        Show::Open => {
            format!("SELECT count(*) FROM complaints c INDEXED BY complaints_status WHERE {OPEN}")
        }
        Show::Escalated => format!(
            "SELECT count(*) FROM complaints c INDEXED BY complaints_status WHERE {OPEN} AND c.level > 0"
        ),
        Show::Closed => format!("SELECT count(*) FROM complaints c WHERE {FINISHED}"),
        Show::All => "SELECT count(*) FROM complaints c".into(),
    };
    let n: i64 = conn.query_row(&sql, [], |r| r.get(0))?;
    Ok(n as usize)
}

/// Follow-ups and tracking checks of one complaint: (kind, due, done).
pub fn follow_ups(conn: &Connection, id: i64) -> Result<Vec<(String, String, bool)>, StoreError> {
    let mut st = conn.prepare_cached("SELECT kind, due, done_at IS NOT NULL FROM complaint_follow_ups WHERE complaint_id = ?1 ORDER BY due")?;
    let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Open complaints' ids (for clocks and automatic escalation), newest first.
pub fn open_ids(conn: &Connection, limit: usize) -> Result<Vec<i64>, StoreError> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT c.id FROM complaints c INDEXED BY complaints_status WHERE {OPEN}
         ORDER BY c.received_at DESC, c.id DESC LIMIT ?1"
    ))?;
    let rows = st.query_map([limit as i64], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many of a customer's complaints are open (not closed nor withdrawn).
pub fn open_count_for_customer(conn: &Connection, customer: i64) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        &format!("SELECT count(*) FROM complaints c WHERE c.customer_id = ?1 AND {OPEN}"),
        [customer],
        |r| r.get(0),
    )?)
}
