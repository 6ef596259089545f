//! The scoring sheet and a dispute's reason as drafts (`ui::drafts`): the review and the
//! version seen, the points (by criterion), the fatal error and the comment, or the reason.
//! Put back once the review has opened again, as its key would open it now, on the
//! version seen (a change since is said by the version check); a review no longer to score
//! or dispute refuses it, and the page says why and quotes what was typed.

use super::{Cmd, Mode, QualityPage};
use crate::domain::quality::review;
use crate::ui::desk::PageDraft;
use serde::{Deserialize, Serialize};
use tui_input::Input;

/// The page's name in its drafts.
const PAGE: &str = "quality";

/// The sheet's points as a draft keeps them: by criterion id, now and as it opened.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Points {
    points: Vec<(String, Option<u8>)>,
    fatal: bool,
    base: Vec<(String, Option<u8>)>,
    base_fatal: bool,
    /// The row with the cursor.
    focus: usize,
}

impl QualityPage {
    /// The sheet or the reason with typed input, as a draft keeps it; else a draft not yet
    /// put back (its review is opening).
    pub(super) fn page_draft(&self) -> Option<PageDraft> {
        let lang = self.lang;
        let o = self.opened.as_ref();
        let record = o.map(|o| (o.detail.row.id, o.detail.row.version));
        let (form, values, context) = match (self.mode, &self.sheet, &self.sheet_def) {
            (Mode::Sheet, Some(s), Some(def)) if s.dirty => {
                let ids = || def.criteria.iter().map(|c| c.id.clone());
                let (base, base_fatal) = s.base();
                let kept = Points {
                    points: ids().zip(s.points.iter().copied()).collect(),
                    fatal: s.fatal,
                    base: ids().zip(base.iter().copied()).collect(),
                    base_fatal,
                    focus: s.focus,
                };
                let scores: Vec<String> = def
                    .criteria
                    .iter()
                    .zip(&s.points)
                    .filter_map(|(c, p)| Some(format!("{} {}", c.label(lang), (*p)?)))
                    .collect();
                let fatal = if s.fatal {
                    lang.t("致命错误", "fatal error")
                } else {
                    ""
                };
                let values = vec![
                    ("scores".into(), scores.join(lang.t("、", ", "))),
                    ("fatal".into(), fatal.into()),
                    ("comment".into(), s.comment.value().to_string()),
                ];
                ("sheet", values, serde_json::to_value(kept).ok())
            }
            (Mode::Dispute, _, _) if !self.reason.value().trim().is_empty() => {
                let values = vec![("reason".into(), self.reason.value().to_string())];
                ("dispute", values, None)
            }
            _ => return self.restoring.clone(),
        };
        Some(PageDraft {
            page: PAGE.into(),
            form: form.into(),
            record,
            values,
            base: None,
            context,
            focus: None,
        })
    }

    /// Takes the draft if it is this page's; it is put back once its review has opened.
    pub(super) fn put_back(&mut self, d: &PageDraft) -> Option<()> {
        if d.page != PAGE {
            return None;
        }
        self.restoring = Some(d.clone());
        self.mode = Mode::List;
        self.opened = None;
        self.sheet = None;
        Some(())
    }

    /// The review a waiting draft is on.
    pub(super) fn restoring_id(&self) -> Option<i64> {
        self.restoring.as_ref()?.record.map(|r| r.0)
    }

    /// A review opened: a waiting draft on it is put back, or refused with what was typed.
    pub(super) fn reopen_draft(&mut self) -> Vec<Cmd> {
        let id = self.opened.as_ref().map(|o| o.detail.row.id);
        if id.is_none() || self.restoring_id() != id {
            return Vec::new();
        }
        let Some(d) = self.restoring.take() else {
            return Vec::new();
        };
        let seen = d.record.map_or(0, |r| r.1);
        let lang = self.lang;
        let text = |k: &str| {
            d.values
                .iter()
                .find(|(key, _)| key == k)
                .map_or("", |(_, v)| v.as_str())
        };
        let Some(o) = &mut self.opened else {
            return Vec::new();
        };
        let r = &o.detail.row;
        let why = match d.form.as_str() {
            "sheet" => match (self.mode, &mut self.sheet, &self.sheet_def) {
                (Mode::Sheet, Some(s), Some(def)) => {
                    let kept: Points = d
                        .context
                        .clone()
                        .and_then(|c| serde_json::from_value(c).ok())
                        .unwrap_or_default();
                    let by_id = |v: &[(String, Option<u8>)], id: &str| {
                        v.iter().find(|(k, _)| k == id).and_then(|(_, p)| *p)
                    };
                    let ids = def.criteria.iter().map(|c| c.id.as_str());
                    s.points = ids.clone().map(|c| by_id(&kept.points, c)).collect();
                    let base = ids.map(|c| by_id(&kept.base, c)).collect();
                    s.set_base((base, kept.base_fatal));
                    s.fatal = kept.fatal;
                    s.comment = Input::new(text("comment").to_string());
                    s.focus = kept.focus.min(s.comment_row());
                    s.dirty = true;
                    None
                }
                _ => Some(
                    review::can_score(r.status, self.viewer.id, self.viewer.supervisor, r.agent_id)
                        .err()
                        .map_or(
                            lang.t("此评审现在不能评分", "the review cannot be scored now"),
                            |w| w.message(lang),
                        ),
                ),
            },
            _ => match review::can_dispute(r.status, self.viewer.id, r.agent_id, r.disputes, "-") {
                Ok(()) => {
                    self.reason = Input::new(text("reason").to_string());
                    self.mode = Mode::Dispute;
                    None
                }
                Err(w) => Some(w.message(lang)),
            },
        };
        match why {
            None => {
                o.detail.row.version = seen;
                self.note = None;
                self.check(false)
            }
            Some(why) => {
                let what = match d.form.as_str() {
                    "sheet" => ("质检评分", "review's scores"),
                    _ => ("质检申诉", "dispute"),
                };
                let line = crate::ui::drafts::lost(what, why, &d.values, &[], lang);
                self.note = Some((line, true));
                Vec::new()
            }
        }
    }
}
