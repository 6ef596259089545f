//! The 客户 Customers tab: search as you type, the customer's archive (one car, two files),
//! and the forms to add and edit customers and vehicles.
//!
//! The tab is a state machine (`update`: a message in, commands out; no store, terminal or
//! clock), a runner (`run.rs`) that carries each command out against the store and answers
//! with a message, and its views (`list.rs`, `detail.rs`, `forms.rs`).

mod detail;
mod follow;
mod forms;
mod keys;
mod list;
mod run;
pub use run::lane;

use crate::clock::Clock;
use crate::domain::archive::{CustomerData, VehicleData};
use crate::i18n::Lang;
use crate::store::customers::Customer;
use crate::store::files::{RepairOrder, SalesFile};
use crate::store::search::Hit;
use crate::store::vehicles::Vehicle;
use crate::ui::action::Action;
use crate::ui::desk::machine::{Machine, drive};
use crate::ui::desk::{Env, Out};
use crate::ui::keymap::{self, Scope};
use crate::ui::selection::Selection;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use tui_input::Input;

pub use forms::FormKind;
pub use run::SEARCH_LIMIT;

/// A vehicle with its two files, as shown in the detail view.
#[derive(Debug, Clone, PartialEq)]
pub struct VehicleFiles {
    pub vehicle: Vehicle,
    pub sales: Option<SalesFile>,
    /// The newest repair orders (at most a page's worth).
    pub repairs: Vec<RepairOrder>,
    /// How many repair orders the vehicle has in all.
    pub repair_total: i64,
}

/// A customer's archive as loaded from the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Archive {
    pub customer: Customer,
    pub vehicles: Vec<VehicleFiles>,
    /// Full numbers shown (after an audited reveal).
    pub revealed: bool,
    /// The customer's latest contacts of every kind, newest first (the timeline).
    pub contacts: Vec<crate::store::timeline::Contact>,
}

impl Archive {
    /// The customer has a number that is masked until revealed (mobile, landline, ID).
    pub fn has_numbers(&self) -> bool {
        let c = &self.customer.data;
        c.mobile.is_some() || c.landline.is_some() || c.id_number.is_some()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    List,
    Detail,
    Form,
}

/// A form kept from an earlier session (a draft), to put back on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Restore {
    pub kind: FormKind,
    pub customer_id: Option<i64>,
    pub vehicle_id: Option<i64>,
    pub values: Vec<(String, String)>,
}

/// What the tab is told.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The search runs for the text in the field (at start).
    Search,
    /// Another agent saved: the results, the open archive and an open form follow the store.
    Follow,
    /// Another tab asks for this customer's archive.
    Open(i64),
    /// A draft from an earlier session: its customer's archive, then the form as it was.
    Restore(Box<Restore>),
    /// A key: its action from the key table, or `None` with the key itself while typing.
    Key(Option<Action>, KeyEvent),
    /// Pasted text, into the focused field.
    Paste(String),
    /// The search results as the store has them now; `total` when they stop at their limit.
    Hits {
        hits: Vec<Hit>,
        total: Option<(usize, bool)>,
    },
    /// The search run again after another agent's save (on the loads thread), for `query`,
    /// asked as the tab's `ask`th read of its results.
    Refreshed {
        query: String,
        hits: Vec<Hit>,
        total: Option<(usize, bool)>,
        ask: u64,
    },
    /// A customer's archive as the store has it now.
    Loaded(Box<Archive>),
    /// The open archive read again after another agent's save (on the loads thread), asked
    /// as the tab's `ask`th read of its archive.
    Reloaded { archive: Box<Archive>, ask: u64 },
    /// The archive under the open form moved on: the store's version, and who saved it.
    /// `refused`: a save was just refused over it.
    Moved {
        archive: Box<Archive>,
        who: Option<String>,
        refused: bool,
    },
    /// A customer (and a car of theirs) was saved.
    Saved {
        customer_id: i64,
        vehicle_id: Option<i64>,
    },
    /// Someone else saved the record first: the form follows the store.
    Conflict,
    /// A save was refused: why.
    Refused(String),
}

/// The record an edit form acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Customer(i64),
    Vehicle(i64),
}

/// What the tab asks the runner for.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// Run the customer search for this text.
    Search(String),
    /// Run the search again after another agent's save (`ask`: see `Msg::Refreshed`).
    Refresh { query: String, ask: u64 },
    /// Load a customer's archive (`revealed`: with full numbers).
    Load { id: i64, revealed: bool },
    /// Load the open archive again after another agent's save (`ask`: see
    /// `Msg::Reloaded`).
    Reload { id: i64, revealed: bool, ask: u64 },
    /// Show this customer's full numbers: audited, then the archive loaded with them.
    Reveal(i64),
    /// Save a new (`id: None`) or edited customer made from version `version`.
    SaveCustomer {
        id: Option<i64>,
        version: i64,
        data: CustomerData,
    },
    /// Save a new or edited vehicle of a customer.
    SaveVehicle {
        customer_id: i64,
        id: Option<i64>,
        version: i64,
        data: VehicleData,
    },
    /// Look whether the record under the open form moved past `version`; if so load the
    /// archive again and say who saved it.
    Check {
        record: Record,
        version: i64,
        customer_id: i64,
        revealed: bool,
        refused: bool,
    },
    /// For the app: a status line, an error, another tab's work.
    Out(Out),
}

/// The Customers tab.
#[derive(Debug)]
pub struct CustomersTab {
    mode: Mode,
    search: Input,
    search_focused: bool,
    hits: Vec<Hit>,
    /// How many customers the search matches when the results stop at their limit
    /// (`None`: all are listed); `(n, true)`: at least n.
    total: Option<(usize, bool)>,
    /// The highlighted hit (customer, car), kept when the search runs again.
    selected: Selection<(i64, Option<i64>)>,
    archive: Option<Archive>,
    vehicle_idx: usize,
    repair_scroll: usize,
    form: Option<(FormKind, Form)>,
    /// A VIN whose wrong check digit the user was warned about; saving it again confirms.
    vin_warned: Option<String>,
    /// Where Esc from the form goes back to.
    form_return: Mode,
    /// Esc was pressed once on a changed form; a second Esc discards it.
    esc_armed: bool,
    /// The car to show once the archive is loaded (the one just saved).
    pending_vehicle: Option<i64>,
    /// A plate or VIN searched for that found nobody (form field, text), and the customer
    /// then saved: their add-vehicle form opens with it once their archive is shown.
    car_to_add: Option<(&'static str, String, Option<i64>)>,
    /// A draft to put back once its customer's archive is loaded.
    pending_restore: Option<Box<Restore>>,
    /// The reads of the results and of the archive asked, and the last shown (an answer
    /// from the loads thread asked before the last shown is not wanted any more).
    reads: follow::Reads,
    /// The language and the day of the message being handled (injected, never read here).
    lang: Lang,
    today: NaiveDate,
}

impl Default for CustomersTab {
    fn default() -> Self {
        CustomersTab {
            mode: Mode::List,
            search: Input::default(),
            // At start the keys on the screen (?, a, 1-6) are commands; `s` types a search.
            search_focused: false,
            hits: Vec::new(),
            total: None,
            selected: Selection::default(),
            archive: None,
            vehicle_idx: 0,
            repair_scroll: 0,
            form: None,
            vin_warned: None,
            form_return: Mode::List,
            esc_armed: false,
            pending_vehicle: None,
            car_to_add: None,
            pending_restore: None,
            reads: follow::Reads::default(),
            lang: Lang::Zh,
            today: NaiveDate::MIN,
        }
    }
}

impl CustomersTab {
    /// Handles a message with the store at hand: runs what the tab asks until it asks for
    /// nothing more, and returns what it asks of the app. `keep` sees each command first
    /// and takes away those that run elsewhere (the loads thread: `None`).
    pub fn handle(
        &mut self,
        msg: Msg,
        env: &mut Env,
        keep: &mut dyn FnMut(Cmd) -> Option<Cmd>,
    ) -> Vec<Out> {
        self.lang = env.lang;
        self.today = env.clock.today();
        let mut outs = Vec::new();
        drive(self, msg, |cmd| {
            keep(cmd).and_then(|cmd| run::run(cmd, env, &mut outs))
        });
        outs
    }

    /// Carries out one command taken away by `handle` (on any thread, with its own
    /// store): the answer for the tab, and what it asks of the app.
    pub fn carry(cmd: Cmd, env: &mut Env) -> (Option<Msg>, Vec<Out>) {
        let mut outs = Vec::new();
        let answer = run::run(cmd, env, &mut outs);
        (answer, outs)
    }

    /// The key scopes in force, most specific first.
    pub fn scopes(&self) -> Vec<Scope> {
        match self.mode {
            Mode::List if self.search_focused => {
                vec![Scope::SearchField, Scope::List, Scope::Global]
            }
            Mode::List => vec![Scope::List, Scope::Global],
            Mode::Detail => vec![Scope::Detail, Scope::Global],
            Mode::Form => keymap::form_scopes(
                self.form.as_ref().map(|(_, f)| f),
                &[Scope::Form, Scope::Global],
            ),
        }
    }

    /// True while a text field has the cursor (letters are text, not commands).
    pub fn typing(&self) -> bool {
        matches!(self.mode, Mode::Form) || (self.mode == Mode::List && self.search_focused)
    }

    pub fn has_unsaved_input(&self) -> bool {
        self.form.as_ref().is_some_and(|(_, f)| f.is_dirty())
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The list is on screen (no archive, no form).
    pub fn at_list(&self) -> bool {
        self.mode == Mode::List
    }

    pub fn query(&self) -> &str {
        self.search.value()
    }

    /// The search results listed.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// The archive shown (or last shown).
    pub fn archive(&self) -> Option<&Archive> {
        self.archive.as_ref()
    }

    /// The open form and what it is for.
    pub fn form(&self) -> Option<(FormKind, &Form)> {
        self.form.as_ref().map(|(k, f)| (*k, f))
    }

    /// The open form, to move its cursor (tests drive a field directly).
    pub fn form_mut(&mut self) -> Option<&mut Form> {
        self.form.as_mut().map(|(_, f)| f)
    }

    /// The open form as a draft would keep it: its kind, the customer and car it edits.
    pub fn draft(&self) -> Option<(FormKind, Option<i64>, Option<i64>, &Form)> {
        let (kind, form) = self.form.as_ref()?;
        let a = self.archive.as_ref();
        let customer_id = a
            .map(|a| a.customer.id)
            .filter(|_| *kind != FormKind::NewCustomer);
        let vehicle_id = a
            .and_then(|a| a.vehicles.get(self.vehicle_idx))
            .map(|v| v.vehicle.id)
            .filter(|_| *kind == FormKind::EditVehicle);
        Some((*kind, customer_id, vehicle_id, form))
    }

    fn keys(&self) -> Vec<(i64, Option<i64>)> {
        self.hits
            .iter()
            .map(|h| (h.customer_id, h.vehicle_id))
            .collect()
    }

    /// The highlighted hit.
    fn selected_hit(&self) -> Option<&Hit> {
        let k = *self.selected.id()?;
        self.hits
            .get(self.selected.index())
            .filter(|h| (h.customer_id, h.vehicle_id) == k)
    }

    /// New results for the current query. Returns a status line when the highlighted
    /// customer left the results (after another agent's save): the highlight then moved
    /// to its neighbour.
    fn set_hits(&mut self, hits: Vec<Hit>) -> Option<String> {
        let old = std::mem::replace(&mut self.hits, hits);
        let keys = self.keys();
        // A customer's row is keyed by its car too: one whose first car was just added (or
        // whose car left) is still listed, under another key. Stay on them.
        if let Some(&(customer, car)) = self.selected.id()
            && !keys.contains(&(customer, car))
            && let Some(k) = keys.iter().find(|k| k.0 == customer)
        {
            self.selected.select(k, &keys);
        }
        let gone = self.selected.follow(&keys)?;
        let h = old.iter().find(|h| (h.customer_id, h.vehicle_id) == gone)?;
        let who = crate::text::inert(&h.name);
        Some(match self.lang {
            Lang::Zh => format!("客户 {who} 已不在搜索结果中，已移到相邻一条"),
            Lang::En => format!("Customer {who} left the results; moved to the next one"),
        })
    }

    /// The archive to show (fresh from the store).
    fn show_archive(&mut self, archive: Archive) {
        let same = self
            .archive
            .as_ref()
            .is_some_and(|a| a.customer.id == archive.customer.id);
        if !same {
            self.vehicle_idx = 0;
            self.repair_scroll = 0;
        }
        if let Some(vid) = self.pending_vehicle.take()
            && let Some(i) = archive.vehicles.iter().position(|v| v.vehicle.id == vid)
        {
            self.vehicle_idx = i;
        }
        self.vehicle_idx = self
            .vehicle_idx
            .min(archive.vehicles.len().saturating_sub(1));
        self.archive = Some(archive);
        if self.mode != Mode::Form {
            self.mode = Mode::Detail;
        }
    }

    /// A save went through.
    fn saved(&mut self) {
        self.form = None;
        self.vin_warned = None;
        self.mode = Mode::Detail;
    }

    /// A save failed: the form stays, with the reason.
    fn save_failed(&mut self, msg: String) {
        if let Some((_, form)) = &mut self.form {
            form.message = Some((msg, true));
        }
    }

    /// Puts a draft's form back on screen (its archive, if any, is loaded).
    fn restore(&mut self, r: &Restore) {
        if let (Some(vid), Some(a)) = (r.vehicle_id, &self.archive)
            && let Some(i) = a.vehicles.iter().position(|v| v.vehicle.id == vid)
        {
            self.vehicle_idx = i;
        }
        self.open_form(r.kind);
        if let Some((_, f)) = &mut self.form {
            crate::ui::drafts::fill(f, &r.values);
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, clock: &Clock, theme: &Theme) {
        match self.mode {
            Mode::List => list::render(self, frame, area, lang, theme),
            Mode::Detail => detail::render(self, frame, area, lang, clock, theme),
            Mode::Form => {
                if let Some((kind, form)) = &self.form {
                    let masked = !self.archive.as_ref().is_some_and(|a| a.revealed);
                    let subject = self.form_subject(*kind);
                    forms::render(*kind, form, &subject, masked, frame, area, lang, theme);
                }
            }
        }
    }
}

impl Machine for CustomersTab {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Search => vec![Cmd::Search(self.query().to_string())],
            Msg::Follow => self.follow(),
            Msg::Open(id) => vec![Cmd::Load {
                id,
                revealed: false,
            }],
            Msg::Restore(r) => match r.customer_id {
                Some(id) => {
                    self.pending_restore = Some(r);
                    vec![Cmd::Load {
                        id,
                        revealed: false,
                    }]
                }
                None => {
                    self.restore(&r);
                    vec![]
                }
            },
            Msg::Key(Some(action), _) => self.action(action),
            Msg::Key(None, key) => self.text(key),
            Msg::Paste(text) => self.paste(&text),
            Msg::Hits { hits, total } => {
                self.reads.shown_hits();
                self.total = total;
                self.set_hits(hits)
                    .map(|line| Cmd::Out(Out::Status(line)))
                    .into_iter()
                    .collect()
            }
            Msg::Refreshed {
                query,
                hits,
                total,
                ask,
            } => self.refreshed(&query, hits, total, ask),
            Msg::Reloaded { archive, ask } => {
                self.reloaded(*archive, ask);
                vec![]
            }
            Msg::Loaded(a) => {
                self.reads.shown_archive();
                self.show_archive(*a);
                self.add_the_car_searched_for();
                if let Some(r) = self.pending_restore.take() {
                    self.restore(&r);
                }
                vec![]
            }
            Msg::Moved {
                archive,
                who,
                refused,
            } => {
                // Read on the loads thread: only over a record newer than the form's.
                if self.moved_past(&archive) {
                    self.follow_form(*archive, who, refused);
                }
                vec![]
            }
            Msg::Saved {
                customer_id,
                vehicle_id,
            } => {
                if let (Some((FormKind::NewCustomer, _)), Some(car)) =
                    (&self.form, &mut self.car_to_add)
                {
                    car.2 = Some(customer_id);
                }
                self.saved();
                self.pending_vehicle = vehicle_id;
                vec![
                    Cmd::Out(Out::Status(self.lang.t("已保存", "Saved").into())),
                    Cmd::Load {
                        id: customer_id,
                        revealed: false,
                    },
                    Cmd::Search(self.query().to_string()),
                ]
            }
            // Never a loop of refusals: the open record follows the store, the form keeps
            // what was typed and says who changed what.
            Msg::Conflict => self.check(true),
            Msg::Refused(why) => {
                self.save_failed(why);
                vec![]
            }
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_carry;
#[cfg(test)]
mod tests_forms;
#[cfg(test)]
mod tests_loads;
#[cfg(test)]
mod tests_whole;
