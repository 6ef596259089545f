//! Demo bookings for the demo store: the past month (mostly completed, with their repair
//! orders; some cancelled, some no-shows), today (some come and in service, some still
//! expected) and the next fortnight, for the store's existing customers. Deterministic per
//! seed; every booking fits the built-in setup's capacity (no overlaps of advisor, bay or
//! vehicle; loaner cars within the daily count).

use super::flow::{event_kind, insert_reminders};
use crate::clock::to_db;
use crate::domain::appointments::{
    self as da, Booked, Channel, Declined, MessageCtx, Part, StoreSetup, Transport, Want,
};
use crate::store::{Db, StoreError, new_uuid};
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, params};

mod life;
use life::Life;

/// SplitMix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    fn minutes(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::minutes(lo + self.below((hi - lo + 1).max(1) as usize) as i64)
    }
}

/// Mixed into the seed so bookings do not replay the customers' stream.
const SEED_MIX: u64 = 0xA990_1A7E_D3A1_0006;

/// (service code, weight, needs in the customer's words, parts: name, yuan).
type Kind = (
    &'static str,
    u32,
    &'static [&'static str],
    &'static [(&'static str, i64)],
);
const KINDS: &[Kind] = &[
    (
        "maintenance",
        40,
        &[
            "到保养里程了，做个常规保养",
            "仪表盘提示保养",
            "快到一年了，想做保养",
        ],
        &[("机油滤清器", 68), ("全合成机油 4L", 380)],
    ),
    (
        "major_maintenance",
        8,
        &["四万公里大保养", "想做个全面保养，顺便查查刹车"],
        &[
            ("空气滤清器", 120),
            ("空调滤芯", 150),
            ("火花塞（4 只）", 360),
        ],
    ),
    (
        "diagnosis",
        14,
        &[
            "发动机故障灯亮了",
            "刹车时有异响",
            "怠速时方向盘抖动",
            "空调不制冷",
        ],
        &[],
    ),
    (
        "repair",
        12,
        &[
            "左前大灯不亮",
            "车窗升降有异响",
            "雨刮器不回位",
            "刹车片报警",
        ],
        &[("前刹车片", 680), ("大灯总成", 1850)],
    ),
    (
        "warranty",
        6,
        &["中控屏偶尔黑屏，还在保修期", "天窗漏水"],
        &[("中控主机", 0)],
    ),
    (
        "tyres",
        8,
        &["右后轮胎扎了钉子", "跑高速方向跑偏，想做四轮定位"],
        &[("轮胎 225/55 R17", 860)],
    ),
    (
        "body_paint",
        5,
        &["右后门刮擦，需要钣金喷漆", "前保险杠剐蹭"],
        &[],
    ),
    ("inspection", 4, &["下个月年审，先检测一下"], &[]),
    ("nev_check", 3, &["续航明显下降，想检测电池"], &[]),
];

fn pick_kind(rng: &mut Rng) -> &'static Kind {
    let total: u32 = KINDS.iter().map(|k| k.1).sum();
    let mut x = rng.below(total as usize) as u32;
    for k in KINDS {
        if x < k.1 {
            return k;
        }
        x -= k.1;
    }
    &KINDS[0]
}

struct Vehicle {
    customer_id: i64,
    vehicle_id: i64,
    name: String,
    plate: Option<String>,
    mileage: u32,
}

/// Books a realistic past month, today and the next fortnight for the existing customers
/// (about one booking a day for every 150 customers, 4 to 24 a day). Returns how many
/// bookings were made; 0 when the store already has bookings or no vehicles.
pub fn demo_fill(
    db: &mut Db,
    now: DateTime<Utc>,
    tz: Tz,
    seed: u64,
    customers: usize,
) -> Result<usize, StoreError> {
    let mut setup = StoreSetup::builtin();
    setup.tz = tz;
    let store_id = db.store_id().to_string();
    let mut rng = Rng(seed ^ SEED_MIX);
    db.write(|tx| {
        let have: i64 = tx.query_row("SELECT count(*) FROM appointments", [], |r| r.get(0))?;
        let vehicles = load_vehicles(tx, customers)?;
        if have > 0 || vehicles.is_empty() || setup.advisors.is_empty() || setup.bays.is_empty() {
            return Ok(0);
        }
        let agents: Vec<i64> = {
            let mut st = tx.prepare("SELECT id FROM agents WHERE active = 1 ORDER BY emp_no")?;
            let rows = st.query_map([], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let per_day = (customers / 150).clamp(4, 24);
        let today = da::local(tz, now).date();
        let first = today.checked_sub_days(Days::new(30)).unwrap_or(today);
        let mut made = 0;
        for date in first.iter_days().take(45) {
            let n = per_day * (7 + rng.below(7)) / 10;
            made += fill_day(
                tx, &store_id, &setup, &mut rng, &vehicles, &agents, date, n, now,
            )?;
        }
        Ok(made)
    })
}

fn load_vehicles(tx: &Connection, customers: usize) -> Result<Vec<Vehicle>, StoreError> {
    let mut st = tx.prepare(
        "SELECT v.customer_id, v.id, c.name, v.plate, coalesce(v.mileage_km, 0)
         FROM vehicles v JOIN customers c ON c.id = v.customer_id
         WHERE v.plate IS NOT NULL ORDER BY v.id LIMIT ?1",
    )?;
    let rows = st.query_map([customers.clamp(1, 20_000) as i64], |r| {
        Ok(Vehicle {
            customer_id: r.get(0)?,
            vehicle_id: r.get(1)?,
            name: r.get(2)?,
            plate: r.get(3)?,
            mileage: u32::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[allow(clippy::too_many_arguments)]
fn fill_day(
    tx: &Connection,
    store_id: &str,
    setup: &StoreSetup,
    rng: &mut Rng,
    vehicles: &[Vehicle],
    agents: &[i64],
    date: NaiveDate,
    n: usize,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let slots = setup.slot_starts(date);
    if slots.is_empty() {
        return Ok(0);
    }
    let mut day: Vec<Booked> = Vec::new();
    let mut made = 0;
    for _ in 0..n {
        for _try in 0..12 {
            let v = rng.pick(vehicles);
            let kind = pick_kind(rng);
            let services = vec![kind.0.to_string()];
            let start = *rng.pick(&slots);
            let minutes = setup.default_minutes(&services);
            let end = start + Duration::minutes(i64::from(minutes));
            let loaner_wanted = rng.chance(0.1);
            let mut want = Want {
                vehicle_id: v.vehicle_id,
                advisor: rng.pick(&setup.advisors).clone(),
                bay: rng.pick(&setup.bays).clone(),
                start,
                end,
                loaner: loaner_wanted,
                moving: None,
            };
            let Some((advisor, bay)) = da::pick_free(setup, &want, &day) else {
                continue;
            };
            want.advisor = advisor;
            want.bay = bay;
            // Any rule but "in the past" must hold; a loaner car only while one is left.
            let mut limits = da::check(setup, &want, &day, start - Duration::minutes(1));
            if want.loaner
                && limits
                    .iter()
                    .any(|l| matches!(l, da::Limit::LoanersFull { .. }))
            {
                want.loaner = false;
                limits = da::check(setup, &want, &day, start - Duration::minutes(1));
            }
            if !limits.is_empty() {
                continue;
            }
            let id = write_one(tx, store_id, setup, rng, v, agents, kind, &want, now)?;
            day.push(Booked {
                id,
                vehicle_id: want.vehicle_id,
                advisor: want.advisor.clone(),
                bay: want.bay.clone(),
                start,
                end,
                loaner: want.loaner,
            });
            made += 1;
            break;
        }
    }
    Ok(made)
}

#[allow(clippy::too_many_arguments)]
fn write_one(
    tx: &Connection,
    store_id: &str,
    setup: &StoreSetup,
    rng: &mut Rng,
    v: &Vehicle,
    agents: &[i64],
    kind: &Kind,
    want: &Want,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let agent = (!agents.is_empty()).then(|| *rng.pick(agents));
    let start = want.start;
    let walk_in = start <= now && rng.chance(0.12);
    let channel = if walk_in {
        Channel::WalkIn
    } else if rng.chance(0.35) {
        Channel::Online
    } else {
        Channel::Phone
    };
    // Booked at the desk's hours (08:30-17:30) 1-9 days before; a walk-in just before.
    let created = if walk_in {
        start - rng.minutes(5, 40)
    } else {
        let day = da::local(setup.tz, start).date() - Duration::days(1 + rng.below(9) as i64);
        let opened = chrono::NaiveTime::from_hms_opt(8, 30, 0).unwrap_or_default();
        (da::at_local(setup.tz, day, opened) + rng.minutes(0, 540)).min(now)
    };
    let transport = if want.loaner {
        Transport::Loaner
    } else {
        *rng.pick(&[
            Transport::Wait,
            Transport::Wait,
            Transport::DropOff,
            Transport::Shuttle,
        ])
    };
    let mut parts: Vec<Part> = Vec::new();
    for (name, yuan) in kind.3 {
        if !rng.chance(0.7) {
            continue;
        }
        let availability = if rng.chance(0.8) {
            da::Availability::InStock
        } else {
            let before = da::local(setup.tz, start)
                .date()
                .pred_opt()
                .unwrap_or_default();
            da::Availability::ToOrder { expected: before }
        };
        parts.push(Part {
            name: name.to_string(),
            availability,
            quote_fen: yuan * 100,
        });
    }
    // Without a further draw, so the rest of the demo stays as it was for a seed.
    let declined: Vec<Declined> = if rng.chance(0.1) {
        vec![if parts.is_empty() {
            Declined {
                item: "更换雨刮片".into(),
                deferred: true,
                reason: "客户表示下次保养时再换".into(),
            }
        } else {
            Declined {
                item: "四轮定位".into(),
                deferred: false,
                reason: "客户觉得价格偏高，暂不做".into(),
            }
        }]
    } else {
        Vec::new()
    };
    let history = if rng.chance(0.08) {
        "首次到店；此前在其他服务站保养，每年约两次，市区通勤为主".to_string()
    } else {
        String::new()
    };
    let services = vec![kind.0.to_string()];
    let need = rng.pick(kind.2).to_string();
    tx.prepare_cached(
        "INSERT INTO appointments(uuid, store_id, customer_id, vehicle_id, channel, services,
            need, items, parts, advisor, bay, start_at, end_at, transport, history, declined,
            created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '[]', ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
            ?16, ?17, ?16, ?17)",
    )?
    .execute(params![
        new_uuid(),
        store_id,
        v.customer_id,
        v.vehicle_id,
        channel.code(),
        super::to_json(&services),
        need,
        super::to_json(&parts),
        want.advisor,
        want.bay,
        to_db(start),
        to_db(want.end),
        transport.code(),
        history,
        super::to_json(&declined),
        to_db(created),
        agent,
    ])?;
    let id = tx.last_insert_rowid();
    let ev = |at: DateTime<Utc>, who: Option<i64>, kind: &str, body: serde_json::Value| {
        event_kind(tx, id, at, who, kind, &body)
    };
    ev(
        created,
        agent,
        "book",
        serde_json::json!({"start": to_db(start), "end": to_db(want.end), "advisor": want.advisor,
            "bay": want.bay, "channel": channel.code()}),
    )?;
    let ctx = MessageCtx {
        customer: v.name.clone(),
        plate: v.plate.clone(),
        start,
        services: services.clone(),
        advisor: want.advisor.clone(),
    };
    insert_reminders(tx, setup, id, &ctx, created)?;
    let life = Life {
        tx,
        store_id,
        setup,
        id,
        agent,
        created,
        now,
    };
    life.play(rng, v, want, &ctx, &services)?;
    Ok(id)
}
