//! The call form's flow on the Calls tab: picking a template, moving through the form,
//! and checking it before it is saved or corrected.

use super::form::Row;
use super::{CallsScreen, Ctx, Mode, steps};
use crate::i18n::Lang;
use crate::store::calls::NewCall;
use crate::ui::action::Action;
use crate::ui::screens::Effect;

impl CallsScreen {
    pub(super) fn picker_action(&mut self, action: Action, ctx: &Ctx) -> Option<Effect> {
        let found = ctx.templates.search(self.picker_query.value());
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
                    self.open_form(&id, ctx);
                }
            }
            _ => {}
        }
        None
    }

    pub(super) fn form_action(&mut self, action: Action, ctx: &Ctx, armed: bool) -> Option<Effect> {
        let f = self.form.as_mut()?;
        match action {
            Action::Open if f.row() == Some(Row::Customer) && f.customer.is_none() => {
                let h = f.hits.get(f.hit_sel)?;
                return Some(Effect::CallPickCustomer {
                    customer_id: h.customer_id,
                    vehicle_id: h.vehicle_id,
                });
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
            Action::QuickCreate => return steps::quick_customer(f, ctx.lang),
            Action::KbNext => f.kb_next(),
            // Ctrl-K fills the answer; only when there is nothing to take does it say so.
            Action::KbTake if !f.kb_take(ctx.lang) => {
                f.message = Some((
                    ctx.lang
                        .t(
                            "没有可填入的知识库建议",
                            "No knowledge-base suggestion to fill in",
                        )
                        .into(),
                    true,
                ));
            }
            Action::Save => return self.submit(ctx),
            Action::Back if !f.is_dirty() || armed => {
                self.form = None;
                self.mode = if self.detail.is_some() {
                    Mode::Detail
                } else {
                    Mode::List
                };
            }
            Action::Back => {
                f.message = Some((
                    ctx.lang
                        .t(
                            "有未保存的内容：Ctrl-S 保存，或再按 Esc 放弃",
                            "Unsaved input: Ctrl-S saves, Esc again discards",
                        )
                        .into(),
                    false,
                ));
                self.esc_armed = true;
            }
            _ => {}
        }
        None
    }

    fn submit(&mut self, ctx: &Ctx) -> Option<Effect> {
        let f = self.form.as_mut()?;
        let lang = ctx.lang;
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
        if !missing.is_empty() || !bad.is_empty() {
            let bad_names: Vec<String> = bad
                .iter()
                .filter_map(|(k, _)| f.template.field(k).map(|x| x.label(lang).to_string()))
                .collect();
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
        let resolved = f.resolved();
        if let Some((id, version)) = f.correcting {
            return Some(Effect::CorrectCall {
                id,
                version,
                fields: values,
                sentence,
                resolved,
                completeness,
            });
        }
        Some(Effect::SaveCall(Box::new(NewCall {
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
