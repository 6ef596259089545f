//! `frontdesk demo`: a realistic synthetic store to try the app on.

use super::start::open_db;
use crate::clock::Clock;
use crate::config::Settings;
use crate::i18n::Lang;
use crate::store::Actor;
use anyhow::{Result, anyhow};
use std::io::{IsTerminal, Write};
use std::time::Instant;

pub fn run(settings: &Settings, customers: usize, seed: u64, rental: bool) -> Result<i32> {
    let lang = settings.lang;
    let clock = Clock::from_env(settings.tz).map_err(|e| anyhow!(e))?;
    let mut db = open_db(settings)?;
    let started = Instant::now();
    let actor = Actor {
        agent_id: None,
        at: clock.now(),
    };
    // The progress line is for a person watching: not into a file or a pipe.
    let mut err = std::io::stderr();
    let watched = err.is_terminal();
    let counts = crate::demo::fill(
        &mut db,
        actor,
        clock.tz(),
        clock.today(),
        customers,
        seed,
        |done| {
            if watched {
                let _ = write!(err, "\r{done}/{customers}");
                let _ = err.flush();
            }
        },
    )
    .map_err(|e| anyhow!(e.message(lang)))?;
    if watched {
        eprintln!();
    }
    let rentals = if rental {
        let cars = (customers / 2).clamp(1, 300);
        Some(
            crate::store::rentals::demo::fill(&mut db, actor, clock.now(), cars, seed)
                .map_err(|e| anyhow!(e.message(lang)))?,
        )
    } else {
        None
    };
    let secs = started.elapsed().as_secs_f64();
    match lang {
        Lang::Zh => println!(
            "演示门店已生成：{} 位客户、{} 辆车、{} 份销售档案、{} 张维修工单、{} 通来电、{} 个预约，用时 {secs:.1} 秒。\n数据库：{}\n打开：frontdesk --db {} --agent 1001",
            counts.customers,
            counts.vehicles,
            counts.sales_files,
            counts.repair_orders,
            counts.calls,
            counts.appointments,
            db.path().display(),
            db.path().display()
        ),
        Lang::En => println!(
            "Demo store ready: {} customers, {} vehicles, {} sales files, {} repair orders, {} calls, {} appointments in {secs:.1} s.\nDatabase: {}\nOpen it: frontdesk --db {} --agent 1001",
            counts.customers,
            counts.vehicles,
            counts.sales_files,
            counts.repair_orders,
            counts.calls,
            counts.appointments,
            db.path().display(),
            db.path().display()
        ),
    }
    if let Some(r) = rentals {
        match lang {
            Lang::Zh => println!(
                "租车公司模式：{} 份租赁合同（{} 辆车在租），{} 次途中故障。",
                r.rentals, r.out, r.breakdowns
            ),
            Lang::En => println!(
                "Rental company mode: {} rental contracts ({} cars out now), {} breakdowns.",
                r.rentals, r.out, r.breakdowns
            ),
        }
    }
    Ok(0)
}
