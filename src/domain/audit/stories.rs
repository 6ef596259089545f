//! Actions told whole in one sentence, where "verb record: field old → new" would read
//! as a form: a booking moved from one time to another, a task passed from one agent to
//! another. Each story names the fields it told, so they are not listed again.

use super::place;
use super::values::{Ctx, instant, say};
use crate::i18n::Lang;
use serde_json::Value;

/// The head of an entry told as a story, and the fields it told; `None`: the entry reads
/// as verb, record and changes.
pub(super) fn story(
    c: Ctx,
    action: &str,
    who: &str,
    target: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Option<(String, &'static [&'static str])> {
    let lang = c.lang;
    match action {
        "reschedule" => {
            let at = |v: Option<&Value>| {
                let s = v?.as_str()?;
                crate::clock::from_db(s).map(|t| instant(c, t))
            };
            let old = at(field(after, "old_start")).or_else(|| at(field(before, "start")))?;
            let new = at(field(after, "new_start"))?;
            let head = match lang {
                Lang::Zh => format!(
                    "{who} {}",
                    place(&format!("把{{}}从 {old} 改到 {new}"), target, lang)
                ),
                Lang::En => format!("{who} moved {target} from {old} to {new}"),
            };
            Some((
                head,
                &["from", "to", "status", "start", "old_start", "new_start"],
            ))
        }
        "reassign" => {
            let agent = |v: Option<&Value>| say(c, "claimed_by", v?);
            let to = agent(field(after, "claimed_by"))?;
            let head = match (agent(field(before, "claimed_by")), lang) {
                (Some(from), Lang::Zh) => {
                    format!(
                        "{who} {}",
                        place(&format!("把{{}}从 {from} 转给 {to}"), target, lang)
                    )
                }
                (Some(from), Lang::En) => format!("{who} passed {target} from {from} to {to}"),
                (None, Lang::Zh) => {
                    format!("{who} {}", place(&format!("把{{}}转给 {to}"), target, lang))
                }
                (None, Lang::En) => format!("{who} passed {target} to {to}"),
            };
            Some((head, &["claimed_by"]))
        }
        // Claimed by the one who took it: said once, by the head.
        "claim" => Some((
            match lang {
                Lang::Zh => format!("{who} 领取了{target}"),
                Lang::En => format!("{who} claimed {target}"),
            },
            &["claimed_by"],
        )),
        _ => None,
    }
}

/// A field of a before or after record, when it holds something.
fn field<'a>(v: Option<&'a Value>, key: &str) -> Option<&'a Value> {
    v.and_then(|v| v.get(key)).filter(|v| !v.is_null())
}
