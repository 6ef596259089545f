//! A list panel: a titled block with a dim key-hint line on top, the rows, and a footer.

use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
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

/// Under a list's rows, the highlighted row whole (`whole`, wrapped, up to a third of the
/// area): draws it at the bottom of `area` and returns the rows left for the list.
pub fn whole_under(frame: &mut Frame, area: Rect, whole: Option<Paragraph>) -> Rect {
    let whole = whole.map(|p| p.wrap(ratatui::widgets::Wrap { trim: true }));
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
