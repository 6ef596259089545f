//! clap's own parse errors in the user's language: each kind of error (an unknown option, a
//! bad value, a missing argument…) said in Chinese with what clap knows of it (the option,
//! the value, the suggestion), then the usage line, as clap lays out its English ones.

use crate::i18n::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The error as it is printed: clap's own text in English (and for help and version, which
/// are not errors); in Chinese, its kind said in words with the usage kept.
pub fn render(e: &clap::Error, lang: Lang) -> String {
    let shown = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang == Lang::En || shown {
        return e.render().to_string();
    }
    let ctx = |k: ContextKind| e.get(k).map(plain).unwrap_or_default();
    let (arg, value) = (ctx(ContextKind::InvalidArg), ctx(ContextKind::InvalidValue));
    let mut out = format!("错误：{}", says(e.kind(), &arg, &value, &ctx));
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .map(ctx)
    .into_iter()
    .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        out.push_str(&format!("\n\n  提示：是否想用 '{s}'？"));
    }
    let valid = ctx(ContextKind::ValidValue);
    if !valid.is_empty() {
        out.push_str(&format!("\n  可用的值：{valid}"));
    }
    let usage = ctx(ContextKind::Usage);
    if !usage.is_empty() {
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        out.push_str(&format!("\n\n用法：{usage}"));
    }
    out.push_str("\n\n更多信息请用 '--help'。\n");
    out
}

/// What went wrong, for each kind clap names.
fn says(kind: ErrorKind, arg: &str, value: &str, ctx: &dyn Fn(ContextKind) -> String) -> String {
    match kind {
        ErrorKind::UnknownArgument => format!("不认识的参数 '{arg}'"),
        ErrorKind::InvalidSubcommand => {
            format!("不认识的子命令 '{}'", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("参数 '{arg}' 需要一个值"),
        ErrorKind::InvalidValue => format!("参数 '{arg}' 的值 '{value}' 无效"),
        ErrorKind::ValueValidation => format!("参数 '{arg}' 的值 '{value}' 无效"),
        ErrorKind::NoEquals => format!("参数 '{arg}' 的值要用 '=' 写在后面"),
        ErrorKind::TooManyValues => format!("参数 '{arg}' 的值太多：'{value}'"),
        ErrorKind::TooFewValues => format!(
            "参数 '{arg}' 至少要 {} 个值，只给了 {} 个",
            ctx(ContextKind::MinValues),
            ctx(ContextKind::ActualNumValues)
        ),
        ErrorKind::WrongNumberOfValues => format!(
            "参数 '{arg}' 要 {} 个值，给了 {} 个",
            ctx(ContextKind::ExpectedNumValues),
            ctx(ContextKind::ActualNumValues)
        ),
        ErrorKind::ArgumentConflict => {
            let prior = ctx(ContextKind::PriorArg);
            if prior.is_empty() {
                format!("参数 '{arg}' 不能重复使用")
            } else {
                format!("参数 '{arg}' 不能与 '{prior}' 同时使用")
            }
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少子命令".to_string(),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文字".to_string(),
        // Kinds clap may add later, and I/O or format failures: said generally.
        _ => "命令行参数有误".to_string(),
    }
}

/// A context value as plain text (several joined with `, `).
fn plain(v: &ContextValue) -> String {
    match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(v) => v.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(v) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        ContextValue::None => String::new(),
        _ => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(args: &[&str], lang: Lang) -> clap::Error {
        crate::cli::help::command(lang)
            .try_get_matches_from(args)
            .expect_err("a parse error")
    }

    #[test]
    fn clap_errors_are_said_in_chinese_with_the_usage_kept_and_in_english_as_clap_says_them() {
        let zh = render(&error(&["frontdesk", "--bogus"], Lang::Zh), Lang::Zh);
        assert!(zh.contains("错误：不认识的参数 '--bogus'"), "{zh}");
        assert!(zh.contains("用法：frontdesk"), "{zh}");
        assert!(zh.contains("--help"), "{zh}");
        assert!(!zh.contains("error:") && !zh.contains("Usage"), "{zh}");
        let en = render(&error(&["frontdesk", "--bogus"], Lang::En), Lang::En);
        assert!(en.contains("unexpected argument '--bogus'"), "{en}");
        assert!(en.contains("Usage:"), "{en}");
        // A bad value names the option and the value; a mistyped command, its suggestion.
        let zh = render(&error(&["frontdesk", "--lang", "fr"], Lang::Zh), Lang::Zh);
        assert!(zh.contains("'fr' 无效"), "{zh}");
        let zh = render(&error(&["frontdesk", "agnets"], Lang::Zh), Lang::Zh);
        assert!(zh.contains("不认识的子命令 'agnets'"), "{zh}");
        assert!(zh.contains("是否想用 'agents'"), "{zh}");
        assert!(!zh.contains("error:"), "{zh}");
    }
}
