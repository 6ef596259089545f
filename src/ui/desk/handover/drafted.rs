//! The receipt form as a draft (`ui::drafts`): the file it records documents for (and the
//! version seen), the documents ticked, the day and who handed them over, and the field
//! with the cursor (where typing goes on once put back). Put back once the list has loaded,
//! on the file's checklist as stored now: a document recorded meanwhile is no longer ticked
//! and the version check says who changed the file; a file no longer followed up (its
//! documents all in) refuses it, and the page says why and what was typed.

use super::{Cmd, Focus, Form, HandoverPage};
use crate::domain::handover::{DocumentLine, Handover, HandoverKind};
use crate::i18n::Lang;
use crate::ui::desk::PageDraft;

/// The page's name in its drafts.
const PAGE: &str = "handover";

impl HandoverPage {
    /// The receipt form with something ticked or typed, as a draft keeps it; else a draft
    /// not yet put back (the list is loading).
    pub(super) fn page_draft(&self) -> Option<PageDraft> {
        let Some(f) = self.form.as_ref().filter(|f| f.dirty) else {
            return self.restoring.clone();
        };
        let ticked: Vec<&str> = f
            .lines
            .iter()
            .zip(&f.chosen)
            .filter(|(_, c)| **c)
            .map(|(l, _)| l.key.as_str())
            .collect();
        Some(PageDraft {
            page: PAGE.into(),
            form: format!("receipt:{}", f.item.kind.code()),
            record: Some((f.item.file_id, f.item.version)),
            values: vec![
                ("documents".into(), labels(f.item.kind, &ticked, self.lang)),
                ("day".into(), f.day.clone()),
                ("who".into(), f.who.clone()),
            ],
            base: None,
            context: serde_json::to_value(&ticked).ok(),
            focus: Some(focus_key(f)),
        })
    }

    /// Takes the draft if it is this page's; it is put back once the list has loaded.
    pub(super) fn put_back(&mut self, d: &PageDraft) -> Option<()> {
        if d.page != PAGE {
            return None;
        }
        self.restoring = Some(d.clone());
        self.form = None;
        Some(())
    }

    /// The file a waiting draft is for.
    fn restoring_file(&self) -> Option<(HandoverKind, i64, i64)> {
        let d = self.restoring.as_ref()?;
        let kind = HandoverKind::from_code(d.form.strip_prefix("receipt:")?)?;
        let (id, version) = d.record?;
        Some((kind, id, version))
    }

    /// The list loaded: a waiting draft's file is opened as `m` opens it, or, no longer
    /// followed up, the draft is refused with what was typed.
    pub(super) fn reopen_draft(&mut self) -> Vec<Cmd> {
        let Some(d) = &self.restoring else {
            return Vec::new();
        };
        let Some((kind, id, _)) = self.restoring_file() else {
            self.restoring = None;
            return Vec::new();
        };
        if self.rows.iter().any(|h| h.kind == kind && h.file_id == id) {
            return vec![Cmd::LoadChecklist(kind, id)];
        }
        let lang = self.lang;
        let why = lang.t(
            "这份档案已不在待跟进的交接之列（资料可能已交齐）",
            "the file is no longer followed up (its documents may all be in)",
        );
        let mut values = d.values.clone();
        if let Some(v) = values.iter_mut().find(|(k, _)| k == "documents") {
            let keys: Vec<String> = d
                .context
                .clone()
                .and_then(|c| serde_json::from_value(c).ok())
                .unwrap_or_default();
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            v.1 = labels(kind, &keys, lang);
        }
        let what = ("资料交到登记", "hand-over receipt");
        self.note = Some(crate::ui::drafts::lost(what, why, &values, &[], lang));
        self.restoring = None;
        Vec::new()
    }

    /// A file's checklist loaded: a waiting draft for it is put back on the form `m` opens,
    /// standing on the version seen (a change since is said by the version check).
    pub(super) fn reopen_form(&mut self, item: &Handover, lines: &[DocumentLine]) -> Vec<Cmd> {
        let Some((kind, id, seen)) = self.restoring_file() else {
            return Vec::new();
        };
        if (kind, id) != (item.kind, item.file_id) {
            return Vec::new();
        }
        let Some(d) = self.restoring.take() else {
            return Vec::new();
        };
        let ticked: Vec<String> = d
            .context
            .and_then(|c| serde_json::from_value(c).ok())
            .unwrap_or_default();
        let Some(f) = &mut self.form else {
            return Vec::new();
        };
        restore_form(f, lines, &ticked, &d.values, seen);
        refocus(f, d.focus.as_deref());
        self.check(false)
    }
}

fn restore_form(
    f: &mut Form,
    lines: &[DocumentLine],
    ticked: &[String],
    values: &[(String, String)],
    seen: i64,
) {
    for (chosen, line) in f.chosen.iter_mut().zip(lines) {
        *chosen = line.received.is_none() && ticked.contains(&line.key);
    }
    for (k, v) in values {
        match k.as_str() {
            "day" => f.day = v.clone(),
            "who" => f.who = v.clone(),
            _ => {}
        }
    }
    f.item.version = seen;
    f.dirty = true;
}

/// The field with the cursor as a draft keeps it: the day, who, or a document's key.
fn focus_key(f: &Form) -> String {
    match f.focus {
        Focus::Day => "day".into(),
        Focus::Who => "who".into(),
        Focus::Doc(i) => f.lines.get(i).map(|l| l.key.clone()).unwrap_or_default(),
    }
}

/// The cursor put back on the field it was on (a document found by its key on the
/// checklist as stored now); none kept, or that document gone: where the form opened.
fn refocus(f: &mut Form, key: Option<&str>) {
    f.focus = match key {
        Some("day") => Focus::Day,
        Some("who") => Focus::Who,
        Some(k) => match f.lines.iter().position(|l| l.key == k) {
            Some(i) => Focus::Doc(i),
            None => return,
        },
        None => return,
    };
}

/// The documents `keys` by their names in `lang`, for a quote.
fn labels(kind: HandoverKind, keys: &[&str], lang: Lang) -> String {
    let names: Vec<&str> = keys
        .iter()
        .map(|k| {
            kind.documents()
                .iter()
                .find(|(key, _, _)| key == k)
                .map_or(*k, |(_, zh, en)| lang.t(zh, en))
        })
        .collect();
    names.join(lang.t("、", ", "))
}
