//! The questions asked over the open event before a step that withdraws calls: cancelling
//! it, or stopping its invitations once the seats are taken. Each is asked first (naming
//! what goes with it), then sent at the version shown; only an event still planned takes
//! either.

use super::{Cmd, Events, Mode};
use crate::domain::events::EventStatus;
use crate::i18n::Lang;
use crate::store::events::EventRow;
use crate::text::inert;
use crate::ui::action::Action;
use crate::ui::desk::title::named;
use crate::ui::keymap::{self, Scope};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

/// Which question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ask {
    /// Cancel the event: no more invitations; its calls not yet made withdrawn.
    Cancel,
    /// Stop inviting (the seats taken): the invitation calls not yet made withdrawn; the
    /// answers, check-ins and feedback calls stay.
    StopInviting,
}

impl Ask {
    /// What the event page's status line says when the event is no longer planned.
    fn not_planned(self, status: EventStatus, lang: Lang) -> String {
        let s = status.label(lang);
        match (self, lang) {
            (Ask::Cancel, Lang::Zh) => format!("活动{s}，不能再取消"),
            (Ask::Cancel, Lang::En) => format!("The event is {s}: it cannot be cancelled"),
            (Ask::StopInviting, Lang::Zh) => format!("活动{s}，没有要停止的邀约"),
            (Ask::StopInviting, Lang::En) => {
                format!("The event is {s}: there are no invitations to stop")
            }
        }
    }

    fn cmd(self, event: i64, version: i64) -> Cmd {
        match self {
            Ask::Cancel => Cmd::Cancel { event, version },
            Ask::StopInviting => Cmd::StopInviting { event, version },
        }
    }

    fn title(self, lang: Lang) -> &'static str {
        match self {
            Ask::Cancel => lang.t("取消活动", "Cancel the event"),
            Ask::StopInviting => lang.t("停止邀约", "Stop inviting"),
        }
    }

    /// The question, naming what goes and what stays; `keys`: the answer keys.
    fn text(self, e: &EventRow, keys: &str, lang: Lang) -> String {
        match (self, lang) {
            (Ask::Cancel, Lang::Zh) => format!(
                "取消后不能再邀约；已邀约 {} 位，未拨的邀约和活动回访将撤销。\n\n确认取消该活动？（{keys}）",
                e.invited
            ),
            (Ask::Cancel, Lang::En) => format!(
                "A cancelled event takes no more invitations; {} are invited, and the calls not yet made are withdrawn.\n\nCancel this event? ({keys})",
                e.invited
            ),
            (Ask::StopInviting, _) => {
                let seats = e.seats().room(lang);
                let invite = keymap::key_in(Scope::EventDetail, Action::EventInvite);
                match lang {
                    Lang::Zh => format!(
                        "名额 {seats}。停止后，未拨的邀约电话撤销；已答复的客户、签到和活动回访不变，之后仍可按 {invite} 邀约新符合条件的客户。\n\n确认停止邀约？（{keys}）"
                    ),
                    Lang::En => format!(
                        "Seats {seats}. The invitation calls not yet made are withdrawn; the answers, check-ins and feedback calls stay, and {invite} can still invite customers new to the target list.\n\nStop inviting? ({keys})"
                    ),
                }
            }
        }
    }
}

impl Events {
    /// The question's key on the open event asks; the question's yes sends the step, any
    /// other key goes back to the event.
    pub(super) fn ask_step(&mut self, ask: Ask, a: Action) -> Vec<Cmd> {
        let Some(e) = &self.event else {
            self.mode = Mode::List;
            return Vec::new();
        };
        match (self.mode, a) {
            (Mode::Detail, _) if e.status != EventStatus::Planned => {
                vec![Cmd::Error(ask.not_planned(e.status, self.lang))]
            }
            (Mode::Detail, _) => {
                self.mode = Mode::Asking(ask);
                Vec::new()
            }
            (Mode::Asking(_), Action::Yes) => {
                self.mode = Mode::Detail;
                vec![ask.cmd(e.id, e.version)]
            }
            _ => {
                self.mode = Mode::Detail;
                Vec::new()
            }
        }
    }
}

/// The question over the event's page.
pub(super) fn render(
    p: &Events,
    ask: Ask,
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    theme: &Theme,
) {
    let Some(e) = &p.event else {
        return;
    };
    // The answer keys come from the key table.
    let keys = crate::ui::desk::prompt::yes_no(lang);
    let title = named(ask.title(lang), &inert(&e.title), lang);
    question(frame, area, 9, &title, ask.text(e, &keys, lang), theme);
}

/// A question over the event's page: `text` wrapped in a box `rows` high, its title naming
/// the step and the event (this page's questions: cancel, stop inviting, invite).
pub(super) fn question(
    frame: &mut Frame,
    area: Rect,
    rows: u16,
    title: &str,
    text: String,
    theme: &Theme,
) {
    let pop = crate::ui::widgets::popup::centered(area, 64, rows);
    frame.render_widget(crate::ui::widgets::popup::Cover, pop);
    let block = crate::ui::desk::title::block(theme, title, pop);
    let inner = block.inner(pop);
    frame.render_widget(block, pop);
    frame.render_widget(
        crate::ui::widgets::wrapped::paragraph(text, inner.width),
        inner,
    );
}
