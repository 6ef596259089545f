//! An open desk form whose record another agent saved meanwhile: the form follows the store
//! (as the customer and booking forms do, through `widgets::form_merge`) instead of being
//! refused again and again. Fields the user did not touch take the stored values; typed ones
//! stay, with the new stored value named beside them; the form says who changed the record,
//! and the next save is taken on the version the user is now told about.

use super::Env;
use crate::i18n::Lang;
use crate::ui::widgets::form::Form;
use crate::ui::widgets::form_merge::merge_stored;

/// Who saved record `id` of `entity` (the audit's name for it) last: "1002 陈静", or None
/// when the audit does not say (the system, or an unreadable entry).
pub fn last_saver(env: &Env, entity: &str, id: i64) -> Option<String> {
    crate::store::stale::last_audited(env.db.conn(), entity, id)
        .ok()
        .flatten()
        .and_then(|c| c.who)
}

/// The record under an open form moved on. `base` is the form as built from the version the
/// user opened and becomes `theirs` (the form as built from the stored record now); `mine`
/// keeps what was typed. `refused`: a save was just refused over it. Sets the line the form
/// shows and returns it.
pub fn follow(
    mine: &mut Form,
    base: &mut Form,
    theirs: Form,
    who: Option<&str>,
    refused: bool,
    lang: Lang,
) -> String {
    let fields = merge_stored(mine, base, &theirs, &[], lang);
    *base = theirs;
    let who = who.map_or_else(
        || lang.t("他人", "Someone else").to_string(),
        str::to_string,
    );
    let what = what_changed(&fields, lang);
    let save = crate::ui::keymap::form_key(crate::ui::action::Action::Save);
    let line = match (lang, refused) {
        (Lang::Zh, true) => format!(
            "未保存：{who} 刚修改了此记录{what}。表单已按新版本更新，您填的保留：核对后再按 {save} 保存"
        ),
        (Lang::Zh, false) => format!(
            "{who} 刚修改了此记录{what}。表单已按新版本更新，您填的保留：核对后 {save} 保存"
        ),
        (Lang::En, true) => format!(
            "Not saved: {who} just changed this record{what}. The form holds their version with yours kept: check, then {save} saves"
        ),
        (Lang::En, false) => format!(
            "{who} just changed this record{what}. The form holds their version with yours kept: check, then {save} saves"
        ),
    };
    mine.message = Some((line.clone(), true));
    line
}

/// The fields a follow changed, one phrase each, as the tail of its sentence ("：a，b").
fn what_changed(fields: &[String], lang: Lang) -> String {
    match (fields.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::Zh) => format!("：{}", fields.join("，")),
        (false, Lang::En) => format!(": {}", fields.join(", ")),
    }
}

/// What a page says when the record under its open form (or sheet) changed and the typing
/// is kept: `record` names it ("此评审", "this review"), `now` says what it is now and
/// `fields` what changed in what the form holds (as `merge_stored` says it; may be none).
pub fn moved_line(
    (rz, re): (&str, &str),
    who: Option<String>,
    (now, fields): (&str, &[String]),
    refused: bool,
    lang: Lang,
) -> String {
    let who = who.unwrap_or_else(|| lang.t("他人", "Someone else").into());
    let save = crate::ui::keymap::form_key(crate::ui::action::Action::Save);
    let what = what_changed(fields, lang);
    let line = match lang {
        Lang::Zh => format!(
            "{who} 刚更改了{rz}（现为“{now}”）{what}。已按新版本更新，您填的保留：核对后 {save} 保存"
        ),
        Lang::En => format!(
            "{who} just changed {re} (now {now}){what}. It is updated with yours kept: check, then {save} saves"
        ),
    };
    match (refused, lang) {
        (false, _) => line,
        (true, Lang::Zh) => format!("未保存：{line}"),
        (true, Lang::En) => format!("Not saved: {line}"),
    }
}

/// The rows a form's message takes under it when wrapped to `width` (1 to 3; see
/// `Form::render_message`, which wraps it between words, not at the last cell).
pub fn message_rows(f: &Form, width: u16) -> u16 {
    f.message_rows(width).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::widgets::form::Field;

    fn form(title: &str, place: &str) -> Form {
        Form::new(vec![
            Field::new("title", "标题", "Title").value(title),
            Field::new("place", "地点", "Place").value(place),
        ])
    }

    #[test]
    fn untouched_fields_take_theirs_typed_ones_stay_with_theirs_named() {
        let mut base = form("讲座", "本店");
        let mut mine = base.clone();
        mine.fields[1].set_text("二楼");
        let line = follow(
            &mut mine,
            &mut base,
            form("冬季讲座", "展厅"),
            Some("1002 陈静"),
            true,
            Lang::En,
        );
        assert_eq!((mine.get("title"), mine.get("place")), ("冬季讲座", "二楼"));
        assert!(
            line.starts_with("Not saved: 1002 陈静 just changed"),
            "{line}"
        );
        assert!(line.contains("Title → 冬季讲座"), "{line}");
        assert!(line.contains("Place (now 展厅, yours kept)"), "{line}");
        // The base is the stored form now: a second change is measured from it.
        assert_eq!(base.get("place"), "展厅");
        assert_eq!(mine.message.as_ref().map(|m| m.1), Some(true));
    }

    /// The message is given the rows it takes wrapped between words, not the cells it
    /// counts: 35 cells in 20 are 2 rows by cells, 3 by words (`Form::render_message`
    /// would cut the last one with a `~`).
    #[test]
    fn a_message_gets_the_rows_its_words_take() {
        let mut f = form("讲座", "本店");
        f.message = Some(("aaaaaaaaaaa bbbbbbbbbbb ccccccccccc".into(), false));
        assert_eq!(message_rows(&f, 20), 3);
        f.message = Some(("已保存。".into(), false));
        assert_eq!(message_rows(&f, 20), 1);
    }
}
