//! A booking that clashed: the free slots offered instead, and the keys that take one
//! into the form (date, time, advisor and bay as the slot says), ready to save.

use super::{AppointmentsTab, form};
use crate::i18n::Lang;
use crate::ui::action::Action;

impl AppointmentsTab {
    /// Keys while the offers are shown: a number takes that slot; Esc goes back to the
    /// form as it was (the offers stay listed under it).
    pub(super) fn offer_action(&mut self, action: Action) {
        match action {
            Action::TakeSlot(n) => self.take_offer(usize::from(n), self.lang),
            Action::Back => {
                self.offering = false;
                self.offers.clear();
            }
            _ => {}
        }
    }

    /// Fills the form from offered slot `n` (1-based).
    pub fn take_offer(&mut self, n: usize, lang: Lang) {
        let Some(slot) = n.checked_sub(1).and_then(|i| self.offers.get(i)) else {
            return;
        };
        let Some(f) = self.book.as_mut() else { return };
        form::take_slot(f, slot);
        let save = crate::ui::keymap::form_key(crate::ui::action::Action::Save);
        let line = match lang {
            Lang::Zh => format!("已选用时段 {n}：{}。{save} 保存", slot.describe(lang)),
            Lang::En => format!("Took slot {n}: {}. {save} saves", slot.describe(lang)),
        };
        f.message = Some((line, false));
        self.offering = false;
        self.offers.clear();
        self.late_ok = false;
    }
}
