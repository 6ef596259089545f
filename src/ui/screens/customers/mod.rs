//! The 客户 Customers tab: search as you type, the customer's archive (one car, two files),
//! and the forms to add and edit customers and vehicles.

mod detail;
mod follow;
mod forms;
mod list;

use super::Effect;
use crate::clock::Clock;
use crate::i18n::Lang;
use crate::store::customers::Customer;
use crate::store::files::{RepairOrder, SalesFile};
use crate::store::search::Hit;
use crate::store::vehicles::Vehicle;
use crate::ui::action::Action;
use crate::ui::keymap::{self, Scope};
use crate::ui::selection::Selection;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use crossterm::event::{Event, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

pub use forms::FormKind;

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

/// A customer's archive as loaded by the app.
#[derive(Debug, Clone, PartialEq)]
pub struct Archive {
    pub customer: Customer,
    pub vehicles: Vec<VehicleFiles>,
    /// Full numbers shown (after an audited reveal).
    pub revealed: bool,
    /// The customer's latest calls, newest first (the timeline).
    pub calls: Vec<crate::store::calls::CallRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    List,
    Detail,
    Form,
}

#[derive(Debug)]
pub struct CustomersScreen {
    pub mode: Mode,
    pub search: Input,
    pub search_focused: bool,
    pub hits: Vec<Hit>,
    /// How many customers the search matches when the results stop at their limit
    /// (`None`: all are listed); `(n, true)`: at least n.
    pub total: Option<(usize, bool)>,
    /// The highlighted hit (customer, car), kept when the search runs again.
    pub selected: Selection<(i64, Option<i64>)>,
    pub archive: Option<Archive>,
    pub vehicle_idx: usize,
    pub repair_scroll: usize,
    pub form: Option<(FormKind, Form)>,
    /// A VIN whose wrong check digit the user was warned about; saving it again confirms.
    pub vin_warned: Option<String>,
    /// Where Esc from the form goes back to.
    form_return: Mode,
    /// Esc was pressed once on a changed form; a second Esc discards it.
    esc_armed: bool,
}

impl Default for CustomersScreen {
    fn default() -> Self {
        CustomersScreen {
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
        }
    }
}

impl CustomersScreen {
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

    pub fn query(&self) -> &str {
        self.search.value()
    }

    /// New results for the current query.
    /// Returns a status line when the highlighted customer left the results (after
    /// another agent's save): the highlight then moved to its neighbour.
    pub fn set_hits(&mut self, hits: Vec<Hit>, lang: Lang) -> Option<String> {
        let old = std::mem::replace(&mut self.hits, hits);
        let gone = self.selected.follow(&self.keys())?;
        let h = old.iter().find(|h| (h.customer_id, h.vehicle_id) == gone)?;
        let who = crate::text::inert(&h.name);
        Some(match lang {
            Lang::Zh => format!("客户 {who} 已不在搜索结果中，已移到相邻一条"),
            Lang::En => format!("Customer {who} left the results; moved to the next one"),
        })
    }

    fn keys(&self) -> Vec<(i64, Option<i64>)> {
        self.hits
            .iter()
            .map(|h| (h.customer_id, h.vehicle_id))
            .collect()
    }

    /// The highlighted hit.
    pub fn selected_hit(&self) -> Option<&Hit> {
        let k = *self.selected.id()?;
        self.hits
            .get(self.selected.index())
            .filter(|h| (h.customer_id, h.vehicle_id) == k)
    }

    /// The archive to show (fresh from the store).
    pub fn show_archive(&mut self, archive: Archive) {
        let same = self
            .archive
            .as_ref()
            .is_some_and(|a| a.customer.id == archive.customer.id);
        if !same {
            self.vehicle_idx = 0;
            self.repair_scroll = 0;
        }
        self.vehicle_idx = self
            .vehicle_idx
            .min(archive.vehicles.len().saturating_sub(1));
        self.archive = Some(archive);
        if self.mode != Mode::Form {
            self.mode = Mode::Detail;
        }
    }

    /// Called by the app when a save went through.
    pub fn saved(&mut self) {
        self.form = None;
        self.vin_warned = None;
        self.mode = Mode::Detail;
    }

    /// Called by the app when a save failed: the form stays, with the reason.
    pub fn save_failed(&mut self, msg: String) {
        if let Some((_, form)) = &mut self.form {
            form.message = Some((msg, true));
        }
    }

    /// Drops the form without saving.
    pub fn discard_form(&mut self) {
        self.form = None;
        self.vin_warned = None;
        self.esc_armed = false;
        self.mode = self.form_return.clone();
    }

    pub fn handle_action(&mut self, action: Action, clock: &Clock, lang: Lang) -> Option<Effect> {
        match self.mode {
            Mode::List => self.list_action(action),
            Mode::Detail => self.detail_action(action),
            Mode::Form => self.form_action(action, clock, lang),
        }
    }

    /// Typed text (not a command) for the focused field.
    pub fn handle_text(&mut self, key: KeyEvent) -> Option<Effect> {
        match self.mode {
            Mode::List if self.search_focused => {
                let changed = self
                    .search
                    .handle_event(&Event::Key(key))
                    .is_some_and(|s| s.value);
                if changed {
                    self.selected = Selection::default();
                    return Some(Effect::Search(self.search.value().to_string()));
                }
                None
            }
            Mode::Form => {
                self.esc_armed = false;
                if let Some((_, form)) = &mut self.form {
                    form.edit(key);
                }
                None
            }
            _ => None,
        }
    }

    pub fn handle_paste(&mut self, text: &str) -> Option<Effect> {
        match self.mode {
            Mode::List if self.search_focused => {
                let one: String = text.chars().filter(|c| !c.is_control()).take(100).collect();
                let v = format!("{}{one}", self.search.value());
                self.search = Input::new(v);
                Some(Effect::Search(self.search.value().to_string()))
            }
            Mode::Form => {
                if let Some((_, form)) = &mut self.form {
                    form.paste(text);
                }
                None
            }
            _ => None,
        }
    }

    /// Starts a new search from the global search: puts the text in the field.
    pub fn start_search(&mut self) {
        self.mode = Mode::List;
        self.search_focused = true;
    }

    fn list_action(&mut self, action: Action) -> Option<Effect> {
        let keys = self.keys();
        match action {
            Action::FocusSearch => self.search_focused = true,
            Action::Back if self.search_focused => self.search_focused = false,
            Action::Open if self.search_focused => {
                // With nothing found, stay in the field to change the query.
                self.search_focused = self.hits.is_empty();
            }
            Action::Open => {
                return self
                    .selected_hit()
                    .map(|h| Effect::OpenCustomer(h.customer_id));
            }
            Action::Up if self.selected.index() == 0 => self.search_focused = true,
            Action::Up => self.selected.step(&keys, -1),
            Action::Down => self.selected.step(&keys, 1),
            Action::PageUp => self.selected.step(&keys, -10),
            Action::PageDown => self.selected.step(&keys, 10),
            Action::Home => self.selected.first(&keys),
            Action::End => self.selected.step(&keys, isize::MAX / 2),
            Action::AddCustomer => self.open_form(FormKind::NewCustomer),
            _ => {}
        }
        None
    }

    fn detail_action(&mut self, action: Action) -> Option<Effect> {
        let nv = self.archive.as_ref().map_or(0, |a| a.vehicles.len());
        match action {
            Action::Back => self.mode = Mode::List,
            Action::NextVehicle if nv > 0 => {
                self.vehicle_idx = (self.vehicle_idx + 1) % nv;
                self.repair_scroll = 0;
            }
            Action::PrevVehicle if nv > 0 => {
                self.vehicle_idx = (self.vehicle_idx + nv - 1) % nv;
                self.repair_scroll = 0;
            }
            Action::Down => self.repair_scroll += 1,
            Action::Up => self.repair_scroll = self.repair_scroll.saturating_sub(1),
            Action::EditCustomer => self.open_form(FormKind::EditCustomer),
            Action::AddVehicle => self.open_form(FormKind::NewVehicle),
            Action::EditVehicle if nv > 0 => self.open_form(FormKind::EditVehicle),
            Action::Reveal => {
                if let Some(a) = &self.archive
                    && !a.revealed
                {
                    return Some(Effect::Reveal(a.customer.id));
                }
            }
            _ => {}
        }
        None
    }

    /// The record a form acts on, as its title names it: the customer, and for a car its
    /// plate (or VIN).
    fn form_subject(&self, kind: FormKind) -> String {
        let Some(a) = &self.archive else {
            return String::new();
        };
        let name = crate::text::inert(&a.customer.data.name);
        match kind {
            FormKind::NewCustomer => String::new(),
            FormKind::EditCustomer | FormKind::NewVehicle => name,
            FormKind::EditVehicle => match a.vehicles.get(self.vehicle_idx) {
                Some(v) => {
                    let car = v
                        .vehicle
                        .data
                        .plate
                        .as_deref()
                        .unwrap_or(&v.vehicle.data.vin);
                    format!("{} {name}", crate::text::inert(car))
                }
                None => name,
            },
        }
    }

    pub fn open_form(&mut self, kind: FormKind) {
        let vehicle = self
            .archive
            .as_ref()
            .and_then(|a| a.vehicles.get(self.vehicle_idx))
            .map(|v| &v.vehicle);
        let customer = self.archive.as_ref().map(|a| &a.customer);
        // Numbers stay masked in the form unless they were revealed (audited) first.
        let masked = !self.archive.as_ref().is_some_and(|a| a.revealed);
        let form = forms::build(kind, customer, vehicle, masked);
        self.form_return = if self.mode == Mode::Form {
            Mode::List
        } else {
            self.mode.clone()
        };
        self.form = Some((kind, form));
        self.vin_warned = None;
        self.mode = Mode::Form;
    }

    fn form_action(&mut self, action: Action, clock: &Clock, lang: Lang) -> Option<Effect> {
        let armed = std::mem::take(&mut self.esc_armed);
        self.esc_armed = armed && action == Action::Back;
        let (kind, form) = self.form.as_mut()?;
        match action {
            Action::NextField if form.is_last() => return self.submit(clock, lang),
            Action::NextField => form.next(),
            Action::PrevField => form.prev(),
            Action::Save => return self.submit(clock, lang),
            Action::Back if !form.is_dirty() || self.esc_armed => self.discard_form(),
            Action::Back => {
                let _ = kind;
                form.message = Some((
                    lang.t(
                        "有未保存的内容：Ctrl-S 保存，或再按 Esc 放弃",
                        "Unsaved input: Ctrl-S saves, Esc again discards",
                    )
                    .to_string(),
                    false,
                ));
                self.esc_armed = true;
                return None;
            }
            _ => {}
        }
        None
    }

    fn submit(&mut self, clock: &Clock, lang: Lang) -> Option<Effect> {
        let archive = self.archive.as_ref();
        let (kind, form) = self.form.as_mut()?;
        form.clear_errors();
        let today = clock.today();
        match kind {
            FormKind::NewCustomer | FormKind::EditCustomer => {
                let masked_from = match (*kind, archive) {
                    (FormKind::EditCustomer, Some(a)) if !a.revealed => Some(&a.customer.data),
                    _ => None,
                };
                let data = forms::parse_customer(form, today, lang, masked_from)?;
                let (id, version) = match (kind, archive) {
                    (FormKind::EditCustomer, Some(a)) => (Some(a.customer.id), a.customer.version),
                    _ => (None, 0),
                };
                Some(Effect::SaveCustomer { id, version, data })
            }
            FormKind::NewVehicle | FormKind::EditVehicle => {
                let a = archive?;
                let confirmed = self.vin_warned.clone();
                let data = forms::parse_vehicle(form, today, lang, confirmed.as_deref())?;
                if !data.vin_check_ok && confirmed.as_deref() != Some(data.vin.as_str()) {
                    self.vin_warned = Some(data.vin.clone());
                    return None;
                }
                let (id, version) = match kind {
                    FormKind::EditVehicle => a
                        .vehicles
                        .get(self.vehicle_idx)
                        .map(|v| (Some(v.vehicle.id), v.vehicle.version))
                        .unwrap_or((None, 0)),
                    _ => (None, 0),
                };
                Some(Effect::SaveVehicle {
                    customer_id: a.customer.id,
                    id,
                    version,
                    data,
                })
            }
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
