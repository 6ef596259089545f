//! An open event or answer form whose record another agent saved: the form follows the store
//! (`desk::follow_form`): it says who changed it, keeps what was typed beside the new values,
//! and the next save is taken on the stored version.

use super::{Cmd, Events, Mode, Msg, form};
use crate::store::StoreError;
use crate::store::events::{self as ev, EventRow, InviteeRow};
use crate::ui::desk::Env;
use crate::ui::desk::follow_form::{follow, last_saver};

/// The record under an open form, at the version the form stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Under {
    Event { id: i64, version: i64 },
    Invitee { event: i64, id: i64, version: i64 },
}

/// The record under an open form as stored now (it moved past the form's version).
#[derive(Debug, Clone)]
pub enum Stored {
    Event(Box<EventRow>),
    Invitee(Box<InviteeRow>),
}

impl Events {
    /// Asks whether the record under the open form moved on (`refused`: a save was just
    /// refused over it). A new event has nothing to move.
    pub(super) fn check(&self, refused: bool) -> Vec<Cmd> {
        let under = match (self.mode, &self.form, &self.answer) {
            (Mode::Form, Some((Some((id, version)), _)), _) => Under::Event {
                id: *id,
                version: *version,
            },
            (Mode::Answer, _, Some((id, version, _))) => Under::Invitee {
                event: self.event.as_ref().map_or(0, |e| e.id),
                id: *id,
                version: *version,
            },
            _ => return Vec::new(),
        };
        vec![Cmd::Check { under, refused }]
    }

    /// The record under the open form as stored now: the form takes its values where the
    /// user typed nothing, says who changed it, and stands on its version. A check's answer
    /// comes from the loads thread: one that is not newer than what the form stands on
    /// (the form closed, reopened or already followed meanwhile) changes nothing.
    pub(super) fn moved(&mut self, stored: Stored, who: Option<String>, refused: bool) {
        let lang = self.lang;
        match (stored, &mut self.form, &mut self.answer, &mut self.base) {
            (Stored::Event(e), Some((Some(target), mine)), _, Some(base))
                if target.0 == e.id && e.version > target.1 =>
            {
                *target = (e.id, e.version);
                let theirs = form::filled(&e.data(), lang);
                follow(mine, base, theirs, who.as_deref(), refused, lang);
            }
            (Stored::Invitee(i), None, Some((id, version, mine)), Some(base))
                if *id == i.id && i.version > *version =>
            {
                *version = i.version;
                let theirs = form::answer(i.answer, i.party, lang);
                follow(mine, base, theirs, who.as_deref(), refused, lang);
            }
            _ => {}
        }
    }
}

/// The record under an open form, when it moved past the form's version: as stored now,
/// with who saved it last.
pub fn look(env: &Env, under: Under, refused: bool) -> Result<Option<Msg>, StoreError> {
    let conn = env.db.conn();
    let (stored, entity, id) = match under {
        Under::Event { id, version } => {
            let e = ev::get(conn, id)?;
            if e.version == version {
                return Ok(None);
            }
            (Stored::Event(Box::new(e)), "event", id)
        }
        Under::Invitee { event, id, version } => {
            let found = ev::invitees(conn, event)?.into_iter().find(|i| i.id == id);
            match found {
                Some(i) if i.version != version => {
                    (Stored::Invitee(Box::new(i)), "event_invitee", id)
                }
                _ => return Ok(None),
            }
        }
    };
    Ok(Some(Msg::Moved {
        stored,
        who: last_saver(env, entity, id),
        refused,
    }))
}
