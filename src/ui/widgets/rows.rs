//! A list's rows, one line each: the window of rows that keeps the highlighted one in sight,
//! each row cut to the list's width on display cells (a wide character is never split: the
//! cut ends in `~`), the highlighted row in the theme's selected style.

use crate::text::fit;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Paragraph;

/// The list's rows at `area`: `count` rows, the window scrolled so that row `at` shows (on
/// the last line when it is below the first screenful); `row(i)` gives row `i`'s text and
/// style, asked only for the rows on screen. With `highlight`, row `at` is drawn selected.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    count: usize,
    at: usize,
    highlight: bool,
    theme: &Theme,
    mut row: impl FnMut(usize) -> (String, Style),
) {
    let height = area.height as usize;
    let offset = at.saturating_sub(height.saturating_sub(1));
    for i in (offset..count).take(height) {
        let (text, style) = row(i);
        let style = if highlight && i == at {
            theme.selected()
        } else {
            style
        };
        frame.render_widget(
            Paragraph::new(fit(&text, area.width as usize, true)).style(style),
            Rect {
                y: area.y + (i - offset) as u16,
                height: 1,
                ..area
            },
        );
    }
}

/// Column widths for a row that may not hold every column whole: each column as wide as its
/// widest value (`natural`); while the row (the columns and a space between each two) is
/// wider than `room`, the widest column still above its `least` gives up a cell. Short
/// columns stay whole; only the longest values are cut, as little as the room allows.
pub fn widths(natural: &[usize], least: &[usize], room: usize) -> Vec<usize> {
    let mut w = natural.to_vec();
    let gaps = w.len().saturating_sub(1);
    let mut total = w.iter().sum::<usize>() + gaps;
    while total > room {
        let widest = (0..w.len())
            .filter(|&i| w[i] > least.get(i).copied().unwrap_or(0))
            .max_by_key(|&i| (w[i], std::cmp::Reverse(i)));
        let Some(i) = widest else { break };
        w[i] -= 1;
        total -= 1;
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn shown(count: usize, at: usize, width: u16) -> Vec<String> {
        let mut t = Terminal::new(TestBackend::new(width, 3)).unwrap();
        let theme = Theme::new(false);
        t.draw(|f| {
            draw(f, f.area(), count, at, true, &theme, |i| {
                (format!("第{i}行客户欧阳娜娜"), Style::new())
            })
        })
        .unwrap();
        crate::ui::testing::screen_text(t.backend().buffer())
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect()
    }

    #[test]
    fn the_window_keeps_the_highlight_in_sight_and_cuts_on_display_cells() {
        // Row 5 of 9 in three lines: rows 3, 4 and 5.
        let rows = shown(9, 5, 40);
        assert!(rows[0].starts_with("第3行") && rows[2].starts_with("第5行"));
        // At 11 cells a row of 2-cell characters ends whole or in `~`, never half of one.
        let rows = shown(2, 0, 11);
        assert_eq!(rows[0], "第0行客户~");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2], "");
    }

    #[test]
    fn only_the_widest_columns_give_up_cells() {
        // Everything fits: every column as wide as its widest value.
        assert_eq!(widths(&[4, 20, 6], &[4, 8, 4], 40), vec![4, 20, 6]);
        // Five cells short: the widest column gives them all; the short ones stay whole.
        assert_eq!(widths(&[4, 20, 6], &[4, 8, 4], 27), vec![4, 15, 6]);
        // Two long columns share the cut, as evenly as the cells allow.
        assert_eq!(widths(&[20, 16, 4], &[8, 8, 4], 34), vec![14, 14, 4]);
        // Never under a column's least, even when the row then stays too wide.
        assert_eq!(widths(&[10, 10], &[8, 8], 10), vec![8, 8]);
    }
}
