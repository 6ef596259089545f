//! The 设置 / Settings page of the Desk tab: the store's setup as fields in sections (the
//! store, opening hours and closed days, advisors/bays/loaner cars, service types, slots
//! and reminders, complaint deadlines) and the agents. Everyone may look; supervisors edit,
//! a section or a record at a time, in a form checked before anything is written. The
//! store's setup is saved as its `store.toml` in the database (version-checked, audited),
//! which every agent's running app reloads at once.

mod drafted;
mod follow;
mod form;
mod run;
mod view;

use super::loads::{Loads, Runner};
use super::machine::Machine;
use super::{Env, Out, Page};
use crate::clock::Clock;
use crate::domain::appointments::StoreSetup;
use crate::domain::store_fields::{self as sf, Section};
use crate::i18n::Lang;
use crate::store::agents::admin::{AgentEdit, AgentRow};
use crate::ui::action::Action;
use crate::ui::keymap::{self, Scope};
use crate::ui::selection::Selection;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::Form;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    List,
    Form,
}

/// What the form edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The fields of a section of the store's file.
    Section(Section),
    /// A service type (`new`: added).
    Service {
        code: String,
        new: bool,
    },
    /// An agent seen at `version`.
    Agent {
        id: i64,
        version: i64,
        emp_no: String,
    },
    NewAgent,
}

/// What the page shows: the store's setup in force and where its file is, and the agents.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub setup: StoreSetup,
    /// Whether complaint deadlines count business hours (the file's, else the config's).
    pub business_hours: bool,
    /// The store's file the edits start from (`None`: built-in only).
    pub text: Option<String>,
    /// The version of the store's copy in the database (`None`: it has none yet).
    pub version: Option<i64>,
    /// Where the file comes from, in words.
    pub source: String,
    pub agents: Vec<AgentRow>,
}

/// A message to the page's state machine.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The page is shown: whether a supervisor is working.
    Enter {
        supervisor: bool,
    },
    /// Another agent saved.
    Follow,
    Action(Action),
    /// A key typed into the field with the cursor.
    Text(KeyEvent),
    Paste(String),
    Loaded(Box<Snapshot>),
    Saved(String),
    Refused(String),
    /// The record under the open form moved on (another supervisor saved it): the store as
    /// it is now, who saved it, and whether a save was just refused over it.
    Moved {
        snap: Box<Snapshot>,
        who: Option<String>,
        refused: bool,
    },
}

/// What the page asks the store for.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    Load,
    /// Save the store's whole file, edited from the version seen.
    SaveFile {
        text: String,
        seen: Option<i64>,
    },
    AddAgent {
        emp_no: String,
        edit: AgentEdit,
    },
    UpdateAgent {
        id: i64,
        version: i64,
        edit: AgentEdit,
    },
    /// Whether the record under the open form moved past its version.
    Check {
        under: follow::Under,
        refused: bool,
    },
    Status(String),
    Error(String),
}

/// One row of the list: a section's heading, a field, a service or an agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `None` for a heading (not selectable).
    pub id: Option<String>,
    pub section: Section,
    pub label: String,
    pub value: String,
}

/// The page's state.
pub struct SettingsPage {
    lang: Lang,
    mode: Mode,
    supervisor: bool,
    snap: Option<Snapshot>,
    rows: Vec<Row>,
    selected: Selection<String>,
    form: Option<(Target, Form)>,
    /// What the form was opened on: saving edits this, so a change another agent saved
    /// meanwhile is refused rather than overwritten.
    form_snap: Option<Snapshot>,
    esc_armed: bool,
    loads: Loads,
    /// A draft to put back once the page has loaded (`drafted`).
    restoring: Option<super::PageDraft>,
    /// A line over the list until the next key (a draft that could not be put back).
    note: Option<String>,
}

impl SettingsPage {
    pub fn new(lang: Lang) -> SettingsPage {
        SettingsPage {
            lang,
            mode: Mode::List,
            supervisor: false,
            snap: None,
            rows: Vec::new(),
            selected: Selection::default(),
            form: None,
            form_snap: None,
            esc_armed: false,
            loads: Loads::default(),
            restoring: None,
            note: None,
        }
    }

    fn ids(&self) -> Vec<String> {
        self.rows.iter().filter_map(|r| r.id.clone()).collect()
    }

    fn current(&self) -> Option<&Row> {
        let id = self.selected.id()?;
        self.rows.iter().find(|r| r.id.as_ref() == Some(id))
    }

    fn refuse_agent(&self) -> Option<Vec<Cmd>> {
        (!self.supervisor).then(|| {
            vec![Cmd::Error(
                self.lang
                    .t(
                        "只有主管可以修改门店设置（专员只能查看）",
                        "Only a supervisor changes the store's settings (agents may look)",
                    )
                    .into(),
            )]
        })
    }

    /// Opens the form for the highlighted row.
    fn edit(&mut self) -> Vec<Cmd> {
        if let Some(no) = self.refuse_agent() {
            return no;
        }
        let (Some(row), Some(snap)) = (self.current().cloned(), &self.snap) else {
            return Vec::new();
        };
        let Some(id) = row.id else {
            return Vec::new();
        };
        let lang = self.lang;
        let opened = if let Some(code) = id.strip_prefix("svc:") {
            snap.setup.service(code).map(|s| {
                (
                    Target::Service {
                        code: code.into(),
                        new: false,
                    },
                    form::service(Some(s)),
                )
            })
        } else if let Some(n) = id.strip_prefix("agent:") {
            snap.agents
                .iter()
                .find(|a| a.agent.id.to_string() == n)
                .map(|a| {
                    (
                        Target::Agent {
                            id: a.agent.id,
                            version: a.version,
                            emp_no: a.agent.emp_no.clone(),
                        },
                        form::agent(Some(a), lang),
                    )
                })
        } else {
            let mut f = form::section(row.section, snap, lang);
            if let Some(i) = f.fields.iter().position(|x| x.key == id) {
                f.focus = i;
            }
            Some((Target::Section(row.section), f))
        };
        if let Some(o) = opened {
            self.form_snap = self.snap.clone();
            self.form = Some(o);
            self.mode = Mode::Form;
        }
        Vec::new()
    }

    /// Opens an empty form for a new service or agent (by the highlighted row's section).
    fn new_record(&mut self) -> Vec<Cmd> {
        if let Some(no) = self.refuse_agent() {
            return no;
        }
        let lang = self.lang;
        let opened = match self.current().map(|r| r.section) {
            Some(Section::Services) => (
                Target::Service {
                    code: String::new(),
                    new: true,
                },
                form::service(None),
            ),
            Some(Section::Agents) => (Target::NewAgent, form::agent(None, lang)),
            _ => {
                return vec![Cmd::Error(
                    lang.t(
                        "新增只用于服务项目和坐席：请先移到那一栏",
                        "Adding is for service types and agents: move to that section first",
                    )
                    .into(),
                )];
            }
        };
        self.form_snap = self.snap.clone();
        self.form = Some(opened);
        self.mode = Mode::Form;
        Vec::new()
    }

    fn save(&mut self) -> Vec<Cmd> {
        let lang = self.lang;
        let (Some((target, f)), Some(snap)) = (self.form.as_mut(), &self.form_snap) else {
            return Vec::new();
        };
        match form::read(target, f, snap, lang) {
            Ok(Some(cmd)) => vec![cmd],
            Ok(None) => {
                self.form = None;
                self.mode = Mode::List;
                vec![Cmd::Status(lang.t("没有改动", "Nothing changed").into())]
            }
            Err(()) => Vec::new(),
        }
    }

    fn on_action(&mut self, a: Action) -> Vec<Cmd> {
        let lang = self.lang;
        let armed = std::mem::take(&mut self.esc_armed);
        match (self.mode, a) {
            (
                Mode::List,
                Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Home
                | Action::End,
            ) => {
                let ids = self.ids();
                let d = match a {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -10,
                    Action::PageDown => 10,
                    Action::Home => -(ids.len() as isize),
                    _ => ids.len() as isize,
                };
                self.selected.step(&ids, d);
            }
            (Mode::List, Action::Open) => return self.edit(),
            (Mode::List, Action::SettingsNew) => return self.new_record(),
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
            (Mode::Form, Action::Save) => return self.save(),
            (Mode::Form, Action::Back) => {
                let dirty = self.form.as_ref().is_some_and(|(_, f)| f.is_dirty());
                if !dirty || armed {
                    self.form = None;
                    self.mode = Mode::List;
                } else if let Some((_, f)) = &mut self.form {
                    f.say_unsaved(lang);
                    self.esc_armed = true;
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// The list's rows from what was loaded. When the highlighted row left the list (an
    /// agent or service removed), the highlight moves to its neighbour and the line saying
    /// so is returned.
    fn build_rows(&mut self) -> Option<String> {
        let lang = self.lang;
        let Some(snap) = &self.snap else {
            self.rows.clear();
            return None;
        };
        let mut rows = Vec::new();
        for section in Section::ALL {
            rows.push(Row {
                id: None,
                section,
                label: section.label(lang).into(),
                value: String::new(),
            });
            match section {
                Section::Services => {
                    for s in &snap.setup.services {
                        rows.push(Row {
                            id: Some(format!("svc:{}", s.code)),
                            section,
                            label: s.label(lang).into(),
                            value: match lang {
                                Lang::Zh => format!("{} 分钟", s.minutes),
                                Lang::En => format!("{} min", s.minutes),
                            },
                        });
                    }
                }
                Section::Agents => {
                    for a in &snap.agents {
                        rows.push(Row {
                            id: Some(format!("agent:{}", a.agent.id)),
                            section,
                            label: format!("{} {}", a.agent.emp_no, a.agent.name),
                            value: form::agent_summary(a, lang),
                        });
                    }
                }
                _ => {
                    for spec in sf::SPECS.iter().filter(|s| s.section == section) {
                        rows.push(Row {
                            id: Some(spec.path.into()),
                            section,
                            label: spec.label(lang).into(),
                            value: sf::shown(&snap.setup, spec.path, snap.business_hours, lang),
                        });
                    }
                }
            }
        }
        let was = self.current().map(|r| r.label.clone());
        self.rows = rows;
        let ids = self.ids();
        self.selected.follow(&ids)?;
        Some(crate::ui::selection::left_line(
            &was.unwrap_or_default(),
            lang,
        ))
    }
}

impl Machine for SettingsPage {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Enter { supervisor } => {
                self.supervisor = supervisor;
                vec![Cmd::Load]
            }
            Msg::Follow => {
                let mut cmds = vec![Cmd::Load];
                cmds.extend(self.check(false));
                cmds
            }
            Msg::Action(a) => {
                self.note = None;
                self.on_action(a)
            }
            Msg::Text(key) => {
                if let (Mode::Form, Some((_, f))) = (self.mode, &mut self.form) {
                    self.esc_armed = false;
                    f.edit(key);
                }
                Vec::new()
            }
            Msg::Paste(text) => {
                if let (Mode::Form, Some((_, f))) = (self.mode, &mut self.form) {
                    f.paste(&text);
                }
                Vec::new()
            }
            Msg::Loaded(snap) => {
                self.snap = Some(*snap);
                let left = self.build_rows().map(Cmd::Status);
                self.reopen_draft();
                left.into_iter().collect()
            }
            Msg::Saved(message) => {
                self.form = None;
                self.mode = Mode::List;
                vec![Cmd::Status(message), Cmd::Load]
            }
            Msg::Refused(why) => {
                if let Some((_, f)) = &mut self.form {
                    f.message = Some((why.clone(), true));
                }
                // Someone else's save may be why: the open form takes it in.
                let mut cmds = vec![Cmd::Error(why)];
                cmds.extend(self.check(true));
                cmds
            }
            Msg::Moved { snap, who, refused } => {
                self.moved(*snap, who, refused);
                Vec::new()
            }
        }
    }
}

impl Page for SettingsPage {
    fn title(&self, lang: Lang) -> &'static str {
        lang.t("设置", "Settings")
    }

    fn scopes(&self) -> Vec<Scope> {
        match self.mode {
            Mode::List => vec![Scope::SettingsList],
            Mode::Form => keymap::form_scopes(self.form.as_ref().map(|(_, f)| f), &[Scope::Form]),
        }
    }

    fn typing(&self) -> bool {
        self.mode == Mode::Form
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
        let supervisor = env
            .agent
            .is_some_and(|a| a.role == crate::store::agents::Role::Supervisor);
        self.step(Msg::Enter { supervisor }, env)
    }

    super::loads::page_loads!(RUNNER);

    fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, _clock: &Clock, theme: &Theme) {
        view::render(self, frame, area, lang, theme);
    }
}

/// The settings load on the loads thread; saves here.
const RUNNER: Runner<SettingsPage> = Runner {
    lane: run::lane,
    run: run::run,
    loads: |p| &mut p.loads,
    refused: run::refused_flag,
};

impl SettingsPage {
    /// Drives the machine from `first`, carrying its commands out against the store.
    fn step(&mut self, first: Msg, env: &mut Env) -> Vec<Out> {
        RUNNER.drive(self, first, env)
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_follow;
