//! Call-quality review (通话品质): the review queue sampled from the calls and done
//! callbacks (`queue`), scoring, disputes and re-scoring (`scoring`), and what a viewer may
//! read: a supervisor every review, an agent only their own.

use super::agents::{Agent, Role};
use super::{Db, StoreError};
use crate::clock::from_db;
use crate::domain::quality::sampling::Reason;
use crate::domain::quality::{QualityConfig, ReviewStatus};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

pub mod demo;
pub mod queue;
pub mod scoring;

pub use queue::{sample, sample_week};
pub use scoring::{dispute, score};

/// The store setting holding the store's own sheets (TOML, the sections of
/// `assets/quality.toml` it replaces).
pub const SHEET_KEY: &str = "quality.sheet";

/// A store-wide setting's text, if set (a read error counts as unset, logged).
fn setting(conn: &Connection, key: &str) -> Option<String> {
    super::settings::get(conn, key).unwrap_or_else(|e| {
        tracing::warn!("store setting {key}: {e:?}");
        None
    })
}

/// The sheets in force: the built-in ones with the store's `quality.sheet` on top, and the
/// sampling numbers `quality.per_agent_week`, `quality.every_complaint`,
/// `quality.min_call_seconds` when set. A broken override is logged and left out.
pub fn config(conn: &Connection) -> QualityConfig {
    let mut c = match setting(conn, SHEET_KEY) {
        Some(text) => {
            let (c, err) = QualityConfig::with_override(&text);
            if let Some(e) = err {
                tracing::warn!("store setting {SHEET_KEY} refused: {e}");
            }
            c
        }
        None => QualityConfig::builtin(),
    };
    let num = |k: &str| setting(conn, k).and_then(|v| v.trim().parse::<u32>().ok());
    if let Some(n) = num("quality.per_agent_week") {
        c.sampling.per_agent_week = n;
    }
    if let Some(n) = num("quality.min_call_seconds") {
        c.sampling.min_call_seconds = n;
    }
    if let Some(v) = setting(conn, "quality.every_complaint") {
        c.sampling.every_complaint = matches!(v.trim(), "true" | "1" | "yes");
    }
    c
}

/// What was reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Call,
    Callback,
}

impl Source {
    pub fn table(self) -> &'static str {
        match self {
            Source::Call => "calls",
            Source::Callback => "callback_tasks",
        }
    }
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Source::Call => lang.t("来电", "call"),
            Source::Callback => lang.t("回访", "callback"),
        }
    }
}

/// A review as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    pub id: i64,
    pub version: i64,
    pub source: Source,
    pub source_id: i64,
    pub agent_id: Option<i64>,
    /// "1002 陈静".
    pub agent: String,
    pub record_at: DateTime<Utc>,
    pub reason: Reason,
    pub status: ReviewStatus,
    pub total: Option<f64>,
    pub fatal: bool,
    pub comment: String,
    pub reviewer: String,
    pub disputes: u32,
    pub dispute_reason: String,
    pub customer: String,
    /// The call's template id or the callback's kind code.
    pub what: String,
}

/// One scoring of a review, kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    pub round: u8,
    pub reviewer: String,
    pub scored_at: DateTime<Utc>,
    pub fatal: bool,
    pub total: f64,
    pub comment: String,
    /// criterion → (points, max, weight) as scored.
    pub points: BTreeMap<String, (u8, u8, u32)>,
}

/// The reviewed record as shown beside the sheet (mobile masked).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub customer: String,
    pub mobile_masked: String,
    pub channel: String,
    pub duration_s: Option<i64>,
    /// The saved standard sentence (a call) or the callback's notes.
    pub text: String,
    /// The call's template id (empty for a callback).
    pub template: String,
    /// The call's template fields as saved, key → value; a callback's survey answers,
    /// question → points.
    pub fields: BTreeMap<String, String>,
}

/// A call's saved fields (a JSON object) as text values; anything else reads as none.
fn field_values(json: &str) -> BTreeMap<String, String> {
    let parsed: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(json).unwrap_or_default();
    parsed
        .into_iter()
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            (k, text)
        })
        .filter(|(_, v)| !v.trim().is_empty())
        .collect()
}

/// A review with its record and rounds.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewDetail {
    pub row: ReviewRow,
    pub record: Record,
    pub rounds: Vec<Round>,
}

/// Which reviews a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Waiting for a supervisor: queued and disputed (supervisors).
    Queue,
    /// Scored, in the last days (supervisors: everyone's).
    Scored,
    /// The viewer's own scored reviews (an agent's only view).
    Mine,
}

const ROW_SQL: &str = "SELECT r.id, r.version, r.source_table, r.source_id, r.agent_id,
        coalesce(a.emp_no || ' ' || a.name, ''), r.record_at, r.reason, r.status, r.total,
        r.fatal, r.comment, coalesce(s.emp_no || ' ' || s.name, ''), r.disputes,
        r.dispute_reason,
        coalesce((SELECT cu.name FROM customers cu WHERE cu.id = CASE r.source_table
            WHEN 'calls' THEN (SELECT c.customer_id FROM calls c WHERE c.id = r.source_id)
            ELSE (SELECT t.customer_id FROM callback_tasks t WHERE t.id = r.source_id) END), ''),
        CASE r.source_table
            WHEN 'calls' THEN (SELECT c.template_id FROM calls c WHERE c.id = r.source_id)
            ELSE (SELECT t.kind FROM callback_tasks t WHERE t.id = r.source_id) END
     FROM quality_reviews r
     LEFT JOIN agents a ON a.id = r.agent_id
     LEFT JOIN agents s ON s.id = r.reviewer_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReviewRow> {
    let table: String = r.get(2)?;
    let at: String = r.get(6)?;
    Ok(ReviewRow {
        id: r.get(0)?,
        version: r.get(1)?,
        source: if table == "calls" {
            Source::Call
        } else {
            Source::Callback
        },
        source_id: r.get(3)?,
        agent_id: r.get(4)?,
        agent: r.get(5)?,
        record_at: from_db(&at).unwrap_or_default(),
        reason: Reason::from_code(&r.get::<_, String>(7)?),
        status: ReviewStatus::from_code(&r.get::<_, String>(8)?).unwrap_or(ReviewStatus::Queued),
        total: r.get(9)?,
        fatal: r.get::<_, i64>(10)? == 1,
        comment: r.get(11)?,
        reviewer: r.get(12)?,
        disputes: u32::try_from(r.get::<_, i64>(13)?).unwrap_or(0),
        dispute_reason: r.get(14)?,
        customer: r.get(15)?,
        what: r.get::<_, Option<String>>(16)?.unwrap_or_default(),
    })
}

/// Rows a list loads at most.
pub const LIST_LIMIT: usize = 300;

/// The condition on `quality_reviews r` of a view as `viewer` sees it, and whether it takes the
/// viewer's id as ?1 (an agent sees only their own, whatever view is asked).
fn view_cond(viewer: &Agent, view: View) -> (&'static str, bool) {
    match (view, viewer.role == Role::Supervisor) {
        (View::Queue, true) => ("r.status IN ('queued', 'disputed')", false),
        (View::Scored, true) => ("r.status IN ('scored', 'disputed', 'rescored')", false),
        _ => ("r.status <> 'queued' AND r.agent_id = ?1", true),
    }
}

/// How many reviews of each status a view holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub queued: usize,
    pub scored: usize,
    pub disputed: usize,
    pub rescored: usize,
}

impl Counts {
    /// The counts of the rows of a whole list.
    pub fn of(rows: &[ReviewRow]) -> Counts {
        let mut c = Counts::default();
        for r in rows {
            c.add(r.status, 1);
        }
        c
    }
    fn add(&mut self, s: ReviewStatus, n: usize) {
        match s {
            ReviewStatus::Queued => self.queued += n,
            ReviewStatus::Scored => self.scored += n,
            ReviewStatus::Disputed => self.disputed += n,
            ReviewStatus::Rescored => self.rescored += n,
        }
    }
    pub fn get(self, s: ReviewStatus) -> usize {
        match s {
            ReviewStatus::Queued => self.queued,
            ReviewStatus::Scored => self.scored,
            ReviewStatus::Disputed => self.disputed,
            ReviewStatus::Rescored => self.rescored,
        }
    }
    pub fn total(self) -> usize {
        self.queued + self.scored + self.disputed + self.rescored
    }
}

/// How many reviews of each status `viewer` may see in `view`: the list stops at
/// [`LIST_LIMIT`], these do not.
pub fn counts(db: &Db, viewer: &Agent, view: View) -> Result<Counts, StoreError> {
    let (cond, own) = view_cond(viewer, view);
    let sql = format!("SELECT r.status, count(*) FROM quality_reviews r WHERE {cond} GROUP BY 1");
    let mut st = db.conn().prepare(&sql)?;
    let pair = |r: &rusqlite::Row<'_>| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?));
    let rows = if own {
        st.query_map([viewer.id], pair)?
            .collect::<Result<Vec<_>, _>>()?
    } else {
        st.query_map([], pair)?.collect::<Result<Vec<_>, _>>()?
    };
    let mut c = Counts::default();
    for (code, n) in rows {
        let s = ReviewStatus::from_code(&code).unwrap_or(ReviewStatus::Queued);
        c.add(s, usize::try_from(n).unwrap_or(0));
    }
    Ok(c)
}

/// How many reviews `viewer` may see in `view`: the list stops at [`LIST_LIMIT`].
pub fn count(db: &Db, viewer: &Agent, view: View) -> Result<usize, StoreError> {
    Ok(counts(db, viewer, view)?.total())
}

/// The reviews `viewer` may see in `view`, newest record first. An agent sees only their
/// own, whatever view is asked.
pub fn list(db: &Db, viewer: &Agent, view: View) -> Result<Vec<ReviewRow>, StoreError> {
    let supervisor = viewer.role == Role::Supervisor;
    let (cond, own) = view_cond(viewer, view);
    // The queue: disputes first (they wait on a promise), then the oldest records.
    let order = if view == View::Queue && supervisor {
        "r.status = 'disputed' DESC, r.record_at, r.id"
    } else {
        "r.record_at DESC, r.id DESC"
    };
    let sql = format!("{ROW_SQL} WHERE {cond} ORDER BY {order} LIMIT {LIST_LIMIT}");
    let mut st = db.conn().prepare(&sql)?;
    let rows = if own {
        st.query_map([viewer.id], row)?
            .collect::<Result<Vec<_>, _>>()?
    } else {
        st.query_map([], row)?.collect::<Result<Vec<_>, _>>()?
    };
    Ok(rows)
}

fn not_yours() -> StoreError {
    StoreError::Said {
        zh: "只能查看自己的评审".into(),
        en: "You can see only your own reviews".into(),
    }
}

/// One review with its record and rounds, if `viewer` may see it (an agent: their own).
pub fn detail(db: &Db, viewer: &Agent, id: i64) -> Result<ReviewDetail, StoreError> {
    detail_in(db.conn(), viewer, id)
}

pub(crate) fn detail_in(
    conn: &Connection,
    viewer: &Agent,
    id: i64,
) -> Result<ReviewDetail, StoreError> {
    let row = conn
        .query_row(&format!("{ROW_SQL} WHERE r.id = ?1"), [id], row)
        .optional()?
        .ok_or(StoreError::NotFound)?;
    if viewer.role != Role::Supervisor
        && (row.agent_id != Some(viewer.id) || row.status == ReviewStatus::Queued)
    {
        return Err(not_yours());
    }
    let record = record(conn, row.source, row.source_id)?;
    let mut rounds = Vec::new();
    let mut st = conn.prepare_cached(
        "SELECT q.id, q.round, coalesce(a.emp_no || ' ' || a.name, ''), q.scored_at, q.fatal,
                q.total, q.comment
         FROM quality_rounds q LEFT JOIN agents a ON a.id = q.reviewer_id
         WHERE q.review_id = ?1 ORDER BY q.round",
    )?;
    let list = st
        .query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, f64>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut pts = conn.prepare_cached(
        "SELECT criterion, points, max, weight FROM quality_scores WHERE round_id = ?1",
    )?;
    for (round_id, n, reviewer, at, fatal, total, comment) in list {
        let points = pts
            .query_map([round_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    (
                        u8::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                        u8::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                        u32::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                    ),
                ))
            })?
            .collect::<Result<BTreeMap<_, _>, _>>()?;
        rounds.push(Round {
            round: u8::try_from(n).unwrap_or(1),
            reviewer,
            scored_at: from_db(&at).unwrap_or_default(),
            fatal: fatal == 1,
            total,
            comment,
            points,
        });
    }
    Ok(ReviewDetail {
        row,
        record,
        rounds,
    })
}

fn record(conn: &Connection, source: Source, id: i64) -> Result<Record, StoreError> {
    let masked = |m: Option<String>| {
        m.map(|m| crate::domain::validate::mask_mobile(&m))
            .unwrap_or_default()
    };
    match source {
        Source::Call => conn
            .query_row(
                "SELECT coalesce(cu.name, ''), cu.mobile, c.channel, c.duration_s, c.sentence,
                        c.template_id, c.fields
                 FROM calls c LEFT JOIN customers cu ON cu.id = c.customer_id WHERE c.id = ?1",
                [id],
                |r| {
                    Ok(Record {
                        customer: r.get(0)?,
                        mobile_masked: masked(r.get(1)?),
                        channel: r.get(2)?,
                        duration_s: r.get(3)?,
                        text: r.get(4)?,
                        template: r.get(5)?,
                        fields: field_values(&r.get::<_, String>(6)?),
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound),
        Source::Callback => conn
            .query_row(
                "SELECT coalesce(cu.name, ''), cu.mobile, t.channel, t.notes,
                        coalesce(t.score_json, '')
                 FROM callback_tasks t LEFT JOIN customers cu ON cu.id = t.customer_id
                 WHERE t.id = ?1",
                params![id],
                |r| {
                    Ok(Record {
                        customer: r.get(0)?,
                        mobile_masked: masked(r.get(1)?),
                        channel: r.get(2)?,
                        duration_s: None,
                        text: r.get(3)?,
                        template: String::new(),
                        fields: field_values(&r.get::<_, String>(4)?),
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound),
    }
}
