//! The database pass of an import: the checked records of each row are matched against the
//! store (and against what earlier rows of the same file created) and then inserted, updated
//! or left as they are. A row's records are linked: its vehicle belongs to its customer, its
//! sale to its vehicle. The same code runs for the dry run (`write == false`: reads only;
//! what would be created gets a negative stand-in id) and inside the real import's
//! transaction, so the dry run's figures are the import's.

use crate::clock::to_db;
use crate::domain::archive::{CustomerData, VehicleData};
use crate::domain::pinyin::name_keys;
use crate::domain::validate::plate_key;
use crate::i18n::Lang;
use crate::io::columns::Kind;
use crate::io::import::key::{Compact, Key, KeyKind, key};
use crate::io::import::parse::{CustomerRec, Owner, VehicleRec};
use crate::io::import::{Counts, KEPT, Problem, Record};
use crate::store::customers::{self, fmt_date};
use crate::store::{Actor, StoreError, audit, vehicles};
use rusqlite::{Connection, OptionalExtension, params};

/// The import's maps, one entry or more a row: a fast hash (the keys are the file's, not an
/// attacker's, and the seed is random) instead of SipHash, a tenth of a dry run's time.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Examples of matched rows kept for the report.
const MATCHED_KEPT: usize = 20;

/// What became of one record of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Created,
    Updated,
    Unchanged,
    /// The record an earlier row of this file created or matched.
    Again,
}

/// A record this file created or matched: the row that did, and a digest of its cells (a
/// later row naming the same record with other cells is pointed out).
#[derive(Debug, Clone, Copy)]
struct Seen {
    line: u32,
    created: bool,
    digest: u64,
}

/// A reading session for the dry run: one snapshot for every lookup (rolled back at the end;
/// nothing is written).
pub(crate) fn read_session(conn: &Connection) -> Result<rusqlite::Transaction<'_>, StoreError> {
    Ok(conn.unchecked_transaction()?)
}

/// Plans that do not depend on the values looked up. Without it SQLite, having statistics
/// on the mobile, VIN and plate indexes, re-plans each lookup statement whenever its value
/// changes: the parse and plan of the SQL on every row, most of an import's time.
fn stable_plans(conn: &Connection) -> Result<(), StoreError> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

pub(crate) struct Applier<'c> {
    conn: &'c Connection,
    write: bool,
    store_id: String,
    actor: Actor,
    lang: Lang,
    now: String,
    next_fake: i64,
    /// A dry run's snapshot had no customers (no vehicles, no repair orders) when it
    /// began, and a dry run writes nothing: there is nothing to look up in the database.
    no_customers: bool,
    no_vehicles: bool,
    no_repairs: bool,
    /// What this file created or changed, asked before the database (in a dry run the
    /// database does not hold it; in the real import the chunk's answers fetched before it
    /// do not). Keys are packed (`io::import::key`), one entry a record at most.
    /// mobile → (customer, name); None: the number was freed.
    by_mobile: HashMap<Key, Option<(i64, Compact)>>,
    by_id_number: Option<HashMap<Key, i64>>,
    by_name_tel: Option<HashMap<Key, i64>>,
    /// Customers this file created, by ID number and by name + landline.
    new_by_id_number: HashMap<Key, i64>,
    new_by_name_tel: HashMap<Key, i64>,
    /// VIN → (vehicle, customer).
    by_vin: HashMap<Key, Option<(i64, i64)>>,
    /// plate → (vehicle, VIN).
    by_plate: HashMap<Key, Option<(i64, Compact)>>,
    /// The database's answers for the keys of the rows of the current chunk, fetched
    /// together before the chunk is applied (`prefetch`).
    chunk: lookups_part::Chunk,
    /// Records this file created or matched, by kind and id; those a dry run created by
    /// their stand-in id (-1, -2 …: the n-th at n - 1).
    seen: HashMap<(Kind, i64), Seen>,
    seen_fake: Vec<(Kind, Seen)>,
    /// Problems and notes of the rows so far (the caller takes them after each row).
    pub(crate) refused: Vec<Problem>,
    pub(crate) warnings: Vec<Problem>,
    pub(crate) matched: Vec<Problem>,
    pub(crate) counts: Counts,
    /// How many more refusals the report keeps (`KEPT` less those it holds), set by the
    /// pass before each row: the words of a refusal past them are never read.
    pub(crate) refused_room: usize,
    /// The kinds refused in the current row.
    row_refused: Vec<Kind>,
    /// The digest of the current row's record being applied.
    digest: u64,
}

impl<'c> Applier<'c> {
    pub(crate) fn new(
        conn: &'c Connection,
        write: bool,
        store_id: &str,
        actor: Actor,
        lang: Lang,
    ) -> Result<Self, StoreError> {
        stable_plans(conn)?;
        let empty = |table: &str| -> Result<bool, StoreError> {
            let sql = format!("SELECT NOT EXISTS (SELECT 1 FROM {table})");
            Ok(!write && conn.query_row(&sql, [], |r| r.get(0))?)
        };
        Ok(Applier {
            no_customers: empty("customers")?,
            no_vehicles: empty("vehicles")?,
            no_repairs: empty("repair_orders")?,
            conn,
            write,
            store_id: store_id.to_string(),
            actor,
            lang,
            now: to_db(actor.at),
            next_fake: -1,
            by_mobile: HashMap::default(),
            by_id_number: None,
            by_name_tel: None,
            new_by_id_number: HashMap::default(),
            new_by_name_tel: HashMap::default(),
            by_vin: HashMap::default(),
            by_plate: HashMap::default(),
            chunk: Default::default(),
            seen: HashMap::default(),
            seen_fake: Vec::new(),
            refused: Vec::new(),
            warnings: Vec::new(),
            matched: Vec::new(),
            counts: Counts::default(),
            refused_room: KEPT,
            row_refused: Vec::new(),
            digest: 0,
        })
    }

    /// Room in the maps for the records of `rows` rows of these kinds, made at once.
    pub(crate) fn expect_rows(&mut self, rows: usize, kinds: &[Kind]) {
        // Customers, and the owners of new vehicles, are found again by mobile.
        self.by_mobile.reserve(rows);
        if kinds.iter().any(|k| *k != Kind::Customers) {
            self.by_vin.reserve(rows);
            self.by_plate.reserve(rows);
        }
    }

    /// Applies one row's records, each with the digest of the cells it was read from, in
    /// order (customer, vehicle, sale or repair order). Returns whether the row was refused
    /// here (its reasons are in `refused`).
    pub(crate) fn row(
        &mut self,
        line: usize,
        records: &[(Record, u64)],
    ) -> Result<bool, StoreError> {
        self.row_refused.clear();
        let (mut customer, mut vehicle) = (None, None);
        for (i, (rec, digest)) in records.iter().enumerate() {
            self.digest = *digest;
            match rec {
                Record::Customer(c) => customer = Some(self.customer(line, c)?),
                Record::Vehicle(v) => {
                    vehicle = self.vehicle(line, v, true, customer)?;
                    if vehicle.is_none() {
                        // The row's sale hangs on its vehicle: refused with it, and counted
                        // so (the summary's refusals per kind add up to the rows refused).
                        for (later, _) in &records[i + 1..] {
                            let k = record_kind(later);
                            if !self.row_refused.contains(&k) {
                                self.row_refused.push(k);
                            }
                        }
                        break;
                    }
                }
                Record::Sales(s) => self.sales(line, s, vehicle)?,
                Record::Repair(r) => self.repair(line, r)?,
            }
        }
        let refused = !self.row_refused.is_empty();
        for k in std::mem::take(&mut self.row_refused) {
            self.counts.of_mut(k).refused += 1;
        }
        Ok(refused)
    }

    /// One audit entry for the whole import (updates are audited one by one).
    pub(crate) fn audit(&self, kinds: &[Kind], file: &str) -> Result<(), StoreError> {
        let t = self.counts.total();
        let mut per_kind = serde_json::Map::new();
        for k in kinds {
            let c = self.counts.of(*k);
            per_kind.insert(
                k.code().into(),
                serde_json::json!({"created": c.created, "updated": c.updated,
                    "unchanged": c.unchanged, "again": c.again}),
            );
        }
        let codes: Vec<&str> = kinds.iter().map(|k| k.code()).collect();
        let after = serde_json::json!({
            "file": file, "kinds": codes, "created": t.created, "updated": t.updated,
            "unchanged": t.unchanged, "per_kind": per_kind,
        });
        let entity = if kinds.len() == 1 {
            kinds[0].code()
        } else {
            "rows"
        };
        audit::record(
            self.conn,
            self.actor,
            "import",
            entity,
            0,
            None,
            Some(&after),
        )
    }

    // ------------------------------------------------------------ report helpers

    /// Refuses the row's record of this kind. Past the refusals the report keeps
    /// (`refusal_kept`) it is only counted: its words are not copied (and a caller whose
    /// reason costs a lookup or a format leaves it empty).
    fn refuse(&mut self, kind: Kind, line: usize, column: &str, value: &str, reason: String) {
        if !self.row_refused.contains(&kind) {
            self.row_refused.push(kind);
        }
        let kept = self.refusal_kept();
        let words = |s: &str| if kept { s.into() } else { String::new() };
        self.refused.push(Problem {
            line,
            column: words(column),
            value: words(value),
            reason,
        });
    }

    /// Whether the report keeps the next refusal of the current row (`refused_room`).
    fn refusal_kept(&self) -> bool {
        self.refused.len() < self.refused_room
    }

    fn warn(&mut self, line: usize, column: &str, value: &str, reason: String) {
        self.warnings.push(Problem {
            line,
            column: column.into(),
            value: value.into(),
            reason,
        });
    }

    /// Counts what became of a record; a match against the database keeps an example (which
    /// record, made only when kept, and whether it is updated or unchanged: the example says
    /// what the summary counts). The one place the counts move, but for refused rows.
    fn outcome(&mut self, kind: Kind, line: usize, o: Outcome, record: impl FnOnce() -> String) {
        let c = self.counts.of_mut(kind);
        match o {
            Outcome::Created => c.created += 1,
            Outcome::Updated => c.updated += 1,
            Outcome::Unchanged => c.unchanged += 1,
            Outcome::Again => c.again += 1,
        }
        if matches!(o, Outcome::Updated | Outcome::Unchanged) && self.matched.len() < MATCHED_KEPT {
            let what = match (o, self.lang) {
                (Outcome::Updated, Lang::Zh) => "，将更新",
                (_, Lang::Zh) => "，内容相同，无变化",
                (Outcome::Updated, Lang::En) => "; updated",
                (_, Lang::En) => "; unchanged",
            };
            self.matched.push(Problem {
                line,
                column: String::new(),
                value: String::new(),
                reason: format!("{}{what}", record()),
            });
        }
    }

    /// Whether an earlier row of this file created or matched this record (and, if its cells
    /// differ from this row's, a note saying the earlier row counts); else remembers it.
    fn again(&mut self, kind: Kind, id: i64, line: usize, created: bool) -> bool {
        let digest = self.digest;
        match self.seen_get(kind, id) {
            Some(first) => {
                if first.digest != digest {
                    let r = match self.lang {
                        Lang::Zh => format!(
                            "与第 {} 行是同一{}，但内容不同：以第 {} 行为准，本行的不同内容未导入",
                            first.line,
                            kind_one(kind, Lang::Zh),
                            first.line
                        ),
                        Lang::En => format!(
                            "the same {} as line {} with other details: line {} counts, this row's differences were not imported",
                            kind_one(kind, Lang::En),
                            first.line,
                            first.line
                        ),
                    };
                    self.warn(line, "", "", r);
                }
                true
            }
            None => {
                let seen = Seen {
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                    digest,
                    created,
                };
                // A stand-in id is new: the next of them.
                match usize::try_from(-1 - id) {
                    Ok(i) if i == self.seen_fake.len() => self.seen_fake.push((kind, seen)),
                    _ => {
                        self.seen.insert((kind, id), seen);
                    }
                }
                false
            }
        }
    }

    fn seen_get(&self, kind: Kind, id: i64) -> Option<Seen> {
        match usize::try_from(-1 - id)
            .ok()
            .and_then(|i| self.seen_fake.get(i))
        {
            Some((k, seen)) if *k == kind => Some(*seen),
            Some(_) => None,
            None => self.seen.get(&(kind, id)).copied(),
        }
    }

    /// Whether this file created the record.
    fn created_here(&self, kind: Kind, id: i64) -> bool {
        id < 0 || self.seen_get(kind, id).is_some_and(|s| s.created)
    }

    fn fake(&mut self) -> i64 {
        let id = self.next_fake;
        self.next_fake -= 1;
        id
    }

    /// The owner of a vehicle: the row's customer when the row has one; else by mobile, else
    /// the vehicle's current owner, else by name and landline, else a new customer. None:
    /// refused (reason recorded).
    fn owner(
        &mut self,
        line: usize,
        o: &Owner,
        current: Option<i64>,
        row_customer: Option<i64>,
    ) -> Result<Option<i64>, StoreError> {
        let lang = self.lang;
        if let Some(id) = row_customer {
            if let Some(cur) = current
                && cur != id
            {
                let r = match lang {
                    Lang::Zh => format!("车辆将从客户 #{cur} 转到本行的客户名下"),
                    Lang::En => {
                        format!("the vehicle moves from customer #{cur} to this row's customer")
                    }
                };
                self.warn(line, "", "", r);
            }
            return Ok(Some(id));
        }
        if let Some(m) = &o.mobile {
            if let Some((id, name)) = self.customer_by_mobile(m)? {
                let name = name.as_str();
                if let Some(n) = &o.name
                    && n != name
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
            self.refuse(Kind::Vehicles, line, "", "", r);
            return Ok(None);
        };
        let new = NewCustomer {
            name,
            mobile: o.mobile.as_deref(),
            id_number: None,
            landline: o.landline.as_deref(),
        };
        let data = || CustomerData {
            name: name.to_string(),
            mobile: o.mobile.as_deref().map(String::from),
            landline: o.landline.as_deref().map(String::from),
            ..CustomerData::default()
        };
        let digest = std::mem::replace(&mut self.digest, 0);
        let id = self.insert_customer(new, data, line);
        self.digest = digest;
        Ok(Some(id?))
    }
}

/// The kind of a record.
fn record_kind(r: &Record) -> Kind {
    match r {
        Record::Customer(_) => Kind::Customers,
        Record::Vehicle(_) => Kind::Vehicles,
        Record::Sales(_) => Kind::Sales,
        Record::Repair(_) => Kind::Repairs,
    }
}

/// One record of a kind, for a sentence ("the same customer as line 3").
fn kind_one(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Customers => lang.t("客户", "customer"),
        Kind::Vehicles => lang.t("车辆", "vehicle"),
        Kind::Sales => lang.t("销售档案", "sales file"),
        Kind::Repairs => lang.t("维修工单", "repair order"),
    }
}

mod customers_part;
mod files_part;
mod pass;
use customers_part::NewCustomer;
pub use pass::run;
mod lookups_part;
mod vehicles_part;

// ---------------------------------------------------------------- merging

/// What the file says (a record's text, a `CompactString`, as the store's `String`).
pub(super) fn set<T, V: Clone + Into<T>>(slot: &mut T, v: &Option<V>) {
    if let Some(x) = v {
        *slot = x.clone().into();
    }
}

pub(super) fn set_opt<T, V: Clone + Into<T>>(slot: &mut Option<T>, v: &Option<V>) {
    if let Some(x) = v {
        *slot = Some(x.clone().into());
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
