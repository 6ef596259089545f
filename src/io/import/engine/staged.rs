//! The same pass over the rows as `super::run`, its three stages on three threads: the
//! reader (the file decoded and split into rows), the checks (each row on its own and
//! against the rows before it) and, on the calling thread, the report and the pass (the
//! database pass keeps its connection on the thread that opened it). Rows go from stage to
//! stage a chunk at a time through channels holding a few chunks at most, so memory stays
//! bounded whatever the file's size; emptied chunks go back to be filled again. What comes
//! out (the report, the order of its lists, the errors) is what `super::run` gives.
//!
//! Stopping: a stage that stops drops its ends of the channels, and the stage before it
//! stops at its next chunk (a send fails), the one after it at once (nothing more comes).
//! A stage that panics stops the others the same way; its panic is then raised again on
//! the calling thread.

use super::{Checks, Header, Out, Step, Tally};
use crate::io::import::{ImportError, ImportReport, Options, Pass, Record, Spare, Stage};
use crate::io::source::{Format, Sink, SourceError};
use std::ops::ControlFlow;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::thread::ScopedJoinHandle;

/// Rows a chunk holds (the reader's rows, or the checked rows).
const CHUNK_ROWS: usize = 256;
/// Text a chunk of the reader's rows holds before it goes, whatever its rows (long cells).
const CHUNK_BYTES: usize = 256 << 10;
/// Chunks waiting between two stages at most.
const IN_FLIGHT: usize = 4;

/// Reads the rows `feed` streams on one thread, checks each on another and hands it to
/// `pass` on this one. When the system cannot make a thread the import runs on this one
/// alone (`super::run`), never a panic.
pub(in crate::io::import) fn run(
    feed: impl FnOnce(&mut Sink<'_>) -> Result<Format, SourceError> + Send,
    size: u64,
    opts: &Options,
    pass: &mut dyn Pass,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Result<ImportReport, ImportError> {
    let mut feed = Some(feed);
    let staged = std::thread::scope(|s| {
        // Both workers first, each waiting for its work: if either cannot be made, the
        // work (and the feed) is still here, and the other worker ends on the closed queue.
        let (read_job, read_jobs) = channel::<ReadJob<'_>>();
        let reader = worker(s, "import-read", move || {
            read_jobs.recv().ok().map(|job| job())
        })?;
        let (check_job, check_jobs) = channel::<CheckJob<'_>>();
        let Some(checker) = worker(s, "import-check", move || {
            if let Ok(job) = check_jobs.recv() {
                job();
            }
        }) else {
            drop(read_job);
            let _ = reader.join();
            return None;
        };
        let feed = feed.take()?;
        let (rows_tx, rows_rx) = sync_channel(IN_FLIGHT);
        let (rows_back_tx, rows_back_rx) = channel();
        let (steps_tx, steps_rx) = sync_channel(IN_FLIGHT);
        let (steps_back_tx, steps_back_rx) = channel();
        // A worker that is gone already gets no job: the stages then end at their next
        // chunk, as when one stops.
        let _ = read_job.send(Box::new(move || read(feed, rows_tx, rows_back_rx)));
        let _ = check_job.send(Box::new(move || {
            let out = Batch {
                tx: steps_tx,
                back: steps_back_rx,
                steps: Steps::default(),
            };
            check(opts, size, rows_rx, rows_back_tx, out);
        }));
        let mut tally = Tally::new(opts, &mut *pass, &mut *progress);
        let mut spare = Spare::default();
        // Returns once the pass stopped or every row came: its ends of the channels are
        // dropped, so the other stages stop too and the joins below do not wait long.
        let ended = take(&mut tally, &mut spare, steps_rx, steps_back_tx);
        // The reader's result: None only if it never had its work (it is sent above).
        let read = joined(reader);
        joined(checker);
        Some(match read {
            Some(read) => finish(ended, read, tally, &mut spare, opts),
            None => Err(lost(opts)),
        })
    });
    match (staged, feed.take()) {
        (Some(result), _) => result,
        (None, Some(feed)) => super::run(feed, size, opts, pass, progress),
        (None, None) => Err(lost(opts)),
    }
}

/// The work of the reader and of the checks, handed to their threads once both are made.
type ReadJob<'a> = Box<dyn FnOnce() -> Result<Format, SourceError> + Send + 'a>;
type CheckJob<'a> = Box<dyn FnOnce() + Send + 'a>;

/// A named thread of the scope; None when the system cannot make one.
fn worker<'s, 'e, T: Send + 's>(
    s: &'s std::thread::Scope<'s, 'e>,
    name: &str,
    f: impl FnOnce() -> T + Send + 's,
) -> Option<ScopedJoinHandle<'s, T>> {
    #[cfg(test)]
    if tests::REFUSE_THREADS.with(std::cell::Cell::get) {
        return None;
    }
    std::thread::Builder::new()
        .name(name.into())
        .spawn_scoped(s, f)
        .ok()
}

/// The result once every stage ended, as `super::run` gives it.
fn finish(
    ended: Ended,
    read: Result<Format, SourceError>,
    tally: Tally<'_>,
    spare: &mut Spare,
    opts: &Options,
) -> Result<ImportReport, ImportError> {
    let mut tally = tally;
    match ended {
        Ended::Checks(Err(e)) => Err(e),
        Ended::Checks(Ok(())) => tally.finish(read.map_err(ImportError::Source), spare),
        // The pass stopped the reading: it tells why at its end, as when one thread reads
        // (where the reader, stopped, ends well).
        Ended::Stopped => {
            tally.end_pass(spare)?;
            Ok(tally.into_report(read.map_err(ImportError::Source)?))
        }
        // A stage ended without a word: it panicked, and its panic was raised again above
        // (a stage ends with a word otherwise).
        Ended::Lost => Err(lost(opts)),
    }
}

fn lost(opts: &Options) -> ImportError {
    ImportError::Database(
        opts.lang
            .t(
                "导入在读完文件前意外停止",
                "the import stopped before the end of the file",
            )
            .into(),
    )
}

/// A thread's result; its panic raised again on this thread.
fn joined<T>(h: ScopedJoinHandle<'_, T>) -> T {
    h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// Rows as the reader read them, owned: one buffer holding every cell's text, and where
/// each cell ends in it.
#[derive(Debug, Default)]
struct Rows {
    text: String,
    /// Each row's line, and the end of its cells in `ends`.
    rows: Vec<(usize, usize)>,
    ends: Vec<usize>,
}

impl Rows {
    fn push(&mut self, line: usize, cells: &[&str]) {
        for c in cells {
            self.text.push_str(c);
            self.ends.push(self.text.len());
        }
        self.rows.push((line, self.ends.len()));
    }

    fn is_full(&self) -> bool {
        self.rows.len() >= CHUNK_ROWS || self.text.len() >= CHUNK_BYTES
    }

    fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn clear(&mut self) {
        self.text.clear();
        self.rows.clear();
        self.ends.clear();
    }

    /// Each row, in order, as the reader handed it; `Break` stops.
    fn each(&self, mut f: impl FnMut(usize, &[&str]) -> ControlFlow<()>) -> ControlFlow<()> {
        let mut cells: Vec<&str> = Vec::new();
        let (mut cell, mut at) = (0, 0);
        for &(line, end) in &self.rows {
            cells.clear();
            for &e in &self.ends[cell..end] {
                cells.push(&self.text[at..e]);
                at = e;
            }
            cell = end;
            f(line, &cells)?;
        }
        ControlFlow::Continue(())
    }
}

/// From the reader to the checks.
enum Read {
    Rows(Rows),
    /// No more rows; `ok`: the file was read to its end (or to where the checks stopped it).
    End {
        ok: bool,
    },
}

/// Checked rows and the emptied vectors of rows the pass is done with.
#[derive(Debug, Default)]
struct Steps {
    rows: Vec<Step>,
    spare: Vec<Vec<(Record, u64)>>,
}

/// From the checks to the pass.
enum ToPass {
    Header(Header),
    Steps(Steps),
    /// No more rows; Err: why the checks stopped.
    End(Result<(), ImportError>),
}

/// The reader's stage: the rows `feed` streams, a chunk at a time; the file's end (its
/// format, or why it could not be read) is returned.
fn read(
    feed: impl FnOnce(&mut Sink<'_>) -> Result<Format, SourceError>,
    tx: SyncSender<Read>,
    back: Receiver<Rows>,
) -> Result<Format, SourceError> {
    let mut rows = Rows::default();
    let result = feed(&mut |line, cells| {
        rows.push(line, cells);
        if !rows.is_full() {
            return ControlFlow::Continue(());
        }
        let next = back.try_recv().unwrap_or_default();
        match tx.send(Read::Rows(std::mem::replace(&mut rows, next))) {
            Ok(()) => ControlFlow::Continue(()),
            // The checks stopped.
            Err(_) => ControlFlow::Break(()),
        }
    });
    if !rows.is_empty() {
        let _ = tx.send(Read::Rows(rows));
    }
    let _ = tx.send(Read::End { ok: result.is_ok() });
    result
}

/// The checks' stage: each row from the reader checked, the checked rows handed on a chunk
/// at a time, the reader's chunks sent back emptied.
fn check(opts: &Options, size: u64, rx: Receiver<Read>, back: Sender<Rows>, mut out: Batch) {
    let mut checks = Checks::new(opts, size);
    for msg in rx {
        match msg {
            Read::Rows(mut rows) => {
                let flow = rows.each(|line, cells| checks.feed(line, cells, &mut out));
                rows.clear();
                let _ = back.send(rows);
                if flow.is_break() {
                    // No header found (else the pass is gone, and nothing more is sent).
                    if let Err(e) = checks.failed() {
                        out.end(Err(e), &mut checks.spare);
                    }
                    return;
                }
            }
            Read::End { ok } => {
                let end = if ok {
                    checks.end_rows(&mut out)
                } else {
                    Ok(())
                };
                out.end(end, &mut checks.spare);
                return;
            }
        }
    }
    // The reader ended without a word (it panicked): nothing more is sent.
}

/// The checked rows, handed on a chunk at a time.
struct Batch {
    tx: SyncSender<ToPass>,
    back: Receiver<Steps>,
    steps: Steps,
}

impl Batch {
    fn send(&mut self, spare: &mut Spare) -> ControlFlow<()> {
        let mut next = self.back.try_recv().unwrap_or_default();
        for v in next.spare.drain(..) {
            spare.recycle(v);
        }
        let full = std::mem::replace(&mut self.steps, next);
        match self.tx.send(ToPass::Steps(full)) {
            Ok(()) => ControlFlow::Continue(()),
            // The pass stopped.
            Err(_) => ControlFlow::Break(()),
        }
    }

    /// The last rows, and how the checks ended.
    fn end(&mut self, end: Result<(), ImportError>, spare: &mut Spare) {
        if !self.steps.rows.is_empty() && self.send(spare).is_break() {
            return;
        }
        let _ = self.tx.send(ToPass::End(end));
    }
}

impl Out for Batch {
    fn header(&mut self, header: Header) -> ControlFlow<()> {
        match self.tx.send(ToPass::Header(header)) {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()),
        }
    }

    fn row(&mut self, step: Step, spare: &mut Spare) -> ControlFlow<()> {
        self.steps.rows.push(step);
        if self.steps.rows.len() < CHUNK_ROWS {
            return ControlFlow::Continue(());
        }
        self.send(spare)
    }
}

/// How the pass's stage ended.
enum Ended {
    /// Every row came; how the checks ended.
    Checks(Result<(), ImportError>),
    /// The pass stopped the reading.
    Stopped,
    /// The checks ended without a word (a stage panicked).
    Lost,
}

/// The pass's stage, on the calling thread: each checked row into the report and to the
/// pass, in file order; the emptied chunks, with the vectors the pass is done with, back.
fn take(
    tally: &mut Tally<'_>,
    spare: &mut Spare,
    rx: Receiver<ToPass>,
    back: Sender<Steps>,
) -> Ended {
    for msg in rx {
        match msg {
            ToPass::Header(h) => {
                if tally.header(h).is_break() {
                    return Ended::Stopped;
                }
            }
            ToPass::Steps(mut steps) => {
                for step in steps.rows.drain(..) {
                    if tally.row(step, spare).is_break() {
                        return Ended::Stopped;
                    }
                }
                steps.spare.append(&mut spare.0);
                let _ = back.send(steps);
            }
            ToPass::End(end) => return Ended::Checks(end),
        }
    }
    Ended::Lost
}

#[cfg(test)]
mod tests;
