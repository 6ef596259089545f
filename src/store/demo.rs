//! The demo store's bulk writes: a year of calls (`calls`), weeks of worked callback tasks
//! (`callbacks`) and the connection settings used while a demo database is filled.

pub mod callbacks;
pub mod calls;
pub mod improvements;

use super::{Db, StoreError};

/// A demo store is made in one go and can simply be made again: trade durability for speed
/// while filling.
pub fn fast_fill_begin(db: &Db) -> Result<(), StoreError> {
    db.conn()
        .execute_batch("PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;")?;
    Ok(())
}

/// Restores the measured settings after a demo fill and lets SQLite refresh its statistics.
pub fn fast_fill_end(db: &Db) -> Result<(), StoreError> {
    db.conn()
        .execute_batch("PRAGMA synchronous = FULL; PRAGMA cache_size = -2000; PRAGMA optimize;")?;
    Ok(())
}
