//! The app's side of the Complaints tab: loading complaints with their clocks, carrying
//! out each step against the store, and escalating automatically when a rule says so.

use super::action::Tab;
use super::app::App;
use super::screens::Effect;
use super::screens::complaints::{Detail, Item};
use crate::domain::complaints::{self as dc, ClockState, EventKind, Severity};
use crate::i18n::Lang;
use crate::store::complaints::{self as sc, NewComplaint};
use crate::store::{StoreError, agents, search};

/// Complaints loaded into the list at once.
const LIST_LIMIT: usize = 300;

impl App {
    fn clocks_of(&self, events: &[dc::Event], severity: Severity) -> Vec<dc::Clock> {
        // A closed complaint never shows a running clock: its clocks stop where its log
        // ends, even when that is after this app's now (another agent's clock, or a demo
        // store built on a later day).
        let closed = dc::fold(events).status == Some(dc::Status::Closed);
        let now = match events.last() {
            Some(e) if closed => self.clock.now().max(e.at),
            _ => self.clock.now(),
        };
        dc::clocks(
            events,
            severity,
            &self.sla,
            &self.calendar,
            &crate::domain::calendar::BusinessHours::default(),
            self.clock.tz(),
            now,
        )
    }

    pub(super) fn reload_complaints(&mut self) -> Result<(), StoreError> {
        let rows = sc::list(
            self.db.conn(),
            self.complaints.show,
            None,
            self.clock.tz(),
            LIST_LIMIT,
        )?;
        self.complaints.total = if rows.len() < LIST_LIMIT {
            rows.len()
        } else {
            sc::count(self.db.conn(), self.complaints.show)?
        };
        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            let events = sc::events(self.db.conn(), row.id)?;
            let clocks = self.clocks_of(&events, row.severity);
            items.push(Item { row, clocks });
        }
        if let Some(line) = self.complaints.set_items(items, self.lang) {
            self.note(line);
        }
        self.count_overdue_complaints()
    }

    /// Overdue open complaints, for the status bar.
    pub(super) fn count_overdue_complaints(&mut self) -> Result<(), StoreError> {
        let mut overdue = 0;
        for id in sc::open_ids(self.db.conn(), 1000)? {
            let row = sc::get(self.db.conn(), id)?;
            let events = sc::events(self.db.conn(), id)?;
            if self
                .clocks_of(&events, row.severity)
                .iter()
                .any(|c| c.state == ClockState::Overdue)
            {
                overdue += 1;
            }
        }
        self.complaints_overdue = overdue;
        Ok(())
    }

    /// Shows a complaint's page on the Complaints tab.
    fn open_complaint(&mut self, id: i64) -> Result<(), StoreError> {
        self.load_complaint(id)?;
        self.tab = Tab::Complaints;
        Ok(())
    }

    /// Loads a complaint's page without going to its tab.
    fn load_complaint(&mut self, id: i64) -> Result<(), StoreError> {
        let row = sc::get(self.db.conn(), id)?;
        let events = sc::events(self.db.conn(), id)?;
        let state = dc::fold(&events);
        let clocks = self.clocks_of(&events, row.severity);
        let valid = dc::is_valid_complaint(row.category, &state, &clocks);
        let follow_ups = sc::follow_ups(self.db.conn(), id)?;
        let seen = sc::last_event_id(self.db.conn(), id)?;
        let names = agents::list(&self.db)?
            .into_iter()
            .map(|a| (a.id, format!("{} {}", a.emp_no, a.name)))
            .collect();
        self.complaints.show_detail(Detail {
            row,
            events,
            state,
            clocks,
            follow_ups,
            valid,
            names,
            seen,
        });
        Ok(())
    }

    /// Appends the escalations the rules call for (deadline passed, reopened twice, major)
    /// to every open complaint. Safe to run from several agents' apps: each append checks
    /// the log inside its own write lock.
    pub(super) fn auto_escalate(&mut self) -> Result<usize, StoreError> {
        let mut made = 0;
        for id in sc::open_ids(self.db.conn(), 1000)? {
            let row = sc::get(self.db.conn(), id)?;
            let events = sc::events(self.db.conn(), id)?;
            let state = dc::fold(&events);
            let clocks = self.clocks_of(&events, row.severity);
            for reason in dc::pending_escalations(&state, &clocks, row.severity) {
                let e = dc::escalation_event(reason, self.clock.now());
                match sc::append(&mut self.db, id, e, self.clock.tz()) {
                    Ok(_) => made += 1,
                    // Another agent's app got there first, or the step no longer applies.
                    Err(StoreError::Refused(_)) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(made)
    }

    /// Another agent saved: the open complaint's page shows it as it is now. When a step
    /// form is open on it and its log moved on, the form says who did what (the step is
    /// then taken on the log as shown, not refused again).
    pub(super) fn follow_complaint(&mut self) -> Result<(), StoreError> {
        self.reload_complaints()?;
        let Some(d) = &self.complaints.detail else {
            return Ok(());
        };
        let (id, seen) = (d.row.id, d.seen);
        self.load_complaint(id)?;
        let moved = self.complaints.detail.as_ref().map(|d| d.seen) != Some(seen);
        if moved && let Some((_, f)) = &mut self.complaints.step {
            let line = match sc::newest_change_said(self.db.conn(), id)? {
                Some(e) => e.message(self.lang),
                None => String::new(),
            };
            f.message = Some((line, true));
        }
        Ok(())
    }

    pub(super) fn apply_complaints(&mut self, effect: Effect) -> Result<(), StoreError> {
        match effect {
            Effect::ComplaintsReload => self.reload_complaints(),
            Effect::OpenComplaint(id) => self.open_complaint(id),
            Effect::RegisterComplaint(ask) => {
                let (customer_id, vehicle_id) = match &ask.customer_query {
                    Some(q) => match search::search(self.db.conn(), q, 1)?.into_iter().next() {
                        Some(h) => (Some(h.customer_id), h.vehicle_id),
                        None => {
                            self.complaints.save_failed(match self.lang {
                                Lang::Zh => format!("找不到客户：{q}"),
                                Lang::En => format!("No customer matches {q}"),
                            });
                            return Ok(());
                        }
                    },
                    None => (None, None),
                };
                let handler_id = match &ask.handler_emp_no {
                    Some(emp) => match agents::by_emp_no(&self.db, emp)? {
                        Some(a) => Some(a.id),
                        None => {
                            self.complaints.save_failed(match self.lang {
                                Lang::Zh => format!("工号 {emp} 不存在"),
                                Lang::En => format!("No agent {emp}"),
                            });
                            return Ok(());
                        }
                    },
                    None => None,
                };
                let c = NewComplaint {
                    customer_id,
                    vehicle_id,
                    call_id: None,
                    channel: ask.channel.clone(),
                    received_at: self.clock.now(),
                    category: ask.category,
                    loss_yuan: ask.loss_yuan,
                    severity_by_hand: ask.severity_by_hand.clone(),
                    station: ask.station.clone(),
                    summary: ask.summary.clone(),
                    demand: ask.demand.clone(),
                    handler_id,
                };
                let actor = self.actor();
                match sc::register(&mut self.db, actor, &c) {
                    Ok(id) => {
                        self.complaints.saved();
                        self.auto_escalate()?;
                        self.status = Some((
                            match self.lang {
                                Lang::Zh => format!("投诉 #{id} 已登记；10 分钟内联系客户"),
                                Lang::En => format!(
                                    "Complaint #{id} registered; contact the customer within 10 min"
                                ),
                            },
                            false,
                        ));
                        self.open_complaint(id)
                    }
                    Err(e) => {
                        self.complaints.save_failed(e.message(self.lang));
                        Ok(())
                    }
                }
            }
            Effect::ComplaintStep(ask) => {
                let mut kind = ask.kind.clone();
                if let Some(emp) = &ask.handler_emp_no {
                    match agents::by_emp_no(&self.db, emp)? {
                        Some(a) => kind = EventKind::HandlerAssigned { handler: a.id },
                        None => {
                            self.complaints.save_failed(match self.lang {
                                Lang::Zh => format!("工号 {emp} 不存在"),
                                Lang::En => format!("No agent {emp}"),
                            });
                            return Ok(());
                        }
                    }
                }
                if let EventKind::Escalated { level, .. } = &mut kind {
                    let current = self
                        .complaints
                        .detail
                        .as_ref()
                        .map(|d| d.state.escalation_level)
                        .unwrap_or(0);
                    *level = current.saturating_add(1).max(dc::LEVEL_SUPERVISOR);
                }
                let supervisor = self
                    .agent
                    .as_ref()
                    .is_some_and(|a| a.role == agents::Role::Supervisor);
                if matches!(kind, EventKind::Ruled { .. }) && !supervisor {
                    self.complaints.save_failed(
                        self.lang
                            .t("只有主管可以裁定", "Only a supervisor may rule")
                            .into(),
                    );
                    return Ok(());
                }
                let by = self.agent.as_ref().map(|a| a.id);
                let e = dc::Event {
                    at: ask.at,
                    by,
                    kind,
                };
                match sc::append_seen(&mut self.db, ask.id, ask.seen, e, self.clock.tz()) {
                    Ok(_) => {
                        self.complaints.saved();
                        self.auto_escalate()?;
                        self.status = Some((self.lang.t("已记录", "Recorded").into(), false));
                        self.open_complaint(ask.id)?;
                        self.count_overdue_complaints()
                    }
                    Err(e) => {
                        let msg = e.message(self.lang);
                        let stale = matches!(e, StoreError::Said { .. });
                        if self.complaints.step.is_some() {
                            self.complaints.save_failed(msg);
                        } else {
                            self.complaints.message = Some(msg);
                        }
                        // Someone else's step came first: show the complaint as it is now
                        // (the open form keeps what was typed), so a second try is taken on
                        // what the agent has now seen.
                        if stale {
                            self.load_complaint(ask.id)?;
                        }
                        Ok(())
                    }
                }
            }
            _ => Ok(()),
        }
    }
}
