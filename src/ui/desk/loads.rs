//! A desk page's loads off the UI thread. A page's state machine asks for a load as a
//! command carrying a generation (`Loads::ask`); its driver (`drive`) takes such commands
//! away as `Job`s — a `Send` closure that runs the page's own runner against the loads
//! thread's connection (`background::Lane`) and answers with the page's message — and the
//! app hands the `Answer` back to the page that asked (`Page::answer`). Meanwhile the page
//! keeps its rows on screen and says "计算中… / Loading…" (`note`); an answer of an older
//! generation than the last asked is not wanted any more (`Loads::answered`).

use super::machine::Machine;
use super::{Env, Out};
use crate::i18n::Lang;
use crate::ui::background::Lane;
use crate::ui::theme::Theme;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use std::any::Any;

/// A page's load: what the loads thread runs, in which lane (a newer load of the lane
/// supersedes the older).
pub struct Job {
    pub lane: Lane,
    pub run: Box<dyn FnOnce(&mut Env) -> Answer + Send>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Job({:?})", self.lane)
    }
}

/// A load's answer for the page that asked: its message (of the page's own type) and what
/// it asks of the app (an error line).
pub struct Answer {
    msg: Option<Box<dyn Any + Send>>,
    pub outs: Vec<Out>,
}

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Answer(message: {}, {:?})",
            self.msg.is_some(),
            self.outs
        )
    }
}

impl Answer {
    pub fn new<M: Send + 'static>(msg: Option<M>, outs: Vec<Out>) -> Answer {
        Answer {
            msg: msg.map(|m| Box::new(m) as Box<dyn Any + Send>),
            outs,
        }
    }

    /// The message, if it is of the page's type `M` (an answer meant for another page is
    /// dropped: never the case while the desk routes answers by page).
    pub fn open<M: 'static>(self) -> (Option<M>, Vec<Out>) {
        let msg = self.msg.and_then(|m| match m.downcast::<M>() {
            Ok(m) => Some(*m),
            Err(_) => {
                tracing::warn!("a desk load answered with another page's message");
                None
            }
        });
        (msg, self.outs)
    }
}

/// A page's loads: the last generation asked for, whether its answer is still awaited, and
/// the jobs its driver has not yet handed to the app.
#[derive(Debug, Default)]
pub struct Loads {
    asked: u64,
    waiting: bool,
    jobs: Vec<Job>,
}

impl Loads {
    /// A new load: its generation (every older one is not wanted any more).
    pub fn ask(&mut self) -> u64 {
        self.asked += 1;
        self.waiting = true;
        self.asked
    }

    /// An answer of `generation` came: whether it is the one wanted (the last asked).
    pub fn answered(&mut self, generation: u64) -> bool {
        if generation != self.asked {
            return false;
        }
        self.waiting = false;
        true
    }

    /// A load was asked and its answer has not come.
    pub fn waiting(&self) -> bool {
        self.waiting
    }

    /// The jobs for the app to run, once.
    pub fn take(&mut self) -> Vec<Job> {
        std::mem::take(&mut self.jobs)
    }
}

/// A page's runner: carries one command out and answers with the page's next message.
pub type Run<M> = fn(<M as Machine>::Cmd, &mut Env, &mut Vec<Out>) -> Option<<M as Machine>::Msg>;

/// How a page's commands are carried out: `lane` names those that go to the loads thread
/// (the others run at once on the app's connection: writes, and reads of one record),
/// `run` carries any of them out, `loads` is where the page keeps its `Loads`.
pub struct Runner<M: Machine> {
    pub lane: fn(&M::Cmd) -> Option<Lane>,
    pub run: Run<M>,
    pub loads: fn(&mut M) -> &mut Loads,
}

impl<M> Runner<M>
where
    M: Machine,
    M::Cmd: Send + 'static,
    M::Msg: Send + 'static,
{
    /// Feeds `first` to the page's machine (`machine::drive`): the loads go out as jobs
    /// into the page's `Loads`, the other commands run here.
    pub fn drive(&self, machine: &mut M, first: M::Msg, env: &mut Env) -> Vec<Out> {
        let (lane, run) = (self.lane, self.run);
        let mut outs = Vec::new();
        let mut jobs = Vec::new();
        super::machine::drive(machine, first, |cmd| match lane(&cmd) {
            Some(lane) => {
                jobs.push(Job {
                    lane,
                    run: Box::new(move |env: &mut Env| {
                        let mut outs = Vec::new();
                        let msg = run(cmd, env, &mut outs);
                        Answer::new(msg, outs)
                    }),
                });
                None
            }
            None => run(cmd, env, &mut outs),
        });
        (self.loads)(machine).jobs.extend(jobs);
        outs
    }

    /// A load's answer, opened and fed to the page's machine like any message.
    pub fn answer(&self, machine: &mut M, answer: Answer, env: &mut Env) -> Vec<Out> {
        let (msg, mut outs) = answer.open::<M::Msg>();
        if let Some(msg) = msg {
            outs.extend(self.drive(machine, msg, env));
        }
        outs
    }
}

/// A page's block, saying "计算中…" / "Loading…" at its top right while its load runs (the
/// rows of the last load stay under it).
pub fn note(block: Block<'static>, waiting: bool, lang: Lang, theme: &Theme) -> Block<'static> {
    if !waiting {
        return block;
    }
    block.title(
        Line::from(Span::styled(
            lang.t(" 计算中… ", " Loading… "),
            theme.title(),
        ))
        .right_aligned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_last_asked_generation_is_answered() {
        let mut l = Loads::default();
        let first = l.ask();
        let second = l.ask();
        assert!(l.waiting());
        assert!(!l.answered(first), "an older load's answer is not wanted");
        assert!(l.waiting());
        assert!(l.answered(second));
        assert!(!l.waiting());
    }

    #[test]
    fn an_answer_opens_as_its_pages_message_only() {
        let a = Answer::new(Some(7u32), vec![Out::Status("s".into())]);
        assert_eq!(a.open::<u32>(), (Some(7), vec![Out::Status("s".into())]));
        let a = Answer::new(Some(7u32), Vec::new());
        assert_eq!(a.open::<String>(), (None, Vec::new()));
    }
}
