//! Files in and out for the office: reports written as plain text, CSV or XLSX, and the
//! files dealer systems export (customers, vehicles, sales files, repair orders) read into
//! checked rows. Only files: the store is opened and written by the command line
//! (`crate::cli::files`) and the store (`crate::store::import`); `tests/architecture.rs`
//! fails when a file here names the database, who acts, or a store function.
//!
//! - `decode`: text encodings (UTF-8, UTF-8 BOM, UTF-16 BOM, GBK read as GB18030).
//! - `source`: an import file (CSV/TSV or a spreadsheet) → rows of text cells, within
//!   `source::LIMITS`, streamed from the disk (`source::text` decodes a buffer at a time);
//!   `spreadsheet` streams an XLSX after measuring its zip.
//! - `columns`: header names in Chinese or English → fields, and `--map 列名=field`.
//! - `import`: a file's rows read into checked records (row checks, duplicates in the file),
//!   handed to a `Pass`: the store's database pass (`crate::store::import`) or none.
//! - `sheet`, `xlsx`: writing a sheet as CSV (via `crate::export`), XLSX or text (the reports
//!   that fill sheets, and what each figure counts, are `crate::store::reports`).
//! - `privacy`: exports masked as on screen for agents (full and audited for supervisors).
//! - `sms`: the SMS gateway's hand-off file and its result file.
//! - `printout`: the morning appointment printout (plain text for A4).

pub mod columns;
pub mod decode;
pub mod import;
pub mod kb_import;
pub mod printout;
pub mod privacy;
pub mod sheet;
pub mod sms;
pub mod source;
mod spreadsheet;
pub mod xlsx;

pub use columns::Kind;
pub use sheet::{Sheet, Value};
