//! Carries the Settings page's commands out against the store and answers with the next
//! message.

use super::{Cmd, Msg, Snapshot};
use crate::i18n::Lang;
use crate::setup;
use crate::store::Actor;
use crate::store::agents::admin;
use crate::store::settings as st;
use crate::ui::background::Lane;
use crate::ui::desk::{Env, Out};

const STORE_FILE: &str = "store.toml";

/// The version of the store's file in the database (`None`: it has no copy yet), read from
/// its one row.
pub(super) fn file_version(env: &Env) -> Result<Option<i64>, crate::store::StoreError> {
    Ok(st::get_full(env.db.conn(), &setup::key(STORE_FILE))?.map(|s| s.version))
}

/// What the page shows, read now.
pub(super) fn snapshot(env: &Env) -> Result<Snapshot, crate::store::StoreError> {
    let stored = st::files(env.db.conn());
    let dir = env.settings.config_dir.as_deref();
    let (text, source) = setup::text_of(&stored, dir, STORE_FILE);
    let version = stored
        .iter()
        .find(|s| s.key == setup::key(STORE_FILE))
        .map(|s| s.version);
    let store = setup::load(&stored, dir, env.settings.tz).store;
    Ok(Snapshot {
        business_hours: store
            .sla_business_hours
            .unwrap_or(env.settings.sla_business_hours),
        source: source.describe(env.lang, store.tz),
        setup: store,
        text,
        version,
        agents: admin::rows(env.db)?,
    })
}

/// The commands that read much of the store: they run on the loads thread.
pub fn lane(cmd: &Cmd) -> Option<Lane> {
    match cmd {
        Cmd::Load => Some(Lane::DeskList),
        // Whether the record under the open form moved on: never read on the UI thread.
        Cmd::Check { .. } => Some(Lane::DeskFollow),
        Cmd::SaveFile { .. }
        | Cmd::AddAgent { .. }
        | Cmd::UpdateAgent { .. }
        | Cmd::Status(_)
        | Cmd::Error(_) => None,
    }
}

/// A follow check's flag saying a save was just refused over it (`Runner::refused`).
pub(super) fn refused_flag(cmd: &mut Cmd) -> Option<&mut bool> {
    match cmd {
        Cmd::Load => None,
        Cmd::Check { refused, .. } => Some(refused),
        Cmd::SaveFile { .. }
        | Cmd::AddAgent { .. }
        | Cmd::UpdateAgent { .. }
        | Cmd::Status(_)
        | Cmd::Error(_) => None,
    }
}

pub fn run(cmd: Cmd, env: &mut Env, outs: &mut Vec<Out>) -> Option<Msg> {
    let lang = env.lang;
    let actor = Actor {
        agent_id: env.agent.map(|a| a.id),
        at: env.clock.now(),
    };
    let saved = |zh: &str, en: &str| Msg::Saved(lang.t(zh, en).into());
    match cmd {
        Cmd::Load => match snapshot(env) {
            Ok(s) => Some(Msg::Loaded(Box::new(s))),
            Err(e) => {
                outs.push(Out::Error(e.message(lang)));
                None
            }
        },
        Cmd::SaveFile { text, seen } => Some(
            match st::set_checked(env.db, actor, &setup::key(STORE_FILE), &text, seen) {
                Ok(()) => saved(
                    "已保存门店设置，全店坐席即时生效",
                    "Store settings saved; every agent's app takes them now",
                ),
                Err(e) => Msg::Refused(e.message(lang)),
            },
        ),
        Cmd::AddAgent { emp_no, edit } => Some(match admin::add(env.db, actor, &emp_no, &edit) {
            Ok(a) => Msg::Saved(match lang {
                Lang::Zh => format!("已添加坐席 {} {}", a.emp_no, crate::text::inert(&a.name)),
                Lang::En => format!("Agent {} {} added", a.emp_no, crate::text::inert(&a.name)),
            }),
            Err(e) => Msg::Refused(e.message(lang)),
        }),
        Cmd::UpdateAgent { id, version, edit } => {
            Some(match admin::update(env.db, actor, id, version, &edit) {
                Ok(()) => saved("已保存坐席资料", "Agent saved"),
                Err(e) => Msg::Refused(e.message(lang)),
            })
        }
        Cmd::Check { under, refused } => {
            super::follow::look(env, under, refused).unwrap_or_else(|e| {
                outs.push(Out::Error(e.message(lang)));
                None
            })
        }
        Cmd::Status(line) => {
            outs.push(Out::Status(line));
            None
        }
        Cmd::Error(line) => {
            outs.push(Out::Error(line));
            None
        }
    }
}
