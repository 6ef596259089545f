//! Reading an XLSX import file within bounds. A spreadsheet is a zip of XML parts, and both
//! layers can lie: a part can inflate to hundreds of megabytes from a few kilobytes, and a
//! sheet can declare (or place one cell at) `XFD1048576`, which a dense grid turns into half a
//! terabyte. So the zip's parts are inflated and measured first — declared and actual sizes,
//! each against `Limits` — and the sheet is then streamed cell by cell (calamine's cell
//! reader), never as a grid, with rows, columns, cell length and the cell count capped.

use super::source::{Counter, Format, Limits, Sink, SourceError, TooBig, cell_text};
use calamine::{Data, Reader, Xlsx, XlsxError};
use std::io::{Read, Seek};

/// Parts a spreadsheet may have (a workbook has a few dozen).
const MAX_ENTRIES: usize = 10_000;
/// The longest run of bytes between two `<` in a part: a cell's text or a tag. A cell of
/// `Limits::cell_chars` characters, escaped, fits many times over; a longer run would make
/// the XML reader hold it whole.
const MAX_RUN: u64 = 1 << 20;

/// What the inflated XML holds, counted while it streams past: rows, cells, shared strings
/// and the longest run between tags.
#[derive(Default)]
struct Scan {
    run: u64,
    longest: u64,
    rows: u64,
    cells: u64,
    strings: u64,
    carry: Vec<u8>,
}

impl Scan {
    fn feed(&mut self, chunk: &[u8], last: bool) {
        let mut buf = std::mem::take(&mut self.carry);
        buf.extend_from_slice(chunk);
        // Keep a few bytes back so a tag's name is never cut between two chunks.
        let end = if last {
            buf.len()
        } else {
            buf.len().saturating_sub(4)
        };
        let mut from = 0;
        for p in memchr::memchr_iter(b'<', &buf[..end]) {
            self.run += (p - from) as u64;
            self.longest = self.longest.max(self.run);
            self.run = 0;
            from = p + 1;
            let rest = &buf[p + 1..];
            let tag = |name: &[u8]| {
                rest.starts_with(name) && matches!(rest.get(name.len()), Some(b' ' | b'>' | b'/'))
            };
            if tag(b"row") {
                self.rows += 1;
            } else if tag(b"c") {
                self.cells += 1;
            } else if tag(b"si") {
                self.strings += 1;
            }
        }
        self.run += (end - from) as u64;
        self.longest = self.longest.max(self.run);
        self.carry = buf[end..].to_vec();
    }
}

/// Streams the rows of the first worksheet with a non-blank row (or names the first
/// worksheet). Rows go to the sink as soon as the stream passes them: a sheet stores its rows
/// in order, and a cell placed in a row already passed refuses the file.
pub fn stream_xlsx<R: Read + Seek>(
    mut reader: R,
    limits: Limits,
    sink: &mut Sink<'_>,
) -> Result<Format, SourceError> {
    check_zip(&mut reader, limits)?;
    reader
        .seek(std::io::SeekFrom::Start(0))
        .map_err(SourceError::Io)?;
    let err = |e: XlsxError| SourceError::Spreadsheet(e.to_string());
    let mut book: Xlsx<_> = match Xlsx::new(reader) {
        Ok(b) => b,
        // A zip without a workbook: an ODS or some other zipped file.
        Err(XlsxError::FileNotFound(_)) => return Err(SourceError::NotXlsx),
        Err(e) => return Err(err(e)),
    };
    let mut first = None;
    for name in book.sheet_names() {
        let mut cells = match book.worksheet_cells_reader(&name) {
            Ok(r) => r,
            // A chart sheet or a dialog sheet: no cells.
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(err(e)),
        };
        first.get_or_insert_with(|| name.clone());
        let mut rows = Counter::new(limits);
        // The row being filled (0-based) and its cells; `kept` counts cells in all.
        let mut row: Option<u32> = None;
        let mut current: Vec<String> = Vec::new();
        let mut kept = 0usize;
        let mut any = false;
        let mut flush = |line: u32, current: &mut Vec<String>| -> Result<bool, SourceError> {
            let refs: Vec<&str> = current.iter().map(String::as_str).collect();
            let mut stop = false;
            if rows.admit(&refs).map_err(SourceError::TooBig)? {
                any = true;
                stop = sink(line as usize + 1, &refs).is_break();
            }
            current.clear();
            Ok(stop)
        };
        while let Some(cell) = cells.next_cell().map_err(err)? {
            let (r, col) = cell.get_position();
            let text = cell_text(&Data::from(cell.get_value().clone()));
            if text.is_empty() {
                continue;
            }
            let line = r as usize + 1;
            limits
                .check_cell(line, col as usize, &text)
                .map_err(SourceError::TooBig)?;
            match row {
                Some(at) if r < at => return Err(SourceError::OutOfOrder { line }),
                Some(at) if r > at => {
                    if flush(at, &mut current)? {
                        return Ok(Format::Spreadsheet { sheet: name });
                    }
                    row = Some(r);
                }
                Some(_) => {}
                None => row = Some(r),
            }
            if current.len() <= col as usize {
                kept += col as usize + 1 - current.len();
                if kept > limits.cells {
                    return Err(SourceError::TooBig(TooBig::Cells(limits.cells)));
                }
                current.resize(col as usize + 1, String::new());
            }
            current[col as usize] = text;
        }
        if let Some(at) = row {
            flush(at, &mut current)?;
        }
        if any {
            return Ok(Format::Spreadsheet { sheet: name });
        }
    }
    first
        .map(|sheet| Format::Spreadsheet { sheet })
        .ok_or_else(|| SourceError::Spreadsheet("no worksheet".into()))
}

/// Inflates every part of the zip, without keeping it, to measure it: a part whose declared
/// or actual size passes `entry_inflated`, or parts that together pass `total_inflated`,
/// refuse the file before any XML is parsed. Reading stops one byte past the limit, so a
/// zip bomb costs at most the limit's worth of inflating.
fn check_zip<R: Read + Seek>(reader: &mut R, limits: Limits) -> Result<(), SourceError> {
    let bad = |e: zip::result::ZipError| SourceError::Spreadsheet(e.to_string());
    let too_big = || SourceError::TooBig(TooBig::Inflated(limits.total_inflated));
    let mut zip = zip::ZipArchive::new(reader).map_err(bad)?;
    if zip.len() > MAX_ENTRIES {
        return Err(SourceError::Spreadsheet(format!(
            "{} parts (at most {MAX_ENTRIES})",
            zip.len()
        )));
    }
    let mut total = 0u64;
    let mut sink = [0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(bad)?;
        if entry.size() > limits.entry_inflated {
            return Err(too_big());
        }
        let cap = limits
            .entry_inflated
            .min(limits.total_inflated.saturating_sub(total));
        let mut taken = (&mut entry).take(cap + 1);
        let mut n = 0u64;
        let mut scan = Scan::default();
        loop {
            match taken.read(&mut sink) {
                Ok(0) => break,
                Ok(k) => {
                    n += k as u64;
                    scan.feed(&sink[..k], false);
                }
                Err(e) => return Err(SourceError::Spreadsheet(e.to_string())),
            }
            if scan.longest > MAX_RUN {
                return Err(SourceError::TooBig(TooBig::Markup(MAX_RUN)));
            }
        }
        scan.feed(&[], true);
        if n > cap {
            return Err(too_big());
        }
        if scan.longest > MAX_RUN {
            return Err(SourceError::TooBig(TooBig::Markup(MAX_RUN)));
        }
        // Counted before parsing, so a sheet of millions of rows is refused at once.
        if scan.rows > limits.rows as u64 + 1 {
            return Err(SourceError::TooBig(TooBig::Rows(limits.rows)));
        }
        if scan.cells.max(scan.strings) > limits.cells as u64 {
            return Err(SourceError::TooBig(TooBig::Cells(limits.cells)));
        }
        total += n;
    }
    Ok(())
}
