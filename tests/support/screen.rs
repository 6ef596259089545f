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
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}
