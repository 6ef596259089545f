//! A small form of the Calls tab as a draft (`ui::drafts`): a rescue case's dispatch or
//! result (on the case's version seen) or a follow-up's answer, with what was typed. Put
//! back once the list has loaded, as its key opens it now on the record: a rescue case
//! changed since is said by the version check; a record no longer listed, or one its key
//! now refuses (a case closed, a question answered), refuses the draft, and a line under
//! the list says why and quotes what was typed.

use super::{CallsTab, Cmd, Entry, StepKind};
use crate::ui::action::Action;
use crate::ui::desk::Out;
use serde::{Deserialize, Serialize};

/// A small form's draft: which form (`dispatch`, `result`, `follow_up`), on which record
/// (a rescue case at the version seen, or a call), and the fields' text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepDraft {
    pub step: String,
    pub id: i64,
    pub version: Option<i64>,
    pub values: Vec<(String, String)>,
}

impl CallsTab {
    /// The small form open with typed input, as a draft keeps it; else a draft not yet put
    /// back (the list is loading).
    pub fn step_draft(&self) -> Option<StepDraft> {
        let Some((kind, f)) = self.step.as_ref().filter(|(_, f)| f.is_dirty()) else {
            return self.restoring_step.clone();
        };
        let (step, id, version) = match *kind {
            StepKind::Dispatch { id, version } => ("dispatch", id, Some(version)),
            StepKind::RescueResult { id, version } => ("result", id, Some(version)),
            StepKind::FollowUp(id) => ("follow_up", id, None),
        };
        Some(StepDraft {
            step: step.into(),
            id,
            version,
            values: crate::ui::drafts::values(f),
        })
    }

    /// Takes a small form's draft; it is put back once the list has loaded.
    pub(super) fn restore_step(&mut self, d: StepDraft) -> Vec<Cmd> {
        self.restoring_step = Some(d);
        vec![self.list()]
    }

    /// The list loaded: a waiting small form is opened on its record as its key opens it,
    /// the typing put back; refused, the line under the list says why and what was typed.
    pub(super) fn reopen_step(&mut self) -> Vec<Cmd> {
        let Some(d) = self.restoring_step.take() else {
            return Vec::new();
        };
        let lang = self.lang;
        let (action, rescue) = match d.step.as_str() {
            "dispatch" => (Action::RescueDispatch, true),
            "result" => (Action::CloseItem, true),
            _ => (Action::CloseItem, false),
        };
        let entry = self.entries.iter().find(|e| match e {
            Entry::Rescue(r) => rescue && r.id == d.id,
            Entry::FollowUp(c) | Entry::Call(c) => !rescue && c.id == d.id,
        });
        let why = match entry.cloned() {
            Some(entry) => {
                self.selected.select(&entry.key(), &self.keys());
                let cmds = self.item_step(action, Some(entry));
                let opened = match self.step.as_mut() {
                    Some((StepKind::Dispatch { id, version }, f))
                    | Some((StepKind::RescueResult { id, version }, f))
                        if rescue && *id == d.id =>
                    {
                        *version = d.version.unwrap_or(*version);
                        Some((f, Some(*version)))
                    }
                    Some((StepKind::FollowUp(id), f)) if !rescue && *id == d.id => Some((f, None)),
                    _ => None,
                };
                if let Some((f, seen)) = opened {
                    crate::ui::drafts::fill(f, &d.values);
                    // Whether the case moved on since the version seen: the form says so.
                    return seen
                        .map(|seen| Cmd::FollowRescue {
                            id: d.id,
                            seen: Some(seen),
                            say: true,
                        })
                        .into_iter()
                        .collect();
                }
                cmds.into_iter()
                    .find_map(|c| match c {
                        Cmd::Out(Out::Error(why)) => Some(why),
                        _ => None,
                    })
                    .unwrap_or_default()
            }
            None => lang
                .t(
                    "该记录已不在待处理列表中",
                    "the record is no longer on the list",
                )
                .to_string(),
        };
        let what = match d.step.as_str() {
            "dispatch" => ("救援派出", "dispatch"),
            "result" => ("救援结果", "rescue result"),
            _ => ("回复客户", "answer to the customer"),
        };
        self.note = Some(crate::ui::drafts::lost(what, &why, &d.values, &[], lang));
        Vec::new()
    }
}
