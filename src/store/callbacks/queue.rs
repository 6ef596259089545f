//! Reading the queue: the worklist (overdue and due today first, then upcoming), counts per
//! kind, the status bar's count, one task with its script and survey, and the daily and
//! weekly reports.

use super::{date_str, parse_day};
use crate::clock::from_db;
use crate::domain::callbacks::{Channel, Kind, Reason, Rules, Status, Survey, render_text};
use crate::domain::validate::mask_mobile;
use crate::store::StoreError;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

/// Where a task stands against today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bucket {
    Overdue,
    Today,
    Upcoming,
}

/// Whose tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    All,
    /// Unclaimed.
    Pool,
    /// Claimed by anyone.
    Personal,
    /// One agent's.
    Agent(i64),
    /// Unclaimed, or this agent's: what the agent can take.
    Takeable(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Due date, then priority.
    #[default]
    Due,
    /// Priority, then due date.
    Priority,
}

/// Which tasks the queue shows. Overdue and due-today tasks always come first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueueFilter {
    pub kind: Option<Kind>,
    pub channel: Option<Channel>,
    pub scope: Scope,
    /// None: the pending ones (open and claimed).
    pub status: Option<Status>,
    pub sort: Sort,
    /// Only tasks due on or after / on or before these days.
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    /// One row per call: a customer's tasks due the same week come as one row, the others
    /// listed in `also`.
    pub merge: bool,
    /// An agent who is not a supervisor: only the tasks that agent can take (third-level
    /// calls, which only a supervisor may claim, are left out unless the agent holds one).
    pub taker: Option<i64>,
}

/// One row of the queue.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    pub id: i64,
    pub kind: Kind,
    pub level: u8,
    pub channel: Channel,
    pub customer_id: Option<i64>,
    pub customer: String,
    /// Masked (138****1234); the full number is in the task's detail.
    pub phone: String,
    pub vehicle_id: Option<i64>,
    pub plate: Option<String>,
    pub anchor: NaiveDate,
    pub due: NaiveDate,
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    pub priority: u8,
    pub status: Status,
    pub reason: Option<Reason>,
    pub claimed_by: Option<i64>,
    /// `emp_no name` of the holder.
    pub agent: Option<String>,
    pub attempts: i64,
    pub next_try_at: Option<DateTime<Utc>>,
    pub group_key: Option<String>,
    pub bucket: Bucket,
    /// The window ended (the planner expires it on its next run).
    pub past_window: bool,
    /// With `merge`: the other tasks offered in the same call.
    pub also: Vec<(i64, Kind)>,
    /// The task's version: a step names it, and is refused when someone else's came first.
    pub version: i64,
}

const COLS: &str = "t.id, t.kind, t.level, t.channel, t.customer_id, coalesce(cu.name, ''),
    coalesce(cu.mobile, cu.landline, ''), t.vehicle_id, v.plate, t.anchor_date, t.due_date,
    t.window_start, t.window_end, t.priority, t.status, t.skip_reason, t.claimed_by,
    a.emp_no || ' ' || a.name, t.attempts, t.next_try_at, t.group_key, t.version";
const JOINS: &str = "FROM callback_tasks t LEFT JOIN customers cu ON cu.id = t.customer_id
    LEFT JOIN vehicles v ON v.id = t.vehicle_id LEFT JOIN agents a ON a.id = t.claimed_by";

fn row(r: &rusqlite::Row<'_>, today: NaiveDate) -> rusqlite::Result<TaskRow> {
    let due = parse_day(&r.get::<_, String>(10)?);
    let window_end = parse_day(&r.get::<_, String>(12)?);
    let phone: String = r.get(6)?;
    Ok(TaskRow {
        id: r.get(0)?,
        kind: Kind::from_code(&r.get::<_, String>(1)?).unwrap_or(Kind::Dc7),
        level: u8::try_from(r.get::<_, i64>(2)?).unwrap_or(1),
        channel: Channel::from_code(&r.get::<_, String>(3)?).unwrap_or_default(),
        customer_id: r.get(4)?,
        customer: r.get(5)?,
        phone: if phone.is_empty() {
            phone
        } else {
            mask_mobile(&phone)
        },
        vehicle_id: r.get(7)?,
        plate: r.get(8)?,
        anchor: parse_day(&r.get::<_, String>(9)?),
        due,
        window_start: parse_day(&r.get::<_, String>(11)?),
        window_end,
        priority: u8::try_from(r.get::<_, i64>(13)?).unwrap_or(5),
        status: Status::from_code(&r.get::<_, String>(14)?).unwrap_or(Status::Open),
        reason: r
            .get::<_, Option<String>>(15)?
            .as_deref()
            .and_then(Reason::from_code),
        claimed_by: r.get(16)?,
        agent: r.get(17)?,
        attempts: r.get(18)?,
        next_try_at: r.get::<_, Option<String>>(19)?.as_deref().and_then(from_db),
        group_key: r.get(20)?,
        version: r.get(21)?,
        bucket: match due.cmp(&today) {
            std::cmp::Ordering::Less => Bucket::Overdue,
            std::cmp::Ordering::Equal => Bucket::Today,
            std::cmp::Ordering::Greater => Bucket::Upcoming,
        },
        past_window: window_end < today,
        also: Vec::new(),
    })
}

/// The worklist: overdue and due today first, then upcoming; within each by due date or
/// priority; at most `limit` rows.
pub fn queue(
    conn: &Connection,
    f: &QueueFilter,
    today: NaiveDate,
    limit: usize,
) -> Result<Vec<TaskRow>, StoreError> {
    let mut sql = format!("SELECT {COLS} {JOINS} WHERE 1 = 1");
    let mut p: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    filter_sql(f, &mut sql, &mut p);
    sql.push_str(" ORDER BY t.due_date > ?");
    p.push(Box::new(date_str(today)));
    sql.push_str(match f.sort {
        Sort::Due => ", t.due_date, t.priority, t.id",
        Sort::Priority => ", t.priority, t.due_date, t.id",
    });
    let fetch = if f.merge {
        limit.saturating_mul(3)
    } else {
        limit
    }
    .min(20_000);
    sql.push_str(&format!(" LIMIT {fetch}"));
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(p.iter()), |r| row(r, today))?;
    let mut out: Vec<TaskRow> = rows.collect::<Result<_, _>>()?;
    if f.merge {
        let mut seen = std::collections::HashSet::new();
        out.retain(|t| t.group_key.as_ref().is_none_or(|g| seen.insert(g.clone())));
        out.truncate(limit);
        let mut sib = conn.prepare_cached(
            "SELECT id, kind FROM callback_tasks WHERE group_key = ?1 AND id <> ?2
               AND status IN ('open', 'claimed') ORDER BY priority, id",
        )?;
        for t in out.iter_mut() {
            if let Some(g) = &t.group_key {
                let rows = sib.query_map(params![g, t.id], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                })?;
                for r in rows {
                    let (id, k) = r?;
                    if let Some(k) = Kind::from_code(&k) {
                        t.also.push((id, k));
                    }
                }
            }
        }
    }
    out.truncate(limit);
    Ok(out)
}

/// The conditions of [`QueueFilter`] on `callback_tasks t`, appended to `sql`.
fn filter_sql(f: &QueueFilter, sql: &mut String, p: &mut Vec<Box<dyn rusqlite::ToSql>>) {
    match f.status {
        Some(s) => {
            sql.push_str(" AND t.status = ?");
            p.push(Box::new(s.code()));
        }
        None => sql.push_str(" AND t.status IN ('open', 'claimed')"),
    }
    if let Some(k) = f.kind {
        sql.push_str(" AND t.kind = ?");
        p.push(Box::new(k.code()));
    }
    match f.channel {
        Some(c) => {
            sql.push_str(" AND t.channel = ?");
            p.push(Box::new(c.code()));
        }
        None => sql.push_str(" AND t.channel IN ('call', 'sms')"),
    }
    match f.scope {
        Scope::All => {}
        Scope::Pool => sql.push_str(" AND t.claimed_by IS NULL"),
        Scope::Personal => sql.push_str(" AND t.claimed_by IS NOT NULL"),
        Scope::Agent(a) => {
            sql.push_str(" AND t.claimed_by = ?");
            p.push(Box::new(a));
        }
        Scope::Takeable(a) => {
            sql.push_str(" AND (t.claimed_by IS NULL OR t.claimed_by = ?)");
            p.push(Box::new(a));
        }
    }
    if let Some(a) = f.taker {
        sql.push_str(" AND (t.level < 3 OR t.claimed_by = ?)");
        p.push(Box::new(a));
    }
    if let Some(d) = f.due_from {
        sql.push_str(" AND t.due_date >= ?");
        p.push(Box::new(date_str(d)));
    }
    if let Some(d) = f.due_to {
        sql.push_str(" AND t.due_date <= ?");
        p.push(Box::new(date_str(d)));
    }
}

/// Tasks counted as the calls that work them: the tasks of one group (one call) once.
pub(crate) const CALLS: &str = "count(DISTINCT coalesce('g:' || t.group_key, 'i:' || t.id))";

/// How many rows [`queue`] would list without its limit (tasks of one group counted once
/// when the filter merges them), so a list that stops at its limit can say so.
pub fn queue_total(conn: &Connection, f: &QueueFilter) -> Result<usize, StoreError> {
    let counted = if f.merge { CALLS } else { "count(*)" };
    let mut sql = format!("SELECT {counted} FROM callback_tasks t WHERE 1 = 1");
    let mut p: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    filter_sql(f, &mut sql, &mut p);
    let n: i64 = conn.query_row(&sql, rusqlite::params_from_iter(p.iter()), |r| r.get(0))?;
    Ok(n as usize)
}

/// Pending tasks of one kind, against today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindCount {
    pub kind: Kind,
    pub overdue: i64,
    pub today: i64,
    pub upcoming: i64,
    pub past_window: i64,
    pub pool: i64,
    pub personal: i64,
}

/// Pending tasks per kind (kinds with none left out), in kind order.
pub fn counts_by_kind(conn: &Connection, today: NaiveDate) -> Result<Vec<KindCount>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT kind, sum(due_date < ?1), sum(due_date = ?1), sum(due_date > ?1),
                sum(window_end < ?1), sum(claimed_by IS NULL), sum(claimed_by IS NOT NULL)
         FROM callback_tasks INDEXED BY callback_tasks_pending_kind
         WHERE status IN ('open', 'claimed') GROUP BY kind",
    )?;
    let rows = st.query_map([date_str(today)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            [
                r.get::<_, i64>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ],
        ))
    })?;
    let mut out = Vec::new();
    for r in rows {
        let (k, n) = r?;
        if let Some(kind) = Kind::from_code(&k) {
            out.push(KindCount {
                kind,
                overdue: n[0],
                today: n[1],
                upcoming: n[2],
                past_window: n[3],
                pool: n[4],
                personal: n[5],
            });
        }
    }
    out.sort_by_key(|c| c.kind);
    Ok(out)
}

/// One attempt as kept.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRow {
    pub at: DateTime<Utc>,
    pub agent: Option<String>,
    pub outcome: String,
    pub scores: BTreeMap<String, u8>,
    pub notes: String,
    pub call_back_at: Option<DateTime<Utc>>,
}

/// One task with everything the agent needs to work it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskDetail {
    pub row: TaskRow,
    /// The full numbers, to dial.
    pub mobile: Option<String>,
    pub landline: Option<String>,
    pub source_table: String,
    pub source_id: i64,
    pub period: String,
    /// The rule's call script (话术) and text message, with `{name}`, `{store}`,
    /// `{holiday}` (see [`TaskDetail::render`]).
    pub script: String,
    pub text: String,
    /// The holiday's name for a greeting.
    pub holiday: String,
    pub survey: Option<Survey>,
    pub scores: BTreeMap<String, u8>,
    pub notes: String,
    pub complaint_id: Option<i64>,
    pub completed_at: Option<DateTime<Utc>>,
    pub attempts: Vec<AttemptRow>,
    /// A declined-service follow-up: the visit and the services called about.
    pub declined: Option<super::DeclinedTopic>,
    /// An event invitation or feedback: the event, as `{event}` says it.
    pub event: Option<String>,
    /// An event invitation: the event's seats as the task opened (taken against the
    /// capacity), for the agent to say before asking.
    pub seats: Option<crate::domain::events::Seats>,
    /// An appointment reminder: the booking, as `{visit}` says it.
    pub visit: Option<super::VisitTopic>,
}

impl TaskDetail {
    /// A script or text with the customer's name, the store's name and the holiday filled in
    /// (the booked visit, `{visit}`, is filled in when the task opens: see
    /// [`TaskDetail::fill_booking`]).
    pub fn render(&self, template: &str, store: &str) -> String {
        render_text(template, &self.row.customer, store, &self.holiday)
            .replace("{event}", self.event.as_deref().unwrap_or(""))
    }

    /// The booked visit an appointment reminder says (`{visit}` in its script, in the
    /// store's time zone `tz`; nothing for another task) and the store's address
    /// (`{address}`; none set up: "……", for the agent to say).
    pub fn fill_booking(&mut self, tz: Tz, address: &str) {
        let said = self.visit.as_ref().map(|v| v.said(tz)).unwrap_or_default();
        let address = match address.trim() {
            "" => "……",
            a => a,
        };
        self.script = self
            .script
            .replace("{visit}", &said)
            .replace("{address}", address);
    }
}

/// One task, with its rule's script and survey and every attempt.
pub fn task(
    conn: &Connection,
    rules: &Rules,
    id: i64,
    today: NaiveDate,
) -> Result<TaskDetail, StoreError> {
    let (row, extra) = conn
        .query_row(
            &format!(
                "SELECT {COLS}, cu.mobile, cu.landline, t.source_table, t.source_id, t.period,
                        t.score_json, t.notes, t.complaint_id, t.completed_at
                 {JOINS} WHERE t.id = ?1"
            ),
            [id],
            |r| {
                Ok((
                    row(r, today)?,
                    (
                        r.get::<_, Option<String>>(22)?,
                        r.get::<_, Option<String>>(23)?,
                        r.get::<_, String>(24)?,
                        r.get::<_, i64>(25)?,
                        r.get::<_, String>(26)?,
                        r.get::<_, Option<String>>(27)?,
                        r.get::<_, String>(28)?,
                        r.get::<_, Option<i64>>(29)?,
                        r.get::<_, Option<String>>(30)?,
                    ),
                ))
            },
        )
        .optional()?
        .ok_or(StoreError::NotFound)?;
    let (mobile, landline, source_table, source_id, period, scores, notes, complaint_id, done) =
        extra;
    let rule = rules.rule(row.kind);
    let holiday = period
        .split_once(':')
        .and_then(|(_, h)| rules.holiday(h))
        .map(|h| h.name.clone())
        .unwrap_or_default();
    let text = rules
        .holiday(period.split_once(':').map_or("", |(_, h)| h))
        .map(|h| h.greeting.clone())
        .filter(|g| !g.is_empty())
        .or_else(|| rule.map(|r| r.text.clone()))
        .unwrap_or_default();
    let mut st = conn.prepare_cached(
        "SELECT c.at, g.emp_no || ' ' || g.name, c.outcome, c.scores, c.notes, c.call_back_at
         FROM callback_attempts c LEFT JOIN agents g ON g.id = c.agent_id
         WHERE c.task_id = ?1 ORDER BY c.id LIMIT 200",
    )?;
    let attempts = st
        .query_map([id], |r| {
            Ok(AttemptRow {
                at: from_db(&r.get::<_, String>(0)?).unwrap_or_default(),
                agent: r.get(1)?,
                outcome: r.get(2)?,
                scores: r
                    .get::<_, Option<String>>(3)?
                    .and_then(|s| serde_json::from_str(&s).ok())
                    .unwrap_or_default(),
                notes: r.get(4)?,
                call_back_at: r.get::<_, Option<String>>(5)?.as_deref().and_then(from_db),
            })
        })?
        .collect::<Result<_, _>>()?;
    let declined = if row.kind == Kind::Declined && source_table == "appointments" {
        super::declined::topic(conn, source_id, &period)?
    } else {
        None
    };
    let event = if source_table == "event_invitees" {
        super::events::topic(conn, source_id)?
    } else {
        None
    };
    let seats = if source_table == "event_invitees" && row.kind == Kind::EventInvite {
        crate::store::events::invitee_seats(conn, source_id)?
    } else {
        None
    };
    let visit = if source_table == "reminders" {
        super::visit::topic(conn, source_id)?
    } else {
        None
    };
    Ok(TaskDetail {
        visit,
        event,
        seats,
        declined,
        row,
        mobile,
        landline,
        source_table,
        source_id,
        period,
        script: rule.map(|r| r.script.clone()).unwrap_or_default(),
        text,
        holiday,
        survey: rule.and_then(|r| r.survey.clone()),
        scores: scores
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default(),
        notes,
        complaint_id,
        completed_at: done.as_deref().and_then(from_db),
        attempts,
    })
}
