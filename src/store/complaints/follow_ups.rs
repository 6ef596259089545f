//! A closing's follow-up call and tracking checks (`complaint_follow_ups`, one row a kind,
//! each planned as one call), scheduled afresh at every closing (a reopening supersedes the
//! last closing's calls: `withdraw::skip_calls`).

use crate::store::StoreError;
use rusqlite::{Connection, params};

/// A closing's follow-up of `kind` due `due`: a row of its own, numbered past every row
/// there is (a rowid freed by the delete is not used again), so the planner, which plans
/// one call a row, plans this closing's call even where an earlier closing's was rung or
/// superseded.
pub(super) fn schedule(tx: &Connection, id: i64, kind: &str, due: &str) -> Result<(), StoreError> {
    let next: i64 = tx.query_row(
        "SELECT coalesce(max(id), 0) + 1 FROM complaint_follow_ups",
        [],
        |r| r.get(0),
    )?;
    tx.execute(
        "DELETE FROM complaint_follow_ups WHERE complaint_id = ?1 AND kind = ?2",
        params![id, kind],
    )?;
    tx.execute(
        "INSERT INTO complaint_follow_ups(id, complaint_id, kind, due) VALUES (?1, ?2, ?3, ?4)",
        params![next, id, kind, due],
    )?;
    Ok(())
}
