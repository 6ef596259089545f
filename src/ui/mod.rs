//! The terminal UI: one ratatui app with tabbed screens.

pub mod action;
pub mod app;
mod app_desk;
mod app_export;
mod app_input;
mod app_loads;
mod app_tick;
pub mod appointments;
pub mod audit;
pub mod backend;
pub mod background;
pub mod callbacks;
pub mod calls;
pub mod complaints;
pub mod customers;
pub mod desk;
pub mod drafts;
pub mod export_file;
pub mod first_run;
pub mod help;
pub mod keymap;
pub mod machine;
pub mod reports;
pub mod selection;
pub mod shell;
pub mod status_line;
pub mod testing;
pub mod theme;
pub mod widgets;

pub use app_loads::SHOW_LOADING_MS;

use crate::store::drafts::DraftRecord;
use app::App;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Set by the hidden `--panic-at screen` flag: then F12 makes the next frame panic (tests of
/// the crash handling: terminal restored, backtrace in the log, the form kept as a draft).
pub static PANIC_IN_SCREEN: AtomicBool = AtomicBool::new(false);

/// How long the loop waits for a key or an answer before doing periodic work (live
/// refresh, drafts, the elapsed time of a long report).
const TICK: Duration = Duration::from_millis(250);
/// How often others' changes and the clock are looked at.
const REFRESH: Duration = Duration::from_millis(1000);
/// After a signal or a hang-up, the loop has this long to save and leave on its own.
const GRACE: Duration = Duration::from_millis(1000);

/// What the loop shares with the signal and hang-up watchers: why to stop, whether the
/// loop has finished, and the latest draft, so they can save it if the loop cannot.
struct Shared {
    stop: AtomicI32,
    done: AtomicBool,
    draft: Mutex<Option<DraftRecord>>,
    db_path: PathBuf,
}

/// Runs the app until the user quits, a signal arrives or the terminal goes away. Returns
/// the exit code (0, or 128 + the signal number; a hang-up is SIGHUP's 129).
pub fn run(mut app: App) -> anyhow::Result<i32> {
    let shared = Arc::new(Shared {
        stop: AtomicI32::new(0),
        done: AtomicBool::new(false),
        draft: Mutex::new(None),
        db_path: app.db.path().to_path_buf(),
    });
    // What the loop waits on: the terminal's events (read on a thread of their own) and
    // the background threads' bell, rung when an answer is in, so that an answer is shown
    // the moment it comes, not at the next look.
    let (inputs_tx, inputs) = channel();
    let bell = inputs_tx.clone();
    // Reports, callback planning and the tabs' loads run off this thread from here on.
    app.start_background_ringing(background::Bell::new(move || {
        let _ = bell.send(Input::Rang);
    }));
    watch_signals(shared.clone())?;
    watch_hangup(shared.clone());
    // On a panic: restore the terminal (quietly: it may be gone), keep the form in
    // progress as a draft, then log the panic through the hook set in cli::logging.
    // (ratatui::init's own hook would panic again when the terminal is dead.)
    let logged = std::panic::take_hook();
    let on_panic = shared.clone();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
        let _ = ratatui::try_restore();
        save_published_draft(&on_panic);
        logged(info);
    }));
    // Under NO_COLOR crossterm writes an empty colour sequence `ESC[;m`, which terminals read
    // as "reset every attribute": the selection's reverse video would vanish wherever a colour
    // change follows it. The theme sends no colours then, so crossterm may write the plain
    // default-colour sequences.
    crossterm::style::Colored::set_ansi_color_disabled(false);
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(std::io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    let mut terminal = ratatui::Terminal::new(backend::Lean::new(std::io::stdout()))?;
    if let Ok(size) = terminal.size() {
        app.size = (size.width, size.height);
    }
    let _ = crossterm::execute!(std::io::stdout(), EnableBracketedPaste);
    read_terminal(inputs_tx);
    let result = event_loop(&mut app, &mut terminal, &shared, &inputs);
    // Whatever ended the loop, the form in progress is kept.
    app.save_draft_now();
    shared.done.store(true, Ordering::SeqCst);
    let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    let _ = ratatui::try_restore();
    app.close();
    let sig = shared.stop.load(Ordering::SeqCst);
    if sig > 0 {
        tracing::info!(signal = sig, "left on a signal or hang-up");
        return Ok(128 + sig);
    }
    result?;
    Ok(0)
}

/// What wakes the loop: a terminal event, the background threads' bell, or the terminal
/// that can no longer be read.
enum Input {
    Event(Event),
    Rang,
    Failed(std::io::Error),
}

/// Reads the terminal's events on a thread of their own, for the loop to wait on together
/// with the bell. Only this thread reads the terminal's input (`crossterm::event::read`
/// holds crossterm's reader while it waits): nothing on the loop's side may poll it, nor
/// ask the terminal for the cursor's position (`backend::Lean` answers that itself).
fn read_terminal(inputs: Sender<Input>) {
    let spawned = std::thread::Builder::new()
        .name("terminal-input".into())
        .spawn(move || {
            loop {
                let input = match event::read() {
                    Ok(ev) => Input::Event(ev),
                    Err(e) => Input::Failed(e),
                };
                let failed = matches!(input, Input::Failed(_));
                if inputs.send(input).is_err() || failed {
                    return;
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!("terminal input thread: {e}");
    }
}

fn event_loop(
    app: &mut App,
    terminal: &mut ratatui::Terminal<backend::Lean<std::io::Stdout>>,
    shared: &Shared,
    inputs: &Receiver<Input>,
) -> anyhow::Result<()> {
    let mut dirty = true;
    let mut last_refresh = Instant::now();
    let mut last_input = Instant::now();
    let mut published: Option<String> = None;
    let mut panic_now = false;
    loop {
        if shared.stop.load(Ordering::SeqCst) != 0 || app.quit {
            return Ok(());
        }
        if dirty {
            terminal.draw(|f| {
                shell::render(app, f);
                if panic_now {
                    panic!("--panic-at screen: a panic while drawing, on purpose");
                }
            })?;
            // The whole-file check waits for the first frame, then runs at low priority.
            app.db.start_background_check();
            dirty = false;
        }
        // A key or an answer wakes the loop at once; while what the first frame left for
        // later loads, only look whether one waits.
        let wait = if app.deferring() {
            Duration::ZERO
        } else {
            TICK
        };
        let input = match inputs.recv_timeout(wait) {
            Ok(input) => Some(input),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => anyhow::bail!("the terminal's input stopped"),
        };
        match input {
            // Nothing waits: the next piece of the deferred load (the complaint deadlines,
            // the callback queue), drawn when it is in.
            None => dirty |= app.load_deferred_step(),
            // An answer is in: `pump` below takes it.
            Some(Input::Rang) => {}
            Some(Input::Failed(e)) => return Err(e.into()),
            Some(Input::Event(ev)) => {
                if let Event::Key(k) = &ev
                    && k.code == crossterm::event::KeyCode::F(12)
                    && PANIC_IN_SCREEN.load(Ordering::SeqCst)
                {
                    panic_now = true;
                }
                if matches!(ev, Event::Key(_) | Event::Paste(_)) {
                    last_input = Instant::now();
                }
                app.on_event(ev);
                dirty = true;
            }
        }
        if app.pump() {
            dirty = true;
        }
        if let Some(text) = app.clipboard.take() {
            // OSC 52: the terminal (also at the far end of SSH) puts it on the clipboard.
            let _ = crossterm::execute!(
                std::io::stdout(),
                crossterm::clipboard::CopyToClipboard::to_clipboard_from(text)
            );
        }
        // Publish the draft for the watchers, and save it once typing pauses.
        let record = app.draft_record();
        let body = record.as_ref().map(|r| r.body.clone());
        if body != published {
            published = body;
            if let Ok(mut d) = shared.draft.lock() {
                *d = record;
            }
        }
        app.autosave(last_input);
        if last_refresh.elapsed() >= REFRESH {
            last_refresh = Instant::now();
            // The clock in the status bar moves; others' changes appear.
            app.tick();
            dirty = true;
        }
    }
}

/// Stops the process when the loop cannot (e.g. it hangs reading a dead terminal): saves
/// the published draft through a connection of its own, restores what it can, exits.
fn force_exit(shared: &Shared, sig: i32) -> ! {
    save_published_draft(shared);
    let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    // The terminal may be gone: restoring must not print or panic.
    let _ = ratatui::try_restore();
    std::process::exit(128 + sig);
}

/// Saves the draft the loop last published, through a connection of its own (the loop's
/// may be stuck, or unwinding).
fn save_published_draft(shared: &Shared) {
    let draft = shared.draft.lock().ok().and_then(|d| d.clone());
    if let Some(d) = draft
        && let Ok(mut db) = crate::store::Db::open_checking_in_background(&shared.db_path)
        && let Err(e) = crate::store::drafts::save(&mut db, &d)
    {
        tracing::error!(
            "final draft save failed: {}",
            e.message(crate::i18n::Lang::En)
        );
    }
}

fn stop_and_wait(shared: &Shared, sig: i32) {
    shared.stop.store(sig, Ordering::SeqCst);
    let deadline = Instant::now() + GRACE;
    while Instant::now() < deadline {
        if shared.done.load(Ordering::SeqCst) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    if !shared.done.load(Ordering::SeqCst) {
        force_exit(shared, sig);
    }
}

/// SIGTERM, SIGHUP, SIGINT, SIGQUIT: the loop saves the draft and restores the terminal.
fn watch_signals(shared: Arc<Shared>) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                if sig == SIGHUP {
                    // The terminal is gone: the loop may be stuck reading it; leave
                    // now, saving the draft it published.
                    shared.stop.store(sig, Ordering::SeqCst);
                    force_exit(&shared, sig);
                }
                stop_and_wait(&shared, sig);
            }
        })?;
    Ok(())
}

/// The terminal may vanish without a signal (not the controlling terminal, or an SSH
/// client killed): poll standard input for a hang-up. `poll` with no events asked still
/// reports POLLHUP/POLLERR/POLLNVAL, so this thread sleeps in the kernel, using no CPU.
fn watch_hangup(shared: Arc<Shared>) {
    let _ = std::thread::Builder::new()
        .name("hangup".into())
        .spawn(move || {
            loop {
                let mut fds = libc::pollfd {
                    fd: libc::STDIN_FILENO,
                    events: 0,
                    revents: 0,
                };
                // SAFETY: one valid pollfd, count 1; poll does not keep the pointer.
                let n = unsafe { libc::poll(&mut fds, 1, 500) };
                if shared.done.load(Ordering::SeqCst) {
                    return;
                }
                let gone = libc::POLLHUP | libc::POLLERR | libc::POLLNVAL;
                if n > 0 && fds.revents & gone != 0 {
                    tracing::info!("terminal hung up");
                    shared.stop.store(libc::SIGHUP, Ordering::SeqCst);
                    force_exit(&shared, libc::SIGHUP);
                }
            }
        });
}
