//! The 报表 Reports tab. Page one is the today board; the others are the date-range
//! reports (calls by template, agent KPIs, callbacks, complaints, appointments, customer
//! groups, loyalty, churn) for a day, week, month or year, moved with `[` `]`. Enter on a
//! row lists the records behind it (and on a record opens the customer); Esc goes back up.
//! `e` / `x` export what is shown as CSV / XLSX.
//!
//! The tab is a state machine (`update`: a message in, commands out; no store, terminal or
//! clock). The board's count, reports, drill-downs and exports are `Cmd::Compute` jobs with
//! a generation number: `run` carries them out on a worker thread with its own connection
//! and they come back as `Msg::Done`; a result whose generation is not the latest asked
//! for is dropped, so a new key supersedes whatever ran before it. Until it comes the tab
//! says "计算中… / Computing…" (the board "正在统计… / Counting…"), with the time spent
//! after 200 ms.

mod board;
mod keys;
mod notes;
mod period;
pub mod run;
mod view;

pub use keys::Op;
pub use period::Span;

use crate::i18n::Lang;
use crate::io::sheet::Sheet;
use crate::store::board::Board;
use crate::store::reports::{Drill, Range, Report, RowKey};
use crate::ui::action::Action;
use crate::ui::keymap::Scope;
use crate::ui::machine::Machine;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::path::PathBuf;

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

/// After this long a computation says so on the tab's foot, with the time it has taken
/// (a quicker one never shows it there: it would flash).
pub const SHOW_ELAPSED_MS: u64 = 200;

/// What the tab needs to know of the moment: today (for periods), the UI's language and
/// the terminal's size (columns, rows: how far the notes page scrolls).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Now {
    pub today: NaiveDate,
    pub lang: Lang,
    pub size: (u16, u16),
}

/// Work for the worker thread.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// Count the today board (its figures grow with the store: tens of milliseconds on a
    /// large one, more under load).
    Board,
    /// A page's report for a period.
    Report { report: Report, range: Range },
    /// The records behind a row.
    Drill(Drill),
    /// Write what is shown to `exports/`: the sheet on screen, or for a drill-down every
    /// record (not the first 500), fetched again.
    Export(Box<Export>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub shown: Sheet,
    pub drill: Option<Drill>,
    /// The file's base name (`loyalty`, `loyalty-records`) and period (`-20261101-20261122`).
    pub name: String,
    pub period: String,
    pub range: Range,
    pub xlsx: bool,
}

/// What the tab asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// Run a job in the background; its answer is `Msg::Done` with the same generation.
    Compute { generation: u64, job: Job },
    /// Nothing before generation `generation` is wanted any more: stop what runs.
    Cancel { generation: u64 },
    /// Open a customer's file on the Customers tab.
    OpenCustomer(i64),
    /// Open a complaint on the Complaints tab.
    OpenComplaint(i64),
}

/// What a job came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Board(Board),
    Report(Sheet),
    Drill(Drill, Sheet),
    Exported(PathBuf),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// The tab came on screen.
    Shown(Now),
    /// A key, from the key table.
    Key(Action, Now),
    /// A key typed into the dates form.
    Text(KeyEvent),
    Paste(String),
    /// The day's figures may have moved (a save, the time passing): the board, when it is
    /// on screen, is counted again.
    Recount,
    /// Another agent saved.
    StoreChanged,
    /// The job of generation `generation` has run this long.
    Elapsed {
        generation: u64,
        ms: u64,
    },
    /// The job of generation `generation` finished.
    Done {
        generation: u64,
        outcome: Outcome,
    },
}

/// A table on screen: the sheet, the selected row and the column under the cursor
/// (the table scrolls to keep it shown).
#[derive(Debug, Clone, Default)]
struct View {
    sheet: Sheet,
    selected: usize,
    col: usize,
    /// The records listed, for a drill-down (its export lists them all, not the first 500).
    drill: Option<Drill>,
}

/// What a row is, beyond its place: its records (or customer, or complaint), else its
/// label. A recomputed table puts the cursor back on the same row by this.
#[derive(Debug, Clone, PartialEq)]
enum RowId {
    Key(RowKey),
    Label(String),
}

fn row_id(sheet: &Sheet, row: usize) -> Option<RowId> {
    match sheet.keys.get(row).cloned().flatten() {
        Some(k) => Some(RowId::Key(k)),
        None => sheet.rows.get(row)?.first().map(|v| RowId::Label(v.text())),
    }
}

/// What is being computed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Work {
    Board,
    Report,
    Drill,
    Export,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Busy {
    generation: u64,
    work: Work,
    ms: u64,
}

#[derive(Debug)]
pub struct ReportsTab {
    board: Option<Board>,
    /// 0: the board; n: `PAGES[n - 1]`.
    page: usize,
    span: Span,
    /// A day of the period shown (None: today).
    day: Option<NaiveDate>,
    /// Dates typed in (`c`), instead of the day/week/month/year around `day`.
    custom: Option<(NaiveDate, NaiveDate)>,
    /// The form asking for them.
    range_form: Option<Form>,
    /// The report, then each drill-down opened from it.
    stack: Vec<View>,
    message: Option<(String, bool)>,
    /// Others saved since the report was computed.
    stale: bool,
    /// The latest generation asked for; answers of an older one are dropped.
    generation: u64,
    busy: Option<Busy>,
    /// The row (and column) the cursor was on before the report was recomputed.
    follow: Option<(RowId, usize, usize)>,
    /// The notes page (`n`) is shown instead of the table, scrolled to this line.
    notes: Option<usize>,
    now: Now,
}

impl Default for ReportsTab {
    fn default() -> Self {
        ReportsTab {
            board: None,
            page: 0,
            span: Span::default(),
            day: None,
            custom: None,
            range_form: None,
            stack: Vec::new(),
            message: None,
            stale: false,
            generation: 0,
            busy: None,
            follow: None,
            notes: None,
            now: Now {
                today: NaiveDate::MIN,
                lang: Lang::Zh,
                size: (80, 24),
            },
        }
    }
}

impl Machine for ReportsTab {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Shown(now) => {
                self.now = now;
                if self.page == 0 {
                    self.count_board()
                } else if self.stack.len() <= 1 && self.range_form.is_none() {
                    // The data may have moved: computed again, the cursor kept on its row.
                    self.refresh()
                } else {
                    Vec::new()
                }
            }
            Msg::Key(action, now) => {
                self.now = now;
                self.message = None;
                if self.range_form.is_some() {
                    self.range_key(action)
                } else {
                    self.key(action)
                }
            }
            Msg::Text(key) => {
                if let Some(f) = &mut self.range_form {
                    f.edit(key);
                }
                Vec::new()
            }
            Msg::Paste(text) => {
                if let Some(f) = &mut self.range_form {
                    f.paste(&text);
                }
                Vec::new()
            }
            Msg::Recount => {
                // Not over a count already running, nor while a report is wanted.
                if self.page == 0 && self.busy.is_none() {
                    self.count_board()
                } else {
                    Vec::new()
                }
            }
            Msg::StoreChanged => {
                // A report is not recomputed on every save (a year of a big store takes a
                // moment): it says the figures moved, `r` recomputes.
                if !self.stack.is_empty() {
                    self.stale = true;
                }
                Vec::new()
            }
            Msg::Elapsed { generation, ms } => {
                if let Some(b) = &mut self.busy
                    && b.generation == generation
                {
                    b.ms = ms;
                }
                Vec::new()
            }
            Msg::Done {
                generation,
                outcome,
            } => {
                match self.busy {
                    Some(b) if b.generation == generation => self.busy = None,
                    // Asked before the latest key: not wanted any more.
                    _ => return Vec::new(),
                }
                self.done(outcome);
                Vec::new()
            }
        }
    }
}

impl ReportsTab {
    pub fn report(&self) -> Option<Report> {
        self.page.checked_sub(1).and_then(|i| PAGES.get(i).copied())
    }

    /// 0: the board; n: the n-th report.
    pub fn page(&self) -> usize {
        self.page
    }

    /// Tables shown: 0 (none yet), 1 (the report), 2 and more (drill-downs over it).
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// The notes page is shown (scrolled to this line).
    pub fn notes_page(&self) -> Option<usize> {
        self.notes
    }

    /// A job runs in the background.
    pub fn busy(&self) -> bool {
        self.busy.is_some()
    }

    /// The row under the cursor in the table on top, with its key.
    pub fn selected(&self) -> Option<(usize, Option<RowKey>)> {
        let v = self.stack.last()?;
        Some((v.selected, v.sheet.keys.get(v.selected).cloned().flatten()))
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

    /// The page or period changed: the board is counted, a report computed afresh.
    fn reload(&mut self) -> Vec<Cmd> {
        self.follow = None;
        self.notes = None;
        self.stack.clear();
        self.load()
    }

    /// The same report again (`r`, the tab shown again): the cursor stays on its row.
    fn refresh(&mut self) -> Vec<Cmd> {
        self.follow = self
            .stack
            .first()
            .and_then(|v| row_id(&v.sheet, v.selected).map(|id| (id, v.selected, v.col)));
        self.stack.clear();
        self.load()
    }

    fn load(&mut self) -> Vec<Cmd> {
        match self.report() {
            // Whatever was computing for a report is superseded by the count.
            None => self.count_board(),
            Some(report) => {
                let range = self.range(self.now.today);
                self.compute(Work::Report, Job::Report { report, range })
            }
        }
    }

    /// The board is counted afresh; until the count comes the board shown (if any) stays,
    /// marked as counting.
    fn count_board(&mut self) -> Vec<Cmd> {
        self.compute(Work::Board, Job::Board)
    }

    /// Asks for a job under a new generation: whatever ran before is superseded.
    fn compute(&mut self, work: Work, job: Job) -> Vec<Cmd> {
        self.generation += 1;
        self.busy = Some(Busy {
            generation: self.generation,
            work,
            ms: 0,
        });
        vec![Cmd::Compute {
            generation: self.generation,
            job,
        }]
    }

    fn done(&mut self, outcome: Outcome) {
        let lang = self.now.lang;
        match outcome {
            Outcome::Board(b) => self.board = Some(b),
            Outcome::Report(sheet) => {
                self.stale = false;
                let mut v = View {
                    sheet,
                    ..Default::default()
                };
                if let Some((id, at, col)) = self.follow.take() {
                    let found =
                        (0..v.sheet.rows.len()).find(|i| row_id(&v.sheet, *i) == Some(id.clone()));
                    v.col = col.min(v.sheet.columns.len().saturating_sub(1));
                    v.selected = match found {
                        Some(i) => i,
                        None => {
                            // Its row is gone: the neighbour takes the cursor, and says so.
                            if !v.sheet.rows.is_empty() {
                                self.message = Some((
                                    lang.t(
                                        "原选中的行已不在表中，光标移到相邻行",
                                        "The row you were on is gone; the cursor is on its neighbour",
                                    )
                                    .into(),
                                    false,
                                ));
                            }
                            at.min(v.sheet.rows.len().saturating_sub(1))
                        }
                    };
                }
                self.stack = vec![v];
            }
            Outcome::Drill(drill, sheet) => self.stack.push(View {
                sheet,
                drill: Some(drill),
                ..Default::default()
            }),
            Outcome::Exported(path) => {
                self.message = Some((
                    match lang {
                        Lang::Zh => format!("已导出到 {}（仅本人可读）", path.display()),
                        Lang::En => format!("Exported to {} (owner-only)", path.display()),
                    },
                    false,
                ))
            }
            Outcome::Failed(e) => self.message = Some((e, true)),
        }
    }

    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        lang: Lang,
        today: NaiveDate,
        theme: &Theme,
    ) {
        view::render(self, frame, area, lang, today, theme);
    }
}

#[cfg(test)]
mod tests;
