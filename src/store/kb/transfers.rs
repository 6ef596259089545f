//! Consultations the knowledge base could not answer, handed to technical support (seed
//! 000 §1.3): marked on the saved call, once, audited, and counted for a period.

use crate::clock;
use crate::store::{Actor, Db, StoreError, audit};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// Marks a saved consultation as transferred to technical support.
pub fn mark(db: &mut Db, actor: Actor, call_id: i64, note: &str) -> Result<(), StoreError> {
    db.write(|tx| {
        let group: Option<String> = tx
            .query_row(
                "SELECT template_group FROM calls WHERE id = ?1",
                [call_id],
                |r| r.get(0),
            )
            .optional()?;
        match group.as_deref() {
            None => return Err(StoreError::NotFound),
            Some("consult") => {}
            Some(_) => {
                return Err(StoreError::Said {
                    zh: "只有咨询类来电可以转技术支持".into(),
                    en: "Only a consultation can be transferred to technical support".into(),
                });
            }
        }
        if is_marked(tx, call_id)? {
            return Err(StoreError::Said {
                zh: format!("来电 #{call_id} 已标记为转技术支持"),
                en: format!(
                    "Call #{call_id} is already marked as transferred to technical support"
                ),
            });
        }
        tx.execute(
            "INSERT INTO kb_transfers(call_id, at, agent_id, note) VALUES (?1, ?2, ?3, ?4)",
            params![call_id, clock::to_db(actor.at), actor.agent_id, note.trim()],
        )?;
        audit::record(
            tx,
            actor,
            "kb_transfer",
            "call",
            call_id,
            None,
            Some(
                &serde_json::json!({ "transferred_to": "technical_support", "note": note.trim() }),
            ),
        )?;
        Ok(())
    })
}

/// Whether a call was transferred.
pub fn is_marked(conn: &Connection, call_id: i64) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM kb_transfers WHERE call_id = ?1")?
        .query_row([call_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Consultations, and of them those transferred, started in `[from, to)`.
pub fn count(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<(i64, i64), StoreError> {
    Ok(conn.query_row(
        "SELECT count(*), count(t.call_id) FROM calls c
         LEFT JOIN kb_transfers t ON t.call_id = c.id
         WHERE c.template_group = 'consult' AND c.started_at >= ?1 AND c.started_at < ?2",
        params![clock::to_db(from), clock::to_db(to)],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The demo store: about one in four consultations not solved on the spot went to
/// technical support. Returns how many were marked.
pub fn demo_fill(tx: &Connection) -> Result<usize, StoreError> {
    Ok(tx.execute(
        "INSERT INTO kb_transfers(call_id, at, agent_id, note)
         SELECT id, ended_at, agent_id, '知识库未收录，已转技术支持' FROM calls
         WHERE template_group = 'consult' AND resolved = 0 AND id % 4 = 0",
        [],
    )?)
}
