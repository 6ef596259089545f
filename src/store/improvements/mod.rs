//! Improvement actions (整改): raising one with the records behind it, moving it through its
//! workflow (version-checked: of two agents advancing the same action, the second is
//! refused with what the first did), and reading the list and one action with its links.
//! `proposals`: the rectification orders offered when complaints recur.

pub mod proposals;

use super::{Actor, Db, StoreError, audit, new_uuid};
use crate::clock::{from_db, to_db};
use crate::domain::improvements::{self as di, Department, LinkKind, Status};
use crate::domain::validate::mask_mobile;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// What the raise form gives.
#[derive(Debug, Clone, PartialEq)]
pub struct NewImprovement {
    pub department: Department,
    pub finding: String,
    /// The customers' words behind it.
    pub words: String,
    pub owner_id: Option<i64>,
    pub due: Option<NaiveDate>,
    pub links: Vec<(LinkKind, i64)>,
    /// Accepting a proposed rectification order: its key code and complaints.
    pub order: Option<(String, Vec<i64>)>,
}

/// One action as the list and the detail show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: i64,
    pub department: Department,
    pub finding: String,
    pub words: String,
    pub owner_id: Option<i64>,
    /// "1002 陈静"
    pub owner: Option<String>,
    pub due: NaiveDate,
    pub status: Status,
    pub order_key: Option<String>,
    pub raised_at: DateTime<Utc>,
    pub raised_by: Option<String>,
    pub done_at: Option<DateTime<Utc>>,
    pub verified_at: Option<DateTime<Utc>>,
    pub verified_by: Option<String>,
    pub verify_note: String,
    pub links: usize,
    pub version: i64,
}

/// One record behind an action, worded for the list of links.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub kind: LinkKind,
    pub record_id: i64,
    pub customer_id: Option<i64>,
    pub customer: String,
    /// Masked.
    pub mobile: String,
    /// A complaint's category code or a callback's kind code ("" for a call).
    pub tag: String,
    /// A complaint's summary, a callback's notes, a call's sentence.
    pub about: String,
    /// When (stored UTC).
    pub at: Option<DateTime<Utc>>,
}

/// Which actions the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Filter {
    pub status: Option<Status>,
    pub department: Option<Department>,
}

const COLS: &str = "i.id, i.department, i.finding, i.words, i.owner_id, o.emp_no || ' ' || o.name,
    i.due_date, i.status, i.order_key, i.raised_at, r.emp_no || ' ' || r.name, i.done_at,
    i.verified_at, v.emp_no || ' ' || v.name, i.verify_note,
    (SELECT count(*) FROM improvement_links l WHERE l.improvement_id = i.id), i.version";
const JOINS: &str = "FROM improvements i LEFT JOIN agents o ON o.id = i.owner_id
    LEFT JOIN agents r ON r.id = i.raised_by LEFT JOIN agents v ON v.id = i.verified_by";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let day = |s: String| NaiveDate::parse_from_str(&s, "%Y-%m-%d").unwrap_or_default();
    Ok(Row {
        id: r.get(0)?,
        department: Department::from_code(&r.get::<_, String>(1)?).unwrap_or(Department::Other),
        finding: r.get(2)?,
        words: r.get(3)?,
        owner_id: r.get(4)?,
        owner: r.get(5)?,
        due: day(r.get(6)?),
        status: Status::from_code(&r.get::<_, String>(7)?).unwrap_or(Status::Open),
        order_key: r.get(8)?,
        raised_at: from_db(&r.get::<_, String>(9)?).unwrap_or_default(),
        raised_by: r.get(10)?,
        done_at: r.get::<_, Option<String>>(11)?.as_deref().and_then(from_db),
        verified_at: r.get::<_, Option<String>>(12)?.as_deref().and_then(from_db),
        verified_by: r.get(13)?,
        verify_note: r.get(14)?,
        links: usize::try_from(r.get::<_, i64>(15)?).unwrap_or(0),
        version: r.get(16)?,
    })
}

fn said(zh: impl Into<String>, en: impl Into<String>) -> StoreError {
    StoreError::Said {
        zh: zh.into(),
        en: en.into(),
    }
}

/// Whether the record a link points at exists.
fn link_exists(tx: &Connection, kind: LinkKind, id: i64) -> Result<bool, StoreError> {
    let sql = match kind {
        LinkKind::Callback => "SELECT 1 FROM callback_tasks WHERE id = ?1",
        LinkKind::Complaint => "SELECT 1 FROM complaints WHERE id = ?1",
        LinkKind::Call => "SELECT 1 FROM calls WHERE id = ?1",
    };
    Ok(tx.query_row(sql, [id], |_| Ok(())).optional()?.is_some())
}

/// Raises an action with its links, in one transaction; accepting a proposed order also
/// records the decision (refused when someone decided on that order already).
pub fn raise(
    db: &mut Db,
    actor: Actor,
    today: NaiveDate,
    n: &NewImprovement,
) -> Result<i64, StoreError> {
    let missing_zh = di::missing(&n.finding, n.owner_id, n.due, today, crate::i18n::Lang::Zh);
    if !missing_zh.is_empty() {
        let en = di::missing(&n.finding, n.owner_id, n.due, today, crate::i18n::Lang::En);
        return Err(said(
            format!("请填写：{}", missing_zh.join("、")),
            format!("Please fill in: {}", en.join(", ")),
        ));
    }
    let (Some(owner), Some(due)) = (n.owner_id, n.due) else {
        return Err(StoreError::Invalid("owner and due date".into()));
    };
    let store_id = db.store_id().to_string();
    db.write(|tx| {
        let owner_ok = tx
            .query_row(
                "SELECT 1 FROM agents WHERE id = ?1 AND active = 1",
                [owner],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !owner_ok {
            return Err(said(
                "责任人不是本店在职的专员",
                "The owner is not an active agent of this store",
            ));
        }
        let at = to_db(actor.at);
        tx.execute(
            "INSERT INTO improvements(uuid, store_id, department, finding, words, owner_id, due_date,
                order_key, raised_at, raised_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9, ?10)",
            params![
                new_uuid(),
                store_id,
                n.department.code(),
                n.finding.trim(),
                n.words.trim(),
                owner,
                due.to_string(),
                n.order.as_ref().map(|(k, _)| k.clone()),
                at,
                actor.agent_id,
            ],
        )?;
        let id = tx.last_insert_rowid();
        let mut links = n.links.clone();
        if let Some((_, ids)) = &n.order {
            links.extend(ids.iter().map(|c| (LinkKind::Complaint, *c)));
        }
        links.sort();
        links.dedup();
        for (kind, rid) in &links {
            if !link_exists(tx, *kind, *rid)? {
                return Err(said(
                    format!("{} #{rid} 不存在", kind.label(crate::i18n::Lang::Zh)),
                    format!("{} #{rid} does not exist", kind.label(crate::i18n::Lang::En)),
                ));
            }
            tx.execute(
                "INSERT INTO improvement_links(improvement_id, kind, record_id) VALUES (?1, ?2, ?3)",
                params![id, kind.code(), rid],
            )?;
        }
        if let Some((key, ids)) = &n.order {
            proposals::decide(tx, actor, key, ids, true, "", Some(id))?;
        }
        audit::record(
            tx,
            actor,
            "improvement.raise",
            "improvement",
            id,
            None,
            Some(&json!({
                "department": n.department.code(),
                "finding": n.finding.trim(),
                "owner_id": owner,
                "due": due.to_string(),
                "links": links.iter().map(|(k, r)| format!("{}:{r}", k.code())).collect::<Vec<_>>(),
                "order": n.order.as_ref().map(|(k, _)| k.clone()),
            })),
        )?;
        Ok(id)
    })
}

/// Moves an action from the version the screen showed to `to` (a supervisor verifies,
/// with a note). Refused, naming what happened, when someone changed it in between.
pub fn step(
    db: &mut Db,
    actor: Actor,
    id: i64,
    version: i64,
    to: Status,
    supervisor: bool,
    note: Option<&str>,
) -> Result<Row, StoreError> {
    db.write(|tx| {
        let now = get(tx, id)?;
        if now.version != version {
            return Err(changed_meanwhile(tx, id, &now));
        }
        di::check(now.status, to, supervisor, note).map_err(|r| {
            said(
                r.message(crate::i18n::Lang::Zh),
                r.message(crate::i18n::Lang::En),
            )
        })?;
        let at = to_db(actor.at);
        let n = tx.execute(
            "UPDATE improvements SET status = ?1,
                done_at = CASE WHEN ?1 = 'done' THEN ?2 WHEN ?1 = 'in_progress' THEN NULL ELSE done_at END,
                verified_at = CASE WHEN ?1 = 'verified' THEN ?2 ELSE verified_at END,
                verified_by = CASE WHEN ?1 = 'verified' THEN ?3 ELSE verified_by END,
                verify_note = CASE WHEN ?1 = 'verified' THEN ?4 ELSE verify_note END,
                updated_at = ?2, updated_by = ?3, version = version + 1
             WHERE id = ?5 AND version = ?6",
            params![
                to.code(),
                at,
                actor.agent_id,
                note.map(str::trim).unwrap_or(""),
                id,
                version
            ],
        )?;
        if n != 1 {
            return Err(StoreError::Conflict {
                theirs: now.version,
                mine: version,
            });
        }
        audit::record(
            tx,
            actor,
            "improvement.step",
            "improvement",
            id,
            Some(&json!({"status": now.status.code(), "version": version})),
            Some(&json!({"status": to.code(), "note": note.unwrap_or("")})),
        )?;
        get(tx, id)
    })
}

/// The refusal when the action changed since it was shown: who did what.
fn changed_meanwhile(tx: &Connection, id: i64, now: &Row) -> StoreError {
    let who: Option<String> = tx
        .query_row(
            "SELECT g.emp_no || ' ' || g.name FROM improvements i JOIN agents g ON g.id = i.updated_by
             WHERE i.id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()
        .ok()
        .flatten();
    let who = who.unwrap_or_else(|| "?".into());
    use crate::i18n::Lang::{En, Zh};
    said(
        format!(
            "{who} 刚把这项整改改为“{}”，未保存您的操作；已显示最新状态",
            now.status.label(Zh)
        ),
        format!(
            "{who} just set this action to {}; yours was not saved. The latest is shown",
            now.status.label(En).to_lowercase()
        ),
    )
}

/// One action.
pub fn get(conn: &Connection, id: i64) -> Result<Row, StoreError> {
    conn.query_row(&format!("SELECT {COLS} {JOINS} WHERE i.id = ?1"), [id], row)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The actions of a filter, overdue and open first by due day, then the finished ones
/// newest first; up to `limit`.
pub fn list(conn: &Connection, f: Filter, limit: usize) -> Result<Vec<Row>, StoreError> {
    let (cond, p) = filter_sql(f);
    let mut sql = format!("SELECT {COLS} {JOINS} WHERE 1 = 1{cond}");
    sql.push_str(&format!(
        " ORDER BY i.status IN ('done', 'verified'), CASE WHEN i.status IN ('done', 'verified')
            THEN '' ELSE i.due_date END, i.raised_at DESC, i.id DESC LIMIT {}",
        limit.min(100_000)
    ));
    let mut st = conn.prepare(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(p.iter()), row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The `AND …` conditions of a filter on `improvements i`, with their parameters.
fn filter_sql(f: Filter) -> (String, Vec<String>) {
    let mut sql = String::new();
    let mut p: Vec<String> = Vec::new();
    if let Some(s) = f.status {
        p.push(s.code().into());
        sql.push_str(&format!(" AND i.status = ?{}", p.len()));
    }
    if let Some(d) = f.department {
        p.push(d.code().into());
        sql.push_str(&format!(" AND i.department = ?{}", p.len()));
    }
    (sql, p)
}

/// How many actions a filter holds (a list stops at its limit).
pub fn count(conn: &Connection, f: Filter) -> Result<usize, StoreError> {
    let (cond, p) = filter_sql(f);
    let n: i64 = conn.query_row(
        &format!("SELECT count(*) FROM improvements i WHERE 1 = 1{cond}"),
        rusqlite::params_from_iter(p.iter()),
        |r| r.get(0),
    )?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The records behind an action, with their customers (numbers masked).
pub fn links(conn: &Connection, id: i64) -> Result<Vec<Link>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT l.kind, l.record_id,
            CASE l.kind WHEN 'complaint' THEN c.customer_id WHEN 'callback' THEN t.customer_id
                ELSE k.customer_id END AS cid,
            CASE l.kind WHEN 'complaint' THEN c.category WHEN 'callback' THEN t.kind ELSE '' END,
            CASE l.kind WHEN 'complaint' THEN c.summary WHEN 'callback' THEN t.notes
                ELSE k.sentence END,
            CASE l.kind WHEN 'complaint' THEN c.received_at WHEN 'callback' THEN t.completed_at
                ELSE k.started_at END
         FROM improvement_links l
         LEFT JOIN complaints c ON l.kind = 'complaint' AND c.id = l.record_id
         LEFT JOIN callback_tasks t ON l.kind = 'callback' AND t.id = l.record_id
         LEFT JOIN calls k ON l.kind = 'call' AND k.id = l.record_id
         WHERE l.improvement_id = ?1 ORDER BY l.kind, l.record_id",
    )?;
    type Raw = (
        String,
        i64,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let raw: Vec<Raw> = st
        .query_map([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(raw.len());
    for (kind, record_id, customer_id, tag, about, at) in raw {
        let (customer, mobile) = match customer_id {
            Some(c) => conn
                .query_row(
                    "SELECT name, coalesce(mobile, '') FROM customers WHERE id = ?1",
                    [c],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
                )
                .optional()?
                .unwrap_or_default(),
            None => Default::default(),
        };
        out.push(Link {
            kind: LinkKind::from_code(&kind).unwrap_or(LinkKind::Call),
            record_id,
            customer_id,
            customer,
            mobile: mask_mobile(&mobile),
            tag: tag.unwrap_or_default(),
            about: about.unwrap_or_default().trim().to_string(),
            at: at.as_deref().and_then(from_db),
        });
    }
    Ok(out)
}

/// The active agents an action may be given to: (id, "1002 陈静").
pub fn owners(conn: &Connection) -> Result<Vec<(i64, String)>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT id, emp_no || ' ' || name FROM agents WHERE active = 1 ORDER BY emp_no",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
