//! One pass over the rows as they stream from the file: the header is found among the first
//! rows, then each row is checked (every kind the header names), compared with the rows
//! before it (`Checks`), and handed to the pass (the database pass, or none), its figures
//! into the report (`Tally`). Nothing but the keys already seen and the first problems is
//! kept, so a dry run's memory does not grow with the rows' text. `run` does it all on the
//! calling thread; `staged` reads, checks and passes on three threads at once, a few chunks
//! of rows apart, to the same report.

use super::detect::{self, Layout};
use super::key::{Key, key};
use super::parse::{Parser, Row, Shared, trim};
use super::{
    Checked, ImportError, ImportReport, Options, Pass, Problem, Record, Spare, Stage, key_label,
    keys,
};
use crate::i18n::Lang;
use crate::io::columns::{Columns, Field, KINDS, Kind};
use crate::io::source::{Format, LIMITS, Sink, SourceError};
use std::ops::ControlFlow;

mod staged;
pub(super) use staged::run as run_staged;

/// One entry or two a row: a fast hash with a random seed rather than SipHash.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Rows looked at to find the header (a title or a note may come first).
const HEAD_ROWS: usize = 20;
/// Rows between two progress calls.
const PROGRESS_EVERY: usize = 5000;

/// Reads the rows `feed` streams, checks each and hands it to `pass`, all on this thread.
pub(super) fn run(
    feed: impl FnOnce(&mut Sink<'_>) -> Result<Format, SourceError>,
    size: u64,
    opts: &Options,
    pass: &mut dyn Pass,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Result<ImportReport, ImportError> {
    let mut checks = Checks::new(opts, size);
    let mut tally = Tally::new(opts, pass, progress);
    let format = feed(&mut |line, cells| checks.feed(line, cells, &mut tally));
    let format = checks.end(format, &mut tally);
    let mut spare = std::mem::take(&mut checks.spare);
    tally.finish(format, &mut spare)
}

/// What the checks found out about the file before its first data row: the header and the
/// kinds it names.
#[derive(Debug)]
pub(super) struct Header {
    kinds: Vec<Kind>,
    header_line: usize,
    columns: Vec<(String, Option<Field>)>,
    /// Rows to expect (from the size of the file and of the rows before the data).
    expect: Option<usize>,
}

/// One data row as checked, with what it adds to the report's figures: applied in file
/// order by whoever holds the report and the pass (`Tally`).
#[derive(Debug)]
pub(super) struct Step {
    /// The row's cells by header (the first three data rows only).
    preview: Option<(usize, Vec<(String, String)>)>,
    /// The kinds whose record the checks refused, a bit each (`Kind::index`).
    refused_kinds: u8,
    /// Refused by the checks (a cell, or a repeat of an earlier row).
    refused: bool,
    /// A repeat of an earlier row.
    duplicate: bool,
    checked: Checked,
}

/// Where the checks put what they find.
pub(super) trait Out {
    fn header(&mut self, header: Header) -> ControlFlow<()>;
    fn row(&mut self, step: Step, spare: &mut Spare) -> ControlFlow<()>;
}

/// The checks of each row on its own and against the rows before it.
pub(super) struct Checks<'o> {
    opts: &'o Options,
    parser: Parser,
    /// The file's size in bytes (0: unknown), for the rows to expect.
    size: u64,
    /// The first rows, until the header is found among them.
    head: Vec<(usize, Vec<String>)>,
    layout: Option<Layout>,
    /// Each column's header and the field it feeds (for the preview).
    columns: Vec<(String, Option<Field>)>,
    /// Keys of the rows' own records so far → the line that had them.
    seen: HashMap<Key, u32>,
    /// Data rows checked.
    rows: usize,
    /// Why the checks stopped (no header).
    error: Option<ImportError>,
    /// Emptied vectors of a row's records, for the next rows.
    spare: Spare,
}

impl<'o> Checks<'o> {
    pub(super) fn new(opts: &'o Options, size: u64) -> Self {
        Checks {
            opts,
            parser: Parser {
                lang: opts.lang,
                today: opts.today,
            },
            size,
            head: Vec::new(),
            layout: None,
            columns: Vec::new(),
            seen: HashMap::default(),
            rows: 0,
            error: None,
            spare: Spare::default(),
        }
    }

    /// One row from the file.
    pub(super) fn feed(
        &mut self,
        line: usize,
        cells: &[&str],
        out: &mut dyn Out,
    ) -> ControlFlow<()> {
        if self.layout.is_some() {
            return self.data_row(line, cells, out);
        }
        self.head
            .push((line, cells.iter().map(|c| c.to_string()).collect()));
        if self.head.len() < HEAD_ROWS {
            return ControlFlow::Continue(());
        }
        self.start(out)
    }

    /// Finds the header among the rows so far, then takes the rows after it as data.
    fn start(&mut self, out: &mut dyn Out) -> ControlFlow<()> {
        let head = std::mem::take(&mut self.head);
        let (at, layout) = match detect::layout(&head, &self.opts.map, self.opts.kind) {
            Ok(l) => l,
            Err(e) => {
                self.error = Some(e);
                return ControlFlow::Break(());
            }
        };
        self.columns = layout.columns();
        let mut header = Header {
            kinds: layout.kind_list(),
            header_line: layout.header_line,
            columns: self.columns.clone(),
            expect: None,
        };
        // The maps that keep an entry or two a row get their room at once, not by doubling
        // (each doubling moves every entry): the rows to expect from the size of the file
        // and of the rows read so far.
        let sample = &head[at + 1..];
        let bytes: usize = sample
            .iter()
            .flat_map(|(_, cells)| cells)
            .map(|c| c.len() + 1)
            .sum();
        if bytes > 0 {
            let rows = (self.size / bytes as u64).saturating_mul(sample.len() as u64);
            let rows = usize::try_from(rows).map_or(LIMITS.rows, |r| r.min(LIMITS.rows));
            let keys = match layout.kinds.last() {
                Some((Kind::Vehicles | Kind::Sales, _)) => 2,
                _ => 1,
            };
            self.seen.reserve(rows * keys);
            header.expect = Some(rows);
        }
        self.layout = Some(layout);
        out.header(header)?;
        for (line, cells) in &head[at + 1..] {
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            self.data_row(*line, &cells, out)?;
        }
        ControlFlow::Continue(())
    }

    fn data_row(&mut self, line: usize, cells: &[&str], out: &mut dyn Out) -> ControlFlow<()> {
        let Some(layout) = &self.layout else {
            return ControlFlow::Continue(());
        };
        let preview = (self.rows < 3).then(|| {
            let pairs = self
                .columns
                .iter()
                .zip(cells)
                .filter(|((_, f), _)| f.is_some())
                .map(|((h, _), v)| (h.clone(), v.trim().to_string()))
                .collect();
            (line, pairs)
        });
        self.rows += 1;
        let lang = self.opts.lang;
        let mut records = self.spare.take(layout.kinds.len());
        let mut problems: Vec<Problem> = Vec::new();
        let mut warnings: Vec<Problem> = Vec::new();
        let mut refused_kinds = 0u8;
        let mut shared = Shared::default();
        let digests = digests(cells, &layout.kinds);
        for (i, (kind, cols)) in layout.kinds.iter().enumerate() {
            shared.last = i + 1 == layout.kinds.len();
            let row = Row {
                line,
                cells,
                headers: &layout.header,
                cols,
            };
            let (res, w) = self.parser.parse(*kind, &row, &mut shared);
            merge(&mut warnings, w);
            match res {
                Ok(rec) => records.push((rec, digests.get(i).copied().unwrap_or_default())),
                Err(p) => {
                    refused_kinds |= 1 << kind.index();
                    merge(&mut problems, p);
                }
            }
        }
        let mut step = Step {
            preview,
            refused_kinds,
            refused: !problems.is_empty(),
            duplicate: false,
            checked: Checked::Refused(problems),
        };
        if step.refused {
            self.spare.recycle(records);
            return out.row(step, &mut self.spare);
        }
        // The row's own record (the last) may not repeat an earlier row's.
        if let Some((own, _)) = records.last()
            && let Some((first, label)) = repeats(&mut self.seen, own, line, lang)
        {
            step.refused = true;
            step.duplicate = true;
            if let Some(k) = layout.kinds.last() {
                step.refused_kinds |= 1 << k.0.index();
            }
            let reason = match lang {
                Lang::Zh => format!("与第 {first} 行重复（{label}）"),
                Lang::En => format!("repeats line {first} ({label})"),
            };
            let p = Problem {
                line,
                column: String::new(),
                value: String::new(),
                reason,
            };
            step.checked = Checked::Refused(vec![p]);
            self.spare.recycle(records);
            return out.row(step, &mut self.spare);
        }
        step.checked = Checked::Accepted {
            line,
            records,
            warnings,
        };
        out.row(step, &mut self.spare)
    }

    /// Once the rows ran out (or something stopped them): the header of a file shorter
    /// than the rows looked at, and whatever went wrong.
    pub(super) fn end(
        &mut self,
        format: Result<Format, SourceError>,
        out: &mut dyn Out,
    ) -> Result<Format, ImportError> {
        let format = format.map_err(ImportError::Source)?;
        self.end_rows(out)?;
        Ok(format)
    }

    /// Once every row was read: the header of a file shorter than the rows looked at, and
    /// why the checks stopped, if they did.
    pub(super) fn end_rows(&mut self, out: &mut dyn Out) -> Result<(), ImportError> {
        if self.layout.is_none() && self.error.is_none() {
            let _ = self.start(out);
        }
        self.failed()
    }

    /// Why the checks stopped, if they did.
    pub(super) fn failed(&mut self) -> Result<(), ImportError> {
        self.error.take().map_or(Ok(()), Err)
    }
}

/// The report and the pass: each checked row's figures go into the report, in file order,
/// and the row to the pass.
pub(super) struct Tally<'p> {
    stage: Stage,
    /// Who takes the checked rows (the database pass, or none).
    pass: &'p mut dyn Pass,
    progress: &'p mut dyn FnMut(Stage, usize, usize),
    report: ImportReport,
}

impl<'p> Tally<'p> {
    pub(super) fn new(
        opts: &Options,
        pass: &'p mut dyn Pass,
        progress: &'p mut dyn FnMut(Stage, usize, usize),
    ) -> Self {
        Tally {
            stage: if opts.dry_run {
                Stage::Checking
            } else {
                Stage::Writing
            },
            pass,
            progress,
            report: ImportReport {
                kinds: Vec::new(),
                format: Format::Spreadsheet {
                    sheet: String::new(),
                },
                header_line: 0,
                columns: Vec::new(),
                rows: 0,
                accepted: 0,
                refused: Vec::new(),
                refused_total: 0,
                refused_rows: 0,
                duplicates_in_file: 0,
                matched: Vec::new(),
                matched_count: 0,
                warnings: Vec::new(),
                warnings_total: 0,
                counts: Default::default(),
                preview: Vec::new(),
                dry_run: opts.dry_run,
                committed: false,
            },
        }
    }

    /// The pass's end once the rows ran out (`format`: how the file and the checks
    /// ended), and the report with the pass's figures.
    pub(super) fn finish(
        mut self,
        format: Result<Format, ImportError>,
        spare: &mut Spare,
    ) -> Result<ImportReport, ImportError> {
        let format = format?;
        self.end_pass(spare)?;
        Ok(self.into_report(format))
    }

    /// The rows the pass held back, and its own figures into the report.
    pub(super) fn end_pass(&mut self, spare: &mut Spare) -> Result<(), ImportError> {
        self.pass.end(&mut self.report, spare)
    }

    /// The report, once the pass has added its figures.
    pub(super) fn into_report(self, format: Format) -> ImportReport {
        let mut r = self.report;
        (self.progress)(self.stage, r.rows, r.rows);
        r.format = format;
        r
    }
}

impl Out for Tally<'_> {
    fn header(&mut self, h: Header) -> ControlFlow<()> {
        let r = &mut self.report;
        r.kinds = h.kinds;
        r.header_line = h.header_line;
        r.columns = h.columns;
        if let Some(rows) = h.expect {
            self.pass.expect_rows(rows, &r.kinds);
        }
        ControlFlow::Continue(())
    }

    fn row(&mut self, step: Step, spare: &mut Spare) -> ControlFlow<()> {
        let r = &mut self.report;
        if r.rows % PROGRESS_EVERY == 0 {
            (self.progress)(self.stage, r.rows, 0);
        }
        r.rows += 1;
        r.preview.extend(step.preview);
        for k in KINDS {
            if step.refused_kinds & (1 << k.index()) != 0 {
                r.counts.of_mut(k).refused += 1;
            }
        }
        r.refused_rows += usize::from(step.refused);
        r.duplicates_in_file += usize::from(step.duplicate);
        self.pass.row(step.checked, r, spare)
    }
}

/// Adds problems not already listed (two kinds read the same cell).
fn merge(into: &mut Vec<Problem>, more: Vec<Problem>) {
    for p in more {
        if !into.contains(&p) {
            into.push(p);
        }
    }
}

/// The earlier line with one of this record's keys, and that key in words; else remembers
/// the keys.
fn repeats(
    seen: &mut HashMap<Key, u32>,
    rec: &Record,
    line: usize,
    lang: Lang,
) -> Option<(usize, String)> {
    use std::collections::hash_map::Entry;
    let mut dup = None;
    for (k, text) in keys(rec).into_iter().flatten() {
        match seen.entry(key(k, &text)) {
            Entry::Occupied(e) if dup.is_none() => {
                dup = Some((*e.get() as usize, key_label(k, &text, lang)));
            }
            Entry::Occupied(_) => {}
            Entry::Vacant(e) => {
                e.insert(u32::try_from(line).unwrap_or(u32::MAX));
            }
        }
    }
    dup
}

/// For each kind, a digest of the cells it reads: two rows naming the same record with
/// other cells are told apart. One pass over the row, each cell trimmed once; foldhash with
/// a fixed seed reads a cell eight bytes at a step (a byte at a time, FNV-1a was a tenth of
/// the checks' time).
fn digests(cells: &[&str], kinds: &[(Kind, Columns)]) -> [u64; 4] {
    use std::hash::{BuildHasher, Hasher};
    let mut h = [(); 4].map(|_| foldhash::fast::FixedState::with_seed(0x1F).build_hasher());
    for (c, cell) in cells.iter().enumerate() {
        let mut trimmed = None;
        for ((_, cols), h) in kinds.iter().zip(&mut h) {
            if cols.fields.get(c).is_some_and(Option::is_some) {
                let t = *trimmed.get_or_insert_with(|| trim(cell));
                h.write(t.as_bytes());
                h.write_u8(0x1F);
            }
        }
    }
    h.map(|h| h.finish())
}
