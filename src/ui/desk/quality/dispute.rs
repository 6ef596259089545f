//! The keys on a review read (scrolling it, `d` to dispute it) and on a dispute's reason
//! being typed (sent with Ctrl-S, or Esc back to the review).

use super::{Cmd, Mode, QualityPage};
use crate::domain::quality::review;
use crate::ui::action::Action;
use tui_input::Input;

impl QualityPage {
    pub(super) fn review_action(&mut self, a: Action) -> Vec<Cmd> {
        match a {
            Action::Back => return self.back_to_list(),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(5),
            Action::PageDown => self.scroll = self.scroll.saturating_add(5),
            Action::QualityDispute => {
                let Some(o) = &self.opened else {
                    return Vec::new();
                };
                let r = &o.detail.row;
                // Everything but the reason is checked now; the reason when it is sent.
                match review::can_dispute(r.status, self.viewer.id, r.agent_id, r.disputes, "-") {
                    Ok(()) => {
                        self.reason = Input::default();
                        self.note = None;
                        self.mode = Mode::Dispute;
                    }
                    Err(why) => {
                        self.note = Some((why.message(self.lang).into(), true));
                        return self.refusal(why);
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn dispute_action(&mut self, a: Action) -> Vec<Cmd> {
        match a {
            Action::Back => {
                self.reason = Input::default();
                self.note = None;
                self.mode = Mode::Review;
            }
            Action::Save => {
                let Some(o) = &self.opened else {
                    return Vec::new();
                };
                let r = &o.detail.row;
                let reason = self.reason.value().trim().to_string();
                if let Err(why) =
                    review::can_dispute(r.status, self.viewer.id, r.agent_id, r.disputes, &reason)
                {
                    self.note = Some((why.message(self.lang).into(), true));
                    return Vec::new();
                }
                return vec![Cmd::Dispute {
                    id: r.id,
                    version: r.version,
                    reason,
                }];
            }
            _ => {}
        }
        Vec::new()
    }
}
