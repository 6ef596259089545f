//! `↑`/`↓`/`Home`/`End` by the rows drawn, on the field's state (no terminal): the rows
//! are the layout of the last frame, which [`MultiLine::render`] records and these tests
//! set by hand.

use super::*;
use ratatui_textarea::DataCursor;

/// A field laid out `w` cells wide, as if drawn so.
fn field(text: &str, w: u16) -> MultiLine {
    let m = MultiLine::new(text, 3);
    m.width.set(w);
    m
}

fn press(m: &mut MultiLine, code: KeyCode) {
    assert!(!m.edit(KeyEvent::new(code, KeyModifiers::NONE)), "a move");
}

/// Puts the cursor on character `col` of line `line`, with no column to aim for.
fn put(m: &mut MultiLine, line: u16, col: u16) {
    m.area.move_cursor(CursorMove::Jump(line, col));
    m.goal = None;
    m.row_end = false;
}

/// The rows as drawn.
fn shown(m: &MultiLine) -> Vec<String> {
    let lines = m.area.lines();
    layout(lines, m.wrap_width())
        .into_iter()
        .map(|(i, r)| lines[i][r].to_string())
        .collect()
}

/// The cursor on screen: (row, cell).
fn cell(m: &MultiLine) -> (usize, usize) {
    m.cursor_cell(&layout(m.area.lines(), m.wrap_width()))
}

/// The cursor in the text: (line, character).
fn at(m: &MultiLine) -> (usize, usize) {
    let DataCursor(line, col) = m.area.cursor();
    (line, col)
}

/// One line of Chinese wrapped over four rows: each `↑` goes one row, at the same
/// column; on the first row `↑` stays (as on the first line before); `↓` comes back down
/// to the same cell and stays on the last row.
#[test]
fn up_and_down_go_by_the_rows_of_a_wrapped_chinese_paragraph() {
    let mut m = field("一二三四五六七八九十甲乙丙丁", 8);
    assert_eq!(shown(&m), ["一二三四", "五六七八", "九十甲乙", "丙丁"]);
    assert_eq!((at(&m), cell(&m)), ((0, 14), (3, 4)), "at the end");
    press(&mut m, KeyCode::Up);
    assert_eq!((at(&m), cell(&m)), ((0, 10), (2, 4)), "on 甲");
    press(&mut m, KeyCode::Up);
    assert_eq!((at(&m), cell(&m)), ((0, 6), (1, 4)), "on 七");
    press(&mut m, KeyCode::Up);
    assert_eq!((at(&m), cell(&m)), ((0, 2), (0, 4)), "on 三");
    press(&mut m, KeyCode::Up);
    assert_eq!((at(&m), cell(&m)), ((0, 2), (0, 4)), "the first row: stays");
    for _ in 0..3 {
        press(&mut m, KeyCode::Down);
    }
    assert_eq!((at(&m), cell(&m)), ((0, 14), (3, 4)), "back at the end");
    press(&mut m, KeyCode::Down);
    assert_eq!((at(&m), cell(&m)), ((0, 14), (3, 4)), "the last row: stays");
}

/// ASCII is one cell, Chinese two: the column is counted in cells, not characters.
#[test]
fn the_column_is_kept_in_cells_across_ascii_and_chinese() {
    let mut m = field("ab中文cd 一二三四 xyz", 10);
    assert_eq!(shown(&m), ["ab中文cd", "一二三四", "xyz"]);
    put(&mut m, 0, 4); // before c: cell 6
    assert_eq!(cell(&m), (0, 6));
    press(&mut m, KeyCode::Down);
    assert_eq!((at(&m), cell(&m)), ((0, 10), (1, 6)), "on 四, cell 6");
    press(&mut m, KeyCode::Down);
    assert_eq!(
        (at(&m), cell(&m)),
        ((0, 15), (2, 3)),
        "xyz is shorter: its end"
    );
    press(&mut m, KeyCode::Up);
    press(&mut m, KeyCode::Up);
    assert_eq!((at(&m), cell(&m)), ((0, 4), (0, 6)), "back before c");
}

/// A column in the middle of a wide character lands on the character's start.
#[test]
fn a_column_inside_a_wide_character_lands_on_its_start() {
    let mut m = field("abcdef一二三", 6);
    assert_eq!(shown(&m), ["abcdef", "一二三"]);
    put(&mut m, 0, 3); // before d: cell 3, the right half of 二 below
    press(&mut m, KeyCode::Down);
    assert_eq!((at(&m), cell(&m)), ((0, 7), (1, 2)), "on 二, at its start");
    press(&mut m, KeyCode::Up);
    assert_eq!(
        (at(&m), cell(&m)),
        ((0, 3), (0, 3)),
        "the column aimed at is 3"
    );
}

/// `。` never starts a row, so the 好 before it went down with it: the rows are 好好 /
/// 好。好, not 好好好 / 。好, and the moves follow the rows as drawn.
#[test]
fn moves_follow_rows_moved_by_kinsoku() {
    let mut m = field("好好好。好", 7);
    assert_eq!(shown(&m), ["好好", "好。好"]);
    put(&mut m, 0, 1); // cell 2
    press(&mut m, KeyCode::Down);
    assert_eq!((at(&m), cell(&m)), ((0, 3), (1, 2)), "on 。");
    // From the end (cell 6) up to the shorter row: its end, drawn on that row.
    put(&mut m, 0, 5);
    press(&mut m, KeyCode::Up);
    assert_eq!(
        (at(&m), cell(&m)),
        ((0, 2), (0, 4)),
        "after 好好, on the first row"
    );
    press(&mut m, KeyCode::Down);
    assert_eq!((at(&m), cell(&m)), ((0, 5), (1, 6)), "cell 6 again");
}

/// A short row on the way does not lose the column; a move sideways sets a new one.
#[test]
fn the_column_sticks_across_a_short_row() {
    let mut m = field("一二三四五六\nab\n一二三四五六七八九十", 12);
    assert_eq!(
        shown(&m),
        ["一二三四五六", "ab", "一二三四五六", "七八九十"]
    );
    put(&mut m, 0, 5); // cell 10
    press(&mut m, KeyCode::Down);
    assert_eq!((at(&m), cell(&m)), ((1, 2), (1, 2)), "ab is short: its end");
    press(&mut m, KeyCode::Down);
    assert_eq!((at(&m), cell(&m)), ((2, 5), (2, 10)), "cell 10 again");
    press(&mut m, KeyCode::Down);
    assert_eq!(
        (at(&m), cell(&m)),
        ((2, 10), (3, 8)),
        "七八九十 is short: its end"
    );
    press(&mut m, KeyCode::Up);
    press(&mut m, KeyCode::Up);
    assert_eq!((at(&m), cell(&m)), ((1, 2), (1, 2)));
    m.edit(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE));
    press(&mut m, KeyCode::Down);
    assert_eq!((at(&m), cell(&m)), ((2, 0), (2, 0)), "cell 1: on 一");
}

/// An empty line is a row of its own, passed through at its start.
#[test]
fn empty_lines_are_rows() {
    let mut m = field("一二三\n\n四五六\n", 20);
    assert_eq!(shown(&m), ["一二三", "", "四五六", ""]);
    put(&mut m, 0, 2);
    press(&mut m, KeyCode::Down);
    assert_eq!((at(&m), cell(&m)), ((1, 0), (1, 0)));
    press(&mut m, KeyCode::Down);
    assert_eq!((at(&m), cell(&m)), ((2, 2), (2, 4)), "cell 4 again");
    press(&mut m, KeyCode::Down);
    assert_eq!((at(&m), cell(&m)), ((3, 0), (3, 0)));
    let mut empty = field("", 20);
    for code in [KeyCode::Up, KeyCode::Down, KeyCode::Home, KeyCode::End] {
        press(&mut empty, code);
        assert_eq!((at(&empty), cell(&empty)), ((0, 0), (0, 0)));
    }
}

/// `Home`/`End` go to the start and end of the row drawn; after `End` on a row that
/// wraps, the cursor shows at that row's end and typing goes there.
#[test]
fn home_and_end_go_to_the_rows_start_and_end() {
    let mut m = field("一二三四五六七八九十甲乙丙丁", 8);
    put(&mut m, 0, 6);
    press(&mut m, KeyCode::Home);
    assert_eq!((at(&m), cell(&m)), ((0, 4), (1, 0)), "on 五");
    press(&mut m, KeyCode::End);
    assert_eq!((at(&m), cell(&m)), ((0, 8), (1, 8)), "after 八, on its row");
    press(&mut m, KeyCode::Down);
    assert_eq!((at(&m), cell(&m)), ((0, 12), (2, 8)), "after 乙");
    assert!(m.edit(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE)));
    assert_eq!(m.text(), "一二三四五六七八九十甲乙x丙丁");
    press(&mut m, KeyCode::End);
    press(&mut m, KeyCode::End);
    assert_eq!(at(&m), (0, 15), "the last row's end is the line's");
}

/// Shift with the arrows selects from where the cursor was.
#[test]
fn shift_down_selects_a_row() {
    let mut m = field("一二三四五六七八", 8);
    put(&mut m, 0, 1);
    m.edit(KeyEvent::new(KeyCode::Down, KeyModifiers::SHIFT));
    assert_eq!(m.area.selection_range(), Some(((0, 1), (0, 5))));
    press(&mut m, KeyCode::Up);
    assert_eq!(m.area.selection_range(), None, "a plain move ends it");
}

/// Drawing records the width the rows are moved by.
#[test]
fn drawing_sets_the_rows_moved_by() {
    let mut m = MultiLine::new("一二三四五六七八", 3);
    put(&mut m, 0, 6);
    press(&mut m, KeyCode::Up);
    assert_eq!(at(&m), (0, 6), "never drawn: one line is one row");
    put(&mut m, 0, 6);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(8, 3)).unwrap();
    t.draw(|f| {
        m.render(f, f.area(), &Theme::new(false), true);
    })
    .unwrap();
    press(&mut m, KeyCode::Up);
    assert_eq!(at(&m), (0, 2), "the row above, drawn 8 cells wide");
}

/// `PgUp`/`PgDn` move by the field's height but a row (two rows of a 3-row field), at
/// the same column, as far as the first or last row, where they stay.
#[test]
fn page_keys_move_by_the_fields_height_but_a_row() {
    let mut m = field("一二三四五六七八九十甲乙丙丁", 8);
    put(&mut m, 0, 1);
    press(&mut m, KeyCode::PageDown);
    assert_eq!((at(&m), cell(&m)), ((0, 9), (2, 2)), "on 十");
    press(&mut m, KeyCode::PageDown);
    assert_eq!((at(&m), cell(&m)), ((0, 13), (3, 2)), "the last row: on 丁");
    press(&mut m, KeyCode::PageDown);
    assert_eq!(at(&m), (0, 13), "stays");
    press(&mut m, KeyCode::PageUp);
    assert_eq!((at(&m), cell(&m)), ((0, 5), (1, 2)), "on 六");
    press(&mut m, KeyCode::PageUp);
    press(&mut m, KeyCode::PageUp);
    assert_eq!((at(&m), cell(&m)), ((0, 1), (0, 2)), "the first row: on 二");
}
