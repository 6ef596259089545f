//! One pass over the rows as they stream from the file: the header is found among the first
//! rows, then each row is checked (every kind the header names), compared with the rows
//! before it, and handed to the database pass at once. Nothing but the keys already seen
//! and the first problems is kept, so a dry run's memory does not grow with the rows' text.

use super::detect::{self, Layout};
use super::key::{Key, key};
use super::parse::{Parser, Row, Shared, trim};
use super::{ImportError, ImportReport, KEPT, Options, Problem, Record, Stage, key_label, keys};
use crate::i18n::Lang;
use crate::io::columns::{Columns, Kind};
use crate::io::source::{Format, LIMITS, Sink, SourceError};
use crate::store::import::{Applier, read_session};
use crate::store::{Actor, Db, StoreError};
use std::ops::ControlFlow;

/// One entry or two a row: a fast hash with a random seed rather than SipHash.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Rows looked at to find the header (a title or a note may come first).
const HEAD_ROWS: usize = 20;
/// Rows between two progress calls.
const PROGRESS_EVERY: usize = 5000;
/// Rows whose database lookups are fetched together (`Applier::prefetch`).
pub(super) const CHUNK: usize = 500;

/// Runs the import over the rows `feed` streams: a dry run in one read snapshot, the real
/// import in one write transaction (rolled back if any row is refused).
pub(super) fn run(
    db: &mut Db,
    feed: impl FnOnce(&mut Sink<'_>) -> Result<Format, SourceError>,
    size: u64,
    opts: &Options,
    actor: Actor,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Result<ImportReport, ImportError> {
    let store_id = db.store_id().to_string();
    if opts.dry_run {
        let snapshot = read_session(db.conn()).map_err(ImportError::Store)?;
        let applier = Applier::new(&snapshot, false, &store_id, actor, opts.lang)
            .map_err(ImportError::Store)?;
        let mut imp = Importer::new(opts, Some(applier), size, progress);
        let format = feed(&mut |line, cells| imp.feed(line, cells));
        let format = imp.end(format)?;
        return Ok(imp.into_report(format));
    }
    let mut outcome: Option<Result<ImportReport, ImportError>> = None;
    let result = db.write(|tx| {
        let applier = Applier::new(tx, true, &store_id, actor, opts.lang)?;
        let mut imp = Importer::new(opts, Some(applier), size, progress);
        let format = feed(&mut |line, cells| imp.feed(line, cells));
        let format = match imp.end(format) {
            Ok(f) => f,
            Err(e) => {
                outcome = Some(Err(e));
                return Err(StoreError::Invalid("import stopped".into()));
            }
        };
        let clean = imp.report.ok();
        if let Some(a) = imp.applier.as_ref().filter(|_| clean) {
            a.audit(&imp.report.kinds, &opts.file_name)?;
        }
        outcome = Some(Ok(imp.into_report(format)));
        if clean {
            Ok(())
        } else {
            // Roll back: nothing of this file is kept.
            Err(StoreError::Invalid("import refused".into()))
        }
    });
    match (outcome, result) {
        (Some(Ok(mut report)), Ok(())) => {
            report.committed = true;
            Ok(report)
        }
        (Some(Ok(report)), Err(_)) if !report.ok() => Ok(report),
        (Some(Err(e)), _) => Err(e),
        (_, Err(e)) => Err(ImportError::Store(e)),
        (None, Ok(())) => Err(ImportError::Store(StoreError::Invalid(
            "import not run".into(),
        ))),
    }
}

/// The file's own checks only, without the database pass: every row parsed and checked
/// field by field and against the rows before it. What a dry run costs before it looks
/// anything up (the import benchmark's second anchor).
pub(super) fn check_only(
    feed: impl FnOnce(&mut Sink<'_>) -> Result<Format, SourceError>,
    size: u64,
    opts: &Options,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Result<ImportReport, ImportError> {
    let mut imp = Importer::new(opts, None, size, progress);
    let format = feed(&mut |line, cells| imp.feed(line, cells));
    let format = imp.end(format)?;
    Ok(imp.into_report(format))
}

struct Importer<'o, 'c, 'p> {
    opts: &'o Options,
    parser: Parser,
    /// The database pass (None: the file's own checks only).
    applier: Option<Applier<'c>>,
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
    /// Rows checked and held back for the database pass, a chunk at a time.
    pending: Vec<Pending>,
    /// Emptied vectors of a row's records, for the next rows: a row's records take over
    /// 1 kB, which glibc serves only after merging every small block freed since
    /// (`malloc_consolidate`), a tenth of a dry run's time when asked for a row.
    spare: Vec<Vec<(Record, u64)>>,
}

/// A row held back for the database pass (or refused before it, listed in its turn).
enum Pending {
    Refused(Vec<Problem>),
    Apply {
        line: usize,
        records: Vec<(Record, u64)>,
        /// The notes of its checks.
        warnings: Vec<Problem>,
    },
}

impl<'o, 'c, 'p> Importer<'o, 'c, 'p> {
    fn new(
        opts: &'o Options,
        applier: Option<Applier<'c>>,
        size: u64,
        progress: &'p mut dyn FnMut(Stage, usize, usize),
    ) -> Self {
        Importer {
            opts,
            parser: Parser {
                lang: opts.lang,
                today: opts.today,
            },
            applier,
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
            pending: Vec::new(),
            spare: Vec::new(),
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
            if let Some(a) = self.applier.as_mut() {
                a.expect_rows(rows, &self.report.kinds);
            }
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
        let mut records = self
            .spare
            .pop()
            .unwrap_or_else(|| Vec::with_capacity(layout.kinds.len()));
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
        let chunked = self.applier.is_some();
        // Rows are held back only while the database is looked up.
        let chunk = match &self.applier {
            Some(a) if a.looks_up() => CHUNK,
            _ => 1,
        };
        if !problems.is_empty() {
            r.refused_rows += 1;
            refuse(&mut self.pending, r, chunked, problems);
            recycle(&mut self.spare, records);
            return ControlFlow::Continue(());
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
            refuse(&mut self.pending, r, chunked, vec![p]);
            recycle(&mut self.spare, records);
            return ControlFlow::Continue(());
        }
        if !chunked {
            keep(&mut r.warnings, &mut r.warnings_total, warnings);
            r.accepted += 1;
            recycle(&mut self.spare, records);
            return ControlFlow::Continue(());
        }
        self.pending.push(Pending::Apply {
            line,
            records,
            warnings,
        });
        if self.pending.len() < chunk {
            return ControlFlow::Continue(());
        }
        self.flush()
    }

    /// The database pass over the rows held back: what the database holds under their keys
    /// is fetched in one go, then each row is applied in file order, its problems and
    /// notes listed in file order with the rows refused before it.
    fn flush(&mut self) -> ControlFlow<()> {
        // The vector goes back, emptied, for the next chunk: no allocation a chunk.
        let mut pending = std::mem::take(&mut self.pending);
        let Some(a) = self.applier.as_mut() else {
            return ControlFlow::Continue(());
        };
        let rows = pending.iter().filter_map(|p| match p {
            Pending::Apply { records, .. } => Some(records.as_slice()),
            Pending::Refused(_) => None,
        });
        if let Err(e) = a.prefetch(rows) {
            self.error = Some(ImportError::Store(e));
            return ControlFlow::Break(());
        }
        let r = &mut self.report;
        for p in pending.drain(..) {
            let (line, records, warnings) = match p {
                Pending::Refused(problems) => {
                    keep(&mut r.refused, &mut r.refused_total, problems);
                    continue;
                }
                Pending::Apply {
                    line,
                    records,
                    warnings,
                } => (line, records, warnings),
            };
            keep(&mut r.warnings, &mut r.warnings_total, warnings);
            let applied = a.row(line, &records);
            recycle(&mut self.spare, records);
            match applied {
                Ok(true) => r.refused_rows += 1,
                Ok(false) => r.accepted += 1,
                Err(e) => {
                    self.error = Some(ImportError::Store(e));
                    return ControlFlow::Break(());
                }
            }
            let refused = std::mem::take(&mut a.refused);
            keep(&mut r.refused, &mut r.refused_total, refused);
            let warned = std::mem::take(&mut a.warnings);
            keep(&mut r.warnings, &mut r.warnings_total, warned);
        }
        self.pending = pending;
        ControlFlow::Continue(())
    }

    /// Once the rows ran out (or something stopped them): the header of a file shorter
    /// than the rows looked at, and whatever went wrong.
    fn end(&mut self, format: Result<Format, SourceError>) -> Result<Format, ImportError> {
        let format = format.map_err(ImportError::Source)?;
        if self.layout.is_none() && self.error.is_none() {
            let _ = self.start();
        }
        if self.error.is_none() {
            let _ = self.flush();
        }
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(format),
        }
    }

    /// The report: each kind's counts are the row checks' refusals plus the database
    /// pass's figures, and the matched rows' count is theirs.
    fn into_report(mut self, format: Format) -> ImportReport {
        let stage = self.stage();
        let mut r = self.report;
        (self.progress)(stage, r.rows, r.rows);
        r.format = format;
        let Some(a) = self.applier.as_mut() else {
            return r;
        };
        let mut counts = a.counts;
        for k in crate::io::columns::KINDS {
            counts.of_mut(k).refused += r.counts.of(k).refused;
        }
        r.counts = counts;
        r.matched = std::mem::take(&mut a.matched);
        r.matched_count = counts.total().in_database();
        r
    }
}

/// A row refused before the database pass: listed now, or after the rows held back before
/// it (`chunked`: a database pass runs).
fn refuse(pending: &mut Vec<Pending>, r: &mut ImportReport, chunked: bool, p: Vec<Problem>) {
    if chunked {
        pending.push(Pending::Refused(p));
    } else {
        keep(&mut r.refused, &mut r.refused_total, p);
    }
}

/// A row's records dropped, their vector kept for a later row (as many as a chunk holds).
fn recycle(spare: &mut Vec<Vec<(Record, u64)>>, mut records: Vec<(Record, u64)>) {
    if spare.len() < CHUNK {
        records.clear();
        spare.push(records);
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

/// Keeps the first `KEPT` problems and counts them all.
fn keep(into: &mut Vec<Problem>, total: &mut usize, more: Vec<Problem>) {
    *total += more.len();
    let room = KEPT.saturating_sub(into.len());
    into.extend(more.into_iter().take(room));
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
