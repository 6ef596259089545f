//! Speed at scale, rerunnable by anyone:
//!
//!     cargo run --release --example bench -- [DB] [CUSTOMERS]
//!
//! Makes a demo store of CUSTOMERS (default 100,000) at DB (default
//! /tmp/frontdesk-bench.sqlite3) if it does not exist, then measures, in this process:
//! opening the store and drawing the first frame, and per keystroke the search and the
//! redraw (on ratatui's TestBackend at 80x24), for queries typed one character at a time
//! (plates, pinyin initials, full pinyin, mixed pinyin, names, phone digits, VIN pieces,
//! dates). Prints
//! medians, 95th percentiles and the worst, and the resident memory.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::{Actor, Db, agents};
use frontdesk::ui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn rss_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "/tmp/frontdesk-bench.sqlite3".into()),
    );
    let n: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(100_000);
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse()?;
    let clock = Clock::system(tz);
    if !path.exists() {
        let t = Instant::now();
        let mut db = Db::open(&path).map_err(|e| anyhow::anyhow!(e.to_string()))?;
        let actor = Actor {
            agent_id: None,
            at: clock.now(),
        };
        let c = frontdesk::demo::fill(&mut db, actor, tz, clock.today(), n, 1, |_| {})
            .map_err(|e| anyhow::anyhow!(e.to_string()))?;
        println!("demo: {c:?} in {:.1} s", t.elapsed().as_secs_f64());
    }

    // Queries a desk would type: real values from the store, typed one key at a time.
    let probe = rusqlite::Connection::open(&path)?;
    let (plate, initials, pinyin, name, mobile, vin, birthday): (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
    ) = probe.query_row(
        "SELECT v.plate, c.name_initials, c.name_pinyin, c.name, c.mobile, v.vin, c.birthday
             FROM customers c JOIN vehicles v ON v.customer_id = c.id
             WHERE c.birthday IS NOT NULL AND v.plate IS NOT NULL
             ORDER BY c.id LIMIT 1 OFFSET 4321",
        [],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        },
    )?;
    drop(probe);
    let plate_tail: String = plate.chars().skip(1).collect();
    // Mixed pinyin: the surname's initial, the given name in full (zsan for 张三).
    let syl = frontdesk::domain::pinyin::syllables(&name);
    let mixed = format!("{}{}", &initials[..1], syl[1..].concat());
    let queries = [
        plate_tail.to_lowercase(),
        plate.clone(),
        initials,
        pinyin,
        mixed,
        // The commonest initials on a demo store (lj…): the most a mixed query reads.
        "ljun".to_string(),
        // ... and one that matches nothing there: every name of the range is read.
        "ljzq".to_string(),
        name,
        mobile[7..].to_string(),
        mobile.clone(),
        vin[9..].to_string(),
        birthday,
    ];

    let t0 = Instant::now();
    let db = Db::open_checking_in_background(&path).map_err(|e| anyhow::anyhow!(e.to_string()))?;
    let agent = agents::by_emp_no(&db, "1001").map_err(|e| anyhow::anyhow!(e.to_string()))?;
    let settings = Settings::with_db(path.clone(), Lang::Zh);
    let mut app = App::new(db, clock, settings, agent);
    let mut term = Terminal::new(TestBackend::new(80, 24))?;
    term.draw(|f| frontdesk::ui::shell::render(&app, f))?;
    let first_frame = t0.elapsed();

    let t = Instant::now();
    for _ in 0..3 {
        app.tick();
    }
    println!(
        "tick x3 (refresh, escalation check, board): {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let mut times = Vec::new();
    let mut per_query = Vec::new();
    for q in &queries {
        let mut worst = Duration::ZERO;
        for c in q.chars() {
            let t = Instant::now();
            app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            term.draw(|f| frontdesk::ui::shell::render(&app, f))?;
            let d = t.elapsed();
            worst = worst.max(d);
            times.push(d);
        }
        per_query.push((q.clone(), app.customers.hits().len(), worst));
        app.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    }
    times.sort();
    println!("store: {} ({} customers requested)", path.display(), n);
    println!(
        "open + first frame: {:.1} ms",
        first_frame.as_secs_f64() * 1000.0
    );
    println!(
        "keystroke (search + redraw), {} keys: median {:.2} ms, p95 {:.2} ms, worst {:.2} ms",
        times.len(),
        pct(&times, 0.5).as_secs_f64() * 1000.0,
        pct(&times, 0.95).as_secs_f64() * 1000.0,
        times.last().copied().unwrap_or_default().as_secs_f64() * 1000.0
    );
    for (q, hits, worst) in per_query {
        println!(
            "  {q:<20} -> {hits:>3} rows, worst key {:.2} ms",
            worst.as_secs_f64() * 1000.0
        );
    }
    println!(
        "memory: resident {} KB, peak {} KB",
        rss_kb("VmRSS:"),
        rss_kb("VmHWM:")
    );
    Ok(())
}
