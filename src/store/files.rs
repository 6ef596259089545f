//! The vehicle's two files (一车两档): the sales file and the repair orders.

use super::customers::{fmt_date, parse_date};
use super::{Actor, StoreError, new_uuid};
use crate::clock;
use crate::domain::archive::{RepairKind, RepairOrderData, SalesChannel, SalesFileData};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq)]
pub struct SalesFile {
    pub id: i64,
    pub vehicle_id: i64,
    pub data: SalesFileData,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RepairOrder {
    pub id: i64,
    pub vehicle_id: i64,
    pub data: RepairOrderData,
}

fn date(s: String) -> NaiveDate {
    parse_date(Some(s)).unwrap_or_default()
}

/// The columns of a sales file (`sales_row`).
const SALES_COLS: &str = "id, vehicle_id, delivery_date, invoice_date, channel, dealer, \
    salesperson, price_yuan, documents, documents_received, version";

fn sales_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SalesFile> {
    let docs: String = r.get(8)?;
    Ok(SalesFile {
        id: r.get(0)?,
        vehicle_id: r.get(1)?,
        data: SalesFileData {
            delivery_date: date(r.get(2)?),
            invoice_date: date(r.get(3)?),
            channel: SalesChannel::from_code(&r.get::<_, String>(4)?),
            dealer: r.get(5)?,
            salesperson: r.get(6)?,
            price_yuan: r.get(7)?,
            documents: serde_json::from_str(&docs).unwrap_or_default(),
            documents_received: parse_date(r.get(9)?),
        },
        version: r.get(10)?,
    })
}

/// A vehicle's sales file. The statement is prepared once a connection (an import reads
/// one a row).
pub fn sales_file(conn: &Connection, vehicle_id: i64) -> Result<Option<SalesFile>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {SALES_COLS} FROM sales_files WHERE vehicle_id = ?1"
        ))?
        .query_row([vehicle_id], sales_row)
        .optional()?)
}

/// The sales files of these vehicles (those that have one) in one query: what an import's
/// chunk of rows matched.
pub(crate) fn sales_files_of(
    conn: &Connection,
    vehicle_ids: &[i64],
) -> Result<Vec<SalesFile>, StoreError> {
    let json =
        serde_json::to_string(vehicle_ids).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let mut st = conn.prepare_cached(&format!(
        "SELECT {SALES_COLS} FROM sales_files
         WHERE vehicle_id IN (SELECT value FROM json_each(?1))"
    ))?;
    let rows = st.query_map([json], sales_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Newest first.
pub fn repair_orders(
    conn: &Connection,
    vehicle_id: i64,
    limit: usize,
) -> Result<Vec<RepairOrder>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT id, vehicle_id, ro_number, opened, closed, advisor, kind, items, amount_fen,
                mileage_km, accident
         FROM repair_orders WHERE vehicle_id = ?1 ORDER BY opened DESC, id DESC LIMIT ?2",
    )?;
    let rows = st.query_map(params![vehicle_id, limit as i64], |r| {
        let items: String = r.get(7)?;
        Ok(RepairOrder {
            id: r.get(0)?,
            vehicle_id: r.get(1)?,
            data: RepairOrderData {
                ro_number: r.get(2)?,
                opened: date(r.get(3)?),
                closed: parse_date(r.get(4)?),
                advisor: r.get(5)?,
                kind: RepairKind::from_code(&r.get::<_, String>(6)?),
                items: serde_json::from_str(&items).unwrap_or_default(),
                amount_fen: r.get(8)?,
                mileage_km: u32::try_from(r.get::<_, i64>(9)?).unwrap_or(0),
                accident: r.get::<_, i64>(10)? == 1,
            },
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn repair_count(conn: &Connection, vehicle_id: i64) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM repair_orders WHERE vehicle_id = ?1",
        [vehicle_id],
        |r| r.get(0),
    )?)
}

pub fn insert_sales_file_in(
    tx: &Connection,
    store_id: &str,
    actor: Actor,
    vehicle_id: i64,
    s: &SalesFileData,
) -> Result<i64, StoreError> {
    let now = clock::to_db(actor.at);
    let docs = serde_json::to_string(&s.documents).unwrap_or_else(|_| "{}".into());
    tx.prepare_cached(
        "INSERT INTO sales_files(uuid, store_id, vehicle_id, delivery_date, invoice_date, channel,
            dealer, salesperson, price_yuan, documents, documents_received,
            created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?12, ?13)",
    )?
    .execute(params![
        new_uuid(),
        store_id,
        vehicle_id,
        fmt_date(Some(s.delivery_date)),
        fmt_date(Some(s.invoice_date)),
        s.channel.code(),
        s.dealer,
        s.salesperson,
        s.price_yuan,
        docs,
        fmt_date(s.documents_received),
        now,
        actor.agent_id,
    ])?;
    Ok(tx.last_insert_rowid())
}

pub fn insert_repair_order_in(
    tx: &Connection,
    store_id: &str,
    actor: Actor,
    vehicle_id: i64,
    o: &RepairOrderData,
) -> Result<i64, StoreError> {
    let now = clock::to_db(actor.at);
    let items = serde_json::to_string(&o.items).unwrap_or_else(|_| "[]".into());
    tx.prepare_cached(
        "INSERT INTO repair_orders(uuid, store_id, vehicle_id, ro_number, opened, closed, advisor,
            kind, items, amount_fen, mileage_km, accident, created_at, created_by,
            updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?13, ?14)",
    )?
    .execute(params![
        new_uuid(),
        store_id,
        vehicle_id,
        o.ro_number,
        fmt_date(Some(o.opened)),
        fmt_date(o.closed),
        o.advisor,
        o.kind.code(),
        items,
        o.amount_fen,
        o.mileage_km,
        o.accident as i64,
        now,
        actor.agent_id,
    ])?;
    Ok(tx.last_insert_rowid())
}
