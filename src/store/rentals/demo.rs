//! The demo store's rentals (`frontdesk demo --rental`): the store switched to rental mode,
//! three branches, a year of finished rentals (their return surveys planned by the
//! callback planner), cars out now (some past their return), long rentals and repeat
//! renters for the care rule, and breakdowns logged against about one rental in ten.

use super::{NewBreakdown, NewRental, create, log_breakdown, record_return};
use crate::domain::calls::Dispatch;
use crate::domain::rentals::Fault;
use crate::store::calls::{RescueStep, rescue_step};
use crate::store::{Actor, Db, StoreError, settings};
use chrono::{DateTime, Duration, Utc};

pub const BRANCHES: [&str; 3] = ["城东门店", "机场网点", "高铁站网点"];
const FAULTS: [Fault; 6] = [
    Fault::Tyre,
    Fault::Battery,
    Fault::Engine,
    Fault::Accident,
    Fault::Keys,
    Fault::Electrical,
];
const PLACES: [&str; 4] = [
    "绕城高速 K23 处",
    "机场高速收费站出口",
    "市区人民路与解放路口",
    "高铁站东广场停车场",
];

/// How many rentals and breakdowns the demo made.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub rentals: usize,
    pub out: usize,
    pub breakdowns: usize,
}

/// Fills the rental desk of a demo store whose archive is already made: up to `cars`
/// cars of the archive are rented out, deterministically per `seed`. `now`: the store's
/// current time.
pub fn fill(
    db: &mut Db,
    actor: Actor,
    now: DateTime<Utc>,
    cars: usize,
    seed: u64,
) -> Result<Counts, StoreError> {
    settings::set(db, actor, "store.mode", "rental", None)?;
    let fleet = fleet(db, cars)?;
    let mut c = Counts::default();
    let mut contract = 0usize;
    for (i, (vehicle_id, customer_id)) in fleet.iter().copied().enumerate() {
        let k = i as u64 + seed;
        // Finished rentals going back a year: two to five per car, 1–40 days each.
        let mut t = now - Duration::days(360 - (k % 20) as i64);
        let past = 2 + (k % 4) as usize;
        for j in 0..past {
            let days = [2, 3, 5, 7, 1, 40, 4, 31][(k as usize + j) % 8];
            let start = t;
            let planned = start + Duration::days(days);
            // Most come back on time, some a day late.
            let back = planned + Duration::hours(if (k + j as u64) % 7 == 0 { 26 } else { -2 });
            if back >= now - Duration::days(1) {
                break;
            }
            contract += 1;
            let id = create(
                db,
                Actor { at: start, ..actor },
                &NewRental {
                    contract_no: format!("R{}{:05}", start.format("%y%m"), contract),
                    vehicle_id,
                    customer_id,
                    branch: BRANCHES[(k as usize + j) % 3].into(),
                    start_at: start,
                    planned_return_at: planned,
                },
            )?;
            c.rentals += 1;
            // A breakdown moves the rental to its version 2.
            let mut version = 1;
            if (k + j as u64) % 9 == 0 {
                breakdown(db, actor, id, start + Duration::hours(20), k + j as u64)?;
                c.breakdowns += 1;
                version += 1;
            }
            let branch = BRANCHES[(k as usize + j + 1) % 3];
            record_return(db, Actor { at: back, ..actor }, id, version, back, branch)?;
            t = back + Duration::days(3 + (k % 25) as i64);
        }
        // Two cars in three are out now; about one of those in eight is past its return.
        if i % 3 != 2 {
            let start = now - Duration::days(1 + (k % 9) as i64);
            let planned = if i % 12 == 0 {
                now - Duration::hours(5 + (k % 30) as i64)
            } else {
                now + Duration::days([1, 3, 6, 30][i % 4]) - Duration::hours((k % 8) as i64)
            };
            contract += 1;
            let id = create(
                db,
                Actor { at: start, ..actor },
                &NewRental {
                    contract_no: format!("R{}{:05}", start.format("%y%m"), contract),
                    vehicle_id,
                    customer_id,
                    branch: BRANCHES[i % 3].into(),
                    start_at: start,
                    planned_return_at: planned,
                },
            )?;
            c.rentals += 1;
            c.out += 1;
            if i % 10 == 1 {
                // Spread over the last day, so their rescue calls do not share a minute.
                let at = now - Duration::minutes(150 + (i / 10 * 97 % 1200) as i64);
                breakdown(db, actor, id, at.max(start), k)?;
                c.breakdowns += 1;
            }
        }
    }
    Ok(c)
}

/// Logs a breakdown on a rental just entered (its version 1), and works the rescue case it
/// opens through to its result: contacted within 10 minutes, help sent, closed.
fn breakdown(
    db: &mut Db,
    actor: Actor,
    rental_id: i64,
    at: DateTime<Utc>,
    k: u64,
) -> Result<(), StoreError> {
    let fault = FAULTS[(k % 6) as usize];
    let logged = log_breakdown(
        db,
        Actor { at, ..actor },
        &NewBreakdown {
            rental_id,
            fault,
            occurred_at: at,
            place: PLACES[(k % 4) as usize].into(),
            note: String::new(),
        },
        1,
    )?;
    let (how, result) = match fault {
        Fault::Tyre => (Dispatch::Technician, "已到场更换备胎，客户继续行程"),
        Fault::Battery => (Dispatch::Technician, "已到场搭电启动，客户继续行程"),
        Fault::Keys => (Dispatch::Technician, "已送备用钥匙到场"),
        _ => (Dispatch::Tow, "已拖回门店维修，并为客户换车"),
    };
    let steps = [
        (10, RescueStep::Contacted),
        (
            20,
            RescueStep::Dispatched {
                how,
                technician: "救援组".into(),
                eta: "40分钟".into(),
            },
        ),
        (
            100,
            RescueStep::Closed {
                result: result.into(),
            },
        ),
    ];
    for (minutes, step) in steps {
        let at = at + Duration::minutes(minutes);
        rescue_step(db, Actor { at, ..actor }, logged.rescue_id, &step)?;
    }
    Ok(())
}

/// The archive's cars with their owners, up to `limit`.
fn fleet(db: &Db, limit: usize) -> Result<Vec<(i64, i64)>, StoreError> {
    let mut st = db.conn().prepare(
        "SELECT id, customer_id FROM vehicles WHERE customer_id IS NOT NULL ORDER BY id LIMIT ?1",
    )?;
    let rows = st.query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
