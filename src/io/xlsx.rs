//! XLSX output (rust_xlsxwriter): a bold, frozen header row; phones, ID numbers and VINs as
//! text cells with the text number format (`@`), so Excel neither rounds them nor drops a
//! leading zero; every text cell neutralised like the CSV (a leading `'` before `=`, `+`,
//! `-`, `@`); the file created readable by its owner only.

use super::sheet::{Sheet, Value};
use crate::export::neutralize;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::io::Write;
use std::path::Path;

/// Excel's limit on one cell's text.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's row limit, header included.
const MAX_ROWS: usize = 1_048_576;

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

/// The workbook's bytes.
pub fn to_bytes(sheet: &Sheet) -> std::io::Result<Vec<u8>> {
    if sheet.rows.len() + 1 > MAX_ROWS {
        return Err(std::io::Error::other(format!(
            "{} rows: more than an XLSX sheet holds ({MAX_ROWS}); export CSV instead",
            sheet.rows.len()
        )));
    }
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&sheet.title)).map_err(xlsx_err)?;
    let mut widths: Vec<usize> = sheet
        .columns
        .iter()
        .map(|c| crate::text::width(c))
        .collect();
    for (c, name) in sheet.columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, cell(name), &bold)
            .map_err(xlsx_err)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = (r + 1) as u32;
        for (c, v) in row.iter().enumerate() {
            let col = c as u16;
            match v {
                Value::Text(s) => {
                    ws.write_string(r, col, cell(s)).map_err(xlsx_err)?;
                }
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
    ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
    wb.save_to_buffer().map_err(xlsx_err)
}

/// Writes the sheet as an owner-only XLSX file.
pub fn write_xlsx(path: &Path, sheet: &Sheet) -> std::io::Result<()> {
    let bytes = to_bytes(sheet)?;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(path)?;
    // An existing file keeps its mode through `open`: tighten it before writing.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    f.write_all(&bytes)?;
    f.sync_all()?;
    Ok(())
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
