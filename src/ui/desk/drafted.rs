//! A desk page's form as a draft (`ui::drafts`): which page and form, the record it edits
//! (and the version the agent saw), what was typed, and the form as it opened (what
//! another agent's change is measured against). Put back by `DeskTab::restore`; a
//! record edited meanwhile is caught by the version check on save, as if the session had
//! never dropped.

use crate::ui::widgets::form::Form;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageDraft {
    /// The page's own name for it (`knowledge`, `events`).
    pub page: String,
    /// Which of the page's forms (the page reads it back).
    pub form: String,
    /// The record edited and the version seen (None: a new one).
    pub record: Option<(i64, i64)>,
    pub values: Vec<(String, String)>,
    /// The form as it opened on the record (None: a new one).
    pub base: Option<Vec<(String, String)>>,
    /// What else the form stood on, as the page reads it back (the records a raised
    /// action links to); None for most forms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<serde_json::Value>,
    /// The field with the cursor (its key), where typing goes on once put back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
}

impl PageDraft {
    /// The draft of `f`, opened as `base`.
    pub fn of(
        page: &str,
        form: String,
        record: Option<(i64, i64)>,
        f: &Form,
        base: Option<&Form>,
    ) -> PageDraft {
        PageDraft {
            page: page.into(),
            form,
            record,
            values: crate::ui::drafts::values(f),
            base: base.map(crate::ui::drafts::values),
            context: None,
            focus: f.fields.get(f.focus).map(|x| x.key.to_string()),
        }
    }

    /// The form put back: made blank by `make`, opened as it was (its base, so what counts
    /// as changed is what the agent changed), then what was typed; and the base.
    pub fn reopen(&self, make: impl Fn() -> Form) -> (Form, Option<Form>) {
        let base = self.base.as_ref().map(|b| {
            let mut f = make();
            crate::ui::drafts::fill(&mut f, b);
            Form::new(f.fields)
        });
        let mut f = base.clone().unwrap_or_else(&make);
        crate::ui::drafts::fill(&mut f, &self.values);
        self.refocus(&mut f);
        (f, base)
    }

    /// The cursor put back on the field it was on (when the form still has it).
    pub fn refocus(&self, f: &mut Form) {
        let at = self
            .focus
            .as_deref()
            .and_then(|k| f.fields.iter().position(|x| x.key == k));
        if let Some(i) = at {
            f.focus = i;
        }
    }
}
