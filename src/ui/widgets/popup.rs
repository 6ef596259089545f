//! Centered popups.

use crate::i18n::Lang;
use crate::ui::keymap;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Clear, Paragraph, Widget};

/// What a popup or a drop-down list covers: every cell under it blank, and a wide
/// character cut by its left edge blanked whole, so nothing of the screen beneath shows
/// through or beside it. Draw it first, then the popup on it.
pub struct Cover;

impl Widget for Cover {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        Clear.render(area, buf);
        if area.x > buf.area.x {
            for y in area.top()..area.bottom() {
                let left = &mut buf[(area.x - 1, y)];
                if crate::text::width(left.symbol()) > 1 {
                    left.reset();
                }
            }
        }
    }
}

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
/// saving failed, or that Esc again discards what was typed); over the hint, the focused
/// choice's options when they do not fit beside it.
pub fn form_popup(
    frame: &mut Frame,
    area: Rect,
    width: u16,
    title: &str,
    f: &Form,
    lang: Lang,
    theme: &Theme,
) -> Rect {
    let rows: u16 = f
        .fields
        .iter()
        .map(|x| x.multi.as_ref().map_or(1, |m| m.rows))
        .sum();
    let options = f.choice_lines(lang, width.min(area.width).saturating_sub(2));
    let extra = u16::try_from(options.len()).unwrap_or(0);
    let popup = centered(area, width, rows + 5 + extra);
    frame.render_widget(Cover, popup);
    let block = theme.block(title);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [fields, list, hint] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(extra),
        Constraint::Length(1),
    ])
    .areas(inner);
    f.render(frame, fields, lang, theme);
    frame.render_widget(Paragraph::new(options.join("\n")).style(theme.dim()), list);
    frame.render_widget(
        Paragraph::new(keymap::form_hint(
            f,
            ("确定", "done"),
            ("取消", "cancel"),
            lang,
        ))
        .style(theme.dim()),
        hint,
    );
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::widgets::Widget;

    #[test]
    fn a_cover_blanks_what_is_under_it_and_a_wide_character_its_edge_cuts() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 2));
        buf.set_string(0, 0, "ab张三cd", ratatui::style::Style::new());
        buf.set_string(0, 1, "abcdefghij", ratatui::style::Style::new());
        // 张 sits on cells 2-3: a cover from cell 3 cuts it.
        Cover.render(Rect::new(3, 0, 4, 2), &mut buf);
        let row = |y: u16| -> String { (0..10).map(|x| buf[(x, y)].symbol()).collect() };
        assert_eq!(
            row(0),
            "ab     d  ",
            "张 cut by the edge goes whole, 三 is under it"
        );
        assert_eq!(row(1), "abc    hij", "narrow text beside the cover stays");
    }
}
