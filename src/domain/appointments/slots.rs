//! Capacity: whether a booking fits (its advisor, bay, vehicle and loaner car are free,
//! the store is open, the time has not passed), and when it does not, the next free slots.
//! Intervals are half-open, `[start, end)`: 10:00–11:00 and 11:00–12:00 do not overlap.

use super::{NewBooking, StoreSetup, local, setup::DayState};
use crate::i18n::Lang;
use chrono::{DateTime, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

/// A booking that holds capacity, as the rules compare with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booked {
    pub id: i64,
    pub vehicle_id: i64,
    pub advisor: String,
    pub bay: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// A loaner car is promised.
    pub loaner: bool,
}

/// The time and resources a booking asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Want {
    pub vehicle_id: i64,
    pub advisor: String,
    pub bay: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub loaner: bool,
    /// The booking being rescheduled: its own time is no conflict.
    pub moving: Option<i64>,
}

impl Want {
    /// What a new booking asks for; its length defaults from its services.
    pub fn of(setup: &StoreSetup, b: &NewBooking) -> Want {
        let minutes = b
            .minutes
            .unwrap_or_else(|| setup.default_minutes(&b.services));
        Want {
            vehicle_id: b.vehicle_id,
            advisor: b.advisor.trim().to_string(),
            bay: b.bay.trim().to_string(),
            start: b.start,
            end: b.start + Duration::minutes(i64::from(minutes)),
            loaner: b.transport == super::Transport::Loaner,
            moving: None,
        }
    }

    fn overlaps(&self, b: &Booked) -> bool {
        Some(b.id) != self.moving && self.start < b.end && b.start < self.end
    }
}

/// A rule a booking broke. The first four are hard; the capacity ones (advisor, bay,
/// loaner cars) a supervisor may override with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    InPast {
        start: NaiveDateTime,
    },
    Closed {
        date: NaiveDate,
        holiday: Option<String>,
    },
    OutsideHours {
        date: NaiveDate,
        open: NaiveTime,
        close: NaiveTime,
    },
    VehicleBooked {
        start: NaiveDateTime,
        end: NaiveTime,
    },
    AdvisorTaken {
        advisor: String,
        start: NaiveDateTime,
        end: NaiveTime,
    },
    BayTaken {
        bay: String,
        start: NaiveDateTime,
        end: NaiveTime,
    },
    LoanersFull {
        date: NaiveDate,
        cars: u32,
    },
}

fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn dhm(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

impl Limit {
    /// Whether a supervisor may overbook past it.
    pub fn is_capacity(&self) -> bool {
        matches!(
            self,
            Limit::AdvisorTaken { .. } | Limit::BayTaken { .. } | Limit::LoanersFull { .. }
        )
    }

    /// A stable name of the limit (logs, tests, the UI's highlighting).
    pub fn code(&self) -> &'static str {
        match self {
            Limit::InPast { .. } => "in_past",
            Limit::Closed { .. } => "closed",
            Limit::OutsideHours { .. } => "outside_hours",
            Limit::VehicleBooked { .. } => "vehicle",
            Limit::AdvisorTaken { .. } => "advisor",
            Limit::BayTaken { .. } => "bay",
            Limit::LoanersFull { .. } => "loaners",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Limit::InPast { start }, Lang::Zh) => format!("预约时间 {} 已经过去", dhm(*start)),
            (Limit::InPast { start }, Lang::En) => format!("{} is in the past", dhm(*start)),
            (Limit::Closed { date, holiday }, Lang::Zh) => match holiday {
                Some(h) => format!("{date} 是{h}，门店休息"),
                None => format!("{date} 门店休息"),
            },
            (Limit::Closed { date, holiday }, Lang::En) => match holiday {
                Some(h) => format!("The store is closed on {date} ({h})"),
                None => format!("The store is closed on {date}"),
            },
            (Limit::OutsideHours { date, open, close }, Lang::Zh) => format!(
                "超出营业时间：{date} 营业 {}–{}，预约须在此时间内开始和结束",
                hm(*open),
                hm(*close)
            ),
            (Limit::OutsideHours { date, open, close }, Lang::En) => format!(
                "Outside opening hours: on {date} the store is open {}–{}; a booking must start and end within them",
                hm(*open),
                hm(*close)
            ),
            (Limit::VehicleBooked { start, end }, Lang::Zh) => {
                format!(
                    "该车辆在 {}–{} 已有预约（当天不再推荐其他时段）",
                    dhm(*start),
                    hm(*end)
                )
            }
            (Limit::VehicleBooked { start, end }, Lang::En) => {
                format!(
                    "This vehicle is already booked {}–{} (no other slot offered that day)",
                    dhm(*start),
                    hm(*end)
                )
            }
            (
                Limit::AdvisorTaken {
                    advisor,
                    start,
                    end,
                },
                Lang::Zh,
            ) => format!(
                "服务顾问 {advisor} 在 {}–{} 已有预约",
                dhm(*start),
                hm(*end)
            ),
            (
                Limit::AdvisorTaken {
                    advisor,
                    start,
                    end,
                },
                Lang::En,
            ) => format!(
                "Advisor {advisor} is already booked {}–{}",
                dhm(*start),
                hm(*end)
            ),
            (Limit::BayTaken { bay, start, end }, Lang::Zh) => {
                format!("{bay} 在 {}–{} 已被占用", dhm(*start), hm(*end))
            }
            (Limit::BayTaken { bay, start, end }, Lang::En) => {
                format!("{bay} is taken {}–{}", dhm(*start), hm(*end))
            }
            (Limit::LoanersFull { date, cars }, Lang::Zh) => {
                format!("{date} 的 {cars} 辆代步车已全部预订")
            }
            (Limit::LoanersFull { date, cars }, Lang::En) => {
                format!("All {cars} loaner cars are promised on {date}")
            }
        }
    }
}

/// The store-local minute `now` falls in: a booking for this very minute is not "past".
fn minute_of(now: DateTime<Utc>) -> DateTime<Utc> {
    now.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now)
}

/// Every rule `want` breaks against the bookings that hold capacity, hard rules first.
/// Empty: it fits.
pub fn check(
    setup: &StoreSetup,
    want: &Want,
    existing: &[Booked],
    now: DateTime<Utc>,
) -> Vec<Limit> {
    let tz = setup.tz;
    let (ls, le) = (local(tz, want.start), local(tz, want.end));
    let date = ls.date();
    let mut out = Vec::new();
    if want.start < minute_of(now) {
        out.push(Limit::InPast { start: ls });
    }
    match setup.day(date) {
        DayState::Open(h) => {
            if ls.time() < h.open
                || le.date() != date
                || le.time() > h.close
                || want.end <= want.start
            {
                out.push(Limit::OutsideHours {
                    date,
                    open: h.open,
                    close: h.close,
                });
            }
        }
        DayState::Holiday(name) => out.push(Limit::Closed {
            date,
            holiday: Some(name),
        }),
        DayState::ClosedDay | DayState::WeekdayClosed => out.push(Limit::Closed {
            date,
            holiday: None,
        }),
    }
    let span = |b: &Booked| (local(tz, b.start), local(tz, b.end).time());
    let overlapping: Vec<&Booked> = existing.iter().filter(|b| want.overlaps(b)).collect();
    if let Some(b) = overlapping.iter().find(|b| b.vehicle_id == want.vehicle_id) {
        let (start, end) = span(b);
        out.push(Limit::VehicleBooked { start, end });
    }
    if let Some(b) = overlapping.iter().find(|b| b.advisor == want.advisor) {
        let (start, end) = span(b);
        out.push(Limit::AdvisorTaken {
            advisor: want.advisor.clone(),
            start,
            end,
        });
    }
    if let Some(b) = overlapping.iter().find(|b| b.bay == want.bay) {
        let (start, end) = span(b);
        out.push(Limit::BayTaken {
            bay: want.bay.clone(),
            start,
            end,
        });
    }
    if want.loaner && loaners_promised(setup, want, existing, date) >= setup.loaner_cars as usize {
        out.push(Limit::LoanersFull {
            date,
            cars: setup.loaner_cars,
        });
    }
    out
}

fn loaners_promised(
    setup: &StoreSetup,
    want: &Want,
    existing: &[Booked],
    date: NaiveDate,
) -> usize {
    existing
        .iter()
        .filter(|b| {
            b.loaner && Some(b.id) != want.moving && local(setup.tz, b.start).date() == date
        })
        .count()
}

/// A free advisor and bay for `want`'s time: the requested ones first, then the requested
/// advisor with another bay, then another advisor (setup order).
pub fn pick_free(setup: &StoreSetup, want: &Want, existing: &[Booked]) -> Option<(String, String)> {
    let busy: Vec<&Booked> = existing.iter().filter(|b| want.overlaps(b)).collect();
    let order = |first: &str, all: &[String]| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        if !first.is_empty() {
            v.push(first.to_string());
        }
        v.extend(all.iter().filter(|a| a.as_str() != first).cloned());
        v
    };
    let advisors = order(&want.advisor, &setup.advisors);
    let bays = order(&want.bay, &setup.bays);
    let free_bays: Vec<&String> = bays
        .iter()
        .filter(|bay| !busy.iter().any(|b| &b.bay == *bay))
        .collect();
    let advisor = advisors
        .iter()
        .find(|a| !busy.iter().any(|b| &b.advisor == *a))?;
    let bay = free_bays.first()?;
    Some((advisor.clone(), (*bay).clone()))
}

/// A free slot offered instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeSlot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// `start` in store time.
    pub local: NaiveDateTime,
    pub advisor: String,
    pub bay: String,
}

impl FreeSlot {
    pub fn describe(&self, lang: Lang) -> String {
        let end = (self.local + (self.end - self.start)).time();
        match lang {
            Lang::Zh => format!(
                "{}–{} 顾问 {} {}",
                dhm(self.local),
                hm(end),
                self.advisor,
                self.bay
            ),
            Lang::En => format!(
                "{}–{} advisor {}, {}",
                dhm(self.local),
                hm(end),
                self.advisor,
                self.bay
            ),
        }
    }
}

/// How many days ahead `next_free` looks.
pub const SEARCH_DAYS: u64 = 60;

/// The next `n` free slots for `want`'s length, vehicle and loaner need, from its start
/// (or from now, when that has passed) on the slot grid; one offer per start time, with
/// the requested advisor and bay when free, else others.
pub fn next_free(
    setup: &StoreSetup,
    want: &Want,
    existing: &[Booked],
    now: DateTime<Utc>,
    n: usize,
) -> Vec<FreeSlot> {
    let tz = setup.tz;
    let length = (want.end - want.start).max(setup.slot);
    let from = want.start.max(minute_of(now));
    let first = local(tz, from).date();
    // A day the car is already booked on offers it no other slot: a second booking of one
    // car on one day is most likely the same visit booked twice (its own booking, when
    // being moved, does not count).
    let car_days: Vec<NaiveDate> = existing
        .iter()
        .filter(|b| b.vehicle_id == want.vehicle_id && Some(b.id) != want.moving)
        .map(|b| local(tz, b.start).date())
        .collect();
    let mut out = Vec::new();
    for d in 0..=SEARCH_DAYS {
        let Some(date) = first.checked_add_days(Days::new(d)) else {
            break;
        };
        if car_days.contains(&date) {
            continue;
        }
        let Some(h) = setup.open_hours(date) else {
            continue;
        };
        for start in setup.slot_starts(date) {
            let end = start + length;
            let le = local(tz, end);
            if le.date() != date || le.time() > h.close {
                break;
            }
            if start < from {
                continue;
            }
            let w = Want {
                start,
                end,
                ..want.clone()
            };
            let taken = existing
                .iter()
                .any(|b| w.overlaps(b) && b.vehicle_id == w.vehicle_id);
            if taken
                || (w.loaner
                    && loaners_promised(setup, &w, existing, date) >= setup.loaner_cars as usize)
            {
                continue;
            }
            if let Some((advisor, bay)) = pick_free(setup, &w, existing) {
                out.push(FreeSlot {
                    start,
                    end,
                    local: local(tz, start),
                    advisor,
                    bay,
                });
                if out.len() >= n {
                    return out;
                }
            }
        }
    }
    out
}
