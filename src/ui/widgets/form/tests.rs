//! The form widget: editing, defaults, pasting, and how a default is drawn.
use super::*;
use crossterm::event::{KeyCode, KeyModifiers};

fn k(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn edits_and_dirty() {
    let mut f = Form::new(vec![
        Field::new("name", "姓名", "Name").required(),
        Field::new("mobile", "手机", "Mobile"),
    ]);
    assert!(!f.is_dirty());
    f.edit(k('张'));
    assert_eq!(f.get("name"), "张");
    assert!(f.is_dirty());
    f.next();
    f.edit(k('1'));
    assert_eq!(f.get("mobile"), "1");
    f.next();
    assert_eq!(f.focus, 0);
}

#[test]
fn paste_is_one_line_and_capped() {
    let mut f = Form::new(vec![Field::new("notes", "备注", "Notes")]);
    let big = "a\nb".repeat(1000);
    assert!(f.paste(&big));
    assert_eq!(f.fields[0].input.value().chars().count(), MAX_FIELD_CHARS);
    assert!(!f.get("notes").contains('\n'));
}

#[test]
fn a_default_is_replaced_by_typing_and_a_hint_never_becomes_a_value() {
    let mut f = Form::new(vec![
        Field::new("day", "日期", "Day").default_value("2026-11-24"),
        Field::new("time", "时间", "Time").hint("10:00"),
    ]);
    assert_eq!(f.get("day"), "2026-11-24");
    assert!(!f.is_dirty(), "a default is what the form opened with");
    f.edit(k('2'));
    assert_eq!(f.get("day"), "2", "the first key replaces the default");
    f.edit(k('5'));
    assert_eq!(f.get("day"), "25", "then typing appends as usual");
    f.next();
    assert_eq!(f.get("time"), "", "a hint is no value");
    f.edit(k('9'));
    assert_eq!(f.get("time"), "9");
}

#[test]
fn moving_in_a_default_edits_it_and_backspace_clears_it() {
    let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
    let mut f = Form::new(vec![
        Field::new("a", "甲", "A").default_value("10:00"),
        Field::new("b", "乙", "B").default_value("电话"),
    ]);
    f.edit(key(KeyCode::End));
    f.edit(key(KeyCode::Backspace));
    assert_eq!(
        f.get("a"),
        "10:0",
        "after an arrow key the default is text to edit"
    );
    f.next();
    f.edit(key(KeyCode::Backspace));
    assert_eq!(f.get("b"), "", "Backspace on a default clears all of it");
    assert!(!f.fields[1].fresh);
}

#[test]
fn a_default_is_drawn_apart_from_typed_text_and_from_a_hint() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Modifier;
    let theme = Theme {
        ascii: false,
        color: true,
    };
    let mut f = Form::new(vec![
        Field::new("x", "甲", "X"),
        Field::new("day", "日期", "Day").default_value("2026-11-24"),
        Field::new("typed", "输入", "Typed").value("2026-11-24"),
        Field::new("hint", "提示", "Hint").hint("2026-11-24"),
    ]);
    f.focus = 0;
    let mut t = Terminal::new(TestBackend::new(40, 4)).unwrap();
    t.draw(|fr| f.render(fr, fr.area(), Lang::Zh, &theme))
        .unwrap();
    let buf = t.backend().buffer().clone();
    let style_at = |row: u16| buf[(14, row)].style();
    assert_eq!(buf[(14, 1)].symbol(), "0");
    assert_eq!(buf[(14, 3)].symbol(), "0", "the hint is shown");
    assert_ne!(
        style_at(1),
        style_at(2),
        "a default looks unlike typed text"
    );
    assert_ne!(style_at(1), style_at(3), "a default looks unlike a hint");
    assert_eq!(style_at(3).fg, theme.dim().fg, "a hint is grey");
    // Without colours (NO_COLOR) a hint is faint and a default italic: neither reads as
    // typed text.
    let plain = Theme {
        ascii: false,
        color: false,
    };
    t.draw(|fr| f.render(fr, fr.area(), Lang::Zh, &plain))
        .unwrap();
    let buf = t.backend().buffer().clone();
    let style_at = |row: u16| buf[(14, row)].style();
    assert!(
        style_at(3).add_modifier.contains(Modifier::DIM),
        "{:?}",
        style_at(3)
    );
    assert_ne!(style_at(3), style_at(2), "a hint looks unlike typed text");
    assert_ne!(
        style_at(1),
        style_at(2),
        "a default looks unlike typed text"
    );
    assert_ne!(style_at(1), style_at(3), "a default looks unlike a hint");
    // The field with the cursor still shows its hint while empty (the first field of a
    // form has the cursor as it opens), the cursor at its start.
    f.focus = 3;
    t.draw(|fr| f.render(fr, fr.area(), Lang::Zh, &theme))
        .unwrap();
    assert_eq!(
        t.backend().buffer()[(14, 3)].symbol(),
        "0",
        "hint with the cursor"
    );
    t.backend_mut()
        .assert_cursor_position(ratatui::layout::Position::new(13, 3));
}
