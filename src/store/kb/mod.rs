//! The knowledge base's storage: articles (versioned — every saved version is kept —
//! audited, retired rather than deleted), their search terms, the search itself
//! (`search`) and the consultations handed to technical support (`transfers`).
//! Articles are written by supervisors only (or with no agent, by the store's
//! administrator and the demo).

pub mod import;
pub mod search;
pub mod transfers;

use super::{Actor, StoreError, audit};
use crate::clock;
use crate::domain::kb::{Article, KbKind};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

/// An article as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct KbRow {
    pub id: i64,
    pub version: i64,
    pub title: String,
    pub article: Article,
    pub retired: bool,
    pub updated_at: String,
    /// Employee number and name of who saved this version.
    pub updated_by: Option<String>,
}

/// One saved version of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct KbVersion {
    pub version: i64,
    pub title: String,
    pub article: Article,
    pub retired: bool,
    pub saved_at: String,
    pub saved_by: Option<String>,
}

pub(crate) const COLUMNS: &str = "a.id, a.version, a.title, a.kind, a.fields, a.valid_from, \
     a.valid_to, a.retired, a.updated_at, g.emp_no || ' ' || g.name";

fn day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

fn day_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn article_of(kind: &str, fields: &str, from: Option<String>, to: Option<String>) -> Article {
    let values: BTreeMap<String, String> = serde_json::from_str(fields).unwrap_or_default();
    Article {
        kind: KbKind::parse(kind).unwrap_or(KbKind::Station),
        values,
        valid_from: day(from),
        valid_to: day(to),
    }
}

pub(crate) fn row_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<KbRow> {
    let kind: String = r.get(3)?;
    let fields: String = r.get(4)?;
    Ok(KbRow {
        id: r.get(0)?,
        version: r.get(1)?,
        title: r.get(2)?,
        article: article_of(&kind, &fields, r.get(5)?, r.get(6)?),
        retired: r.get::<_, i64>(7)? == 1,
        updated_at: r.get(8)?,
        updated_by: r.get(9)?,
    })
}

/// The audit's picture of an article.
fn snapshot(a: &Article, retired: bool) -> serde_json::Value {
    serde_json::json!({
        "kind": a.kind.code(),
        "title": a.title(),
        "fields": a.values_json(),
        "valid_from": day_text(a.valid_from),
        "valid_to": day_text(a.valid_to),
        "retired": retired,
    })
}

/// Refuses a writer who is not a supervisor (no agent at all is the administrator).
fn check_writer(tx: &Connection, actor: Actor) -> Result<(), StoreError> {
    let Some(id) = actor.agent_id else {
        return Ok(());
    };
    let role: Option<String> = tx
        .query_row("SELECT role FROM agents WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    if role.as_deref() == Some("supervisor") {
        Ok(())
    } else {
        Err(StoreError::Said {
            zh: "只有主管可以修改知识库".into(),
            en: "Only a supervisor can change the knowledge base".into(),
        })
    }
}

/// Refuses an article with problems, naming the first field and what is wrong.
fn check_article(a: &Article) -> Result<(), StoreError> {
    let zh = a.problems(crate::i18n::Lang::Zh);
    let en = a.problems(crate::i18n::Lang::En);
    match (zh.first(), en.first()) {
        (Some((key, zm)), Some((_, em))) => {
            let (zl, el) = match a.kind.field(key) {
                Some(f) => (f.zh, f.en),
                None => ("截止日期", "Last day"),
            };
            Err(StoreError::Said {
                zh: format!("未保存：{zl}{zm}"),
                en: format!("Not saved: {el}: {em}"),
            })
        }
        _ => Ok(()),
    }
}

fn write_terms(tx: &Connection, id: i64, a: &Article) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM kb_terms WHERE article_id = ?1")?
        .execute([id])?;
    let mut ins = tx.prepare_cached(
        "INSERT OR IGNORE INTO kb_terms(article_id, term, kind) VALUES (?1, ?2, ?3)",
    )?;
    for t in a.terms() {
        ins.execute(params![id, t, a.kind.code()])?;
    }
    Ok(())
}

fn keep_version(
    tx: &Connection,
    id: i64,
    version: i64,
    a: &Article,
    retired: bool,
    actor: Actor,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO kb_article_versions(article_id, version, title, fields, valid_from,
             valid_to, retired, saved_at, saved_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id,
        version,
        a.title(),
        a.values_json().to_string(),
        day_text(a.valid_from),
        day_text(a.valid_to),
        retired as i64,
        clock::to_db(actor.at),
        actor.agent_id,
    ])?;
    Ok(())
}

/// Adds an article inside the caller's transaction (import, demo): checked, keyed,
/// its first version kept, audited.
pub fn create_in(tx: &Connection, actor: Actor, a: &Article) -> Result<i64, StoreError> {
    check_writer(tx, actor)?;
    check_article(a)?;
    let at = clock::to_db(actor.at);
    tx.prepare_cached(
        "INSERT INTO kb_articles(uuid, kind, title, fields, valid_from, valid_to, created_at,
             created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8)",
    )?
    .execute(params![
        super::new_uuid(),
        a.kind.code(),
        a.title(),
        a.values_json().to_string(),
        day_text(a.valid_from),
        day_text(a.valid_to),
        at,
        actor.agent_id,
    ])?;
    let id = tx.last_insert_rowid();
    write_terms(tx, id, a)?;
    keep_version(tx, id, 1, a, false, actor)?;
    audit::record(
        tx,
        actor,
        "kb_create",
        "kb_article",
        id,
        None,
        Some(&snapshot(a, false)),
    )?;
    Ok(id)
}

/// Adds an article.
pub fn create(db: &mut super::Db, actor: Actor, a: &Article) -> Result<i64, StoreError> {
    db.write(|tx| create_in(tx, actor, a))
}

/// Saves a new version of an article shown at `version`; refused when someone else saved
/// it since. Returns the new version.
pub fn update(
    db: &mut super::Db,
    actor: Actor,
    id: i64,
    version: i64,
    a: &Article,
) -> Result<i64, StoreError> {
    db.write(|tx| update_in(tx, actor, id, version, a, false))
}

/// Retires an article: out of search and suggestions, its history kept.
pub fn retire(db: &mut super::Db, actor: Actor, id: i64, version: i64) -> Result<i64, StoreError> {
    db.write(|tx| {
        let old = get(tx, id)?;
        update_in(tx, actor, id, version, &old.article, true)
    })
}

fn update_in(
    tx: &Connection,
    actor: Actor,
    id: i64,
    version: i64,
    a: &Article,
    retire: bool,
) -> Result<i64, StoreError> {
    check_writer(tx, actor)?;
    if !retire {
        check_article(a)?;
    }
    let old = get(tx, id)?;
    if old.version != version {
        return Err(StoreError::Conflict {
            theirs: old.version,
            mine: version,
        });
    }
    if old.retired {
        return Err(StoreError::Said {
            zh: "该条目已停用，不能再修改".into(),
            en: "This article is retired and can no longer be changed".into(),
        });
    }
    let n = tx
        .prepare_cached(
            "UPDATE kb_articles SET title = ?3, fields = ?4, valid_from = ?5, valid_to = ?6,
                 retired = ?7, version = version + 1, updated_at = ?8, updated_by = ?9
             WHERE id = ?1 AND version = ?2",
        )?
        .execute(params![
            id,
            version,
            a.title(),
            a.values_json().to_string(),
            day_text(a.valid_from),
            day_text(a.valid_to),
            retire as i64,
            clock::to_db(actor.at),
            actor.agent_id,
        ])?;
    if n != 1 {
        return Err(StoreError::Conflict {
            theirs: version + 1,
            mine: version,
        });
    }
    if retire {
        tx.prepare_cached("DELETE FROM kb_terms WHERE article_id = ?1")?
            .execute([id])?;
    } else {
        write_terms(tx, id, a)?;
    }
    keep_version(tx, id, version + 1, a, retire, actor)?;
    audit::record(
        tx,
        actor,
        if retire { "kb_retire" } else { "kb_update" },
        "kb_article",
        id,
        Some(&snapshot(&old.article, false)),
        Some(&snapshot(a, retire)),
    )?;
    Ok(version + 1)
}

/// One article, retired or not.
pub fn get(conn: &Connection, id: i64) -> Result<KbRow, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM kb_articles a LEFT JOIN agents g ON g.id = a.updated_by
             WHERE a.id = ?1"
        ))?
        .query_row([id], row_of)?)
}

/// Every saved version of an article, newest first.
pub fn history(conn: &Connection, id: i64) -> Result<Vec<KbVersion>, StoreError> {
    let kind: String = conn.query_row("SELECT kind FROM kb_articles WHERE id = ?1", [id], |r| {
        r.get(0)
    })?;
    let mut st = conn.prepare_cached(
        "SELECT v.version, v.title, v.fields, v.valid_from, v.valid_to, v.retired, v.saved_at,
                g.emp_no || ' ' || g.name
         FROM kb_article_versions v LEFT JOIN agents g ON g.id = v.saved_by
         WHERE v.article_id = ?1 ORDER BY v.version DESC",
    )?;
    let rows = st.query_map([id], |r| {
        let fields: String = r.get(2)?;
        Ok(KbVersion {
            version: r.get(0)?,
            title: r.get(1)?,
            article: article_of(&kind, &fields, r.get(3)?, r.get(4)?),
            retired: r.get::<_, i64>(5)? == 1,
            saved_at: r.get(6)?,
            saved_by: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Articles in service per kind (retired ones left out).
pub fn count_by_kind(conn: &Connection) -> Result<Vec<(KbKind, i64)>, StoreError> {
    let mut st = conn
        .prepare_cached("SELECT kind, count(*) FROM kb_articles WHERE retired = 0 GROUP BY kind")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (k, n) = row?;
        if let Some(k) = KbKind::parse(&k) {
            out.push((k, n));
        }
    }
    out.sort();
    Ok(out)
}

/// Articles with this kind and title in service (an import's duplicate check).
pub fn find_by_title(
    conn: &Connection,
    kind: KbKind,
    title: &str,
) -> Result<Option<(i64, i64)>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, version FROM kb_articles WHERE kind = ?1 AND retired = 0 AND title = ?2
             LIMIT 1",
        )?
        .query_row(params![kind.code(), title], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Updates an article found by title inside the caller's transaction (an import).
pub fn replace_in(
    tx: &Connection,
    actor: Actor,
    id: i64,
    version: i64,
    a: &Article,
) -> Result<i64, StoreError> {
    update_in(tx, actor, id, version, a, false)
}
