//! The honest "not yet" body shared by tabs whose issue has not landed.

use crate::i18n::Lang;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    lang: Lang,
    theme: &Theme,
    title: &str,
    what: (&str, &str),
) {
    let block = theme.block(title);
    let lines = vec![
        Line::from(""),
        Line::from(Span::styled(lang.t("尚未提供", "Not available yet"), theme.warn())),
        Line::from(""),
        Line::from(lang.t(what.0, what.1)),
        Line::from(""),
        Line::from(Span::styled(
            lang.t(
                "这一页还没有做好，没有数据会在这里被记录。客户档案（按 5）已经可以使用。",
                "This tab is not built yet; nothing is recorded here. The customer archive (press 5) works.",
            ),
            theme.dim(),
        )),
    ];
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}
