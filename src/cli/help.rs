//! The command line's own texts in the user's language, and the files generated from the
//! same definitions: shell completions (clap_complete) and the man page (clap_mangen).
//!
//! The definitions (in `cli/mod.rs`) carry the English texts; for Chinese the about lines,
//! argument helps and headings are replaced here before parsing. The language comes from
//! `--lang` on the command line, then the config files, then the locale.

use super::Cli;
use super::values::Shell;
use crate::i18n::Lang;
use clap::{Arg, ArgAction, Command, CommandFactory};
use std::io::Write;

/// Chinese about lines by command path (`""` is the program itself).
const ABOUT_ZH: &[(&str, &str)] = &[
    ("", "4S 店售后客服中心的客户关系工作台"),
    (
        "demo",
        "生成一个逼真的演示门店数据库（同一种子得到同样的数据）",
    ),
    (
        "complaints",
        "投诉及其状态和下一个时限；--month 加上各服务站的有效投诉统计",
    ),
    (
        "callbacks",
        "某天到期的回访（先规划）：类型、客户、到期和窗口、专员、状态",
    ),
    (
        "appointments",
        "当天的预约（时间、顾问、工位、客户、车牌、项目、状态）",
    ),
    (
        "events",
        "客户活动（讲座、车友会、自驾游）及邀约、参加、到场人数；show 编号 列出受邀客户（号码已遮盖）",
    ),
    (
        "events show",
        "一场活动：详情、人数统计和受邀客户的答复与到场",
    ),
    (
        "sms-results",
        "按短信网关的回执文件标记短信已发送（CSV：id,status，status 为 sent 或 failed）",
    ),
    (
        "import",
        "从 CSV 或 XLSX 导入客户、车辆、销售档案和维修工单：表头含有的各类一次导入",
    ),
    ("export", "把报表导出为 CSV 或 XLSX（仅本人可读的文件）"),
    ("report", "以纯文本打印报表"),
    ("backup", "在专员继续工作时用 SQLite 在线备份复制数据库"),
    ("check", "运行完整性和外键检查，并用平实的话报告"),
    ("agents", "列出专员，或新增一名"),
    ("agents add", "新增专员（加 --supervisor 为主管）"),
    ("templates", "来电记录模板：列出、检查模板文件、生成标准句"),
    ("templates check", "检查模板文件（错误指明文件、行和问题）"),
    ("templates render", "用 key=value 生成某模板的标准句"),
    (
        "kb",
        "知识库：查找条目、导入条目、统计未能解答（转技术支持）的咨询",
    ),
    (
        "kb search",
        "按文字或拼音查找条目（不加 --all 只列有效期内的）",
    ),
    (
        "kb import",
        "检查 CSV 或 XLSX 条目文件；加 --apply 写入（主管）",
    ),
    ("kb stats", "各类条目数，以及转技术支持的咨询数"),
    ("quality", "通话质检：按抽检规则填充质检队列"),
    (
        "quality sample",
        "按规则抽取待评通话（每人每周 N 条、全部投诉来电、全部过短通话）；主管，留审计记录；重复运行不会重复抽取",
    ),
    ("completions", "生成 shell 补全脚本（bash、zsh、fish）"),
    ("man", "生成手册页（man，roff 格式）"),
    (
        "keys",
        "当前生效的按键：按键表加上站点和用户的 keys.toml，按该文件的格式列出；有按键文件未采用时退出码为 1",
    ),
    (
        "settings",
        "全店统一的设置（每店一份，存在数据库中）：查看、修改、安装设置文件",
    ),
    ("settings list", "列出每项设置，以及各设置文件的来源"),
    ("settings set", "修改一项设置（主管；留审计记录）"),
    (
        "settings import",
        "为全店安装设置文件（store.toml、templates.toml、callback_rules.toml、calendar.toml），逐个先检查（主管；留审计记录）",
    ),
    ("settings export", "把本店已安装的设置文件写到一个文件夹"),
];

/// The about line of clap's own `help` subcommand, under every command that has one.
const HELP_ZH: &str = "显示本帮助，或所给命令的帮助";

/// Chinese argument helps by command path and argument id.
const ARG_ZH: &[(&str, &str, &str)] = &[
    (
        "",
        "db",
        "门店数据库文件（也可用 FRONTDESK_DB，或站点/用户配置中的 db）",
    ),
    (
        "",
        "lang",
        "界面语言：zh 或 en（默认：配置，然后是系统语言）",
    ),
    ("", "agent", "本终端专员的工号"),
    ("", "version", "显示版本和将要打开的数据库"),
    ("demo", "customers", "客户数量"),
    ("demo", "seed", "随机种子：同一种子得到同样的门店"),
    (
        "demo",
        "rental",
        "汽车租赁公司的门店（租赁模式：网点、租车、故障救援）",
    ),
    ("complaints", "overdue", "只列已超时的"),
    (
        "complaints",
        "month",
        "月份 YYYY-MM：当月全部投诉和有效投诉统计",
    ),
    (
        "complaints",
        "csv",
        "把月末汇总（质量信息反馈处理汇总表）写成 CSV",
    ),
    ("callbacks", "date", "日期 YYYY-MM-DD（默认今天）"),
    ("appointments", "date", "日期 YYYY-MM-DD（默认今天）"),
    ("events", "from", "起始日期（含）YYYY-MM-DD"),
    ("events", "to", "截止日期（含）YYYY-MM-DD"),
    ("events show", "id", "活动编号"),
    ("sms-results", "file", "短信网关写回的回执文件"),
    ("import", "file", "要导入的 CSV 或 XLSX 文件"),
    (
        "import",
        "kind",
        "只导入一类：customers 客户、vehicles 车辆、sales 销售档案、repairs 维修工单（默认：表头含有的各类）",
    ),
    ("import", "dry_run", "逐行检查并报告，不写入任何数据"),
    (
        "import",
        "map",
        "可重复：--map 客户电话=mobile（字段 - 表示忽略该列）",
    ),
    ("export", "report", "报表名称"),
    ("export", "from", "起始日期（含），或月份 2026-11"),
    ("export", "to", "截止日期（含），或月份 2026-11"),
    ("export", "format", "文件格式；不填则按 --out 的扩展名"),
    ("export", "out", "输出文件"),
    ("report", "report", "报表名称"),
    ("report", "from", "起始日期（含），或月份 2026-11"),
    ("report", "to", "截止日期（含），或月份 2026-11"),
    (
        "backup",
        "to",
        "目标文件或文件夹（默认数据库旁的 backups/）",
    ),
    ("agents add", "emp_no", "工号"),
    ("agents add", "name", "姓名"),
    ("agents add", "supervisor", "设为主管"),
    (
        "agents add",
        "os_user",
        "不带 --agent 时以此身份登录的操作系统用户",
    ),
    ("templates check", "file", "模板文件"),
    ("templates render", "id", "模板编号"),
    ("kb search", "text", "要查找的文字（汉字或拼音）"),
    (
        "kb search",
        "kind",
        "只查某类：station、policy、vehicle_price、part_price、promotion、troubleshoot",
    ),
    ("kb search", "all", "包括不在有效期内的条目"),
    ("kb import", "file", "CSV 或 XLSX 文件"),
    ("kb import", "apply", "写入条目（不加则只检查）"),
    (
        "kb stats",
        "from",
        "起始日期（含），YYYY-MM-DD（默认本月 1 日）",
    ),
    ("kb stats", "to", "截止日期（含），YYYY-MM-DD（默认今天）"),
    (
        "quality sample",
        "week",
        "某一 ISO 周，如 2026-W47（默认：近 35 天的各周）",
    ),
    ("completions", "shell", "哪种 shell"),
    ("keys", "check", "只报告按键文件是否采用"),
    (
        "keys",
        "file",
        "把该文件当作用户的 keys.toml 检查（放到位之前）",
    ),
    ("settings set", "key", "设置项的名称（见 settings list）"),
    ("settings set", "value", "新的值"),
    ("settings import", "files", "设置文件"),
    ("settings export", "dir", "写入的文件夹"),
    ("templates render", "values", "各字段的值 key=value"),
];

/// Help as clap lays it out, with its own words in Chinese and full-width colons: clap's
/// `{all-args}` ends every heading in an ASCII `:`, so each section is written here, with
/// clap's heading style, and only when the command has something in it (commands, then
/// arguments, then options, as clap orders them).
fn zh_template(cmd: &Command) -> String {
    let h = cmd.get_styles().get_header();
    let heading = |name: &str, body: &str| format!("\n\n{h}{name}：{h:#}\n{body}");
    let mut t = format!("{{before-help}}{{about-with-newline}}\n{h}用法：{h:#}{{usage}}");
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        t.push_str(&heading("命令", "{subcommands}"));
    }
    if cmd.get_positionals().any(|a| !a.is_hide_set()) {
        t.push_str(&heading("参数", "{positionals}"));
    }
    // Never empty: the help flag is one.
    t.push_str(&heading("选项", "{options}"));
    t.push_str("{after-help}");
    t
}

/// The language for the command line's texts: `--lang` among the arguments, then the
/// config files, then the locale.
pub fn startup_lang(args: &[std::ffi::OsString]) -> Lang {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let value = if a == "--lang" {
            it.next().map(|v| v.to_string())
        } else {
            a.strip_prefix("--lang=").map(str::to_string)
        };
        if let Some(l) = value.as_deref().and_then(Lang::parse) {
            return l;
        }
    }
    crate::config::configured_lang().unwrap_or_else(Lang::from_env)
}

/// The command-line definition with its texts in `lang`.
pub fn command(lang: Lang) -> Command {
    match lang {
        Lang::En => Cli::command(),
        Lang::Zh => localize_usage(parser(lang)),
    }
}

/// The definition the arguments are parsed with: `command` but for its usage lines, which
/// are clap's own (`[OPTIONS]`). Laying out every command's usage is a tenth of a call's
/// time, and a usage line shows only with help or an error: those are parsed again with
/// `command` (`super::main`).
pub fn parser(lang: Lang) -> Command {
    let cmd = Cli::command();
    match lang {
        Lang::En => cmd,
        Lang::Zh => {
            // clap adds its `help` subcommands when it builds the definition.
            let mut cmd = localize(cmd, "");
            cmd.build();
            localize_help(cmd)
        }
    }
}

/// clap's own `help` subcommand, under the program and every command with subcommands,
/// in Chinese.
fn localize_help(mut cmd: Command) -> Command {
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(&name, |s| {
            if name == "help" {
                s.about(HELP_ZH)
                    .mut_args(|a| a.help("命令").help_heading("参数"))
            } else {
                localize_help(s)
            }
        });
    }
    cmd
}

fn localize(mut cmd: Command, path: &str) -> Command {
    if let Some((_, about)) = ABOUT_ZH.iter().find(|(p, _)| *p == path) {
        cmd = cmd.about(*about).long_about(None);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = ARG_ZH
            .iter()
            .find(|(p, a, _)| *p == path && *a == id)
            .map(|(_, _, h)| *h);
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let a = a.help_heading(heading);
            match help {
                Some(h) => {
                    // clap's own `[default: …]` and `[possible values: …]`, in Chinese.
                    let mut h = h.to_string();
                    let values: Vec<String> = a
                        .get_possible_values()
                        .iter()
                        .filter(|v| !v.is_hide_set())
                        .map(|v| v.get_name().to_string())
                        .collect();
                    let takes = a.get_action().takes_values();
                    let values =
                        takes && !a.is_hide_possible_values_set() && !values.is_empty() && {
                            h.push_str(&format!("（可选：{}）", values.join("、")));
                            true
                        };
                    let default: Vec<String> = a
                        .get_default_values()
                        .iter()
                        .map(|v| v.to_string_lossy().into_owned())
                        .collect();
                    let default =
                        takes && !a.is_hide_default_value_set() && !default.is_empty() && {
                            h.push_str(&format!("（默认：{}）", default.join("、")));
                            true
                        };
                    let a = a.help(h).long_help(None);
                    let a = if values {
                        a.hide_possible_values(true)
                    } else {
                        a
                    };
                    if default {
                        a.hide_default_value(true)
                    } else {
                        a
                    }
                }
                None => a,
            }
        });
    }
    let template = zh_template(&cmd);
    cmd = cmd
        .help_template(template)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        )
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &sub_path));
    }
    cmd
}

/// clap's usage line, which says `[OPTIONS]` whatever the language, with `[选项]` in its
/// place, for `cmd` and every command under it. Built first, each command's usage names
/// its whole path (`frontdesk import …`).
fn localize_usage(mut cmd: Command) -> Command {
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .trim()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[选项]");
    cmd = cmd.override_usage(usage);
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(&name, localize_usage);
    }
    cmd
}

/// `frontdesk completions SHELL`: the completion script on stdout.
pub fn completions(shell: Shell, lang: Lang, out: &mut dyn Write) {
    let mut cmd = command(lang);
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(shell, &mut cmd, "frontdesk", out);
}

/// `frontdesk man`: the man page (roff) on stdout.
pub fn man(lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    clap_mangen::Man::new(command(lang)).render(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definitions_are_consistent_in_both_languages() {
        Cli::command().debug_assert();
        command(Lang::Zh).debug_assert();
    }

    #[test]
    fn every_chinese_text_names_a_real_command_and_argument() {
        let root = Cli::command();
        let find = |path: &str| {
            let mut c = &root;
            for part in path.split(' ').filter(|p| !p.is_empty()) {
                c = c.find_subcommand(part).expect(path);
            }
            c.clone()
        };
        for (path, _) in ABOUT_ZH {
            find(path);
        }
        for (path, arg, _) in ARG_ZH {
            let c = find(path);
            assert!(
                c.get_arguments().any(|a| a.get_id() == *arg),
                "{path} {arg}"
            );
        }
    }

    /// Every command's `--help` as printed in `lang`, the program's and each visible
    /// subcommand's at any depth, with its path.
    fn every_help(lang: Lang) -> Vec<(String, String)> {
        fn walk(c: &mut Command, path: &str, out: &mut Vec<(String, String)>) {
            out.push((path.to_string(), c.render_help().to_string()));
            let names: Vec<String> = c
                .get_subcommands()
                // clap's `help` has no `--help` of its own: its line in the list is read.
                .filter(|s| !s.is_hide_set() && s.get_name() != "help")
                .map(|s| s.get_name().to_string())
                .collect();
            for n in names {
                if let Some(sub) = c.find_subcommand_mut(&n) {
                    walk(sub, format!("{path} {n}").trim_start(), out);
                }
            }
        }
        let mut cmd = command(lang);
        cmd.build();
        let mut out = Vec::new();
        walk(&mut cmd, "", &mut out);
        out
    }

    fn has_han(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Two English words in a row (`Print this`), as a sentence has them.
    fn english_words(s: &str) -> bool {
        let words: Vec<&str> = s.split(' ').collect();
        words.windows(2).any(|w| {
            w.iter()
                .all(|x| x.len() > 1 && x.chars().all(|c| c.is_ascii_alphabetic()))
        })
    }

    #[test]
    fn every_commands_help_is_in_one_language() {
        let zh = every_help(Lang::Zh);
        assert!(zh.len() > 30, "{}", zh.len());
        let mut wrong = Vec::new();
        for (path, help) in &zh {
            let mut lines = help.lines();
            let about = lines.next().unwrap_or("");
            if !has_han(about) {
                wrong.push(format!("{path}: {about}"));
            }
            for line in lines.filter(|l| !l.starts_with("用法：")) {
                let item = line.trim_start();
                let no_help = (item.starts_with('<') || item.starts_with('-')) && !has_han(line);
                let clap_words = line.contains("[default") || line.contains("[possible");
                if english_words(line) || no_help || clap_words {
                    wrong.push(format!("{path}: {line}"));
                }
            }
        }
        for (path, help) in every_help(Lang::En) {
            wrong.extend(
                help.lines()
                    .filter(|l| has_han(l))
                    .map(|l| format!("{path}: {l}")),
            );
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// The section headings (lines after the about line, not indented) of every help: in
    /// Chinese each ends in a full-width colon, none in clap's ASCII one; in English they
    /// are clap's own.
    #[test]
    fn chinese_help_headings_end_in_a_full_width_colon() {
        let headings = |lang| {
            let mut seen = std::collections::BTreeSet::new();
            for (path, help) in every_help(lang) {
                // After the about line (its text may have a colon of its own).
                for line in help.lines().skip(1).filter(|l| !l.starts_with(' ')) {
                    let head = line.split_inclusive([':', '：']).next().unwrap_or("");
                    if head.ends_with(':') || head.ends_with('：') {
                        seen.insert(head.to_string());
                    }
                    assert!(lang == Lang::En || !line.ends_with(':'), "{path}: {line}");
                }
            }
            seen.into_iter().collect::<Vec<_>>()
        };
        assert_eq!(headings(Lang::Zh), ["参数：", "命令：", "用法：", "选项："]);
        assert_eq!(
            headings(Lang::En),
            ["Arguments:", "Commands:", "Options:", "Usage:"]
        );
    }

    /// clap writes `[OPTIONS]` into every usage line; in Chinese it says `[选项]`, in the
    /// help and in the usage an error shows, and the English usage keeps clap's word.
    #[test]
    fn the_chinese_usage_line_says_options_in_chinese() {
        for (path, help) in every_help(Lang::Zh) {
            let usage = help.lines().find(|l| l.starts_with("用法：")).unwrap_or("");
            assert!(
                usage.contains("[选项]") && !help.contains("[OPTIONS]"),
                "{path}: {usage}"
            );
        }
        for (path, help) in every_help(Lang::En) {
            assert!(help.contains("[OPTIONS]"), "{path}");
        }
        let err = command(Lang::Zh)
            .try_get_matches_from(["frontdesk", "import"])
            .unwrap_err();
        let usage = err
            .get(clap::error::ContextKind::Usage)
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(usage.contains("frontdesk import [选项] <FILE>"), "{usage}");
    }

    #[test]
    fn the_language_comes_from_the_lang_flag_first() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            startup_lang(&args(&["frontdesk", "--lang", "en"])),
            Lang::En
        );
        assert_eq!(
            startup_lang(&args(&["frontdesk", "--lang=zh", "-h"])),
            Lang::Zh
        );
    }
}
