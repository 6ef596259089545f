//! The article form as a draft (`ui::drafts`): a new article of a kind, or an edit of one
//! at the version the supervisor saw.

use super::{Knowledge, Mode, Target, form};
use crate::domain::kb::KbKind;
use crate::ui::desk::PageDraft;

/// The page's name in its drafts.
const PAGE: &str = "knowledge";

impl Knowledge {
    pub(super) fn page_draft(&self) -> Option<PageDraft> {
        let (target, f) = self.form.as_ref().filter(|(_, f)| f.is_dirty())?;
        let (how, record) = match *target {
            Target::New(_) => ("new", None),
            Target::Edit { id, version, .. } => ("edit", Some((id, version))),
        };
        let name = format!("{how}:{}", target.kind().code());
        Some(PageDraft::of(PAGE, name, record, f, self.base.as_ref()))
    }

    /// Puts the article form back (None: not this page's draft).
    pub(super) fn put_back(&mut self, d: &PageDraft) -> Option<()> {
        if d.page != PAGE {
            return None;
        }
        let (how, code) = d.form.split_once(':')?;
        let kind = KbKind::parse(code)?;
        let target = match (how, d.record) {
            ("edit", Some((id, version))) => Target::Edit { id, version, kind },
            _ => Target::New(kind),
        };
        let (f, base) = d.reopen(|| form::empty(kind));
        self.base = base;
        self.form = Some((target, f));
        self.mode = Mode::Form;
        Some(())
    }
}
