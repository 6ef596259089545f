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
];

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
    ("templates render", "values", "字段值 key=value"),
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
];

/// Help as clap lays it out, with its own words in Chinese.
const ZH_TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

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
    let cmd = Cli::command();
    match lang {
        Lang::En => cmd,
        Lang::Zh => localize(cmd, ""),
    }
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
                Some(h) => a.help(h).long_help(None),
                None => a,
            }
        });
    }
    cmd = cmd
        .help_template(ZH_TEMPLATE)
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
