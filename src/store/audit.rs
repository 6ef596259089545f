//! The audit log: who did what, when, with the record before and after. Append-only: the
//! schema's triggers refuse UPDATE and DELETE.

use super::{Actor, StoreError};
use crate::clock;
use rusqlite::{Connection, params};

/// Writes one audit entry inside the caller's transaction.
pub fn record(
    tx: &Connection,
    actor: Actor,
    action: &str,
    entity: &str,
    entity_id: i64,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO audit(at, agent_id, action, entity, entity_id, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            clock::to_db(actor.at),
            actor.agent_id,
            action,
            entity,
            entity_id,
            before.map(|v| v.to_string()),
            after.map(|v| v.to_string()),
        ],
    )?;
    Ok(())
}

/// Records that data left the store: an export or a report (what, how many rows, which
/// file, whether numbers were in full) or a backup, with who did it.
pub fn data_out(
    db: &mut super::Db,
    actor: Actor,
    action: &str,
    detail: &serde_json::Value,
) -> Result<(), StoreError> {
    db.write(|tx| {
        tx.execute(
            "INSERT INTO audit(at, agent_id, action, entity, entity_id, before, after)
             VALUES (?1, ?2, ?3, 'store', NULL, NULL, ?4)",
            params![
                clock::to_db(actor.at),
                actor.agent_id,
                action,
                detail.to_string()
            ],
        )?;
        Ok(())
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// The entry's own number (the audit log keeps its highlight by it).
    pub id: i64,
    pub at: String,
    pub agent: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
    /// The agent's name alone (`agent` is "emp_no name").
    pub agent_name: Option<String>,
    /// The record's name as the store knows it now: a customer's name, a plate, an
    /// agent's, event's or article's name; for a booking, call, rescue case, complaint,
    /// callback task, rental or invitee whose it is (the customer's name and plate); for a
    /// quality review the reviewed agent's name; `None` for other kinds.
    pub record: Option<String>,
}

impl AuditEntry {
    /// The entry as the domain reads it into a sentence.
    pub fn words(&self) -> crate::domain::audit::Entry<'_> {
        crate::domain::audit::Entry {
            at: Some(&self.at),
            action: &self.action,
            entity: &self.entity,
            entity_id: self.entity_id,
            who: self.agent_name.as_deref(),
            record: self.record.as_deref(),
            before: self.before.as_deref(),
            after: self.after.as_deref(),
        }
    }
}

/// Whose record a row of `table` is: its customer's name and car's plate.
macro_rules! whose {
    ($table:literal) => {
        concat!(
            "(SELECT trim(coalesce(c.name, '') || ' ' || coalesce(v.plate, '')) FROM ",
            $table,
            " t LEFT JOIN customers c ON c.id = t.customer_id
             LEFT JOIN vehicles v ON v.id = t.vehicle_id WHERE t.id = a.entity_id)"
        )
    };
}

const COLS: &str = concat!(
    "a.id, a.at, g.emp_no || ' ' || g.name, a.action, a.entity, a.entity_id,
    a.before, a.after, g.name,
    CASE a.entity
        WHEN 'customer' THEN (SELECT name FROM customers WHERE id = a.entity_id)
        WHEN 'vehicle' THEN (SELECT plate FROM vehicles WHERE id = a.entity_id)
        WHEN 'agent' THEN (SELECT name FROM agents WHERE id = a.entity_id)
        WHEN 'event' THEN (SELECT title FROM events WHERE id = a.entity_id)
        WHEN 'kb_article' THEN (SELECT title FROM kb_articles WHERE id = a.entity_id)
        WHEN 'appointment' THEN ",
    whose!("appointments"),
    " WHEN 'call' THEN ",
    whose!("calls"),
    " WHEN 'rescue' THEN ",
    whose!("rescue_cases"),
    " WHEN 'complaint' THEN ",
    whose!("complaints"),
    " WHEN 'callback_task' THEN ",
    whose!("callback_tasks"),
    " WHEN 'rental' THEN ",
    whose!("rentals"),
    " WHEN 'event_invitee' THEN ",
    whose!("event_invitees"),
    " WHEN 'quality_review' THEN
            (SELECT r.name FROM quality_reviews q JOIN agents r ON r.id = q.agent_id
             WHERE q.id = a.entity_id)
    END"
);

fn row(r: &rusqlite::Row) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        agent: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        entity_id: r.get(5)?,
        before: r.get(6)?,
        after: r.get(7)?,
        agent_name: r.get(8)?,
        record: r.get(9)?,
    })
}

/// The newest entries about one record.
pub fn for_entity(
    conn: &Connection,
    entity: &str,
    entity_id: i64,
    limit: usize,
) -> Result<Vec<AuditEntry>, StoreError> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS}
         FROM audit a LEFT JOIN agents g ON g.id = a.agent_id
         WHERE a.entity = ?1 AND a.entity_id = ?2 ORDER BY a.id DESC LIMIT ?3"
    ))?;
    let rows = st.query_map(params![entity, entity_id, limit as i64], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Which audit entries to show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    pub agent_emp_no: Option<String>,
    pub entity: Option<String>,
    pub action: Option<String>,
    /// Store-local day as `YYYY-MM-DD` is turned into a UTC range by the caller.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The filter as SQL conditions and their values.
fn conditions(f: &AuditFilter) -> (String, Vec<String>) {
    let mut sql = String::from(" WHERE 1 = 1");
    let mut p: Vec<String> = Vec::new();
    for (cond, v) in [
        (" AND g.emp_no = ?", &f.agent_emp_no),
        (" AND a.entity = ?", &f.entity),
        (" AND a.action = ?", &f.action),
        (" AND a.at >= ?", &f.from),
        (" AND a.at < ?", &f.to),
    ] {
        if let Some(v) = v {
            sql.push_str(cond);
            p.push(v.clone());
        }
    }
    (sql, p)
}

/// How many entries match the filter (a list cut at its limit says so, with this total).
pub fn count(conn: &Connection, f: &AuditFilter) -> Result<usize, StoreError> {
    let (cond, p) = conditions(f);
    let sql = format!("SELECT count(*) FROM audit a LEFT JOIN agents g ON g.id = a.agent_id{cond}");
    let n: i64 = conn.query_row(&sql, rusqlite::params_from_iter(p.iter()), |r| r.get(0))?;
    Ok(n as usize)
}

/// The newest entries matching the filter.
pub fn list(
    conn: &Connection,
    f: &AuditFilter,
    limit: usize,
) -> Result<Vec<AuditEntry>, StoreError> {
    let (cond, p) = conditions(f);
    let sql = format!(
        "SELECT {COLS} FROM audit a LEFT JOIN agents g ON g.id = a.agent_id{cond}
         ORDER BY a.id DESC LIMIT {}",
        limit.min(10_000)
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(p.iter()), row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}
