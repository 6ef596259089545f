//! Appointments (预约), seed 002: the store's setup (hours, staff, bays, services), booking
//! against its capacity, the lifecycle of a visit, the texts sent to customers and the
//! numbers the appointment service is judged by. Pure rules: no database, no terminal;
//! "now" comes in as a value.
//!
//! * `setup`: [`StoreSetup`], from `assets/store.toml` with the store's `store.toml` on top.
//! * `form`: what the booking form needs ([`validate`]) and what must be confirmed
//!   ([`late_parts`]).
//! * `slots`: the capacity rules ([`check`]) and the next free slots ([`next_free`]).
//! * `state`: the lifecycle, booked → confirmed → reminded → arrived → in service →
//!   completed, or cancelled / no-show / rescheduled ([`guard`]).
//! * `text`: confirmation and reminder texts, when reminders are due, and [`Numbers`].

use crate::i18n::Lang;
use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

mod form;
mod setup;
mod slots;
mod state;
mod text;

pub use form::{MAX_TEXT, Problem, Warning, late_parts, validate};
pub use setup::{
    BUILTIN_NAME, BUILTIN_TOML, DayState, OpenHours, ReminderSetup, ServiceType, StoreSetup,
    merge as merge_toml,
};
pub use slots::{Booked, FreeSlot, Limit, SEARCH_DAYS, Want, check, next_free, pick_free};
pub use state::{
    Completion, GuardCtx, Refusal, StepKind, Transition, can_cancel, can_reschedule, guard,
};
pub use text::{
    MessageCtx, NumberRow, Numbers, ReminderKind, ReminderOutcome, compute_numbers,
    confirmation_text, plan_reminders, reminder_text, when_en, when_zh,
};

/// How the booking came in (seed 002: phone, online, walk-in registration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    #[default]
    Phone,
    Online,
    WalkIn,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Phone, Channel::Online, Channel::WalkIn];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Online => "online",
            Channel::WalkIn => "walk_in",
        }
    }

    pub fn from_code(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Channel::Phone => lang.t("电话预约", "phone"),
            Channel::Online => lang.t("网上预约", "online"),
            Channel::WalkIn => lang.t("到店登记", "walk-in"),
        }
    }
}

/// How the customer gets around while the car is in the workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    /// Waits in the store's lounge.
    #[default]
    Wait,
    DropOff,
    /// A loaner car (代步车) is promised: counted against the day's loaner cars.
    Loaner,
    Shuttle,
}

impl Transport {
    pub const ALL: [Transport; 4] = [
        Transport::Wait,
        Transport::DropOff,
        Transport::Loaner,
        Transport::Shuttle,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Transport::Wait => "wait",
            Transport::DropOff => "drop_off",
            Transport::Loaner => "loaner",
            Transport::Shuttle => "shuttle",
        }
    }

    pub fn from_code(s: &str) -> Option<Transport> {
        Transport::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Transport::Wait => lang.t("在店等候", "waits in store"),
            Transport::DropOff => lang.t("放车离店", "drop-off"),
            Transport::Loaner => lang.t("代步车", "loaner car"),
            Transport::Shuttle => lang.t("接送服务", "shuttle"),
        }
    }
}

/// Where a booking is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Booked,
    Confirmed,
    Reminded,
    Arrived,
    InService,
    Completed,
    Cancelled,
    NoShow,
    /// Moved to another time: the new booking carries `rescheduled_from`.
    Rescheduled,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Booked,
        Status::Confirmed,
        Status::Reminded,
        Status::Arrived,
        Status::InService,
        Status::Completed,
        Status::Cancelled,
        Status::NoShow,
        Status::Rescheduled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Booked => "booked",
            Status::Confirmed => "confirmed",
            Status::Reminded => "reminded",
            Status::Arrived => "arrived",
            Status::InService => "in_service",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
            Status::NoShow => "no_show",
            Status::Rescheduled => "rescheduled",
        }
    }

    pub fn from_code(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Booked => lang.t("已预约", "booked"),
            Status::Confirmed => lang.t("已确认", "confirmed"),
            Status::Reminded => lang.t("已提醒", "reminded"),
            Status::Arrived => lang.t("已到店", "arrived"),
            Status::InService => lang.t("维修中", "in service"),
            Status::Completed => lang.t("已完工", "completed"),
            Status::Cancelled => lang.t("已取消", "cancelled"),
            Status::NoShow => lang.t("爽约", "no-show"),
            Status::Rescheduled => lang.t("已改期", "rescheduled"),
        }
    }

    /// Still expected: not yet arrived, not cancelled.
    pub fn is_expected(self) -> bool {
        matches!(self, Status::Booked | Status::Confirmed | Status::Reminded)
    }

    /// Holds its advisor, bay, vehicle and loaner car for its time.
    pub fn holds_capacity(self) -> bool {
        self.is_expected() || matches!(self, Status::Arrived | Status::InService)
    }

    /// The customer came (arrived, in service or completed).
    pub fn showed_up(self) -> bool {
        matches!(
            self,
            Status::Arrived | Status::InService | Status::Completed
        )
    }

    /// The SQL list of the statuses that hold capacity, for `status IN (...)`.
    pub const CAPACITY_SQL: &'static str =
        "('booked', 'confirmed', 'reminded', 'arrived', 'in_service')";
}

/// Who cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelledBy {
    Customer,
    Store,
}

impl CancelledBy {
    pub fn code(self) -> &'static str {
        match self {
            CancelledBy::Customer => "customer",
            CancelledBy::Store => "store",
        }
    }

    pub fn from_code(s: &str) -> Option<CancelledBy> {
        match s {
            "customer" => Some(CancelledBy::Customer),
            "store" => Some(CancelledBy::Store),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CancelledBy::Customer => lang.t("客户取消", "by the customer"),
            CancelledBy::Store => lang.t("门店取消", "by the store"),
        }
    }
}

/// Why a booking was cancelled (a note in the agent's words goes with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelReason {
    ScheduleChanged,
    ServicedElsewhere,
    Price,
    PartsUnavailable,
    StoreCapacity,
    WeatherTraffic,
    NoLongerNeeded,
    VehicleSold,
    Other,
}

impl CancelReason {
    pub const ALL: [CancelReason; 9] = [
        CancelReason::ScheduleChanged,
        CancelReason::ServicedElsewhere,
        CancelReason::Price,
        CancelReason::PartsUnavailable,
        CancelReason::StoreCapacity,
        CancelReason::WeatherTraffic,
        CancelReason::NoLongerNeeded,
        CancelReason::VehicleSold,
        CancelReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CancelReason::ScheduleChanged => "schedule_changed",
            CancelReason::ServicedElsewhere => "serviced_elsewhere",
            CancelReason::Price => "price",
            CancelReason::PartsUnavailable => "parts_unavailable",
            CancelReason::StoreCapacity => "store_capacity",
            CancelReason::WeatherTraffic => "weather_traffic",
            CancelReason::NoLongerNeeded => "no_longer_needed",
            CancelReason::VehicleSold => "vehicle_sold",
            CancelReason::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> Option<CancelReason> {
        CancelReason::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CancelReason::ScheduleChanged => lang.t("客户时间有变", "customer's schedule changed"),
            CancelReason::ServicedElsewhere => lang.t("已在他处维修", "serviced elsewhere"),
            CancelReason::Price => lang.t("价格原因", "price"),
            CancelReason::PartsUnavailable => lang.t("配件未到", "parts not available"),
            CancelReason::StoreCapacity => {
                lang.t("门店产能/人员安排", "store capacity or staffing")
            }
            CancelReason::WeatherTraffic => lang.t("天气/交通", "weather or traffic"),
            CancelReason::NoLongerNeeded => lang.t("不再需要", "no longer needed"),
            CancelReason::VehicleSold => lang.t("车辆已出售", "vehicle sold"),
            CancelReason::Other => lang.t("其他", "other"),
        }
    }
}

/// Whether a part is there for the visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Availability {
    InStock,
    /// Ordered (or to be ordered), expected on this store-local date.
    ToOrder {
        expected: NaiveDate,
    },
    Unknown,
}

impl Availability {
    pub fn label(self, lang: Lang) -> String {
        match self {
            Availability::InStock => lang.t("有库存", "in stock").into(),
            Availability::ToOrder { expected } => match lang {
                Lang::Zh => format!("需订货，预计 {expected} 到"),
                Lang::En => format!("to order, expected {expected}"),
            },
            Availability::Unknown => lang.t("待查", "unknown").into(),
        }
    }
}

/// A part the visit needs, checked before confirming (seed 002: availability and price).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub name: String,
    pub availability: Availability,
    /// Quoted price in fen (1/100 yuan).
    pub quote_fen: i64,
}

/// A service the customer declined or deferred, with their reason.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Declined {
    pub item: String,
    /// Deferred to a later visit rather than declined.
    pub deferred: bool,
    pub reason: String,
}

/// What the booking form gives. `minutes` None takes the services' default duration.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewBooking {
    pub customer_id: i64,
    pub vehicle_id: i64,
    pub channel: Channel,
    /// Service type codes from the store setup.
    pub services: Vec<String>,
    /// The need in the customer's own words.
    pub need: String,
    /// Requested repair items.
    pub items: Vec<String>,
    pub parts: Vec<Part>,
    pub advisor: String,
    pub bay: String,
    pub start: DateTime<Utc>,
    pub minutes: Option<u32>,
    pub transport: Transport,
    /// The loaner car promised (plate or name), when known.
    pub loaner: Option<String>,
    /// First-time customers: how the car is used and its maintenance history.
    pub history: String,
    pub declined: Vec<Declined>,
    /// The agent confirmed booking although a part is expected after the slot.
    pub parts_late_ok: bool,
}

/// The instant of a store-local date and time: a time skipped by a clock change is moved
/// forward by the gap, an ambiguous one takes the earlier instant.
pub fn at_local(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = date.and_time(time);
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => {
            let mut later = naive;
            for _ in 0..24 * 4 {
                later += Duration::minutes(15);
                if let Some(t) = tz.from_local_datetime(&later).earliest() {
                    return t.with_timezone(&Utc);
                }
            }
            Utc.from_utc_datetime(&naive)
        }
    }
}

/// The store-local date and time of an instant.
pub fn local(tz: Tz, at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&tz).naive_local()
}

/// The UTC range `[start, end)` of store-local dates `from..=to`.
pub fn day_range(tz: Tz, from: NaiveDate, to: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let next = to.succ_opt().unwrap_or(to);
    (
        at_local(tz, from, NaiveTime::MIN),
        at_local(tz, next, NaiveTime::MIN),
    )
}

/// `yuan.jiao fen` of an amount in fen, e.g. 12345 → `123.45`.
pub fn fmt_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let f = fen.unsigned_abs();
    format!("{sign}{}.{:02}", f / 100, f % 100)
}

#[cfg(test)]
mod tests;
