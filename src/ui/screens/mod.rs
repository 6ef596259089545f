//! One module per tab. A screen turns actions and typed text into changes of its own state
//! and into `Effect`s — requests the app carries out against the store. Screens never touch
//! the database, and rendering never writes.

pub mod calls;
pub mod placeholder;

/// What a screen asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Start a call for the open customer and vehicle (from their archive).
    CallFor {
        customer_id: i64,
        vehicle_id: Option<i64>,
    },
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Show this complaint's page (the Complaints tab).
    OpenComplaint(i64),
}
