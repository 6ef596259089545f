//! One pass over the rows as they stream from the file: the header is found among the first
//! rows, then each row is checked (every kind the header names), compared with the rows
//! before it, and handed to the pass (the database pass, or none) at once. Nothing but the keys already seen
//! and the first problems is kept, so a dry run's memory does not grow with the rows' text.

use super::detect::{self, Layout};
use super::key::{Key, key};
use super::parse::{Parser, Row, Shared, trim};
use super::{
    Checked, ImportError, ImportReport, Options, Pass, Problem, Record, Spare, Stage, key_label,
    keys,
};
use crate::i18n::Lang;
use crate::io::columns::{Columns, Kind};
use crate::io::source::{Format, LIMITS, Sink, SourceError};
use std::ops::ControlFlow;

/// One entry or two a row: a fast hash with a random seed rather than SipHash.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Rows looked at to find the header (a title or a note may come first).
const HEAD_ROWS: usize = 20;
/// Rows between two progress calls.
const PROGRESS_EVERY: usize = 5000;

/// Reads the rows `feed` streams, checks each and hands it to `pass`.
pub(super) fn run(
    feed: impl FnOnce(&mut Sink<'_>) -> Result<Format, SourceError>,
    size: u64,
    opts: &Options,
    pass: &mut dyn Pass,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Result<ImportReport, ImportError> {
    let mut imp = Importer::new(opts, pass, size, progress);
    let format = feed(&mut |line, cells| imp.feed(line, cells));
    let format = imp.end(format)?;
    Ok(imp.into_report(format))
}

struct Importer<'o, 'p> {
    opts: &'o Options,
    parser: Parser,
    /// Who takes the checked rows (the database pass, or none).
    pass: &'p mut dyn Pass,
    progress: &'p mut dyn FnMut(Stage, usize, usize),
    /// The file's size in bytes (0: unknown), for the rows to expect.
    size: u64,
    /// The first rows, until the header is found among them.
    head: Vec<(usize, Vec<String>)>,
    layout: Option<Layout>,
    /// Keys of the rows' own records so far → the line that had them.
    seen: HashMap<Key, u32>,
    report: ImportReport,
    error: Option<ImportError>,
    /// Emptied vectors of a row's records, for the next rows.
    spare: Spare,
}

impl<'o, 'p> Importer<'o, 'p> {
    fn new(
        opts: &'o Options,
        pass: &'p mut dyn Pass,
        size: u64,
        progress: &'p mut dyn FnMut(Stage, usize, usize),
    ) -> Self {
        Importer {
            opts,
            parser: Parser {
                lang: opts.lang,
                today: opts.today,
            },
            pass,
            progress,
            size,
            head: Vec::new(),
            layout: None,
            seen: HashMap::default(),
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
            error: None,
            spare: Spare::default(),
        }
    }

    fn stage(&self) -> Stage {
        if self.opts.dry_run {
            Stage::Checking
        } else {
            Stage::Writing
        }
    }

    /// One row from the file.
    fn feed(&mut self, line: usize, cells: &[&str]) -> ControlFlow<()> {
        if self.layout.is_some() {
            return self.data_row(line, cells);
        }
        self.head
            .push((line, cells.iter().map(|c| c.to_string()).collect()));
        if self.head.len() < HEAD_ROWS {
            return ControlFlow::Continue(());
        }
        self.start()
    }

    /// Finds the header among the rows so far, then takes the rows after it as data.
    fn start(&mut self) -> ControlFlow<()> {
        let head = std::mem::take(&mut self.head);
        let (at, layout) = match detect::layout(&head, &self.opts.map, self.opts.kind) {
            Ok(l) => l,
            Err(e) => {
                self.error = Some(e);
                return ControlFlow::Break(());
            }
        };
        self.report.kinds = layout.kind_list();
        self.report.header_line = layout.header_line;
        self.report.columns = layout.columns();
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
            self.pass.expect_rows(rows, &self.report.kinds);
        }
        self.layout = Some(layout);
        for (line, cells) in &head[at + 1..] {
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            if self.data_row(*line, &cells).is_break() {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }

    fn data_row(&mut self, line: usize, cells: &[&str]) -> ControlFlow<()> {
        let Some(layout) = &self.layout else {
            return ControlFlow::Continue(());
        };
        let r = &mut self.report;
        if r.rows % PROGRESS_EVERY == 0 {
            let stage = if self.opts.dry_run {
                Stage::Checking
            } else {
                Stage::Writing
            };
            (self.progress)(stage, r.rows, 0);
        }
        r.rows += 1;
        if r.preview.len() < 3 {
            let pairs = r
                .columns
                .iter()
                .zip(cells)
                .filter(|((_, f), _)| f.is_some())
                .map(|((h, _), v)| (h.clone(), v.trim().to_string()))
                .collect();
            r.preview.push((line, pairs));
        }
        let lang = self.opts.lang;
        let mut records = self.spare.take(layout.kinds.len());
        let mut problems: Vec<Problem> = Vec::new();
        let mut warnings: Vec<Problem> = Vec::new();
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
                    r.counts.of_mut(*kind).refused += 1;
                    merge(&mut problems, p);
                }
            }
        }
        if !problems.is_empty() {
            r.refused_rows += 1;
            self.spare.recycle(records);
            return self
                .pass
                .row(Checked::Refused(problems), r, &mut self.spare);
        }
        // The row's own record (the last) may not repeat an earlier row's.
        if let Some((own, _)) = records.last()
            && let Some((first, label)) = repeats(&mut self.seen, own, line, lang)
        {
            r.refused_rows += 1;
            r.duplicates_in_file += 1;
            if let Some(k) = layout.kinds.last() {
                r.counts.of_mut(k.0).refused += 1;
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
            self.spare.recycle(records);
            return self.pass.row(Checked::Refused(vec![p]), r, &mut self.spare);
        }
        let row = Checked::Accepted {
            line,
            records,
            warnings,
        };
        self.pass.row(row, r, &mut self.spare)
    }

    /// Once the rows ran out (or something stopped them): the header of a file shorter
    /// than the rows looked at, and whatever went wrong.
    fn end(&mut self, format: Result<Format, SourceError>) -> Result<Format, ImportError> {
        let format = format.map_err(ImportError::Source)?;
        if self.layout.is_none() && self.error.is_none() {
            let _ = self.start();
        }
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.pass.end(&mut self.report, &mut self.spare)?;
        Ok(format)
    }

    /// The report, once the pass has added its figures.
    fn into_report(self, format: Format) -> ImportReport {
        let stage = self.stage();
        let mut r = self.report;
        (self.progress)(stage, r.rows, r.rows);
        r.format = format;
        r
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
