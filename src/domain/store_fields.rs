//! The store's setup as fields a supervisor edits one by one (the Settings page and the
//! first-run setup): what each field of `store.toml` is, its value as shown, the check of
//! what was typed (a message in the user's language), and the new `store.toml` text with
//! the edits in it. The file stays the import/export format of the same settings.

use crate::domain::appointments::StoreSetup;
use crate::i18n::Lang;
use chrono::{NaiveDate, NaiveTime};

mod file;
pub use file::{apply, apply_service};

/// The groups the Settings page lists the fields in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Store,
    Hours,
    Resources,
    Services,
    Booking,
    Sla,
    Agents,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Store,
        Section::Hours,
        Section::Resources,
        Section::Services,
        Section::Booking,
        Section::Sla,
        Section::Agents,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Section::Store => lang.t("门店", "Store"),
            Section::Hours => lang.t("营业时间与休息日", "Opening hours and closed days"),
            Section::Resources => lang.t("服务顾问、工位、代步车", "Advisors, bays, loaner cars"),
            Section::Services => lang.t("服务项目与时长", "Service types and durations"),
            Section::Booking => lang.t("预约时段与提醒", "Slots, grace period, reminders"),
            Section::Sla => lang.t("投诉处理时限", "Complaint deadlines (SLA)"),
            Section::Agents => lang.t("坐席与主管", "Agents and supervisors"),
        }
    }
}

/// What a field holds, which decides how typed text is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text up to this many characters (may be empty).
    Text(usize),
    /// A time zone name (Asia/Shanghai); empty: the app's config.
    TimeZone,
    /// `HH:MM-HH:MM`, or 休息 / closed.
    Hours,
    /// `HH:MM`.
    Time,
    /// A whole number in this range.
    Number(i64, i64),
    /// Names separated by commas, at least this many.
    Names(usize),
    /// Dates or date ranges (`2026-02-16..2026-02-19`), separated by commas.
    Days,
    /// 是 / 否 (yes / no).
    YesNo,
}

/// One field of `store.toml`: its key path, its section and its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub path: &'static str,
    pub section: Section,
    pub zh: &'static str,
    pub en: &'static str,
    pub kind: Kind,
}

impl Spec {
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.t(self.zh, self.en)
    }
}

const fn f(
    path: &'static str,
    section: Section,
    zh: &'static str,
    en: &'static str,
    kind: Kind,
) -> Spec {
    Spec {
        path,
        section,
        zh,
        en,
        kind,
    }
}

use Section as S;

/// The field of the statutory holidays the store closes on (names the calendar knows).
pub const CLOSED_HOLIDAYS: &str = "closed.holidays";

/// Every field the Settings page edits, in the order shown (services and agents are lists
/// of records, edited one record at a time).
#[rustfmt::skip]
pub const SPECS: &[Spec] = &[
    f("name", S::Store, "店名", "Store name", Kind::Text(60)),
    f("address", S::Store, "地址", "Address", Kind::Text(120)),
    f("phone", S::Store, "电话", "Phone", Kind::Text(30)),
    f("timezone", S::Store, "时区", "Time zone", Kind::TimeZone),
    f("hours.mon", S::Hours, "周一", "Monday", Kind::Hours),
    f("hours.tue", S::Hours, "周二", "Tuesday", Kind::Hours),
    f("hours.wed", S::Hours, "周三", "Wednesday", Kind::Hours),
    f("hours.thu", S::Hours, "周四", "Thursday", Kind::Hours),
    f("hours.fri", S::Hours, "周五", "Friday", Kind::Hours),
    f("hours.sat", S::Hours, "周六", "Saturday", Kind::Hours),
    f("hours.sun", S::Hours, "周日", "Sunday", Kind::Hours),
    f("closed.days", S::Hours, "休息日", "Closed days", Kind::Days),
    f(CLOSED_HOLIDAYS, S::Hours, "休息的法定节假日", "Holidays closed", Kind::Names(0)),
    f("advisors", S::Resources, "服务顾问", "Advisors", Kind::Names(1)),
    f("bays", S::Resources, "工位", "Bays", Kind::Names(1)),
    f("loaner_cars", S::Resources, "每日代步车", "Loaner cars a day", Kind::Number(0, 500)),
    f("slot_minutes", S::Booking, "时段长度（分钟）", "Slot length (minutes)", Kind::Number(5, 240)),
    f("no_show_grace_minutes", S::Booking, "爽约宽限（分钟）", "No-show grace (minutes)", Kind::Number(1, 1440)),
    f("reminders.day_before_at", S::Booking, "前一天提醒时间", "Day-before reminder at", Kind::Time),
    f("reminders.same_day_hours_before", S::Booking, "当天提前提醒（小时）", "Same-day reminder (hours before)", Kind::Number(1, 24)),
    f("reminders.same_day_for_morning", S::Booking, "上午的预约当天也提醒", "Also remind morning slots that day", Kind::YesNo),
    f("reminders.morning_until", S::Booking, "上午截止时间", "Morning ends at", Kind::Time),
    f("sla.first_contact_minutes", S::Sla, "首次联系（分钟）", "First contact (minutes)", Kind::Number(1, 1440)),
    f("sla.assign_handler_minutes", S::Sla, "指定处理人（分钟）", "Assign a handler (minutes)", Kind::Number(1, 1440)),
    f("sla.resolve_general_hours", S::Sla, "一般投诉办结（小时）", "Resolve general (hours)", Kind::Number(1, 720)),
    f("sla.resolve_major_hours", S::Sla, "重大投诉办结（小时）", "Resolve major (hours)", Kind::Number(1, 2160)),
    f("sla.business_hours", S::Sla, "按工作时间计时", "Count business hours only", Kind::YesNo),
    f("sla.warn_percent", S::Sla, "提前预警（用时 %）", "Warn at (% of the limit)", Kind::Number(1, 99)),
];

/// The spec of a key path.
pub fn spec(path: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.path == path)
}

fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn yes_no(b: bool, lang: Lang) -> String {
    if b {
        lang.t("是", "yes").into()
    } else {
        lang.t("否", "no").into()
    }
}

/// A field's value as shown and as the form starts with. `business_hours` is the value in
/// force for `sla.business_hours` (the file's, else the app's config).
pub fn shown(setup: &StoreSetup, path: &str, business_hours: bool, lang: Lang) -> String {
    let sep = lang.t("，", ", ");
    let day = |i: usize| match setup.hours[i] {
        Some(h) => format!("{}-{}", hm(h.open), hm(h.close)),
        None => lang.t("休息", "closed").into(),
    };
    let r = &setup.reminders;
    let sla = &setup.sla;
    match path {
        "name" => setup.name.clone(),
        "address" => setup.address.clone(),
        "phone" => setup.phone.clone(),
        "timezone" => setup.timezone.unwrap_or(setup.tz).name().to_string(),
        "hours.mon" => day(0),
        "hours.tue" => day(1),
        "hours.wed" => day(2),
        "hours.thu" => day(3),
        "hours.fri" => day(4),
        "hours.sat" => day(5),
        "hours.sun" => day(6),
        "closed.days" => closed_days_text(&setup.closed_days, sep),
        CLOSED_HOLIDAYS => setup.closed_holidays.join(sep),
        "advisors" => setup.advisors.join(sep),
        "bays" => setup.bays.join(sep),
        "loaner_cars" => setup.loaner_cars.to_string(),
        "slot_minutes" => setup.slot.num_minutes().to_string(),
        "no_show_grace_minutes" => setup.grace.num_minutes().to_string(),
        "reminders.day_before_at" => hm(r.day_before_at),
        "reminders.same_day_hours_before" => r.same_day_before.num_hours().to_string(),
        "reminders.same_day_for_morning" => yes_no(r.same_day_for_morning, lang),
        "reminders.morning_until" => hm(r.morning_until),
        "sla.first_contact_minutes" => sla.first_contact.num_minutes().to_string(),
        "sla.assign_handler_minutes" => sla.assign_handler.num_minutes().to_string(),
        "sla.resolve_general_hours" => sla.resolve_general.num_hours().to_string(),
        "sla.resolve_major_hours" => sla.resolve_major.num_hours().to_string(),
        "sla.business_hours" => yes_no(business_hours, lang),
        "sla.warn_percent" => ((sla.warn_ratio * 100.0).round() as i64).to_string(),
        _ => String::new(),
    }
}

/// Closed days as typed: runs of consecutive days as ranges.
fn closed_days_text(days: &std::collections::BTreeSet<NaiveDate>, sep: &str) -> String {
    let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for d in days {
        match runs.last_mut() {
            Some((_, end)) if end.succ_opt() == Some(*d) => *end = *d,
            _ => runs.push((*d, *d)),
        }
    }
    runs.iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}..{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// Splits a typed list on commas (either width), 、 and semicolons.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ';', '；'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn time(text: &str) -> Option<NaiveTime> {
    let t = text.trim();
    // Exactly HH:MM (chrono also takes 8:3).
    if t.len() != 5 || t.as_bytes()[2] != b':' {
        return None;
    }
    NaiveTime::parse_from_str(t, "%H:%M").ok()
}

/// Checks what was typed into a field: the value for the file, or why not (in `lang`).
pub fn parse(spec: &Spec, text: &str, lang: Lang) -> Result<toml::Value, String> {
    let t = text.trim();
    let said = |zh: String, en: String| match lang {
        Lang::Zh => zh,
        Lang::En => en,
    };
    match spec.kind {
        Kind::Text(max) => {
            if t.chars().count() > max || t.chars().any(char::is_control) {
                return Err(said(
                    format!("最多 {max} 个字，且不含控制字符"),
                    format!("at most {max} characters, no control characters"),
                ));
            }
            if spec.path == "name" && t.is_empty() {
                return Err(said("请填写店名".into(), "the store needs a name".into()));
            }
            if spec.path == "phone"
                && !t.is_empty()
                && let Some(m) = store_phone_problem(t, lang)
            {
                return Err(m);
            }
            Ok(toml::Value::String(t.into()))
        }
        Kind::TimeZone => match t.parse::<chrono_tz::Tz>() {
            Ok(tz) => Ok(toml::Value::String(tz.name().into())),
            Err(_) => Err(said(
                format!("“{t}”不是时区名称，例如 Asia/Shanghai"),
                format!("`{t}` is not a time zone name such as Asia/Shanghai"),
            )),
        },
        Kind::Hours => {
            if t.is_empty() || t == "休息" || t.eq_ignore_ascii_case("closed") {
                return Ok(toml::Value::String("closed".into()));
            }
            let bad = || {
                said(
                    "应为 开门-关门，如 08:30-18:00，或“休息”".into(),
                    "opening-closing such as 08:30-18:00, or \"closed\"".into(),
                )
            };
            let (a, b) = t.split_once('-').ok_or_else(bad)?;
            match (time(a), time(b)) {
                (Some(open), Some(close)) if open < close => {
                    Ok(toml::Value::String(format!("{}-{}", hm(open), hm(close))))
                }
                (Some(_), Some(_)) => Err(said(
                    "开门时间须早于关门时间".into(),
                    "opening must be before closing".into(),
                )),
                _ => Err(bad()),
            }
        }
        Kind::Time => time(t).map(|x| toml::Value::String(hm(x))).ok_or_else(|| {
            said(
                "时间应为 时:分，如 16:00".into(),
                "a time is HH:MM, e.g. 16:00".into(),
            )
        }),
        Kind::Number(min, max) => match t.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(toml::Value::Integer(n)),
            _ => Err(said(
                format!("应为 {min} 到 {max} 之间的整数"),
                format!("a whole number from {min} to {max}"),
            )),
        },
        Kind::Names(least) => {
            let names = split_list(t);
            if names.len() < least {
                return Err(said(
                    format!("至少填 {least} 个名字，用逗号分开"),
                    format!(
                        "at least {least} name{}, separated by commas",
                        crate::i18n::plural(least)
                    ),
                ));
            }
            let mut seen = std::collections::BTreeSet::new();
            for n in &names {
                if n.chars().count() > 40 || n.chars().any(char::is_control) {
                    return Err(said(
                        format!("“{n}”太长（最多 40 个字）"),
                        format!("`{n}` is too long (40 characters at most)"),
                    ));
                }
                if !seen.insert(n.clone()) {
                    return Err(said(
                        format!("“{n}”重复了"),
                        format!("`{n}` is listed twice"),
                    ));
                }
            }
            Ok(toml::Value::Array(
                names.into_iter().map(toml::Value::String).collect(),
            ))
        }
        Kind::Days => {
            let mut out = Vec::new();
            for item in split_list(t) {
                let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
                let ok = match item.split_once("..") {
                    Some((a, b)) => match (date(a), date(b)) {
                        (Some(a), Some(b)) => b >= a && (b - a).num_days() <= 366,
                        _ => false,
                    },
                    None => date(&item).is_some(),
                };
                if !ok {
                    return Err(said(
                        format!(
                            "“{item}”应为日期 2026-10-01 或日期范围 2026-10-01..2026-10-07（一年以内）"
                        ),
                        format!(
                            "`{item}` is not a date 2026-10-01 or a range 2026-10-01..2026-10-07 (up to a year)"
                        ),
                    ));
                }
                out.push(toml::Value::String(item));
            }
            Ok(toml::Value::Array(out))
        }
        Kind::YesNo => match t.to_lowercase().as_str() {
            "是" | "y" | "yes" | "true" => Ok(toml::Value::Boolean(true)),
            "否" | "n" | "no" | "false" => Ok(toml::Value::Boolean(false)),
            _ => Err(said("请填“是”或“否”".into(), "yes or no".into())),
        },
    }
}

/// A service type as edited (its code stays: bookings store it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEdit {
    pub code: String,
    pub zh: String,
    pub en: String,
    pub minutes: String,
}

/// Checks a service as typed: `(field, message)` for each problem. `new`: the code must be
/// free and well formed.
pub fn service_problems(
    s: &ServiceEdit,
    existing: &StoreSetup,
    new: bool,
    lang: Lang,
) -> Vec<(&'static str, String)> {
    let mut bad = Vec::new();
    let code = s.code.trim();
    if new {
        if code.is_empty()
            || code.len() > 30
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            bad.push((
                "code",
                lang.t(
                    "代码用小写英文字母、数字或下划线，最多 30 个",
                    "lower-case letters, digits or _, 30 at most",
                )
                .into(),
            ));
        } else if existing.service(code).is_some() {
            bad.push(("code", lang.t("已有此代码", "this code exists").into()));
        }
    }
    if s.zh.trim().is_empty() && s.en.trim().is_empty() {
        bad.push(("zh", lang.t("请填写名称", "a name is needed").into()));
    }
    for (k, v) in [("zh", &s.zh), ("en", &s.en)] {
        if v.trim().chars().count() > 40 {
            bad.push((k, lang.t("最多 40 个字", "40 characters at most").into()));
        }
    }
    if !matches!(s.minutes.trim().parse::<u32>(), Ok(1..=1440)) {
        bad.push((
            "minutes",
            lang.t("时长为 1 到 1440 分钟", "1 to 1440 minutes").into(),
        ));
    }
    bad
}

/// Checks the holidays the store closes on (`closed.holidays`, as `parse` read them)
/// against the names the store's calendar knows (`known`): a name it does not know would
/// never close the store, so it is refused (the form lists the names there are).
pub fn holidays_problem(value: &toml::Value, known: &[String], lang: Lang) -> Option<String> {
    let names = value.as_array()?;
    let unknown = names
        .iter()
        .filter_map(toml::Value::as_str)
        .find(|n| !known.iter().any(|k| k == n))?;
    Some(match lang {
        Lang::Zh => format!("日历中没有“{unknown}”这个节日"),
        Lang::En => format!("the calendar has no holiday named `{unknown}`"),
    })
}

/// Checks an employee number: 1–16 digits.
pub fn emp_no_problem(emp_no: &str, lang: Lang) -> Option<String> {
    let e = emp_no.trim();
    (e.is_empty() || e.len() > 16 || !e.chars().all(|c| c.is_ascii_digit())).then(|| {
        lang.t("工号为 1–16 位数字", "an employee number is 1–16 digits")
            .into()
    })
}

/// Checks the store's phone, printed in every message to customers: a landline with its
/// area code, a mobile, or a 400/800 hotline (separators allowed).
pub fn store_phone_problem(phone: &str, lang: Lang) -> Option<String> {
    if crate::domain::validate::normalize_phone(phone).is_ok() {
        return None;
    }
    let digits: String = crate::domain::validate::to_half_width(phone)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let separators_only = crate::domain::validate::to_half_width(phone)
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' '));
    let hotline = separators_only
        && digits.len() == 10
        && ["400", "800"].iter().any(|p| digits.starts_with(p));
    (!hotline).then(|| {
        lang.t(
            "应为带区号的固定电话、手机或 400/800 热线，如 0755-12345678",
            "a landline with its area code, a mobile or a 400/800 hotline, e.g. 0755-12345678",
        )
        .into()
    })
}

/// Checks a person's name: 1–40 characters, no control characters.
pub fn person_name_problem(name: &str, lang: Lang) -> Option<String> {
    let n = name.trim();
    (n.is_empty() || n.chars().count() > 40 || n.chars().any(char::is_control)).then(|| {
        lang.t("姓名为 1–40 个字", "a name is 1–40 characters")
            .into()
    })
}

#[cfg(test)]
mod tests;
