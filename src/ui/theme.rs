//! Colours and borders. Only the 16 named ANSI colours are used, with reverse video for the
//! selection, so the app reads the same in a 16-colour terminal and in true colour.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub ascii: bool,
}

impl Theme {
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
    pub fn title(&self) -> Style {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn tab_active(&self) -> Style {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Cyan)
            .add_modifier(Modifier::BOLD)
    }
    pub fn tab(&self) -> Style {
        Style::new().fg(Color::White)
    }
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn dim(&self) -> Style {
        Style::new().fg(Color::DarkGray)
    }
    pub fn label(&self) -> Style {
        Style::new().fg(Color::Cyan)
    }
    pub fn error(&self) -> Style {
        Style::new()
            .fg(Color::LightRed)
            .add_modifier(Modifier::BOLD)
    }
    pub fn warn(&self) -> Style {
        Style::new().fg(Color::Yellow)
    }
    pub fn ok(&self) -> Style {
        Style::new().fg(Color::Green)
    }
    pub fn status(&self) -> Style {
        Style::new().fg(Color::Black).bg(Color::White)
    }
    pub fn key(&self) -> Style {
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn block(&self, title: &str) -> ratatui::widgets::Block<'static> {
        ratatui::widgets::Block::bordered()
            .border_set(self.border_set())
            .border_style(Style::new().fg(Color::DarkGray))
            .title(ratatui::text::Span::styled(
                format!(" {title} "),
                self.title(),
            ))
    }
}
