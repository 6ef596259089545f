//! The one clock. Every rule that depends on the time reads `Clock::now()`; nothing calls
//! `Utc::now()` inline. `FRONTDESK_NOW=2026-11-23T09:30` (store time) fixes "now" for the
//! whole app, for tests and demos. Times are stored in UTC and shown in the store's zone.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone)]
pub struct Clock {
    tz: Tz,
    fixed: Option<DateTime<Utc>>,
}

impl Clock {
    /// A clock that follows the system time.
    pub fn system(tz: Tz) -> Self {
        Clock { tz, fixed: None }
    }

    /// A clock stopped at `at`.
    pub fn fixed(tz: Tz, at: DateTime<Utc>) -> Self {
        Clock {
            tz,
            fixed: Some(at),
        }
    }

    /// Reads `FRONTDESK_NOW` (store-local `YYYY-MM-DDTHH:MM[:SS]`, or a date); the system
    /// clock when it is unset. A malformed value is an error, not a silent fallback.
    pub fn from_env(tz: Tz) -> Result<Self, String> {
        match std::env::var("FRONTDESK_NOW") {
            Ok(v) if !v.trim().is_empty() => {
                let local = parse_local(v.trim()).ok_or_else(|| {
                    format!("FRONTDESK_NOW={v}: expected YYYY-MM-DDTHH:MM (store time)")
                })?;
                let at = tz
                    .from_local_datetime(&local)
                    .earliest()
                    .ok_or_else(|| format!("FRONTDESK_NOW={v}: not a valid local time"))?;
                Ok(Clock::fixed(tz, at.with_timezone(&Utc)))
            }
            _ => Ok(Clock::system(tz)),
        }
    }

    /// The same clock (system or stopped at the same instant) showing another zone.
    pub fn with_tz(&self, tz: Tz) -> Self {
        Clock { tz, ..self.clone() }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.fixed.unwrap_or_else(Utc::now)
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    pub fn is_fixed(&self) -> bool {
        self.fixed.is_some()
    }

    /// Now, in the store's zone.
    pub fn local_now(&self) -> DateTime<Tz> {
        self.now().with_timezone(&self.tz)
    }

    /// Today's date in the store's zone.
    pub fn today(&self) -> NaiveDate {
        self.local_now().date_naive()
    }

    /// Formats a stored UTC instant as store-local `YYYY-MM-DD HH:MM`.
    pub fn fmt_local(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.tz)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }
}

fn parse_local(s: &str) -> Option<NaiveDateTime> {
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// Stored form of an instant: RFC 3339 in UTC with seconds, e.g. `2026-11-22T01:30:00Z`,
/// which sorts as text.
pub fn to_db(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub fn from_db(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_time_is_read_in_the_store_zone() {
        let t = parse_local("2026-11-23T09:30").unwrap();
        let tz: Tz = "Asia/Shanghai".parse().unwrap();
        let at = tz
            .from_local_datetime(&t)
            .earliest()
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(to_db(at), "2026-11-23T01:30:00Z");
        let c = Clock::fixed(tz, at);
        assert_eq!(c.today(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert_eq!(c.fmt_local(at), "2026-11-23 09:30");
        // Just after midnight in Shanghai is still the previous day in UTC.
        let early = tz
            .from_local_datetime(&parse_local("2026-11-23T00:10").unwrap())
            .earliest()
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(Clock::fixed(tz, early).today().to_string(), "2026-11-23");
        assert_eq!(early.date_naive().to_string(), "2026-11-22");
    }

    #[test]
    fn db_round_trip() {
        let at = from_db("2026-11-22T01:30:00Z").unwrap();
        assert_eq!(to_db(at), "2026-11-22T01:30:00Z");
        assert!(from_db("garbage").is_none());
        assert!(parse_local("2026-13-01T00:00").is_none());
        assert_eq!(
            parse_local("2026-11-01").unwrap().to_string(),
            "2026-11-01 00:00:00"
        );
    }
}
