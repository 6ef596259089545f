//! A supervisor's reassign box as a draft (`ui::drafts`): the task, the version the queue
//! showed, and the agent number typed. Put back once the queue has loaded, on its task as
//! the key opens the box, standing on the version seen (another agent's step since is
//! refused at the save, naming it, as if the session had never dropped); a task no longer
//! in the queue, or a box the signed-in agent may no longer open, refuses it, and the tab
//! says why and quotes what was typed. The box stays open until the store answers: a
//! refusal (an unknown agent number, another agent's step first) is said in it, with what
//! was typed, and the box takes its task as the queue next lists it.

use super::CallbacksTab;
use crate::ui::action::{Action, QueueOp};

/// The reassign box as a draft keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct AssignDraft {
    pub task_id: i64,
    /// The task's version the queue showed when the box opened.
    pub version: i64,
    pub values: Vec<(String, String)>,
}

impl CallbacksTab {
    /// The reassign box with typed input, as a draft keeps it; else a draft not yet put
    /// back (the queue is loading), so a save meanwhile does not drop it.
    pub fn assign_draft(&self) -> Option<AssignDraft> {
        let Some((r, f)) = self.assign.as_ref().filter(|(_, f)| f.is_dirty()) else {
            return self.restoring_assign.clone();
        };
        Some(AssignDraft {
            task_id: r.id,
            version: r.version,
            values: crate::ui::drafts::values(f),
        })
    }

    /// The queue loaded: a reassign box waiting is put back on its task, or refused with
    /// what was typed.
    pub(super) fn reopen_assign(&mut self) {
        let Some(d) = self.restoring_assign.take() else {
            return;
        };
        let ids = self.ids();
        let why = if self.selected.select(&d.task_id, &ids) {
            self.chosen = true;
            self.action(Action::Queue(QueueOp::Reassign));
            if let Some((r, f)) = &mut self.assign
                && r.id == d.task_id
            {
                crate::ui::drafts::fill(f, &d.values);
                r.version = d.version;
                return;
            }
            self.message.take().map(|(m, _)| m).unwrap_or_default()
        } else {
            self.lang
                .t(
                    "这条任务已不在回访队列中",
                    "the task is no longer in the callback queue",
                )
                .to_string()
        };
        let what = ("回访任务改派", "reassignment of a callback task");
        let line = crate::ui::drafts::lost(what, &why, &d.values, &[], self.lang);
        self.message = Some((line, true));
    }

    /// The reassign box's save was refused: said in the box (what was typed stays), whose
    /// task is taken as the queue next lists it, so the next save, made knowing, is not
    /// refused again for the same change. False: no box open.
    pub(super) fn assign_refused(&mut self, why: &str) -> bool {
        let Some((_, f)) = &mut self.assign else {
            return false;
        };
        f.message = Some((why.to_string(), true));
        self.reassign_refused = true;
        true
    }

    /// The queue loaded: a refused reassign box takes its task as listed now.
    pub(super) fn retake_assign(&mut self) {
        if !std::mem::take(&mut self.reassign_refused) {
            return;
        }
        if let Some((r, _)) = &mut self.assign
            && let Some(now) = self.rows.iter().find(|x| x.id == r.id)
        {
            *r = now.clone();
        }
    }
}
