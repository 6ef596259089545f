//! Carries the knowledge page's commands out against the store and answers with the next
//! message.

use super::{Cmd, Msg, Target};
use crate::store::Actor;
use crate::store::kb::{self, search::KbQuery};
use crate::ui::background::Lane;
use crate::ui::desk::{Env, Out};

/// Rows the list loads at once.
pub(super) const SHOWN: usize = 200;

/// The commands that read much of the store: they run on the loads thread.
pub fn lane(cmd: &Cmd) -> Option<Lane> {
    match cmd {
        Cmd::Search { .. } => Some(Lane::DeskList),
        // Whether the record under the open form moved on: never read on the UI thread.
        Cmd::Check { .. } => Some(Lane::DeskFollow),
        Cmd::Open(_) | Cmd::Save { .. } | Cmd::Retire { .. } | Cmd::Status(_) | Cmd::Error(_) => {
            None
        }
    }
}

/// A follow check's flag saying a save was just refused over it (`Runner::refused`).
pub(super) fn refused_flag(cmd: &mut Cmd) -> Option<&mut bool> {
    match cmd {
        Cmd::Search { .. } => None,
        Cmd::Check { refused, .. } => Some(refused),
        Cmd::Open(_) | Cmd::Save { .. } | Cmd::Retire { .. } | Cmd::Status(_) | Cmd::Error(_) => {
            None
        }
    }
}

pub fn run(cmd: Cmd, env: &mut Env, outs: &mut Vec<Out>) -> Option<Msg> {
    let lang = env.lang;
    let actor = Actor {
        agent_id: env.agent.map(|a| a.id),
        at: env.clock.now(),
    };
    match cmd {
        Cmd::Search { text, kind, today } => {
            let q = KbQuery {
                text,
                kind,
                today,
                current_only: false,
                limit: SHOWN,
            };
            let conn = env.db.conn();
            let found = kb::search::search(conn, &q).and_then(|rows| {
                let total = if rows.len() < SHOWN {
                    rows.len()
                } else {
                    kb::search::count(conn, &q)?
                };
                Ok((rows, total))
            });
            match found {
                Ok((rows, total)) => Some(Msg::Loaded(rows, total)),
                Err(e) => {
                    outs.push(Out::Error(e.message(lang)));
                    None
                }
            }
        }
        Cmd::Open(id) => {
            let conn = env.db.conn();
            match kb::get(conn, id).and_then(|r| Ok((r, kb::history(conn, id)?))) {
                Ok((r, h)) => Some(Msg::Opened(Box::new(r), h)),
                Err(e) => {
                    outs.push(Out::Error(e.message(lang)));
                    None
                }
            }
        }
        Cmd::Save { target, article } => {
            let title = crate::text::inert(&article.title());
            let done = match target {
                Target::New(_) => kb::create(env.db, actor, &article).map(|id| (id, 1)),
                Target::Edit { id, version, .. } => {
                    kb::update(env.db, actor, id, version, &article).map(|v| (id, v))
                }
            };
            Some(match done {
                Ok((id, v)) => Msg::Saved {
                    id,
                    message: match lang {
                        crate::i18n::Lang::Zh => format!("已保存 {title}（第 {v} 版）"),
                        crate::i18n::Lang::En => format!("Saved {title} (version {v})"),
                    },
                },
                Err(e) => Msg::Refused(e.message(lang)),
            })
        }
        Cmd::Retire { id, version } => Some(match kb::retire(env.db, actor, id, version) {
            Ok(_) => Msg::Saved {
                id,
                message: lang
                    .t("已停用，历史版本保留", "Retired; its versions are kept")
                    .into(),
            },
            Err(e) => Msg::Refused(e.message(lang)),
        }),
        Cmd::Check {
            id,
            version,
            refused,
        } => super::follow::look(env, id, version, refused).unwrap_or_else(|e| {
            outs.push(Out::Error(e.message(lang)));
            None
        }),
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
