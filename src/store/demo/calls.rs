//! The demo store's call log: about one call for every two customers over the past year,
//! every record template among them, filled from the archive the way the call form fills
//! itself and completed with realistic Chinese values. Old rescue cases are worked to the
//! end, old follow-ups answered and old complaints closed; a few stay open around `now` so
//! the boards have something to show: rescue cases waiting for their first contact (one
//! still within its 30 minutes, one overdue) and one dispatched, and a handful of
//! follow-ups, some still within their 24 hours and some overdue.
//!
//! Deterministic per seed: everything is drawn from one ChaCha8 stream, and the calls are
//! saved in the order they happened.

use crate::clock::to_db;
use crate::demo::DEMO_AGENTS;
use crate::domain::calls::{Channel, Direction, Dispatch};
use crate::domain::templates::{Group, Source, Template, TemplateSet};
use crate::store::calls::{self, NewCall};
use crate::store::{Actor, Db, StoreError};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, params};
use std::collections::BTreeMap;

/// Mixed into the seed so the calls do not replay the customers' random stream.
const SEED_MIX: u64 = 0xCA11_5EED_D3A1_E500;
/// Store hours, in minutes after local midnight: 08:30–18:00.
const OPEN_MIN: u32 = 8 * 60 + 30;
const CLOSE_MIN: u32 = 18 * 60;
/// Calls saved per transaction.
const BATCH: usize = 10_000;

mod values;
use values::*;
mod fill;
pub(in crate::store::demo) use fill::work_complaint;
use fill::*;
mod save;
use save::save_slot;

/// A call that is left open on purpose around `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Special {
    None,
    /// Rescue not yet contacted, still within its 30 minutes.
    RescueWaiting,
    /// Rescue not contacted, opened 45+ minutes ago.
    RescueOverdue,
    /// Rescue contacted and dispatched, not closed.
    RescueDispatched,
    /// Unresolved consultation whose follow-up stays open.
    OpenFollowUp,
}

/// One planned call: when, how long, which template.
#[derive(Debug, Clone)]
struct Slot {
    start: DateTime<Utc>,
    secs: i64,
    template: usize,
    resolved: bool,
    special: Special,
    /// Unresolved consultation whose follow-up is left open.
    keep_open: bool,
}

impl Slot {
    fn end(&self) -> DateTime<Utc> {
        self.start + Duration::seconds(self.secs)
    }
}

/// Days of the past year with cumulative weights (weekdays busier).
struct Days {
    days: Vec<(NaiveDate, f64)>,
    total: f64,
    today: NaiveDate,
    /// The last minute of today a call may start at.
    today_cut: u32,
}

impl Days {
    fn new(now_local: DateTime<Tz>) -> Days {
        let today = now_local.date_naive();
        let now_min = now_local.hour() * 60 + now_local.minute();
        // A call starting later than this would not be over before now.
        let today_cut = now_min.saturating_sub(20);
        let mut days = Vec::with_capacity(365);
        let mut total = 0.0;
        for back in (0..365).rev() {
            let d = today - Duration::days(back);
            let mut w = match d.weekday() {
                Weekday::Sat => 0.8,
                Weekday::Sun => 0.5,
                _ => 1.0,
            };
            if d == today {
                let open = today_cut.clamp(OPEN_MIN, CLOSE_MIN) - OPEN_MIN;
                w *= f64::from(open) / f64::from(CLOSE_MIN - OPEN_MIN);
            }
            total += w;
            days.push((d, total));
        }
        Days {
            days,
            total,
            today,
            today_cut,
        }
    }

    fn pick(&self, rng: &mut ChaCha8Rng) -> NaiveDate {
        let u = rng.random_range(0.0..self.total);
        let i = self.days.partition_point(|&(_, c)| c <= u);
        self.days[i.min(self.days.len() - 1)].0
    }
}

/// A minute of the store day: busy mornings and afternoons, quiet over lunch.
fn store_minute(rng: &mut ChaCha8Rng) -> u32 {
    // (from, to, weight per minute)
    const SEGMENTS: [(u32, u32, u32); 6] = [
        (510, 540, 6),
        (540, 690, 13),
        (690, 720, 10),
        (720, 810, 5),
        (810, 1020, 12),
        (1020, 1080, 7),
    ];
    let total: u32 = SEGMENTS.iter().map(|&(a, b, w)| (b - a) * w).sum();
    let mut u = rng.random_range(0..total);
    for (a, b, w) in SEGMENTS {
        let size = (b - a) * w;
        if u < size {
            return a + u / w;
        }
        u -= size;
    }
    OPEN_MIN
}

/// The instant of a store-local date and second of the day.
fn local_instant(tz: Tz, date: NaiveDate, second: u32) -> Option<DateTime<Utc>> {
    let t = date.and_hms_opt(second / 3600, second / 60 % 60, second % 60)?;
    tz.from_local_datetime(&t)
        .earliest()
        .map(|d| d.with_timezone(&Utc))
}

/// `at` if it falls within store hours, else a late-afternoon moment of the store day
/// before it.
fn store_time_before(tz: Tz, at: DateTime<Utc>, rng: &mut ChaCha8Rng) -> DateTime<Utc> {
    let local = at.with_timezone(&tz);
    let m = local.hour() * 60 + local.minute();
    if (OPEN_MIN..CLOSE_MIN - 10).contains(&m) {
        return at;
    }
    let day = if m >= OPEN_MIN {
        local.date_naive()
    } else {
        local.date_naive() - Duration::days(1)
    };
    let second = rng.random_range(16 * 3600 + 30 * 60..17 * 3600 + 45 * 60);
    local_instant(tz, day, second).unwrap_or(at)
}

/// Call length in seconds: routine questions under a minute, complaints the longest.
fn duration_secs(rng: &mut ChaCha8Rng, id: &str) -> i64 {
    let (lo, hi) = match id {
        "consult_station" | "consult_part_price" | "consult_promotion" => (40, 75),
        "consult_price" | "consult_progress" => (45, 150),
        "consult_warranty" | "consult_tech" | "consult_troubleshoot" => (50, 200),
        "rescue_roadside" => (90, 260),
        _ => (150, 360),
    };
    rng.random_range(lo..=hi)
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// The agents who take calls: 1002–1006, the supervisor 1001 now and then (more often for
/// complaints).
fn pick_agent(rng: &mut ChaCha8Rng, agents: &[(i64, String)], group: Group) -> usize {
    let p_supervisor = if group == Group::Complaint { 0.2 } else { 0.05 };
    if rng.random_bool(p_supervisor) {
        0
    } else {
        rng.random_range(1..agents.len())
    }
}

fn pick_channel(rng: &mut ChaCha8Rng, group: Group) -> Channel {
    if group == Group::Rescue {
        return Channel::Phone;
    }
    match rng.random_range(0..100) {
        0..78 => Channel::Phone,
        78..88 => Channel::WeChat,
        88..94 => Channel::WalkIn,
        94..98 => Channel::Chat,
        _ => Channel::Email,
    }
}

// ─────────────────────────────── the archive ───────────────────────────────

struct CustomerRow {
    name: String,
    region: String,
    mobile: Option<String>,
}

struct VehicleRow {
    id: i64,
    brand: String,
    model: String,
    nev: bool,
    purchase: Option<NaiveDate>,
    mileage: Option<i64>,
    plate: Option<String>,
    vin: String,
}

/// A customer and their vehicles.
fn customer_with_vehicles(
    tx: &Connection,
    id: i64,
) -> Result<Option<(CustomerRow, Vec<VehicleRow>)>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT c.name, c.region, c.mobile, v.id, v.brand, v.model, v.energy, v.purchase_date,
                v.mileage_km, v.plate, v.vin
         FROM customers c LEFT JOIN vehicles v ON v.customer_id = c.id
         WHERE c.id = ?1 ORDER BY v.id",
    )?;
    let mut rows = st.query([id])?;
    let mut customer = None;
    let mut vehicles = Vec::new();
    while let Some(r) = rows.next()? {
        if customer.is_none() {
            customer = Some(CustomerRow {
                name: r.get(0)?,
                region: r.get(1)?,
                mobile: r.get(2)?,
            });
        }
        if let Some(vid) = r.get::<_, Option<i64>>(3)? {
            vehicles.push(VehicleRow {
                id: vid,
                brand: r.get(4)?,
                model: r.get(5)?,
                nev: r.get::<_, String>(6)? == "nev",
                purchase: r
                    .get::<_, Option<String>>(7)?
                    .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()),
                mileage: r.get(8)?,
                plate: r.get(9)?,
                vin: r.get(10)?,
            });
        }
    }
    Ok(customer.map(|c| (c, vehicles)))
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The odometer on `day`, from today's reading and the purchase date.
fn mileage_on(v: &VehicleRow, day: NaiveDate, today: NaiveDate) -> Option<i64> {
    let km = v.mileage?;
    let Some(p) = v.purchase else {
        return Some(km);
    };
    let (total, so_far) = ((today - p).num_days(), (day - p).num_days());
    if total <= 0 || so_far >= total {
        return Some(km);
    }
    Some((km * so_far.max(0) / total / 10 * 10).max(10))
}

/// The date a template's complaint refers to: a few days before the call, not before the
/// purchase.
fn days_before(
    rng: &mut ChaCha8Rng,
    day: NaiveDate,
    lo: i64,
    hi: i64,
    floor: Option<NaiveDate>,
) -> String {
    let d = day - Duration::days(rng.random_range(lo..=hi));
    ymd(floor.map_or(d, |f| d.max(f)))
}

/// Adds the demo store's calls for its `customers` customers, over the year before `now`
/// (store hours in `tz`), with the rescue cases, follow-ups and complaints they open. Returns
/// how many calls were saved. Deterministic per seed.
pub fn fill_calls(
    db: &mut Db,
    now: DateTime<Utc>,
    tz: Tz,
    customers: usize,
    seed: u64,
) -> Result<usize, StoreError> {
    let set = TemplateSet::builtin();
    let templates = MIX
        .iter()
        .map(|(id, _)| {
            set.get(id)
                .ok_or_else(|| StoreError::Invalid(format!("built-in template {id} is missing")))
        })
        .collect::<Result<Vec<&Template>, _>>()?;
    let mut agents = Vec::new();
    for (emp, _, _) in DEMO_AGENTS {
        let id: i64 = db
            .conn()
            .query_row("SELECT id FROM agents WHERE emp_no = ?1", [emp], |r| {
                r.get(0)
            })
            .map_err(|_| StoreError::Invalid(format!("demo agent {emp} is missing")))?;
        agents.push((id, emp.to_string()));
    }
    let (first_id, count): (Option<i64>, i64) =
        db.conn()
            .query_row("SELECT min(id), count(*) FROM customers", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
    let Some(first_id) = first_id.filter(|_| count > 0 && customers > 0) else {
        return Ok(0);
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ SEED_MIX);
    let slots = plan(&mut rng, &templates, now, tz, customers);
    let today = now.with_timezone(&tz).date_naive();
    let store_id = db.store_id().to_string();
    let time = db.business_time();
    let mut saved = 0;
    for chunk in slots.chunks(BATCH) {
        db.write(|tx| {
            for slot in chunk {
                save_slot(
                    tx, &store_id, &mut rng, &templates, &agents, slot, first_id, count, now, tz,
                    today, &time,
                )?;
            }
            Ok(())
        })?;
        saved += chunk.len();
    }
    Ok(saved)
}

/// When each call happens and which template it is, in time order.
fn plan(
    rng: &mut ChaCha8Rng,
    templates: &[&Template],
    now: DateTime<Utc>,
    tz: Tz,
    customers: usize,
) -> Vec<Slot> {
    let days = Days::new(now.with_timezone(&tz));
    let total_w: u32 = MIX.iter().map(|m| m.1).sum();
    let n = (customers / 2).max(60);
    // Routine rescue cases are all over before the last few hours.
    let rescue_before = now - Duration::hours(6);
    let mut slots = Vec::with_capacity(n + 6);
    for i in 0..n {
        // The first twelve are one of each template, so a small store has them all.
        let template = if i < MIX.len() {
            i
        } else {
            let mut u = rng.random_range(0..total_w);
            MIX.iter()
                .position(|&(_, w)| {
                    let hit = u < w;
                    u = u.saturating_sub(w);
                    hit
                })
                .unwrap_or(0)
        };
        let t = templates[template];
        let secs = duration_secs(rng, &t.id);
        let mut start = now;
        for _ in 0..50 {
            let day = days.pick(rng);
            let mut minute = store_minute(rng);
            if day == days.today {
                for _ in 0..50 {
                    if minute < days.today_cut {
                        break;
                    }
                    minute = store_minute(rng);
                }
                if minute >= days.today_cut {
                    continue;
                }
            }
            let second = minute * 60 + rng.random_range(0..60);
            let Some(at) = local_instant(tz, day, second) else {
                continue;
            };
            start = at;
            if t.group != Group::Rescue || at + Duration::seconds(secs) < rescue_before {
                break;
            }
        }
        let resolved = match t.group {
            Group::Consult if t.id == "consult_progress" => rng.random_bool(0.75),
            Group::Consult => rng.random_bool(0.87),
            _ => true,
        };
        slots.push(Slot {
            start,
            secs,
            template,
            resolved,
            special: Special::None,
            keep_open: false,
        });
    }
    // The open cases around now.
    let rescue = MIX
        .iter()
        .position(|m| m.0 == "rescue_roadside")
        .unwrap_or(0);
    let minutes =
        |rng: &mut ChaCha8Rng, lo: i64, hi: i64| Duration::minutes(rng.random_range(lo..=hi));
    for (special, ago) in [
        (Special::RescueWaiting, minutes(rng, 8, 20)),
        (Special::RescueOverdue, minutes(rng, 45, 70)),
        (Special::RescueDispatched, minutes(rng, 80, 150)),
    ] {
        let secs = duration_secs(rng, "rescue_roadside");
        slots.push(Slot {
            start: now - ago - Duration::seconds(secs),
            secs,
            template: rescue,
            resolved: true,
            special,
            keep_open: false,
        });
    }
    let consults: Vec<usize> = ["consult_tech", "consult_progress", "consult_part_price"]
        .iter()
        .filter_map(|id| MIX.iter().position(|m| &m.0 == id))
        .collect();
    // Two follow-ups still within their 24 hours, one overdue.
    for ago in [
        minutes(rng, 40, 180),
        minutes(rng, 300, 540),
        minutes(rng, 26 * 60, 40 * 60),
    ] {
        let template = pick(rng, &consults);
        let secs = duration_secs(rng, MIX[template].0);
        let start = store_time_before(tz, now - ago, rng);
        slots.push(Slot {
            start,
            secs,
            template,
            resolved: false,
            special: Special::OpenFollowUp,
            keep_open: true,
        });
    }
    slots.sort_by_key(|s| s.start);
    // Of the routine unresolved consultations, the latest two of the last day and two of the
    // day before stay open too; the rest were answered.
    let (mut recent, mut overdue) = (0, 0);
    for s in slots.iter_mut().rev() {
        let open_consult = templates[s.template].group == Group::Consult
            && !s.resolved
            && s.special == Special::None;
        if !open_consult {
            continue;
        }
        let end = s.end();
        if end > now - Duration::hours(24) && recent < 2 {
            recent += 1;
            s.keep_open = true;
        } else if end <= now - Duration::hours(24) && end > now - Duration::hours(48) && overdue < 2
        {
            overdue += 1;
            s.keep_open = true;
        } else if end <= now - Duration::hours(48) {
            break;
        }
    }
    slots
}

#[cfg(test)]
mod tests;
