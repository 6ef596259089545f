//! `frontdesk import`, `frontdesk export` and `frontdesk report`: data in and out for the
//! office. The work is in `crate::io`; these print to the terminal and return the exit code
//! (0 ok, 1 refused rows or an error, 2 a usage error).

use crate::config::Settings;
use crate::io::run::Console;
use anyhow::Result;
use std::path::Path;

/// `frontdesk import FILE [--kind customers|vehicles|sales|repairs] [--dry-run] [--map 列名=field]`
pub fn import(
    s: &Settings,
    agent: Option<&str>,
    file: &Path,
    kind: Option<&str>,
    dry_run: bool,
    map: &[String],
) -> Result<i32> {
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr());
    let mut io = Console {
        out: &mut out,
        err: &mut err,
    };
    crate::io::run::import(s, agent, file, kind, dry_run, map, &mut io)
}

/// `frontdesk export REPORT [--from DATE] [--to DATE] --format csv|xlsx --out FILE`
pub fn export(
    s: &Settings,
    agent: Option<&str>,
    report: &str,
    from: Option<&str>,
    to: Option<&str>,
    format: &str,
    out: &Path,
) -> Result<i32> {
    let (mut stdout, mut err) = (std::io::stdout().lock(), std::io::stderr());
    let mut io = Console {
        out: &mut stdout,
        err: &mut err,
    };
    crate::io::run::export(s, agent, report, from, to, format, out, &mut io)
}

/// `frontdesk report REPORT [--from DATE] [--to DATE]`: plain text.
pub fn report(
    s: &Settings,
    agent: Option<&str>,
    report: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<i32> {
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr());
    let mut io = Console {
        out: &mut out,
        err: &mut err,
    };
    crate::io::run::report(s, agent, report, from, to, &mut io)
}
