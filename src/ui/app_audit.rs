//! The supervisors' audit log overlay: opening it (agents are refused, and the attempt
//! is recorded) and its keys.

use super::action::Action;
use super::app::{App, Overlay};
use super::screens::audit::{AuditScreen, LIMIT};
use crate::store::{agents, audit};
use crossterm::event::KeyEvent;

impl App {
    pub(super) fn open_audit(&mut self) {
        let actor = self.actor();
        let supervisor = self
            .agent
            .as_ref()
            .is_some_and(|a| a.role == agents::Role::Supervisor);
        if !supervisor {
            let _ = self
                .db
                .write(|tx| audit::record(tx, actor, "audit_view_denied", "audit", 0, None, None));
            self.status = Some((
                self.lang
                    .t(
                        "只有主管可以查看审计记录（本次尝试已记录）",
                        "Only supervisors may view the audit log (this attempt is recorded)",
                    )
                    .into(),
                true,
            ));
            return;
        }
        let mut screen = super::screens::audit::AuditScreen::default();
        if let Err(e) = load(&self.db, &mut screen) {
            self.status = Some((e.message(self.lang), true));
        }
        self.overlay = Some(Overlay::Audit(screen));
    }

    pub(super) fn audit_key(&mut self, action: Option<Action>, key: KeyEvent) {
        let Some(Overlay::Audit(a)) = &mut self.overlay else {
            return;
        };
        if let Some(f) = &mut a.filter_form {
            match action {
                Some(Action::Back) => a.filter_form = None,
                Some(Action::Save) | Some(Action::NextField)
                    if action == Some(Action::Save) || f.is_last() =>
                {
                    if a.apply_form(&self.clock, self.lang)
                        && let Err(e) = load(&self.db, a)
                    {
                        self.status = Some((e.message(self.lang), true));
                    }
                }
                Some(Action::NextField) => f.next(),
                Some(Action::PrevField) => f.prev(),
                _ => {
                    f.edit(key);
                }
            }
            return;
        }
        match action {
            Some(Action::Back) => self.overlay = None,
            Some(Action::Up) => a.selected = a.selected.saturating_sub(1),
            Some(Action::Down) => {
                a.selected = (a.selected + 1).min(a.entries.len().saturating_sub(1))
            }
            Some(Action::Filter) => a.filter_form = Some(a.filter_form()),
            Some(Action::Quit) => self.request_quit(),
            _ => {}
        }
    }
}

/// The newest entries of the screen's filter (up to its limit) and how many match in all.
fn load(db: &crate::store::Db, a: &mut AuditScreen) -> Result<(), crate::store::StoreError> {
    a.entries = audit::list(db.conn(), &a.filter, LIMIT)?;
    a.total = audit::count(db.conn(), &a.filter)?;
    Ok(())
}
