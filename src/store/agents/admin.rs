//! Managing the agents from the Settings page: add, rename, set or unset supervisor,
//! deactivate, map to an OS user. Supervisors only, checked here as well as on screen;
//! every change is version-checked (a concurrent edit is refused, naming who saved) and
//! audited. A store always keeps one active supervisor.

use super::{Agent, COLS, Role, row};
use crate::domain::store_fields::{emp_no_problem, person_name_problem};
use crate::i18n::Lang;
use crate::store::{Actor, Db, StoreError, audit, new_uuid};
use rusqlite::{Connection, OptionalExtension, params};

/// An agent as the Settings page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentRow {
    pub agent: Agent,
    pub os_user: Option<String>,
    pub version: i64,
}

/// What a supervisor sets of an agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentEdit {
    pub name: String,
    pub supervisor: bool,
    pub active: bool,
    /// The OS user who signs in as this agent without `--agent` (None: nobody).
    pub os_user: Option<String>,
}

fn said(zh: impl Into<String>, en: impl Into<String>) -> StoreError {
    StoreError::Said {
        zh: zh.into(),
        en: en.into(),
    }
}

/// Every agent, by employee number: all of them, like [`super::list`] (the Settings
/// list shows each; it never stops silently at a limit).
pub fn rows(db: &Db) -> Result<Vec<AgentRow>, StoreError> {
    let mut st = db.conn().prepare_cached(&format!(
        "SELECT {COLS}, os_user, version FROM agents ORDER BY emp_no"
    ))?;
    let rows = st.query_map([], |r| {
        Ok(AgentRow {
            agent: row(r)?,
            os_user: r.get(5)?,
            version: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The version of agent `id` as stored (None: no such agent): what an open form checks
/// before reading everything again.
pub fn version(db: &Db, id: i64) -> Result<Option<i64>, StoreError> {
    Ok(db
        .conn()
        .query_row("SELECT version FROM agents WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Checks an edit: names, OS user. Both languages.
pub fn check(emp_no: &str, e: &AgentEdit) -> Result<(), StoreError> {
    let problems = [
        (
            emp_no_problem(emp_no, Lang::Zh),
            emp_no_problem(emp_no, Lang::En),
        ),
        (
            person_name_problem(&e.name, Lang::Zh),
            person_name_problem(&e.name, Lang::En),
        ),
    ];
    for p in problems {
        if let (Some(zh), Some(en)) = p {
            return Err(said(zh, en));
        }
    }
    if let Some(u) = &e.os_user
        && (u.is_empty()
            || u.len() > 32
            || !u
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        return Err(said(
            "系统用户名为 1–32 个英文字母、数字或 _ - .",
            "an OS user name is 1–32 letters, digits or _ - .",
        ));
    }
    Ok(())
}

/// Refuses an actor who is not an active supervisor (an actor with no agent is the
/// administrator of the file, as the command line's).
pub fn require_supervisor(tx: &Connection, actor: Actor) -> Result<(), StoreError> {
    let Some(id) = actor.agent_id else {
        return Ok(());
    };
    let ok: bool = tx
        .query_row(
            "SELECT role = 'supervisor' AND active = 1 FROM agents WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        Err(said(
            "只有主管可以修改门店设置和坐席",
            "Only a supervisor changes the store's settings and agents",
        ))
    }
}

fn duplicate(e: StoreError) -> StoreError {
    match e {
        StoreError::Duplicate(m) if m.contains("os_user") => said(
            "这个系统用户已对应另一位坐席",
            "That OS user is mapped to another agent",
        ),
        StoreError::Duplicate(_) => said("这个工号已有人使用", "That employee number is taken"),
        e => e,
    }
}

fn json(emp_no: &str, e: &AgentEdit) -> serde_json::Value {
    serde_json::json!({
        "emp_no": emp_no,
        "name": e.name.trim(),
        "role": if e.supervisor { "supervisor" } else { "agent" },
        "active": e.active,
        "os_user": e.os_user,
    })
}

/// Inserts an agent inside a transaction (checked by the caller), audited.
pub(crate) fn insert(
    tx: &Connection,
    actor: Actor,
    store_id: &str,
    emp_no: &str,
    e: &AgentEdit,
) -> Result<Agent, StoreError> {
    let role = if e.supervisor {
        Role::Supervisor
    } else {
        Role::Agent
    };
    tx.execute(
        "INSERT INTO agents(uuid, store_id, emp_no, name, role, os_user, active, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            new_uuid(),
            store_id,
            emp_no.trim(),
            e.name.trim(),
            role.code(),
            e.os_user,
            i64::from(e.active),
            crate::clock::to_db(actor.at)
        ],
    )
    .map_err(|x| duplicate(x.into()))?;
    let id = tx.last_insert_rowid();
    audit::record(
        tx,
        actor,
        "create",
        "agent",
        id,
        None,
        Some(&json(emp_no, e)),
    )?;
    Ok(Agent {
        id,
        emp_no: emp_no.trim().into(),
        name: e.name.trim().into(),
        role,
        active: e.active,
    })
}

/// Adds an agent (a new employee number: an existing one is refused, not reused).
pub fn add(db: &mut Db, actor: Actor, emp_no: &str, e: &AgentEdit) -> Result<Agent, StoreError> {
    check(emp_no, e)?;
    let store_id = db.store_id().to_string();
    db.write(|tx| {
        require_supervisor(tx, actor)?;
        insert(tx, actor, &store_id, emp_no, e)
    })
}

/// Changes an agent the editor saw at `seen` (its version).
pub fn update(
    db: &mut Db,
    actor: Actor,
    id: i64,
    seen: i64,
    e: &AgentEdit,
) -> Result<(), StoreError> {
    db.write(|tx| {
        require_supervisor(tx, actor)?;
        let before = tx
            .query_row(
                &format!("SELECT {COLS}, os_user, version FROM agents WHERE id = ?1"),
                [id],
                |r| Ok((row(r)?, r.get::<_, Option<String>>(5)?, r.get::<_, i64>(6)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        let (agent, os_user, version) = before;
        check(&agent.emp_no, e)?;
        if version != seen {
            let by: Option<i64> = tx
                .query_row(
                    "SELECT agent_id FROM audit WHERE entity = 'agent' AND entity_id = ?1
                     ORDER BY id DESC LIMIT 1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            return Err(crate::store::settings::changed_by(tx, by));
        }
        let was_supervisor = agent.role == Role::Supervisor && agent.active;
        if was_supervisor && !(e.supervisor && e.active) {
            let others: i64 = tx.query_row(
                "SELECT count(*) FROM agents WHERE role = 'supervisor' AND active = 1 AND id <> ?1",
                [id],
                |r| r.get(0),
            )?;
            if others == 0 {
                return Err(said(
                    "这是本店唯一在职的主管，不能取消主管或停用：请先设另一位主管",
                    "This is the store's only active supervisor: make another one first",
                ));
            }
        }
        let role = if e.supervisor { "supervisor" } else { "agent" };
        tx.execute(
            "UPDATE agents SET name = ?1, role = ?2, active = ?3, os_user = ?4,
                 version = version + 1 WHERE id = ?5",
            params![e.name.trim(), role, i64::from(e.active), e.os_user, id],
        )
        .map_err(|x| duplicate(x.into()))?;
        let b = json(
            &agent.emp_no,
            &AgentEdit {
                name: agent.name.clone(),
                supervisor: agent.role == Role::Supervisor,
                active: agent.active,
                os_user,
            },
        );
        audit::record(
            tx,
            actor,
            "update",
            "agent",
            id,
            Some(&b),
            Some(&json(&agent.emp_no, e)),
        )
    })
}
