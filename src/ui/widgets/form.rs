//! A form: labelled fields, one-line (tui-input) or multi-line ([`MultiLine`]), one with
//! the cursor, each with its own error shown beside it. The form only edits text; the screen that owns it turns the text into
//! domain values (and validation errors) when saving.

use crate::i18n::Lang;
use crate::text;
use crate::ui::theme::Theme;
use crate::ui::widgets::text_area::MultiLine;
use crossterm::event::{Event, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::borrow::Cow;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

/// Longest text a one-line field takes (a paste beyond it is cut, with a message).
pub const MAX_FIELD_CHARS: usize = 500;

#[derive(Debug, Clone)]
pub struct Field {
    pub key: Cow<'static, str>,
    pub zh: Cow<'static, str>,
    pub en: Cow<'static, str>,
    pub required: bool,
    /// A hint shown in grey when the field is empty, e.g. the date format.
    pub hint: &'static str,
    /// The hint in the English UI when it differs ([`Field::hints`]); empty: `hint`.
    pub hint_en: &'static str,
    pub input: Input,
    /// The editor of a multi-line field (then `input` is unused).
    pub multi: Option<MultiLine>,
    pub error: Option<String>,
    /// The text is a default the form offered, not yet edited: it is drawn apart from typed
    /// text, and the first character typed replaces it (as if selected on focus).
    pub fresh: bool,
}

impl Field {
    pub fn new(
        key: impl Into<Cow<'static, str>>,
        zh: impl Into<Cow<'static, str>>,
        en: impl Into<Cow<'static, str>>,
    ) -> Self {
        Field {
            key: key.into(),
            zh: zh.into(),
            en: en.into(),
            required: false,
            hint: "",
            hint_en: "",
            input: Input::default(),
            multi: None,
            error: None,
            fresh: false,
        }
    }
    /// Makes this a multi-line field `rows` high: Enter starts a new line.
    pub fn multiline(mut self, rows: u16) -> Self {
        self.multi = Some(MultiLine::new(self.input.value(), rows));
        self
    }
    /// The text as typed (lines joined with `\n`).
    pub fn text(&self) -> &str {
        match &self.multi {
            Some(m) => m.text(),
            None => self.input.value(),
        }
    }
    /// Replaces the text.
    pub fn set_text(&mut self, v: &str) {
        match &mut self.multi {
            Some(m) => m.set(v),
            None => self.input = Input::new(v.to_string()),
        }
    }
    /// Rows the field takes on screen.
    pub fn rows(&self) -> u16 {
        self.multi.as_ref().map_or(1, |m| m.rows)
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    /// A hint that reads the same in both languages (a date, a number, a plate).
    pub fn hint(mut self, hint: &'static str) -> Self {
        self.hint = hint;
        self.hint_en = "";
        self
    }
    /// A hint in words: each language shows its own.
    pub fn hints(mut self, zh: &'static str, en: &'static str) -> Self {
        self.hint = zh;
        self.hint_en = en;
        self
    }
    /// The hint of a date field: the format, never a date (a grey date reads as one filled
    /// in where the terminal's grey is faint or colours are off).
    pub fn date_hint(self) -> Self {
        self.hints("年-月-日", "yyyy-mm-dd")
    }
    /// The hint in the user's language.
    pub fn hint_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En if !self.hint_en.is_empty() => self.hint_en,
            _ => self.hint,
        }
    }
    pub fn value(mut self, v: &str) -> Self {
        self.set_text(v);
        self
    }
    /// A real default (today's date, the usual channel): shown as a value, styled apart
    /// from typed text and from a grey hint; typing replaces it, arrows start editing it.
    pub fn default_value(mut self, v: &str) -> Self {
        self.set_default(v);
        self
    }
    /// Replaces the text with a default (see [`Field::default_value`]).
    pub fn set_default(&mut self, v: &str) {
        self.set_text(v);
        self.fresh = !v.is_empty();
    }
}

#[derive(Debug, Clone)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    initial: Vec<String>,
    /// A message about the whole form (e.g. why saving failed).
    pub message: Option<(String, bool)>,
    /// Labels as wide as the widest (up to a third of the row), never cut at 12 cells.
    pub wide_labels: bool,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Self {
        let initial = fields.iter().map(|f| f.text().to_string()).collect();
        Form {
            fields,
            focus: 0,
            initial,
            message: None,
            wide_labels: false,
        }
    }

    pub fn get(&self, key: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.text().trim())
            .unwrap_or("")
    }

    pub fn set_error(&mut self, key: &str, msg: String) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.error = Some(msg);
        }
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
        self.message = None;
    }

    /// Focus the first field with an error.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }

    /// True when any field differs from what the form opened with.
    pub fn is_dirty(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.initial)
            .any(|(f, v)| f.text() != v)
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    pub fn prev(&mut self) {
        let n = self.fields.len().max(1);
        self.focus = (self.focus + n - 1) % n;
    }

    /// True when the focused field is multi-line: Enter and the arrow keys belong to it.
    pub fn in_multiline(&self) -> bool {
        self.fields
            .get(self.focus)
            .is_some_and(|f| f.multi.is_some())
    }

    /// Rows the fields take on screen (a multi-line field takes its own height).
    pub fn height(&self) -> u16 {
        self.fields.iter().map(Field::rows).sum()
    }

    pub fn is_last(&self) -> bool {
        self.focus + 1 >= self.fields.len()
    }

    /// Passes a key to the focused field. Returns true if the text changed.
    pub fn edit(&mut self, key: KeyEvent) -> bool {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return false;
        };
        if f.fresh {
            use crossterm::event::KeyCode;
            let plain = !key.modifiers.intersects(
                crossterm::event::KeyModifiers::CONTROL | crossterm::event::KeyModifiers::ALT,
            );
            match key.code {
                // Typing over a default replaces it; deleting it clears it.
                KeyCode::Char(_) if plain => f.set_text(""),
                KeyCode::Backspace | KeyCode::Delete => {
                    f.set_text("");
                    f.fresh = false;
                    f.error = None;
                    return true;
                }
                // Moving in it: the default becomes text to edit.
                _ => {}
            }
            f.fresh = false;
        }
        if let Some(m) = &mut f.multi {
            let changed = m.edit(key);
            if changed {
                f.error = None;
            }
            return changed;
        }
        if f.input.value().chars().count() >= MAX_FIELD_CHARS
            && matches!(key.code, crossterm::event::KeyCode::Char(_))
        {
            return false;
        }
        let changed = f
            .input
            .handle_event(&Event::Key(key))
            .is_some_and(|s| s.value);
        if changed {
            f.error = None;
        }
        changed
    }

    /// Inserts pasted text into the focused field: one line (a multi-line field keeps the
    /// lines), capped. Returns whether it was cut.
    pub fn paste(&mut self, s: &str) -> bool {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return false;
        };
        if std::mem::take(&mut f.fresh) {
            f.set_text("");
        }
        if let Some(m) = &mut f.multi {
            f.error = None;
            return m.paste(s);
        }
        let one_line: String = s
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let room = MAX_FIELD_CHARS.saturating_sub(f.input.value().chars().count());
        let cut = one_line.chars().count() > room;
        let mut v = f.input.value().to_string();
        v.extend(one_line.chars().take(room));
        f.input = Input::new(v);
        f.error = None;
        cut
    }

    /// Draws the form; places the terminal cursor in the focused field (so an input
    /// method's window follows it).
    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
        let y = self.render_fields(frame, area, lang, theme, 0);
        if y < area.y + area.height {
            let rest = Rect {
                y,
                height: area.y + area.height - y,
                ..area
            };
            self.render_message(frame, rest, theme);
        }
    }

    /// Draws the fields from the `first` on, as many as fit; returns the row after them.
    pub fn render_fields(
        &self,
        frame: &mut Frame,
        area: Rect,
        lang: Lang,
        theme: &Theme,
        first: usize,
    ) -> u16 {
        let label_w = self.label_width(lang, area.width);
        let mut y = area.y;
        for (i, f) in self.fields.iter().enumerate().skip(first) {
            if y >= area.y + area.height {
                break;
            }
            let focused = i == self.focus;
            let star = if f.required { "*" } else { " " };
            let label = text::fit(
                &format!("{star}{}", theme.text(lang.t(&f.zh, &f.en))),
                label_w as usize,
                true,
            );
            let input_w = area.width.saturating_sub(label_w + 1);
            let err_room = input_w / 2;
            let value_w = if f.error.is_some() {
                input_w - err_room
            } else {
                input_w
            } as usize;
            let label_style = if focused { theme.key() } else { theme.label() };
            if let Some(m) = &f.multi {
                let rows = f.rows().min(area.y + area.height - y);
                let at = |x: u16, width: u16| Rect {
                    x,
                    y,
                    width,
                    height: 1,
                };
                frame.render_widget(
                    Paragraph::new(Span::styled(label, label_style)),
                    at(area.x, label_w),
                );
                let value = Rect {
                    x: area.x + label_w + 1,
                    y,
                    width: value_w as u16,
                    height: rows,
                };
                if m.text().is_empty() && !focused {
                    frame.render_widget(
                        Paragraph::new(Span::styled(theme.text(f.hint_in(lang)), theme.hint())),
                        value,
                    );
                } else if let Some(p) = m.render(frame, value, theme, focused) {
                    frame.set_cursor_position(p);
                }
                if let Some(e) = &f.error {
                    frame.render_widget(
                        Paragraph::new(Span::styled(
                            text::fit(&format!(" {e}"), err_room as usize, false),
                            theme.error(),
                        )),
                        at(value.x + value.width, err_room),
                    );
                }
                y += rows;
                continue;
            }
            let scroll = f.input.visual_scroll(value_w.saturating_sub(1));
            let shown: String = text::inert(f.input.value());
            let shown = skip_cells(&shown, scroll);
            let mut spans = vec![Span::styled(label, label_style), Span::raw(" ")];
            // The hint shows while the field is empty, with the cursor too: the first field
            // of a form has it as the form opens, and that is when its hint is wanted.
            if shown.is_empty() && (!focused || !f.hint_in(lang).is_empty()) {
                spans.push(Span::styled(
                    text::fit(&theme.text(f.hint_in(lang)), value_w, true),
                    theme.hint(),
                ));
            } else {
                let style = match (focused, f.fresh) {
                    (true, false) => theme.selected(),
                    // A default with the cursor: all of it selected (typing replaces it).
                    (true, true) => theme.selected().patch(theme.default_value()),
                    (false, true) => theme.default_value(),
                    (false, false) => ratatui::style::Style::new(),
                };
                spans.push(Span::styled(text::fit(&shown, value_w, true), style));
            }
            if let Some(e) = &f.error {
                spans.push(Span::styled(
                    text::fit(&format!(" {e}"), err_room as usize, false),
                    theme.error(),
                ));
            }
            let row = Rect {
                x: area.x,
                y,
                width: area.width,
                height: 1,
            };
            frame.render_widget(Paragraph::new(Line::from(spans)), row);
            if focused {
                let cx = (f.input.visual_cursor().saturating_sub(scroll)) as u16;
                let x = (area.x + label_w + 1 + cx).min(area.x + area.width.saturating_sub(1));
                frame.set_cursor_position(Position::new(x, y));
            }
            y += 1;
        }
        y
    }

    /// Draws the form's message at the bottom of `area`: a long one (who changed the
    /// record, and what) wraps onto up to 3 rows.
    pub fn render_message(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if let Some((msg, is_error)) = &self.message
            && area.height > 0
        {
            let w = area.width.max(1) as usize;
            let need = text::width(msg).div_ceil(w).max(1);
            let lines = need.min(area.height as usize).min(3) as u16;
            let row = Rect {
                x: area.x,
                y: area.y + area.height - lines,
                width: area.width,
                height: lines,
            };
            let style = if *is_error {
                theme.error()
            } else {
                theme.warn()
            };
            frame.render_widget(
                Paragraph::new(Span::styled(
                    text::fit(&theme.text(msg), w * lines as usize, false),
                    style,
                ))
                .wrap(ratatui::widgets::Wrap { trim: false }),
                row,
            );
        }
    }
}

/// Drops the first `cells` display cells of `s`.
fn skip_cells(s: &str, cells: usize) -> String {
    let mut w = 0;
    let mut out = String::new();
    for c in s.chars() {
        if w >= cells {
            out.push(c);
        }
        w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    out
}

#[cfg(test)]
mod tests {
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
}
