//! The 整改 / Improvements page: the improvement actions (overdue ones marked), filtered by
//! status and department; Enter opens one with the records behind it (Enter on a record
//! opens its customer); keys raise an action, advance it, verify it (supervisors). A
//! supervisor sees the proposed rectification orders at the top: Enter accepts one (the
//! raise form, prefilled and linked to its complaints), `x` dismisses it with a reason.
//!
//! `update` is pure: what it needs from the store and the clock comes in messages
//! (`run.rs` carries the commands out); `view.rs` draws.

mod drafted;
mod follow;
mod form;
mod run;
mod steps;
mod view;

use super::loads::Loads;
use super::machine::Machine;
use super::{Env, Out, Page, Request};
use crate::clock::Clock;
use crate::domain::improvements::recur::{Proposal, RecurRule};
use crate::domain::improvements::{Department, Status};
use crate::i18n::Lang;
use crate::store::improvements::{Filter, Link, NewImprovement, Row};
use crate::ui::action::Action;
use crate::ui::keymap::{self, Scope};
use crate::ui::selection::Selection;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use form::{Prefill, RaiseForm};
use ratatui::Frame;
use ratatui::layout::Rect;

pub use form::Prefill as RaisePrefill;

/// A line of the list: a proposed order (by its key code) or an action (by id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Proposal(String),
    Action(i64),
}

/// What the page shows besides the list.
#[derive(Debug, Clone, Default)]
enum Level {
    #[default]
    List,
    /// One action with its records; the highlighted record.
    Detail {
        row: Box<Row>,
        links: Vec<Link>,
        at: usize,
    },
    Raise(Box<RaiseForm>),
    /// The supervisor's verification note.
    Verify {
        row: Box<Row>,
        form: Form,
    },
    /// The reason for dismissing a proposed order.
    Dismiss {
        proposal: Proposal,
        form: Form,
    },
}

/// What the store and the clock said (everything `update` needs).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub rows: Vec<Row>,
    /// How many actions the filter holds (more than `rows` when the list stops at its
    /// limit).
    pub total: usize,
    pub proposals: Vec<Proposal>,
    pub rule: RecurRule,
    pub supervisor: bool,
    pub today: NaiveDate,
    pub lang: Lang,
    /// (agent id, "1002 陈静") of the active agents.
    pub owners: Vec<(i64, String)>,
    /// The agent at this terminal.
    pub me: Option<i64>,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Key(Option<Action>, KeyEvent),
    Paste(String),
    /// Another agent saved: the list loads again, and the open verification form asks
    /// whether its action moved on (both on the loads thread).
    Follow,
    Loaded(Box<Loaded>),
    Opened(Box<Row>, Vec<Link>),
    /// A raise form from elsewhere (a complaint, a callback).
    Raise(Prefill),
    /// A save went through: the action to highlight and the line to show.
    Saved(i64, String),
    /// A save was refused: why (the form stays open).
    Refused(String),
    /// A proposed order was dismissed.
    Dismissed(String),
    /// The action under the open form moved on: as stored now, who saved it, and whether
    /// a save was just refused over it.
    Moved {
        row: Box<Row>,
        who: Option<String>,
        refused: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    Load(Filter),
    Open(i64),
    Raise(Box<NewImprovement>),
    Step {
        id: i64,
        version: i64,
        to: Status,
        note: Option<String>,
    },
    Dismiss(Proposal, String),
    /// Whether the action under the open form moved past its version.
    Check {
        id: i64,
        version: i64,
        refused: bool,
    },
    Out(Out),
}

#[derive(Default)]
pub struct ImprovementsPage {
    data: Option<Box<Loaded>>,
    filter: Filter,
    selected: Selection<Item>,
    level: Level,
    /// Esc pressed once on a form with typed text.
    esc_armed: bool,
    /// A raise asked for before the page had loaded.
    pending: Option<Prefill>,
    /// The record to highlight once the list has it (the one just saved).
    want: Option<Item>,
    message: Option<(String, bool)>,
    loads: Loads,
    /// A draft to put back once the list has loaded (`drafted`).
    restoring: Option<super::PageDraft>,
}

impl ImprovementsPage {
    fn lang(&self) -> Lang {
        self.data.as_ref().map_or(Lang::Zh, |d| d.lang)
    }

    fn items(&self) -> Vec<Item> {
        let Some(d) = &self.data else {
            return Vec::new();
        };
        let mut v: Vec<Item> = if d.supervisor {
            d.proposals
                .iter()
                .map(|p| Item::Proposal(p.key.code()))
                .collect()
        } else {
            Vec::new()
        };
        v.extend(d.rows.iter().map(|r| Item::Action(r.id)));
        v
    }

    fn selected_row(&self) -> Option<&Row> {
        let Some(Item::Action(id)) = self.selected.id() else {
            return None;
        };
        self.data.as_ref()?.rows.iter().find(|r| r.id == *id)
    }

    fn selected_proposal(&self) -> Option<&Proposal> {
        let Some(Item::Proposal(code)) = self.selected.id() else {
            return None;
        };
        let d = self.data.as_ref()?;
        d.proposals.iter().find(|p| p.key.code() == *code)
    }

    /// The action the keys act on: the open one, else the highlighted one.
    fn current(&self) -> Option<&Row> {
        match &self.level {
            Level::Detail { row, .. } => Some(row),
            _ => self.selected_row(),
        }
    }

    fn form(&self) -> Option<&Form> {
        match &self.level {
            Level::Raise(r) => Some(&r.form),
            Level::Verify { form, .. } | Level::Dismiss { form, .. } => Some(form),
            _ => None,
        }
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        match &mut self.level {
            Level::Raise(r) => Some(&mut r.form),
            Level::Verify { form, .. } | Level::Dismiss { form, .. } => Some(form),
            _ => None,
        }
    }

    fn say(&mut self, zh: &str, en: &str, error: bool) {
        let line = self.lang().t(zh, en).to_string();
        self.message = Some((line, error));
    }

    fn open_raise(&mut self, prefill: Prefill) {
        let Some(d) = &self.data else {
            self.pending = Some(prefill);
            return;
        };
        let me =
            d.me.and_then(|id| d.owners.iter().find(|(i, _)| *i == id))
                .map(|(_, label)| label.split(' ').next().unwrap_or("").to_string())
                .unwrap_or_default();
        self.level = Level::Raise(Box::new(RaiseForm::new(prefill, &me, d.today)));
        self.esc_armed = false;
    }

    fn key(&mut self, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
        let armed = std::mem::take(&mut self.esc_armed);
        if self.form().is_some() {
            return self.form_key(action, key, armed);
        }
        self.message = None;
        if let Level::Detail { links, at, .. } = &mut self.level {
            match action {
                Some(Action::Back) => {
                    self.level = Level::List;
                    return Vec::new();
                }
                Some(Action::Up) => *at = at.saturating_sub(1),
                Some(Action::Down) => *at = (*at + 1).min(links.len().saturating_sub(1)),
                Some(Action::Open) => {
                    return match links.get(*at).and_then(|l| l.customer_id) {
                        Some(c) => vec![Cmd::Out(Out::OpenCustomer(c))],
                        None => {
                            self.say("该记录没有关联客户", "That record has no customer", true);
                            Vec::new()
                        }
                    };
                }
                Some(Action::AdvanceImprovement) => return self.advance(),
                Some(Action::VerifyImprovement) => self.verify(),
                _ => {}
            }
            return Vec::new();
        }
        let items = self.items();
        match action {
            Some(Action::Up) => self.selected.step(&items, -1),
            Some(Action::Down) => self.selected.step(&items, 1),
            Some(Action::PageUp) => self.selected.step(&items, -10),
            Some(Action::PageDown) => self.selected.step(&items, 10),
            Some(Action::Home) => self.selected.first(&items),
            Some(Action::End) => self.selected.step(&items, items.len() as isize),
            Some(Action::Open) => {
                if let Some(p) = self.selected_proposal().cloned() {
                    let rule = self.data.as_ref().map(|d| d.rule).unwrap_or_default();
                    let prefill = Prefill::order(&p, rule, self.lang());
                    self.open_raise(prefill);
                } else if let Some(r) = self.selected_row() {
                    return vec![Cmd::Open(r.id)];
                }
            }
            Some(Action::RaiseImprovement) => self.open_raise(Prefill::default()),
            Some(Action::AdvanceImprovement) => return self.advance(),
            Some(Action::VerifyImprovement) => self.verify(),
            Some(Action::DismissProposal) => match self.selected_proposal().cloned() {
                Some(proposal) => {
                    self.level = Level::Dismiss {
                        proposal,
                        form: form::reason_form(),
                    }
                }
                None => self.say(
                    "先选中一条整改令建议（列表顶部）",
                    "Highlight a proposed order first (top of the list)",
                    true,
                ),
            },
            Some(Action::Filter) => {
                self.filter.status = match self.filter.status {
                    None => Some(Status::Open),
                    Some(Status::Open) => Some(Status::InProgress),
                    Some(Status::InProgress) => Some(Status::Done),
                    Some(Status::Done) => Some(Status::Verified),
                    Some(Status::Verified) => None,
                };
                return vec![Cmd::Load(self.filter)];
            }
            Some(Action::FilterDepartment) => {
                let all = Department::ALL;
                self.filter.department = match self.filter.department {
                    None => Some(all[0]),
                    Some(d) => all
                        .iter()
                        .position(|x| *x == d)
                        .and_then(|i| all.get(i + 1))
                        .copied(),
                };
                return vec![Cmd::Load(self.filter)];
            }
            _ => {}
        }
        Vec::new()
    }

    fn form_key(&mut self, action: Option<Action>, key: KeyEvent, armed: bool) -> Vec<Cmd> {
        let lang = self.lang();
        match action {
            Some(Action::Back) => {
                if self.form().is_some_and(|f| f.is_dirty()) && !armed {
                    if let Some(f) = self.form_mut() {
                        f.say_unsaved(lang);
                    }
                    self.esc_armed = true;
                } else {
                    self.level = Level::List;
                }
                Vec::new()
            }
            Some(Action::NextField) => {
                if let Some(f) = self.form_mut() {
                    f.next();
                }
                Vec::new()
            }
            Some(Action::PrevField) => {
                if let Some(f) = self.form_mut() {
                    f.prev();
                }
                Vec::new()
            }
            Some(Action::Save) => self.save(),
            None => {
                if let Some(f) = self.form_mut() {
                    f.edit(key);
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn save(&mut self) -> Vec<Cmd> {
        let Some(d) = self.data.as_deref() else {
            return Vec::new();
        };
        let (lang, today) = (d.lang, d.today);
        let owners = d.owners.clone();
        match &mut self.level {
            Level::Raise(r) => match r.parse(&owners, today, lang) {
                Some(n) => vec![Cmd::Raise(Box::new(n))],
                None => Vec::new(),
            },
            Level::Verify { row, form } => {
                let note = form.get("note").to_string();
                if note.is_empty() {
                    form.set_error("note", lang.t("必填", "required").into());
                    return Vec::new();
                }
                vec![Cmd::Step {
                    id: row.id,
                    version: row.version,
                    to: Status::Verified,
                    note: Some(note),
                }]
            }
            Level::Dismiss { proposal, form } => {
                let reason = form.get("reason").to_string();
                if reason.is_empty() {
                    form.set_error("reason", lang.t("必填", "required").into());
                    return Vec::new();
                }
                vec![Cmd::Dismiss(proposal.clone(), reason)]
            }
            _ => Vec::new(),
        }
    }

    fn loaded(&mut self, l: Box<Loaded>) -> Vec<Cmd> {
        self.data = Some(l);
        let items = self.items();
        let wanted = self
            .want
            .take()
            .is_some_and(|w| self.selected.select(&w, &items));
        if !wanted
            && let Some(gone) = self.selected.follow(&items)
            && let Item::Action(id) = gone
        {
            let lang = self.lang();
            self.message = Some((
                match lang {
                    Lang::Zh => format!("整改 #{id} 已不在此筛选中，已移到相邻一条"),
                    Lang::En => format!("Action #{id} left this view; moved to the next one"),
                },
                false,
            ));
        }
        // The open action follows what another agent saved.
        let reopen = match &self.level {
            Level::Detail { row, .. } => Some(row.id),
            _ => None,
        };
        let mut cmds: Vec<Cmd> = reopen.map(Cmd::Open).into_iter().collect();
        if let Some(p) = self.pending.take() {
            self.open_raise(p);
        }
        cmds.extend(self.reopen_draft());
        cmds
    }
}

impl Machine for ImprovementsPage {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Key(action, key) => self.key(action, key),
            Msg::Paste(text) => {
                if let Some(f) = self.form_mut() {
                    f.paste(&text);
                }
                Vec::new()
            }
            Msg::Follow => {
                let mut cmds = vec![Cmd::Load(self.filter)];
                cmds.extend(self.check(false));
                cmds
            }
            Msg::Loaded(l) => self.loaded(l),
            Msg::Opened(row, links) => {
                let at = match &self.level {
                    Level::Detail { row: r, at, .. } if r.id == row.id => *at,
                    _ => 0,
                };
                let at = at.min(links.len().saturating_sub(1));
                let id = row.id;
                if matches!(self.level, Level::List | Level::Detail { .. }) {
                    self.level = Level::Detail { row, links, at };
                }
                self.reopen_verify(id)
            }
            Msg::Raise(prefill) => {
                self.open_raise(prefill);
                Vec::new()
            }
            Msg::Saved(id, line) => {
                let back_to_detail =
                    matches!(self.level, Level::Verify { .. } | Level::Detail { .. });
                self.level = Level::List;
                self.want = Some(Item::Action(id));
                self.message = Some((line.clone(), false));
                let mut cmds = vec![Cmd::Load(self.filter), Cmd::Out(Out::Status(line))];
                if back_to_detail {
                    cmds.push(Cmd::Open(id));
                }
                cmds
            }
            Msg::Dismissed(line) => {
                self.level = Level::List;
                self.message = Some((line.clone(), false));
                vec![Cmd::Load(self.filter), Cmd::Out(Out::Status(line))]
            }
            Msg::Refused(why) => {
                match self.form_mut() {
                    Some(f) => f.message = Some((why, true)),
                    None => self.message = Some((why, true)),
                }
                let mut cmds = vec![Cmd::Load(self.filter)];
                cmds.extend(self.check(true));
                cmds
            }
            Msg::Moved { row, who, refused } => {
                self.moved(*row, who, refused);
                Vec::new()
            }
        }
    }
}

impl Page for ImprovementsPage {
    fn title(&self, lang: Lang) -> &'static str {
        lang.t("整改", "Improvements")
    }

    fn scopes(&self) -> Vec<Scope> {
        match &self.level {
            Level::List => vec![Scope::Improvements],
            Level::Detail { .. } => vec![Scope::ImprovementDetail],
            _ => keymap::form_scopes(self.form(), &[Scope::Form]),
        }
    }

    fn typing(&self) -> bool {
        self.form().is_some()
    }

    fn has_unsaved_input(&self) -> bool {
        self.form().is_some_and(|f| f.is_dirty())
    }

    crate::ui::desk::wiring::page_drafts!();

    fn at_top(&self) -> bool {
        matches!(self.level, Level::List)
    }

    fn enter(&mut self, env: &mut Env) -> Vec<Out> {
        run::drive(self, None, env, true)
    }

    fn follow(&mut self, env: &mut Env) -> Vec<Out> {
        run::drive(self, Some(Msg::Follow), env, false)
    }

    fn key(&mut self, action: Option<Action>, key: KeyEvent, env: &mut Env) -> Vec<Out> {
        run::drive(self, Some(Msg::Key(action, key)), env, false)
    }

    fn paste(&mut self, text: &str, env: &mut Env) -> Vec<Out> {
        run::drive(self, Some(Msg::Paste(text.to_string())), env, false)
    }

    super::loads::page_loads!(run::RUNNER);

    fn request(&mut self, req: &Request, env: &mut Env) -> Option<Vec<Out>> {
        match req {
            Request::RaiseImprovement(p) => {
                Some(run::drive(self, Some(Msg::Raise(p.clone())), env, true))
            }
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, clock: &Clock, theme: &Theme) {
        view::render(self, frame, area, lang, clock, theme);
    }

    fn export(
        &self,
        lang: Lang,
        _clock: &Clock,
    ) -> Option<(crate::io::sheet::Sheet, &'static str)> {
        Some((view::sheet(self, lang), "improvements"))
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_follow;
