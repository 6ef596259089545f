//! The words of the lifecycle guard: the kinds of step, what a step can be missing, and
//! why a step was refused, each said in the user's language.

use super::super::{EventKind, Status};
use crate::i18n::Lang;

/// The kind of step an event is (for messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    Receive,
    Contact,
    AssignHandler,
    Investigate,
    Pause,
    Resume,
    Resolve,
    Confirm,
    Close,
    Reopen,
    Escalate,
    Note,
    Rule,
    Remedy,
    FourFields,
    SetSeverity,
    Withdraw,
}

impl StepKind {
    pub fn of(kind: &EventKind) -> StepKind {
        use EventKind as K;
        match kind {
            K::Received => StepKind::Receive,
            K::Contacted => StepKind::Contact,
            K::HandlerAssigned { .. } => StepKind::AssignHandler,
            K::Investigating => StepKind::Investigate,
            K::Paused { .. } => StepKind::Pause,
            K::Resumed => StepKind::Resume,
            K::Resolved { .. } => StepKind::Resolve,
            K::Confirmed { .. } => StepKind::Confirm,
            K::Closed => StepKind::Close,
            K::Reopened { .. } => StepKind::Reopen,
            K::Escalated { .. } => StepKind::Escalate,
            K::Note { .. } => StepKind::Note,
            K::Ruled { .. } => StepKind::Rule,
            K::Remedy { .. } => StepKind::Remedy,
            K::FourFields(_) => StepKind::FourFields,
            K::SeveritySet { .. } => StepKind::SetSeverity,
            K::Withdrawn { .. } => StepKind::Withdraw,
        }
    }

    /// A step only a supervisor (客服主管) takes: ruling on validity, withdrawing a
    /// complaint registered by mistake. The store refuses anyone else
    /// ([`Refusal::SupervisorOnly`]).
    pub fn supervisors_only(self) -> bool {
        matches!(self, StepKind::Rule | StepKind::Withdraw)
    }

    /// The step as a verb phrase ("cannot {label}").
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            StepKind::Receive => lang.t("登记投诉", "register the complaint"),
            StepKind::Contact => lang.t("记录联系客户", "record a contact"),
            StepKind::AssignHandler => lang.t("指定处理人", "assign a handler"),
            StepKind::Investigate => lang.t("开始调查处理", "start the investigation"),
            StepKind::Pause => lang.t("暂停计时", "pause the clock"),
            StepKind::Resume => lang.t("恢复计时", "resume the clock"),
            StepKind::Resolve => lang.t("登记处理结果", "record the resolution"),
            StepKind::Confirm => lang.t("记录客户确认", "record the customer's confirmation"),
            StepKind::Close => lang.t("结案", "close the complaint"),
            StepKind::Reopen => lang.t("重开", "reopen the complaint"),
            StepKind::Escalate => lang.t("升级", "escalate"),
            StepKind::Note => lang.t("添加备注", "add a note"),
            StepKind::Rule => lang.t("判定有效投诉", "rule on validity"),
            StepKind::Remedy => lang.t(
                "记录退款/更换/补偿",
                "record a refund, replacement or compensation",
            ),
            StepKind::FourFields => lang.t("填写四不放过", "record the four 'do not let go'"),
            StepKind::SetSeverity => lang.t("设定严重程度", "set the severity"),
            StepKind::Withdraw => lang.t("撤销投诉", "withdraw the complaint"),
        }
    }
}

/// Something a step needs that is not there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Missing {
    /// The first contact with the customer.
    Contact,
    Handler,
    Resolution,
    /// The customer's confirmation of the resolution.
    Confirmation,
    /// Who confirmed.
    ConfirmedBy,
    /// A satisfaction score 1..=SATISFACTION_MAX.
    Satisfaction,
    RootCause,
    CorrectiveAction,
    Accountability,
    StaffEducation,
    Reason,
    Item,
    Amount,
    Text,
    Level,
}

impl Missing {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Missing::Contact => lang.t("与客户的首次联系", "the first contact with the customer"),
            Missing::Handler => lang.t("处理人", "a handler"),
            Missing::Resolution => lang.t("处理结果", "the resolution"),
            Missing::Confirmation => lang.t(
                "客户确认（确认人、时间、方式、满意度）",
                "the customer's confirmation (who, when, how, satisfaction)",
            ),
            Missing::ConfirmedBy => lang.t("确认人", "who confirmed"),
            Missing::Satisfaction => lang.t("满意度评分（1–5）", "a satisfaction score (1–5)"),
            Missing::RootCause => lang.t(
                "原因分析（四不放过）",
                "the root cause (four 'do not let go')",
            ),
            Missing::CorrectiveAction => lang.t(
                "整改措施（四不放过）",
                "the corrective action (four 'do not let go')",
            ),
            Missing::Accountability => lang.t(
                "责任处理（四不放过）",
                "the accountability (four 'do not let go')",
            ),
            Missing::StaffEducation => lang.t(
                "员工教育（四不放过）",
                "the staff education (four 'do not let go')",
            ),
            Missing::Reason => lang.t("原因", "a reason"),
            Missing::Item => lang.t("项目", "the item"),
            Missing::Amount => lang.t("有效金额", "a valid amount"),
            Missing::Text => lang.t("内容", "the text"),
            Missing::Level => lang.t("升级级别", "an escalation level"),
        }
    }
}

/// Why a step was refused. [`Refusal::message`] says it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No `Received` event yet.
    NotReceived,
    AlreadyReceived,
    /// The step does not apply in the complaint's status.
    WrongStatus {
        step: StepKind,
        status: Status,
    },
    /// The step needs these, and they are not there (every one is listed).
    Missing {
        step: StepKind,
        missing: Vec<Missing>,
    },
    AlreadyPaused,
    NotPaused,
    /// The first contact with the customer is already logged.
    AlreadyContacted,
    /// Dated before the complaint was received or before its previous step.
    TooEarly {
        step: StepKind,
    },
    /// Escalating by hand to a level not above the current one.
    NotAbove {
        level: u8,
    },
    /// The four 'do not let go' belong to product-quality complaints only (001 §三(五)).
    NotProductQuality,
    /// Only a supervisor (客服主管) takes this step (the store checks the role).
    SupervisorOnly {
        step: StepKind,
    },
}

impl Refusal {
    pub fn message(&self, lang: Lang) -> String {
        let cannot = |step: StepKind| match lang {
            Lang::Zh => format!("无法{}：", step.label(lang)),
            Lang::En => format!("Cannot {}: ", step.label(lang)),
        };
        let because =
            |step: StepKind, zh: &str, en: &str| format!("{}{}", cannot(step), lang.t(zh, en));
        match self {
            Refusal::NotReceived => lang
                .t(
                    "投诉尚未登记：请先登记投诉。",
                    "The complaint is not registered yet: register it first.",
                )
                .into(),
            Refusal::AlreadyReceived => lang
                .t("投诉已登记。", "The complaint is already registered.")
                .into(),
            Refusal::WrongStatus { step, status } => {
                let (zh, en) = hint(*step, *status);
                match lang {
                    Lang::Zh => format!(
                        "{}投诉当前为「{}」，{zh}。",
                        cannot(*step),
                        status.label(lang)
                    ),
                    Lang::En => format!(
                        "{}the complaint is {}; {en}.",
                        cannot(*step),
                        status.label(lang)
                    ),
                }
            }
            Refusal::Missing { step, missing } => {
                let list: Vec<&str> = missing.iter().map(|m| m.label(lang)).collect();
                match lang {
                    Lang::Zh => format!("{}缺少{}。", cannot(*step), list.join("、")),
                    Lang::En => format!("{}missing {}.", cannot(*step), list.join(", ")),
                }
            }
            Refusal::AlreadyPaused => lang
                .t("计时已暂停。", "The clock is already paused.")
                .into(),
            Refusal::NotPaused => lang.t("计时没有暂停。", "The clock is not paused.").into(),
            Refusal::AlreadyContacted => because(
                StepKind::Contact,
                "已记录过首次联系，无需重复；后续沟通请添加备注。",
                "the first contact with the customer is already recorded (add a note for later calls).",
            ),
            Refusal::TooEarly { step } => because(
                *step,
                "时间早于投诉登记或上一步骤。",
                "it is dated before the complaint was received or before the previous step.",
            ),
            Refusal::NotProductQuality => because(
                StepKind::FourFields,
                "只用于产品质量投诉。",
                "only a product-quality complaint takes them.",
            ),
            Refusal::SupervisorOnly { step } => because(
                *step,
                "只有客服主管可以操作，请联系主管。",
                "only a supervisor can; ask your supervisor.",
            ),
            Refusal::NotAbove { level } => match lang {
                Lang::Zh => format!("无法升级：已升级到第 {level} 级，请选择更高级别。"),
                Lang::En => {
                    format!("Cannot escalate: already at level {level}; choose a higher level.")
                }
            },
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Refusal {}

/// What the user should do instead, for a step refused in `status`.
fn hint(step: StepKind, status: Status) -> (&'static str, &'static str) {
    use Status as S;
    use StepKind as P;
    match (step, status) {
        (P::Reopen, _) => (
            "只有已解决或已结案的投诉可以重开",
            "only a resolved or closed complaint can be reopened",
        ),
        (P::Withdraw, S::Closed) => (
            "已结案的投诉不能撤销",
            "a closed complaint cannot be withdrawn",
        ),
        (_, S::Withdrawn) => (
            "投诉已撤销，不再处理；如确有投诉请重新登记",
            "it was withdrawn; register it again if it is a real complaint",
        ),
        (P::Confirm | P::Close, S::Closed) => (
            "无需再次确认或结案",
            "there is nothing left to confirm or close",
        ),
        (_, S::Closed) => ("如需继续处理请先重开", "reopen it first"),
        (P::Investigate, S::Investigating) => {
            ("已在调查处理中", "it is already being investigated")
        }
        (P::Investigate, S::Resolved) => ("如需继续调查请重开", "reopen it to investigate again"),
        (P::Resolve, S::New | S::Contacted) => {
            ("请先开始调查处理", "start the investigation first")
        }
        (P::Resolve, S::Resolved) => (
            "已有处理结果，正在等待客户确认",
            "it is already resolved and awaits the customer's confirmation",
        ),
        (P::Confirm, _) => (
            "尚未解决：请先登记处理结果",
            "it is not resolved yet: record the resolution first",
        ),
        (P::Close, _) => (
            "尚未解决：请先登记处理结果并取得客户确认",
            "it is not resolved yet: record the resolution and the customer's confirmation first",
        ),
        (P::Pause, _) => ("计时已停止（已解决）", "its clock has stopped (resolved)"),
        _ => ("此步骤不适用", "this step does not apply"),
    }
}
