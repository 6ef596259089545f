//! The rental desk's records: rentals of the archive's cars and the breakdowns logged
//! against them (seed 000 §2.1). Reads here; writes in `write.rs`; the store mode and the
//! long-term renter settings in `mode.rs`; the demo's rentals in `demo.rs`; the rescue case
//! a breakdown opens in `rescue.rs`.

pub mod demo;
pub mod mode;
mod rescue;
mod write;

pub use write::{Logged, NewBreakdown, NewRental, create, log_breakdown, record_return};

use crate::clock::{from_db, to_db};
use crate::domain::rentals::{Fault, RentalStatus, Span};
use crate::store::StoreError;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};

/// A rental as the desk shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rental {
    pub id: i64,
    pub contract_no: String,
    pub vehicle_id: i64,
    pub plate: Option<String>,
    /// Brand and model of the car.
    pub car: String,
    pub customer_id: i64,
    pub customer: String,
    /// The customer's mobile, in full: lists mask it.
    pub mobile: Option<String>,
    pub branch: String,
    pub start_at: DateTime<Utc>,
    pub planned_return_at: DateTime<Utc>,
    pub returned_at: Option<DateTime<Utc>>,
    pub return_branch: Option<String>,
    /// Breakdowns logged against it.
    pub breakdowns: i64,
    pub version: i64,
}

impl Rental {
    pub fn status(&self, now: DateTime<Utc>) -> RentalStatus {
        RentalStatus::of(self.start_at, self.planned_return_at, self.returned_at, now)
    }
}

/// A breakdown during a rental.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    pub id: i64,
    pub rental_id: i64,
    pub fault: Fault,
    pub occurred_at: DateTime<Utc>,
    pub place: String,
    pub note: String,
    /// The rescue case opened for it on the Calls tab, if any.
    pub rescue_id: Option<i64>,
    /// That case's first-contact deadline (§2.2), if it has one.
    pub contact_due: Option<DateTime<Utc>>,
    /// Whether the customer was contacted (or the case closed).
    pub contacted: bool,
}

const COLS: &str = "r.id, r.contract_no, r.vehicle_id, v.plate, trim(v.brand || ' ' || v.model),
    r.customer_id, cu.name, cu.mobile, r.branch, r.start_at, r.planned_return_at, r.returned_at,
    r.return_branch, (SELECT count(*) FROM rental_breakdowns b WHERE b.rental_id = r.id), r.version";
const FROM: &str = "FROM rentals r JOIN vehicles v ON v.id = r.vehicle_id
    JOIN customers cu ON cu.id = r.customer_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Rental> {
    let t = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        Ok(r.get::<_, Option<String>>(i)?.as_deref().and_then(from_db))
    };
    Ok(Rental {
        id: r.get(0)?,
        contract_no: r.get(1)?,
        vehicle_id: r.get(2)?,
        plate: r.get(3)?,
        car: r.get(4)?,
        customer_id: r.get(5)?,
        customer: r.get(6)?,
        mobile: r.get(7)?,
        branch: r.get(8)?,
        start_at: t(9)?.unwrap_or_default(),
        planned_return_at: t(10)?.unwrap_or_default(),
        returned_at: t(11)?,
        return_branch: r.get(12)?,
        breakdowns: r.get(13)?,
        version: r.get(14)?,
    })
}

/// The rentals `out` lists and `counts` counts: the car is not back.
const NOT_BACK: &str = "r.returned_at IS NULL";

/// Rentals whose car is not back (out, overdue or still to start), the earliest due back
/// first.
pub fn out(conn: &Connection, limit: usize) -> Result<Vec<Rental>, StoreError> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} {FROM} WHERE {NOT_BACK}
         ORDER BY r.planned_return_at, r.id LIMIT ?1"
    ))?;
    let rows = st.query_map([limit as i64], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Rentals returned since `since`, the latest first.
pub fn returned_since(
    conn: &Connection,
    since: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<Rental>, StoreError> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} {FROM} WHERE r.returned_at IS NOT NULL AND r.returned_at >= ?1
         ORDER BY r.returned_at DESC, r.id DESC LIMIT ?2"
    ))?;
    let rows = st.query_map(params![to_db(since), limit as i64], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many rentals are out (the rows `out` lists when it does not stop at its limit) and
/// how many of them are overdue at `now`.
pub fn counts(conn: &Connection, now: DateTime<Utc>) -> Result<(i64, i64), StoreError> {
    Ok(conn.query_row(
        &format!(
            "SELECT count(*), coalesce(sum(r.planned_return_at < ?1 AND r.start_at <= ?1), 0)
             {FROM} WHERE {NOT_BACK}"
        ),
        [to_db(now)],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Rental, StoreError> {
    conn.query_row(&format!("SELECT {COLS} {FROM} WHERE r.id = ?1"), [id], row)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The rental a car is out on, if any.
pub fn out_on_vehicle(conn: &Connection, vehicle_id: i64) -> Result<Option<Rental>, StoreError> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLS} {FROM} WHERE r.vehicle_id = ?1 AND r.returned_at IS NULL"),
            [vehicle_id],
            row,
        )
        .optional()?)
}

/// The breakdowns of a rental, the latest first.
pub fn breakdowns(conn: &Connection, rental_id: i64) -> Result<Vec<Breakdown>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT b.id, b.rental_id, b.fault, b.occurred_at, b.place, b.note, b.rescue_id,
                rc.contact_due, rc.contacted_at IS NOT NULL OR rc.closed_at IS NOT NULL
         FROM rental_breakdowns b LEFT JOIN rescue_cases rc ON rc.id = b.rescue_id
         WHERE b.rental_id = ?1 ORDER BY b.occurred_at DESC, b.id DESC",
    )?;
    let rows = st.query_map([rental_id], |r| {
        Ok(Breakdown {
            id: r.get(0)?,
            rental_id: r.get(1)?,
            fault: Fault::from_code(&r.get::<_, String>(2)?).unwrap_or(Fault::Other),
            occurred_at: r
                .get::<_, String>(3)
                .map(|s| from_db(&s).unwrap_or_default())?,
            place: r.get(4)?,
            note: r.get(5)?,
            rescue_id: r.get(6)?,
            contact_due: r.get::<_, Option<String>>(7)?.as_deref().and_then(from_db),
            contacted: r.get::<_, Option<bool>>(8)?.unwrap_or(false),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A customer's rentals as the long-term rule sees them (store-local dates).
pub fn spans_of(conn: &Connection, customer_id: i64, tz: Tz) -> Result<Vec<Span>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT start_at, coalesce(returned_at, planned_return_at) FROM rentals
         WHERE customer_id = ?1 ORDER BY start_at",
    )?;
    let rows = st.query_map([customer_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (a, b) = row?;
        if let (Some(a), Some(b)) = (from_db(&a), from_db(&b)) {
            out.push(Span {
                start: a.with_timezone(&tz).date_naive(),
                end: b.with_timezone(&tz).date_naive(),
            });
        }
    }
    Ok(out)
}

/// The car with this plate (any case, with or without the province or `·`), if exactly
/// one car of the archive has it.
pub fn vehicle_by_plate(conn: &Connection, plate: &str) -> Result<Option<i64>, StoreError> {
    let key = crate::domain::validate::plate_key(plate);
    let full = crate::domain::validate::normalize_plate(plate).ok();
    let mut st =
        conn.prepare_cached("SELECT id, plate FROM vehicles WHERE plate_key = ?1 LIMIT 5")?;
    let rows: Vec<(i64, Option<String>)> = st
        .query_map([key], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    if rows.len() == 1 {
        return Ok(Some(rows[0].0));
    }
    Ok(rows
        .iter()
        .find(|(_, p)| full.is_some() && p.as_deref() == full.as_deref())
        .map(|(id, _)| *id))
}

/// The customer with this mobile number, if exactly one has it.
pub fn customer_by_mobile(conn: &Connection, mobile: &str) -> Result<Option<i64>, StoreError> {
    let mut st = conn.prepare_cached("SELECT id FROM customers WHERE mobile = ?1 LIMIT 2")?;
    let ids: Vec<i64> = st
        .query_map([mobile.trim()], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(if ids.len() == 1 { Some(ids[0]) } else { None })
}

/// The branches rentals were taken out at, for the form's hint.
pub fn branches(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT branch FROM rentals WHERE branch <> '' GROUP BY branch ORDER BY count(*) DESC LIMIT 20",
    )?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
