//! The supervisors' audit log overlay (F9): who viewed or changed what, when, filterable,
//! each entry a sentence (`domain::audit`). Agents cannot open it (the attempt is itself
//! audited); nothing here can change the log.
//!
//! The overlay is a state machine (`update`: a message in, commands out; no store, terminal
//! or clock), a runner (`run.rs`) that loads the entries from the store and answers with a
//! message, the filter form (`filter.rs`) and the view (`view.rs`). The highlight is an
//! entry's id: it stays on that entry when newer ones arrive.

mod filter;
mod run;
mod view;

#[cfg(test)]
mod tests;

use crate::i18n::Lang;
use crate::store::audit::{AuditEntry, AuditFilter};
use crate::ui::action::Action;
use crate::ui::desk::Out;
use crate::ui::desk::machine::{Machine, drive};
use crate::ui::keymap::Scope;
use crate::ui::selection::Selection;
use crate::ui::widgets::form::Form;
use crossterm::event::KeyEvent;

pub use run::{LIMIT, open};
pub use view::render;

/// What the audit log is told.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The overlay opened: load the newest entries.
    Enter,
    /// Another agent saved (new entries may be there): load again, the highlight kept.
    Follow,
    /// A key: its action from the key table, or `None` with the key itself while typing.
    Key(Option<Action>, KeyEvent),
    /// Pasted text, into the filter form's field.
    Paste(String),
    /// The newest entries of the filter as the store has them, and how many match in all.
    Loaded {
        entries: Vec<AuditEntry>,
        total: usize,
        /// Every agent's name by id (entries name agents by id).
        agents: Vec<(i64, String)>,
    },
}

/// What the audit log asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// Load the newest entries of this filter (up to `LIMIT`) and count them all.
    Load(AuditFilter),
    /// For the app.
    App(ForApp),
}

/// What the audit log asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum ForApp {
    /// Close the overlay.
    Close,
    /// The user asked to quit.
    Quit,
    /// A status line or an error.
    Out(Out),
}

/// The audit log's state.
#[derive(Debug)]
pub struct AuditLog {
    entries: Vec<AuditEntry>,
    /// How many entries match the filter (more than `entries` when cut at `LIMIT`).
    total: usize,
    selected: Selection<i64>,
    filter: AuditFilter,
    filter_form: Option<Form>,
    /// The agents' names by id, as loaded with the entries.
    agents: Vec<(i64, String)>,
    /// The language and the store's zone of the message being handled (injected).
    lang: Lang,
    tz: chrono_tz::Tz,
}

impl Default for AuditLog {
    fn default() -> Self {
        AuditLog {
            entries: Vec::new(),
            total: 0,
            selected: Selection::default(),
            filter: AuditFilter::default(),
            filter_form: None,
            agents: Vec::new(),
            lang: Lang::Zh,
            tz: chrono_tz::Asia::Shanghai,
        }
    }
}

impl AuditLog {
    /// Handles a message with the store at hand: loads what the log asks for until it asks
    /// for nothing more, and returns what it asks of the app.
    pub fn handle(&mut self, msg: Msg, env: &mut crate::ui::desk::Env) -> Vec<ForApp> {
        self.lang = env.lang;
        self.tz = env.clock.tz();
        let mut ups = Vec::new();
        drive(self, msg, |cmd| run::run(cmd, env, &mut ups));
        ups
    }

    /// The key scopes in force, most specific first, and whether a field has the cursor.
    pub fn scopes(&self) -> (Vec<Scope>, bool) {
        match self.filter_form {
            Some(_) => (vec![Scope::Form], true),
            None => (vec![Scope::AuditLog, Scope::Global], false),
        }
    }

    /// The entries listed, newest first.
    pub fn entries(&self) -> &[AuditEntry] {
        &self.entries
    }

    /// The highlighted entry.
    pub fn selected(&self) -> Option<&AuditEntry> {
        let id = *self.selected.id()?;
        self.entries
            .get(self.selected.index())
            .filter(|e| e.id == id)
    }

    /// The row of the highlighted entry.
    fn selected_row(&self) -> usize {
        self.selected.index()
    }

    /// The agents' names by id.
    pub fn agents(&self) -> &[(i64, String)] {
        &self.agents
    }

    /// The filter in force.
    pub fn filter(&self) -> &AuditFilter {
        &self.filter
    }

    /// The open filter form, if any.
    pub fn filter_form(&self) -> Option<&Form> {
        self.filter_form.as_ref()
    }

    fn ids(&self) -> Vec<i64> {
        self.entries.iter().map(|e| e.id).collect()
    }

    /// What the list says under its rows: how many entries, and that it stops at its limit.
    pub fn count_line(&self, lang: Lang) -> String {
        let n = self.entries.len();
        match (self.total > n, lang) {
            (true, Lang::Zh) => format!(
                "共 {} 条，只列出最近 {n} 条（f 筛选以缩小范围）",
                self.total
            ),
            (true, Lang::En) => {
                format!("{} in all; the latest {n} listed (f to filter)", self.total)
            }
            (false, Lang::Zh) => format!("共 {n} 条"),
            (false, Lang::En) => format!("{n} in all"),
        }
    }

    fn load(&self) -> Vec<Cmd> {
        vec![Cmd::Load(self.filter.clone())]
    }

    fn action(&mut self, action: Action) -> Vec<Cmd> {
        let ids = self.ids();
        match action {
            Action::Back => vec![Cmd::App(ForApp::Close)],
            Action::Quit => vec![Cmd::App(ForApp::Quit)],
            Action::Up => {
                self.selected.step(&ids, -1);
                vec![]
            }
            Action::Down => {
                self.selected.step(&ids, 1);
                vec![]
            }
            Action::Filter => {
                self.filter_form = Some(filter::form(&self.filter));
                vec![]
            }
            // The other keys of the global table do nothing over the log.
            _ => vec![],
        }
    }

    /// A key while the filter form is open.
    fn form_key(&mut self, action: Option<Action>, key: KeyEvent) -> Vec<Cmd> {
        let Some(f) = &mut self.filter_form else {
            return vec![];
        };
        let apply =
            action == Some(Action::Save) || (action == Some(Action::NextField) && f.is_last());
        match action {
            Some(Action::Back) => self.filter_form = None,
            _ if apply => {
                if let Some(new) = filter::apply(f, self.tz, self.lang) {
                    self.filter = new;
                    self.filter_form = None;
                    // A new filter starts at its newest entry.
                    self.selected = Selection::default();
                    return self.load();
                }
            }
            Some(Action::NextField) => f.next(),
            Some(Action::PrevField) => f.prev(),
            _ => {
                f.edit(key);
            }
        }
        vec![]
    }

    /// New entries from the store: the highlight stays on its entry; one that left the
    /// list (pushed past the limit) gives way to its neighbour, and the status line says so.
    fn loaded(&mut self, entries: Vec<AuditEntry>, total: usize) -> Vec<Cmd> {
        self.entries = entries;
        self.total = total;
        match self.selected.follow(&self.ids()) {
            Some(_) => vec![Cmd::App(ForApp::Out(Out::Status(
                self.lang
                    .t(
                        "所选记录已不在列表中（超出最近的条数），已移到相邻一条",
                        "The selected entry left the list (past the latest entries); moved to the next one",
                    )
                    .into(),
            )))],
            None => vec![],
        }
    }
}

impl Machine for AuditLog {
    type Msg = Msg;
    type Cmd = Cmd;

    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Enter | Msg::Follow => self.load(),
            Msg::Key(action, key) if self.filter_form.is_some() => self.form_key(action, key),
            Msg::Key(Some(action), _) => self.action(action),
            Msg::Key(None, _) => vec![],
            Msg::Paste(text) => {
                if let Some(f) = &mut self.filter_form {
                    f.paste(&text);
                }
                vec![]
            }
            Msg::Loaded {
                entries,
                total,
                agents,
            } => {
                self.agents = agents;
                self.loaded(entries, total)
            }
        }
    }
}
