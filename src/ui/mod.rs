//! The terminal UI: one ratatui app with tabbed screens.

pub mod action;
pub mod app;
mod app_calls;
pub mod keymap;
pub mod screens;
pub mod shell;
pub mod theme;
pub mod widgets;

use app::App;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

/// How long the loop waits for a key before doing periodic work (live refresh, clock).
const TICK: Duration = Duration::from_millis(500);
/// After a signal, the loop has this long to restore the terminal and leave on its own.
const SIGNAL_GRACE: Duration = Duration::from_millis(1500);

/// Runs the app until the user quits or a signal arrives. Returns the exit code
/// (0, or 128 + the signal number).
pub fn run(mut app: App) -> anyhow::Result<i32> {
    let signal = Arc::new(AtomicI32::new(0));
    watch_signals(signal.clone())?;
    let mut terminal = ratatui::init();
    if let Ok(size) = terminal.size() {
        app.size = (size.width, size.height);
    }
    let _ = crossterm::execute!(std::io::stdout(), EnableBracketedPaste);
    let result = event_loop(&mut app, &mut terminal, &signal);
    let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result?;
    let sig = signal.load(Ordering::SeqCst);
    Ok(if sig > 0 { 128 + sig } else { 0 })
}

fn event_loop(
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    signal: &AtomicI32,
) -> anyhow::Result<()> {
    let mut dirty = true;
    let mut last_tick = Instant::now();
    loop {
        if signal.load(Ordering::SeqCst) != 0 || app.quit {
            return Ok(());
        }
        if dirty {
            terminal.draw(|f| shell::render(app, f))?;
            dirty = false;
        }
        if event::poll(TICK)? {
            app.on_event(event::read()?);
            dirty = true;
        }
        if let Some(text) = app.clipboard.take() {
            // OSC 52: the terminal (also at the far end of SSH) puts it on the clipboard.
            let _ = crossterm::execute!(
                std::io::stdout(),
                crossterm::clipboard::CopyToClipboard::to_clipboard_from(text)
            );
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            // Redraw each tick: the clock in the status bar moves, others' changes appear.
            app.tick();
            dirty = true;
        }
    }
}

/// SIGTERM, SIGHUP, SIGINT, SIGQUIT ask the loop to finish (restoring the terminal). If it
/// cannot within the grace period (say the terminal is gone and a read hangs), the process
/// restores what it can and exits itself.
fn watch_signals(flag: Arc<AtomicI32>) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                tracing::info!(signal = sig, "signal received, leaving");
                flag.store(sig, Ordering::SeqCst);
                std::thread::sleep(SIGNAL_GRACE);
                let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
                ratatui::restore();
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}
