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
        "complaint_step" => complaint(c, who, target, after?),
        "rescue_step" => {
            let (zh, en) = match after?.get("step")?.as_str()? {
                "contacted" => ("联系了{}的客户", "contacted the customer of {}"),
                "dispatched" => ("为{}派出了救援", "sent help for {}"),
                "closed" => ("结束了{}", "closed {}"),
                _ => return None,
            };
            Some((told(who, target, lang, zh, en), &["step"]))
        }
        _ => None,
    }
}

/// A step on a complaint, by its step: "张丽 把投诉 #3（王伟 粤B12345）升级到客服主管".
fn complaint(
    c: Ctx,
    who: &str,
    target: &str,
    after: &Value,
) -> Option<(String, &'static [&'static str])> {
    let lang = c.lang;
    let say_of = |key: &str| say(c, key, field(Some(after), key)?);
    // Chinese with the target in place of `{}`; English likewise.
    let (zh, en): (String, String) = match after.get("step")?.as_str()? {
        "contacted" => (
            "联系了{}的客户".into(),
            "contacted the customer of {}".into(),
        ),
        "handler_assigned" => {
            let h = say_of("handler")?;
            (
                format!("把{{}}交给 {h} 处理"),
                format!("assigned {{}} to {h}"),
            )
        }
        "investigating" => ("开始调查处理{}".into(), "started investigating {}".into()),
        "paused" => ("暂停了{}的计时".into(), "paused the clock of {}".into()),
        "resumed" => ("恢复了{}的计时".into(), "resumed the clock of {}".into()),
        "resolved" => (
            "登记了{}的处理结果".into(),
            "recorded the resolution of {}".into(),
        ),
        "confirmed" => (
            "记录了客户对{}的确认".into(),
            "recorded the customer's confirmation of {}".into(),
        ),
        "closed" => ("结案了{}".into(), "closed {}".into()),
        "reopened" => ("重开了{}".into(), "reopened {}".into()),
        "withdrawn" => ("撤销了{}".into(), "withdrew {}".into()),
        "escalated" => match field(Some(after), "level").and_then(Value::as_u64) {
            Some(1) => (
                "把{}升级到客服主管".into(),
                "escalated {} to the supervisor".into(),
            ),
            Some(_) => (
                "把{}升级到管理层".into(),
                "escalated {} to management".into(),
            ),
            None => ("升级了{}".into(), "escalated {}".into()),
        },
        "note" => ("为{}添加了备注".into(), "added a note to {}".into()),
        "ruled" => match field(Some(after), "valid").and_then(Value::as_bool)? {
            true => (
                "判定{}为有效投诉".into(),
                "ruled {} a valid complaint".into(),
            ),
            false => (
                "判定{}为无效投诉".into(),
                "ruled {} not a valid complaint".into(),
            ),
        },
        "remedy" => {
            let r = say_of("remedy")?;
            (
                format!("为{{}}记录了{r}"),
                format!("recorded a {r} for {{}}"),
            )
        }
        "four_fields" => (
            "填写了{}的四不放过".into(),
            "recorded the four 'do not let go' of {}".into(),
        ),
        "severity_set" => {
            let s = say_of("severity")?;
            (format!("把{{}}设为{s}投诉"), format!("set {{}} to {s}"))
        }
        _ => return None,
    };
    Some((
        told(who, target, lang, &zh, &en),
        &["step", "handler", "level", "valid", "remedy", "severity"],
    ))
}

/// Who did what, the target in place of the pattern's `{}`.
fn told(who: &str, target: &str, lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => format!("{who} {}", place(zh, target, lang)),
        Lang::En => format!("{who} {}", en.replacen("{}", target, 1)),
    }
}

/// A field of a before or after record, when it holds something.
fn field<'a>(v: Option<&'a Value>, key: &str) -> Option<&'a Value> {
    v.and_then(|v| v.get(key)).filter(|v| !v.is_null())
}
