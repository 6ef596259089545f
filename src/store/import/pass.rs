//! The import as the store runs it: the checked rows the file reader hands on
//! (`crate::io::import::Pass`) are matched against the store a chunk at a time, a dry run
//! in one read snapshot, the real import in one `BEGIN IMMEDIATE` transaction, rolled back
//! if any row is refused (all rows or none).

use super::{Applier, read_session};
use crate::io::columns::KINDS;
use crate::io::import::{
    Checked, ImportError, ImportReport, KEPT, Options, Pass, Problem, Record, Spare,
};
use crate::store::{Actor, Db, StoreError};
use std::ops::ControlFlow;

/// Rows whose database lookups are fetched together (`Applier::prefetch`).
const CHUNK: usize = 500;

/// Runs an import: `read` reads the file and hands each checked row to the pass it is
/// given (`crate::io::import::read_input`). A dry run reads the store in one snapshot and
/// writes nothing; the real import writes in one transaction, committed only when no row
/// was refused, with one audit entry for the whole file.
pub fn run(
    db: &mut Db,
    actor: Actor,
    opts: &Options,
    read: impl FnOnce(&mut dyn Pass) -> Result<ImportReport, ImportError>,
) -> Result<ImportReport, ImportError> {
    let store_id = db.store_id().to_string();
    let failed = |e: StoreError| ImportError::Database(e.message(opts.lang));
    if opts.dry_run {
        let snapshot = read_session(db.conn()).map_err(failed)?;
        let applier =
            Applier::new(&snapshot, false, &store_id, actor, opts.lang).map_err(failed)?;
        return read(&mut DbPass::new(applier, opts.lang));
    }
    let mut outcome: Option<Result<ImportReport, ImportError>> = None;
    let result = db.write(|tx| {
        let applier = Applier::new(tx, true, &store_id, actor, opts.lang)?;
        let mut pass = DbPass::new(applier, opts.lang);
        let report = match read(&mut pass) {
            Ok(r) => r,
            Err(e) => {
                outcome = Some(Err(e));
                return Err(StoreError::Invalid("import stopped".into()));
            }
        };
        let clean = report.ok();
        if clean {
            pass.applier.audit(&report.kinds, &opts.file_name)?;
        }
        outcome = Some(Ok(report));
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
        (_, Err(e)) => Err(failed(e)),
        (None, Ok(())) => Err(failed(StoreError::Invalid("import not run".into()))),
    }
}

/// The database pass over the checked rows.
struct DbPass<'c> {
    applier: Applier<'c>,
    lang: crate::i18n::Lang,
    /// Rows checked and held back for the database pass, a chunk at a time.
    pending: Vec<Pending>,
    /// Why the pass stopped.
    error: Option<StoreError>,
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

impl<'c> DbPass<'c> {
    fn new(applier: Applier<'c>, lang: crate::i18n::Lang) -> Self {
        DbPass {
            applier,
            lang,
            pending: Vec::new(),
            error: None,
        }
    }

    /// The database pass over the rows held back: what the database holds under their keys
    /// is fetched in one go, then each row is applied in file order, its problems and
    /// notes listed in file order with the rows refused before it.
    fn flush(&mut self, r: &mut ImportReport, spare: &mut Spare) -> ControlFlow<()> {
        // The vector goes back, emptied, for the next chunk: no allocation a chunk.
        let mut pending = std::mem::take(&mut self.pending);
        let a = &mut self.applier;
        let rows = pending.iter().filter_map(|p| match p {
            Pending::Apply { records, .. } => Some(records.as_slice()),
            Pending::Refused(_) => None,
        });
        if let Err(e) = a.prefetch(rows) {
            self.error = Some(e);
            return ControlFlow::Break(());
        }
        for p in pending.drain(..) {
            let (line, records, warnings) = match p {
                Pending::Refused(problems) => {
                    r.refuse(problems);
                    continue;
                }
                Pending::Apply {
                    line,
                    records,
                    warnings,
                } => (line, records, warnings),
            };
            r.note(warnings);
            a.refused_room = KEPT.saturating_sub(r.refused.len());
            let applied = a.row(line, &records);
            spare.recycle(records);
            match applied {
                Ok(true) => r.refused_rows += 1,
                Ok(false) => r.accepted += 1,
                Err(e) => {
                    self.error = Some(e);
                    return ControlFlow::Break(());
                }
            }
            r.refuse(std::mem::take(&mut a.refused));
            r.note(std::mem::take(&mut a.warnings));
        }
        self.pending = pending;
        ControlFlow::Continue(())
    }
}

impl Pass for DbPass<'_> {
    fn expect_rows(&mut self, rows: usize, kinds: &[crate::io::columns::Kind]) {
        self.applier.expect_rows(rows, kinds);
    }

    fn row(&mut self, row: Checked, r: &mut ImportReport, spare: &mut Spare) -> ControlFlow<()> {
        match row {
            Checked::Refused(problems) => {
                self.pending.push(Pending::Refused(problems));
                ControlFlow::Continue(())
            }
            Checked::Accepted {
                line,
                records,
                warnings,
            } => {
                self.pending.push(Pending::Apply {
                    line,
                    records,
                    warnings,
                });
                // Rows are held back only while the database is looked up.
                let chunk = if self.applier.looks_up() { CHUNK } else { 1 };
                if self.pending.len() < chunk {
                    return ControlFlow::Continue(());
                }
                self.flush(r, spare)
            }
        }
    }

    /// The rows still held back; then each kind's counts are the row checks' refusals plus
    /// the database pass's figures, and the matched rows' count is theirs.
    fn end(&mut self, r: &mut ImportReport, spare: &mut Spare) -> Result<(), ImportError> {
        if self.error.is_none() {
            let _ = self.flush(r, spare);
        }
        if let Some(e) = self.error.take() {
            return Err(ImportError::Database(e.message(self.lang)));
        }
        let a = &mut self.applier;
        let mut counts = a.counts;
        for k in KINDS {
            counts.of_mut(k).refused += r.counts.of(k).refused;
        }
        r.counts = counts;
        r.matched = std::mem::take(&mut a.matched);
        r.matched_count = counts.total().in_database();
        Ok(())
    }
}
