//! Start-up, the command line and the bytes of a keystroke, measured on the real binary:
//!
//!     frontdesk demo --db /tmp/big.sqlite3 --customers 100000 --seed 1
//!     frontdesk demo --db /tmp/small.sqlite3 --customers 5000 --seed 1
//!     cargo build --release && cargo run --release --example bench_startup -- \
//!         /tmp/big.sqlite3 /tmp/small.sqlite3 [RUNS] [BINARY]
//!
//! BINARY defaults to the `frontdesk` beside this example's folder (target/release). For
//! RUNS rounds (default 5), big and small back to back, it times: the first frame (spawned
//! in an 80x24 pseudo-terminal until the screen's bottom line is drawn), then each
//! command-line call below, then the first call after an app session (the app started,
//! left with `q`, then `frontdesk agents`: whatever the app leaves beside the file, the
//! call pays for). Each figure is printed as min/median/max over the rounds, and as the
//! big store's ratio to the small one's, pair by pair, with the load average before and
//! after (other builds share the machine). Last, the bytes the terminal receives for one
//! cursor move down on the Calls tab. The stores given are not written to: the app (which
//! plans callbacks and escalates) runs on copies of them in a temporary folder.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Read-only calls whose work does not grow with the store (beyond opening it).
const CALLS: &[&[&str]] = &[
    &["--version"],
    &["agents"],
    &["settings", "list"],
    &["complaints", "--overdue"],
    &["appointments", "--date", "2026-11-23"],
    &["templates"],
];

const NOW: &str = "2026-11-23T09:30:00";

struct Running {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    bytes: Arc<Mutex<usize>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

fn spawn(bin: &Path, db: &Path, home: &Path) -> Running {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(bin);
    cmd.args([
        "--db",
        &db.to_string_lossy(),
        "--agent",
        "1001",
        "--lang",
        "zh",
    ]);
    cmd.env_clear();
    cmd.env("HOME", home);
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd.env("XDG_DATA_HOME", home.join("data"));
    cmd.env("FRONTDESK_SITE_CONFIG", home.join("none.toml"));
    cmd.env("FRONTDESK_NOW", NOW);
    cmd.env("TERM", "xterm-256color");
    let child = pair.slave.spawn_command(cmd).expect("spawn");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let size = |n| std::num::NonZeroU16::new(n).expect("size");
    let screen = Arc::new(Mutex::new(vt100::Parser::new(size(24), size(80), 0)));
    let bytes = Arc::new(Mutex::new(0));
    let (s, b) = (screen.clone(), bytes.clone());
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            s.lock().expect("screen").process(&buf[..n]);
            *b.lock().expect("bytes") += n;
        }
    });
    Running {
        child,
        writer: pair.master.take_writer().expect("writer"),
        screen,
        bytes,
        _master: pair.master,
    }
}

impl Running {
    fn bottom_drawn(&self) -> bool {
        let p = self.screen.lock().expect("screen");
        p.screen()
            .rows(0, 80)
            .nth(23)
            .is_some_and(|r| !r.trim().is_empty())
    }

    fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Waits until no byte has arrived for `quiet`; returns the bytes so far.
    fn settle(&self, quiet: Duration) -> usize {
        let mut last = *self.bytes.lock().expect("bytes");
        let mut since = Instant::now();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
            let now = *self.bytes.lock().expect("bytes");
            if now != last {
                (last, since) = (now, Instant::now());
            } else if since.elapsed() >= quiet {
                break;
            }
        }
        last
    }

    fn quit(mut self) {
        self.send("q");
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
    }
}

/// Spawn to the first full frame.
fn first_frame(bin: &Path, db: &Path, home: &Path) -> Duration {
    let t = Instant::now();
    let app = spawn(bin, db, home);
    while !app.bottom_drawn() {
        assert!(t.elapsed() < Duration::from_secs(30), "no first frame");
        std::thread::sleep(Duration::from_micros(500));
    }
    let d = t.elapsed();
    app.settle(Duration::from_millis(200));
    app.quit();
    d
}

/// The bytes one cursor move down on the Calls tab writes.
fn cursor_move_bytes(bin: &Path, db: &Path, home: &Path) -> usize {
    let mut app = spawn(bin, db, home);
    app.settle(Duration::from_millis(500));
    app.send("1");
    let before = app.settle(Duration::from_millis(300));
    app.send("\x1b[B");
    let after = app.settle(Duration::from_millis(300));
    app.quit();
    after - before
}

fn cli(bin: &Path, db: &Path, home: &Path, args: &[&str]) -> Duration {
    let t = Instant::now();
    let out = std::process::Command::new(bin)
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("FRONTDESK_SITE_CONFIG", home.join("none.toml"))
        .env("FRONTDESK_NOW", NOW)
        .output()
        .expect("run");
    let d = t.elapsed();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    d
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// "min / median / max" of a figure.
fn spread(mut v: Vec<f64>) -> String {
    v.sort_by(f64::total_cmp);
    format!(
        "{:.2} / {:.2} / {:.2}",
        v[0],
        v[v.len() / 2],
        v[v.len() - 1]
    )
}

fn report(name: &str, pairs: &[(Duration, Duration)]) {
    let big = pairs.iter().map(|p| ms(p.0)).collect();
    let small = pairs.iter().map(|p| ms(p.1)).collect();
    let ratio = pairs.iter().map(|p| ms(p.0) / ms(p.1)).collect();
    println!(
        "{name:40} big {} ms | small {} ms | big/small {}",
        spread(big),
        spread(small),
        spread(ratio)
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(big), Some(small)) = (args.next(), args.next()) else {
        eprintln!("usage: bench_startup BIG.sqlite3 SMALL.sqlite3 [RUNS] [BINARY]");
        return;
    };
    let (big, small) = (PathBuf::from(big), PathBuf::from(small));
    let runs: usize = args.next().map_or(5, |s| s.parse().expect("runs"));
    let bin = args.next().map(PathBuf::from).unwrap_or_else(|| {
        let exe = std::env::current_exe().expect("exe");
        exe.parent()
            .and_then(Path::parent)
            .expect("target dir")
            .join("frontdesk")
    });
    // The app runs with a cleared environment (no PATH): name it by its full path.
    let bin = bin.canonicalize().expect("binary");
    let home = tempfile::tempdir().expect("home");
    // The app writes (callback planning, escalations): it runs on copies of the stores,
    // named by their full paths (the app in the terminal starts in another folder).
    let copy = |from: &Path, name: &str| {
        let to = home.path().join(name);
        std::fs::copy(from, &to).expect("copy the store");
        let wal = PathBuf::from(format!("{}-wal", from.display()));
        if wal.exists() {
            std::fs::copy(&wal, home.path().join(format!("{name}-wal"))).expect("copy its -wal");
        }
        to
    };
    let (big_copy, small_copy) = (copy(&big, "big.sqlite3"), copy(&small, "small.sqlite3"));
    println!(
        "binary {}; {runs} rounds, big {} vs small {}; load average {}",
        bin.display(),
        big.display(),
        small.display(),
        loadavg()
    );
    let (big, small) = (big_copy, small_copy);
    // Warm the page cache and any first-open work (a migration) once.
    for db in [&big, &small] {
        cli(&bin, db, home.path(), &["agents"]);
        first_frame(&bin, db, home.path());
    }
    let mut frames = Vec::new();
    for _ in 0..runs {
        let b = first_frame(&bin, &big, home.path());
        let s = first_frame(&bin, &small, home.path());
        frames.push((b, s));
    }
    report("first frame (pty)", &frames);
    for call in CALLS {
        let pairs: Vec<_> = (0..runs)
            .map(|_| {
                (
                    cli(&bin, &big, home.path(), call),
                    cli(&bin, &small, home.path(), call),
                )
            })
            .collect();
        report(&format!("frontdesk {}", call.join(" ")), &pairs);
    }
    let after_app = |db: &Path| {
        let app = spawn(&bin, db, home.path());
        while !app.bottom_drawn() {
            std::thread::sleep(Duration::from_millis(1));
        }
        app.settle(Duration::from_millis(300));
        app.quit();
        cli(&bin, db, home.path(), &["agents"])
    };
    let pairs: Vec<_> = (0..runs)
        .map(|_| (after_app(&big), after_app(&small)))
        .collect();
    report("frontdesk agents, after an app session", &pairs);
    let bytes: Vec<_> = (0..runs.min(3))
        .map(|_| cursor_move_bytes(&bin, &big, home.path()))
        .collect();
    println!("cursor move down on the Calls tab: {bytes:?} bytes to the terminal");
    println!("load average after: {}", loadavg());
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
