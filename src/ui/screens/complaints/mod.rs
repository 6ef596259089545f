//! The 投诉 Complaints tab: the list with each complaint's next deadline (80% warning,
//! overdue highlighted), registering, and a complaint's page with its clocks, segments and
//! timeline, where every step of the lifecycle is taken.

mod steps;
mod view;

use super::Effect;
use crate::clock::Clock as AppClock;
use crate::domain::complaints::{Clock, ComplaintState, Event};
use crate::i18n::Lang;
use crate::store::complaints::{ComplaintRow, Show};
use crate::ui::action::Action;
use crate::ui::keymap::Scope;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
pub use steps::{Step, StepAsk};

/// The register form's request.
pub mod steps_ask {
    pub use super::steps::RegisterAsk;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    List,
    Register,
    Detail,
    Step,
}

/// A complaint with its clocks, for the list.
#[derive(Debug, Clone)]
pub struct Item {
    pub row: ComplaintRow,
    pub clocks: Vec<Clock>,
}

/// A complaint's page.
#[derive(Debug, Clone)]
pub struct Detail {
    pub row: ComplaintRow,
    pub events: Vec<Event>,
    pub state: ComplaintState,
    pub clocks: Vec<Clock>,
    pub follow_ups: Vec<(String, String, bool)>,
    pub valid: bool,
    /// Names of the agents in the log, by id.
    pub names: Vec<(i64, String)>,
}

#[derive(Debug)]
pub struct ComplaintsScreen {
    pub mode: Mode,
    pub show: Show,
    pub items: Vec<Item>,
    pub selected: usize,
    pub register: Option<Form>,
    pub detail: Option<Detail>,
    pub step: Option<(Step, Form)>,
    pub scroll: usize,
    /// Why the last step was refused (shown on the complaint's page).
    pub message: Option<String>,
}

impl Default for ComplaintsScreen {
    fn default() -> Self {
        ComplaintsScreen {
            mode: Mode::List,
            show: Show::Open,
            items: Vec::new(),
            selected: 0,
            register: None,
            detail: None,
            step: None,
            scroll: 0,
            message: None,
        }
    }
}

impl ComplaintsScreen {
    pub fn scopes(&self) -> Vec<Scope> {
        match self.mode {
            Mode::List => vec![Scope::ComplaintsList, Scope::Global],
            Mode::Detail => vec![Scope::ComplaintDetail, Scope::Global],
            Mode::Register | Mode::Step => vec![Scope::Form, Scope::Global],
        }
    }

    pub fn typing(&self) -> bool {
        matches!(self.mode, Mode::Register | Mode::Step)
    }

    pub fn has_unsaved_input(&self) -> bool {
        self.register.as_ref().is_some_and(|f| f.is_dirty())
            || self.step.as_ref().is_some_and(|(_, f)| f.is_dirty())
    }

    pub fn set_items(&mut self, items: Vec<Item>) {
        self.items = items;
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
    }

    pub fn show_detail(&mut self, d: Detail) {
        self.detail = Some(d);
        if self.mode != Mode::Step {
            self.mode = Mode::Detail;
        }
    }

    pub fn saved(&mut self) {
        self.register = None;
        self.step = None;
        self.mode = if self.detail.is_some() {
            Mode::Detail
        } else {
            Mode::List
        };
    }

    pub fn save_failed(&mut self, msg: String) {
        if let Some(f) = &mut self.register {
            f.message = Some((msg, true));
        } else if let Some((_, f)) = &mut self.step {
            f.message = Some((msg, true));
        }
    }

    pub fn handle_action(
        &mut self,
        action: Action,
        clock: &AppClock,
        lang: Lang,
    ) -> Option<Effect> {
        match self.mode {
            Mode::List => self.list_action(action),
            Mode::Detail => self.detail_action(action, clock),
            Mode::Register => self.register_action(action, lang),
            Mode::Step => self.step_action(action, clock, lang),
        }
    }

    fn list_action(&mut self, action: Action) -> Option<Effect> {
        let n = self.items.len();
        match action {
            Action::NewCall => {
                self.register = Some(steps::register_form());
                self.mode = Mode::Register;
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::PageDown => self.selected = (self.selected + 10).min(n.saturating_sub(1)),
            Action::Filter => {
                self.show = match self.show {
                    Show::Open => Show::Escalated,
                    Show::Escalated => Show::Closed,
                    Show::Closed => Show::All,
                    Show::All => Show::Open,
                };
                self.selected = 0;
                return Some(Effect::ComplaintsReload);
            }
            Action::Open => {
                return self
                    .items
                    .get(self.selected)
                    .map(|i| Effect::OpenComplaint(i.row.id));
            }
            _ => {}
        }
        None
    }

    fn detail_action(&mut self, action: Action, clock: &AppClock) -> Option<Effect> {
        self.message = None;
        let d = self.detail.as_ref()?;
        let id = d.row.id;
        match action {
            Action::Back => {
                self.detail = None;
                self.mode = Mode::List;
                return Some(Effect::ComplaintsReload);
            }
            Action::Down => self.scroll += 1,
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Step(key) => {
                let step = Step::from_key(key)?;
                let step = if step == Step::Pause && d.state.is_paused() {
                    Step::Resume
                } else {
                    step
                };
                match steps::form_for(step) {
                    Some(form) => {
                        self.step = Some((step, form));
                        self.mode = Mode::Step;
                    }
                    None => {
                        return steps::ask(step, id, None, clock.now()).map(Effect::ComplaintStep);
                    }
                }
            }
            _ => {}
        }
        None
    }

    fn register_action(&mut self, action: Action, lang: Lang) -> Option<Effect> {
        let f = self.register.as_mut()?;
        match action {
            Action::NextField if !f.is_last() => f.next(),
            Action::PrevField => f.prev(),
            Action::Back => {
                self.register = None;
                self.mode = Mode::List;
            }
            Action::Save | Action::NextField => {
                return steps::parse_register(f, lang)
                    .map(|r| Effect::RegisterComplaint(Box::new(r)));
            }
            _ => {}
        }
        None
    }

    fn step_action(&mut self, action: Action, clock: &AppClock, lang: Lang) -> Option<Effect> {
        let id = self.detail.as_ref()?.row.id;
        let (step, f) = self.step.as_mut()?;
        match action {
            Action::NextField if !f.is_last() => f.next(),
            Action::PrevField => f.prev(),
            Action::Back => {
                self.step = None;
                self.mode = Mode::Detail;
            }
            Action::Save | Action::NextField => {
                f.clear_errors();
                return match steps::ask(*step, id, Some(f), clock.now()) {
                    Some(a) => Some(Effect::ComplaintStep(a)),
                    None => {
                        if f.message.is_none() {
                            f.message = Some((
                                lang.t("请检查标红的栏目", "Please check the marked fields")
                                    .into(),
                                true,
                            ));
                        }
                        None
                    }
                };
            }
            _ => {}
        }
        None
    }

    pub fn handle_text(&mut self, key: KeyEvent) -> Option<Effect> {
        match self.mode {
            Mode::Register => {
                self.register.as_mut()?.edit(key);
            }
            Mode::Step => {
                self.step.as_mut()?.1.edit(key);
            }
            _ => {}
        }
        None
    }

    pub fn handle_paste(&mut self, text: &str) -> Option<Effect> {
        match self.mode {
            Mode::Register => {
                self.register.as_mut()?.paste(text);
            }
            Mode::Step => {
                self.step.as_mut()?.1.paste(text);
            }
            _ => {}
        }
        None
    }

    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        lang: Lang,
        clock: &AppClock,
        theme: &Theme,
    ) {
        view::render(self, frame, area, lang, clock, theme);
    }
}
