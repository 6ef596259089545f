//! The Calls tab. Its own issue builds it; until then it says so plainly.

use super::placeholder;
use crate::i18n::Lang;
use crate::ui::action::Tab;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Default)]
pub struct CallsScreen;

impl CallsScreen {
    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
        placeholder::render(
            frame,
            area,
            lang,
            theme,
            Tab::Calls.title(lang),
            (
                "来电登记：用标准记录模板登记每一通电话，救援 30 分钟时钟，未解决问题 24 小时回复。",
                "Call log: every call recorded with the standard templates, rescue cases with their 30-minute clock, open questions answered within 24 h.",
            ),
        );
    }
}
