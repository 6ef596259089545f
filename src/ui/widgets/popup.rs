//! Centered popups.

use crate::i18n::Lang;
use crate::ui::keymap;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Clear, Paragraph};

/// A rectangle of `w` x `h` cells centered in `area`, clipped to it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A small form in a popup `width` cells wide, titled, with its key line from the table
/// (save: done, Esc: cancel): every field's rows, the hint, and two rows for a message (why
/// saving failed, or that Esc again discards what was typed).
pub fn form_popup(
    frame: &mut Frame,
    area: Rect,
    width: u16,
    title: &str,
    f: &Form,
    lang: Lang,
    theme: &Theme,
) {
    let rows: u16 = f
        .fields
        .iter()
        .map(|x| x.multi.as_ref().map_or(1, |m| m.rows))
        .sum();
    let popup = centered(area, width, rows + 5);
    frame.render_widget(Clear, popup);
    let block = theme.block(title);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [fields, hint] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    f.render(frame, fields, lang, theme);
    frame.render_widget(
        Paragraph::new(keymap::form_hint(
            ("确定", "done"),
            ("取消", "cancel"),
            lang,
        ))
        .style(theme.dim()),
        hint,
    );
}
