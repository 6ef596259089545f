//! The Callbacks tab. Its own issue builds it; until then it says so plainly.

use super::placeholder;
use crate::i18n::Lang;
use crate::ui::action::Tab;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Default)]
pub struct CallbacksScreen;

impl CallbacksScreen {
    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
        placeholder::render(
            frame,
            area,
            lang,
            theme,
            Tab::Callbacks.title(lang),
            (
                "回访：7DC、3DC、定期、生日、节日和提醒回访，按规则排程，评分。",
                "Callbacks: 7DC, 3DC, periodic, birthday, holiday and reminder calls, scheduled by rule and scored.",
            ),
        );
    }
}
