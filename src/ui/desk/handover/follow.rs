//! An open receipt form whose file another agent changed meanwhile (documents recorded, the
//! file edited): the page takes the stored file in, keeps the ticks, day and name typed,
//! says who changed it, and the next save is taken on the new version — never a loop of
//! refusals.

use super::{Cmd, HandoverPage, Msg};
use crate::domain::handover::HandoverKind;
use crate::domain::handover::{DocumentLine, Handover};
use crate::i18n::Lang;
use crate::store::StoreError;
use crate::store::handover;
use crate::ui::desk::Env;
use crate::ui::desk::follow_form::{last_saver, moved_line};

impl HandoverPage {
    /// Asks whether the file under the open form moved on (`refused`: a save was just
    /// refused over it).
    pub(super) fn check(&self, refused: bool) -> Vec<Cmd> {
        match &self.form {
            Some(f) => vec![Cmd::Check {
                kind: f.item.kind,
                id: f.item.file_id,
                version: f.item.version,
                refused,
            }],
            None => Vec::new(),
        }
    }

    /// The file under the open form as stored now: the form stands on its version and its
    /// documents, keeps what was ticked and typed, and says who changed it.
    pub(super) fn moved(
        &mut self,
        item: Handover,
        lines: Vec<DocumentLine>,
        who: Option<String>,
        refused: bool,
    ) {
        let Some(f) = &mut self.form else { return };
        if (f.item.kind, f.item.file_id) != (item.kind, item.file_id)
            || item.version <= f.item.version
        {
            return;
        }
        // A document recorded meanwhile is no longer to tick.
        for (chosen, line) in f.chosen.iter_mut().zip(&lines) {
            *chosen &= line.received.is_none();
        }
        let said = |lang| {
            moved_line(
                ("此档案", "this file"),
                who.clone(),
                (&item.standing.label(lang), &[]),
                refused,
                lang,
            )
        };
        f.error = Some((said(Lang::Zh), said(Lang::En)));
        f.item = item;
        f.lines = lines;
    }
}

/// The file under an open form, when it moved past `version`: as stored now with its
/// checklist, and who saved it last.
pub fn look(
    env: &Env,
    (kind, id, version, refused): (HandoverKind, i64, i64, bool),
) -> Result<Option<Msg>, StoreError> {
    let conn = env.db.conn();
    let item = handover::get(conn, env.calendar, env.clock.today(), kind, id)?;
    if item.version == version {
        return Ok(None);
    }
    let lines = handover::checklist(conn, kind, id)?;
    let entity = match kind {
        HandoverKind::Sales => "sales_file",
        HandoverKind::Repair => "repair_order",
    };
    Ok(Some(Msg::Moved {
        item: Box::new(item),
        lines,
        who: last_saver(env, entity, id),
        refused,
    }))
}
