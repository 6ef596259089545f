//! Reading an import file into rows of text cells, whatever it is: CSV or tab-separated text
//! in any encoding `decode` knows, or a spreadsheet (XLSX, XLS, ODS via calamine). Numbers a
//! spreadsheet holds are written out the way Excel shows them at 15 significant digits, so
//! precision Excel already lost (an ID ending `000`) is visible to the checks.

use super::decode::{DecodeError, Encoding};
use crate::i18n::Lang;
use calamine::Data;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::path::Path;

/// What an import file may hold, checked before (or while) it is read, so that a hostile or
/// broken file is refused in bounded time and memory whatever it declares about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The file on disk.
    pub file_bytes: u64,
    /// Non-blank rows.
    pub rows: usize,
    /// Columns of a row (the last non-blank cell's column).
    pub columns: usize,
    /// Characters in one cell.
    pub cell_chars: usize,
    /// Cells kept in all (blank cells before a value count too).
    pub cells: usize,
    /// One part of a spreadsheet (a zip entry) once inflated.
    pub entry_inflated: u64,
    /// All parts of a spreadsheet once inflated.
    pub total_inflated: u64,
}

/// The limits of a real import: a dealer system's 100,000-row export fits with room to
/// spare; a file past any of them is refused with the limit named.
pub const LIMITS: Limits = Limits {
    file_bytes: 48 << 20,
    rows: 200_000,
    columns: 256,
    cell_chars: 32_768,
    cells: 2_000_000,
    entry_inflated: 96 << 20,
    total_inflated: 128 << 20,
};

impl Limits {
    /// Checks one cell before it is kept (`col` 0-based).
    pub fn check_cell(&self, line: usize, col: usize, text: &str) -> Result<(), TooBig> {
        if col >= self.columns {
            return Err(TooBig::Columns {
                line,
                max: self.columns,
            });
        }
        // Bytes bound characters from above: count only when it could matter.
        if text.len() > self.cell_chars && text.chars().count() > self.cell_chars {
            return Err(TooBig::Cell {
                line,
                max: self.cell_chars,
            });
        }
        Ok(())
    }
}

/// Which limit a file went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooBig {
    File(u64),
    Rows(usize),
    Columns {
        line: usize,
        max: usize,
    },
    Cell {
        line: usize,
        max: usize,
    },
    Cells(usize),
    Inflated(u64),
    /// A run of text or a tag in a spreadsheet's XML longer than this many bytes.
    Markup(u64),
}

impl TooBig {
    pub fn message(&self, lang: Lang) -> String {
        let mb = |b: u64| b >> 20;
        match (*self, lang) {
            (TooBig::File(max), Lang::Zh) => {
                format!("文件超过 {} MB，未读取；请拆分成几个文件分别导入", mb(max))
            }
            (TooBig::File(max), Lang::En) => format!(
                "the file is over {} MB and was not read; split it into smaller files",
                mb(max)
            ),
            (TooBig::Rows(max), Lang::Zh) => {
                format!("文件超过 {max} 行，未导入；请拆分成几个文件分别导入")
            }
            (TooBig::Rows(max), Lang::En) => {
                format!("the file has more than {max} rows; split it into smaller files")
            }
            (TooBig::Columns { line, max }, Lang::Zh) => {
                format!("第 {line} 行超过 {max} 列，未导入（是否选错了文件？）")
            }
            (TooBig::Columns { line, max }, Lang::En) => {
                format!("line {line} has more than {max} columns (wrong file?)")
            }
            (TooBig::Cell { line, max }, Lang::Zh) => {
                format!("第 {line} 行有一个单元格超过 {max} 个字符，未导入（是否选错了文件？）")
            }
            (TooBig::Cell { line, max }, Lang::En) => {
                format!("line {line} has a cell longer than {max} characters (wrong file?)")
            }
            (TooBig::Cells(max), Lang::Zh) => {
                format!("文件的单元格超过 {max} 个，未导入；请拆分成几个文件分别导入")
            }
            (TooBig::Cells(max), Lang::En) => {
                format!("the file has more than {max} cells; split it into smaller files")
            }
            (TooBig::Markup(max), Lang::Zh) => format!(
                "电子表格中有超过 {} MB 的单元格或标记（文件可能已损坏或被恶意构造），未读取",
                mb(max).max(1)
            ),
            (TooBig::Markup(max), Lang::En) => format!(
                "the spreadsheet holds a cell or tag over {} MB (damaged or crafted file); not read",
                mb(max).max(1)
            ),
            (TooBig::Inflated(max), Lang::Zh) => format!(
                "电子表格解压后超过 {} MB（文件可能已损坏或被恶意构造），未读取",
                mb(max)
            ),
            (TooBig::Inflated(max), Lang::En) => format!(
                "the spreadsheet inflates to more than {} MB (damaged or crafted file); not read",
                mb(max)
            ),
        }
    }
}

mod text;

/// Rows as they stream past, refused as soon as a limit is passed (nothing is kept).
pub(crate) struct Counter {
    limits: Limits,
    rows: usize,
    cells: usize,
}

impl Counter {
    pub fn new(limits: Limits) -> Self {
        Counter {
            limits,
            rows: 0,
            cells: 0,
        }
    }

    /// Whether a row is kept (blank rows are dropped); Err past a limit.
    pub fn admit<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<bool, TooBig> {
        if !cells.iter().any(|c| !c.as_ref().trim().is_empty()) {
            return Ok(false);
        }
        if self.rows >= self.limits.rows {
            return Err(TooBig::Rows(self.limits.rows));
        }
        self.rows += 1;
        self.cells += cells.len();
        if self.cells > self.limits.cells {
            return Err(TooBig::Cells(self.limits.cells));
        }
        Ok(true)
    }
}

/// Where streamed rows go: `(line, cells)` of each non-blank row in file order. `Break`
/// stops the reading (the sink keeps its own reason).
pub type Sink<'a> = dyn FnMut(usize, &[&str]) -> ControlFlow<()> + 'a;

/// What the file was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Text { encoding: Encoding, delimiter: u8 },
    Spreadsheet { sheet: String },
}

impl Format {
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Format::Text {
                encoding,
                delimiter,
            } => {
                let d = match delimiter {
                    b'\t' => lang.t("制表符分隔", "tab-separated"),
                    b';' => lang.t("分号分隔", "semicolon-separated"),
                    _ => lang.t("逗号分隔", "comma-separated"),
                };
                format!("CSV, {}, {d}", encoding.label())
            }
            Format::Spreadsheet { sheet } => match lang {
                Lang::Zh => format!("电子表格，工作表“{}”", crate::text::inert(sheet)),
                Lang::En => format!("spreadsheet, sheet \"{}\"", crate::text::inert(sheet)),
            },
        }
    }
}

/// One row as read; `line` is the file's line (CSV, where the record starts) or the
/// sheet's row number (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    pub format: Format,
    /// Non-blank rows only.
    pub rows: Vec<RawRow>,
}

#[derive(Debug)]
pub enum SourceError {
    Io(std::io::Error),
    Decode(DecodeError),
    Csv {
        line: usize,
        detail: String,
    },
    Spreadsheet(String),
    TooBig(TooBig),
    /// A spreadsheet in a format other than XLSX (XLS, ODS, XLSB).
    NotXlsx,
    /// A spreadsheet cell placed in a row its sheet had already passed (sheets keep rows in
    /// order; a file breaking that is damaged or crafted).
    OutOfOrder {
        line: usize,
    },
}

impl SourceError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SourceError::Io(e), Lang::Zh) => format!("无法读取文件：{}", lang.io_reason(e)),
            (SourceError::Io(e), Lang::En) => {
                format!("cannot read the file: {}", lang.io_reason(e))
            }
            (SourceError::Decode(e), _) => e.message(lang),
            (SourceError::Csv { line, detail }, Lang::Zh) => {
                format!("第 {line} 行不是有效的 CSV：{detail}")
            }
            (SourceError::Csv { line, detail }, Lang::En) => {
                format!("line {line} is not valid CSV: {detail}")
            }
            (SourceError::Spreadsheet(d), Lang::Zh) => format!("无法读取电子表格：{d}"),
            (SourceError::Spreadsheet(d), Lang::En) => format!("cannot read the spreadsheet: {d}"),
            (SourceError::TooBig(t), _) => t.message(lang),
            (SourceError::NotXlsx, Lang::Zh) => {
                "只能导入 XLSX 或 CSV 电子表格：请在 Excel 中另存为 .xlsx 或 CSV 后重试".into()
            }
            (SourceError::OutOfOrder { line }, Lang::Zh) => {
                format!("电子表格第 {line} 行出现在后面的行之后（文件可能已损坏），未读取")
            }
            (SourceError::OutOfOrder { line }, Lang::En) => {
                format!(
                    "the spreadsheet's row {line} comes after a later row (damaged file?); not read"
                )
            }
            (SourceError::NotXlsx, Lang::En) => {
                "only XLSX or CSV can be imported: save it as .xlsx or CSV in Excel and retry"
                    .into()
            }
        }
    }
}

/// An import file opened to be streamed: a regular file is read a buffer at a time as its
/// rows stream; anything else (a pipe, a device) is read first, no further than the limit.
pub enum Input {
    File(std::fs::File),
    Bytes(Vec<u8>),
}

impl Input {
    /// Streams the rows to `sink` one at a time, within `limits`, keeping none of them:
    /// memory does not grow with the file (but for a spreadsheet's shared strings).
    pub fn stream(self, limits: Limits, sink: &mut Sink<'_>) -> Result<Format, SourceError> {
        match self {
            Input::File(f) => stream_from(f, limits, sink),
            Input::Bytes(b) if b.len() as u64 > limits.file_bytes => {
                Err(SourceError::TooBig(TooBig::File(limits.file_bytes)))
            }
            Input::Bytes(b) => stream_from(Cursor::new(b), limits, sink),
        }
    }
}

/// Opens a file to stream it; a file past the size limit is refused before it is read.
pub fn open(path: &Path, limits: Limits) -> Result<Input, SourceError> {
    let file = std::fs::File::open(path).map_err(SourceError::Io)?;
    let meta = file.metadata().map_err(SourceError::Io)?;
    if !meta.is_file() {
        return load_from(file, limits).map(Input::Bytes);
    }
    if meta.len() > limits.file_bytes {
        return Err(SourceError::TooBig(TooBig::File(limits.file_bytes)));
    }
    Ok(Input::File(file))
}

/// Reads a file (spreadsheet or text, told apart by content, not by name), within `LIMITS`.
pub fn read(path: &Path) -> Result<RawTable, SourceError> {
    read_limited(path, LIMITS)
}

pub fn read_limited(path: &Path, limits: Limits) -> Result<RawTable, SourceError> {
    collect(open(path, limits)?, limits)
}

/// A file's bytes, read no further than one byte past the limit: a device or a growing file
/// cannot lie about its size.
pub fn load(path: &Path, limits: Limits) -> Result<Vec<u8>, SourceError> {
    load_from(std::fs::File::open(path).map_err(SourceError::Io)?, limits)
}

fn load_from(file: std::fs::File, limits: Limits) -> Result<Vec<u8>, SourceError> {
    let mut bytes = Vec::new();
    file.take(limits.file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(SourceError::Io)?;
    if bytes.len() as u64 > limits.file_bytes {
        return Err(SourceError::TooBig(TooBig::File(limits.file_bytes)));
    }
    Ok(bytes)
}

pub fn read_bytes(bytes: Vec<u8>) -> Result<RawTable, SourceError> {
    read_bytes_limited(bytes, LIMITS)
}

pub fn read_bytes_limited(bytes: Vec<u8>, limits: Limits) -> Result<RawTable, SourceError> {
    collect(Input::Bytes(bytes), limits)
}

/// Every row kept in memory (small files: the knowledge base, tests).
fn collect(input: Input, limits: Limits) -> Result<RawTable, SourceError> {
    let mut rows = Vec::new();
    let format = input.stream(limits, &mut |line, cells| {
        rows.push(RawRow {
            line,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        });
        ControlFlow::Continue(())
    })?;
    Ok(RawTable { format, rows })
}

/// Streams the rows of a file's bytes (see [`Input::stream`]).
pub fn stream(bytes: Vec<u8>, limits: Limits, sink: &mut Sink<'_>) -> Result<Format, SourceError> {
    Input::Bytes(bytes).stream(limits, sink)
}

/// Told apart by content: an OLE file (XLS) is refused, a zip is read as XLSX, anything
/// else as text.
fn stream_from<R: Read + Seek>(
    mut r: R,
    limits: Limits,
    sink: &mut Sink<'_>,
) -> Result<Format, SourceError> {
    let mut magic = Vec::with_capacity(4);
    (&mut r)
        .take(4)
        .read_to_end(&mut magic)
        .and_then(|_| r.seek(SeekFrom::Start(0)))
        .map_err(SourceError::Io)?;
    if magic.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Err(SourceError::NotXlsx)
    } else if magic.starts_with(b"PK\x03\x04") {
        super::spreadsheet::stream_xlsx(BufReader::new(r), limits, sink)
    } else {
        text::stream_text(r, limits, sink)
    }
}

/// Excel's trick to keep leading zeros in CSV: `="0755-1234567"`.
fn unwrap_excel_text(cell: &str) -> &str {
    // Most cells start with neither a space nor `=`: nothing to look at.
    if cell
        .chars()
        .next()
        .is_none_or(|c| c != '=' && !c.is_whitespace())
    {
        return cell;
    }
    let t = cell.trim();
    match t.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        Some(inner) if !inner.contains('"') => inner,
        _ => cell,
    }
}

/// The delimiter of the first line: the most frequent of comma, tab and semicolon outside
/// quotes (Excel's "Unicode text" is tab-separated).
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            '\t' if !quoted => counts[1] += 1,
            ';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b'\t', b';'][best]
    }
}

/// A cell as text the way Excel shows it in a general-format cell: whole numbers without a
/// decimal point, at most 15 significant digits.
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(dt) => {
            let (y, m, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if dt.is_duration() {
                float_text(dt.as_f64())
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// `13812341234.0` → `13812341234`; `1.10101199003071e17` → `110101199003071000`.
pub fn float_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{f:.0}");
    }
    if f.fract() == 0.0 && f.abs() < 1e21 {
        // Round to Excel's 15 significant digits, then write out the zeros.
        let sci = format!("{:.14e}", f.abs());
        if let Some((mant, exp)) = sci.split_once('e')
            && let Ok(exp) = exp.parse::<usize>()
        {
            let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
            let mut out = String::new();
            if f < 0.0 {
                out.push('-');
            }
            out.push_str(&digits);
            out.extend(std::iter::repeat_n(
                '0',
                (exp + 1).saturating_sub(digits.len()),
            ));
            return out;
        }
    }
    let s = format!("{f}");
    // Excel shows at most 15 significant digits; 0.1 + 0.2 should not read 0.30000000000000004.
    match format!("{f:.15}")
        .trim_end_matches('0')
        .trim_end_matches('.')
    {
        short if short.len() < s.len() => short.to_string(),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_like_excel_shows_them() {
        assert_eq!(float_text(13812341234.0), "13812341234");
        assert_eq!(float_text(1.10101199003071e17), "110101199003071000");
        assert_eq!(float_text(1234.5), "1234.5");
        assert_eq!(float_text(0.1 + 0.2), "0.3");
    }

    #[test]
    fn delimiters_and_excel_text() {
        assert_eq!(sniff_delimiter("a\tb\tc\n1,2\t3"), b'\t');
        assert_eq!(sniff_delimiter("\"a,b\";c;d"), b';');
        assert_eq!(sniff_delimiter("name"), b',');
        assert_eq!(unwrap_excel_text("=\"07551234567\""), "07551234567");
        assert_eq!(unwrap_excel_text("=1+1"), "=1+1");
    }

    #[test]
    fn csv_rows_keep_their_line_numbers() {
        let t = read_bytes(b"h1,h2\n\n\"a\nb\",c\nd,e\n".to_vec()).unwrap();
        let lines: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 3, 5]);
        assert_eq!(t.rows[1].cells, vec!["a\nb", "c"]);
    }
}
