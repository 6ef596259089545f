//! A customer's contacts with the desk, newest first, for the archive's timeline (联络时间线):
//! calls, bookings, callbacks worked and complaints. Each kind is read by its customer
//! index, at most `limit` of each, and the newest `limit` of them all are kept.

use super::StoreError;
use super::calls::CallRow;
use crate::clock::from_db;
use chrono::{DateTime, Utc};
use rusqlite::Connection;

/// One contact on the timeline.
#[derive(Debug, Clone, PartialEq)]
pub enum Contact {
    Call(CallRow),
    /// A booking, at the time it is (or was) for.
    Booking {
        id: i64,
        at: DateTime<Utc>,
        status: String,
        advisor: String,
    },
    /// A callback task tried at least once, at its latest attempt.
    Callback {
        id: i64,
        at: DateTime<Utc>,
        kind: String,
        status: String,
        notes: String,
    },
    /// A complaint, when it was received; `withdrawn` the reason a supervisor withdrew it
    /// (registered by mistake).
    Complaint {
        id: i64,
        at: DateTime<Utc>,
        status: String,
        summary: String,
        withdrawn: Option<String>,
    },
}

impl Contact {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Contact::Call(c) => c.started_at,
            Contact::Booking { at, .. }
            | Contact::Callback { at, .. }
            | Contact::Complaint { at, .. } => *at,
        }
    }
}

/// The customer's newest `limit` contacts of every kind, newest first.
pub fn for_customer(
    conn: &Connection,
    customer_id: i64,
    limit: usize,
) -> Result<Vec<Contact>, StoreError> {
    let n = limit as i64;
    let mut all: Vec<Contact> = super::calls::for_customer(conn, customer_id, limit)?
        .into_iter()
        .map(Contact::Call)
        .collect();
    let mut st = conn.prepare_cached(
        "SELECT id, start_at, status, advisor FROM appointments
         WHERE customer_id = ?1 ORDER BY start_at DESC, id DESC LIMIT ?2",
    )?;
    let rows = st.query_map((customer_id, n), |r| {
        Ok((r.get(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?))
    })?;
    for r in rows {
        let (id, at, status, advisor) = r?;
        if let Some(at) = from_db(&at) {
            all.push(Contact::Booking {
                id,
                at,
                status,
                advisor,
            });
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT id, last_attempt_at, kind, status, notes FROM callback_tasks
         WHERE customer_id = ?1 AND last_attempt_at IS NOT NULL
         ORDER BY last_attempt_at DESC, id DESC LIMIT ?2",
    )?;
    let rows = st.query_map((customer_id, n), |r| {
        Ok((
            r.get(0)?,
            r.get::<_, String>(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
        ))
    })?;
    for r in rows {
        let (id, at, kind, status, notes) = r?;
        if let Some(at) = from_db(&at) {
            all.push(Contact::Callback {
                id,
                at,
                kind,
                status,
                notes,
            });
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT c.id, c.received_at, c.status, c.summary,
                (SELECT json_extract(e.body, '$.kind.reason') FROM complaint_events e
                 WHERE e.complaint_id = c.id AND e.kind = 'withdrawn' ORDER BY e.id DESC LIMIT 1)
         FROM complaints c
         WHERE c.customer_id = ?1 ORDER BY c.received_at DESC, c.id DESC LIMIT ?2",
    )?;
    let rows = st.query_map((customer_id, n), |r| {
        Ok((
            r.get(0)?,
            r.get::<_, String>(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
        ))
    })?;
    for r in rows {
        let (id, at, status, summary, withdrawn) = r?;
        if let Some(at) = from_db(&at) {
            all.push(Contact::Complaint {
                id,
                at,
                status,
                summary,
                withdrawn,
            });
        }
    }
    // Newest first; a tie keeps the kinds in the order read.
    all.sort_by_key(|c| std::cmp::Reverse(c.at()));
    all.truncate(limit);
    Ok(all)
}
