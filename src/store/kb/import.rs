//! An import's write: every article in one transaction (all or nothing). An article whose
//! kind and title are already in service becomes a new version of it; one unchanged is
//! left alone.

use super::{create_in, find_by_title, get, replace_in};
use crate::domain::kb::Article;
use crate::store::{Actor, Db, StoreError};

/// What an import did (or, checked without writing, would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Writes the articles when `apply`, else only counts what would change.
pub fn import(
    db: &mut Db,
    actor: Actor,
    articles: &[Article],
    apply: bool,
) -> Result<ImportCounts, StoreError> {
    let mut counts = ImportCounts::default();
    if !apply {
        for a in articles {
            match find_by_title(db.conn(), a.kind, &a.title())? {
                None => counts.created += 1,
                Some((id, _)) if get(db.conn(), id)?.article == *a => counts.unchanged += 1,
                Some(_) => counts.updated += 1,
            }
        }
        return Ok(counts);
    }
    db.write(|tx| {
        for a in articles {
            match find_by_title(tx, a.kind, &a.title())? {
                None => {
                    create_in(tx, actor, a)?;
                    counts.created += 1;
                }
                Some((id, _)) if get(tx, id)?.article == *a => counts.unchanged += 1,
                Some((id, version)) => {
                    replace_in(tx, actor, id, version, a)?;
                    counts.updated += 1;
                }
            }
        }
        Ok(())
    })?;
    Ok(counts)
}
