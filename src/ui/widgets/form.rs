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
use ratatui::style::Style;
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
    /// A choice field's options, (code, label in the user's language): see `form_choice`.
    pub options: Vec<(Cow<'static, str>, String)>,
    /// A choice field's number typed so far: its first digit, and when it was typed (a
    /// second digit joins it only right after, see `form_choice::SECOND_DIGIT`).
    pub typed_number: Option<(usize, std::time::Instant)>,
    /// Rows kept free under a one-line field for what the screen explains beside it (the
    /// callback form's outcome codes), so that never runs on beside the next field.
    pub below: u16,
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
            options: Vec::new(),
            typed_number: None,
            below: 0,
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
    /// Rows the field takes on screen (a one-line field's rows kept free under it too).
    pub fn rows(&self) -> u16 {
        self.multi.as_ref().map_or(1 + self.below, |m| m.rows)
    }
    /// Keeps `rows` free under this one-line field (see [`Field::below`]).
    pub fn rows_below(mut self, rows: u16) -> Self {
        self.below = rows;
        self
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
    /// The hint of a date-and-time field: the format, like [`Field::date_hint`].
    pub fn datetime_hint(self) -> Self {
        self.hints("年-月-日 时:分", "yyyy-mm-dd hh:mm")
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
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Self {
        let initial = fields.iter().map(|f| f.text().to_string()).collect();
        Form {
            fields,
            focus: 0,
            initial,
            message: None,
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

    /// Esc on a form with typed text: says so, and that a second Esc discards it.
    pub fn say_unsaved(&mut self, lang: Lang) {
        self.message = Some((crate::ui::keymap::unsaved_note(lang), false));
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
        self.leave_choice();
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    pub fn prev(&mut self) {
        self.leave_choice();
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
        if !f.options.is_empty() {
            return f.choose(key);
        }
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
        if !f.options.is_empty() {
            return false;
        }
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
            self.render_message(frame, rest, lang, theme);
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
            // The error beside the value (`error_room`); one cut there is said whole
            // under the form while its field has the cursor (`said`).
            let err_room = error_room(f, lang, input_w);
            let value_w = (input_w - err_room) as usize;
            let label_style = match (f.error.is_some(), focused) {
                (true, _) => theme.error(),
                (false, true) => theme.key(),
                (false, false) => theme.label(),
            };
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
            let hint = theme.text(&f.hint_text(lang)).into_owned();
            if !f.options.is_empty() {
                // A choice: its value, then the other options (only the arrows when the
                // options do not fit whole beside it: the form lists them under it).
                let more = if f.options_fit(lang, value_w) {
                    hint.as_str()
                } else {
                    "←/→"
                };
                let style = if focused {
                    theme.selected()
                } else {
                    Style::new()
                };
                if !shown.is_empty() {
                    spans.push(Span::styled(shown.clone(), style));
                    spans.push(Span::raw("  "));
                }
                spans.push(Span::styled(theme.text(more).into_owned(), theme.hint()));
            } else if shown.is_empty() && (!focused || !hint.is_empty()) {
                spans.push(Span::styled(text::fit(&hint, value_w, true), theme.hint()));
            } else {
                let style = match (focused, f.fresh) {
                    (true, false) => theme.selected(),
                    // A default with the cursor: all of it selected (typing replaces it).
                    (true, true) => theme.selected().patch(theme.default_value()),
                    (false, true) => theme.default_value(),
                    (false, false) => Style::new(),
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
            y += f.rows();
        }
        y.min(area.y + area.height)
    }

    /// The focused field's error when its row (`width` wide, as the fields are drawn) had
    /// to cut it: whole, after the field's label.
    fn cut_error(&self, lang: Lang, width: u16) -> Option<String> {
        let f = self.fields.get(self.focus)?;
        let e = f.error.as_ref().filter(|e| !e.is_empty())?;
        let input_w = width.saturating_sub(self.label_width(lang, width) + 1);
        if text::width(e) < usize::from(error_room(f, lang, input_w)) {
            return None;
        }
        // Named by its label, unless it names its field itself ("Plate: ...").
        let label = lang.t(&f.zh, &f.en);
        Some(match e.starts_with(label) {
            true => e.clone(),
            false => lang
                .t(&format!("{label}：{e}"), &format!("{label}: {e}"))
                .into(),
        })
    }

    /// The rows the form's message takes wrapped to `width` as [`Form::render_message`]
    /// wraps it, between words (1 to 3; 0 without a message).
    pub fn message_rows(&self, width: u16) -> u16 {
        self.message.as_ref().map_or(0, |(m, _)| {
            let rows = text::wrap_words(m, usize::from(width.max(1))).len();
            u16::try_from(rows).unwrap_or(3).clamp(1, 3)
        })
    }

    /// Draws the form's message at the bottom of `area`: a long one (who changed the
    /// record, and what) wraps onto up to 3 rows. The focused field's error, when its row
    /// had to cut it, is said whole on the last row (the message, if any, above it).
    pub fn render_message(&self, frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
        let mut bottom = area.y + area.height;
        let cut = self.cut_error(lang, area.width);
        let said = [cut.map(|e| (e, true)), self.message.clone()];
        for (msg, is_error) in said.into_iter().flatten() {
            let room = bottom.saturating_sub(area.y).min(3);
            if room == 0 {
                break;
            }
            let w = area.width.max(1) as usize;
            // Wrapped by the shared wrapper (no line starts with `。`); cut with `~` when
            // it needs more rows than it has.
            let mut rows = text::wrap_words(&theme.text(&msg), w);
            if rows.len() > usize::from(room) {
                rows.truncate(usize::from(room));
                if let Some(last) = rows.last_mut() {
                    *last = match text::width(last) < w {
                        true => format!("{last}~"),
                        false => text::fit(last, w - 1, false),
                    };
                }
            }
            let lines = u16::try_from(rows.len()).unwrap_or(room);
            bottom -= lines;
            let row = Rect {
                x: area.x,
                y: bottom,
                width: area.width,
                height: lines,
            };
            let style = if is_error {
                theme.error()
            } else {
                theme.warn()
            };
            let rows: Vec<Line> = rows
                .into_iter()
                .map(|r| Line::from(Span::styled(r, style)))
                .collect();
            frame.render_widget(Paragraph::new(rows), row);
        }
    }
}

/// The cells a field's error takes on its row of `input_w` cells (after the label): half
/// the row, or only the cells it needs when the value (or the hint of an empty field) is
/// wider than the other half: that then reads whole where it fits. An empty error marks
/// the field (its label in the error colour) and takes no cells.
fn error_room(f: &Field, lang: Lang, input_w: u16) -> u16 {
    let shown_w = match f.text().is_empty() {
        true => text::width(f.hint_in(lang)),
        false => text::width(f.text()),
    };
    f.error.as_ref().filter(|e| !e.is_empty()).map_or(0, |e| {
        let need = u16::try_from(text::width(e) + 1).unwrap_or(u16::MAX);
        match shown_w > usize::from(input_w - input_w / 2) {
            true => (input_w / 2).min(need),
            false => input_w / 2,
        }
    })
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
mod tests;
