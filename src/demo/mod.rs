//! `frontdesk demo`: fills a database with a realistic synthetic store, deterministic per
//! seed (the data comes from `domain::demo_data`).

/// The demo's bulk inserts live in the store with the rest of the SQL.
pub use crate::store::demo::{callbacks, calls};

use crate::domain::demo_data::DemoGenerator;
use crate::store::agents::Role;
use crate::store::{Actor, Db, StoreError, agents, customers, files, vehicles};
use chrono::NaiveDate;
use chrono_tz::Tz;

/// The demo store's staff: supervisor 1001, agents 1002–1006.
pub const DEMO_AGENTS: &[(&str, &str, Role)] = &[
    ("1001", "刘芳", Role::Supervisor),
    ("1002", "陈静", Role::Agent),
    ("1003", "王磊", Role::Agent),
    ("1004", "张丽", Role::Agent),
    ("1005", "李娜", Role::Agent),
    ("1006", "赵敏", Role::Agent),
];

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DemoCounts {
    pub customers: usize,
    pub vehicles: usize,
    pub sales_files: usize,
    pub repair_orders: usize,
    pub calls: usize,
    pub appointments: usize,
    /// Callback tasks worked in the demo's past weeks.
    pub callbacks: usize,
    /// Improvement actions raised in the demo's past weeks.
    pub improvements: usize,
    /// Knowledge-base articles.
    pub kb_articles: usize,
    /// Invitees of the demo's customer events.
    pub event_invitees: usize,
    /// Sales files and repair orders whose documents have receipts.
    pub handovers: usize,
    /// Call-quality reviews (queued, scored and disputed) of the last weeks.
    pub quality_reviews: usize,
}

/// Adds the demo agents and `n` customers with their vehicles and files, in batches of
/// committed transactions, then a year of calls before `actor.at` (store hours in `tz`).
/// Refuses any store that is not brand new (agents, settings or customers in it): demo data
/// would mix with the store's own.
pub fn fill(
    db: &mut Db,
    actor: Actor,
    tz: Tz,
    today: NaiveDate,
    n: usize,
    seed: u64,
    mut progress: impl FnMut(usize),
) -> Result<DemoCounts, StoreError> {
    refuse_unless_new(db)?;
    for (emp, name, role) in DEMO_AGENTS {
        agents::ensure(db, actor, emp, name, *role)?;
    }
    let store_id = db.store_id().to_string();
    // A demo store is made in one go and can simply be made again: trade durability for
    // speed while filling, then restore the measured settings.
    crate::store::demo::fast_fill_begin(db)?;
    let mut generator = DemoGenerator::new(seed, today);
    let mut counts = DemoCounts::default();
    const BATCH: usize = 20_000;
    let mut i = 0;
    while i < n {
        let end = (i + BATCH).min(n);
        db.write(|tx| {
            for index in i..end {
                let c = generator.next_customer(index);
                let cid = customers::insert_in(tx, &store_id, actor, &c.customer)?;
                counts.customers += 1;
                for v in &c.vehicles {
                    let vid = vehicles::insert_in(tx, &store_id, actor, cid, &v.vehicle)?;
                    counts.vehicles += 1;
                    if let Some(s) = &v.sales {
                        files::insert_sales_file_in(tx, &store_id, actor, vid, s)?;
                        counts.sales_files += 1;
                    }
                    for o in &v.repairs {
                        files::insert_repair_order_in(tx, &store_id, actor, vid, o)?;
                        counts.repair_orders += 1;
                    }
                }
            }
            Ok(())
        })?;
        i = end;
        progress(i);
    }
    counts.calls = calls::fill_calls(db, actor.at, tz, n, seed)?;
    counts.appointments = crate::store::appointments::demo_fill(db, actor.at, tz, seed, n)?;
    counts.callbacks = callbacks::fill_callbacks(db, actor.at, tz, seed)?;
    counts.improvements =
        crate::store::demo::improvements::fill_improvements(db, actor.at, tz, seed)?;
    let articles = crate::domain::demo_data::kb::articles(today);
    db.write(|tx| {
        for a in &articles {
            crate::store::kb::create_in(tx, actor, a)?;
        }
        crate::store::kb::transfers::demo_fill(tx)
    })?;
    counts.kb_articles = articles.len();
    counts.event_invitees = crate::store::events::demo::fill_events(db, tz, today, seed)?;
    let calendar = crate::domain::calendar::BusinessCalendar::builtin();
    let handed = crate::store::handover::demo::fill(db, actor.at, today, &calendar, seed)?;
    counts.handovers = handed.repair + handed.sales;
    let reviews = crate::store::quality::demo::fill(db, actor.at, tz, seed)?;
    counts.quality_reviews = reviews.queued + reviews.scored;
    crate::store::demo::fast_fill_end(db)?;
    Ok(counts)
}

/// A demo only ever writes into a brand-new store: no agents, no settings (the first-run
/// check) and no customers. A store set up by hand, even one with no customers yet, is
/// refused with its file named.
fn refuse_unless_new(db: &Db) -> Result<(), StoreError> {
    if agents::first_run::is_new(db)? && customers::count(db.conn())? == 0 {
        return Ok(());
    }
    let file = db.path().display();
    Err(StoreError::Said {
        zh: format!(
            "{file} 不是新建的门店（已有坐席、设置或客户）：演示数据会与本店自己的数据混在一起，未写入任何内容。请为 demo 指定一个新的 --db 路径"
        ),
        en: format!(
            "{file} is not a new store (it has agents, settings or customers): demo data would mix with the store's own, so nothing was written. Give demo a new --db path"
        ),
    })
}

#[cfg(test)]
mod tests;
