//! The page's forms as drafts (`ui::drafts`): an action being raised (with the records it
//! links to), a supervisor's verification note on an action at the version seen, and the
//! reason for dismissing a proposed order. Each is put back once the list has loaded, as
//! its key opens it now: an action no longer done, or an order no longer proposed, refuses
//! it, and the page says why and quotes what was typed.

use super::form::{self, Prefill};
use super::{Cmd, ImprovementsPage, Level};
use crate::domain::improvements::{Department, LinkKind};
use crate::ui::desk::PageDraft;
use crate::ui::drafts::{fill, lost};
use serde::{Deserialize, Serialize};

/// The page's name in its drafts.
const PAGE: &str = "improvements";

/// A raise form's prefill as a draft keeps it (kinds by their codes).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Raised {
    department: Option<String>,
    finding: String,
    words: String,
    links: Vec<(String, i64, String)>,
    order: Option<(String, Vec<i64>)>,
}

impl Raised {
    fn of(p: &Prefill) -> Raised {
        Raised {
            department: p.department.map(|d| d.code().to_string()),
            finding: p.finding.clone(),
            words: p.words.clone(),
            links: p
                .links
                .iter()
                .map(|(k, id, line)| (k.code().to_string(), *id, line.clone()))
                .collect(),
            order: p.order.clone(),
        }
    }

    fn prefill(self) -> Prefill {
        Prefill {
            department: self.department.as_deref().and_then(Department::from_code),
            finding: self.finding,
            words: self.words,
            links: self
                .links
                .into_iter()
                .filter_map(|(k, id, line)| Some((LinkKind::from_code(&k)?, id, line)))
                .collect(),
            order: self.order,
        }
    }
}

impl ImprovementsPage {
    /// The open form with typed text as a draft keeps it; else a draft not yet put back
    /// (the list is loading), so a save meanwhile does not drop it.
    pub(super) fn page_draft(&self) -> Option<PageDraft> {
        let (name, record, f, context) = match &self.level {
            Level::Raise(r) => {
                let context = serde_json::to_value(Raised::of(&r.prefill)).ok();
                ("raise".to_string(), None, &r.form, context)
            }
            Level::Verify { row, form } => {
                ("verify".into(), Some((row.id, row.version)), form, None)
            }
            Level::Dismiss { proposal, form } => {
                (format!("dismiss:{}", proposal.key.code()), None, form, None)
            }
            Level::List | Level::Detail { .. } => return self.restoring.clone(),
        };
        if !f.is_dirty() {
            return self.restoring.clone();
        }
        let mut d = PageDraft::of(PAGE, name, record, f, None);
        d.context = context;
        Some(d)
    }

    /// Takes the draft if it is this page's; it is put back once the list has loaded
    /// (`reopen_draft`).
    pub(super) fn put_back(&mut self, d: &PageDraft) -> Option<()> {
        if d.page != PAGE {
            return None;
        }
        self.restoring = Some(d.clone());
        self.level = Level::List;
        Some(())
    }

    /// The list loaded: a draft waiting is put back as its key would open it (a
    /// verification note waits for its action, opened now).
    pub(super) fn reopen_draft(&mut self) -> Vec<Cmd> {
        let Some(d) = self.restoring.take() else {
            return Vec::new();
        };
        if d.form == "raise" {
            let prefill = d
                .context
                .clone()
                .and_then(|c| serde_json::from_value::<Raised>(c).ok())
                .unwrap_or_default()
                .prefill();
            self.open_raise(prefill);
            if let Level::Raise(r) = &mut self.level {
                fill(&mut r.form, &d.values);
                d.refocus(&mut r.form);
            }
            return Vec::new();
        }
        if let (true, Some((id, _))) = (d.form == "verify", d.record) {
            self.restoring = Some(d);
            return vec![Cmd::Open(id)];
        }
        let Some(code) = d.form.strip_prefix("dismiss:") else {
            return Vec::new();
        };
        let supervisor = self.data.as_ref().is_some_and(|x| x.supervisor);
        let proposal = self
            .data
            .as_ref()
            .and_then(|x| x.proposals.iter().find(|p| p.key.code() == code))
            .filter(|_| supervisor)
            .cloned();
        match proposal {
            Some(proposal) => {
                let mut f = form::reason_form();
                fill(&mut f, &d.values);
                d.refocus(&mut f);
                self.level = Level::Dismiss { proposal, form: f };
            }
            None => {
                let why = self.lang().t(
                    "这条整改令建议已不在待处理之列",
                    "that proposed order is no longer waiting",
                );
                let what = ("不采纳理由", "reason for dismissing an order");
                let line = lost(what, why, &d.values, &[], self.lang());
                self.message = Some((line, true));
            }
        }
        Vec::new()
    }

    /// The action of a verification note's draft opened: verified as its key would, on
    /// the version the supervisor saw (a change since is said by the version check), or
    /// refused, the page saying why and what was typed.
    pub(super) fn reopen_verify(&mut self, id: i64) -> Vec<Cmd> {
        let Some(d) = self
            .restoring
            .take_if(|d| d.form == "verify" && d.record.map(|r| r.0) == Some(id))
        else {
            return Vec::new();
        };
        self.verify();
        match &mut self.level {
            Level::Verify { row, form } => {
                fill(form, &d.values);
                d.refocus(form);
                if let Some((_, seen)) = d.record {
                    row.version = seen;
                }
                self.check(false)
            }
            _ => {
                let why = self.message.take().map(|(m, _)| m).unwrap_or_default();
                let what = ("整改验证情况", "verification note");
                let line = lost(what, &why, &d.values, &[], self.lang());
                self.message = Some((line, true));
                Vec::new()
            }
        }
    }
}
