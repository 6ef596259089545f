//! One module per tab. A screen turns actions and typed text into changes of its own state
//! and into `Effect`s — requests the app carries out against the store. Screens never touch
//! the database, and rendering never writes.

pub mod audit;
pub mod callbacks;
pub mod calls;
pub mod customers;
pub mod placeholder;

use crate::domain::archive::{CustomerData, VehicleData};
use crate::store::calls::{NewCall, RescueStep};
use std::collections::BTreeMap;

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
    /// Start a call for the open customer and vehicle (from their archive).
    CallFor {
        customer_id: i64,
        vehicle_id: Option<i64>,
    },
    /// Reload the calls list with the screen's filter.
    CallsReload,
    /// A new filter: look up the customer text and employee number, then reload.
    CallsFilter {
        customer: Option<String>,
        agent_emp_no: Option<String>,
    },
    /// Search customers for the call form.
    CallCustomerSearch(String),
    /// The call is about this customer (and vehicle).
    CallPickCustomer {
        customer_id: i64,
        vehicle_id: Option<i64>,
    },
    /// A new customer from name and mobile, for the call form.
    CallQuickCustomer {
        name: String,
        mobile: String,
    },
    /// Save a new call.
    SaveCall(Box<NewCall>),
    /// Correct a saved call.
    CorrectCall {
        id: i64,
        version: i64,
        fields: BTreeMap<String, String>,
        sentence: String,
        resolved: bool,
        completeness: u8,
    },
    OpenCall(i64),
    OpenRescue(i64),
    /// A step of a rescue case, taken on the version the screen showed.
    RescueStep {
        id: i64,
        version: i64,
        step: RescueStep,
    },
    FollowUpDone {
        call_id: i64,
        note: String,
    },
    /// Mark a saved consultation as transferred to technical support.
    KbTransfer(i64),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Show this complaint's page (the Complaints tab).
    OpenComplaint(i64),
    /// A request of the Appointments tab.
    Appointments(crate::ui::appointments::Request),
    /// A request of the Callbacks tab.
    Callbacks(callbacks::Request),
}
