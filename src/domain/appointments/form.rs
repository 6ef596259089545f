//! The booking form: what must be filled in and be known to the setup, and what the agent
//! must confirm (a part expected too late).

use super::{Availability, NewBooking, Part, StoreSetup, local};
use crate::i18n::Lang;
use chrono::{DateTime, NaiveDate, Utc};

/// Something the agent must confirm before the booking is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A part to be ordered is expected on the slot's day or later.
    PartLate {
        part: String,
        expected: NaiveDate,
        slot: NaiveDate,
    },
}

impl Warning {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                Warning::PartLate {
                    part,
                    expected,
                    slot,
                },
                Lang::Zh,
            ) => format!(
                "配件「{part}」预计 {expected} 到货，不早于预约日 {slot}：可能到店时配件未到，请确认"
            ),
            (
                Warning::PartLate {
                    part,
                    expected,
                    slot,
                },
                Lang::En,
            ) => format!(
                "Part \"{part}\" is expected {expected}, not before the visit on {slot}: it may not be there in time — confirm to book anyway"
            ),
        }
    }
}

/// The parts expected on the slot's day or later (arrival that day is not certain to be
/// before the slot).
pub fn late_parts(setup: &StoreSetup, parts: &[Part], start: DateTime<Utc>) -> Vec<Warning> {
    let slot = local(setup.tz, start).date();
    parts
        .iter()
        .filter_map(|p| match p.availability {
            Availability::ToOrder { expected } if expected >= slot => Some(Warning::PartLate {
                part: p.name.clone(),
                expected,
                slot,
            }),
            _ => None,
        })
        .collect()
}

/// What is wrong with a booking form, field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NoServices,
    UnknownService(String),
    UnknownAdvisor(String),
    UnknownBay(String),
    BadLength(u32),
    PartWithoutName,
    NegativeQuote(String),
    DeclinedWithoutReason(String),
    TooLong(&'static str),
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Problem::NoServices, _) => lang
                .t("请选择服务项目", "Choose at least one service")
                .into(),
            (Problem::UnknownService(c), Lang::Zh) => format!("未知的服务项目：{c}"),
            (Problem::UnknownService(c), Lang::En) => format!("Unknown service: {c}"),
            (Problem::UnknownAdvisor(a), Lang::Zh) if a.is_empty() => "请选择服务顾问".into(),
            (Problem::UnknownAdvisor(a), Lang::En) if a.is_empty() => "Choose an advisor".into(),
            (Problem::UnknownAdvisor(a), Lang::Zh) => format!("服务顾问「{a}」不在门店设置中"),
            (Problem::UnknownAdvisor(a), Lang::En) => {
                format!("Advisor \"{a}\" is not in the store setup")
            }
            (Problem::UnknownBay(b), Lang::Zh) if b.is_empty() => "请选择工位".into(),
            (Problem::UnknownBay(b), Lang::En) if b.is_empty() => "Choose a bay".into(),
            (Problem::UnknownBay(b), Lang::Zh) => format!("工位「{b}」不在门店设置中"),
            (Problem::UnknownBay(b), Lang::En) => format!("Bay \"{b}\" is not in the store setup"),
            (Problem::BadLength(m), Lang::Zh) => format!("时长 {m} 分钟无效"),
            (Problem::BadLength(m), Lang::En) => format!("A length of {m} minutes is not valid"),
            (Problem::PartWithoutName, _) => lang.t("配件名称为空", "A part has no name").into(),
            (Problem::NegativeQuote(p), Lang::Zh) => format!("配件「{p}」的报价为负数"),
            (Problem::NegativeQuote(p), Lang::En) => format!("The quote for \"{p}\" is negative"),
            (Problem::DeclinedWithoutReason(i), Lang::Zh) => format!("客户不做「{i}」的原因未填"),
            (Problem::DeclinedWithoutReason(i), Lang::En) => {
                format!("No reason given for declining \"{i}\"")
            }
            (Problem::TooLong(f), Lang::Zh) => format!("{f} 过长"),
            (Problem::TooLong(f), Lang::En) => format!("{f} is too long"),
        }
    }
}

/// Longest free text kept (need, history, notes), in characters.
pub const MAX_TEXT: usize = 2000;

/// Checks a booking form against the setup: every problem, in form order.
pub fn validate(setup: &StoreSetup, b: &NewBooking) -> Vec<Problem> {
    let mut out = Vec::new();
    if b.services.is_empty() {
        out.push(Problem::NoServices);
    }
    for s in &b.services {
        if setup.service(s).is_none() {
            out.push(Problem::UnknownService(s.clone()));
        }
    }
    for (name, text) in [("need", &b.need), ("history", &b.history)] {
        if text.chars().count() > MAX_TEXT {
            out.push(Problem::TooLong(name));
        }
    }
    if !setup.advisors.iter().any(|a| a == b.advisor.trim()) {
        out.push(Problem::UnknownAdvisor(b.advisor.trim().into()));
    }
    if !setup.bays.iter().any(|a| a == b.bay.trim()) {
        out.push(Problem::UnknownBay(b.bay.trim().into()));
    }
    if let Some(m) = b.minutes
        && (m == 0 || m > 24 * 60)
    {
        out.push(Problem::BadLength(m));
    }
    for p in &b.parts {
        if p.name.trim().is_empty() {
            out.push(Problem::PartWithoutName);
        } else if p.quote_fen < 0 {
            out.push(Problem::NegativeQuote(p.name.clone()));
        }
    }
    for d in &b.declined {
        if d.reason.trim().is_empty() {
            out.push(Problem::DeclinedWithoutReason(d.item.clone()));
        }
    }
    out
}
