//! The pinyin keys a customer's name is found under (`customer_name_keys`): every reading
//! combination, ü as `v` and `u`. Written with the name, in the same transaction.

use crate::domain::pinyin::{all_keys, name_keys};
use rusqlite::{Connection, params};

/// Replaces the keys of one customer's name.
pub fn save(tx: &Connection, customer_id: i64, name: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM customer_name_keys WHERE customer_id = ?1")?
        .execute([customer_id])?;
    let mut ins = tx.prepare_cached(
        "INSERT OR IGNORE INTO customer_name_keys(customer_id, pinyin, initials)
         VALUES (?1, ?2, ?3)",
    )?;
    for (pinyin, initials) in all_keys(name) {
        ins.execute(params![customer_id, pinyin, initials])?;
    }
    Ok(())
}

/// Migration step: the first-reading columns rewritten (`lübinyu` → `lvbinyu`) and every
/// stored name keyed.
pub(super) fn rekey_all(tx: &Connection) -> rusqlite::Result<()> {
    let names: Vec<(i64, String)> = tx
        .prepare("SELECT id, name FROM customers")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut upd = tx.prepare(
        "UPDATE customers SET name_pinyin = ?2, name_initials = ?3
         WHERE id = ?1 AND (name_pinyin <> ?2 OR name_initials <> ?3)",
    )?;
    for (id, name) in names {
        let (py, initials) = name_keys(&name);
        upd.execute(params![id, py, initials])?;
        save(tx, id, &name)?;
    }
    Ok(())
}
