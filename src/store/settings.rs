//! Store-wide settings: one value per key for the whole store, in the database, so agents
//! signed in as different OS users work by the same rules and see a change at once (the
//! data version moves). Every change is version-checked and audited.

use super::{Actor, Db, StoreError, audit};
use crate::clock;
use rusqlite::{Connection, OptionalExtension, params};
use std::str::FromStr;

/// Longest key and value accepted (bounded whatever a file or form claims).
pub const MAX_KEY: usize = 64;
pub const MAX_VALUE: usize = 4096;

/// One stored setting.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub version: i64,
    pub updated_at: String,
    pub updated_by: Option<i64>,
}

/// Whether this file has the settings table (a file from before migration 10 has not).
pub fn present(conn: &Connection) -> bool {
    conn.query_row(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_settings'",
        [],
        |_| Ok(()),
    )
    .is_ok()
}

/// The stored value of `key`, if any.
pub fn get(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT value FROM store_settings WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

/// The stored value of `key` parsed, or `default` when unset or not parseable (logged: a
/// broken value never stops the desk).
pub fn get_or<T: FromStr>(conn: &Connection, key: &str, default: T) -> T {
    match get(conn, key) {
        Ok(Some(v)) => v.trim().parse().unwrap_or_else(|_| {
            tracing::warn!("store setting {key} = {v:?} is not valid; using the default");
            default
        }),
        Ok(None) => default,
        Err(e) => {
            tracing::warn!("store setting {key}: {e:?}");
            default
        }
    }
}

/// The stored setting `key` with who changed it last and when.
pub fn get_full(conn: &Connection, key: &str) -> Result<Option<Setting>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT key, value, version, updated_at, updated_by FROM store_settings WHERE key = ?1",
            [key],
            |r| {
                Ok(Setting {
                    key: r.get(0)?,
                    value: r.get(1)?,
                    version: r.get(2)?,
                    updated_at: r.get(3)?,
                    updated_by: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// A stamp that changes whenever any setting changes (cheap: the table is small), so a
/// running app reloads its setup only when it moved.
pub fn stamp(conn: &Connection) -> Result<(i64, i64), StoreError> {
    Ok(conn.query_row(
        "SELECT count(*), coalesce(sum(version), 0) FROM store_settings",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The setup files installed for the store (`file.*` keys), with their texts.
pub fn files(conn: &Connection) -> Vec<Setting> {
    match all(conn) {
        Ok(v) => v
            .into_iter()
            .filter(|s| s.key.starts_with("file."))
            .collect(),
        Err(e) => {
            tracing::warn!("store setup files: {e:?}");
            Vec::new()
        }
    }
}

/// As [`files`], read from the file at `path` without changing it (for `--version`);
/// `None` when it cannot be read or predates the settings table.
pub fn files_at(path: &std::path::Path) -> Option<Vec<Setting>> {
    let (conn, _) = super::open::open_read_only(path).ok()?;
    present(&conn).then(|| files(&conn))
}

/// Every stored setting, by key.
pub fn all(conn: &Connection) -> Result<Vec<Setting>, StoreError> {
    let mut st = conn.prepare(
        "SELECT key, value, version, updated_at, updated_by FROM store_settings ORDER BY key",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Setting {
            key: r.get(0)?,
            value: r.get(1)?,
            version: r.get(2)?,
            updated_at: r.get(3)?,
            updated_by: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Sets `key` to `value`. `seen` is the version the editor saw (`None`: the key was unset,
/// or the caller does not check, as an import does); a different stored version is refused
/// with [`StoreError::Conflict`]. Audited with the value before and after.
pub fn set(
    db: &mut Db,
    actor: Actor,
    key: &str,
    value: &str,
    seen: Option<i64>,
) -> Result<(), StoreError> {
    check_size(key, value)?;
    db.write(|tx| put(tx, actor, key, value, Seen::Loose(seen)))
}

/// As [`set`], for an editor that saw the key unset (`None`) or at a version: any other
/// state now is refused, saying who changed it (the Settings page).
pub fn set_checked(
    db: &mut Db,
    actor: Actor,
    key: &str,
    value: &str,
    seen: Option<i64>,
) -> Result<(), StoreError> {
    check_size(key, value)?;
    db.write(|tx| {
        super::agents::admin::require_supervisor(tx, actor)?;
        put(tx, actor, key, value, Seen::Exactly(seen))
    })
}

fn check_size(key: &str, value: &str) -> Result<(), StoreError> {
    if key.is_empty() || key.chars().count() > MAX_KEY || value.chars().count() > MAX_VALUE {
        return Err(StoreError::Said {
            zh: format!("设置项名称须为 1–{MAX_KEY} 个字符，取值最多 {MAX_VALUE} 个字符"),
            en: format!(
                "A setting's name takes 1–{MAX_KEY} characters and its value at most {MAX_VALUE}"
            ),
        });
    }
    Ok(())
}

/// What the writer saw of a key.
#[derive(Debug, Clone, Copy)]
pub enum Seen {
    /// A version to check when both it and a stored one exist (imports pass None).
    Loose(Option<i64>),
    /// Exactly this: unset (`None`) or this version.
    Exactly(Option<i64>),
}

/// Writes one setting inside a transaction (version-checked as `seen` says) and audits it.
pub fn put(
    tx: &Connection,
    actor: Actor,
    key: &str,
    value: &str,
    seen: Seen,
) -> Result<(), StoreError> {
    let before: Option<(String, i64, Option<i64>)> = tx
        .query_row(
            "SELECT value, version, updated_by FROM store_settings WHERE key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let theirs = before.as_ref().map(|(_, v, _)| *v);
    match seen {
        Seen::Loose(Some(mine)) => {
            if let Some(theirs) = theirs
                && mine != theirs
            {
                return Err(StoreError::Conflict { theirs, mine });
            }
        }
        Seen::Loose(None) => {}
        Seen::Exactly(mine) => {
            if mine != theirs {
                let by = before.as_ref().and_then(|(_, _, by)| *by);
                return Err(changed_by(tx, by));
            }
        }
    }
    tx.execute(
        "INSERT INTO store_settings(key, value, version, updated_at, updated_by)
         VALUES (?1, ?2, 1, ?3, ?4)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value,
             version = version + 1, updated_at = excluded.updated_at,
             updated_by = excluded.updated_by",
        params![key, value, clock::to_db(actor.at), actor.agent_id],
    )?;
    let b = before.map(|(v, _, _)| serde_json::json!({ "key": key, "value": v }));
    let a = serde_json::json!({ "key": key, "value": value });
    audit::record(
        tx,
        actor,
        "setting.set",
        "store_settings",
        0,
        b.as_ref(),
        Some(&a),
    )
}

/// The refusal of an edit made on a stale copy, naming who saved meanwhile.
pub fn changed_by(tx: &Connection, by: Option<i64>) -> StoreError {
    let who: Option<String> = by.and_then(|id| {
        tx.query_row(
            "SELECT emp_no || ' ' || name FROM agents WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()
        .ok()
        .flatten()
    });
    let who_zh = who.clone().unwrap_or_else(|| "管理员（命令行）".into());
    let who_en = who.unwrap_or_else(|| "an administrator (command line)".into());
    StoreError::Said {
        zh: format!("{who_zh} 刚修改了这项设置，未保存你的改动：请按 Esc 后重新打开再改"),
        en: format!(
            "{who_en} changed this setting meanwhile; yours is not saved: Esc, open it again and redo it"
        ),
    }
}
