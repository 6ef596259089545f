//! Colours, borders and UI symbols. Only the 16 named ANSI colours are used, with reverse
//! video for the selection, so the app reads the same in a 16-colour terminal and in true
//! colour.
//!
//! Two modes for terminals that need less:
//! - **No colour** (`NO_COLOR` set and not empty, <https://no-color.org>): no colour at all;
//!   every state shown by colour is carried by bold/reverse/underline and, where the text
//!   does not already say it, a marker from [`Theme::mark`].
//! - **ASCII** (`ascii_borders = true`): borders and every UI symbol (arrows, bars, the
//!   ellipsis, dots) are plain ASCII, so terminals that draw East Asian "ambiguous width"
//!   glyphs two cells wide (PuTTY, Xshell, some CJK fonts) keep the layout.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use std::borrow::Cow;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Plain ASCII borders and symbols.
    pub ascii: bool,
    /// Colours allowed (false under `NO_COLOR`).
    pub color: bool,
}

/// How urgent a state is, for [`Theme::mark`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Warn,
    Error,
}

/// Ambiguous-width glyphs the UI's own texts use, and their ASCII stand-ins.
const ASCII_FOR: &[(char, &str)] = &[
    ('←', "<-"),
    ('→', "->"),
    ('↑', "Up"),
    ('↓', "Dn"),
    ('…', "..."),
    ('·', "-"),
    ('│', "|"),
    ('─', "-"),
    ('█', "#"),
    ('–', "-"),
    ('—', "-"),
    ('“', "\""),
    ('”', "\""),
    ('‘', "'"),
    ('’', "'"),
    ('×', "x"),
    ('≥', ">="),
    ('≤', "<="),
    ('●', "*"),
    ('★', "*"),
    ('•', "*"),
    ('√', "v"),
    ('▁', "."),
    ('▂', "."),
    ('▃', "-"),
    ('▄', "-"),
    ('▅', "="),
    ('▆', "="),
    ('▇', "#"),
];

impl Theme {
    /// The theme for these settings and this environment (`NO_COLOR`).
    pub fn new(ascii: bool) -> Theme {
        Theme {
            ascii,
            color: !no_color_requested(),
        }
    }

    pub fn border_set(&self) -> border::Set<'static> {
        if self.ascii {
            border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            }
        } else {
            border::PLAIN
        }
    }

    /// A foreground colour, or nothing under NO_COLOR.
    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn tab_active(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }
    pub fn tab(&self) -> Style {
        self.fg(Color::White)
    }
    pub fn selected(&self) -> Style {
        if self.color {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }
    pub fn dim(&self) -> Style {
        self.fg(Color::DarkGray)
    }
    pub fn label(&self) -> Style {
        self.fg(Color::Cyan)
    }
    pub fn error(&self) -> Style {
        let s = self.fg(Color::LightRed).add_modifier(Modifier::BOLD);
        if self.color {
            s
        } else {
            s.add_modifier(Modifier::UNDERLINED)
        }
    }
    pub fn warn(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Yellow)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }
    pub fn status(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
    /// A form field's grey hint: faint where colours are off, so it never reads as typed.
    pub fn hint(&self) -> Style {
        if self.color {
            self.dim()
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }
    /// A default value the form offers (not typed, not a grey hint): typing replaces it.
    pub fn default_value(&self) -> Style {
        self.fg(Color::LightBlue).add_modifier(Modifier::ITALIC)
    }
    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    /// A chart's bars and lines.
    pub fn chart(&self) -> Style {
        self.fg(Color::Green)
    }
    /// A chart's sparkline.
    pub fn chart_line(&self) -> Style {
        self.fg(Color::Cyan)
    }
    pub fn block(&self, title: &str) -> ratatui::widgets::Block<'static> {
        ratatui::widgets::Block::bordered()
            .border_set(self.border_set())
            .border_style(self.fg(Color::DarkGray))
            .title(ratatui::text::Span::styled(
                format!(" {} ", self.text(title)),
                self.title(),
            ))
    }

    /// The text marker for a state that colour alone would show: empty in colour, `!` (warn)
    /// or `!!` (error) under NO_COLOR. Put it before the text it marks.
    pub fn mark(&self, level: Level) -> &'static str {
        match (self.color, level) {
            (true, _) => "",
            (false, Level::Warn) => "! ",
            (false, Level::Error) => "!! ",
        }
    }

    /// The UI's own text (hints, titles, labels) with its symbols in ASCII when the ASCII
    /// mode is on. Not for stored data.
    pub fn text<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if !self.ascii || s.is_ascii() {
            return Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len());
        for ch in s.chars() {
            match ASCII_FOR.iter().find(|(c, _)| *c == ch) {
                Some((_, a)) => out.push_str(a),
                None => out.push(ch),
            }
        }
        Cow::Owned(out)
    }

    /// One symbol of the UI: `sym("…", "...")`, the first unless in ASCII mode.
    pub fn sym(&self, unicode: &'static str, ascii: &'static str) -> &'static str {
        if self.ascii { ascii } else { unicode }
    }

    /// The ellipsis that marks cut text or work in progress.
    pub fn ellipsis(&self) -> &'static str {
        self.sym("…", "...")
    }

    /// The symbols of sparklines and bar charts.
    pub fn bar_set(&self) -> ratatui::symbols::bar::Set<'static> {
        if self.ascii {
            ratatui::symbols::bar::Set {
                full: "#",
                seven_eighths: "#",
                three_quarters: "#",
                five_eighths: "=",
                half: "=",
                three_eighths: "-",
                one_quarter: "-",
                one_eighth: ".",
                empty: " ",
            }
        } else {
            ratatui::symbols::bar::NINE_LEVELS
        }
    }

    /// A bar of `filled` of `width` cells.
    pub fn bar(&self, filled: usize, width: usize) -> String {
        let filled = filled.min(width);
        format!(
            "{}{}",
            self.sym("█", "#").repeat(filled),
            " ".repeat(width - filled)
        )
    }
}

/// `NO_COLOR` present and not empty (<https://no-color.org>).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_text_has_no_wide_ambiguous_symbols() {
        let t = Theme {
            ascii: true,
            color: true,
        };
        assert_eq!(t.text("←/→ 切换 …"), "<-/-> 切换 ...");
        assert_eq!(t.bar(2, 4), "##  ");
        let u = Theme {
            ascii: false,
            color: true,
        };
        assert_eq!(u.text("←/→"), "←/→");
        assert_eq!(u.bar(1, 2), "█ ");
    }

    #[test]
    fn without_colour_states_keep_an_attribute_and_a_marker() {
        let t = Theme {
            ascii: false,
            color: false,
        };
        for s in [
            t.selected(),
            t.error(),
            t.warn(),
            t.status(),
            t.tab_active(),
        ] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
            assert!(!s.add_modifier.is_empty(), "{s:?}");
        }
        assert!(t.selected().add_modifier.contains(Modifier::REVERSED));
        assert_eq!(t.mark(Level::Error), "!! ");
        let c = Theme {
            ascii: false,
            color: true,
        };
        assert_eq!(c.mark(Level::Warn), "");
    }
}
