//! The demo store's hand-overs: the repair documents of the last year reached the desk —
//! most within a working day of the hand-back, some late, a few still missing — each with its
//! receipt (day, advisor); older repair orders count as handed over on the day. The sales
//! files' receipts follow the hand-over day the generator gave them.

use crate::domain::calendar::BusinessCalendar;
use crate::domain::handover::{HandoverKind, REPAIR_DOCUMENTS};
use crate::store::customers::parse_date;
use crate::store::{Db, StoreError, new_uuid};
use chrono::{DateTime, Days, NaiveDate, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::params;

/// How many repair orders and sales files got receipts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DemoHandovers {
    pub repair: usize,
    pub sales: usize,
}

/// Fills the hand-overs of a freshly made demo store (see the module note). Deterministic
/// per seed.
pub fn fill(
    db: &mut Db,
    at: DateTime<Utc>,
    today: NaiveDate,
    cal: &BusinessCalendar,
    seed: u64,
) -> Result<DemoHandovers, StoreError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4841_4e44_4f56_4552);
    let store_id = db.store_id().to_string();
    let cutoff = today - Days::new(365);
    let recent = today - Days::new(45);
    let now = crate::clock::to_db(at);
    db.write(|tx| {
        let mut counts = DemoHandovers::default();
        tx.execute(
            "UPDATE repair_orders SET documents_received = closed
             WHERE closed IS NOT NULL AND closed < ?1 AND documents_received IS NULL",
            [cutoff.to_string()],
        )?;
        let rows: Vec<(i64, String, String)> = {
            let mut st = tx.prepare(
                "SELECT id, closed, advisor FROM repair_orders
                 WHERE closed >= ?1 AND closed <= ?2 AND documents_received IS NULL ORDER BY id",
            )?;
            st.query_map(params![cutoff.to_string(), today.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<Result<_, _>>()?
        };
        let mut insert = tx.prepare_cached(
            "INSERT INTO document_receipts(uuid, store_id, file_kind, file_id, doc_key,
                received_on, handed_by, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL)",
        )?;
        let mut set =
            tx.prepare_cached("UPDATE repair_orders SET documents_received = ?1 WHERE id = ?2")?;
        for (id, closed, advisor) in rows {
            let Some(closed) = parse_date(Some(closed)) else {
                continue;
            };
            let deadline = HandoverKind::Repair.deadline(closed, cal);
            let roll: f64 = rng.random();
            let day = if roll < 0.04 && closed >= recent {
                None // still missing
            } else if roll < 0.16 {
                Some(cal.add_workdays(deadline, rng.random_range(1..=4)))
            } else if rng.random_bool(0.6) {
                Some(closed)
            } else {
                Some(deadline)
            };
            let Some(day) = day.filter(|d| *d <= today) else {
                continue;
            };
            for (key, _, _) in REPAIR_DOCUMENTS {
                insert.execute(params![
                    new_uuid(),
                    store_id,
                    "repair",
                    id,
                    key,
                    day.to_string(),
                    advisor,
                    now
                ])?;
            }
            set.execute(params![day.to_string(), id])?;
            counts.repair += 1;
        }
        let sales: Vec<(i64, String, String, String)> = {
            let mut st = tx.prepare(
                "SELECT id, documents, documents_received, salesperson FROM sales_files
                 WHERE delivery_date >= ?1 AND documents_received IS NOT NULL ORDER BY id",
            )?;
            st.query_map([cutoff.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?
        };
        for (id, docs, received, salesperson) in sales {
            let ticked: std::collections::BTreeMap<String, bool> =
                serde_json::from_str(&docs).unwrap_or_default();
            for (key, _) in ticked.iter().filter(|(_, have)| **have) {
                insert.execute(params![
                    new_uuid(),
                    store_id,
                    "sales",
                    id,
                    key,
                    received,
                    salesperson,
                    now
                ])?;
            }
            counts.sales += 1;
        }
        Ok(counts)
    })
}
