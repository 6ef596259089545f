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
    pub at: String,
    pub agent: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The newest entries about one record.
pub fn for_entity(
    conn: &Connection,
    entity: &str,
    entity_id: i64,
    limit: usize,
) -> Result<Vec<AuditEntry>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT a.at, g.emp_no || ' ' || g.name, a.action, a.entity, a.entity_id, a.before, a.after
         FROM audit a LEFT JOIN agents g ON g.id = a.agent_id
         WHERE a.entity = ?1 AND a.entity_id = ?2 ORDER BY a.id DESC LIMIT ?3",
    )?;
    let rows = st.query_map(params![entity, entity_id, limit as i64], |r| {
        Ok(AuditEntry {
            at: r.get(0)?,
            agent: r.get(1)?,
            action: r.get(2)?,
            entity: r.get(3)?,
            entity_id: r.get(4)?,
            before: r.get(5)?,
            after: r.get(6)?,
        })
    })?;
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

/// The newest entries matching the filter.
pub fn list(
    conn: &Connection,
    f: &AuditFilter,
    limit: usize,
) -> Result<Vec<AuditEntry>, StoreError> {
    let mut sql = String::from(
        "SELECT a.at, g.emp_no || ' ' || g.name, a.action, a.entity, a.entity_id, a.before, a.after
         FROM audit a LEFT JOIN agents g ON g.id = a.agent_id WHERE 1 = 1",
    );
    let mut p: Vec<String> = Vec::new();
    if let Some(v) = &f.agent_emp_no {
        sql.push_str(" AND g.emp_no = ?");
        p.push(v.clone());
    }
    if let Some(v) = &f.entity {
        sql.push_str(" AND a.entity = ?");
        p.push(v.clone());
    }
    if let Some(v) = &f.action {
        sql.push_str(" AND a.action = ?");
        p.push(v.clone());
    }
    if let Some(v) = &f.from {
        sql.push_str(" AND a.at >= ?");
        p.push(v.clone());
    }
    if let Some(v) = &f.to {
        sql.push_str(" AND a.at < ?");
        p.push(v.clone());
    }
    sql.push_str(&format!(" ORDER BY a.id DESC LIMIT {}", limit.min(10_000)));
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(p.iter()), |r| {
        Ok(AuditEntry {
            at: r.get(0)?,
            agent: r.get(1)?,
            action: r.get(2)?,
            entity: r.get(3)?,
            entity_id: r.get(4)?,
            before: r.get(5)?,
            after: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
