//! Choosing the kind of a new article when the list shows every kind: the kinds in a small
//! list over it, the arrows to move, Enter to open that kind's empty form, Esc back.

use super::{Knowledge, Mode, Target, form};
use crate::domain::kb::KbKind;
use crate::ui::action::Action;

impl Knowledge {
    /// The empty form of a new article of `kind`.
    pub(super) fn new_article(&mut self, kind: KbKind) {
        self.form = Some((Target::New(kind), form::empty(kind)));
        self.mode = Mode::Form;
    }

    /// A key while the kinds are offered, the kind at `at` highlighted.
    pub(super) fn pick_kind(&mut self, at: usize, a: Action) {
        let last = KbKind::ALL.len() - 1;
        match a {
            Action::Up => self.mode = Mode::PickKind(at.saturating_sub(1)),
            Action::Down => self.mode = Mode::PickKind((at + 1).min(last)),
            Action::Open => {
                if let Some(kind) = KbKind::ALL.get(at) {
                    self.new_article(*kind);
                }
            }
            Action::Back => self.mode = Mode::List,
            _ => {}
        }
    }
}
