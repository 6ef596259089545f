//! The Reports tab's keys: pages, periods, the cursor, drill-downs and exports, and the
//! dates form (`c`).

use super::{Cmd, Export, Job, PAGES, ReportsTab, Span, Work, period};
use crate::store::reports::RowKey;
use crate::ui::action::Action;
use chrono::NaiveDate;

/// What the Reports tab's own keys ask for, besides moving, opening and going back. Each
/// is bound in the key table (`keymap/table.rs`), so the help overlay, the hint lines and
/// any change of key come from there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// The next page (the board, then each report).
    NextReport,
    /// The previous page.
    PrevReport,
    /// Show a day, week, month or year around the day shown.
    Period(Span),
    /// Type any period (from and to dates or months).
    CustomPeriod,
    /// Compute the report again (after others saved).
    Recompute,
    /// The column to the left (Enter: the records behind that figure).
    ColumnLeft,
    /// The column to the right.
    ColumnRight,
    /// Export the table on screen as CSV.
    ExportCsv,
    /// Export the table on screen as XLSX.
    ExportXlsx,
    /// Every note of the table on a page of its own, scrolled (again: back to the table).
    Notes,
}

impl ReportsTab {
    /// The dates form: Enter moves on and, on the last field, shows the report; Esc
    /// closes it. Bad dates are named in the form, in the user's language.
    pub(super) fn range_key(&mut self, action: Action) -> Vec<Cmd> {
        let Some(f) = self.range_form.as_mut() else {
            return Vec::new();
        };
        match action {
            Action::Back => self.range_form = None,
            Action::PrevField => f.prev(),
            Action::NextField if !f.is_last() => f.next(),
            Action::NextField | Action::Save => {
                if let Some(dates) = period::read(f, self.now.today, self.now.lang) {
                    self.custom = Some(dates);
                    self.range_form = None;
                    return self.reload();
                }
            }
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn key(&mut self, action: Action) -> Vec<Cmd> {
        if self.notes.is_some() && self.notes_key(action) {
            return Vec::new();
        }
        let today = self.now.today;
        let rows = self.stack.last().map_or(0, |v| v.sheet.rows.len());
        let mut move_to = |f: &dyn Fn(usize) -> usize| {
            if let Some(v) = self.stack.last_mut() {
                v.selected = f(v.selected).min(rows.saturating_sub(1));
            }
            Vec::new()
        };
        match action {
            Action::Report(Op::NextReport) | Action::NextField => {
                self.page = (self.page + 1) % (PAGES.len() + 1);
                self.reload()
            }
            Action::Report(Op::PrevReport) | Action::PrevField => {
                self.page = (self.page + PAGES.len()) % (PAGES.len() + 1);
                self.reload()
            }
            Action::Report(Op::CustomPeriod) if self.page > 0 => {
                self.range_form = Some(period::form(self.range(today)));
                Vec::new()
            }
            Action::Report(Op::Period(span)) => {
                self.custom = None;
                self.span = span;
                self.reload()
            }
            Action::PrevDay | Action::NextDay => {
                self.custom = None;
                let dir = if action == Action::PrevDay { -1 } else { 1 };
                let next = self.span.step(self.day.unwrap_or(today), dir);
                if next > today {
                    let lang = self.now.lang;
                    self.message = Some((
                        lang.t("已是最近一期", "This is the latest period").into(),
                        false,
                    ));
                    self.day = Some(today);
                } else {
                    self.day = Some(next);
                }
                self.reload()
            }
            Action::Today => {
                self.custom = None;
                self.day = None;
                self.reload()
            }
            Action::Report(Op::Recompute) => self.refresh(),
            Action::Up => move_to(&|s| s.saturating_sub(1)),
            Action::Down => move_to(&|s| s + 1),
            Action::PageUp => move_to(&|s| s.saturating_sub(10)),
            Action::PageDown => move_to(&|s| s + 10),
            Action::Home => move_to(&|_| 0),
            Action::End => move_to(&|_| usize::MAX),
            Action::Report(Op::ColumnLeft) => {
                if let Some(v) = self.stack.last_mut() {
                    v.col = v.col.saturating_sub(1);
                }
                Vec::new()
            }
            Action::Report(Op::ColumnRight) => {
                if let Some(v) = self.stack.last_mut() {
                    let cols = v.sheet.columns.len();
                    v.col = (v.col + 1).min(cols.saturating_sub(1));
                }
                Vec::new()
            }
            Action::Open => self.open(),
            Action::Back if self.busy.is_some_and(|b| b.work == Work::Drill) => {
                // The records are not wanted any more: the report stays as it was.
                self.generation += 1;
                self.busy = None;
                vec![Cmd::Cancel {
                    generation: self.generation,
                }]
            }
            Action::Back if self.stack.len() > 1 => {
                self.stack.pop();
                Vec::new()
            }
            Action::Report(Op::Notes) if self.page > 0 && !self.stack.is_empty() => {
                self.notes = Some(0);
                Vec::new()
            }
            Action::Report(Op::ExportCsv) if self.page > 0 => self.export(false),
            Action::Report(Op::ExportXlsx) if self.page > 0 => self.export(true),
            // Every other key means nothing on this tab (the key table routes them here).
            _ => Vec::new(),
        }
    }

    /// A key on the notes page: scrolls it, or (`n`, Esc) goes back to the table (true);
    /// any other key closes the page and does what it does on the table (false).
    fn notes_key(&mut self, action: Action) -> bool {
        let at = self.notes.unwrap_or(0);
        // The page's rows and lines as the terminal's size gives them: rows counted short
        // (a status line may take more than one) so the last line is always reached.
        let (cols, rows) = self.now.size;
        let page = usize::from(rows.saturating_sub(10)).max(1);
        let total = match (self.report(), self.stack.last()) {
            (Some(r), Some(v)) => {
                let theme = crate::ui::theme::Theme::new(false);
                super::notes::Notes::of(v, r, self.stack.len() == 1, self.now.lang, &theme)
                    .lines(usize::from(cols.saturating_sub(2)).max(1), &theme)
                    .len()
            }
            _ => 0,
        };
        let max = total.saturating_sub(page);
        self.notes = match action {
            Action::Up => Some(at.saturating_sub(1)),
            Action::Down => Some((at + 1).min(max)),
            Action::PageUp => Some(at.saturating_sub(page)),
            Action::PageDown => Some((at + page).min(max)),
            Action::Home => Some(0),
            Action::End => Some(max),
            Action::Report(Op::Notes) | Action::Back => None,
            _ => {
                self.notes = None;
                return false;
            }
        };
        true
    }

    /// Enter: the figure under the cursor when it has its own records, else the row's.
    fn open(&mut self) -> Vec<Cmd> {
        let Some(v) = self.stack.last() else {
            return Vec::new();
        };
        let cell = v.sheet.cells.get(&(v.selected, v.col)).cloned();
        match cell.or_else(|| v.sheet.keys.get(v.selected).cloned().flatten()) {
            Some(RowKey::Drill(d)) => self.compute(Work::Drill, Job::Drill(d)),
            Some(RowKey::Customer(id)) => vec![Cmd::OpenCustomer(id)],
            Some(RowKey::Complaint(id)) => vec![Cmd::OpenComplaint(id)],
            // Said, not silent: a total, or a row whose records an agent may not open
            // (the desk's, behind which are colleagues' records).
            None => {
                let line = self.now.lang.t(
                    "这一行没有可以打开的明细",
                    "This row has no records to open",
                );
                self.message = Some((line.into(), false));
                Vec::new()
            }
        }
    }

    fn export(&mut self, xlsx: bool) -> Vec<Cmd> {
        let Some(v) = self.stack.last() else {
            return Vec::new();
        };
        let range = self.range(self.now.today);
        let day =
            |d: Option<NaiveDate>| d.map_or(String::new(), |d| d.format("%Y%m%d").to_string());
        let code = self.report().map_or("report", |r| r.code());
        let level = if self.stack.len() > 1 { "-records" } else { "" };
        let period = match range.from {
            Some(_) => format!("-{}-{}", day(range.from), day(range.to)),
            None => format!("-{}", day(range.to)),
        };
        let job = Job::Export(Box::new(Export {
            shown: v.sheet.clone(),
            drill: v.drill.clone(),
            name: format!("{code}{level}"),
            period,
            range,
            xlsx,
        }));
        self.compute(Work::Export, job)
    }
}
