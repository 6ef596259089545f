//! The 报表 Reports tab. Page one is the today board; the others are the date-range
//! reports (calls by template, agent KPIs, callbacks, complaints, appointments, customer
//! groups, loyalty, churn) for a day, week, month or year, moved with `[` `]`. Enter on a
//! row lists the records behind it (and on a record opens the customer); Esc goes back up.
//! `e` / `x` export what is shown as CSV / XLSX. The app computes (`app_reports.rs`); this
//! module only keeps the state and draws it.

mod board;
mod table;

use crate::i18n::Lang;
use crate::io::report::{Range, Report, RowKey};
use crate::io::sheet::Sheet;
use crate::store::board::Board;
use crate::ui::action::Action;
use crate::ui::keymap::Scope;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::{Field, Form};
use chrono::{Datelike, Days, Months, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;

/// The pages after the board, in order.
pub const PAGES: [Report; 13] = [
    Report::CallsByTemplate,
    Report::Agents,
    Report::Callbacks,
    Report::ComplaintStats,
    Report::Complaints,
    Report::Appointments,
    Report::CustomerGroups,
    Report::Loyalty,
    Report::CustomersChurn,
    Report::Handover,
    Report::Improvements,
    Report::Kpi,
    Report::Quality,
];

/// The length of the period shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Span {
    Day,
    Week,
    #[default]
    Month,
    Year,
}

impl Span {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Span::Day => lang.t("日报", "day"),
            Span::Week => lang.t("周报", "week"),
            Span::Month => lang.t("月报", "month"),
            Span::Year => lang.t("年报", "year"),
        }
    }

    /// The period containing `day`: the day, its week (Monday to Sunday), month or year.
    pub fn around(self, day: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            Span::Day => (day, day),
            Span::Week => {
                let from = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
                (from, from + Days::new(6))
            }
            Span::Month => {
                let from = day.with_day(1).unwrap_or(day);
                let to = from
                    .checked_add_months(Months::new(1))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(day);
                (from, to)
            }
            Span::Year => (
                NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
                NaiveDate::from_ymd_opt(day.year(), 12, 31).unwrap_or(day),
            ),
        }
    }

    /// A day of the period before (`-1`) or after (`1`) the one containing `day`.
    pub fn step(self, day: NaiveDate, dir: i32) -> NaiveDate {
        let (from, to) = self.around(day);
        if dir < 0 {
            from.pred_opt().unwrap_or(from)
        } else {
            to.succ_opt().unwrap_or(to)
        }
    }
}

/// What the tab asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Compute the page's report for the period.
    Load,
    /// List the records behind the selected row.
    Drill(crate::io::report::Drill),
    /// Open a customer's file on the Customers tab.
    OpenCustomer(i64),
    /// Open a complaint on the Complaints tab.
    OpenComplaint(i64),
    /// Write what is shown to a file.
    Export { xlsx: bool },
}

/// A table on screen: the sheet, the selected row and the column under the cursor
/// (the table scrolls to keep it shown).
#[derive(Debug, Clone, Default)]
pub struct View {
    pub sheet: Sheet,
    pub selected: usize,
    pub col: usize,
    /// The records listed, for a drill-down (its export lists them all, not the first 500).
    pub drill: Option<crate::io::report::Drill>,
}

#[derive(Debug, Default)]
pub struct ReportsScreen {
    pub board: Option<Board>,
    /// 0: the board; n: `PAGES[n - 1]`.
    pub page: usize,
    pub span: Span,
    /// A day of the period shown (None: today).
    pub day: Option<NaiveDate>,
    /// The report, then each drill-down opened from it.
    pub stack: Vec<View>,
    pub message: Option<(String, bool)>,
    /// Others saved since the report was computed.
    pub stale: bool,
    /// Dates typed in (`c`), instead of the day/week/month/year around `day`.
    pub custom: Option<(NaiveDate, NaiveDate)>,
    /// The form asking for them.
    pub range_form: Option<Form>,
}

impl ReportsScreen {
    pub fn report(&self) -> Option<Report> {
        self.page.checked_sub(1).and_then(|i| PAGES.get(i).copied())
    }

    /// The period shown, never past today (figures "as of" the end are then today's).
    /// The churn list is as of the period's end (customers whose last visit is over 12
    /// months before it), so it has no start.
    pub fn range(&self, today: NaiveDate) -> Range {
        let (from, to) = self
            .custom
            .unwrap_or_else(|| self.span.around(self.day.unwrap_or(today)));
        Range {
            from: (self.report() != Some(Report::CustomersChurn)).then_some(from.min(today)),
            to: Some(to.min(today)),
        }
    }

    pub fn scopes(&self) -> Vec<Scope> {
        if self.range_form.is_some() {
            vec![Scope::Form, Scope::Global]
        } else {
            vec![Scope::Reports, Scope::Global]
        }
    }

    /// A text field has the keys (the dates form).
    pub fn typing(&self) -> bool {
        self.range_form.is_some()
    }

    pub fn handle_text(&mut self, key: crossterm::event::KeyEvent) {
        if let Some(f) = &mut self.range_form {
            f.edit(key);
        }
    }

    pub fn handle_paste(&mut self, text: &str) {
        if let Some(f) = &mut self.range_form {
            f.paste(text);
        }
    }

    /// The dates form: Enter moves on and, on the last field, shows the report; Esc
    /// closes it. Bad dates are named in the form, in the user's language.
    fn range_action(&mut self, action: Action, today: NaiveDate, lang: Lang) -> Option<Request> {
        let f = self.range_form.as_mut()?;
        match action {
            Action::Back => self.range_form = None,
            Action::PrevField => f.prev(),
            Action::NextField if !f.is_last() => f.next(),
            Action::NextField | Action::Save => {
                let (from, to) = (
                    f.get("from").trim().to_string(),
                    f.get("to").trim().to_string(),
                );
                f.clear_errors();
                let to = Some(to.as_str()).filter(|t| !t.is_empty());
                match Range::parse(Some(from.as_str()), to, lang) {
                    Ok(Range {
                        from: Some(from),
                        to,
                    }) => {
                        let to = to.unwrap_or(today).min(today);
                        if from > today {
                            f.set_error("from", lang.t("不能晚于今天", "after today").into());
                            return None;
                        }
                        self.custom = Some((from, to));
                        self.range_form = None;
                        return self.reload();
                    }
                    Ok(_) => f.set_error("from", lang.t("请填写", "required").into()),
                    Err(e) => {
                        let field = if e.contains("--to") { "to" } else { "from" };
                        let e = e.replace("--from ", "").replace("--to ", "");
                        f.set_error(field, e);
                    }
                }
            }
            _ => {}
        }
        None
    }

    /// The report and its records are loaded: show them.
    pub fn show(&mut self, sheet: Sheet) {
        self.stale = false;
        self.stack = vec![View {
            sheet,
            ..Default::default()
        }];
    }

    /// A drill-down was loaded: show it above the report.
    pub fn push(&mut self, drill: crate::io::report::Drill, sheet: Sheet) {
        self.stack.push(View {
            sheet,
            drill: Some(drill),
            ..Default::default()
        });
    }

    fn top(&mut self) -> Option<&mut View> {
        self.stack.last_mut()
    }

    pub fn handle_action(
        &mut self,
        action: Action,
        today: NaiveDate,
        lang: Lang,
    ) -> Option<Request> {
        self.message = None;
        if self.range_form.is_some() {
            return self.range_action(action, today, lang);
        }
        let rows = self.stack.last().map_or(0, |v| v.sheet.rows.len());
        let move_to = |s: &mut Self, f: &dyn Fn(usize) -> usize| {
            if let Some(v) = s.top() {
                v.selected = f(v.selected).min(rows.saturating_sub(1));
            }
            None
        };
        match action {
            Action::Step('l') | Action::NextField => {
                self.page = (self.page + 1) % (PAGES.len() + 1);
                self.reload()
            }
            Action::Step('h') | Action::PrevField => {
                self.page = (self.page + PAGES.len()) % (PAGES.len() + 1);
                self.reload()
            }
            Action::Step('c') if self.page > 0 => {
                let r = self.range(today);
                let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                self.range_form = Some(Form::new(vec![
                    Field::new("from", "从", "From")
                        .required()
                        .hint("2026-10-15 / 2026-10")
                        .value(&day(r.from)),
                    Field::new("to", "到", "To")
                        .hint("2026-11-14（空 = 今天 / empty = today）")
                        .value(&day(r.to)),
                ]));
                None
            }
            Action::Step(c @ ('d' | 'w' | 'm' | 'y')) => {
                self.custom = None;
                self.span = match c {
                    'd' => Span::Day,
                    'w' => Span::Week,
                    'm' => Span::Month,
                    _ => Span::Year,
                };
                self.reload()
            }
            Action::PrevDay | Action::NextDay => {
                self.custom = None;
                let dir = if action == Action::PrevDay { -1 } else { 1 };
                let next = self.span.step(self.day.unwrap_or(today), dir);
                if next > today {
                    self.message = Some((
                        lang.t("已是最近一期", "This is the latest period")
                            .to_string(),
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
            Action::Step('r') => self.reload(),
            Action::Up => move_to(self, &|s| s.saturating_sub(1)),
            Action::Down => move_to(self, &|s| s + 1),
            Action::PageUp => move_to(self, &|s| s.saturating_sub(10)),
            Action::PageDown => move_to(self, &|s| s + 10),
            Action::Home => move_to(self, &|_| 0),
            Action::End => move_to(self, &|_| usize::MAX),
            Action::Step('<') => {
                if let Some(v) = self.top() {
                    v.col = v.col.saturating_sub(1);
                }
                None
            }
            Action::Step('>') => {
                if let Some(v) = self.top() {
                    let cols = v.sheet.columns.len();
                    v.col = (v.col + 1).min(cols.saturating_sub(1));
                }
                None
            }
            Action::Open => {
                let v = self.stack.last()?;
                // The figure under the cursor when it has its own records, else the row's.
                let cell = v.sheet.cells.get(&(v.selected, v.col)).cloned();
                match cell.or_else(|| v.sheet.keys.get(v.selected).cloned().flatten())? {
                    RowKey::Drill(d) => Some(Request::Drill(d)),
                    RowKey::Customer(id) => Some(Request::OpenCustomer(id)),
                    RowKey::Complaint(id) => Some(Request::OpenComplaint(id)),
                }
            }
            Action::Back if self.stack.len() > 1 => {
                self.stack.pop();
                None
            }
            Action::Step('e') if self.page > 0 => Some(Request::Export { xlsx: false }),
            Action::Step('x') if self.page > 0 => Some(Request::Export { xlsx: true }),
            _ => None,
        }
    }

    /// The page or period changed: the board needs nothing, a report is computed again.
    fn reload(&mut self) -> Option<Request> {
        self.stack.clear();
        Some(Request::Load)
    }

    pub fn failed(&mut self, msg: String) {
        self.message = Some((msg, true));
    }

    pub fn done(&mut self, msg: String) {
        self.message = Some((msg, false));
    }

    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        lang: Lang,
        today: NaiveDate,
        theme: &Theme,
    ) {
        table::render(self, frame, area, lang, today, theme);
    }
}

#[cfg(test)]
mod tests;
