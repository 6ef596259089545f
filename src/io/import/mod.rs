//! Reading customers, vehicles, sales files and repair orders from the files dealer
//! systems export, into checked rows. The header says which kinds a file holds (`detect`): a
//! dealer export row usually holds a customer, their car and its sale, and one run reads all
//! three, linked; `--kind` restricts it to one. The rows stream past in file order
//! (`engine`; the reader, the checks and the pass each on a thread of its own, a few chunks
//! of rows apart): each is checked on its own (`parse`) and against the rows before it (the
//! same VIN, plate or RO number twice), then handed, as a `Checked` row, to a `Pass` on the
//! calling thread: the
//! store's database pass (`crate::store::import`: matching against the store, one
//! all-or-nothing write), or `FileOnly` (the file's own checks, nothing looked up). This
//! module names nothing of the database: what it reads, it hands on.

mod detect;
mod engine;
pub mod key;
pub mod parse;

use crate::i18n::Lang;
use crate::io::columns::{Field, Kind, MapEntry};
use crate::io::source::{self, Format, Input, RawTable, SourceError};
use chrono::NaiveDate;
use key::KeyKind;
use parse::{CustomerRec, RepairRec, SalesRec, VehicleRec};
use std::borrow::Cow;
use std::ops::ControlFlow;
use std::path::Path;

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
    /// One kind only (`--kind`); None: every kind the header names.
    pub kind: Option<Kind>,
    pub dry_run: bool,
    pub map: Vec<MapEntry>,
    pub lang: Lang,
    /// Store-local today (no purchase or repair date after it).
    pub today: NaiveDate,
    /// Named in the audit entry.
    pub file_name: String,
}

/// What became of one kind's records: created, matched (updated, unchanged, or the record
/// an earlier row of the file already named) and refused. The summary and the row messages
/// both read these.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindCounts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// The record an earlier row of this file created or matched.
    pub again: usize,
    /// Rows whose record of this kind was refused.
    pub refused: usize,
}

impl KindCounts {
    /// Matched against the database (the "already there" rows).
    pub fn in_database(&self) -> usize {
        self.updated + self.unchanged
    }

    pub fn is_empty(&self) -> bool {
        *self == KindCounts::default()
    }
}

/// How many records of each kind were (or, in a dry run, would be) written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts([KindCounts; 4]);

impl Counts {
    pub fn of(&self, k: Kind) -> &KindCounts {
        &self.0[k.index()]
    }

    pub fn of_mut(&mut self, k: Kind) -> &mut KindCounts {
        &mut self.0[k.index()]
    }

    /// All kinds together.
    pub fn total(&self) -> KindCounts {
        self.0
            .iter()
            .fold(KindCounts::default(), |a, c| KindCounts {
                created: a.created + c.created,
                updated: a.updated + c.updated,
                unchanged: a.unchanged + c.unchanged,
                again: a.again + c.again,
                refused: a.refused + c.refused,
            })
    }
}

/// Problems kept per list (the terminal shows the first 100 and counts the rest).
pub const KEPT: usize = 1000;

/// What an import found and did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The kinds imported, in the order a row's records are written.
    pub kinds: Vec<Kind>,
    pub format: Format,
    pub header_line: usize,
    /// Each column's header and the field it feeds (None: no kind reads it).
    pub columns: Vec<(String, Option<Field>)>,
    /// Data rows read.
    pub rows: usize,
    pub accepted: usize,
    /// The problems of refused rows, in file order (the first `KEPT`).
    pub refused: Vec<Problem>,
    pub refused_total: usize,
    pub refused_rows: usize,
    /// Rows repeating an earlier row's key (also refused).
    pub duplicates_in_file: usize,
    /// Rows matching a record already in the database (they update it); the first few.
    pub matched: Vec<Problem>,
    /// How many records matched the database, of every kind.
    pub matched_count: usize,
    /// Notes on accepted rows, in file order (the first `KEPT`).
    pub warnings: Vec<Problem>,
    pub warnings_total: usize,
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

    /// Lists a refused row's problems (the first `KEPT` of the file) and counts them all.
    pub fn refuse(&mut self, problems: Vec<Problem>) {
        keep(&mut self.refused, &mut self.refused_total, problems);
    }

    /// Lists an accepted row's notes (the first `KEPT` of the file) and counts them all.
    pub fn note(&mut self, warnings: Vec<Problem>) {
        keep(&mut self.warnings, &mut self.warnings_total, warnings);
    }

    /// Headers no kind reads.
    pub fn unused_columns(&self) -> Vec<&str> {
        self.columns
            .iter()
            .filter(|(h, f)| f.is_none() && !h.trim().is_empty())
            .map(|(h, _)| h.trim())
            .collect()
    }
}

#[derive(Debug)]
pub enum ImportError {
    Source(SourceError),
    /// No row among the first 20 names the columns of the kind (or of any kind).
    NoHeader {
        kind: Option<Kind>,
        first_row: Vec<String>,
    },
    Missing(Vec<Field>),
    /// `--map` names a column the header does not have (a usage error).
    MapColumn(String),
    /// The database pass failed: the store's own message, in the run's language.
    Database(String),
}

impl ImportError {
    /// Whether the command line was at fault (exit code 2) rather than the file.
    pub fn is_usage(&self) -> bool {
        matches!(self, ImportError::MapColumn(_))
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ImportError::Source(e), _) => e.message(lang),
            (ImportError::NoHeader { kind, first_row }, Lang::Zh) => format!(
                "找不到表头：前 20 行中没有一行含有{}所需的列（{}）。第一行是：{}。可用 --map 列名=字段 指定",
                kind.map_or("任何一类", |k| k.label(lang)),
                needs(*kind, lang),
                inert_join(first_row)
            ),
            (ImportError::NoHeader { kind, first_row }, Lang::En) => format!(
                "no header row: none of the first 20 rows has the columns {} need ({}). The first row is: {}. Use --map COLUMN=FIELD",
                kind.map_or("any kind", |k| k.label(lang)),
                needs(*kind, lang),
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
            (ImportError::Database(m), _) => m.clone(),
        }
    }
}

/// The columns a kind (or each kind) needs, in words.
fn needs(kind: Option<Kind>, lang: Lang) -> String {
    let fields = |k: Kind| {
        k.required()
            .iter()
            .map(|f| f.label(lang))
            .collect::<Vec<_>>()
            .join(lang.t("、", ", "))
    };
    match kind {
        Some(k) => fields(k),
        None => detect::RULES
            .iter()
            .map(|(k, zh, en)| format!("{} {}", k.label(lang), lang.t(zh, en)))
            .collect::<Vec<_>>()
            .join(lang.t("；", "; ")),
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

/// Where the work is, for a progress line: (stage, rows done, rows in all or 0 while unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Checking rows and matching them against the database (a dry run).
    Checking,
    /// The same, writing as it goes (the real import).
    Writing,
}

/// The keys that make two rows "the same record", with their text (name and landline
/// joined).
fn keys(rec: &Record) -> [Option<(KeyKind, Cow<'_, str>)>; 2] {
    fn b(s: &str) -> Cow<'_, str> {
        Cow::Borrowed(s)
    }
    match rec {
        Record::Customer(c) => {
            let o = &c.owner;
            let id = c.id_number.as_ref().map(|i| (KeyKind::IdNumber, b(i)));
            match (&o.mobile, &o.name, &o.landline) {
                (Some(m), _, _) => [Some((KeyKind::Mobile, b(m))), id],
                (None, Some(n), Some(l)) => {
                    [id, Some((KeyKind::NameTel, Cow::Owned(format!("{n} {l}"))))]
                }
                _ => [id, None],
            }
        }
        Record::Vehicle(v) | Record::Sales(SalesRec { vehicle: v, .. }) => [
            v.vin.as_ref().map(|(vin, _)| (KeyKind::Vin, b(vin))),
            v.plate.as_ref().map(|p| (KeyKind::Plate, b(p))),
        ],
        Record::Repair(r) => [Some((KeyKind::RoNumber, b(&r.ro_number))), None],
    }
}

/// A key in words: `mobile 13812341234`.
fn key_label(key: KeyKind, value: &str, lang: Lang) -> String {
    let label = match key {
        KeyKind::Mobile => lang.t("手机", "mobile"),
        KeyKind::IdNumber => lang.t("身份证号", "ID number"),
        KeyKind::NameTel => lang.t("姓名+电话", "name+phone"),
        KeyKind::Vin => lang.t("车架号", "VIN"),
        KeyKind::Plate => lang.t("车牌号", "plate"),
        KeyKind::RoNumber => lang.t("工单号", "RO number"),
    };
    format!("{label} {value}")
}

/// Keeps the first `KEPT` problems and counts them all.
fn keep(into: &mut Vec<Problem>, total: &mut usize, more: Vec<Problem>) {
    *total += more.len();
    let room = KEPT.saturating_sub(into.len());
    into.extend(more.into_iter().take(room));
}

/// One data row of the file after its own checks, in file order.
#[derive(Debug)]
pub enum Checked {
    /// Refused by the file's own checks (a cell, or a repeat of an earlier row): why.
    Refused(Vec<Problem>),
    /// The row's records in the order they are written (customer, vehicle, sale or repair
    /// order), each with a digest of the cells it was read from (a later row naming the
    /// same record with other cells is pointed out), and the notes of its checks.
    Accepted {
        line: usize,
        records: Vec<(Record, u64)>,
        warnings: Vec<Problem>,
    },
}

/// Vectors of a row's records the pass is done with, handed back for the next rows: a
/// row's records take over 1 kB, which glibc serves only after merging every small block
/// freed since (`malloc_consolidate`), a tenth of a dry run's time when asked for a row.
/// The records are dropped when the vector is taken again, by the thread that made them (a
/// block freed by another thread goes back to its arena under a lock).
#[derive(Debug, Default)]
pub struct Spare(Vec<Vec<(Record, u64)>>);

impl Spare {
    /// Vectors kept at most (a database pass holds back a few hundred rows).
    const KEPT: usize = 500;

    /// A row's records done with, their vector kept for a later row.
    pub fn recycle(&mut self, records: Vec<(Record, u64)>) {
        if self.0.len() < Self::KEPT {
            self.0.push(records);
        }
    }

    /// An emptied vector for a row's records.
    fn take(&mut self, room: usize) -> Vec<(Record, u64)> {
        match self.0.pop() {
            Some(mut v) => {
                v.clear();
                v
            }
            None => Vec::with_capacity(room),
        }
    }
}

/// What takes the checked rows: the store's database pass, or `FileOnly`.
pub trait Pass {
    /// Once the header is found: about how many rows to expect (from the file's size), of
    /// these kinds, for room made at once.
    fn expect_rows(&mut self, rows: usize, kinds: &[Kind]);

    /// One data row, in file order; its figures go into `report`. `Break`: stop reading
    /// (the pass keeps why and tells it at `end`, as an error; rows read ahead of it are
    /// dropped).
    fn row(
        &mut self,
        row: Checked,
        report: &mut ImportReport,
        spare: &mut Spare,
    ) -> ControlFlow<()>;

    /// After the last row: the rows held back, and the pass's own figures into `report`.
    fn end(&mut self, report: &mut ImportReport, spare: &mut Spare) -> Result<(), ImportError>;
}

/// The file's own checks, nothing looked up: what a dry run costs before its database pass
/// (the import benchmark's second anchor).
#[derive(Debug, Default)]
pub struct FileOnly;

impl Pass for FileOnly {
    fn expect_rows(&mut self, _rows: usize, _kinds: &[Kind]) {}

    fn row(
        &mut self,
        row: Checked,
        report: &mut ImportReport,
        spare: &mut Spare,
    ) -> ControlFlow<()> {
        match row {
            Checked::Refused(problems) => report.refuse(problems),
            Checked::Accepted {
                records, warnings, ..
            } => {
                report.note(warnings);
                report.accepted += 1;
                spare.recycle(records);
            }
        }
        ControlFlow::Continue(())
    }

    fn end(&mut self, _report: &mut ImportReport, _spare: &mut Spare) -> Result<(), ImportError> {
        Ok(())
    }
}

/// Reads a file already opened (`source::open`), streaming its rows from the disk, and
/// hands each checked row to `pass` on this thread (the file is read and the rows checked
/// on two others meanwhile): memory stays a few chunks of rows and the keys seen, whatever
/// the number of rows.
pub fn read_input(
    input: Input,
    opts: &Options,
    pass: &mut dyn Pass,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Result<ImportReport, ImportError> {
    let size = bytes_of(&input);
    let feed = |sink: &mut source::Sink<'_>| input.stream(source::LIMITS, sink);
    if one_thread() {
        return engine::run(feed, size, opts, pass, progress);
    }
    engine::run_staged(feed, size, opts, pass, progress)
}

/// Whether the import runs on the calling thread alone: on a machine of one core, or when
/// asked (`FRONTDESK_IMPORT_THREADS=1`, to compare with); else the file is read, the rows
/// checked and the pass run on three threads at once.
fn one_thread() -> bool {
    std::env::var_os("FRONTDESK_IMPORT_THREADS").is_some_and(|v| v == "1")
        || std::thread::available_parallelism().map_or(true, |n| n.get() < 2)
}

/// The file's size in bytes (0 when unknown): how many rows to expect.
fn bytes_of(input: &Input) -> u64 {
    match input {
        Input::File(f) => f.metadata().map_or(0, |m| m.len()),
        Input::Bytes(b) => b.len() as u64,
    }
}

/// The file's own checks only (`FileOnly`), streaming its rows like `read_input`.
pub fn check_file(
    path: &Path,
    opts: &Options,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Result<ImportReport, ImportError> {
    let input = source::open(path, source::LIMITS).map_err(ImportError::Source)?;
    read_input(input, opts, &mut FileOnly, progress)
}

/// `read_input` on a table already read from a file.
pub fn read_table(
    table: RawTable,
    opts: &Options,
    pass: &mut dyn Pass,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Result<ImportReport, ImportError> {
    let RawTable { format, rows } = table;
    let size = rows
        .iter()
        .flat_map(|r| &r.cells)
        .map(|c| c.len() as u64 + 1)
        .sum();
    let feed = move |sink: &mut source::Sink<'_>| {
        for r in &rows {
            let cells: Vec<&str> = r.cells.iter().map(String::as_str).collect();
            if sink(r.line, &cells).is_break() {
                break;
            }
        }
        Ok(format)
    };
    if one_thread() {
        return engine::run(feed, size, opts, pass, progress);
    }
    engine::run_staged(feed, size, opts, pass, progress)
}
