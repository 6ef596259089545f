//! A choice field: one of a few values, shown in the user's language and read back as its
//! stored code. A digit picks that option, ←/→ turn to the previous or next one, Backspace
//! clears it; other keys do nothing. The options show numbered beside it.

use super::form::{Field, Form};
use crate::i18n::Lang;
use crossterm::event::{KeyCode, KeyEvent};
use std::borrow::Cow;

impl Field {
    /// Makes this a choice among `options`: (stored code, label in the user's language).
    pub fn choices(mut self, options: Vec<(&'static str, String)>) -> Self {
        self.options = options;
        self
    }

    /// The code of the option chosen, if one is.
    pub fn code(&self) -> Option<&'static str> {
        self.options
            .iter()
            .find(|(_, label)| label == self.text())
            .map(|(code, _)| *code)
    }

    /// What shows beside the value: a choice's options numbered (`1 技师  2 电话`), else
    /// the hint.
    pub fn hint_text(&self, lang: Lang) -> Cow<'static, str> {
        if self.options.is_empty() {
            return Cow::Borrowed(self.hint_in(lang));
        }
        let n: Vec<String> = self
            .options
            .iter()
            .enumerate()
            .map(|(i, (_, label))| format!("{} {label}", i + 1))
            .collect();
        Cow::Owned(format!("{}  ←/→", n.join("  ")))
    }

    /// A key on a choice field; true when the choice changed.
    pub(super) fn choose(&mut self, key: KeyEvent) -> bool {
        let n = self.options.len();
        let at = self.options.iter().position(|(_, l)| l == self.text());
        let to = match key.code {
            KeyCode::Char(c) => c
                .to_digit(10)
                .and_then(|d| (d as usize).checked_sub(1))
                .filter(|i| *i < n),
            KeyCode::Right => Some(at.map_or(0, |i| (i + 1) % n)),
            KeyCode::Left => Some(at.map_or(n - 1, |i| (i + n - 1) % n)),
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
    /// The code of the option chosen in choice field `key`.
    pub fn code(&self, key: &str) -> Option<&'static str> {
        self.fields.iter().find(|f| f.key == key)?.code()
    }
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
