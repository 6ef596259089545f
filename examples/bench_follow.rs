//! What another agent's save costs the app's own thread: the refresh tick that finds the
//! store changed (every open list and page follows it) timed in the app, for comparing two
//! builds on the same store.
//!
//!     cargo run --release -- demo --db /tmp/big.sqlite3 --customers 100000 --seed 1
//!     cargo run --release --example bench_follow -- /tmp/big.sqlite3 [ROUNDS]
//!
//! The app (agent 1001, English, the loads and report threads started, as the terminal
//! runs it) works on a copy of the store at 2026-11-23 09:30 Shanghai time. Each round
//! another connection writes a row in a table of the bench's own, then `App::tick` is
//! timed: what the app's thread spends before the next key can be read ("tick"); then the
//! answers of the loads thread are pumped in until none is awaited ("all in", from the
//! tick's start). Two scenes: the Customers list searching "138" (a search that counts
//! its matches), and a customer's archive open; in both the Calls list and the
//! Appointments day follow too. Every 30th tick also escalates, counts and marks
//! no-shows (the first round is one). Prints min / median / max per scene.

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::{Db, agents};
use frontdesk::ui::app::App;
use std::time::{Duration, Instant};

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Pumps answers in until none is awaited (bounded).
fn pump_all(app: &mut App) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while app.waiting() && Instant::now() < deadline {
        app.pump();
        std::thread::sleep(Duration::from_micros(200));
    }
    app.pump();
}

fn spread(mut v: Vec<f64>) -> String {
    v.sort_by(f64::total_cmp);
    format!(
        "{:8.1} /{:8.1} /{:8.1}",
        v[0],
        v[v.len() / 2],
        v[v.len() - 1]
    )
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(db) = args.next() else {
        eprintln!("usage: bench_follow DB [ROUNDS]");
        return;
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    let home = tempfile::tempdir().expect("a folder");
    let copy = home.path().join("store.sqlite3");
    std::fs::copy(&db, &copy).expect("copy the store");
    let tz = chrono_tz::Asia::Shanghai;
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    println!("{db}: {rounds} rounds per scene; ms, min / median / max");
    println!("{:34} {:>28}  {:>28}", "scene", "tick", "all in");
    for scene in ["customers: search \"138\"", "customers: an archive open"] {
        let app_db = Db::open(&copy).expect("the app's store");
        let agent = agents::by_emp_no(&app_db, "1001")
            .expect("agents")
            .expect("1001");
        let settings = Settings::with_db(copy.clone(), Lang::En);
        let mut app = App::new(app_db, Clock::fixed(tz, now), settings, Some(agent));
        app.start_background();
        app.load_deferred();
        pump_all(&mut app);
        key(&mut app, KeyCode::Char('s'));
        for c in "138".chars() {
            key(&mut app, KeyCode::Char(c));
        }
        if scene.ends_with("open") {
            key(&mut app, KeyCode::Esc);
            key(&mut app, KeyCode::Enter);
        }
        pump_all(&mut app);
        let other = rusqlite::Connection::open(&copy).expect("another desk");
        other
            .busy_timeout(Duration::from_secs(5))
            .expect("busy timeout");
        other
            .execute_batch("CREATE TABLE IF NOT EXISTS bench_noise(n INTEGER)")
            .expect("the bench's table");
        let (mut tick, mut all) = (Vec::new(), Vec::new());
        for n in 0..rounds {
            other
                .execute("INSERT INTO bench_noise VALUES (?1)", [n as i64])
                .expect("a write");
            let at = Instant::now();
            let moved = app.tick();
            tick.push(at.elapsed().as_secs_f64() * 1e3);
            assert!(moved, "the tick sees the other desk's write");
            pump_all(&mut app);
            all.push(at.elapsed().as_secs_f64() * 1e3);
        }
        println!("{scene:34} {}  {}", spread(tick), spread(all));
        app.close();
    }
}
