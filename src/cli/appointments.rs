//! `frontdesk appointments [--date YYYY-MM-DD]`: the day's bookings as a printout for A4
//! (time, advisor, bay, customer, plate, services, status; see `crate::io::printout`);
//! today when no date is given.

use crate::clock::Clock;
use crate::config::Settings;
use crate::store::appointments;
use anyhow::{Result, anyhow};

pub fn run(s: &Settings, date: Option<&str>) -> Result<i32> {
    let lang = s.lang;
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    let date = match date {
        Some(d) => super::flags::date(lang, "--date", d)?,
        None => clock.today(),
    };
    let db = crate::cli::start::open_store(&s.db_path, lang)?;
    let loaded = crate::setup::load(
        &crate::store::settings::files(db.conn()),
        s.config_dir.as_deref(),
        s.tz,
    );
    let setup = loaded.store;
    for e in loaded.errors {
        eprintln!(
            "frontdesk: {}: {e}",
            lang.t(
                "门店设置有误，使用内置设置",
                "store setup has errors, using the built-in one"
            )
        );
    }
    let rows = appointments::day(db.conn(), date, s.tz).map_err(|e| anyhow!(e.message(lang)))?;
    print!(
        "{}",
        crate::io::printout::day_sheet(&rows, &setup, date, lang)
    );
    Ok(0)
}
