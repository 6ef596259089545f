//! The audit log in words: each entry reads as a sentence — who did what to which record,
//! and what changed, before → after — in the user's language. Codes become labels, phone
//! and ID numbers stay masked as the lists show them, and an action, record kind, field or
//! code this module does not know still reads as a plain sentence ("made a change", "2 more
//! changes"), never as the stored JSON. Plain Rust: no terminal, no database.

mod stories;
pub mod values;
pub mod words;

#[cfg(test)]
mod tests;

use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use serde_json::{Map, Value};
use values::{Ctx, say};

/// One stored entry, as the store reads it.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// When it was written, as stored (UTC).
    pub at: Option<&'a str>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    /// The agent's name; `None` for the system (a scheduled run, the administrator).
    pub who: Option<&'a str>,
    /// The record's name as the store knows it (a customer's name, a plate), if any.
    pub record: Option<&'a str>,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// An entry in words: the head ("张丽 修改了客户 王伟（#123）") and each change
/// ("手机 138****1234 → 139****5678").
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub head: String,
    pub changes: Vec<String>,
}

impl Sentence {
    /// The whole sentence on one line.
    pub fn text(&self, lang: Lang) -> String {
        if self.changes.is_empty() {
            return self.head.clone();
        }
        format!(
            "{}{}{}",
            self.head,
            lang.t("：", ": "),
            self.changes.join(lang.t("；", "; "))
        )
    }
}

/// The settings an entry is read with.
#[derive(Clone, Copy)]
pub struct Reading<'a> {
    pub lang: Lang,
    pub templates: &'a TemplateSet,
    pub tz: chrono_tz::Tz,
    /// The agents' names by id, for the fields that name an agent.
    pub agents: &'a [(i64, String)],
}

pub fn sentence(e: &Entry, r: Reading) -> Sentence {
    use chrono::Datelike;
    let lang = r.lang;
    let year =
        e.at.and_then(crate::clock::from_db)
            .map(|at| at.with_timezone(&r.tz).year());
    let ctx = Ctx {
        entity: e.entity,
        lang,
        templates: r.templates,
        tz: r.tz,
        year,
        agents: r.agents,
    };
    let who = e.who.unwrap_or(lang.t("系统", "The system"));
    let target = target(e, lang);
    let (mut before, mut after) = (parse(e.before), parse(e.after));
    // Some actions read best told whole ("moved booking #12 from … to …"): the fields the
    // story tells are not listed again.
    let head = match stories::story(ctx, e.action, who, &target, before.as_ref(), after.as_ref()) {
        Some((head, told)) => {
            for v in [&mut before, &mut after].into_iter().flatten() {
                if let Value::Object(m) = v {
                    m.retain(|k, _| !told.contains(&k.as_str()));
                }
            }
            head
        }
        None => head(e.action, who, &target, lang),
    };
    Sentence {
        head,
        changes: changes(ctx, before, after),
    }
}

/// The record an entry is about: its kind, number and name, or whose it is
/// ("客户 王伟（#3）", "预约 #12（张伟 沪A12345）").
fn target(e: &Entry, lang: Lang) -> String {
    let noun = words::noun(e.entity, lang).unwrap_or(lang.t("记录", "record"));
    let id = e.entity_id.filter(|id| *id > 0);
    let record = e.record.map(str::trim).filter(|r| !r.is_empty());
    let whose = words::record_is_whose(e.entity);
    match (record, id, whose, lang) {
        (Some(r), Some(id), false, Lang::Zh) => format!("{noun} {r}（#{id}）"),
        (Some(r), Some(id), false, Lang::En) => format!("{noun} {r} (#{id})"),
        (Some(r), Some(id), true, Lang::Zh) => format!("{noun} #{id}（{r}）"),
        (Some(r), Some(id), true, Lang::En) => format!("{noun} #{id} ({r})"),
        (Some(r), None, ..) => format!("{noun} {r}"),
        (None, Some(id), ..) => format!("{noun} #{id}"),
        (None, None, ..) => noun.to_string(),
    }
}

/// Who did what to the target: the action's verb (the target where it has `{}`).
fn head(action: &str, who: &str, target: &str, lang: Lang) -> String {
    match (words::verb(action, lang), lang) {
        (Some(v), _) if v.contains("{}") => format!("{who} {}", place(v, target, lang)),
        (Some(v), Lang::Zh) => format!("{who} {v}{target}"),
        (Some(v), Lang::En) => format!("{who} {v} {target}"),
        (None, Lang::Zh) => format!("{who} 对{target}做了一项更改"),
        (None, Lang::En) => format!("{who} made a change to {target}"),
    }
}

/// A pattern with the target in place of its `{}`; in Chinese a space keeps a number
/// or plate at the target's end apart from the characters that follow.
fn place(pattern: &str, target: &str, lang: Lang) -> String {
    let (left, right) = pattern.split_once("{}").unwrap_or((pattern, ""));
    let apart = lang == Lang::Zh
        && target.ends_with(|c: char| c.is_ascii_alphanumeric())
        && right.starts_with(|c: char| !c.is_whitespace() && c != '（');
    format!("{left}{target}{}{right}", if apart { " " } else { "" })
}

fn parse(s: Option<&str>) -> Option<Value> {
    let s = s?.trim();
    if s.is_empty() {
        return None;
    }
    // Text that is not JSON is shown as text (masked like any other).
    Some(serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.to_string())))
}

fn empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

fn changes(c: Ctx, before: Option<Value>, after: Option<Value>) -> Vec<String> {
    let none = lang_none(c.lang);
    let mut out = Vec::new();
    let mut unsaid = 0usize;
    match (before, after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => {
            for (k, new) in ordered(&a) {
                let old = b.get(k);
                if old == Some(new) || (old.is_none_or(empty) && empty(new)) {
                    continue;
                }
                let Some(name) = words::field(k, c.lang) else {
                    unsaid += 1;
                    continue;
                };
                let said = |v: Option<&Value>| match v {
                    Some(v) if !empty(v) => say(c, k, v),
                    _ => Some(none.to_string()),
                };
                match (old, said(old), said(Some(new))) {
                    (Some(_), Some(o), Some(n)) => out.push(format!("{name} {o} → {n}")),
                    (None, _, Some(n)) => out.push(format!("{name} {n}")),
                    _ => unsaid += 1,
                }
            }
        }
        (b, a) => {
            for v in [a, b].into_iter().flatten() {
                match v {
                    Value::Object(m) => listed(c, &m, &mut out, &mut unsaid),
                    v if empty(&v) => {}
                    v => match say(c, "", &v) {
                        Some(s) => out.push(s),
                        None => unsaid += 1,
                    },
                }
            }
        }
    }
    if unsaid > 0 {
        out.push(match c.lang {
            Lang::Zh => format!("另有 {unsaid} 项"),
            Lang::En => format!("{unsaid} more"),
        });
    }
    out
}

/// A record's fields as "field value", the empty, false and zero ones left out.
fn listed(c: Ctx, m: &Map<String, Value>, out: &mut Vec<String>, unsaid: &mut usize) {
    for (k, v) in ordered(m)
        .into_iter()
        .filter(|(_, v)| !empty(v) && **v != Value::Bool(false) && v.as_i64() != Some(0))
    {
        match (words::field(k, c.lang), say(c, k, v)) {
            (Some(name), Some(value)) => out.push(format!("{name} {value}")),
            _ => *unsaid += 1,
        }
    }
}

/// A record's fields in telling order, bookkeeping left out.
fn ordered(m: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut v: Vec<_> = m.iter().filter(|(k, _)| !words::hidden(k)).collect();
    v.sort_by_key(|(k, _)| words::rank(k));
    v
}

fn lang_none(lang: Lang) -> &'static str {
    lang.t("空", "empty")
}
