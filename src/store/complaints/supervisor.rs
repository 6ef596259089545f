//! The steps only a supervisor takes on a complaint (`StepKind::supervisors_only`: a
//! validity ruling, a withdrawal) are refused to anyone else here, in the transaction that
//! writes the step, whatever screen or command asked.

use crate::domain::complaints::{Event, Refusal, StepKind};
use crate::store::StoreError;
use crate::store::agents;
use rusqlite::Connection;

/// Refuses a supervisor's step by anyone but an active supervisor (an agent, an agent made
/// inactive, or no agent at all). Any other step passes.
pub(super) fn check_role(tx: &Connection, e: &Event) -> Result<(), StoreError> {
    let step = StepKind::of(&e.kind);
    if !step.supervisors_only() || agents::is_supervisor(tx, e.by)? {
        return Ok(());
    }
    Err(StoreError::Refused(Refusal::SupervisorOnly { step }))
}
