//! Whether the store is a rental company, and the long-term renter rule's settings: store-
//! wide values (`store.mode`, `rentals.long_term_days`, `rentals.repeat_per_year`).

use crate::domain::rentals::{LongTermRule, StoreMode};
use rusqlite::Connection;

/// A store-wide setting's value (None when unset or unreadable: the default applies).
fn setting(conn: &Connection, key: &str) -> Option<String> {
    crate::store::settings::get(conn, key).ok().flatten()
}

/// What this store is (a dealership unless set to rental).
pub fn mode(conn: &Connection) -> StoreMode {
    StoreMode::from_setting(setting(conn, crate::domain::rentals::MODE_KEY).as_deref())
}

/// The long-term renter rule with this store's thresholds.
pub fn long_term_rule(conn: &Connection) -> LongTermRule {
    let d = LongTermRule::default();
    let num = |key: &str| setting(conn, key).and_then(|v| v.trim().parse::<i64>().ok());
    LongTermRule {
        min_days: num(crate::domain::rentals::LONG_DAYS_KEY)
            .filter(|n| (1..=3650).contains(n))
            .unwrap_or(d.min_days),
        repeat_rentals: num(crate::domain::rentals::REPEAT_KEY)
            .filter(|n| (1..=365).contains(n))
            .map(|n| n as usize)
            .unwrap_or(d.repeat_rentals),
    }
}
