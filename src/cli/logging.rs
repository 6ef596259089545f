//! The log and the crash report. The log goes to files in the XDG state directory
//! (`~/.local/state/frontdesk/`, else the data directory), one per day, the last
//! [`KEEP_FILES`] kept, with `frontdesk.log` linking to the current one; never to the
//! terminal the UI owns. `FRONTDESK_LOG` sets the level as a tracing filter
//! (`FRONTDESK_LOG=debug`, `FRONTDESK_LOG=frontdesk::store=trace`). Every line is made inert
//! and has phone and ID numbers masked before it reaches the file.
//!
//! A panic writes its message and backtrace to the log and then, once the terminal is
//! restored (the UI's hook runs first), tells the user in their language where the log is.

use crate::config::Settings;
use crate::i18n::Lang;
use std::io::Write;
use std::path::{Path, PathBuf};
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// How many daily log files are kept.
pub const KEEP_FILES: usize = 7;
/// The name of the link to the current log file.
pub const CURRENT: &str = "frontdesk.log";

/// The directory for the log: the state directory, else the data directory, else the
/// database's own, else the temporary directory.
pub fn log_dir(s: &Settings) -> PathBuf {
    s.log_dir
        .clone()
        .or_else(|| s.data_dir.clone())
        .or_else(|| s.db_path.parent().map(Path::to_path_buf))
        .unwrap_or_else(std::env::temp_dir)
}

/// Starts the log and the panic hook. Returns the log directory, or None when it cannot be
/// written (the program runs on without a log).
pub fn init(s: &Settings) -> Option<PathBuf> {
    let dir = log_dir(s);
    std::fs::create_dir_all(&dir).ok()?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("frontdesk")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .latest_symlink(CURRENT)
        .build(&dir)
        .ok()?;
    let filter =
        EnvFilter::try_from_env("FRONTDESK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_writer(Masked(appender))
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
    set_panic_hook(s.lang, dir.clone());
    tracing::debug!(db = %s.db_path.display(), log = %dir.display(), "settings resolved");
    Some(dir)
}

fn set_panic_hook(lang: Lang, dir: PathBuf) {
    std::panic::set_hook(Box::new(move |info| {
        let backtrace = std::backtrace::Backtrace::force_capture();
        tracing::error!("panic: {info}\nbacktrace:\n{backtrace}");
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let log = dir.join(CURRENT);
        let mut err = std::io::stderr().lock();
        let _ = match lang {
            Lang::Zh => writeln!(
                err,
                "frontdesk 出现程序错误（{place}），已退出。如有正在填写的表单，已存为草稿，\
                 下次启动时可恢复。\n错误详情已写入日志：{}\n请把这个文件交给系统管理员。",
                log.display()
            ),
            Lang::En => writeln!(
                err,
                "frontdesk hit a program error ({place}) and stopped. Any form in progress was \
                 kept as a draft for the next start.\nThe details are in the log: {}\n\
                 Please pass this file to your administrator.",
                log.display()
            ),
        };
    }));
}

/// The log's writer: each write (one event) made inert line by line and with phone and ID
/// numbers masked.
struct Masked<W>(W);

struct MaskedWriter<W>(W);

impl<'a, W: MakeWriter<'a>> MakeWriter<'a> for Masked<W> {
    type Writer = MaskedWriter<W::Writer>;
    fn make_writer(&'a self) -> Self::Writer {
        MaskedWriter(self.0.make_writer())
    }
}

impl<W: Write> Write for MaskedWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .write_all(clean(&String::from_utf8_lossy(buf)).as_bytes())?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Text as it may go into the log.
fn clean(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| crate::domain::validate::mask_in_text(&crate::text::inert(l)))
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_are_inert_and_masked() {
        let out = clean("call from 13812341234 id 110101199003071233 \x1b[2J\nnext\n");
        assert!(!out.contains("13812341234"), "{out}");
        assert!(!out.contains("110101199003071233"), "{out}");
        assert!(out.contains("138****1234"), "{out}");
        assert!(!out.contains('\x1b'), "{out}");
        assert_eq!(out.matches('\n').count(), 2);
    }
}
