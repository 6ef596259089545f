//! The 活动 / Events page of the Desk tab (seed 001 item 7: knowledge talks, customer
//! clubs, self-drive tours): the events, upcoming first, with invited / accepted /
//! attended; Enter opens one with its invitees (numbers masked). Keys: a new event, edit,
//! invite the target list (the page says how many first and asks), record an answer,
//! check in (Space: the highlighted invitee, then the next), stop inviting once the seats
//! are taken, cancel, Ctrl-E export.

mod ask;
mod drafted;
mod follow;
mod form;
mod page;
mod run;
mod view;

use super::loads::Loads;
use super::machine::Machine;
use crate::domain::events::{EventData, Rsvp};
use crate::i18n::Lang;
use crate::store::events::{EventRow, InvitePreview, InviteeRow};
use crate::ui::action::Action;
use crate::ui::selection::Selection;
use crate::ui::widgets::form::Form;
use ask::Ask;
use crossterm::event::KeyEvent;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    List,
    Detail,
    Form,
    Answer,
    ConfirmInvite,
    /// Asking whether to cancel the open event, or to stop inviting to it.
    Asking(Ask),
}

impl Mode {
    /// The open event shows (its page, or a question or form over it).
    fn on_event(self) -> bool {
        matches!(
            self,
            Mode::Detail | Mode::Answer | Mode::ConfirmInvite | Mode::Asking(_)
        )
    }
}

/// A message to the page's state machine.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The page is shown, on this day.
    Enter {
        today: chrono::NaiveDate,
    },
    /// Another agent saved.
    Follow,
    Action(Action),
    /// A key typed into the field with the cursor.
    Text(KeyEvent),
    Paste(String),
    /// The events listed, and how many the list's filter holds (more when it stopped at
    /// its limit).
    Loaded(Vec<EventRow>, usize),
    Opened(Box<EventRow>, Vec<InviteeRow>),
    /// How many inviting would add.
    Previewed(InvitePreview),
    /// A save went through: the record to highlight and the line to show.
    Saved {
        event: i64,
        message: String,
    },
    Refused(String),
    /// The record under the open form moved on (another agent saved it): as stored now,
    /// who saved it, and whether a save was just refused over it.
    Moved {
        stored: follow::Stored,
        who: Option<String>,
        refused: bool,
    },
}

/// What the page asks the store (or the app) for.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    List,
    Open(i64),
    /// Save a new event (None) or an edit of the event at its version.
    Save {
        target: Option<(i64, i64)>,
        data: EventData,
    },
    Preview(i64),
    Invite {
        event: i64,
        version: i64,
    },
    Answer {
        event: i64,
        invitee: i64,
        version: i64,
        rsvp: Rsvp,
    },
    CheckIn {
        event: i64,
        invitee: i64,
        version: i64,
        attended: bool,
    },
    /// Cancel the event at its version.
    Cancel {
        event: i64,
        version: i64,
    },
    /// Stop inviting to the event at its version.
    StopInviting {
        event: i64,
        version: i64,
    },
    OpenCustomer(i64),
    /// Whether the record under the open form moved past its version.
    Check {
        under: follow::Under,
        refused: bool,
    },
    Status(String),
    Error(String),
}

/// The page's state.
pub struct Events {
    lang: Lang,
    mode: Mode,
    today: chrono::NaiveDate,
    rows: Vec<EventRow>,
    /// How many events the list's filter holds (more than `rows` at the limit).
    total: usize,
    selected: Selection<i64>,
    event: Option<EventRow>,
    invitees: Vec<InviteeRow>,
    invitee: Selection<i64>,
    /// The event form: the event edited (id, version) or None for a new one.
    form: Option<(Option<(i64, i64)>, Form)>,
    /// The answer form: the invitee and its version.
    answer: Option<(i64, i64, Form)>,
    /// The open form as built from its record when opened (what another agent's change is
    /// measured against).
    base: Option<Form>,
    preview: Option<InvitePreview>,
    esc_armed: bool,
    loads: Loads,
    /// An answer's draft to put back once its event has opened (`drafted`).
    restoring: Option<super::PageDraft>,
    /// A line on the event's page until the next key (a draft that could not be put back).
    note: Option<String>,
}

impl Default for Events {
    fn default() -> Self {
        Events::new(Lang::Zh)
    }
}

impl Events {
    pub fn new(lang: Lang) -> Events {
        Events {
            lang,
            mode: Mode::List,
            today: chrono::NaiveDate::MIN,
            rows: Vec::new(),
            total: 0,
            selected: Selection::default(),
            event: None,
            invitees: Vec::new(),
            invitee: Selection::default(),
            form: None,
            answer: None,
            base: None,
            preview: None,
            esc_armed: false,
            loads: Loads::default(),
            restoring: None,
            note: None,
        }
    }

    fn ids(&self) -> Vec<i64> {
        self.rows.iter().map(|r| r.id).collect()
    }

    fn invitee_ids(&self) -> Vec<i64> {
        self.invitees.iter().map(|r| r.id).collect()
    }

    /// The event the keys act on: the one open, else the highlighted one.
    fn current(&self) -> Option<&EventRow> {
        match (&self.event, self.mode) {
            (Some(e), m) if m.on_event() => Some(e),
            _ => {
                let id = self.selected.id()?;
                self.rows.iter().find(|r| r.id == *id)
            }
        }
    }

    fn current_invitee(&self) -> Option<&InviteeRow> {
        let id = self.invitee.id()?;
        self.invitees.iter().find(|r| r.id == *id)
    }

    fn reload(&self) -> Vec<Cmd> {
        let mut cmds = vec![Cmd::List];
        if let (Some(e), true) = (&self.event, self.mode.on_event()) {
            cmds.push(Cmd::Open(e.id));
        }
        cmds.extend(self.restoring_event().map(Cmd::Open));
        cmds
    }

    fn back_from_form(&mut self) {
        self.form = None;
        self.answer = None;
        self.base = None;
        self.mode = if self.event.is_some() {
            Mode::Detail
        } else {
            Mode::List
        };
    }

    fn unsaved(&mut self) {
        let lang = self.lang;
        let msg = Some((crate::ui::keymap::unsaved_note(lang), false));
        if let Some((_, f)) = &mut self.form {
            f.message = msg;
        } else if let Some((_, _, f)) = &mut self.answer {
            f.message = msg;
        }
        self.esc_armed = true;
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        match (&mut self.form, &mut self.answer) {
            (Some((_, f)), _) => Some(f),
            (None, Some((_, _, f))) => Some(f),
            _ => None,
        }
    }

    fn step_rows(a: Action) -> isize {
        match a {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -10,
            _ => 10,
        }
    }

    fn on_action(&mut self, a: Action) -> Vec<Cmd> {
        let lang = self.lang;
        let armed = std::mem::take(&mut self.esc_armed);
        match (self.mode, a) {
            (Mode::List, Action::Up | Action::Down | Action::PageUp | Action::PageDown) => {
                self.selected.step(&self.ids(), Self::step_rows(a));
            }
            (Mode::List, Action::Open) => {
                if let Some(id) = self.selected.id() {
                    return vec![Cmd::Open(*id)];
                }
            }
            (Mode::List, Action::EventNew) => {
                self.form = Some((None, form::empty(lang)));
                self.base = None;
                self.mode = Mode::Form;
            }
            (Mode::List | Mode::Detail, Action::EventEdit) => {
                let Some(e) = self.current().cloned() else {
                    return Vec::new();
                };
                let f = form::filled(&e.data(), lang);
                self.base = Some(f.clone());
                self.form = Some((Some((e.id, e.version)), f));
                self.mode = Mode::Form;
            }
            (Mode::Detail, Action::Up | Action::Down | Action::PageUp | Action::PageDown) => {
                self.invitee.step(&self.invitee_ids(), Self::step_rows(a));
            }
            (Mode::Detail, Action::Back) => {
                self.event = None;
                self.invitees.clear();
                self.invitee = Selection::default();
                self.mode = Mode::List;
                return vec![Cmd::List];
            }
            (Mode::Detail, Action::Open) => {
                if let Some(i) = self.current_invitee() {
                    return vec![Cmd::OpenCustomer(i.customer_id)];
                }
            }
            (Mode::Detail, Action::EventInvite) => {
                if let Some(e) = &self.event {
                    return vec![Cmd::Preview(e.id)];
                }
            }
            (Mode::ConfirmInvite, Action::Yes) => {
                self.mode = Mode::Detail;
                let new = self.preview.take().map_or(0, |p| p.new);
                if let (Some(e), true) = (&self.event, new > 0) {
                    return vec![Cmd::Invite {
                        event: e.id,
                        version: e.version,
                    }];
                }
            }
            (Mode::ConfirmInvite, _) => {
                self.preview = None;
                self.mode = Mode::Detail;
            }
            (Mode::Detail, Action::EventCancel) => return self.ask_step(Ask::Cancel, a),
            (Mode::Detail, Action::EventStopInviting) => {
                return self.ask_step(Ask::StopInviting, a);
            }
            (Mode::Asking(ask), _) => return self.ask_step(ask, a),
            (Mode::Detail, Action::EventAnswer) => {
                if let Some(i) = self.current_invitee().cloned() {
                    let f = form::answer(i.answer, i.party, self.lang);
                    self.base = Some(f.clone());
                    self.answer = Some((i.id, i.version, f));
                    self.mode = Mode::Answer;
                }
            }
            (Mode::Detail, Action::EventCheckIn) => {
                let (Some(e), Some(i)) = (&self.event, self.current_invitee()) else {
                    return Vec::new();
                };
                let cmd = Cmd::CheckIn {
                    event: e.id,
                    invitee: i.id,
                    version: i.version,
                    attended: !i.attended,
                };
                // Quick check-in at the door: the highlight moves on to the next invitee.
                self.invitee.step(&self.invitee_ids(), 1);
                return vec![cmd];
            }
            (Mode::Form | Mode::Answer, Action::NextField) => {
                if let Some(f) = self.form_mut() {
                    f.next();
                }
            }
            (Mode::Form | Mode::Answer, Action::PrevField) => {
                if let Some(f) = self.form_mut() {
                    f.prev();
                }
            }
            (Mode::Form | Mode::Answer, Action::Back) => {
                let dirty = self.form_mut().is_some_and(|f| f.is_dirty());
                if !dirty || armed {
                    self.back_from_form();
                } else {
                    self.unsaved();
                }
            }
            (Mode::Form, Action::Save) => {
                let Some((target, f)) = self.form.as_mut() else {
                    return Vec::new();
                };
                if let Some(data) = form::event(f, lang) {
                    return vec![Cmd::Save {
                        target: *target,
                        data,
                    }];
                }
            }
            (Mode::Answer, Action::Save) => {
                let event = self.event.as_ref().map_or(0, |e| e.id);
                let Some((invitee, version, f)) = self.answer.as_mut() else {
                    return Vec::new();
                };
                if let Some(rsvp) = form::rsvp(f, lang) {
                    return vec![Cmd::Answer {
                        event,
                        invitee: *invitee,
                        version: *version,
                        rsvp,
                    }];
                }
            }
            _ => {}
        }
        Vec::new()
    }
}

impl Machine for Events {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Enter { today } => {
                self.today = today;
                self.reload()
            }
            Msg::Follow => {
                let mut cmds = self.reload();
                cmds.extend(self.check(false));
                cmds
            }
            Msg::Action(a) => {
                self.note = None;
                self.on_action(a)
            }
            Msg::Text(key) => {
                self.esc_armed = false;
                let lang = self.lang;
                // A digit naming no option of a choice is said, not swallowed.
                if let Some(f) = self.form_mut()
                    && !f.edit(key)
                {
                    f.say_no_option(key, lang);
                }
                Vec::new()
            }
            Msg::Paste(text) => {
                if let Some(f) = self.form_mut() {
                    f.paste(&text);
                }
                Vec::new()
            }
            Msg::Loaded(rows, total) => {
                self.total = total.max(rows.len());
                let old = std::mem::replace(&mut self.rows, rows);
                let ids = self.ids();
                let lang = self.lang;
                let name = |r: &EventRow| format!("{} {}", lang.t("活动", "Event"), r.title);
                self.selected
                    .follow_saying(&ids, &old, |r| r.id, name, lang)
                    .map(Cmd::Status)
                    .into_iter()
                    .collect()
            }
            Msg::Opened(e, invitees) => {
                let id = e.id;
                // The same event read again (another agent's save, a check-in): an invitee
                // who left its list is named.
                let again = self.event.as_ref().is_some_and(|was| was.id == id);
                self.event = Some(*e);
                let old = std::mem::replace(&mut self.invitees, invitees);
                let ids = self.invitee_ids();
                let name =
                    |r: &InviteeRow| format!("{} {}", r.name, r.plate.as_deref().unwrap_or(""));
                let left = self
                    .invitee
                    .follow_saying(&ids, &old, |r| r.id, name, self.lang);
                if self.mode == Mode::List {
                    self.mode = Mode::Detail;
                }
                let ids = self.ids();
                self.selected.select(&id, &ids);
                let mut cmds: Vec<Cmd> = left
                    .filter(|_| again)
                    .map(Cmd::Status)
                    .into_iter()
                    .collect();
                cmds.extend(self.reopen_answer());
                cmds
            }
            Msg::Previewed(p) => {
                if p.new == 0 {
                    let line = match self.lang {
                        Lang::Zh => format!("{} 位均已邀约", p.matching),
                        Lang::En => format!("All {} invited already", p.matching),
                    };
                    return vec![Cmd::Status(line)];
                }
                self.preview = Some(p);
                self.mode = Mode::ConfirmInvite;
                Vec::new()
            }
            Msg::Saved { event, message } => {
                if matches!(self.mode, Mode::Form | Mode::Answer) {
                    let was_new = matches!(self.form, Some((None, _)));
                    self.back_from_form();
                    if was_new {
                        self.event = None;
                        self.mode = Mode::List;
                    }
                }
                let ids = self.ids();
                if !self.selected.select(&event, &ids) {
                    self.selected = Selection::default();
                    self.selected.step(&[event], 0);
                }
                let mut cmds = vec![Cmd::Status(message)];
                cmds.extend(self.reload());
                cmds
            }
            Msg::Refused(why) => {
                if let Some(f) = self.form_mut() {
                    f.message = Some((why.clone(), true));
                }
                let mut cmds = vec![Cmd::Error(why)];
                // Reload what is shown: the refusal may come from someone else's change,
                // which an open form then takes in.
                if matches!(self.mode, Mode::Detail | Mode::List) {
                    cmds.extend(self.reload());
                }
                cmds.extend(self.check(true));
                cmds
            }
            Msg::Moved {
                stored,
                who,
                refused,
            } => {
                self.moved(stored, who, refused);
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_ask;
#[cfg(test)]
mod tests_follow;
