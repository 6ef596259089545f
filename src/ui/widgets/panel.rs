//! A list panel: a titled block with a dim key-hint line on top, the rows, and a footer.

use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Text;
use ratatui::widgets::Paragraph;

/// Draws the block titled `title` with `hint` on its first line; returns the areas left
/// for the rows and for a footer `foot_height` lines high.
pub fn list_panel(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: &str,
    hint: &str,
    foot_height: u16,
) -> (Rect, Rect) {
    let block = theme.block(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [hint_area, rows, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(foot_height),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(theme.text(hint)).style(theme.dim()),
        hint_area,
    );
    (rows, foot)
}

/// Under a list's rows, the highlighted row whole (`whole`, wrapped where
/// [`crate::text::wrap_words`] wraps, so no time, plate, phone or number is split from its
/// word, up to a third of the area): draws it at the bottom of `area` and returns the rows
/// left for the list.
pub fn whole_under(frame: &mut Frame, area: Rect, whole: Option<Text<'static>>) -> Rect {
    let whole = whole.map(|t| {
        let style = t.style;
        let lines = super::wrapped::lines(t.lines, usize::from(area.width.max(1)));
        Paragraph::new(Text::from(lines).style(style))
    });
    let rows = whole.as_ref().map_or(0, |p| {
        u16::try_from(p.line_count(area.width.max(1)))
            .unwrap_or(1)
            .min(area.height / 3)
    });
    let [list, under] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(rows)]).areas(area);
    if let Some(p) = whole {
        frame.render_widget(p, under);
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    /// The highlighted row under the list wraps between words, never inside a time, a
    /// plate or between a number and its word (ratatui's own wrap split `09:30` here).
    #[test]
    fn the_whole_row_under_a_list_keeps_times_and_plates_whole() {
        let text = "待回复 张三 粤B69510 咨询保养价格 超时 2 小时 预约 11-25 09:30 工号 1005";
        for width in 14..40u16 {
            let mut t = Terminal::new(TestBackend::new(width, 30)).unwrap();
            let mut left = Rect::default();
            t.draw(|f| {
                left = whole_under(f, f.area(), Some(Text::from(text)));
            })
            .unwrap();
            let buf = t.backend().buffer();
            let rows: Vec<String> = (left.height..buf.area.height)
                .map(|y| {
                    let mut row = String::new();
                    let mut x = 0;
                    while x < width {
                        let s = buf[(x, y)].symbol();
                        row.push_str(s);
                        // A wide character's second cell holds nothing of its own.
                        x += u16::try_from(crate::text::width(s).max(1)).unwrap_or(1);
                    }
                    row.trim_end().to_string()
                })
                .collect();
            for token in ["09:30", "粤B69510", "11-25", "1005"] {
                assert!(
                    rows.iter().any(|r| r.contains(token)),
                    "{width}: {token} split in {rows:?}"
                );
            }
            assert!(left.height >= 1, "{width}: the list keeps rows");
        }
    }
}
