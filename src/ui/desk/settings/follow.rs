//! An open settings form whose record another supervisor saved (the store's file, or the
//! agent edited): the form follows the store (`desk::follow_form`): it says who changed it,
//! keeps what was typed beside the new values, and the next save is taken on the version the
//! user is now told about.

use super::{Cmd, Mode, Msg, SettingsPage, Snapshot, Target, form, run};
use crate::store::StoreError;
use crate::ui::desk::Env;
use crate::ui::desk::follow_form::{follow, last_saver};
use crate::ui::widgets::form::Form;

/// The record under an open form, at the version the form stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Under {
    /// The store's file (`None`: it had no copy in the database yet).
    File(Option<i64>),
    Agent {
        id: i64,
        version: i64,
    },
}

impl SettingsPage {
    /// Asks whether the record under the open form moved on (`refused`: a save was just
    /// refused over it).
    pub(super) fn check(&self, refused: bool) -> Vec<Cmd> {
        self.under()
            .map(|under| Cmd::Check { under, refused })
            .into_iter()
            .collect()
    }

    /// The record under the open form, at the version the form stands on.
    fn under(&self) -> Option<Under> {
        let (Mode::Form, Some((target, _)), Some(snap)) = (self.mode, &self.form, &self.form_snap)
        else {
            return None;
        };
        match target {
            Target::Section(_) | Target::Service { .. } => Some(Under::File(snap.version)),
            Target::Agent { id, version, .. } => Some(Under::Agent {
                id: *id,
                version: *version,
            }),
            // A new agent is checked when it is added.
            Target::NewAgent => None,
        }
    }

    /// The form for `target` as it opens on `snap`; None when its record is gone.
    pub(super) fn form_on(&self, target: &Target, snap: &Snapshot) -> Option<Form> {
        let lang = self.lang;
        Some(match target {
            Target::Section(s) => form::section(*s, snap, lang),
            Target::Service { code, new: false } => form::service(Some(snap.setup.service(code)?)),
            Target::Service { new: true, .. } => form::service(None),
            Target::Agent { id, .. } => {
                form::agent(Some(snap.agents.iter().find(|a| a.agent.id == *id)?), lang)
            }
            Target::NewAgent => form::agent(None, lang),
        })
    }

    /// The store as it is now, its record under the open form moved on: the form takes the
    /// new values where the user typed nothing, says who changed it, and stands on the new
    /// version. A check's answer comes from the loads thread: one in which the record under
    /// the form now is not newer than what the form stands on (the form closed or followed
    /// meanwhile, another record opened) changes nothing.
    pub(super) fn moved(&mut self, snap: Snapshot, who: Option<String>, refused: bool) {
        let lang = self.lang;
        let newer = match self.under() {
            Some(Under::File(seen)) => snap.version > seen,
            Some(Under::Agent { id, version }) => snap
                .agents
                .iter()
                .any(|a| a.agent.id == id && a.version > version),
            None => false,
        };
        if !newer {
            return;
        }
        let (Some((target, _)), Some(seen)) = (&self.form, &self.form_snap) else {
            return;
        };
        let (Some(mut base), Some(theirs)) =
            (self.form_on(target, seen), self.form_on(target, &snap))
        else {
            return;
        };
        let Some((target, mine)) = &mut self.form else {
            return;
        };
        if let Target::Agent { id, version, .. } = target
            && let Some(a) = snap.agents.iter().find(|a| a.agent.id == *id)
        {
            *version = a.version;
        }
        follow(mine, &mut base, theirs, who.as_deref(), refused, lang);
        self.form_snap = Some(snap);
    }
}

/// The store as it is now when the record under an open form moved past its version, with
/// who saved it last. The check reads the record's one version row; the whole settings
/// snapshot only when it moved.
pub fn look(env: &Env, under: Under, refused: bool) -> Result<Option<Msg>, StoreError> {
    let (moved, entity, id) = match under {
        Under::File(seen) => (run::file_version(env)? != seen, "store_settings", 0),
        Under::Agent { id, version } => {
            let now = crate::store::agents::admin::version(env.db, id)?;
            (now.is_some_and(|v| v != version), "agent", id)
        }
    };
    if !moved {
        return Ok(None);
    }
    let snap = run::snapshot(env)?;
    Ok(Some(Msg::Moved {
        snap: Box::new(snap),
        who: last_saver(env, entity, id),
        refused,
    }))
}
