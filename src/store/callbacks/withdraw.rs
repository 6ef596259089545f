//! Withdrawing waiting tasks: a call nobody needs to make any more (its source record is
//! gone, or the work was done on another page) is skipped with the reason, out of whoever's
//! hands held it, so it is not rung.

use crate::clock::to_db;
use crate::domain::callbacks::{Kind, Reason};
use crate::store::{Actor, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

/// The source records whose waiting tasks are withdrawn (tables and columns are names in
/// the code, never typed input).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Sources {
    /// One record of `table`.
    Record { table: &'static str, id: i64 },
    /// Every record of `table` whose `column` holds `parent` (a booking's reminders, an
    /// event's invitees).
    Children {
        table: &'static str,
        column: &'static str,
        parent: i64,
    },
}

/// Skips the tasks of `kinds` planned from `sources` that are still waiting (open or
/// claimed), with `reason`, at `at` by the actor. Returns how many.
pub(crate) fn skip_waiting(
    tx: &Connection,
    actor: Actor,
    at: DateTime<Utc>,
    kinds: &[Kind],
    sources: Sources,
    reason: Reason,
) -> Result<usize, StoreError> {
    let kinds = kinds
        .iter()
        .map(|k| format!("'{}'", k.code()))
        .collect::<Vec<_>>()
        .join(", ");
    let (table, source, id) = match sources {
        Sources::Record { table, id } => (table, "= ?4".to_string(), id),
        Sources::Children {
            table,
            column,
            parent,
        } => (
            table,
            format!("IN (SELECT id FROM {table} WHERE {column} = ?4)"),
            parent,
        ),
    };
    let sql = format!(
        "UPDATE callback_tasks SET status = 'skipped', skip_reason = ?1,
            claimed_by = NULL, claimed_at = NULL, next_try_at = NULL, updated_at = ?2,
            updated_by = ?3, version = version + 1
         WHERE kind IN ({kinds}) AND source_table = '{table}' AND source_id {source}
           AND status IN ('open', 'claimed')"
    );
    Ok(tx
        .prepare_cached(&sql)?
        .execute(params![reason.code(), to_db(at), actor.agent_id, id])?)
}
