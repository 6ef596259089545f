//! The terminal backend: crossterm's, with fewer bytes per frame.
//!
//! ratatui's `CrosstermBackend::draw` writes a cursor move (`ESC[row;colH`, 6–8 bytes) before
//! every cell that does not follow the previous one by exactly one column, so every cell
//! after a Han character (two columns wide) gets one: about half of what a cursor move on a
//! Chinese list writes. `Lean` draws the same cells with the same styles, and also skips
//! the move after a symbol every terminal draws two columns wide (the CJK ideographs and
//! punctuation, kana, hangul, fullwidth forms). After any other symbol it assumes one
//! column, as ratatui does, so an emoji or an ambiguous-width character still gets its
//! cursor move: what a terminal draws differently cannot shift what follows.
//!
//! Where it must move within a row whose every symbol so far had a sure width, it moves by
//! a count or to a column (`ESC[2C`, `ESC[13G`: 3–5 bytes) instead of to a row and column;
//! a colour change writes only the colour that changed; and the frame ends with one reset
//! (`ESC[0m`) instead of four, none when it set no colour or attribute.
//!
//! ratatui hides the cursor after every frame without one (and shows it after every frame
//! with one, a form's text field): `Lean` writes `ESC[?25l` / `ESC[?25h` only when that
//! changes what it last wrote. Nothing else the app writes shows or hides the cursor (the
//! clipboard's OSC 52, bracketed paste; no suspend: raw mode takes Ctrl-Z as a key), so
//! what it last wrote is what the terminal shows; `cursor_unknown` is for a writer that
//! would.

use crossterm::cursor::MoveTo;
use crossterm::queue;
use crossterm::style::{
    Attribute as CAttr, Colors, Print, SetAttribute, SetBackgroundColor, SetColors,
    SetForegroundColor, SetUnderlineColor,
};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};

/// `CrosstermBackend` with cursor moves only where the cursor is not already in place.
pub struct Lean<W: Write> {
    inner: CrosstermBackend<W>,
    /// Where the cursor was last put: what `get_cursor_position` answers. Asking the
    /// terminal would read its input, which only the app's input thread reads (`ui::run`);
    /// ratatui asks only to put the cursor back after clearing a resized screen, and the
    /// next frame places it anyway.
    cursor: Position,
    /// Whether the cursor was last hidden (true) or shown (false); None: not known (at
    /// the start), so the next hide or show is written.
    hidden: Option<bool>,
}

impl<W: Write> Lean<W> {
    pub fn new(writer: W) -> Self {
        Lean {
            inner: CrosstermBackend::new(writer),
            cursor: Position::ORIGIN,
            hidden: None,
        }
    }

    /// Something else may have shown or hidden the cursor: the next frame writes its
    /// state again.
    pub fn cursor_unknown(&mut self) {
        self.hidden = None;
    }
}

/// Two for a symbol every terminal draws two columns wide; None for any other (ASCII,
/// emoji, combining marks, ambiguous width), after which the cursor is placed as ratatui
/// places it.
pub fn wide_for_sure(symbol: &str) -> Option<u16> {
    let mut chars = symbol.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    match u32::from(c) {
        // Hangul Jamo leading consonants.
        0x1100..=0x115F
        // CJK radicals, Kangxi, CJK symbols and punctuation, kana, bopomofo, CJK strokes,
        // enclosed CJK, CJK compatibility, CJK extension A, Yijing hexagrams excluded.
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        // CJK unified ideographs, Yi.
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        // Hangul syllables.
        | 0xAC00..=0xD7A3
        // CJK compatibility ideographs, vertical and compatibility forms.
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        // Fullwidth forms (not the halfwidth ones after them).
        | 0xFF01..=0xFF60
        | 0xFFE0..=0xFFE6 => Some(2),
        _ => None,
    }
}

impl<W: Write> Backend for Lean<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let w = &mut self.inner;
        let (mut fg, mut bg, mut underline) = (Color::Reset, Color::Reset, Color::Reset);
        let mut modifier = Modifier::empty();
        // Where the cursor is after the last symbol as ratatui counts (None: not known),
        // and whether the terminal's cursor is there for sure: every symbol since the last
        // absolute move had a width every terminal agrees on.
        let mut cursor: Option<(u16, u16)> = None;
        let mut sure = false;
        // Whether the frame set any attribute or colour, to be reset at its end.
        let mut styled = false;
        for (x, y, cell) in content {
            if cursor != Some((x, y)) {
                match cursor {
                    Some((cx, cy)) if sure && cy == y => queue_move_in_row(w, cx, x)?,
                    _ => queue!(w, MoveTo(x, y))?,
                }
                sure = true;
            }
            if cell.modifier != modifier {
                queue_modifier_diff(w, modifier, cell.modifier)?;
                modifier = cell.modifier;
                styled = true;
            }
            match (cell.fg != fg, cell.bg != bg) {
                (true, true) => queue!(
                    w,
                    SetColors(Colors::new(
                        cell.fg.into_crossterm(),
                        cell.bg.into_crossterm()
                    ))
                )?,
                (true, false) => queue!(w, SetForegroundColor(cell.fg.into_crossterm()))?,
                (false, true) => queue!(w, SetBackgroundColor(cell.bg.into_crossterm()))?,
                (false, false) => {}
            }
            if (cell.fg, cell.bg) != (fg, bg) {
                (fg, bg) = (cell.fg, cell.bg);
                styled = true;
            }
            if cell.underline_color != underline {
                queue!(w, SetUnderlineColor(cell.underline_color.into_crossterm()))?;
                underline = cell.underline_color;
                styled = true;
            }
            let symbol = cell.symbol();
            queue!(w, Print(symbol))?;
            // ratatui's own assumption is one column for every symbol.
            let width = wide_for_sure(symbol).or_else(|| narrow_for_sure(symbol));
            sure &= width.is_some();
            cursor = Some((x.saturating_add(width.unwrap_or(1)), y));
        }
        if styled {
            // One reset for all: SGR 0 puts back the colours, the underline colour and
            // every attribute.
            queue!(w, SetAttribute(CAttr::Reset))?;
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.hidden == Some(true) {
            return Ok(());
        }
        self.inner.hide_cursor()?;
        self.hidden = Some(true);
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.hidden == Some(false) {
            return Ok(());
        }
        self.inner.show_cursor()?;
        self.hidden = Some(false);
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.cursor = position.into();
        self.inner.set_cursor_position(self.cursor)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// One for a printable ASCII character, which every terminal draws one column wide.
fn narrow_for_sure(symbol: &str) -> Option<u16> {
    matches!(symbol.as_bytes(), [b' '..=b'~']).then_some(1)
}

/// Moves the cursor from column `from` to column `to` of its row (which is sure): forward
/// by a count (`ESC[nC`) or to the column (`ESC[colG`), whichever is shorter, and always to
/// the column when going back. Moving forward never starts from beyond the last column: a
/// cell there leaves `from` at the row's end, past every column a later cell can have.
fn queue_move_in_row<W: Write>(w: &mut W, from: u16, to: u16) -> io::Result<()> {
    let column = format!("\x1b[{}G", u32::from(to) + 1);
    if to > from {
        let forward = match to - from {
            1 => "\x1b[C".to_string(),
            n => format!("\x1b[{n}C"),
        };
        if forward.len() < column.len() {
            return w.write_all(forward.as_bytes());
        }
    }
    w.write_all(column.as_bytes())
}

/// The attribute changes from one modifier set to the next (as ratatui's crossterm backend
/// writes them: bold and dim share one reset).
fn queue_modifier_diff<W: Write>(w: &mut W, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    let set = |w: &mut W, a: CAttr| queue!(w, SetAttribute(a));
    if removed.contains(Modifier::REVERSED) {
        set(w, CAttr::NoReverse)?;
    }
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if reset_intensity {
        set(w, CAttr::NormalIntensity)?;
        if to.contains(Modifier::DIM) {
            set(w, CAttr::Dim)?;
        }
        if to.contains(Modifier::BOLD) {
            set(w, CAttr::Bold)?;
        }
    }
    for (m, off) in [
        (Modifier::ITALIC, CAttr::NoItalic),
        (Modifier::UNDERLINED, CAttr::NoUnderline),
        (Modifier::CROSSED_OUT, CAttr::NotCrossedOut),
        (Modifier::HIDDEN, CAttr::NoHidden),
    ] {
        if removed.contains(m) {
            set(w, off)?;
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        set(w, CAttr::NoBlink)?;
    }
    let added = to - from;
    for (m, on) in [
        (Modifier::REVERSED, CAttr::Reverse),
        (Modifier::BOLD, CAttr::Bold),
        (Modifier::ITALIC, CAttr::Italic),
        (Modifier::UNDERLINED, CAttr::Underlined),
        (Modifier::DIM, CAttr::Dim),
        (Modifier::CROSSED_OUT, CAttr::CrossedOut),
        (Modifier::HIDDEN, CAttr::Hidden),
        (Modifier::SLOW_BLINK, CAttr::SlowBlink),
        (Modifier::RAPID_BLINK, CAttr::RapidBlink),
    ] {
        let again = reset_intensity && (m == Modifier::BOLD || m == Modifier::DIM);
        if added.contains(m) && !again {
            set(w, on)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_trusted_only_where_terminals_agree() {
        assert_eq!(wide_for_sure("a"), None);
        assert_eq!(wide_for_sure("张"), Some(2));
        assert_eq!(wide_for_sure("，"), Some(2));
        assert_eq!(wide_for_sure("。"), Some(2));
        // Box drawing and the ellipsis are ambiguous-width; emoji and combined clusters vary.
        assert_eq!(wide_for_sure("│"), None);
        assert_eq!(wide_for_sure("…"), None);
        assert_eq!(wide_for_sure("😀"), None);
        assert_eq!(wide_for_sure("e\u{301}"), None);
        assert_eq!(wide_for_sure(""), None);
    }
}
