//! An open return or breakdown form whose rental another agent changed meanwhile (a
//! breakdown logged, the car returned): the page takes the stored rental in, keeps what was
//! typed, says who changed it and what it is now, and the next save is taken on the new
//! version — never a loop of refusals, never two agents' same breakdown written twice
//! unseen.

use super::{Cmd, FormKind, Msg, RentalsPage};
use crate::i18n::Lang;
use crate::store::StoreError;
use crate::store::rentals::{self, Rental};
use crate::ui::desk::Env;
use crate::ui::desk::follow_form::{last_saver, moved_line};

impl RentalsPage {
    /// Asks whether the rental under the open return or breakdown form moved on
    /// (`refused`: a save was just refused over it).
    pub(super) fn check(&self, refused: bool) -> Vec<Cmd> {
        match self.editing.as_ref().map(|e| e.kind) {
            Some(FormKind::Return { id, version } | FormKind::Breakdown { id, version }) => {
                vec![Cmd::Check {
                    id,
                    version,
                    refused,
                }]
            }
            Some(FormKind::New) | None => Vec::new(),
        }
    }

    /// The rental under the open form as stored now: the form stands on its version, keeps
    /// what was typed and says who changed it and what it is now (its status and the
    /// breakdowns logged); the rental opened beside it reloads.
    pub(super) fn moved(&mut self, r: Rental, who: Option<String>, refused: bool) -> Vec<Cmd> {
        let (lang, now) = (self.lang, self.now);
        let Some(e) = &mut self.editing else {
            return Vec::new();
        };
        let (FormKind::Return { id, version } | FormKind::Breakdown { id, version }) = &mut e.kind
        else {
            return Vec::new();
        };
        // Never back to an older version (an answer come late from the loads thread).
        if *id != r.id || r.version <= *version {
            return Vec::new();
        }
        *version = r.version;
        let status = r.status(now).label(lang);
        let what = match (lang, r.breakdowns) {
            (_, 0) => status.to_string(),
            (Lang::Zh, n) => format!("{status}，途中故障 {n} 次"),
            (Lang::En, n) => format!("{status}, {n} breakdown{}", crate::i18n::plural(n)),
        };
        let line = moved_line(("此合同", "this rental"), who, (&what, &[]), refused, lang);
        e.form.message = Some((line, true));
        match &self.detail {
            Some((d, _)) if d.id == r.id => vec![Cmd::LoadDetail(r.id)],
            _ => Vec::new(),
        }
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
