//! An open form whose record another agent saved meanwhile, brought in step with the
//! store without losing what was typed: fields the agent did not touch take the stored
//! values; fields the agent changed keep the typed value, with the new stored one named
//! beside it (masked numbers are named, never shown).

use super::form::Form;
use crate::i18n::Lang;

/// `base` is the form as built from the record the agent opened, `theirs` as built from
/// the record now stored. Returns what changed, one phrase per field, in `lang`.
pub fn merge_stored(
    mine: &mut Form,
    base: &Form,
    theirs: &Form,
    masked: &[&str],
    lang: Lang,
) -> Vec<String> {
    let mut said = Vec::new();
    for f in &mut mine.fields {
        let key = f.key.to_string();
        let (was, now) = (base.get(&key), theirs.get(&key));
        if was == now {
            continue;
        }
        let label = match lang {
            Lang::Zh => f.zh.to_string(),
            Lang::En => f.en.to_string(),
        };
        let shown = !masked.contains(&key.as_str());
        let typed = f.text() != was;
        if !typed {
            // Untouched by the agent: the stored value (a default stays one).
            let fresh = f.fresh;
            f.set_text(now);
            f.fresh = fresh;
            said.push(if shown {
                changed(&label, &crate::text::inert(now), false, lang)
            } else {
                label
            });
        } else if shown {
            said.push(changed(&label, &crate::text::inert(now), true, lang));
        } else {
            said.push(match lang {
                Lang::Zh => format!("{label}（保留您填的）"),
                Lang::En => format!("{label} (yours kept)"),
            });
        }
    }
    said
}

/// One changed value as a follow says it: taken (`label → now`) or, where the agent typed
/// another, named beside theirs (`now` already made inert).
pub fn changed(label: &str, now: &str, typed: bool, lang: Lang) -> String {
    match (typed, lang) {
        (false, _) => format!("{label} → {now}"),
        (true, Lang::Zh) => format!("{label}（新值 {now}，保留您填的）"),
        (true, Lang::En) => format!("{label} (now {now}, yours kept)"),
    }
}
