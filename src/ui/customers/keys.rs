//! What a key does on the Customers tab: moving through the results, the archive's cars
//! and files, and filling and submitting the forms. Each returns the commands it asks for.

use super::{Cmd, CustomersTab, FormKind, Mode, forms};
use crate::ui::action::Action;
use crate::ui::desk::Out;
use crate::ui::selection::Selection;
use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

impl CustomersTab {
    pub(super) fn action(&mut self, action: Action) -> Vec<Cmd> {
        match self.mode {
            Mode::List => self.list_action(action),
            Mode::Detail => self.detail_action(action),
            Mode::Form => self.form_action(action),
        }
    }

    /// Typed text (not a command) for the focused field.
    pub(super) fn text(&mut self, key: KeyEvent) -> Vec<Cmd> {
        match self.mode {
            Mode::List if self.search_focused => {
                let changed = self
                    .search
                    .handle_event(&Event::Key(key))
                    .is_some_and(|s| s.value);
                if changed {
                    self.selected = Selection::default();
                    return vec![Cmd::Search(self.search.value().to_string())];
                }
            }
            Mode::Form => {
                self.esc_armed = false;
                if let Some((_, form)) = &mut self.form {
                    form.edit(key);
                }
            }
            Mode::List | Mode::Detail => {}
        }
        vec![]
    }

    pub(super) fn paste(&mut self, text: &str) -> Vec<Cmd> {
        match self.mode {
            Mode::List if self.search_focused => {
                let one: String = text.chars().filter(|c| !c.is_control()).take(100).collect();
                let v = format!("{}{one}", self.search.value());
                self.search = Input::new(v);
                return vec![Cmd::Search(self.search.value().to_string())];
            }
            Mode::Form => {
                if let Some((_, form)) = &mut self.form {
                    form.paste(text);
                }
            }
            Mode::List | Mode::Detail => {}
        }
        vec![]
    }

    fn list_action(&mut self, action: Action) -> Vec<Cmd> {
        let keys = self.keys();
        match action {
            Action::FocusSearch => self.search_focused = true,
            Action::Back if self.search_focused => self.search_focused = false,
            Action::Open if self.search_focused => {
                if self.hits.is_empty() && !self.query().trim().is_empty() {
                    // Nothing found for what was typed: start that customer's archive.
                    self.new_customer_from_query();
                } else {
                    // With no query and nothing listed, stay in the field.
                    self.search_focused = self.hits.is_empty();
                }
            }
            Action::Open => {
                return self
                    .selected_hit()
                    .map(|h| Cmd::Load {
                        id: h.customer_id,
                        revealed: false,
                    })
                    .into_iter()
                    .collect();
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
        vec![]
    }

    fn detail_action(&mut self, action: Action) -> Vec<Cmd> {
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
                    // Nothing masked: no audited reveal of nothing, and the key says so.
                    if !a.has_numbers() {
                        let line = self.lang.t(
                            "这位客户没有登记号码，无需显示",
                            "This customer has no number on file to reveal",
                        );
                        return vec![Cmd::Out(Out::Status(line.into()))];
                    }
                    return vec![Cmd::Reveal(a.customer.id)];
                }
            }
            // The calls tab starts a call for this customer and the car shown.
            Action::NewCall => {
                if let Some(a) = &self.archive {
                    let vehicle_id = a.vehicles.get(self.vehicle_idx).map(|v| v.vehicle.id);
                    return vec![Cmd::Out(Out::CallFor {
                        customer_id: a.customer.id,
                        vehicle_id,
                    })];
                }
            }
            _ => {}
        }
        vec![]
    }

    /// The record a form acts on, as its title names it: the customer, and for a car its
    /// plate (or VIN).
    pub(super) fn form_subject(&self, kind: FormKind) -> String {
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

    pub(super) fn open_form(&mut self, kind: FormKind) {
        let form = self.build_form(kind);
        self.form_return = if self.mode == Mode::Form {
            Mode::List
        } else {
            self.mode
        };
        self.form = Some((kind, form));
        self.vin_warned = None;
        self.mode = Mode::Form;
    }

    /// The new-customer form, with the search that found nobody in it: a mobile number as
    /// the mobile, a Chinese name as the name (pinyin initials fill nothing). A plate or a
    /// VIN has no field in it: the form says so, and once the customer is saved the
    /// add-vehicle form opens with it filled in.
    fn new_customer_from_query(&mut self) {
        let q = self.query().trim().to_string();
        self.open_form(FormKind::NewCustomer);
        let digits: String = q.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        self.car_to_add = car_in(&q).map(|(key, value)| (key, value, None));
        let fill = if digits.len() == 11
            && digits.starts_with('1')
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            Some(("mobile", digits))
        } else if q.chars().any(han) && q.chars().all(|c| han(c) || c == '·') {
            Some(("name", q))
        } else {
            None
        };
        let lang = self.lang;
        let Some((_, form)) = &mut self.form else {
            return;
        };
        if let Some((key, value)) = fill
            && let Some(f) = form.fields.iter_mut().find(|f| f.key == key)
        {
            f.set_text(&value);
        }
        if let Some((key, value, _)) = &self.car_to_add {
            let said = match (*key, lang) {
                ("plate", crate::i18n::Lang::Zh) => {
                    format!("车牌 {value}：保存客户后填入“添加车辆”")
                }
                (_, crate::i18n::Lang::Zh) => format!("车架号 {value}：保存客户后填入“添加车辆”"),
                ("plate", crate::i18n::Lang::En) => {
                    format!("Plate {value}: goes into Add vehicle once the customer is saved")
                }
                (_, crate::i18n::Lang::En) => {
                    format!("VIN {value}: goes into Add vehicle once the customer is saved")
                }
            };
            form.message = Some((said, false));
        }
    }

    /// The customer just saved from a search for a car is shown: the add-vehicle form opens
    /// with that plate or VIN in it.
    pub(super) fn add_the_car_searched_for(&mut self) {
        let shown = self.archive.as_ref().map(|a| a.customer.id);
        let Some((key, value, Some(id))) = self.car_to_add.clone() else {
            return;
        };
        if shown != Some(id) {
            return;
        }
        self.car_to_add = None;
        self.open_form(FormKind::NewVehicle);
        if let Some((_, form)) = &mut self.form
            && let Some(f) = form.fields.iter_mut().find(|f| f.key == key)
        {
            f.set_text(&value);
        }
    }

    /// A form of this kind built from the record shown.
    pub(super) fn build_form(&self, kind: FormKind) -> crate::ui::widgets::form::Form {
        let vehicle = self
            .archive
            .as_ref()
            .and_then(|a| a.vehicles.get(self.vehicle_idx))
            .map(|v| &v.vehicle);
        let customer = self.archive.as_ref().map(|a| &a.customer);
        // Numbers stay masked in the form unless they were revealed (audited) first.
        let masked = !self.archive.as_ref().is_some_and(|a| a.revealed);
        forms::build(kind, customer, vehicle, masked, self.lang)
    }

    /// Drops the form without saving.
    fn discard_form(&mut self) {
        self.form = None;
        self.car_to_add = None;
        self.vin_warned = None;
        self.esc_armed = false;
        self.mode = self.form_return;
    }

    fn form_action(&mut self, action: Action) -> Vec<Cmd> {
        let armed = std::mem::take(&mut self.esc_armed);
        self.esc_armed = armed && action == Action::Back;
        let Some((_, form)) = self.form.as_mut() else {
            return vec![];
        };
        match action {
            Action::NextField if form.is_last() => return self.submit(),
            Action::NextField => form.next(),
            Action::PrevField => form.prev(),
            Action::Save => return self.submit(),
            Action::Back if !form.is_dirty() || self.esc_armed => self.discard_form(),
            Action::Back => {
                form.say_unsaved(self.lang);
                self.esc_armed = true;
            }
            _ => {}
        }
        vec![]
    }

    fn submit(&mut self) -> Vec<Cmd> {
        let (lang, today) = (self.lang, self.today);
        let archive = self.archive.as_ref();
        let Some((kind, form)) = self.form.as_mut() else {
            return vec![];
        };
        form.clear_errors();
        let cmd = match kind {
            FormKind::NewCustomer | FormKind::EditCustomer => {
                let masked_from = match (*kind, archive) {
                    (FormKind::EditCustomer, Some(a)) if !a.revealed => Some(&a.customer.data),
                    _ => None,
                };
                let Some(data) = forms::parse_customer(form, today, lang, masked_from) else {
                    return vec![];
                };
                let (id, version) = match (kind, archive) {
                    (FormKind::EditCustomer, Some(a)) => (Some(a.customer.id), a.customer.version),
                    _ => (None, 0),
                };
                Cmd::SaveCustomer { id, version, data }
            }
            FormKind::NewVehicle | FormKind::EditVehicle => {
                let Some(a) = archive else { return vec![] };
                let confirmed = self.vin_warned.clone();
                let Some(data) = forms::parse_vehicle(form, today, lang, confirmed.as_deref())
                else {
                    return vec![];
                };
                if !data.vin_check_ok && confirmed.as_deref() != Some(data.vin.as_str()) {
                    self.vin_warned = Some(data.vin.clone());
                    return vec![];
                }
                let (id, version) = match kind {
                    FormKind::EditVehicle => a
                        .vehicles
                        .get(self.vehicle_idx)
                        .map(|v| (Some(v.vehicle.id), v.vehicle.version))
                        .unwrap_or((None, 0)),
                    _ => (None, 0),
                };
                Cmd::SaveVehicle {
                    customer_id: a.customer.id,
                    id,
                    version,
                    data,
                }
            }
        };
        vec![cmd]
    }
}

/// A plate or a VIN as the search takes them (any case, with or without the province, `·`
/// or spaces): the form field it goes into and its text, upper case. A plate without its
/// province stays without it (the form asks for one on saving); a VIN is 17 characters.
fn car_in(q: &str) -> Option<(&'static str, String)> {
    use crate::domain::validate::{normalize_plate, normalize_vin, plate_key};
    if let Ok(plate) = normalize_plate(q) {
        return Some(("plate", plate));
    }
    let key = plate_key(q);
    if !key.is_empty() && normalize_plate(&format!("京{key}")).is_ok() {
        return Some(("plate", key));
    }
    normalize_vin(q).ok().map(|(vin, _)| ("vin", vin))
}
