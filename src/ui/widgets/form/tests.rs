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

/// The screen of `f` drawn `w` cells wide, 5 rows, as text.
fn drawn(f: &Form, w: u16, lang: Lang) -> String {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let theme = Theme {
        ascii: false,
        color: true,
    };
    let mut t = Terminal::new(TestBackend::new(w, 5)).unwrap();
    t.draw(|fr| f.render(fr, fr.area(), lang, &theme)).unwrap();
    let buf = t.backend().buffer();
    // A wide character's second cell is left out, so the text reads as typed.
    let row = |y: u16| {
        let mut out = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = text::width(sym).saturating_sub(1);
            out.push_str(sym);
        }
        out
    };
    (0..5).map(row).collect::<Vec<_>>().join("\n")
}

/// An error too long for its row (cut there with ~) is said whole under the form while its
/// field has the cursor (under the form's own message, if any); one that fits is said once,
/// on its row.
#[test]
fn an_error_cut_on_its_row_is_said_whole_under_the_form() {
    let long = "invalid province (e.g. 粤, 京)";
    let mut f = Form::new(vec![
        Field::new("plate", "车牌", "Plate").value("XB12345"),
        Field::new("vin", "车架号", "VIN"),
    ]);
    f.set_error("plate", long.into());
    f.focus = 0;
    let screen = drawn(&f, 40, Lang::En);
    assert!(screen.lines().next().unwrap().contains('~'), "{screen}");
    assert!(screen.contains(&format!("Plate: {long}")), "{screen}");
    // The cursor elsewhere: the row's mark only.
    f.focus = 1;
    assert!(!drawn(&f, 40, Lang::En).contains("Plate: "));
    // Wide enough: on its row, not twice.
    f.focus = 0;
    let wide = drawn(&f, 80, Lang::En);
    assert_eq!(wide.matches(long).count(), 1, "{wide}");
    // An error that names its field is not named twice.
    f.set_error("plate", format!("Plate: {long}"));
    let named = drawn(&f, 40, Lang::En);
    assert!(named.contains(&format!("Plate: {long}")), "{named}");
    assert!(!named.contains("Plate: Plate"), "{named}");
    // With a message of the form's own ("not saved: ..."), both: the message above the
    // cut error.
    f.message = Some(("Not saved".into(), true));
    let both = drawn(&f, 40, Lang::En);
    let at = |s: &str| both.lines().position(|l| l.contains(s));
    assert!(at("Not saved") < at("Plate: invalid"), "{both}");
    assert!(at("Not saved").is_some(), "{both}");
}
