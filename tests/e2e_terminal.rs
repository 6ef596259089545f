//! End to end in a pseudo-terminal: what the terminal itself receives in the reduced modes
//! and when things go wrong.

mod support;

use std::time::Duration;
use support::{Pty, env, run};

fn demo(home: &std::path::Path) -> std::path::PathBuf {
    let db = home.join("store.sqlite3");
    let (code, out, err) = run(
        &[
            "--db",
            db.to_str().unwrap(),
            "demo",
            "--customers",
            "200",
            "--seed",
            "2",
        ],
        &env(home),
    );
    assert_eq!(code, 0, "demo failed: {out}{err}");
    db
}

/// Under NO_COLOR the selected row is drawn in reverse video on the real terminal and no
/// colour is sent. (crossterm writes `ESC[;m` for a colour under NO_COLOR, which resets
/// every attribute: the reverse video vanished after the first colour change.)
#[test]
fn no_color_keeps_the_selection_in_reverse_video_on_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let db = demo(home.path());
    let mut e = env(home.path());
    e.push(("NO_COLOR".into(), "1".into()));
    let mut app = Pty::spawn(
        &[
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "en",
            "--agent",
            "1002",
        ],
        &e,
        80,
        24,
    );
    app.expect("Customer archive");
    app.send("\x1b"); // leave the search field: the list has the focus
    app.send("\x1b[B"); // down: a row is selected
    std::thread::sleep(Duration::from_millis(300));
    let (reversed_rows, coloured) = app.with_screen(|s| {
        let (rows, cols) = s.size();
        let mut reversed = Vec::new();
        let mut coloured = Vec::new();
        for y in 0..rows.get() {
            let mut n = 0;
            for x in 0..cols.get() {
                let Some(c) = s.cell(y, x) else { continue };
                if c.inverse() && !c.contents().trim().is_empty() {
                    n += 1;
                }
                if c.fgcolor() != vt100::Color::Default || c.bgcolor() != vt100::Color::Default {
                    coloured.push((y, x));
                }
            }
            if n > 10 {
                reversed.push(y);
            }
        }
        (reversed, coloured)
    });
    // The active tab, the selected row and the status bar are in reverse video.
    assert!(
        reversed_rows.iter().any(|&y| y > 2 && y < 23),
        "no selected row in reverse video: rows {reversed_rows:?}\n{}",
        app.screen()
    );
    assert!(
        coloured.is_empty(),
        "colour sent under NO_COLOR: {coloured:?}"
    );
    let raw = app.raw_output();
    assert!(
        !raw.windows(4).any(|w| w == b"\x1b[;m"),
        "an empty colour sequence (a full attribute reset) was sent"
    );
    app.send("\x11");
    app.wait_exit(Duration::from_secs(5));
}
