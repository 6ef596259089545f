//! Carries the hand-over page's commands out against the store.

use super::{Cmd, Msg};
use crate::i18n::Lang;
use crate::store::handover;
use crate::store::{Actor, StoreError};
use crate::ui::background::Lane;
use crate::ui::desk::{Env, Out};

/// The hand-overs of this many days back are followed up.
const WINDOW_DAYS: u64 = 90;
/// At most this many rows on the page (the footer says how many there are in all).
const LIMIT: usize = 500;

/// The commands that read much of the store: they run on the loads thread.
pub fn lane(cmd: &Cmd) -> Option<Lane> {
    match cmd {
        Cmd::Load => Some(Lane::DeskList),
        // Whether the record under the open form moved on: never read on the UI thread.
        Cmd::Check { .. } => Some(Lane::DeskFollow),
        Cmd::LoadChecklist(..) | Cmd::Save(_) | Cmd::Out(_) => None,
    }
}

/// A follow check's flag saying a save was just refused over it (`Runner::refused`).
pub(super) fn refused_flag(cmd: &mut Cmd) -> Option<&mut bool> {
    match cmd {
        Cmd::Load => None,
        Cmd::Check { refused, .. } => Some(refused),
        Cmd::LoadChecklist(..) | Cmd::Save(_) | Cmd::Out(_) => None,
    }
}

pub fn run(cmd: Cmd, env: &mut Env, outs: &mut Vec<Out>) -> Option<Msg> {
    let lang = env.lang;
    let today = env.clock.today();
    let failed = |e: StoreError, outs: &mut Vec<Out>| {
        outs.push(Out::Error(e.message(lang)));
        None
    };
    match cmd {
        Cmd::Load => {
            let conn = env.db.conn();
            let loaded = handover::to_follow(conn, env.calendar, today, WINDOW_DAYS, LIMIT)
                .and_then(|(rows, tally)| Ok((rows, tally, handover::staff(conn)?)));
            match loaded {
                Ok((rows, tally, staff)) => Some(Msg::Loaded {
                    rows,
                    tally,
                    today,
                    staff,
                }),
                Err(e) => failed(e, outs),
            }
        }
        Cmd::Check {
            kind,
            id,
            version,
            refused,
        } => super::follow::look(env, (kind, id, version, refused))
            .unwrap_or_else(|e| failed(e, outs)),
        Cmd::LoadChecklist(kind, id) => {
            let conn = env.db.conn();
            let got = handover::get(conn, env.calendar, today, kind, id)
                .and_then(|h| Ok((handover::checklist(conn, kind, id)?, h)));
            match got {
                Ok((lines, h)) => Some(Msg::Checklist(h, lines)),
                Err(e) => failed(e, outs),
            }
        }
        Cmd::Save(r) => {
            let actor = Actor {
                agent_id: env.agent.map(|a| a.id),
                at: env.clock.now(),
            };
            Some(Msg::Saved(
                match handover::mark_received(env.db, actor, today, &r) {
                    Ok(_) => Ok(match lang {
                        Lang::Zh => format!(
                            "已登记 {} 份资料交到（{}，{}）",
                            r.documents.len(),
                            r.day,
                            r.handed_by
                        ),
                        Lang::En => format!(
                            "{} document{} recorded as received ({}, from {})",
                            r.documents.len(),
                            crate::i18n::plural(r.documents.len()),
                            r.day,
                            r.handed_by
                        ),
                    }),
                    Err(e) => Err(e.message(lang)),
                },
            ))
        }
        Cmd::Out(out) => {
            outs.push(out);
            None
        }
    }
}
