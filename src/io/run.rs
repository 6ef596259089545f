//! `frontdesk import | export | report` as the command line runs them, writing to the
//! given output streams (stdout and stderr in the binary, buffers in tests). Exit codes a
//! script can trust: 0 done (or, for a dry run, the file is clean), 1 refused rows or an
//! error, 2 a usage error (unknown kind, report or format, a bad date or `--map`).

use super::columns::{self, Kind};
use super::import::{self, ImportReport, KindCounts, Options, Problem, Stage};
use super::report::{self, Ctx, Range, Report};
use super::sheet::{Heading, Sheet};
use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::complaints::SlaSettings;
use crate::i18n::Lang;
use crate::store::{Actor, Db, agents};
use crate::text::inert;
use anyhow::{Result, anyhow};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

/// Where a command writes: its output and its messages (stdout and stderr in the binary).
pub struct Console<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

pub const EXIT_OK: i32 = 0;
pub const EXIT_REFUSED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Problems listed in full before "and N more".
const LIST_MAX: usize = 100;
/// Files of at least this many rows show progress on stderr.
const PROGRESS_FROM: usize = 10_000;

fn open(s: &Settings) -> Result<Db> {
    crate::cli::start::open_store(&s.db_path, s.lang)
}

fn usage(err: &mut dyn Write, msg: &str) -> Result<i32> {
    writeln!(err, "frontdesk: {}", inert(msg))?;
    Ok(EXIT_USAGE)
}

/// Who runs the command, resolved like the app (`--agent`, else the operating-system
/// user's mapping); an unknown `--agent` is an error naming the database.
pub fn who(db: &Db, lang: Lang, flag: Option<&str>) -> Result<agents::Who> {
    let os_user = agents::os_user();
    match agents::resolve(db, flag, os_user.as_deref()).map_err(|e| anyhow!(e.message(lang)))? {
        Ok(w) => Ok(w),
        Err(agents::UnknownAgent(emp)) => Err(anyhow!(match lang {
            Lang::Zh => format!(
                "工号 {emp} 不存在或已停用（数据库 {}）",
                db.path().display()
            ),
            Lang::En => format!("no active agent {emp} in {}", db.path().display()),
        })),
    }
}

/// `frontdesk import FILE [--kind K] [--dry-run] [--map 列名=field]...`: without `--kind`,
/// every kind the header names. `agent`: `--agent`, the employee number of who runs it
/// (named in the audit).
#[allow(clippy::too_many_arguments)]
pub fn import(
    s: &Settings,
    agent: Option<&str>,
    file: &Path,
    kind: Option<&str>,
    dry_run: bool,
    map: &[String],
    io: &mut Console<'_>,
) -> Result<i32> {
    let (out, err) = (&mut *io.out, &mut *io.err);
    let lang = s.lang;
    let kind = match kind.map(|k| (k, Kind::parse(k))) {
        None => None,
        Some((_, Some(k))) => Some(k),
        Some((k, None)) => {
            return usage(
                err,
                &match lang {
                    Lang::Zh => format!("--kind {k}：应为 customers、vehicles、sales 或 repairs"),
                    Lang::En => format!("--kind {k}: use customers, vehicles, sales or repairs"),
                },
            );
        }
    };
    let map = match columns::parse_map(kind, map, lang) {
        Ok(m) => m,
        Err(e) => return usage(err, &e),
    };
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    let started = Instant::now();
    // The file is read first: a missing, unreadable or oversized one is told before the
    // database opens.
    let input = match super::source::open(file, super::source::LIMITS) {
        Ok(i) => i,
        Err(e) => {
            writeln!(err, "frontdesk: {}: {}", file.display(), e.message(lang))?;
            return Ok(EXIT_REFUSED);
        }
    };
    let mut db = open(s)?;
    let actor = Actor {
        agent_id: who(&db, lang, agent)?.agent_id(),
        at: clock.now(),
    };
    let opts = Options {
        kind,
        dry_run,
        map,
        lang,
        today: clock.today(),
        file_name: file.display().to_string(),
    };
    // A progress line only for a person watching a big file: not into a file or a pipe.
    // The rows stream past, so their number is known at the end (`total` 0 until then).
    let watched = std::io::stderr().is_terminal();
    let mut progress = |stage: Stage, done: usize, total: usize| {
        if watched && done.max(total) >= PROGRESS_FROM {
            let what = match stage {
                Stage::Checking => lang.t("检查", "checking"),
                Stage::Writing => lang.t("写入", "writing"),
            };
            let _ = match total {
                0 => write!(err, "\r{what} {done}   "),
                _ => writeln!(err, "\r{what} {done}/{total}   "),
            };
            let _ = err.flush();
        }
    };
    let report = match import::import_input(&mut db, input, &opts, actor, &mut progress) {
        Ok(r) => r,
        Err(e) => {
            writeln!(err, "frontdesk: {}: {}", file.display(), e.message(lang))?;
            return Ok(if e.is_usage() {
                EXIT_USAGE
            } else {
                EXIT_REFUSED
            });
        }
    };
    out.write_all(render_import(&report, file, lang).as_bytes())?;
    let secs = started.elapsed().as_secs_f64();
    if watched && report.rows >= PROGRESS_FROM {
        writeln!(
            err,
            "{} {:.1} s ({:.0} {})",
            lang.t("用时", "took"),
            secs,
            report.rows as f64 / secs.max(1e-9),
            lang.t("行/秒", "rows/s")
        )?;
    }
    Ok(if report.ok() { EXIT_OK } else { EXIT_REFUSED })
}

fn problem_line(p: &Problem, lang: Lang) -> String {
    let mut s = match lang {
        Lang::Zh => format!("  第 {} 行", p.line),
        Lang::En => format!("  line {}", p.line),
    };
    if !p.column.is_empty() {
        s.push_str(&format!(" [{}]", inert(&p.column)));
    }
    if !p.value.is_empty() {
        s.push_str(&format!(" “{}”", inert(&p.value)));
    }
    s.push_str(lang.t("：", ": "));
    s.push_str(&inert(&p.reason));
    s
}

fn list(out: &mut String, items: &[Problem], total: usize, lang: Lang) {
    for p in items.iter().take(LIST_MAX) {
        out.push_str(&problem_line(p, lang));
        out.push('\n');
    }
    let more = total.saturating_sub(items.len().min(LIST_MAX));
    if more > 0 {
        out.push_str(&match lang {
            Lang::Zh => format!("  ……另有 {more} 条\n"),
            Lang::En => format!("  … and {more} more\n"),
        });
    }
}

/// One kind's figures: `客户：新增 3，已有 1（更新 1，无变化 0），拒绝 0`.
fn kind_line(kind: Kind, c: &KindCounts, lang: Lang) -> String {
    let again = match (c.again, lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("，与本文件前面的行相同 {n}"),
        (n, Lang::En) => format!(", {n} the same as an earlier row"),
    };
    match lang {
        Lang::Zh => format!(
            "  {}：新增 {}，已有 {}（更新 {}，无变化 {}）{again}，拒绝 {}\n",
            kind.label(lang),
            c.created,
            c.in_database(),
            c.updated,
            c.unchanged,
            c.refused
        ),
        Lang::En => format!(
            "  {}: {} new, {} already there ({} updated, {} unchanged){again}, {} refused\n",
            kind.label(lang),
            c.created,
            c.in_database(),
            c.updated,
            c.unchanged,
            c.refused
        ),
    }
}

/// The report of an import (or a dry run), for the terminal. Every figure comes from the
/// report's counts, so the summary and the lists under it agree.
pub fn render_import(r: &ImportReport, file: &Path, lang: Lang) -> String {
    let mut o = String::new();
    let name = inert(&file.display().to_string());
    let kinds: Vec<&str> = r.kinds.iter().map(|k| k.label(lang)).collect();
    o.push_str(&match lang {
        Lang::Zh => format!(
            "文件：{name}（{}）\n导入：{}\n",
            r.format.describe(lang),
            kinds.join("、")
        ),
        Lang::En => format!(
            "File: {name} ({})\nImporting: {}\n",
            r.format.describe(lang),
            kinds.join(", ")
        ),
    });
    let used: Vec<String> = r
        .columns
        .iter()
        .filter_map(|(h, f)| f.map(|f| format!("{}→{}", inert(h.trim()), f.code())))
        .collect();
    let unused: Vec<String> = r.unused_columns().into_iter().map(inert).collect();
    o.push_str(&match lang {
        Lang::Zh => format!(
            "表头在第 {} 行；使用的列：{}\n",
            r.header_line,
            used.join("，")
        ),
        Lang::En => format!(
            "Header on line {}; columns used: {}\n",
            r.header_line,
            used.join(", ")
        ),
    });
    if !unused.is_empty() {
        o.push_str(&match lang {
            Lang::Zh => format!(
                "未使用的列：{}（可用 --map 列名=字段 指定）\n",
                unused.join("，")
            ),
            Lang::En => format!(
                "Unused columns: {} (--map COLUMN=FIELD to use one)\n",
                unused.join(", ")
            ),
        });
    }
    if !r.preview.is_empty() {
        o.push_str(lang.t("预览：\n", "Preview:\n"));
        for (line, pairs) in &r.preview {
            let cells: Vec<String> = pairs
                .iter()
                .map(|(h, v)| format!("{}={}", inert(h.trim()), inert(v)))
                .collect();
            o.push_str(&match lang {
                Lang::Zh => format!("  第 {line} 行：{}\n", cells.join("  ")),
                Lang::En => format!("  line {line}: {}\n", cells.join("  ")),
            });
        }
    }
    o.push_str(&match lang {
        Lang::Zh => format!(
            "共 {} 行：可导入 {} 行，拒绝 {} 行（其中文件内重复 {} 行）\n",
            r.rows, r.accepted, r.refused_rows, r.duplicates_in_file
        ),
        Lang::En => format!(
            "{} rows: {} accepted, {} refused ({} repeating an earlier row)\n",
            r.rows, r.accepted, r.refused_rows, r.duplicates_in_file
        ),
    });
    // The kinds imported, and any other a row created (a new vehicle's owner).
    for k in columns::KINDS {
        let c = r.counts.of(k);
        if r.kinds.contains(&k) || !c.is_empty() {
            o.push_str(&kind_line(k, c, lang));
        }
    }
    if !r.refused.is_empty() {
        o.push_str(lang.t("拒绝的行：\n", "Refused:\n"));
        list(&mut o, &r.refused, r.refused_total, lang);
    }
    if r.matched_count > 0 {
        o.push_str(&match lang {
            Lang::Zh => format!("已在数据库中（不重复新增）：{} 条\n", r.matched_count),
            Lang::En => format!(
                "Already in the database (not added again): {} records\n",
                r.matched_count
            ),
        });
        list(&mut o, &r.matched, r.matched_count, lang);
    }
    if !r.warnings.is_empty() {
        o.push_str(lang.t("提示：\n", "Notes:\n"));
        list(&mut o, &r.warnings, r.warnings_total, lang);
    }
    o.push_str(match (r.dry_run, r.committed, r.ok()) {
        (true, _, true) => lang.t(
            "试运行：未写入任何数据。去掉 --dry-run 即可导入。\n",
            "Dry run: nothing written. Run again without --dry-run to import.\n",
        ),
        (true, _, false) => lang.t(
            "试运行：未写入任何数据。请修正被拒绝的行；导入时只要有一行被拒绝，整个文件都不会导入。\n",
            "Dry run: nothing written. Fix the refused rows: an import with any refused row imports nothing.\n",
        ),
        (false, true, _) => lang.t("已导入（一个事务，全部完成）。\n", "Imported (one transaction, all rows).\n"),
        (false, false, _) => lang.t(
            "未导入：有被拒绝的行，整个文件都未写入（全部或全不）。请修正后重试。\n",
            "Nothing imported: some rows were refused, so no row was written (all or nothing). Fix them and retry.\n",
        ),
    });
    o
}

// ---------------------------------------------------------------- reports

/// Builds a report from the command line's words; Err(exit code) after telling why.
struct Built {
    /// In full; `shown` is what this person may take away.
    sheet: Sheet,
    /// The title, store and period written inside an exported file.
    heading: Heading,
    db: Db,
    who: agents::Who,
    now: chrono::DateTime<chrono::Utc>,
}

impl Built {
    /// The sheet as this person may take it: in full for a supervisor, else masked.
    fn shown(&self) -> Sheet {
        if self.who.is_supervisor() {
            self.sheet.clone()
        } else {
            super::privacy::masked(&self.sheet)
        }
    }

    /// Writes who took what out to the audit log.
    fn audit(
        &mut self,
        action: &str,
        report: &str,
        file: &str,
        range: (Option<&str>, Option<&str>),
    ) -> Result<()> {
        let detail = serde_json::json!({
            "report": report,
            "from": range.0,
            "to": range.1,
            "rows": self.sheet.rows.len(),
            "file": file,
            "full_numbers": self.who.is_supervisor(),
            "by": self.who.label(),
            "os_user": self.who.os_user,
        });
        let actor = Actor {
            agent_id: self.who.agent_id(),
            at: self.now,
        };
        crate::store::audit::data_out(&mut self.db, actor, action, &detail)
            .map_err(|e| anyhow!(e.message(Lang::En)))
    }
}

fn build(
    s: &Settings,
    agent: Option<&str>,
    report: &str,
    from: Option<&str>,
    to: Option<&str>,
    err: &mut dyn Write,
) -> Result<std::result::Result<Built, i32>> {
    let lang = s.lang;
    let Some(which) = Report::parse(report) else {
        let known: Vec<&str> = Report::ALL.iter().map(|r| r.code()).collect();
        let msg = match lang {
            Lang::Zh => format!("没有报表“{report}”；可用：{}", known.join(", ")),
            Lang::En => format!("no report {report:?}; known: {}", known.join(", ")),
        };
        return Ok(Err(usage(err, &msg)?));
    };
    let range = match Range::parse(from, to, lang) {
        Ok(r) => r,
        Err(e) => return Ok(Err(usage(err, &e)?)),
    };
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    let db = open(s)?;
    let who = who(&db, lang, agent)?;
    let crate::setup::Setup {
        templates,
        calendar,
        rules,
        store: store_setup,
        ..
    } = crate::setup::load(
        &crate::store::settings::files(db.conn()),
        s.config_dir.as_deref(),
        s.tz,
    );
    let ctx = Ctx {
        lang,
        tz: s.tz,
        now: clock.now(),
        templates: &templates,
        calendar: &calendar,
        sla: SlaSettings {
            business_hours: s.sla_business_hours,
            ..Default::default()
        },
        rules: &rules,
        churn_months: s.churn_months,
    };
    let sheet =
        report::build(db.conn(), which, &range, &ctx).map_err(|e| anyhow!(e.message(lang)))?;
    let store = match &s.store_name {
        n if !n.is_empty() => n.clone(),
        _ => store_setup.name.clone(),
    };
    let heading = Heading {
        title: which.title(lang).to_string(),
        store,
        period: Heading::period_of(lang, range.from, range.to),
        lang,
    };
    Ok(Ok(Built {
        sheet,
        heading,
        db,
        who,
        now: clock.now(),
    }))
}

/// `frontdesk report REPORT [--from DATE] [--to DATE]`: plain text on `out`, numbers
/// masked unless a supervisor runs it (then the audit log records it).
pub fn report(
    s: &Settings,
    agent: Option<&str>,
    report: &str,
    from: Option<&str>,
    to: Option<&str>,
    io: &mut Console<'_>,
) -> Result<i32> {
    let (out, err) = (&mut *io.out, &mut *io.err);
    let mut built = match build(s, agent, report, from, to, err)? {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    if built.who.is_supervisor() {
        built.audit("report", report, "-", (from, to))?;
    }
    let mut sheet = built.shown();
    // What each figure counts, under the table (the Reports tab shows the line of the
    // column under the cursor).
    if let Some(which) = Report::parse(report) {
        let defs = super::report_defs::lines(which, &sheet.columns, s.lang);
        sheet.notes.extend(defs);
    }
    out.write_all(sheet.render_text(40).as_bytes())?;
    Ok(EXIT_OK)
}

/// `frontdesk export REPORT [--from DATE] [--to DATE] --format csv|xlsx --out FILE`.
#[allow(clippy::too_many_arguments)]
pub fn export(
    s: &Settings,
    agent: Option<&str>,
    report: &str,
    from: Option<&str>,
    to: Option<&str>,
    format: &str,
    path: &Path,
    io: &mut Console<'_>,
) -> Result<i32> {
    let (out, err) = (&mut *io.out, &mut *io.err);
    let lang = s.lang;
    let format = match format.trim().to_ascii_lowercase().as_str() {
        "csv" => "csv",
        "xlsx" => "xlsx",
        "" => match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("xlsx") => "xlsx",
            _ => "csv",
        },
        other => {
            return usage(
                err,
                &match lang {
                    Lang::Zh => format!("--format {other}：应为 csv 或 xlsx"),
                    Lang::En => format!("--format {other}: use csv or xlsx"),
                },
            );
        }
    };
    let mut built = match build(s, agent, report, from, to, err)? {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    // Audited before the file exists: no full export goes unrecorded.
    built.audit("export", report, &path.display().to_string(), (from, to))?;
    let sheet = built.shown();
    let written = if format == "xlsx" {
        super::xlsx::write_xlsx(path, &sheet, &built.heading)
    } else {
        sheet.write_csv(path, &built.heading)
    };
    if let Err(e) = written {
        writeln!(err, "frontdesk: {}: {e}", path.display())?;
        return Ok(EXIT_REFUSED);
    }
    writeln!(
        out,
        "{}",
        match lang {
            Lang::Zh => format!(
                "已导出 {} 行到 {}（{}，仅本人可读，{}）",
                sheet.rows.len(),
                path.display(),
                format.to_uppercase(),
                if built.who.is_supervisor() {
                    "号码完整，已记入审计"
                } else {
                    "号码已遮盖"
                }
            ),
            Lang::En => format!(
                "Exported {} rows to {} ({}, owner-only, {})",
                sheet.rows.len(),
                path.display(),
                format.to_uppercase(),
                if built.who.is_supervisor() {
                    "full numbers, audited"
                } else {
                    "numbers masked"
                }
            ),
        }
    )?;
    Ok(EXIT_OK)
}
