//! Lifecycle guard: whether an event may be appended to a complaint's log, and when not, a
//! refusal that names what is missing, in the user's language.
//!
//! new → contacted → investigating → resolved (awaiting confirmation) → closed; a reopen
//! goes from resolved or closed back to investigating.

use super::{
    Category, ComplaintState, Event, EventKind, FourFields, RemedyKind, SATISFACTION_MAX, Status,
    fold, is_step,
};
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
        }
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

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn need(step: StepKind, missing: Vec<Missing>) -> Result<(), Refusal> {
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Refusal::Missing { step, missing })
    }
}

/// Whether a step of this kind can be taken at all in `state`, before anything is typed
/// for it: the status rules of [`check_step`], without the step's own fields. A step
/// refused here is refused before its form opens; one allowed here may still be refused
/// by [`check_step`] for what was typed.
pub fn precheck(state: &ComplaintState, category: Category, step: StepKind) -> Result<(), Refusal> {
    use Status as S;
    use StepKind as K;
    let Some(status) = state.status else {
        return match step {
            K::Receive => Ok(()),
            _ => Err(Refusal::NotReceived),
        };
    };
    let wrong = || Err(Refusal::WrongStatus { step, status });
    match step {
        K::Receive => Err(Refusal::AlreadyReceived),
        K::Note | K::Rule => Ok(()),
        _ if status == S::Closed && !matches!(step, K::Reopen | K::Close | K::Confirm) => wrong(),
        K::FourFields if category != Category::ProductQuality => Err(Refusal::NotProductQuality),
        K::Contact if state.contacted_at.is_some() => Err(Refusal::AlreadyContacted),
        K::Investigate => match status {
            S::New | S::Contacted => {
                let mut missing = Vec::new();
                if state.contacted_at.is_none() {
                    missing.push(Missing::Contact);
                }
                if state.handler.is_none() {
                    missing.push(Missing::Handler);
                }
                need(step, missing)
            }
            _ => wrong(),
        },
        K::Pause if !status.is_open() => wrong(),
        K::Pause if state.is_paused() => Err(Refusal::AlreadyPaused),
        K::Resume if !state.is_paused() => Err(Refusal::NotPaused),
        K::Resolve if status != S::Investigating => wrong(),
        K::Confirm if status != S::Resolved => wrong(),
        K::Close if status != S::Resolved => wrong(),
        K::Close => need(step, close_missing(state, category)),
        K::Reopen if !matches!(status, S::Resolved | S::Closed) => wrong(),
        _ => Ok(()),
    }
}

/// Whether a step is offered now (its key listed on the complaint's page): the complaint's
/// status allows it, though it may still lack what it needs first (a close without the four
/// 'do not let go' is offered; taking it says what is missing). A step the status does not
/// allow (reopening an open complaint, resuming a clock that runs) is not.
pub fn offered(state: &ComplaintState, category: Category, step: StepKind) -> bool {
    matches!(
        precheck(state, category, step),
        Ok(()) | Err(Refusal::Missing { .. })
    )
}

/// Whether `event` may be appended to a complaint in `state` of `category`.
pub fn check_step(
    state: &ComplaintState,
    category: Category,
    event: &Event,
) -> Result<(), Refusal> {
    use EventKind as K;
    use Status as S;
    let step = StepKind::of(&event.kind);
    let Some(status) = state.status else {
        return match event.kind {
            K::Received => Ok(()),
            _ => Err(Refusal::NotReceived),
        };
    };
    let wrong = || Err(Refusal::WrongStatus { step, status });
    let earliest = if is_step(&event.kind) {
        state.last_step_at
    } else {
        state.received_at
    };
    if earliest.is_some_and(|t| event.at < t) {
        return Err(Refusal::TooEarly { step });
    }
    match &event.kind {
        K::Received => Err(Refusal::AlreadyReceived),
        K::Note { text } => need(
            step,
            if blank(text) {
                vec![Missing::Text]
            } else {
                vec![]
            },
        ),
        K::Ruled { reason, .. } => need(
            step,
            if blank(reason) {
                vec![Missing::Reason]
            } else {
                vec![]
            },
        ),
        _ if status == S::Closed
            && !matches!(
                event.kind,
                K::Reopened { .. } | K::Closed | K::Confirmed { .. }
            ) =>
        {
            wrong()
        }
        K::Contacted if state.contacted_at.is_some() => Err(Refusal::AlreadyContacted),
        K::Contacted | K::HandlerAssigned { .. } => Ok(()),
        K::Investigating => match status {
            S::New | S::Contacted => {
                let mut missing = Vec::new();
                if state.contacted_at.is_none() {
                    missing.push(Missing::Contact);
                }
                if state.handler.is_none() {
                    missing.push(Missing::Handler);
                }
                need(step, missing)
            }
            _ => wrong(),
        },
        K::Paused { reason, note } => {
            if !status.is_open() {
                wrong()
            } else if state.is_paused() {
                Err(Refusal::AlreadyPaused)
            } else if *reason == super::PauseReason::Other && blank(note) {
                need(step, vec![Missing::Reason])
            } else {
                Ok(())
            }
        }
        K::Resumed => {
            if state.is_paused() {
                Ok(())
            } else {
                Err(Refusal::NotPaused)
            }
        }
        K::Resolved { resolution } => match status {
            S::Investigating => need(
                step,
                if blank(resolution) {
                    vec![Missing::Resolution]
                } else {
                    vec![]
                },
            ),
            _ => wrong(),
        },
        K::Confirmed {
            who, satisfaction, ..
        } => match status {
            S::Resolved => {
                let mut missing = Vec::new();
                if blank(who) {
                    missing.push(Missing::ConfirmedBy);
                }
                if !(1..=SATISFACTION_MAX).contains(satisfaction) {
                    missing.push(Missing::Satisfaction);
                }
                need(step, missing)
            }
            _ => wrong(),
        },
        K::Closed => match status {
            S::Resolved => need(step, close_missing(state, category)),
            _ => wrong(),
        },
        K::Reopened { reason } => match status {
            S::Resolved | S::Closed => need(
                step,
                if blank(reason) {
                    vec![Missing::Reason]
                } else {
                    vec![]
                },
            ),
            _ => wrong(),
        },
        K::Escalated {
            level,
            note,
            automatic,
            ..
        } => {
            if *level == 0 {
                need(step, vec![Missing::Level])
            } else if !automatic && blank(note) {
                need(step, vec![Missing::Reason])
            } else if *level <= state.escalation_level {
                Err(Refusal::NotAbove {
                    level: state.escalation_level,
                })
            } else {
                Ok(())
            }
        }
        K::Remedy {
            kind,
            reason,
            item,
            amount_fen,
        } => {
            let mut missing = Vec::new();
            if blank(reason) {
                missing.push(Missing::Reason);
            }
            if blank(item) {
                missing.push(Missing::Item);
            }
            let amount_ok = match kind {
                RemedyKind::Replacement => *amount_fen >= 0,
                RemedyKind::Refund | RemedyKind::Compensation => *amount_fen > 0,
            };
            if !amount_ok {
                missing.push(Missing::Amount);
            }
            need(step, missing)
        }
        K::FourFields(_) if category != Category::ProductQuality => Err(Refusal::NotProductQuality),
        K::FourFields(f) => {
            if f.missing().len() == 4 {
                need(step, f.missing())
            } else {
                Ok(())
            }
        }
        K::SeveritySet { reason, .. } => need(
            step,
            if blank(reason) {
                vec![Missing::Reason]
            } else {
                vec![]
            },
        ),
    }
}

/// What closing still needs: the resolution, the customer's confirmation and, for a
/// product-quality complaint, the four 'do not let go'.
pub fn close_missing(state: &ComplaintState, category: Category) -> Vec<Missing> {
    let mut missing = Vec::new();
    if state.resolution.as_deref().is_none_or(blank) {
        missing.push(Missing::Resolution);
    }
    match &state.confirmation {
        None => missing.push(Missing::Confirmation),
        Some(c) => {
            if blank(&c.who) {
                missing.push(Missing::ConfirmedBy);
            }
            if !(1..=SATISFACTION_MAX).contains(&c.satisfaction) {
                missing.push(Missing::Satisfaction);
            }
        }
    }
    if category == Category::ProductQuality {
        let empty = FourFields::default();
        missing.extend(state.four_fields.as_ref().unwrap_or(&empty).missing());
    }
    missing
}

/// Checks `event` against the log and appends it; returns the new state.
pub fn try_append(
    events: &mut Vec<Event>,
    category: Category,
    event: Event,
) -> Result<ComplaintState, Refusal> {
    let mut state = fold(events);
    check_step(&state, category, &event)?;
    super::apply(&mut state, &event);
    events.push(event);
    Ok(state)
}
