//! `frontdesk export REPORT --format csv|xlsx --out FILE`: a report written to a file,
//! audited before the file exists.

use super::report::build;
use super::{Console, EXIT_OK, EXIT_REFUSED, usage};
use crate::config::Settings;
use crate::i18n::Lang;
use anyhow::Result;
use std::path::Path;

/// `frontdesk export REPORT [--from DATE] [--to DATE] --format csv|xlsx --out FILE`.
#[allow(clippy::too_many_arguments)]
pub fn run(
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
        crate::io::xlsx::write_xlsx(path, &sheet, &built.heading)
    } else {
        sheet.write_csv(path, &built.heading)
    };
    if let Err(e) = written {
        writeln!(err, "frontdesk: {}", lang.file_problem(path, &e))?;
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
