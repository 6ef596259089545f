//! The booking form's customer picker, like the call form's: the customer field finds by
//! phone tail, plate, name or pinyin as it is typed (the store's one search), ↑/↓ and Enter
//! pick a customer, then their car (a second list when they have several and the text did
//! not name one). The pick is kept by id; editing the field again drops it.

use super::{AppointmentsTab, Cmd};
use crate::store::search::{Hit, MatchKind};
use crate::store::vehicles::Vehicle;
use crate::ui::action::Action;

/// The first required field after the customer's still empty, else the one after it.
fn next_to_fill(f: &crate::ui::widgets::form::Form) -> usize {
    f.first_to_fill(1)
        .unwrap_or(1.min(f.fields.len().saturating_sub(1)))
}

/// The picked customer and car.
#[derive(Debug, Clone, PartialEq)]
pub struct Picked {
    pub customer_id: i64,
    pub vehicle_id: i64,
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

impl Picker {
    /// A list is showing: ↑/↓/Enter belong to it.
    pub fn is_open(&self) -> bool {
        !self.cars.is_empty() || (self.picked.is_none() && !self.hits.is_empty())
    }

    fn len(&self) -> usize {
        if self.cars.is_empty() {
            self.hits.len()
        } else {
            self.cars.len()
        }
    }
}

impl AppointmentsTab {
    /// The picker shows under the customer field while it has the cursor.
    pub fn picker_open(&self) -> bool {
        self.book.as_ref().is_some_and(|f| f.focus == 0) && self.pick.is_open()
    }

    /// The customer text changed: the pick is dropped and the search runs again.
    pub(super) fn customer_typed(&mut self) -> Option<Cmd> {
        self.pick = Picker::default();
        self.book_note = None;
        let q = self.book.as_ref()?.get("customer").to_string();
        Some(Cmd::FindCustomer(q))
    }

    /// Who the customer text finds (the app's answer to `FindCustomer`).
    pub(super) fn set_customer_hits(&mut self, hits: Vec<Hit>) {
        if self.pick.picked.is_none() {
            self.pick.hits = hits;
            self.pick.sel = 0;
        }
    }

    /// The picked customer with their cars (the app's answer to `PickCustomer`): the car
    /// the text matched, their only car, or a list to choose from. `note` says who it is
    /// (with their no-shows).
    pub(super) fn set_pick(
        &mut self,
        customer: (i64, String),
        cars: Vec<Vehicle>,
        matched: Option<i64>,
        note: String,
    ) {
        self.book_note = Some(note);
        let known = matched.filter(|v| cars.iter().any(|c| c.id == *v));
        match (known, cars.as_slice()) {
            (Some(v), _) => self.finish_pick(customer, &cars, v),
            (None, [only]) => {
                let v = only.id;
                self.finish_pick(customer, &cars, v);
            }
            _ => {
                self.pick.choosing = Some(customer);
                self.pick.cars = cars;
                self.pick.sel = 0;
            }
        }
    }

    fn finish_pick(&mut self, (id, name): (i64, String), cars: &[Vehicle], vehicle_id: i64) {
        let plate = cars
            .iter()
            .find(|c| c.id == vehicle_id)
            .and_then(|c| c.data.plate.clone())
            .unwrap_or_default();
        if let Some(f) = self.book.as_mut()
            && let Some(field) = f.fields.iter_mut().find(|x| x.key == "customer")
        {
            field.set_text(format!("{name} {plate}").trim());
        }
        // The customer is done: the cursor goes on to the next field still to fill.
        if let Some(f) = self.book.as_mut() {
            f.focus = next_to_fill(f);
        }
        self.pick = Picker {
            picked: Some(Picked {
                customer_id: id,
                vehicle_id,
            }),
            ..Picker::default()
        };
    }

    /// ↑/↓/Enter while the list shows.
    pub(super) fn pick_action(&mut self, action: Action) -> Option<Cmd> {
        match action {
            Action::Up => self.pick.sel = self.pick.sel.saturating_sub(1),
            Action::Down => {
                self.pick.sel = (self.pick.sel + 1).min(self.pick.len().saturating_sub(1))
            }
            Action::Open if !self.pick.cars.is_empty() => {
                let v = self.pick.cars.get(self.pick.sel)?.id;
                let customer = self.pick.choosing.clone()?;
                let cars = std::mem::take(&mut self.pick.cars);
                self.finish_pick(customer, &cars, v);
            }
            Action::Open => {
                let h = self.pick.hits.get(self.pick.sel)?;
                // The car counts as named only when the text matched it.
                let named = matches!(h.matched, MatchKind::Plate | MatchKind::Vin);
                return Some(Cmd::PickCustomer {
                    customer_id: h.customer_id,
                    vehicle_id: h.vehicle_id.filter(|_| named || h.vehicles <= 1),
                });
            }
            _ => {}
        }
        None
    }
}
