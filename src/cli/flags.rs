//! Values typed after a flag, read as the desk reads them.

use crate::domain::validate::{self, Field};
use crate::i18n::Lang;
use crate::text::inert;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;

/// A date after `flag` (`--date`, `--from`, ...) in any form the desk accepts (2026-11-01,
/// 2026/11/1, 20261101, 2026年11月1日); the error names the flag and what is wrong.
pub fn date(lang: Lang, flag: &str, typed: &str) -> Result<NaiveDate> {
    validate::parse_date(typed, Field::Date).map_err(|e| {
        let typed = inert(typed);
        anyhow!(match lang {
            Lang::Zh => format!("{flag} {typed}：{}", e.reason(lang)),
            Lang::En => format!("{flag} {typed}: {}", e.reason(lang)),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_flag_takes_the_desks_forms_and_names_itself_when_wrong() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        for typed in ["2026-11-01", "2026/11/1", "20261101", "2026年11月1日"] {
            assert_eq!(date(Lang::Zh, "--date", typed).unwrap(), d, "{typed}");
        }
        let zh = date(Lang::Zh, "--date", "2026-02-30")
            .unwrap_err()
            .to_string();
        assert_eq!(zh, "--date 2026-02-30：不是有效的日期");
        let en = date(Lang::En, "--from", "abc").unwrap_err().to_string();
        assert_eq!(en, "--from abc: invalid character 'a'");
        assert!(!en.contains('：'), "{en}");
    }
}
