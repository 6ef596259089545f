//! A day as the desk's titles name it: date, weekday, and whether it is today.

use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};

/// The day of the week, short, in the user's language (`周二`, `Tue`).
pub fn weekday(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::Zh => ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
            [day.weekday().num_days_from_monday() as usize]
            .to_string(),
        Lang::En => day.format("%a").to_string(),
    }
}

/// `WHAT 2026-12-07 周一（今天）` / `WHAT 2026-12-07 Mon (today)`.
pub fn day_title(lang: Lang, what: &str, day: NaiveDate, today: bool) -> String {
    let wd = weekday(lang, day);
    format!(
        "{what} {} {wd}{}",
        day.format("%Y-%m-%d"),
        if today {
            lang.t("（今天）", " (today)")
        } else {
            ""
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_title_names_the_weekday_and_today() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(
            day_title(Lang::Zh, "来电登记", d, true),
            "来电登记 2026-12-07 周一（今天）"
        );
        assert_eq!(
            day_title(Lang::En, "Calls", d, false),
            "Calls 2026-12-07 Mon"
        );
        assert_eq!(weekday(Lang::Zh, d.succ_opt().unwrap()), "周二");
    }
}
