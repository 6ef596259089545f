//! Scoring a review (a supervisor), disputing it once (its agent, with a reason) and scoring
//! it again (a supervisor; the first round is kept). Version-checked and audited.

use super::super::agents::{Agent, Role};
use super::super::{Actor, Db, StoreError, audit};
use crate::clock::to_db;
use crate::domain::quality::review::{self, Refusal};
use crate::domain::quality::{ReviewSheet, ReviewStatus, Scores};
use crate::i18n::Lang;
use rusqlite::{Connection, OptionalExtension, params};

fn refused(r: Refusal) -> StoreError {
    StoreError::Said {
        zh: r.message(Lang::Zh).into(),
        en: r.message(Lang::En).into(),
    }
}

struct Current {
    status: ReviewStatus,
    agent_id: Option<i64>,
    version: i64,
    disputes: u32,
    total: Option<f64>,
    comment: String,
}

fn current(tx: &Connection, id: i64) -> Result<Current, StoreError> {
    tx.query_row(
        "SELECT status, agent_id, version, disputes, total, comment FROM quality_reviews
         WHERE id = ?1",
        [id],
        |r| {
            Ok(Current {
                status: ReviewStatus::from_code(&r.get::<_, String>(0)?)
                    .unwrap_or(ReviewStatus::Queued),
                agent_id: r.get(1)?,
                version: r.get(2)?,
                disputes: u32::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                total: r.get(4)?,
                comment: r.get(5)?,
            })
        },
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

/// A supervisor scores a queued or disputed review seen at `seen_version`. Returns the
/// total. The points are kept per criterion with the sheet's maximum and weight.
#[allow(clippy::too_many_arguments)]
pub fn score(
    db: &mut Db,
    at: chrono::DateTime<chrono::Utc>,
    reviewer: &Agent,
    id: i64,
    seen_version: i64,
    scores: &Scores,
    comment: &str,
    sheet: &ReviewSheet,
) -> Result<f64, StoreError> {
    let actor = Actor {
        agent_id: Some(reviewer.id),
        at,
    };
    db.write(|tx| {
        let cur = current(tx, id)?;
        if cur.version != seen_version {
            return Err(StoreError::Conflict {
                theirs: cur.version,
                mine: seen_version,
            });
        }
        review::can_score(
            cur.status,
            reviewer.id,
            reviewer.role == Role::Supervisor,
            cur.agent_id,
        )
        .map_err(refused)?;
        review::check_scores(sheet, scores).map_err(refused)?;
        let total = sheet.total(scores);
        let round = if cur.status == ReviewStatus::Disputed {
            2
        } else {
            1
        };
        let comment = comment.trim();
        tx.execute(
            "INSERT INTO quality_rounds(review_id, round, reviewer_id, scored_at, fatal, total,
                comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                round,
                reviewer.id,
                to_db(at),
                scores.fatal,
                total,
                comment
            ],
        )?;
        let round_id = tx.last_insert_rowid();
        let mut ins = tx.prepare_cached(
            "INSERT INTO quality_scores(round_id, criterion, points, max, weight)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for c in &sheet.criteria {
            if let Some(p) = scores.points.get(&c.id) {
                ins.execute(params![
                    round_id,
                    c.id,
                    (*p).min(sheet.max),
                    sheet.max,
                    c.weight
                ])?;
            }
        }
        let status = review::after_scoring(cur.status);
        let n = tx.execute(
            "UPDATE quality_reviews SET status = ?1, total = ?2, fatal = ?3, comment = ?4,
                reviewer_id = ?5, scored_at = ?6, updated_at = ?6, updated_by = ?5,
                version = version + 1
             WHERE id = ?7 AND version = ?8",
            params![
                status.code(),
                total,
                scores.fatal,
                comment,
                reviewer.id,
                to_db(at),
                id,
                seen_version
            ],
        )?;
        if n != 1 {
            return Err(StoreError::Conflict {
                theirs: cur.version,
                mine: seen_version,
            });
        }
        audit::record(
            tx,
            actor,
            if round == 2 {
                "quality.rescore"
            } else {
                "quality.score"
            },
            "quality_review",
            id,
            Some(&serde_json::json!({
                "status": cur.status.code(), "total": cur.total, "comment": cur.comment,
            })),
            Some(&serde_json::json!({
                "status": status.code(), "total": total, "fatal": scores.fatal,
                "points": scores.points, "comment": comment,
            })),
        )?;
        Ok(total)
    })
}

/// The agent reviewed disputes their scored review once, with a reason.
pub fn dispute(
    db: &mut Db,
    at: chrono::DateTime<chrono::Utc>,
    who: &Agent,
    id: i64,
    seen_version: i64,
    reason: &str,
) -> Result<(), StoreError> {
    let actor = Actor {
        agent_id: Some(who.id),
        at,
    };
    db.write(|tx| {
        let cur = current(tx, id)?;
        if cur.version != seen_version {
            return Err(StoreError::Conflict {
                theirs: cur.version,
                mine: seen_version,
            });
        }
        review::can_dispute(cur.status, who.id, cur.agent_id, cur.disputes, reason)
            .map_err(refused)?;
        let reason = reason.trim();
        let n = tx.execute(
            "UPDATE quality_reviews SET status = 'disputed', disputes = 1, dispute_reason = ?1,
                disputed_at = ?2, updated_at = ?2, updated_by = ?3, version = version + 1
             WHERE id = ?4 AND version = ?5",
            params![reason, to_db(at), who.id, id, seen_version],
        )?;
        if n != 1 {
            return Err(StoreError::Conflict {
                theirs: cur.version,
                mine: seen_version,
            });
        }
        audit::record(
            tx,
            actor,
            "quality.dispute",
            "quality_review",
            id,
            Some(&serde_json::json!({ "status": cur.status.code() })),
            Some(&serde_json::json!({ "status": "disputed", "reason": reason })),
        )?;
        Ok(())
    })
}
