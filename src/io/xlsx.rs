//! XLSX output (rust_xlsxwriter): a bold, frozen header row; phones, ID numbers and VINs as
//! text cells with the text number format (`@`), so Excel neither rounds them nor drops a
//! leading zero; every text cell neutralised like the CSV (a leading `'` before `=`, `+`,
//! `-`, `@`); the file created readable by its owner only.

use super::sheet::{Heading, Sheet, Value};
use crate::export::neutralize;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::path::Path;

/// Excel's limit on one cell's text.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's row limit, header included.
const MAX_ROWS: usize = 1_048_576;
/// Rows above the header: the title and the store/period line.
const HEAD_ROWS: u32 = 2;

fn xlsx_err(e: XlsxError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    let n: String = title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    let n = n.trim_matches('\'').trim().to_string();
    if n.is_empty() { "Sheet1".into() } else { n }
}

fn cell(s: &str) -> String {
    let n = neutralize(s);
    if n.chars().count() > MAX_CELL_CHARS {
        n.chars().take(MAX_CELL_CHARS).collect()
    } else {
        n
    }
}

/// A column's cells as dates: every non-empty cell a `Value::Text` of the form our sheets
/// write dates and times in (`2026-11-03`, `2026-11-03 09:30`), and at least one of them.
/// Such a column is written as real date cells, so Excel sorts and filters it by date.
fn date_column(sheet: &Sheet, c: usize) -> Option<&'static str> {
    let mut kind = None;
    for row in &sheet.rows {
        match row.get(c) {
            None | Some(Value::Empty) => {}
            Some(Value::Text(s)) if s.is_empty() => {}
            Some(Value::Text(s)) => {
                let k = if parse_date(s).is_some() {
                    DATE_FORMAT
                } else if parse_datetime(s).is_some() {
                    DATETIME_FORMAT
                } else {
                    return None;
                };
                if kind.is_some_and(|was| was != k) {
                    return None;
                }
                kind = Some(k);
            }
            Some(_) => return None,
        }
    }
    kind
}

const DATE_FORMAT: &str = "yyyy-mm-dd";
const DATETIME_FORMAT: &str = "yyyy-mm-dd hh:mm";

fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    (s.len() == 10)
        .then(|| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
}

fn parse_datetime(s: &str) -> Option<chrono::NaiveDateTime> {
    (s.len() == 16)
        .then(|| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").ok())
        .flatten()
}

/// The Excel serial of a date or date-time cell written by our sheets.
fn excel_date(s: &str) -> Option<ExcelDateTime> {
    use chrono::{Datelike, Timelike};
    if let Some(d) = parse_date(s) {
        return ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).ok();
    }
    let t = parse_datetime(s)?;
    ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)
        .and_then(|d| d.and_hms(t.hour() as u16, t.minute() as u8, 0))
        .ok()
}

/// Text for a printed page header or footer: `&` is Excel's control character there.
fn header_text(s: &str, max: usize) -> String {
    s.chars().take(max).collect::<String>().replace('&', "&&")
}

/// The workbook's bytes: the heading's title and period in the first two rows, the header
/// row under them, then the rows. Set up to print: A4 landscape, fitted to the page width,
/// the header row repeated on every page, the store, title and period in the page header
/// and the page number in the footer.
pub fn to_bytes(sheet: &Sheet, heading: &Heading) -> std::io::Result<Vec<u8>> {
    if sheet.rows.len() + HEAD_ROWS as usize + 1 > MAX_ROWS {
        return Err(std::io::Error::other(format!(
            "{} rows: more than an XLSX sheet holds ({MAX_ROWS}); export CSV instead",
            sheet.rows.len()
        )));
    }
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let title_fmt = Format::new().set_bold().set_font_size(14);
    let text = Format::new().set_num_format("@");
    let date_fmt = Format::new().set_num_format(DATE_FORMAT);
    let datetime_fmt = Format::new().set_num_format(DATETIME_FORMAT);
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&sheet.title)).map_err(xlsx_err)?;
    ws.write_string_with_format(0, 0, cell(&heading.title), &title_fmt)
        .map_err(xlsx_err)?;
    let sub = heading.subtitle();
    if !sub.is_empty() {
        ws.write_string(1, 0, cell(&sub)).map_err(xlsx_err)?;
    }
    let head = HEAD_ROWS;
    let mut widths: Vec<usize> = sheet
        .columns
        .iter()
        .map(|c| crate::text::width(c))
        .collect();
    for (c, name) in sheet.columns.iter().enumerate() {
        ws.write_string_with_format(head, c as u16, cell(name), &bold)
            .map_err(xlsx_err)?;
    }
    let dates: Vec<Option<&str>> = (0..sheet.columns.len())
        .map(|c| date_column(sheet, c))
        .collect();
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = head + 1 + r as u32;
        for (c, v) in row.iter().enumerate() {
            let col = c as u16;
            match v {
                Value::Text(s) => match dates.get(c).copied().flatten().zip(excel_date(s)) {
                    Some((f, d)) => {
                        let fmt = if f == DATE_FORMAT {
                            &date_fmt
                        } else {
                            &datetime_fmt
                        };
                        ws.write_datetime_with_format(r, col, &d, fmt)
                            .map_err(xlsx_err)?;
                    }
                    None => {
                        ws.write_string(r, col, cell(s)).map_err(xlsx_err)?;
                    }
                },
                Value::Code(s) => {
                    ws.write_string_with_format(r, col, cell(s), &text)
                        .map_err(xlsx_err)?;
                }
                Value::Int(i) => {
                    ws.write_number(r, col, *i as f64).map_err(xlsx_err)?;
                }
                Value::Num(f, places) => {
                    let fmt = Format::new().set_num_format(if *places == 0 {
                        "0".to_string()
                    } else {
                        format!("0.{}", "0".repeat(*places as usize))
                    });
                    ws.write_number_with_format(r, col, *f, &fmt)
                        .map_err(xlsx_err)?;
                }
                Value::Empty => {}
            }
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(crate::text::width(&v.text()).min(50));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 + 2.0).min(60.0))
            .map_err(xlsx_err)?;
    }
    ws.set_freeze_panes(head + 1, 0).map_err(xlsx_err)?;
    // Printing: A4 (paper size 9) landscape, as wide as one page, as long as it takes.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(head, head).map_err(xlsx_err)?;
    ws.set_header(format!(
        "&L{}&C{}&R{}",
        header_text(&heading.store, 60),
        header_text(&heading.title, 60),
        header_text(&heading.period, 60)
    ));
    ws.set_footer("&C&P / &N");
    wb.save_to_buffer().map_err(xlsx_err)
}

/// Writes the sheet as an owner-only XLSX file.
pub fn write_xlsx(path: &Path, sheet: &Sheet, heading: &Heading) -> std::io::Result<()> {
    crate::export::write_file(
        path,
        &to_bytes(sheet, heading)?,
        crate::export::Access::Owner,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_legal() {
        assert_eq!(sheet_name("calls 2026/11"), "calls 202611");
        assert_eq!(sheet_name("[]"), "Sheet1");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }
}
