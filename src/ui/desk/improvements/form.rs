//! The forms of the Improvements page: raising an action (prefilled from a complaint, a
//! callback or a proposed order), the verification note and the reason for dismissing.

use crate::domain::improvements::recur::{Proposal, RecurRule};
use crate::domain::improvements::{Department, LinkKind};
use crate::domain::validate::{Field as VField, parse_date};
use crate::i18n::Lang;
use crate::store::improvements::NewImprovement;
use crate::ui::widgets::form::{Field, Form};
use chrono::{Days, NaiveDate};

/// What a raise form opens with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prefill {
    pub department: Option<Department>,
    pub finding: String,
    /// The customers' words.
    pub words: String,
    /// The records behind it, each with the line that names it ("投诉 #12 张三").
    pub links: Vec<(LinkKind, i64, String)>,
    /// Accepting a proposed order: its key code and complaints.
    pub order: Option<(String, Vec<i64>)>,
}

impl Prefill {
    /// Accepting a proposed rectification order.
    pub fn order(p: &Proposal, rule: RecurRule, lang: Lang) -> Prefill {
        Prefill {
            department: Some(p.key.department()),
            finding: p.finding(rule, lang),
            words: String::new(),
            links: p
                .complaint_ids
                .iter()
                .map(|id| {
                    (
                        LinkKind::Complaint,
                        *id,
                        format!("{} #{id}", LinkKind::Complaint.label(lang)),
                    )
                })
                .collect(),
            order: Some((p.key.code(), p.complaint_ids.clone())),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RaiseForm {
    pub form: Form,
    pub prefill: Prefill,
}

/// Days given by default.
const DEFAULT_DAYS: u64 = 7;

impl RaiseForm {
    pub fn new(prefill: Prefill, me: &str, today: NaiveDate) -> RaiseForm {
        let dep = prefill
            .department
            .and_then(|d| Department::ALL.iter().position(|x| *x == d))
            .map(|i| (i + 1).to_string())
            .unwrap_or_default();
        let due = today
            .checked_add_days(Days::new(DEFAULT_DAYS))
            .unwrap_or(today)
            .to_string();
        let form = Form::new(vec![
            Field::new("department", "部门", "Department")
                .required()
                .hint("1-5")
                .value(&dep),
            Field::new("finding", "发现的问题", "Finding")
                .required()
                .value(&prefill.finding)
                .multiline(2),
            Field::new("words", "客户原话", "Words")
                .value(&prefill.words)
                .multiline(2),
            // Defaults, not text: a number or date typed replaces them (typed after
            // them, `2026-12-14` made `2026-12-142026-12-20`).
            Field::new("owner", "责任人工号", "Owner no.")
                .required()
                .hints("如 1002", "e.g. 1002")
                .default_value(me),
            Field::new("due", "完成期限", "Due date")
                .required()
                .date_hint()
                .default_value(&due),
        ]);
        let mut form = form;
        // Prefilled with a department: the cursor starts on what was found.
        if !dep.is_empty() {
            form.focus = 1;
        }
        RaiseForm { form, prefill }
    }

    /// The action the form describes, or errors set on its fields.
    pub fn parse(
        &mut self,
        owners: &[(i64, String)],
        today: NaiveDate,
        lang: Lang,
    ) -> Option<NewImprovement> {
        let f = &mut self.form;
        f.clear_errors();
        let required = lang.t("必填", "required").to_string();
        let department = match f.get("department") {
            "" => {
                f.set_error("department", required.clone());
                None
            }
            s => Department::parse(s).or_else(|| {
                f.set_error("department", lang.t("填 1-5", "type 1-5").into());
                None
            }),
        };
        let finding = f.get("finding").to_string();
        if finding.is_empty() {
            f.set_error("finding", required.clone());
        }
        let emp = f.get("owner").to_string();
        let owner = owners
            .iter()
            .find(|(_, label)| label.split(' ').next() == Some(emp.as_str()))
            .map(|(id, _)| *id);
        if owner.is_none() {
            let msg = if emp.is_empty() {
                required.clone()
            } else {
                lang.t("没有这位在职专员", "no active agent with this number")
                    .into()
            };
            f.set_error("owner", msg);
        }
        let due = match parse_date(f.get("due"), VField::Date) {
            Ok(d) if d < today => {
                f.set_error("due", lang.t("不能早于今天", "not before today").into());
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                f.set_error("due", e.message(lang));
                None
            }
        };
        let (Some(department), Some(owner), Some(due)) = (department, owner, due) else {
            f.focus_first_error();
            return None;
        };
        if finding.is_empty() {
            f.focus_first_error();
            return None;
        }
        Some(NewImprovement {
            department,
            finding,
            words: f.get("words").to_string(),
            owner_id: Some(owner),
            due: Some(due),
            links: self
                .prefill
                .links
                .iter()
                .map(|(k, id, _)| (*k, *id))
                .collect(),
            order: self.prefill.order.clone(),
        })
    }
}

/// The supervisor's verification note.
pub fn note_form() -> Form {
    Form::new(vec![
        Field::new("note", "验证情况", "Note")
            .required()
            .multiline(3),
    ])
}

/// Why a proposed order is dismissed.
pub fn reason_form() -> Form {
    Form::new(vec![
        Field::new("reason", "不采纳理由", "Reason")
            .required()
            .multiline(3),
    ])
}
