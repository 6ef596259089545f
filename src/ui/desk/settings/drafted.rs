//! The settings forms as drafts (`ui::drafts`): a section of the store's file, a service
//! type or an agent, with the version seen (the file's or the agent's) and the form as it
//! opened. Put back once the page has loaded, on the record as stored now: when another
//! supervisor saved it meanwhile, fields the user did not touch take the stored values and
//! the typed ones stay with the stored one named (as a follow does, `desk::follow_form`),
//! so nothing of theirs is overwritten; a record gone, or a user no longer a supervisor,
//! refuses the draft, and the page says why and quotes what was typed.

use super::{Mode, SettingsPage, Target};
use crate::domain::store_fields::Section;
use crate::ui::desk::PageDraft;
use crate::ui::desk::follow_form::follow;
use crate::ui::drafts::{fill, lost};
use crate::ui::widgets::form::Form;

/// The page's name in its drafts.
const PAGE: &str = "settings";

/// The form's target as a draft names it.
fn code(t: &Target) -> String {
    match t {
        Target::Section(s) => {
            let i = Section::ALL.iter().position(|x| x == s).unwrap_or(0);
            format!("section:{i}")
        }
        Target::Service { code, new: false } => format!("service:{code}"),
        Target::Service { new: true, .. } => "service_new".into(),
        Target::Agent { emp_no, .. } => format!("agent:{emp_no}"),
        Target::NewAgent => "new_agent".into(),
    }
}

/// The target a draft names, on the record's id and version seen.
fn target(code: &str, record: Option<(i64, i64)>) -> Option<Target> {
    Some(match code.split_once(':') {
        Some(("section", i)) => Target::Section(*Section::ALL.get(i.parse::<usize>().ok()?)?),
        Some(("service", c)) => Target::Service {
            code: c.into(),
            new: false,
        },
        Some(("agent", emp_no)) => {
            let (id, version) = record?;
            Target::Agent {
                id,
                version,
                emp_no: emp_no.into(),
            }
        }
        _ if code == "service_new" => Target::Service {
            code: String::new(),
            new: true,
        },
        _ if code == "new_agent" => Target::NewAgent,
        _ => return None,
    })
}

impl SettingsPage {
    /// The open form with typed text as a draft keeps it; else a draft not yet put back
    /// (the page is loading).
    pub(super) fn page_draft(&self) -> Option<PageDraft> {
        let Some((t, f)) = self.form.as_ref().filter(|(_, f)| f.is_dirty()) else {
            return self.restoring.clone();
        };
        let seen = self.form_snap.as_ref();
        let record = match t {
            Target::Agent { id, version, .. } => Some((*id, *version)),
            _ => seen.and_then(|s| s.version).map(|v| (0, v)),
        };
        let base = seen.and_then(|s| self.form_on(t, s));
        Some(PageDraft::of(PAGE, code(t), record, f, base.as_ref()))
    }

    /// Takes the draft if it is this page's; it is put back once the page has loaded.
    pub(super) fn put_back(&mut self, d: &PageDraft) -> Option<()> {
        if d.page != PAGE {
            return None;
        }
        self.restoring = Some(d.clone());
        self.form = None;
        self.mode = Mode::List;
        Some(())
    }

    /// The store loaded: a waiting draft is put back on its record as stored now, or
    /// refused with what was typed.
    pub(super) fn reopen_draft(&mut self) {
        let Some(d) = self.restoring.take() else {
            return;
        };
        let lang = self.lang;
        let (Some(t), Some(snap)) = (target(&d.form, d.record), self.snap.clone()) else {
            return;
        };
        let theirs = self.form_on(&t, &snap);
        let why = match (&theirs, self.supervisor) {
            (_, false) => lang.t(
                "只有主管可以修改门店设置（专员只能查看）",
                "only a supervisor changes the store's settings",
            ),
            (None, true) => lang.t("该记录已不存在", "the record no longer exists"),
            (Some(_), true) => "",
        };
        let Some(theirs) = theirs.filter(|_| why.is_empty()) else {
            let what = ("门店设置", "settings form");
            let line = lost(what, why, &d.values, &[], lang);
            self.note = Some(line);
            return;
        };
        let now = match &t {
            Target::Agent { id, .. } => snap
                .agents
                .iter()
                .find(|a| a.agent.id == *id)
                .map(|a| (*id, a.version)),
            _ => snap.version.map(|v| (0, v)),
        };
        let mut mine = theirs.clone();
        if now != d.record && d.base.is_some() {
            // Saved by another supervisor meanwhile: what the user typed over the form as
            // it opened then, merged with the record as it is now.
            let mut base = theirs.clone();
            fill(&mut base, d.base.as_deref().unwrap_or_default());
            let mut base = Form::new(base.fields);
            mine = base.clone();
            fill(&mut mine, &d.values);
            follow(&mut mine, &mut base, theirs, None, false, lang);
        } else {
            fill(&mut mine, &d.values);
        }
        let t = match t {
            Target::Agent { id, emp_no, .. } => Target::Agent {
                id,
                version: now.map_or(0, |n| n.1),
                emp_no,
            },
            t => t,
        };
        d.refocus(&mut mine);
        self.form_snap = Some(snap);
        self.form = Some((t, mine));
        self.mode = Mode::Form;
    }
}
