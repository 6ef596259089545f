//! The whole-file `quick_check` beside the app: on a thread of its own with a read-only
//! connection of its own, setting the store's health to its finding. It stops when the
//! `Db` that started it closes, so the app leaves no connection of its own behind.

use rusqlite::{Connection, InterruptHandle, OpenFlags};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long closing waits for an interrupted check to let go of the file. (At the lowest
/// priority on a busy machine the thread may take a moment to be scheduled; past this the
/// process leaves without it, and the next open finds the file's state unknown and checks.)
const STOP_WAIT: Duration = Duration::from_millis(500);

/// What the closing side and the check share: whether the check is to stop, and the
/// handle that interrupts its statement once it has a connection.
#[derive(Default)]
struct Stop {
    stopped: bool,
    handle: Option<InterruptHandle>,
}

pub(crate) struct Checker {
    stop: Arc<Mutex<Stop>>,
    thread: Option<JoinHandle<()>>,
}

impl Checker {
    /// Starts the check; `humble` lowers the thread's CPU and I/O priority first.
    pub(crate) fn spawn(
        health: Arc<OnceLock<Result<(), String>>>,
        path: PathBuf,
        humble: bool,
    ) -> Checker {
        let stop = Arc::new(Mutex::new(Stop::default()));
        let shared = stop.clone();
        let thread = std::thread::Builder::new()
            .name("quick_check".into())
            .spawn(move || {
                if humble {
                    lowest_priority();
                }
                let conn =
                    match Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
                        Ok(c) => c,
                        Err(e) => {
                            tracing::error!("quick_check failed: {e}");
                            let _ = health.set(Err(e.to_string()));
                            return;
                        }
                    };
                {
                    let mut s = locked(&shared);
                    if s.stopped {
                        return;
                    }
                    s.handle = Some(conn.get_interrupt_handle());
                }
                let found = super::run_quick_check(&conn);
                let mut s = locked(&shared);
                s.handle = None;
                if s.stopped {
                    // Interrupted by the close: no finding either way.
                    return;
                }
                if let Err(e) = &found {
                    tracing::error!("quick_check failed: {e}");
                }
                let _ = health.set(found);
            })
            .map_err(|e| tracing::warn!("quick_check thread: {e}"))
            .ok();
        Checker { stop, thread }
    }

    /// Interrupts the check if it still runs and waits (a little) for its connection to
    /// close.
    fn stop(&mut self) {
        {
            let mut s = locked(&self.stop);
            s.stopped = true;
            if let Some(h) = &s.handle {
                h.interrupt();
            }
        }
        if let Some(thread) = self.thread.take()
            && !join_within(thread, STOP_WAIT)
        {
            tracing::info!("quick_check still running at close");
        }
    }
}

/// Waits up to `wait` for a thread to end, and joins it if it did; false if it still runs
/// (it is then left to the process's end).
pub fn join_within(thread: JoinHandle<()>, wait: Duration) -> bool {
    let deadline = Instant::now() + wait;
    while !thread.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    let ended = thread.is_finished();
    if ended {
        let _ = thread.join();
    }
    ended
}

fn locked(stop: &Mutex<Stop>) -> std::sync::MutexGuard<'_, Stop> {
    stop.lock().unwrap_or_else(|e| e.into_inner())
}

impl Drop for Checker {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Puts the calling thread last in line for the CPU (nice 19) and the disk (the idle I/O
/// class); on Linux both are per thread. Failing that, it runs as it is.
fn lowest_priority() {
    const IOPRIO_CLASS_IDLE: libc::c_long = 3;
    const IOPRIO_CLASS_SHIFT: u32 = 13;
    const IOPRIO_WHO_PROCESS: libc::c_long = 1;
    // SAFETY: plain system calls on this thread's own id, with no pointers.
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 19);
        libc::syscall(
            libc::SYS_ioprio_set,
            IOPRIO_WHO_PROCESS,
            libc::c_long::from(tid),
            IOPRIO_CLASS_IDLE << IOPRIO_CLASS_SHIFT,
        );
    }
}
