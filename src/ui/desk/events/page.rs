//! The events page as a page of the More tab: its keys, loads and views, and the runner
//! that carries its commands out (the list on the loads thread).

use super::{Events, Mode, Msg, run, view};
use crate::clock::Clock;
use crate::i18n::Lang;
use crate::io::sheet::Sheet;
use crate::ui::desk::loads::Runner;
use crate::ui::desk::{Env, Out, Page};
use crate::ui::keymap::{self, Scope};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

impl Page for Events {
    fn title(&self, lang: Lang) -> &'static str {
        lang.t("活动", "Events")
    }

    fn scopes(&self) -> Vec<Scope> {
        match self.mode {
            Mode::List => vec![Scope::EventsList],
            Mode::Detail => vec![Scope::EventDetail],
            Mode::Form => keymap::form_scopes(self.form.as_ref().map(|(_, f)| f), &[Scope::Form]),
            Mode::Answer => vec![Scope::Form],
            Mode::ConfirmInvite | Mode::Asking(_) => vec![Scope::Confirm],
        }
    }

    fn typing(&self) -> bool {
        matches!(self.mode, Mode::Form | Mode::Answer)
    }

    fn has_unsaved_input(&self) -> bool {
        self.form.as_ref().is_some_and(|(_, f)| f.is_dirty())
            || self.answer.as_ref().is_some_and(|(_, _, f)| f.is_dirty())
    }

    crate::ui::desk::wiring::page_steps!();

    fn at_top(&self) -> bool {
        self.mode == Mode::List
    }

    fn enter(&mut self, env: &mut Env) -> Vec<Out> {
        self.lang = env.lang;
        let today = env.clock.today();
        self.step(Msg::Enter { today }, env)
    }

    crate::ui::desk::loads::page_loads!(RUNNER);

    fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, clock: &Clock, theme: &Theme) {
        view::render(self, frame, area, lang, clock, theme);
    }

    fn export(&self, lang: Lang, clock: &Clock) -> Option<(Sheet, &'static str)> {
        match (&self.event, self.mode) {
            (Some(e), Mode::Detail) => {
                Some((view::invitees_sheet(e, &self.invitees, lang), "event"))
            }
            _ => Some((
                view::events_sheet(&self.rows, lang, clock.today()),
                "events",
            )),
        }
    }
}

/// The list loads on the loads thread; an event opened, saves and steps here.
const RUNNER: Runner<Events> = Runner {
    lane: run::lane,
    run: run::run,
    loads: |p| &mut p.loads,
    refused: run::refused_flag,
};

impl Events {
    /// Drives the machine from `first`, carrying its commands out against the store: the
    /// list on the loads thread.
    fn step(&mut self, first: Msg, env: &mut Env) -> Vec<Out> {
        RUNNER.drive(self, first, env)
    }
}
