//! The page's forms as drafts (`ui::drafts`): a new event or an edit of one at the version
//! the agent saw, and an invitee's answer at the invitee's version. An answer is put back
//! once its event has opened again, on its invitee as the key opens it (a change since is
//! said by the version check); an invitee no longer on the list refuses it, and the page
//! says why and quotes what was typed.

use super::{Cmd, Events, Mode, form};
use crate::ui::action::Action;
use crate::ui::desk::PageDraft;

/// The page's name in its drafts.
const PAGE: &str = "events";

impl Events {
    pub(super) fn page_draft(&self) -> Option<PageDraft> {
        if let Some((record, f)) = self.form.as_ref().filter(|(_, f)| f.is_dirty()) {
            let base = self.base.as_ref();
            return Some(PageDraft::of(PAGE, "event".into(), *record, f, base));
        }
        let Some((id, version, f)) = self.answer.as_ref().filter(|(_, _, f)| f.is_dirty()) else {
            return self.restoring.clone();
        };
        let record = Some((*id, *version));
        let mut d = PageDraft::of(PAGE, "answer".into(), record, f, self.base.as_ref());
        d.context = self.event.as_ref().map(|e| e.id.into());
        Some(d)
    }

    /// Puts the event form back, or takes an answer to put back once its event has
    /// opened (None: not this page's draft).
    pub(super) fn put_back(&mut self, d: &PageDraft) -> Option<()> {
        if d.page != PAGE {
            return None;
        }
        if d.form == "answer" {
            self.restoring = Some(d.clone());
            self.answer = None;
            self.event = None;
            self.mode = Mode::List;
            return Some(());
        }
        let lang = self.lang;
        let (f, base) = d.reopen(|| form::empty(lang));
        self.base = base;
        self.form = Some((d.record, f));
        self.mode = Mode::Form;
        Some(())
    }

    /// The event an answer waiting to be put back is on (while no event is open).
    pub(super) fn restoring_event(&self) -> Option<i64> {
        let d = self.restoring.as_ref().filter(|_| self.event.is_none())?;
        d.context.as_ref()?.as_i64()
    }

    /// An event opened: an answer waiting for it is put back on its invitee, standing on
    /// the invitee's version seen and the form as it opened then; or refused with what
    /// was typed.
    pub(super) fn reopen_answer(&mut self) -> Vec<Cmd> {
        let open = self.event.as_ref().map(|e| e.id);
        let waiting = self
            .restoring
            .as_ref()
            .and_then(|d| d.context.as_ref()?.as_i64());
        if open.is_none() || open != waiting {
            return Vec::new();
        }
        let Some(d) = self.restoring.take() else {
            return Vec::new();
        };
        let Some((id, seen)) = d.record else {
            return Vec::new();
        };
        let ids = self.invitee_ids();
        if self.invitee.select(&id, &ids) {
            self.on_action(Action::EventAnswer);
            if self.answer.as_ref().is_some_and(|(i, _, _)| *i == id) {
                let lang = self.lang;
                let (f, base) = d.reopen(|| form::answer(None, 1, lang));
                self.answer = Some((id, seen, f));
                self.base = base;
                return self.check(false);
            }
        }
        let why = self.lang.t(
            "这位客户已不在本活动的邀约名单中",
            "the invitee is no longer on the event's list",
        );
        let what = ("活动答复", "invitee's answer");
        self.note = Some(crate::ui::drafts::lost(
            what,
            why,
            &d.values,
            &[],
            self.lang,
        ));
        Vec::new()
    }
}
