//! The call form: how the call came in, who it is (search, or quick-create from name and
//! phone), which car, then the template's fields — filled from the archive — with the
//! standard sentence previewed live as the fields change.

use crate::domain::calls::{Channel, Direction};
use crate::domain::templates::{FieldKind, Group, Source, Template};
use crate::domain::validate::{mask_in_text, mask_mobile};
use crate::i18n::Lang;
use crate::store::customers::Customer;
use crate::store::search::Hit;
use crate::store::vehicles::Vehicle;
use crate::ui::widgets::form::{Field, Form};
use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent};
use std::collections::BTreeMap;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

mod view;

/// Rows above the template's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Direction,
    Channel,
    Customer,
    Vehicle,
}

const HEADER: [Row; 4] = [Row::Direction, Row::Channel, Row::Customer, Row::Vehicle];
/// Key of the "resolved on the spot" field appended to every consultation.
pub const RESOLVED_KEY: &str = "__resolved";

#[derive(Debug, Clone)]
pub struct CallForm {
    pub template: Template,
    pub direction: Direction,
    pub channel: Channel,
    pub customer: Option<Customer>,
    pub vehicles: Vec<Vehicle>,
    pub vehicle_idx: usize,
    pub query: Input,
    pub hits: Vec<Hit>,
    pub hit_sel: usize,
    pub fields: Form,
    /// 0..4 are the header rows, then the fields.
    pub focus: usize,
    pub started_at: DateTime<Utc>,
    /// Correcting a saved call: (call id, its version).
    pub correcting: Option<(i64, i64)>,
    pub message: Option<(String, bool)>,
    /// The customer's numbers are shown masked (not revealed, which is audited).
    pub masked: bool,
    /// Fields filled with the customer's number masked: key → the number itself, which
    /// a masked value left as shown stands for when the call is saved.
    pub hidden: BTreeMap<String, String>,
    /// Knowledge-base suggestions for a consultation's answer (`kb_suggest`).
    pub kb: super::kb_suggest::KbSuggest,
}

impl CallForm {
    pub fn new(template: &Template, started_at: DateTime<Utc>, lang: Lang) -> CallForm {
        let mut fields: Vec<Field> = template.fields.iter().map(field_for).collect();
        if template.group == Group::Consult {
            fields.push(
                Field::new(RESOLVED_KEY, "当场解决", "Resolved")
                    .hints("是/否", "yes/no")
                    .default_value(lang.t("是", "yes")),
            );
        }
        // A template's labels are read whole (促销活动名称或内容): the form's labels are as
        // wide as the widest.
        let form = Form::new(fields);
        CallForm {
            template: template.clone(),
            direction: Direction::Inbound,
            channel: Channel::Phone,
            customer: None,
            vehicles: Vec::new(),
            vehicle_idx: 0,
            query: Input::default(),
            hits: Vec::new(),
            hit_sel: 0,
            fields: form,
            focus: 2,
            started_at,
            correcting: None,
            message: None,
            masked: true,
            hidden: BTreeMap::new(),
            kb: Default::default(),
        }
    }

    /// A form for correcting a saved call, with its values.
    pub fn for_correction(
        template: &Template,
        values: &BTreeMap<String, String>,
        resolved: bool,
        call: (i64, i64),
        started_at: DateTime<Utc>,
        lang: Lang,
    ) -> CallForm {
        let mut f = CallForm::new(template, started_at, lang);
        for field in &mut f.fields.fields {
            if field.key == RESOLVED_KEY {
                let yes_no = if resolved {
                    ("是", "yes")
                } else {
                    ("否", "no")
                };
                field.input = Input::new(lang.t(yes_no.0, yes_no.1).into());
            } else if let Some(v) = values.get(field.key.as_ref()) {
                let v = &match template.field(&field.key) {
                    Some(t) => super::view::shown_value(t, lang, v),
                    None => v.clone(),
                };
                // Numbers in the saved values are shown masked, as on every list; a
                // masked value left as shown keeps the stored one (see `values_to_save`).
                let shown = mask_in_text(v);
                if shown != *v {
                    f.hidden.insert(field.key.to_string(), v.clone());
                }
                field.input = Input::new(shown);
            }
        }
        f.fields = Form::new(f.fields.fields.clone());
        f.correcting = Some(call);
        f.focus = HEADER.len();
        f
    }

    pub fn row(&self) -> Option<Row> {
        HEADER.get(self.focus).copied()
    }

    pub fn rows(&self) -> usize {
        HEADER.len() + self.fields.fields.len()
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1).min(self.rows() - 1);
        self.sync_focus();
    }

    pub fn prev(&mut self) {
        self.focus =
            self.focus
                .saturating_sub(if self.correcting.is_some() && self.focus == HEADER.len() {
                    0
                } else {
                    1
                });
        self.sync_focus();
    }

    /// Puts the cursor on the first field still empty (after the archive filled the rest).
    pub fn focus_first_empty(&mut self) {
        let i = self
            .fields
            .fields
            .iter()
            .position(|f| f.input.value().trim().is_empty())
            .unwrap_or(0);
        self.focus = HEADER.len() + i;
        self.sync_focus();
    }

    pub fn is_last(&self) -> bool {
        self.focus + 1 >= self.rows()
    }

    fn sync_focus(&mut self) {
        if self.focus >= HEADER.len() {
            self.fields.focus = self.focus - HEADER.len();
        }
    }

    /// The values typed so far (without the resolved flag).
    pub fn values(&self) -> BTreeMap<String, String> {
        self.fields
            .fields
            .iter()
            .filter(|f| f.key != RESOLVED_KEY)
            .map(|f| (f.key.to_string(), f.input.value().trim().to_string()))
            .filter(|(_, v)| !v.is_empty())
            .collect()
    }

    /// Whether the consultation was answered on the call (a rescue or a complaint opens a
    /// case, which is not "resolved" by being logged); None: the field holds neither yes
    /// nor no, which is asked again rather than read as "no" (an open question comes back
    /// in 24 h).
    pub fn resolved(&self) -> Option<bool> {
        if self.template.group != Group::Consult {
            return Some(true);
        }
        match self.fields.get(RESOLVED_KEY).trim().to_lowercase().as_str() {
            "是" | "y" | "yes" | "1" | "true" | "已解决" => Some(true),
            "否" | "n" | "no" | "0" | "false" | "未解决" => Some(false),
            _ => None,
        }
    }

    pub fn vehicle(&self) -> Option<&Vehicle> {
        self.vehicles.get(self.vehicle_idx)
    }

    /// Fills empty fields from the archive (the customer, the chosen car, the agent, now).
    /// The customer's number goes in masked unless it was revealed.
    pub fn prefill(&mut self, agent_emp_no: Option<&str>, today: &str) {
        let c = self.customer.as_ref().map(|c| &c.data);
        let v = self.vehicle().map(|v| &v.data);
        let phone = c.and_then(|c| c.mobile.clone().or_else(|| c.landline.clone()));
        let masked = self.masked;
        let lookup = |s: Source| -> Option<String> {
            match s {
                Source::CustomerName => c.map(|c| c.name.clone()),
                Source::CustomerRegion => c.map(|c| c.region.clone()),
                Source::CustomerPhone if masked => phone.as_deref().map(mask_mobile),
                Source::CustomerPhone => phone.clone(),
                Source::VehicleBrand => v.map(|v| v.brand.clone()),
                Source::VehicleModel => v.map(|v| v.model.clone()),
                Source::VehiclePurchaseDate => v
                    .and_then(|v| v.purchase_date)
                    .map(|d| d.format("%Y-%m-%d").to_string()),
                Source::VehicleMileage => v.and_then(|v| v.mileage_km).map(|m| m.to_string()),
                Source::VehiclePlate => v.and_then(|v| v.plate.clone()),
                Source::VehicleVin => v.map(|v| v.vin.clone()),
                Source::AgentEmpNo => agent_emp_no.map(str::to_string),
                Source::NowDate => Some(today.to_string()),
            }
        };
        let filled = self.template.prefill(lookup);
        self.hidden.clear();
        for f in &mut self.fields.fields {
            let source = self.template.field(&f.key).and_then(|t| t.source);
            if let Some(v) = filled.get(f.key.as_ref())
                && (f.input.value().trim().is_empty() || source.is_some())
            {
                f.input = Input::new(v.clone());
                if masked
                    && source == Some(Source::CustomerPhone)
                    && let Some(p) = &phone
                {
                    self.hidden.insert(f.key.to_string(), p.clone());
                }
            }
        }
    }

    /// The values to save: a masked number left as the form showed it is the customer's
    /// number itself; retyped, the new one. A masked value edited into something else is
    /// refused: Err with the keys of those fields.
    pub fn values_to_save(&self) -> Result<BTreeMap<String, String>, Vec<String>> {
        let mut values = self.values();
        let mut refused = Vec::new();
        for f in &self.template.fields {
            let hidden = self.hidden.get(&f.key);
            if f.source != Some(Source::CustomerPhone) && hidden.is_none() {
                continue;
            }
            let Some(v) = values.get_mut(&f.key) else {
                continue;
            };
            match hidden {
                Some(full) if *v == mask_mobile(full) || *v == mask_in_text(full) => {
                    *v = full.clone()
                }
                _ if v.contains('*') => refused.push(f.key.clone()),
                _ => {}
            }
        }
        if refused.is_empty() {
            Ok(values)
        } else {
            Err(refused)
        }
    }

    /// A key the form's rows take as editing. Returns Some(query) when the customer search
    /// text changed.
    pub fn edit(&mut self, key: KeyEvent) -> Option<String> {
        self.message = None;
        match self.row() {
            Some(Row::Direction)
                if matches!(
                    key.code,
                    KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')
                ) =>
            {
                self.direction = cycle(&Direction::ALL, self.direction, key.code == KeyCode::Left);
                None
            }
            Some(Row::Channel)
                if matches!(
                    key.code,
                    KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')
                ) =>
            {
                self.channel = cycle(&Channel::ALL, self.channel, key.code == KeyCode::Left);
                None
            }
            Some(Row::Vehicle)
                if matches!(
                    key.code,
                    KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')
                ) && !self.vehicles.is_empty() =>
            {
                let n = self.vehicles.len();
                self.vehicle_idx = if key.code == KeyCode::Left {
                    (self.vehicle_idx + n - 1) % n
                } else {
                    (self.vehicle_idx + 1) % n
                };
                None
            }
            Some(Row::Customer) => {
                if self
                    .query
                    .handle_event(&Event::Key(key))
                    .is_some_and(|s| s.value)
                {
                    self.hit_sel = 0;
                    return Some(self.query.value().to_string());
                }
                None
            }
            Some(_) => None,
            None => {
                self.fields.edit(key);
                None
            }
        }
    }

    pub fn paste(&mut self, text: &str) -> Option<String> {
        match self.row() {
            Some(Row::Customer) => {
                let one: String = text.chars().filter(|c| !c.is_control()).take(100).collect();
                self.query = Input::new(format!("{}{one}", self.query.value()));
                Some(self.query.value().to_string())
            }
            Some(_) => None,
            None => {
                self.fields.paste(text);
                None
            }
        }
    }

    /// The customer search's results drop over the fields (on the customer row, nobody
    /// chosen yet).
    pub fn picker_open(&self) -> bool {
        self.row() == Some(Row::Customer) && !self.hits.is_empty() && self.customer.is_none()
    }

    pub fn is_dirty(&self) -> bool {
        self.fields.is_dirty() || self.customer.is_some() || !self.query.value().is_empty()
    }
}

fn cycle<T: Copy + PartialEq>(all: &[T], cur: T, back: bool) -> T {
    let i = all.iter().position(|x| *x == cur).unwrap_or(0);
    let n = all.len();
    all[if back { (i + n - 1) % n } else { (i + 1) % n }]
}

fn field_for(f: &crate::domain::templates::TemplateField) -> Field {
    let field = Field::new(f.key.clone(), f.label_zh.clone(), f.label_en.clone());
    // A date's hint is its format: the date itself comes only from the picked customer's car.
    let field = match &f.kind {
        FieldKind::Date | FieldKind::MonthDay => field.date_hint(),
        FieldKind::YesNo => field.hints("有/没有", "y/n"),
        _ => field,
    };
    if f.required { field.required() } else { field }
}
