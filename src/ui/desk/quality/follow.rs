//! An open scoring sheet or dispute whose review another agent changed meanwhile (another
//! supervisor scored it, the agent disputed it): the page takes the stored review in, keeps
//! the points and words typed, says who changed it and what it is now, and the next save is
//! taken on the new version — never a loop of refusals.

use super::{Cmd, Mode, Msg, Opened, QualityPage};
use crate::store::quality;
use crate::store::{StoreError, agents::Agent};
use crate::ui::desk::follow_form::{last_saver, moved_line};
use crate::ui::desk::{Env, Out};

impl QualityPage {
    /// Asks whether the review under the open sheet or dispute moved on (`refused`: a save
    /// was just refused over it).
    pub(super) fn check(&self, refused: bool) -> Vec<Cmd> {
        match (&self.opened, self.mode) {
            (Some(o), Mode::Sheet | Mode::Dispute) => vec![Cmd::Check {
                id: o.detail.row.id,
                version: o.detail.row.version,
                refused,
            }],
            _ => Vec::new(),
        }
    }

    /// The review under the open sheet or dispute as stored now: shown, the sheet merged
    /// with it (untouched points take the stored ones, typed ones stay with the stored one
    /// named), the next save on its version; the page says who changed it and what it is now.
    pub(super) fn moved(&mut self, o: Opened, who: Option<String>, refused: bool) {
        let (lang, mode) = (self.lang, self.mode);
        // Only a newer version of the review open (an answer come late from the loads
        // thread, after the sheet closed or followed already, changes nothing).
        let row = &o.detail.row;
        let same = self
            .opened
            .as_ref()
            .is_some_and(|x| x.detail.row.id == row.id && row.version > x.detail.row.version);
        if !same || !matches!(mode, Mode::Sheet | Mode::Dispute) {
            return;
        }
        let status = o.detail.row.status.label(lang);
        let record = ("此评审", "this review");
        match (mode, &mut self.sheet, &self.sheet_def) {
            (Mode::Sheet, Some(s), Some(def)) => {
                // The points another supervisor gave come in where none were typed.
                let fields = s.follow(def, o.detail.rounds.last(), lang);
                let line = moved_line(record, who, (status, &fields), refused, lang);
                s.message = Some((line, true));
            }
            _ => self.note = Some((moved_line(record, who, (status, &[]), refused, lang), true)),
        }
        self.opened = Some(o);
    }
}

/// The review under an open sheet or dispute, when it moved past `version`: as stored now
/// (labelled), with who saved it last.
pub fn look(
    env: &Env,
    agent: &Agent,
    (id, version, refused): (i64, i64, bool),
    outs: &mut Vec<Out>,
) -> Result<Option<Msg>, StoreError> {
    let d = quality::detail(env.db, agent, id)?;
    if d.row.version == version {
        return Ok(None);
    }
    let rules = crate::ui::desk::callback_rules(env, outs);
    Ok(Some(Msg::Moved {
        opened: Box::new(super::run::label(d, &rules, env.lang)),
        who: last_saver(env, "quality_review", id),
        refused,
    }))
}
