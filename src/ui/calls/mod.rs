//! The 来电 Calls tab: today's calls with open rescue cases and follow-ups on top, the
//! template picker, the call form (template fields, customer picker, knowledge-base
//! suggestions), a call's detail with correction and copy, and the steps of a rescue case.
//!
//! The tab is a state machine (`update`: a message in, commands out; no store, terminal or
//! clock), a runner (`run.rs`) that carries each command out against the store and answers
//! with a message, and its views.

mod actions;
mod drafted;
mod export;
pub mod form;
mod form_flow;
pub mod kb_suggest;
mod list;
mod list_view;
mod run;
pub use run::lane;
mod steps;
mod view;

pub use drafted::StepDraft;
pub use form_flow::Restore;
pub use list::EntryKey;

use crate::clock::Clock;
use crate::domain::kb::KbKind;
use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use crate::store::calls::{CallDetail, CallFilter, CallRow, NewCall, Rescue, RescueStep};
use crate::store::customers::Customer;
use crate::store::kb::KbRow;
use crate::store::search::Hit;
use crate::store::vehicles::Vehicle;
use crate::ui::action::Action;
use crate::ui::desk::machine::{Machine, drive};
use crate::ui::desk::{Env, Out};
use crate::ui::keymap::{self, Scope};
use crate::ui::selection::Selection;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::KeyEvent;
use form::CallForm;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::collections::BTreeMap;
use tui_input::Input;

/// What a screen needs to know besides its own state, to draw it (this tab's views, and the
/// screens not yet moved: appointments and callbacks).
pub struct Ctx<'a> {
    pub lang: Lang,
    pub clock: &'a Clock,
    pub templates: &'a TemplateSet,
    pub agent_emp_no: Option<&'a str>,
}

/// What the app lends the tab beside `Env`: the record templates, and the customer whose
/// full numbers the Customers tab has revealed (audited), if any.
pub struct Lent<'a> {
    pub templates: &'a TemplateSet,
    pub revealed: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    List,
    Picker,
    Form,
    Detail,
    Step,
    Filter,
}

/// One line of the combined list.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Rescue(Rescue),
    FollowUp(CallRow),
    Call(CallRow),
}

/// The small form open on a record: its id (and for a rescue case, the version shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Dispatch { id: i64, version: i64 },
    RescueResult { id: i64, version: i64 },
    FollowUp(i64),
}

/// The record a refused save was about, loaded again so the next try is taken on what the
/// agent now sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stale {
    /// A rescue case's step: the case as it is now.
    Rescue(i64),
    /// A correction: the call as it is now, and who changed it.
    Call(i64),
    /// A follow-up answer: the list as it is now.
    List,
}

/// What the tab is told.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The app starts: the list is loaded.
    Enter,
    /// Another agent saved: the list and an open rescue case or call are loaded again.
    Follow,
    /// Time passed: the open rescue cases are counted again for the status bar.
    Recount,
    /// The open rescue cases and how many of them are late, counted.
    Counted((i64, i64)),
    /// A key: its action from the key table, or `None` with the key itself while typing.
    Key(Option<Action>, KeyEvent),
    /// Pasted text, into the focused field.
    Paste(String),
    /// Another tab (a customer's archive) starts a call for this customer and vehicle.
    CallFor {
        customer_id: i64,
        vehicle_id: Option<i64>,
    },
    /// A draft of a call form comes back after the app was closed.
    Restore(Box<Restore>),
    /// A draft of a small form (a rescue step, a follow-up answer) comes back.
    RestoreStep(StepDraft),
    /// The list as the store has it now, with the open rescue counts for the status bar.
    Listed {
        rescues: Vec<Rescue>,
        follow_ups: Vec<CallRow>,
        calls: Vec<CallRow>,
        counts: (i64, i64),
    },
    /// The filter's customer and agent, looked up (`-1` when nobody matches).
    Filtered {
        customer_id: Option<i64>,
        agent_id: Option<i64>,
    },
    /// Customers matching the call form's customer row.
    Hits(Vec<Hit>),
    /// The call's customer, with their vehicles; `revealed` when their full numbers were
    /// revealed (audited) in the archive.
    Customer {
        customer: Box<Customer>,
        vehicles: Vec<Vehicle>,
        vehicle_id: Option<i64>,
        revealed: bool,
    },
    /// Knowledge-base articles for the call form's key field.
    KbFound(Vec<KbRow>),
    /// A call's detail.
    CallShown(Box<CallDetail>),
    /// A rescue case's page.
    RescueShown(Box<Rescue>),
    /// The open call as stored now; `said` is who changed it when it moved past what the
    /// page showed.
    CallFollowed {
        detail: Box<CallDetail>,
        said: Option<String>,
    },
    /// The rescue case as stored now; `said` is who changed it when it moved past what the
    /// page or form showed.
    RescueFollowed {
        rescue: Box<Rescue>,
        said: Option<String>,
    },
    /// A call was saved (and a rescue case or complaint opened with it).
    Saved {
        call_id: i64,
        rescue_id: Option<i64>,
        complaint_id: Option<i64>,
        resolved: bool,
    },
    /// A correction was saved; the earlier version is kept.
    Corrected(i64),
    /// A rescue case took a step.
    /// A rescue step was recorded: the case and the step.
    RescueStepped(i64, RescueStep),
    /// A follow-up was answered.
    Answered(i64),
    /// The store refused a save or step: why, and what to load again.
    Refused { why: String, stale: Option<Stale> },
}

/// What the tab asks the runner for.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// Load the list: rescue cases, follow-ups and the calls `filter` matches (on `day`, or
    /// today, when the filter names no dates).
    List {
        filter: Box<CallFilter>,
        day: Option<NaiveDate>,
    },
    /// Count the open rescue cases and the late ones (a failure is logged, not said).
    Count,
    /// Look up the filter's customer text and employee number.
    Filter {
        customer: Option<String>,
        agent_emp_no: Option<String>,
    },
    /// Search customers for the call form.
    SearchCustomers(String),
    /// Load the call's customer and vehicles.
    Customer {
        customer_id: i64,
        vehicle_id: Option<i64>,
    },
    /// A new customer from name and mobile, for the call form.
    QuickCustomer {
        name: String,
        mobile: String,
    },
    /// Search the knowledge base for the call form's key field.
    KbSearch {
        kind: KbKind,
        query: String,
        today: NaiveDate,
    },
    /// Save a new call.
    Save(Box<NewCall>),
    /// Correct a saved call, made from version `version`.
    Correct {
        id: i64,
        version: i64,
        fields: BTreeMap<String, String>,
        sentence: String,
        resolved: bool,
        completeness: u8,
    },
    ShowCall(i64),
    ShowRescue(i64),
    /// Load the open call again; say who changed it if its version is not `seen`.
    FollowCall {
        id: i64,
        seen: Option<i64>,
    },
    /// Load a rescue case again; when `say`, say who changed it if its version is not
    /// `seen`.
    FollowRescue {
        id: i64,
        seen: Option<i64>,
        say: bool,
    },
    /// A step of a rescue case, taken on the version the tab showed.
    RescueStep {
        id: i64,
        version: i64,
        step: RescueStep,
    },
    /// Answer a follow-up.
    FollowUpDone {
        call_id: i64,
        note: String,
    },
    /// Mark a saved consultation as transferred to technical support.
    KbTransfer(i64),
    /// For the app: a status line, an error, the clipboard.
    /// The list as it shows now, for `Ctrl-E`: the runner makes its sheet.
    Export(Vec<Entry>),
    Out(Out),
}

/// The Calls tab.
#[derive(Debug)]
pub struct CallsTab {
    mode: Mode,
    day: Option<NaiveDate>,
    filter: CallFilter,
    filter_text: String,
    entries: Vec<Entry>,
    /// The highlighted record (kept across reloads and re-sorts).
    selected: Selection<EntryKey>,
    picker_query: Input,
    picker_sel: usize,
    form: Option<CallForm>,
    detail: Option<CallDetail>,
    rescue: Option<Rescue>,
    step: Option<(StepKind, Form)>,
    /// The record the open small form acts on, as its title names it.
    step_subject: String,
    filter_form: Option<Form>,
    /// A customer (and vehicle) the next call form is for.
    pending_customer: Option<(i64, Option<i64>)>,
    /// A record just saved, to highlight once the list has it.
    pending_select: Option<EntryKey>,
    /// A restored draft's values, typed again over what the customer's archive fills in.
    restored: Option<Vec<(String, String)>>,
    /// A small form's draft to put back once the list has loaded; a line under the list
    /// when it could not be (`drafted`).
    restoring_step: Option<StepDraft>,
    note: Option<String>,
    esc_armed: bool,
    /// The open rescue counts last loaded, for the app's status bar.
    counts: Option<(i64, i64)>,
    /// Injected with each message (never read here): the language, the time, today, the
    /// agent and the templates.
    lang: Lang,
    now: DateTime<Utc>,
    today: NaiveDate,
    tz: chrono_tz::Tz,
    agent_emp_no: Option<String>,
    templates: TemplateSet,
}

impl Default for CallsTab {
    fn default() -> Self {
        CallsTab {
            mode: Mode::List,
            day: None,
            filter: CallFilter::default(),
            filter_text: String::new(),
            entries: Vec::new(),
            selected: Selection::default(),
            picker_query: Input::default(),
            picker_sel: 0,
            form: None,
            detail: None,
            rescue: None,
            step: None,
            step_subject: String::new(),
            filter_form: None,
            pending_customer: None,
            pending_select: None,
            restored: None,
            restoring_step: None,
            note: None,
            esc_armed: false,
            counts: None,
            lang: Lang::Zh,
            now: DateTime::<Utc>::MIN_UTC,
            today: NaiveDate::MIN,
            tz: chrono_tz::Tz::UTC,
            agent_emp_no: None,
            templates: TemplateSet::default(),
        }
    }
}

impl CallsTab {
    /// Handles a message with the store at hand: runs what the tab asks until it asks for
    /// nothing more, and returns what it asks of the app. `keep` sees each command first
    /// and takes away those that run elsewhere (the loads thread: `None`).
    pub fn handle(
        &mut self,
        msg: Msg,
        env: &mut Env,
        lent: &Lent,
        keep: &mut dyn FnMut(Cmd) -> Option<Cmd>,
    ) -> Vec<Out> {
        self.lang = env.lang;
        self.now = env.clock.now();
        self.today = env.clock.today();
        self.tz = env.clock.tz();
        self.agent_emp_no = env.agent.map(|a| a.emp_no.clone());
        if self.templates != *lent.templates {
            self.templates = lent.templates.clone();
        }
        let mut outs = Vec::new();
        drive(self, msg, |cmd| {
            keep(cmd).and_then(|cmd| run::run(cmd, env, lent, &mut outs))
        });
        outs
    }

    /// Carries out one command taken away by `handle` (on any thread, with its own
    /// store): the answer for the tab, and what it asks of the app.
    pub fn carry(cmd: Cmd, env: &mut Env, lent: &Lent) -> (Option<Msg>, Vec<Out>) {
        let mut outs = Vec::new();
        let answer = run::run(cmd, env, lent, &mut outs);
        (answer, outs)
    }

    pub fn scopes(&self) -> Vec<Scope> {
        match self.mode {
            Mode::List => vec![Scope::CallsList, Scope::Global],
            Mode::Picker => vec![Scope::Picker, Scope::Global],
            Mode::Form => vec![Scope::CallForm, Scope::Global],
            Mode::Detail => vec![Scope::CallDetail, Scope::Global],
            Mode::Step => keymap::form_scopes(
                self.step.as_ref().map(|(_, f)| f),
                &[Scope::Form, Scope::Global],
            ),
            Mode::Filter => vec![Scope::Form, Scope::Global],
        }
    }

    pub fn typing(&self) -> bool {
        matches!(
            self.mode,
            Mode::Picker | Mode::Form | Mode::Step | Mode::Filter
        )
    }

    pub fn has_unsaved_input(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.is_dirty())
            || self.step.as_ref().is_some_and(|(_, f)| f.is_dirty())
    }

    /// The lines of the list, as shown.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The call form, while it is open.
    pub fn form(&self) -> Option<&CallForm> {
        self.form.as_ref()
    }

    /// The open rescue counts loaded with the list since the app last asked.
    pub fn take_rescue_counts(&mut self) -> Option<(i64, i64)> {
        self.counts.take()
    }

    /// The day shown (store-local), today unless the user moved.
    fn shown_day(&self, clock: &Clock) -> NaiveDate {
        self.day.unwrap_or_else(|| clock.today())
    }

    fn list(&self) -> Cmd {
        Cmd::List {
            filter: Box::new(self.filter.clone()),
            day: self.day,
        }
    }

    /// Where a closed form goes back to: the open record, else the list.
    fn back_mode(&self) -> Mode {
        if self.detail.is_some() || self.rescue.is_some() {
            Mode::Detail
        } else {
            Mode::List
        }
    }

    fn show_detail(&mut self, d: CallDetail) {
        self.detail = Some(d);
        self.rescue = None;
        self.mode = Mode::Detail;
    }

    fn show_rescue(&mut self, r: Rescue) {
        self.rescue = Some(r);
        self.detail = None;
        self.mode = Mode::Detail;
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
        view::render(self, frame, area, ctx, theme);
    }
}

impl Machine for CallsTab {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        let mut out = match msg {
            Msg::Enter => vec![self.list()],
            Msg::Follow => self.follow(),
            Msg::Recount => vec![Cmd::Count],
            Msg::Counted(counts) => {
                self.counts = Some(counts);
                vec![]
            }
            Msg::Key(Some(action), _) => {
                self.note = None;
                self.action(action)
            }
            Msg::Key(None, key) => self.text(key),
            Msg::Paste(text) => self.paste(&text),
            Msg::CallFor {
                customer_id,
                vehicle_id,
            } => {
                self.start_for();
                self.pending_customer = Some((customer_id, vehicle_id));
                vec![]
            }
            Msg::Restore(r) => self.restore(*r),
            Msg::RestoreStep(d) => self.restore_step(d),
            Msg::Listed {
                rescues,
                follow_ups,
                calls,
                counts,
            } => {
                self.counts = Some(counts);
                let left = self.set_entries(rescues, follow_ups, calls);
                let mut cmds = self.reopen_step();
                cmds.extend(left.map(|line| Cmd::Out(Out::Status(line))));
                cmds
            }
            Msg::Filtered {
                customer_id,
                agent_id,
            } => {
                self.filter.customer_id = customer_id;
                self.filter.agent_id = agent_id;
                vec![self.list()]
            }
            Msg::Hits(hits) => {
                if let Some(f) = &mut self.form {
                    f.hits = hits;
                    f.hit_sel = 0;
                }
                vec![]
            }
            Msg::Customer {
                customer,
                vehicles,
                vehicle_id,
                revealed,
            } => {
                self.set_customer(*customer, vehicles, vehicle_id, revealed);
                vec![]
            }
            Msg::KbFound(rows) => {
                if let Some(f) = &mut self.form {
                    f.kb_found(rows);
                }
                vec![]
            }
            Msg::CallShown(d) => {
                self.show_detail(*d);
                vec![]
            }
            Msg::RescueShown(r) => {
                self.show_rescue(*r);
                vec![]
            }
            Msg::CallFollowed { detail, said } => {
                self.call_followed(*detail, said);
                vec![]
            }
            Msg::RescueFollowed { rescue, said } => {
                self.rescue_followed(*rescue, said);
                vec![]
            }
            Msg::Saved {
                call_id,
                rescue_id,
                complaint_id,
                resolved,
            } => self.saved(call_id, rescue_id, complaint_id, resolved),
            Msg::Corrected(id) => {
                let line = self.lang.t(
                    "已更正，原版本已保留",
                    "Corrected; the earlier version is kept",
                );
                let mut out = self.done(line.into(), EntryKey::Call(id));
                out.push(Cmd::ShowCall(id));
                out
            }
            Msg::RescueStepped(id, step) => {
                let what = self.subject_of(EntryKey::Rescue(id));
                let line = actions::stepped_line(&what, &step, self.lang);
                let mut out = self.done(line, EntryKey::Rescue(id));
                // Closed here: its leaving the list is not news.
                self.selected.expect_leave(EntryKey::Rescue(id));
                if self.rescue.is_some() {
                    out.push(Cmd::ShowRescue(id));
                }
                out.push(self.list());
                out
            }
            Msg::Answered(id) => {
                let line = self.lang.t("已记录回复", "Answer recorded");
                let mut out = self.done(line.into(), EntryKey::FollowUp(id));
                self.selected.expect_leave(EntryKey::FollowUp(id));
                if self.detail.is_some() {
                    out.push(Cmd::ShowCall(id));
                }
                out.push(self.list());
                out
            }
            Msg::Refused { why, stale } => self.refused(why, stale),
        };
        // The call form's suggestions follow its key field, whatever changed it.
        out.extend(self.kb_search());
        out
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_keys;
#[cfg(test)]
mod tests_loads;
