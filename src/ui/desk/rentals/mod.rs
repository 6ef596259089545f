//! The rental desk (租赁), offered only in a store set up as a rental company: the rentals
//! whose car is out (overdue returns first and highlighted), a rental with its breakdowns,
//! and the three things the desk does with one — a new contract, the car's return (which
//! plans the satisfaction survey, seed 000 §4.1) and a breakdown during the rental (fault
//! type, time, place: §2.1).

mod drafted;
mod follow;
mod forms;
mod run;
mod view;

use super::loads::{Loads, Runner};
use super::machine::Machine;
use super::{Env, Out, Page};
use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::rentals::{Fault, RentalStatus};
use crate::i18n::Lang;
use crate::io::sheet::Sheet;
use crate::store::rentals::{Breakdown, Rental};
use crate::ui::action::Action;
use crate::ui::keymap::Scope;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

/// What the page's state machine is told.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The page became visible, or another agent saved: reload.
    Enter,
    /// The rentals on screen, with the time they were read at and the store's zone.
    Show {
        rows: Vec<Rental>,
        /// When the list stopped at its limit: how many cars are out in all and how many
        /// of them are overdue (`store::rentals::counts`).
        stopped: Option<(i64, i64)>,
        branches: Vec<String>,
        now: DateTime<Utc>,
        tz: Tz,
        lang: Lang,
    },
    /// One rental and its breakdowns (None: it is gone).
    Detail(Option<Box<(Rental, Vec<Breakdown>)>>),
    /// A key's action from the key table.
    Action(Action),
    /// A key typed into the form.
    Key(KeyEvent),
    Paste(String),
    /// The form was saved: the line for the status bar, and the record to highlight.
    Saved {
        line: String,
        focus: Option<i64>,
    },
    /// Saving was refused: why, and the field at fault (if one is).
    Refused {
        field: Option<&'static str>,
        line: String,
    },
    /// The rental under the open return or breakdown form moved on: as stored now, who
    /// saved it, and whether a save was just refused over it.
    Moved {
        rental: Box<Rental>,
        who: Option<String>,
        refused: bool,
    },
}

/// What the page asks the runner to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    Load,
    LoadDetail(i64),
    Create(Draft),
    Return {
        id: i64,
        version: i64,
        at: String,
        branch: String,
    },
    Breakdown {
        id: i64,
        version: i64,
        fault: String,
        at: String,
        place: String,
        note: String,
    },
    /// Whether the rental under the open return or breakdown form moved past its version.
    Check {
        id: i64,
        version: i64,
        refused: bool,
    },
    Status(String),
    Error(String),
}

/// A new rental as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    pub contract_no: String,
    pub plate: String,
    pub mobile: String,
    pub branch: String,
    pub start: String,
    pub planned_return: String,
}

/// Which form is open.
#[derive(Debug, Clone, Copy, PartialEq)]
enum FormKind {
    New,
    Return { id: i64, version: i64 },
    Breakdown { id: i64, version: i64 },
}

#[derive(Debug, Clone)]
struct Editing {
    kind: FormKind,
    /// The contract the form acts on, as its title names it (kept when the rental leaves
    /// the list under the form and the highlight moves on).
    contract: String,
    form: Form,
    /// Esc was pressed with typed text: asking before it is thrown away.
    asking: bool,
}

/// The rental desk page.
pub struct RentalsPage {
    rows: Vec<Rental>,
    /// Out and overdue in all, when `rows` stopped at the limit.
    stopped: Option<(i64, i64)>,
    branches: Vec<String>,
    /// The highlighted rental, by id.
    selected: Option<i64>,
    /// The rental opened with Enter, with its breakdowns.
    detail: Option<(Rental, Vec<Breakdown>)>,
    editing: Option<Editing>,
    now: DateTime<Utc>,
    tz: Tz,
    lang: Lang,
    loaded: bool,
    loads: Loads,
    /// A draft to put back once the list has loaded (`drafted`).
    restoring: Option<super::PageDraft>,
    /// A line over the list until the next key (a draft that could not be put back).
    note: Option<String>,
    /// The rental this desk just recorded returned: it leaves the list on the next load,
    /// and that is not news to say ("no longer listed" is for others' changes).
    returned: Option<i64>,
}

impl Default for RentalsPage {
    fn default() -> Self {
        RentalsPage {
            rows: Vec::new(),
            stopped: None,
            branches: Vec::new(),
            selected: None,
            detail: None,
            editing: None,
            now: DateTime::<Utc>::UNIX_EPOCH,
            tz: chrono_tz::Asia::Shanghai,
            lang: Lang::Zh,
            loaded: false,
            loads: Loads::default(),
            restoring: None,
            note: None,
            returned: None,
        }
    }
}

impl RentalsPage {
    fn t(&self, zh: &str, en: &str) -> String {
        self.lang.t(zh, en).to_string()
    }

    fn index(&self) -> Option<usize> {
        self.selected
            .and_then(|id| self.rows.iter().position(|r| r.id == id))
    }

    /// The list was loaded again (its rows before: `old`): the highlight stays on its
    /// rental; when that left the list (returned), on the row that took its place, and the
    /// line says which left.
    fn follow_rows(&mut self, old: &[Rental]) -> Option<String> {
        if self.index().is_some() {
            return None;
        }
        let was = self
            .selected
            .and_then(|id| old.iter().position(|r| r.id == id));
        let at = was.unwrap_or(0).min(self.rows.len().saturating_sub(1));
        self.selected = self.rows.get(at).map(|r| r.id);
        let gone = &old[was?];
        if self.returned.take() == Some(gone.id) {
            return None;
        }
        let plate = gone.plate.as_deref().unwrap_or_default();
        Some(crate::ui::selection::left_line(
            &format!("{} {plate}", gone.contract_no),
            self.lang,
        ))
    }

    /// The rental the keys act on: the one opened, else the highlighted row.
    fn target(&self) -> Option<&Rental> {
        match &self.detail {
            Some((r, _)) => Some(r),
            None => self.index().map(|i| &self.rows[i]),
        }
    }

    fn move_by(&mut self, step: isize) {
        if self.rows.is_empty() {
            return;
        }
        let at = self.index().unwrap_or(0) as isize;
        let next = (at + step).clamp(0, self.rows.len() as isize - 1) as usize;
        self.selected = Some(self.rows[next].id);
    }

    fn reload(&self) -> Vec<Cmd> {
        let mut v = vec![Cmd::Load];
        if let Some((r, _)) = &self.detail {
            v.push(Cmd::LoadDetail(r.id));
        }
        v
    }

    fn on_action(&mut self, a: Action) -> Vec<Cmd> {
        if let Some(e) = &mut self.editing {
            if e.asking {
                match a {
                    Action::Yes => self.editing = None,
                    Action::No => e.asking = false,
                    _ => {}
                }
                return Vec::new();
            }
            return match a {
                Action::Save => self.save(),
                Action::NextField => {
                    e.form.next();
                    Vec::new()
                }
                Action::PrevField => {
                    e.form.prev();
                    Vec::new()
                }
                Action::Back if e.form.is_dirty() => {
                    e.asking = true;
                    Vec::new()
                }
                Action::Back => {
                    self.editing = None;
                    Vec::new()
                }
                _ => Vec::new(),
            };
        }
        match a {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-PAGE),
            Action::PageDown => self.move_by(PAGE),
            Action::Home => self.move_by(-isize::MAX / 2),
            Action::End => self.move_by(isize::MAX / 2),
            Action::Open => {
                if let Some(i) = self.index() {
                    return vec![Cmd::LoadDetail(self.rows[i].id)];
                }
            }
            Action::Back => self.detail = None,
            Action::NewRental if self.detail.is_none() => return self.open_form(FormKind::New),
            Action::RecordReturn => {
                let Some(r) = self.target() else {
                    return vec![Cmd::Error(
                        self.t("请先选中一份合同", "Select a rental first"),
                    )];
                };
                if r.returned_at.is_some() {
                    return vec![Cmd::Error(self.t("该车已还", "The car is back already"))];
                }
                let kind = FormKind::Return {
                    id: r.id,
                    version: r.version,
                };
                return self.open_form(kind);
            }
            Action::LogBreakdown => {
                let Some(r) = self.target() else {
                    return vec![Cmd::Error(
                        self.t("请先选中一份合同", "Select a rental first"),
                    )];
                };
                if !r.status(self.now).is_out() {
                    return vec![Cmd::Error(self.t(
                        "只能为在租车辆登记途中故障",
                        "Breakdowns are logged for cars that are out",
                    ))];
                }
                let kind = FormKind::Breakdown {
                    id: r.id,
                    version: r.version,
                };
                return self.open_form(kind);
            }
            _ => {}
        }
        Vec::new()
    }
}

impl Machine for RentalsPage {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Enter => {
                let mut cmds = self.reload();
                cmds.extend(self.check(false));
                cmds
            }
            Msg::Show {
                rows,
                stopped,
                branches,
                now,
                tz,
                lang,
            } => {
                let old = std::mem::replace(&mut self.rows, rows);
                self.stopped = stopped;
                self.branches = branches;
                self.now = now;
                self.tz = tz;
                self.lang = lang;
                self.loaded = true;
                let mut cmds: Vec<Cmd> = self
                    .follow_rows(&old)
                    .map(Cmd::Status)
                    .into_iter()
                    .collect();
                self.returned = None;
                cmds.extend(self.reopen_draft());
                cmds
            }
            Msg::Detail(d) => {
                self.detail = d.map(|b| *b);
                Vec::new()
            }
            Msg::Action(a) => {
                self.note = None;
                self.on_action(a)
            }
            Msg::Key(k) => {
                if let Some(e) = &mut self.editing
                    && !e.asking
                {
                    e.form.edit(k);
                }
                Vec::new()
            }
            Msg::Paste(text) => {
                if let Some(e) = &mut self.editing
                    && !e.asking
                {
                    e.form.paste(&text);
                }
                Vec::new()
            }
            Msg::Saved { line, focus } => {
                // A return (no record to highlight): its rental leaves the list.
                if let (None, Some(FormKind::Return { id, .. })) =
                    (focus, self.editing.as_ref().map(|e| &e.kind))
                {
                    self.returned = Some(*id);
                }
                self.editing = None;
                if focus.is_some() {
                    self.selected = focus;
                }
                let mut v = vec![Cmd::Status(line)];
                v.extend(self.reload());
                v
            }
            Msg::Refused { field, line } => {
                if let Some(e) = &mut self.editing {
                    match field {
                        Some(k) => {
                            e.form.set_error(k, line.clone());
                            e.form.focus_first_error();
                        }
                        None => e.form.message = Some((line.clone(), true)),
                    }
                }
                // Someone else's change may be why: the open form takes it in.
                let mut cmds = vec![Cmd::Error(line)];
                if field.is_none() {
                    cmds.extend(self.check(true));
                }
                cmds
            }
            Msg::Moved {
                rental,
                who,
                refused,
            } => self.moved(*rental, who, refused),
        }
    }
}

/// The list loads on the loads thread; a rental opened, new rentals, returns and
/// breakdowns here.
const RUNNER: Runner<RentalsPage> = Runner {
    lane: run::lane,
    run: run::run,
    loads: |p| &mut p.loads,
    refused: run::refused_flag,
};

impl RentalsPage {
    fn drive(&mut self, first: Msg, env: &mut Env) -> Vec<Out> {
        RUNNER.drive(self, first, env)
    }
}

impl Page for RentalsPage {
    fn title(&self, lang: Lang) -> &'static str {
        lang.t("租赁", "Rentals")
    }
    fn shown(&self, settings: &Settings) -> bool {
        settings.store_mode.is_rental()
    }
    fn scopes(&self) -> Vec<Scope> {
        match (&self.editing, &self.detail) {
            (Some(e), _) if e.asking => vec![Scope::Confirm],
            (Some(_), _) => vec![Scope::Form],
            (None, Some(_)) => vec![Scope::RentalDetail],
            (None, None) => vec![Scope::Rentals],
        }
    }
    fn typing(&self) -> bool {
        self.editing.as_ref().is_some_and(|e| !e.asking)
    }
    fn has_unsaved_input(&self) -> bool {
        self.editing.as_ref().is_some_and(|e| e.form.is_dirty())
    }
    crate::ui::desk::wiring::page_drafts!();
    fn at_top(&self) -> bool {
        self.editing.is_none() && self.detail.is_none()
    }
    fn enter(&mut self, env: &mut Env) -> Vec<Out> {
        self.drive(Msg::Enter, env)
    }
    fn follow(&mut self, env: &mut Env) -> Vec<Out> {
        self.drive(Msg::Enter, env)
    }
    fn key(&mut self, action: Option<Action>, key: KeyEvent, env: &mut Env) -> Vec<Out> {
        match action {
            Some(a) => self.drive(Msg::Action(a), env),
            None => self.drive(Msg::Key(key), env),
        }
    }
    fn paste(&mut self, text: &str, env: &mut Env) -> Vec<Out> {
        self.drive(Msg::Paste(text.to_string()), env)
    }

    super::loads::page_loads!(RUNNER);
    fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, clock: &Clock, theme: &Theme) {
        view::render(self, frame, area, lang, clock, theme);
    }
    fn export(&self, lang: Lang, clock: &Clock) -> Option<(Sheet, &'static str)> {
        Some((view::sheet(self, lang, clock), "rentals"))
    }
}

/// Rows `PgUp` / `PgDn` move the highlight by on the list.
const PAGE: isize = 10;

/// The fault types as the form's hint shows them: `1 发动机/动力故障  2 电瓶亏电 …`.
fn fault_menu(lang: Lang) -> String {
    Fault::ALL
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{} {}", i + 1, f.label(lang)))
        .collect::<Vec<_>>()
        .join("  ")
}

/// Whether a row is drawn as overdue.
fn overdue(r: &Rental, now: DateTime<Utc>) -> bool {
    r.status(now) == RentalStatus::Overdue
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_follow;
