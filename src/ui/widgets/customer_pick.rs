//! The customer picker of a form's `customer` field (the booking form, the complaint
//! register form): the field finds by phone tail, plate, name or pinyin as it is typed (the
//! store's one search, run by the screen), ↑/↓ and Enter pick a customer, then their car
//! (a second list when they have several and the text did not name one). The pick is kept
//! by id; editing the field again drops it. The list is drawn under the field.

use crate::i18n::Lang;
use crate::store::search::{Hit, MatchKind};
use crate::store::vehicles::Vehicle;
use crate::text::{fit, inert};
use crate::ui::action::Action;
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

    /// Draws the list under the customer field of `form`, drawn in `fields`: who the text
    /// finds (numbers masked), or the picked customer's cars.
    pub fn render(&self, form: &Form, frame: &mut Frame, fields: Rect, lang: Lang, theme: &Theme) {
        let Some(at) = field_index(form).filter(|_| self.open_in(form)) else {
            return;
        };
        let lines: Vec<String> = if self.cars.is_empty() {
            self.hits
                .iter()
                .map(crate::ui::widgets::hit::hit_line)
                .collect()
        } else {
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
        };
        let head = usize::from(!self.cars.is_empty());
        // The rows under the customer field are covered whole, labels too: a field's label
        // beside a name in the list would read as that field holding it.
        let below = form.rows_between(0, at + 1);
        let rows = Rect {
            y: fields.y + below,
            height: (lines.len() as u16).min(fields.height.saturating_sub(below)),
            ..fields
        };
        frame.render_widget(Cover, rows);
        // The values start after the labels and the space after them.
        let label = form.label_width(lang, fields.width) + 1;
        let area = Rect {
            x: fields.x + label,
            width: fields.width.saturating_sub(label),
            ..rows
        };
        for (i, line) in lines.iter().enumerate().take(area.height as usize) {
            let style = if i == self.sel + head {
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
