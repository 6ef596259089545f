//! Work that must not hold up a key: the Reports tab's jobs and callback planning run on
//! threads of their own, each with its own connection to the store, and their answers
//! come back on one channel that the app's loop drains every turn (`App::pump`).
//!
//! - Report jobs go to one worker thread in order of their generation. A newer job
//!   supersedes an older one: the older is interrupted through SQLite's interrupt handle
//!   (if it is running) or skipped (if it waits), and an answer of an old generation is
//!   never sent. The worker's connection only reads, except an export's audit record, so
//!   it never blocks the app's writes (WAL).
//! - Callback planning writes: on its own connection, in `BEGIN IMMEDIATE` transactions
//!   (one writer at a time; the app's own saves wait on the busy timeout meanwhile).
//! - The other tabs' loads that read much of the store (the callback queue, the complaint
//!   list, deadlines and overdue count, the calls list, the open records read again after
//!   another agent's save) go to a third thread, "loads", by `Lane`: a newer load of a lane
//!   supersedes the older one like a report job (interrupted or skipped, its answer never
//!   sent, or dropped by `replies` when it was sent before the newer was asked). Escalation is its only write, checked inside its own write lock.
//!   The Desk tab's pages load their lists there too, in one lane: the page shown is the
//!   one wanted, so paging on supersedes the page left; their follow checks (has the
//!   record under the open form moved on?) in another, so no tick and no key reads there.

use super::reports::Outcome;
use crate::store::{Db, Interrupter};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Rung by a background thread once its reply is on the channel, so the app's loop, which
/// waits on the terminal's events and this bell together (`ui::run`), takes the answer at
/// once instead of at its next look. Silent by default (tests that drive `App` directly).
#[derive(Clone, Default)]
pub struct Bell(Option<Arc<dyn Fn() + Send + Sync>>);

impl Bell {
    pub fn new(ring: impl Fn() + Send + Sync + 'static) -> Bell {
        Bell(Some(Arc::new(ring)))
    }

    fn ring(&self) {
        if let Some(ring) = &self.0 {
            ring();
        }
    }
}

/// How long the app's close waits for each thread to let go of its connection.
const STOP_WAIT: Duration = Duration::from_millis(500);

/// A report job: what to run against the worker's connection.
type Run = Box<dyn FnOnce(&mut Db) -> Outcome + Send>;

struct Task {
    generation: u64,
    run: Run,
}

/// What comes back to the app's loop.
#[derive(Debug)]
pub enum Reply {
    /// A Reports job finished.
    Reports {
        generation: u64,
        outcome: Box<Outcome>,
    },
    /// Callback planning finished (with its warnings, already logged).
    Planned,
    /// A tab's load finished: its answer, for the tab that asked.
    Loaded {
        lane: Lane,
        generation: u64,
        loaded: Box<Loaded>,
    },
}

/// What a load reads: a newer load of a lane makes the older unwanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lane {
    CallbackQueue,
    /// Whether the callback task being worked moved on (another agent's save).
    CallbackFollow,
    ComplaintList,
    /// The open complaint read again (another agent's save), with what changed.
    ComplaintFollow,
    ComplaintDeadlines,
    ComplaintCount,
    /// The list of the desk page shown (paging, a filter, another agent's save).
    DeskList,
    /// The quality page's sampling (a write, in its own IMMEDIATE transaction): a list
    /// load does not supersede it.
    DeskSample,
    /// The desk page's follow check: whether the record under its open form moved on
    /// (another agent's save, a refused save); a newer check supersedes the older.
    DeskFollow,
    /// The Calls tab's list (rescue cases, follow-ups, the day's calls, the counts).
    CallList,
    /// The open call or rescue case read again (another agent's save, a refused step).
    CallFollow,
    /// The open rescue cases counted for the status bar (every 30 ticks).
    CallCounts,
    /// The customer search run again (another agent's save).
    CustomerSearch,
    /// The Appointments tab's lists (bookings past their grace period marked as no-shows
    /// first, in their own write), and the open booking followed.
    AppointmentList,
    /// The open archive read again, or whether the record under the open form moved on
    /// (another agent's save, a refused save).
    CustomerFollow,
}

/// A load's answer: the message for the tab (None: nothing to tell it) and what the tab
/// asks of the app (an error line).
#[derive(Debug)]
pub enum Loaded {
    Callbacks(Option<super::callbacks::Msg>, Vec<super::desk::Out>),
    Complaints(Option<super::complaints::Msg>, Vec<super::desk::Out>),
    Calls(Option<super::calls::Msg>, Vec<super::desk::Out>),
    Customers(Option<super::customers::Msg>, Vec<super::desk::Out>),
    Appointments(Option<super::appointments::Msg>, Vec<super::desk::Out>),
    /// For the desk page of this index.
    Desk(usize, super::desk::loads::Answer),
}

/// A load: what to run against the loads thread's connection.
type LoadRun = Box<dyn FnOnce(&mut Db) -> Loaded + Send>;

struct LoadTask {
    lane: Lane,
    generation: u64,
    run: LoadRun,
}

/// The newest generation asked for in each lane, and the load that runs (the loads
/// thread's and the app's shared view).
#[derive(Default)]
struct Lanes {
    latest: BTreeMap<Lane, u64>,
    running: Option<(Lane, u64)>,
}

impl Lanes {
    fn wanted(&self, lane: Lane, generation: u64) -> bool {
        self.latest.get(&lane) == Some(&generation)
    }
}

/// The loads thread: its queue, what it is asked and the handle that interrupts it.
struct Loads {
    tasks: Option<Sender<LoadTask>>,
    lanes: Arc<Mutex<Lanes>>,
    interrupter: Interrupter,
    /// Generations are counted over every lane.
    next: u64,
    /// What was asked and not yet answered, per lane, with when it was asked.
    asked: BTreeMap<Lane, (u64, Instant)>,
    /// The newest generation asked in each lane, answered or not.
    newest: BTreeMap<Lane, u64>,
    thread: Option<JoinHandle<()>>,
}

pub struct Background {
    /// None once stopped (`Drop`): the worker then finds its queue closed and ends.
    tasks: Option<Sender<Task>>,
    /// The latest generation asked for: the worker skips and drops anything older.
    latest: Arc<AtomicU64>,
    interrupter: Interrupter,
    replies_tx: Sender<Reply>,
    replies: Receiver<Reply>,
    /// Rung after each reply is sent.
    bell: Bell,
    /// The report job in flight and when it was asked for.
    running: Option<(u64, Instant)>,
    planning: bool,
    /// The threads, each with its connection, joined when the app closes; planning's with
    /// the handle that interrupts its statement.
    worker: Option<JoinHandle<()>>,
    planner: Option<(Interrupter, JoinHandle<()>)>,
    loads: Loads,
}

impl Background {
    /// Starts the report worker on a connection of its own to `db`'s file; `bell` rings
    /// after each reply.
    pub fn start(db: &Db, bell: Bell) -> Result<Background, crate::store::OpenError> {
        let mut own = db.another()?;
        let interrupter = own.interrupter();
        let (tasks, rx) = channel::<Task>();
        let (replies_tx, replies) = channel();
        let latest = Arc::new(AtomicU64::new(0));
        let (l, out, rings) = (latest.clone(), replies_tx.clone(), bell.clone());
        let worker = std::thread::Builder::new()
            .name("reports".into())
            .spawn(move || {
                while let Ok(mut task) = rx.recv() {
                    // Only the newest of what waits is wanted.
                    while let Ok(next) = rx.try_recv() {
                        task = next;
                    }
                    if task.generation != l.load(Ordering::SeqCst) {
                        continue;
                    }
                    let generation = task.generation;
                    let outcome = (task.run)(&mut own);
                    if generation == l.load(Ordering::SeqCst) {
                        let reply = Reply::Reports {
                            generation,
                            outcome: Box::new(outcome),
                        };
                        if out.send(reply).is_err() {
                            return;
                        }
                        rings.ring();
                    }
                }
            })
            .map_err(|e| crate::store::OpenError::Io {
                path: db.path().to_path_buf(),
                source: e,
            })?;
        let loads = Loads::start(db, replies_tx.clone(), bell.clone())?;
        Ok(Background {
            loads,
            bell,
            tasks: Some(tasks),
            latest,
            interrupter,
            replies_tx,
            replies,
            running: None,
            planning: false,
            worker: Some(worker),
            planner: None,
        })
    }

    /// Runs a report job on the worker; whatever ran before is not wanted any more.
    pub fn submit(&mut self, generation: u64, run: Run) {
        self.cancel(generation);
        self.running = Some((generation, Instant::now()));
        let sent = self
            .tasks
            .as_ref()
            .map(|t| t.send(Task { generation, run }));
        if !matches!(sent, Some(Ok(()))) {
            tracing::error!("the reports worker has stopped");
        }
    }

    /// Nothing before `generation` is wanted: the job running is interrupted (before the next
    /// is sent, so the interrupt cannot reach it), a waiting one skipped.
    pub fn cancel(&mut self, generation: u64) {
        self.latest.store(generation, Ordering::SeqCst);
        if self.running.take().is_some() {
            self.interrupter.interrupt();
        }
    }

    /// The report job in flight, with the milliseconds since it was asked for.
    pub fn running(&self) -> Option<(u64, u64)> {
        self.running
            .map(|(generation, at)| (generation, at.elapsed().as_millis() as u64))
    }

    /// A job, a load or planning is under way (the loop then looks for answers more often).
    pub fn waiting(&self) -> bool {
        self.running.is_some() || self.planning || !self.loads.asked.is_empty()
    }

    /// Runs a load on the loads thread; an older load of its lane is not wanted any more.
    pub fn load(&mut self, lane: Lane, run: LoadRun) {
        self.loads.submit(lane, run);
    }

    /// The milliseconds the oldest load still unanswered has run (None: none runs).
    pub fn loading(&self) -> Option<u64> {
        self.loads
            .asked
            .values()
            .map(|(_, at)| at.elapsed().as_millis() as u64)
            .max()
    }

    /// The answers that have come, in order.
    pub fn replies(&mut self) -> Vec<Reply> {
        let got: Vec<Reply> = self.replies.try_iter().collect();
        for r in &got {
            match r {
                Reply::Reports { generation, .. } => {
                    if self.running.is_some_and(|(g, _)| g == *generation) {
                        self.running = None;
                    }
                }
                Reply::Planned => self.planning = false,
                Reply::Loaded {
                    lane, generation, ..
                } => {
                    if self
                        .loads
                        .asked
                        .get(lane)
                        .is_some_and(|(g, _)| g == generation)
                    {
                        self.loads.asked.remove(lane);
                    }
                }
            }
        }
        // A load's answer sent before a newer load of its lane was asked is not wanted
        // any more: only the newest asked reaches its tab.
        got.into_iter()
            .filter(|r| match r {
                Reply::Loaded {
                    lane, generation, ..
                } => self.loads.wanted(*lane, *generation),
                Reply::Reports { .. } | Reply::Planned => true,
            })
            .collect()
    }

    /// Runs `plan` on a thread of its own with a connection of its own, unless a planning
    /// run is still under way. Its end is `Reply::Planned`, told as soon as its writes are
    /// committed: the `-wal` they leave is folded back into the file after that, on the
    /// same thread, instead of inside the last commit.
    pub fn plan(&mut self, db: &Db, plan: impl FnOnce(&mut Db) + Send + 'static) {
        if self.planning {
            return;
        }
        let mut own = match db.another() {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!("callback planning: {}", e.message(crate::i18n::Lang::En));
                return;
            }
        };
        let (out, bell) = (self.replies_tx.clone(), self.bell.clone());
        let interrupter = own.interrupter();
        let spawned = std::thread::Builder::new()
            .name("callback-planning".into())
            .spawn(move || {
                if let Err(e) = own.defer_checkpoints() {
                    tracing::warn!("callback planning: {}", e.message(crate::i18n::Lang::En));
                }
                plan(&mut own);
                if out.send(Reply::Planned).is_ok() {
                    bell.ring();
                }
                if let Err(e) = own.checkpoint() {
                    tracing::warn!("callback planning: {}", e.message(crate::i18n::Lang::En));
                }
            });
        match spawned {
            Ok(thread) => {
                self.planning = true;
                self.planner = Some((interrupter, thread));
            }
            Err(e) => tracing::warn!("callback planning: {e}"),
        }
    }
}

/// The app closes: what runs is interrupted (a report is not wanted any more; planning's
/// transaction rolls back whole and runs again at the next start) and each thread's
/// connection closes before the app's own, so that the last connection to close folds the
/// `-wal` back into the file and the next command-line open finds it clean.
impl Drop for Background {
    fn drop(&mut self) {
        self.latest.store(u64::MAX, Ordering::SeqCst);
        self.interrupter.interrupt();
        self.tasks = None;
        let planner = self.planner.take().map(|(stop, thread)| {
            stop.interrupt();
            thread
        });
        let loads = self.loads.stop();
        for thread in [self.worker.take(), planner, loads].into_iter().flatten() {
            if !crate::store::open::join_within(thread, STOP_WAIT) {
                tracing::info!("a background thread still runs at close");
            }
        }
    }
}

impl Loads {
    /// Starts the loads thread on a connection of its own to `db`'s file.
    fn start(db: &Db, out: Sender<Reply>, bell: Bell) -> Result<Loads, crate::store::OpenError> {
        let mut own = db.another()?;
        let interrupter = own.interrupter();
        let (tasks, rx) = channel::<LoadTask>();
        let lanes = Arc::new(Mutex::new(Lanes::default()));
        let shared = lanes.clone();
        let thread = std::thread::Builder::new()
            .name("loads".into())
            .spawn(move || {
                while let Ok(task) = rx.recv() {
                    let (lane, generation) = (task.lane, task.generation);
                    {
                        let mut l = shared.lock().unwrap_or_else(|p| p.into_inner());
                        if !l.wanted(lane, generation) {
                            continue;
                        }
                        l.running = Some((lane, generation));
                    }
                    let loaded = (task.run)(&mut own);
                    let wanted = {
                        let mut l = shared.lock().unwrap_or_else(|p| p.into_inner());
                        l.running = None;
                        l.wanted(lane, generation)
                    };
                    let reply = Reply::Loaded {
                        lane,
                        generation,
                        loaded: Box::new(loaded),
                    };
                    if wanted {
                        if out.send(reply).is_err() {
                            return;
                        }
                        bell.ring();
                    }
                }
            })
            .map_err(|e| crate::store::OpenError::Io {
                path: db.path().to_path_buf(),
                source: e,
            })?;
        Ok(Loads {
            tasks: Some(tasks),
            lanes,
            interrupter,
            next: 0,
            asked: BTreeMap::new(),
            newest: BTreeMap::new(),
            thread: Some(thread),
        })
    }

    /// Whether an answer of `generation` in `lane` is still wanted: no newer load of its
    /// lane was asked (generations grow over every lane, so the newest of a lane is the
    /// highest asked in it).
    fn wanted(&self, lane: Lane, generation: u64) -> bool {
        self.newest.get(&lane).is_none_or(|g| *g <= generation)
    }

    /// Sends a load; the lane's older load is skipped if it waits, interrupted if it runs
    /// (under the lock, so the interrupt cannot reach the next load).
    fn submit(&mut self, lane: Lane, run: LoadRun) {
        self.next += 1;
        let generation = self.next;
        {
            let mut l = self.lanes.lock().unwrap_or_else(|p| p.into_inner());
            l.latest.insert(lane, generation);
            if l.running.is_some_and(|(r, _)| r == lane) {
                self.interrupter.interrupt();
            }
        }
        self.asked.insert(lane, (generation, Instant::now()));
        self.newest.insert(lane, generation);
        let sent = self.tasks.as_ref().map(|t| {
            t.send(LoadTask {
                lane,
                generation,
                run,
            })
        });
        if !matches!(sent, Some(Ok(()))) {
            tracing::error!("the loads thread has stopped");
            self.asked.remove(&lane);
        }
    }

    /// Nothing more is wanted: the queue closes, what runs is interrupted; the thread, to
    /// be joined.
    fn stop(&mut self) -> Option<JoinHandle<()>> {
        self.tasks = None;
        {
            let mut l = self.lanes.lock().unwrap_or_else(|p| p.into_inner());
            l.latest.clear();
            if l.running.is_some() {
                self.interrupter.interrupt();
            }
        }
        self.thread.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::desk::Out;

    fn said(line: &str) -> Loaded {
        Loaded::Calls(None, vec![Out::Status(line.into())])
    }

    fn lines(replies: Vec<Reply>) -> Vec<String> {
        replies
            .into_iter()
            .filter_map(|r| match r {
                Reply::Loaded { loaded, .. } => match *loaded {
                    Loaded::Calls(_, outs) => outs.into_iter().find_map(|o| match o {
                        Out::Status(l) => Some(l),
                        _ => None,
                    }),
                    _ => None,
                },
                Reply::Reports { .. } | Reply::Planned => None,
            })
            .collect()
    }

    /// An answer sent before a newer load of its lane was asked never reaches the app,
    /// even when it is already on the channel; another lane's answer does.
    #[test]
    fn an_answer_already_sent_when_a_newer_load_of_its_lane_is_asked_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
        let mut bg = Background::start(&db, Bell::default()).unwrap();
        let (sent_tx, sent) = channel();
        let (go_tx, go) = channel::<()>();
        bg.load(
            Lane::CallList,
            Box::new(move |_| {
                sent_tx.send(()).unwrap();
                said("old day")
            }),
        );
        bg.load(Lane::CallFollow, Box::new(|_| said("the case")));
        // The first answer is on its way (its load ran) before the newer one is asked.
        sent.recv().unwrap();
        std::thread::sleep(Duration::from_millis(50));
        bg.load(
            Lane::CallList,
            Box::new(move |_| {
                go.recv().unwrap();
                said("new day")
            }),
        );
        let mut got = lines(bg.replies());
        go_tx.send(()).unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while bg.waiting() {
            assert!(Instant::now() < deadline, "never answered");
            std::thread::sleep(Duration::from_millis(5));
            got.extend(lines(bg.replies()));
        }
        assert_eq!(got, vec!["the case".to_string(), "new day".to_string()]);
    }

    /// The bell rings once a reply is on the channel: a load's answer and a report's, each
    /// found there when it rings (the app's loop wakes on it instead of looking every
    /// 10 ms).
    #[test]
    fn the_bell_rings_when_an_answer_is_in() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.sqlite3")).unwrap();
        let (rang, rings) = channel::<()>();
        let mut bg = Background::start(
            &db,
            Bell::new(move || {
                let _ = rang.send(());
            }),
        )
        .unwrap();
        bg.load(Lane::CallList, Box::new(|_| said("the day")));
        rings.recv_timeout(Duration::from_secs(30)).expect("rang");
        assert_eq!(lines(bg.replies()), vec!["the day".to_string()]);
        bg.submit(1, Box::new(|_| Outcome::Failed("no".into())));
        rings.recv_timeout(Duration::from_secs(30)).expect("rang");
        assert!(matches!(
            &bg.replies()[..],
            [Reply::Reports { generation: 1, .. }]
        ));
    }
}
