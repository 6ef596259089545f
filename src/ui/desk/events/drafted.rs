//! The event form as a draft (`ui::drafts`): a new event, or an edit of one at the version
//! the agent saw. (An invitee's answer, a code and a line, is not kept.)

use super::{Events, Mode, form};
use crate::ui::desk::PageDraft;

/// The page's name in its drafts.
const PAGE: &str = "events";

impl Events {
    pub(super) fn page_draft(&self) -> Option<PageDraft> {
        let (record, f) = self.form.as_ref().filter(|(_, f)| f.is_dirty())?;
        Some(PageDraft::of(
            PAGE,
            "event".into(),
            *record,
            f,
            self.base.as_ref(),
        ))
    }

    /// Puts the event form back (None: not this page's draft).
    pub(super) fn put_back(&mut self, d: &PageDraft) -> Option<()> {
        if d.page != PAGE {
            return None;
        }
        let lang = self.lang;
        let (f, base) = d.reopen(|| form::empty(lang));
        self.base = base;
        self.form = Some((d.record, f));
        self.mode = Mode::Form;
        Some(())
    }
}
