//! Key-to-screen latency on the Reports tab, measured by driving the real binary in a
//! pseudo-terminal (80x24, English), rerunnable by anyone:
//!
//!     cargo run --release -- demo --db /tmp/big.sqlite3 --customers 100000 --seed 1
//!     cargo run --release --example bench_report_keys -- target/release/frontdesk /tmp/big.sqlite3 7
//!
//! Pages to the loyalty report (a month), then RUNS times: presses `y` (the year) and
//! times until the screen first answers the key (the title names the year, or the
//! "Computing…" line shows) and until the year's figures are shown; `m` goes back to the
//! month between runs. Prints min / median / max of both, in milliseconds. Give it an
//! older binary to compare (a binary that computes on its UI thread answers only with
//! the figures).

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Term {
    fn spawn(bin: &str, db: &str) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(bin);
        for a in ["--db", db, "--lang", "en", "--agent", "1001"] {
            cmd.arg(a);
        }
        cmd.env("FRONTDESK_NOW", "2026-11-23T09:30:00");
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(24).expect("rows"),
            std::num::NonZeroU16::new(80).expect("cols"),
            0,
        )));
        let p = parser.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().expect("parser").process(&buf[..n]);
            }
        });
        Term {
            parser,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    fn send(&mut self, s: &str) -> Instant {
        self.writer.write_all(s.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
        Instant::now()
    }

    /// Polls the screen (every 0.5 ms) until `done`; the time it held first.
    fn until(&self, what: &str, done: impl Fn(&str) -> bool) -> Instant {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let s = self.screen();
            if done(&s) {
                return Instant::now();
            }
            assert!(Instant::now() < deadline, "never: {what}\n{s}");
            std::thread::sleep(Duration::from_micros(500));
        }
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn settled(s: &str, period: &str) -> bool {
    s.contains(&format!("Loyalty · {period}"))
        && !s.contains("Computing")
        && !s.contains("Counting")
}

fn stats(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(|a, b| a.total_cmp(b));
    let med = ms[ms.len() / 2];
    println!(
        "{name:<28} min {:>8.1}  median {:>8.1}  max {:>8.1} ms  (n={})",
        ms[0],
        med,
        ms[ms.len() - 1],
        ms.len()
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(bin), Some(db)) = (args.next(), args.next()) else {
        eprintln!("usage: bench_report_keys BIN DB [RUNS]");
        return;
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(7);
    let mut t = Term::spawn(&bin, &db);
    t.until("the first screen", |s| s.contains("Customer"));
    t.send("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    t.send("6");
    t.until("the board", |s| s.contains("Today"));
    // Eight pages on: the loyalty report, each page computed before the next key.
    for _ in 0..8 {
        t.send("\x1b[C");
        std::thread::sleep(Duration::from_millis(100));
        t.until("a report", |s| {
            !s.contains("Computing") && !s.contains("Counting")
        });
    }
    t.until("the month's loyalty report", |s| settled(s, "month"));
    let (mut answer, mut shown) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let before = t.screen();
        let at = t.send("y");
        let first = t.until("an answer to y", |s| {
            s != before && s.contains("Loyalty · year")
        });
        let done = t.until("the year's figures", |s| settled(s, "year"));
        answer.push((first - at).as_secs_f64() * 1000.0);
        shown.push((done - at).as_secs_f64() * 1000.0);
        t.send("m");
        t.until("the month again", |s| settled(s, "month"));
        std::thread::sleep(Duration::from_millis(300));
    }
    println!("{bin} on {db}: loyalty report, month -> year (`y`)");
    stats("key answered on screen", answer);
    stats("year's figures on screen", shown);
}
