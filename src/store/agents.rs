//! Agents (客服专员) and supervisors (客服主管), by employee number (工号).

use super::{Actor, Db, StoreError, audit, new_uuid};
use crate::clock;
use rusqlite::{OptionalExtension, params};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Agent,
    Supervisor,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Supervisor => "supervisor",
        }
    }
    fn from_code(s: &str) -> Role {
        if s == "supervisor" {
            Role::Supervisor
        } else {
            Role::Agent
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub id: i64,
    pub emp_no: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
}

const COLS: &str = "id, emp_no, name, role, active";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Agent> {
    Ok(Agent {
        id: r.get(0)?,
        emp_no: r.get(1)?,
        name: r.get(2)?,
        role: Role::from_code(&r.get::<_, String>(3)?),
        active: r.get::<_, i64>(4)? == 1,
    })
}

pub fn by_emp_no(db: &Db, emp_no: &str) -> Result<Option<Agent>, StoreError> {
    Ok(db
        .conn()
        .query_row(
            &format!("SELECT {COLS} FROM agents WHERE emp_no = ?1"),
            [emp_no],
            row,
        )
        .optional()?)
}

pub fn by_os_user(db: &Db, user: &str) -> Result<Option<Agent>, StoreError> {
    Ok(db
        .conn()
        .query_row(
            &format!("SELECT {COLS} FROM agents WHERE os_user = ?1 AND active = 1"),
            [user],
            row,
        )
        .optional()?)
}

pub fn list(db: &Db) -> Result<Vec<Agent>, StoreError> {
    let mut st = db.conn().prepare_cached(&format!(
        "SELECT {COLS} FROM agents ORDER BY emp_no LIMIT 500"
    ))?;
    let rows = st.query_map([], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Adds an agent, or returns the existing one with this employee number.
pub fn ensure(
    db: &mut Db,
    actor: Actor,
    emp_no: &str,
    name: &str,
    role: Role,
) -> Result<Agent, StoreError> {
    if let Some(a) = by_emp_no(db, emp_no)? {
        return Ok(a);
    }
    let store_id = db.store_id().to_string();
    let id = db.write(|tx| {
        tx.execute(
            "INSERT INTO agents(uuid, store_id, emp_no, name, role, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(emp_no) DO NOTHING",
            params![
                new_uuid(),
                store_id,
                emp_no,
                name,
                role.code(),
                clock::to_db(actor.at)
            ],
        )?;
        let id: i64 = tx.query_row("SELECT id FROM agents WHERE emp_no = ?1", [emp_no], |r| {
            r.get(0)
        })?;
        let after = serde_json::json!({"emp_no": emp_no, "name": name, "role": role.code()});
        audit::record(tx, actor, "create", "agent", id, None, Some(&after))?;
        Ok(id)
    })?;
    Ok(Agent {
        id,
        emp_no: emp_no.into(),
        name: name.into(),
        role,
        active: true,
    })
}

/// Maps an operating-system user to an agent, so they need no `--agent` at start.
pub fn map_os_user(
    db: &mut Db,
    actor: Actor,
    agent_id: i64,
    os_user: &str,
) -> Result<(), StoreError> {
    db.write(|tx| {
        tx.execute(
            "UPDATE agents SET os_user = ?1, version = version + 1 WHERE id = ?2",
            params![os_user, agent_id],
        )?;
        let after = serde_json::json!({"os_user": os_user});
        audit::record(
            tx,
            actor,
            "map_os_user",
            "agent",
            agent_id,
            None,
            Some(&after),
        )?;
        Ok(())
    })
}
