//! The figures of the Reports tab's today board, each an indexed count over a time range.

use super::StoreError;
use super::callbacks as cb;
use super::reports::Viewer;
use crate::clock::to_db;
use crate::domain::callbacks::Channel;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Board {
    /// Calls today per group: consult, rescue, complaint.
    pub calls: [i64; 3],
    /// Of today's consultations, solved on the spot.
    pub resolved_on_spot: i64,
    /// Average record-standard score of today's calls (0 when none).
    pub avg_standard: f64,
    pub follow_ups_open: i64,
    pub follow_ups_overdue: i64,
    pub rescues_open: i64,
    pub rescues_late: i64,
    pub complaints_open: i64,
    pub complaints_escalated: i64,
    pub complaints_today: i64,
    /// Open complaints past a deadline (set by the app from the complaints' clocks).
    pub complaints_overdue: i64,
    /// The whole store's callback calls due today or overdue, counted as the queue lists
    /// them (the tasks worked in one call once): a supervisor's queue and status bar show
    /// the same figure.
    pub callbacks_due: i64,
    /// Of those, past their due day.
    pub callbacks_overdue: i64,
    /// Callback calls made today (counted the same way).
    pub callbacks_done: i64,
    /// Bookings today (not cancelled or rescheduled) and those who arrived.
    pub appointments: i64,
    pub arrived: i64,
    /// Calls per day for the last 14 days, oldest first.
    pub calls_per_day: Vec<u64>,
    /// Today's calls per agent (employee number, count), most first: every agent's for a
    /// supervisor; for an agent only their own (with `desk` beside it), as the per-agent
    /// reports show an agent their own row and the desk's figures (`reports::own`).
    pub per_agent: Vec<(String, u64)>,
    /// For an agent: the calls the desk's agents made today and how many agents made them
    /// (the desk's average is the one over the other). None for a supervisor.
    pub desk: Option<(u64, u64)>,
}

/// `day_start` is the start of today in the store's zone, as UTC; `viewer` whose calls
/// per agent the board shows (an agent: their own and the desk's).
pub fn today(
    conn: &Connection,
    day_start: DateTime<Utc>,
    now: DateTime<Utc>,
    viewer: Viewer,
) -> Result<Board, StoreError> {
    let (from, to) = (to_db(day_start), to_db(day_start + Duration::days(1)));
    let mut b = Board::default();
    let mut st = conn.prepare_cached(
        "SELECT template_group, count(*), sum(resolved), avg(completeness) FROM calls
         WHERE started_at >= ?1 AND started_at < ?2 GROUP BY template_group",
    )?;
    let mut total = 0i64;
    let mut score_sum = 0f64;
    for row in st.query_map(params![from, to], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, Option<f64>>(3)?,
        ))
    })? {
        let (g, n, resolved, avg) = row?;
        let i = match g.as_str() {
            "consult" => 0,
            "rescue" => 1,
            _ => 2,
        };
        b.calls[i] = n;
        if i == 0 {
            b.resolved_on_spot = resolved.unwrap_or(0);
        }
        total += n;
        score_sum += avg.unwrap_or(0.0) * n as f64;
    }
    b.avg_standard = if total > 0 {
        score_sum / total as f64
    } else {
        0.0
    };
    let now_s = to_db(now);
    (b.follow_ups_open, b.follow_ups_overdue) = conn.query_row(
        "SELECT count(*), coalesce(sum(follow_up_due < ?1), 0) FROM calls
         WHERE follow_up_due IS NOT NULL AND follow_up_done_at IS NULL",
        [&now_s],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    (b.rescues_open, b.rescues_late) = conn.query_row(
        "SELECT count(*), coalesce(sum(contacted_at IS NULL AND contact_due < ?1), 0)
         FROM rescue_cases WHERE closed_at IS NULL",
        [&now_s],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    (b.complaints_open, b.complaints_escalated) = conn.query_row(
        &format!(
            "SELECT count(*), coalesce(sum(c.level > 0), 0) FROM complaints c WHERE {}",
            super::complaints::OPEN
        ),
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    b.complaints_today = conn.query_row(
        &format!(
            "SELECT count(*) FROM complaints c WHERE c.received_at >= ?1 AND c.received_at < ?2
             AND {}",
            super::complaints::COUNTED
        ),
        params![from, to],
        |r| r.get(0),
    )?;
    let today = (day_start + Duration::hours(12)).date_naive();
    let due = |to: Option<chrono::NaiveDate>| -> Result<i64, StoreError> {
        let f = cb::QueueFilter {
            channel: Some(Channel::Call),
            merge: true,
            due_to: to,
            ..Default::default()
        };
        Ok(i64::try_from(cb::queue_total(conn, &f)?).unwrap_or(i64::MAX))
    };
    b.callbacks_due = due(Some(today))?;
    b.callbacks_overdue = due(today.pred_opt())?;
    b.callbacks_done = conn.query_row(
        &format!(
            "SELECT {} FROM callback_tasks t WHERE t.status = 'done' AND t.channel = 'call'
             AND t.completed_at >= ?1 AND t.completed_at < ?2",
            cb::CALLS
        ),
        params![from, to],
        |r| r.get(0),
    )?;
    (b.appointments, b.arrived) = conn.query_row(
        "SELECT count(*), coalesce(sum(checked_in_at IS NOT NULL), 0) FROM appointments
         WHERE start_at >= ?1 AND start_at < ?2 AND status NOT IN ('cancelled', 'rescheduled')",
        params![from, to],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut per_day = conn
        .prepare_cached("SELECT count(*) FROM calls WHERE started_at >= ?1 AND started_at < ?2")?;
    for d in (0..14).rev() {
        let s = day_start - Duration::days(d);
        let n: i64 = per_day.query_row(params![to_db(s), to_db(s + Duration::days(1))], |r| {
            r.get(0)
        })?;
        b.calls_per_day.push(n.max(0) as u64);
    }
    match viewer {
        Viewer::All => {
            let mut st = conn.prepare_cached(
                "SELECT coalesce(a.emp_no, '-'), count(*) FROM calls c
                 LEFT JOIN agents a ON a.id = c.agent_id
                 WHERE c.started_at >= ?1 AND c.started_at < ?2
                 GROUP BY c.agent_id ORDER BY count(*) DESC LIMIT 8",
            )?;
            for row in st.query_map(params![from, to], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })? {
                let (emp, n) = row?;
                b.per_agent.push((emp, n.max(0) as u64));
            }
        }
        Viewer::Own(me) => {
            let (total, agents): (i64, i64) = conn.query_row(
                "SELECT count(agent_id), count(DISTINCT agent_id) FROM calls
                 WHERE started_at >= ?1 AND started_at < ?2",
                params![from, to],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            b.desk = Some((total.max(0) as u64, agents.max(0) as u64));
            if let Some(me) = me {
                let mine: Option<(String, i64)> = conn
                    .query_row(
                        "SELECT a.emp_no, (SELECT count(*) FROM calls c WHERE c.agent_id = a.id
                             AND c.started_at >= ?2 AND c.started_at < ?3)
                         FROM agents a WHERE a.id = ?1",
                        params![me, from, to],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                if let Some((emp, n)) = mine {
                    b.per_agent.push((emp, n.max(0) as u64));
                }
            }
        }
    }
    Ok(b)
}
