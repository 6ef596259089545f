//! An open return form whose rental another agent changed meanwhile (a breakdown logged,
//! the car returned): the page takes the stored rental in, keeps what was typed, says who
//! changed it and what it is now, and the next save is taken on the new version — never a
//! loop of refusals.

use super::{Cmd, FormKind, Msg, RentalsPage};
use crate::store::StoreError;
use crate::store::rentals::{self, Rental};
use crate::ui::desk::Env;
use crate::ui::desk::follow_form::{last_saver, moved_line};

impl RentalsPage {
    /// Asks whether the rental under the open return form moved on (`refused`: a save was
    /// just refused over it).
    pub(super) fn check(&self, refused: bool) -> Vec<Cmd> {
        match self.editing.as_ref().map(|e| e.kind) {
            Some(FormKind::Return { id, version }) => vec![Cmd::Check {
                id,
                version,
                refused,
            }],
            _ => Vec::new(),
        }
    }

    /// The rental under the open return form as stored now: the form stands on its version,
    /// keeps what was typed and says who changed it and what it is now.
    pub(super) fn moved(&mut self, r: Rental, who: Option<String>, refused: bool) {
        let lang = self.lang;
        let Some(e) = &mut self.editing else { return };
        let FormKind::Return { id, version } = &mut e.kind else {
            return;
        };
        if *id != r.id || *version == r.version {
            return;
        }
        *version = r.version;
        let status = r.status(self.now).label(lang);
        let line = moved_line(("此合同", "this rental"), who, status, refused, lang);
        e.form.message = Some((line, true));
    }
}

/// The rental under an open form, when it moved past `version`: as stored now, with who
/// saved it last.
pub fn look(env: &Env, id: i64, version: i64, refused: bool) -> Result<Option<Msg>, StoreError> {
    let r = rentals::get(env.db.conn(), id)?;
    if r.version == version {
        return Ok(None);
    }
    Ok(Some(Msg::Moved {
        rental: Box::new(r),
        who: last_saver(env, "rental", id),
        refused,
    }))
}
