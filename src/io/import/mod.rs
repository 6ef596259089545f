//! Importing customers, vehicles, sales files and repair orders from the files dealer
//! systems export. Three passes: every row is checked on its own (`parse`), rows are checked
//! against each other (the same mobile, VIN, plate or RO number twice), then against the
//! database (`apply`): a dry run reads only, the real import writes everything in one
//! `BEGIN IMMEDIATE` transaction — all rows or none. Matching makes a re-import an update:
//! customers by mobile (else ID number, else name and landline), vehicles by VIN, sales files
//! by vehicle, repair orders by RO number.

/// The database pass (matching and writing) lives in the store with the rest of the SQL.
use crate::store::import as apply;
pub mod parse;

use crate::i18n::Lang;
use crate::io::columns::{self, Field, Kind, MapEntry};
use crate::io::source::{Format, RawTable, SourceError};
use crate::store::{Actor, Db, StoreError};
use chrono::NaiveDate;
use parse::{CustomerRec, Parser, RepairRec, Row, SalesRec, VehicleRec};
use std::collections::HashMap;

/// One checked row.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Customer(CustomerRec),
    Vehicle(VehicleRec),
    Sales(SalesRec),
    Repair(RepairRec),
}

/// Something wrong (or worth a look) in one cell: line, column header, value, reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: String,
    pub value: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub kind: Kind,
    pub dry_run: bool,
    pub map: Vec<MapEntry>,
    pub lang: Lang,
    /// Store-local today (no purchase or repair date after it).
    pub today: NaiveDate,
    /// Named in the audit entry.
    pub file_name: String,
}

/// How many records were (or, in a dry run, would be) written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Customers made for owners the file names (vehicles, sales, repairs).
    pub customers_created: usize,
    /// Vehicles made for sales files and repair orders.
    pub vehicles_created: usize,
}

/// What an import found and did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub kind: Kind,
    pub format: Format,
    pub header_line: usize,
    /// Each column's header and the field it feeds.
    pub columns: Vec<(String, Option<Field>)>,
    /// Data rows read.
    pub rows: usize,
    pub accepted: usize,
    /// Every problem of every refused row, in file order.
    pub refused: Vec<Problem>,
    pub refused_rows: usize,
    /// Rows repeating an earlier row's key (also refused).
    pub duplicates_in_file: usize,
    /// Rows matching a record already in the database (they update it); the first few.
    pub matched: Vec<Problem>,
    pub matched_count: usize,
    pub warnings: Vec<Problem>,
    pub counts: Counts,
    /// The first rows as read: (line, [(header, value)]).
    pub preview: Vec<(usize, Vec<(String, String)>)>,
    pub dry_run: bool,
    /// True once the transaction committed.
    pub committed: bool,
}

impl ImportReport {
    pub fn ok(&self) -> bool {
        self.refused_rows == 0
    }
}

#[derive(Debug)]
pub enum ImportError {
    Source(SourceError),
    /// No row among the first 20 names the required columns.
    NoHeader {
        first_row: Vec<String>,
    },
    Missing(Vec<Field>),
    /// `--map` names a column the header does not have (a usage error).
    MapColumn(String),
    Store(StoreError),
}

impl ImportError {
    /// Whether the command line was at fault (exit code 2) rather than the file.
    pub fn is_usage(&self) -> bool {
        matches!(self, ImportError::MapColumn(_))
    }

    pub fn message(&self, kind: Kind, lang: Lang) -> String {
        let required = || {
            kind.required()
                .iter()
                .map(|f| f.label(lang))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (self, lang) {
            (ImportError::Source(e), _) => e.message(lang),
            (ImportError::NoHeader { first_row }, Lang::Zh) => format!(
                "找不到表头：前 20 行中没有一行含有{}所需的列（{}）。第一行是：{}。可用 --map 列名=字段 指定",
                kind.label(lang),
                required(),
                inert_join(first_row)
            ),
            (ImportError::NoHeader { first_row }, Lang::En) => format!(
                "no header row: none of the first 20 rows has the columns {} need ({}). The first row is: {}. Use --map COLUMN=FIELD",
                kind.label(lang),
                required(),
                inert_join(first_row)
            ),
            (ImportError::Missing(fields), _) => {
                let names: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{} ({})", f.label(Lang::Zh), f.code()))
                    .collect();
                match lang {
                    Lang::Zh => format!(
                        "缺少必需的列：{}；可用 --map 列名=字段 指定",
                        names.join("、")
                    ),
                    Lang::En => format!(
                        "required columns missing: {}; use --map COLUMN=FIELD",
                        names.join(", ")
                    ),
                }
            }
            (ImportError::MapColumn(h), Lang::Zh) => {
                format!("--map：表头中没有列“{}”", crate::text::inert(h))
            }
            (ImportError::MapColumn(h), Lang::En) => {
                format!(
                    "--map: the header has no column \"{}\"",
                    crate::text::inert(h)
                )
            }
            (ImportError::Store(e), _) => e.message(lang),
        }
    }
}

fn inert_join(cells: &[String]) -> String {
    let v: Vec<String> = cells
        .iter()
        .take(12)
        .map(|c| crate::text::inert(c.trim()))
        .collect();
    v.join(" | ")
}

/// Where the work is, for a progress line: (stage, done, total).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Checking,
    Writing,
}

/// The header row: the first of the first 20 rows naming the most fields (at least two, or
/// all the required ones).
fn find_header(kind: Kind, t: &RawTable, map: &[MapEntry]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, r) in t.rows.iter().take(20).enumerate() {
        let cols = columns::assign(kind, &r.cells, map);
        let score = cols.iter().flatten().count();
        let has_required = kind.required().iter().all(|f| cols.contains(&Some(*f)));
        if (score >= 2 || has_required) && best.is_none_or(|(_, s)| score > s) {
            best = Some((i, score));
        }
    }
    best.map(|(i, _)| i)
}

/// The key that makes two rows "the same record", with its label.
fn keys(rec: &Record, lang: Lang) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    let mut push = |k: &'static str, label: &str, v: &str| {
        out.push((k, v.to_string(), format!("{label} {v}")));
    };
    match rec {
        Record::Customer(c) => {
            if let Some(m) = &c.owner.mobile {
                push("mobile", lang.t("手机", "mobile"), m);
            }
            if let Some(i) = &c.id_number {
                push("id", lang.t("身份证号", "ID number"), i);
            }
            if c.owner.mobile.is_none()
                && let (Some(n), Some(l)) = (&c.owner.name, &c.owner.landline)
            {
                push(
                    "name+tel",
                    lang.t("姓名+电话", "name+phone"),
                    &format!("{n} {l}"),
                );
            }
        }
        Record::Vehicle(v) | Record::Sales(SalesRec { vehicle: v, .. }) => {
            if let Some((vin, _)) = &v.vin {
                push("vin", lang.t("车架号", "VIN"), vin);
            }
            if let Some(p) = &v.plate {
                push("plate", lang.t("车牌号", "plate"), p);
            }
        }
        Record::Repair(r) => push("ro", lang.t("工单号", "RO number"), &r.ro_number),
    }
    out
}

/// Checks (and unless `dry_run`, writes) a table already read from a file.
pub fn import_table(
    db: &mut Db,
    table: RawTable,
    opts: &Options,
    actor: Actor,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Result<ImportReport, ImportError> {
    let lang = opts.lang;
    let kind = opts.kind;
    let Some(h) = find_header(kind, &table, &opts.map) else {
        return Err(ImportError::NoHeader {
            first_row: table
                .rows
                .first()
                .map(|r| r.cells.clone())
                .unwrap_or_default(),
        });
    };
    let header = table.rows[h].cells.clone();
    for m in &opts.map {
        let n = columns::normalize_header(&m.header);
        if !header.iter().any(|x| columns::normalize_header(x) == n) {
            return Err(ImportError::MapColumn(m.header.clone()));
        }
    }
    let cols = columns::assign(kind, &header, &opts.map);
    let missing: Vec<Field> = kind
        .required()
        .iter()
        .copied()
        .filter(|f| !cols.contains(&Some(*f)))
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::Missing(missing));
    }
    let data = &table.rows[h + 1..];
    let mut report = ImportReport {
        kind,
        format: table.format.clone(),
        header_line: table.rows[h].line,
        columns: header.iter().cloned().zip(cols.iter().copied()).collect(),
        rows: data.len(),
        accepted: 0,
        refused: Vec::new(),
        refused_rows: 0,
        duplicates_in_file: 0,
        matched: Vec::new(),
        matched_count: 0,
        warnings: Vec::new(),
        counts: Counts::default(),
        preview: Vec::new(),
        dry_run: opts.dry_run,
        committed: false,
    };
    for r in data.iter().take(3) {
        let pairs = header
            .iter()
            .zip(&r.cells)
            .zip(&cols)
            .filter(|(_, c)| c.is_some())
            .map(|((h, v), _)| (h.clone(), v.trim().to_string()))
            .collect();
        report.preview.push((r.line, pairs));
    }

    // Pass 1 and 2: each row, then rows against each other.
    let parser = Parser {
        lang,
        today: opts.today,
    };
    let total = data.len();
    let mut accepted: Vec<(usize, Record)> = Vec::with_capacity(total);
    let mut seen: HashMap<(&'static str, String), usize> = HashMap::with_capacity(total * 2);
    for (i, r) in data.iter().enumerate() {
        if i % 5000 == 0 {
            progress(Stage::Checking, i, total);
        }
        let row = Row {
            line: r.line,
            cells: &r.cells,
            headers: &header,
            cols: &cols,
        };
        let (res, warnings) = parser.parse(kind, &row);
        let rec = match res {
            Ok(rec) => rec,
            Err(problems) => {
                report.refused_rows += 1;
                report.refused.extend(problems);
                continue;
            }
        };
        let mut dup = None;
        for (k, v, label) in keys(&rec, lang) {
            match seen.get(&(k, v.clone())) {
                Some(&first) if dup.is_none() => dup = Some((first, label)),
                Some(_) => {}
                None => {
                    seen.insert((k, v), r.line);
                }
            }
        }
        report
            .warnings
            .extend(if dup.is_none() { warnings } else { Vec::new() });
        if let Some((first, label)) = dup {
            report.refused_rows += 1;
            report.duplicates_in_file += 1;
            report.refused.push(Problem {
                line: r.line,
                column: String::new(),
                value: String::new(),
                reason: match lang {
                    Lang::Zh => format!("与第 {first} 行重复（{label}）"),
                    Lang::En => format!("repeats line {first} ({label})"),
                },
            });
            continue;
        }
        accepted.push((r.line, rec));
    }
    progress(Stage::Checking, total, total);
    report.accepted = accepted.len();

    // Pass 3: against the database. A dry run reads; a real import with no refused row
    // writes in one transaction, rolled back if any row is refused there.
    if opts.dry_run {
        let mut a = apply::Applier::new(db.conn(), false, db.store_id(), actor, lang);
        a.run(&accepted, progress).map_err(ImportError::Store)?;
        a.finish(&mut report);
        return Ok(report);
    }
    if !report.ok() {
        return Ok(report);
    }
    let store_id = db.store_id().to_string();
    let mut outcome = None;
    let result = db.write(|tx| {
        let mut a = apply::Applier::new(tx, true, &store_id, actor, lang);
        a.run(&accepted, progress)?;
        let refused = !a.refused.is_empty();
        if !refused {
            a.audit(kind, &opts.file_name)?;
        }
        outcome = Some(a.into_outcome());
        if refused {
            // Roll back: nothing of this file is kept.
            return Err(StoreError::Invalid("import refused".into()));
        }
        Ok(())
    });
    if let Some(o) = outcome {
        o.finish(&mut report);
    }
    match result {
        Ok(()) => report.committed = true,
        Err(_) if !report.refused.is_empty() => {}
        Err(e) => return Err(ImportError::Store(e)),
    }
    Ok(report)
}
