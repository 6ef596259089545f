//! Carries the page's commands out against the store and answers with the next message.

use super::{Cmd, Draft, Msg};
use crate::domain::rentals::{Fault, parse_when};
use crate::i18n::Lang;
use crate::store::rentals::{self, NewBreakdown, NewRental};
use crate::store::{Actor, StoreError};
use crate::ui::background::Lane;
use crate::ui::desk::{Env, Out};

/// How many rentals the list holds at most.
pub(super) const LIMIT: usize = 500;

fn actor(env: &Env) -> Actor {
    Actor {
        agent_id: env.agent.map(|a| a.id),
        at: env.clock.now(),
    }
}

fn refused(field: Option<&'static str>, line: String) -> Option<Msg> {
    Some(Msg::Refused { field, line })
}

fn failed(e: StoreError, lang: Lang) -> Option<Msg> {
    refused(None, e.message(lang))
}

fn bad_time(lang: Lang) -> String {
    lang.t(
        "时间格式应为 2026-11-23 18:00",
        "Write the time as 2026-11-23 18:00",
    )
    .to_string()
}

/// The commands that read much of the store: they run on the loads thread.
pub(super) fn lane(cmd: &Cmd) -> Option<Lane> {
    match cmd {
        Cmd::Load => Some(Lane::DeskList),
        // Whether the record under the open form moved on: never read on the UI thread.
        Cmd::Check { .. } => Some(Lane::DeskFollow),
        Cmd::LoadDetail(_)
        | Cmd::Create(_)
        | Cmd::Return { .. }
        | Cmd::Breakdown { .. }
        | Cmd::Status(_)
        | Cmd::Error(_) => None,
    }
}

/// A follow check's flag saying a save was just refused over it (`Runner::refused`).
pub(super) fn refused_flag(cmd: &mut Cmd) -> Option<&mut bool> {
    match cmd {
        Cmd::Load => None,
        Cmd::Check { refused, .. } => Some(refused),
        Cmd::LoadDetail(_)
        | Cmd::Create(_)
        | Cmd::Return { .. }
        | Cmd::Breakdown { .. }
        | Cmd::Status(_)
        | Cmd::Error(_) => None,
    }
}

pub(super) fn run(cmd: Cmd, env: &mut Env, outs: &mut Vec<Out>) -> Option<Msg> {
    let lang = env.lang;
    match cmd {
        Cmd::Load => {
            let conn = env.db.conn();
            let now = env.clock.now();
            // A list stopped at its limit is told the totals (same filter, same instant).
            let listed = rentals::out(conn, LIMIT).and_then(|rows| {
                let stopped = if rows.len() < LIMIT {
                    None
                } else {
                    Some(rentals::counts(conn, now)?)
                };
                Ok((rows, stopped))
            });
            match (listed, rentals::branches(conn)) {
                (Ok((rows, stopped)), Ok(branches)) => Some(Msg::Show {
                    rows,
                    stopped,
                    branches,
                    now,
                    tz: env.clock.tz(),
                    lang,
                }),
                (Err(e), _) | (_, Err(e)) => {
                    outs.push(Out::Error(e.message(lang)));
                    None
                }
            }
        }
        Cmd::LoadDetail(id) => {
            let conn = env.db.conn();
            match rentals::get(conn, id) {
                Ok(r) => match rentals::breakdowns(conn, id) {
                    Ok(b) => Some(Msg::Detail(Some(Box::new((r, b))))),
                    Err(e) => {
                        outs.push(Out::Error(e.message(lang)));
                        None
                    }
                },
                Err(StoreError::NotFound) => Some(Msg::Detail(None)),
                Err(e) => {
                    outs.push(Out::Error(e.message(lang)));
                    None
                }
            }
        }
        Cmd::Create(d) => create(env, d),
        Cmd::Return {
            id,
            version,
            at,
            branch,
        } => {
            let Some(at) = parse_when(&at, env.clock.tz()) else {
                return refused(Some("at"), bad_time(lang));
            };
            let me = actor(env);
            match rentals::record_return(env.db, me, id, version, at, &branch) {
                Ok(()) => Some(Msg::Saved {
                    line: lang
                        .t(
                            "已登记还车，还车回访已列入回访计划",
                            "Return recorded; the satisfaction survey is planned",
                        )
                        .to_string(),
                    focus: None,
                }),
                Err(e) => failed(e, lang),
            }
        }
        Cmd::Breakdown {
            id,
            version,
            fault,
            at,
            place,
            note,
        } => {
            let Some(fault) = Fault::parse(&fault) else {
                return refused(
                    Some("fault"),
                    lang.t("请输入 1–9 选择故障类型", "Type 1–9 for the fault type")
                        .to_string(),
                );
            };
            let Some(at) = parse_when(&at, env.clock.tz()) else {
                return refused(Some("at"), bad_time(lang));
            };
            let me = actor(env);
            let b = NewBreakdown {
                rental_id: id,
                fault,
                occurred_at: at,
                place,
                note,
            };
            match rentals::log_breakdown(env.db, me, &b, version) {
                Ok(logged) => {
                    outs.push(Out::RescueOpened(logged.rescue_id));
                    Some(Msg::Saved {
                        line: logged_line(&logged, env.clock.tz(), lang),
                        focus: Some(id),
                    })
                }
                Err(e) => failed(e, lang),
            }
        }
        Cmd::Check {
            id,
            version,
            refused,
        } => super::follow::look(env, id, version, refused).unwrap_or_else(|e| {
            outs.push(Out::Error(e.message(env.lang)));
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

/// What the desk is told once a breakdown is logged: the rescue case it opened and the
/// time (30 minutes on, so the day goes without saying) the customer must have been
/// contacted by (§2.2).
pub(super) fn logged_line(l: &rentals::Logged, tz: chrono_tz::Tz, lang: Lang) -> String {
    let due = l.contact_due.with_timezone(&tz).format("%H:%M");
    let id = l.rescue_id;
    match lang {
        Lang::Zh => format!("途中故障已登记，已开救援单 #{id}，请于 {due} 前联系客户确认"),
        Lang::En => {
            format!("Breakdown logged: rescue case #{id} opened, contact the customer by {due}")
        }
    }
}

fn create(env: &mut Env, d: Draft) -> Option<Msg> {
    let lang = env.lang;
    let tz = env.clock.tz();
    let conn = env.db.conn();
    let vehicle_id = match rentals::vehicle_by_plate(conn, &d.plate) {
        Ok(Some(v)) => v,
        Ok(None) => {
            return refused(
                Some("plate"),
                lang.t(
                    "档案中没有这个车牌的车辆",
                    "No car of the archive has this plate",
                )
                .to_string(),
            );
        }
        Err(e) => return failed(e, lang),
    };
    let customer_id = match rentals::customer_by_mobile(conn, &d.mobile) {
        Ok(Some(c)) => c,
        Ok(None) => {
            return refused(
                Some("mobile"),
                lang.t(
                    "没有唯一使用该手机号的客户，请先在客户档案中建档",
                    "No single customer has this mobile: add them in Customers first",
                )
                .to_string(),
            );
        }
        Err(e) => return failed(e, lang),
    };
    let Some(start_at) = parse_when(&d.start, tz) else {
        return refused(Some("start"), bad_time(lang));
    };
    let Some(planned_return_at) = parse_when(&d.planned_return, tz) else {
        return refused(Some("planned_return"), bad_time(lang));
    };
    let r = NewRental {
        contract_no: d.contract_no,
        vehicle_id,
        customer_id,
        branch: d.branch,
        start_at,
        planned_return_at,
    };
    let me = actor(env);
    match rentals::create(env.db, me, &r) {
        Ok(id) => Some(Msg::Saved {
            line: format!(
                "{} {}",
                lang.t("已新建租赁合同", "Rental entered:"),
                r.contract_no.trim().to_uppercase()
            ),
            focus: Some(id),
        }),
        Err(e) => failed(e, lang),
    }
}
