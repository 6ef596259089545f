//! Drafts: the form an agent is filling, saved a moment after each change, so a dropped
//! SSH session, a closed terminal or a killed process loses nothing. One per owner (the
//! agent's employee number, or the operating-system user before sign-in).

use super::{Db, StoreError};
use crate::clock::{from_db, to_db};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRecord {
    pub owner: String,
    pub kind: String,
    pub body: String,
    pub saved_at: DateTime<Utc>,
}

/// Saves (replaces) the owner's draft.
pub fn save(db: &mut Db, d: &DraftRecord) -> Result<(), StoreError> {
    db.write(|tx| save_in(tx, d))
}

pub fn save_in(tx: &Connection, d: &DraftRecord) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO drafts(owner, kind, body, saved_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(owner) DO UPDATE SET kind = excluded.kind, body = excluded.body,
             saved_at = excluded.saved_at",
        params![d.owner, d.kind, d.body, to_db(d.saved_at)],
    )?;
    Ok(())
}

pub fn load(conn: &Connection, owner: &str) -> Result<Option<DraftRecord>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT owner, kind, body, saved_at FROM drafts WHERE owner = ?1",
            [owner],
            |r| {
                Ok(DraftRecord {
                    owner: r.get(0)?,
                    kind: r.get(1)?,
                    body: r.get(2)?,
                    saved_at: from_db(&r.get::<_, String>(3)?).unwrap_or_default(),
                })
            },
        )
        .optional()?)
}

pub fn delete(db: &mut Db, owner: &str) -> Result<(), StoreError> {
    db.write(|tx| {
        tx.execute("DELETE FROM drafts WHERE owner = ?1", [owner])?;
        Ok(())
    })
}
