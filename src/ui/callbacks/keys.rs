//! Keys on the Callbacks tab: moving through the queue and changing what it lists, claiming,
//! releasing and reassigning a task, and the work form's keys.

use super::{CallbacksTab, Cmd};
use crate::domain::callbacks::Status;
use crate::i18n::Lang;
use crate::ui::action::{Action, QueueOp};
use crate::ui::widgets::form::{Field, Form};
use crossterm::event::KeyEvent;

/// Script rows PgUp / PgDn move by.
const SCRIPT_STEP: u16 = 3;

impl CallbacksTab {
    pub(super) fn action(&mut self, action: Action) -> Vec<Cmd> {
        let armed = std::mem::take(&mut self.esc_armed);
        if self.work.is_some() {
            return self.work_action(action, armed);
        }
        if self.assign.is_some() {
            return self.assign_action(action, armed);
        }
        if action == Action::ExportList {
            return vec![Cmd::Export(self.rows.clone())];
        }
        self.message = None;
        let ids = self.ids();
        if matches!(
            action,
            Action::Up | Action::Down | Action::PageUp | Action::PageDown
        ) {
            self.chosen = true;
        }
        match action {
            Action::Up => self.selected.step(&ids, -1),
            Action::Down => self.selected.step(&ids, 1),
            Action::PageUp => self.selected.step(&ids, -10),
            Action::PageDown => self.selected.step(&ids, 10),
            Action::Open => return self.on_selected(|id, version| Cmd::Claim { id, version }),
            Action::Queue(QueueOp::Release) => {
                return self.on_selected(|id, version| Cmd::Release { id, version });
            }
            // Refused before its form is filled in, in the store's words (it refuses the
            // save too): the key is a supervisor's.
            Action::Queue(QueueOp::Reassign) if !self.supervisor => {
                let line = self.lang.t(
                    "只有主管可以改派任务",
                    "Only a supervisor can reassign tasks",
                );
                self.message = Some((line.into(), true));
            }
            Action::Queue(QueueOp::Reassign) => {
                if let Some(r) = self.selected_row() {
                    let form = Form::new(vec![
                        Field::new("emp", "指派给工号", "Give to agent no.")
                            .hints("空 = 退回公共池", "empty = back to the pool"),
                    ]);
                    self.assign = Some((r.clone(), form));
                }
            }
            Action::Filter => {
                // Cycle the kind filter through the kinds that have tasks.
                let kinds = &self.kinds;
                self.view.kind = match self.view.kind {
                    None => kinds.first().copied(),
                    Some(k) => kinds
                        .iter()
                        .position(|x| *x == k)
                        .and_then(|i| kinds.get(i + 1))
                        .copied(),
                };
                return self.refilter();
            }
            Action::Queue(QueueOp::SendTexts) => return vec![Cmd::SendTexts],
            Action::Queue(QueueOp::Status) => {
                self.view.status = match self.view.status {
                    None => Some(Status::Done),
                    Some(Status::Done) => Some(Status::Failed),
                    Some(Status::Failed) => Some(Status::Expired),
                    Some(Status::Expired) => Some(Status::Skipped),
                    Some(_) => None,
                };
                return self.refilter();
            }
            Action::Queue(QueueOp::Sort) => {
                // A re-sort keeps the highlight on its task.
                self.view.by_priority = !self.view.by_priority;
                return vec![self.load()];
            }
            Action::Queue(QueueOp::Whose) => {
                self.view.whose = Some(self.whose().next());
                return self.refilter();
            }
            _ => {}
        }
        vec![]
    }

    /// A step on the highlighted task, at the version the queue showed.
    fn on_selected(&self, step: impl Fn(i64, i64) -> Cmd) -> Vec<Cmd> {
        self.selected_row()
            .map(|r| step(r.id, r.version))
            .into_iter()
            .collect()
    }

    /// Another view of the queue: the highlight stays on its task if listed, else the top.
    fn refilter(&mut self) -> Vec<Cmd> {
        self.refiltered = true;
        vec![self.load()]
    }

    fn assign_action(&mut self, action: Action, armed: bool) -> Vec<Cmd> {
        let Some((r, f)) = &mut self.assign else {
            return vec![];
        };
        match action {
            Action::Back if !f.is_dirty() || armed => self.assign = None,
            Action::Back => {
                unsaved(f, self.lang);
                self.esc_armed = true;
            }
            Action::Save | Action::NextField => {
                let emp = Some(f.get("emp").to_string()).filter(|e| !e.is_empty());
                let (id, version) = (r.id, r.version);
                // The box stays open until the store answers (`Reassigned` closes it; a
                // refusal is said in it, with what was typed).
                f.message = None;
                return vec![Cmd::Reassign {
                    id,
                    version,
                    emp_no: emp,
                }];
            }
            _ => {}
        }
        vec![]
    }

    fn work_action(&mut self, action: Action, armed: bool) -> Vec<Cmd> {
        let lang = self.lang;
        let (tz, width) = (self.tz, self.width);
        let Some(w) = &mut self.work else {
            return vec![];
        };
        let advanced = std::mem::take(&mut w.advanced);
        match action {
            // Tab right after a score moved the cursor on: it is on the next field already.
            Action::NextField if advanced => {}
            Action::NextField => super::work::step_focus(&mut w.form, true),
            Action::PrevField => super::work::step_focus(&mut w.form, false),
            // The script scrolls by its rows less one (the last row read stays in sight).
            Action::PageUp => w.script_top = w.script_top.saturating_sub(SCRIPT_STEP),
            Action::PageDown => {
                let last = super::view::script_last_top(w, lang, width);
                w.script_top = (w.script_top + SCRIPT_STEP).min(last);
            }
            Action::Back if !w.form.is_dirty() || armed => {
                self.work = None;
                return vec![self.load()];
            }
            Action::Back => {
                unsaved(&mut w.form, lang);
                self.esc_armed = true;
            }
            Action::Save => {
                let (id, version) = (w.task.row.id, w.task.row.version);
                return match super::work::parse(&mut w.form, &w.task, lang, tz) {
                    Some(input) if !super::work::complaint_confirmed(w, &input, lang) => vec![],
                    Some(input) => vec![Cmd::Attempt {
                        id,
                        version,
                        input: Box::new(input),
                    }],
                    None => vec![],
                };
            }
            _ => {}
        }
        vec![]
    }

    pub(super) fn text(&mut self, key: KeyEvent) -> Vec<Cmd> {
        self.esc_armed = false;
        if let Some(w) = &mut self.work {
            let digit =
                matches!(key.code, crossterm::event::KeyCode::Char(c) if c.is_ascii_digit());
            if digit && let Some(s) = &w.task.survey {
                super::work::score_retyped(&mut w.form, s.scale);
            }
            let edited = w.form.edit(key);
            w.advanced = edited
                && digit
                && w.task
                    .survey
                    .as_ref()
                    .is_some_and(|s| super::work::score_typed(&mut w.form, s.scale));
        } else if let Some((_, f)) = &mut self.assign {
            f.edit(key);
        }
        vec![]
    }
}

/// Esc on a form with typed text: say so, and let a second Esc discard it.
fn unsaved(f: &mut Form, lang: Lang) {
    let note = crate::ui::keymap::unsaved_note(lang);
    let stays = lang.t("（任务仍在名下）", " (the task stays yours)");
    f.message = Some((format!("{note}{stays}"), false));
}
