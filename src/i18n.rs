//! UI language: Simplified Chinese or English, chosen by setting and defaulting from the
//! locale. Texts live next to their use as `lang.t("中文", "English")` pairs, so both
//! languages are always written together.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// The English plural "s" after a count: none after one.
pub fn plural(n: impl TryInto<i64>) -> &'static str {
    if n.try_into().is_ok_and(|n| n == 1) {
        ""
    } else {
        "s"
    }
}

impl Lang {
    /// Picks the text for this language.
    pub fn t<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Parses `zh`, `zh-CN`, `zh_CN.UTF-8`, `en`, `en_US.UTF-8`, ...
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language from the usual locale variables (`LC_ALL`, `LC_MESSAGES`, `LANG`);
    /// Chinese when none names a language we have.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                if let Some(l) = Lang::parse(&v) {
                    return l;
                }
                // "C" or "POSIX" mean "no preference": keep looking, then default.
            }
        }
        Lang::Zh
    }

    /// A count with its noun (`1 complaint`, `3 complaints` in English; `3 件` in Chinese,
    /// where a noun does not change with the count).
    pub fn count(self, n: usize, zh: &str, one: &str, many: &str) -> String {
        match self {
            Lang::Zh => format!("{n} {zh}"),
            Lang::En if n == 1 => format!("1 {one}"),
            Lang::En => format!("{n} {many}"),
        }
    }

    /// Why a file could not be read or written, in this language: the usual reasons in
    /// words of their own, any other with the system's (English) words.
    pub fn io_reason(self, e: &std::io::Error) -> String {
        use std::io::ErrorKind as K;
        let zh = match e.kind() {
            K::NotFound => Some("文件或文件夹不存在"),
            K::PermissionDenied => Some("没有权限（请检查文件及其所在文件夹的权限）"),
            K::AlreadyExists => Some("文件已存在"),
            K::StorageFull => Some("磁盘已满"),
            K::QuotaExceeded => Some("超出磁盘配额"),
            K::ReadOnlyFilesystem => Some("文件系统是只读的"),
            K::IsADirectory => Some("这是一个文件夹，不是文件"),
            K::NotADirectory => Some("路径中有一段不是文件夹"),
            K::FileTooLarge => Some("文件太大"),
            _ => None,
        };
        match (self, zh) {
            (Lang::Zh, Some(words)) => words.to_string(),
            (Lang::Zh, None) => format!("系统错误：{e}"),
            (Lang::En, _) => e.to_string(),
        }
    }

    /// `PATH：原因` / `PATH: reason` for a file that could not be read or written (the
    /// path rendered inert).
    pub fn file_problem(self, path: &std::path::Path, e: &std::io::Error) -> String {
        let path = crate::text::inert(&path.display().to_string());
        match self {
            Lang::Zh => format!("{path}：{}", self.io_reason(e)),
            Lang::En => format!("{path}: {}", self.io_reason(e)),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_locale_names() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("C"), None);
        assert_eq!(Lang::En.t("客户", "Customers"), "Customers");
        assert_eq!(Lang::Zh.t("客户", "Customers"), "客户");
    }

    #[test]
    fn file_problems_are_said_in_the_users_language() {
        use std::io::{Error, ErrorKind};
        let gone = Error::from(ErrorKind::NotFound);
        let zh = Lang::Zh.file_problem(std::path::Path::new("/srv/a.csv"), &gone);
        assert_eq!(zh, "/srv/a.csv：文件或文件夹不存在");
        let en = Lang::En.file_problem(std::path::Path::new("/srv/a.csv"), &gone);
        assert!(en.starts_with("/srv/a.csv: ") && en.len() > 12, "{en}");
        let denied = Error::from(ErrorKind::PermissionDenied);
        assert!(Lang::Zh.io_reason(&denied).starts_with("没有权限"));
        // Anything else keeps the system's words, introduced in Chinese.
        let odd = Error::other("wire cut");
        assert_eq!(Lang::Zh.io_reason(&odd), "系统错误：wire cut");
        assert_eq!(Lang::En.io_reason(&odd), "wire cut");
        // The path is shown inert.
        let shown = Lang::Zh.file_problem(std::path::Path::new("/srv/\u{1b}[2J.csv"), &gone);
        assert!(!shown.contains('\u{1b}'), "{shown}");
    }

    #[test]
    fn plural_s_after_every_count_but_one() {
        assert_eq!(plural(1usize), "");
        assert_eq!(plural(1i64), "");
        assert_eq!(plural(0u32), "s");
        assert_eq!(plural(2usize), "s");
        assert_eq!(plural(u64::MAX), "s");
    }
}
