//! The Appointments tab. Its own issue builds it; until then it says so plainly.

use super::placeholder;
use crate::i18n::Lang;
use crate::ui::action::Tab;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Default)]
pub struct AppointmentsScreen;

impl AppointmentsScreen {
    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
        placeholder::render(
            frame,
            area,
            lang,
            theme,
            Tab::Appointments.title(lang),
            (
                "预约：按工位和顾问的能力预约，确认、提醒、到店、完工。",
                "Appointments: booking against the store's capacity, confirmation, reminders, check-in, completion.",
            ),
        );
    }
}
