//! A popup over Chinese text keeps its left border on every row, as a terminal shows it:
//! a wide character whose second cell is the border's column hides the border (the
//! terminal draws the character over both cells), so the popup blanks it
//! (`widgets::popup::Cover`).

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::i18n::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::demo::demo_app;
use unicode_width::UnicodeWidthChar;

/// The screen at 80x24 as a terminal shows it: each row's characters with the column
/// each starts at (a wide character hides the cell after it).
fn shown(app: &frontdesk::ui::app::App) -> Vec<Vec<(usize, char)>> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| frontdesk::ui::shell::render(app, f)).unwrap();
    support::screen::screen_text(t.backend().buffer())
        .lines()
        .map(|row| {
            let mut x = 0;
            row.chars()
                .map(|c| {
                    let at = (x, c);
                    x += c.width().unwrap_or(0);
                    at
                })
                .collect()
        })
        .collect()
}

/// The character starting at column `x` of `row`, if one does.
fn at(row: &[(usize, char)], x: usize) -> Option<char> {
    row.iter().find(|(c, _)| *c == x).map(|(_, ch)| *ch)
}

#[test]
fn the_find_popup_keeps_its_left_border_over_a_chinese_archive() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Zh, "1002");
    for code in [KeyCode::Esc, KeyCode::Char('5'), KeyCode::Enter] {
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
    let under = shown(&app);
    app.on_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL));
    let screen = shown(&app);
    let title = "查找客户/车辆";
    let (top, left) = screen
        .iter()
        .enumerate()
        .find_map(|(y, row)| {
            let s: String = row.iter().map(|(_, c)| c).collect();
            let i = s.find(title)?;
            let n = s[..i].chars().count();
            Some((y, row[n].0 - 2))
        })
        .expect("the find popup is drawn");
    let rows = top..top + 16;
    // Under the popup's left border, a wide character starts in the cell before it on
    // some row (the archive's Chinese at its pane's edge): the case that hid the border.
    assert!(
        rows.clone()
            .any(|y| at(&under[y], left - 1).is_some_and(|c| c.width() == Some(2))),
        "no wide character under the popup's edge: the test shows nothing"
    );
    for y in rows {
        let edge = at(&screen[y], left);
        let want = if y == top {
            '┌'
        } else if y == top + 15 {
            '└'
        } else {
            '│'
        };
        assert_eq!(edge, Some(want), "row {y}");
    }
}
