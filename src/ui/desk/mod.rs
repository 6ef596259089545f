//! The 更多 Desk tab: the centre's follow-through work beside the four daily workflows —
//! improvement actions, customer events, document hand-over, the rental desk, the knowledge
//! base and call-quality review. Each is a page in its own folder, built in the shape every
//! tab moves to: a pure state machine (`machine::Machine`, keys and results in as messages,
//! commands out), a runner that carries the commands out against the store, and views.
//! `←` / `→` move between pages while the page is at its top level.

mod drafted;
mod wiring;
pub use drafted::PageDraft;
pub mod events;
pub mod handover;
pub mod improvements;
pub mod knowledge;
pub mod loads;
mod page_bar;
pub use super::machine;
pub mod follow_form;
pub mod prompt;
pub mod quality;
pub mod rentals;
pub mod settings;
#[cfg(test)]
pub(crate) mod testing;
pub mod title;

use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::calendar::BusinessCalendar;
use crate::i18n::Lang;
use crate::io::sheet::Sheet;
use crate::store::Db;
use crate::store::agents::Agent;
use crate::ui::action::Action;
use crate::ui::keymap::Scope;
use crate::ui::theme::Theme;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// What a page may use to carry out its commands.
pub struct Env<'a> {
    pub db: &'a mut Db,
    pub clock: &'a Clock,
    pub lang: Lang,
    pub agent: Option<&'a Agent>,
    pub settings: &'a Settings,
    pub calendar: &'a BusinessCalendar,
    /// The store's complaint deadlines.
    pub sla: &'a crate::domain::complaints::SlaSettings,
}

impl Env<'_> {
    /// The signed-in agent is a supervisor; nobody signed in is not.
    pub fn supervisor(&self) -> bool {
        self.agent
            .is_some_and(|a| a.role == crate::store::agents::Role::Supervisor)
    }
}

/// What a page asks of the app beyond its own state.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// A line for the status bar.
    Status(String),
    /// An error for the status bar.
    Error(String),
    /// Open this customer's archive (the Customers tab).
    OpenCustomer(i64),
    /// Show this complaint's page (the Complaints tab).
    OpenComplaint(i64),
    /// Put this text on the clipboard.
    Copy(String),
    /// A complaint was opened here (a low callback score): the Complaints tab lists it.
    ComplaintOpened(i64),
    /// A rescue case was opened here (a rental's breakdown): the Calls tab's list and the
    /// status bar's count show it.
    RescueOpened(i64),
    /// Callback tasks were planned or withdrawn here (an event's invitations, answers,
    /// check-ins): the Callbacks queue and the status bar's due count follow at once, not
    /// at another agent's next save.
    CallbacksChanged,
    /// Start a call for this customer and car (the Calls tab).
    CallFor {
        customer_id: i64,
        vehicle_id: Option<i64>,
    },
    /// A list as the tab shows it (`Ctrl-E`), made by the tab: the app writes it to
    /// `exports/` beside the database as CSV and XLSX, masked as on screen, and says where.
    Export {
        sheet: Box<Sheet>,
        name: &'static str,
    },
}

/// What another tab asks of the Desk tab.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Open the improvement-action form, prefilled with the record it comes from.
    RaiseImprovement(improvements::RaisePrefill),
}

/// One page of the Desk tab.
pub trait Page {
    /// The page's name in the page bar.
    fn title(&self, lang: Lang) -> &'static str;
    /// Whether the page is offered in this store (the rental desk only in rental mode).
    fn shown(&self, _settings: &Settings) -> bool {
        true
    }
    /// The key scopes in force on the page, most specific first (without `Global`).
    fn scopes(&self) -> Vec<Scope>;
    /// A text field has the cursor: plain characters are text.
    fn typing(&self) -> bool;
    /// A form holds typed text that leaving would lose.
    fn has_unsaved_input(&self) -> bool;
    /// That form as a draft keeps it (None: no typed text, or a form no draft keeps).
    fn draft(&self) -> Option<PageDraft> {
        None
    }
    /// Puts a draft back if it is this page's (false: not this page's).
    fn restore(&mut self, _d: &PageDraft) -> bool {
        false
    }
    /// The page shows its top level (a list): `←` / `→` may move to another page.
    fn at_top(&self) -> bool;
    /// The page became visible: load what it shows (a load goes out as a job, see
    /// `take_jobs`).
    fn enter(&mut self, env: &mut Env) -> Vec<Out>;
    /// Another agent saved: reload what is shown, keeping the highlight on its record.
    fn follow(&mut self, env: &mut Env) -> Vec<Out>;
    /// The loads the page asked for since last asked (`loads::Job`): the app runs them on
    /// its loads thread and hands each answer back to `answer`.
    fn take_jobs(&mut self) -> Vec<loads::Job> {
        Vec::new()
    }
    /// The answer of one of the page's loads (one no longer wanted is ignored).
    fn answer(&mut self, _answer: loads::Answer, _env: &mut Env) -> Vec<Out> {
        Vec::new()
    }
    /// A load the page asked for has not answered yet.
    fn loading(&self) -> bool {
        false
    }
    /// A key: its action from the key table, or `None` with the key itself while typing.
    fn key(&mut self, action: Option<Action>, key: KeyEvent, env: &mut Env) -> Vec<Out>;
    /// A request from another tab: `None` when this page does not take it.
    fn request(&mut self, _req: &Request, _env: &mut Env) -> Option<Vec<Out>> {
        None
    }
    /// Pasted text (into the focused field, if any).
    fn paste(&mut self, _text: &str, _env: &mut Env) -> Vec<Out> {
        Vec::new()
    }
    fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, clock: &Clock, theme: &Theme);
    /// The list on screen for `Ctrl-E` (numbers masked), with the file's base name.
    fn export(&self, _lang: Lang, _clock: &Clock) -> Option<(Sheet, &'static str)> {
        None
    }
}

/// The key scopes in force on a page of the Desk tab: its own, then the page bar while it
/// shows its top level, then the global keys.
pub fn page_scopes(page: &dyn Page) -> Vec<Scope> {
    let mut v = page.scopes();
    if page.at_top() {
        v.push(Scope::Desk);
    }
    v.push(Scope::Global);
    v
}

/// A page's hint line, made from the key table with the scopes the tab puts it in.
/// The store's callback rules (they plan tasks and hold the surveys): the database's copy
/// of `callback_rules.toml`, else the user's file, else built in. A bad file is said.
pub fn callback_rules(env: &Env, outs: &mut Vec<Out>) -> crate::domain::callbacks::Rules {
    let stored = crate::store::settings::files(env.db.conn());
    let setup = crate::setup::load(&stored, env.settings.config_dir.as_deref(), env.settings.tz);
    for e in setup.errors {
        outs.push(Out::Error(format!(
            "{}: {e}",
            env.lang.t(
                "设置文件有误，已使用内置设置",
                "bad setup file, built-in data used"
            )
        )));
    }
    setup.rules
}

/// A list's highlighted row in words, whole (its columns may cut them): `text` wrapped
/// under the list at the bottom of `area`, at most a third of it (Enter opens the record).
/// Returns what is left for the list.
pub fn whole_row_under(frame: &mut Frame, area: Rect, text: Option<String>, theme: &Theme) -> Rect {
    let lines: Vec<Line> = text.map_or_else(Vec::new, |t| {
        crate::text::wrap_words(&t, area.width as usize)
            .into_iter()
            .take((area.height as usize / 3).max(1))
            .map(Line::from)
            .collect()
    });
    let [list, below] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(lines.len() as u16)]).areas(area);
    frame.render_widget(Paragraph::new(lines).style(theme.label()), below);
    list
}

pub fn hint(page: &dyn Page, items: &[(Action, &'static str, &'static str)], lang: Lang) -> String {
    crate::ui::keymap::hint_line(&page_scopes(page), page.typing(), items, lang)
}

/// The Desk tab: its pages and which one is shown.
#[derive(Default)]
pub struct DeskTab {
    pages: Vec<Box<dyn Page>>,
    current: usize,
    /// Another agent saved while the page on screen was loading: it reloads once that load
    /// has answered (a reload per save would cut off every load of a busy store, and a list
    /// slower than the saves come would never arrive).
    follow_owed: bool,
}

impl DeskTab {
    /// The tab with every page the crate has.
    pub fn with_pages(pages: Vec<Box<dyn Page>>) -> DeskTab {
        DeskTab {
            pages,
            current: 0,
            follow_owed: false,
        }
    }

    fn shown(&self, settings: &Settings) -> Vec<usize> {
        (0..self.pages.len())
            .filter(|i| self.pages[*i].shown(settings))
            .collect()
    }

    fn page(&self) -> Option<&dyn Page> {
        self.pages.get(self.current).map(|p| p.as_ref())
    }

    pub fn scopes(&self) -> Vec<Scope> {
        match self.page() {
            Some(p) => page_scopes(p),
            None => vec![Scope::Desk, Scope::Global],
        }
    }

    pub fn typing(&self) -> bool {
        self.page().is_some_and(|p| p.typing())
    }

    pub fn has_unsaved_input(&self) -> bool {
        self.pages.iter().any(|p| p.has_unsaved_input())
    }

    /// Every page's form with typed text, as drafts keep them.
    pub fn drafts(&self) -> Vec<PageDraft> {
        self.pages.iter().filter_map(|p| p.draft()).collect()
    }

    /// Puts a draft back on its page, which becomes the page shown and loads what it
    /// shows (a form on a record waits for it: the page reads it back then).
    pub fn restore(&mut self, d: &PageDraft, env: &mut Env) -> Vec<Out> {
        for i in self.shown(env.settings) {
            if self.pages[i].restore(d) {
                self.current = i;
                self.follow_owed = false;
                return self.pages[i].enter(env);
            }
        }
        Vec::new()
    }

    /// The tab became visible.
    pub fn enter(&mut self, env: &mut Env) -> Vec<Out> {
        let shown = self.shown(env.settings);
        if !shown.contains(&self.current) {
            // No page offered in this store: none is current (the tab says so).
            self.current = shown.first().copied().unwrap_or(usize::MAX);
        }
        self.follow_owed = false;
        match self.pages.get_mut(self.current) {
            Some(p) => p.enter(env),
            None => Vec::new(),
        }
    }

    /// Another agent saved: the page on screen reloads (the others load when shown).
    /// While the page's load runs, the reload waits for its answer (`follow_owed`).
    pub fn follow(&mut self, env: &mut Env) -> Vec<Out> {
        match self.pages.get_mut(self.current) {
            Some(p) if p.loading() => {
                self.follow_owed = true;
                Vec::new()
            }
            Some(p) => p.follow(env),
            None => Vec::new(),
        }
    }

    pub fn key(&mut self, action: Option<Action>, key: KeyEvent, env: &mut Env) -> Vec<Out> {
        let at_top = self.page().is_none_or(|p| p.at_top());
        match action {
            Some(a @ (Action::NextPage | Action::PrevPage)) if at_top => {
                let shown = self.shown(env.settings);
                if shown.is_empty() {
                    return Vec::new();
                }
                let at = shown.iter().position(|i| *i == self.current).unwrap_or(0);
                let next = if a == Action::NextPage {
                    (at + 1) % shown.len()
                } else {
                    (at + shown.len() - 1) % shown.len()
                };
                self.current = shown[next];
                self.follow_owed = false;
                self.pages[self.current].enter(env)
            }
            // The page's list, as the page makes it.
            Some(Action::ExportList) => self
                .page()
                .and_then(|p| p.export(env.lang, env.clock))
                .map(|(sheet, name)| Out::Export {
                    sheet: Box::new(sheet),
                    name,
                })
                .into_iter()
                .collect(),
            _ => match self.pages.get_mut(self.current) {
                Some(p) => p.key(action, key, env),
                None => Vec::new(),
            },
        }
    }

    /// The loads the pages asked for, each with the page it answers to.
    pub fn take_jobs(&mut self) -> Vec<(usize, loads::Job)> {
        let mut jobs = Vec::new();
        for (i, p) in self.pages.iter_mut().enumerate() {
            jobs.extend(p.take_jobs().into_iter().map(|j| (i, j)));
        }
        jobs
    }

    /// A load's answer, to the page that asked (shown or not).
    pub fn answer(&mut self, page: usize, answer: loads::Answer, env: &mut Env) -> Vec<Out> {
        let Some(p) = self.pages.get_mut(page) else {
            return answer.outs;
        };
        let mut outs = p.answer(answer, env);
        if page == self.current && self.follow_owed && !p.loading() {
            self.follow_owed = false;
            outs.extend(p.follow(env));
        }
        outs
    }

    /// A request from another tab: the first page that takes it is shown.
    pub fn request(&mut self, req: &Request, env: &mut Env) -> Vec<Out> {
        for i in self.shown(env.settings) {
            if let Some(outs) = self.pages[i].request(req, env) {
                self.current = i;
                return outs;
            }
        }
        Vec::new()
    }

    pub fn paste(&mut self, text: &str, env: &mut Env) -> Vec<Out> {
        match self.pages.get_mut(self.current) {
            Some(p) => p.paste(text, env),
            None => Vec::new(),
        }
    }

    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        settings: &Settings,
        clock: &Clock,
        theme: &Theme,
    ) {
        let lang = settings.lang;
        let [bar, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let shown = self.shown(settings);
        let titles: Vec<String> = shown
            .iter()
            .map(|i| self.pages[*i].title(lang).to_string())
            .collect();
        let at = shown.iter().position(|i| *i == self.current).unwrap_or(0);
        let (lead, short) = (lang.t(" ← → 换页：", " ← → page: "), " ←→");
        let spans: Vec<Span> = page_bar::fit(lead, short, &titles, at, bar.width.into())
            .into_iter()
            .map(|p| match p {
                page_bar::Piece::Lead(s) => Span::styled(s, theme.dim()),
                page_bar::Piece::Name(s, true) => Span::styled(s, theme.tab_active()),
                page_bar::Piece::Name(s, false) => Span::styled(s, theme.tab()),
                page_bar::Piece::Gap => Span::raw(" "),
                page_bar::Piece::More => Span::styled("…", theme.dim()),
            })
            .collect();
        frame.render_widget(Paragraph::new(Line::from(spans)), bar);
        match self.page() {
            Some(p) => p.render(frame, body, lang, clock, theme),
            None => {
                let block = theme.block(lang.t("更多", "More"));
                let w = block.inner(body).width;
                frame.render_widget(
                    crate::ui::widgets::wrapped::paragraph(
                        lang.t(
                            "本店没有可用的页面。",
                            "No page is available in this store.",
                        ),
                        w,
                    )
                    .block(block),
                    body,
                )
            }
        }
    }
}

/// Every page of the Desk tab, in the order of the page bar.
pub fn all_pages() -> Vec<Box<dyn Page>> {
    vec![
        Box::new(improvements::ImprovementsPage::default()),
        Box::new(knowledge::Knowledge::new(Lang::Zh)),
        Box::new(handover::HandoverPage::default()),
        Box::new(rentals::RentalsPage::default()),
        Box::new(settings::SettingsPage::new(Lang::Zh)),
        Box::new(quality::QualityPage::new(Lang::Zh)),
        Box::new(events::Events::new(Lang::Zh)),
    ]
}

#[cfg(test)]
mod tests;
