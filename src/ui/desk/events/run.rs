//! Carries the events page's commands out against the store and answers with the next
//! message.

use super::{Cmd, Msg};
use crate::i18n::Lang;
use crate::store::Actor;
use crate::store::events::{self as ev, Planning};
use crate::text::inert;
use crate::ui::background::Lane;
use crate::ui::desk::{Env, Out};

/// The commands that read much of the store: they run on the loads thread.
pub fn lane(cmd: &Cmd) -> Option<Lane> {
    match cmd {
        Cmd::List => Some(Lane::DeskList),
        // Whether the record under the open form moved on: never read on the UI thread.
        Cmd::Check { .. } => Some(Lane::DeskFollow),
        Cmd::Open(_)
        | Cmd::Save { .. }
        | Cmd::Preview(_)
        | Cmd::Invite { .. }
        | Cmd::Answer { .. }
        | Cmd::CheckIn { .. }
        | Cmd::Cancel { .. }
        | Cmd::StopInviting { .. }
        | Cmd::OpenCustomer(_)
        | Cmd::Status(_)
        | Cmd::Error(_) => None,
    }
}

/// A follow check's flag saying a save was just refused over it (`Runner::refused`).
pub(super) fn refused_flag(cmd: &mut Cmd) -> Option<&mut bool> {
    match cmd {
        Cmd::List => None,
        Cmd::Check { refused, .. } => Some(refused),
        Cmd::Open(_)
        | Cmd::Save { .. }
        | Cmd::Preview(_)
        | Cmd::Invite { .. }
        | Cmd::Answer { .. }
        | Cmd::CheckIn { .. }
        | Cmd::Cancel { .. }
        | Cmd::StopInviting { .. }
        | Cmd::OpenCustomer(_)
        | Cmd::Status(_)
        | Cmd::Error(_) => None,
    }
}

/// Carries out one command. A step that plans or withdraws callback tasks (inviting,
/// stopping, cancelling, an answer, a check-in) tells the app once it is saved, so the
/// queue and the status bar's count follow it.
pub fn run(cmd: Cmd, env: &mut Env, outs: &mut Vec<Out>) -> Option<Msg> {
    let queue_step = matches!(
        cmd,
        Cmd::Invite { .. }
            | Cmd::StopInviting { .. }
            | Cmd::Cancel { .. }
            | Cmd::Answer { .. }
            | Cmd::CheckIn { .. }
    );
    let msg = carry(cmd, env, outs);
    if queue_step && matches!(msg, Some(Msg::Saved { .. })) {
        outs.push(Out::CallbacksChanged);
    }
    msg
}

fn carry(cmd: Cmd, env: &mut Env, outs: &mut Vec<Out>) -> Option<Msg> {
    let lang = env.lang;
    let today = env.clock.today();
    let actor = Actor {
        agent_id: env.agent.map(|a| a.id),
        at: env.clock.now(),
    };
    let name_of = |rows: &[ev::InviteeRow], id: i64| {
        rows.iter()
            .find(|r| r.id == id)
            .map(|r| inert(&r.name))
            .unwrap_or_default()
    };
    match cmd {
        Cmd::List => match ev::list(env.db.conn(), None, None, today).and_then(|rows| {
            let total = if rows.len() < ev::LIST_LIMIT {
                rows.len()
            } else {
                ev::count(env.db.conn(), None, None)?
            };
            Ok((rows, total))
        }) {
            Ok((rows, total)) => Some(Msg::Loaded(rows, total)),
            Err(e) => {
                outs.push(Out::Error(e.message(lang)));
                None
            }
        },
        Cmd::Open(id) => {
            let conn = env.db.conn();
            match ev::get(conn, id).and_then(|e| Ok((e, ev::invitees(conn, id)?))) {
                Ok((e, inv)) => Some(Msg::Opened(Box::new(e), inv)),
                Err(e) => {
                    outs.push(Out::Error(e.message(lang)));
                    None
                }
            }
        }
        Cmd::Save { target, data } => {
            let title = inert(&data.title);
            let done = match target {
                None => ev::create(env.db, actor, &data),
                Some((id, version)) => ev::update(env.db, actor, id, version, &data).map(|()| id),
            };
            Some(match done {
                Ok(id) => Msg::Saved {
                    event: id,
                    message: match lang {
                        Lang::Zh => format!("已保存活动 {title}"),
                        Lang::En => format!("Saved the event {title}"),
                    },
                },
                Err(e) => Msg::Refused(e.message(lang)),
            })
        }
        Cmd::Preview(id) => match ev::preview(env.db.conn(), id, today) {
            Ok(p) => Some(Msg::Previewed(p)),
            Err(e) => Some(Msg::Refused(e.message(lang))),
        },
        Cmd::Invite { event, version } => {
            let rules = crate::ui::desk::callback_rules(env, outs);
            let plan = Planning {
                today,
                tz: env.clock.tz(),
                rules: &rules,
                cal: env.calendar,
            };
            Some(match ev::invite(env.db, actor, plan, event, version) {
                Ok(r) => Msg::Saved {
                    event,
                    message: match lang {
                        Lang::Zh => format!(
                            "已邀约 {} 位客户，{} 条邀约任务进入回访队列（{} 条因勿扰或无号码不回访）",
                            r.invited, r.tasks, r.skipped
                        ),
                        Lang::En => format!(
                            "Invited {} customers; {} invitation tasks in the callback queue ({} skipped: do-not-contact or no number)",
                            r.invited, r.tasks, r.skipped
                        ),
                    },
                },
                Err(e) => Msg::Refused(e.message(lang)),
            })
        }
        Cmd::Cancel { event, version } => Some(match ev::cancel(env.db, actor, event, version) {
            Ok(n) => Msg::Saved {
                event,
                message: match lang {
                    Lang::Zh => format!("已取消活动，{n} 条未拨的邀约/回访已撤销"),
                    Lang::En => format!(
                        "Event cancelled; {} not yet made withdrawn",
                        lang.count(n, "条", "call", "calls")
                    ),
                },
            },
            Err(e) => Msg::Refused(e.message(lang)),
        }),
        Cmd::StopInviting { event, version } => {
            Some(match ev::stop_inviting(env.db, actor, event, version) {
                Ok(n) => Msg::Saved {
                    event,
                    message: match lang {
                        Lang::Zh => format!("已停止邀约，{n} 条未拨的邀约电话已撤销"),
                        Lang::En => format!(
                            "Invitations stopped; {} not yet made withdrawn",
                            lang.count(n, "条", "invitation call", "invitation calls")
                        ),
                    },
                },
                Err(e) => Msg::Refused(e.message(lang)),
            })
        }
        Cmd::Answer {
            event,
            invitee,
            version,
            rsvp,
        } => {
            let who = ev::invitees(env.db.conn(), event)
                .map(|rows| name_of(&rows, invitee))
                .unwrap_or_default();
            Some(match ev::answer(env.db, actor, invitee, version, rsvp) {
                Ok(seats) => {
                    let mut message = match lang {
                        Lang::Zh => format!(
                            "{who}：{} {} 人，已接受 {}",
                            rsvp.answer.label(lang),
                            rsvp.party,
                            seats.text(lang)
                        ),
                        Lang::En => format!(
                            "{who}: {} {} people, accepted {}",
                            rsvp.answer.label(lang),
                            rsvp.party,
                            seats.text(lang)
                        ),
                    };
                    if seats.over() {
                        message.push_str(lang.t("。注意：已超出名额", ". Note: over the capacity"));
                    }
                    Msg::Saved { event, message }
                }
                Err(e) => Msg::Refused(e.message(lang)),
            })
        }
        Cmd::CheckIn {
            event,
            invitee,
            version,
            attended,
        } => {
            let who = ev::invitees(env.db.conn(), event)
                .map(|rows| name_of(&rows, invitee))
                .unwrap_or_default();
            let rules = crate::ui::desk::callback_rules(env, outs);
            let plan = Planning {
                today,
                tz: env.clock.tz(),
                rules: &rules,
                cal: env.calendar,
            };
            Some(
                match ev::check_in(env.db, actor, plan, invitee, version, attended) {
                    Ok(()) => Msg::Saved {
                        event,
                        message: match (attended, lang) {
                            (true, Lang::Zh) => format!("{who} 已签到（活动后安排回访）"),
                            (true, Lang::En) => {
                                format!("{who} checked in (a feedback call follows the event)")
                            }
                            (false, Lang::Zh) => format!("{who} 已取消签到"),
                            (false, Lang::En) => format!("{who}: check-in taken back"),
                        },
                    },
                    Err(e) => Msg::Refused(e.message(lang)),
                },
            )
        }
        Cmd::OpenCustomer(id) => {
            outs.push(Out::OpenCustomer(id));
            None
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
