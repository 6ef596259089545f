//! `frontdesk import`, `frontdesk export` and `frontdesk report`: data in and out for the
//! office, as the command line runs them, writing to the given output streams (stdout and
//! stderr in the binary, buffers in tests). `crate::io` reads and writes the files, the
//! store checks and keeps the data; these open the store, resolve who runs the command,
//! print to the terminal and return an exit code a script can trust: 0 done (or, for a dry
//! run, the file is clean), 1 refused rows or an error, 2 a usage error (unknown kind,
//! report or format, a bad date or `--map`).

pub mod export;
pub mod import;
pub mod report;

use crate::config::Settings;
use crate::store::Db;
use crate::text::inert;
use anyhow::Result;
use std::io::{IsTerminal, Write};

/// Where a command writes: its output and its messages (stdout and stderr in the binary).
pub struct Console<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

pub const EXIT_OK: i32 = 0;
pub const EXIT_REFUSED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

fn open(s: &Settings) -> Result<Db> {
    crate::cli::start::open_store(&s.db_path, s.lang)
}

fn usage(err: &mut dyn Write, msg: &str) -> Result<i32> {
    writeln!(err, "frontdesk: {}", inert(msg))?;
    Ok(EXIT_USAGE)
}

/// Runs a command on the process's stdout and stderr; on a terminal, the report's lines
/// wider than it are broken between fields (`cli::fold`), in a pipe or a file left whole.
pub(super) fn stdio(run: impl FnOnce(&mut Console<'_>) -> Result<i32>) -> Result<i32> {
    let stdout = std::io::stdout();
    let width = crate::cli::fold::terminal_width(stdout.is_terminal());
    let mut out = crate::cli::fold::Fold::new(stdout.lock(), width);
    let mut err = std::io::stderr();
    let code = run(&mut Console {
        out: &mut out,
        err: &mut err,
    });
    let _ = out.finish()?;
    code
}
