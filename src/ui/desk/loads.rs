//! A desk page's loads off the UI thread. A page's state machine asks for a load as a
//! command like any other; its driver (`Runner::drive`) takes the commands the page names
//! (`Runner::lane`) away as `Job`s of a new generation — a `Send` closure that runs the
//! page's own runner against the loads thread's connection (`background::Lane`) and
//! answers with the page's message — and the app hands the `Answer` back to the page that
//! asked (`Page::answer`). Meanwhile the page keeps its rows on screen and says
//! "计算中… / Loading…" (`note`); an answer of an older generation than the last asked in
//! its lane is not wanted any more (`Runner::accept`) and never reaches the machine. Each
//! lane has its own generations: a list load does not drop the answer of a page's other
//! work (the quality page's sampling, `Lane::DeskSample`; the follow check of an open
//! form, `Lane::DeskFollow`). A follow check is quiet: the page's rows are not reloading
//! while it runs, so it says nothing (`waiting` leaves it out).

use super::machine::Machine;
use super::{Env, Out};
use crate::i18n::Lang;
use crate::ui::background::Lane;
use crate::ui::theme::Theme;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use std::any::Any;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use crate::ui::SHOW_LOADING_MS;

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

/// A load's answer for the page that asked: the load's lane and generation, its message
/// (of the page's own type) and what it asks of the app (an error line).
pub struct Answer {
    lane: Lane,
    generation: u64,
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
    pub fn new<M: Send + 'static>(
        (lane, generation): (Lane, u64),
        msg: Option<M>,
        outs: Vec<Out>,
    ) -> Answer {
        Answer {
            lane,
            generation,
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

/// A page's loads: per lane, the last generation asked for and whether its answer is still
/// awaited; the jobs its driver has not yet handed to the app.
#[derive(Debug, Default)]
pub struct Loads {
    /// Generations are counted over the page's lanes.
    next: u64,
    last: BTreeMap<Lane, u64>,
    waiting: BTreeSet<Lane>,
    /// The lanes whose awaited load is a follow check over a refused save.
    refused: BTreeSet<Lane>,
    jobs: Vec<Job>,
    /// When the page began waiting for a load it says it waits for (`waiting`).
    since: Option<Instant>,
}

impl Loads {
    /// A new load in `lane`: its generation (every older one of the lane is not wanted any
    /// more). The driver asks; a test may, to see the page waiting.
    pub fn ask(&mut self, lane: Lane) -> u64 {
        self.next += 1;
        self.last.insert(lane, self.next);
        self.waiting.insert(lane);
        if self.since.is_none() && self.waiting() {
            self.since = Some(Instant::now());
        }
        self.next
    }

    /// An answer of `generation` in `lane` came: whether it is the one wanted (the last
    /// asked in its lane).
    pub fn answered(&mut self, lane: Lane, generation: u64) -> bool {
        if self.last.get(&lane) != Some(&generation) {
            return false;
        }
        self.waiting.remove(&lane);
        self.refused.remove(&lane);
        if !self.waiting() {
            self.since = None;
        }
        true
    }

    /// A follow check about to be asked in `lane`: whether it is over a refused save, as
    /// `refused` says, or because it supersedes a check over one whose answer has not come
    /// (another agent's save asked a newer check meanwhile): its answer must still say the
    /// save was not taken, or the user never learns why.
    pub fn over_refusal(&mut self, lane: Lane, refused: bool) -> bool {
        let refused = refused || (self.refused.contains(&lane) && self.waiting.contains(&lane));
        if refused {
            self.refused.insert(lane);
        } else {
            self.refused.remove(&lane);
        }
        refused
    }

    /// A load was asked and its answer has not come (a follow check, quiet, left out).
    pub fn waiting(&self) -> bool {
        self.waiting.iter().any(|l| *l != Lane::DeskFollow)
    }

    /// The page says "Loading…": it has waited `SHOW_LOADING_MS` for a load (a quicker one
    /// would only make the words flash; the rows of the last load stay meanwhile). The app
    /// draws again at its next tick while a load runs that long.
    pub fn showing(&self) -> bool {
        self.since
            .is_some_and(|t| t.elapsed() >= Duration::from_millis(SHOW_LOADING_MS))
    }

    /// As if the page had asked its load `ms` earlier (tests of what it shows meanwhile).
    #[cfg(test)]
    pub fn age(&mut self, ms: u64) {
        self.since = self
            .since
            .and_then(|t| t.checked_sub(Duration::from_millis(ms)));
    }

    /// A load of `lane` was asked and its answer has not come.
    pub fn waiting_in(&self, lane: Lane) -> bool {
        self.waiting.contains(&lane)
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
/// `run` carries any of them out, `loads` is where the page keeps its `Loads`, and
/// `refused` finds a follow check's flag saying a save was just refused over it (the
/// driver keeps it set while a check over a refusal awaits its answer:
/// `Loads::over_refusal`).
pub struct Runner<M: Machine> {
    pub lane: fn(&M::Cmd) -> Option<Lane>,
    pub run: Run<M>,
    pub loads: fn(&mut M) -> &mut Loads,
    pub refused: fn(&mut M::Cmd) -> Option<&mut bool>,
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
        let mut asked = Vec::new();
        super::machine::drive(machine, first, |cmd| match lane(&cmd) {
            Some(lane) => {
                asked.push((lane, cmd));
                None
            }
            None => run(cmd, env, &mut outs),
        });
        for (lane, cmd) in asked {
            self.send(machine, lane, cmd);
        }
        outs
    }

    /// Carries one command out as `drive` does (a load as a job), feeding an answer it has
    /// at once to the machine: for a page whose driver asks before any message.
    pub fn command(&self, machine: &mut M, cmd: M::Cmd, env: &mut Env) -> Vec<Out> {
        let mut outs = Vec::new();
        match (self.lane)(&cmd) {
            Some(lane) => self.send(machine, lane, cmd),
            None => {
                if let Some(msg) = (self.run)(cmd, env, &mut outs) {
                    outs.extend(self.drive(machine, msg, env));
                }
            }
        }
        outs
    }

    /// A load of a new generation, as a job for the app to run.
    fn send(&self, machine: &mut M, lane: Lane, mut cmd: M::Cmd) {
        let run = self.run;
        let loads = (self.loads)(machine);
        if let Some(refused) = (self.refused)(&mut cmd) {
            *refused = loads.over_refusal(lane, *refused);
        }
        let generation = loads.ask(lane);
        loads.jobs.push(Job {
            lane,
            run: Box::new(move |env: &mut Env| {
                let mut outs = Vec::new();
                let msg = run(cmd, env, &mut outs);
                Answer::new((lane, generation), msg, outs)
            }),
        });
    }

    /// A load's answer, fed to the page's machine like any message if it is still wanted.
    pub fn answer(&self, machine: &mut M, answer: Answer, env: &mut Env) -> Vec<Out> {
        let (msg, mut outs) = self.accept(machine, answer);
        if let Some(msg) = msg {
            outs.extend(self.drive(machine, msg, env));
        }
        outs
    }

    /// An answer's message and outs if it is the last load asked in its lane; nothing if a
    /// newer load of the lane was asked since (paging on, a filter, another agent's save):
    /// its rows and its error line are not wanted any more.
    pub fn accept(&self, machine: &mut M, answer: Answer) -> (Option<M::Msg>, Vec<Out>) {
        if !(self.loads)(machine).answered(answer.lane, answer.generation) {
            return (None, Vec::new());
        }
        answer.open::<M::Msg>()
    }
}

/// The `Page` methods of a page whose loads go through `runner` (a `Runner` of the page's
/// machine) and whose `Loads` is its field `loads`: `take_jobs`, `loading`, `answer`.
macro_rules! page_loads {
    ($runner:expr) => {
        fn take_jobs(&mut self) -> Vec<$crate::ui::desk::loads::Job> {
            self.loads.take()
        }

        fn loading(&self) -> bool {
            self.loads.waiting()
        }

        fn answer(
            &mut self,
            answer: $crate::ui::desk::loads::Answer,
            env: &mut $crate::ui::desk::Env,
        ) -> Vec<$crate::ui::desk::Out> {
            $runner.answer(self, answer, env)
        }
    };
}
pub(crate) use page_loads;

/// A page's block, saying "计算中…" / "Loading…" at its top right while its load runs (the
/// rows of the last load stay under it).
pub fn note(block: Block<'static>, waiting: bool, lang: Lang, theme: &Theme) -> Block<'static> {
    note_as(
        block,
        waiting.then_some(("计算中…", "Loading…")),
        lang,
        theme,
    )
}

/// A page's block saying `what` (Chinese, English) at its top right, if anything.
pub fn note_as(
    block: Block<'static>,
    what: Option<(&str, &str)>,
    lang: Lang,
    theme: &Theme,
) -> Block<'static> {
    let Some((zh, en)) = what else {
        return block;
    };
    block.title(
        Line::from(Span::styled(format!(" {} ", lang.t(zh, en)), theme.title())).right_aligned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::config::Settings;
    use crate::domain::calendar::BusinessCalendar;
    use crate::store::Db;

    /// A page that lists numbers: `Reload` asks for a load, `Loaded` shows it, `Note` is
    /// a status line run at once.
    #[derive(Default)]
    struct Probe {
        rows: Vec<i64>,
        loads: Loads,
        /// What the last follow check answered: whether it was over a refused save.
        checked: Option<bool>,
    }

    #[derive(Debug, PartialEq)]
    enum Msg {
        Reload,
        Loaded(Vec<i64>),
        /// A save was refused (true), or another agent saved (false): check the record.
        Check(bool),
        Checked(bool),
    }

    #[derive(Debug, PartialEq)]
    enum Cmd {
        Load(Vec<i64>),
        Note,
        Check { refused: bool },
    }

    impl Machine for Probe {
        type Msg = Msg;
        type Cmd = Cmd;
        fn update(&mut self, msg: Msg) -> Vec<Cmd> {
            match msg {
                Msg::Reload => vec![Cmd::Load(vec![self.rows.len() as i64]), Cmd::Note],
                Msg::Loaded(rows) => {
                    self.rows = rows;
                    Vec::new()
                }
                Msg::Check(refused) => vec![Cmd::Check { refused }],
                Msg::Checked(refused) => {
                    self.checked = Some(refused);
                    Vec::new()
                }
            }
        }
    }

    const RUNNER: Runner<Probe> = Runner {
        lane: |c| match c {
            Cmd::Load(_) => Some(Lane::DeskList),
            Cmd::Check { .. } => Some(Lane::DeskFollow),
            Cmd::Note => None,
        },
        run: |c, _, outs| match c {
            Cmd::Load(rows) => {
                outs.push(Out::Error(format!("loaded {rows:?}")));
                Some(Msg::Loaded(rows))
            }
            Cmd::Note => {
                outs.push(Out::Status("asked".into()));
                None
            }
            Cmd::Check { refused } => Some(Msg::Checked(refused)),
        },
        loads: |p| &mut p.loads,
        refused: probe_refused,
    };

    fn probe_refused(c: &mut Cmd) -> Option<&mut bool> {
        match c {
            Cmd::Check { refused } => Some(refused),
            Cmd::Load(_) | Cmd::Note => None,
        }
    }

    fn with_env(f: impl FnOnce(&mut Env)) {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
        let settings = Settings::with_db("unused".into(), Lang::En);
        let (calendar, sla) = (BusinessCalendar::builtin(), Default::default());
        f(&mut Env {
            db: &mut db,
            clock: &Clock::fixed(chrono_tz::Asia::Shanghai, chrono::Utc::now()),
            lang: Lang::En,
            agent: None,
            settings: &settings,
            calendar: &calendar,
            sla: &sla,
        });
    }

    #[test]
    fn a_load_goes_out_as_a_job_and_its_answer_comes_back_as_the_pages_message() {
        with_env(|env| {
            let mut p = Probe::default();
            // The status line runs at once; the load waits for the loads thread.
            let outs = RUNNER.drive(&mut p, Msg::Reload, env);
            assert_eq!(outs, vec![Out::Status("asked".into())]);
            assert!(p.loads.waiting());
            let jobs = p.loads.take();
            assert_eq!(jobs.len(), 1);
            assert_eq!(jobs[0].lane, Lane::DeskList);
            assert!(p.loads.take().is_empty(), "a job is handed out once");
            let answer = jobs.into_iter().next().map(|j| (j.run)(env)).unwrap();
            let outs = RUNNER.answer(&mut p, answer, env);
            assert_eq!(outs, vec![Out::Error("loaded [0]".into())]);
            assert_eq!(p.rows, vec![0]);
            assert!(!p.loads.waiting());
        });
    }

    #[test]
    fn an_older_loads_answer_is_ignored_whole() {
        with_env(|env| {
            let mut p = Probe::default();
            RUNNER.drive(&mut p, Msg::Reload, env);
            p.rows = vec![7, 8];
            RUNNER.drive(&mut p, Msg::Reload, env);
            let mut answers: Vec<Answer> =
                p.loads.take().into_iter().map(|j| (j.run)(env)).collect();
            let newer = answers.pop().unwrap();
            let older = answers.pop().unwrap();
            // The older answer comes last but one: neither its rows nor its line are shown.
            assert_eq!(RUNNER.answer(&mut p, older, env), Vec::new());
            assert_eq!(p.rows, vec![7, 8]);
            assert!(p.loads.waiting());
            assert_eq!(
                RUNNER.answer(&mut p, newer, env),
                vec![Out::Error("loaded [2]".into())]
            );
            assert_eq!(p.rows, vec![2]);
            assert!(!p.loads.waiting());
        });
    }

    #[test]
    fn a_check_asked_over_a_waiting_check_of_a_refused_save_still_says_it_was_refused() {
        with_env(|env| {
            let mut p = Probe::default();
            // A save is refused: its check goes out; before it answers, another agent's
            // save asks a newer check, which supersedes it.
            RUNNER.drive(&mut p, Msg::Check(true), env);
            RUNNER.drive(&mut p, Msg::Check(false), env);
            let answers: Vec<Answer> = p.loads.take().into_iter().map(|j| (j.run)(env)).collect();
            for a in answers {
                RUNNER.answer(&mut p, a, env);
            }
            assert_eq!(p.checked, Some(true), "the refusal is not lost");
            // Once answered, the next check of another agent's save is a plain one.
            RUNNER.drive(&mut p, Msg::Check(false), env);
            let a = p.loads.take().pop().map(|j| (j.run)(env)).unwrap();
            RUNNER.answer(&mut p, a, env);
            assert_eq!(p.checked, Some(false));
            // A plain check waiting is not made a refused one by the next plain check.
            RUNNER.drive(&mut p, Msg::Check(false), env);
            RUNNER.drive(&mut p, Msg::Check(false), env);
            let a = p.loads.take().pop().map(|j| (j.run)(env)).unwrap();
            RUNNER.answer(&mut p, a, env);
            assert_eq!(p.checked, Some(false));
        });
    }

    #[test]
    fn only_the_last_asked_generation_is_answered() {
        let mut l = Loads::default();
        let first = l.ask(Lane::DeskList);
        let second = l.ask(Lane::DeskList);
        assert!(l.waiting());
        assert!(
            !l.answered(Lane::DeskList, first),
            "an older load's answer is not wanted"
        );
        assert!(l.waiting());
        assert!(l.answered(Lane::DeskList, second));
        assert!(!l.waiting());
    }

    #[test]
    fn a_load_of_another_lane_leaves_the_first_lanes_answer_wanted() {
        let mut l = Loads::default();
        let sampling = l.ask(Lane::DeskSample);
        let list = l.ask(Lane::DeskList);
        assert!(l.answered(Lane::DeskList, list));
        assert!(l.waiting_in(Lane::DeskSample) && l.waiting());
        assert!(l.answered(Lane::DeskSample, sampling));
        assert!(!l.waiting());
    }

    #[test]
    fn an_answer_opens_as_its_pages_message_only() {
        let a = Answer::new(
            (Lane::DeskList, 1),
            Some(7u32),
            vec![Out::Status("s".into())],
        );
        assert_eq!(a.open::<u32>(), (Some(7), vec![Out::Status("s".into())]));
        let a = Answer::new((Lane::DeskList, 1), Some(7u32), Vec::new());
        assert_eq!(a.open::<String>(), (None, Vec::new()));
    }
}
