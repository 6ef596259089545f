//! Finding the customer a row names (a child of `apply`, so it shares the `Applier`'s
//! caches): by mobile, by ID number, by name and landline; and the lookups of a chunk of
//! rows fetched together (`prefetch`): one query for the chunk's mobiles, one for its VINs,
//! one for its plates and one for its RO numbers, instead of one query a row for each; in
//! a dry run, the customers, vehicles and sales files they found too.

use super::*;
use crate::store::customers::Customer;
use crate::store::files::{self, SalesFile};
use crate::store::vehicles::Vehicle;

/// The database's answers for a chunk's keys (None: not in the database).
#[derive(Default)]
pub(super) struct Chunk {
    pub mobile: HashMap<Key, Option<(i64, Compact)>>,
    pub vin: HashMap<Key, Option<(i64, i64)>>,
    /// The vehicle holding each plate: its id alone, which the plate index holds (its VIN,
    /// from the table, is read only for a refusal the report keeps: `plate_holder_vin`).
    pub plate: HashMap<Key, Option<i64>>,
    /// RO numbers with an order in the database.
    pub ro: HashMap<Key, bool>,
    /// In a dry run (one snapshot, nothing written), the customers and vehicles found
    /// by the chunk's mobiles and VINs, and those vehicles' sales files (None: none),
    /// read together; each is taken once, a second read goes to the database.
    customers: HashMap<i64, Customer>,
    vehicles: HashMap<i64, Vehicle>,
    sales: HashMap<i64, Option<SalesFile>>,
}

/// The key of a customer by name and landline (a landline holds no space).
pub(super) fn name_tel(name: &str, landline: &str) -> Key {
    key(KeyKind::NameTel, &format!("{name} {landline}"))
}

/// One query for a set of values: `sql` takes them as a JSON array in `?1` (through
/// `json_each`, so the statement is one whatever their number) and returns each value
/// found first. `found` gets (value, row) for each row. The values come sorted and
/// without repeats: the queries walk them in order (`json_each` CROSS JOIN the table,
/// each value one index probe, neighbours on the pages the last probe read), where
/// `IN (SELECT value FROM json_each(?1))` first built a temporary index of them.
fn batch(
    conn: &Connection,
    sql: &str,
    values: &[&str],
    mut found: impl FnMut(&str, &rusqlite::Row<'_>) -> rusqlite::Result<()>,
) -> Result<(), StoreError> {
    if values.is_empty() {
        return Ok(());
    }
    let json = serde_json::to_string(values).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let mut st = conn.prepare_cached(sql)?;
    let mut rows = st.query([json])?;
    while let Some(r) = rows.next()? {
        let v: String = r.get(0)?;
        found(&v, r)?;
    }
    Ok(())
}

impl Chunk {
    /// Empties the maps, keeping their room for the next chunk.
    fn clear(&mut self) {
        self.mobile.clear();
        self.vin.clear();
        self.plate.clear();
        self.ro.clear();
        self.customers.clear();
        self.vehicles.clear();
        self.sales.clear();
    }
}

impl Applier<'_> {
    /// Whether the rows are looked up in the database (a dry run on a store without
    /// customers, vehicles and repair orders has nothing to look up).
    pub(crate) fn looks_up(&self) -> bool {
        !(self.no_customers && self.no_vehicles && self.no_repairs)
    }

    /// Fetches, for the rows of a chunk, what the database holds under their mobiles, VINs,
    /// plates and RO numbers, in four queries; the chunk's rows are then applied against
    /// these answers (and what the file itself created or changed, asked first).
    pub(crate) fn prefetch<'r>(
        &mut self,
        rows: impl Iterator<Item = &'r [(Record, u64)]>,
    ) -> Result<(), StoreError> {
        self.chunk.clear();
        if !self.looks_up() {
            return Ok(());
        }
        let (mut mobiles, mut vins, mut plates, mut ros) = (vec![], vec![], vec![], vec![]);
        for (rec, _) in rows.flatten() {
            let vehicle = match rec {
                Record::Customer(c) => {
                    mobiles.extend(c.owner.mobile.as_deref());
                    None
                }
                Record::Vehicle(v) => Some(v),
                Record::Sales(s) => Some(&s.vehicle),
                Record::Repair(r) => {
                    ros.push(r.ro_number.as_str());
                    Some(&r.vehicle)
                }
            };
            if let Some(v) = vehicle {
                mobiles.extend(v.owner.mobile.as_deref());
                vins.extend(v.vin.as_ref().map(|x| x.0.as_str()));
                plates.extend(v.plate.as_deref());
            }
        }
        for v in [&mut mobiles, &mut vins, &mut plates, &mut ros] {
            v.sort_unstable();
            v.dedup();
        }
        let c = &mut self.chunk;
        if !self.no_customers {
            let sql = "SELECT j.value, c.id, c.name FROM json_each(?1) AS j
                       CROSS JOIN customers AS c ON c.mobile = j.value ORDER BY c.id";
            batch(self.conn, sql, &mobiles, |m, r| {
                let v = Some((r.get(1)?, r.get::<_, String>(2)?.into()));
                c.mobile.entry(key(KeyKind::Mobile, m)).or_insert(v);
                Ok(())
            })?;
            for m in &mobiles {
                c.mobile.entry(key(KeyKind::Mobile, m)).or_insert(None);
            }
        }
        if !self.no_vehicles {
            let sql = "SELECT j.value, v.id, v.customer_id FROM json_each(?1) AS j
                       CROSS JOIN vehicles AS v ON v.vin = j.value ORDER BY v.id";
            batch(self.conn, sql, &vins, |v, r| {
                let found = Some((r.get(1)?, r.get(2)?));
                c.vin.entry(key(KeyKind::Vin, v)).or_insert(found);
                Ok(())
            })?;
            // The index alone answers: no row of the table is read (reading each found
            // car's VIN was an eighth of the store pass of a dry run whose 100,000 rows had
            // 15,000 plates on other cars).
            let sql = "SELECT j.value, v.id FROM json_each(?1) AS j
                       CROSS JOIN vehicles AS v ON v.plate = j.value ORDER BY v.id";
            batch(self.conn, sql, &plates, |p, r| {
                c.plate
                    .entry(key(KeyKind::Plate, p))
                    .or_insert(Some(r.get(1)?));
                Ok(())
            })?;
            for v in &vins {
                c.vin.entry(key(KeyKind::Vin, v)).or_insert(None);
            }
            for p in &plates {
                c.plate.entry(key(KeyKind::Plate, p)).or_insert(None);
            }
        }
        if !self.no_repairs {
            let sql = "SELECT j.value FROM json_each(?1) AS j
                       CROSS JOIN repair_orders AS o ON o.ro_number = j.value";
            batch(self.conn, sql, &ros, |ro, _| {
                c.ro.insert(key(KeyKind::RoNumber, ro), true);
                Ok(())
            })?;
            for ro in &ros {
                c.ro.entry(key(KeyKind::RoNumber, ro)).or_insert(false);
            }
        }
        if !self.write {
            self.read_matched()?;
        }
        Ok(())
    }

    /// What the chunk's rows will read of the records its keys found, in three queries
    /// instead of three a row. Only in a dry run: the real import's rows change them as
    /// they go, and a row reads them as the rows before it left them.
    fn read_matched(&mut self) -> Result<(), StoreError> {
        let c = &mut self.chunk;
        let mut ids: Vec<i64> = c.mobile.values().flatten().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        if !ids.is_empty() {
            for x in customers::get_many(self.conn, &ids)? {
                c.customers.insert(x.id, x);
            }
        }
        let mut ids: Vec<i64> = c.vin.values().flatten().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        if !ids.is_empty() {
            for v in vehicles::get_many(self.conn, &ids)? {
                c.vehicles.insert(v.id, v);
            }
            for id in &ids {
                c.sales.insert(*id, None);
            }
            for f in files::sales_files_of(self.conn, &ids)? {
                c.sales.insert(f.vehicle_id, Some(f));
            }
        }
        Ok(())
    }

    /// A customer, as the chunk read it (`read_matched`) or from the database.
    pub(super) fn customer_record(&mut self, id: i64) -> Result<Customer, StoreError> {
        match self.chunk.customers.remove(&id) {
            Some(c) => Ok(c),
            None => customers::get(self.conn, id),
        }
    }

    /// A vehicle, as the chunk read it (`read_matched`) or from the database.
    pub(super) fn vehicle_record(&mut self, id: i64) -> Result<Vehicle, StoreError> {
        match self.chunk.vehicles.remove(&id) {
            Some(v) => Ok(v),
            None => vehicles::get(self.conn, id),
        }
    }

    /// A vehicle's sales file, as the chunk read it (`read_matched`) or from the database.
    pub(super) fn sales_file_record(&mut self, vid: i64) -> Result<Option<SalesFile>, StoreError> {
        match self.chunk.sales.remove(&vid) {
            Some(f) => Ok(f),
            None => files::sales_file(self.conn, vid),
        }
    }

    // ------------------------------------------------------------ lookups

    pub(super) fn customer_by_mobile(
        &mut self,
        m: &str,
    ) -> Result<Option<(i64, Compact)>, StoreError> {
        let k = key(KeyKind::Mobile, m);
        if let Some(v) = self.by_mobile.get(&k).or_else(|| self.chunk.mobile.get(&k)) {
            return Ok(v.clone());
        }
        if self.no_customers {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT id, name FROM customers WHERE mobile = ?1 ORDER BY id LIMIT 1")?
            .query_row([m], |r| Ok((r.get(0)?, r.get::<_, String>(1)?.into())))
            .optional()?)
    }

    /// Whether the database may hold an order with this RO number (false: it does not).
    pub(super) fn maybe_repair(&self, ro: &str) -> bool {
        !self.no_repairs && self.chunk.ro.get(&key(KeyKind::RoNumber, ro)) != Some(&false)
    }

    pub(super) fn customer_by_id_number(&mut self, id: &str) -> Result<Option<i64>, StoreError> {
        let k = key(KeyKind::IdNumber, id);
        if let Some(&c) = self.new_by_id_number.get(&k) {
            return Ok(Some(c));
        }
        if self.no_customers {
            return Ok(None);
        }
        if self.by_id_number.is_none() {
            let mut st = self.conn.prepare(
                "SELECT id_number, id FROM customers WHERE id_number IS NOT NULL ORDER BY id DESC",
            )?;
            let mut all = HashMap::default();
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let i: String = r.get(0)?;
                all.insert(key(KeyKind::IdNumber, &i), r.get(1)?);
            }
            self.by_id_number = Some(all);
        }
        Ok(self.by_id_number.as_ref().and_then(|m| m.get(&k).copied()))
    }

    pub(super) fn customer_by_name_tel(
        &mut self,
        name: &str,
        tel: &str,
    ) -> Result<Option<i64>, StoreError> {
        let k = name_tel(name, tel);
        if let Some(&c) = self.new_by_name_tel.get(&k) {
            return Ok(Some(c));
        }
        if self.no_customers {
            return Ok(None);
        }
        if self.by_name_tel.is_none() {
            let mut st = self.conn.prepare(
                "SELECT name, landline, id FROM customers WHERE landline IS NOT NULL ORDER BY id DESC",
            )?;
            let mut all = HashMap::default();
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let (n, l): (String, String) = (r.get(0)?, r.get(1)?);
                all.insert(name_tel(&n, &l), r.get(2)?);
            }
            self.by_name_tel = Some(all);
        }
        Ok(self.by_name_tel.as_ref().and_then(|m| m.get(&k).copied()))
    }
}
