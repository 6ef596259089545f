//! The 知识库 / Knowledge page of the Desk tab: search as you type (words or pinyin), list
//! by kind, Enter shows an article whole with its versions; supervisors add, edit and
//! retire articles in a form (each save a new version, audited), agents read only.
//! Expired promotions and policies are listed, marked, so the page shows the whole base;
//! the call form never offers them.

mod drafted;
mod follow;
mod form;
mod pick;
mod run;
mod view;

use super::loads::{Loads, Runner};
use super::machine::Machine;
use super::{Env, Out, Page};
use crate::clock::Clock;
use crate::domain::kb::KbKind;
use crate::i18n::Lang;
use crate::store::kb::{KbRow, KbVersion};
use crate::ui::action::Action;
use crate::ui::keymap::{self, Scope};
use crate::ui::selection::Selection;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use crossterm::event::{Event, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    List,
    Search,
    Article,
    Form,
    ConfirmRetire,
    /// Choosing the kind of a new article (with the list on every kind): the highlighted
    /// kind's place in `KbKind::ALL`.
    PickKind(usize),
}

/// What the form saves: a new article of a kind, or a new version of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    New(KbKind),
    Edit { id: i64, version: i64, kind: KbKind },
}

impl Target {
    fn kind(self) -> KbKind {
        match self {
            Target::New(k) | Target::Edit { kind: k, .. } => k,
        }
    }
}

/// A message to the page's state machine.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The page is shown: who is working and which day it is.
    Enter {
        supervisor: bool,
        today: chrono::NaiveDate,
    },
    /// Another agent saved.
    Follow,
    Action(Action),
    /// A key typed into the field with the cursor.
    Text(KeyEvent),
    Paste(String),
    /// The articles found, and how many the search finds in all (more when it stopped at
    /// its limit).
    Loaded(Vec<KbRow>, usize),
    Opened(Box<KbRow>, Vec<KbVersion>),
    Saved {
        id: i64,
        message: String,
    },
    Refused(String),
    /// The article under the open form moved on (another supervisor saved it): as stored
    /// now, who saved it, and whether a save was just refused over it.
    Moved {
        row: Box<KbRow>,
        who: Option<String>,
        refused: bool,
    },
}

/// What the page asks the store (or the app) for.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    Search {
        text: String,
        kind: Option<KbKind>,
        /// The day an article's validity is measured against.
        today: chrono::NaiveDate,
    },
    Open(i64),
    Save {
        target: Target,
        article: crate::domain::kb::Article,
    },
    Retire {
        id: i64,
        version: i64,
    },
    /// Whether the article under the open form moved past its version.
    Check {
        id: i64,
        version: i64,
        refused: bool,
    },
    Status(String),
    Error(String),
}

/// The page's state.
pub struct Knowledge {
    lang: Lang,
    mode: Mode,
    supervisor: bool,
    today: chrono::NaiveDate,
    query: Input,
    kind: Option<KbKind>,
    rows: Vec<KbRow>,
    /// How many articles the search finds (more than `rows` at the limit).
    total: usize,
    selected: Selection<i64>,
    article: Option<(KbRow, Vec<KbVersion>)>,
    scroll: u16,
    form: Option<(Target, Form)>,
    /// The open form as built from its article when opened (what another supervisor's
    /// change is measured against).
    base: Option<Form>,
    esc_armed: bool,
    loads: Loads,
}

impl Knowledge {
    pub fn new(lang: Lang) -> Knowledge {
        Knowledge {
            lang,
            mode: Mode::List,
            supervisor: false,
            today: chrono::NaiveDate::MIN,
            query: Input::default(),
            kind: None,
            rows: Vec::new(),
            total: 0,
            selected: Selection::default(),
            article: None,
            scroll: 0,
            form: None,
            base: None,
            esc_armed: false,
            loads: Loads::default(),
        }
    }

    fn ids(&self) -> Vec<i64> {
        self.rows.iter().map(|r| r.id).collect()
    }

    fn search(&self) -> Cmd {
        Cmd::Search {
            text: self.query.value().to_string(),
            kind: self.kind,
            today: self.today,
        }
    }

    /// The article the keys act on: the one open, else the highlighted one.
    fn current(&self) -> Option<&KbRow> {
        match (&self.article, self.mode) {
            (Some((r, _)), Mode::Article) => Some(r),
            _ => {
                let id = self.selected.id()?;
                self.rows.iter().find(|r| r.id == *id)
            }
        }
    }

    fn refuse_agent(&self) -> Option<Vec<Cmd>> {
        (!self.supervisor).then(|| {
            vec![Cmd::Error(
                self.lang
                    .t(
                        "只有主管可以修改知识库（专员只能查阅）",
                        "Only a supervisor can change the knowledge base (agents read it)",
                    )
                    .into(),
            )]
        })
    }

    fn back_from_form(&mut self) {
        self.form = None;
        self.base = None;
        self.mode = if self.article.is_some() {
            Mode::Article
        } else {
            Mode::List
        };
    }

    fn on_action(&mut self, a: Action) -> Vec<Cmd> {
        let lang = self.lang;
        let armed = std::mem::take(&mut self.esc_armed);
        match (self.mode, a) {
            (Mode::List, Action::FocusSearch) => self.mode = Mode::Search,
            (Mode::List, Action::Up | Action::Down | Action::PageUp | Action::PageDown) => {
                let d = match a {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -10,
                    _ => 10,
                };
                self.selected.step(&self.ids(), d);
            }
            (Mode::List, Action::Open) => {
                if let Some(id) = self.selected.id() {
                    return vec![Cmd::Open(*id)];
                }
            }
            (Mode::List, Action::Filter) => {
                self.kind = match self.kind {
                    None => Some(KbKind::ALL[0]),
                    Some(k) => KbKind::ALL
                        .iter()
                        .position(|x| *x == k)
                        .and_then(|i| KbKind::ALL.get(i + 1).copied()),
                };
                self.selected = Selection::default();
                return vec![self.search()];
            }
            (Mode::List, Action::KbNewArticle) => {
                if let Some(no) = self.refuse_agent() {
                    return no;
                }
                match self.kind {
                    Some(kind) => self.new_article(kind),
                    None => self.mode = Mode::PickKind(0),
                }
            }
            (Mode::PickKind(at), _) => self.pick_kind(at, a),
            (Mode::List | Mode::Article, Action::KbEditArticle) => {
                if let Some(no) = self.refuse_agent() {
                    return no;
                }
                let Some(r) = self.current().cloned() else {
                    return Vec::new();
                };
                let target = Target::Edit {
                    id: r.id,
                    version: r.version,
                    kind: r.article.kind,
                };
                let f = form::filled(&r.article);
                self.base = Some(f.clone());
                self.form = Some((target, f));
                self.mode = Mode::Form;
            }
            (Mode::List | Mode::Article, Action::KbRetireArticle) => {
                if let Some(no) = self.refuse_agent() {
                    return no;
                }
                if self.current().is_some() {
                    self.mode = Mode::ConfirmRetire;
                }
            }
            (Mode::ConfirmRetire, Action::Yes) => {
                let Some(r) = self.current().cloned() else {
                    self.mode = Mode::List;
                    return Vec::new();
                };
                self.mode = if self.article.is_some() {
                    Mode::Article
                } else {
                    Mode::List
                };
                return vec![Cmd::Retire {
                    id: r.id,
                    version: r.version,
                }];
            }
            (Mode::ConfirmRetire, _) => {
                self.mode = if self.article.is_some() {
                    Mode::Article
                } else {
                    Mode::List
                };
            }
            (Mode::Search, Action::Open | Action::Back) => self.mode = Mode::List,
            (Mode::Article, Action::Back) => {
                self.article = None;
                self.mode = Mode::List;
                return vec![self.search()];
            }
            (Mode::Article, Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            (Mode::Article, Action::Down) => self.scroll = self.scroll.saturating_add(1),
            (Mode::Form, Action::NextField) => {
                if let Some((_, f)) = &mut self.form {
                    f.next();
                }
            }
            (Mode::Form, Action::PrevField) => {
                if let Some((_, f)) = &mut self.form {
                    f.prev();
                }
            }
            (Mode::Form, Action::Back) => {
                let dirty = self.form.as_ref().is_some_and(|(_, f)| f.is_dirty());
                if !dirty || armed {
                    self.back_from_form();
                } else if let Some((_, f)) = &mut self.form {
                    f.say_unsaved(lang);
                    self.esc_armed = true;
                }
            }
            (Mode::Form, Action::Save) => {
                let Some((target, f)) = self.form.as_mut() else {
                    return Vec::new();
                };
                return match form::article(*target, f, lang) {
                    Some(article) => vec![Cmd::Save {
                        target: *target,
                        article,
                    }],
                    None => Vec::new(),
                };
            }
            _ => {}
        }
        Vec::new()
    }
}

impl Machine for Knowledge {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Enter { supervisor, today } => {
                self.supervisor = supervisor;
                self.today = today;
                let mut cmds = vec![self.search()];
                if let Some((r, _)) = &self.article {
                    cmds.push(Cmd::Open(r.id));
                }
                cmds
            }
            Msg::Follow => {
                let mut cmds = vec![self.search()];
                if let (Some((r, _)), Mode::Article) = (&self.article, self.mode) {
                    cmds.push(Cmd::Open(r.id));
                }
                cmds.extend(self.check(false));
                cmds
            }
            Msg::Action(a) => self.on_action(a),
            Msg::Text(key) => match self.mode {
                Mode::Search => {
                    if self
                        .query
                        .handle_event(&Event::Key(key))
                        .is_some_and(|s| s.value)
                    {
                        self.selected = Selection::default();
                        return vec![self.search()];
                    }
                    Vec::new()
                }
                Mode::Form => {
                    self.esc_armed = false;
                    if let Some((_, f)) = &mut self.form {
                        f.edit(key);
                    }
                    Vec::new()
                }
                _ => Vec::new(),
            },
            Msg::Paste(text) => match self.mode {
                Mode::Search => {
                    let one: String = text.chars().filter(|c| !c.is_control()).take(100).collect();
                    self.query = Input::new(format!("{}{one}", self.query.value()));
                    vec![self.search()]
                }
                Mode::Form => {
                    if let Some((_, f)) = &mut self.form {
                        f.paste(&text);
                    }
                    Vec::new()
                }
                _ => Vec::new(),
            },
            Msg::Loaded(rows, total) => {
                self.total = total.max(rows.len());
                let old = std::mem::replace(&mut self.rows, rows);
                let ids = self.ids();
                let lang = self.lang;
                let name =
                    |r: &KbRow| format!("{} #{} {}", lang.t("知识", "Article"), r.id, r.title);
                self.selected
                    .follow_saying(&ids, &old, |r| r.id, name, lang)
                    .map(Cmd::Status)
                    .into_iter()
                    .collect()
            }
            Msg::Opened(row, history) => {
                if self.mode != Mode::Article {
                    self.scroll = 0;
                }
                self.article = Some((*row, history));
                if matches!(self.mode, Mode::List | Mode::Search) {
                    self.mode = Mode::Article;
                }
                Vec::new()
            }
            Msg::Saved { id, message } => {
                if self.mode == Mode::Form {
                    self.back_from_form();
                }
                let ids = self.ids();
                self.selected.select(&id, &ids);
                let mut cmds = vec![Cmd::Status(message), self.search()];
                if self.article.is_some() {
                    cmds.push(Cmd::Open(id));
                } else {
                    self.selected = Selection::default();
                    self.selected.step(&[id], 0);
                }
                cmds
            }
            Msg::Refused(why) => {
                if let Some((_, f)) = &mut self.form {
                    f.message = Some((why.clone(), true));
                }
                // Someone else's version may be why: the open form takes it in.
                let mut cmds = vec![Cmd::Error(why)];
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

impl Page for Knowledge {
    fn title(&self, lang: Lang) -> &'static str {
        lang.t("知识库", "Knowledge")
    }

    fn scopes(&self) -> Vec<Scope> {
        match self.mode {
            Mode::List => vec![Scope::KbList],
            Mode::Search => vec![Scope::KbSearch],
            Mode::Article => vec![Scope::KbArticle],
            Mode::Form => keymap::form_scopes(self.form.as_ref().map(|(_, f)| f), &[Scope::Form]),
            Mode::ConfirmRetire => vec![Scope::Confirm],
            Mode::PickKind(_) => vec![Scope::KbPickKind],
        }
    }

    fn typing(&self) -> bool {
        matches!(self.mode, Mode::Search | Mode::Form)
    }

    fn has_unsaved_input(&self) -> bool {
        self.form.as_ref().is_some_and(|(_, f)| f.is_dirty())
    }

    crate::ui::desk::wiring::page_steps!();

    fn at_top(&self) -> bool {
        self.mode == Mode::List
    }

    fn enter(&mut self, env: &mut Env) -> Vec<Out> {
        self.lang = env.lang;
        // Nobody signed in reads; only a supervisor changes the knowledge base.
        let supervisor = env.supervisor();
        let today = env.clock.today();
        self.step(Msg::Enter { supervisor, today }, env)
    }

    super::loads::page_loads!(RUNNER);

    fn export(
        &self,
        lang: Lang,
        _clock: &Clock,
    ) -> Option<(crate::io::sheet::Sheet, &'static str)> {
        Some((view::sheet(self, lang), "knowledge-base"))
    }

    fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, clock: &Clock, theme: &Theme) {
        view::render(self, frame, area, lang, clock, theme);
    }
}

/// The search loads on the loads thread (each keystroke supersedes the last); an article
/// opened, saves and retiring here.
const RUNNER: Runner<Knowledge> = Runner {
    lane: run::lane,
    run: run::run,
    loads: |p| &mut p.loads,
    refused: run::refused_flag,
};

impl Knowledge {
    /// Drives the machine from `first`, carrying its commands out against the store.
    fn step(&mut self, first: Msg, env: &mut Env) -> Vec<Out> {
        RUNNER.drive(self, first, env)
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_follow;
