//! The values of an audit entry's before/after in words: codes become labels of the user's
//! language, phone and ID numbers stay masked as the lists show them, nested records read
//! as "field value" pairs. A value that cannot be said in the user's language (a code this
//! table does not know, in the Chinese UI) is `None`: the sentence counts it instead.

use super::words;
use crate::domain::rentals;
use crate::domain::templates::TemplateSet;
use crate::domain::validate::{mask_id_number, mask_in_text, mask_mobile};
use crate::domain::{appointments, callbacks, complaints, events, improvements, kb, quality};
use crate::i18n::Lang;
use serde_json::Value;

/// What the words of a value depend on: the record kind, the language and the store's
/// call templates (a call names its template by id).
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub entity: &'a str,
    pub lang: Lang,
    pub templates: &'a TemplateSet,
    /// The store's zone: stored instants are UTC and read in store-local time.
    pub tz: chrono_tz::Tz,
    /// The year the entry was written in (store time): instants of that year are told
    /// without it (`12-05 09:00`).
    pub year: Option<i32>,
    /// The agents' names by id (a task's holder, an improvement's owner).
    pub agents: &'a [(i64, String)],
}

/// The label of a code-valued field, by field and record kind.
fn code_label(c: Ctx, key: &str, code: &str) -> Option<String> {
    let (entity, lang) = (c.entity, c.lang);
    let t = |zh: &str, en: &str| Some(lang.t(zh, en).to_string());
    let s = |l: &'static str| Some(l.to_string());
    match (key, entity) {
        ("status" | "from" | "to", "appointment") => {
            appointments::Status::from_code(code).and_then(|x| s(x.label(lang)))
        }
        ("status", "callback_task") => {
            callbacks::Status::from_code(code).and_then(|x| s(x.label(lang)))
        }
        ("status", "improvement") => {
            improvements::Status::from_code(code).and_then(|x| s(x.label(lang)))
        }
        ("status", "event") => events::EventStatus::from_code(code).and_then(|x| s(x.label(lang))),
        ("status", "complaint") => {
            complaints::Status::from_code(code).and_then(|x| s(x.label(lang)))
        }
        ("status", "quality_review") => {
            quality::ReviewStatus::from_code(code).and_then(|x| s(x.label(lang)))
        }
        ("channel", "appointment") => {
            appointments::Channel::from_code(code).and_then(|x| s(x.label(lang)))
        }
        ("channel", _) => callbacks::Channel::from_code(code).and_then(|x| s(x.label(lang))),
        ("kind", "event") => events::EventKind::from_code(code).and_then(|x| s(x.label(lang))),
        ("kind", "kb_article") => kb::KbKind::parse(code).and_then(|x| s(x.label(lang))),
        ("kind", "callback_task" | "callback_plan") | ("created" | "skipped", _) => {
            callbacks::Kind::from_code(code).and_then(|x| s(x.label(lang)))
        }
        ("kind", _) => words::noun(code, lang).map(str::to_string),
        ("step", "rescue") => {
            use crate::domain::calls::RescueStage as R;
            let stage = match code {
                "contacted" => R::Contacted,
                "dispatched" => R::Dispatched,
                "closed" => R::Closed,
                _ => return None,
            };
            s(stage.label(lang))
        }
        ("how", _) => {
            crate::domain::calls::Dispatch::from_code(code).and_then(|x| s(x.label(lang)))
        }
        ("source", _) => match code {
            "callback_tasks" | "callback_task" => t("回访", "callback"),
            "calls" | "call" => t("来电", "call"),
            _ => None,
        },
        ("answer", _) => events::Answer::from_code(code).and_then(|x| s(x.label(lang))),
        ("department", _) => {
            improvements::Department::from_code(code).and_then(|x| s(x.label(lang)))
        }
        ("category", _) => complaints::Category::from_code(code).and_then(|x| s(x.label(lang))),
        ("pause_reason" | "confirm_how" | "remedy" | "severity" | "escalation", _) => {
            complaint_code(key, code, lang)
        }
        ("fault", _) => rentals::Fault::from_code(code).and_then(|x| s(x.label(lang))),
        ("outcome", _) => outcome(code, lang),
        ("template", _) => c.templates.get(code).map(|t| t.name(lang).to_string()),
        ("gender", _) => match code {
            "M" => t("男", "male"),
            "F" => t("女", "female"),
            _ => None,
        },
        ("energy", _) => match code {
            "fuel" => t("燃油", "fuel"),
            "nev" => t("新能源", "new energy"),
            _ => None,
        },
        ("role", _) => match code {
            "supervisor" => t("主管", "supervisor"),
            "agent" => t("坐席", "agent"),
            _ => None,
        },
        ("via", _) => match code {
            "desk" => t("前台", "desk"),
            "sms" => t("短信", "text message"),
            "call" => t("电话", "call"),
            "callback" => t("回访", "callback"),
            _ => None,
        },
        ("transferred_to", _) => match code {
            "technical_support" => t("技术支持", "technical support"),
            _ => None,
        },
        _ => None,
    }
}

/// A complaint step's code (`parts`, `we_chat`, `deadline_first_contact`) in words.
fn complaint_code(key: &str, code: &str, lang: Lang) -> Option<String> {
    use complaints::{ClockKind, ConfirmHow, EscalationReason as R, PauseReason, RemedyKind};
    fn parse<T: serde::de::DeserializeOwned>(code: &str) -> Option<T> {
        serde_json::from_value(Value::String(code.to_string())).ok()
    }
    match key {
        "pause_reason" => parse::<PauseReason>(code).map(|x| x.label(lang).to_string()),
        "confirm_how" => parse::<ConfirmHow>(code).map(|x| x.label(lang).to_string()),
        "remedy" => parse::<RemedyKind>(code).map(|x| x.label(lang).to_string()),
        "severity" => complaints::Severity::from_code(code).map(|x| x.label(lang).to_string()),
        "escalation" => {
            let reason = match code {
                "reopened_twice" => R::ReopenedTwice,
                "major" => R::Major,
                "by_hand" => R::ByHand,
                _ => R::Deadline(parse::<ClockKind>(code.strip_prefix("deadline_")?)?),
            };
            Some(reason.label(lang))
        }
        _ => None,
    }
}

fn outcome(code: &str, lang: Lang) -> Option<String> {
    callbacks::Outcome::label_of(code, lang).map(str::to_string)
}

/// Fields whose string values are codes (never text a person typed).
fn is_code_field(key: &str) -> bool {
    matches!(
        key,
        "status"
            | "from"
            | "to"
            | "channel"
            | "kind"
            | "answer"
            | "department"
            | "category"
            | "fault"
            | "outcome"
            | "template"
            | "gender"
            | "energy"
            | "role"
            | "via"
            | "transferred_to"
            | "how"
            | "source"
            | "report"
            | "step"
            | "pool"
            | "pause_reason"
            | "confirm_how"
            | "remedy"
            | "severity"
            | "escalation"
    )
}

/// Number fields that name an agent by id.
fn names_agent(key: &str) -> bool {
    matches!(key, "agent_id" | "owner_id" | "claimed_by" | "handler")
}

/// Number fields that name another record by its number.
fn refers(key: &str) -> bool {
    key.ends_with("_id")
        || matches!(
            key,
            "new_id" | "rescheduled_from" | "complaint" | "rescue" | "order" | "with"
        )
}

/// A code as English words (`in_progress` → `in progress`).
fn humanize(code: &str) -> String {
    code.replace(['_', '.'], " ")
}

/// A record's value in words; `None` when it is empty or cannot be said in `lang`.
pub fn say(c: Ctx, key: &str, v: &Value) -> Option<String> {
    let lang = c.lang;
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(
            lang.t(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" })
                .into(),
        ),
        Value::Number(n) if names_agent(key) => {
            let name = n
                .as_i64()
                .and_then(|id| c.agents.iter().find(|(a, _)| *a == id));
            Some(match name {
                Some((_, name)) => name.clone(),
                None => format!("#{n}"),
            })
        }
        Value::Number(n) if refers(key) => Some(format!("#{n}")),
        Value::Number(n) if key == "satisfaction" => {
            Some(format!("{n}/{}", complaints::SATISFACTION_MAX))
        }
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => string(c, key, s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(|i| say(c, key, i)).collect();
            (!parts.is_empty()).then(|| parts.join(lang.t("、", ", ")))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .filter(|(k, _)| !words::hidden(k))
                .filter_map(|(k, v)| {
                    // Counts by kind (`created`: {"3dc": 28}) are named by the kind.
                    let by_kind = matches!(key, "created" | "skipped");
                    let name = if by_kind {
                        code_label(c, key, k)
                    } else if key == "fields" {
                        // A knowledge-base entry's content: its kind's field names.
                        kb::KbKind::ALL
                            .iter()
                            .find_map(|kind| kind.field(k))
                            .map(|f| f.label(lang).to_string())
                    } else {
                        words::field(k, lang).map(str::to_string)
                    }?;
                    let value = if by_kind {
                        Some(v.to_string())
                    } else {
                        say(c, k, v)
                    }?;
                    Some(format!("{name} {value}"))
                })
                .collect();
            (!parts.is_empty()).then(|| parts.join(lang.t("，", ", ")))
        }
    }
}

fn string(c: Ctx, key: &str, s: &str) -> Option<String> {
    let (entity, lang) = (c.entity, c.lang);
    match key {
        "mobile" => return Some(mask_mobile(s)),
        "id_number" => return Some(mask_id_number(s)),
        // An improvement's links: `complaint:11`.
        "links" => {
            if let Some((kind, id)) = s.split_once(':')
                && let Some(k) = improvements::LinkKind::from_code(kind)
            {
                return Some(format!("{} #{id}", k.label(lang)));
            }
            return (lang == Lang::En).then(|| humanize(s));
        }
        // Why a review was queued: a sampling reason's code.
        "reason" if entity == "quality_review" && matches!(s, "complaint" | "short" | "sample") => {
            return Some(
                quality::sampling::Reason::from_code(s)
                    .label(lang)
                    .to_string(),
            );
        }
        // A recurring-complaint order's key: `category:repair_quality`, `station:一号店`.
        "order" | "key" if entity.starts_with("improvement") => {
            return Some(match improvements::recur::Key::from_code(s) {
                Some(k) => k.label(lang),
                None => mask_in_text(s),
            });
        }
        _ => {}
    }
    if is_code_field(key) {
        return match code_label(c, key, s) {
            Some(l) => Some(l),
            None if lang == Lang::En => Some(humanize(s)),
            None => None,
        };
    }
    if s.len() == 20
        && s.ends_with('Z')
        && let Some(at) = crate::clock::from_db(s)
    {
        return Some(instant(c, at));
    }
    Some(mask_in_text(s))
}

/// A stored instant in store time; within the entry's own year without the year.
pub fn instant(c: Ctx, at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Datelike;
    let local = at.with_timezone(&c.tz);
    let format = if Some(local.year()) == c.year {
        "%m-%d %H:%M"
    } else {
        "%Y-%m-%d %H:%M"
    };
    local.format(format).to_string()
}
