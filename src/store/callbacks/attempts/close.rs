//! What a finished task closes where it came from: the complaint's follow-up, the open
//! question of a call, the booking's reminder.

use super::Head;
use crate::clock::to_db;
use crate::store::{Actor, StoreError, audit};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};

/// Marks the source of a finished task done too: the complaint follow-up, the open
/// question's follow-up on the call, or the booking's reminder (`store_id` and `tz` for
/// the booking's step).
pub(super) fn close_source(
    tx: &Connection,
    (store_id, tz): (&str, Tz),
    actor: Actor,
    h: &Head,
    note: &str,
) -> Result<(), StoreError> {
    let stamp = to_db(actor.at);
    match h.source_table.as_str() {
        // The complaint's audit log says the follow-up was done, as it says each of the
        // complaint's own steps, in this transaction.
        "complaint_follow_ups" => {
            let done = tx
                .query_row(
                    "UPDATE complaint_follow_ups SET done_at = ?1, done_by = ?2, note = ?3
                     WHERE id = ?4 AND done_at IS NULL
                     RETURNING complaint_id, kind, due",
                    params![stamp, actor.agent_id, note, h.source_id],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                        ))
                    },
                )
                .optional()?;
            if let Some((complaint, kind, due)) = done {
                let when = if kind == "call" {
                    "follow_up_call"
                } else {
                    "tracking"
                };
                let after = serde_json::json!({"note": note, "callback_task": true, when: due});
                audit::record(
                    tx,
                    actor,
                    "follow_up_done",
                    "complaint",
                    complaint,
                    None,
                    Some(&after),
                )?;
            }
        }
        // An appointment reminder reached: the booking's reminder is confirmed as the
        // Appointments tab's "confirm tomorrow" list records it (the booking reminded, its
        // history and version, the audit).
        "reminders" => {
            crate::store::appointments::reached_from_queue(
                tx,
                store_id,
                actor,
                h.source_id,
                tz,
                actor.at,
            )?;
        }
        "calls" => {
            let n = tx.execute(
                "UPDATE calls SET follow_up_done_at = ?1, follow_up_done_by = ?2,
                    follow_up_note = ?3, version = version + 1
                 WHERE id = ?4 AND follow_up_due IS NOT NULL AND follow_up_done_at IS NULL",
                params![stamp, actor.agent_id, note, h.source_id],
            )?;
            if n == 1 {
                let after = serde_json::json!({"note": note, "callback_task": true});
                audit::record(
                    tx,
                    actor,
                    "follow_up_done",
                    "call",
                    h.source_id,
                    None,
                    Some(&after),
                )?;
            }
        }
        _ => {}
    }
    Ok(())
}
