//! The call form's flow on the Calls tab: picking a template, moving through the form,
//! and checking it before it is saved or corrected.

use super::form::{CallForm, RESOLVED_KEY, Row};
use super::{CallsTab, Cmd, Mode, steps};
use crate::domain::calls::{Channel, Direction};
use crate::i18n::Lang;
use crate::store::calls::NewCall;
use crate::store::customers::Customer;
use crate::store::vehicles::Vehicle;
use crate::ui::action::Action;
use chrono::{DateTime, Utc};
use tui_input::Input;

/// A call form left half-filled by an earlier session (see `ui::drafts`).
#[derive(Debug, Clone, PartialEq)]
pub struct Restore {
    pub template_id: String,
    pub started_at: DateTime<Utc>,
    pub correcting: Option<(i64, i64)>,
    pub customer: Option<(i64, Option<i64>)>,
    pub direction: Direction,
    pub channel: Channel,
    pub query: String,
    pub values: Vec<(String, String)>,
}

impl CallsTab {
    /// Starts a call: the template picker, then the form.
    pub(super) fn start_for(&mut self) {
        self.mode = Mode::Picker;
        self.picker_query = Input::default();
        self.picker_sel = 0;
    }

    /// Opens the call form on a template; a call started for a customer gets them now.
    pub(super) fn open_form(&mut self, template_id: &str) -> Vec<Cmd> {
        let Some(t) = self.templates.get(template_id) else {
            return vec![];
        };
        self.form = Some(CallForm::new(t, self.now, self.lang));
        self.mode = Mode::Form;
        self.pending_customer
            .take()
            .map(|(customer_id, vehicle_id)| Cmd::Customer {
                customer_id,
                vehicle_id,
            })
            .into_iter()
            .collect()
    }

    /// The customer chosen in the form, with their vehicles; fills the fields (the
    /// customer's number masked unless `revealed`, which is audited).
    pub(super) fn set_customer(
        &mut self,
        c: Customer,
        vehicles: Vec<Vehicle>,
        vehicle_id: Option<i64>,
        revealed: bool,
    ) {
        let today = self.today.format("%Y-%m-%d").to_string();
        let restored = self.restored.take();
        let Some(f) = &mut self.form else { return };
        f.masked = !revealed;
        f.query = Input::new(c.data.name.clone());
        f.customer = Some(c);
        f.vehicle_idx = vehicle_id
            .and_then(|id| vehicles.iter().position(|v| v.id == id))
            .unwrap_or(0);
        f.vehicles = vehicles;
        f.hits.clear();
        f.prefill(self.agent_emp_no.as_deref(), &today);
        if let Some(values) = &restored {
            crate::ui::drafts::fill(&mut f.fields, values);
        }
        f.focus_first_empty();
    }

    /// A draft comes back: the form as it was left; its customer is loaded again, and what
    /// was typed goes back over what their archive fills in.
    pub(super) fn restore(&mut self, r: Restore) -> Vec<Cmd> {
        let Some(t) = self.templates.get(&r.template_id) else {
            return vec![];
        };
        let mut f = CallForm::new(t, r.started_at, self.lang);
        f.correcting = r.correcting;
        f.direction = r.direction;
        f.channel = r.channel;
        f.query = Input::new(r.query);
        crate::ui::drafts::fill(&mut f.fields, &r.values);
        f.focus_first_empty();
        self.form = Some(f);
        self.mode = Mode::Form;
        match r.customer {
            Some((customer_id, vehicle_id)) => {
                self.restored = Some(r.values);
                vec![Cmd::Customer {
                    customer_id,
                    vehicle_id,
                }]
            }
            None => vec![],
        }
    }

    /// The knowledge-base search the open form needs now, if its key field changed.
    pub(super) fn kb_search(&mut self) -> Option<Cmd> {
        let today = self.today;
        let (kind, query) = self.form.as_mut()?.kb_wanted()?;
        Some(Cmd::KbSearch { kind, query, today })
    }
}

impl CallsTab {
    pub(super) fn picker_action(&mut self, action: Action) -> Vec<Cmd> {
        let found = self.templates.search(self.picker_query.value());
        match action {
            Action::Back => {
                self.mode = if self.detail.is_some() {
                    Mode::Detail
                } else {
                    Mode::List
                }
            }
            Action::Up => self.picker_sel = self.picker_sel.saturating_sub(1),
            Action::Down => {
                self.picker_sel = (self.picker_sel + 1).min(found.len().saturating_sub(1))
            }
            Action::Open => {
                if let Some(t) = found.get(self.picker_sel) {
                    let id = t.id.clone();
                    return self.open_form(&id);
                }
            }
            Action::PickTemplate(n) => {
                if let Some(t) = found.get(usize::from(n).wrapping_sub(1)) {
                    let id = t.id.clone();
                    return self.open_form(&id);
                }
            }
            _ => {}
        }
        vec![]
    }

    pub(super) fn form_action(&mut self, action: Action, armed: bool) -> Vec<Cmd> {
        let lang = self.lang;
        let Some(f) = self.form.as_mut() else {
            return vec![];
        };
        match action {
            Action::Open if f.row() == Some(Row::Customer) && f.customer.is_none() => {
                return f
                    .hits
                    .get(f.hit_sel)
                    .map(|h| Cmd::Customer {
                        customer_id: h.customer_id,
                        vehicle_id: h.vehicle_id,
                    })
                    .into_iter()
                    .collect();
            }
            Action::Open if f.row() == Some(Row::Customer) => f.next(),
            Action::Down
                if f.row() == Some(Row::Customer) && f.customer.is_none() && !f.hits.is_empty() =>
            {
                f.hit_sel = (f.hit_sel + 1).min(f.hits.len() - 1);
            }
            Action::Up
                if f.row() == Some(Row::Customer) && f.customer.is_none() && f.hit_sel > 0 =>
            {
                f.hit_sel -= 1
            }
            Action::NextField | Action::Down | Action::Open => f.next(),
            Action::PrevField | Action::Up => f.prev(),
            Action::QuickCreate => return steps::quick_customer(f, lang).into_iter().collect(),
            Action::KbNext => f.kb_next(),
            // Ctrl-K fills the answer; only when there is nothing to take does it say so.
            Action::KbTake if !f.kb_take(lang) => {
                f.message = Some((
                    lang.t(
                        "没有可填入的知识库建议",
                        "No knowledge-base suggestion to fill in",
                    )
                    .into(),
                    true,
                ));
            }
            Action::Save => return self.submit().into_iter().collect(),
            // One thing at a time: Esc closes the open picker first, and only the Esc that
            // would leave the form speaks of unsaved content.
            Action::Back if f.picker_open() => {
                f.hits.clear();
                f.hit_sel = 0;
            }
            Action::Back if !f.is_dirty() || armed => {
                self.form = None;
                self.mode = if self.detail.is_some() {
                    Mode::Detail
                } else {
                    Mode::List
                };
            }
            Action::Back => {
                f.message = Some((crate::ui::keymap::unsaved_note(lang), false));
                self.esc_armed = true;
            }
            _ => {}
        }
        vec![]
    }

    fn submit(&mut self) -> Option<Cmd> {
        let lang = self.lang;
        let f = self.form.as_mut()?;
        f.fields.clear_errors();
        let values = match f.values_to_save() {
            Ok(v) => v,
            Err(keys) => {
                for k in &keys {
                    f.fields.set_error(
                        k,
                        lang.t(
                            "号码已遮盖：原样保留，或删除后重输完整号码",
                            "masked number: leave it as shown, or clear it and retype it in full",
                        )
                        .into(),
                    );
                }
                f.message = Some((
                    lang.t(
                        "未保存：遮盖的号码只能原样保留或整个重输",
                        "Not saved: a masked number can only be kept as shown or retyped in full",
                    )
                    .into(),
                    true,
                ));
                f.fields.focus_first_error();
                f.focus = 4 + f.fields.focus;
                return None;
            }
        };
        let required = f.template.missing_required(&values);
        let missing: Vec<String> = required.iter().map(|x| x.label(lang).to_string()).collect();
        let bad = f.template.check_values(lang, &values);
        for (key, msg) in &bad {
            f.fields.set_error(key, msg.clone());
        }
        for m in required {
            f.fields
                .set_error(&m.key, lang.t("必填", "required").into());
        }
        let resolved = f.resolved();
        if resolved.is_none() {
            f.fields
                .set_error(RESOLVED_KEY, lang.t("填 是 或 否", "yes or no").into());
        }
        if !missing.is_empty() || !bad.is_empty() || resolved.is_none() {
            let mut bad_names: Vec<String> = bad
                .iter()
                .filter_map(|(k, _)| f.template.field(k).map(|x| x.label(lang).to_string()))
                .collect();
            if resolved.is_none()
                && let Some(x) = f.fields.fields.iter().find(|x| x.key == RESOLVED_KEY)
            {
                bad_names.push(lang.t(&x.zh, &x.en).into());
            }
            let msg = match lang {
                Lang::Zh if !missing.is_empty() => format!("未保存：请填写 {}", missing.join("、")),
                Lang::En if !missing.is_empty() => {
                    format!("Not saved: please fill in {}", missing.join(", "))
                }
                Lang::Zh => format!("未保存：请改正 {}", bad_names.join("、")),
                Lang::En => format!("Not saved: please correct {}", bad_names.join(", ")),
            };
            f.message = Some((msg, true));
            f.fields.focus_first_error();
            f.focus = 4 + f.fields.focus;
            return None;
        }
        // Every required field is filled (checked above), so this is the whole sentence.
        let sentence = f.template.record_sentence(&values).ok()?;
        let completeness = f.template.completeness(&values);
        let resolved = resolved?;
        if let Some((id, version)) = f.correcting {
            return Some(Cmd::Correct {
                id,
                version,
                fields: values,
                sentence,
                resolved,
                completeness,
            });
        }
        Some(Cmd::Save(Box::new(NewCall {
            customer_id: f.customer.as_ref().map(|c| c.id),
            vehicle_id: f.vehicle().map(|v| v.id),
            direction: f.direction,
            channel: f.channel,
            template_id: f.template.id.clone(),
            template_version: f.template.version,
            group: f.template.group,
            fields: values,
            sentence,
            resolved,
            completeness,
            started_at: f.started_at,
        })))
    }
}
