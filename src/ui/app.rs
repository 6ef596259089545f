//! The app: its state, the loop's entry points (keys, paste, ticks), the overlays and the
//! routing of keys to the tabs; what a tab asks beyond its own state comes back as
//! `desk::Out` (`app_desk.rs`).

use super::action::{Action, Tab};
use super::keymap::{self, Scope};

use super::appointments::{self, Msg as AppointmentsMsg};
use super::callbacks::{CallbacksTab, Msg as CallbacksMsg};
use super::calls::{CallsTab, Msg as CallsMsg};
use super::complaints::{ComplaintsTab, Msg as ComplaintsMsg};
use super::customers::{CustomersTab, Msg as CustomersMsg};
use super::theme::Theme;
use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use crate::store::agents::Agent;
use crate::store::search::Hit;
use crate::store::{Actor, Db};
use crossterm::event::{Event, KeyEvent, KeyEventKind};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

/// Rows a search returns.
pub use super::customers::SEARCH_LIMIT;

#[derive(Debug)]
pub struct GlobalSearch {
    pub input: Input,
    pub hits: Vec<Hit>,
    pub selected: usize,
}

#[derive(Debug)]
pub enum Overlay {
    Help,
    Search(GlobalSearch),
    ConfirmQuit,
    Login {
        input: Input,
        error: Option<String>,
    },
    /// The audit log (supervisors only).
    Audit(super::audit::AuditLog),
    /// A draft from an earlier session: restore it?
    RestoreDraft(crate::store::drafts::DraftRecord),
    /// A brand-new store: its first-run setup.
    FirstRun(super::first_run::FirstRun),
}

pub struct App {
    pub db: Db,
    pub clock: Clock,
    pub lang: Lang,
    pub theme: Theme,
    pub settings: Settings,
    pub agent: Option<Agent>,
    pub tab: Tab,
    pub customers: CustomersTab,
    /// The 来电 tab (its own state machine: `ui::calls`).
    pub calls: CallsTab,
    pub appointments: appointments::AppointmentsTab,
    /// The 回访 tab (its own state machine: `ui::callbacks`).
    pub callbacks: CallbacksTab,
    pub complaints: ComplaintsTab,
    /// The 报表 tab (its own state machine: `ui::reports`).
    pub reports: super::reports::ReportsTab,
    /// The 更多 tab's pages.
    pub desk: super::desk::DeskTab,
    /// The record templates (built in, plus the store's file: see `crate::setup`).
    pub templates: TemplateSet,
    /// The store settings' stamp when the setup was loaded (reloaded when it moves).
    pub(super) setup_stamp: Option<(i64, i64)>,
    /// Text waiting to go to the terminal's clipboard (OSC 52); the loop sends it.
    pub clipboard: Option<String>,
    /// The store's business calendar (holidays and make-up workdays).
    pub calendar: crate::domain::calendar::BusinessCalendar,
    /// The store's appointment setup (hours, advisors, bays, services).
    pub store_setup: crate::domain::appointments::StoreSetup,
    /// Complaint deadlines.
    pub sla: crate::domain::complaints::SlaSettings,
    /// The callback rules (built in, plus the store's file).
    pub callback_rules: crate::domain::callbacks::Rules,
    /// Callbacks due today or overdue (status bar).
    pub callbacks_due: i64,
    /// Refresh ticks since start.
    pub(super) ticks: u64,
    /// The body of the draft last written to the store (to write only changes).
    pub saved_draft_body: Option<String>,
    /// Rescue cases waiting for their first contact, and how many of them are past its
    /// 30 minutes (status bar).
    pub rescue_counts: (i64, i64),
    pub overlay: Option<Overlay>,
    /// The first line of the help overlay on screen (it scrolls when longer).
    pub help_scroll: usize,
    /// A message for the status line, and whether it is an error.
    pub status: Option<(String, bool)>,
    /// What the app said at start that must not go with the next key, whole: a database
    /// file every user may read, a key file (`keys.toml`) not used. Said on the status line
    /// at start, which the next key clears, so help (`?`) shows them for as long as the app
    /// runs.
    pub start_notes: Vec<String>,
    pub quit: bool,
    /// The terminal's size, as last reported (the shell refuses to lay out below 80x24).
    pub size: (u16, u16),
    pub(super) data_version: i64,
    pub(super) damaged_shown: bool,
    /// The user answered "quit anyway": the form's text is discarded, not kept as a draft
    /// to offer at the next start.
    pub(super) discard_draft: bool,
    /// The tab a record was opened from (a report's drill-down): Esc on that record goes
    /// back there, not to the record's own list. Cleared by any switch of tab.
    pub return_to: Option<Tab>,
    /// The threads reports and callback planning run on (`start_background`); None: inline.
    pub(super) background: Option<super::background::Background>,
    /// How many pieces of what the first frame left for later (`load_deferred_step`) are
    /// loaded.
    pub(super) deferred_done: usize,
}

impl App {
    /// The app with every list loaded, the callback queue included.
    pub fn new(db: Db, clock: Clock, settings: Settings, agent: Option<Agent>) -> App {
        let mut app = App::for_first_frame(db, clock, settings, agent);
        app.load_deferred();
        app
    }

    /// The app with what its first screen shows; the complaint deadlines and the callback
    /// queue (the overdue and due counts in the status bar) and the Reports tab's today
    /// board, whose loads grow with the store, come with `load_deferred`, which the
    /// terminal calls once the first frame is drawn.
    pub fn for_first_frame(
        mut db: Db,
        clock: Clock,
        mut settings: Settings,
        agent: Option<Agent>,
    ) -> App {
        settings.store_mode = crate::store::rentals::mode::mode(db.conn());
        let lang = settings.lang;
        let theme = Theme::new(settings.ascii_borders);
        let data_version = db.data_version().unwrap_or(0);
        let new_store =
            agent.is_none() && crate::store::agents::first_run::is_new(&db).unwrap_or(false);
        let overlay = if new_store {
            Some(Overlay::FirstRun(super::first_run::FirstRun::new(lang)))
        } else if agent.is_none() {
            Some(Overlay::Login {
                input: Input::default(),
                error: None,
            })
        } else {
            None
        };
        let setup = crate::setup::load(
            &crate::store::settings::files(db.conn()),
            settings.config_dir.as_deref(),
            settings.tz,
        );
        let setup_stamp = crate::store::settings::stamp(db.conn()).ok();
        // Complaint steps read their business SLA marks with the calendar in force here.
        db.set_business_time(setup.business_time());
        let sla = super::app_tick::sla_of(&setup.store, settings.sla_business_hours);
        let setup_errors = setup.errors.clone();
        let mut app = App {
            db,
            clock,
            lang,
            theme,
            settings,
            agent,
            tab: Tab::Customers,
            customers: CustomersTab::default(),
            calls: Default::default(),
            appointments: Default::default(),
            callbacks: Default::default(),
            complaints: Default::default(),
            reports: Default::default(),
            desk: super::desk::DeskTab::with_pages(super::desk::all_pages()),
            templates: setup.templates,
            setup_stamp,
            clipboard: None,
            rescue_counts: (0, 0),
            saved_draft_body: None,
            calendar: setup.calendar,
            store_setup: setup.store,
            sla,
            callback_rules: setup.rules,
            callbacks_due: 0,
            ticks: 0,
            overlay,
            status: None,
            start_notes: Vec::new(),
            quit: false,
            size: (80, 24),
            help_scroll: 0,
            data_version,
            damaged_shown: false,
            discard_draft: false,
            return_to: None,
            background: None,
            deferred_done: 0,
        };
        app.customers_run(CustomersMsg::Search);
        app.calls_run(CallsMsg::Enter);
        // Callback planning (up to a second on a large store) waits for the first tick,
        // and the queue for the first frame (`load_deferred`), so the first frame does not.
        app.appointments_run(AppointmentsMsg::Enter);
        app.offer_draft();
        app.resume_first_run();
        if let Some(e) = setup_errors.first() {
            tracing::warn!("setup file: {e}");
            app.status = Some((
                match app.lang {
                    Lang::Zh => format!("门店设置文件有误，已用内置设置：{e}"),
                    Lang::En => format!("A setup file is broken, built-in defaults in use: {e}"),
                },
                true,
            ));
        }
        app
    }

    /// Adds a line to the status bar after what is there (an error stays as it is).
    pub(super) fn note(&mut self, line: String) {
        match &mut self.status {
            Some((_, true)) => {}
            Some((s, false)) => {
                s.push_str("  ");
                s.push_str(&line);
            }
            None => self.status = Some((line, false)),
        }
    }

    pub(super) fn actor(&self) -> Actor {
        Actor {
            agent_id: self.agent.as_ref().map(|a| a.id),
            at: self.clock.now(),
        }
    }

    /// The key scopes in force, most specific first.
    pub fn scopes(&self) -> (Vec<Scope>, bool) {
        if self.too_small() {
            return (vec![Scope::TooSmall], false);
        }
        match &self.overlay {
            Some(Overlay::Help) => (vec![Scope::Help, Scope::Global], false),
            Some(Overlay::ConfirmQuit) | Some(Overlay::RestoreDraft(_)) => {
                (vec![Scope::Confirm], false)
            }
            Some(Overlay::Search(_)) => (vec![Scope::SearchPopup, Scope::Global], true),
            Some(Overlay::Login { .. }) => (vec![Scope::Login], true),
            Some(Overlay::FirstRun(_)) => (vec![Scope::FirstRun], true),
            Some(Overlay::Audit(a)) => a.scopes(),
            None => self.tab_scopes(),
        }
    }

    /// The signed-in user is a supervisor (nobody signed in is not): what help and the
    /// hint lines show them.
    pub fn supervisor(&self) -> bool {
        self.agent
            .as_ref()
            .is_some_and(|a| a.role == crate::store::agents::Role::Supervisor)
    }

    /// The terminal is smaller than the screens need: nothing is laid out.
    fn too_small(&self) -> bool {
        self.size.0 < super::shell::MIN_W || self.size.1 < super::shell::MIN_H
    }

    /// The key scopes of the tab on screen (under any overlay), and whether it is typing.
    pub fn tab_scopes(&self) -> (Vec<Scope>, bool) {
        match self.tab {
            Tab::Customers => (self.customers.scopes(), self.customers.typing()),
            Tab::Calls => (self.calls.scopes(), self.calls.typing()),
            Tab::Complaints => (self.complaints.scopes(), self.complaints.typing()),
            Tab::Appointments => (self.appointments.scopes(), self.appointments.typing()),
            Tab::Callbacks => (self.callbacks.scopes(), self.callbacks.typing()),
            Tab::Reports => (self.reports.scopes(), self.reports.typing()),
            Tab::Desk => (self.desk.scopes(), self.desk.typing()),
        }
    }

    pub fn on_event(&mut self, ev: Event) {
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.on_key(k),
            Event::Paste(text) => self.on_paste(&text),
            Event::Resize(w, h) => self.size = (w, h),
            _ => {}
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        self.key(key);
    }

    fn key(&mut self, key: KeyEvent) {
        let (scopes, typing) = self.scopes();
        let action = keymap::lookup(&scopes, &key, typing);
        if self.too_small() {
            // Nothing is laid out: only leaving makes sense (`Scope::TooSmall`).
            if action == Some(Action::Quit) {
                self.request_quit();
            }
            return;
        }
        match &mut self.overlay {
            Some(Overlay::Help) => {
                if !super::help::key(self, action) {
                    self.overlay = None;
                }
                return;
            }
            Some(Overlay::Audit(_)) => {
                self.audit_run(super::audit::Msg::Key(action, key));
                return;
            }
            Some(Overlay::RestoreDraft(record)) => {
                let record = record.clone();
                match action {
                    Some(Action::Yes) => {
                        self.overlay = None;
                        self.restore_draft(&record);
                    }
                    Some(Action::No) => {
                        self.overlay = None;
                        let owner = self.draft_owner();
                        if let Err(e) = crate::store::drafts::delete(&mut self.db, &owner) {
                            self.status = Some((e.message(self.lang), true));
                        }
                    }
                    _ => {}
                }
                return;
            }
            Some(Overlay::ConfirmQuit) => {
                match action {
                    Some(Action::Yes) => {
                        self.discard_draft = true;
                        self.quit = true;
                    }
                    Some(Action::No) => self.overlay = None,
                    _ => {}
                }
                return;
            }
            Some(Overlay::FirstRun(_)) => {
                self.first_run_key(action, key);
                return;
            }
            Some(Overlay::Login { input, .. }) => {
                if action == Some(Action::Open) {
                    let emp = input.value().trim().to_string();
                    self.login(&emp);
                } else {
                    input.handle_event(&Event::Key(key));
                }
                return;
            }
            Some(Overlay::Search(gs)) => {
                match action {
                    Some(Action::Back) => self.overlay = None,
                    Some(Action::Up) => gs.selected = gs.selected.saturating_sub(1),
                    Some(Action::Down) => {
                        gs.selected = (gs.selected + 1).min(gs.hits.len().saturating_sub(1))
                    }
                    Some(Action::Open) => {
                        if let Some(h) = gs.hits.get(gs.selected) {
                            let id = h.customer_id;
                            self.overlay = None;
                            self.open_customer(id);
                        }
                    }
                    Some(Action::Quit) => self.request_quit(),
                    Some(Action::Help) => self.overlay = Some(Overlay::Help),
                    _ => {
                        if gs
                            .input
                            .handle_event(&Event::Key(key))
                            .is_some_and(|s| s.value)
                        {
                            gs.selected = 0;
                            self.run_global_search();
                        }
                    }
                }
                return;
            }
            None => {}
        }
        self.status = None;
        match action {
            Some(Action::Quit) => self.request_quit(),
            Some(Action::Help) => self.overlay = Some(Overlay::Help),
            Some(Action::NextTab) => self.go_tab(Tab::ALL[(self.tab.index() + 1) % Tab::ALL.len()]),
            Some(Action::PrevTab) => {
                self.go_tab(Tab::ALL[(self.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()])
            }
            Some(Action::GoTab(t)) => self.go_tab(t),
            Some(Action::Audit) => self.open_audit(),
            Some(Action::GlobalSearch) => {
                self.overlay = Some(Overlay::Search(GlobalSearch {
                    input: Input::default(),
                    hits: Vec::new(),
                    selected: 0,
                }));
            }
            Some(Action::RaiseImprovement) if self.tab != Tab::Desk => self.raise_improvement(),
            Some(a) if self.tab == Tab::Desk => self.desk_run(|d, env| d.key(Some(a), key, env)),
            None if typing && self.tab == Tab::Desk => {
                self.desk_run(|d, env| d.key(None, key, env))
            }
            Some(a) => {
                match self.tab {
                    Tab::Customers => self.customers_run(CustomersMsg::Key(Some(a), key)),
                    Tab::Complaints => self.complaints_run(ComplaintsMsg::Key(Some(a), key)),
                    Tab::Calls => self.calls_run(CallsMsg::Key(Some(a), key)),
                    Tab::Appointments => self.appointments_run(AppointmentsMsg::Key(Some(a), key)),
                    Tab::Callbacks => self.callbacks_run(CallbacksMsg::Key(Some(a), key)),
                    Tab::Reports => {
                        let now = self.reports_now();
                        self.reports_send(super::reports::Msg::Key(a, now));
                    }
                    // Handled above, with the page's own keys.
                    Tab::Desk => {}
                }
                if a == Action::Back {
                    self.return_from_record();
                }
            }
            None if typing => match self.tab {
                Tab::Customers => self.customers_run(CustomersMsg::Key(None, key)),
                Tab::Complaints => self.complaints_run(ComplaintsMsg::Key(None, key)),
                Tab::Calls => self.calls_run(CallsMsg::Key(None, key)),
                Tab::Appointments => self.appointments_run(AppointmentsMsg::Key(None, key)),
                Tab::Callbacks => self.callbacks_run(CallbacksMsg::Key(None, key)),
                Tab::Reports => self.reports_send(super::reports::Msg::Text(key)),
                // Handled above.
                Tab::Desk => {}
            },
            None => {}
        }
    }

    /// Esc left a record opened from another tab's list (a report's drill-down): back to
    /// that list, as it was.
    fn return_from_record(&mut self) {
        let Some(to) = self.return_to else {
            return;
        };
        let left = match self.tab {
            Tab::Customers => self.customers.at_list(),
            Tab::Complaints => self.complaints.at_list(),
            _ => false,
        };
        if left {
            self.return_to = None;
            self.tab = to;
        }
    }

    fn go_tab(&mut self, t: Tab) {
        self.return_to = None;
        self.tab = t;
        if t == Tab::Reports {
            let now = self.reports_now();
            self.reports_send(super::reports::Msg::Shown(now));
        }
        if t == Tab::Desk {
            self.desk_run(|d, env| d.enter(env));
        }
        // What this agent saved elsewhere (a complaint opened by a low callback score)
        // is in the list when the tab is entered.
        if t == Tab::Complaints {
            self.complaints_run(ComplaintsMsg::Enter);
        }
    }

    /// Offers back the draft an earlier session left (once signed in).
    pub(super) fn offer_draft(&mut self) {
        if self.overlay.is_none()
            && self.agent.is_some()
            && let Some(d) = self.pending_draft()
        {
            self.overlay = Some(Overlay::RestoreDraft(d));
        }
    }

    pub(super) fn request_quit(&mut self) {
        if self.customers.has_unsaved_input()
            || self.calls.has_unsaved_input()
            || self.complaints.has_unsaved_input()
            || self.appointments.has_unsaved_input()
            || self.callbacks.has_unsaved_input()
            || self.desk.has_unsaved_input()
        {
            self.overlay = Some(Overlay::ConfirmQuit);
        } else {
            self.quit = true;
        }
    }
}

/// What a screen needs besides its own state, borrowed field by field so the screen itself
/// can be borrowed mutably beside it.
pub(super) fn ctx_of<'a>(
    lang: Lang,
    clock: &'a Clock,
    templates: &'a TemplateSet,
    agent: &'a Option<Agent>,
) -> super::calls::Ctx<'a> {
    super::calls::Ctx {
        lang,
        clock,
        templates,
        agent_emp_no: agent.as_ref().map(|a| a.emp_no.as_str()),
    }
}
