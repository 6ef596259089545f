//! `frontdesk import FILE`: the file read and checked row by row (`crate::io::import`),
//! matched against the store and written in one transaction (`crate::store::import`), and
//! the report of what it found and did.

use super::{Console, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, open, usage};
use crate::cli::start::who;
use crate::clock::Clock;
use crate::config::Settings;
use crate::i18n::Lang;
use crate::io::columns::{self, Kind};
use crate::io::import::{self, ImportError, ImportReport, KindCounts, Options, Problem, Stage};
use crate::io::source::{self, Input, RawTable};
use crate::store::{Actor, Db};
use crate::text::inert;
use anyhow::{Result, anyhow};
use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

/// Problems listed in full before "and N more".
const LIST_MAX: usize = 100;
/// Files of at least this many rows show progress on stderr.
const PROGRESS_FROM: usize = 10_000;

/// `frontdesk import FILE [--kind K] [--dry-run] [--map 列名=field]...`: without `--kind`,
/// every kind the header names. `agent`: `--agent`, the employee number of who runs it
/// (named in the audit).
#[allow(clippy::too_many_arguments)]
pub fn run(
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
    let input = match source::open(file, source::LIMITS) {
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
    let report = match import_input(&mut db, input, &opts, actor, &mut progress) {
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

/// Reads a file already opened (`source::open`) and imports it: each row checked as it
/// streams from the disk (`io::import`), then matched against the store and (unless
/// `dry_run`) written (`store::import`).
pub fn import_input(
    db: &mut Db,
    input: Input,
    opts: &Options,
    actor: Actor,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Result<ImportReport, ImportError> {
    crate::store::import::run(db, actor, opts, |pass| {
        import::read_input(input, opts, pass, progress)
    })
}

/// `import_input` on the file at `path`.
pub fn import_file(
    db: &mut Db,
    path: &Path,
    opts: &Options,
    actor: Actor,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Result<ImportReport, ImportError> {
    let input = source::open(path, source::LIMITS).map_err(ImportError::Source)?;
    import_input(db, input, opts, actor, progress)
}

/// `import_input` on a table already read from a file.
pub fn import_table(
    db: &mut Db,
    table: RawTable,
    opts: &Options,
    actor: Actor,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Result<ImportReport, ImportError> {
    crate::store::import::run(db, actor, opts, |pass| {
        import::read_table(table, opts, pass, progress)
    })
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
