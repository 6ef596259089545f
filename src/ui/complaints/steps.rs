//! The steps of a complaint, the small forms they need, and turning a form into the event
//! the app appends (the domain's guard then says whether the step is allowed now).

use crate::domain::complaints::{
    Category, ComplaintState, ConfirmHow, EscalationReason, Event, EventKind, FourFields,
    PauseReason, Refusal, RemedyKind, SATISFACTION_MAX, Severity, StepKind, offered, parse_yuan,
};
use crate::i18n::Lang;
use crate::ui::action::Action;
use crate::ui::widgets::form::{Field, Form};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Contact,
    Assign,
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
    FourFields,
    Remedy,
    Severity,
    /// A supervisor's: withdraw a complaint registered by mistake, with the reason.
    Withdraw,
}

/// The steps the complaint's page lists: those its status allows now (the domain's
/// [`offered`]), a close still missing its fields among them; the pause key says `恢复` /
/// `resume` while the clock is paused.
pub(super) fn offered_keys(
    state: &ComplaintState,
    category: Category,
) -> Vec<(Action, &'static str, &'static str)> {
    let items: [(Step, &str, &str); 15] = [
        (Step::Contact, "联系", "contact"),
        (Step::Assign, "处理人", "handler"),
        (Step::Investigate, "调查", "investigate"),
        (Step::Pause, "暂停", "pause"),
        (Step::Resolve, "解决", "resolve"),
        (Step::Confirm, "确认", "confirm"),
        (Step::Close, "结案", "close"),
        (Step::Reopen, "重开", "reopen"),
        (Step::Escalate, "升级", "escalate"),
        (Step::Note, "备注", "note"),
        (Step::Rule, "裁定", "rule"),
        (Step::FourFields, "四不放过", "4-fields"),
        (Step::Remedy, "补偿", "remedy"),
        (Step::Severity, "定级", "severity"),
        (Step::Withdraw, "撤销", "withdraw"),
    ];
    items
        .into_iter()
        .filter_map(|(step, zh, en)| {
            let (taken, zh, en) = match step {
                Step::Pause if state.is_paused() => (Step::Resume, "恢复", "resume"),
                _ => (step, zh, en),
            };
            offered(state, category, taken.kind()).then_some((Action::Complaint(step), zh, en))
        })
        .collect()
}

/// Whether a user (a supervisor or not) may take `step` at all: a ruling or a withdrawal is
/// a supervisor's (the store refuses anyone else), so an agent is told so on the key,
/// before typing a reason for nothing.
pub(super) fn role_allows(step: Step, supervisor: bool) -> Result<(), Refusal> {
    let step = step.kind();
    if step.supervisors_only() && !supervisor {
        return Err(Refusal::SupervisorOnly { step });
    }
    Ok(())
}

impl Step {
    /// The domain's name for the step (what its guard checks).
    pub fn kind(self) -> StepKind {
        match self {
            Step::Contact => StepKind::Contact,
            Step::Assign => StepKind::AssignHandler,
            Step::Investigate => StepKind::Investigate,
            Step::Pause => StepKind::Pause,
            Step::Resume => StepKind::Resume,
            Step::Resolve => StepKind::Resolve,
            Step::Confirm => StepKind::Confirm,
            Step::Close => StepKind::Close,
            Step::Reopen => StepKind::Reopen,
            Step::Escalate => StepKind::Escalate,
            Step::Note => StepKind::Note,
            Step::Rule => StepKind::Rule,
            Step::FourFields => StepKind::FourFields,
            Step::Remedy => StepKind::Remedy,
            Step::Severity => StepKind::SetSeverity,
            Step::Withdraw => StepKind::Withdraw,
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Step::Contact => lang.t("已联系客户", "Customer contacted"),
            Step::Assign => lang.t("指定处理人", "Assign the handler"),
            Step::Investigate => lang.t("开始调查", "Start investigating"),
            Step::Pause => lang.t("暂停计时", "Pause the clock"),
            Step::Resume => lang.t("恢复计时", "Resume the clock"),
            Step::Resolve => lang.t("已解决，待客户确认", "Resolved, awaiting confirmation"),
            Step::Confirm => lang.t("客户确认", "Customer's confirmation"),
            Step::Close => lang.t("结案", "Close"),
            Step::Reopen => lang.t("重新打开", "Reopen"),
            Step::Escalate => lang.t("手动升级", "Escalate"),
            Step::Note => lang.t("备注", "Note"),
            Step::Rule => lang.t("有效投诉裁定", "Rule valid or not"),
            Step::FourFields => lang.t("四不放过", "The four 'do not let go'"),
            Step::Remedy => lang.t("退款/更换/补偿", "Refund / replacement / compensation"),
            Step::Severity => lang.t("设定严重程度", "Set the severity"),
            Step::Withdraw => lang.t("撤销投诉（误登记）", "Withdraw (registered by mistake)"),
        }
    }
}

/// What the app is asked to append.
#[derive(Debug, Clone, PartialEq)]
pub struct StepAsk {
    pub id: i64,
    /// The newest entry of the complaint's log the page showed: the step is refused when
    /// someone else's came after it.
    pub seen: i64,
    pub kind: EventKind,
    /// For an assignment: the employee number to look up.
    pub handler_emp_no: Option<String>,
    pub at: DateTime<Utc>,
}

impl StepAsk {
    pub fn event(&self, by: Option<i64>) -> Event {
        Event {
            at: self.at,
            by,
            kind: self.kind.clone(),
        }
    }
}

/// The handler's form names who can take the complaint, under its field: a receptionist
/// does not know every colleague's number.
pub fn name_handlers(mut f: Form, step: Step, handlers: &[String], lang: Lang) -> Form {
    if step == Step::Assign && !handlers.is_empty() {
        let list = crate::text::inert(&handlers.join(lang.t("，", ", ")));
        f.message = Some((format!("{}{list}", lang.t("可选：", "Agents: ")), false));
    }
    f
}

/// The form a step needs; None for steps that need nothing typed. `me` is the signed-in
/// agent's number: the handler a new receptionist most often names is themself, so it is
/// the handler field's default (drawn as one: typing replaces it). The cursor starts on the
/// first field the user must fill, past the defaults.
pub fn form_for(step: Step, lang: Lang, me: Option<&str>) -> Option<Form> {
    let f = |fields: Vec<Field>| Some(Form::new(fields).start_at_first_to_fill());
    match step {
        Step::Contact | Step::Investigate | Step::Resume | Step::Close => None,
        Step::Assign => f(vec![
            Field::new("emp", "处理人工号", "Handler's no.")
                .required()
                .default_value(me.unwrap_or("")),
        ]),
        Step::Pause => f(vec![
            Field::new("reason", "原因", "Reason")
                .required()
                .hints("客户/配件/其他", "customer/parts/other"),
            Field::new("note", "说明", "Note").multiline(3),
        ]),
        Step::Resolve => f(vec![
            Field::new("resolution", "处理结果", "Resolution")
                .required()
                .multiline(4),
        ]),
        Step::Confirm => f(vec![
            // Usually the customer, on the phone: real defaults, not hints that read as
            // filled in and then fail as empty.
            Field::new("who", "确认人", "Confirmed by")
                .required()
                .default_value(lang.t("客户本人", "the customer")),
            Field::new("how", "方式", "How")
                .required()
                .default_value(lang.t("电话", "phone"))
                .hints(
                    "电话/当面/短信/微信/邮件/书面",
                    "phone/in person/SMS/WeChat/email/letter",
                ),
            Field::new("score", "满意度", "Satisfaction")
                .required()
                .hint("1-5"),
        ]),
        Step::Reopen => f(vec![Field::new("reason", "原因", "Reason").required()]),
        Step::Escalate => f(vec![Field::new("reason", "原因", "Reason").required()]),
        Step::Note => f(vec![
            Field::new("text", "内容", "Text").required().multiline(4),
        ]),
        Step::Rule => f(vec![
            Field::new("valid", "有效投诉", "Valid")
                .required()
                .hints("是/否", "y/n"),
            Field::new("reason", "理由", "Reason").required(),
        ]),
        Step::FourFields => f(vec![
            Field::new("root_cause", "原因分析", "Root cause").required(),
            Field::new("corrective_action", "纠正措施", "Corrective action").required(),
            Field::new("accountability", "责任追究", "Accountability").required(),
            Field::new("staff_education", "员工教育", "Staff education").required(),
        ]),
        Step::Remedy => f(vec![
            Field::new("kind", "类型", "Kind")
                .required()
                .hints("退款/更换/补偿", "refund/replace/comp"),
            Field::new("reason", "原因", "Reason").required(),
            Field::new("item", "项目", "Item").required(),
            Field::new("amount", "金额(元)", "Amount (yuan)")
                .required()
                .hints("如 1280.50", "e.g. 1280.50"),
        ]),
        Step::Severity => f(vec![
            Field::new("severity", "严重程度", "Severity")
                .required()
                .hints("一般/重大", "general/major"),
            Field::new("reason", "理由", "Reason").required(),
        ]),
        Step::Withdraw => f(vec![
            Field::new("reason", "撤销原因", "Reason").required().hints(
                "如 误登记、登记错客户",
                "e.g. typed by mistake, wrong customer",
            ),
        ]),
    }
}

pub(super) fn need(form: &mut Form, key: &str, lang: Lang) -> Option<String> {
    let v = form.get(key).to_string();
    if v.is_empty() {
        form.set_error(key, lang.t("必填", "required").into());
        None
    } else {
        Some(v)
    }
}

/// The event a step asks for, or None (with the form showing why).
pub fn ask(
    step: Step,
    (id, seen): (i64, i64),
    form: Option<&mut Form>,
    at: DateTime<Utc>,
    lang: Lang,
) -> Option<StepAsk> {
    let mk = |kind: EventKind| {
        Some(StepAsk {
            id,
            seen,
            kind,
            handler_emp_no: None,
            at,
        })
    };
    let Some(f) = form else {
        return match step {
            Step::Contact => mk(EventKind::Contacted),
            Step::Investigate => mk(EventKind::Investigating),
            Step::Resume => mk(EventKind::Resumed),
            Step::Close => mk(EventKind::Closed),
            _ => None,
        };
    };
    match step {
        Step::Assign => {
            let emp = need(f, "emp", lang)?;
            Some(StepAsk {
                id,
                seen,
                kind: EventKind::HandlerAssigned { handler: 0 },
                handler_emp_no: Some(emp),
                at,
            })
        }
        Step::Pause => {
            let reason = match f.get("reason").to_lowercase().as_str() {
                "客户" | "customer" | "等待客户" => PauseReason::Customer,
                "配件" | "parts" | "等待配件" => PauseReason::Parts,
                "其他" | "other" => PauseReason::Other,
                _ => {
                    f.set_error(
                        "reason",
                        lang.t("客户、配件或其他", "customer, parts or other")
                            .into(),
                    );
                    return None;
                }
            };
            mk(EventKind::Paused {
                reason,
                note: f.get("note").into(),
            })
        }
        Step::Resolve => mk(EventKind::Resolved {
            resolution: need(f, "resolution", lang)?,
        }),
        Step::Confirm => {
            let who = need(f, "who", lang);
            let how = match f.get("how").to_lowercase().as_str() {
                "电话" | "phone" => Some(ConfirmHow::Phone),
                "当面" | "in person" | "到店" => Some(ConfirmHow::InPerson),
                "短信" | "sms" => Some(ConfirmHow::Sms),
                "微信" | "wechat" => Some(ConfirmHow::WeChat),
                "邮件" | "email" => Some(ConfirmHow::Email),
                "书面" | "written" | "letter" => Some(ConfirmHow::Written),
                _ => {
                    f.set_error(
                        "how",
                        lang.t(
                            "电话/当面/短信/微信/邮件/书面",
                            "phone/in person/SMS/WeChat/email/letter",
                        )
                        .into(),
                    );
                    None
                }
            };
            let score = match f.get("score").parse::<u8>() {
                Ok(s) if (1..=SATISFACTION_MAX).contains(&s) => Some(s),
                _ => {
                    f.set_error("score", format!("1-{SATISFACTION_MAX}"));
                    None
                }
            };
            mk(EventKind::Confirmed {
                who: who?,
                how: how?,
                satisfaction: score?,
            })
        }
        Step::Reopen => mk(EventKind::Reopened {
            reason: need(f, "reason", lang)?,
        }),
        Step::Escalate => {
            let note = need(f, "reason", lang)?;
            mk(EventKind::Escalated {
                level: 0,
                reason: EscalationReason::ByHand,
                note,
                automatic: false,
            })
        }
        Step::Note => mk(EventKind::Note {
            text: need(f, "text", lang)?,
        }),
        Step::Rule => {
            let valid = match f.get("valid").to_lowercase().as_str() {
                "是" | "y" | "yes" | "有效" => true,
                "否" | "n" | "no" | "无效" => false,
                _ => {
                    f.set_error("valid", lang.t("是/否", "y/n").into());
                    return None;
                }
            };
            mk(EventKind::Ruled {
                valid,
                reason: need(f, "reason", lang)?,
            })
        }
        Step::FourFields => {
            let (a, b, c, d) = (
                need(f, "root_cause", lang),
                need(f, "corrective_action", lang),
                need(f, "accountability", lang),
                need(f, "staff_education", lang),
            );
            mk(EventKind::FourFields(FourFields {
                root_cause: a?,
                corrective_action: b?,
                accountability: c?,
                staff_education: d?,
            }))
        }
        Step::Remedy => {
            let kind = match f.get("kind").to_lowercase().as_str() {
                "退款" | "refund" => Some(RemedyKind::Refund),
                "更换" | "replace" | "replacement" => Some(RemedyKind::Replacement),
                "补偿" | "comp" | "compensation" => Some(RemedyKind::Compensation),
                _ => {
                    f.set_error(
                        "kind",
                        lang.t("退款/更换/补偿", "refund/replace/comp").into(),
                    );
                    None
                }
            };
            let amount = match parse_yuan(f.get("amount")) {
                Some(a) if a >= 0 => Some(a),
                _ => {
                    f.set_error(
                        "amount",
                        lang.t("金额，如 1280.50", "an amount like 1280.50").into(),
                    );
                    None
                }
            };
            let (reason, item) = (need(f, "reason", lang), need(f, "item", lang));
            mk(EventKind::Remedy {
                kind: kind?,
                reason: reason?,
                item: item?,
                amount_fen: amount?,
            })
        }
        Step::Severity => {
            let severity = match f.get("severity").to_lowercase().as_str() {
                "一般" | "general" => Severity::General,
                "重大" | "major" => Severity::Major,
                _ => {
                    f.set_error("severity", lang.t("一般/重大", "general/major").into());
                    return None;
                }
            };
            mk(EventKind::SeveritySet {
                severity,
                reason: need(f, "reason", lang)?,
            })
        }
        Step::Withdraw => mk(EventKind::Withdrawn {
            reason: need(f, "reason", lang)?,
        }),
        Step::Contact | Step::Investigate | Step::Resume | Step::Close => None,
    }
}
