//! Key-to-screen latency of the real binary in a pseudo-terminal (80x24, English), on the
//! Reports tab and on the other tabs' first screens, rerunnable by anyone:
//!
//!     cargo run --release -- demo --db /tmp/big.sqlite3 --customers 100000 --seed 1
//!     cargo build --release --examples
//!     target/release/examples/bench_keys target/release/frontdesk /tmp/big.sqlite3 [RUNS] [reports|tabs|desk|start|follow]
//!
//! The app runs on a copy of the store in a temporary folder (it writes: callback planning,
//! escalations, the audit record of an export).
//!
//! A reader thread parses everything the app writes (vt100) and notes the moment each
//! chunk changes the screen, colours included (a cursor bar is a colour). Each key is sent
//! on a quiet screen; "answered" is the first change after it, "done" the last change
//! before the screen stays quiet with no "Computing…"/"Counting…" on it. Over RUNS rounds
//! (default 5) it prints min / median / max of both per key, with the load average
//! before and after. One frame is 50 ms: a key is answered within it, or it waits.
//!
//! Reports: every page in turn (→), then on customer groups the cars of the first brand
//! (Enter, Esc), and on loyalty the periods (y, m, [, ], t), a row (↓) and its customers
//! (Enter, e to export them, Esc), and the table's export (x). Tabs: every other tab's
//! keys that move, filter or load (see `tabs`), and the tab keys themselves. A key that
//! changes nothing on screen is listed apart, not timed. Start: a fresh app each round, and the Calls tab
//! key (`1`) sent the moment the first frame is on screen, while the app still loads what
//! that frame left for later; "answered" is when the Calls list is on screen. Desk: every
//! page of the Desk tab in turn (→, named by its page-bar name), and on each page the
//! cursor (↓) and `Home`; "done" is when the page's list is on screen with no "Loading…".
//! Follow: another desk writes to the store every 100 ms (a row in a table of its own, so
//! nothing on screen changes), so every refresh tick (1 s) finds the store changed and
//! every open list and page follows it; meanwhile the cursor keys of the Calls list, the
//! Customers list and the Appointments day are timed (a key that comes while the app's
//! thread reads what follows the store waits for it).

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The screen as last drawn, and the moments it changed.
#[derive(Default)]
struct Seen {
    screen: String,
    changes: Vec<Instant>,
}

struct Term {
    seen: Arc<Mutex<Seen>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

/// Screen quiet this long after a key: the key's work is done.
const QUIET: Duration = Duration::from_millis(400);

fn busy(s: &str) -> bool {
    s.contains("Computing") || s.contains("Counting") || s.contains("Loading…")
}

impl Term {
    fn spawn(bin: &str, db: &str, home: &std::path::Path) -> Term {
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
        cmd.env_clear();
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("FRONTDESK_SITE_CONFIG", home.join("none.toml"));
        cmd.env("FRONTDESK_NOW", "2026-11-23T09:30:00");
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let seen = Arc::new(Mutex::new(Seen::default()));
        let s = seen.clone();
        std::thread::spawn(move || {
            let size = |n| std::num::NonZeroU16::new(n).expect("size");
            let mut parser = vt100::Parser::new(size(24), size(80), 0);
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let at = Instant::now();
                parser.process(&buf[..n]);
                let now = parser.screen().contents_formatted();
                let mut seen = s.lock().expect("seen");
                if now != seen.screen {
                    seen.screen = now;
                    seen.changes.push(at);
                }
            }
        });
        Term {
            seen,
            writer,
            child,
            _master: pair.master,
        }
    }

    /// The screen's text, without colours.
    fn text(&self) -> String {
        let seen = self.seen.lock().expect("seen");
        let size = |n| std::num::NonZeroU16::new(n).expect("size");
        let mut p = vt100::Parser::new(size(24), size(80), 0);
        p.process(seen.screen.as_bytes());
        p.screen().contents()
    }

    fn send(&mut self, s: &str) -> Instant {
        self.writer.write_all(s.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
        Instant::now()
    }

    /// Waits until the screen has been quiet for `QUIET` and shows no computation, then
    /// gives the first and the last change after `at` (None: the key changed nothing).
    fn settle(&self, at: Instant, what: &str) -> Option<(Duration, Duration)> {
        let deadline = at + Duration::from_secs(120);
        loop {
            std::thread::sleep(Duration::from_millis(5));
            let (last, quiet) = {
                let seen = self.seen.lock().expect("seen");
                let last = seen.changes.last().copied().unwrap_or(at);
                (last, last.elapsed() >= QUIET && at.elapsed() >= QUIET)
            };
            if quiet && !busy(&self.text()) {
                let seen = self.seen.lock().expect("seen");
                let first = seen.changes.iter().find(|t| **t >= at)?;
                return Some((*first - at, last.max(at) - at));
            }
            assert!(
                Instant::now() < deadline,
                "never settled: {what}\n{}",
                self.text()
            );
        }
    }

    /// Waits for the screen's first change after `at` (a key that must change it, however
    /// long its work holds up the app).
    fn changed_after(&self, at: Instant, what: &str) {
        let deadline = at + Duration::from_secs(120);
        while !self
            .seen
            .lock()
            .expect("seen")
            .changes
            .iter()
            .any(|t| *t >= at)
        {
            assert!(Instant::now() < deadline, "never changed: {what}");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Sends `keys` and waits for the screen to show `want`, untimed (getting somewhere).
    fn go(&mut self, keys: &str, want: &str) {
        let at = self.send(keys);
        let deadline = at + Duration::from_secs(120);
        while !self.text().contains(want) || busy(&self.text()) {
            assert!(Instant::now() < deadline, "never: {want}\n{}", self.text());
            std::thread::sleep(Duration::from_millis(20));
        }
        self.settle(at, want);
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = self.send("q");
        std::thread::sleep(Duration::from_millis(300));
        let _ = self.child.kill();
    }
}

/// Per key label: (answered, done) in ms, in the order first timed.
#[derive(Default)]
struct Figures {
    order: Vec<String>,
    /// Keys sent that changed nothing on screen.
    unchanged: Vec<String>,
    by: BTreeMap<String, Vec<(f64, f64)>>,
}

impl Figures {
    /// Times one key: sent on a quiet screen, until it is quiet again.
    fn time(&mut self, t: &mut Term, label: &str, key: &str) {
        self.time_with(t, label, key, false);
    }

    /// Times a key that always changes the screen (to another page): its first change may
    /// come after a long quiet while the app works.
    fn time_change(&mut self, t: &mut Term, label: &str, key: &str) {
        self.time_with(t, label, key, true);
    }

    fn time_with(&mut self, t: &mut Term, label: &str, key: &str, changes: bool) {
        t.settle(Instant::now(), "before the key");
        let at = t.send(key);
        if changes {
            t.changed_after(at, label);
        }
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let Some((first, last)) = t.settle(at, label) else {
            // A key with nothing to change (a cursor at the list's end): not a figure.
            self.unchanged.push(label.to_string());
            return;
        };
        if !self.by.contains_key(label) {
            self.order.push(label.to_string());
        }
        self.by
            .entry(label.to_string())
            .or_default()
            .push((ms(first), ms(last)));
    }

    fn print(&self) {
        let spread = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            format!(
                "{:7.1} /{:7.1} /{:7.1}",
                v[0],
                v[v.len() / 2],
                v[v.len() - 1]
            )
        };
        println!(
            "{:38} {:>24}  {:>24}  n   over 50 ms",
            "key", "answered min/med/max ms", "done min/med/max ms"
        );
        for label in &self.order {
            let v = &self.by[label];
            let over = v.iter().filter(|p| p.0 >= 50.0).count();
            println!(
                "{label:38} {}  {}  {:<3} {over}",
                spread(v.iter().map(|p| p.0).collect()),
                spread(v.iter().map(|p| p.1).collect()),
                v.len(),
            );
        }
        if !self.unchanged.is_empty() {
            println!("changed nothing on screen: {:?}", self.unchanged);
        }
    }
}

const RIGHT: &str = "\x1b[C";
const DOWN: &str = "\x1b[B";

/// The Reports tab: every page, the drill-downs and the period keys.
fn reports(t: &mut Term, f: &mut Figures, runs: usize) {
    t.go("\x1b", "Customer");
    t.go("6", "Today");
    let pages = [
        "calls by template",
        "agents",
        "callbacks",
        "complaint statistics",
        "complaints",
        "appointments",
        "customer groups",
        "loyalty",
        "churn",
        "hand-over",
        "improvements",
        "KPI",
        "quality",
        "the board",
    ];
    for _ in 0..runs {
        for p in pages {
            f.time(t, &format!("→ to {p}"), RIGHT);
        }
    }
    // Customer groups (7 pages on): the first row is the biggest brand.
    for _ in 0..7 {
        t.go(RIGHT, "·");
    }
    assert!(t.text().contains("Customer groups"), "{}", t.text());
    for _ in 0..runs {
        f.time(t, "groups: Enter (cars of a brand)", "\r");
        f.time(t, "groups: Esc (back)", "\x1b");
    }
    t.go(RIGHT, "Loyalty");
    for _ in 0..runs {
        f.time(t, "loyalty: y (year)", "y");
        f.time(t, "loyalty: [ (last year)", "[");
        f.time(t, "loyalty: ] (this year)", "]");
        f.time(t, "loyalty: m (month)", "m");
        f.time(t, "loyalty: ↓ (row)", DOWN);
        f.time(t, "loyalty: Enter (customers of a row)", "\r");
        f.time(t, "loyalty: e (export the customers)", "e");
        f.time(t, "loyalty: Esc (back)", "\x1b");
        f.time(t, "loyalty: x (export the table, XLSX)", "x");
        f.time(t, "loyalty: t (this period)", "t");
    }
}

/// The keys `tabs` times in each round before the Customers search: label, key, how often.
const TAB_KEYS: &[(&str, &str, usize)] = &[
    ("1 (Calls tab)", "1", 1),
    ("calls: ↓ (cursor)", DOWN, 3),
    ("calls: [ (previous day)", "[", 1),
    ("calls: t (today)", "t", 1),
    ("2 (Appointments tab)", "2", 1),
    ("appointments: ] (next day)", "]", 1),
    ("appointments: [ (previous day)", "[", 1),
    ("appointments: f (next view)", "f", 4),
    ("3 (Callbacks tab)", "3", 1),
    ("callbacks: ↓ (cursor)", DOWN, 3),
    ("callbacks: f (filter by kind)", "f", 2),
    ("callbacks: p (all / pool / mine)", "p", 1),
    ("callbacks: o (sort)", "o", 1),
    ("callbacks: s (status shown)", "s", 1),
    ("4 (Complaints tab)", "4", 1),
    ("complaints: f (open / escalated / …)", "f", 4),
    ("complaints: ↓ (cursor)", DOWN, 1),
    ("complaints: Enter (a complaint)", "\r", 1),
    ("complaints: Esc (back)", "\x1b", 1),
    ("7 (Desk tab)", "7", 1),
    ("desk: → (next page)", RIGHT, 5),
];

/// Every other tab: the Calls list (cursor, days), Appointments (days, views), Callbacks
/// (cursor, filters: the queue loads on the loads thread), Complaints (filters, a record),
/// Customers search typing, the Desk tab's pages, and the tab keys themselves.
fn tabs(t: &mut Term, f: &mut Figures, runs: usize) {
    // The app opens on the Customers list; a key sent while it still loads what the first
    // frame left for later waits, and an Esc waiting with the next key reads as Alt-key.
    for _ in 0..runs {
        for (label, key, times) in TAB_KEYS {
            for _ in 0..*times {
                f.time(t, label, key);
            }
        }
        f.time(t, "5 (Customers tab)", "5");
        f.time(t, "customers: s (search field)", "s");
        for (i, c) in "1380".chars().enumerate() {
            f.time(
                t,
                &format!("customers: type digit {}", i + 1),
                &c.to_string(),
            );
        }
        f.time(t, "customers: Ctrl-U (clear)", "\x15");
        t.go("\x1b", "Customer");
    }
}

/// The Desk tab: each page in turn, the cursor on it, and back to its top.
fn desk(t: &mut Term, f: &mut Figures, runs: usize) {
    t.go("\x1b", "Customer");
    t.go("7", "page:");
    // The page bar: the names after "page:", the one shown first.
    let text = t.text();
    let bar = text
        .lines()
        .find(|l| l.contains("page:"))
        .unwrap_or_default();
    let names: Vec<String> = bar
        .split_once("page:")
        .map(|(_, r)| r.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    assert!(names.len() > 1, "no page bar: {bar}");
    for _ in 0..runs {
        for i in 1..=names.len() {
            let name = &names[i % names.len()];
            f.time_change(t, &format!("desk: → to {name}"), RIGHT);
            f.time(t, &format!("desk: {name} ↓ (cursor)"), DOWN);
            f.time(t, &format!("desk: {name} ↓ (cursor)"), DOWN);
            f.time(t, &format!("desk: {name} Home"), "\x1b[H");
        }
    }
}

/// The cursor keys `follow` times on each tab: tab key, what shows the tab is on screen, the
/// cursor keys.
const FOLLOW_TABS: &[(&str, &str, &str)] = &[
    ("1", "Calls 2026", "calls"),
    ("5", "Customer", "customers"),
    ("2", "Bookings", "appointments"),
];

/// Cursor keys on the tabs that follow the store, while another desk writes every 100 ms.
fn follow(t: &mut Term, f: &mut Figures, runs: usize) {
    const UP: &str = "\x1b[A";
    for _ in 0..runs {
        for (tab, shows, name) in FOLLOW_TABS {
            t.go("\x1b", "Customer");
            t.go(tab, shows);
            for _ in 0..4 {
                f.time(t, &format!("{name}: ↓ (cursor)"), DOWN);
                f.time(t, &format!("{name}: ↑ (cursor)"), UP);
            }
        }
    }
}

/// Another desk's writes: a row every 100 ms in a table of the bench's own (every refresh
/// tick then finds the store changed, and nothing the app shows changes), until `stop`.
fn writer(db: String, stop: Arc<std::sync::atomic::AtomicBool>) -> std::thread::JoinHandle<u64> {
    std::thread::spawn(move || {
        use std::sync::atomic::Ordering;
        let conn = rusqlite::Connection::open(&db).expect("the writer's connection");
        conn.busy_timeout(Duration::from_secs(5))
            .expect("busy timeout");
        conn.execute_batch("CREATE TABLE IF NOT EXISTS bench_noise(n INTEGER)")
            .expect("the writer's table");
        let mut n = 0u64;
        while !stop.load(Ordering::SeqCst) {
            n += 1;
            conn.execute("INSERT INTO bench_noise VALUES (?1)", [n as i64])
                .expect("a write");
            std::thread::sleep(Duration::from_millis(100));
        }
        n
    })
}

/// A key the moment the first frame is drawn, on a fresh app each round.
fn start(bin: &str, db: &str, home: &std::path::Path, f: &mut Figures, runs: usize) {
    let label = "1 (Calls tab) at the first frame";
    for _ in 0..runs {
        let mut t = Term::spawn(bin, db, home);
        let deadline = Instant::now() + Duration::from_secs(60);
        while !t.text().contains("Customer") {
            assert!(Instant::now() < deadline, "no first frame\n{}", t.text());
            std::thread::sleep(Duration::from_micros(500));
        }
        let at = t.send("1");
        // The title names the weekday too: "Calls 2026-11-23 Mon (today)".
        while !t.text().contains("Calls 2026-11-23 Mon (today)") {
            assert!(Instant::now() < deadline, "no Calls tab\n{}", t.text());
            std::thread::sleep(Duration::from_micros(500));
        }
        let answered = at.elapsed();
        let (_, done) = t.settle(at, label).unwrap_or_default();
        if !f.by.contains_key(label) {
            f.order.push(label.to_string());
        }
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        f.by.entry(label.to_string())
            .or_default()
            .push((ms(answered), ms(done.max(answered))));
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(bin), Some(db)) = (args.next(), args.next()) else {
        eprintln!("usage: bench_keys BIN DB [RUNS] [reports|tabs|desk|start|follow]");
        return;
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let which = args.next().unwrap_or_else(|| "reports".into());
    // The app runs with a cleared environment (no PATH): name it by its full path.
    let bin = std::fs::canonicalize(&bin)
        .expect("binary")
        .to_string_lossy()
        .to_string();
    let home = tempfile::tempdir().expect("home");
    // The app writes (callback planning, escalations, an export's audit record): it runs
    // on a copy of the store, named by its full path (the app starts in another folder).
    let copy = home.path().join("store.sqlite3");
    std::fs::copy(&db, &copy).expect("copy the store");
    let wal = format!("{db}-wal");
    if std::path::Path::new(&wal).exists() {
        std::fs::copy(&wal, home.path().join("store.sqlite3-wal")).expect("copy its -wal");
    }
    let (shown, db) = (db, copy.to_string_lossy().to_string());
    let load = loadavg();
    let mut f = Figures::default();
    if which == "start" {
        start(&bin, &db, home.path(), &mut f, runs);
    } else {
        let mut t = Term::spawn(&bin, &db, home.path());
        t.go("", "Customer");
        match which.as_str() {
            "tabs" => tabs(&mut t, &mut f, runs),
            "desk" => desk(&mut t, &mut f, runs),
            "follow" => {
                let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
                let w = writer(db.clone(), stop.clone());
                follow(&mut t, &mut f, runs);
                stop.store(true, std::sync::atomic::Ordering::SeqCst);
                let n = w.join().expect("the writer");
                println!("another desk wrote {n} times meanwhile");
            }
            _ => reports(&mut t, &mut f, runs),
        }
    }
    println!(
        "{bin} on (a copy of) {shown}: {which}, {runs} rounds; load average {load} before, {} after",
        loadavg()
    );
    f.print();
}
