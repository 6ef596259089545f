//! The customer picker of a form's `customer` field (the booking form, the complaint
//! register form): the field finds by phone tail, plate, name or pinyin as it is typed (the
//! store's one search, run by the screen), ↑/↓ and Enter pick a customer, then their car
//! (a second list when they have several and the text did not name one). The pick is kept
//! by id; editing the field again drops it. A text no customer matches says so as it is
//! typed. The list opens under the field and pushes the fields after it down (none is
//! hidden behind it); it closes when the cursor leaves the field. A form whose customer
//! text was typed but not picked is not saved ([`Picker::refuse_unpicked`]): the first hit
//! is never taken silently.

use crate::i18n::Lang;
use crate::store::search::{Hit, MatchKind};
use crate::store::vehicles::Vehicle;
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::keymap::{Scope, key_for};
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use crate::ui::widgets::popup::Cover;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

/// The field the picker belongs to.
pub const FIELD: &str = "customer";

/// Rows of hits a search asks for.
pub const ROWS: usize = 6;

/// The picked customer and car (none when they have no car on file).
#[derive(Debug, Clone, PartialEq)]
pub struct Picked {
    pub customer_id: i64,
    pub vehicle_id: Option<i64>,
}

/// Enter on a hit: load this customer with their cars (`vehicle_id` when the text named
/// the car or they have one).
#[derive(Debug, Clone, PartialEq)]
pub struct PickAsk {
    pub customer_id: i64,
    pub vehicle_id: Option<i64>,
}

/// A form with a customer picker as a draft keeps it (`ui::drafts`): the fields' text and
/// the customer and car picked on it, by id.
#[derive(Debug, Clone, PartialEq)]
pub struct PickedDraft {
    pub values: Vec<(String, String)>,
    pub picked: Option<(i64, Option<i64>)>,
}

impl PickedDraft {
    /// The draft of `f` with `pick`'s choice.
    pub fn of(f: &Form, pick: &Picker) -> PickedDraft {
        PickedDraft {
            values: crate::ui::drafts::values(f),
            picked: pick.picked.as_ref().map(|p| (p.customer_id, p.vehicle_id)),
        }
    }

    /// Puts the typing back into `f`; what the form then needs to be whole again: the
    /// customer picked loaded again, or (none picked) the customer text searched again.
    pub fn fill(&self, f: &mut Form) -> Reload {
        crate::ui::drafts::fill(f, &self.values);
        match self.picked {
            Some((customer_id, vehicle_id)) => Reload::Pick(PickAsk {
                customer_id,
                vehicle_id,
            }),
            None if !f.get(FIELD).trim().is_empty() => Reload::Find(f.get(FIELD).to_string()),
            None => Reload::Nothing,
        }
    }
}

/// What a form put back from its draft asks its runner for.
#[derive(Debug, Clone, PartialEq)]
pub enum Reload {
    Pick(PickAsk),
    Find(String),
    Nothing,
}

#[derive(Debug, Clone, Default)]
pub struct Picker {
    /// Who the customer text finds.
    pub hits: Vec<Hit>,
    /// The highlighted hit, or car.
    pub sel: usize,
    /// The customer picked, whose car is still to choose: (id, name) and their cars.
    pub choosing: Option<(i64, String)>,
    pub cars: Vec<Vehicle>,
    pub picked: Option<Picked>,
    /// The search has answered for the text as it is now (so no hits means no match).
    pub searched: bool,
}

fn field_index(f: &Form) -> Option<usize> {
    f.fields.iter().position(|x| x.key == FIELD)
}

impl Picker {
    /// A list is showing: ↑/↓/Enter belong to it.
    pub fn is_open(&self) -> bool {
        !self.cars.is_empty() || (self.picked.is_none() && !self.hits.is_empty())
    }

    /// The list shows under the customer field while it has the cursor.
    pub fn open_in(&self, f: &Form) -> bool {
        field_index(f) == Some(f.focus) && self.is_open()
    }

    /// The customer field has the cursor (its edits start a search).
    pub fn on_field(f: &Form) -> bool {
        field_index(f) == Some(f.focus)
    }

    /// The customer field has the cursor and its text, not picked, matches no customer.
    pub fn none_found(&self, f: &Form) -> bool {
        Self::on_field(f) && self.finds_nobody(f)
    }

    /// The search for the text as it is now found nobody (wherever the cursor is).
    pub fn finds_nobody(&self, f: &Form) -> bool {
        self.searched
            && self.picked.is_none()
            && self.hits.is_empty()
            && self.cars.is_empty()
            && !f.get(FIELD).is_empty()
    }

    /// Text is in the customer field but no customer was picked from the list.
    pub fn unpicked(&self, f: &Form) -> bool {
        self.picked.is_none() && !f.get(FIELD).is_empty()
    }

    /// Why a form with an unpicked customer text is not saved, its keys from the key table:
    /// pick from the list, or (when the text matches nobody) type it otherwise.
    pub fn unpicked_note(&self, f: &Form, lang: Lang) -> String {
        if self.finds_nobody(f) {
            return lang
                .t(
                    "没有与客户栏相符的客户：请改输手机尾号、车牌或姓名，再从列表选中",
                    "No customer matches the Customer field: type a phone tail, plate or \
                     name, then pick from the list",
                )
                .into();
        }
        let scopes = [Scope::CustomerPicker];
        let key = |a| key_for(&scopes, true, a).unwrap_or_default();
        let (up, down, pick) = (key(Action::Up), key(Action::Down), key(Action::Open));
        // The customer picked, their car not yet: the car is what is missing.
        if let Some((_, name)) = &self.choosing {
            let name = crate::text::inert(name);
            return match lang {
                Lang::Zh => {
                    format!("还须选定 {name} 的车：在客户栏用 {up}{down} 选，{pick} 选中")
                }
                Lang::En => format!(
                    "Pick {name}'s car from the list: {up}{down} and {pick} in the Customer field"
                ),
            };
        }
        match lang {
            Lang::Zh => {
                format!("客户须从列表中选定：在客户栏用 {up}{down} 选，{pick} 选中")
            }
            Lang::En => format!(
                "Pick the customer from the list: {up}{down} and {pick} in the Customer field"
            ),
        }
    }

    /// Refuses to save a form whose customer text was not picked: the field marked, the
    /// form's message saying why, the cursor on the field (its list open again). True when
    /// refused.
    pub fn refuse_unpicked(&self, f: &mut Form, lang: Lang) -> bool {
        if !self.unpicked(f) {
            return false;
        }
        let why = self.unpicked_note(f, lang);
        f.set_error(FIELD, lang.t("未选定", "not picked").into());
        f.message = Some((why, true));
        if let Some(i) = field_index(f) {
            f.focus = i;
        }
        true
    }

    fn len(&self) -> usize {
        if self.cars.is_empty() {
            self.hits.len()
        } else {
            self.cars.len()
        }
    }

    /// Who the customer text finds (the screen's answer to its search).
    pub fn set_hits(&mut self, hits: Vec<Hit>) {
        if self.picked.is_none() {
            self.hits = hits;
            self.sel = 0;
            self.searched = true;
        }
    }

    /// The picked customer with their cars: the car the text matched, their only car, or a
    /// list to choose from; none when they have no car.
    pub fn set_pick(
        &mut self,
        form: &mut Form,
        customer: (i64, String),
        cars: Vec<Vehicle>,
        matched: Option<i64>,
    ) {
        let known = matched.filter(|v| cars.iter().any(|c| c.id == *v));
        match (known, cars.as_slice()) {
            (Some(v), _) => self.finish(form, customer, &cars, Some(v)),
            (None, [only]) => {
                let v = only.id;
                self.finish(form, customer, &cars, Some(v));
            }
            (None, []) => self.finish(form, customer, &cars, None),
            _ => {
                self.choosing = Some(customer);
                self.cars = cars;
                self.sel = 0;
            }
        }
    }

    fn finish(
        &mut self,
        form: &mut Form,
        (id, name): (i64, String),
        cars: &[Vehicle],
        vehicle_id: Option<i64>,
    ) {
        let plate = cars
            .iter()
            .find(|c| Some(c.id) == vehicle_id)
            .and_then(|c| c.data.plate.clone())
            .unwrap_or_default();
        if let Some(field) = form.fields.iter_mut().find(|x| x.key == FIELD) {
            field.set_text(format!("{name} {plate}").trim());
        }
        // The customer is done: the cursor goes on to the next field still to fill.
        let after = field_index(form).map_or(0, |i| i + 1);
        form.focus = form
            .first_to_fill(after)
            .unwrap_or(after.min(form.fields.len().saturating_sub(1)));
        *self = Picker {
            picked: Some(Picked {
                customer_id: id,
                vehicle_id,
            }),
            ..Picker::default()
        };
    }

    /// ↑/↓/Enter while the list shows; Enter on a hit asks for that customer's cars.
    pub fn key(&mut self, form: &mut Form, action: Action) -> Option<PickAsk> {
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(self.len().saturating_sub(1)),
            Action::Open if !self.cars.is_empty() => {
                let v = self.cars.get(self.sel)?.id;
                let customer = self.choosing.clone()?;
                let cars = std::mem::take(&mut self.cars);
                self.finish(form, customer, &cars, Some(v));
            }
            // One thing at a time: Esc closes the list (the text stays, not picked; typing
            // searches again); only an Esc with no list open may speak of leaving the form.
            Action::Back => {
                self.hits.clear();
                self.cars.clear();
                self.choosing = None;
                self.sel = 0;
                self.searched = false;
            }
            Action::Open => {
                let h = self.hits.get(self.sel)?;
                // The car counts as named only when the text matched it.
                let named = matches!(h.matched, MatchKind::Plate | MatchKind::Vin);
                return Some(PickAsk {
                    customer_id: h.customer_id,
                    vehicle_id: h.vehicle_id.filter(|_| named || h.vehicles <= 1),
                });
            }
            _ => {}
        }
        None
    }

    /// Draws the list under the customer field of `form` (already drawn in `fields`, from
    /// its first field): who the text finds (numbers masked), the picked customer's cars, or
    /// that nobody matches. The fields after the customer's are drawn again below the list,
    /// pushed down, and the form's message keeps its rows at the bottom.
    pub fn render(&self, form: &Form, frame: &mut Frame, fields: Rect, lang: Lang, theme: &Theme) {
        let Some(at) = field_index(form).filter(|_| Self::on_field(form)) else {
            return;
        };
        let lines: Vec<String> = if !self.cars.is_empty() {
            let who = self
                .choosing
                .as_ref()
                .map(|(_, n)| inert(n))
                .unwrap_or_default();
            std::iter::once(match lang {
                Lang::Zh => format!("{who} 的哪辆车？"),
                Lang::En => format!("Which of {who}'s cars?"),
            })
            .chain(self.cars.iter().map(|v| {
                format!(
                    "{} {} {}",
                    fit(&inert(v.data.plate.as_deref().unwrap_or("-")), 10, true),
                    inert(&v.data.brand),
                    inert(&v.data.model)
                )
            }))
            .collect()
        } else if self.is_open() {
            self.hits
                .iter()
                .map(crate::ui::widgets::hit::hit_line)
                .collect()
        } else if self.none_found(form) {
            vec![lang.t("无匹配客户", "No customer matches").to_string()]
        } else {
            return;
        };
        // The car list has a head line (the question); the no-match line is no pick.
        let head = usize::from(!self.cars.is_empty());
        let picks = !self.cars.is_empty() || !self.hits.is_empty();
        let below = form.rows_between(0, at + 1).min(fields.height);
        let rest = Rect {
            y: fields.y + below,
            height: fields.height - below,
            ..fields
        };
        // The rows under the customer field are covered whole, labels too: a field's label
        // beside a name in the list would read as that field holding it.
        frame.render_widget(Cover, rest);
        let msg_rows = form.message_rows(fields.width);
        let room = rest.height.saturating_sub(msg_rows);
        let list_rows = (lines.len() as u16).min(room);
        // The values start after the labels and the space after them.
        let label = form.label_width(lang, fields.width) + 1;
        let area = Rect {
            x: fields.x + label,
            width: fields.width.saturating_sub(label),
            height: list_rows,
            ..rest
        };
        for (i, line) in lines.iter().enumerate().take(list_rows as usize) {
            let style = if picks && i == self.sel + head {
                theme.selected()
            } else if i < head {
                theme.label()
            } else {
                theme.warn()
            };
            frame.render_widget(
                Paragraph::new(fit(line, area.width as usize, true)).style(style),
                Rect {
                    y: area.y + i as u16,
                    height: 1,
                    ..area
                },
            );
        }
        // The fields after the customer's, below the list, as many as fit.
        let after = Rect {
            y: rest.y + list_rows,
            height: room - list_rows,
            ..rest
        };
        form.render_fields(frame, after, lang, theme, at + 1);
        let message = Rect {
            y: after.y + after.height,
            height: msg_rows,
            ..rest
        };
        form.render_message(frame, message, lang, theme);
    }
}

/// A hit and a car as the store gives them, for the screens' tests.
#[cfg(test)]
pub mod testing {
    pub fn hit(id: i64, name: &str, vehicles: i64) -> crate::store::search::Hit {
        crate::store::search::Hit {
            customer_id: id,
            vehicle_id: Some(id * 10),
            name: name.into(),
            mobile: Some("13812341234".into()),
            plate: Some(format!("粤B{id}0000")),
            vin: None,
            car: "朗逸".into(),
            vehicles,
            matched: crate::store::search::MatchKind::Mobile,
        }
    }

    pub fn car(id: i64, plate: &str) -> crate::store::vehicles::Vehicle {
        crate::store::vehicles::Vehicle {
            id,
            customer_id: 2,
            data: crate::domain::archive::VehicleData {
                plate: Some(plate.into()),
                model: "朗逸".into(),
                ..Default::default()
            },
            version: 1,
        }
    }
}
