//! The bridge to the Desk tab: its pages get the store and context through `Env`, and what
//! they ask of the app beyond their own state (`Out`) is carried out here.

use super::action::Tab;
use super::app::App;
use super::desk::{DeskTab, Env, Out};
use super::screens::Effect;

impl App {
    /// Runs `f` on the Desk tab with what its pages may use, then carries out what they ask.
    pub(super) fn desk_run(&mut self, f: impl FnOnce(&mut DeskTab, &mut Env) -> Vec<Out>) {
        let mut env = Env {
            db: &mut self.db,
            clock: &self.clock,
            lang: self.lang,
            agent: self.agent.as_ref(),
            settings: &self.settings,
            calendar: &self.calendar,
        };
        let outs = f(&mut self.desk, &mut env);
        for out in outs {
            match out {
                Out::Status(line) => self.note(line),
                Out::Error(line) => self.status = Some((line, true)),
                Out::OpenCustomer(id) => {
                    self.tab = Tab::Customers;
                    self.apply(Effect::OpenCustomer(id));
                }
                Out::Copy(text) => self.clipboard = Some(text),
            }
        }
    }
}
