//! A multi-line text field (ratatui-textarea): complaint narratives, customers' demands,
//! notes, results. Soft-wrapped at the field's width (Chinese counted two cells), Enter
//! starts a new line, a paste keeps its lines; the terminal cursor is placed where the
//! text cursor is, so an input method's window follows it.

use crate::text;
use crate::ui::theme::Theme;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui_textarea::{TextArea, WrapMode};

/// Longest text a multi-line field takes (a paste beyond it is cut, with a message).
pub const MAX_TEXT_CHARS: usize = 4000;

#[derive(Debug, Clone)]
pub struct MultiLine {
    area: TextArea<'static>,
    /// The text, lines joined with `\n` (kept in step with every edit).
    text: String,
    /// Rows the field takes on screen.
    pub rows: u16,
}

impl MultiLine {
    pub fn new(text: &str, rows: u16) -> MultiLine {
        let mut m = MultiLine {
            area: TextArea::default(),
            text: String::new(),
            rows: rows.max(2),
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
        self.area.set_wrap_mode(WrapMode::WordOrGlyph);
        self.area.set_cursor_line_style(Style::new());
        self.area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        self.area.move_cursor(ratatui_textarea::CursorMove::End);
        self.sync();
    }

    fn sync(&mut self) {
        self.text = self.area.lines().join("\n");
    }

    /// A key for the text (Enter is a new line). Returns true if the text changed.
    pub fn edit(&mut self, key: KeyEvent) -> bool {
        let typing = matches!(key.code, crossterm::event::KeyCode::Char(_));
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
        self.sync();
        cut
    }

    /// Draws the text in `area`; returns where the terminal cursor goes when focused.
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        focused: bool,
    ) -> Option<Position> {
        let mut ta = self.area.clone();
        let style = if focused {
            theme.selected()
        } else {
            Style::new()
        };
        ta.set_style(style);
        // The terminal's own cursor shows where typing goes; no second, drawn one.
        ta.set_cursor_style(style);
        frame.render_widget(&ta, area);
        if !focused {
            return None;
        }
        let c = ta.screen_cursor();
        let (top, left) = ta.scroll_offset();
        let x = (c.col as u16).saturating_sub(left);
        let y = (c.row as u16).saturating_sub(top);
        Some(Position::new(
            (area.x + x).min(area.x + area.width.saturating_sub(1)),
            (area.y + y).min(area.y + area.height.saturating_sub(1)),
        ))
    }
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
