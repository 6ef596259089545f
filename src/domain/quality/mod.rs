//! Call-quality review (通话品质) and the monthly assessment (绩效考核), seed 004: the scoring
//! sheet (criteria, weights, the fatal-error item), the sampling rule of the review queue,
//! a review's life (scored, disputed once, re-scored), and the assessment sheet that weighs
//! an agent's month into one total. All of it is data: `assets/quality.toml` is the default,
//! a store replaces any of its sections.

use serde::Deserialize;
use std::collections::BTreeMap;

pub mod assessment;
pub mod review;
pub mod sampling;

#[cfg(test)]
mod tests;

pub use assessment::{AssessmentSheet, Metric, MetricId};
pub use review::{ReviewStatus, Scores};
pub use sampling::SampleRule;

/// The built-in sheets.
pub const BUILTIN_TOML: &str = include_str!("../../../assets/quality.toml");

/// One criterion of the call-quality sheet.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Criterion {
    pub id: String,
    pub zh: String,
    pub en: String,
    /// Its share of the total (weights need not add up to 100: they are normalised).
    pub weight: u32,
    #[serde(default)]
    pub hint_zh: String,
    #[serde(default)]
    pub hint_en: String,
}

impl Criterion {
    pub fn label(&self, lang: crate::i18n::Lang) -> &str {
        lang.t(&self.zh, &self.en)
    }
    pub fn hint(&self, lang: crate::i18n::Lang) -> &str {
        lang.t(&self.hint_zh, &self.hint_en)
    }
}

/// The call-quality scoring sheet (通话品质评价标准).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReviewSheet {
    /// Points each criterion is scored on: 0 ..= max.
    pub max: u8,
    pub fatal_zh: String,
    pub fatal_en: String,
    pub criteria: Vec<Criterion>,
}

impl ReviewSheet {
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    pub fn fatal(&self, lang: crate::i18n::Lang) -> &str {
        lang.t(&self.fatal_zh, &self.fatal_en)
    }

    /// The weighted score 0–100 of these points (one decimal): each criterion's points over
    /// `max`, weighted; a fatal error makes it 0. A criterion not scored counts 0 points.
    pub fn total(&self, scores: &Scores) -> f64 {
        if scores.fatal {
            return 0.0;
        }
        let weights: u32 = self.criteria.iter().map(|c| c.weight).sum();
        if weights == 0 || self.max == 0 {
            return 0.0;
        }
        let got: f64 = self
            .criteria
            .iter()
            .map(|c| {
                let p = scores.points.get(&c.id).copied().unwrap_or(0).min(self.max);
                f64::from(c.weight) * f64::from(p) / f64::from(self.max)
            })
            .sum();
        round1(100.0 * got / f64::from(weights))
    }

    /// The criteria not scored yet, by label (a sheet is saved only complete).
    pub fn missing(&self, scores: &Scores, lang: crate::i18n::Lang) -> Vec<String> {
        self.criteria
            .iter()
            .filter(|c| !scores.points.contains_key(&c.id))
            .map(|c| c.label(lang).to_string())
            .collect()
    }

    fn check(&self) -> Result<(), String> {
        if self.criteria.is_empty() {
            return Err("review.criteria: at least one criterion".into());
        }
        if !(1..=10).contains(&self.max) {
            return Err("review.max: 1 to 10".into());
        }
        let mut seen = BTreeMap::new();
        for c in &self.criteria {
            if c.id.trim().is_empty() || c.zh.trim().is_empty() || c.en.trim().is_empty() {
                return Err("review.criteria: every criterion needs id, zh and en".into());
            }
            if c.weight == 0 {
                return Err(format!("review.criteria {}: weight must be above 0", c.id));
            }
            if seen.insert(c.id.clone(), ()).is_some() {
                return Err(format!("review.criteria {}: listed twice", c.id));
            }
        }
        if self.criteria.len() > 9 {
            return Err("review.criteria: at most 9 (one key each)".into());
        }
        Ok(())
    }
}

/// Rounds to one decimal (how every score is kept and shown).
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Everything `assets/quality.toml` holds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct QualityConfig {
    pub review: ReviewSheet,
    pub sampling: SampleRule,
    pub assessment: AssessmentSheet,
}

impl QualityConfig {
    /// The built-in sheets.
    pub fn builtin() -> QualityConfig {
        match parse(BUILTIN_TOML) {
            Ok(c) => c,
            // The asset is tested; a broken build would fail its tests.
            Err(e) => panic!("assets/quality.toml: {e}"),
        }
    }

    /// The built-in sheets with the store's override on top: each top-level section the
    /// override has (`review`, `sampling`, `assessment`) replaces the built-in one. A broken
    /// override is refused whole, with the reason (the built-in sheets stay in force).
    pub fn with_override(text: &str) -> (QualityConfig, Option<String>) {
        let merged = (|| -> Result<QualityConfig, String> {
            let mut base: toml::Table = BUILTIN_TOML.parse().map_err(|e| format!("{e}"))?;
            let over: toml::Table = text.parse().map_err(|e| format!("{e}"))?;
            for (k, v) in over {
                if !matches!(k.as_str(), "review" | "sampling" | "assessment") {
                    return Err(format!("unknown section [{k}]"));
                }
                base.insert(k, v);
            }
            parse(&toml::to_string(&base).map_err(|e| format!("{e}"))?)
        })();
        match merged {
            Ok(c) => (c, None),
            Err(e) => (QualityConfig::builtin(), Some(e)),
        }
    }
}

/// Parses and checks a whole quality file.
pub fn parse(text: &str) -> Result<QualityConfig, String> {
    let c: QualityConfig = toml::from_str(text).map_err(|e| format!("{e}"))?;
    c.review.check()?;
    c.assessment.check()?;
    Ok(c)
}
