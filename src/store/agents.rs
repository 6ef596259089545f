//! Agents (客服专员) and supervisors (客服主管), by employee number (工号).

use super::{Actor, Db, StoreError, audit, new_uuid};
use crate::clock;
use rusqlite::{OptionalExtension, params};

pub mod admin;
pub mod claim;
pub mod first_run;

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

/// Every agent, by employee number: all of them, never cut at a limit (a store has tens,
/// and a name looked up in a log must be found however many there are).
/// Whether `agent` is an active supervisor, read in the caller's transaction. None (the
/// file's administrator, acting with no agent: the command line) is not one: the steps
/// that ask this (overbooking, a level-3 callback, a complaint's supervisor step) need a
/// named supervisor, where `admin::require_supervisor` lets the administrator through.
pub(crate) fn is_supervisor(
    conn: &rusqlite::Connection,
    agent: Option<i64>,
) -> Result<bool, StoreError> {
    let Some(id) = agent else { return Ok(false) };
    let role: Option<String> = conn
        .query_row(
            "SELECT role FROM agents WHERE id = ?1 AND active = 1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(role.as_deref() == Some("supervisor"))
}

pub fn list(db: &Db) -> Result<Vec<Agent>, StoreError> {
    let mut st = db
        .conn()
        .prepare_cached(&format!("SELECT {COLS} FROM agents ORDER BY emp_no"))?;
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

/// Who runs a command-line tool, resolved like the app resolves the agent at its terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub agent: Option<Agent>,
    /// The operating-system user (named in the audit when no agent is).
    pub os_user: Option<String>,
    /// A store with no agents yet: whoever administers the file acts as its supervisor,
    /// as the app's first start makes them one.
    pub bootstrap: bool,
}

impl Who {
    /// Sees (and may export) full phone and ID numbers: a supervisor, or the administrator
    /// of a store with no agents yet.
    pub fn is_supervisor(&self) -> bool {
        self.bootstrap
            || self
                .agent
                .as_ref()
                .is_some_and(|a| a.role == Role::Supervisor)
    }

    pub fn agent_id(&self) -> Option<i64> {
        self.agent.as_ref().map(|a| a.id)
    }

    /// For messages and the audit: `1002 陈静`, or `os:alice`.
    pub fn label(&self) -> String {
        match (&self.agent, &self.os_user) {
            (Some(a), _) => format!("{} {}", a.emp_no, a.name),
            (None, Some(u)) => format!("os:{u}"),
            (None, None) => "-".into(),
        }
    }
}

/// Why `resolve` found no one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoAgent {
    /// No active agent has this employee number.
    Unknown(String),
    /// This account may not act as that agent ([`claim::may_act_as`]).
    Refused(claim::Refused),
}

/// The agent behind a command: `--agent EMP` (which must be an active agent this account
/// may act as), else the operating-system user's mapping, else — on a store with no agents —
/// the administrator (a supervisor), else nobody in particular (treated as an agent:
/// numbers masked).
pub fn resolve(
    db: &Db,
    flag: Option<&str>,
    me: &claim::Me,
) -> Result<Result<Who, NoAgent>, StoreError> {
    let os_user = me.name.clone().filter(|u| !u.is_empty());
    if let Some(emp) = flag {
        let Some(a) = by_emp_no(db, emp)?.filter(|a| a.active) else {
            return Ok(Err(NoAgent::Unknown(emp.to_string())));
        };
        if let Err(refused) = claim::check(db, &a, me)? {
            return Ok(Err(NoAgent::Refused(refused)));
        }
        return Ok(Ok(Who {
            agent: Some(a),
            os_user,
            bootstrap: false,
        }));
    }
    if let Some(u) = &os_user
        && let Some(a) = by_os_user(db, u)?
    {
        return Ok(Ok(Who {
            agent: Some(a),
            os_user,
            bootstrap: false,
        }));
    }
    let none: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM agents", [], |r| r.get(0))?;
    Ok(Ok(Who {
        agent: None,
        os_user,
        bootstrap: none == 0,
    }))
}

/// The operating-system user running this process, as access judges it
/// ([`claim::Me::name`]: by the real user id, not `USER`, except for root).
pub fn os_user() -> Option<String> {
    claim::Me::current(std::path::Path::new("")).name
}

#[cfg(test)]
mod tests {
    use super::admin::{AgentEdit, add, update};
    use super::*;

    fn edit(name: &str, supervisor: bool, active: bool) -> AgentEdit {
        AgentEdit {
            name: name.into(),
            supervisor,
            active,
            os_user: None,
        }
    }

    /// Only an active supervisor is one: not an agent, not one who left, not an id that
    /// names nobody, and not the administrator acting with no agent.
    #[test]
    fn a_supervisor_is_an_active_agent_with_that_role() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
        let admin = Actor {
            agent_id: None,
            at: chrono::Utc::now(),
        };
        let boss = add(&mut db, admin, "1001", &edit("刘芳", true, true)).unwrap();
        let agent = add(&mut db, admin, "1002", &edit("陈静", false, true)).unwrap();
        let is = |db: &Db, id| is_supervisor(db.conn(), id).unwrap();
        assert!(is(&db, Some(boss.id)));
        assert!(!is(&db, Some(agent.id)));
        assert!(!is(&db, Some(9999)));
        assert!(!is(&db, None));
        let version: i64 = db
            .conn()
            .query_row("SELECT version FROM agents WHERE id = ?1", [boss.id], |r| {
                r.get(0)
            })
            .unwrap();
        // The store keeps one active supervisor: a second first, then the first leaves.
        add(&mut db, admin, "1003", &edit("王伟", true, true)).unwrap();
        update(&mut db, admin, boss.id, version, &edit("刘芳", true, false)).unwrap();
        assert!(!is(&db, Some(boss.id)));
    }
}
