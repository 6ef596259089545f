//! What a report's row points to: the records behind its figures (a [`Drill`]) or one
//! customer or complaint to open (a [`RowKey`]). Plain values: a report's sheet carries
//! them (`io::sheet`), the store lists the records (`store::reports::drill`), the Reports
//! tab acts on them.

use crate::domain::appointments::Channel as ApptChannel;
use crate::domain::callbacks::{Kind, Status as TaskStatus};
use chrono::NaiveDate;

/// The records behind a summary row.
#[derive(Debug, Clone, PartialEq)]
pub enum Drill {
    /// Calls started in the days, of a template and/or an agent (`Some(None)`: no agent).
    Calls {
        from: NaiveDate,
        to: NaiveDate,
        template: Option<String>,
        agent: Option<Option<i64>>,
    },
    /// Callback tasks of a kind due in the days, of a status when given (`Open`: open or
    /// claimed) — the callbacks report's basis; with `attributed` (the agents' KPIs) those
    /// closed in the days with that status instead. Of one agent when given.
    Callbacks {
        from: NaiveDate,
        to: NaiveDate,
        kind: Option<Kind>,
        status: Option<TaskStatus>,
        agent: Option<i64>,
        /// Only those done within their window (store day of completion).
        on_time: bool,
        /// Only those with an agent (the holder, else whoever recorded the last attempt).
        attributed: bool,
    },
    /// Sales files of the cars delivered and repair orders handed back in the days
    /// (document hand-over), of a kind, a staff member (`Some("")`: none recorded) and a
    /// standing when given.
    Handover {
        from: NaiveDate,
        to: NaiveDate,
        kind: Option<crate::domain::handover::HandoverKind>,
        staff: Option<String>,
        standing: Option<crate::domain::handover::StandingKind>,
    },
    /// Bookings starting in the days, of a kind.
    Appointments {
        from: NaiveDate,
        to: NaiveDate,
        filter: ApptFilter,
    },
    /// Complaints received in the days, of a category, station (as stored: empty for
    /// none) and/or handler; `closed`: only the closed ones.
    Complaints {
        from: NaiveDate,
        to: NaiveDate,
        category: Option<crate::domain::complaints::Category>,
        station: Option<String>,
        handler: Option<i64>,
        closed: bool,
        /// Only those with a handler.
        assigned: bool,
        /// Only those that kept every deadline so far (worked out from their logs).
        kept: bool,
    },
    /// Vehicles bought by `asof` of a brand, model or age bucket (`Some(None)`: unknown).
    Vehicles {
        asof: NaiveDate,
        brand: Option<String>,
        model: Option<String>,
        age: Option<Option<(u32, Option<u32>)>>,
    },
    /// Call-quality reviews with a score in force of the records made in the days, of an
    /// agent when given; `fatal`: only those with a fatal error.
    Reviews {
        from: NaiveDate,
        to: NaiveDate,
        agent: Option<i64>,
        fatal: bool,
    },
    /// Document hand-overs of the files delivered or handed back in the days that the
    /// agent owed (as the recorded salesperson or advisor) and handed over late or not yet.
    LateHandovers {
        from: NaiveDate,
        to: NaiveDate,
        agent: i64,
    },
    /// Customers with a car and `min..=max` visits in the days.
    Visits {
        from: NaiveDate,
        to: NaiveDate,
        min: i64,
        max: Option<i64>,
    },
}

/// Which bookings an appointment figure counts (rescheduled ones count at their new time).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ApptFilter {
    All,
    Showed,
    NoShow,
    ShowedOrNoShow,
    Cancelled,
    Pending,
    Overflow,
    /// Checked in and service started (the waits the average is taken over).
    Waited,
    Channel(ApptChannel),
    CancelledBy(crate::domain::appointments::CancelledBy),
    Reason(crate::domain::appointments::CancelReason),
}

/// What Enter on a row does: list the records behind it, or open a customer's file.
#[derive(Debug, Clone, PartialEq)]
pub enum RowKey {
    Drill(Drill),
    Customer(i64),
    /// A complaint: opens it on the Complaints tab.
    Complaint(i64),
}
