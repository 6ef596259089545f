//! Reading bookings: one with everything about it, the lists by day (and the plain-text
//! listing), what holds capacity, the week's counts, the numbers, and the customer's
//! history as the booking form shows it.

use crate::clock::{from_db, to_db};
use crate::domain::appointments::{
    self as da, Booked, CancelReason, CancelledBy, Channel, Declined, NumberRow, Numbers, Part,
    Status, Transport,
};
use crate::store::StoreError;
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};

/// One booking as lists show it.
#[derive(Debug, Clone, PartialEq)]
pub struct BookingRow {
    pub id: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub advisor: String,
    pub bay: String,
    pub customer_id: i64,
    pub customer: String,
    /// Full number: mask it (`validate::mask_mobile`) where the work does not need it.
    pub mobile: Option<String>,
    pub vehicle_id: i64,
    pub plate: Option<String>,
    /// Brand and model.
    pub model: String,
    pub services: Vec<String>,
    pub channel: Channel,
    pub transport: Transport,
    pub status: Status,
    /// Booked past capacity by a supervisor.
    pub overflow: bool,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub service_started_at: Option<DateTime<Utc>>,
    /// The booking's version: a step names it, and is refused when someone else's came
    /// first.
    pub version: i64,
}

impl BookingRow {
    /// Time from check-in to the start of the service; until `now` while still waiting.
    pub fn wait(&self, now: DateTime<Utc>) -> Option<Duration> {
        let a = self.checked_in_at?;
        Some(self.service_started_at.unwrap_or(now).max(a) - a)
    }
}

/// Everything about one booking.
#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    pub row: BookingRow,
    pub uuid: String,
    pub need: String,
    pub items: Vec<String>,
    pub parts: Vec<Part>,
    pub loaner: Option<String>,
    pub history: String,
    pub declined: Vec<Declined>,
    pub overflow_reason: Option<String>,
    pub confirmation: Option<String>,
    pub cancel_reason: Option<CancelReason>,
    pub cancel_note: Option<String>,
    pub cancelled_by: Option<CancelledBy>,
    pub completed_at: Option<DateTime<Utc>>,
    pub no_show_at: Option<DateTime<Utc>>,
    pub repair_order_id: Option<i64>,
    pub rescheduled_from: Option<i64>,
    pub created_at: Option<DateTime<Utc>>,
    pub created_by: Option<i64>,
    pub updated_at: Option<DateTime<Utc>>,
    pub version: i64,
}

pub(crate) const ROW_COLS: &str = "a.id, a.start_at, a.end_at, a.advisor, a.bay, a.customer_id,
    coalesce(c.name, ''), c.mobile, a.vehicle_id, v.plate,
    trim(coalesce(v.brand, '') || ' ' || coalesce(v.model, '')), a.services, a.channel,
    a.transport, a.status, a.overflow_reason IS NOT NULL, a.checked_in_at, a.service_started_at, a.version";
pub(crate) const ROW_JOINS: &str = "FROM appointments a
    LEFT JOIN customers c ON c.id = a.customer_id LEFT JOIN vehicles v ON v.id = a.vehicle_id";

fn time(s: Option<String>) -> Option<DateTime<Utc>> {
    s.as_deref().and_then(from_db)
}

fn json<T: serde::de::DeserializeOwned + Default>(s: String) -> T {
    serde_json::from_str(&s).unwrap_or_default()
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

/// Reads the `ROW_COLS` starting at column 0.
pub(crate) fn booking_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BookingRow> {
    Ok(BookingRow {
        id: r.get(0)?,
        start: time(r.get(1)?).unwrap_or_default(),
        end: time(r.get(2)?).unwrap_or_default(),
        advisor: r.get(3)?,
        bay: r.get(4)?,
        customer_id: r.get(5)?,
        customer: r.get(6)?,
        mobile: r.get(7)?,
        vehicle_id: r.get(8)?,
        plate: r.get(9)?,
        model: r.get(10)?,
        services: json(r.get(11)?),
        channel: Channel::from_code(&r.get::<_, String>(12)?).unwrap_or_default(),
        transport: Transport::from_code(&r.get::<_, String>(13)?).unwrap_or_default(),
        status: Status::from_code(&r.get::<_, String>(14)?).unwrap_or_default(),
        overflow: r.get(15)?,
        checked_in_at: time(r.get(16)?),
        service_started_at: time(r.get(17)?),
        version: r.get(18)?,
    })
}

/// One booking with everything about it.
pub fn get(conn: &Connection, id: i64) -> Result<Booking, StoreError> {
    conn.query_row(
        &format!(
            "SELECT {ROW_COLS}, a.uuid, a.need, a.items, a.parts, a.loaner, a.history, a.declined,
                a.overflow_reason, a.confirmation, a.cancel_reason, a.cancel_note, a.cancelled_by,
                a.completed_at, a.no_show_at, a.repair_order_id, a.rescheduled_from, a.created_at,
                a.created_by, a.updated_at
             {ROW_JOINS} WHERE a.id = ?1"
        ),
        [id],
        |r| {
            Ok(Booking {
                row: booking_row(r)?,
                uuid: r.get(19)?,
                need: r.get(20)?,
                items: json(r.get(21)?),
                parts: json(r.get(22)?),
                loaner: r.get(23)?,
                history: r.get(24)?,
                declined: json(r.get(25)?),
                overflow_reason: r.get(26)?,
                confirmation: r.get(27)?,
                cancel_reason: r
                    .get::<_, Option<String>>(28)?
                    .as_deref()
                    .and_then(CancelReason::from_code),
                cancel_note: r.get(29)?,
                cancelled_by: r
                    .get::<_, Option<String>>(30)?
                    .as_deref()
                    .and_then(CancelledBy::from_code),
                completed_at: time(r.get(31)?),
                no_show_at: time(r.get(32)?),
                repair_order_id: r.get(33)?,
                rescheduled_from: r.get(34)?,
                created_at: time(r.get(35)?),
                created_by: r.get(36)?,
                updated_at: time(r.get(37)?),
                version: r.get(18)?,
            })
        },
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

/// The bookings of a store-local day (rescheduled-away ones left out), by time and bay.
pub fn day(conn: &Connection, date: NaiveDate, tz: Tz) -> Result<Vec<BookingRow>, StoreError> {
    range(conn, date, date, tz)
}

/// The bookings of store-local days `from..=to` (rescheduled-away ones left out).
pub fn range(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    tz: Tz,
) -> Result<Vec<BookingRow>, StoreError> {
    let (a, b) = da::day_range(tz, from, to);
    let mut st = conn.prepare_cached(&format!(
        "SELECT {ROW_COLS} {ROW_JOINS}
         WHERE a.start_at >= ?1 AND a.start_at < ?2 AND a.status <> 'rescheduled'
         ORDER BY a.start_at, a.bay, a.id LIMIT 20000"
    ))?;
    let rows = st.query_map(params![to_db(a), to_db(b)], booking_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The bookings holding capacity that start on store-local days `from..=to`.
pub(crate) fn holding(
    conn: &Connection,
    tz: Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Booked>, StoreError> {
    let (a, b) = da::day_range(tz, from, to);
    let mut st = conn.prepare_cached(&format!(
        "SELECT id, vehicle_id, advisor, bay, start_at, end_at, transport = 'loaner'
         FROM appointments
         WHERE start_at >= ?1 AND start_at < ?2 AND status IN {}",
        Status::CAPACITY_SQL
    ))?;
    let rows = st.query_map(params![to_db(a), to_db(b)], |r| {
        Ok(Booked {
            id: r.get(0)?,
            vehicle_id: r.get(1)?,
            advisor: r.get(2)?,
            bay: r.get(3)?,
            start: time(r.get(4)?).unwrap_or_default(),
            end: time(r.get(5)?).unwrap_or_default(),
            loaner: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The booking a rescheduled one moved to (the newest, when moved more than once from
/// it), if any.
pub fn successor(conn: &Connection, id: i64) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id FROM appointments WHERE rescheduled_from = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// How many times the customer did not come (shown when booking them).
pub fn no_show_count(conn: &Connection, customer_id: i64) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM appointments WHERE customer_id = ?1 AND status = 'no_show'",
        [customer_id],
        |r| r.get(0),
    )?)
}

/// A first-time customer: none of their vehicles has a repair order or a visit here yet
/// (the booking form then asks for usage and maintenance history).
pub fn is_first_time(conn: &Connection, customer_id: i64) -> Result<bool, StoreError> {
    let seen: i64 = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM repair_orders r JOIN vehicles v ON v.id = r.vehicle_id
                        WHERE v.customer_id = ?1)
             OR EXISTS (SELECT 1 FROM appointments WHERE customer_id = ?1
                        AND status IN ('arrived', 'in_service', 'completed'))",
        [customer_id],
        |r| r.get(0),
    )?;
    Ok(seen == 0)
}

/// The bookings of a day the reception board shows: still expected or already come,
/// by time (`BookingRow::wait` gives each one's wait).
pub fn arrivals(conn: &Connection, date: NaiveDate, tz: Tz) -> Result<Vec<BookingRow>, StoreError> {
    Ok(range(conn, date, date, tz)?
        .into_iter()
        .filter(|r| r.status.is_expected() || r.status.showed_up())
        .collect())
}

/// One day of the week view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayCount {
    pub date: NaiveDate,
    /// All bookings of the day (rescheduled-away ones left out).
    pub total: usize,
    /// Still expected.
    pub expected: usize,
    /// Arrived, in service or completed.
    pub showed: usize,
    pub cancelled: usize,
    pub no_shows: usize,
    pub overflow: usize,
}

/// Counts for the seven days from `monday`.
pub fn week_counts(
    conn: &Connection,
    monday: NaiveDate,
    tz: Tz,
) -> Result<Vec<DayCount>, StoreError> {
    let sunday = monday.checked_add_days(Days::new(6)).unwrap_or(monday);
    let mut out: Vec<DayCount> = monday
        .iter_days()
        .take(7)
        .map(|date| DayCount {
            date,
            ..Default::default()
        })
        .collect();
    for r in range(conn, monday, sunday, tz)? {
        let date = da::local(tz, r.start).date();
        let Some(d) = out.iter_mut().find(|d| d.date == date) else {
            continue;
        };
        d.total += 1;
        d.overflow += usize::from(r.overflow);
        match r.status {
            s if s.is_expected() => d.expected += 1,
            s if s.showed_up() => d.showed += 1,
            Status::Cancelled => d.cancelled += 1,
            Status::NoShow => d.no_shows += 1,
            _ => {}
        }
    }
    Ok(out)
}

/// The numbers for store-local days `from..=to` (by the bookings' start).
pub fn numbers(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    tz: Tz,
) -> Result<Numbers, StoreError> {
    let (a, b) = da::day_range(tz, from, to);
    let mut st = conn.prepare_cached(
        "SELECT status, channel, cancel_reason, cancelled_by, checked_in_at, service_started_at,
                overflow_reason IS NOT NULL
         FROM appointments WHERE start_at >= ?1 AND start_at < ?2",
    )?;
    let rows = st.query_map(params![to_db(a), to_db(b)], |r| {
        Ok(NumberRow {
            status: Status::from_code(&r.get::<_, String>(0)?).unwrap_or_default(),
            channel: da::Channel::from_code(&r.get::<_, String>(1)?).unwrap_or_default(),
            cancel_reason: r
                .get::<_, Option<String>>(2)?
                .as_deref()
                .and_then(da::CancelReason::from_code),
            cancelled_by: r
                .get::<_, Option<String>>(3)?
                .as_deref()
                .and_then(CancelledBy::from_code),
            checked_in_at: r.get::<_, Option<String>>(4)?.as_deref().and_then(from_db),
            service_started_at: r.get::<_, Option<String>>(5)?.as_deref().and_then(from_db),
            overflow: r.get(6)?,
        })
    })?;
    let rows: Vec<NumberRow> = rows.collect::<Result<_, _>>()?;
    Ok(da::compute_numbers(&rows))
}
