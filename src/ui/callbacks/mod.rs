//! The 回访 Callbacks tab: the queue (overdue and due today first, then upcoming; counts
//! per kind), claiming a task, and working it — the script, the survey scored question by
//! question, notes, and the outcome (done, no answer, wrong number, refused, call back at a
//! named time, do-not-contact, text sent).
//!
//! The tab is a state machine (`update`: a message in, commands out; no store, terminal or
//! clock), a runner (`run.rs`) that carries each command out against the store and answers
//! with a message, and its views (`view.rs`). The highlight is a task's id; an open task
//! follows the store when another agent saves.

mod assign;
pub use assign::AssignDraft;
mod export;
mod invite;
mod keys;
mod rows;
mod run;
pub use run::lane;
mod sms;
mod update;
mod view;
mod work;

use crate::clock::Clock;
use crate::domain::callbacks::{Kind, Outcome, Rules, Status};
use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use crate::store::callbacks::{AttemptInput, TaskDetail, TaskRow};
use crate::ui::action::Action;
use crate::ui::desk::machine::drive;
use crate::ui::desk::{Env, Out};
use crate::ui::keymap::{self, Scope};
use crate::ui::selection::Selection;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

pub use run::QUEUE_LIMIT;

/// What the app lends the tab beside `Env`: the callback rules, the record templates (the
/// customer card names recent calls by template) and the store's name said in scripts.
pub struct Lent<'a> {
    pub rules: &'a Rules,
    pub templates: &'a TemplateSet,
    pub store_name: &'a str,
    /// The store's address, said in the appointment reminder's script (`{address}`).
    pub store_address: &'a str,
    /// The width the tab is drawn at (the terminal's): how the script wraps.
    pub width: u16,
}

/// Whose tasks the queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    /// The pool and the user's own: the tasks an agent can take (an agent's default).
    Takeable,
    Pool,
    Mine,
    /// Every task, other agents' too (a supervisor's default).
    All,
}

impl Whose {
    /// The order `p` steps through.
    const CYCLE: [Whose; 4] = [Whose::Takeable, Whose::Pool, Whose::Mine, Whose::All];

    /// The user's default: a supervisor sees every task; an agent (and nobody signed in)
    /// the pool and their own.
    pub fn default_for(supervisor: bool) -> Whose {
        if supervisor {
            Whose::All
        } else {
            Whose::Takeable
        }
    }

    fn next(self) -> Whose {
        let i = Whose::CYCLE.iter().position(|w| *w == self).unwrap_or(0);
        Whose::CYCLE[(i + 1) % Whose::CYCLE.len()]
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Whose::Takeable => lang.t("公共池+我的", "pool + mine"),
            Whose::Pool => lang.t("公共池", "pool"),
            Whose::Mine => lang.t("我的", "mine"),
            Whose::All => lang.t("全部", "all"),
        }
    }
}

/// Which tasks the queue lists, as the user chose them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct View {
    pub kind: Option<Kind>,
    /// None: the user's default ([`Whose::default_for`]).
    pub whose: Option<Whose>,
    /// Sort by priority instead of due date.
    pub by_priority: bool,
    /// Tasks in this state instead of the pending ones.
    pub status: Option<Status>,
}

/// The queue as the store has it now.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Queue {
    pub rows: Vec<TaskRow>,
    /// The kinds `f` steps through (those with tasks this agent can take).
    pub kinds: Vec<Kind>,
    /// How many rows the view lists without its limit.
    pub total: usize,
    /// Per kind, how many rows the list shows when filtered to that kind.
    pub kind_totals: Vec<(Kind, usize)>,
    /// How many of the view's rows are due (today or overdue); None for a view of done,
    /// failed, expired or skipped tasks.
    pub due_in_view: Option<usize>,
    /// Calls due for the status bar: the default view's due rows (the tasks this agent can
    /// take, a customer's tasks of the same call once).
    pub due: i64,
}

/// A claimed task to work, with what is shown beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub task: TaskDetail,
    /// The customer card: car, last visit, open complaints, recent calls (worded lines).
    pub card: Vec<String>,
    /// The store's name, said in the scripts.
    pub store_name: String,
    /// Said in the form as it opens: a call task outside the calling hours cannot be
    /// recorded yet (see [`work::hours_notice`]).
    pub notice: Option<String>,
}

/// What the tab is told.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The tab is loaded (at start, after planning): the queue loads.
    Enter,
    /// Another agent saved: the queue and the task being worked follow the store.
    Follow,
    /// A key: its action from the key table, or `None` with the key itself while typing.
    Key(Option<Action>, KeyEvent),
    /// Pasted text, into the focused field.
    Paste(String),
    /// The queue as loaded now.
    Listed(Box<Queue>),
    /// The task was claimed: work it.
    Opened(Box<Opened>),
    /// A callback form left unsaved by an earlier session (`ui::drafts`): its task opened
    /// again and the typing put back.
    Restore(Restore),
    /// A reassign box left unsaved by an earlier session: put back once the queue loads.
    RestoreAssign(AssignDraft),
    /// The task being worked moved on under its form: as it is now, and what the form says.
    Moved {
        task: Box<TaskDetail>,
        said: Option<String>,
    },
    /// A claimed task went back to the pool.
    Released(i64),
    /// A supervisor gave a task to an agent (or back to the pool).
    Reassigned(i64),
    /// An attempt was recorded: what came of it, and the task's state after it.
    Recorded {
        id: i64,
        outcome: Outcome,
        status: Status,
        next_try_at: Option<DateTime<Utc>>,
        complaint_id: Option<i64>,
        /// An event invitation answered: the event's seats after it.
        seats: Option<crate::domain::events::Seats>,
    },
    /// Today's text messages went to the SMS gateway's hand-off file.
    TextsSent { n: usize, path: String },
    /// A step was refused: why, and the task as it is now when the refusal was about it.
    Refused {
        why: String,
        task: Option<Box<TaskDetail>>,
    },
}

/// What the tab asks the runner for.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// Load the queue as this view lists it.
    Load(View),
    /// Claim the task (atomic) and open it for working. Every step on a task carries the
    /// version the tab showed: it is refused when another agent's step came first.
    Claim { id: i64, version: i64 },
    /// Open again the task whose form an earlier session left unsaved: claimed again when
    /// it went back to the pool, refused when another agent has it or it is done.
    Resume { id: i64 },
    /// Give a claimed task back to the pool.
    Release { id: i64, version: i64 },
    /// Record an attempt on a task.
    Attempt {
        id: i64,
        version: i64,
        input: Box<AttemptInput>,
    },
    /// A supervisor gives the task to an agent (empty: back to the pool).
    Reassign {
        id: i64,
        version: i64,
        emp_no: Option<String>,
    },
    /// Export today's due text messages (greetings) for the SMS gateway.
    SendTexts,
    /// Look whether the task being worked moved past `version`; if so load it again.
    Check { id: i64, version: i64 },
    /// The queue as it shows now, for `Ctrl-E`: the runner makes its sheet.
    Export(Vec<TaskRow>),
    /// For the app: a status line, an error, a complaint opened.
    Out(Out),
}

/// A callback form as a draft keeps it: its task and the fields' text.
#[derive(Debug, Clone, PartialEq)]
pub struct Restore {
    pub task_id: i64,
    pub values: Vec<(String, String)>,
}

/// The task being worked.
#[derive(Debug, Clone)]
struct Work {
    task: TaskDetail,
    form: Form,
    card: Vec<String>,
    store_name: String,
    /// The first row of the script shown (it scrolls when longer than its rows).
    script_top: u16,
    /// The first field of the form drawn last (it scrolls with the focused field).
    form_top: std::cell::Cell<usize>,
    /// The last key was a score's digit that moved the cursor on to the next field: a Tab
    /// right after it stays there (a new user types the score, then Tab, as in any form).
    advanced: bool,
    /// The complaint text the agent confirmed opens a complaint (a second save): a first
    /// save with words in the complaint field asks, so a remark typed one field too far
    /// does not open a complaint unseen.
    complaint_ok: Option<String>,
}

/// The Callbacks tab.
#[derive(Debug)]
pub struct CallbacksTab {
    rows: Vec<TaskRow>,
    kinds: Vec<Kind>,
    /// The highlighted task (kept across claims, attempts, reloads and re-sorts).
    selected: Selection<i64>,
    view: View,
    /// The view changed: the next list keeps the highlight if the task is in it, else the
    /// first row, without a note.
    refiltered: bool,
    /// The agent put the highlight where it is (moved it, or opened its task). Until then
    /// it is only the default first row, and a reload that takes that task away (planning
    /// at start-up, another agent) moves it on without a note.
    chosen: bool,
    /// The agent's own step (an attempt recorded, a release, a reassignment) just went
    /// through: the next list moves the highlight off a task that left without a note (the
    /// status line says what the step did; the task did not leave under the agent).
    stepped: bool,
    work: Option<Work>,
    /// A draft being put back: its typing waits for its task to open.
    restoring: Option<Restore>,
    /// A supervisor reassigning a task: the task and the form asking for the agent.
    assign: Option<(TaskRow, Form)>,
    /// A reassign box's draft waiting for the queue to load (`assign`).
    restoring_assign: Option<AssignDraft>,
    /// The reassign box's save was refused: its task is taken as the next queue lists it.
    reassign_refused: bool,
    message: Option<(String, bool)>,
    /// Esc was pressed once on a form with typed text; a second Esc discards it.
    esc_armed: bool,
    total: usize,
    kind_totals: Vec<(Kind, usize)>,
    due_in_view: Option<usize>,
    /// The due count last loaded, for the app's status bar.
    due: Option<i64>,
    /// Injected with each message (never read here): the language, the time zone, the
    /// width the tab is drawn at, and whether the user sees every task by default (a
    /// supervisor; nobody signed in sees what an agent sees).
    lang: Lang,
    supervisor: bool,
    tz: chrono_tz::Tz,
    width: u16,
}

impl Default for CallbacksTab {
    fn default() -> Self {
        CallbacksTab {
            rows: Vec::new(),
            kinds: Vec::new(),
            selected: Selection::default(),
            view: View::default(),
            refiltered: false,
            chosen: false,
            stepped: false,
            work: None,
            restoring: None,
            assign: None,
            restoring_assign: None,
            reassign_refused: false,
            message: None,
            esc_armed: false,
            total: 0,
            kind_totals: Vec::new(),
            due_in_view: None,
            due: None,
            lang: Lang::Zh,
            supervisor: false,
            tz: chrono_tz::Tz::UTC,
            width: 80,
        }
    }
}

impl CallbacksTab {
    /// Handles a message with the store at hand: runs what the tab asks until it asks for
    /// nothing more, and returns what it asks of the app. `keep` may take a command away to
    /// carry out elsewhere (`carry` on the app's loads thread, the answer coming back as a
    /// message); it gives back those to carry out here (`&mut Some`: all).
    pub fn handle(
        &mut self,
        msg: Msg,
        env: &mut Env,
        lent: &Lent,
        keep: &mut dyn FnMut(Cmd) -> Option<Cmd>,
    ) -> Vec<Out> {
        self.lang = env.lang;
        self.supervisor = run::taker(env).is_none();
        self.tz = env.clock.tz();
        self.width = lent.width;
        let mut outs = Vec::new();
        drive(self, msg, |cmd| {
            keep(cmd).and_then(|cmd| run::run(cmd, env, lent, &mut outs))
        });
        outs
    }

    /// Carries out one command taken away by `handle` (on any thread, with its own
    /// store): the answer for the tab, and what it asks of the app.
    pub fn carry(cmd: Cmd, env: &mut Env, lent: &Lent) -> (Option<Msg>, Vec<Out>) {
        let mut outs = Vec::new();
        let answer = run::run(cmd, env, lent, &mut outs);
        (answer, outs)
    }

    pub fn scopes(&self) -> Vec<Scope> {
        if let Some(w) = &self.work {
            keymap::form_scopes(
                Some(&w.form),
                &[Scope::CallbackWork, Scope::Form, Scope::Global],
            )
        } else if let Some((_, f)) = &self.assign {
            keymap::form_scopes(Some(f), &[Scope::Form, Scope::Global])
        } else {
            vec![Scope::CallbackQueue, Scope::Global]
        }
    }

    pub fn typing(&self) -> bool {
        self.work.is_some() || self.assign.is_some()
    }

    pub fn has_unsaved_input(&self) -> bool {
        self.work.as_ref().is_some_and(|w| w.form.is_dirty())
    }

    /// The queue's rows as shown.
    pub fn rows(&self) -> &[TaskRow] {
        &self.rows
    }

    /// How many rows the view lists without its limit.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The header's counts: per kind, the rows the list shows filtered to it.
    pub fn kind_totals(&self) -> &[(Kind, usize)] {
        &self.kind_totals
    }

    /// Whose tasks the queue lists now.
    pub fn whose(&self) -> Whose {
        self.view
            .whose
            .unwrap_or(Whose::default_for(self.supervisor))
    }

    /// The kind the queue is filtered to.
    pub fn kind(&self) -> Option<Kind> {
        self.view.kind
    }

    /// The highlighted task's id.
    pub fn selected_id(&self) -> Option<i64> {
        self.selected.id().copied()
    }

    /// The task being worked, with its form.
    pub fn work(&self) -> Option<(&TaskDetail, &Form)> {
        self.work.as_ref().map(|w| (&w.task, &w.form))
    }

    /// The due count loaded with the queue since the app last asked.
    pub fn take_due(&mut self) -> Option<i64> {
        self.due.take()
    }

    fn ids(&self) -> Vec<i64> {
        self.rows.iter().map(|r| r.id).collect()
    }

    /// The highlighted task.
    fn selected_row(&self) -> Option<&TaskRow> {
        let id = *self.selected.id()?;
        self.rows.get(self.selected.index()).filter(|r| r.id == id)
    }

    fn load(&self) -> Cmd {
        Cmd::Load(self.view)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, clock: &Clock, theme: &Theme) {
        view::render(self, frame, area, lang, clock, theme);
    }
}

/// A task as dialog titles and the status line name it: `回访任务 #31 张三 粤B12345`.
pub fn subject(r: &TaskRow, lang: Lang) -> String {
    let mut s = format!("{} #{}", lang.t("回访任务", "Callback task"), r.id);
    for part in [Some(&r.customer), r.plate.as_ref()].into_iter().flatten() {
        if !part.is_empty() {
            s.push(' ');
            s.push_str(&crate::text::inert(part));
        }
    }
    s
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_form;
#[cfg(test)]
mod tests_guards;
#[cfg(test)]
mod tests_whole;
