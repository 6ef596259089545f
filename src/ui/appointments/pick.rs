//! The booking form's customer picker (the shared [`Picker`] widget, as in the complaint
//! register form): the customer field finds by phone tail, plate, name or pinyin as it is
//! typed, ↑/↓ and Enter pick a customer, then their car. The pick is kept by id; editing the
//! field again drops it.

use super::{AppointmentsTab, Cmd, Mode};
use crate::store::search::Hit;
use crate::store::vehicles::Vehicle;
use crate::ui::action::Action;
pub use crate::ui::widgets::customer_pick::{Picked, Picker};
use crate::ui::widgets::form::Form;

impl AppointmentsTab {
    /// The booking form opened afresh (its customer not picked yet).
    pub(super) fn open_book(&mut self, f: Form) {
        self.book = Some(f);
        self.book_note = None;
        self.pick = Picker::default();
        self.late_ok = false;
        self.offers.clear();
        self.offering = false;
        self.mode = Mode::Book;
    }

    /// The picker shows under the customer field while it has the cursor.
    pub fn picker_open(&self) -> bool {
        self.book.as_ref().is_some_and(|f| self.pick.open_in(f))
    }

    /// The customer text changed: the pick is dropped and the search runs again.
    pub(super) fn customer_typed(&mut self) -> Option<Cmd> {
        self.pick = Picker::default();
        self.book_note = None;
        let q = self.book.as_ref()?.get("customer").to_string();
        Some(Cmd::FindCustomer(q))
    }

    /// Who the customer text finds (the app's answer to `FindCustomer`). A text that finds
    /// nobody may be a new customer: the note under the form says how to book them.
    pub(super) fn set_customer_hits(&mut self, hits: Vec<Hit>) {
        self.pick.set_hits(hits);
        let Some(f) = self.book.as_ref() else {
            return;
        };
        self.book_note = self
            .pick
            .none_found(f)
            .then(|| new_customer_note(self.lang));
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
        if let Some(f) = self.book.as_mut() {
            self.pick.set_pick(f, customer, cars, matched);
        }
    }

    /// ↑/↓/Enter while the list shows.
    pub(super) fn pick_action(&mut self, action: Action) -> Option<Cmd> {
        let f = self.book.as_mut()?;
        // Said when the field was left before its car was chosen: out of date once it is
        // (it went on into the saved booking's line).
        let unpicked = self
            .pick
            .unpicked(f)
            .then(|| self.pick.unpicked_note(f, self.lang));
        let ask = self.pick.key(f, action);
        if unpicked.is_some() && !self.pick.unpicked(f) && self.book_note == unpicked {
            self.book_note = None;
        }
        let ask = ask?;
        Some(Cmd::PickCustomer {
            customer_id: ask.customer_id,
            vehicle_id: ask.vehicle_id,
        })
    }
}

/// Said when the customer text finds nobody: how a new customer is booked.
pub(super) fn new_customer_note(lang: crate::i18n::Lang) -> String {
    lang.t(
        "无匹配客户。新客户：本栏填 姓名 手机，并在「新客户车辆」填 车牌,车架号,车型",
        "No customer matches. A new customer: name and mobile here, and plate,VIN,model \
         under New customer's car",
    )
    .into()
}
