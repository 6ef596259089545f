//! The Calls list keeps hold of the record, not the row: each line has a key (rescue case,
//! follow-up or call, by id); loading the list again finds the highlighted record wherever
//! it sorted to.

use super::{CallsTab, Entry};
use crate::i18n::Lang;
use crate::store::calls::{CallRow, Rescue};
use crate::text::inert;

/// Which record a line of the list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKey {
    Rescue(i64),
    FollowUp(i64),
    Call(i64),
}

impl Entry {
    pub fn key(&self) -> EntryKey {
        match self {
            Entry::Rescue(r) => EntryKey::Rescue(r.id),
            Entry::FollowUp(c) => EntryKey::FollowUp(c.id),
            Entry::Call(c) => EntryKey::Call(c.id),
        }
    }

    /// The record as a dialog title or the status line names it: `救援 #12 张三 粤B12345`.
    pub fn subject(&self, lang: Lang) -> String {
        let (what, id, customer, plate) = match self {
            Entry::Rescue(r) => (lang.t("救援", "Rescue"), r.id, &r.customer, &r.plate),
            Entry::FollowUp(c) | Entry::Call(c) => {
                (lang.t("来电", "Call"), c.id, &c.customer, &c.plate)
            }
        };
        let mut s = format!("{what} #{id}");
        for part in [Some(customer), plate.as_ref()].into_iter().flatten() {
            if !part.is_empty() {
                s.push(' ');
                s.push_str(&inert(part));
            }
        }
        s
    }
}

impl CallsTab {
    /// The keys of the lines, in order.
    pub(super) fn keys(&self) -> Vec<EntryKey> {
        self.entries.iter().map(Entry::key).collect()
    }

    /// The highlighted line's record.
    pub(super) fn selected_entry(&self) -> Option<&Entry> {
        let id = self.selected.id()?;
        self.entries
            .get(self.selected.index())
            .filter(|e| e.key() == *id)
    }

    /// How the record of `key` is named (its line if listed, else its number).
    pub(super) fn subject_of(&self, key: EntryKey) -> String {
        let lang = self.lang;
        let open = self.rescue.clone().map(Entry::Rescue);
        match self
            .entries
            .iter()
            .chain(open.iter())
            .find(|e| e.key() == key)
        {
            Some(e) => e.subject(lang),
            None => match key {
                EntryKey::Rescue(id) => format!("{} #{id}", lang.t("救援", "Rescue")),
                EntryKey::FollowUp(id) | EntryKey::Call(id) => {
                    format!("{} #{id}", lang.t("来电", "Call"))
                }
            },
        }
    }

    /// A step on `r` was refused because the case moved on: the open form now acts on the
    /// case as it is (so trying again is taken on what the agent has been told).
    pub(super) fn rebase_step(&mut self, r: &Rescue) {
        if let Some((kind, _)) = &mut self.step {
            match kind {
                super::StepKind::Dispatch { id, version }
                | super::StepKind::RescueResult { id, version }
                    if *id == r.id =>
                {
                    *version = r.version
                }
                _ => {}
            }
        }
    }

    /// Replaces the lines, keeping the highlight on its record. When that record left the
    /// list (closed, answered, filtered out by another agent's step) the highlight moves to
    /// its neighbour and the returned line says so.
    pub(super) fn set_entries(
        &mut self,
        rescues: Vec<Rescue>,
        follow_ups: Vec<CallRow>,
        calls: Vec<CallRow>,
    ) -> Option<String> {
        let lang = self.lang;
        let old = std::mem::take(&mut self.entries);
        self.entries = rescues
            .into_iter()
            .map(Entry::Rescue)
            .chain(follow_ups.into_iter().map(Entry::FollowUp))
            .chain(calls.into_iter().map(Entry::Call))
            .collect();
        let keys = self.keys();
        let before = self.selected.id().cloned();
        // Quiet when closed or answered here (`expect_leave`): the agent was just told.
        let line = self
            .selected
            .follow_saying(&keys, &old, Entry::key, |e| e.subject(lang), lang);
        if let Some(k) = self.pending_select.take()
            && self.selected.select(&k, &keys)
        {
            return None;
        }
        let gone = before.filter(|k| !keys.contains(k))?;
        // A rescue case that was closed, or a follow-up answered, moved into the day's calls:
        // the same call is still listed, so follow it there.
        if let EntryKey::FollowUp(id) = gone
            && self.selected.select(&EntryKey::Call(id), &keys)
        {
            return None;
        }
        // A rescue case closed leaves its call among the day's calls: the highlight goes to
        // it, without a note (the agent who closed it was just told so).
        if let Some(Entry::Rescue(r)) = old.iter().find(|e| e.key() == gone)
            && self.selected.select(&EntryKey::Call(r.call_id), &keys)
        {
            return None;
        }
        line
    }
}
