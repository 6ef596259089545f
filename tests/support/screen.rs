//! The whole app drawn on ratatui's `TestBackend` at 80x24 and read back as text, for
//! render tests.

use frontdesk::ui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The app's screen at 80x24 as text.
pub fn draw(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| frontdesk::ui::shell::render(app, f)).unwrap();
    screen_text(t.backend().buffer())
}

/// The screen as text, one line per row, wide characters once (the cell they hide skipped).
pub fn screen_text(buf: &ratatui::buffer::Buffer) -> String {
    frontdesk::ui::testing::screen_text(buf)
}
