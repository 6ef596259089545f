//! The words a complaint opened from a callback is stored with, and how the app shows them.
//!
//! The record keeps the store's language (Chinese), as every stored standard sentence does
//! (a call's sentence is Chinese whatever the agent's language): colleagues, reports and the
//! month-end summary read one language. The app's own framing in it (`7DC新车回访（回访任务
//! #31）：`, `回访中客户反映：`, `；备注：`) is written here and read back here, so an English
//! screen shows that framing in English; what the customer scored or said (the survey's
//! questions, the agent's words) is data and shows as stored.

use super::Kind;
use crate::i18n::Lang;

const TASK_OPEN: &str = "（回访任务 #";
const TASK_CLOSE: &str = "）：";
const SAID: &str = "回访中客户反映：";
const REMARK: &str = "；备注：";

/// The stored summary: the callback's kind and task, then what was scored low or voiced.
pub fn summary(kind: Kind, task: i64, lines: &[String]) -> String {
    format!(
        "{}{TASK_OPEN}{task}{TASK_CLOSE}{}",
        kind.label(Lang::Zh),
        lines.join("；")
    )
}

/// The stored demand: what the customer scored low or voiced, and the agent's remark —
/// never a bare score typed into the notes.
pub fn demand(lines: &[String], notes: &str) -> String {
    let mut out = format!("{SAID}{}", lines.join("；"));
    let remark = notes.trim();
    if !remark.is_empty() && !remark.chars().all(|c| c.is_ascii_digit()) {
        out.push_str(REMARK);
        out.push_str(remark);
    }
    out
}

/// A complaint's summary as the user reads it: the app's framing of a callback's complaint
/// in the user's language (`7DC new-car callback (task #31): 销售顾问服务态度 2/5`); any
/// other summary as stored.
pub fn show_summary(stored: &str, lang: Lang) -> String {
    if lang == Lang::Zh {
        return stored.to_string();
    }
    for kind in Kind::ALL {
        let Some(rest) = stored
            .strip_prefix(kind.label(Lang::Zh))
            .and_then(|r| r.strip_prefix(TASK_OPEN))
        else {
            continue;
        };
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if let Some(said) = rest[digits..].strip_prefix(TASK_CLOSE)
            && digits > 0
        {
            let task = &rest[..digits];
            return format!("{} (task #{task}): {said}", kind.label(lang));
        }
    }
    stored.to_string()
}

/// A complaint's demand as the user reads it: a callback's framing in the user's language
/// (`Said in the callback: …; remark: …`); any other demand as stored.
pub fn show_demand(stored: &str, lang: Lang) -> String {
    match (lang, stored.strip_prefix(SAID)) {
        (Lang::En, Some(rest)) => {
            let rest = match rest.rsplit_once(REMARK) {
                Some((said, remark)) => format!("{said}; remark: {remark}"),
                None => rest.to_string(),
            };
            format!("Said in the callback: {rest}")
        }
        _ => stored.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_words_stay_chinese_and_an_english_screen_reads_the_framing_in_english() {
        let lines = vec!["销售顾问服务态度 2/5".to_string()];
        let s = summary(Kind::Dc7, 895, &lines);
        assert_eq!(s, "7DC新车回访（回访任务 #895）：销售顾问服务态度 2/5");
        assert_eq!(show_summary(&s, Lang::Zh), s);
        assert_eq!(
            show_summary(&s, Lang::En),
            "7DC new-car callback (task #895): 销售顾问服务态度 2/5"
        );
        let d = demand(&lines, "交车时不耐烦");
        assert_eq!(
            d,
            "回访中客户反映：销售顾问服务态度 2/5；备注：交车时不耐烦"
        );
        assert_eq!(show_demand(&d, Lang::Zh), d);
        assert_eq!(
            show_demand(&d, Lang::En),
            "Said in the callback: 销售顾问服务态度 2/5; remark: 交车时不耐烦"
        );
        // A digit in the notes is no remark; text typed by an agent is never reframed.
        assert_eq!(demand(&lines, "2"), "回访中客户反映：销售顾问服务态度 2/5");
        for typed in [
            "客户说回访中客户反映：",
            "7DC新车回访（回访任务 #x）：a",
            "刹车异响",
        ] {
            assert_eq!(show_summary(typed, Lang::En), typed);
            assert_eq!(show_demand(typed, Lang::En), typed);
        }
    }
}
