//! The 投诉 Complaints tab: the list with each complaint's next deadline (80% warning,
//! overdue highlighted), registering, and a complaint's page with its clocks, segments and
//! timeline, where every step of the lifecycle is taken.

mod steps;
mod view;

use super::Effect;
use crate::clock::Clock as AppClock;
use crate::domain::complaints::{Clock, ComplaintState, Event, precheck};
use crate::i18n::Lang;
use crate::store::complaints::{ComplaintRow, Show};
use crate::ui::action::Action;
use crate::ui::keymap::{self, Scope};
use crate::ui::selection::Selection;
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
    /// The id of the newest log entry shown: steps are taken on it.
    pub seen: i64,
}

impl Detail {
    /// The complaint as dialog titles name it: `投诉 #72 张三 粤B12345`.
    pub fn subject(&self, lang: Lang) -> String {
        let mut s = format!("{} #{}", lang.t("投诉", "Complaint"), self.row.id);
        for part in [Some(&self.row.customer), self.row.plate.as_ref()]
            .into_iter()
            .flatten()
        {
            if !part.is_empty() {
                s.push(' ');
                s.push_str(&crate::text::inert(part));
            }
        }
        s
    }
}

#[derive(Debug)]
pub struct ComplaintsScreen {
    pub mode: Mode,
    pub show: Show,
    pub items: Vec<Item>,
    /// The highlighted complaint (kept across steps, reloads and re-sorts).
    pub selected: Selection<i64>,
    /// A complaint to highlight once the list has it (the one just registered or shown).
    pending_select: Option<i64>,
    pub register: Option<Form>,
    pub detail: Option<Detail>,
    pub step: Option<(Step, Form)>,
    pub scroll: usize,
    /// Why the last step was refused (shown on the complaint's page).
    pub message: Option<String>,
    /// Esc was pressed once on a form with typed text; a second Esc discards it.
    esc_armed: bool,
    /// How many complaints the view matches; more than `items` when the list stops at its
    /// limit.
    pub total: usize,
}

impl Default for ComplaintsScreen {
    fn default() -> Self {
        ComplaintsScreen {
            mode: Mode::List,
            show: Show::Open,
            items: Vec::new(),
            selected: Selection::default(),
            pending_select: None,
            register: None,
            detail: None,
            step: None,
            scroll: 0,
            message: None,
            esc_armed: false,
            total: 0,
        }
    }
}

impl ComplaintsScreen {
    pub fn scopes(&self) -> Vec<Scope> {
        match self.mode {
            Mode::List => vec![Scope::ComplaintsList, Scope::Global],
            Mode::Detail => vec![Scope::ComplaintDetail, Scope::Global],
            Mode::Register => {
                keymap::form_scopes(self.register.as_ref(), &[Scope::Form, Scope::Global])
            }
            Mode::Step => keymap::form_scopes(
                self.step.as_ref().map(|(_, f)| f),
                &[Scope::Form, Scope::Global],
            ),
        }
    }

    pub fn typing(&self) -> bool {
        matches!(self.mode, Mode::Register | Mode::Step)
    }

    pub fn has_unsaved_input(&self) -> bool {
        self.register.as_ref().is_some_and(|f| f.is_dirty())
            || self.step.as_ref().is_some_and(|(_, f)| f.is_dirty())
    }

    fn ids(&self) -> Vec<i64> {
        self.items.iter().map(|i| i.row.id).collect()
    }

    /// The highlighted complaint.
    pub fn selected_item(&self) -> Option<&Item> {
        let id = *self.selected.id()?;
        self.items
            .get(self.selected.index())
            .filter(|i| i.row.id == id)
    }

    /// The list as loaded now. The highlight stays on its complaint; when that one left the
    /// list (closed, or moved out of the filter by a step) it moves to its neighbour and the
    /// returned line says so.
    pub fn set_items(&mut self, items: Vec<Item>, lang: Lang) -> Option<String> {
        let old = std::mem::replace(&mut self.items, items);
        let ids = self.ids();
        if let Some(id) = self.pending_select.take()
            && self.selected.select(&id, &ids)
        {
            return None;
        }
        let gone = self.selected.follow(&ids)?;
        let row = &old.iter().find(|i| i.row.id == gone)?.row;
        let who = crate::text::inert(&row.customer);
        Some(match lang {
            Lang::Zh => format!("投诉 #{gone} {who} 已不在此列表中，已移到相邻一条"),
            Lang::En => format!("Complaint #{gone} {who} left this list; moved to the next one"),
        })
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
        let armed = std::mem::take(&mut self.esc_armed);
        match self.mode {
            Mode::List => self.list_action(action),
            Mode::Detail => self.detail_action(action, clock, lang),
            Mode::Register => self.register_action(action, lang, armed),
            Mode::Step => self.step_action(action, clock, lang, armed),
        }
    }

    fn list_action(&mut self, action: Action) -> Option<Effect> {
        let ids = self.ids();
        match action {
            Action::NewCall => {
                self.register = Some(steps::register_form());
                self.mode = Mode::Register;
            }
            Action::Up => self.selected.step(&ids, -1),
            Action::Down => self.selected.step(&ids, 1),
            Action::PageUp => self.selected.step(&ids, -10),
            Action::PageDown => self.selected.step(&ids, 10),
            Action::Filter => {
                self.show = match self.show {
                    Show::Open => Show::Escalated,
                    Show::Escalated => Show::Closed,
                    Show::Closed => Show::All,
                    Show::All => Show::Open,
                };
                self.selected = Selection::default();
                return Some(Effect::ComplaintsReload);
            }
            Action::Open => {
                return self
                    .selected_item()
                    .map(|i| Effect::OpenComplaint(i.row.id));
            }
            _ => {}
        }
        None
    }

    fn detail_action(&mut self, action: Action, clock: &AppClock, lang: Lang) -> Option<Effect> {
        self.message = None;
        let d = self.detail.as_ref()?;
        let (id, seen) = (d.row.id, d.seen);
        match action {
            Action::Back => {
                self.detail = None;
                self.mode = Mode::List;
                // Back on the list, on this complaint (wherever it sorts now).
                self.pending_select = Some(id);
                return Some(Effect::ComplaintsReload);
            }
            Action::Down => self.scroll += 1,
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Complaint(step) => {
                let step = if step == Step::Pause && d.state.is_paused() {
                    Step::Resume
                } else {
                    step
                };
                // A step the complaint's status does not allow yet is refused here, before
                // its form is filled in for nothing.
                if let Err(r) = precheck(&d.state, d.row.category, step.kind()) {
                    self.message = Some(r.message(lang));
                    return None;
                }
                match steps::form_for(step) {
                    Some(form) => {
                        self.step = Some((step, form));
                        self.mode = Mode::Step;
                    }
                    None => {
                        return steps::ask(step, (id, seen), None, clock.now())
                            .map(Effect::ComplaintStep);
                    }
                }
            }
            _ => {}
        }
        None
    }

    fn register_action(&mut self, action: Action, lang: Lang, armed: bool) -> Option<Effect> {
        let f = self.register.as_mut()?;
        match action {
            Action::NextField if !f.is_last() => f.next(),
            Action::PrevField => f.prev(),
            Action::Back if !f.is_dirty() || armed => {
                self.register = None;
                self.mode = Mode::List;
            }
            Action::Back => {
                unsaved(f, lang);
                self.esc_armed = true;
            }
            Action::Save | Action::NextField => {
                return steps::parse_register(f, lang)
                    .map(|r| Effect::RegisterComplaint(Box::new(r)));
            }
            _ => {}
        }
        None
    }

    fn step_action(
        &mut self,
        action: Action,
        clock: &AppClock,
        lang: Lang,
        armed: bool,
    ) -> Option<Effect> {
        let (id, seen) = self.detail.as_ref().map(|d| (d.row.id, d.seen))?;
        let (step, f) = self.step.as_mut()?;
        match action {
            Action::NextField if !f.is_last() => f.next(),
            Action::PrevField => f.prev(),
            Action::Back if !f.is_dirty() || armed => {
                self.step = None;
                self.mode = Mode::Detail;
            }
            Action::Back => {
                unsaved(f, lang);
                self.esc_armed = true;
            }
            Action::Save | Action::NextField => {
                f.clear_errors();
                return match steps::ask(*step, (id, seen), Some(f), clock.now()) {
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
        self.esc_armed = false;
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
        self.esc_armed = false;
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

/// Esc on a form with typed text: say so, and let a second Esc discard it.
fn unsaved(f: &mut Form, lang: Lang) {
    f.message = Some((
        lang.t(
            "有未保存的内容：Ctrl-S 保存，或再按 Esc 放弃",
            "Unsaved input: Ctrl-S saves, Esc again discards",
        )
        .into(),
        false,
    ));
}

#[cfg(test)]
mod tests;
