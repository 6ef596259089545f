//! The records behind the assessment's and the quality report's figures (a child of
//! `report_drill`): the scored call-quality reviews of an agent's period, and the late
//! document hand-overs attributed to an agent.

use super::{Take, bounds, keep_all, list, titled};
use crate::domain::quality::ReviewStatus;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use crate::store::reports::Ctx;
use chrono::NaiveDate;
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension};

/// The reviews that have a score in force (scored, disputed with the first score standing,
/// re-scored) of the records made in the period — the basis of every quality figure.
pub(crate) const SCORED: &str = "r.status IN ('scored', 'disputed', 'rescored')";

/// Agent, fatal errors only (see `Drill::Reviews`).
pub(super) type ReviewFilter<'a> = (&'a NaiveDate, &'a NaiveDate, &'a Option<i64>, &'a bool);

pub(super) fn reviews(
    conn: &Connection,
    ctx: &Ctx<'_>,
    limit: Take<'_>,
    (from, to, agent, fatal): ReviewFilter<'_>,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let mut p: Vec<Sql> = Vec::new();
    // The reviewed record's customer, then the review.
    let mut sql = format!(
        "SELECT x.customer, x.record_at, x.source_table, x.agent, x.status, x.total, x.fatal,
                x.reviewer, cu.name
         FROM (SELECT CASE r.source_table
                    WHEN 'calls' THEN (SELECT c.customer_id FROM calls c WHERE c.id = r.source_id)
                    ELSE (SELECT t.customer_id FROM callback_tasks t WHERE t.id = r.source_id)
                  END AS customer,
                  r.id, r.record_at, r.source_table, g.emp_no || ' ' || g.name AS agent,
                  r.status, r.total, r.fatal, s.emp_no || ' ' || s.name AS reviewer
               FROM quality_reviews r LEFT JOIN agents g ON g.id = r.agent_id
               LEFT JOIN agents s ON s.id = r.reviewer_id
               WHERE {SCORED} AND r.record_at >= ?1 AND r.record_at < ?2"
    );
    bounds(ctx, *from, *to, &mut p);
    if let Some(a) = agent {
        sql.push_str(&format!(" AND r.agent_id = ?{}", p.len() + 1));
        p.push(Sql::Integer(*a));
    }
    if *fatal {
        sql.push_str(" AND r.fatal = 1");
    }
    sql.push_str(") x LEFT JOIN customers cu ON cu.id = x.customer ORDER BY x.record_at, x.id");
    let title = format!(
        "{} {from} ~ {to}",
        lang.t("通话品质评审", "Call-quality reviews")
    );
    let s = titled(
        lang,
        title,
        &[
            ("通话时间", "Record time"),
            ("类型", "Record"),
            ("客户", "Customer"),
            ("专员", "Agent"),
            ("状态", "Status"),
            ("得分", "Score"),
            ("致命错误", "Fatal"),
            ("评审人", "Reviewer"),
        ],
    );
    list(conn, (&sql, p), s, limit, &keep_all, |r| {
        let source = if r.get::<_, String>(2)? == "calls" {
            lang.t("来电", "call")
        } else {
            lang.t("回访", "callback")
        };
        let status = ReviewStatus::from_code(&r.get::<_, String>(4)?);
        Ok(vec![
            Value::Text(ctx.local(&r.get::<_, String>(1)?)),
            Value::text_of(source),
            Value::Text(r.get::<_, Option<String>>(8)?.unwrap_or_default()),
            Value::Text(r.get::<_, Option<String>>(3)?.unwrap_or_default()),
            Value::text_of(status.map_or("", |s| s.label(lang))),
            r.get::<_, Option<f64>>(5)?
                .map_or(Value::Empty, |t| Value::Num(t, 1)),
            ctx.yes_no(r.get::<_, i64>(6)? == 1),
            Value::Text(r.get::<_, Option<String>>(7)?.unwrap_or_default()),
        ])
    })
}

/// Whether a hand-over's staff member is this agent: the name the file records for its
/// salesperson or service advisor is the agent's name or employee number, trimmed.
pub(crate) fn staff_is(staff: &str, emp_no: &str, name: &str) -> bool {
    let s = staff.trim();
    !s.is_empty() && (s == emp_no.trim() || s == name.trim())
}

/// The hand-overs of the period attributed to `agent` that were handed over late or are
/// still missing past their deadline.
pub(super) fn late_handovers(
    conn: &Connection,
    ctx: &Ctx<'_>,
    limit: Take<'_>,
    (from, to, agent): (NaiveDate, NaiveDate, i64),
) -> Result<Sheet, StoreError> {
    let (emp, name): (String, String) = conn
        .query_row(
            "SELECT emp_no, name FROM agents WHERE id = ?1",
            [agent],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or_default();
    // As `staff_is` and `is_late` keep them, picked in SQL.
    use crate::domain::handover::StandingKind;
    let pick = crate::store::handover::Pick {
        kind: None,
        staff: Some(
            [emp.trim(), name.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        standings: vec![StandingKind::Late, StandingKind::Missing],
    };
    crate::store::reports::handover::list_picked(conn, ctx, limit, (from, to), &pick)
}

/// Late: handed over after the deadline, or still missing past it.
pub(crate) fn is_late(s: crate::domain::handover::Standing) -> bool {
    use crate::domain::handover::Standing;
    match s {
        Standing::Late(_) | Standing::Missing(_) => true,
        Standing::OnTime | Standing::NotYetDue => false,
    }
}
