//! The bridge to the tabs in the new shape (the Desk tab's pages and every tab's folder):
//! they get the store and context through an `Env`, and what they ask of the app beyond
//! their own state (`Out`) is carried out here.

use super::action::Tab;
use super::app::{App, Overlay};
use super::appointments::Msg as AppointmentsMsg;
use super::audit::{ForApp, Msg as AuditMsg};
use super::callbacks::{Lent as CallbacksLent, Msg as CallbacksMsg};
use super::calls::{Ctx as CallsCtx, Lent, Msg as CallsMsg};
use super::complaints::Msg as ComplaintsMsg;
use super::customers::Msg as CustomersMsg;
use super::desk::improvements::RaisePrefill;
use super::desk::{DeskTab, Env, Out, Request};
use super::reports::{self, Msg as ReportsMsg};
use crate::store::reports::Viewer;

/// What a tab may use, borrowed field by field from the app (so the tab itself can be
/// borrowed beside it).
macro_rules! env_of {
    ($app:ident) => {
        Env {
            db: &mut $app.db,
            clock: &$app.clock,
            lang: $app.lang,
            agent: $app.agent.as_ref(),
            settings: &$app.settings,
            calendar: &$app.calendar,
            sla: &$app.sla,
        }
    };
}

/// A tab's `keep`: takes away the commands its runner's `lane` sends to the loads thread
/// (when the app has one: `off`) into `away`, and gives back those to run here.
fn keep_away<C>(
    off: bool,
    lane: fn(&C) -> Option<super::background::Lane>,
    away: &mut Vec<(super::background::Lane, C)>,
) -> impl FnMut(C) -> Option<C> + '_ {
    move |cmd| match lane(&cmd) {
        Some(l) if off => {
            away.push((l, cmd));
            None
        }
        Some(_) | None => Some(cmd),
    }
}

impl App {
    /// Runs `f` on the Desk tab with what its pages may use, then carries out what they ask:
    /// their loads on the loads thread (`load_desk`), or at once where the app has none
    /// (tests that drive `App` directly).
    pub(super) fn desk_run(&mut self, f: impl FnOnce(&mut DeskTab, &mut Env) -> Vec<Out>) {
        let mut env = env_of!(self);
        let outs = f(&mut self.desk, &mut env);
        self.carry_out(outs);
        for (page, job) in self.desk.take_jobs() {
            if self.background.is_some() {
                self.load_desk(page, job);
            } else {
                let answer = (job.run)(&mut env_of!(self));
                self.loaded(super::background::Loaded::Desk(page, answer));
            }
        }
    }

    /// Hands the Complaints tab a message, then carries out what it asks: its loads (the
    /// list, the deadlines, the overdue count, the open complaint read again on another
    /// agent's save) on the loads thread when the app has one.
    pub(super) fn complaints_run(&mut self, msg: ComplaintsMsg) {
        let off = self.background.is_some();
        let mut away = Vec::new();
        let mut env = env_of!(self);
        let outs = self.complaints.handle(
            msg,
            &mut env,
            &mut keep_away(off, super::complaints::lane, &mut away),
        );
        self.carry_out(outs);
        for (lane, cmd) in away {
            self.load_complaints(lane, cmd);
        }
    }

    /// Hands the Calls tab a message, then carries out what it asks: the list and the
    /// open record read again (`calls::lane`) on the loads thread when the app
    /// has one.
    pub(super) fn calls_run(&mut self, msg: CallsMsg) {
        // Full numbers in the call form only for the customer revealed (audited) in the
        // archive.
        let revealed = self
            .customers
            .archive()
            .filter(|a| a.revealed)
            .map(|a| a.customer.id);
        let lent = Lent {
            templates: &self.templates,
            revealed,
        };
        let off = self.background.is_some();
        let mut away = Vec::new();
        let mut env = env_of!(self);
        let outs = self.calls.handle(
            msg,
            &mut env,
            &lent,
            &mut keep_away(off, super::calls::lane, &mut away),
        );
        if let Some(counts) = self.calls.take_rescue_counts() {
            self.rescue_counts = counts;
        }
        self.carry_out(outs);
        for (lane, cmd) in away {
            self.load_calls(lane, cmd, revealed);
        }
    }

    /// Hands the Callbacks tab a message, then carries out what it asks (the queue's load and
    /// the check of the task being worked on the loads thread when the app has one); the
    /// status bar's due count follows the queue it loaded.
    pub(super) fn callbacks_run(&mut self, msg: CallbacksMsg) {
        let store_name = self.store_name();
        let lent = CallbacksLent {
            rules: &self.callback_rules,
            templates: &self.templates,
            store_name: &store_name,
            store_address: &self.store_setup.address,
            width: self.size.0,
        };
        let off = self.background.is_some();
        let mut away = Vec::new();
        let mut env = env_of!(self);
        let outs = self.callbacks.handle(
            msg,
            &mut env,
            &lent,
            &mut keep_away(off, super::callbacks::lane, &mut away),
        );
        if let Some(due) = self.callbacks.take_due() {
            self.callbacks_due = due;
        }
        self.carry_out(outs);
        for (lane, cmd) in away {
            self.load_callbacks(lane, cmd);
        }
    }

    /// What the Calls tab (and the screens not yet moved) draw with.
    pub fn calls_ctx(&self) -> CallsCtx<'_> {
        super::app::ctx_of(self.lang, &self.clock, &self.templates, &self.agent)
    }

    /// Hands the Appointments tab a message, then carries out what it asks: its lists
    /// (with the no-shows marked first, and the open booking followed) on the loads thread
    /// when the app has one (`appointments::lane`).
    pub fn appointments_run(&mut self, msg: AppointmentsMsg) {
        let off = self.background.is_some();
        let mut away = Vec::new();
        let mut env = env_of!(self);
        let outs = self.appointments.handle(
            msg,
            &mut env,
            &self.store_setup,
            &mut keep_away(off, super::appointments::lane, &mut away),
        );
        self.carry_out(outs);
        for (lane, cmd) in away {
            self.load_appointments(lane, cmd);
        }
    }

    /// Carries out a command of the Appointments tab as if it had asked for it.
    pub fn appointments_ask(&mut self, cmd: super::appointments::Cmd) {
        let mut env = env_of!(self);
        let outs = self.appointments.ask(cmd, &mut env, &self.store_setup);
        self.carry_out(outs);
    }

    /// Hands the Customers tab a message, then carries out what it asks: what follows
    /// another agent's save (`customers::lane`) on the loads thread when the app
    /// has one.
    pub(super) fn customers_run(&mut self, msg: CustomersMsg) {
        let off = self.background.is_some();
        let mut away = Vec::new();
        let mut env = env_of!(self);
        let outs = self.customers.handle(
            msg,
            &mut env,
            &mut keep_away(off, super::customers::lane, &mut away),
        );
        self.carry_out(outs);
        for (lane, cmd) in away {
            self.load_customers(lane, cmd);
        }
    }

    /// Hands the Reports tab a message; its jobs go to the worker thread (or run inline
    /// where there is none), and a record it opens is shown on its own tab, Esc coming
    /// back to the report.
    pub(super) fn reports_send(&mut self, msg: ReportsMsg) {
        let env = self.reports_env();
        let mut ctx = reports::run::Ctx {
            db: &mut self.db,
            background: self.background.as_mut(),
            env,
        };
        let outs = self.reports.handle(msg, &mut ctx);
        if !outs.is_empty() {
            self.carry_out(outs);
            self.return_to = Some(Tab::Reports);
        }
    }

    /// What the Reports tab needs to know of the moment.
    pub(super) fn reports_now(&self) -> reports::Now {
        reports::Now {
            today: self.clock.today(),
            lang: self.lang,
            size: self.size,
        }
    }

    fn reports_env(&self) -> reports::run::Env {
        reports::run::Env {
            lang: self.lang,
            tz: self.clock.tz(),
            now: self.clock.now(),
            templates: self.templates.clone(),
            calendar: self.calendar.clone(),
            sla: self.sla.clone(),
            rules: self.callback_rules.clone(),
            churn_months: self.settings.churn_months,
            viewer: match &self.agent {
                Some(a) if a.role == crate::store::agents::Role::Supervisor => Viewer::All,
                a => Viewer::Own(a.as_ref().map(|a| a.id)),
            },
            store: self.store_name(),
            writer: self.export_writer(),
            complaints_overdue: self.complaints.overdue() as i64,
        }
    }

    /// Shows a customer's archive on the Customers tab (asked by another tab).
    pub(super) fn open_customer(&mut self, id: i64) {
        self.tab = Tab::Customers;
        self.customers_run(CustomersMsg::Open(id));
    }

    /// Opens the audit log (supervisors; anyone else is refused, the attempt recorded).
    pub(super) fn open_audit(&mut self) {
        let mut env = env_of!(self);
        match super::audit::open(&mut env) {
            Ok((log, ups)) => {
                self.overlay = Some(Overlay::Audit(log));
                self.audit_carry_out(ups);
            }
            Err(why) => self.status = Some((why, true)),
        }
    }

    /// Hands the open audit log a message, then carries out what it asks.
    pub(super) fn audit_run(&mut self, msg: AuditMsg) {
        let Some(Overlay::Audit(log)) = &mut self.overlay else {
            return;
        };
        let mut env = env_of!(self);
        let ups = log.handle(msg, &mut env);
        self.audit_carry_out(ups);
    }

    fn audit_carry_out(&mut self, ups: Vec<ForApp>) {
        for up in ups {
            match up {
                ForApp::Close => self.overlay = None,
                ForApp::Quit => self.request_quit(),
                ForApp::Out(out) => self.carry_out(vec![out]),
            }
        }
    }

    /// Carries out what a tab asks of the app beyond its own state.
    pub fn carry_out(&mut self, outs: Vec<Out>) {
        for out in outs {
            match out {
                Out::Status(line) => self.note(line),
                Out::Error(line) => self.status = Some((line, true)),
                Out::OpenCustomer(id) => self.open_customer(id),
                Out::OpenComplaint(id) => {
                    self.tab = Tab::Complaints;
                    self.complaints_run(ComplaintsMsg::Open(id));
                }
                Out::CallFor {
                    customer_id,
                    vehicle_id,
                } => {
                    self.tab = Tab::Calls;
                    self.calls_run(CallsMsg::CallFor {
                        customer_id,
                        vehicle_id,
                    });
                }
                Out::Copy(text) => self.clipboard = Some(text),
                Out::Export { sheet, name } => self.export_list(&sheet, name),
                // In the Complaints list when the agent goes there.
                Out::ComplaintOpened(_) => self.complaints_run(ComplaintsMsg::Enter),
                Out::RescueOpened(_) => self.calls_run(CallsMsg::Follow),
                Out::CallbacksChanged => self.callbacks_run(CallbacksMsg::Follow),
            }
        }
        // A page may have changed the store's setup (the Settings page): take it now.
        self.follow_setup();
    }
}

impl App {
    /// `RaiseImprovement` from a complaint or a callback being worked: the Desk tab's raise
    /// form, prefilled with the record, its customer's words and the likely department.
    pub(super) fn raise_improvement(&mut self) {
        let Some(prefill) = self.raise_prefill() else {
            self.status = Some((
                self.lang
                    .t(
                        "在投诉详情或回访处理中才能关联提出整改",
                        "Open a complaint or work a callback to raise a linked action",
                    )
                    .into(),
                true,
            ));
            return;
        };
        self.tab = Tab::Desk;
        let req = Request::RaiseImprovement(prefill);
        self.desk_run(|d, env| d.request(&req, env));
    }

    fn raise_prefill(&self) -> Option<RaisePrefill> {
        use crate::domain::callbacks::Kind;
        use crate::domain::improvements::{Department, LinkKind};
        let lang = self.lang;
        match self.tab {
            Tab::Complaints => {
                let d = self.complaints.detail()?;
                let r = &d.row;
                Some(RaisePrefill {
                    department: Some(Department::for_category(r.category)),
                    finding: String::new(),
                    words: r.summary.clone(),
                    links: vec![(
                        LinkKind::Complaint,
                        r.id,
                        format!(
                            "{} #{} {}",
                            LinkKind::Complaint.label(lang),
                            r.id,
                            r.customer
                        ),
                    )],
                    order: None,
                })
            }
            Tab::Callbacks => {
                let (d, form) = self.callbacks.work()?;
                let r = &d.row;
                // The low scores and what the customer said, as typed so far.
                let mut words: Vec<String> = Vec::new();
                if let Some(s) = &d.survey {
                    for q in &s.questions {
                        let v: Option<u8> = form.get(&format!("q:{}", q.id)).parse().ok();
                        if v.is_some_and(|v| u16::from(v) * 5 <= u16::from(s.scale) * 2) {
                            words.push(format!("{} {}", q.text, v.unwrap_or(0)));
                        }
                    }
                }
                for key in ["notes", "complaint"] {
                    let t = form.get(key);
                    if !t.is_empty() {
                        words.push(t.to_string());
                    }
                }
                let department = match r.kind {
                    Kind::Dc7 | Kind::Monthly | Kind::Yearly | Kind::Quarterly => {
                        Some(Department::Sales)
                    }
                    Kind::Dc3 | Kind::ThirdRepair | Kind::Declined => Some(Department::Service),
                    _ => None,
                };
                Some(RaisePrefill {
                    department,
                    finding: String::new(),
                    words: words.join("；"),
                    links: vec![(
                        LinkKind::Callback,
                        r.id,
                        format!(
                            "{} #{} {} {}",
                            LinkKind::Callback.label(lang),
                            r.id,
                            r.kind.label(lang),
                            r.customer
                        ),
                    )],
                    order: None,
                })
            }
            _ => None,
        }
    }
}
