//! The 投诉 Complaints tab: the list with each complaint's next deadline (80% warning,
//! overdue highlighted), registering, and a complaint's page with its clocks, segments and
//! timeline, where every step of the lifecycle is taken.
//!
//! The tab is a state machine (`update`: a message in, commands out; no store, terminal or
//! clock), a runner (`run.rs`) that carries each command out against the store and answers
//! with a message, and its views.

mod detail;
mod forms;
pub mod run;
pub use run::lane;
mod export;
mod list_view;
mod register;
mod steps;
mod view;

use crate::domain::complaints::{Clock, precheck};
use crate::i18n::Lang;
use crate::store::complaints::{ComplaintRow, Show};
use crate::ui::action::Action;
use crate::ui::desk::machine::{Machine, drive};
use crate::ui::desk::{Env, Out};
use crate::ui::keymap::{self, Scope};
use crate::ui::selection::Selection;
use crate::ui::theme::Theme;
use crate::ui::widgets::customer_pick::Picker;
use crate::ui::widgets::form::Form;
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
pub use detail::Detail;
pub use forms::{Restore, StepRestore};
use ratatui::Frame;
use ratatui::layout::Rect;
pub use register::RegisterAsk;
pub use steps::{Step, StepAsk};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    List,
    Register,
    Detail,
    Step,
}

/// A complaint with its clocks, for the list.
#[derive(Debug, Clone)]
pub struct Item {
    pub row: ComplaintRow,
    pub clocks: Vec<Clock>,
}

/// What the tab is told.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The tab is shown: its list is loaded again.
    Enter,
    /// Another agent saved: what is shown is loaded again, the highlight on its record.
    Follow,
    /// Time passed: escalate what the rules say and count the overdue complaints.
    Tick,
    /// Another tab asks for this complaint's page.
    Open(i64),
    /// A key: its action from the key table, or `None` with the key itself while typing.
    Key(Option<Action>, KeyEvent),
    /// Pasted text, into the focused field.
    Paste(String),
    /// The list as the store has it now.
    /// `handlers`: the active agents a new complaint can be given to, "1002 陈静" each.
    Listed {
        items: Vec<Item>,
        total: usize,
        handlers: Vec<String>,
    },
    /// A complaint's page as the store has it now.
    Shown(Box<Detail>),
    /// The open page read again after a refused step (on the loads thread).
    Reshown(Box<Detail>),
    /// The open page, loaded again after another agent saved; `said` is who did what when
    /// the log moved past what the page showed.
    Followed {
        detail: Box<Detail>,
        said: Option<String>,
    },
    /// A complaint was registered.
    Registered(i64),
    /// A step was appended to this complaint's log.
    Stepped(i64),
    /// A save was refused: why, and the complaint to show again when someone else's step
    /// came first.
    Refused { why: String, stale: Option<i64> },
    /// Open complaints past a deadline.
    Overdue(usize),
    /// Who the register form's customer text finds.
    Hits(Vec<crate::store::search::Hit>),
    /// A register form left unsaved by an earlier session, put back (`drafts`).
    Restore(Restore),
    /// A step form left unsaved on a complaint's page: the page opened again, then the form.
    RestoreStep(StepRestore),
    /// The customer picked there, with their cars and the car the text named.
    Picked {
        customer: (i64, String),
        cars: Vec<crate::store::vehicles::Vehicle>,
        vehicle_id: Option<i64>,
    },
}

/// What the tab asks the runner for.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// Load the list of this view.
    List(Show),
    /// Load a complaint's page.
    Show(i64),
    /// Load the open page again; say who changed it if its log moved past `seen`.
    Follow { id: i64, seen: i64 },
    /// Load the open page again after a step was refused over another agent's (the form
    /// keeps its refusal).
    Reshow(i64),
    /// Register a complaint.
    Register(Box<RegisterAsk>),
    /// Append a step, on the log the page showed; `level` is the page's escalation level.
    Step { ask: StepAsk, level: u8 },
    /// Append the escalations the rules call for.
    Escalate,
    /// Count the open complaints past a deadline.
    Count,
    /// Find who the register form's customer text names, for its picker.
    FindCustomer(String),
    /// Load the customer picked there, with their cars.
    PickCustomer {
        customer_id: i64,
        vehicle_id: Option<i64>,
    },
    /// The list as it shows now, for `Ctrl-E`: the runner makes its sheet.
    Export(Vec<ComplaintRow>),
    /// For the app: a status line, an error.
    Out(Out),
}

/// The Complaints tab.
#[derive(Debug)]
pub struct ComplaintsTab {
    mode: Mode,
    show: Show,
    items: Vec<Item>,
    /// The highlighted complaint (kept across steps, reloads and re-sorts).
    selected: Selection<i64>,
    /// A complaint to highlight once the list has it (the one just registered or shown).
    pending_select: Option<i64>,
    register: Option<Form>,
    /// The register form's customer picker.
    pick: Picker,
    detail: Option<Detail>,
    step: Option<(Step, Form)>,
    /// A step form's draft waiting for its complaint's page to load.
    restoring: Option<StepRestore>,
    scroll: usize,
    /// Why the last step was refused (shown on the complaint's page).
    message: Option<String>,
    /// Esc was pressed once on a form with typed text; a second Esc discards it.
    esc_armed: bool,
    /// How many complaints the view matches; more than `items` when the list stops at its
    /// limit.
    total: usize,
    /// Open complaints past a deadline (the status bar).
    overdue: usize,
    /// The language and the time of the message being handled (injected, never read here).
    lang: Lang,
    now: DateTime<Utc>,
    /// The signed-in agent's number and whether they are a supervisor (injected like the
    /// language).
    me: Option<String>,
    supervisor: bool,
    /// The active agents ("1002 陈静"), listed under the register form's handler field.
    handlers: Vec<String>,
}

impl Default for ComplaintsTab {
    fn default() -> Self {
        ComplaintsTab {
            mode: Mode::List,
            show: Show::Open,
            items: Vec::new(),
            selected: Selection::default(),
            pending_select: None,
            register: None,
            pick: Picker::default(),
            detail: None,
            step: None,
            restoring: None,
            scroll: 0,
            message: None,
            esc_armed: false,
            total: 0,
            overdue: 0,
            lang: Lang::Zh,
            now: DateTime::<Utc>::MIN_UTC,
            me: None,
            supervisor: false,
            handlers: Vec::new(),
        }
    }
}

impl ComplaintsTab {
    /// Handles a message: runs what the tab asks (what `keep` gives back; the rest goes to
    /// `run::run` on the app's loads thread, answered later) and returns what it asks of the app.
    pub fn handle(
        &mut self,
        msg: Msg,
        env: &mut Env,
        keep: &mut dyn FnMut(Cmd) -> Option<Cmd>,
    ) -> Vec<Out> {
        self.lang = env.lang;
        self.now = env.clock.now();
        self.me = env.agent.map(|a| a.emp_no.clone());
        self.supervisor = env
            .agent
            .is_some_and(|a| a.role == crate::store::agents::Role::Supervisor);
        let mut outs = Vec::new();
        drive(self, msg, |cmd| {
            keep(cmd).and_then(|cmd| run::run(cmd, env, &mut outs))
        });
        outs
    }

    pub fn scopes(&self) -> Vec<Scope> {
        match self.mode {
            Mode::List => vec![Scope::ComplaintsList, Scope::Global],
            Mode::Detail => vec![Scope::ComplaintDetail, Scope::Global],
            Mode::Register => match &self.register {
                Some(f) if self.pick.open_in(f) => keymap::form_scopes(
                    Some(f),
                    &[Scope::CustomerPicker, Scope::Form, Scope::Global],
                ),
                f => keymap::form_scopes(f.as_ref(), &[Scope::Form, Scope::Global]),
            },
            Mode::Step => keymap::form_scopes(
                self.step.as_ref().map(|(_, f)| f),
                &[Scope::Form, Scope::Global],
            ),
        }
    }

    pub fn typing(&self) -> bool {
        matches!(self.mode, Mode::Register | Mode::Step)
    }

    pub fn has_unsaved_input(&self) -> bool {
        self.register.as_ref().is_some_and(|f| f.is_dirty())
            || self.step.as_ref().is_some_and(|(_, f)| f.is_dirty())
    }

    /// The list is on screen (no page, no form).
    pub fn at_list(&self) -> bool {
        self.mode == Mode::List
    }

    /// The complaint whose page is open.
    pub fn detail(&self) -> Option<&Detail> {
        self.detail.as_ref()
    }

    /// The complaints listed.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The register form, while it is open.
    pub fn register_form(&self) -> Option<&Form> {
        self.register.as_ref()
    }

    /// Open complaints past a deadline, as last counted.
    pub fn overdue(&self) -> usize {
        self.overdue
    }

    fn ids(&self) -> Vec<i64> {
        self.items.iter().map(|i| i.row.id).collect()
    }

    /// The highlighted complaint.
    fn selected_item(&self) -> Option<&Item> {
        let id = *self.selected.id()?;
        self.items
            .get(self.selected.index())
            .filter(|i| i.row.id == id)
    }

    /// The list as loaded now. The highlight stays on its complaint; when that one left the
    /// list (closed, or moved out of the filter by a step) it moves to its neighbour and the
    /// returned line says so.
    fn set_items(&mut self, items: Vec<Item>) -> Option<String> {
        let old = std::mem::replace(&mut self.items, items);
        let ids = self.ids();
        if let Some(id) = self.pending_select.take()
            && self.selected.select(&id, &ids)
        {
            return None;
        }
        let gone = self.selected.follow(&ids)?;
        let row = &old.iter().find(|i| i.row.id == gone)?.row;
        let who = crate::text::inert(&row.customer);
        Some(match self.lang {
            Lang::Zh => format!("投诉 #{gone} {who} 已不在此列表中，已移到相邻一条"),
            Lang::En => format!("Complaint #{gone} {who} left this list; moved to the next one"),
        })
    }

    /// Whether `d`, read on the loads thread, is for the complaint still open and not
    /// older than its log shown (the agent left it or took a step meanwhile: not wanted).
    fn still_open(&self, d: &Detail) -> bool {
        matches!(self.mode, Mode::Detail | Mode::Step)
            && self
                .detail
                .as_ref()
                .is_some_and(|o| o.row.id == d.row.id && o.seen <= d.seen)
    }

    fn show_detail(&mut self, d: Detail) {
        self.detail = Some(d);
        if self.mode != Mode::Step {
            self.mode = Mode::Detail;
        }
    }

    fn saved(&mut self) {
        self.register = None;
        self.pick = Picker::default();
        self.step = None;
        self.mode = if self.detail.is_some() {
            Mode::Detail
        } else {
            Mode::List
        };
    }

    fn save_failed(&mut self, msg: String) {
        if let Some(f) = &mut self.register {
            f.message = Some((msg, true));
        } else if let Some((_, f)) = &mut self.step {
            f.message = Some((msg, true));
        }
    }

    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        clock: &crate::clock::Clock,
        theme: &Theme,
    ) {
        view::render(self, frame, area, self.lang, clock, theme);
    }
}

impl Machine for ComplaintsTab {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Enter => match self.mode {
                Mode::List => vec![Cmd::List(self.show)],
                Mode::Register | Mode::Detail | Mode::Step => vec![],
            },
            Msg::Follow => match (&self.detail, self.mode) {
                (Some(d), Mode::Detail | Mode::Step) => vec![
                    Cmd::List(self.show),
                    Cmd::Follow {
                        id: d.row.id,
                        seen: d.seen,
                    },
                ],
                _ => vec![Cmd::List(self.show)],
            },
            Msg::Tick => vec![Cmd::Escalate, Cmd::Count],
            Msg::Open(id) => {
                self.register = None;
                self.step = None;
                self.scroll = 0;
                vec![Cmd::Show(id)]
            }
            Msg::Key(Some(action), _) => self.action(action),
            Msg::Key(None, key) => {
                self.esc_armed = false;
                self.type_key(key)
            }
            Msg::Paste(text) => {
                self.esc_armed = false;
                self.paste_text(&text)
            }
            Msg::Restore(draft) => self.restore_register(draft),
            Msg::RestoreStep(draft) => {
                let id = draft.complaint_id;
                self.restoring = Some(draft);
                vec![Cmd::Show(id)]
            }
            Msg::Hits(hits) => {
                self.customer_hits(hits);
                vec![]
            }
            Msg::Picked {
                customer,
                cars,
                vehicle_id,
            } => {
                self.customer_picked(customer, cars, vehicle_id);
                vec![]
            }
            Msg::Listed {
                items,
                total,
                handlers,
            } => {
                self.total = total;
                self.handlers = handlers;
                let mut out = vec![Cmd::Count];
                if let Some(line) = self.set_items(items) {
                    out.push(Cmd::Out(Out::Status(line)));
                }
                out
            }
            Msg::Shown(d) => {
                self.show_detail(*d);
                self.reopen_step()
            }
            Msg::Reshown(detail) => {
                if self.still_open(&detail) {
                    self.show_detail(*detail);
                }
                vec![]
            }
            Msg::Followed { detail, said } => {
                if !self.still_open(&detail) {
                    return vec![];
                }
                self.show_detail(*detail);
                if let (Some(line), Some((_, f))) = (said, &mut self.step) {
                    f.message = Some((line, true));
                }
                vec![]
            }
            Msg::Registered(id) => {
                self.saved();
                self.pending_select = Some(id);
                let line = match self.lang {
                    Lang::Zh => format!("投诉 #{id} 已登记；10 分钟内联系客户"),
                    Lang::En => {
                        format!("Complaint #{id} registered; contact the customer within 10 min")
                    }
                };
                vec![Cmd::Escalate, Cmd::Show(id), Cmd::Out(Out::Status(line))]
            }
            Msg::Stepped(id) => {
                self.saved();
                vec![
                    Cmd::Escalate,
                    Cmd::Show(id),
                    Cmd::Count,
                    Cmd::Out(Out::Status(self.lang.t("已记录", "Recorded").into())),
                ]
            }
            Msg::Refused { why, stale } => {
                if self.register.is_some() || self.step.is_some() {
                    self.save_failed(why);
                } else {
                    self.message = Some(why);
                }
                // Someone else's step came first: show the complaint as it is now (the open
                // form keeps what was typed), so a second try is taken on what was seen.
                stale.map(Cmd::Reshow).into_iter().collect()
            }
            Msg::Overdue(n) => {
                self.overdue = n;
                vec![]
            }
        }
    }
}

impl ComplaintsTab {
    fn action(&mut self, action: Action) -> Vec<Cmd> {
        let armed = std::mem::take(&mut self.esc_armed);
        match self.mode {
            Mode::List => self.list_action(action),
            Mode::Detail => self.detail_action(action),
            Mode::Register => self.register_action(action, armed),
            Mode::Step => self.step_action(action, armed),
        }
    }

    fn list_action(&mut self, action: Action) -> Vec<Cmd> {
        let ids = self.ids();
        match action {
            Action::NewCall => {
                self.register = Some(register::register_form(self.lang));
                self.pick = Picker::default();
                self.mode = Mode::Register;
            }
            Action::Up => self.selected.step(&ids, -1),
            Action::Down => self.selected.step(&ids, 1),
            Action::PageUp => self.selected.step(&ids, -10),
            Action::PageDown => self.selected.step(&ids, 10),
            Action::Filter => {
                self.show = match self.show {
                    Show::Open => Show::Escalated,
                    Show::Escalated => Show::Closed,
                    Show::Closed => Show::All,
                    Show::All => Show::Open,
                };
                self.selected = Selection::default();
                return vec![Cmd::List(self.show)];
            }
            Action::Open => {
                return self
                    .selected_item()
                    .map(|i| Cmd::Show(i.row.id))
                    .into_iter()
                    .collect();
            }
            Action::ExportList => {
                return vec![Cmd::Export(
                    self.items.iter().map(|i| i.row.clone()).collect(),
                )];
            }
            _ => {}
        }
        vec![]
    }

    pub(super) fn detail_action(&mut self, action: Action) -> Vec<Cmd> {
        self.message = None;
        let lang = self.lang;
        let Some(d) = self.detail.as_ref() else {
            return vec![];
        };
        let (id, seen) = (d.row.id, d.seen);
        match action {
            Action::Back => {
                self.detail = None;
                self.mode = Mode::List;
                // Back on the list, on this complaint (wherever it sorts now).
                self.pending_select = Some(id);
                return vec![Cmd::List(self.show)];
            }
            Action::Down => self.scroll += 1,
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Complaint(step) => {
                let step = if step == Step::Pause && d.state.is_paused() {
                    Step::Resume
                } else {
                    step
                };
                // A step the user's role or the complaint's status does not allow is
                // refused here, before its form is filled in for nothing.
                let allowed = steps::role_allows(step, self.supervisor);
                if let Err(r) = allowed.and(precheck(&d.state, d.row.category, step.kind())) {
                    self.message = Some(r.message(lang));
                    return vec![];
                }
                let level = d.state.escalation_level;
                let form = steps::form_for(step, self.lang, self.me.as_deref());
                match form.map(|f| steps::name_handlers(f, step, &d.handlers, lang)) {
                    Some(form) => {
                        self.step = Some((step, form));
                        self.mode = Mode::Step;
                    }
                    None => {
                        return steps::ask(step, (id, seen), None, self.now, self.lang)
                            .map(|ask| Cmd::Step { ask, level })
                            .into_iter()
                            .collect();
                    }
                }
            }
            _ => {}
        }
        vec![]
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_list;
#[cfg(test)]
mod tests_loads;
#[cfg(test)]
mod tests_register;
