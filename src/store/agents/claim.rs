//! Who may act as an agent. Masked numbers have no back door: an agent bound to an
//! operating-system user is that user's alone (not another account's `--agent`, sign-in or
//! `USER=`), and a supervisor — full numbers, the audit log, backups, agents — acts only
//! under the account bound to them, or the database's administrator (the file's owner)
//! before one is bound. An unbound agent may be signed in from a shared desk terminal.
//! `root` may act as anyone: it can read the file anyway.

use super::{Agent, Role};
use crate::i18n::Lang;
use crate::store::{Db, StoreError};
use rusqlite::OptionalExtension;
use std::path::Path;

/// The account running this process, as far as access is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    /// The account's name: from the system's user database by the real user id, never
    /// from the environment (`USER=` is anyone's to set); `root` alone may name itself
    /// by `USER` / `LOGNAME` (it may become anyone anyway).
    pub name: Option<String>,
    pub root: bool,
    /// Owns the database file: the store's administrator.
    pub owns_file: bool,
}

impl Me {
    /// The account running this process, and whether it owns the file at `db_path`.
    pub fn current(db_path: &Path) -> Me {
        let uid = nix::unistd::getuid();
        let root = uid.is_root();
        let name = if root {
            std::env::var("USER")
                .or_else(|_| std::env::var("LOGNAME"))
                .ok()
                .filter(|u| !u.is_empty())
                .or_else(|| Some("root".into()))
        } else {
            nix::unistd::User::from_uid(uid)
                .ok()
                .flatten()
                .map(|u| u.name)
        };
        Me {
            name,
            root,
            owns_file: owner_is(db_path, uid.as_raw()),
        }
    }

    /// May manage the store's agents without being a signed-in supervisor.
    pub fn administers(&self) -> bool {
        self.root || self.owns_file
    }
}

#[cfg(unix)]
fn owner_is(path: &Path, uid: u32) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).is_ok_and(|m| m.uid() == uid)
}

#[cfg(not(unix))]
fn owner_is(_path: &Path, _uid: u32) -> bool {
    false
}

/// Why this account may not act as an agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Bound to another operating-system user.
    BoundToOther { emp_no: String, user: String },
    /// A supervisor bound to no operating-system user, claimed by someone other than the
    /// database's administrator.
    UnboundSupervisor { emp_no: String },
}

impl Refused {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Refused::BoundToOther { emp_no, user }, Lang::Zh) => {
                format!("工号 {emp_no} 已绑定系统用户 {user}，只能在该账号下使用")
            }
            (Refused::BoundToOther { emp_no, user }, Lang::En) => {
                format!(
                    "agent {emp_no} is bound to the OS user {user}; only that account may act as it"
                )
            }
            (Refused::UnboundSupervisor { emp_no }, Lang::Zh) => format!(
                "工号 {emp_no} 是主管，尚未绑定系统用户：主管只能在自己绑定的账号下使用（请数据库管理员在 设置 → 坐席与主管 中为其绑定）"
            ),
            (Refused::UnboundSupervisor { emp_no }, Lang::En) => format!(
                "agent {emp_no} is a supervisor bound to no OS user: a supervisor acts only under their own bound account (the database's administrator binds one in Settings → Agents and supervisors)"
            ),
        }
    }
}

/// Whether `me` may act as `agent`, which is bound to the OS user `bound` (if any).
pub fn may_act_as(agent: &Agent, bound: Option<&str>, me: &Me) -> Result<(), Refused> {
    if me.root {
        return Ok(());
    }
    match bound {
        Some(user) if me.name.as_deref() == Some(user) => Ok(()),
        Some(user) => Err(Refused::BoundToOther {
            emp_no: agent.emp_no.clone(),
            user: user.to_string(),
        }),
        None if agent.role == Role::Supervisor && !me.owns_file => {
            Err(Refused::UnboundSupervisor {
                emp_no: agent.emp_no.clone(),
            })
        }
        None => Ok(()),
    }
}

/// The operating-system user `agent_id` is bound to, if any.
pub fn bound_user(db: &Db, agent_id: i64) -> Result<Option<String>, StoreError> {
    Ok(db
        .conn()
        .query_row(
            "SELECT os_user FROM agents WHERE id = ?1",
            [agent_id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten()
        .filter(|u| !u.is_empty()))
}

/// [`may_act_as`], reading the agent's binding from the store.
pub fn check(db: &Db, agent: &Agent, me: &Me) -> Result<Result<(), Refused>, StoreError> {
    let bound = bound_user(db, agent.id)?;
    Ok(may_act_as(agent, bound.as_deref(), me))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(role: Role) -> Agent {
        Agent {
            id: 1,
            emp_no: "1001".into(),
            name: "刘芳".into(),
            role,
            active: true,
        }
    }

    fn me(name: &str, root: bool, owns_file: bool) -> Me {
        Me {
            name: Some(name.into()),
            root,
            owns_file,
        }
    }

    #[test]
    fn a_bound_agent_is_its_users_alone() {
        for role in [Role::Agent, Role::Supervisor] {
            let a = agent(role);
            assert_eq!(
                may_act_as(&a, Some("alice"), &me("alice", false, false)),
                Ok(())
            );
            // Owning the file does not open someone else's account.
            assert_eq!(
                may_act_as(&a, Some("alice"), &me("bob", false, true)),
                Err(Refused::BoundToOther {
                    emp_no: "1001".into(),
                    user: "alice".into()
                })
            );
        }
        let nameless = Me {
            name: None,
            root: false,
            owns_file: false,
        };
        assert!(may_act_as(&agent(Role::Agent), Some("alice"), &nameless).is_err());
    }

    #[test]
    fn an_unbound_supervisor_is_the_administrators_alone() {
        let sup = agent(Role::Supervisor);
        assert_eq!(
            may_act_as(&sup, None, &me("bob", false, false)),
            Err(Refused::UnboundSupervisor {
                emp_no: "1001".into()
            })
        );
        assert_eq!(may_act_as(&sup, None, &me("admin", false, true)), Ok(()));
    }

    #[test]
    fn an_unbound_agent_signs_in_anywhere_and_root_as_anyone() {
        assert_eq!(
            may_act_as(&agent(Role::Agent), None, &me("bob", false, false)),
            Ok(())
        );
        for role in [Role::Agent, Role::Supervisor] {
            assert_eq!(
                may_act_as(&agent(role), Some("alice"), &me("root", true, false)),
                Ok(())
            );
        }
    }

    #[test]
    fn the_refusals_name_the_agent_in_both_languages() {
        let r = Refused::BoundToOther {
            emp_no: "1002".into(),
            user: "alice".into(),
        };
        assert!(
            r.message(Lang::Zh)
                .contains("工号 1002 已绑定系统用户 alice")
        );
        assert!(
            r.message(Lang::En)
                .contains("agent 1002 is bound to the OS user alice")
        );
        let r = Refused::UnboundSupervisor {
            emp_no: "1001".into(),
        };
        assert!(r.message(Lang::Zh).contains("主管"));
        assert!(r.message(Lang::En).contains("supervisor"));
    }
}
