//! Rectification orders (质量整改令) offered to the supervisor when valid complaints recur
//! (the rule is `domain::improvements::recur`), and the decisions taken on them.

use super::{Actor, Db, StoreError, audit, said};
use crate::clock::{from_db, to_db};
use crate::domain::calendar::{BusinessCalendar, BusinessHours};
use crate::domain::complaints::{self as dc, Category, Severity, SlaSettings};
use crate::domain::improvements::recur::{self, Decided, Key, Proposal, RecurRule, ValidComplaint};
use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, params};
use serde_json::json;

/// Store settings: how many valid complaints (`improvements.recur_count`) within how many
/// days (`improvements.recur_days`) propose an order; defaults 3 in 30, at least 1 each.
pub const COUNT_KEY: &str = "improvements.recur_count";
pub const DAYS_KEY: &str = "improvements.recur_days";

/// The rule as this store has it set.
pub fn rule(conn: &Connection) -> RecurRule {
    let d = RecurRule::default();
    RecurRule {
        count: crate::store::settings::get_or(conn, COUNT_KEY, d.count).clamp(1, 1000),
        days: crate::store::settings::get_or(conn, DAYS_KEY, d.days).clamp(1, 3660),
    }
}

/// What judging a complaint valid needs: its clocks are computed as of `now`.
pub struct Judge<'a> {
    pub sla: &'a SlaSettings,
    pub calendar: &'a BusinessCalendar,
    pub tz: Tz,
    pub now: DateTime<Utc>,
}

/// The valid complaints received in the rule's window ending today.
pub fn valid_complaints(
    conn: &Connection,
    rule: RecurRule,
    j: &Judge<'_>,
) -> Result<Vec<ValidComplaint>, StoreError> {
    let today = j.now.with_timezone(&j.tz).date_naive();
    let start = rule.window_start(today);
    let since =
        j.tz.from_local_datetime(&start.and_time(NaiveTime::MIN))
            .earliest()
            .map(|t| to_db(t.with_timezone(&Utc)))
            .unwrap_or_default();
    // A complaint withdrawn as registered by mistake is never a valid one.
    let mut st = conn.prepare_cached(&format!(
        "SELECT c.id, c.category, c.station, c.severity, c.received_at FROM complaints c
         WHERE c.received_at >= ?1 AND {} ORDER BY c.received_at, c.id",
        crate::store::complaints::COUNTED
    ))?;
    let rows: Vec<(i64, String, String, String, String)> = st
        .query_map([since], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for (id, cat, station, sev, received) in rows {
        let category = Category::from_code(&cat).unwrap_or(Category::Other);
        let severity = Severity::from_code(&sev).unwrap_or(Severity::General);
        let events = crate::store::complaints::events(conn, id)?;
        let clocks = dc::clocks(
            &events,
            severity,
            j.sla,
            j.calendar,
            &BusinessHours::default(),
            j.tz,
            j.now,
        );
        if !dc::is_valid_complaint(category, &dc::fold(&events), &clocks) {
            continue;
        }
        let Some(received) = from_db(&received) else {
            continue;
        };
        out.push(ValidComplaint {
            id,
            category,
            station,
            received: received.with_timezone(&j.tz).date_naive(),
        });
    }
    Ok(out)
}

/// Every decision taken.
pub fn decided(conn: &Connection) -> Result<Vec<Decided>, StoreError> {
    let mut st =
        conn.prepare_cached("SELECT key, complaint_ids, decision FROM improvement_proposals")?;
    let rows: Vec<(String, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(key, ids, decision)| {
            Some(Decided {
                key: Key::from_code(&key)?,
                ids: recur::ids_from_code(&ids),
                accepted: decision == "accepted",
            })
        })
        .collect())
}

/// The orders to offer the supervisor now.
pub fn pending(
    conn: &Connection,
    rule: RecurRule,
    j: &Judge<'_>,
) -> Result<Vec<Proposal>, StoreError> {
    let list = valid_complaints(conn, rule, j)?;
    let done = decided(conn)?;
    let today = j.now.with_timezone(&j.tz).date_naive();
    Ok(recur::proposals(rule, &list, &done, today))
}

/// Records a decision inside the caller's transaction; refused when that order was
/// decided already (by another supervisor a moment ago).
pub(super) fn decide(
    tx: &Connection,
    actor: Actor,
    key: &str,
    ids: &[i64],
    accepted: bool,
    reason: &str,
    improvement_id: Option<i64>,
) -> Result<(), StoreError> {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    let r = tx.execute(
        "INSERT INTO improvement_proposals(key, complaint_ids, decision, reason, improvement_id,
            decided_at, decided_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            key,
            recur::ids_code(&sorted),
            if accepted { "accepted" } else { "dismissed" },
            reason.trim(),
            improvement_id,
            to_db(actor.at),
            actor.agent_id
        ],
    );
    match r.map_err(StoreError::from) {
        Ok(_) => {}
        Err(StoreError::Duplicate(_)) => {
            return Err(said(
                "这项整改令建议已由其他主管处理，未重复保存",
                "Another supervisor already decided on this proposed order; nothing was saved twice",
            ));
        }
        Err(e) => return Err(e),
    }
    let id = tx.last_insert_rowid();
    audit::record(
        tx,
        actor,
        if accepted {
            "improvement.order_accept"
        } else {
            "improvement.order_dismiss"
        },
        "improvement_proposal",
        id,
        None,
        Some(
            &json!({"key": key, "complaints": sorted, "reason": reason.trim(),
            "improvement_id": improvement_id}),
        ),
    )
}

/// Dismisses a proposed order with the reason; that same set is not offered again.
pub fn dismiss(db: &mut Db, actor: Actor, p: &Proposal, reason: &str) -> Result<(), StoreError> {
    if reason.trim().is_empty() {
        return Err(said("不采纳须写明理由", "Dismissing needs a reason"));
    }
    db.write(|tx| {
        decide(
            tx,
            actor,
            &p.key.code(),
            &p.complaint_ids,
            false,
            reason,
            None,
        )
    })
}
