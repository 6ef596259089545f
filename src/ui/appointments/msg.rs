//! What the Appointments tab is told (`Msg`) and what it asks the runner for (`Cmd`), and
//! the booking form read into a request.

use super::Detail;
use crate::domain::appointments::{
    Channel, FreeSlot, Numbers, Part, ReminderOutcome, Transition, Transport,
};
use crate::store::appointments::{BookingRow, DayCount, ReminderRow};
use crate::store::search::Hit;
use crate::store::vehicles::Vehicle;
use crate::ui::action::Action;
use crate::ui::desk::Out;
use chrono::{NaiveDate, NaiveDateTime};
use crossterm::event::KeyEvent;

/// What the tab is told.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The app starts, or time passed: the lists are loaded again (bookings past their
    /// grace period become no-shows first).
    Enter,
    /// Another agent saved: what is shown is loaded again, the highlight on its record,
    /// the open page on its booking (or the one it was moved to).
    Follow,
    /// A key: its action from the key table, or `None` with the key itself while typing.
    Key(Option<Action>, KeyEvent),
    /// Pasted text, into the focused field.
    Paste(String),
    /// A booking form left unsaved by an earlier session, put back (`ui::drafts`).
    Restore(crate::ui::widgets::customer_pick::PickedDraft),
    /// A step form left unsaved on a booking's page: the page opened again, then the form.
    RestoreStep(super::StepRestore),
    /// The lists (and the open page) as the store has them now.
    Loaded(Box<Loaded>),
    /// A booking's page as the store has it now.
    Shown(Box<Detail>),
    /// A booking was saved, on this store-local day.
    Booked {
        id: i64,
        date: NaiveDate,
        line: String,
    },
    /// The booking was refused: why, whether Ctrl-S again books anyway (late parts), the
    /// free slots offered instead, and who the customer text finds.
    BookRefused {
        why: String,
        confirm: bool,
        free: Vec<FreeSlot>,
        note: Option<String>,
        /// The new customer (and car, once on file) created from the form before the
        /// booking was refused or the store failed: the form takes them as picked, so the
        /// next try does not make them again.
        created: Option<(i64, Option<i64>)>,
    },
    /// A step was recorded; the page as it is now when the step was taken there;
    /// `confirmed`: the step was a confirmation (its text goes to the clipboard).
    Stepped {
        line: String,
        page: Option<Box<Detail>>,
        confirmed: bool,
    },
    /// A reminder call's outcome was recorded.
    Reminded,
    /// A step was refused: why, and the booking to show again when another agent's step
    /// came first.
    Refused { why: String, stale: Option<i64> },
    /// Who the customer text finds, for the picker.
    Hits(Vec<Hit>),
    /// The customer picked, with their cars, the car the text named and who they are.
    Picked {
        customer: (i64, String),
        cars: Vec<Vehicle>,
        vehicle_id: Option<i64>,
        note: String,
    },
}

/// The tab's lists as loaded, and the open page followed to where its booking is now.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub rows: Vec<BookingRow>,
    pub week: Vec<DayCount>,
    pub arrivals: Vec<BookingRow>,
    pub tomorrow: Vec<ReminderRow>,
    pub numbers: Numbers,
    /// The open page as the store has it now, when one was open.
    pub page: Option<Followed>,
}

/// The open booking's page after another agent's change.
#[derive(Debug, Clone)]
pub struct Followed {
    /// The booking that was open when the lists were asked for.
    pub from: i64,
    pub detail: Box<Detail>,
    /// The booking it was moved to, when another agent rescheduled it.
    pub moved: Option<i64>,
    /// Who moved it, for the page.
    pub page_line: Option<String>,
    /// Who changed it and how to load it, for an open step form.
    pub form_line: Option<String>,
}

/// What the tab asks the runner for.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// The view's rows as it shows them, for `Ctrl-E`: the runner makes its sheet.
    Export(Box<super::export::Shown>),
    /// Load the lists of `day` again; follow the open page `(id, version)`; `form_open`: a
    /// step form is open on it (told when the booking changed).
    Reload {
        day: NaiveDate,
        open: Option<(i64, i64)>,
        form_open: bool,
    },
    /// Load a booking's page.
    Open(i64),
    /// Book a visit (the runner resolves the customer and, when empty, advisor and bay);
    /// `note` is who the form's customer was found to be.
    Book {
        ask: Box<BookAsk>,
        note: Option<String>,
    },
    /// One step of a booking's life, taken on the version the screen showed; `page`: taken
    /// on the booking's page (else in a list).
    Step {
        id: i64,
        version: i64,
        step: Transition,
        page: bool,
    },
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
    /// For the app: a status line, an error, the clipboard.
    Out(Out),
}

/// The booking form, read.
#[derive(Debug, Clone, PartialEq)]
pub struct BookAsk {
    /// The customer field's text: for a new customer (`new_car` given), "name mobile".
    pub customer: String,
    /// The customer and car picked in the form: (customer id, vehicle id, if they have
    /// one). Without a pick only a new customer is booked: text is never taken as its
    /// first search hit.
    pub picked: Option<(i64, Option<i64>)>,
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
