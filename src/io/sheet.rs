//! A report as a table of typed cells, written three ways: CSV (UTF-8 with BOM, via
//! `crate::export`), XLSX (`super::xlsx`) and plain text for the terminal. Phones, ID numbers
//! and VINs are `Value::Code`: text in every format, never a number a spreadsheet could round.

use crate::export::Cell;
use crate::i18n::Lang;
use crate::text::{fit, inert, width};
use std::path::Path;

/// What an exported file says about itself above its table, not only in its name: the
/// report's title, the store and the period it covers (CSV: two lines before the header;
/// XLSX: two rows before it and the printed page header).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Heading {
    pub title: String,
    pub store: String,
    /// As shown: `2026-11-01 ~ 2026-11-30`, or `截至 2026-11-30` / `as of 2026-11-30`.
    pub period: String,
    pub lang: Lang,
}

impl Heading {
    /// The period of a report's range: `from ~ to`, "as of `to`" without a start, "from
    /// `from`" without an end, empty for all time.
    pub fn period_of(
        lang: Lang,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
    ) -> String {
        match (from, to) {
            (Some(f), Some(t)) => format!("{f} ~ {t}"),
            (None, Some(t)) => format!("{} {t}", lang.t("截至", "as of")),
            (Some(f), None) => format!("{} {f}", lang.t("自", "from")),
            (None, None) => String::new(),
        }
    }

    /// The store and the period on one line (empty parts left out).
    pub fn subtitle(&self) -> String {
        let mut parts = Vec::new();
        if !self.store.is_empty() {
            parts.push(format!(
                "{}{}",
                self.lang.t("门店：", "Store: "),
                self.store
            ));
        }
        if !self.period.is_empty() {
            parts.push(format!(
                "{}{}",
                self.lang.t("期间：", "Period: "),
                self.period
            ));
        }
        parts.join("    ")
    }

    /// The lines above the table: the title, then the store and period.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![self.title.clone()];
        let sub = self.subtitle();
        if !sub.is_empty() {
            out.push(sub);
        }
        out
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    /// A number that must stay text: phone, ID number, VIN, RO number.
    Code(String),
    Int(i64),
    /// A decimal shown with this many places.
    Num(f64, u8),
    Empty,
}

impl Value {
    /// The cell as text (CSV and terminal).
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) | Value::Code(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Num(f, places) => format!("{f:.*}", *places as usize),
            Value::Empty => String::new(),
        }
    }

    pub fn text_of(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    /// The text, or an empty cell.
    pub fn opt_text(s: &Option<String>) -> Value {
        s.clone().map_or(Value::Empty, Value::Text)
    }

    pub fn code_of(s: Option<&str>) -> Value {
        match s {
            Some(s) if !s.is_empty() => Value::Code(s.to_string()),
            _ => Value::Empty,
        }
    }
}

/// A titled table; `notes` are lines printed under it (totals, the range, what counts).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    pub notes: Vec<String>,
    /// Per row (when given): what Enter on it opens — the records behind it or a customer.
    pub keys: Vec<Option<crate::domain::drill::RowKey>>,
    /// (row, column) → the records behind that one figure, where they differ from the row's.
    pub cells: std::collections::BTreeMap<(usize, usize), crate::domain::drill::RowKey>,
}

impl Sheet {
    /// An empty sheet with its title and its columns named in `lang` (zh, en).
    pub fn with_columns(title: String, lang: Lang, cols: &[(&str, &str)]) -> Sheet {
        Sheet {
            title,
            columns: cols
                .iter()
                .map(|(zh, en)| lang.t(zh, en).to_string())
                .collect(),
            ..Default::default()
        }
    }

    /// The rows as text, for CSV and for comparing.
    pub fn text_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| r.iter().map(Value::text).collect())
            .collect()
    }

    /// As CSV bytes: UTF-8 with a BOM, the heading's lines, the header, the rows; formulas
    /// neutralised, phones and ID numbers kept text.
    pub fn csv_bytes(&self, heading: &Heading) -> std::io::Result<Vec<u8>> {
        let header: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        let rows: Vec<Vec<Cell>> = self
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| match v {
                        Value::Code(s) => Cell::Code(s.clone()),
                        v => Cell::Text(v.text()),
                    })
                    .collect()
            })
            .collect();
        crate::export::csv_bytes(&heading.lines(), &header, &rows)
    }

    /// As a CSV file (see [`Sheet::csv_bytes`]), owner-only.
    pub fn write_csv(&self, path: &Path, heading: &Heading) -> std::io::Result<()> {
        crate::export::write_file(
            path,
            &self.csv_bytes(heading)?,
            crate::export::Access::Owner,
        )
    }

    /// As aligned plain text: the title, the header, the rows (long cells cut to `max_cell`
    /// display columns), then the notes. Every cell is made inert.
    pub fn render_text(&self, max_cell: usize) -> String {
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| inert(&v.text()).replace('\n', " "))
                    .collect()
            })
            .collect();
        let mut widths: Vec<usize> = self.columns.iter().map(|c| width(c)).collect();
        for r in &cells {
            for (i, c) in r.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(width(c).min(max_cell));
                }
            }
        }
        let mut out = String::new();
        out.push_str(&inert(&self.title));
        out.push('\n');
        let line = |cols: &[String]| -> String {
            let n = cols.len();
            let mut s = String::new();
            for (i, c) in cols.iter().enumerate() {
                let w = widths.get(i).copied().unwrap_or(0);
                // Right-align nothing: plain, left-aligned columns read best in Chinese.
                s.push_str(&fit(c, w, i + 1 < n));
                if i + 1 < n {
                    s.push_str("  ");
                }
            }
            s.trim_end().to_string()
        };
        let header: Vec<String> = self.columns.iter().map(|c| inert(c)).collect();
        out.push_str(&line(&header));
        out.push('\n');
        let rule: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
        out.push_str(&"-".repeat(rule.min(160)));
        out.push('\n');
        for r in &cells {
            out.push_str(&line(r));
            out.push('\n');
        }
        for n in &self.notes {
            out.push_str(&inert(n));
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_aligned_and_inert() {
        let s = Sheet {
            keys: Vec::new(),
            cells: Default::default(),
            title: "T".into(),
            columns: vec!["姓名".into(), "n".into()],
            rows: vec![
                vec![Value::text_of("张三"), Value::Int(3)],
                vec![Value::text_of("a\x1b[2Jb"), Value::Num(1.5, 1)],
            ],
            notes: vec!["合计 2".into()],
        };
        let t = s.render_text(30);
        assert!(!t.contains('\x1b'), "{t}");
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[1], "姓名    n");
        assert_eq!(lines[3], "张三    3");
        assert!(lines[4].ends_with("1.5"));
        assert_eq!(lines[5], "合计 2");
    }
}
