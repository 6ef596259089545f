//! An open article form whose article another supervisor saved: the form follows the store
//! (`desk::follow_form`): it says who changed it, keeps what was typed beside the new values,
//! and the next save is a new version on top of theirs.

use super::{Cmd, Knowledge, Mode, Msg, Target, form};
use crate::store::StoreError;
use crate::store::kb::{self, KbRow};
use crate::ui::desk::Env;
use crate::ui::desk::follow_form::{follow, last_saver};

impl Knowledge {
    /// Asks whether the article under the open form moved on (`refused`: a save was just
    /// refused over it). A new article has nothing to move.
    pub(super) fn check(&self, refused: bool) -> Vec<Cmd> {
        match (self.mode, &self.form) {
            (Mode::Form, Some((Target::Edit { id, version, .. }, _))) => vec![Cmd::Check {
                id: *id,
                version: *version,
                refused,
            }],
            _ => Vec::new(),
        }
    }

    /// The article under the open form as stored now: the form takes its values where the
    /// user typed nothing, says who changed it, and stands on its version (an answer not
    /// newer than that, come late from the loads thread, changes nothing).
    pub(super) fn moved(&mut self, row: KbRow, who: Option<String>, refused: bool) {
        let lang = self.lang;
        if let (Some((Target::Edit { id, version, kind }, mine)), Some(base)) =
            (&mut self.form, &mut self.base)
            && *id == row.id
            && *kind == row.article.kind
            && row.version > *version
        {
            *version = row.version;
            let theirs = form::filled(&row.article);
            follow(mine, base, theirs, who.as_deref(), refused, lang);
        }
    }
}

/// The article under an open form, when it moved past `version`: as stored now, with who
/// saved it last.
pub fn look(env: &Env, id: i64, version: i64, refused: bool) -> Result<Option<Msg>, StoreError> {
    let row = kb::get(env.db.conn(), id)?;
    if row.version == version {
        return Ok(None);
    }
    Ok(Some(Msg::Moved {
        row: Box::new(row),
        who: last_saver(env, "kb_article", id),
        refused,
    }))
}
