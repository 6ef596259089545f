//! The `[sla]` table of `store.toml`: the complaint deadlines a store sets for itself.

use crate::domain::complaints::SlaSettings;
use chrono::Duration;
use serde::Deserialize;

/// Complaint deadlines (each key optional: unset keys keep the defaults of DOMAIN).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct RawSla {
    pub(super) first_contact_minutes: Option<i64>,
    pub(super) assign_handler_minutes: Option<i64>,
    pub(super) resolve_general_hours: Option<i64>,
    pub(super) resolve_major_hours: Option<i64>,
    pub(super) business_hours: Option<bool>,
    pub(super) warn_percent: Option<i64>,
}

impl RawSla {
    pub(super) fn build(&self) -> Result<SlaSettings, String> {
        let d = SlaSettings::default();
        let pick = |key: &str, v: Option<i64>, max: i64, unit: fn(i64) -> Duration, default| match v
        {
            None => Ok(default),
            Some(n) if (1..=max).contains(&n) => Ok(unit(n)),
            Some(_) => Err(format!("sla.{key} must be 1 to {max}")),
        };
        let warn = match self.warn_percent {
            None => d.warn_ratio,
            Some(p) if (1..=99).contains(&p) => p as f64 / 100.0,
            Some(_) => return Err("sla.warn_percent must be 1 to 99".into()),
        };
        Ok(SlaSettings {
            first_contact: pick(
                "first_contact_minutes",
                self.first_contact_minutes,
                1440,
                Duration::minutes,
                d.first_contact,
            )?,
            assign_handler: pick(
                "assign_handler_minutes",
                self.assign_handler_minutes,
                1440,
                Duration::minutes,
                d.assign_handler,
            )?,
            resolve_general: pick(
                "resolve_general_hours",
                self.resolve_general_hours,
                720,
                Duration::hours,
                d.resolve_general,
            )?,
            resolve_major: pick(
                "resolve_major_hours",
                self.resolve_major_hours,
                2160,
                Duration::hours,
                d.resolve_major,
            )?,
            business_hours: self.business_hours.unwrap_or(false),
            warn_ratio: warn,
        })
    }
}
