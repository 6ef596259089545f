//! The register form (with its customer picker) and the step forms: their keys, and
//! turning them into what the runner is asked for.

use super::{Cmd, ComplaintsTab, Mode, Step, register, steps};
use crate::store::search::Hit;
use crate::store::vehicles::Vehicle;
use crate::ui::action::Action;
use crate::ui::widgets::customer_pick::{PickedDraft, Picker, Reload};
use crossterm::event::KeyEvent;

/// A register form's draft: the fields' text and the customer and car picked.
pub type Restore = PickedDraft;

/// A step form's draft (a contact, a resolution, a note...): its complaint, the step and
/// the fields' text.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRestore {
    pub complaint_id: i64,
    pub step: Step,
    pub values: Vec<(String, String)>,
}

impl ComplaintsTab {
    /// The register form with typed input, as a draft keeps it.
    pub fn register_draft(&self) -> Option<PickedDraft> {
        let f = self.register.as_ref().filter(|f| f.is_dirty())?;
        Some(PickedDraft::of(f, &self.pick))
    }

    /// The step form open on a complaint's page with typed input, as a draft keeps it.
    pub fn step_draft(&self) -> Option<StepRestore> {
        let (step, f) = self.step.as_ref().filter(|(_, f)| f.is_dirty())?;
        Some(StepRestore {
            complaint_id: self.detail.as_ref()?.row.id,
            step: *step,
            values: crate::ui::drafts::values(f),
        })
    }

    /// The page of the step form's draft loaded: the step is taken again as its key takes
    /// it (refused if the complaint moved on meanwhile) and the typing put back. A refusal
    /// says what was typed, so nothing is lost without a word.
    pub(super) fn reopen_step(&mut self) -> Vec<Cmd> {
        let Some(d) = self.restoring.take() else {
            return vec![];
        };
        if self.detail.as_ref().map(|x| x.row.id) != Some(d.complaint_id) {
            self.restoring = Some(d);
            return vec![];
        }
        let cmds = self.detail_action(Action::Complaint(d.step));
        match &mut self.step {
            Some((step, f)) if *step == d.step => crate::ui::drafts::fill(f, &d.values),
            _ => {
                let why = self.message.take().unwrap_or_default();
                let what = ("处理表单", "step form");
                let line = crate::ui::drafts::lost(what, &why, &d.values, &[], self.lang);
                self.message = Some(line);
            }
        }
        cmds
    }

    /// The register form put back from its draft: what was typed, and the customer picked
    /// on it loaded again (or, when none was picked, the customer text searched again).
    pub(super) fn restore_register(&mut self, draft: Restore) -> Vec<Cmd> {
        let mut f = register::register_form(self.lang);
        let reload = draft.fill(&mut f);
        self.register = Some(f);
        self.pick = Picker::default();
        self.mode = Mode::Register;
        match reload {
            Reload::Pick(ask) => vec![Cmd::PickCustomer {
                customer_id: ask.customer_id,
                vehicle_id: ask.vehicle_id,
            }],
            Reload::Find(query) => vec![Cmd::FindCustomer(query)],
            Reload::Nothing => vec![],
        }
    }

    /// A key typed into the open form; an edit of the customer text searches again.
    pub(super) fn type_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        match self.mode {
            Mode::Register => {
                let Some(f) = self.register.as_mut() else {
                    return vec![];
                };
                if !f.edit(key) {
                    f.say_no_option(key, self.lang);
                } else if Picker::on_field(f) {
                    return self.customer_typed();
                }
            }
            Mode::Step => {
                if let Some((_, f)) = self.step.as_mut()
                    && !f.edit(key)
                {
                    f.say_no_option(key, self.lang);
                }
            }
            Mode::List | Mode::Detail => {}
        }
        vec![]
    }

    /// Text pasted into the open form.
    pub(super) fn paste_text(&mut self, text: &str) -> Vec<Cmd> {
        match self.mode {
            Mode::Register => {
                let Some(f) = self.register.as_mut() else {
                    return vec![];
                };
                f.paste(text);
                if Picker::on_field(f) {
                    return self.customer_typed();
                }
            }
            Mode::Step => {
                self.step.as_mut().map(|(_, f)| f.paste(text));
            }
            Mode::List | Mode::Detail => {}
        }
        vec![]
    }

    /// The customer text changed: the pick is dropped and the search runs again.
    fn customer_typed(&mut self) -> Vec<Cmd> {
        self.pick = Picker::default();
        let q = self
            .register
            .as_ref()
            .map(|f| f.get("customer").to_string())
            .unwrap_or_default();
        vec![Cmd::FindCustomer(q)]
    }

    /// Who the customer text finds.
    pub(super) fn customer_hits(&mut self, hits: Vec<Hit>) {
        self.pick.set_hits(hits);
    }

    /// The customer picked, with their cars.
    pub(super) fn customer_picked(
        &mut self,
        customer: (i64, String),
        cars: Vec<Vehicle>,
        vehicle_id: Option<i64>,
    ) {
        if let Some(f) = self.register.as_mut() {
            self.pick.set_pick(f, customer, cars, vehicle_id);
        }
    }

    pub(super) fn register_action(&mut self, action: Action, armed: bool) -> Vec<Cmd> {
        let out = self.register_step(action, armed);
        // Where the cursor left the category field, it shows the category's word.
        if let Some(f) = self.register.as_mut() {
            register::settle_category(f, self.lang);
        }
        out
    }

    fn register_step(&mut self, action: Action, armed: bool) -> Vec<Cmd> {
        let lang = self.lang;
        let Some(f) = self.register.as_mut() else {
            return vec![];
        };
        // While the picker lists customers or cars, ↑/↓/Enter/Esc are its own.
        let picker_keys = matches!(
            action,
            Action::Up | Action::Down | Action::Open | Action::Back
        );
        if self.pick.open_in(f) && picker_keys {
            return self
                .pick
                .key(f, action)
                .map(|a| Cmd::PickCustomer {
                    customer_id: a.customer_id,
                    vehicle_id: a.vehicle_id,
                })
                .into_iter()
                .collect();
        }
        match action {
            Action::NextField if !f.is_last() => f.next(),
            Action::PrevField => f.prev(),
            Action::Back if !f.is_dirty() || armed => {
                self.register = None;
                self.pick = Picker::default();
                self.mode = Mode::List;
            }
            Action::Back => {
                f.say_unsaved(lang);
                self.esc_armed = true;
            }
            Action::Save | Action::NextField => {
                let ask = register::parse_register(f, lang);
                // A customer text not picked from the list is refused, never taken as
                // its first hit.
                if self.pick.refuse_unpicked(f, lang) {
                    return vec![];
                }
                let picked = self.pick.picked.as_ref();
                return ask
                    .map(|mut r| {
                        r.picked = picked.map(|p| (p.customer_id, p.vehicle_id));
                        Cmd::Register(Box::new(r))
                    })
                    .into_iter()
                    .collect();
            }
            _ => {}
        }
        vec![]
    }

    pub(super) fn step_action(&mut self, action: Action, armed: bool) -> Vec<Cmd> {
        let lang = self.lang;
        let Some((id, seen, level)) = self
            .detail
            .as_ref()
            .map(|d| (d.row.id, d.seen, d.state.escalation_level))
        else {
            return vec![];
        };
        let Some((step, f)) = self.step.as_mut() else {
            return vec![];
        };
        match action {
            Action::NextField if !f.is_last() => f.next(),
            Action::PrevField => f.prev(),
            Action::Back if !f.is_dirty() || armed => {
                self.step = None;
                self.mode = Mode::Detail;
            }
            Action::Back => {
                f.say_unsaved(lang);
                self.esc_armed = true;
            }
            Action::Save | Action::NextField => {
                f.clear_errors();
                match steps::ask(*step, (id, seen), Some(f), self.now, lang) {
                    Some(ask) => return vec![Cmd::Step { ask, level }],
                    None => {
                        if f.message.is_none() {
                            f.message = Some((
                                lang.t("请检查标红的栏目", "Please check the marked fields")
                                    .into(),
                                true,
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
        vec![]
    }
}
