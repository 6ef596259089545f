//! The audit log's runner: who may open it (supervisors; an agent's attempt is recorded),
//! and loading the newest entries of a filter, answered as a message.

use super::{AuditLog, Cmd, ForApp, Msg};
use crate::store::{Actor, StoreError, agents, audit};
use crate::ui::desk::{Env, Out};

/// How many entries the log loads at most (newest first).
pub const LIMIT: usize = 500;

/// The log for a supervisor, loaded; for anyone else the refusal to show, the attempt
/// recorded in the log itself.
pub fn open(env: &mut Env) -> Result<(AuditLog, Vec<ForApp>), String> {
    let supervisor = env
        .agent
        .is_some_and(|a| a.role == agents::Role::Supervisor);
    if !supervisor {
        let actor = Actor {
            agent_id: env.agent.map(|a| a.id),
            at: env.clock.now(),
        };
        let refused = env
            .db
            .write(|tx| audit::record(tx, actor, "audit_view_denied", "audit", 0, None, None));
        let why = env.lang.t(
            "只有主管可以查看审计记录（本次尝试已记录）",
            "Only supervisors may view the audit log (this attempt is recorded)",
        );
        return Err(match refused {
            Ok(()) => why.into(),
            Err(e) => format!("{why}; {}", e.message(env.lang)),
        });
    }
    let mut log = AuditLog::default();
    let ups = log.handle(Msg::Enter, env);
    Ok((log, ups))
}

/// Carries out one command; what the app must do goes to `ups`.
pub(super) fn run(cmd: Cmd, env: &mut Env, ups: &mut Vec<ForApp>) -> Option<Msg> {
    match cmd {
        Cmd::App(up) => {
            ups.push(up);
            None
        }
        Cmd::Load(filter) => match load(env, &filter) {
            Ok(msg) => Some(msg),
            Err(e) => {
                ups.push(ForApp::Out(Out::Error(e.message(env.lang))));
                None
            }
        },
    }
}

/// The newest entries of the filter (up to `LIMIT`) and how many match in all.
fn load(env: &Env, filter: &audit::AuditFilter) -> Result<Msg, StoreError> {
    let conn = env.db.conn();
    Ok(Msg::Loaded {
        entries: audit::list(conn, filter, LIMIT)?,
        total: audit::count(conn, filter)?,
        agents: agents::list(env.db)?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect(),
    })
}
