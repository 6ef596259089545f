//! Carries the Improvements page's commands out against the store and answers with the
//! message the machine reads next.

use super::{Cmd, ImprovementsPage, Loaded, Msg};
use crate::domain::complaints::SlaSettings;
use crate::i18n::Lang;
use crate::store::improvements::proposals::{self, Judge};
use crate::store::improvements::{self as si};
use crate::store::{Actor, StoreError};
use crate::ui::background::Lane;
use crate::ui::desk::loads::Runner;
use crate::ui::desk::{Env, Out};

/// How many actions the list holds.
pub const LIMIT: usize = 500;

/// The list loads on the loads thread; an action opened, raises, steps and dismissals here.
pub const RUNNER: Runner<ImprovementsPage> = Runner {
    lane,
    run,
    loads: |p| &mut p.loads,
    refused: refused_flag,
};

/// The commands that read much of the store: they run on the loads thread.
fn lane(cmd: &Cmd) -> Option<Lane> {
    match cmd {
        Cmd::Load(_) => Some(Lane::DeskList),
        // Whether the record under the open form moved on: never read on the UI thread.
        Cmd::Check { .. } => Some(Lane::DeskFollow),
        Cmd::Open(_) | Cmd::Raise(_) | Cmd::Step { .. } | Cmd::Dismiss(..) | Cmd::Out(_) => None,
    }
}

/// A follow check's flag saying a save was just refused over it (`Runner::refused`).
fn refused_flag(cmd: &mut Cmd) -> Option<&mut bool> {
    match cmd {
        Cmd::Load(_) => None,
        Cmd::Check { refused, .. } => Some(refused),
        Cmd::Open(_) | Cmd::Raise(_) | Cmd::Step { .. } | Cmd::Dismiss(..) | Cmd::Out(_) => None,
    }
}

/// Loads (when `load`, on the loads thread), then feeds `msg` (if any) through the
/// machine, running each command it asks for.
pub fn drive(page: &mut ImprovementsPage, msg: Option<Msg>, env: &mut Env, load: bool) -> Vec<Out> {
    let mut outs = Vec::new();
    if load {
        let filter = page.filter;
        outs.extend(RUNNER.command(page, Cmd::Load(filter), env));
    }
    if let Some(m) = msg {
        outs.extend(RUNNER.drive(page, m, env));
    }
    outs
}

fn actor(env: &Env) -> Actor {
    Actor {
        agent_id: env.agent.map(|a| a.id),
        at: env.clock.now(),
    }
}

fn supervisor(env: &Env) -> bool {
    env.agent
        .is_some_and(|a| a.role == crate::store::agents::Role::Supervisor)
}

fn said(e: &StoreError, lang: Lang) -> String {
    e.message(lang)
}

fn run(cmd: Cmd, env: &mut Env, outs: &mut Vec<Out>) -> Option<Msg> {
    let lang = env.lang;
    match cmd {
        Cmd::Out(o) => {
            outs.push(o);
            None
        }
        Cmd::Check {
            id,
            version,
            refused,
        } => super::follow::look(env, id, version, refused).unwrap_or_else(|e| {
            outs.push(Out::Error(said(&e, lang)));
            None
        }),
        Cmd::Load(filter) => match load(env, filter) {
            Ok(l) => Some(Msg::Loaded(Box::new(l))),
            Err(e) => {
                outs.push(Out::Error(said(&e, lang)));
                None
            }
        },
        Cmd::Open(id) => {
            let conn = env.db.conn();
            match si::get(conn, id).and_then(|r| Ok((r, si::links(conn, id)?))) {
                Ok((row, links)) => Some(Msg::Opened(Box::new(row), links)),
                Err(e) => {
                    outs.push(Out::Error(said(&e, lang)));
                    None
                }
            }
        }
        Cmd::Raise(n) => {
            if env.agent.is_none() {
                return Some(Msg::Refused(
                    lang.t("请先登录（--agent 工号）", "Sign in first (--agent)")
                        .into(),
                ));
            }
            let today = env.clock.today();
            let a = actor(env);
            match si::raise(env.db, a, today, &n) {
                Ok(id) => Some(Msg::Saved(
                    id,
                    match lang {
                        Lang::Zh => format!("已提出整改 #{id}"),
                        Lang::En => format!("Improvement action #{id} raised"),
                    },
                )),
                Err(e) => Some(Msg::Refused(said(&e, lang))),
            }
        }
        Cmd::Step {
            id,
            version,
            to,
            note,
        } => {
            if env.agent.is_none() {
                return Some(Msg::Refused(
                    lang.t("请先登录（--agent 工号）", "Sign in first (--agent)")
                        .into(),
                ));
            }
            let a = actor(env);
            let sup = supervisor(env);
            match si::step(env.db, a, id, version, to, sup, note.as_deref()) {
                Ok(r) => Some(Msg::Saved(
                    r.id,
                    match lang {
                        Lang::Zh => format!("整改 #{} 已改为“{}”", r.id, to.label(lang)),
                        Lang::En => {
                            format!("Action #{} is now {}", r.id, to.label(lang).to_lowercase())
                        }
                    },
                )),
                Err(e) => Some(Msg::Refused(said(&e, lang))),
            }
        }
        Cmd::Dismiss(p, reason) => {
            let a = actor(env);
            if !supervisor(env) {
                return Some(Msg::Refused(
                    lang.t(
                        "只有客服主管可以处理整改令建议",
                        "Only a supervisor decides on a proposed order",
                    )
                    .into(),
                ));
            }
            match proposals::dismiss(env.db, a, &p, &reason) {
                Ok(()) => Some(Msg::Dismissed(
                    lang.t("已不采纳该整改令建议", "The proposed order was dismissed")
                        .to_string(),
                )),
                Err(e) => Some(Msg::Refused(said(&e, lang))),
            }
        }
    }
}

fn load(env: &Env, filter: crate::store::improvements::Filter) -> Result<Loaded, StoreError> {
    let conn = env.db.conn();
    let rows = si::list(conn, filter, LIMIT)?;
    let total = if rows.len() < LIMIT {
        rows.len()
    } else {
        si::count(conn, filter)?
    };
    let rule = proposals::rule(conn);
    let sup = supervisor(env);
    let list = if sup {
        let sla = SlaSettings {
            business_hours: env.settings.sla_business_hours,
            ..Default::default()
        };
        let judge = Judge {
            sla: &sla,
            calendar: env.calendar,
            tz: env.clock.tz(),
            now: env.clock.now(),
        };
        proposals::pending(conn, rule, &judge)?
    } else {
        Vec::new()
    };
    Ok(Loaded {
        rows,
        total,
        proposals: list,
        rule,
        supervisor: sup,
        today: env.clock.today(),
        lang: env.lang,
        owners: si::owners(conn)?,
        me: env.agent.map(|a| a.id),
    })
}
