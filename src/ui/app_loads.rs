//! The tabs' loads that read much of the store, carried out on the loads thread
//! (`background::Lane`): the Callbacks tab's queue, the Complaints tab's list, deadlines and
//! overdue count, the Calls tab's list, the Appointments tab's lists (with the no-shows
//! marked first), and the tabs' follow reads (the task being worked, the complaint, call or
//! rescue case open, the customer search and archive, read again on another agent's save).
//! The tab asks as always and its runner's `lane` (`calls::lane`, …) names the commands that
//! go there; the app takes them away (`complaints_run`, `callbacks_run`, `calls_run`,
//! `customers_run`, `appointments_run`), runs each there with a copy of what the tab's
//! runner reads, and hands the answer to the tab as the message it would have had at once.

use super::app::App;
use super::appointments::{AppointmentsTab, Cmd as AppointmentsCmd};
use super::background::{Lane, Loaded};
use super::callbacks::{CallbacksTab, Cmd as CallbacksCmd, Lent};
use super::calls::{CallsTab, Cmd as CallsCmd, Lent as CallsLent};
use super::complaints::Cmd as ComplaintsCmd;
use super::customers::{Cmd as CustomersCmd, CustomersTab};
use super::desk::Env;
use super::desk::loads::Job;
use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::calendar::BusinessCalendar;
use crate::domain::callbacks::Rules;
use crate::domain::complaints::SlaSettings;
use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use crate::store::Db;
use crate::store::agents::Agent;

/// A load shows "computing…" in the status bar once it has run this long.
pub const SHOW_LOADING_MS: u64 = 200;

/// What a tab's runner reads besides the store, owned so it can go to the loads thread.
struct Owned {
    clock: Clock,
    lang: Lang,
    agent: Option<Agent>,
    settings: Settings,
    calendar: BusinessCalendar,
    sla: SlaSettings,
    rules: Rules,
    templates: TemplateSet,
    store_name: String,
    store_address: String,
    width: u16,
}

impl Owned {
    fn env<'a>(&'a self, db: &'a mut Db) -> Env<'a> {
        Env {
            db,
            clock: &self.clock,
            lang: self.lang,
            agent: self.agent.as_ref(),
            settings: &self.settings,
            calendar: &self.calendar,
            sla: &self.sla,
        }
    }
}

impl App {
    fn owned(&self) -> Owned {
        Owned {
            clock: self.clock.clone(),
            lang: self.lang,
            agent: self.agent.clone(),
            settings: self.settings.clone(),
            calendar: self.calendar.clone(),
            sla: self.sla.clone(),
            rules: self.callback_rules.clone(),
            templates: self.templates.clone(),
            store_name: self.store_name(),
            store_address: self.store_setup.address.clone(),
            width: self.size.0,
        }
    }

    /// The Callbacks tab's queue, or the check of the task being worked
    /// (`callbacks_lane`), on the loads thread.
    pub(super) fn load_callbacks(&mut self, lane: Lane, cmd: CallbacksCmd) {
        self.load_owned(lane, move |owned, db| {
            let lent = Lent {
                rules: &owned.rules,
                templates: &owned.templates,
                store_name: &owned.store_name,
                store_address: &owned.store_address,
                width: owned.width,
            };
            let (msg, outs) = CallbacksTab::carry(cmd, &mut owned.env(db), &lent);
            Loaded::Callbacks(msg, outs)
        });
    }

    /// A Calls load (`calls_lane`), on the loads thread; `revealed` as the tab was lent it.
    pub(super) fn load_calls(&mut self, lane: Lane, cmd: CallsCmd, revealed: Option<i64>) {
        self.load_owned(lane, move |owned, db| {
            let lent = CallsLent {
                templates: &owned.templates,
                revealed,
            };
            let (msg, outs) = CallsTab::carry(cmd, &mut owned.env(db), &lent);
            Loaded::Calls(msg, outs)
        });
    }

    /// A Customers load (`customers_lane`), on the loads thread.
    pub(super) fn load_customers(&mut self, lane: Lane, cmd: CustomersCmd) {
        self.load_owned(lane, move |owned, db| {
            let (msg, outs) = CustomersTab::carry(cmd, &mut owned.env(db));
            Loaded::Customers(msg, outs)
        });
    }

    /// An Appointments load (`appointments_lane`), on the loads thread.
    pub(super) fn load_appointments(&mut self, lane: Lane, cmd: AppointmentsCmd) {
        let setup = self.store_setup.clone();
        self.load_owned(lane, move |owned, db| {
            let (msg, outs) = AppointmentsTab::carry(cmd, &mut owned.env(db), &setup);
            Loaded::Appointments(msg, outs)
        });
    }

    /// A Complaints load (`complaints_lane`), on the loads thread.
    pub(super) fn load_complaints(&mut self, lane: Lane, cmd: ComplaintsCmd) {
        self.load_owned(lane, move |owned, db| {
            let mut outs = Vec::new();
            let msg = super::complaints::run::run(cmd, &mut owned.env(db), &mut outs);
            Loaded::Complaints(msg, outs)
        });
    }

    /// A desk page's load (`desk::loads::Job`), on the loads thread.
    pub(super) fn load_desk(&mut self, page: usize, job: Job) {
        self.load_owned(job.lane, move |owned, db| {
            Loaded::Desk(page, (job.run)(&mut owned.env(db)))
        });
    }

    /// `run` on the loads thread in `lane`, with what the app lends a runner, owned.
    fn load_owned(
        &mut self,
        lane: Lane,
        run: impl FnOnce(&Owned, &mut Db) -> Loaded + Send + 'static,
    ) {
        let owned = self.owned();
        if let Some(bg) = &mut self.background {
            bg.load(lane, Box::new(move |db| run(&owned, db)));
        }
    }

    /// A load's answer: what it asks of the app first, then its message to its tab.
    pub(super) fn loaded(&mut self, loaded: Loaded) {
        match loaded {
            Loaded::Callbacks(msg, outs) => {
                self.carry_out(outs);
                if let Some(msg) = msg {
                    self.callbacks_run(msg);
                }
            }
            Loaded::Complaints(msg, outs) => {
                self.carry_out(outs);
                if let Some(msg) = msg {
                    self.complaints_run(msg);
                }
            }
            Loaded::Calls(msg, outs) => {
                self.carry_out(outs);
                if let Some(msg) = msg {
                    self.calls_run(msg);
                }
            }
            Loaded::Customers(msg, outs) => {
                self.carry_out(outs);
                if let Some(msg) = msg {
                    self.customers_run(msg);
                }
            }
            Loaded::Appointments(msg, outs) => {
                self.carry_out(outs);
                if let Some(msg) = msg {
                    self.appointments_run(msg);
                }
            }
            Loaded::Desk(page, answer) => self.desk_run(|d, env| d.answer(page, answer, env)),
        }
    }

    /// A load has run longer than `SHOW_LOADING_MS`: the status bar says "computing…".
    pub fn loading(&self) -> bool {
        self.background
            .as_ref()
            .and_then(|b| b.loading())
            .is_some_and(|ms| ms >= SHOW_LOADING_MS)
    }
}
