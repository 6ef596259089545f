//! Data in and out of the store for the office: reports as plain text, CSV or XLSX, and
//! imports of customers, vehicles, sales files and repair orders from what dealer systems
//! export.
//!
//! - `decode`: text encodings (UTF-8, UTF-8 BOM, UTF-16 BOM, GBK read as GB18030).
//! - `source`: an import file (CSV/TSV or a spreadsheet) → rows of text cells, within
//!   `source::LIMITS`, streamed from the disk (`source::text` decodes a buffer at a time);
//!   `spreadsheet` streams an XLSX after measuring its zip.
//! - `columns`: header names in Chinese or English → fields, and `--map 列名=field`.
//! - `import`: row checks, duplicates, matching against the store, one all-or-nothing write.
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
