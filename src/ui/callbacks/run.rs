//! The Callbacks tab's runner: each command carried out against the store (loading the
//! queue and its counts, claiming, releasing, reassigning, recording attempts, following a
//! task another agent changed) and answered with the message the tab handles.

use super::{Cmd, Lent, Msg, Opened, Queue, View, Whose};
use crate::domain::callbacks::{Channel, Kind, Status};
use crate::i18n::Lang;
use crate::store::agents::Role;
use crate::store::callbacks::{self as cb, QueueFilter, Scope as QScope};
use crate::store::{Actor, StoreError, stale};
use crate::ui::background::Lane;
use crate::ui::desk::{Env, Out};

/// Rows of the queue loaded at once.
pub const QUEUE_LIMIT: usize = 300;

/// The lane of a Callbacks command that goes to the loads thread (None: run it here).
pub fn lane(cmd: &Cmd) -> Option<Lane> {
    match cmd {
        Cmd::Load(_) => Some(Lane::CallbackQueue),
        // Whether the task being worked moved on: never read on the UI thread.
        Cmd::Check { .. } => Some(Lane::CallbackFollow),
        Cmd::Claim { .. }
        | Cmd::Resume { .. }
        | Cmd::Release { .. }
        | Cmd::Attempt { .. }
        | Cmd::Reassign { .. }
        | Cmd::SendTexts
        | Cmd::Export(_)
        | Cmd::Out(_) => None,
    }
}

/// Carries out one command; what it answers goes back to the tab, what it asks of the app
/// goes to `outs`. A store failure is the app's error line.
pub(super) fn run(cmd: Cmd, env: &mut Env, lent: &Lent, outs: &mut Vec<Out>) -> Option<Msg> {
    let lang = env.lang;
    let result = match cmd {
        Cmd::Out(out) => {
            outs.push(out);
            return None;
        }
        Cmd::Export(rows) => {
            outs.push(Out::Export {
                sheet: Box::new(super::export::sheet(&rows, lang)),
                name: "callback-queue",
            });
            return None;
        }
        Cmd::Load(view) => load(env, view).map(|q| Some(Msg::Listed(Box::new(q)))),
        Cmd::Claim { id, version } => {
            let actor = actor(env);
            match cb::claim_seen(env.db, lent.rules, actor, id, version) {
                Ok(_) => opened(env, lent, id).map(|o| Some(Msg::Opened(Box::new(o)))),
                Err(e) => Ok(Some(refused(e, lang, None))),
            }
        }
        Cmd::Resume { id } => {
            let actor = actor(env);
            match cb::claim(env.db, lent.rules, actor, id) {
                Ok(_) => opened(env, lent, id).map(|o| Some(Msg::Opened(Box::new(o)))),
                Err(e) => Ok(Some(refused(e, lang, None))),
            }
        }
        Cmd::Release { id, version } => {
            let actor = actor(env);
            Ok(Some(match cb::release_seen(env.db, actor, id, version) {
                Ok(_) => Msg::Released(id),
                Err(e) => refused(e, lang, None),
            }))
        }
        Cmd::Reassign {
            id,
            version,
            emp_no,
        } => reassign(env, id, version, emp_no),
        Cmd::Attempt { id, version, input } => {
            let actor = actor(env);
            let now = env.clock.local_now();
            match cb::record_attempt_seen(env.db, lent.rules, actor, id, version, &input, now) {
                Ok(r) => Ok(Some(Msg::Recorded {
                    id,
                    outcome: input.outcome,
                    status: r.status,
                    next_try_at: r.next_try_at,
                    complaint_id: r.complaint_id,
                    seats: r.seats,
                })),
                // Refused over someone else's step: the task as it is now.
                Err(e @ (StoreError::Said { .. } | StoreError::Conflict { .. })) => {
                    cb::task(env.db.conn(), lent.rules, id, env.clock.today())
                        .map(|now| Some(refused(e, lang, Some(now))))
                }
                Err(e) => Ok(Some(refused(e, lang, None))),
            }
        }
        Cmd::SendTexts => Ok(Some(match super::sms::send_texts(env, lent) {
            Ok((n, path)) => Msg::TextsSent {
                n,
                path: path.display().to_string(),
            },
            Err(why) => Msg::Refused { why, task: None },
        })),
        Cmd::Check { id, version } => check(env, lent, id, version),
    };
    result.unwrap_or_else(|e| {
        outs.push(Out::Error(e.message(lang)));
        None
    })
}

fn actor(env: &Env) -> Actor {
    Actor {
        agent_id: env.agent.map(|a| a.id),
        at: env.clock.now(),
    }
}

fn refused(e: StoreError, lang: Lang, task: Option<crate::store::callbacks::TaskDetail>) -> Msg {
    Msg::Refused {
        why: e.message(lang),
        task: task.map(Box::new),
    }
}

/// No agent's id: the queue of nobody signed in.
const NOBODY: i64 = -1;

/// Whose queue it is when not a supervisor's: the signed-in agent's, or nobody's (no task
/// is claimed by `NOBODY`), who sees what an agent sees, as the help and hint lines treat
/// them: the queue and its counts hold only the tasks an agent can take.
pub(super) fn taker(env: &Env) -> Option<i64> {
    match env.agent {
        Some(a) if a.role == Role::Supervisor => None,
        Some(a) => Some(a.id),
        None => Some(NOBODY),
    }
}

/// The queue as `view` lists it, with the header's counts and the status bar's.
fn load(env: &Env, view: View) -> Result<Queue, StoreError> {
    let conn = env.db.conn();
    let today = env.clock.today();
    let me = env.agent.map_or(NOBODY, |a| a.id);
    let scope_of = |whose: Whose| match whose {
        Whose::Takeable => QScope::Takeable(me),
        Whose::Pool => QScope::Pool,
        Whose::Mine => QScope::Agent(me),
        Whose::All => QScope::All,
    };
    // An agent's default: the pool and their own (another agent's claim is not theirs to
    // take); a supervisor's: every task.
    let default_scope = scope_of(Whose::default_for(taker(env).is_none()));
    let scope = view.whose.map_or(default_scope, scope_of);
    // Calls to make; text greetings are sent in batches, not worked one by one here.
    let f = QueueFilter {
        kind: view.kind,
        scope,
        merge: true,
        channel: Some(Channel::Call),
        sort: if view.by_priority {
            cb::Sort::Priority
        } else {
            cb::Sort::Due
        },
        status: view.status,
        taker: taker(env),
        ..Default::default()
    };
    let rows = cb::queue(conn, &f, today, QUEUE_LIMIT)?;
    let total = if rows.len() < QUEUE_LIMIT {
        rows.len()
    } else {
        cb::queue_total(conn, &f)?
    };
    let mut counts = cb::counts_by_kind(conn, today)?;
    if f.taker.is_some() {
        // `f` does not step to a kind this agent cannot take.
        counts.retain(|c| c.kind.level() < 3);
    }
    // The header's count of a kind is what the list shows filtered to it; `f` steps
    // through the kinds that list holds.
    let mut kind_totals = Vec::new();
    for k in counts.iter().map(|c| c.kind) {
        let by_kind = QueueFilter {
            kind: Some(k),
            ..f.clone()
        };
        let n = cb::queue_total(conn, &by_kind)?;
        if n > 0 {
            kind_totals.push((k, n));
        }
    }
    let kinds: Vec<Kind> = kind_totals.iter().map(|(k, _)| *k).collect();
    let due_in_view = match view.status {
        None => Some(cb::queue_total(
            conn,
            &QueueFilter {
                due_to: Some(today),
                ..f.clone()
            },
        )?),
        Some(_) => None,
    };
    // The status bar: the default view's due rows, whatever this view is.
    let default = QueueFilter {
        scope: default_scope,
        merge: true,
        channel: Some(Channel::Call),
        due_to: Some(today),
        taker: f.taker,
        ..Default::default()
    };
    Ok(Queue {
        rows,
        kinds,
        total,
        kind_totals,
        due_in_view,
        due: i64::try_from(cb::queue_total(conn, &default)?).unwrap_or(i64::MAX),
    })
}

/// A claimed task with its customer card.
fn opened(env: &Env, lent: &Lent, id: i64) -> Result<Opened, StoreError> {
    let mut task = cb::task(env.db.conn(), lent.rules, id, env.clock.today())?;
    task.fill_booking(env.clock.tz(), lent.store_address);
    let mut card = customer_card(env, lent, task.row.customer_id, task.row.vehicle_id)?;
    // A reminder call says when the visit is: first thing on the card.
    if let Some(v) = &task.visit {
        card.insert(0, v.line(env.clock.tz(), env.lang));
    }
    let notice = super::work::hours_notice(
        task.row.channel,
        &lent.rules.settings.calling_hours,
        env.clock.local_now(),
        env.lang,
    )
    .or_else(|| super::work::early_notice(&task.row, env.clock.today(), env.lang));
    Ok(Opened {
        task,
        card,
        store_name: lent.store_name.to_string(),
        notice,
    })
}

fn reassign(
    env: &mut Env,
    id: i64,
    version: i64,
    emp_no: Option<String>,
) -> Result<Option<Msg>, StoreError> {
    let lang = env.lang;
    let to = match &emp_no {
        Some(emp) => match crate::store::agents::by_emp_no(env.db, emp)? {
            Some(a) => Some(a.id),
            None => {
                let why = match lang {
                    Lang::Zh => format!("工号 {emp} 不存在"),
                    Lang::En => format!("No agent {emp}"),
                };
                return Ok(Some(Msg::Refused { why, task: None }));
            }
        },
        None => None,
    };
    let actor = actor(env);
    Ok(Some(
        match cb::reassign_seen(env.db, actor, id, to, version) {
            Ok(()) => Msg::Reassigned(id),
            Err(e) => refused(e, lang, None),
        },
    ))
}

/// The task being worked: when another agent's step moved it past `version`, the task as
/// it is now and who changed it.
fn check(env: &Env, lent: &Lent, id: i64, version: i64) -> Result<Option<Msg>, StoreError> {
    let conn = env.db.conn();
    let now = cb::task(conn, lent.rules, id, env.clock.today())?;
    if now.row.version == version {
        return Ok(None);
    }
    let said = match withdrawn(&now.row, env.lang) {
        Some(s) => Some(s),
        None => stale::last_audited(conn, "callback_task", id)?.map(|c| {
            stale::notice(
                (&format!("回访任务 #{id}"), &format!("Callback task {id}")),
                c,
            )
            .message(env.lang)
        }),
    };
    Ok(Some(Msg::Moved {
        task: Box::new(now),
        said,
    }))
}

/// A task withdrawn while it was being worked (skipped by a step elsewhere: its event
/// full or cancelled, its source gone), said with why. The last audited change of the task
/// itself would be the agent's own claim: the step that withdrew it audits its own record.
pub(super) fn withdrawn(row: &cb::TaskRow, lang: Lang) -> Option<String> {
    let reason = row.reason.filter(|_| row.status == Status::Skipped)?;
    let id = row.id;
    Some(match lang {
        Lang::Zh => format!("回访任务 #{id} 已撤销（{}），不必再拨", reason.label(lang)),
        Lang::En => format!(
            "Callback task {id} was withdrawn ({}): no need to call",
            reason.label(lang)
        ),
    })
}

/// The customer card beside a callback: the car, the last visit, open complaints and
/// the latest calls.
fn customer_card(
    env: &Env,
    lent: &Lent,
    customer: Option<i64>,
    vehicle: Option<i64>,
) -> Result<Vec<String>, StoreError> {
    let lang = env.lang;
    let conn = env.db.conn();
    let mut lines = Vec::new();
    if let Some(vid) = vehicle {
        let v = crate::store::vehicles::get(conn, vid)?;
        let last = crate::store::files::repair_orders(conn, vid, 1)?;
        let visit = last
            .first()
            .map(|o| {
                format!(
                    "{} {}",
                    o.data.opened.format("%Y-%m-%d"),
                    o.data.items.join("、")
                )
            })
            .unwrap_or_else(|| lang.t("无", "none").into());
        lines.push(format!(
            "{}{} {} {}  {}{}",
            lang.t("车辆 ", "Car "),
            v.data.brand,
            v.data.model,
            v.data
                .mileage_km
                .map(|m| format!("{m}km"))
                .unwrap_or_default(),
            lang.t("上次进厂 ", "last visit "),
            visit
        ));
    }
    if let Some(cid) = customer {
        // What the customer's record asks of a caller (only texts, whom to ask for), whole.
        let notes = crate::store::customers::get(conn, cid)?.data.notes;
        if !notes.trim().is_empty() {
            lines.push(format!(
                "{}{}",
                lang.t("客户备注 ", "Customer note "),
                notes.trim()
            ));
        }
        let open = crate::store::complaints::open_count_for_customer(conn, cid)?;
        let calls = crate::store::calls::for_customer(conn, cid, 2)?;
        let recent: Vec<String> = calls
            .iter()
            .map(|c| {
                format!(
                    "{} {}",
                    env.clock.fmt_local(c.started_at).get(..10).unwrap_or(""),
                    lent.templates
                        .get(&c.template_id)
                        .map(|t| t.name(lang))
                        .unwrap_or(&c.template_id)
                )
            })
            .collect();
        lines.push(format!(
            "{}{open}  {}{}",
            lang.t("未结投诉 ", "open complaints "),
            lang.t("最近来电 ", "recent calls "),
            if recent.is_empty() {
                lang.t("无", "none").to_string()
            } else {
                recent.join(lang.t("；", "; "))
            }
        ));
    }
    Ok(lines)
}
