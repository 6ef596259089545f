//! The command line in the user's language: help and parse errors, their usage lines
//! included, in Chinese or English as the locale, the config or `--lang` says.

mod support;

use support::{env, run, with};

/// `--help` speaks the user's language: the locale, the config's `lang`, `--lang` first.
#[test]
fn help_is_in_the_users_language() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let zh = with(env(h), "LANG", "zh_CN.UTF-8");
    let (code, out, _) = run(&["--help"], &zh);
    assert_eq!(code, 0);
    assert!(out.contains("用法：") && out.contains("命令"), "{out}");
    assert!(out.contains("4S 店售后客服中心"), "{out}");
    assert!(out.contains("把报表导出为 CSV 或 XLSX"), "{out}");
    let (_, out, _) = run(&["import", "--help"], &zh);
    assert!(out.contains("逐行检查并报告"), "{out}");
    // clap's `[OPTIONS]` in the usage line too.
    assert!(
        out.contains("用法：frontdesk import [选项] <FILE>") && !out.contains("OPTIONS"),
        "{out}"
    );
    let (_, out, _) = run(&["--lang", "en", "--help"], &zh);
    assert!(out.contains("Usage:") && out.contains("Commands:"), "{out}");
    assert!(!out.contains("命令"), "{out}");
    // The config's language when neither flag nor an explicit locale says otherwise.
    std::fs::create_dir_all(h.join("config/frontdesk")).unwrap();
    std::fs::write(h.join("config/frontdesk/config.toml"), "lang = \"en\"\n").unwrap();
    let (_, out, _) = run(&["--help"], &with(env(h), "LANG", "C"));
    assert!(out.contains("Usage:"), "{out}");
}

#[test]
fn a_parse_error_is_said_in_the_users_language_with_the_usage() {
    let home = tempfile::tempdir().unwrap();
    let e = with(env(home.path()), "LANG", "zh_CN.UTF-8");
    let (code, out, err) = run(&["--bogus"], &e);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("错误：不认识的参数 '--bogus'"), "{err}");
    assert!(err.contains("用法：frontdesk [选项]"), "{err}");
    assert!(!err.contains("error:") && !err.contains("Usage"), "{err}");
    let (code, _, err) = run(&["import"], &e);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("用法：frontdesk import [选项] <FILE>"),
        "{err}"
    );
    // In English, clap's own words.
    let (code, _, err) = run(&["--lang", "en", "--bogus"], &e);
    assert_eq!(code, 2);
    assert!(
        err.contains("error: unexpected argument '--bogus'"),
        "{err}"
    );
}
