//! The Calls list keeps hold of the record, not the row: each line has a key (rescue case,
//! follow-up or call, by id); loading the list again finds the highlighted record wherever
//! it sorted to. Results of the store come back as a `Msg` this screen handles.

use super::{CallsScreen, Entry, Mode};
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

/// What the store's answer to a request of this screen was.
#[derive(Debug)]
pub enum Msg {
    /// The list as loaded now (after a step, a save, a refresh or another agent's save).
    Loaded {
        rescues: Vec<Rescue>,
        follow_ups: Vec<CallRow>,
        calls: Vec<CallRow>,
    },
    /// A save or step was recorded; the highlight goes to `select` when it is in the list.
    Done {
        message: String,
        select: Option<EntryKey>,
    },
    /// The store refused a save or step: the reason goes to the open form, else the status
    /// line.
    Refused(String),
}

impl CallsScreen {
    /// The keys of the lines, in order.
    pub fn keys(&self) -> Vec<EntryKey> {
        self.entries.iter().map(Entry::key).collect()
    }

    /// The highlighted line's record.
    pub fn selected_entry(&self) -> Option<&Entry> {
        let id = self.selected.id()?;
        self.entries
            .get(self.selected.index())
            .filter(|e| e.key() == *id)
    }

    /// How the record of `key` is named (its line if listed, else its number).
    pub fn subject_of(&self, key: EntryKey, lang: Lang) -> String {
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
    pub fn rebase_step(&mut self, r: &Rescue) {
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

    /// Handles the store's answer. Returns a line for the status bar (and whether it is an
    /// error), if the answer has one.
    pub fn update(&mut self, msg: Msg, lang: Lang) -> Option<(String, bool)> {
        match msg {
            Msg::Loaded {
                rescues,
                follow_ups,
                calls,
            } => self.set_entries(rescues, follow_ups, calls, lang),
            Msg::Done { message, select } => {
                self.form = None;
                self.step = None;
                self.filter_form = None;
                self.mode = if self.detail.is_some() || self.rescue.is_some() {
                    Mode::Detail
                } else {
                    Mode::List
                };
                if let Some(k) = select {
                    // Not loaded yet: the next load finds it.
                    if !self.selected.select(&k, &self.keys()) {
                        self.selected = crate::ui::selection::Selection::default();
                        self.pending_select = Some(k);
                    }
                }
                Some((message, false))
            }
            Msg::Refused(why) => {
                if let Some(f) = &mut self.form {
                    f.message = Some((why, true));
                    None
                } else if let Some((_, f)) = &mut self.step {
                    f.message = Some((why, true));
                    None
                } else {
                    Some((why, true))
                }
            }
        }
    }

    /// Replaces the lines, keeping the highlight on its record. When that record left the
    /// list (closed, answered, filtered out by another agent's step) the highlight moves to
    /// its neighbour and the returned line says so.
    fn set_entries(
        &mut self,
        rescues: Vec<Rescue>,
        follow_ups: Vec<CallRow>,
        calls: Vec<CallRow>,
        lang: Lang,
    ) -> Option<(String, bool)> {
        let old = std::mem::take(&mut self.entries);
        self.entries = rescues
            .into_iter()
            .map(Entry::Rescue)
            .chain(follow_ups.into_iter().map(Entry::FollowUp))
            .chain(calls.into_iter().map(Entry::Call))
            .collect();
        let keys = self.keys();
        if let Some(k) = self.pending_select.take()
            && self.selected.select(&k, &keys)
        {
            return None;
        }
        let gone = self.selected.follow(&keys)?;
        let what = old.iter().find(|e| e.key() == gone)?.subject(lang);
        // A rescue case that was closed, or a follow-up answered, moved into the day's calls:
        // the same call is still listed, so follow it there.
        if let EntryKey::FollowUp(id) = gone
            && self.selected.select(&EntryKey::Call(id), &keys)
        {
            return None;
        }
        Some((
            match lang {
                Lang::Zh => format!("{what} 已不在列表中，已移到相邻一条"),
                Lang::En => format!("{what} left the list; moved to the next one"),
            },
            false,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::calls::Rescue;
    use crate::ui::action::Action;
    use crate::ui::screens::Effect;
    use crate::ui::screens::calls::{Ctx, StepKind};
    use chrono::{TimeZone, Utc};

    fn rescue(id: i64, customer: &str, contacted: bool) -> Rescue {
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
        Rescue {
            id,
            call_id: id * 10,
            customer: customer.into(),
            plate: Some(format!("粤B{id:05}")),
            location: "高速服务区".into(),
            opened_at: t,
            contact_due: t + chrono::Duration::minutes(30 + id),
            contacted_at: contacted.then_some(t),
            dispatch: None,
            technician: None,
            eta: None,
            dispatched_at: None,
            result: None,
            closed_at: None,
            version: if contacted { 2 } else { 1 },
        }
    }

    fn loaded(rescues: Vec<Rescue>) -> Msg {
        Msg::Loaded {
            rescues,
            follow_ups: Vec::new(),
            calls: Vec::new(),
        }
    }

    fn with_ctx<T>(f: impl FnOnce(&Ctx) -> T) -> T {
        let clock = crate::clock::Clock::fixed(
            chrono_tz::Asia::Shanghai,
            Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap(),
        );
        let templates = crate::domain::templates::TemplateSet::builtin();
        let ctx = Ctx {
            lang: Lang::Zh,
            clock: &clock,
            templates: &templates,
            agent_emp_no: Some("1002"),
        };
        f(&ctx)
    }

    /// The bug of issue 13: `c` on the first rescue re-sorts the list; `d` then acted on
    /// the case that sorted into row 1, another customer's.
    #[test]
    fn dispatch_after_contacted_acts_on_the_same_case_after_the_resort() {
        let mut s = CallsScreen::default();
        s.update(
            loaded(vec![rescue(1, "张三", false), rescue(2, "李四", false)]),
            Lang::Zh,
        );
        let e = with_ctx(|ctx| s.handle_action(Action::RescueContacted, ctx));
        assert_eq!(
            e,
            Some(Effect::RescueStep {
                id: 1,
                version: 1,
                step: crate::store::calls::RescueStep::Contacted
            })
        );
        // Recorded: contacted cases sort after the ones still waiting.
        s.update(
            Msg::Done {
                message: "ok".into(),
                select: Some(EntryKey::Rescue(1)),
            },
            Lang::Zh,
        );
        s.update(
            loaded(vec![rescue(2, "李四", false), rescue(1, "张三", true)]),
            Lang::Zh,
        );
        assert_eq!(s.selected.id(), Some(&EntryKey::Rescue(1)));
        assert_eq!(
            s.selected.index(),
            1,
            "the highlight followed the case to row 2"
        );
        with_ctx(|ctx| s.handle_action(Action::RescueDispatch, ctx));
        let (kind, _) = s.step.as_ref().expect("the dispatch form");
        assert_eq!(*kind, StepKind::Dispatch { id: 1, version: 2 });
        assert!(
            s.step_subject.contains("救援 #1 张三 粤B00001"),
            "{}",
            s.step_subject
        );
    }

    #[test]
    fn another_agents_save_keeps_the_highlight_or_says_where_it_went() {
        let mut s = CallsScreen::default();
        s.update(
            loaded(vec![
                rescue(1, "张三", false),
                rescue(2, "李四", false),
                rescue(3, "王五", false),
            ]),
            Lang::Zh,
        );
        with_ctx(|ctx| s.handle_action(Action::Down, ctx));
        assert_eq!(s.selected.id(), Some(&EntryKey::Rescue(2)));
        // Another agent opened a more urgent case: it sorts first.
        let note = s.update(
            loaded(vec![
                rescue(0, "赵六", false),
                rescue(1, "张三", false),
                rescue(2, "李四", false),
                rescue(3, "王五", false),
            ]),
            Lang::Zh,
        );
        assert_eq!(note, None);
        assert_eq!(
            (s.selected.id(), s.selected.index()),
            (Some(&EntryKey::Rescue(2)), 2)
        );
        // Another agent closed case 2: the highlight moves to its neighbour and says so.
        let note = s.update(
            loaded(vec![
                rescue(0, "赵六", false),
                rescue(1, "张三", false),
                rescue(3, "王五", false),
            ]),
            Lang::Zh,
        );
        let (line, error) = note.expect("a status line");
        assert!(
            line.contains("救援 #2 李四") && line.contains("已不在列表中"),
            "{line}"
        );
        assert!(!error);
        assert_eq!(s.selected.id(), Some(&EntryKey::Rescue(3)));
    }
}
