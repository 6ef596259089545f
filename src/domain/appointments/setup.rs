//! The store setup for appointments: `assets/store.toml` built in, the store's own
//! `<config dir>/store.toml` merged on top (key by key; lists replace whole). A broken
//! override leaves the built-in setup in use and returns the error alongside.

use crate::domain::calendar::BusinessCalendar;
use crate::domain::complaints::SlaSettings;
use sla::RawSla;

mod sla;
use crate::i18n::Lang;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

/// The built-in setup file.
pub const BUILTIN_TOML: &str = include_str!("../../../assets/store.toml");
/// How errors in the built-in file name it.
pub const BUILTIN_NAME: &str = "assets/store.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawSetup {
    name: String,
    address: String,
    phone: String,
    slot_minutes: i64,
    no_show_grace_minutes: i64,
    loaner_cars: u32,
    advisors: Vec<String>,
    bays: Vec<String>,
    what_to_bring: Vec<String>,
    what_to_bring_en: Vec<String>,
    hours: RawHours,
    closed: RawClosed,
    reminders: RawReminders,
    services: Vec<RawService>,
    /// The store's time zone (empty: the app's config, Asia/Shanghai by default).
    timezone: String,
    sla: RawSla,
}

impl Default for RawSetup {
    fn default() -> Self {
        RawSetup {
            name: String::new(),
            address: String::new(),
            phone: String::new(),
            slot_minutes: 30,
            no_show_grace_minutes: 30,
            loaner_cars: 0,
            advisors: Vec::new(),
            bays: Vec::new(),
            what_to_bring: Vec::new(),
            what_to_bring_en: Vec::new(),
            hours: RawHours::default(),
            closed: RawClosed::default(),
            reminders: RawReminders::default(),
            services: Vec::new(),
            timezone: String::new(),
            sla: RawSla::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawHours {
    mon: String,
    tue: String,
    wed: String,
    thu: String,
    fri: String,
    sat: String,
    sun: String,
}

impl Default for RawHours {
    fn default() -> Self {
        let d = || "08:30-18:00".to_string();
        RawHours {
            mon: d(),
            tue: d(),
            wed: d(),
            thu: d(),
            fri: d(),
            sat: d(),
            sun: d(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawClosed {
    days: Vec<String>,
    holidays: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawReminders {
    day_before_at: String,
    same_day_hours_before: i64,
    same_day_for_morning: bool,
    morning_until: String,
}

impl Default for RawReminders {
    fn default() -> Self {
        RawReminders {
            day_before_at: "16:00".into(),
            same_day_hours_before: 2,
            same_day_for_morning: false,
            morning_until: "12:00".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawService {
    code: String,
    zh: String,
    en: String,
    minutes: u32,
}

impl Default for RawService {
    fn default() -> Self {
        RawService {
            code: String::new(),
            zh: String::new(),
            en: String::new(),
            minutes: 60,
        }
    }
}

/// Opening hours of one day: `open` until `close` (a booking must end by `close`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenHours {
    pub open: NaiveTime,
    pub close: NaiveTime,
}

/// When reminders go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReminderSetup {
    /// Store-local time of the day-before reminder.
    pub day_before_at: NaiveTime,
    /// How long before the slot the same-day reminder is due.
    pub same_day_before: Duration,
    /// Also remind on the day for slots before `morning_until`.
    pub same_day_for_morning: bool,
    pub morning_until: NaiveTime,
}

/// A service type and its default duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceType {
    pub code: String,
    pub zh: String,
    pub en: String,
    pub minutes: u32,
}

impl ServiceType {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh if !self.zh.is_empty() => &self.zh,
            Lang::En if !self.en.is_empty() => &self.en,
            _ => &self.code,
        }
    }
}

/// Whether the store takes bookings on a date, and why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayState {
    Open(OpenHours),
    /// Closed on this weekday every week.
    WeekdayClosed,
    /// Listed in `closed.days`.
    ClosedDay,
    /// A statutory holiday listed in `closed.holidays`.
    Holiday(String),
}

/// The store's setup for appointments.
#[derive(Debug, Clone, PartialEq)]
pub struct StoreSetup {
    pub name: String,
    pub address: String,
    pub phone: String,
    /// Length of one slot of the booking grid.
    pub slot: Duration,
    /// How long after its start a booking not checked in becomes a no-show.
    pub grace: Duration,
    /// Loaner cars that may be promised per day.
    pub loaner_cars: u32,
    pub advisors: Vec<String>,
    pub bays: Vec<String>,
    pub what_to_bring: Vec<String>,
    pub what_to_bring_en: Vec<String>,
    /// Monday first; None: closed that weekday.
    pub hours: [Option<OpenHours>; 7],
    pub closed_days: BTreeSet<NaiveDate>,
    /// Names of statutory holidays (as in the business calendar) on which the store closes.
    pub closed_holidays: Vec<String>,
    pub reminders: ReminderSetup,
    pub services: Vec<ServiceType>,
    /// The store's time zone (from the app settings; not part of the file).
    pub tz: Tz,
    /// Statutory holidays, for `closed_holidays` (built-in plus the store's calendar.toml).
    pub calendar: BusinessCalendar,
    /// The time zone the file names (`timezone`), which wins over the app's config.
    pub timezone: Option<Tz>,
    /// Complaint deadlines (`[sla]`); `business_hours` there is false unless the file says.
    pub sla: SlaSettings,
    /// Whether the file says how deadlines count (else the app's config decides).
    pub sla_business_hours: Option<bool>,
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

fn toml_error(text: &str, file: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(span) => format!("{file}:{}: {}", line_of(text, span.start), e.message()),
        None => format!("{file}: {}", e.message()),
    }
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

fn parse_hours(s: &str) -> Result<Option<OpenHours>, String> {
    let t = s.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("closed") || t == "休息" {
        return Ok(None);
    }
    let (a, b) = t
        .split_once('-')
        .ok_or_else(|| format!("`{s}` is not HH:MM-HH:MM or \"closed\""))?;
    match (parse_time(a), parse_time(b)) {
        (Some(open), Some(close)) if open < close => Ok(Some(OpenHours { open, close })),
        (Some(_), Some(_)) => Err(format!("`{s}`: opening is not before closing")),
        _ => Err(format!("`{s}` is not HH:MM-HH:MM or \"closed\"")),
    }
}

fn parse_days(list: &[String], out: &mut BTreeSet<NaiveDate>) -> Result<(), String> {
    let date = |s: &str| {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| format!("closed.days: `{s}` is not YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD"))
    };
    for item in list {
        let (a, b) = match item.split_once("..") {
            Some((a, b)) => (date(a)?, date(b)?),
            None => (date(item)?, date(item)?),
        };
        if b < a || (b - a).num_days() > 366 {
            return Err(format!(
                "closed.days: `{item}` is not a range of up to a year"
            ));
        }
        out.extend(a.iter_days().take_while(|d| *d <= b));
    }
    Ok(())
}

fn names(key: &str, list: &[String]) -> Result<Vec<String>, String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for n in list {
        let n = n.trim();
        if n.is_empty() {
            return Err(format!("{key}: an empty name"));
        }
        if !seen.insert(n.to_string()) {
            return Err(format!("{key}: `{n}` is listed twice"));
        }
        out.push(n.to_string());
    }
    Ok(out)
}

impl RawSetup {
    fn build(self) -> Result<StoreSetup, String> {
        if !(5..=240).contains(&self.slot_minutes) {
            return Err("slot_minutes must be between 5 and 240".into());
        }
        if !(0..=24 * 60).contains(&self.no_show_grace_minutes) {
            return Err("no_show_grace_minutes must be between 0 and 1440".into());
        }
        let h = &self.hours;
        let mut hours = [None; 7];
        for (i, (key, v)) in [
            ("mon", &h.mon),
            ("tue", &h.tue),
            ("wed", &h.wed),
            ("thu", &h.thu),
            ("fri", &h.fri),
            ("sat", &h.sat),
            ("sun", &h.sun),
        ]
        .into_iter()
        .enumerate()
        {
            hours[i] = parse_hours(v).map_err(|e| format!("hours.{key}: {e}"))?;
        }
        let mut closed_days = BTreeSet::new();
        parse_days(&self.closed.days, &mut closed_days)?;
        let r = &self.reminders;
        let reminders = ReminderSetup {
            day_before_at: parse_time(&r.day_before_at).ok_or_else(|| {
                format!(
                    "reminders.day_before_at: `{}` is not HH:MM",
                    r.day_before_at
                )
            })?,
            same_day_before: Duration::hours(r.same_day_hours_before.clamp(0, 24)),
            same_day_for_morning: r.same_day_for_morning,
            morning_until: parse_time(&r.morning_until).ok_or_else(|| {
                format!(
                    "reminders.morning_until: `{}` is not HH:MM",
                    r.morning_until
                )
            })?,
        };
        let mut codes = BTreeSet::new();
        let mut services = Vec::new();
        for s in self.services {
            let code = s.code.trim().to_string();
            if code.is_empty() {
                return Err("services: a service without `code`".into());
            }
            if !codes.insert(code.clone()) {
                return Err(format!("services: code `{code}` is listed twice"));
            }
            if s.minutes == 0 || s.minutes > 24 * 60 {
                return Err(format!("services.{code}: minutes must be 1 to 1440"));
            }
            services.push(ServiceType {
                code,
                zh: s.zh.trim().into(),
                en: s.en.trim().into(),
                minutes: s.minutes,
            });
        }
        let timezone = match self.timezone.trim() {
            "" => None,
            t => Some(t.parse::<Tz>().map_err(|_| {
                format!("timezone: `{t}` is not a time zone name like Asia/Shanghai")
            })?),
        };
        let sla = self.sla.build()?;
        Ok(StoreSetup {
            timezone,
            sla,
            sla_business_hours: self.sla.business_hours,
            name: self.name.trim().into(),
            address: self.address.trim().into(),
            phone: self.phone.trim().into(),
            slot: Duration::minutes(self.slot_minutes),
            grace: Duration::minutes(self.no_show_grace_minutes),
            loaner_cars: self.loaner_cars,
            advisors: names("advisors", &self.advisors)?,
            bays: names("bays", &self.bays)?,
            what_to_bring: self.what_to_bring,
            what_to_bring_en: self.what_to_bring_en,
            hours,
            closed_days,
            closed_holidays: names("closed.holidays", &self.closed.holidays)?,
            reminders,
            services,
            tz: chrono_tz::Asia::Shanghai,
            calendar: BusinessCalendar::default(),
        })
    }
}

/// `over`'s keys replace `base`'s; tables are merged recursively.
pub fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

impl StoreSetup {
    /// The complaint deadlines in force: the file's, counted as the file says, else as the
    /// app's config says. The one rule for the app and the CLI alike.
    pub fn sla_in_force(&self, config_business_hours: bool) -> SlaSettings {
        SlaSettings {
            business_hours: self.sla_business_hours.unwrap_or(config_business_hours),
            ..self.sla.clone()
        }
    }

    /// Parses one setup file on its own (keys it lacks take the plain defaults).
    pub fn parse(text: &str, file: &str) -> Result<StoreSetup, String> {
        let raw: RawSetup = toml::from_str(text).map_err(|e| toml_error(text, file, &e))?;
        let mut s = raw.build().map_err(|e| format!("{file}: {e}"))?;
        s.calendar = BusinessCalendar::builtin();
        Ok(s)
    }

    /// The built-in setup. A unit test checks the asset, so this does not fail in a
    /// released build.
    pub fn builtin() -> StoreSetup {
        match StoreSetup::parse(BUILTIN_TOML, BUILTIN_NAME) {
            Ok(s) => s,
            Err(e) => panic!("built-in store setup is broken: {e}"),
        }
    }

    /// Which of this store's contact fields ("address", "phone") are still the built-in
    /// sample's: every confirmation and reminder prints them to customers. None for the
    /// sample store itself (the demo keeps the sample's name too).
    pub fn sample_contacts(&self) -> Vec<&'static str> {
        static SAMPLE: std::sync::OnceLock<StoreSetup> = std::sync::OnceLock::new();
        let sample = SAMPLE.get_or_init(StoreSetup::builtin);
        if self.name == sample.name {
            return Vec::new();
        }
        let mut same = Vec::new();
        if self.address == sample.address {
            same.push("address");
        }
        if self.phone == sample.phone {
            same.push("phone");
        }
        same
    }

    /// The built-in setup with a store's file on top. A broken file leaves the built-in
    /// setup intact and returns the error (`file:line: problem`) alongside.
    pub fn with_override_text(text: &str, file: &str) -> (StoreSetup, Option<String>) {
        let fallback = StoreSetup::builtin;
        // Check the store's file alone first, so errors carry its line numbers.
        if let Err(e) = toml::from_str::<RawSetup>(text) {
            return (fallback(), Some(toml_error(text, file, &e)));
        }
        let (Ok(mut base), Ok(over)) = (
            BUILTIN_TOML.parse::<toml::Table>(),
            text.parse::<toml::Table>(),
        ) else {
            return (fallback(), Some(format!("{file}: not valid TOML")));
        };
        merge(&mut base, over);
        let built = toml::Value::Table(base)
            .try_into::<RawSetup>()
            .map_err(|e| e.to_string())
            .and_then(RawSetup::build);
        match built {
            Ok(mut s) => {
                s.calendar = BusinessCalendar::builtin();
                (s, None)
            }
            Err(e) => (fallback(), Some(format!("{file}: {e}"))),
        }
    }

    /// The setup to use: built-in, with `<config_dir>/store.toml` on top when it exists,
    /// and the statutory holidays from `<config_dir>/calendar.toml`. The time zone stays
    /// Asia/Shanghai: set `tz` from the app settings.
    pub fn load(config_dir: Option<&Path>) -> (StoreSetup, Option<String>) {
        let Some(dir) = config_dir else {
            return (StoreSetup::builtin(), None);
        };
        let path = dir.join("store.toml");
        let name = path.display().to_string();
        let (mut setup, err) = match std::fs::read_to_string(&path) {
            Ok(text) => StoreSetup::with_override_text(&text, &name),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (StoreSetup::builtin(), None),
            Err(e) => (StoreSetup::builtin(), Some(format!("{name}: {e}"))),
        };
        setup.calendar = BusinessCalendar::with_overrides(&dir.join("calendar.toml")).0;
        (setup, err)
    }

    /// The same setup in the app's time zone (`Settings::tz`), unless the file names one.
    pub fn with_tz(mut self, tz: Tz) -> StoreSetup {
        self.tz = self.timezone.unwrap_or(tz);
        self
    }

    /// Whether (and when) the store is open on a store-local date.
    pub fn day(&self, date: NaiveDate) -> DayState {
        if self.closed_days.contains(&date) {
            return DayState::ClosedDay;
        }
        // A day off named for two holidays (国庆节、中秋节) is closed for either name.
        if let Some(h) = self.calendar.holiday_name(date)
            && self
                .closed_holidays
                .iter()
                .any(|c| c == h || crate::domain::calendar::holiday_parts(h).any(|p| p == c))
        {
            return DayState::Holiday(h.to_string());
        }
        match self.hours[date.weekday().num_days_from_monday() as usize] {
            Some(h) => DayState::Open(h),
            None => DayState::WeekdayClosed,
        }
    }

    /// The opening hours of a date, None when closed.
    pub fn open_hours(&self, date: NaiveDate) -> Option<OpenHours> {
        match self.day(date) {
            DayState::Open(h) => Some(h),
            _ => None,
        }
    }

    pub fn service(&self, code: &str) -> Option<&ServiceType> {
        self.services.iter().find(|s| s.code == code)
    }

    /// A service's name in `lang`; an unknown code (since removed) shows as itself.
    pub fn service_label(&self, code: &str, lang: Lang) -> String {
        self.service(code)
            .map(|s| s.label(lang).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    /// The services' names joined for messages and lists.
    pub fn services_text(&self, codes: &[String], lang: Lang) -> String {
        let sep = lang.t("、", ", ");
        codes
            .iter()
            .map(|c| self.service_label(c, lang))
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// The default length of a visit for these services: their durations added up and
    /// rounded up to whole slots; one slot at least.
    pub fn default_minutes(&self, codes: &[String]) -> u32 {
        let sum: u32 = codes
            .iter()
            .filter_map(|c| self.service(c))
            .map(|s| s.minutes)
            .sum();
        let slot = self.slot.num_minutes().max(1) as u32;
        sum.div_ceil(slot).max(1) * slot
    }

    /// The starts of the day's slots (none when closed).
    pub fn slot_starts(&self, date: NaiveDate) -> Vec<DateTime<Utc>> {
        let Some(h) = self.open_hours(date) else {
            return Vec::new();
        };
        let close = super::at_local(self.tz, date, h.close);
        let mut t = super::at_local(self.tz, date, h.open);
        let mut out = Vec::new();
        while t < close {
            out.push(t);
            t += self.slot;
        }
        out
    }
}
