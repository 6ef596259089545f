//! The Complaints tab. Its own issue builds it; until then it says so plainly.

use super::placeholder;
use crate::i18n::Lang;
use crate::ui::action::Tab;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Default)]
pub struct ComplaintsScreen;

impl ComplaintsScreen {
    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
        placeholder::render(
            frame,
            area,
            lang,
            theme,
            Tab::Complaints.title(lang),
            (
                "投诉：10 分钟首次联系、24 小时/3 天处理时限、升级、客户确认后关闭。",
                "Complaints: 10-minute first contact, 24 h / 3-day deadlines, escalation, closure on the customer's word.",
            ),
        );
    }
}
