//! The page's forms as drafts (`ui::drafts`): a new rental, a car's return or a breakdown
//! on a rental at the version seen. Put back once the list has loaded, as the form's key
//! opens it now (a return or breakdown on its rental, standing on the version seen so the
//! version check says what changed since); a rental no longer out, or one its key now
//! refuses, refuses the draft, and a line over the list says why and quotes what was typed.

use super::{Cmd, FormKind, RentalsPage};
use crate::ui::action::Action;
use crate::ui::desk::PageDraft;
use crate::ui::drafts::{fill, lost};

/// The page's name in its drafts.
const PAGE: &str = "rentals";

impl RentalsPage {
    /// The open form with typed text as a draft keeps it (with the contract it is on);
    /// else a draft not yet put back (the list is loading).
    pub(super) fn page_draft(&self) -> Option<PageDraft> {
        let Some(e) = self.editing.as_ref().filter(|e| e.form.is_dirty()) else {
            return self.restoring.clone();
        };
        let (form, record) = match e.kind {
            FormKind::New => ("new", None),
            FormKind::Return { id, version } => ("return", Some((id, version))),
            FormKind::Breakdown { id, version } => ("breakdown", Some((id, version))),
        };
        let mut d = PageDraft::of(PAGE, form.into(), record, &e.form, None);
        d.context = Some(serde_json::Value::String(e.contract.clone()));
        Some(d)
    }

    /// Takes the draft if it is this page's; it is put back once the list has loaded.
    pub(super) fn put_back(&mut self, d: &PageDraft) -> Option<()> {
        if d.page != PAGE {
            return None;
        }
        self.restoring = Some(d.clone());
        self.editing = None;
        self.detail = None;
        Some(())
    }

    /// The list loaded: a waiting draft is put back as its key opens the form now, or
    /// refused with what was typed.
    pub(super) fn reopen_draft(&mut self) -> Vec<Cmd> {
        let Some(d) = self.restoring.take() else {
            return Vec::new();
        };
        let lang = self.lang;
        let (action, id, seen, what) = match (d.form.as_str(), d.record) {
            ("return", Some((id, v))) => (Action::RecordReturn, id, v, ("还车登记", "return")),
            ("breakdown", Some((id, v))) => {
                let what = ("途中故障登记", "breakdown report");
                (Action::LogBreakdown, id, v, what)
            }
            _ => {
                self.open_form(FormKind::New);
                if let Some(e) = &mut self.editing {
                    fill(&mut e.form, &d.values);
                    d.refocus(&mut e.form);
                }
                return Vec::new();
            }
        };
        let contract = d.context.as_ref().and_then(|c| c.as_str()).unwrap_or("");
        let why = if self.rows.iter().any(|r| r.id == id) {
            self.selected = Some(id);
            let cmds = self.on_action(action);
            if let Some(e) = &mut self.editing {
                fill(&mut e.form, &d.values);
                d.refocus(&mut e.form);
                if let FormKind::Return { version, .. } | FormKind::Breakdown { version, .. } =
                    &mut e.kind
                {
                    *version = seen;
                }
                return self.check(false);
            }
            let refused = cmds.into_iter().find_map(|c| match c {
                Cmd::Error(why) => Some(why),
                _ => None,
            });
            refused.unwrap_or_default()
        } else {
            match lang {
                crate::i18n::Lang::Zh => {
                    format!("合同 {contract} 已不在未还车列表中（车可能已还）")
                }
                crate::i18n::Lang::En => {
                    format!("rental {contract} is no longer out (the car may be back)")
                }
            }
        };
        self.note = Some(lost(what, &why, &d.values, &[], lang));
        Vec::new()
    }
}
