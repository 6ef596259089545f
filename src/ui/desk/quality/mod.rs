//! The Desk page 质检 / Quality: call-quality review (通话品质). A supervisor works the review
//! queue (waiting and disputed reviews; `f` shows the scored ones) — Enter opens a review with
//! the call's or callback's record beside the scoring sheet (criteria, weights, the fatal-error
//! item), points per criterion and a comment for the agent, Ctrl-S saves (version-checked,
//! audited). An agent sees only their own scored reviews, with the points per criterion and
//! the comments, and may dispute each once, with a reason; a supervisor then scores it again.
//! Opening the page as a supervisor first fills the queue by the sampling rule (idempotent), on
//! the loads thread: the page says "计算中… / Computing…" meanwhile.

mod dispute;
mod drafted;
mod follow;
mod lines;
mod run;
mod sheet;
mod view;

use super::loads::{Loads, Runner};
use super::machine::Machine;
use super::{Env, Out, Page};
use crate::clock::Clock;
use crate::domain::quality::ReviewSheet;
use crate::domain::quality::review::{self, Refusal};
use crate::i18n::Lang;
use crate::store::quality::{Counts, ReviewDetail, ReviewRow, View};
use crate::ui::action::Action;
use crate::ui::keymap::Scope;
use crate::ui::selection::Selection;
use crate::ui::theme::Theme;
use crossterm::event::{Event, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use sheet::Sheet;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

/// Who is looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Viewer {
    pub id: i64,
    pub supervisor: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    List,
    /// A review read (an agent's, a scored one, a supervisor's own call).
    Review,
    /// A review with the scoring sheet being filled in.
    Sheet,
    /// Typing the reason of a dispute.
    Dispute,
}

/// An opened review as shown: the store's detail with its record's labels resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub detail: ReviewDetail,
    /// The call's template name or the callback's kind.
    pub what: String,
    /// The record's fields, labelled, in the template's order.
    pub fields: Vec<(String, String)>,
}

/// A message to the page's state machine.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The page is shown: who is looking.
    Enter {
        viewer: Viewer,
    },
    /// The review sheet in force (the store's quality settings), read on entry.
    SheetRead(ReviewSheet),
    /// Another agent saved.
    Follow,
    Action(Action),
    /// A key typed while a field has the cursor.
    Text(KeyEvent),
    Paste(String),
    /// The rows of the view (up to the store's limit) and how many of each status there
    /// are in all.
    Loaded(Vec<ReviewRow>, Counts),
    Opened(Box<Opened>),
    /// Saved: the review and the status line.
    Saved {
        id: i64,
        message: String,
    },
    Refused(String),
    /// The review under the open sheet or dispute moved on: as stored now, who saved it,
    /// and whether a save was just refused over it.
    Moved {
        opened: Box<Opened>,
        who: Option<String>,
        refused: bool,
    },
}

/// What the page asks the store (or the app) for.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// Read the review sheet in force (the store's quality settings).
    ReadSheet,
    /// Fill the queue by the sampling rule (a supervisor opened the page).
    Sample,
    Load(View),
    Open(i64),
    Score {
        id: i64,
        version: i64,
        scores: crate::domain::quality::Scores,
        comment: String,
    },
    /// Whether the review under the open sheet or dispute moved past its version.
    Check {
        id: i64,
        version: i64,
        refused: bool,
    },
    Dispute {
        id: i64,
        version: i64,
        reason: String,
    },
    Status(String),
    Error(String),
}

/// The page's state. The highlight is held by the review's id.
pub struct QualityPage {
    lang: Lang,
    viewer: Viewer,
    sheet_def: Option<ReviewSheet>,
    mode: Mode,
    view: View,
    rows: Vec<ReviewRow>,
    /// How many reviews of each status the view holds (more than `rows` when the list
    /// stops at its limit).
    counts: Counts,
    selected: Selection<i64>,
    opened: Option<Opened>,
    sheet: Option<Sheet>,
    reason: Input,
    /// Why the last step on the open review was refused, or a note about it.
    note: Option<(String, bool)>,
    scroll: u16,
    esc_armed: bool,
    loads: Loads,
    /// A draft to put back once its review has opened (`drafted`).
    restoring: Option<super::PageDraft>,
}

impl QualityPage {
    pub fn new(lang: Lang) -> QualityPage {
        QualityPage {
            lang,
            viewer: Viewer::default(),
            sheet_def: None,
            mode: Mode::List,
            view: View::Mine,
            rows: Vec::new(),
            counts: Counts::default(),
            selected: Selection::default(),
            opened: None,
            sheet: None,
            reason: Input::default(),
            note: None,
            scroll: 0,
            esc_armed: false,
            loads: Loads::default(),
            restoring: None,
        }
    }

    fn ids(&self) -> Vec<i64> {
        self.rows.iter().map(|r| r.id).collect()
    }

    fn default_view(&self) -> View {
        if self.viewer.supervisor {
            View::Queue
        } else {
            View::Mine
        }
    }

    fn back_to_list(&mut self) -> Vec<Cmd> {
        self.mode = Mode::List;
        self.opened = None;
        self.sheet = None;
        self.note = None;
        self.reason = Input::default();
        vec![Cmd::Load(self.view)]
    }

    fn refusal(&self, r: Refusal) -> Vec<Cmd> {
        vec![Cmd::Error(r.message(self.lang).into())]
    }

    fn list_action(&mut self, a: Action) -> Vec<Cmd> {
        let ids = self.ids();
        match a {
            Action::Up => self.selected.step(&ids, -1),
            Action::Down => self.selected.step(&ids, 1),
            Action::PageUp => self.selected.step(&ids, -10),
            Action::PageDown => self.selected.step(&ids, 10),
            Action::Home => self.selected.first(&ids),
            Action::End => self.selected.step(&ids, ids.len() as isize),
            Action::Open => {
                if let Some(id) = self.selected.id() {
                    return vec![Cmd::Open(*id)];
                }
            }
            Action::Filter if self.viewer.supervisor => {
                self.view = match self.view {
                    View::Queue => View::Scored,
                    _ => View::Queue,
                };
                self.selected = Selection::default();
                return vec![Cmd::Load(self.view)];
            }
            _ => {}
        }
        Vec::new()
    }

    fn sheet_action(&mut self, a: Action, armed: bool) -> Vec<Cmd> {
        let lang = self.lang;
        let (Some(s), Some(def), Some(o)) = (&mut self.sheet, &self.sheet_def, &self.opened) else {
            return Vec::new();
        };
        match a {
            Action::Up | Action::PrevField => s.focus_step(def, -1),
            Action::Down | Action::NextField => s.focus_step(def, 1),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(3),
            Action::PageDown => self.scroll = self.scroll.saturating_add(3),
            Action::QualityFatal => s.toggle_fatal(),
            Action::Save => {
                let scores = s.scores(def);
                if let Err(why) = review::check_scores(def, &scores) {
                    s.message = Some((why.message(lang).into(), true));
                    s.focus_first_missing(def);
                    return Vec::new();
                }
                let r = &o.detail.row;
                return vec![Cmd::Score {
                    id: r.id,
                    version: r.version,
                    scores,
                    comment: s.comment.value().trim().to_string(),
                }];
            }
            Action::Back => {
                if !s.dirty || armed {
                    return self.back_to_list();
                }
                s.message = Some((crate::ui::keymap::unsaved_note(lang), false));
                self.esc_armed = true;
            }
            _ => {}
        }
        Vec::new()
    }

    fn opened(&mut self, o: Opened) {
        let same = self.opened.as_ref().map(|x| x.detail.row.id) == Some(o.detail.row.id);
        if !same {
            self.scroll = 0;
        }
        let r = &o.detail.row;
        self.selected.select(&r.id, &self.ids());
        let scorable =
            review::can_score(r.status, self.viewer.id, self.viewer.supervisor, r.agent_id);
        match (&self.sheet_def, scorable) {
            (Some(def), Ok(())) => {
                // A re-score starts from the points given before; a first score from none.
                if !(same && self.mode == Mode::Sheet) {
                    self.sheet = Some(Sheet::new(def, o.detail.rounds.last()));
                }
                self.mode = Mode::Sheet;
                self.note = None;
            }
            (_, Err(why)) => {
                self.sheet = None;
                if self.mode != Mode::Dispute {
                    self.mode = Mode::Review;
                }
                // A supervisor is told why there is no sheet; an agent needs no telling.
                self.note = (self.viewer.supervisor && why != Refusal::NotToScore)
                    .then(|| (why.message(self.lang).into(), false));
            }
            (None, Ok(())) => self.mode = Mode::Review,
        }
        self.opened = Some(o);
    }
}

impl Machine for QualityPage {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Enter { viewer } => {
                let changed = viewer != self.viewer;
                self.viewer = viewer;
                if changed {
                    self.view = self.default_view();
                    self.selected = Selection::default();
                }
                let mut cmds = vec![Cmd::ReadSheet];
                if viewer.supervisor {
                    cmds.push(Cmd::Sample);
                }
                cmds.push(Cmd::Load(self.view));
                let open = self.opened.as_ref().map(|o| o.detail.row.id);
                cmds.extend(open.or(self.restoring_id()).map(Cmd::Open));
                cmds
            }
            Msg::SheetRead(sheet) => {
                self.sheet_def = Some(sheet);
                Vec::new()
            }
            Msg::Follow => {
                let mut cmds = vec![Cmd::Load(self.view)];
                // A sheet being filled in is not reloaded under the supervisor's hands.
                if let (Some(o), Mode::Review) = (&self.opened, self.mode) {
                    cmds.push(Cmd::Open(o.detail.row.id));
                }
                cmds.extend(self.check(false));
                cmds
            }
            Msg::Action(a) => {
                let armed = std::mem::take(&mut self.esc_armed);
                match self.mode {
                    Mode::List => self.list_action(a),
                    Mode::Review => self.review_action(a),
                    Mode::Sheet => self.sheet_action(a, armed),
                    Mode::Dispute => self.dispute_action(a),
                }
            }
            Msg::Text(key) => {
                self.esc_armed = false;
                match self.mode {
                    Mode::Sheet => {
                        if let (Some(s), Some(def)) = (&mut self.sheet, &self.sheet_def) {
                            s.key(def, key, self.lang);
                        }
                    }
                    Mode::Dispute => {
                        self.reason.handle_event(&Event::Key(key));
                    }
                    Mode::List | Mode::Review => {}
                }
                Vec::new()
            }
            Msg::Paste(text) => {
                let one: String = text
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .take(500)
                    .collect();
                match self.mode {
                    Mode::Sheet => {
                        if let Some(s) = &mut self.sheet {
                            s.paste(&one);
                        }
                    }
                    Mode::Dispute => {
                        self.reason = Input::new(format!("{}{one}", self.reason.value()));
                    }
                    Mode::List | Mode::Review => {}
                }
                Vec::new()
            }
            Msg::Loaded(rows, counts) => {
                self.counts = counts;
                let old = std::mem::replace(&mut self.rows, rows);
                let ids = self.ids();
                let lang = self.lang;
                let name = |r: &ReviewRow| match lang {
                    Lang::Zh => format!("质检 #{} {}", r.id, r.agent),
                    Lang::En => format!("Review #{} {}", r.id, r.agent),
                };
                self.selected
                    .follow_saying(&ids, &old, |r| r.id, name, lang)
                    .map(Cmd::Status)
                    .into_iter()
                    .collect()
            }
            Msg::Opened(o) => {
                self.opened(*o);
                self.reopen_draft()
            }
            Msg::Saved { id, message } => {
                let ids = self.ids();
                self.selected.select(&id, &ids);
                match self.mode {
                    // A score saved: back to the list, the highlight on the review while it
                    // is listed, else on the one that took its place (the next to score).
                    Mode::Sheet => {
                        let mut cmds = self.back_to_list();
                        cmds.insert(0, Cmd::Status(message));
                        cmds
                    }
                    // A dispute saved: the review again, now disputed.
                    _ => {
                        self.mode = Mode::Review;
                        self.reason = Input::default();
                        self.note = None;
                        vec![Cmd::Status(message), Cmd::Load(self.view), Cmd::Open(id)]
                    }
                }
            }
            Msg::Refused(why) => {
                match (self.mode, &mut self.sheet) {
                    (Mode::Sheet, Some(s)) => s.message = Some((why.clone(), true)),
                    _ => self.note = Some((why.clone(), true)),
                }
                let mut cmds = vec![Cmd::Error(why)];
                cmds.extend(self.check(true));
                cmds
            }
            Msg::Moved {
                opened,
                who,
                refused,
            } => {
                self.moved(*opened, who, refused);
                Vec::new()
            }
        }
    }
}

impl Page for QualityPage {
    fn title(&self, lang: Lang) -> &'static str {
        lang.t("质检", "Quality")
    }

    fn scopes(&self) -> Vec<Scope> {
        match self.mode {
            Mode::List => vec![Scope::QualityList],
            Mode::Review => vec![Scope::QualityReview],
            Mode::Sheet => self
                .sheet
                .as_ref()
                .map_or(vec![Scope::QualitySheet], Sheet::scopes),
            Mode::Dispute => vec![Scope::QualityDispute],
        }
    }

    fn typing(&self) -> bool {
        matches!(self.mode, Mode::Sheet | Mode::Dispute)
    }

    fn has_unsaved_input(&self) -> bool {
        match self.mode {
            Mode::Sheet => self.sheet.as_ref().is_some_and(|s| s.dirty),
            Mode::Dispute => !self.reason.value().trim().is_empty(),
            Mode::List | Mode::Review => false,
        }
    }

    crate::ui::desk::wiring::page_steps!();

    fn at_top(&self) -> bool {
        self.mode == Mode::List
    }

    fn enter(&mut self, env: &mut Env) -> Vec<Out> {
        self.lang = env.lang;
        let viewer = match env.agent {
            Some(a) => Viewer {
                id: a.id,
                supervisor: a.role == crate::store::agents::Role::Supervisor,
            },
            // No agent signed in (a store without agents): nothing of anyone's to see.
            None => Viewer {
                id: 0,
                supervisor: false,
            },
        };
        self.step(Msg::Enter { viewer }, env)
    }

    super::loads::page_loads!(RUNNER);

    fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, clock: &Clock, theme: &Theme) {
        view::render(self, frame, area, lang, clock, theme);
    }
}

/// The list and the sampling run on the loads thread; a review opened, scores and disputes
/// here.
const RUNNER: Runner<QualityPage> = Runner {
    lane: run::lane,
    run: run::run,
    loads: |p| &mut p.loads,
    refused: run::refused_flag,
};

impl QualityPage {
    /// Drives the machine from `first`, carrying its commands out against the store.
    fn step(&mut self, first: Msg, env: &mut Env) -> Vec<Out> {
        RUNNER.drive(self, first, env)
    }

    /// The sampling asked on entry has not answered yet.
    fn sampling(&self) -> bool {
        self.loads
            .waiting_in(crate::ui::background::Lane::DeskSample)
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_follow;
#[cfg(test)]
mod tests_sample;
#[cfg(test)]
mod tests_sheet;
#[cfg(test)]
mod tests_view;
