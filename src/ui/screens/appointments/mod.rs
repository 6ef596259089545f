//! The Appointments tab (being built: until it lands it says so plainly).

use super::Effect;
use super::calls::Ctx;
use super::placeholder;
use crate::ui::action::{Action, Tab};
use crate::ui::keymap::Scope;
use crate::ui::theme::Theme;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

/// What this screen asks the app to do against the store (see `ui::app_appointments`).
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Reload what the screen shows.
    Reload,
}

#[derive(Debug, Default)]
pub struct AppointmentsScreen {}

impl AppointmentsScreen {
    pub fn scopes(&self) -> Vec<Scope> {
        vec![Scope::Global]
    }

    pub fn typing(&self) -> bool {
        false
    }

    pub fn has_unsaved_input(&self) -> bool {
        false
    }

    pub fn handle_action(&mut self, _action: Action, _ctx: &Ctx) -> Option<Effect> {
        None
    }

    pub fn handle_text(&mut self, _key: KeyEvent, _ctx: &Ctx) -> Option<Effect> {
        None
    }

    pub fn handle_paste(&mut self, _text: &str) -> Option<Effect> {
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, theme: &Theme) {
        let lang = ctx.lang;
        placeholder::render(
            frame,
            area,
            lang,
            theme,
            Tab::Appointments.title(lang),
            PLACEHOLDER,
        );
    }
}

const PLACEHOLDER: (&str, &str) = (
    "预约：按工位和顾问的能力预约，确认、提醒、到店、完工。",
    "Appointments: booking against the store's capacity, confirmation, reminders, check-in, completion.",
);
