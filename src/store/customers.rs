//! Customers: create, read, edit with a version check, every change audited.

use super::{Actor, Db, StoreError, audit, new_uuid};
use crate::clock;
use crate::domain::archive::{CustomerData, Gender};
use crate::domain::pinyin::name_keys;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub id: i64,
    pub uuid: String,
    pub data: CustomerData,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

const COLS: &str = "id, uuid, name, gender, birthday, mobile, landline, id_number, region, \
                    address, vip, notes, created_at, updated_at, version";

pub(crate) fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

pub(crate) fn fmt_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        uuid: r.get(1)?,
        data: CustomerData {
            name: r.get(2)?,
            gender: r
                .get::<_, Option<String>>(3)?
                .as_deref()
                .and_then(Gender::from_code),
            birthday: parse_date(r.get(4)?),
            mobile: r.get(5)?,
            landline: r.get(6)?,
            id_number: r.get(7)?,
            region: r.get(8)?,
            address: r.get(9)?,
            vip: r.get::<_, i64>(10)? == 1,
            notes: r.get(11)?,
        },
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        version: r.get(14)?,
    })
}

/// The customer as JSON for the audit log.
pub fn to_json(c: &CustomerData) -> serde_json::Value {
    serde_json::json!({
        "name": c.name,
        "gender": c.gender.map(|g| g.code()),
        "birthday": fmt_date(c.birthday),
        "mobile": c.mobile,
        "landline": c.landline,
        "id_number": c.id_number,
        "region": c.region,
        "address": c.address,
        "vip": c.vip,
        "notes": c.notes,
    })
}

/// One customer. The statement is prepared once a connection (an import reads one a row).
pub fn get(conn: &Connection, id: i64) -> Result<Customer, StoreError> {
    conn.prepare_cached(&format!("SELECT {COLS} FROM customers WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The customers with these ids (those there are) in one query: what an import's chunk
/// of rows matched.
pub(crate) fn get_many(conn: &Connection, ids: &[i64]) -> Result<Vec<Customer>, StoreError> {
    let json = serde_json::to_string(ids).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM customers WHERE id IN (SELECT value FROM json_each(?1))"
    ))?;
    let rows = st.query_map([json], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn count(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?)
}

/// How many customers there are, counted up to `cap`: the same cost on any size of store
/// (a few pages of the smallest index), where `count` reads all of it.
pub fn count_up_to(conn: &Connection, cap: usize) -> Result<usize, StoreError> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM (SELECT 1 FROM customers LIMIT ?1)",
        [i64::try_from(cap).unwrap_or(i64::MAX)],
        |r| r.get(0),
    )?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Inserts inside an open transaction (used by the demo and imports); no audit entry.
pub fn insert_in(
    tx: &Connection,
    store_id: &str,
    actor: Actor,
    c: &CustomerData,
) -> Result<i64, StoreError> {
    let (py, initials) = name_keys(&c.name);
    let now = clock::to_db(actor.at);
    tx.prepare_cached(
        "INSERT INTO customers(uuid, store_id, name, name_pinyin, name_initials, gender,
            birthday, mobile, landline, id_number, region, address, vip, notes,
            created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?15, ?16)",
    )?
    .execute(params![
        new_uuid(),
        store_id,
        c.name,
        py,
        initials,
        c.gender.map(|g| g.code()),
        fmt_date(c.birthday),
        c.mobile,
        c.landline,
        c.id_number,
        c.region,
        c.address,
        c.vip as i64,
        c.notes,
        now,
        actor.agent_id,
    ])?;
    let id = tx.last_insert_rowid();
    super::name_keys::save(tx, id, &c.name)?;
    Ok(id)
}

/// Adds a customer and audits it.
pub fn create(db: &mut Db, actor: Actor, c: &CustomerData) -> Result<i64, StoreError> {
    let store_id = db.store_id().to_string();
    db.write(|tx| {
        let id = insert_in(tx, &store_id, actor, c)?;
        audit::record(tx, actor, "create", "customer", id, None, Some(&to_json(c)))?;
        Ok(id)
    })
}

/// Saves an edit made to version `expected_version`. If someone else saved meanwhile the
/// edit is refused with `Conflict` and nothing is written.
pub fn update(
    db: &mut Db,
    actor: Actor,
    id: i64,
    expected_version: i64,
    c: &CustomerData,
) -> Result<i64, StoreError> {
    db.write(|tx| {
        let before = get(tx, id)?;
        if before.version != expected_version {
            return Err(StoreError::Conflict {
                theirs: before.version,
                mine: expected_version,
            });
        }
        let (py, initials) = name_keys(&c.name);
        let n = tx.execute(
            "UPDATE customers SET name = ?1, name_pinyin = ?2, name_initials = ?3, gender = ?4,
                birthday = ?5, mobile = ?6, landline = ?7, id_number = ?8, region = ?9,
                address = ?10, vip = ?11, notes = ?12, updated_at = ?13, updated_by = ?14,
                version = version + 1
             WHERE id = ?15 AND version = ?16",
            params![
                c.name,
                py,
                initials,
                c.gender.map(|g| g.code()),
                fmt_date(c.birthday),
                c.mobile,
                c.landline,
                c.id_number,
                c.region,
                c.address,
                c.vip as i64,
                c.notes,
                clock::to_db(actor.at),
                actor.agent_id,
                id,
                expected_version,
            ],
        )?;
        if n != 1 {
            return Err(StoreError::Conflict {
                theirs: before.version,
                mine: expected_version,
            });
        }
        super::name_keys::save(tx, id, &c.name)?;
        audit::record(
            tx,
            actor,
            "update",
            "customer",
            id,
            Some(&to_json(&before.data)),
            Some(&to_json(c)),
        )?;
        Ok(expected_version + 1)
    })
}
