//! The steps taken on an action from the list or its page: advance it, or open the
//! supervisor's verification form.

use super::{Cmd, ImprovementsPage, Level, form};
use crate::domain::improvements::Status;

impl ImprovementsPage {
    pub(super) fn advance(&mut self) -> Vec<Cmd> {
        let Some(r) = self.current() else {
            return Vec::new();
        };
        match r.status.advance() {
            Some(to) => vec![Cmd::Step {
                id: r.id,
                version: r.version,
                to,
                note: None,
            }],
            None if r.status == Status::Done => {
                use crate::ui::keymap::{Scope, key_in};
                let v = key_in(
                    Scope::Improvements,
                    crate::ui::action::Action::VerifyImprovement,
                );
                self.say(
                    &format!("已完成：请主管按 {v} 验证"),
                    &format!("Done: a supervisor verifies it with {v}"),
                    true,
                );
                Vec::new()
            }
            None => {
                self.say("已验证，无需再推进", "Verified: nothing left to do", true);
                Vec::new()
            }
        }
    }

    pub(super) fn verify(&mut self) {
        let supervisor = self.data.as_ref().is_some_and(|d| d.supervisor);
        let Some(r) = self.current().cloned() else {
            return;
        };
        if !supervisor {
            self.say(
                "只有客服主管可以验证整改",
                "Only a supervisor verifies an action",
                true,
            );
        } else if r.status != Status::Done {
            self.say(
                "只有“已完成”的整改可以验证",
                "Only a done action can be verified",
                true,
            );
        } else {
            self.level = Level::Verify {
                row: Box::new(r),
                form: form::note_form(),
            };
        }
    }
}
