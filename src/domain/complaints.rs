//! Complaints (投诉, DOMAIN: complaints): categories and severity, the event log a
//! complaint is made of, and its state folded from that log. Nothing about a complaint is a
//! stored counter: status, reopen count, escalation and the SLA clocks are all derived from
//! the events, so they cannot drift.
//!
//! Submodules (sibling files `complaints_*.rs`), all re-exported here: `state` (the fold of
//! the log into [`ComplaintState`]; money in fen), `guard` (which step is allowed, and what
//! is missing when it is not), `sla` (the deadline clocks), `rules` (escalation, follow-ups,
//! valid complaints and the monthly tally).

use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An agent's (staff member's) id.
pub type AgentId = i64;

/// A stated loss of this much or more makes a complaint major (seed 001 §三(三)8).
pub const MAJOR_LOSS_YUAN: i64 = 20_000;
/// Satisfaction is scored 1 (very dissatisfied) to this (very satisfied).
pub const SATISFACTION_MAX: u8 = 5;
/// Escalation levels: 1 the supervisor (客服主管), 2 the store's management / the maker.
pub const LEVEL_SUPERVISOR: u8 = 1;
pub const LEVEL_MANAGEMENT: u8 = 2;

/// What the complaint is about (seed 003: the effective-complaint categories, plus product
/// quality from seed 001 and "other").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Attitude,
    Timeliness,
    RepairQuality,
    PartsSupply,
    Pricing,
    ProductQuality,
    Other,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Attitude,
        Category::Timeliness,
        Category::RepairQuality,
        Category::PartsSupply,
        Category::Pricing,
        Category::ProductQuality,
        Category::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Attitude => "attitude",
            Category::Timeliness => "timeliness",
            Category::RepairQuality => "repair_quality",
            Category::PartsSupply => "parts_supply",
            Category::Pricing => "pricing",
            Category::ProductQuality => "product_quality",
            Category::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Category::Attitude => lang.t("服务态度", "service attitude"),
            Category::Timeliness => lang.t("服务时效", "timeliness"),
            Category::RepairQuality => lang.t("维修质量（返修）", "repair quality / rework"),
            Category::PartsSupply => lang.t("配件供应", "parts supply"),
            Category::Pricing => lang.t("价格", "pricing"),
            Category::ProductQuality => lang.t("产品质量", "product quality"),
            Category::Other => lang.t("其他", "other"),
        }
    }

    /// The category in at most 8 cells, for a list's column (the register form's words
    /// in English: `1 attitude 2 delay 3 repair ...`).
    pub fn short(self, lang: Lang) -> &'static str {
        match self {
            Category::Attitude => lang.t("服务态度", "attitude"),
            Category::Timeliness => lang.t("服务时效", "delay"),
            Category::RepairQuality => lang.t("维修质量", "repair"),
            Category::PartsSupply => lang.t("配件供应", "parts"),
            Category::Pricing => lang.t("价格", "price"),
            Category::ProductQuality => lang.t("产品质量", "quality"),
            Category::Other => lang.t("其他", "other"),
        }
    }

    /// Counts as a valid complaint (有效投诉) whatever happened (seed 003).
    pub fn always_valid(self) -> bool {
        !matches!(self, Category::ProductQuality | Category::Other)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    General,
    Major,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::General => "general",
            Severity::Major => "major",
        }
    }

    pub fn from_code(s: &str) -> Option<Severity> {
        match s {
            "general" => Some(Severity::General),
            "major" => Some(Severity::Major),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::General => lang.t("一般", "general"),
            Severity::Major => lang.t("重大", "major"),
        }
    }
}

/// Major when the stated loss is [`MAJOR_LOSS_YUAN`] or more, or when set to major by hand
/// (a [`EventKind::SeveritySet`]). A hand setting raises, it never lowers: a complaint with
/// a stated loss of 20,000 yuan stays major until the loss is corrected.
pub fn severity_for(loss_yuan: Option<i64>, by_hand: Option<Severity>) -> Severity {
    let by_loss = loss_yuan.is_some_and(|l| l >= MAJOR_LOSS_YUAN);
    if by_loss || by_hand == Some(Severity::Major) {
        Severity::Major
    } else {
        Severity::General
    }
}

/// Where a complaint is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    Contacted,
    Investigating,
    /// Resolved, awaiting the customer's confirmation.
    Resolved,
    Closed,
    /// Withdrawn by a supervisor (registered by mistake): off the open list, no clocks,
    /// counted nowhere; kept, with the reason, for the record.
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::Contacted,
        Status::Investigating,
        Status::Resolved,
        Status::Closed,
        Status::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Contacted => "contacted",
            Status::Investigating => "investigating",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::New => lang.t("新投诉", "new"),
            Status::Contacted => lang.t("已联系", "contacted"),
            Status::Investigating => lang.t("调查处理中", "investigating"),
            Status::Resolved => lang.t("已解决待确认", "resolved, awaiting confirmation"),
            Status::Closed => lang.t("已结案", "closed"),
            Status::Withdrawn => lang.t("已撤销", "withdrawn"),
        }
    }

    /// The label in a list's narrow column: the Chinese is short already; the English
    /// "resolved, awaiting confirmation" is "to confirm".
    pub fn short(self, lang: Lang) -> &'static str {
        match self {
            Status::Resolved => lang.t("已解决待确认", "to confirm"),
            s => s.label(lang),
        }
    }

    /// Not yet resolved: the resolve clock runs.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::New | Status::Contacted | Status::Investigating
        )
    }
}

/// Why a clock is paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseReason {
    /// Waiting for the customer (to bring the car, to answer, to decide).
    Customer,
    /// Waiting for parts.
    Parts,
    /// Anything else; the event's note says what.
    Other,
}

impl PauseReason {
    pub fn code(self) -> &'static str {
        match self {
            PauseReason::Customer => "customer",
            PauseReason::Parts => "parts",
            PauseReason::Other => "other",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PauseReason::Customer => lang.t("等待客户", "waiting for the customer"),
            PauseReason::Parts => lang.t("等待配件", "waiting for parts"),
            PauseReason::Other => lang.t("其他原因", "other reason"),
        }
    }
}

/// How the customer confirmed the complaint is solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfirmHow {
    Phone,
    InPerson,
    Sms,
    WeChat,
    Email,
    Written,
}

impl ConfirmHow {
    pub const ALL: [ConfirmHow; 6] = [
        ConfirmHow::Phone,
        ConfirmHow::InPerson,
        ConfirmHow::Sms,
        ConfirmHow::WeChat,
        ConfirmHow::Email,
        ConfirmHow::Written,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ConfirmHow::Phone => lang.t("电话", "phone"),
            ConfirmHow::InPerson => lang.t("当面", "in person"),
            ConfirmHow::Sms => lang.t("短信", "SMS"),
            ConfirmHow::WeChat => lang.t("微信", "WeChat"),
            ConfirmHow::Email => lang.t("电子邮件", "email"),
            ConfirmHow::Written => lang.t("书面签字", "signed in writing"),
        }
    }
}

/// A refund, a replacement or a compensation given to the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemedyKind {
    Refund,
    Replacement,
    Compensation,
}

impl RemedyKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RemedyKind::Refund => lang.t("退款", "refund"),
            RemedyKind::Replacement => lang.t("更换", "replacement"),
            RemedyKind::Compensation => lang.t("补偿", "compensation"),
        }
    }
}

/// Which deadline a clock measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// First contact with the customer (10 min).
    FirstContact,
    /// A handler found for the complaint (1 h).
    AssignHandler,
    /// Resolved (24 h general, 3 days major).
    Resolve,
}

impl ClockKind {
    pub const ALL: [ClockKind; 3] = [
        ClockKind::FirstContact,
        ClockKind::AssignHandler,
        ClockKind::Resolve,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ClockKind::FirstContact => lang.t("首次联系", "first contact"),
            ClockKind::AssignHandler => lang.t("确定处理人", "handler assigned"),
            ClockKind::Resolve => lang.t("处理完毕", "resolution"),
        }
    }
}

/// Why a complaint went up to the supervisor (or higher).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "why", content = "clock")]
pub enum EscalationReason {
    /// A deadline was missed.
    Deadline(ClockKind),
    /// Reopened a second time.
    ReopenedTwice,
    /// A major complaint.
    Major,
    /// Escalated by hand; the event's note says why.
    ByHand,
}

impl EscalationReason {
    pub fn label(self, lang: Lang) -> String {
        match self {
            EscalationReason::Deadline(k) => match lang {
                Lang::Zh => format!("{}超时", k.label(lang)),
                Lang::En => format!("{} deadline missed", k.label(lang)),
            },
            EscalationReason::ReopenedTwice => lang.t("两次重开", "reopened twice").into(),
            EscalationReason::Major => lang.t("重大投诉", "major complaint").into(),
            EscalationReason::ByHand => lang.t("人工升级", "escalated by hand").into(),
        }
    }
}

/// The four 'do not let go' (四不放过) a product-quality complaint is closed with (001 §三(五)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FourFields {
    /// 原因未查清不放过: the root cause.
    pub root_cause: String,
    /// 整改措施未落实不放过: the corrective action.
    pub corrective_action: String,
    /// 责任人员未处理不放过: who is accountable and what was done.
    pub accountability: String,
    /// 有关人员未受到教育不放过: how the staff were educated.
    pub staff_education: String,
}

impl FourFields {
    /// The fields still empty, in order.
    pub fn missing(&self) -> Vec<guard::Missing> {
        use guard::Missing as M;
        [
            (&self.root_cause, M::RootCause),
            (&self.corrective_action, M::CorrectiveAction),
            (&self.accountability, M::Accountability),
            (&self.staff_education, M::StaffEducation),
        ]
        .into_iter()
        .filter(|(v, _)| v.trim().is_empty())
        .map(|(_, m)| m)
        .collect()
    }
}

/// One entry of a complaint's log: when, who (None for the app itself), what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub by: Option<AgentId>,
    pub kind: EventKind,
}

impl Event {
    /// An event done by agent `by`.
    pub fn new(at: DateTime<Utc>, by: AgentId, kind: EventKind) -> Event {
        Event {
            at,
            by: Some(by),
            kind,
        }
    }

    /// An event the app records by itself (automatic escalation).
    pub fn automatic(at: DateTime<Utc>, kind: EventKind) -> Event {
        Event { at, by: None, kind }
    }
}

/// What happened. The log is append-only; corrections are new events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// Registered; every clock starts here.
    Received,
    /// The customer was contacted (the first one stops the first-contact clock).
    Contacted,
    /// A handler was assigned (the first one stops the assignment clock; later ones reassign).
    HandlerAssigned {
        handler: AgentId,
    },
    /// Investigation started with the departments concerned.
    Investigating,
    /// The resolve clock is paused.
    Paused {
        reason: PauseReason,
        note: String,
    },
    /// The resolve clock runs again.
    Resumed,
    /// Resolved; now awaiting the customer's confirmation. Stops the resolve clock.
    Resolved {
        resolution: String,
    },
    /// The customer confirmed: who, how, the satisfaction score; `at` is when.
    Confirmed {
        who: String,
        how: ConfirmHow,
        satisfaction: u8,
    },
    Closed,
    /// Back to investigating; counted.
    Reopened {
        reason: String,
    },
    Escalated {
        level: u8,
        reason: EscalationReason,
        note: String,
        automatic: bool,
    },
    Note {
        text: String,
    },
    /// A supervisor's ruling on whether the complaint is valid (有效投诉); the latest counts.
    Ruled {
        valid: bool,
        reason: String,
    },
    /// A refund, replacement or compensation; the amount in fen (分).
    Remedy {
        kind: RemedyKind,
        reason: String,
        item: String,
        amount_fen: i64,
    },
    /// The four 'do not let go'; the latest entry counts.
    FourFields(FourFields),
    /// Severity set by hand with a reason.
    SeveritySet {
        severity: Severity,
        reason: String,
    },
    /// Withdrawn by a supervisor (registered by mistake), with the reason: the complaint
    /// leaves the open list, its clocks and every count. Final: a real complaint is
    /// registered again.
    Withdrawn {
        reason: String,
    },
}

mod state;
pub use state::*;

mod guard;
pub use guard::*;

mod sla;
pub use sla::*;

mod rules;
pub use rules::*;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod precheck_tests;

#[cfg(test)]
mod withdraw_tests;
