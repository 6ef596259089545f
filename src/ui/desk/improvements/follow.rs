//! An open verification form whose action another agent stepped meanwhile: the form follows
//! the store (`desk::follow_form`): it says who changed the action, keeps the note typed,
//! and the next save is taken on the action's new version.

use super::{Cmd, ImprovementsPage, Level, Msg, form};
use crate::store::StoreError;
use crate::store::improvements::{self as si, Row};
use crate::ui::desk::Env;
use crate::ui::desk::follow_form::{follow, last_saver};

impl ImprovementsPage {
    /// Asks whether the action under the open verification form moved on (`refused`: a
    /// save was just refused over it).
    pub(super) fn check(&self, refused: bool) -> Vec<Cmd> {
        match &self.level {
            Level::Verify { row, .. } => vec![Cmd::Check {
                id: row.id,
                version: row.version,
                refused,
            }],
            _ => Vec::new(),
        }
    }

    /// The action under the open verification form as stored now: the form stands on it
    /// (its head shows it), keeps the note typed and says who changed it.
    pub(super) fn moved(&mut self, stored: Row, who: Option<String>, refused: bool) {
        let lang = self.lang();
        // Once per version (a refusal and a reload may both bring it), never back to an
        // older one (an answer come late from the loads thread).
        if let Level::Verify { row, form: mine } = &mut self.level
            && row.id == stored.id
            && stored.version > row.version
        {
            // The note is the verifier's own: nothing of it is stored on the action, whose
            // status now is said.
            let mut base = form::note_form();
            let line = follow(
                mine,
                &mut base,
                form::note_form(),
                who.as_deref(),
                refused,
                lang,
            );
            let status = stored.status.label(lang);
            let now = match lang {
                crate::i18n::Lang::Zh => format!("此整改现为“{status}”。{line}"),
                crate::i18n::Lang::En => format!("The action is now {status}. {line}"),
            };
            mine.message = Some((now, true));
            **row = stored;
        }
    }
}

/// The action under an open form, when it moved past `version`: as stored now, with who
/// saved it last.
pub fn look(env: &Env, id: i64, version: i64, refused: bool) -> Result<Option<Msg>, StoreError> {
    let row = si::get(env.db.conn(), id)?;
    if row.version == version {
        return Ok(None);
    }
    Ok(Some(Msg::Moved {
        row: Box::new(row),
        who: last_saver(env, "improvement", id),
        refused,
    }))
}
