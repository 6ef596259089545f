//! The Desk page 交接 / Hand-over: the document hand-overs the desk follows up — sales files
//! and repair orders whose documents are missing past their deadline, came late, or are still
//! inside their allowance — oldest deadline first, with the staff member who owes them.
//! Enter opens the customer; `m` records documents received (day, who handed them over).

mod drafted;
mod follow;
mod run;
mod view;

use super::loads::{Loads, Runner};
use super::machine::Machine;
use super::{Env, Out, Page};
use crate::clock::Clock;
use crate::domain::handover::{DocumentLine, Handover, HandoverKind};
use crate::i18n::Lang;
use crate::io::sheet::Sheet;
use crate::store::handover::{Receipt, Tally};
use crate::ui::action::Action;
use crate::ui::keymap::Scope;
use crate::ui::selection::Selection;
use crate::ui::theme::Theme;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;

/// What the page hears: loaded data, keys, the store's answers.
#[derive(Debug, Clone)]
pub enum Msg {
    /// Load (again) what the page shows.
    Reload,
    Loaded {
        rows: Vec<Handover>,
        /// Of each standing in all (more than `rows` when the list stopped at its limit).
        tally: Tally,
        today: NaiveDate,
        staff: Vec<String>,
    },
    Key(Option<Action>, KeyEvent),
    /// The checklist of the file the form is for.
    Checklist(Handover, Vec<DocumentLine>),
    /// The receipt was saved (the status line) or refused (why).
    Saved(Result<String, String>),
    /// The file under the open form moved on: as stored now with its checklist, who saved
    /// it, and whether a save was just refused over it.
    Moved {
        item: Box<Handover>,
        lines: Vec<DocumentLine>,
        who: Option<String>,
        refused: bool,
    },
}

/// What the page asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// Load the list (on the loads thread).
    Load,
    LoadChecklist(HandoverKind, i64),
    Save(Receipt),
    /// Whether the file under the open form moved past its version.
    Check {
        kind: HandoverKind,
        id: i64,
        version: i64,
        refused: bool,
    },
    Out(Out),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    Doc(usize),
    Day,
    Who,
}

/// Recording documents received for one file.
#[derive(Debug, Clone)]
struct Form {
    item: Handover,
    lines: Vec<DocumentLine>,
    chosen: Vec<bool>,
    focus: Focus,
    day: String,
    who: String,
    staff_at: Option<usize>,
    dirty: bool,
    asking: bool,
    /// Why the last save was refused (Chinese, English).
    error: Option<(String, String)>,
}

/// The page's state. The highlight is held by the file (kind and id), not by row.
#[derive(Debug, Default)]
pub struct HandoverPage {
    /// The user's language, injected with each message (`drive`).
    lang: Lang,
    rows: Vec<Handover>,
    tally: Tally,
    today: Option<NaiveDate>,
    staff: Vec<String>,
    selected: Selection<(HandoverKind, i64)>,
    form: Option<Form>,
    loads: Loads,
    /// A draft to put back once the list has loaded (`drafted`).
    restoring: Option<super::PageDraft>,
    /// A line over the list until the next key (a draft that could not be put back).
    note: Option<String>,
}

/// A row's file: the record the highlight stays on.
fn key(h: &Handover) -> (HandoverKind, i64) {
    (h.kind, h.file_id)
}

impl HandoverPage {
    /// The highlighted file's row.
    fn index(&self) -> Option<usize> {
        let id = self.selected.id()?;
        let i = self.selected.index();
        self.rows.get(i).filter(|h| key(h) == *id).map(|_| i)
    }

    fn keys(&self) -> Vec<(HandoverKind, i64)> {
        self.rows.iter().map(key).collect()
    }

    fn current(&self) -> Option<&Handover> {
        self.index().and_then(|i| self.rows.get(i))
    }

    fn list_key(&mut self, action: Action) -> Vec<Cmd> {
        let ids = self.keys();
        let all = ids.len() as isize;
        match action {
            Action::Up => self.selected.step(&ids, -1),
            Action::Down => self.selected.step(&ids, 1),
            Action::PageUp => self.selected.step(&ids, -10),
            Action::PageDown => self.selected.step(&ids, 10),
            Action::Home => self.selected.first(&ids),
            Action::End => self.selected.step(&ids, all),
            Action::Open => {
                if let Some(h) = self.current() {
                    return vec![Cmd::Out(Out::OpenCustomer(h.customer_id))];
                }
            }
            Action::MarkReceived => {
                if let Some(h) = self.current() {
                    return vec![Cmd::LoadChecklist(h.kind, h.file_id)];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn open_form(&mut self, item: Handover, lines: Vec<DocumentLine>) {
        let chosen: Vec<bool> = lines
            .iter()
            .map(|l| l.received.is_none() && l.required)
            .collect();
        let first = lines.iter().position(|l| l.received.is_none()).unwrap_or(0);
        let today = self.today.map(|d| d.to_string()).unwrap_or_default();
        let ids = self.keys();
        self.selected.select(&key(&item), &ids);
        self.form = Some(Form {
            who: item.staff.clone(),
            item,
            lines,
            chosen,
            focus: Focus::Doc(first),
            day: today,
            staff_at: None,
            dirty: false,
            asking: false,
            error: None,
        });
    }
}

impl Form {
    fn next(&mut self, back: bool) {
        let n = self.lines.len();
        self.focus = match (self.focus, back) {
            (Focus::Doc(_), false) => Focus::Day,
            (Focus::Day, false) => Focus::Who,
            (Focus::Who, false) => Focus::Doc(0),
            (Focus::Doc(_), true) => Focus::Who,
            (Focus::Day, true) => Focus::Doc(n.saturating_sub(1)),
            (Focus::Who, true) => Focus::Day,
        };
    }

    fn step(&mut self, down: bool, staff: &[String]) {
        match self.focus {
            Focus::Doc(i) => {
                let n = self.lines.len();
                self.focus = Focus::Doc(if down {
                    (i + 1).min(n.saturating_sub(1))
                } else {
                    i.saturating_sub(1)
                });
            }
            Focus::Who if !staff.is_empty() => {
                let at = self
                    .staff_at
                    .or_else(|| staff.iter().position(|s| *s == self.who));
                let next = match (at, down) {
                    (None, _) => 0,
                    (Some(i), true) => (i + 1) % staff.len(),
                    (Some(i), false) => (i + staff.len() - 1) % staff.len(),
                };
                self.staff_at = Some(next);
                self.who = staff[next].clone();
                self.dirty = true;
            }
            _ => {}
        }
    }

    fn typed(&mut self, key: KeyEvent) {
        let field = match self.focus {
            Focus::Day => &mut self.day,
            Focus::Who => &mut self.who,
            Focus::Doc(_) => return,
        };
        match key.code {
            KeyCode::Char(c) if !c.is_control() => field.push(c),
            KeyCode::Backspace => {
                field.pop();
            }
            _ => return,
        }
        self.dirty = true;
        if self.focus == Focus::Who {
            self.staff_at = None;
        }
    }

    fn receipt(&self) -> Result<Receipt, (String, String)> {
        let day = NaiveDate::parse_from_str(self.day.trim(), "%Y-%m-%d").map_err(|_| {
            (
                "交到日期请按 2026-11-23 的格式填写".to_string(),
                "Give the received day as 2026-11-23".to_string(),
            )
        })?;
        let documents: Vec<String> = self
            .lines
            .iter()
            .zip(&self.chosen)
            .filter(|(l, c)| **c && l.received.is_none())
            .map(|(l, _)| l.key.clone())
            .collect();
        Ok(Receipt {
            kind: self.item.kind,
            file_id: self.item.file_id,
            version: self.item.version,
            documents,
            day,
            handed_by: self.who.trim().to_string(),
        })
    }
}

impl Machine for HandoverPage {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Reload => {
                let mut cmds = vec![Cmd::Load];
                cmds.extend(self.check(false));
                cmds
            }
            Msg::Moved {
                item,
                lines,
                who,
                refused,
            } => {
                self.moved(*item, lines, who, refused);
                Vec::new()
            }
            Msg::Loaded {
                rows,
                tally,
                today,
                staff,
            } => {
                let old = std::mem::replace(&mut self.rows, rows);
                self.tally = tally;
                self.today = Some(today);
                self.staff = staff;
                let mut cmds = self.reopen_draft();
                // The same file stays highlighted; when it left the list, the row now in
                // its place, and the line says which left (unless recorded here).
                let ids = self.keys();
                let name = |h: &Handover| format!("{} {}", h.customer, h.plate);
                let lang = self.lang;
                if let Some(line) = self.selected.follow_saying(&ids, &old, key, name, lang) {
                    cmds.push(Cmd::Out(Out::Status(line)));
                }
                cmds
            }
            Msg::Checklist(item, lines) => {
                self.open_form(item.clone(), lines.clone());
                self.reopen_form(&item, &lines)
            }
            Msg::Saved(Ok(line)) => {
                // Its file leaves the list: not news, the line says what was recorded.
                if let Some(f) = self.form.take() {
                    self.selected.expect_leave(key(&f.item));
                }
                vec![Cmd::Out(Out::Status(line)), Cmd::Load]
            }
            Msg::Saved(Err(why)) => {
                if let Some(f) = &mut self.form {
                    f.error = Some((why.clone(), why));
                }
                // Someone else's change may be why: the open form takes it in.
                self.check(true)
            }
            Msg::Key(action, key) => {
                let staff = self.staff.clone();
                self.note = None;
                let Some(f) = &mut self.form else {
                    return action.map(|a| self.list_key(a)).unwrap_or_default();
                };
                if f.asking {
                    match action {
                        Some(Action::Yes) => self.form = None,
                        Some(Action::No) => f.asking = false,
                        _ => {}
                    }
                    return Vec::new();
                }
                match action {
                    None => f.typed(key),
                    Some(Action::NextField) => f.next(false),
                    Some(Action::PrevField) => f.next(true),
                    Some(Action::Up) => f.step(false, &staff),
                    Some(Action::Down) => f.step(true, &staff),
                    Some(Action::ToggleDocument) => {
                        if let Focus::Doc(i) = f.focus
                            && f.lines.get(i).is_some_and(|l| l.received.is_none())
                        {
                            f.chosen[i] = !f.chosen[i];
                            f.dirty = true;
                        }
                    }
                    Some(Action::Back) if f.dirty => f.asking = true,
                    Some(Action::Back) => self.form = None,
                    Some(Action::Save) => match f.receipt() {
                        Ok(r) => return vec![Cmd::Save(r)],
                        Err(e) => f.error = Some(e),
                    },
                    _ => {}
                }
                Vec::new()
            }
        }
    }
}

/// The page's list loads on the loads thread; the checklist and the save here.
const RUNNER: Runner<HandoverPage> = Runner {
    lane: run::lane,
    run: run::run,
    loads: |p| &mut p.loads,
    refused: run::refused_flag,
};

impl HandoverPage {
    fn drive(&mut self, first: Msg, env: &mut Env) -> Vec<Out> {
        self.lang = env.lang;
        RUNNER.drive(self, first, env)
    }
}

impl Page for HandoverPage {
    fn title(&self, lang: Lang) -> &'static str {
        lang.t("交接", "Hand-over")
    }

    fn scopes(&self) -> Vec<Scope> {
        match &self.form {
            Some(f) if f.asking => vec![Scope::Confirm],
            Some(_) => vec![Scope::HandoverForm],
            None => vec![Scope::HandoverList],
        }
    }

    fn typing(&self) -> bool {
        self.form
            .as_ref()
            .is_some_and(|f| !f.asking && matches!(f.focus, Focus::Day | Focus::Who))
    }

    fn has_unsaved_input(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.dirty)
    }

    crate::ui::desk::wiring::page_drafts!();

    fn at_top(&self) -> bool {
        self.form.is_none()
    }

    fn enter(&mut self, env: &mut Env) -> Vec<Out> {
        self.drive(Msg::Reload, env)
    }

    fn follow(&mut self, env: &mut Env) -> Vec<Out> {
        self.drive(Msg::Reload, env)
    }

    fn key(&mut self, action: Option<Action>, key: KeyEvent, env: &mut Env) -> Vec<Out> {
        self.drive(Msg::Key(action, key), env)
    }

    super::loads::page_loads!(RUNNER);

    fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, _clock: &Clock, theme: &Theme) {
        view::render(self, frame, area, lang, theme);
    }

    fn export(&self, lang: Lang, _clock: &Clock) -> Option<(Sheet, &'static str)> {
        Some((view::sheet(self, lang), "handover"))
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_follow;
