//! Storage: one SQLite file per store, shared by every agent's process.
//!
//! Opening checks the file before touching it (a foreign, corrupt or newer file is refused and
//! left byte-for-byte unchanged), sets the measured pragmas (`../shared/RELIABILITY.md`), takes
//! a backup, and migrates forward. Every write runs in a `BEGIN IMMEDIATE` transaction.
//!
//! All of the crate's SQL lives under this folder: the reports and their drill-downs
//! (`reports`), an import's database pass (`import`) and the demo store's bulk fill (`demo`)
//! included; `tests/architecture.rs` fails on SQL anywhere else.

pub mod access;
mod error;
pub mod migrate;
pub mod open;

pub mod agents;
pub mod appointments;
pub mod audit;
pub mod board;
pub mod callbacks;
pub mod calls;
pub mod complaints;
pub mod customers;
pub mod demo;
pub mod drafts;
pub mod events;
pub mod files;
pub mod handover;
pub(crate) mod import;
pub mod improvements;
pub mod kb;
pub mod maintenance;
pub mod name_keys;
pub mod quality;
pub mod rentals;
pub mod reports;
pub mod search;
pub mod settings;
pub mod sms;
pub mod stale;
pub mod timeline;
pub mod vehicles;

pub use error::{OpenError, StoreError};
pub use open::{APPLICATION_ID, Db, Interrupter, Opening, inspect};

use chrono::{DateTime, Utc};

/// A new globally unique id (UUIDv7: time-ordered, so merged stores sort sensibly).
pub fn new_uuid() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Who is writing and when: every change carries both.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub agent_id: Option<i64>,
    pub at: DateTime<Utc>,
}

/// Upper bound for a prefix range scan: `col >= prefix AND col < prefix_end(prefix)` uses
/// the column's index, where `LIKE 'x%'` would not under the default collation.
pub(crate) fn prefix_end(prefix: &str) -> String {
    let mut s = prefix.to_string();
    s.push(char::MAX);
    s
}

/// Tests: the query plan SQLite chooses for `sql` with `params` on a new store, one
/// `EXPLAIN QUERY PLAN` line (its detail) per step.
#[cfg(test)]
pub(crate) fn query_plan(sql: &str, params: impl rusqlite::Params) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("store.db")).unwrap();
    let mut st = db
        .conn()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    st.query_map(params, |r| r.get(3))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}
