//! The Reports tab. Its own issue builds it; until then it says so plainly.

use super::placeholder;
use crate::i18n::Lang;
use crate::ui::action::Tab;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Default)]
pub struct ReportsScreen;

impl ReportsScreen {
    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
        placeholder::render(
            frame,
            area,
            lang,
            theme,
            Tab::Reports.title(lang),
            (
                "报表：日报、周报、月报，满意度、时限和专员 KPI，导出 Excel。",
                "Reports: daily, weekly and monthly figures, satisfaction, SLA and agent KPIs, Excel exports.",
            ),
        );
    }
}
