//! Cancelling an event: asked first (naming what goes with it), then sent at the version
//! shown; only an event still planned may be cancelled.

use super::{Cmd, Events, Mode};
use crate::domain::events::EventStatus;
use crate::i18n::Lang;
use crate::text::inert;
use crate::ui::action::Action;
use crate::ui::desk::title::named;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

impl Events {
    /// `x` on the open event asks; the question's yes sends the cancel, any other key
    /// goes back to the event.
    pub(super) fn cancel_step(&mut self, a: Action) -> Vec<Cmd> {
        let Some(e) = &self.event else {
            self.mode = Mode::List;
            return Vec::new();
        };
        match (self.mode, a) {
            (Mode::Detail, _) if e.status != EventStatus::Planned => {
                let said = match self.lang {
                    Lang::Zh => format!("活动{}，不能再取消", e.status.label(self.lang)),
                    Lang::En => format!(
                        "The event is {}: it cannot be cancelled",
                        e.status.label(self.lang)
                    ),
                };
                vec![Cmd::Error(said)]
            }
            (Mode::Detail, _) => {
                self.mode = Mode::ConfirmCancel;
                Vec::new()
            }
            (Mode::ConfirmCancel, Action::Yes) => {
                self.mode = Mode::Detail;
                vec![Cmd::Cancel {
                    event: e.id,
                    version: e.version,
                }]
            }
            _ => {
                self.mode = Mode::Detail;
                Vec::new()
            }
        }
    }
}

/// The question over the event's page.
pub(super) fn render(p: &Events, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    let Some(e) = &p.event else {
        return;
    };
    // The answer keys come from the key table.
    let keys = crate::ui::desk::prompt::yes_no(lang);
    let text = match lang {
        Lang::Zh => format!(
            "取消后不能再邀约；已邀约 {} 位，未拨的邀约和活动回访将撤销。\n\n确认取消该活动？（{keys}）",
            e.invited
        ),
        Lang::En => format!(
            "A cancelled event takes no more invitations; {} are invited, and the calls not yet made are withdrawn.\n\nCancel this event? ({keys})",
            e.invited
        ),
    };
    let pop = crate::ui::widgets::popup::centered(area, 64, 8);
    frame.render_widget(crate::ui::widgets::popup::Cover, pop);
    let title = named(
        lang.t("取消活动", "Cancel the event"),
        &inert(&e.title),
        lang,
    );
    let block = crate::ui::desk::title::block(theme, &title, pop);
    let inner = block.inner(pop);
    frame.render_widget(block, pop);
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(text, inner.width),
        inner,
    );
}
