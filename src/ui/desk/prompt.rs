//! Questions a desk page asks in a line of its own, their answer keys taken from the key
//! table (the `Confirm` scope), so the keys shown are the keys bound.

use crate::i18n::Lang;
use crate::ui::action::Action;
use crate::ui::keymap::{Scope, hint_line};

/// Asked before typed input is thrown away: "放弃已填写的内容？ y 放弃  n 继续填写".
pub fn discard(lang: Lang) -> String {
    let keys = hint_line(
        &[Scope::Confirm],
        false,
        &[
            (Action::Yes, "放弃", "discard"),
            (Action::No, "继续填写", "keep editing"),
        ],
        lang,
    );
    format!(
        "{}{keys}",
        lang.t("放弃已填写的内容？ ", "Discard what you typed? ")
    )
}

/// The answer keys of a yes/no question, from the key table: "y 是  n 否".
pub fn yes_no(lang: Lang) -> String {
    hint_line(
        &[Scope::Confirm],
        false,
        &[(Action::Yes, "是", "yes"), (Action::No, "否", "no")],
        lang,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::keymap::lookup;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    /// The action the key named before `label` in `line` asks for on a question.
    fn bound(line: &str, label: &str) -> Option<Action> {
        let at = line.find(label)?;
        let key = line[..at].trim_end().rsplit(' ').next()?;
        let mut chars = key.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return None;
        };
        let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        lookup(&[Scope::Confirm], &ev, false)
    }

    #[test]
    fn the_discard_question_names_the_keys_that_answer_it() {
        for (lang, yes, no) in [
            (Lang::Zh, " 放弃", "继续填写"),
            (Lang::En, " discard", "keep editing"),
        ] {
            let line = discard(lang);
            assert_eq!(bound(&line, yes), Some(Action::Yes), "{line}");
            assert_eq!(bound(&line, no), Some(Action::No), "{line}");
            let line = yes_no(lang);
            let (yes, no) = (lang.t("是", "yes"), lang.t("否", "no"));
            assert_eq!(bound(&line, yes), Some(Action::Yes), "{line}");
            assert_eq!(bound(&line, no), Some(Action::No), "{line}");
        }
    }
}
