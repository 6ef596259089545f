//! The knowledge base the consultation templates answer from (seed 000 §1.3: "answer from
//! the company's internal knowledge base"): service stations, warranty policies, vehicle
//! price ranges, part prices, promotions and simple troubleshooting. An article is a kind
//! and the values of that kind's fields, with optional validity days; a promotion or policy
//! outside its days is never offered as an answer.
//!
//! Search terms (`terms`) are every suffix of the key fields' words, in characters and in
//! pinyin (full and initials), so a query word matches the start of a term: one indexed
//! range per keystroke in the store.

pub mod fill;

use crate::domain::pinyin::all_keys;
use crate::domain::validate::to_half_width;
use crate::i18n::Lang;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What an article is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KbKind {
    Station,
    Policy,
    VehiclePrice,
    PartPrice,
    Promotion,
    Troubleshoot,
}

/// How a field's value is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Text,
    /// A whole or decimal number, not negative.
    Number,
    /// A year, 2000–2100.
    Year,
}

/// One field of an article kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KbField {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub required: bool,
    /// Its words are search terms.
    pub searched: bool,
    pub kind: ValueKind,
}

const fn f(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    required: bool,
    searched: bool,
    kind: ValueKind,
) -> KbField {
    KbField {
        key,
        zh,
        en,
        required,
        searched,
        kind,
    }
}

use ValueKind::{Number, Text, Year};

const STATION: &[KbField] = &[
    f("region", "地区", "Region", true, true, Text),
    f("name", "服务站名称", "Station name", true, true, Text),
    f("brand", "品牌", "Brand", false, true, Text),
    f("phone", "电话", "Phone", true, false, Text),
    f("address", "地址", "Address", true, false, Text),
    f("hours", "营业时间", "Opening hours", false, false, Text),
];
const POLICY: &[KbField] = &[
    f("year", "政策年份", "Policy year", true, true, Year),
    f("brand", "品牌", "Brand", false, true, Text),
    f("part", "配件/总成", "Part", true, true, Text),
    f("coverage", "保修范围", "Coverage", true, false, Text),
    f(
        "months",
        "保修期（月）",
        "Months covered",
        false,
        false,
        Number,
    ),
    f(
        "km",
        "保修里程（公里）",
        "Kilometres covered",
        false,
        false,
        Number,
    ),
];
const VEHICLE_PRICE: &[KbField] = &[
    f("brand", "品牌", "Brand", true, true, Text),
    f("model", "车型", "Model", true, true, Text),
    f(
        "low",
        "最低价（万元）",
        "From (10k yuan)",
        true,
        false,
        Number,
    ),
    f(
        "high",
        "最高价（万元）",
        "To (10k yuan)",
        true,
        false,
        Number,
    ),
];
const PART_PRICE: &[KbField] = &[
    f("part", "配件名称", "Part", true, true, Text),
    f("brand", "适用品牌", "Brand", false, true, Text),
    f("spec", "技术参数", "Specification", false, false, Text),
    f(
        "price",
        "参考价格（元）",
        "Reference price (yuan)",
        true,
        false,
        Number,
    ),
];
const PROMOTION: &[KbField] = &[
    f("name", "活动名称", "Promotion", true, true, Text),
    f("brand", "品牌", "Brand", false, true, Text),
    f("model", "车型", "Model", false, true, Text),
    f("content", "活动内容", "What it offers", true, true, Text),
];
const TROUBLESHOOT: &[KbField] = &[
    f("symptom", "故障现象", "Symptom", true, true, Text),
    f("brand", "品牌", "Brand", false, true, Text),
    f("fix", "排除方法", "Fix", true, false, Text),
];

impl KbKind {
    pub const ALL: [KbKind; 6] = [
        KbKind::Station,
        KbKind::Policy,
        KbKind::VehiclePrice,
        KbKind::PartPrice,
        KbKind::Promotion,
        KbKind::Troubleshoot,
    ];

    /// The code stored and typed on the command line.
    pub fn code(self) -> &'static str {
        match self {
            KbKind::Station => "station",
            KbKind::Policy => "policy",
            KbKind::VehiclePrice => "vehicle_price",
            KbKind::PartPrice => "part_price",
            KbKind::Promotion => "promotion",
            KbKind::Troubleshoot => "troubleshoot",
        }
    }

    /// A kind from its code or its Chinese or English name (as an import file may say it).
    pub fn parse(s: &str) -> Option<KbKind> {
        let s = s.trim();
        KbKind::ALL.into_iter().find(|k| {
            k.code() == s || k.label(Lang::Zh) == s || k.label(Lang::En).eq_ignore_ascii_case(s)
        })
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            KbKind::Station => lang.t("服务站", "Station"),
            KbKind::Policy => lang.t("保修政策", "Warranty"),
            KbKind::VehiclePrice => lang.t("车型价格", "Car price"),
            KbKind::PartPrice => lang.t("配件价格", "Part price"),
            KbKind::Promotion => lang.t("促销活动", "Promotion"),
            KbKind::Troubleshoot => lang.t("故障排除", "Troubleshooting"),
        }
    }

    pub fn fields(self) -> &'static [KbField] {
        match self {
            KbKind::Station => STATION,
            KbKind::Policy => POLICY,
            KbKind::VehiclePrice => VEHICLE_PRICE,
            KbKind::PartPrice => PART_PRICE,
            KbKind::Promotion => PROMOTION,
            KbKind::Troubleshoot => TROUBLESHOOT,
        }
    }

    pub fn field(self, key: &str) -> Option<&'static KbField> {
        self.fields().iter().find(|f| f.key == key)
    }

    /// A promotion always has its last day.
    pub fn needs_end(self) -> bool {
        self == KbKind::Promotion
    }
}

impl KbField {
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.t(self.zh, self.en)
    }
}

/// An article's content (what a version holds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub kind: KbKind,
    pub values: BTreeMap<String, String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

/// Whether an article may be offered today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    Current,
    NotYet,
    Expired,
}

impl Validity {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Validity::Current => lang.t("有效", "current"),
            Validity::NotYet => lang.t("未开始", "not yet"),
            Validity::Expired => lang.t("已过期", "expired"),
        }
    }
}

impl Article {
    pub fn new(kind: KbKind) -> Article {
        Article {
            kind,
            values: BTreeMap::new(),
            valid_from: None,
            valid_to: None,
        }
    }

    /// A field's value, trimmed ("" when absent).
    pub fn get(&self, key: &str) -> &str {
        self.values.get(key).map(|s| s.trim()).unwrap_or("")
    }

    /// Sets a field (an empty value removes it).
    pub fn set(&mut self, key: &str, value: &str) {
        let v = value.trim();
        if v.is_empty() {
            self.values.remove(key);
        } else {
            self.values.insert(key.to_string(), v.to_string());
        }
    }

    pub fn with(mut self, key: &str, value: &str) -> Article {
        self.set(key, value);
        self
    }

    /// The line it is listed under, from its own values.
    pub fn title(&self) -> String {
        let g = |k| self.get(k);
        let join = |parts: &[&str]| {
            parts
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        };
        match self.kind {
            KbKind::Station => join(&[g("region"), g("name")]),
            KbKind::Policy => join(&[g("year"), g("brand"), g("part")]),
            KbKind::VehiclePrice => join(&[g("brand"), g("model")]),
            KbKind::PartPrice => join(&[g("brand"), g("part")]),
            KbKind::Promotion => join(&[g("brand"), g("model"), g("name")]),
            KbKind::Troubleshoot => join(&[g("brand"), g("symptom")]),
        }
    }

    /// The answer it gives, in one line (what a template's answer field is filled with).
    pub fn answer(&self, lang: Lang) -> String {
        fill::answer_line(self, lang)
    }

    pub fn validity(&self, today: NaiveDate) -> Validity {
        if self.valid_from.is_some_and(|d| today < d) {
            Validity::NotYet
        } else if self.valid_to.is_some_and(|d| today > d) {
            Validity::Expired
        } else {
            Validity::Current
        }
    }

    /// The problems that keep it from being saved, each naming its field, in `lang`.
    pub fn problems(&self, lang: Lang) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for f in self.kind.fields() {
            let v = self.get(f.key);
            if v.is_empty() {
                if f.required {
                    out.push((f.key.to_string(), lang.t("必填", "required").to_string()));
                }
                continue;
            }
            if v.chars().count() > 2000 {
                out.push((
                    f.key.to_string(),
                    lang.t(
                        "太长（最多 2000 字）",
                        "too long (2,000 characters at most)",
                    )
                    .to_string(),
                ));
            }
            let bad = match f.kind {
                Text => None,
                Number => (parse_number(v).is_none())
                    .then(|| lang.t("应为数字，例如 680 或 12.98", "a number, e.g. 680 or 12.98")),
                Year => (!v.parse::<i32>().is_ok_and(|y| (2000..=2100).contains(&y)))
                    .then(|| lang.t("应为年份，例如 2026", "a year, e.g. 2026")),
            };
            if let Some(m) = bad {
                out.push((f.key.to_string(), m.to_string()));
            }
        }
        if self.kind == KbKind::VehiclePrice
            && let (Some(lo), Some(hi)) = (
                parse_number(self.get("low")),
                parse_number(self.get("high")),
            )
            && lo > hi
        {
            out.push((
                "high".into(),
                lang.t("不能低于最低价", "cannot be below the lowest price")
                    .to_string(),
            ));
        }
        if self.kind.needs_end() && self.valid_to.is_none() {
            out.push((
                "valid_to".into(),
                lang.t("促销活动必须写明截止日期", "a promotion needs its last day")
                    .to_string(),
            ));
        }
        if let (Some(a), Some(b)) = (self.valid_from, self.valid_to)
            && a > b
        {
            out.push((
                "valid_to".into(),
                lang.t("截止日期早于开始日期", "the last day is before the first")
                    .to_string(),
            ));
        }
        out
    }

    /// The words it is found by: see [`terms`].
    pub fn terms(&self) -> Vec<String> {
        let words: Vec<&str> = self
            .kind
            .fields()
            .iter()
            .filter(|f| f.searched)
            .map(|f| self.get(f.key))
            .collect();
        terms(&words)
    }

    /// The content as JSON (stored, audited, kept per version).
    pub fn values_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.values
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect(),
        )
    }
}

/// A number as typed (`680`, `12.98`, `1,280`, full-width digits), not negative.
pub fn parse_number(s: &str) -> Option<f64> {
    let t: String = to_half_width(s).chars().filter(|c| *c != ',').collect();
    let n: f64 = t.trim().parse().ok()?;
    (n.is_finite() && n >= 0.0).then_some(n)
}

/// A number written back without a needless `.0` (`12.98`, `680`).
pub fn number_text(n: f64) -> String {
    let s = format!("{n:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// At most this many characters of a word are keyed (longer text is not a key word).
const WORD_CHARS: usize = 16;
/// At most this many pinyin readings per suffix (heteronyms multiply them).
const READINGS: usize = 2;

/// How text is split into words and compared: half-width, lower case, split at spaces and
/// punctuation.
pub fn words(text: &str) -> Vec<String> {
    to_half_width(text)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn has_han(s: &str) -> bool {
    s.chars().any(|c| ('\u{3400}'..='\u{9fff}').contains(&c))
}

/// Search terms of some text: for each word, every suffix that starts a character (so `刹车
/// 异响` is found by `异响` and `响`) and, for a word with Chinese characters, each suffix's
/// pinyin in full and by initials (`yixiang`, `yx`). A latin word is itself.
pub fn terms(texts: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |t: String| {
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    };
    for text in texts {
        for word in words(text) {
            let chars: Vec<char> = word.chars().take(WORD_CHARS).collect();
            if !has_han(&word) {
                push(chars.iter().collect());
                continue;
            }
            for i in 0..chars.len() {
                // Suffixes start at a character, not inside a latin run (`plus`, not `lus`).
                if i > 0 && chars[i].is_ascii_alphanumeric() && chars[i - 1].is_ascii_alphanumeric()
                {
                    continue;
                }
                let suffix: String = chars[i..].iter().collect();
                for (full, initials) in all_keys(&suffix).into_iter().take(READINGS) {
                    push(full);
                    push(initials);
                }
                push(suffix);
            }
        }
    }
    out
}

/// The kind a query names by itself: the start (2 characters or more) of a kind's Chinese
/// name (`保修` → 保修政策), of its pinyin (`baoxiu`, 4 letters or more) or of its English
/// name (`warr`, 4 letters or more). A search that finds nothing for such a query lists
/// that kind instead: the kind's name is no article's term.
pub fn kind_named(query: &str) -> Option<KbKind> {
    let q = to_half_width(query.trim()).to_lowercase();
    let n = q.chars().count();
    if n < 2 || q.contains(char::is_whitespace) {
        return None;
    }
    KbKind::ALL.into_iter().find(|k| {
        let zh = k.label(Lang::Zh);
        let en = k.label(Lang::En).to_lowercase();
        let pinyin = all_keys(zh).into_iter().next().map(|(full, _)| full);
        zh.starts_with(q.as_str())
            || (n >= 4 && q.is_ascii() && en.starts_with(q.as_str()))
            || (n >= 4 && pinyin.is_some_and(|p| p.starts_with(q.as_str())))
    })
}

/// A query split into the words each of which must start one of an article's terms.
pub fn query_words(query: &str) -> Vec<String> {
    let mut w = words(query);
    w.truncate(4);
    w
}

#[cfg(test)]
mod tests;
