//! The app's periodic work: what other agents saved appears, deadlines pass (complaints
//! escalate, bookings become no-shows, callbacks come due) without anyone's key press.

use super::action::Tab;
use super::app::App;
use super::appointments::Msg as AppointmentsMsg;
use super::complaints::Msg as ComplaintsMsg;
use super::customers::Msg as CustomersMsg;
use crate::i18n::Lang;
use crate::store::StoreError;

impl App {
    /// Periodic work: picks up what other agents saved (within a tick) without a key press.
    pub fn tick(&mut self) -> bool {
        if let Some(Err(detail)) = self.db.health()
            && !self.damaged_shown
        {
            self.damaged_shown = true;
            self.status = Some((StoreError::Damaged(detail).message(self.lang), true));
        }
        // Deadlines pass without anyone typing: every 30 ticks, escalate what the rules
        // say and recount the overdue complaints and late rescues.
        self.ticks += 1;
        if self.ticks % 30 == 1 && !self.db.is_read_only() {
            self.complaints_run(ComplaintsMsg::Tick);
            // The status bar's open rescue counts (on the loads thread).
            self.calls_run(super::calls::Msg::Recount);
            self.reports_send(super::reports::Msg::Recount);
            // New callbacks come due as the day goes on (planning is idempotent).
            if self.ticks % 300 == 1 {
                self.plan_callbacks();
            }
            // Bookings past their grace period become no-shows without anyone's key press.
            self.appointments_run(AppointmentsMsg::Enter);
        }
        let Ok(v) = self.db.data_version() else {
            return false;
        };
        if v == self.data_version {
            return false;
        }
        self.data_version = v;
        self.follow_store();
        true
    }

    /// Another agent saved: every open list and page loads what it shows again, keeping
    /// its highlight on the same record; an open form whose record changed says so (see
    /// each tab's `follow`), so a save is never refused over and over.
    fn follow_store(&mut self) {
        self.follow_setup();
        self.customers_run(CustomersMsg::Follow);
        // The calls list (and an open rescue case or call) in every mode: the list under a
        // form is what the agent comes back to.
        self.calls_run(super::calls::Msg::Follow);
        self.reports_send(super::reports::Msg::Recount);
        if self.tab == Tab::Desk {
            self.desk_run(|d, env| d.follow(env));
        }
        self.reports_send(super::reports::Msg::StoreChanged);
        self.appointments_run(AppointmentsMsg::Follow);
        self.callbacks_run(super::callbacks::Msg::Follow);
        self.complaints_run(ComplaintsMsg::Follow);
        self.audit_run(super::audit::Msg::Follow);
    }

    /// A supervisor changed the store's setup (in the app or with `frontdesk settings`):
    /// every running app takes the new hours, templates, rules and calendar at once.
    pub(super) fn follow_setup(&mut self) {
        self.follow_own_agent();
        let stamp = crate::store::settings::stamp(self.db.conn()).ok();
        if stamp == self.setup_stamp {
            return;
        }
        self.setup_stamp = stamp;
        let setup = crate::setup::load(
            &crate::store::settings::files(self.db.conn()),
            self.settings.config_dir.as_deref(),
            self.settings.tz,
        );
        // A new calendar or zone: the complaints' business SLA marks are read again under
        // it, so the "within SLA" figures stay judged in SQL (a failure only slows them).
        if let Err(e) = crate::store::complaints::marks::follow(&mut self.db, setup.business_time())
        {
            tracing::warn!("complaint SLA marks under the new calendar: {e:?}");
        }
        self.templates = setup.templates;
        self.calendar = setup.calendar;
        self.sla = sla_of(&setup.store, self.settings.sla_business_hours);
        // A new time zone reaches the running clock (the same instant, shown anew).
        if let Some(tz) = setup.store.timezone
            && tz != self.clock.tz()
        {
            self.clock = self.clock.with_tz(tz);
            self.settings.tz = tz;
        }
        self.store_setup = setup.store;
        self.callback_rules = setup.rules;
        if let Some(e) = setup.errors.first() {
            tracing::warn!("setup file: {e}");
        }
        // The booking grid keeps its own copy of the setup (advisors, bays, hours): it takes
        // the new one now, not at its next load (the first-run setup's advisors, a
        // supervisor's edit on the Settings page).
        self.appointments_run(AppointmentsMsg::Follow);
    }
}

impl App {
    /// Creates the tasks due from the data (idempotent), and returns stale personal tasks
    /// to the pool. Run at start and every few minutes: on the planning thread when the
    /// app has one (the holiday day plans ~100k greetings), the queue reloading when it
    /// is done (`planned`); else here.
    pub(super) fn plan_callbacks(&mut self) {
        use crate::store::callbacks as cb;
        if self.db.is_read_only() {
            return;
        }
        let (actor, today, tz) = (self.actor(), self.clock.today(), self.clock.tz());
        let (rules, calendar) = (self.callback_rules.clone(), self.calendar.clone());
        let now = self.clock.local_now();
        let plan = move |db: &mut crate::store::Db| {
            if let Err(e) = cb::plan(db, actor, today, tz, &rules, &calendar) {
                tracing::warn!("callback planning: {}", e.message(Lang::En));
            }
            if let Err(e) = cb::return_stale_to_pool(db, &rules, now) {
                tracing::warn!("stale callbacks: {}", e.message(Lang::En));
            }
        };
        match &mut self.background {
            Some(bg) => bg.plan(&self.db, plan),
            None => plan(&mut self.db),
        }
    }

    /// Planning finished on its thread: the queue and its counts load again.
    pub(super) fn planned(&mut self) {
        self.callbacks_run(super::callbacks::Msg::Enter);
    }

    /// The store's name for scripts and messages: the site setting, else the store setup's.
    pub(super) fn store_name(&self) -> String {
        if self.settings.store_name.is_empty() {
            self.store_setup.name.clone()
        } else {
            self.settings.store_name.clone()
        }
    }
}

impl App {
    /// The signed-in agent as stored now: a supervisor who renamed themselves (or was
    /// renamed, or had their role changed, by another supervisor) sees it at once.
    fn follow_own_agent(&mut self) {
        let Some(me) = &self.agent else { return };
        match crate::store::agents::by_emp_no(&self.db, &me.emp_no) {
            Ok(Some(now)) if now.id == me.id && now != *me => self.agent = Some(now),
            Ok(_) => {}
            Err(e) => tracing::warn!("agent reload: {}", e.message(Lang::En)),
        }
    }
}

/// The complaint deadlines in force: the store's file, and how they count (the file's
/// choice, else the app's config).
pub(super) fn sla_of(
    store: &crate::domain::appointments::StoreSetup,
    config_business_hours: bool,
) -> crate::domain::complaints::SlaSettings {
    store.sla_in_force(config_business_hours)
}

impl App {
    /// Starts the worker threads: from here on reports and callback planning run off the
    /// app's thread. (Without it, as in tests that drive `App` directly, they run inline.)
    pub fn start_background(&mut self) {
        self.start_background_ringing(super::background::Bell::default());
    }

    /// `start_background`, the threads ringing `bell` after each answer they send.
    pub fn start_background_ringing(&mut self, bell: super::background::Bell) {
        match super::background::Background::start(&self.db, bell) {
            Ok(bg) => self.background = Some(bg),
            Err(e) => tracing::warn!("background worker: {}", e.message(Lang::En)),
        }
    }

    /// A job, planning or a load runs in the background (its answer is awaited).
    pub fn waiting(&self) -> bool {
        self.background.as_ref().is_some_and(|b| b.waiting())
    }

    /// Takes in what the background threads answered, and tells the tab how long its job
    /// has run. Returns whether anything on screen may have changed.
    pub fn pump(&mut self) -> bool {
        use super::background::Reply;
        use super::reports::Msg as ReportsMsg;
        let Some(bg) = &mut self.background else {
            return false;
        };
        let replies = bg.replies();
        let running = bg.running();
        let mut changed = !replies.is_empty();
        for r in replies {
            match r {
                Reply::Reports {
                    generation,
                    outcome,
                } => self.reports_send(ReportsMsg::Done {
                    generation,
                    outcome: *outcome,
                }),
                Reply::Planned => self.planned(),
                Reply::Loaded { loaded, .. } => self.loaded(*loaded),
            }
        }
        // "Computing…" in the status bar while a load takes long.
        changed |= self.loading();
        if let Some((generation, ms)) = running
            && ms >= super::reports::SHOW_ELAPSED_MS
        {
            self.reports_send(ReportsMsg::Elapsed { generation, ms });
            changed = true;
        }
        changed
    }

    /// Closes the app's hold on the store: the background threads stop and close their
    /// connections first, then the background check and the app's own connection, so the
    /// last to close folds the `-wal` back into the file (a clean file for the next
    /// command-line call, which then does not read it whole).
    pub fn close(mut self) {
        self.background = None;
        drop(self);
    }
}

impl App {
    /// Loads what `for_first_frame` left for later, all of it; true when there was any.
    pub fn load_deferred(&mut self) -> bool {
        let mut any = false;
        while self.load_deferred_step() {
            any = true;
        }
        any
    }

    /// Loads the next piece of what `for_first_frame` left for later; false when none is
    /// left. The loop calls it only while no key waits, so a key that comes meanwhile is
    /// answered between pieces, never after all of them.
    pub fn load_deferred_step(&mut self) -> bool {
        match self.deferred_done {
            // Deadlines passed while nobody had the app open: escalate (and count what is
            // overdue) before anyone looks further than the first screen.
            0 => self.complaints_run(ComplaintsMsg::Tick),
            1 => self.complaints_run(ComplaintsMsg::Enter),
            // The Reports tab's today board counts the day's work of the whole store (on
            // the worker thread).
            2 => self.reports_send(super::reports::Msg::Recount),
            3 => self.callbacks_run(super::callbacks::Msg::Enter),
            _ => return false,
        }
        self.deferred_done += 1;
        true
    }

    /// Something of what the first frame left for later is still to load.
    pub fn deferring(&self) -> bool {
        self.deferred_done < 4
    }
}
