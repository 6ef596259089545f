//! The small forms of the Calls tab — dispatch, result, follow-up answer, filter, quick
//! customer — and turning each into the request the app carries out.

use super::form::CallForm;
use super::{Cmd, StepKind};
use crate::domain::calls::Dispatch;
use crate::domain::templates::{Group, TemplateSet};
use crate::domain::validate::{self, Field as VField};
use crate::i18n::Lang;
use crate::store::calls::{CallFilter, RescueStep};
use crate::ui::widgets::form::{Field, Form};
use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;

/// The dispatch form: how help goes out is a choice in the user's language (stored as its
/// code); the arrival time is written as the technician gives it, in the hh:mm format.
pub fn dispatch_form(lang: Lang) -> Form {
    let how = Dispatch::ALL
        .iter()
        .map(|d| (d.code(), d.label(lang).to_string()))
        .collect();
    Form::new(vec![
        Field::new("how", "方式", "How").required().choices(how),
        Field::new("technician", "技师", "Technician"),
        Field::new("eta", "预计到达", "ETA").hints("时:分", "hh:mm"),
    ])
}

/// The store step a small form asks for, or None with the form showing what is wrong.
pub fn step_cmd(kind: StepKind, f: &mut Form, lang: Lang) -> Option<Cmd> {
    f.clear_errors();
    match kind {
        StepKind::Dispatch { id, version } => {
            let Some(how) = f.code("how").and_then(Dispatch::from_code) else {
                f.set_error("how", lang.t("请选择方式", "choose one").into());
                return None;
            };
            if how == Dispatch::Technician && f.get("technician").is_empty() {
                f.set_error(
                    "technician",
                    lang.t("派技师时请写技师姓名", "name the technician").into(),
                );
                return None;
            }
            let step = RescueStep::Dispatched {
                how,
                technician: f.get("technician").into(),
                eta: f.get("eta").into(),
            };
            Some(Cmd::RescueStep { id, version, step })
        }
        StepKind::RescueResult { id, .. } | StepKind::FollowUp(id) => {
            let key = if matches!(kind, StepKind::FollowUp(_)) {
                "note"
            } else {
                "result"
            };
            let text = f.get(key).to_string();
            if text.is_empty() {
                f.set_error(key, lang.t("必填", "required").into());
                return None;
            }
            Some(match kind {
                StepKind::FollowUp(_) => Cmd::FollowUpDone {
                    call_id: id,
                    note: text,
                },
                StepKind::RescueResult { version, .. } | StepKind::Dispatch { version, .. } => {
                    Cmd::RescueStep {
                        id,
                        version,
                        step: RescueStep::Closed { result: text },
                    }
                }
            })
        }
    }
}

/// Ctrl-N in the customer row: a new customer from "name phone". With a customer already
/// chosen and nothing new typed, it says so rather than asking for a phone.
pub fn quick_customer(f: &mut CallForm, lang: Lang) -> Option<Cmd> {
    let q = f.query.value().trim().to_string();
    if let Some(c) = f.customer.as_ref().filter(|c| c.data.name.trim() == q) {
        let name = crate::text::inert(&c.data.name);
        f.message = Some((
            match lang {
                Lang::Zh => format!(
                    "已选定客户 {name}，无需新建；要新建另一位客户，请在客户栏输入「姓名 手机」"
                ),
                Lang::En => format!(
                    "Customer {name} is already chosen, nothing to create; for another, new customer type their name and phone in the customer row"
                ),
            },
            true,
        ));
        return None;
    }
    let digits: String = q
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    let name: String = q
        .chars()
        .filter(|c| !c.is_ascii_digit() && *c != '+' && *c != '-')
        .collect::<String>()
        .trim()
        .to_string();
    let mut refuse = |why: String| {
        f.message = Some((
            match lang {
                Lang::Zh => format!("{why}（格式：姓名 手机）"),
                Lang::En => format!("{why} (type: name phone)"),
            },
            true,
        ));
    };
    let name = match validate::validate_name(&name) {
        Ok(n) => n,
        Err(e) => {
            refuse(e.message(lang));
            return None;
        }
    };
    let mobile = match validate::normalize_mobile(&digits) {
        Ok(m) => m,
        Err(e) => {
            refuse(e.message(lang));
            return None;
        }
    };
    Some(Cmd::QuickCustomer { name, mobile })
}

pub fn filter_form(_current: &str) -> Form {
    Form::new(vec![
        Field::new("from", "从", "From").date_hint(),
        Field::new("to", "到", "To").date_hint(),
        Field::new("group", "类别", "Group").hints("咨询/救援/投诉", "consult/rescue/complaint"),
        Field::new("template", "模板", "Template").hints("保修", "warranty"),
        Field::new("agent", "工号", "Agent no."),
        Field::new("customer", "客户", "Customer").hints("姓名/手机/车牌", "name/phone/plate"),
        Field::new("status", "状态", "Status").hints("未解决/已解决", "open/resolved"),
    ])
}

pub fn filter_summary(f: &Form) -> String {
    [
        "from", "to", "group", "template", "agent", "customer", "status",
    ]
    .iter()
    .map(|k| f.get(k))
    .filter(|v| !v.is_empty())
    .collect::<Vec<_>>()
    .join(" ")
}

/// What the filter form asks for: the filter, and the customer text and employee number
/// the app looks up.
pub struct FilterAsk {
    pub filter: CallFilter,
    pub customer: Option<String>,
    pub agent_emp_no: Option<String>,
}

/// The filter from the form, or None with the form showing what is wrong (dates are the
/// store's days, in its time zone `tz`).
pub fn parse_filter(
    f: &mut Form,
    lang: Lang,
    (now, tz): (DateTime<Utc>, Tz),
    templates: &TemplateSet,
) -> Option<FilterAsk> {
    f.clear_errors();
    let mut out = CallFilter::default();
    let mut ok = true;
    for (key, end) in [("from", false), ("to", true)] {
        let v = f.get(key).to_string();
        if v.is_empty() {
            continue;
        }
        match validate::parse_date(&v, VField::Date) {
            Ok(d) => {
                let d = if end { d.succ_opt().unwrap_or(d) } else { d };
                let at = tz
                    .from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
                    .earliest()
                    .map(|t| t.with_timezone(&Utc));
                if end { out.to = at } else { out.from = at }
            }
            Err(e) => {
                f.set_error(key, e.message(lang));
                ok = false;
            }
        }
    }
    if out.from.is_some() && out.to.is_none() {
        out.to = Some(now + Duration::days(1));
    }
    if out.to.is_some() && out.from.is_none() {
        out.from = Some(Utc.timestamp_opt(0, 0).single().unwrap_or_default());
    }
    out.group = match f.get("group").to_lowercase().as_str() {
        "" => None,
        "咨询" | "consult" => Some(Group::Consult),
        "救援" | "rescue" => Some(Group::Rescue),
        "投诉" | "complaint" => Some(Group::Complaint),
        _ => {
            f.set_error(
                "group",
                lang.t("咨询、救援或投诉", "consult, rescue or complaint")
                    .into(),
            );
            ok = false;
            None
        }
    };
    let t = f.get("template").to_string();
    if !t.is_empty() {
        match templates.search(&t).first() {
            Some(found) => out.template_id = Some(found.id.clone()),
            None => {
                f.set_error(
                    "template",
                    lang.t("没有这个模板", "no such template").into(),
                );
                ok = false;
            }
        }
    }
    out.resolved = match f.get("status").to_lowercase().as_str() {
        "" => None,
        "未解决" | "open" => Some(false),
        "已解决" | "resolved" => Some(true),
        _ => {
            f.set_error(
                "status",
                lang.t("未解决或已解决", "open or resolved").into(),
            );
            ok = false;
            None
        }
    };
    if !ok {
        f.focus_first_error();
        return None;
    }
    Some(FilterAsk {
        filter: out,
        customer: Some(f.get("customer").to_string()).filter(|c| !c.is_empty()),
        agent_emp_no: Some(f.get("agent").to_string()).filter(|a| !a.is_empty()),
    })
}
