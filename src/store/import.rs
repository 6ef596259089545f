//! The database pass of an import: each checked record is matched against the store (and
//! against what earlier rows of the same file created) and then inserted, updated or left
//! as it is. The same code runs for the dry run (`write == false`: reads only; what would be
//! created gets a negative stand-in id) and inside the real import's transaction, so the dry
//! run's figures are the import's.

use crate::clock::to_db;
use crate::domain::archive::{CustomerData, VehicleData};
use crate::domain::pinyin::name_keys;
use crate::domain::validate::plate_key;
use crate::i18n::Lang;
use crate::io::columns::Kind;
use crate::io::import::parse::{CustomerRec, Owner, VehicleRec};
use crate::io::import::{Counts, ImportReport, Problem, Record, Stage};
use crate::store::customers::{self, fmt_date};
use crate::store::{Actor, StoreError, audit, vehicles};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

/// Examples of matched rows kept for the report.
const MATCHED_KEPT: usize = 20;

/// What the pass found, carried out of the transaction.
pub(crate) struct Outcome {
    refused: Vec<Problem>,
    refused_rows: usize,
    matched: Vec<Problem>,
    matched_count: usize,
    warnings: Vec<Problem>,
    counts: Counts,
}

impl Outcome {
    pub(crate) fn finish(self, r: &mut ImportReport) {
        r.refused.extend(self.refused);
        r.refused.sort_by_key(|p| p.line);
        r.refused_rows += self.refused_rows;
        r.accepted -= self.refused_rows.min(r.accepted);
        r.matched = self.matched;
        r.matched_count = self.matched_count;
        r.warnings.extend(self.warnings);
        r.warnings.sort_by_key(|p| p.line);
        r.counts = self.counts;
    }
}

pub(crate) struct Applier<'c> {
    conn: &'c Connection,
    write: bool,
    store_id: String,
    actor: Actor,
    lang: Lang,
    now: String,
    next_fake: i64,
    /// mobile → (customer, name); None: looked up, not there.
    by_mobile: HashMap<String, Option<(i64, String)>>,
    by_id_number: Option<HashMap<String, i64>>,
    by_name_tel: Option<HashMap<(String, String), i64>>,
    /// Customers this file created, by ID number and by name + landline.
    new_by_id_number: HashMap<String, i64>,
    new_by_name_tel: HashMap<(String, String), i64>,
    /// VIN → (vehicle, customer).
    by_vin: HashMap<String, Option<(i64, i64)>>,
    /// plate → (vehicle, VIN).
    by_plate: HashMap<String, Option<(i64, String)>>,
    pub(crate) refused: Vec<Problem>,
    refused_rows: usize,
    matched: Vec<Problem>,
    matched_count: usize,
    warnings: Vec<Problem>,
    counts: Counts,
    row_refused: bool,
}

impl<'c> Applier<'c> {
    pub(crate) fn new(
        conn: &'c Connection,
        write: bool,
        store_id: &str,
        actor: Actor,
        lang: Lang,
    ) -> Self {
        Applier {
            conn,
            write,
            store_id: store_id.to_string(),
            actor,
            lang,
            now: to_db(actor.at),
            next_fake: -1,
            by_mobile: HashMap::new(),
            by_id_number: None,
            by_name_tel: None,
            new_by_id_number: HashMap::new(),
            new_by_name_tel: HashMap::new(),
            by_vin: HashMap::new(),
            by_plate: HashMap::new(),
            refused: Vec::new(),
            refused_rows: 0,
            matched: Vec::new(),
            matched_count: 0,
            warnings: Vec::new(),
            counts: Counts::default(),
            row_refused: false,
        }
    }

    pub(crate) fn into_outcome(self) -> Outcome {
        Outcome {
            refused: self.refused,
            refused_rows: self.refused_rows,
            matched: self.matched,
            matched_count: self.matched_count,
            warnings: self.warnings,
            counts: self.counts,
        }
    }

    pub(crate) fn finish(self, r: &mut ImportReport) {
        self.into_outcome().finish(r);
    }

    pub(crate) fn run(
        &mut self,
        records: &[(usize, Record)],
        progress: &mut dyn FnMut(Stage, usize, usize),
    ) -> Result<(), StoreError> {
        let total = records.len();
        for (i, (line, rec)) in records.iter().enumerate() {
            if i % 5000 == 0 {
                progress(Stage::Writing, i, total);
            }
            self.row_refused = false;
            match rec {
                Record::Customer(c) => self.customer(*line, c)?,
                Record::Vehicle(v) => {
                    self.vehicle(*line, v, true)?;
                }
                Record::Sales(s) => self.sales(*line, s)?,
                Record::Repair(r) => self.repair(*line, r)?,
            }
            if self.row_refused {
                self.refused_rows += 1;
            }
        }
        progress(Stage::Writing, total, total);
        Ok(())
    }

    /// One audit entry for the whole import (updates are audited one by one).
    pub(crate) fn audit(&self, kind: Kind, file: &str) -> Result<(), StoreError> {
        let c = &self.counts;
        let after = serde_json::json!({
            "file": file, "kind": kind.code(), "created": c.created, "updated": c.updated,
            "unchanged": c.unchanged, "customers_created": c.customers_created,
            "vehicles_created": c.vehicles_created,
        });
        audit::record(
            self.conn,
            self.actor,
            "import",
            kind.code(),
            0,
            None,
            Some(&after),
        )
    }

    // ------------------------------------------------------------ report helpers

    fn refuse(&mut self, line: usize, column: &str, value: &str, reason: String) {
        self.row_refused = true;
        self.refused.push(Problem {
            line,
            column: column.into(),
            value: value.into(),
            reason,
        });
    }

    fn warn(&mut self, line: usize, column: &str, value: &str, reason: String) {
        self.warnings.push(Problem {
            line,
            column: column.into(),
            value: value.into(),
            reason,
        });
    }

    fn matched(&mut self, line: usize, reason: String) {
        self.matched_count += 1;
        if self.matched.len() < MATCHED_KEPT {
            self.matched.push(Problem {
                line,
                column: String::new(),
                value: String::new(),
                reason,
            });
        }
    }

    fn fake(&mut self) -> i64 {
        let id = self.next_fake;
        self.next_fake -= 1;
        id
    }

    // ------------------------------------------------------------ lookups

    fn customer_by_mobile(&mut self, m: &str) -> Result<Option<(i64, String)>, StoreError> {
        if let Some(v) = self.by_mobile.get(m) {
            return Ok(v.clone());
        }
        let found = self
            .conn
            .prepare_cached("SELECT id, name FROM customers WHERE mobile = ?1 ORDER BY id LIMIT 1")?
            .query_row([m], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        self.by_mobile.insert(m.to_string(), found.clone());
        Ok(found)
    }

    fn customer_by_id_number(&mut self, id: &str) -> Result<Option<i64>, StoreError> {
        if let Some(&c) = self.new_by_id_number.get(id) {
            return Ok(Some(c));
        }
        if self.by_id_number.is_none() {
            let mut st = self.conn.prepare(
                "SELECT id_number, id FROM customers WHERE id_number IS NOT NULL ORDER BY id DESC",
            )?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            self.by_id_number = Some(rows.collect::<Result<_, _>>()?);
        }
        Ok(self.by_id_number.as_ref().and_then(|m| m.get(id).copied()))
    }

    fn customer_by_name_tel(&mut self, name: &str, tel: &str) -> Result<Option<i64>, StoreError> {
        let key = (name.to_string(), tel.to_string());
        if let Some(&c) = self.new_by_name_tel.get(&key) {
            return Ok(Some(c));
        }
        if self.by_name_tel.is_none() {
            let mut st = self.conn.prepare(
                "SELECT name, landline, id FROM customers WHERE landline IS NOT NULL ORDER BY id DESC",
            )?;
            let rows = st.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
            self.by_name_tel = Some(rows.collect::<Result<_, _>>()?);
        }
        Ok(self.by_name_tel.as_ref().and_then(|m| m.get(&key).copied()))
    }

    // ------------------------------------------------------------ customers

    fn insert_customer(&mut self, c: &CustomerData) -> Result<i64, StoreError> {
        let id = if self.write {
            customers::insert_in(self.conn, &self.store_id, self.actor, c)?
        } else {
            self.fake()
        };
        if let Some(m) = &c.mobile {
            self.by_mobile.insert(m.clone(), Some((id, c.name.clone())));
        }
        if let Some(i) = &c.id_number {
            self.new_by_id_number.insert(i.clone(), id);
        }
        if let Some(l) = &c.landline {
            self.new_by_name_tel.insert((c.name.clone(), l.clone()), id);
        }
        Ok(id)
    }

    fn customer(&mut self, line: usize, c: &CustomerRec) -> Result<(), StoreError> {
        let mut found = None;
        if let Some(m) = &c.owner.mobile {
            found = self.customer_by_mobile(m)?.map(|x| x.0);
        }
        if found.is_none()
            && let Some(i) = &c.id_number
        {
            found = self.customer_by_id_number(i)?;
        }
        if found.is_none()
            && let (Some(n), Some(l)) = (&c.owner.name, &c.owner.landline)
        {
            found = self.customer_by_name_tel(n, l)?;
        }
        match found {
            Some(id) if id > 0 => {
                let before = customers::get(self.conn, id)?;
                let mut after = before.data.clone();
                merge_customer(&mut after, c);
                let lang = self.lang;
                self.matched(
                    line,
                    match lang {
                        Lang::Zh => format!("已有客户 #{id} {}，将更新", before.data.name),
                        Lang::En => format!("customer #{id} {} exists; updated", before.data.name),
                    },
                );
                if before.data.name != after.name {
                    let r = match lang {
                        Lang::Zh => format!("姓名将由“{}”改为“{}”", before.data.name, after.name),
                        Lang::En => {
                            format!("name changes from {} to {}", before.data.name, after.name)
                        }
                    };
                    self.warn(line, "", "", r);
                }
                if after == before.data {
                    self.counts.unchanged += 1;
                } else {
                    if self.write {
                        self.update_customer(id, &before.data, &after)?;
                    }
                    if let Some(m) = &after.mobile {
                        self.by_mobile
                            .insert(m.clone(), Some((id, after.name.clone())));
                    }
                    self.counts.updated += 1;
                }
            }
            Some(_) => self.counts.updated += 1,
            None => {
                let mut data = CustomerData::default();
                merge_customer(&mut data, c);
                self.insert_customer(&data)?;
                self.counts.created += 1;
            }
        }
        Ok(())
    }

    fn update_customer(
        &self,
        id: i64,
        before: &CustomerData,
        c: &CustomerData,
    ) -> Result<(), StoreError> {
        let (py, initials) = name_keys(&c.name);
        self.conn
            .prepare_cached(
                "UPDATE customers SET name = ?1, name_pinyin = ?2, name_initials = ?3, gender = ?4,
                    birthday = ?5, mobile = ?6, landline = ?7, id_number = ?8, region = ?9,
                    address = ?10, vip = ?11, notes = ?12, updated_at = ?13, updated_by = ?14,
                    version = version + 1
                 WHERE id = ?15",
            )?
            .execute(params![
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
                self.now,
                self.actor.agent_id,
                id,
            ])?;
        crate::store::name_keys::save(self.conn, id, &c.name)?;
        audit::record(
            self.conn,
            self.actor,
            "import_update",
            "customer",
            id,
            Some(&customers::to_json(before)),
            Some(&customers::to_json(c)),
        )
    }

    /// The owner of a vehicle the row names: by mobile, else the vehicle's current owner,
    /// else by name and landline, else a new customer. None: refused (reason recorded).
    fn owner(
        &mut self,
        line: usize,
        o: &Owner,
        current: Option<i64>,
    ) -> Result<Option<i64>, StoreError> {
        let lang = self.lang;
        if let Some(m) = &o.mobile {
            if let Some((id, name)) = self.customer_by_mobile(m)? {
                if let Some(n) = &o.name
                    && *n != name
                {
                    let r = match lang {
                        Lang::Zh => format!(
                            "手机 {m} 已登记为客户“{name}”，车辆记在其名下（本行姓名为“{n}”）"
                        ),
                        Lang::En => format!(
                            "mobile {m} belongs to customer {name}; the vehicle goes to them (this row says {n})"
                        ),
                    };
                    self.warn(line, "", "", r);
                }
                if let Some(cur) = current
                    && cur != id
                {
                    let r = match lang {
                        Lang::Zh => format!("车辆将从客户 #{cur} 转到手机 {m} 的客户名下"),
                        Lang::En => {
                            format!("the vehicle moves from customer #{cur} to the owner of {m}")
                        }
                    };
                    self.warn(line, "", "", r);
                }
                return Ok(Some(id));
            }
            if let Some(cur) = current {
                let r = match lang {
                    Lang::Zh => format!("车主手机 {m} 与档案中的车主不同，车主未变更"),
                    Lang::En => {
                        format!("owner mobile {m} differs from the owner on file; owner kept")
                    }
                };
                self.warn(line, "", "", r);
                return Ok(Some(cur));
            }
        } else if let Some(cur) = current {
            return Ok(Some(cur));
        }
        if o.mobile.is_none()
            && let (Some(n), Some(l)) = (&o.name, &o.landline)
            && let Some(id) = self.customer_by_name_tel(n, l)?
        {
            return Ok(Some(id));
        }
        let Some(name) = &o.name else {
            let r = lang
                .t(
                    "没有车主姓名：档案中没有这辆车，无法为它新建客户",
                    "no owner name: the vehicle is new and needs an owner",
                )
                .to_string();
            self.refuse(line, "", "", r);
            return Ok(None);
        };
        let data = CustomerData {
            name: name.clone(),
            mobile: o.mobile.clone(),
            landline: o.landline.clone(),
            ..CustomerData::default()
        };
        let id = self.insert_customer(&data)?;
        self.counts.customers_created += 1;
        Ok(Some(id))
    }
}

mod files_part;
mod vehicles_part;

// ---------------------------------------------------------------- merging

pub(super) fn set<T: Clone>(slot: &mut T, v: &Option<T>) {
    if let Some(x) = v {
        *slot = x.clone();
    }
}

pub(super) fn set_opt<T: Clone>(slot: &mut Option<T>, v: &Option<T>) {
    if v.is_some() {
        slot.clone_from(v);
    }
}

/// What the file says overrides; what it leaves empty is kept.
fn merge_customer(d: &mut CustomerData, c: &CustomerRec) {
    set(&mut d.name, &c.owner.name);
    set_opt(&mut d.mobile, &c.owner.mobile);
    set_opt(&mut d.landline, &c.owner.landline);
    set_opt(&mut d.gender, &c.gender);
    set_opt(&mut d.birthday, &c.birthday);
    set_opt(&mut d.id_number, &c.id_number);
    set(&mut d.region, &c.region);
    set(&mut d.address, &c.address);
    set(&mut d.notes, &c.notes);
    set(&mut d.vip, &c.vip);
}
