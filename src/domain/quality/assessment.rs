//! The monthly assessment (绩效考核): an agent's period — calls logged, the record-standard
//! score (信息记录规范), the call-quality score (通话品质), callbacks done on time, complaints
//! handled within their deadlines, late document hand-overs — weighed by the store's sheet
//! into one total, ranked, passed or failed.

use super::round1;
use serde::Deserialize;

/// What a metric measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricId {
    /// Calls logged in the period (a count against the target).
    Calls,
    /// Average record-standard score of those calls, 0–100.
    Record,
    /// Average call-quality review score, 0–100.
    Quality,
    /// Callbacks done within their window, % of those done.
    Callbacks,
    /// Complaints with every deadline kept, % of those handled.
    Complaints,
}

impl MetricId {
    pub const ALL: [MetricId; 5] = [
        MetricId::Calls,
        MetricId::Record,
        MetricId::Quality,
        MetricId::Callbacks,
        MetricId::Complaints,
    ];

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            MetricId::Calls => lang.t("来电登记", "Calls logged"),
            MetricId::Record => lang.t("信息记录规范", "Record standard"),
            MetricId::Quality => lang.t("通话品质", "Call quality"),
            MetricId::Callbacks => lang.t("回访按时率", "Callbacks on time"),
            MetricId::Complaints => lang.t("投诉时限内", "Complaints in SLA"),
        }
    }
}

/// One weighed metric of the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct Metric {
    pub id: MetricId,
    pub weight: u32,
    /// The actual value that earns the full 100.
    pub target: f64,
}

/// The store's assessment sheet.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AssessmentSheet {
    /// A total at or above this passes.
    pub pass: f64,
    /// Points off the total per late document hand-over.
    #[serde(default)]
    pub late_handover_penalty: f64,
    pub metrics: Vec<Metric>,
}

impl AssessmentSheet {
    pub(super) fn check(&self) -> Result<(), String> {
        if self.metrics.is_empty() {
            return Err("assessment.metrics: at least one metric".into());
        }
        for m in &self.metrics {
            if m.target.is_nan() || m.target <= 0.0 || !m.target.is_finite() {
                return Err(format!("assessment.metrics {:?}: target above 0", m.id));
            }
            if self.metrics.iter().filter(|x| x.id == m.id).count() > 1 {
                return Err(format!("assessment.metrics {:?}: listed twice", m.id));
            }
        }
        if !(0.0..=100.0).contains(&self.pass) {
            return Err("assessment.pass: 0 to 100".into());
        }
        if self.late_handover_penalty < 0.0 || !self.late_handover_penalty.is_finite() {
            return Err("assessment.late_handover_penalty: 0 or more".into());
        }
        Ok(())
    }

    pub fn metric(&self, id: MetricId) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.id == id)
    }

    /// An agent's assessment.
    pub fn assess(&self, f: &Figures) -> Assessment {
        let mut parts = Vec::new();
        let (mut weighed, mut weights) = (0.0, 0u32);
        for m in &self.metrics {
            let actual = f.actual(m.id);
            let score = actual.map(|a| round1((a / m.target).clamp(0.0, 1.0) * 100.0));
            if let Some(s) = score {
                weighed += f64::from(m.weight) * s;
                weights += m.weight;
            }
            parts.push(Part {
                id: m.id,
                actual,
                score,
                met: actual.map(|a| a >= m.target),
            });
        }
        let base = if weights > 0 {
            weighed / f64::from(weights)
        } else {
            0.0
        };
        let penalty = self.late_handover_penalty * f.late_handovers as f64;
        let total = round1((base - penalty).max(0.0));
        Assessment {
            parts,
            penalty: round1(penalty),
            total,
            passed: total >= self.pass,
        }
    }
}

/// An agent's figures for the period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub calls: i64,
    /// Average record-standard score of the calls (None without calls).
    pub record_avg: Option<f64>,
    pub reviews: i64,
    /// Average call-quality score of the scored reviews (None without any).
    pub quality_avg: Option<f64>,
    pub callbacks_done: i64,
    pub callbacks_on_time: i64,
    pub complaints: i64,
    pub complaints_kept: i64,
    pub late_handovers: i64,
}

impl Figures {
    /// The value a metric is measured on; `None` when there is nothing to count (the metric
    /// is then left out of the agent's total).
    pub fn actual(&self, id: MetricId) -> Option<f64> {
        let pct = |a: i64, n: i64| (n > 0).then(|| 100.0 * a as f64 / n as f64);
        match id {
            MetricId::Calls => Some(self.calls as f64),
            MetricId::Record => self.record_avg.filter(|_| self.calls > 0),
            MetricId::Quality => self.quality_avg.filter(|_| self.reviews > 0),
            MetricId::Callbacks => pct(self.callbacks_on_time, self.callbacks_done),
            MetricId::Complaints => pct(self.complaints_kept, self.complaints),
        }
    }
}

/// One metric's result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Part {
    pub id: MetricId,
    pub actual: Option<f64>,
    /// 0–100, `None` when the metric does not apply.
    pub score: Option<f64>,
    /// Whether the target was reached.
    pub met: Option<bool>,
}

/// An agent's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub parts: Vec<Part>,
    pub penalty: f64,
    pub total: f64,
    pub passed: bool,
}

/// Ranks totals, best first: equal totals share a rank (1, 2, 2, 4). Returns each input's
/// rank in input order.
pub fn ranks(totals: &[f64]) -> Vec<usize> {
    totals
        .iter()
        .map(|t| 1 + totals.iter().filter(|o| *o > t).count())
        .collect()
}
