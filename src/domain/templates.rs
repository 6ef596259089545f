//! Record templates (信息记录规范, seed 004 附件1): each logged call is one template filled
//! in. Templates are data: the twelve of the seed ship in `assets/templates.toml`, built into
//! the binary, and a store layers its own file on top (same id → replaced, new id → added)
//! without a rebuild. Pure Rust: no terminal, no database.
//!
//! A sentence is text with `{key}` placeholders, one per field, and `[…]` clauses around
//! the words an optional field needs (`sentence.rs`). Rendering formats each value by its
//! field's kind; an optional field left empty leaves its clause out, a required one still
//! missing shows as its label in brackets, `(地区)`, so a preview shows what is left to
//! fill — and such a record cannot be saved ([`Template::record_sentence`]).

use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};
use parse::Parser;
use sentence::{Seg, fill, segments, valid_key};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// The built-in templates file, as shipped.
pub const BUILTIN_TOML: &str = include_str!("../../assets/templates.toml");
const BUILTIN_NAME: &str = "assets/templates.toml";

/// Template group: 咨询 consultation, 救援 rescue, 投诉 complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Consult,
    Rescue,
    Complaint,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Consult, Group::Rescue, Group::Complaint];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Group::Consult => lang.t("咨询", "Consultation"),
            Group::Rescue => lang.t("救援", "Rescue"),
            Group::Complaint => lang.t("投诉", "Complaint"),
        }
    }

    /// The code used in template files: `consult`, `rescue`, `complaint`.
    pub fn code(self) -> &'static str {
        ["consult", "rescue", "complaint"][self as usize]
    }

    pub fn parse(s: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.code() == s.trim())
    }
}

/// What a field holds, which decides how it is checked and rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// Rendered `2026年3月5日` in Chinese, `2026-03-05` in English.
    Date,
    /// A day of the year, the seed's `(月、日)`: entered as a date, rendered `11月22日` in
    /// Chinese, `November 22` in English.
    MonthDay,
    /// A non-negative number, rendered with its unit: `35000公里`, `35000 km`.
    Number {
        unit_zh: String,
        unit_en: String,
    },
    /// One of the options.
    Choice(Vec<String>),
    /// Rendered 有/没有 in Chinese, yes/no in English.
    YesNo,
}

impl FieldKind {
    /// The code used in template files.
    pub fn code(&self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Date => "date",
            FieldKind::MonthDay => "month_day",
            FieldKind::Number { .. } => "number",
            FieldKind::Choice(_) => "choice",
            FieldKind::YesNo => "yesno",
        }
    }
}

/// Where a field fills itself from when a form opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    CustomerName,
    CustomerRegion,
    CustomerPhone,
    VehicleBrand,
    VehicleModel,
    VehiclePurchaseDate,
    VehicleMileage,
    VehiclePlate,
    VehicleVin,
    AgentEmpNo,
    NowDate,
}

impl Source {
    pub const ALL: [Source; 11] = [
        Source::CustomerName,
        Source::CustomerRegion,
        Source::CustomerPhone,
        Source::VehicleBrand,
        Source::VehicleModel,
        Source::VehiclePurchaseDate,
        Source::VehicleMileage,
        Source::VehiclePlate,
        Source::VehicleVin,
        Source::AgentEmpNo,
        Source::NowDate,
    ];

    /// The code used in template files, e.g. `customer.region`, `vehicle.vin`, `now.date`.
    pub fn code(self) -> &'static str {
        const CODES: [&str; 11] = [
            "customer.name",
            "customer.region",
            "customer.phone",
            "vehicle.brand",
            "vehicle.model",
            "vehicle.purchase_date",
            "vehicle.mileage",
            "vehicle.plate",
            "vehicle.vin",
            "agent.emp_no",
            "now.date",
        ];
        CODES[self as usize]
    }

    pub fn parse(s: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|x| x.code() == s.trim())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateField {
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    pub kind: FieldKind,
    pub required: bool,
    pub source: Option<Source>,
}

impl TemplateField {
    pub fn label(&self, lang: Lang) -> &str {
        lang.t(&self.label_zh, &self.label_en)
    }

    /// The value as it appears in a sentence. A value that does not parse for its kind is
    /// shown as typed (trimmed); `check` reports it.
    pub fn format(&self, lang: Lang, raw: &str) -> String {
        let raw = raw.trim();
        match &self.kind {
            FieldKind::Date => match (parse_date(raw), lang) {
                (Some(d), Lang::Zh) => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
                (Some(d), Lang::En) => d.format("%Y-%m-%d").to_string(),
                (None, _) => raw.to_string(),
            },
            FieldKind::MonthDay => match (parse_date(raw), lang) {
                (Some(d), Lang::Zh) => format!("{}月{}日", d.month(), d.day()),
                (Some(d), Lang::En) => d.format("%B %-d").to_string(),
                (None, _) => raw.to_string(),
            },
            FieldKind::Number { unit_zh, unit_en } => {
                let n = parse_number(raw, unit_zh, unit_en).unwrap_or_else(|| raw.to_string());
                match lang {
                    Lang::Zh => format!("{n}{unit_zh}"),
                    Lang::En if unit_en.is_empty() => n,
                    Lang::En => format!("{n} {unit_en}"),
                }
            }
            FieldKind::YesNo => match parse_yesno(raw) {
                Some(true) => lang.t("有", "yes").to_string(),
                Some(false) => lang.t("没有", "no").to_string(),
                None => raw.to_string(),
            },
            FieldKind::Text | FieldKind::Choice(_) => raw.to_string(),
        }
    }

    /// Checks a non-empty value against the kind; the message is in `lang`.
    pub fn check(&self, lang: Lang, raw: &str) -> Result<(), String> {
        let raw = raw.trim();
        let msg = match &self.kind {
            FieldKind::Text => return Ok(()),
            FieldKind::Date | FieldKind::MonthDay if parse_date(raw).is_some() => return Ok(()),
            FieldKind::Number {
                unit_zh: zh,
                unit_en: en,
            } if parse_number(raw, zh, en).is_some() => {
                return Ok(());
            }
            FieldKind::Choice(opts) if opts.iter().any(|o| o == raw) => return Ok(()),
            FieldKind::YesNo if parse_yesno(raw).is_some() => return Ok(()),
            FieldKind::Date | FieldKind::MonthDay => lang.t(
                "日期格式不对,应为 2026-03-05、2026/3/5 或 2026年3月5日",
                "not a date: use 2026-03-05, 2026/3/5 or 2026年3月5日",
            ),
            FieldKind::Number { .. } => {
                lang.t("应为不小于零的数字", "must be a non-negative number")
            }
            FieldKind::Choice(opts) => {
                return Err(match lang {
                    Lang::Zh => format!("应为以下之一:{}", opts.join("、")),
                    Lang::En => format!("must be one of: {}", opts.join(", ")),
                });
            }
            FieldKind::YesNo => lang.t("应为 有/没有(是/否)", "must be yes or no"),
        };
        Err(msg.to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub id: String,
    pub group: Group,
    pub name_zh: String,
    pub name_en: String,
    pub version: u32,
    pub shortcut: Option<char>,
    pub sentence_zh: String,
    pub sentence_en: String,
    pub fields: Vec<TemplateField>,
}

type Values = BTreeMap<String, String>;

/// The value of `key`, trimmed, if it is there and not blank.
fn filled<'a>(values: &'a Values, key: &str) -> Option<&'a str> {
    values.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
}

impl Template {
    pub fn name(&self, lang: Lang) -> &str {
        lang.t(&self.name_zh, &self.name_en)
    }

    pub fn sentence(&self, lang: Lang) -> &str {
        lang.t(&self.sentence_zh, &self.sentence_en)
    }

    pub fn field(&self, key: &str) -> Option<&TemplateField> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Renders the sentence with the values formatted by kind. An optional field left
    /// empty leaves out its clause; a required one shows as its label in brackets,
    /// `(地区)` / `(Region)` (a preview of what is left to fill).
    pub fn render(&self, lang: Lang, values: &BTreeMap<String, String>) -> String {
        let sentence = self.sentence(lang);
        let Ok(segs) = segments(sentence) else {
            return sentence.to_string();
        };
        fill(&segs, |k| match self.field(k) {
            None => Some(format!("{{{k}}}")),
            Some(f) => match filled(values, k) {
                Some(v) => Some(f.format(lang, v)),
                None if f.required => Some(format!("({})", f.label(lang))),
                None => None,
            },
        })
    }

    /// The sentence a saved record keeps (in Chinese, the seed's language): every
    /// placeholder filled, or its clause left out. Refused, with the required fields left
    /// empty, while any is.
    pub fn record_sentence(
        &self,
        values: &BTreeMap<String, String>,
    ) -> Result<String, Vec<&TemplateField>> {
        let missing = self.missing_required(values);
        if missing.is_empty() {
            Ok(self.render(Lang::Zh, values))
        } else {
            Err(missing)
        }
    }

    /// Required fields left empty, in order.
    pub fn missing_required(&self, values: &BTreeMap<String, String>) -> Vec<&TemplateField> {
        let missing = |f: &&TemplateField| f.required && filled(values, &f.key).is_none();
        self.fields.iter().filter(missing).collect()
    }

    /// Values that do not fit their field's kind, as (key, message in `lang`), in field
    /// order. Empty values are not checked here (see `missing_required`); keys that are not
    /// fields of this template are ignored.
    pub fn check_values(
        &self,
        lang: Lang,
        values: &BTreeMap<String, String>,
    ) -> Vec<(String, String)> {
        let bad = |f: &TemplateField| {
            Some((f.key.clone(), f.check(lang, filled(values, &f.key)?).err()?))
        };
        self.fields.iter().filter_map(bad).collect()
    }

    /// 信息记录规范 completeness score, 0–100: required fields filled weigh 70, optional
    /// fields filled 20, the sentence intact (every placeholder substituted) 10. A template
    /// without optional fields gives their 20 in full, likewise for required ones.
    pub fn completeness(&self, values: &BTreeMap<String, String>) -> u8 {
        let share = |required: bool, weight: usize| {
            let of = self.fields.iter().filter(|f| f.required == required);
            let (all, done) = of.fold((0, 0), |(a, d), f| {
                (a + 1, d + filled(values, &f.key).map_or(0, |_| 1))
            });
            (weight * done).checked_div(all).unwrap_or(weight)
        };
        let intact = [&self.sentence_zh, &self.sentence_en].iter().all(|s| {
            let ok = |seg: &Seg| {
                seg.key()
                    .is_none_or(|k| self.field(k).is_some() && filled(values, k).is_some())
            };
            segments(s).is_ok_and(|segs| segs.iter().all(ok))
        });
        (share(true, 70) + share(false, 20) + if intact { 10 } else { 0 }) as u8
    }

    /// The values the fields fill themselves from, e.g. the customer's region and the
    /// vehicle's plate; `lookup` answers for each source (None or blank: left unfilled).
    pub fn prefill(
        &self,
        mut lookup: impl FnMut(Source) -> Option<String>,
    ) -> BTreeMap<String, String> {
        let mut out = Values::new();
        for f in &self.fields {
            if let Some(v) = f
                .source
                .and_then(&mut lookup)
                .filter(|v| !v.trim().is_empty())
            {
                out.insert(f.key.clone(), v);
            }
        }
        out
    }
}

/// Parses `2026-03-05`, `2026-3-5`, `2026/3/5`, `2026.3.5` and `2026年3月5日`.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let parts: Vec<&str> = match s.strip_suffix('日').or_else(|| s.strip_suffix('号')) {
        Some(zh) => zh.split(['年', '月']).collect(),
        None => s.split(['-', '/', '.']).collect(),
    };
    let num = |p: &str| {
        p.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| p.parse::<u32>().ok())?
    };
    match parts[..] {
        [y, m, d] if y.len() == 4 => NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?),
        _ => None,
    }
}

/// A non-negative decimal number, optionally followed by its unit and with `,` thousands
/// separators; returns it without unit and separators.
fn parse_number(s: &str, unit_zh: &str, unit_en: &str) -> Option<String> {
    let s = s.trim();
    let units = [unit_zh, unit_en].into_iter().filter(|u| !u.is_empty());
    let s = units
        .filter_map(|u| s.strip_suffix(u))
        .next()
        .unwrap_or(s)
        .trim_end();
    let n: String = s.chars().filter(|&c| c != ',').collect();
    let digits = n.bytes().filter(u8::is_ascii_digit).count();
    let ok =
        digits > 0 && digits + n.matches('.').count() == n.len() && n.matches('.').count() <= 1;
    ok.then_some(n)
}

fn parse_yesno(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "是" | "有" | "y" | "yes" | "true" => Some(true),
        "否" | "没有" | "无" | "n" | "no" | "false" => Some(false),
        _ => None,
    }
}

/// A template file that cannot be used. Displays as `FILE:LINE: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for TemplateError {}

/// The templates in use, in order: built-ins first, then a store's additions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TemplateSet {
    templates: Vec<Template>,
}

impl TemplateSet {
    /// The built-in set from `assets/templates.toml`. A unit test checks the asset, so this
    /// does not fail in a released build.
    pub fn builtin() -> TemplateSet {
        match TemplateSet::parse(BUILTIN_TOML, BUILTIN_NAME) {
            Ok(templates) => TemplateSet { templates },
            Err(e) => panic!("built-in templates are broken: {e}"),
        }
    }

    /// Parses a template file's text; errors name the file, line and problem.
    pub fn parse(text: &str, file: &str) -> Result<Vec<Template>, TemplateError> {
        let parsed = Parser { text, file }.parse()?;
        Ok(parsed.into_iter().map(|(t, _)| t).collect())
    }

    /// The built-in set with a store's file on top: same id → replaced, new id → added. A
    /// file that does not exist is no error. A broken file leaves the built-in set intact
    /// and returns the error alongside.
    pub fn with_overrides(file: &Path) -> (TemplateSet, Option<TemplateError>) {
        let name = file.display().to_string();
        match std::fs::read_to_string(file) {
            Ok(text) => TemplateSet::with_overrides_text(&text, &name),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (TemplateSet::builtin(), None),
            Err(e) => {
                let err = TemplateError {
                    file: name,
                    line: None,
                    message: e.to_string(),
                };
                (TemplateSet::builtin(), Some(err))
            }
        }
    }

    /// As [`TemplateSet::with_overrides`], from the file's text.
    pub fn with_overrides_text(text: &str, file: &str) -> (TemplateSet, Option<TemplateError>) {
        let builtin = TemplateSet::builtin();
        let parsed = match (Parser { text, file }).parse() {
            Ok(p) => p,
            Err(e) => return (builtin, Some(e)),
        };
        let mut set = builtin.clone();
        for (t, _) in &parsed {
            match set.templates.iter_mut().find(|o| o.id == t.id) {
                Some(slot) => *slot = t.clone(),
                None => set.templates.push(t.clone()),
            }
        }
        // A shortcut the file gives may clash with a built-in template it leaves alone.
        for (t, line) in &parsed {
            let clash =
                |o: &&Template| o.id != t.id && o.shortcut.is_some() && o.shortcut == t.shortcut;
            if let Some(o) = set.templates.iter().find(clash) {
                let (c, other) = (t.shortcut.unwrap_or_default(), &o.id);
                let message = format!("template `{}`: shortcut `{c}` is taken by `{other}`", t.id);
                let err = TemplateError {
                    file: file.to_string(),
                    line: Some(*line),
                    message,
                };
                return (builtin, Some(err));
            }
        }
        (set, None)
    }

    pub fn get(&self, id: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.id == id)
    }

    pub fn all(&self) -> &[Template] {
        &self.templates
    }

    pub fn len(&self) -> usize {
        self.templates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    pub fn by_group(&self, group: Group) -> impl Iterator<Item = &Template> + '_ {
        self.templates.iter().filter(move |t| t.group == group)
    }

    /// The template on shortcut `c` (case-insensitive).
    pub fn by_shortcut(&self, c: char) -> Option<&Template> {
        let c = c.to_ascii_lowercase();
        self.templates.iter().find(|t| t.shortcut == Some(c))
    }

    /// Fuzzy search over ids and names in both languages, case-insensitive, best first:
    /// the template whose shortcut the query is, then prefix, then substring, then
    /// subsequence; last, templates with a field label that contains the query (so `保修`
    /// finds the warranty template by 保修范围). An empty query gives every template, in
    /// order.
    pub fn search(&self, query: &str) -> Vec<&Template> {
        let q = query.trim().to_lowercase();
        let rank = |t: &Template| -> Option<u8> {
            if t.shortcut.is_some_and(|c| q == c.to_string()) {
                return Some(0);
            }
            let names = [&t.id, &t.name_zh, &t.name_en].map(|s| s.to_lowercase());
            let best = names.iter().filter_map(|n| match_rank(n, &q)).min();
            let mut labels = t.fields.iter().flat_map(|f| [&f.label_zh, &f.label_en]);
            best.map(|r| r + 1)
                .or_else(|| labels.any(|l| l.to_lowercase().contains(&q)).then_some(4))
        };
        let mut hits: Vec<(u8, &Template)> = self
            .templates
            .iter()
            .filter_map(|t| Some((rank(t)?, t)))
            .collect();
        hits.sort_by_key(|(r, _)| *r);
        hits.into_iter().map(|(_, t)| t).collect()
    }
}

/// 0 prefix, 1 substring, 2 subsequence.
fn match_rank(hay: &str, q: &str) -> Option<u8> {
    if hay.starts_with(q) {
        return Some(0);
    }
    if hay.contains(q) {
        return Some(1);
    }
    let mut h = hay.chars();
    q.chars().all(|c| h.any(|x| x == c)).then_some(2)
}

mod parse;

mod sentence;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod tests_files;

#[cfg(test)]
mod seed_tests;
