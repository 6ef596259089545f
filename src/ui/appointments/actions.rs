//! The booking form's and the step forms' keys.

use super::{AppointmentsTab, Cmd, Mode, form};
use crate::ui::action::Action;

impl AppointmentsTab {
    pub(super) fn book_action(&mut self, action: Action, armed: bool) -> Option<Cmd> {
        let out = self.book_step(action, armed);
        // Where the cursor left the services field, it shows their names.
        if let (Some(f), Some(setup)) = (self.book.as_mut(), self.setup.as_ref()) {
            super::services::settle(f, setup, self.lang);
        }
        out
    }

    fn book_step(&mut self, action: Action, armed: bool) -> Option<Cmd> {
        if self.offering {
            self.offer_action(action);
            return None;
        }
        // While the picker lists customers or cars, ↑/↓/Enter/Esc are its own.
        let picker_keys = matches!(
            action,
            Action::Up | Action::Down | Action::Open | Action::Back
        );
        if self.picker_open() && picker_keys {
            return self.pick_action(action);
        }
        let picked = self.pick.picked.clone();
        let f = self.book.as_mut()?;
        // Leaving a customer text not picked from the list: say it is not picked yet (and
        // how to pick), never whom its first hit is.
        if matches!(action, Action::NextField | Action::PrevField)
            && super::Picker::on_field(f)
            && self.pick.unpicked(f)
            && f.get("new_car").is_empty()
        {
            // (Nobody matches: the note already says how to book a new customer.)
            self.book_note = Some(if self.pick.finds_nobody(f) {
                super::pick::new_customer_note(self.lang)
            } else {
                self.pick.unpicked_note(f, self.lang)
            });
        }
        match action {
            Action::NextField => f.next(),
            Action::PrevField => f.prev(),
            Action::Back if !f.is_dirty() || armed => {
                self.book = None;
                self.book_note = None;
                self.pick = super::Picker::default();
                self.offers.clear();
                self.mode = Mode::View;
            }
            Action::Back => {
                f.say_unsaved(self.lang);
                self.esc_armed = true;
            }
            Action::Save => {
                let setup = self.setup.as_ref()?;
                let ask = form::read_book(f, setup, self.lang);
                // A customer text not picked from the list is refused, never taken as its
                // first hit; unless it is a new customer's "name mobile" with their car.
                if f.get("new_car").is_empty() && self.pick.refuse_unpicked(f, self.lang) {
                    if self.pick.finds_nobody(f) {
                        f.message = Some((super::pick::new_customer_note(self.lang), true));
                    }
                    return None;
                }
                let mut ask = ask?;
                ask.picked = picked.map(|p| (p.customer_id, p.vehicle_id));
                ask.parts_late_ok = self.late_ok;
                return Some(Cmd::Book {
                    ask: Box::new(ask),
                    note: self.book_note.clone(),
                });
            }
            _ => {}
        }
        None
    }

    pub(super) fn step_action(&mut self, action: Action, armed: bool) -> Option<Cmd> {
        if action == Action::ReloadRecord {
            let setup = self.setup.clone()?;
            self.reload_step(&setup, self.lang);
            return None;
        }
        let (kind, f) = self.step.as_mut()?;
        match action {
            Action::NextField if !f.is_last() => f.next(),
            Action::PrevField => f.prev(),
            Action::Back if !f.is_dirty() || armed => {
                self.step = None;
                self.step_base = None;
                self.step_stale = false;
                self.mode = if self.detail.is_some() {
                    Mode::Detail
                } else {
                    Mode::View
                };
            }
            Action::Back => {
                f.say_unsaved(self.lang);
                self.esc_armed = true;
            }
            Action::Save | Action::NextField => {
                // The booking as the form opened on it (not as reloaded since).
                let kind = *kind;
                let (on, version) = self.step_on(kind);
                let f = &mut self.step.as_mut()?.1;
                return form::read_step(on, f, self.lang, version);
            }
            _ => {}
        }
        None
    }
}
