//! Vehicles: one customer may have several; each has its VIN, plate and the dates that
//! drive reminders. Edits are version-checked and audited; a VIN kept despite a wrong
//! check digit is audited as a confirmation.

use super::customers::{fmt_date, parse_date};
use super::{Actor, Db, StoreError, audit, new_uuid};
use crate::clock;
use crate::domain::archive::{Energy, VehicleData};
use crate::domain::validate::plate_key;
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq)]
pub struct Vehicle {
    pub id: i64,
    pub customer_id: i64,
    pub data: VehicleData,
    pub version: i64,
}

const COLS: &str = "id, customer_id, vin, vin_check_ok, plate, brand, model, color, energy, \
                    purchase_date, mileage_km, insurance_due, inspection_due, maintenance_due, version";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Vehicle> {
    Ok(Vehicle {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        data: VehicleData {
            vin: r.get(2)?,
            vin_check_ok: r.get::<_, i64>(3)? == 1,
            plate: r.get(4)?,
            brand: r.get(5)?,
            model: r.get(6)?,
            color: r.get(7)?,
            energy: Energy::from_code(&r.get::<_, String>(8)?),
            purchase_date: parse_date(r.get(9)?),
            mileage_km: r
                .get::<_, Option<i64>>(10)?
                .and_then(|m| u32::try_from(m).ok()),
            insurance_due: parse_date(r.get(11)?),
            inspection_due: parse_date(r.get(12)?),
            maintenance_due: parse_date(r.get(13)?),
        },
        version: r.get(14)?,
    })
}

pub fn to_json(v: &VehicleData) -> serde_json::Value {
    serde_json::json!({
        "vin": v.vin,
        "vin_check_ok": v.vin_check_ok,
        "plate": v.plate,
        "brand": v.brand,
        "model": v.model,
        "color": v.color,
        "energy": v.energy.code(),
        "purchase_date": fmt_date(v.purchase_date),
        "mileage_km": v.mileage_km,
        "insurance_due": fmt_date(v.insurance_due),
        "inspection_due": fmt_date(v.inspection_due),
        "maintenance_due": fmt_date(v.maintenance_due),
    })
}

/// One vehicle. The statement is prepared once a connection (an import reads one a row).
pub fn get(conn: &Connection, id: i64) -> Result<Vehicle, StoreError> {
    conn.prepare_cached(&format!("SELECT {COLS} FROM vehicles WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The vehicles with these ids (those there are) in one query: what an import's chunk of
/// rows matched.
pub(crate) fn get_many(conn: &Connection, ids: &[i64]) -> Result<Vec<Vehicle>, StoreError> {
    let json = serde_json::to_string(ids).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM vehicles WHERE id IN (SELECT value FROM json_each(?1))"
    ))?;
    let rows = st.query_map([json], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A customer's vehicles, oldest first.
pub fn of_customer(conn: &Connection, customer_id: i64) -> Result<Vec<Vehicle>, StoreError> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM vehicles WHERE customer_id = ?1 ORDER BY id LIMIT 100"
    ))?;
    let rows = st.query_map([customer_id], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Inserts inside an open transaction (demo, imports); no audit entry.
pub fn insert_in(
    tx: &Connection,
    store_id: &str,
    actor: Actor,
    customer_id: i64,
    v: &VehicleData,
) -> Result<i64, StoreError> {
    let now = clock::to_db(actor.at);
    tx.prepare_cached(
        "INSERT INTO vehicles(uuid, store_id, customer_id, vin, vin_check_ok, plate, plate_key,
            brand, model, color, energy, purchase_date, mileage_km, insurance_due,
            inspection_due, maintenance_due, created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?17, ?18)",
    )?
    .execute(params![
        new_uuid(),
        store_id,
        customer_id,
        v.vin,
        v.vin_check_ok as i64,
        v.plate,
        v.plate.as_deref().map(plate_key),
        v.brand,
        v.model,
        v.color,
        v.energy.code(),
        fmt_date(v.purchase_date),
        v.mileage_km,
        fmt_date(v.insurance_due),
        fmt_date(v.inspection_due),
        fmt_date(v.maintenance_due),
        now,
        actor.agent_id,
    ])?;
    Ok(tx.last_insert_rowid())
}

fn audit_vin_override(
    tx: &Connection,
    actor: Actor,
    id: i64,
    v: &VehicleData,
) -> Result<(), StoreError> {
    if !v.vin_check_ok {
        let what = serde_json::json!({"vin": v.vin, "check_digit": "confirmed despite mismatch"});
        audit::record(
            tx,
            actor,
            "confirm_vin_check_digit",
            "vehicle",
            id,
            None,
            Some(&what),
        )?;
    }
    Ok(())
}

pub fn create(
    db: &mut Db,
    actor: Actor,
    customer_id: i64,
    v: &VehicleData,
) -> Result<i64, StoreError> {
    let store_id = db.store_id().to_string();
    db.write(|tx| {
        let id = insert_in(tx, &store_id, actor, customer_id, v)?;
        audit::record(tx, actor, "create", "vehicle", id, None, Some(&to_json(v)))?;
        audit_vin_override(tx, actor, id, v)?;
        Ok(id)
    })
}

pub fn update(
    db: &mut Db,
    actor: Actor,
    id: i64,
    expected_version: i64,
    v: &VehicleData,
) -> Result<i64, StoreError> {
    db.write(|tx| {
        let before = get(tx, id)?;
        if before.version != expected_version {
            return Err(StoreError::Conflict {
                theirs: before.version,
                mine: expected_version,
            });
        }
        tx.execute(
            "UPDATE vehicles SET vin = ?1, vin_check_ok = ?2, plate = ?3, plate_key = ?4,
                brand = ?5, model = ?6, color = ?7, energy = ?8, purchase_date = ?9,
                mileage_km = ?10, insurance_due = ?11, inspection_due = ?12,
                maintenance_due = ?13, updated_at = ?14, updated_by = ?15, version = version + 1
             WHERE id = ?16 AND version = ?17",
            params![
                v.vin,
                v.vin_check_ok as i64,
                v.plate,
                v.plate.as_deref().map(plate_key),
                v.brand,
                v.model,
                v.color,
                v.energy.code(),
                fmt_date(v.purchase_date),
                v.mileage_km,
                fmt_date(v.insurance_due),
                fmt_date(v.inspection_due),
                fmt_date(v.maintenance_due),
                clock::to_db(actor.at),
                actor.agent_id,
                id,
                expected_version,
            ],
        )?;
        audit::record(
            tx,
            actor,
            "update",
            "vehicle",
            id,
            Some(&to_json(&before.data)),
            Some(&to_json(v)),
        )?;
        if before.data.vin != v.vin || before.data.vin_check_ok != v.vin_check_ok {
            audit_vin_override(tx, actor, id, v)?;
        }
        Ok(expected_version + 1)
    })
}
