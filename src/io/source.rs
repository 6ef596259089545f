//! Reading an import file into rows of text cells, whatever it is: CSV or tab-separated text
//! in any encoding `decode` knows, or a spreadsheet (XLSX, XLS, ODS via calamine). Numbers a
//! spreadsheet holds are written out the way Excel shows them at 15 significant digits, so
//! precision Excel already lost (an ID ending `000`) is visible to the checks.

use super::decode::{self, DecodeError, Encoding};
use crate::i18n::Lang;
use calamine::{Data, Reader};
use std::path::Path;

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
    Csv { line: usize, detail: String },
    Spreadsheet(String),
}

impl SourceError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SourceError::Io(e), Lang::Zh) => format!("无法读取文件：{e}"),
            (SourceError::Io(e), Lang::En) => format!("cannot read the file: {e}"),
            (SourceError::Decode(e), _) => e.message(lang),
            (SourceError::Csv { line, detail }, Lang::Zh) => {
                format!("第 {line} 行不是有效的 CSV：{detail}")
            }
            (SourceError::Csv { line, detail }, Lang::En) => {
                format!("line {line} is not valid CSV: {detail}")
            }
            (SourceError::Spreadsheet(d), Lang::Zh) => format!("无法读取电子表格：{d}"),
            (SourceError::Spreadsheet(d), Lang::En) => format!("cannot read the spreadsheet: {d}"),
        }
    }
}

/// Reads a file (spreadsheet or text, told apart by content, not by name).
pub fn read(path: &Path) -> Result<RawTable, SourceError> {
    let bytes = std::fs::read(path).map_err(SourceError::Io)?;
    read_bytes(bytes)
}

pub fn read_bytes(bytes: Vec<u8>) -> Result<RawTable, SourceError> {
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if zip || ole {
        read_spreadsheet(bytes)
    } else {
        read_text(&bytes)
    }
}

fn read_text(bytes: &[u8]) -> Result<RawTable, SourceError> {
    let (text, encoding) = decode::decode(bytes).map_err(SourceError::Decode)?;
    let delimiter = sniff_delimiter(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = rdr.position().line() as usize;
        match rdr.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line() as usize);
                return Err(SourceError::Csv {
                    line,
                    detail: e.to_string(),
                });
            }
        }
        let line = record
            .position()
            .map_or(line, |p| first_line(text.as_bytes(), p));
        let cells: Vec<String> = record.iter().map(unwrap_excel_text).collect();
        if cells.iter().any(|c| !c.trim().is_empty()) {
            rows.push(RawRow { line, cells });
        }
    }
    Ok(RawTable {
        format: Format::Text {
            encoding,
            delimiter,
        },
        rows,
    })
}

/// The line a record's text starts on: its position may point at blank lines before it.
fn first_line(text: &[u8], p: &csv::Position) -> usize {
    let mut line = p.line() as usize;
    for &b in text.iter().skip(p.byte() as usize) {
        match b {
            b'\n' => line += 1,
            b'\r' => {}
            _ => break,
        }
    }
    line
}

/// Excel's trick to keep leading zeros in CSV: `="0755-1234567"`.
fn unwrap_excel_text(cell: &str) -> String {
    let t = cell.trim();
    match t.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        Some(inner) if !inner.contains('"') => inner.to_string(),
        _ => cell.to_string(),
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

fn read_spreadsheet(bytes: Vec<u8>) -> Result<RawTable, SourceError> {
    let err = |e: calamine::Error| SourceError::Spreadsheet(e.to_string());
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(err)?;
    let names = book.sheet_names();
    let mut fallback = None;
    for (i, name) in names.iter().enumerate() {
        let Some(range) = book.worksheet_range_at(i) else {
            continue;
        };
        let range = range.map_err(err)?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::new();
        for (r, row) in range.rows().enumerate() {
            let mut cells: Vec<String> = vec![String::new(); left as usize];
            cells.extend(row.iter().map(cell_text));
            if cells.iter().any(|c| !c.trim().is_empty()) {
                rows.push(RawRow {
                    line: top as usize + r + 1,
                    cells,
                });
            }
        }
        let table = RawTable {
            format: Format::Spreadsheet {
                sheet: name.clone(),
            },
            rows,
        };
        if !table.rows.is_empty() {
            return Ok(table);
        }
        fallback.get_or_insert(table);
    }
    fallback.ok_or_else(|| SourceError::Spreadsheet("no worksheet".into()))
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
