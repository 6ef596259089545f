//! A choice field: one of a few values, shown in the user's language and read back as its
//! stored code. A number picks that option at once; for the tenth on, a second digit typed
//! right after the first (within [`SECOND_DIGIT`]) makes the two one number, when that
//! option exists; any other key, leaving the field or a pause ends the number. ←/→
//! turn to the previous or next one, Backspace clears it (or goes back to the "any"
//! option); other keys do nothing. An option with an empty code ("any free", "unchanged")
//! comes first and is numbered 0, the others from 1. The options show numbered beside the
//! value when they fit whole; else [`Form::choice_list`] gives them for lines under the
//! form while the field has the cursor.

use super::form::{Field, Form};
use crate::i18n::Lang;
use crate::text;
use crossterm::event::{KeyCode, KeyEvent};
use std::borrow::Cow;
use std::time::{Duration, Instant};

/// How soon after a first digit a second one joins it (`1` then `2`: the twelfth option);
/// a digit typed later stands alone (`2`).
pub const SECOND_DIGIT: Duration = Duration::from_millis(1000);

impl Field {
    /// Makes this a choice among `options`: (stored code, label in the user's language).
    pub fn choices<C: Into<Cow<'static, str>>>(mut self, options: Vec<(C, String)>) -> Self {
        self.options = options.into_iter().map(|(c, l)| (c.into(), l)).collect();
        self
    }

    /// The code of the option chosen, if one is.
    pub fn code(&self) -> Option<&str> {
        self.options
            .iter()
            .find(|(_, label)| label == self.text())
            .map(|(code, _)| code.as_ref())
    }

    /// The number of the first option: 0 when it is the "any" option (an empty code).
    fn first_number(&self) -> usize {
        usize::from(!self.options.first().is_some_and(|(c, _)| c.is_empty()))
    }

    /// The options numbered as their keys pick them (`0 自动安排`, `1 陈志明`…).
    pub fn numbered(&self) -> Vec<String> {
        let base = self.first_number();
        self.options
            .iter()
            .enumerate()
            .map(|(i, (_, label))| format!("{} {label}", i + base))
            .collect()
    }

    /// What shows beside the value: a choice's options numbered (`1 技师  2 电话`), else
    /// the hint.
    pub fn hint_text(&self, lang: Lang) -> Cow<'static, str> {
        if self.options.is_empty() {
            return Cow::Borrowed(self.hint_in(lang));
        }
        Cow::Owned(format!("{}  ←/→", self.numbered().join("  ")))
    }

    /// A choice's options show whole beside its value in `value_w` cells.
    pub(super) fn options_fit(&self, lang: Lang, value_w: usize) -> bool {
        let value = text::width(self.text());
        let gap = if value == 0 { 0 } else { value + 2 };
        text::width(&self.hint_text(lang)) + gap <= value_w
    }

    /// A key on a choice field; true when the choice changed.
    pub(super) fn choose(&mut self, key: KeyEvent) -> bool {
        self.choose_at(key, Instant::now())
    }

    /// [`Field::choose`] with the key typed at `now`.
    fn choose_at(&mut self, key: KeyEvent, now: Instant) -> bool {
        let n = self.options.len();
        let base = self.first_number();
        let last = (n + base).saturating_sub(1);
        let at = self.options.iter().position(|(_, l)| l == self.text());
        // A first digit waits for a second only just after it was typed.
        let first_digit = self
            .typed_number
            .take()
            .filter(|(_, typed)| now.saturating_duration_since(*typed) <= SECOND_DIGIT)
            .map(|(d, _)| d);
        let to = match key.code {
            KeyCode::Char(c) => c.to_digit(10).and_then(|d| {
                let d = d as usize;
                let valid = |x: usize| (base..=last).contains(&x).then_some(x);
                let two = first_digit.and_then(|p| valid(p * 10 + d));
                if two.is_none() && d > 0 && d * 10 <= last {
                    // The first digit of a number past 9: a second one may follow.
                    self.typed_number = Some((d, now));
                }
                two.or_else(|| valid(d)).map(|x| x - base)
            }),
            KeyCode::Right => Some(at.map_or(0, |i| (i + 1) % n)),
            KeyCode::Left => Some(at.map_or(n - 1, |i| (i + n - 1) % n)),
            KeyCode::Backspace | KeyCode::Delete if base == 0 => Some(0),
            KeyCode::Backspace | KeyCode::Delete => {
                let changed = !self.text().is_empty();
                self.set_text("");
                self.fresh = false;
                return changed;
            }
            _ => None,
        };
        let Some(to) = to.filter(|t| Some(*t) != at) else {
            return false;
        };
        let label = self.options[to].1.clone();
        self.set_text(&label);
        self.fresh = false;
        self.error = None;
        true
    }
}

impl Form {
    /// After [`Form::edit`] changed nothing: a digit that names no option of the focused
    /// choice (`6` among 5 channels) is said beside the field, not swallowed. True when it
    /// said so.
    pub fn say_no_option(&mut self, key: KeyEvent, lang: Lang) -> bool {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let digit = match key.code {
            KeyCode::Char(c) => c.to_digit(10),
            _ => None,
        };
        let Some(d) = digit.filter(|_| !f.options.is_empty() && f.typed_number.is_none()) else {
            return false;
        };
        let base = f.first_number();
        let last = (f.options.len() + base).saturating_sub(1);
        if (base..=last).contains(&(d as usize)) {
            return false;
        }
        f.error = Some(match lang {
            Lang::Zh => format!("没有选项 {d}（可选 {base}–{last}）"),
            Lang::En => format!("no option {d} (choose {base}–{last})"),
        });
        true
    }

    /// The code of the option chosen in choice field `key`.
    pub fn code(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|f| f.key == key)?.code()
    }

    /// The cursor leaves the field: a first digit typed in a choice waits no longer.
    pub(super) fn leave_choice(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.typed_number = None;
        }
    }

    /// The focused choice's label and options numbered, when they do not show whole beside
    /// its value in a form `width` cells wide: for lines under the form.
    pub fn choice_list(&self, lang: Lang, width: u16) -> Option<(String, Vec<String>)> {
        let f = self.fields.get(self.focus)?;
        let input_w = width.saturating_sub(self.label_width(lang, width) + 1);
        let value_w = if f.error.is_some() {
            input_w - input_w / 2
        } else {
            input_w
        };
        (!f.options.is_empty() && !f.options_fit(lang, usize::from(value_w)))
            .then(|| (lang.t(&f.zh, &f.en).to_string(), f.numbered()))
    }

    /// [`Form::choice_list`] in lines of `width` cells (none when the options show beside
    /// the value, or the field is no choice).
    pub fn choice_lines(&self, lang: Lang, width: u16) -> Vec<String> {
        self.choice_list(lang, width)
            .map(|(label, items)| list_lines(&label, &items, lang, usize::from(width)))
            .unwrap_or_default()
    }
}

/// `label: item  item …` in lines of `w` cells, each item (a number and its name) whole on
/// one line; an item wider than a line wraps on its own.
pub fn list_lines(label: &str, items: &[String], lang: Lang, w: usize) -> Vec<String> {
    let mut items = items.iter().map(|i| text::inert(i)).collect::<Vec<_>>();
    if let Some(first) = items.first_mut() {
        *first = format!("{}{}{first}", text::inert(label), lang.t("：", ": "));
    }
    text::pack(&items, w)
        .iter()
        .flat_map(|l| text::wrap_words(l, w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn form(lang: Lang) -> Form {
        Form::new(vec![Field::new("how", "方式", "How").required().choices(
            vec![
                ("tech", lang.t("技师", "technician").into()),
                ("tow", lang.t("拖车", "tow").into()),
            ],
        )])
    }

    #[test]
    fn a_digit_picks_arrows_turn_letters_do_nothing_and_the_code_is_read_back() {
        for lang in [Lang::Zh, Lang::En] {
            let mut f = form(lang);
            assert_eq!(f.code("how"), None);
            assert!(!f.edit(key(KeyCode::Char('t'))), "a letter is no choice");
            assert!(!f.edit(key(KeyCode::Char('9'))), "no ninth option");
            assert_eq!(f.get("how"), "");
            f.edit(key(KeyCode::Char('2')));
            assert_eq!(f.get("how"), lang.t("拖车", "tow"));
            assert_eq!(f.code("how"), Some("tow"));
            f.edit(key(KeyCode::Right));
            assert_eq!(f.code("how"), Some("tech"), "turns round");
            f.edit(key(KeyCode::Left));
            assert_eq!(f.code("how"), Some("tow"));
            assert!(!f.paste("tech"), "pasting is no choice either");
            assert_eq!(f.code("how"), Some("tow"));
            f.edit(key(KeyCode::Backspace));
            assert_eq!(f.code("how"), None);
            assert_eq!(
                f.fields[0].hint_text(lang),
                lang.t("1 技师  2 拖车  ←/→", "1 technician  2 tow  ←/→")
            );
        }
    }

    /// An "any" option first (empty code) and eleven names: 0 the any, 1-11 the names.
    fn staff() -> Form {
        let mut options = vec![(String::new(), "any free".to_string())];
        options.extend((1..=11).map(|i| (format!("A{i}"), format!("name {i}"))));
        Form::new(vec![
            Field::new("who", "顾问", "Advisor")
                .choices(options)
                .default_value("any free"),
            Field::new("next", "下", "Next"),
        ])
    }

    #[test]
    fn an_any_option_is_0_and_the_default_and_two_digits_pick_past_9() {
        let mut f = staff();
        assert_eq!(f.code("who"), Some(""), "the default is the any option");
        assert_eq!(f.fields[0].numbered()[..2], ["0 any free", "1 name 1"]);
        f.edit(key(KeyCode::Char('3')));
        assert_eq!(f.code("who"), Some("A3"));
        f.edit(key(KeyCode::Char('0')));
        assert_eq!(f.code("who"), Some(""), "3 then 0: no 30th, so 0");
        // 1 then 1: the eleventh (1 alone first, then 11).
        f.edit(key(KeyCode::Char('1')));
        assert_eq!(f.code("who"), Some("A1"));
        f.edit(key(KeyCode::Char('1')));
        assert_eq!(f.code("who"), Some("A11"));
        // A third digit starts again: 1.
        f.edit(key(KeyCode::Char('1')));
        assert_eq!(f.code("who"), Some("A1"));
        // Another key in between: the next digit stands alone.
        f.edit(key(KeyCode::Right));
        assert_eq!(f.code("who"), Some("A2"));
        f.edit(key(KeyCode::Char('0')));
        assert_eq!(f.code("who"), Some(""));
        // Leaving the field forgets a first digit.
        f.edit(key(KeyCode::Char('1')));
        f.next();
        f.prev();
        f.edit(key(KeyCode::Char('0')));
        assert_eq!(f.code("who"), Some(""), "not the tenth");
        // Backspace goes back to the any option, ← from it turns to the last name.
        f.edit(key(KeyCode::Char('5')));
        f.edit(key(KeyCode::Backspace));
        assert_eq!(f.code("who"), Some(""));
        f.edit(key(KeyCode::Left));
        assert_eq!(f.code("who"), Some("A11"));
        assert!(!f.edit(key(KeyCode::Char('x'))));
        assert_eq!(f.get("who"), "name 11");
    }

    /// Eleven names and their any option, keys typed at the times given (ms from the
    /// first): the code chosen after each.
    fn typed_at(keys: &[(KeyCode, u64)]) -> Vec<Option<String>> {
        let mut f = staff();
        let t0 = Instant::now();
        keys.iter()
            .map(|(code, ms)| {
                f.fields[0].choose_at(key(*code), t0 + Duration::from_millis(*ms));
                f.code("who").map(String::from)
            })
            .collect()
    }

    #[test]
    fn a_first_digit_picks_at_once_and_a_second_right_after_refines_it_never_later() {
        let codes = |keys: &[(KeyCode, u64)]| -> Vec<String> {
            typed_at(keys).into_iter().map(Option::unwrap).collect()
        };
        let c = KeyCode::Char;
        // 1: the first name at once; 1 right after: the eleventh.
        assert_eq!(codes(&[(c('1'), 0), (c('1'), 300)]), ["A1", "A11"]);
        // A second digit at the very end of the pause still joins it.
        assert_eq!(codes(&[(c('1'), 0), (c('0'), 1000)]), ["A1", "A10"]);
        // After a pause the next digit stands alone: 2, not the twelfth (which is not
        // there either) nor a number begun long ago; 1 then (later) 0 is the any option.
        assert_eq!(codes(&[(c('1'), 0), (c('1'), 1001)]), ["A1", "A1"]);
        assert_eq!(codes(&[(c('1'), 0), (c('0'), 5000)]), ["A1", ""]);
        assert_eq!(codes(&[(c('1'), 0), (c('2'), 60_000)]), ["A1", "A2"]);
        // No 15th: 5 right after 1 stands alone.
        assert_eq!(codes(&[(c('1'), 0), (c('5'), 100)]), ["A1", "A5"]);
        // Any other key ends the number: 1, → (the second), 0 is the any option.
        assert_eq!(
            codes(&[(c('1'), 0), (KeyCode::Right, 100), (c('0'), 200)]),
            ["A1", "A2", ""]
        );
        // A letter (no choice) ends it too.
        assert_eq!(
            codes(&[(c('1'), 0), (c('x'), 100), (c('1'), 200)]),
            ["A1", "A1", "A1"]
        );
        // A digit that begins no two-digit number leaves none waiting: 2 then 1 is 1.
        assert_eq!(codes(&[(c('2'), 0), (c('1'), 100)]), ["A2", "A1"]);
        // Three quick digits: the third starts again.
        assert_eq!(
            codes(&[(c('1'), 0), (c('1'), 100), (c('1'), 200)]),
            ["A1", "A11", "A1"]
        );
    }

    #[test]
    fn options_that_do_not_fit_beside_the_value_are_listed_whole_for_under_the_form() {
        let f = staff();
        assert_eq!(f.choice_list(Lang::En, 200), None, "they fit beside it");
        let (label, items) = f.choice_list(Lang::En, 60).unwrap();
        assert_eq!(label, "Advisor");
        assert_eq!(items.len(), 12);
        let lines = f.choice_lines(Lang::En, 30);
        assert_eq!(lines[0], "Advisor: 0 any free  1 name 1");
        assert!(lines.iter().all(|l| text::width(l) <= 30), "{lines:?}");
        for item in &items {
            assert!(
                lines.iter().any(|l| l.contains(item.as_str())),
                "{item} split: {lines:?}"
            );
        }
        let mut off = f.clone();
        off.focus = 1;
        assert!(
            off.choice_lines(Lang::En, 30).is_empty(),
            "only for the focused field"
        );
    }
}

#[cfg(test)]
mod render_tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    #[test]
    fn a_chosen_value_shows_whole_with_the_options_only_when_they_fit_whole() {
        let theme = crate::ui::theme::Theme::new(false);
        let f = |w: u16| {
            let mut form = Form::new(vec![Field::new("how", "方式", "How").choices(vec![
                ("tech", "technician on site".into()),
                ("phone", "phone guidance".into()),
            ])]);
            form.edit(KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE));
            let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, 1)).unwrap();
            t.draw(|fr| form.render(fr, fr.area(), Lang::En, &theme))
                .unwrap();
            crate::ui::testing::screen_text(t.backend().buffer())
        };
        let wide = f(90);
        assert!(wide.contains("technician on site  1 technician on site  2 phone guidance"));
        let narrow = f(50);
        assert!(narrow.contains("technician on site  ←/→"), "{narrow}");
        assert!(!narrow.contains('~'), "{narrow}");
    }
}
