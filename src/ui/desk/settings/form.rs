//! The Settings page's forms: a section's fields, a service type, an agent. Each is read
//! back and checked before anything is sent; a problem is shown beside its field and, whole,
//! under the form, in the user's language.

use super::{Cmd, Snapshot, Target};
use crate::domain::appointments::ServiceType;
use crate::domain::store_fields::{self as sf, Kind, Section, ServiceEdit, Spec};
use crate::i18n::Lang;
use crate::store::agents::Role;
use crate::store::agents::admin::{AgentEdit, AgentRow};
use crate::ui::widgets::form::{Field, Form};

/// The form of a section of the store's file, holding the values in force.
pub fn section(section: Section, snap: &Snapshot, lang: Lang) -> Form {
    let fields = sf::SPECS
        .iter()
        .filter(|s| s.section == section)
        .map(|s| {
            Field::new(s.path, s.zh, s.en).value(&sf::shown(
                &snap.setup,
                s.path,
                snap.business_hours,
                lang,
            ))
        })
        .collect();
    Form::new(fields)
}

/// The form of a service type (`None`: a new one, with its code).
pub fn service(s: Option<&ServiceType>) -> Form {
    let mut fields = Vec::new();
    if s.is_none() {
        fields.push(Field::new("code", "代码（英文）", "Code").required());
    }
    fields.push(Field::new("zh", "中文名称", "Chinese name").value(s.map_or("", |s| &s.zh)));
    fields.push(Field::new("en", "英文名称", "English name").value(s.map_or("", |s| &s.en)));
    let minutes = s.map(|s| s.minutes.to_string()).unwrap_or_default();
    fields.push(
        Field::new("minutes", "时长（分钟）", "Minutes")
            .required()
            .value(&minutes)
            .hints("如 60", "e.g. 60"),
    );
    Form::new(fields)
}

fn yes_no(b: bool, lang: Lang) -> &'static str {
    if b {
        lang.t("是", "yes")
    } else {
        lang.t("否", "no")
    }
}

/// The form of an agent (`None`: a new one, with an employee number).
pub fn agent(a: Option<&AgentRow>, lang: Lang) -> Form {
    let mut fields = Vec::new();
    if a.is_none() {
        fields.push(
            Field::new("emp_no", "工号", "Emp. no.")
                .required()
                .hints("如 1003", "e.g. 1003"),
        );
    }
    let name = a.map_or("", |a| a.agent.name.as_str());
    fields.push(Field::new("name", "姓名", "Name").required().value(name));
    let sup = a.is_some_and(|a| a.agent.role == Role::Supervisor);
    fields.push(Field::new("supervisor", "主管", "Supervisor").value(yes_no(sup, lang)));
    let active = a.is_none_or(|a| a.agent.active);
    fields.push(Field::new("active", "在职", "Active").value(yes_no(active, lang)));
    let os = a.and_then(|a| a.os_user.as_deref()).unwrap_or("");
    fields.push(
        Field::new("os_user", "系统用户", "OS user")
            .value(os)
            .hints("可空", "optional"),
    );
    Form::new(fields)
}

/// An agent's role, state and OS user, as the list shows them.
pub fn agent_summary(a: &AgentRow, lang: Lang) -> String {
    let role = match a.agent.role {
        Role::Supervisor => lang.t("主管", "supervisor"),
        Role::Agent => lang.t("专员", "agent"),
    };
    let state = if a.agent.active {
        lang.t("在职", "active")
    } else {
        lang.t("已停用", "deactivated")
    };
    let sep = lang.t("，", ", ");
    match &a.os_user {
        Some(u) => format!(
            "{role}{sep}{state}{sep}{} {}",
            lang.t("系统用户", "OS user"),
            crate::text::inert(u)
        ),
        None => format!("{role}{sep}{state}"),
    }
}

const YES_NO: Spec = Spec {
    path: "",
    section: Section::Agents,
    zh: "",
    en: "",
    kind: Kind::YesNo,
};

/// Marks the problems on the form: each beside its field (the first, focused, said whole
/// under the form when its row cuts it); the message names the fields to correct, so no
/// refusal is said twice. A problem with no field on the form is said in the message.
fn refuse(f: &mut Form, bad: Vec<(String, String)>, lang: Lang) {
    for (k, m) in &bad {
        f.set_error(k, m.clone());
    }
    f.focus_first_error();
    let names: Vec<&str> = bad
        .iter()
        .map(|(k, m)| {
            f.fields
                .iter()
                .find(|x| x.key == k.as_str())
                .map_or(m.as_str(), |x| lang.t(&x.zh, &x.en))
        })
        .collect();
    f.message = Some((
        match lang {
            Lang::Zh => format!("未保存：请改正 {}", names.join("、")),
            Lang::En => format!("Not saved: please correct {}", names.join(", ")),
        },
        true,
    ));
}

/// The command the form asks for; `Ok(None)`: nothing changed; `Err`: refused (shown on
/// the form).
pub fn read(target: &Target, f: &mut Form, snap: &Snapshot, lang: Lang) -> Result<Option<Cmd>, ()> {
    f.clear_errors();
    f.message = None;
    let mut bad: Vec<(String, String)> = Vec::new();
    let text = |f: &Form, k: &str| f.get(k).trim().to_string();
    let file_error = |e: String| match lang {
        Lang::Zh => format!("设置互相矛盾：{e}"),
        Lang::En => format!("the settings do not hold together: {e}"),
    };
    let cmd = match target {
        Target::Section(section) => {
            let mut edits = Vec::new();
            for spec in sf::SPECS.iter().filter(|s| s.section == *section) {
                let typed = f.get(spec.path).to_string();
                if typed.trim() == sf::shown(&snap.setup, spec.path, snap.business_hours, lang) {
                    continue;
                }
                let known = || snap.setup.calendar.holiday_names();
                match sf::parse(spec, &typed, lang) {
                    Ok(v) => match (spec.path == sf::CLOSED_HOLIDAYS)
                        .then(|| sf::holidays_problem(&v, &known(), lang))
                        .flatten()
                    {
                        Some(m) => bad.push((spec.path.to_string(), m)),
                        None => edits.push((spec.path, v)),
                    },
                    Err(m) => bad.push((spec.path.to_string(), m)),
                }
            }
            if bad.is_empty() && edits.is_empty() {
                return Ok(None);
            }
            if bad.is_empty() {
                match sf::apply(snap.text.as_deref(), &edits) {
                    Ok(text) => Some(Cmd::SaveFile {
                        text,
                        seen: snap.version,
                    }),
                    Err(e) => {
                        bad.push((edits[0].0.to_string(), file_error(e)));
                        None
                    }
                }
            } else {
                None
            }
        }
        Target::Service { code, new } => {
            let edit = ServiceEdit {
                code: if *new { text(f, "code") } else { code.clone() },
                zh: text(f, "zh"),
                en: text(f, "en"),
                minutes: text(f, "minutes"),
            };
            let same = snap.setup.service(code).is_some_and(|s| {
                !*new && s.zh == edit.zh && s.en == edit.en && s.minutes.to_string() == edit.minutes
            });
            if same {
                return Ok(None);
            }
            bad.extend(
                sf::service_problems(&edit, &snap.setup, *new, lang)
                    .into_iter()
                    .map(|(k, m)| (k.to_string(), m)),
            );
            if bad.is_empty() {
                match sf::apply_service(snap.text.as_deref(), &edit) {
                    Ok(text) => Some(Cmd::SaveFile {
                        text,
                        seen: snap.version,
                    }),
                    Err(e) => {
                        bad.push(("minutes".into(), file_error(e)));
                        None
                    }
                }
            } else {
                None
            }
        }
        Target::Agent { .. } | Target::NewAgent => {
            let emp_no = match target {
                Target::Agent { emp_no, .. } => emp_no.clone(),
                _ => text(f, "emp_no"),
            };
            if let Some(m) = sf::emp_no_problem(&emp_no, lang) {
                bad.push(("emp_no".into(), m));
            }
            if let Some(m) = sf::person_name_problem(&text(f, "name"), lang) {
                bad.push(("name".into(), m));
            }
            let mut flag = |k: &str| match sf::parse(&YES_NO, f.get(k), lang) {
                Ok(toml::Value::Boolean(b)) => b,
                _ => {
                    bad.push((k.into(), lang.t("请填“是”或“否”", "yes or no").into()));
                    false
                }
            };
            let supervisor = flag("supervisor");
            let active = flag("active");
            let os = text(f, "os_user");
            let edit = AgentEdit {
                name: text(f, "name"),
                supervisor,
                active,
                os_user: (!os.is_empty()).then_some(os),
            };
            if !bad.is_empty() {
                None
            } else if let Target::Agent { id, version, .. } = target {
                let before = snap.agents.iter().find(|a| a.agent.id == *id);
                let unchanged = before.is_some_and(|a| {
                    a.agent.name == edit.name
                        && (a.agent.role == Role::Supervisor) == edit.supervisor
                        && a.agent.active == edit.active
                        && a.os_user == edit.os_user
                });
                if unchanged {
                    return Ok(None);
                }
                Some(Cmd::UpdateAgent {
                    id: *id,
                    version: *version,
                    edit,
                })
            } else {
                Some(Cmd::AddAgent { emp_no, edit })
            }
        }
    };
    match cmd {
        Some(c) if bad.is_empty() => Ok(Some(c)),
        _ => {
            refuse(f, bad, lang);
            Err(())
        }
    }
}
