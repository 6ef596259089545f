//! One module per tab. A screen turns actions and typed text into changes of its own state
//! and into `Effect`s — requests the app carries out against the store. Screens never touch
//! the database, and rendering never writes.

pub mod appointments;
pub mod callbacks;
pub mod calls;
pub mod complaints;
pub mod customers;
pub mod placeholder;
pub mod reports;

use crate::domain::archive::{CustomerData, VehicleData};

/// What a screen asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Run the customer search for this text.
    Search(String),
    /// Load a customer's archive for the detail view.
    OpenCustomer(i64),
    /// Save a new (`id: None`) or edited customer made from version `version`.
    SaveCustomer {
        id: Option<i64>,
        version: i64,
        data: CustomerData,
    },
    /// Save a new or edited vehicle of a customer.
    SaveVehicle {
        customer_id: i64,
        id: Option<i64>,
        version: i64,
        data: VehicleData,
    },
    /// Show the full numbers of this customer (audited).
    Reveal(i64),
}
