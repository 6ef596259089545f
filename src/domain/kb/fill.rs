//! Which article answers which consultation template, what the agent's typing searches
//! for, and which of the template's fields the chosen article fills (seed 004's answer
//! placeholders: the station's phone or address, the policy year and coverage, the price,
//! the promotion, the fix).

use super::{Article, KbKind, number_text, parse_number};
use crate::i18n::Lang;
use std::collections::BTreeMap;

/// How one consultation template reads the knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub template_id: &'static str,
    pub kind: KbKind,
    /// The template's fields whose text is the search, the first non-empty one used.
    pub query_fields: &'static [&'static str],
    /// The fields an article fills.
    pub fills: &'static [&'static str],
}

const LINKS: &[Link] = &[
    Link {
        template_id: "consult_station",
        kind: KbKind::Station,
        query_fields: &["station_region", "region"],
        fills: &["answer"],
    },
    Link {
        template_id: "consult_warranty",
        kind: KbKind::Policy,
        query_fields: &["part"],
        fills: &["policy_year", "coverage"],
    },
    Link {
        template_id: "consult_price",
        kind: KbKind::VehiclePrice,
        query_fields: &["model", "brand"],
        fills: &["price_range"],
    },
    Link {
        template_id: "consult_part_price",
        kind: KbKind::PartPrice,
        query_fields: &["part"],
        fills: &["price"],
    },
    Link {
        template_id: "consult_promotion",
        kind: KbKind::Promotion,
        // Nothing typed: every current promotion (those for the form's brand first).
        query_fields: &["promotion"],
        fills: &["promotion", "has_promotion"],
    },
    Link {
        template_id: "consult_troubleshoot",
        kind: KbKind::Troubleshoot,
        query_fields: &["symptom"],
        fills: &["fix"],
    },
];

/// The link of a template, if the knowledge base answers it.
pub fn link(template_id: &str) -> Option<&'static Link> {
    LINKS.iter().find(|l| l.template_id == template_id)
}

impl Link {
    /// What to search for with the form's values: the first query field with text.
    pub fn query(&self, values: &BTreeMap<String, String>) -> String {
        self.query_fields
            .iter()
            .filter_map(|k| values.get(*k))
            .map(|v| v.trim())
            .find(|v| !v.is_empty())
            .unwrap_or("")
            .to_string()
    }

    /// The values the article gives the template's fields, in the template's formats
    /// (`policy_year` a year, `price` a number of yuan, `has_promotion` 有).
    pub fn values(&self, a: &Article, lang: Lang) -> Vec<(&'static str, String)> {
        let g = |k: &str| a.get(k).to_string();
        match self.kind {
            KbKind::Station => vec![("answer", station_answer(a, lang))],
            KbKind::Policy => vec![("policy_year", g("year")), ("coverage", coverage(a, lang))],
            KbKind::VehiclePrice => vec![("price_range", price_range(a, lang))],
            KbKind::PartPrice => vec![(
                "price",
                parse_number(a.get("price"))
                    .map(number_text)
                    .unwrap_or_default(),
            )],
            KbKind::Promotion => vec![
                ("promotion", promotion(a, lang)),
                ("has_promotion", lang.t("有", "yes").to_string()),
            ],
            KbKind::Troubleshoot => vec![("fix", g("fix"))],
        }
    }

    /// Whether an article suits the form's brand: same brand, or one for every brand.
    pub fn brand_fits(a: &Article, brand: &str) -> bool {
        let b = a.get("brand");
        b.is_empty() || brand.trim().is_empty() || b == brand.trim()
    }
}

fn station_answer(a: &Article, lang: Lang) -> String {
    match lang {
        Lang::Zh => {
            let mut s = format!(
                "{}，电话{}，地址{}",
                a.get("name"),
                a.get("phone"),
                a.get("address")
            );
            if !a.get("hours").is_empty() {
                s.push_str(&format!("，营业时间{}", a.get("hours")));
            }
            s
        }
        Lang::En => {
            let mut s = format!(
                "{}, phone {}, address {}",
                a.get("name"),
                a.get("phone"),
                a.get("address")
            );
            if !a.get("hours").is_empty() {
                s.push_str(&format!(", open {}", a.get("hours")));
            }
            s
        }
    }
}

/// The coverage with its limits: `发动机缸体、缸盖…（36个月或100000公里，以先到者为准）`.
fn coverage(a: &Article, lang: Lang) -> String {
    let months = parse_number(a.get("months")).map(number_text);
    let km = parse_number(a.get("km")).map(number_text);
    let limits = match (months, km, lang) {
        (Some(m), Some(k), Lang::Zh) => format!("（{m}个月或{k}公里，以先到者为准）"),
        (Some(m), Some(k), Lang::En) => format!(" ({m} months or {k} km, whichever first)"),
        (Some(m), None, Lang::Zh) => format!("（{m}个月）"),
        (Some(m), None, Lang::En) => format!(" ({m} months)"),
        (None, Some(k), Lang::Zh) => format!("（{k}公里）"),
        (None, Some(k), Lang::En) => format!(" ({k} km)"),
        (None, None, _) => String::new(),
    };
    format!("{}{limits}", a.get("coverage"))
}

fn price_range(a: &Article, lang: Lang) -> String {
    let (lo, hi) = (parse_number(a.get("low")), parse_number(a.get("high")));
    let text = |n: Option<f64>, scale: f64| n.map(|n| number_text(n * scale)).unwrap_or_default();
    match lang {
        Lang::Zh => format!("{}万至{}万元", text(lo, 1.0), text(hi, 1.0)),
        Lang::En => format!("{}k to {}k yuan", text(lo, 10.0), text(hi, 10.0)),
    }
}

fn promotion(a: &Article, lang: Lang) -> String {
    let to = a
        .valid_to
        .map(|d| match lang {
            Lang::Zh => format!("（至{}）", d.format("%Y年%-m月%-d日")),
            Lang::En => format!(" (until {})", d.format("%Y-%m-%d")),
        })
        .unwrap_or_default();
    match lang {
        Lang::Zh => format!("{}：{}{to}", a.get("name"), a.get("content")),
        Lang::En => format!("{}: {}{to}", a.get("name"), a.get("content")),
    }
}

/// The answer an article gives, in one line (lists, the command line).
pub fn answer_line(a: &Article, lang: Lang) -> String {
    match a.kind {
        KbKind::Station => station_answer(a, lang),
        KbKind::Policy => coverage(a, lang),
        KbKind::VehiclePrice => price_range(a, lang),
        KbKind::PartPrice => {
            let price = parse_number(a.get("price"))
                .map(number_text)
                .unwrap_or_default();
            match lang {
                Lang::Zh => format!("{price}元"),
                Lang::En => format!("{price} yuan"),
            }
        }
        KbKind::Promotion => promotion(a, lang),
        KbKind::Troubleshoot => a.get("fix").to_string(),
    }
}
