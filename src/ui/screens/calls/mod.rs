//! The 来电 Calls tab: today's calls with open rescue cases and follow-ups on top, the
//! template picker, the call form, a call's detail with correction and copy, and the steps
//! of a rescue case.

pub mod form;
mod form_flow;
pub mod kb_suggest;
mod list;
mod steps;
mod view;

pub use list::{EntryKey, Msg};

use super::Effect;
use crate::clock::Clock;
use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use crate::store::calls::{CallDetail, CallFilter, CallRow, Rescue, RescueStep};
use crate::store::customers::Customer;
use crate::store::search::Hit;
use crate::store::vehicles::Vehicle;
use crate::ui::action::Action;
use crate::ui::keymap::{self, Scope};
use crate::ui::selection::Selection;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::{Field, Form};
use chrono::{Duration, NaiveDate, TimeZone};
use crossterm::event::{Event, KeyEvent};
use form::CallForm;
use ratatui::Frame;
use ratatui::layout::Rect;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

/// What the screen needs to know besides its own state.
pub struct Ctx<'a> {
    pub lang: Lang,
    pub clock: &'a Clock,
    pub templates: &'a TemplateSet,
    pub agent_emp_no: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    List,
    Picker,
    Form,
    Detail,
    Step,
    Filter,
}

/// One line of the combined list.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Rescue(Rescue),
    FollowUp(CallRow),
    Call(CallRow),
}

/// The small form open on a record: its id (and for a rescue case, the version shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Dispatch { id: i64, version: i64 },
    RescueResult { id: i64, version: i64 },
    FollowUp(i64),
}

#[derive(Debug)]
pub struct CallsScreen {
    pub mode: Mode,
    pub day: Option<NaiveDate>,
    pub filter: CallFilter,
    pub filter_text: String,
    pub entries: Vec<Entry>,
    /// The highlighted record (kept across reloads and re-sorts).
    pub selected: Selection<EntryKey>,
    pub picker_query: Input,
    pub picker_sel: usize,
    pub form: Option<CallForm>,
    pub detail: Option<CallDetail>,
    pub rescue: Option<Rescue>,
    pub step: Option<(StepKind, Form)>,
    /// The record the open small form acts on, as its title names it.
    pub step_subject: String,
    pub filter_form: Option<Form>,
    /// A customer (and vehicle) the next call form is for.
    pub pending_customer: Option<(i64, Option<i64>)>,
    /// A record just saved, to highlight once the list has it.
    pending_select: Option<EntryKey>,
    esc_armed: bool,
    /// Why the step just asked for cannot be taken (the app shows it on the status line).
    pub refusal: Option<String>,
}

impl Default for CallsScreen {
    fn default() -> Self {
        CallsScreen {
            mode: Mode::List,
            day: None,
            filter: CallFilter::default(),
            filter_text: String::new(),
            entries: Vec::new(),
            selected: Selection::default(),
            picker_query: Input::default(),
            picker_sel: 0,
            form: None,
            detail: None,
            rescue: None,
            step: None,
            step_subject: String::new(),
            filter_form: None,
            pending_customer: None,
            pending_select: None,
            esc_armed: false,
            refusal: None,
        }
    }
}

impl CallsScreen {
    pub fn scopes(&self) -> Vec<Scope> {
        match self.mode {
            Mode::List => vec![Scope::CallsList, Scope::Global],
            Mode::Picker => vec![Scope::Picker, Scope::Global],
            Mode::Form => vec![Scope::CallForm, Scope::Global],
            Mode::Detail => vec![Scope::CallDetail, Scope::Global],
            Mode::Step => keymap::form_scopes(
                self.step.as_ref().map(|(_, f)| f),
                &[Scope::Form, Scope::Global],
            ),
            Mode::Filter => vec![Scope::Form, Scope::Global],
        }
    }

    pub fn typing(&self) -> bool {
        matches!(
            self.mode,
            Mode::Picker | Mode::Form | Mode::Step | Mode::Filter
        )
    }

    pub fn has_unsaved_input(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.is_dirty())
            || self.step.as_ref().is_some_and(|(_, f)| f.is_dirty())
    }

    /// The day shown (store-local), today unless the user moved.
    pub fn shown_day(&self, clock: &Clock) -> NaiveDate {
        self.day.unwrap_or_else(|| clock.today())
    }

    /// The filter the app should load with: the chosen filter, limited to the shown day
    /// when it names no dates of its own.
    pub fn effective_filter(&self, clock: &Clock) -> CallFilter {
        let mut f = self.filter.clone();
        if f.from.is_none() && f.to.is_none() {
            let day = self.shown_day(clock);
            let start = clock
                .tz()
                .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
                .earliest();
            if let Some(s) = start {
                let s = s.with_timezone(&chrono::Utc);
                f.from = Some(s);
                f.to = Some(s + Duration::days(1));
            }
        }
        f
    }

    pub fn show_detail(&mut self, d: CallDetail) {
        self.detail = Some(d);
        self.rescue = None;
        self.mode = Mode::Detail;
    }

    pub fn show_rescue(&mut self, r: Rescue) {
        self.rescue = Some(r);
        self.detail = None;
        self.mode = Mode::Detail;
    }

    pub fn set_customer_hits(&mut self, hits: Vec<Hit>) {
        if let Some(f) = &mut self.form {
            f.hits = hits;
            f.hit_sel = 0;
        }
    }

    /// The customer chosen in the form, with their vehicles; fills the fields (the
    /// customer's number masked unless `revealed`, which is audited).
    pub fn set_customer(
        &mut self,
        c: Customer,
        vehicles: Vec<Vehicle>,
        vehicle_id: Option<i64>,
        revealed: bool,
        ctx: &Ctx,
    ) {
        if let Some(f) = &mut self.form {
            f.masked = !revealed;
            f.query = Input::new(c.data.name.clone());
            f.customer = Some(c);
            f.vehicle_idx = vehicle_id
                .and_then(|id| vehicles.iter().position(|v| v.id == id))
                .unwrap_or(0);
            f.vehicles = vehicles;
            f.hits.clear();
            f.prefill(
                ctx.agent_emp_no,
                &ctx.clock.today().format("%Y-%m-%d").to_string(),
            );
            f.focus_first_empty();
        }
    }

    /// Starts a call for a customer (from their archive): the picker, then the form.
    pub fn start_for(&mut self) {
        self.mode = Mode::Picker;
        self.picker_query = Input::default();
        self.picker_sel = 0;
    }

    fn open_form(&mut self, template_id: &str, ctx: &Ctx) {
        if let Some(t) = ctx.templates.get(template_id) {
            self.form = Some(CallForm::new(t, ctx.clock.now()));
            self.mode = Mode::Form;
        }
    }

    pub fn handle_action(&mut self, action: Action, ctx: &Ctx) -> Option<Effect> {
        let armed = std::mem::take(&mut self.esc_armed);
        match self.mode {
            Mode::List => self.list_action(action, ctx),
            Mode::Picker => self.picker_action(action, ctx),
            Mode::Form => self.form_action(action, ctx, armed),
            Mode::Detail => self.detail_action(action, ctx),
            Mode::Step => self.step_action(action, ctx, armed),
            Mode::Filter => self.filter_action(action, ctx),
        }
    }

    fn list_action(&mut self, action: Action, ctx: &Ctx) -> Option<Effect> {
        let keys = self.keys();
        match action {
            Action::NewCall => self.start_for(),
            Action::Up => self.selected.step(&keys, -1),
            Action::Down => self.selected.step(&keys, 1),
            Action::PageUp => self.selected.step(&keys, -10),
            Action::PageDown => self.selected.step(&keys, 10),
            Action::PrevDay | Action::NextDay | Action::Today => {
                let shown = self.shown_day(ctx.clock);
                self.day = match action {
                    Action::Today => None,
                    Action::PrevDay => shown.pred_opt(),
                    _ => shown.succ_opt(),
                };
                self.selected = Selection::default();
                return Some(Effect::CallsReload);
            }
            Action::Filter => {
                self.filter_form = Some(steps::filter_form(&self.filter_text));
                self.mode = Mode::Filter;
            }
            Action::Open => {
                return match self.selected_entry()? {
                    Entry::Rescue(r) => Some(Effect::OpenRescue(r.id)),
                    Entry::FollowUp(c) | Entry::Call(c) => Some(Effect::OpenCall(c.id)),
                };
            }
            Action::RescueContacted | Action::RescueDispatch | Action::CloseItem => {
                return self.item_step(action, self.selected_entry().cloned(), ctx.lang);
            }
            _ => {}
        }
        None
    }

    /// The rescue and follow-up steps, from the list or a detail.
    fn item_step(&mut self, action: Action, entry: Option<Entry>, lang: Lang) -> Option<Effect> {
        let entry = entry?;
        self.step_subject = entry.subject(lang);
        // A closed rescue case takes no more steps: say so before any form opens.
        if let Entry::Rescue(r) = &entry
            && r.closed_at.is_some()
        {
            self.refusal = Some(match lang {
                Lang::Zh => format!("{} 已结案，不能再登记联系、派出或结果", self.step_subject),
                Lang::En => format!(
                    "{} is closed: no contact, dispatch or result can be added",
                    self.step_subject
                ),
            });
            return None;
        }
        match (action, entry) {
            (Action::RescueContacted, Entry::Rescue(r)) => Some(Effect::RescueStep {
                id: r.id,
                version: r.version,
                step: RescueStep::Contacted,
            }),
            (Action::RescueDispatch, Entry::Rescue(r)) => {
                let kind = StepKind::Dispatch {
                    id: r.id,
                    version: r.version,
                };
                self.step = Some((kind, steps::dispatch_form()));
                self.mode = Mode::Step;
                None
            }
            (Action::CloseItem, Entry::Rescue(r)) => {
                self.step = Some((
                    StepKind::RescueResult {
                        id: r.id,
                        version: r.version,
                    },
                    Form::new(vec![
                        Field::new("result", "救援结果", "Result")
                            .required()
                            .multiline(3),
                    ]),
                ));
                self.mode = Mode::Step;
                None
            }
            (Action::CloseItem, Entry::FollowUp(c) | Entry::Call(c))
                if c.follow_up_due.is_some() && !c.follow_up_done =>
            {
                self.step = Some((
                    StepKind::FollowUp(c.id),
                    Form::new(vec![
                        Field::new("note", "答复内容", "What the customer was told")
                            .required()
                            .multiline(3),
                    ]),
                ));
                self.mode = Mode::Step;
                None
            }
            _ => None,
        }
    }

    fn detail_action(&mut self, action: Action, ctx: &Ctx) -> Option<Effect> {
        match action {
            Action::Back => {
                self.detail = None;
                self.rescue = None;
                self.mode = Mode::List;
                return Some(Effect::CallsReload);
            }
            Action::KbTransfer => {
                let d = self.detail.as_ref()?;
                return Some(Effect::KbTransfer(d.row.id));
            }
            Action::Copy => {
                // As on screen: numbers in the sentence stay masked on the clipboard.
                let d = self.detail.as_ref()?;
                let text = crate::domain::validate::mask_in_text(&d.row.sentence);
                return Some(Effect::Copy(text));
            }
            Action::Correct => {
                let d = self.detail.as_ref()?;
                let t = ctx.templates.get(&d.row.template_id)?;
                let mut f = CallForm::for_correction(
                    t,
                    &d.fields,
                    d.row.resolved,
                    (d.row.id, d.version),
                    d.row.started_at,
                );
                f.direction = d.row.direction;
                f.channel = d.row.channel;
                self.form = Some(f);
                self.mode = Mode::Form;
            }
            Action::RescueContacted | Action::RescueDispatch | Action::CloseItem => {
                let entry = match (&self.rescue, &self.detail) {
                    (Some(r), _) => Entry::Rescue(r.clone()),
                    (None, Some(d)) => Entry::Call(d.row.clone()),
                    _ => return None,
                };
                return self.item_step(action, Some(entry), ctx.lang);
            }
            _ => {}
        }
        None
    }

    fn step_action(&mut self, action: Action, ctx: &Ctx, armed: bool) -> Option<Effect> {
        let (kind, f) = self.step.as_mut()?;
        let back = if self.detail.is_some() || self.rescue.is_some() {
            Mode::Detail
        } else {
            Mode::List
        };
        match action {
            Action::NextField if !f.is_last() => f.next(),
            Action::PrevField => f.prev(),
            Action::Back if !f.is_dirty() || armed => {
                self.step = None;
                self.mode = back;
            }
            Action::Back => {
                f.message = Some((
                    ctx.lang
                        .t(
                            "有未保存的内容：再按 Esc 放弃",
                            "Unsaved input: Esc again discards",
                        )
                        .into(),
                    false,
                ));
                self.esc_armed = true;
            }
            Action::Save | Action::NextField => return steps::step_effect(*kind, f, ctx.lang),
            _ => {}
        }
        None
    }

    fn filter_action(&mut self, action: Action, ctx: &Ctx) -> Option<Effect> {
        let f = self.filter_form.as_mut()?;
        match action {
            Action::NextField if !f.is_last() => f.next(),
            Action::PrevField => f.prev(),
            Action::Back => {
                self.filter_form = None;
                self.mode = Mode::List;
            }
            Action::Save | Action::NextField => {
                let text = steps::filter_summary(f);
                let ask = steps::parse_filter(f, ctx)?;
                self.filter = ask.filter;
                self.filter_text = text;
                self.filter_form = None;
                self.mode = Mode::List;
                self.selected = Selection::default();
                return Some(Effect::CallsFilter {
                    customer: ask.customer,
                    agent_emp_no: ask.agent_emp_no,
                });
            }
            _ => {}
        }
        None
    }

    /// Typed keys for the field with the cursor.
    pub fn handle_text(&mut self, key: KeyEvent, ctx: &Ctx) -> Option<Effect> {
        match self.mode {
            Mode::Picker => {
                if let crossterm::event::KeyCode::Char(c) = key.code
                    && self.picker_query.value().is_empty()
                    && let Some(t) = ctx.templates.by_shortcut(c)
                {
                    let id = t.id.clone();
                    self.open_form(&id, ctx);
                    return None;
                }
                if self
                    .picker_query
                    .handle_event(&Event::Key(key))
                    .is_some_and(|s| s.value)
                {
                    self.picker_sel = 0;
                }
                None
            }
            Mode::Form => {
                self.esc_armed = false;
                self.form
                    .as_mut()?
                    .edit(key)
                    .map(Effect::CallCustomerSearch)
            }
            Mode::Step => {
                self.step.as_mut()?.1.edit(key);
                None
            }
            Mode::Filter => {
                self.filter_form.as_mut()?.edit(key);
                None
            }
            _ => None,
        }
    }

    pub fn handle_paste(&mut self, text: &str) -> Option<Effect> {
        match self.mode {
            Mode::Form => self
                .form
                .as_mut()?
                .paste(text)
                .map(Effect::CallCustomerSearch),
            Mode::Step => {
                self.step.as_mut()?.1.paste(text);
                None
            }
            _ => None,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
        view::render(self, frame, area, ctx, theme);
    }
}

#[cfg(test)]
mod tests;
