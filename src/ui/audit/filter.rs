//! The audit log's filter form: agent number, record type, action and day. Record types
//! and actions are typed as their names in either language (or as stored codes); anything
//! else is refused in the user's language, the form kept.

use crate::domain::audit::words;
use crate::domain::validate::{self, parse_date};
use crate::i18n::Lang;
use crate::store::audit::AuditFilter;
use crate::ui::widgets::form::{Field, Form};
use chrono::TimeZone;

/// The form, filled with the filter in force.
pub(super) fn form(filter: &AuditFilter) -> Form {
    Form::new(vec![
        Field::new("agent", "工号", "Agent no.")
            .value(filter.agent_emp_no.as_deref().unwrap_or("")),
        Field::new("entity", "对象", "Record type")
            .hints("见下方可选项", "one of the choices below")
            .value(filter.entity.as_deref().unwrap_or("")),
        Field::new("action", "操作", "Action")
            .hints("见下方可选项", "one of the choices below")
            .value(filter.action.as_deref().unwrap_or("")),
        Field::new("day", "日期", "Day").date_hint(),
    ])
}

/// The filter the form asks for (the day becomes a UTC range in the store's zone `tz`).
/// `None`: something was refused, the reason is on its field.
pub(super) fn apply(f: &mut Form, tz: chrono_tz::Tz, lang: Lang) -> Option<AuditFilter> {
    f.clear_errors();
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let mut filter = AuditFilter {
        agent_emp_no: opt(f.get("agent")),
        ..AuditFilter::default()
    };
    let mut ok = true;
    for (key, action) in [("entity", false), ("action", true)] {
        let Some(typed) = opt(f.get(key)) else {
            continue;
        };
        match words::choice(&typed, action) {
            Some(code) if action => filter.action = Some(code),
            Some(code) => filter.entity = Some(code),
            None => {
                f.set_error(key, lang.t("不是可选项", "not a choice").to_string());
                ok = false;
            }
        }
    }
    let day = f.get("day").trim().to_string();
    if !day.is_empty() {
        match parse_date(&day, validate::Field::Date) {
            Ok(d) => {
                let start = tz
                    .from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
                    .earliest();
                if let Some(s) = start {
                    let s = s.with_timezone(&chrono::Utc);
                    filter.from = Some(crate::clock::to_db(s));
                    filter.to = Some(crate::clock::to_db(s + chrono::Duration::days(1)));
                }
            }
            Err(e) => {
                f.set_error("day", e.message(lang));
                ok = false;
            }
        }
    }
    ok.then_some(filter)
}
