//! What the Appointments tab asks the app to do against the store, and the booking form
//! read into a request.

use crate::domain::appointments::{Channel, Part, ReminderOutcome, Transition, Transport};
use chrono::NaiveDateTime;

/// What this screen asks the app to do against the store (see `ui::app_appointments`).
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Reload what the screen shows.
    Reload,
    /// Load a booking's detail.
    Open(i64),
    /// Book a visit (the app resolves the customer and, when empty, advisor and bay).
    Book(Box<BookAsk>),
    /// One step of a booking's life, taken on the version the screen showed.
    Step {
        id: i64,
        version: i64,
        step: Transition,
    },
    /// Show who the booking form's customer text finds (with their no-shows).
    LookupCustomer(String),
    /// List who the booking form's customer text finds, for the picker.
    FindCustomer(String),
    /// The booking is for this customer (and car, when the text named one).
    PickCustomer {
        customer_id: i64,
        vehicle_id: Option<i64>,
    },
    /// How a reminder (or "confirm tomorrow") call ended; `version` is the booking's as
    /// shown.
    Reminder {
        id: i64,
        version: i64,
        outcome: ReminderOutcome,
    },
    /// Move a booking (the old one is kept as rescheduled, linked to the new one).
    Reschedule {
        id: i64,
        version: i64,
        start: NaiveDateTime,
        advisor: Option<String>,
        bay: Option<String>,
        note: String,
        overbook: Option<String>,
    },
}

/// The booking form, read.
#[derive(Debug, Clone, PartialEq)]
pub struct BookAsk {
    /// Name, phone or plate: the first search hit is the customer (unless picked).
    pub customer: String,
    /// The customer and car picked in the form: (customer id, vehicle id).
    pub picked: Option<(i64, i64)>,
    /// Store-local start.
    pub start: NaiveDateTime,
    pub services: Vec<String>,
    pub need: String,
    /// Empty: the app picks a free one.
    pub advisor: String,
    pub bay: String,
    pub minutes: Option<u32>,
    pub transport: Transport,
    pub parts: Vec<Part>,
    pub channel: Channel,
    pub parts_late_ok: bool,
    /// A supervisor's reason to book past the capacity limits (shown as overflow).
    pub overbook: Option<String>,
    /// Requested items, in the customer's words.
    pub items: Vec<String>,
    /// A first-time customer's usage and maintenance history.
    pub history: String,
    /// Services declined (or deferred, `later:` in front) with the reason: `item:reason`.
    pub declined: Vec<(String, bool, String)>,
    /// A customer not on file: plate, VIN and model to create them with (the customer
    /// field then holds "name mobile").
    pub new_car: Option<(String, String, String)>,
}
