//! The Complaints tab's runner: each command carried out against the store, answered with
//! the message the tab handles — loading complaints with their clocks, registering, each
//! step, and escalating automatically when a rule says so.

use super::{Cmd, Detail, Item, Msg};
use crate::domain::complaints::{self as dc, ClockState, EventKind, Severity};
use crate::i18n::Lang;
use crate::store::complaints::{self as sc, NewComplaint};
use crate::store::{Actor, StoreError, agents, customers, search, vehicles};
use crate::ui::background::Lane;
use crate::ui::desk::{Env, Out};
use crate::ui::widgets::customer_pick;

/// Complaints loaded into the list at once.
const LIST_LIMIT: usize = 300;
/// Open complaints looked at for escalation and the overdue count.
const OPEN_LIMIT: usize = 1000;

/// The lane of a Complaints command that reads much of the store (None: run it here).
pub fn lane(cmd: &Cmd) -> Option<Lane> {
    match cmd {
        Cmd::List(_) => Some(Lane::ComplaintList),
        Cmd::Escalate => Some(Lane::ComplaintDeadlines),
        Cmd::Count => Some(Lane::ComplaintCount),
        // The open complaint read again on another agent's save, or after a step refused
        // over theirs: never on the UI thread.
        Cmd::Follow { .. } | Cmd::Reshow(_) => Some(Lane::ComplaintFollow),
        // Writes, and the reads that answer the user's own step, run here.
        Cmd::Show(_)
        | Cmd::Register(_)
        | Cmd::Step { .. }
        | Cmd::FindCustomer(_)
        | Cmd::PickCustomer { .. }
        | Cmd::Export(_)
        | Cmd::Out(_) => None,
    }
}

/// Carries out one command; what it answers goes back to the tab, what it asks of the app
/// goes to `outs`. A store failure is the app's error line.
pub fn run(cmd: Cmd, env: &mut Env, outs: &mut Vec<Out>) -> Option<Msg> {
    let lang = env.lang;
    let result = match cmd {
        Cmd::List(show) => list(env, show),
        Cmd::Show(id) => detail(env, id).map(|d| Some(Msg::Shown(Box::new(d)))),
        Cmd::Reshow(id) => detail(env, id).map(|d| Some(Msg::Reshown(Box::new(d)))),
        Cmd::Follow { id, seen } => follow(env, id, seen),
        Cmd::Register(ask) => register(env, &ask),
        Cmd::Step { ask, level } => step(env, ask, level),
        Cmd::Escalate => auto_escalate(env).map(|_| None),
        Cmd::Count => count_overdue(env).map(|n| Some(Msg::Overdue(n))),
        Cmd::FindCustomer(q) => find_customer(env, &q),
        Cmd::PickCustomer {
            customer_id,
            vehicle_id,
        } => pick_customer(env, customer_id, vehicle_id),
        Cmd::Export(rows) => {
            let sheet = super::export::sheet(&rows, lang, env.clock);
            outs.push(Out::Export {
                sheet: Box::new(sheet),
                name: "complaints-list",
            });
            Ok(None)
        }
        Cmd::Out(out) => {
            outs.push(out);
            Ok(None)
        }
    };
    result.unwrap_or_else(|e| {
        outs.push(Out::Error(e.message(lang)));
        None
    })
}

fn clocks_of(env: &Env, events: &[dc::Event], severity: Severity) -> Vec<dc::Clock> {
    // A closed complaint never shows a running clock: its clocks stop where its log ends,
    // even when that is after this app's now (another agent's clock, or a demo store built
    // on a later day).
    let closed = dc::fold(events).status == Some(dc::Status::Closed);
    let now = match events.last() {
        Some(e) if closed => env.clock.now().max(e.at),
        _ => env.clock.now(),
    };
    dc::clocks(
        events,
        severity,
        env.sla,
        env.calendar,
        &crate::domain::calendar::BusinessHours::default(),
        env.clock.tz(),
        now,
    )
}

fn list(env: &mut Env, show: sc::Show) -> Result<Option<Msg>, StoreError> {
    let conn = env.db.conn();
    let rows = sc::list(conn, show, None, env.clock.tz(), LIST_LIMIT)?;
    let total = if rows.len() < LIST_LIMIT {
        rows.len()
    } else {
        sc::count(conn, show)?
    };
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let events = sc::events(conn, row.id)?;
        let clocks = clocks_of(env, &events, row.severity);
        items.push(Item { row, clocks });
    }
    let handlers = active_agents(env)?;
    Ok(Some(Msg::Listed {
        items,
        total,
        handlers,
    }))
}

/// The active agents a complaint can be given to, "1002 陈静" each.
fn active_agents(env: &mut Env) -> Result<Vec<String>, StoreError> {
    Ok(agents::list(env.db)?
        .into_iter()
        .filter(|a| a.active)
        .map(|a| format!("{} {}", a.emp_no, a.name))
        .collect())
}

/// Overdue open complaints, for the status bar.
pub fn count_overdue(env: &mut Env) -> Result<usize, StoreError> {
    let conn = env.db.conn();
    let mut overdue = 0;
    for id in sc::open_ids(conn, OPEN_LIMIT)? {
        let row = sc::get(conn, id)?;
        let events = sc::events(conn, id)?;
        if clocks_of(env, &events, row.severity)
            .iter()
            .any(|c| c.state == ClockState::Overdue)
        {
            overdue += 1;
        }
    }
    Ok(overdue)
}

/// A complaint's page as the store has it now.
fn detail(env: &mut Env, id: i64) -> Result<Detail, StoreError> {
    let row = sc::get(env.db.conn(), id)?;
    let events = sc::events(env.db.conn(), id)?;
    let state = dc::fold(&events);
    let clocks = clocks_of(env, &events, row.severity);
    let valid = dc::is_valid_complaint(row.category, &state, &clocks);
    let follow_ups = sc::follow_ups(env.db.conn(), id)?;
    let seen = sc::last_event_id(env.db.conn(), id)?;
    let handlers = active_agents(env)?;
    let names = agents::list(env.db)?
        .into_iter()
        .map(|a| (a.id, format!("{} {}", a.emp_no, a.name)))
        .collect();
    Ok(Detail {
        row,
        events,
        state,
        clocks,
        follow_ups,
        valid,
        names,
        handlers,
        seen,
    })
}

/// Another agent saved: the open complaint's page as it is now, and who did what when its
/// log moved past what the page showed.
fn follow(env: &mut Env, id: i64, seen: i64) -> Result<Option<Msg>, StoreError> {
    let d = detail(env, id)?;
    let said = if d.seen != seen {
        sc::newest_change_said(env.db.conn(), id)?.map(|e| e.message(env.lang))
    } else {
        None
    };
    Ok(Some(Msg::Followed {
        detail: Box::new(d),
        said,
    }))
}

/// Appends the escalations the rules call for (deadline passed, reopened twice, major) to
/// every open complaint. Safe to run from several agents' apps: each append checks the log
/// inside its own write lock.
pub fn auto_escalate(env: &mut Env) -> Result<usize, StoreError> {
    if env.db.is_read_only() {
        return Ok(0);
    }
    let mut made = 0;
    for id in sc::open_ids(env.db.conn(), OPEN_LIMIT)? {
        let row = sc::get(env.db.conn(), id)?;
        let events = sc::events(env.db.conn(), id)?;
        let state = dc::fold(&events);
        let clocks = clocks_of(env, &events, row.severity);
        for reason in dc::pending_escalations(&state, &clocks, row.severity) {
            let e = dc::escalation_event(reason, env.clock.now());
            match sc::append(env.db, id, e, env.clock.tz()) {
                Ok(_) => made += 1,
                // Another agent's app got there first, or the step no longer applies.
                Err(StoreError::Refused(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(made)
}

/// Who the register form's customer text finds (phone tail, plate, name, pinyin).
fn find_customer(env: &mut Env, q: &str) -> Result<Option<Msg>, StoreError> {
    let hits = match q.trim() {
        "" => Vec::new(),
        q => search::search(env.db.conn(), q, customer_pick::ROWS)?,
    };
    Ok(Some(Msg::Hits(hits)))
}

/// The customer picked there, with their cars.
fn pick_customer(
    env: &mut Env,
    customer_id: i64,
    vehicle_id: Option<i64>,
) -> Result<Option<Msg>, StoreError> {
    let c = customers::get(env.db.conn(), customer_id)?;
    let cars = vehicles::of_customer(env.db.conn(), customer_id)?;
    Ok(Some(Msg::Picked {
        customer: (customer_id, c.data.name),
        cars,
        vehicle_id,
    }))
}

fn refused(why: String) -> Result<Option<Msg>, StoreError> {
    Ok(Some(Msg::Refused { why, stale: None }))
}

fn no_agent(lang: Lang, emp: &str) -> String {
    match lang {
        Lang::Zh => format!("工号 {emp} 不存在"),
        Lang::En => format!("No agent {emp}"),
    }
}

fn actor(env: &Env) -> Actor {
    Actor {
        agent_id: env.agent.map(|a| a.id),
        at: env.clock.now(),
    }
}

fn register(env: &mut Env, ask: &super::RegisterAsk) -> Result<Option<Msg>, StoreError> {
    let lang = env.lang;
    let (customer_id, vehicle_id) = match ask.picked {
        Some((c, v)) => (Some(c), v),
        None => (None, None),
    };
    let handler_id = match &ask.handler_emp_no {
        Some(emp) => match agents::by_emp_no(env.db, emp)? {
            Some(a) => Some(a.id),
            None => return refused(no_agent(lang, emp)),
        },
        None => None,
    };
    let c = NewComplaint {
        customer_id,
        vehicle_id,
        call_id: None,
        channel: ask.channel.clone(),
        received_at: env.clock.now(),
        category: ask.category,
        loss_yuan: ask.loss_yuan,
        severity_by_hand: ask.severity_by_hand.clone(),
        station: ask.station.clone(),
        summary: ask.summary.clone(),
        demand: ask.demand.clone(),
        handler_id,
    };
    let actor = actor(env);
    match sc::register(env.db, actor, &c) {
        Ok(id) => Ok(Some(Msg::Registered(id))),
        Err(e) => refused(e.message(lang)),
    }
}

fn step(env: &mut Env, ask: super::StepAsk, level: u8) -> Result<Option<Msg>, StoreError> {
    let lang = env.lang;
    let mut kind = ask.kind.clone();
    if let Some(emp) = &ask.handler_emp_no {
        match agents::by_emp_no(env.db, emp)? {
            Some(a) => kind = EventKind::HandlerAssigned { handler: a.id },
            None => return refused(no_agent(lang, emp)),
        }
    }
    if let EventKind::Escalated { level: l, .. } = &mut kind {
        *l = level.saturating_add(1).max(dc::LEVEL_SUPERVISOR);
    }
    let e = dc::Event {
        at: ask.at,
        by: env.agent.map(|a| a.id),
        kind,
    };
    match sc::append_seen(env.db, ask.id, ask.seen, e, env.clock.tz()) {
        Ok(_) => Ok(Some(Msg::Stepped(ask.id))),
        Err(e) => {
            let stale = matches!(e, StoreError::Said { .. }).then_some(ask.id);
            Ok(Some(Msg::Refused {
                why: e.message(lang),
                stale,
            }))
        }
    }
}
