//! The SMS gateway hand-off: text-message tasks written to a hand-off file are marked with
//! that batch (so the next export skips them), and become done only when the gateway's
//! result file says `sent` — never at export. A `failed` result puts the task back for the
//! next export.

use crate::clock::to_db;
use crate::store::{Actor, Db, StoreError, audit};
use rusqlite::{OptionalExtension, params};

/// What the gateway said about one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    Failed,
}

/// What a result file changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultReport {
    /// Tasks marked done (sent).
    pub sent: usize,
    /// Tasks put back for the next export.
    pub failed: usize,
    /// Lines naming no task waiting for a result (unknown, already done, never handed off).
    pub ignored: usize,
}

/// The hand-off batch a task went out in, if any.
pub fn batch_of(db: &Db, task_id: i64) -> Result<Option<String>, StoreError> {
    Ok(db
        .conn()
        .query_row(
            "SELECT sms_batch FROM callback_tasks WHERE id = ?1",
            [task_id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// Why a hand-off did not happen: the store, or the file (then nothing was marked).
#[derive(Debug)]
pub enum HandOffError {
    Store(StoreError),
    File(std::io::Error),
}

/// Marks pending text-message tasks as handed off in `batch` (the hand-off file's name),
/// then runs `write` with the ids marked (writing that file with their messages only)
/// before committing: if the file cannot be written, no task is marked. Tasks already
/// handed off (by another agent's hand-off meanwhile) or no longer pending are left, and
/// not given to `write`, so no text goes to the gateway twice; with none marked, nothing
/// is written. Returns how many were marked.
pub fn hand_off(
    db: &mut Db,
    actor: Actor,
    ids: &[i64],
    batch: &str,
    write: impl FnOnce(&[i64]) -> std::io::Result<()>,
) -> Result<usize, HandOffError> {
    let mut file_err = None;
    let r = db.write(|tx| {
        let now = to_db(actor.at);
        let mut marked = Vec::new();
        for &id in ids {
            let n = tx
                .prepare_cached(
                    "UPDATE callback_tasks SET sms_batch = ?1, updated_at = ?2, updated_by = ?3,
                        version = version + 1
                     WHERE id = ?4 AND channel = 'sms' AND status IN ('open', 'claimed')
                       AND sms_batch IS NULL",
                )?
                .execute(params![batch, now, actor.agent_id, id])?;
            if n == 1 {
                marked.push(id);
            }
        }
        let n = marked.len();
        if n == 0 {
            return Ok(0);
        }
        let after = serde_json::json!({"sms_handed_off": n, "batch": batch});
        audit::record(
            tx,
            actor,
            "sms_handed_off",
            "callback_plan",
            0,
            None,
            Some(&after),
        )?;
        if let Err(e) = write(&marked) {
            let msg = e.to_string();
            file_err = Some(e);
            // Any error rolls the marks back; the file's own error is returned below.
            return Err(StoreError::Invalid(msg));
        }
        Ok(n)
    });
    match (r, file_err) {
        (_, Some(e)) => Err(HandOffError::File(e)),
        (Ok(n), None) => Ok(n),
        (Err(e), None) => Err(HandOffError::Store(e)),
    }
}

/// Applies the gateway's result lines: `Sent` marks a handed-off task done (with a `sent`
/// attempt), `Failed` puts it back for the next export. All or nothing, in one transaction.
pub fn apply_results(
    db: &mut Db,
    actor: Actor,
    results: &[(i64, Delivery)],
) -> Result<ResultReport, StoreError> {
    db.write(|tx| {
        let now = to_db(actor.at);
        let mut report = ResultReport::default();
        for &(id, d) in results {
            let n = match d {
                Delivery::Sent => tx
                    .prepare_cached(
                        "UPDATE callback_tasks SET status = 'done', attempts = attempts + 1,
                            last_attempt_at = ?1, completed_at = ?1, completed_by = ?2,
                            updated_at = ?1, updated_by = ?2, version = version + 1
                         WHERE id = ?3 AND channel = 'sms' AND status IN ('open', 'claimed')
                           AND sms_batch IS NOT NULL",
                    )?
                    .execute(params![now, actor.agent_id, id])?,
                Delivery::Failed => tx
                    .prepare_cached(
                        "UPDATE callback_tasks SET sms_batch = NULL, attempts = attempts + 1,
                            last_attempt_at = ?1, updated_at = ?1, updated_by = ?2,
                            version = version + 1
                         WHERE id = ?3 AND channel = 'sms' AND status IN ('open', 'claimed')
                           AND sms_batch IS NOT NULL",
                    )?
                    .execute(params![now, actor.agent_id, id])?,
            };
            match (n, d) {
                (0, _) => report.ignored += 1,
                (_, Delivery::Sent) => {
                    tx.prepare_cached(
                        "INSERT INTO callback_attempts(task_id, at, agent_id, outcome)
                         VALUES (?1, ?2, ?3, 'sent')",
                    )?
                    .execute(params![id, now, actor.agent_id])?;
                    report.sent += 1;
                }
                (_, Delivery::Failed) => report.failed += 1,
            }
        }
        if report.sent + report.failed > 0 {
            let after = serde_json::json!({"sms_sent": report.sent, "sms_failed": report.failed});
            audit::record(
                tx,
                actor,
                "sms_results",
                "callback_plan",
                0,
                None,
                Some(&after),
            )?;
        }
        Ok(report)
    })
}
