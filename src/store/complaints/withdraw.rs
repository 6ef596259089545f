//! Withdrawing a complaint registered by mistake: a supervisor's step with a reason
//! (`EventKind::Withdrawn`; the role is checked in `supervisor`). The complaint's follow-up
//! and tracking calls still waiting in the callback queue are withdrawn with it, as a
//! reopening supersedes them (the planner plans them for a closed complaint only:
//! `callbacks::sources`).

use crate::domain::callbacks::{Kind, Reason};
use crate::domain::complaints::{Event, EventKind};
use crate::store::callbacks::{self, Sources};
use crate::store::{Actor, StoreError};
use rusqlite::Connection;

/// After a withdrawal or a reopening is written: the complaint's calls still waiting (open
/// or claimed) are skipped, out of whoever's hands held them (withdrawn: their source is
/// gone; reopened: superseded, the next closing schedules its own). Returns how many.
pub(super) fn skip_calls(tx: &Connection, id: i64, e: &Event) -> Result<usize, StoreError> {
    let reason = match e.kind {
        EventKind::Withdrawn { .. } => Reason::SourceGone,
        EventKind::Reopened { .. } => Reason::Superseded,
        _ => return Ok(0),
    };
    let actor = Actor {
        agent_id: e.by,
        at: e.at,
    };
    callbacks::skip_waiting(
        tx,
        actor,
        e.at,
        &[Kind::Complaint],
        Sources::Children {
            table: "complaint_follow_ups",
            column: "complaint_id",
            parent: id,
        },
        reason,
    )
}

#[cfg(test)]
mod tests {
    use crate::domain::complaints::Status;

    /// The SQL of the open and finished complaints names every status, each once: a new
    /// status cannot slip into (or out of) the open list unnoticed.
    #[test]
    fn open_is_every_open_status() {
        let named = |sql: &str, s: Status| sql.contains(&format!("'{}'", s.code()));
        for s in Status::ALL {
            let finished = matches!(s, Status::Closed | Status::Withdrawn);
            assert_eq!(named(super::super::OPEN, s), !finished, "{s:?}");
            assert_eq!(named(super::super::FINISHED, s), finished, "{s:?}");
            assert_eq!(
                named(super::super::COUNTED, s),
                s == Status::Withdrawn,
                "{s:?}: COUNTED names the one status left out"
            );
        }
    }
}
