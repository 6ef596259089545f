//! A CSV or tab-separated file streamed from its reader a buffer at a time, in whatever
//! encoding `decode` knows: the bytes are never held whole, so memory does not grow with the
//! file. The encoding is told from the byte-order mark, else from the first line that is not
//! ASCII (UTF-8, else GBK); a later line in the other encoding, bytes that are not text, or
//! control characters refuse the file with their line, as `decode` does for a whole file.

use super::{
    Counter, Format, Limits, Sink, SourceError, TooBig, sniff_delimiter, unwrap_excel_text,
};
use crate::io::decode::{self, DecodeError, DecodeProblem, Encoding};
use encoding_rs::{Decoder, GB18030, UTF_16BE, UTF_16LE};
use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};

/// Bytes read from the file at a time.
const BUFFER: usize = 64 * 1024;

/// A reader that fails one byte past the file limit: a device or a growing file cannot lie
/// about its size.
struct Capped<R> {
    inner: R,
    read: u64,
    max: u64,
    over: bool,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let room = ((self.max + 1).saturating_sub(self.read)).min(buf.len() as u64) as usize;
        let n = self.inner.read(&mut buf[..room])?;
        self.read += n as u64;
        if self.read > self.max {
            self.over = true;
            return Err(io::Error::other("file over the limit"));
        }
        Ok(n)
    }
}

impl<R: Seek> Seek for Capped<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let at = self.inner.seek(to)?;
        self.read = at;
        Ok(at)
    }
}

/// How the file's bytes become UTF-8 text.
enum Mode {
    /// Handed on as they are; each record is checked to be UTF-8 (else: mixed encodings).
    Utf8,
    Utf16(Decoder),
    /// GBK read as GB18030, a line at a time so that a line in UTF-8 is named.
    Gb18030,
}

/// The file's text as the CSV reader reads it. It keeps the offsets of the line breaks it
/// handed on until the records before them are numbered (a record's position may point at
/// blank lines before it).
struct Text<R> {
    inner: BufReader<Capped<R>>,
    mode: Mode,
    /// Decoded text not handed on yet: `out[at..]`.
    out: Vec<u8>,
    at: usize,
    /// Raw lines read (GBK), and the one being decoded.
    raw_line: usize,
    raw: Vec<u8>,
    /// Bytes handed on, and the offsets of the `\r` and `\n` among the latest of them.
    handed: u64,
    breaks: VecDeque<(u64, u8)>,
    /// Why the text stopped (the CSV reader only sees an I/O error).
    error: Option<SourceError>,
    /// The decoder was told the file ended.
    ended: bool,
}

impl<R: Read> Text<R> {
    /// Decodes more text onto `out`; false at the end of the file.
    fn refill(&mut self) -> io::Result<bool> {
        self.out.drain(..self.at);
        self.at = 0;
        let result = match &mut self.mode {
            Mode::Utf8 => {
                let chunk = self.inner.fill_buf()?;
                let n = chunk.len();
                self.out.extend_from_slice(chunk);
                self.inner.consume(n);
                Ok(n > 0)
            }
            Mode::Utf16(_) if self.ended => Ok(false),
            Mode::Utf16(dec) => {
                let chunk = self.inner.fill_buf()?;
                let (n, last) = (chunk.len(), chunk.is_empty());
                let from = self.out.len();
                let room = dec.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16);
                self.out.resize(from + room, 0);
                let (_, read, written, _) = dec.decode_to_utf8(chunk, &mut self.out[from..], last);
                self.out.truncate(from + written);
                self.inner.consume(read);
                // A decoder is not used again once told the input ended.
                self.ended = last;
                Ok(!last || written > 0)
            }
            Mode::Gb18030 => self.gbk_line(),
        };
        result.map_err(|e| self.io_error(e))
    }

    /// One raw line of a GBK file, decoded onto `out`.
    fn gbk_line(&mut self) -> io::Result<bool> {
        self.raw.clear();
        if self.inner.read_until(b'\n', &mut self.raw)? == 0 {
            return Ok(false);
        }
        self.raw_line += 1;
        if self.raw.is_ascii() {
            self.out.extend_from_slice(&self.raw);
            return Ok(true);
        }
        let kind = if std::str::from_utf8(&self.raw).is_ok() {
            DecodeProblem::Mixed
        } else {
            let (text, bad) = GB18030.decode_without_bom_handling(&self.raw);
            if !bad {
                self.out.extend_from_slice(text.as_bytes());
                return Ok(true);
            }
            DecodeProblem::Garbage
        };
        let line = self.raw_line;
        Err(self.fail(SourceError::Decode(DecodeError { line, kind })))
    }

    /// The file over its limit is said as such, not as an I/O error.
    fn io_error(&mut self, e: io::Error) -> io::Error {
        if self.inner.get_ref().over {
            let max = self.inner.get_ref().max;
            return self.fail(SourceError::TooBig(TooBig::File(max)));
        }
        e
    }

    fn fail(&mut self, e: SourceError) -> io::Error {
        self.error.get_or_insert(e);
        io::Error::other("import file refused")
    }

    /// The first non-blank line (for the delimiter), decoded ahead: it stays to be read.
    fn first_line(&mut self) -> Result<String, SourceError> {
        loop {
            let text = &self.out[self.at..];
            if let Some(s) = text.iter().position(|b| !b" \t\r\n".contains(b))
                && let Some(end) = memchr::memchr(b'\n', &text[s..])
            {
                return Ok(String::from_utf8_lossy(&text[s..s + end]).into_owned());
            }
            match self.refill() {
                Ok(true) => {}
                Ok(false) => return Ok(String::from_utf8_lossy(&self.out[self.at..]).into()),
                Err(e) => return Err(self.error.take().unwrap_or(SourceError::Io(e))),
            }
        }
    }

    /// The line a record starts on, from its position (which may point at blank lines
    /// before it); forgets the line breaks before it.
    fn record_line(&mut self, p: &csv::Position) -> usize {
        let (mut at, mut line) = (p.byte(), p.line() as usize);
        while self.breaks.front().is_some_and(|(o, _)| *o < at) {
            self.breaks.pop_front();
        }
        while let Some(&(o, b)) = self.breaks.front() {
            if o != at {
                break;
            }
            if b == b'\n' {
                line += 1;
            }
            at += 1;
            self.breaks.pop_front();
        }
        line
    }
}

impl<R: Read> Read for Text<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at == self.out.len() {
            if matches!(self.mode, Mode::Utf8) {
                // No copy through `out` once the text ahead is handed on.
                let n = self.inner.read(buf).map_err(|e| self.io_error(e))?;
                self.note(0, n, buf);
                return Ok(n);
            }
            if !self.refill()? {
                return Ok(0);
            }
        }
        let n = (self.out.len() - self.at).min(buf.len());
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        self.note(0, n, buf);
        Ok(n)
    }
}

impl<R> Text<R> {
    fn note(&mut self, from: usize, n: usize, buf: &[u8]) {
        for i in memchr::memchr2_iter(b'\n', b'\r', &buf[from..from + n]) {
            self.breaks
                .push_back((self.handed + i as u64, buf[from + i]));
        }
        self.handed += n as u64;
    }
}

/// The encoding of a text file and the length of its byte-order mark: the mark, else the
/// first line that is not ASCII (UTF-8 if it is valid UTF-8, else GBK). Reads back to the
/// start.
fn sniff<R: BufRead + Seek>(r: &mut R) -> io::Result<(Encoding, u64)> {
    let head = r.fill_buf()?;
    let found = if head.starts_with(b"\xEF\xBB\xBF") {
        Some((Encoding::Utf8Bom, 3))
    } else if head.starts_with(b"\xFF\xFE") {
        Some((Encoding::Utf16LeBom, 2))
    } else if head.starts_with(b"\xFE\xFF") {
        Some((Encoding::Utf16BeBom, 2))
    } else {
        None
    };
    let found = match found {
        Some(f) => f,
        None => {
            let mut line = Vec::new();
            loop {
                line.clear();
                if r.read_until(b'\n', &mut line)? == 0 {
                    break (Encoding::Utf8, 0);
                }
                if !line.is_ascii() {
                    let utf8 = std::str::from_utf8(&line).is_ok();
                    break (
                        if utf8 {
                            Encoding::Utf8
                        } else {
                            Encoding::Gb18030
                        },
                        0,
                    );
                }
            }
        }
    };
    r.seek(SeekFrom::Start(found.1))?;
    Ok(found)
}

/// Streams the rows of a text file to `sink`, within `limits`.
pub(super) fn stream_text<R: Read + Seek>(
    reader: R,
    limits: Limits,
    sink: &mut Sink<'_>,
) -> Result<Format, SourceError> {
    let capped = Capped {
        inner: reader,
        read: 0,
        max: limits.file_bytes,
        over: false,
    };
    let mut inner = BufReader::with_capacity(BUFFER, capped);
    let too_big = |r: &BufReader<Capped<R>>, e: io::Error| {
        if r.get_ref().over {
            SourceError::TooBig(TooBig::File(limits.file_bytes))
        } else {
            SourceError::Io(e)
        }
    };
    let (encoding, _) = sniff(&mut inner).map_err(|e| too_big(&inner, e))?;
    let mode = match encoding {
        Encoding::Utf16LeBom => Mode::Utf16(UTF_16LE.new_decoder_without_bom_handling()),
        Encoding::Utf16BeBom => Mode::Utf16(UTF_16BE.new_decoder_without_bom_handling()),
        Encoding::Gb18030 => Mode::Gb18030,
        Encoding::Utf8 | Encoding::Utf8Bom => Mode::Utf8,
    };
    let mut text = Text {
        inner,
        mode,
        out: Vec::new(),
        at: 0,
        raw_line: 0,
        raw: Vec::new(),
        handed: 0,
        breaks: VecDeque::new(),
        error: None,
        ended: false,
    };
    let delimiter = sniff_delimiter(&text.first_line()?);
    let format = Format::Text {
        encoding,
        delimiter,
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(BUFFER)
        .from_reader(text);
    let mut rows = Counter::new(limits);
    let mut record = csv::ByteRecord::new();
    // One allocation for every row's cells, handed back after each row.
    let mut spare: Vec<&'static str> = Vec::new();
    loop {
        let line = rdr.position().line() as usize;
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                if let Some(stop) = rdr.get_mut().error.take() {
                    return Err(stop);
                }
                let line = e.position().map_or(line, |p| p.line() as usize);
                return Err(SourceError::Csv {
                    line,
                    detail: e.to_string(),
                });
            }
        }
        let line = match record.position() {
            Some(p) => rdr.get_mut().record_line(p),
            None => line,
        };
        let mut cells = recycle(std::mem::take(&mut spare));
        // The record's text checked in one go (UTF-8, no control characters): a cell is
        // then its part of it, cut where a character starts. A record that fails is read
        // again cell by cell to name the cell at fault.
        let whole = std::str::from_utf8(record.as_slice())
            .ok()
            .filter(|w| decode::is_text(w));
        for (col, raw) in record.iter().enumerate() {
            let part = whole.and_then(|w| w.get(record.range(col)?));
            let Some(cell) =
                part.or_else(|| std::str::from_utf8(raw).ok().filter(|c| decode::is_text(c)))
            else {
                // The line the cell starts on: the record's, past the breaks before it.
                let breaks: usize = record
                    .iter()
                    .take(col)
                    .map(|r| memchr::memchr_iter(b'\n', r).count())
                    .sum();
                return Err(bad_cell(&encoding, line + breaks, raw));
            };
            // Blank cells past the last column are no columns (a row of commas).
            if col < limits.columns || !cell.trim().is_empty() {
                limits
                    .check_cell(line, col, cell)
                    .map_err(SourceError::TooBig)?;
            }
            if col < limits.columns {
                cells.push(unwrap_excel_text(cell));
            }
        }
        if rows.admit(&cells).map_err(SourceError::TooBig)? && sink(line, &cells).is_break() {
            break;
        }
        // The cells borrow the record: let go of them before it is read again.
        spare = recycle(cells);
    }
    Ok(format)
}

/// A cell that is not UTF-8 (a UTF-8 file with a line in another encoding) or holds
/// control characters: the file is refused at the cell's line.
fn bad_cell(encoding: &Encoding, line: usize, raw: &[u8]) -> SourceError {
    let utf8 = std::str::from_utf8(raw);
    let kind = if utf8.is_err() && matches!(encoding, Encoding::Utf8) {
        DecodeProblem::Mixed
    } else {
        DecodeProblem::Garbage
    };
    // The line within the cell where it goes wrong.
    let upto = match utf8 {
        Err(e) => e.valid_up_to(),
        Ok(s) => s
            .char_indices()
            .find(|(_, c)| !decode::is_text_char(*c))
            .map_or(0, |(i, _)| i),
    };
    let line = line + memchr::memchr_iter(b'\n', &raw[..upto]).count();
    SourceError::Decode(DecodeError { line, kind })
}

/// An emptied vector's allocation, free of the borrows its elements had.
fn recycle<'b>(mut v: Vec<&str>) -> Vec<&'b str> {
    v.clear();
    v.into_iter().map(|_| "").collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;
    use std::ops::ControlFlow;

    fn rows(bytes: &[u8], limits: Limits) -> Result<Vec<(usize, Vec<String>)>, SourceError> {
        let mut out = Vec::new();
        stream_text(Cursor::new(bytes), limits, &mut |line, cells| {
            out.push((line, cells.iter().map(|c| c.to_string()).collect()));
            ControlFlow::Continue(())
        })?;
        Ok(out)
    }

    #[test]
    fn a_reader_longer_than_it_said_stops_one_byte_past_the_limit() {
        // A device or a file growing while it is read: only the reader tells its length.
        let text = "a,b\n".repeat(40_000);
        let limits = Limits {
            file_bytes: 100_000,
            ..super::super::LIMITS
        };
        match rows(text.as_bytes(), limits) {
            Err(SourceError::TooBig(TooBig::File(100_000))) => {}
            other => panic!("{:?}", other.map(|r| r.len())),
        }
        assert_eq!(
            rows(&text.as_bytes()[..100_000], limits).unwrap().len(),
            25_000
        );
    }

    #[test]
    fn rows_keep_their_lines_across_blank_lines_and_breaks_in_cells() {
        let got = rows(
            b"h1,h2\r\n\r\n\"a\r\nb\",c\r\n\n\nd,e",
            super::super::LIMITS,
        )
        .unwrap();
        let lines: Vec<usize> = got.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![1, 3, 7]);
        assert_eq!(got[1].1, vec!["a\r\nb", "c"]);
        assert_eq!(got[2].1, vec!["d", "e"]);
    }
}
