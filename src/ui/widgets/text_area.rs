//! A multi-line text field (ratatui-textarea): complaint narratives, customers' demands,
//! notes, results. Soft-wrapped at the field's width by the shared wrapper (Chinese
//! counted two cells, no row starting with `。`), Enter starts a new line, a paste keeps
//! its lines; the terminal cursor is placed where the text cursor is, so an input
//! method's window follows it. `↑`/`↓` move by the rows drawn (a wrapped paragraph's rows
//! too), keeping the display column across presses, `PgUp`/`PgDn` by the field's height
//! but a row; `Home`/`End` go to the row's start and end.

use crate::text;
use crate::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::{CursorMove, TextArea};
use std::cell::Cell;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// Longest text a multi-line field takes (a paste beyond it is cut, with a message).
pub const MAX_TEXT_CHARS: usize = 4000;

#[derive(Debug, Clone)]
pub struct MultiLine {
    area: TextArea<'static>,
    /// The text, lines joined with `\n` (kept in step with every edit).
    text: String,
    /// Rows the field takes on screen.
    pub rows: u16,
    /// Cells wide the field was last drawn: its rows are wrapped at this width (0 before
    /// the first frame: each line one row).
    width: Cell<u16>,
    /// Rows the field was last drawn on (`PgUp`/`PgDn` move by them but one; 0 before the
    /// first frame: [`MultiLine::rows`]).
    height: Cell<u16>,
    /// The display column `↑`/`↓` aim for, kept across consecutive presses (a short row
    /// on the way does not lose it).
    goal: Option<usize>,
    /// The cursor stands at the end of a wrapped row, not at the start of the next one
    /// (the same place in the text: `End`, or `↑`/`↓` past a row's end).
    row_end: bool,
}

impl MultiLine {
    pub fn new(text: &str, rows: u16) -> MultiLine {
        let mut m = MultiLine {
            area: TextArea::default(),
            text: String::new(),
            rows: rows.max(2),
            width: Cell::new(0),
            height: Cell::new(0),
            goal: None,
            row_end: false,
        };
        m.set(text);
        m
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Replaces the text; the cursor goes to its end.
    pub fn set(&mut self, text: &str) {
        let lines: Vec<String> = clean(text).split('\n').map(str::to_string).collect();
        self.area = TextArea::new(lines);
        self.area.set_cursor_line_style(Style::new());
        self.area.move_cursor(CursorMove::Bottom);
        self.area.move_cursor(CursorMove::End);
        self.goal = None;
        self.row_end = false;
        self.sync();
    }

    fn sync(&mut self) {
        self.text = self.area.lines().join("\n");
    }

    /// A key for the text (Enter is a new line). Returns true if the text changed.
    pub fn edit(&mut self, key: KeyEvent) -> bool {
        if let Some(m) = RowMove::of(&key) {
            self.go(m, key.modifiers.contains(KeyModifiers::SHIFT));
            return false;
        }
        self.goal = None;
        self.row_end = false;
        let typing = matches!(key.code, KeyCode::Char(_));
        if typing && self.text.chars().count() >= MAX_TEXT_CHARS {
            return false;
        }
        let changed = self.area.input(key);
        if changed {
            self.sync();
        }
        changed
    }

    /// Inserts pasted text at the cursor, its lines kept, capped. Returns whether it was cut.
    pub fn paste(&mut self, s: &str) -> bool {
        let s = clean(s);
        let room = MAX_TEXT_CHARS.saturating_sub(self.text.chars().count());
        let cut = s.chars().count() > room;
        let s: String = s.chars().take(room).collect();
        self.area.insert_str(s);
        self.goal = None;
        self.row_end = false;
        self.sync();
        cut
    }

    /// Draws the text in `area`; returns where the terminal cursor goes when focused.
    ///
    /// Laid out here, not by ratatui-textarea: its soft wrap may start a row with `。`.
    /// Each line is wrapped by [`text::line_ranges`] (as every other text on screen), the
    /// rows scroll to keep the cursor's row in view, and a selection shows [`CHOSEN`].
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        focused: bool,
    ) -> Option<Position> {
        let style = if focused {
            theme.selected()
        } else {
            Style::new()
        };
        self.width.set(area.width.max(1));
        self.height.set(area.height);
        let lines = self.area.lines();
        let rows = layout(lines, self.wrap_width());
        let (cy, cx) = self.cursor_cell(&rows);
        let top = cy.saturating_sub(usize::from(area.height.max(1)) - 1);
        let chosen = self.area.selection_range().map(|(a, b)| {
            let at = |(r, c): (usize, usize)| (r, byte_at(lines.get(r).map_or("", |l| l), c));
            (at(a), at(b))
        });
        let shown: Vec<Line> = rows
            .iter()
            .skip(top)
            .take(usize::from(area.height))
            .map(|(i, r)| row_line(lines, *i, r.clone(), chosen))
            .collect();
        frame.render_widget(Paragraph::new(shown).style(style), area);
        if !focused {
            return None;
        }
        let x = u16::try_from(cx).unwrap_or(u16::MAX);
        let y = u16::try_from(cy - top).unwrap_or(u16::MAX);
        Some(Position::new(
            area.x
                .saturating_add(x)
                .min(area.x + area.width.saturating_sub(1)),
            area.y
                .saturating_add(y)
                .min(area.y + area.height.saturating_sub(1)),
        ))
    }
}

/// A move by the rows drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowMove {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
}

impl RowMove {
    /// The move `key` asks for: the arrows, PgUp/PgDn and Home/End, plain or with Shift (which
    /// selects); with Ctrl or Alt they stay ratatui-textarea's (text start, line end...).
    fn of(key: &KeyEvent) -> Option<RowMove> {
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return None;
        }
        match key.code {
            KeyCode::Up => Some(RowMove::Up),
            KeyCode::Down => Some(RowMove::Down),
            KeyCode::PageUp => Some(RowMove::PageUp),
            KeyCode::PageDown => Some(RowMove::PageDown),
            KeyCode::Home => Some(RowMove::Home),
            KeyCode::End => Some(RowMove::End),
            _ => None,
        }
    }
}

impl MultiLine {
    /// The width the rows are wrapped at: the last frame's (each line one row before it).
    fn wrap_width(&self) -> usize {
        match self.width.get() {
            0 => usize::MAX,
            w => usize::from(w),
        }
    }

    /// The screen row and cell of the cursor in the layout `rows`: on the last of its
    /// line's rows starting at or before it, after the cells before it on that row; at
    /// the end of the row before when it was put there ([`MultiLine::row_end`]).
    fn cursor_cell(&self, rows: &[(usize, Range<usize>)]) -> (usize, usize) {
        let ratatui_textarea::DataCursor(row, col) = self.area.cursor();
        let lines = self.area.lines();
        let Some(line) = lines.get(row) else {
            return (0, 0);
        };
        let at = byte_at(line, col);
        let Some((mut y, _)) = rows
            .iter()
            .enumerate()
            .rfind(|(_, (i, r))| *i == row && r.start <= at)
        else {
            return (0, 0);
        };
        if self.row_end
            && y > 0
            && rows[y - 1].0 == row
            && rows[y - 1].1.end == at
            && rows[y].1.start == at
        {
            y -= 1;
        }
        (y, text::width(&line[rows[y].1.start..at]))
    }

    /// Moves the cursor a row up or down, or a page (the field's height but a row, as far
    /// as the first or last row), to the display column it aims for (or the row's end
    /// when the row is shorter; a wide character under that column is landed on at its
    /// start), or to its row's start or end. On the first row `↑` and `PgUp`, and on the
    /// last `↓` and `PgDn`, leave it where it is.
    fn go(&mut self, m: RowMove, shift: bool) {
        let lines = self.area.lines();
        let rows = layout(lines, self.wrap_width());
        let (y, x) = self.cursor_cell(&rows);
        let page = match self.height.get() {
            0 => self.rows,
            h => h,
        };
        let page = usize::from(page.saturating_sub(1).max(1));
        let (to, column) = match m {
            RowMove::Home => (y, 0),
            RowMove::End => (y, usize::MAX),
            _ => {
                let goal = *self.goal.get_or_insert(x);
                let last = rows.len().saturating_sub(1);
                let to = match m {
                    RowMove::Up => y.saturating_sub(1),
                    RowMove::PageUp => y.saturating_sub(page),
                    RowMove::Down => (y + 1).min(last),
                    _ => (y + page).min(last),
                };
                if to == y {
                    return;
                }
                (to, goal)
            }
        };
        if matches!(m, RowMove::Home | RowMove::End) {
            self.goal = None;
        }
        let (line, col, row_end) = land(lines, &rows, to, column);
        if shift && !self.area.is_selecting() {
            self.area.start_selection();
        } else if !shift {
            self.area.cancel_selection();
        }
        let cell = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        self.area
            .move_cursor(CursorMove::Jump(cell(line), cell(col)));
        self.row_end = row_end;
    }
}

/// Where the cursor lands on row `y` of `rows` aiming at display column `column`: its
/// line, its character, and whether it stands at the end of a row the next one goes on
/// from. On the character under the column (at its start when it is wide), or at the
/// row's end when the row is shorter: after its last character when it wraps, at its
/// line's end (trailing spaces too) when it is the line's last row.
fn land(
    lines: &[String],
    rows: &[(usize, Range<usize>)],
    y: usize,
    column: usize,
) -> (usize, usize, bool) {
    let Some((i, r)) = rows.get(y) else {
        return (0, 0, false);
    };
    let line = lines.get(*i).map_or("", |l| l.as_str());
    let next = rows
        .get(y + 1)
        .filter(|(j, _)| j == i)
        .map(|(_, n)| n.start);
    let end = if next.is_some() { r.end } else { line.len() };
    let chars = |b: usize| line[..b].chars().count();
    let mut x = 0;
    for (b, c) in line[r.start..end].char_indices() {
        let cw = c.width().unwrap_or(0);
        if column < x + cw {
            return (*i, chars(r.start + b), false);
        }
        x += cw;
    }
    (*i, chars(end), next == Some(end))
}

/// The field's rows `w` cells wide: each as its line's index and the byte range of the
/// line it shows, wrapped by the shared wrapper (no row starts with a closing mark).
fn layout(lines: &[String], w: usize) -> Vec<(usize, Range<usize>)> {
    lines
        .iter()
        .enumerate()
        .flat_map(|(i, l)| text::line_ranges(l, w).into_iter().map(move |r| (i, r)))
        .collect()
}

/// The byte offset of character `col` in `line` (its end past the last).
fn byte_at(line: &str, col: usize) -> usize {
    line.char_indices().nth(col).map_or(line.len(), |(b, _)| b)
}

/// A selection inside the focused (reversed) field: not reversed, underlined (so it
/// shows without colours too).
const CHOSEN: Style = Style::new()
    .remove_modifier(Modifier::REVERSED)
    .add_modifier(Modifier::UNDERLINED);

/// One row: `r` of line `i`, the part inside the selection (`chosen`, from and to as
/// line and byte) drawn [`CHOSEN`].
fn row_line(
    lines: &[String],
    i: usize,
    r: Range<usize>,
    chosen: Option<((usize, usize), (usize, usize))>,
) -> Line<'static> {
    let line = lines.get(i).map_or("", |l| l.as_str());
    let Some(((ar, ab), (br, bb))) = chosen.filter(|((ar, _), (br, _))| *ar <= i && i <= *br)
    else {
        return Line::from(line[r].to_string());
    };
    let from = if ar == i {
        ab.clamp(r.start, r.end)
    } else {
        r.start
    };
    let to = if br == i {
        bb.clamp(r.start, r.end)
    } else {
        r.end
    };
    Line::from(vec![
        Span::raw(line[r.start..from].to_string()),
        Span::styled(line[from..to].to_string(), CHOSEN),
        Span::raw(line[to..r.end].to_string()),
    ])
}

/// Text fit for the field: inert except for its line breaks (CR LF and CR become LF).
fn clean(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(text::inert)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn drawn(
        m: &MultiLine,
        w: u16,
        h: u16,
    ) -> (Vec<String>, Option<Position>, Terminal<TestBackend>) {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut at = None;
        t.draw(|f| at = m.render(f, f.area(), &Theme::new(false), true))
            .unwrap();
        let rows = crate::ui::testing::screen_text(t.backend().buffer())
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect();
        (rows, at, t)
    }

    /// The character before a `。` goes down with it, and the cursor is drawn where the
    /// layout put the character it stands on.
    #[test]
    fn a_mark_never_starts_a_row_and_the_cursor_follows_the_layout() {
        let mut m = MultiLine::new("好好好。好", 3);
        let (rows, at, _) = drawn(&m, 7, 3);
        assert_eq!(rows, ["好好", "好。好", ""]);
        assert_eq!(at, Some(Position::new(6, 1)), "after the last 好");
        m.edit(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE));
        m.edit(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE));
        let (_, at, _) = drawn(&m, 7, 3);
        assert_eq!(at, Some(Position::new(2, 1)), "on the 。");
        // Rows past the field's height scroll with the cursor.
        let (rows, at, _) = drawn(&MultiLine::new("一\n二\n三\n四", 2), 6, 2);
        assert_eq!(rows, ["三", "四"]);
        assert_eq!(at, Some(Position::new(2, 1)));
    }

    #[test]
    fn a_selection_shows_inside_the_reversed_field() {
        let mut m = MultiLine::new("abcd", 2);
        m.edit(KeyEvent::new(KeyCode::Left, KeyModifiers::SHIFT));
        m.edit(KeyEvent::new(KeyCode::Left, KeyModifiers::SHIFT));
        let (rows, _, t) = drawn(&m, 6, 2);
        assert_eq!(rows[0], "abcd");
        let buf = t.backend().buffer();
        let reversed = |x: u16| buf[(x, 0)].modifier.contains(Modifier::REVERSED);
        assert!(reversed(0) && reversed(1), "the field");
        assert!(!reversed(2) && !reversed(3), "the selection");
        assert!(buf[(2, 0)].modifier.contains(Modifier::UNDERLINED));
    }
}

#[cfg(test)]
mod tests_rows;
