//! For the desk pages' render tests: a page drawn at 80x24 read back as text.

use crate::clock::Clock;
use chrono::TimeZone;
use ratatui::Frame;

/// The store's clock at 2026-11-23 09:30 in Shanghai.
pub fn clock() -> Clock {
    Clock::fixed(
        chrono_tz::Asia::Shanghai,
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 23, 1, 30, 0)
            .unwrap(),
    )
}

/// What `render` draws on an 80x24 terminal, as text.
pub fn draw(render: impl FnOnce(&mut Frame)) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(render).unwrap();
    crate::ui::testing::screen_text(t.backend().buffer())
}

/// The screen without spaces and borders: a wrapped sentence reads as one run.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

/// The dialog title starting `start` on the screen, to its frame's top-right corner (or
/// the end of the line); panics with the screen when no line holds it.
pub fn title_line(screen: &str, start: &str) -> String {
    let rest = screen
        .lines()
        .find_map(|l| l.find(start).map(|i| &l[i..]))
        .unwrap_or_else(|| panic!("no title {start:?} on\n{screen}"));
    match rest.find('┐') {
        Some(i) => rest[..i + '┐'.len_utf8()].to_string(),
        None => rest.trim_end().to_string(),
    }
}

/// Whether a title line from `title_line` was cut by width: it ends in `~`, a space and the
/// frame's top edge to its corner (one cell of edge left when a wide character did not fit).
pub fn cut_at_corner(title: &str) -> bool {
    title
        .trim_end_matches('┐')
        .trim_end_matches('─')
        .ends_with("~ ")
}
