//! Callback planning on a large store, rerunnable by anyone:
//!
//!     frontdesk --db /tmp/cb100k.db demo --customers 100000
//!     cargo run --release --example bench_callbacks -- /tmp/cb100k.db [RUNS]
//!     cargo run --release --example bench_callbacks -- COPY.db 0 --once [DAY]   (one holiday plan on COPY.db itself, for a profiler)
//!     cargo run --release --example bench_callbacks -- DEMO.db 0 --prepare STATE.db   (keep the daily state)
//!     cargo run --release --example bench_callbacks -- STATE.db [RUNS] --daily   (time only the greeting day)
//!
//! Works on copies. Plans a normal day twice (the second run creates nothing) and the next
//! day, timing each plan and the queue reads. Then, RUNS times (default 5, at least 5) on a
//! fresh copy of that state, plans the day the New Year greetings come into range (every
//! customer gets one) and plans it again (which must create nothing), and prints the min,
//! median and max of both with the load average beside them. The same again from a state
//! planned every day up to the day before the holiday (as the desk runs it), so that the
//! run holds the greetings and one day's other work rather than a month's expiries.

use chrono::NaiveDate;
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::Rules;
use frontdesk::store::callbacks::{self as cb, PlanReport, QueueFilter};
use frontdesk::store::{Actor, Db};
use std::path::Path;
use std::time::Instant;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn tz() -> chrono_tz::Tz {
    chrono_tz::Asia::Shanghai
}

fn sys() -> Actor {
    Actor {
        agent_id: None,
        at: chrono::Utc::now(),
    }
}

fn ms_of(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// CPU time of this process so far (user and system): on a shared machine it moves less
/// with the other processes' load than the wall clock.
fn cpu_now() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid clock id and a pointer to a timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 * 1000.0 + t.tv_nsec as f64 / 1e6
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Plans `day`, then reads the queues as the Callbacks tab does, and prints the figures.
fn plan_and_read(db: &mut Db, customers: i64, day: &str) -> (PlanReport, f64, f64) {
    let (rules, cal) = (Rules::builtin(), BusinessCalendar::builtin());
    let (t, c) = (Instant::now(), cpu_now());
    let r = cb::plan(db, sys(), d(day), tz(), &rules, &cal).unwrap();
    let (ms, cpu) = (ms_of(t), cpu_now() - c);
    let q = Instant::now();
    let calls = QueueFilter {
        channel: Some(frontdesk::domain::callbacks::Channel::Call),
        ..Default::default()
    };
    let rows = cb::queue(db.conn(), &calls, d(day), 200).unwrap();
    let q_calls = ms_of(q);
    let q = Instant::now();
    cb::queue(db.conn(), &QueueFilter::default(), d(day), 200).unwrap();
    let q_all = ms_of(q);
    let q = Instant::now();
    // The status bar's figure as a supervisor's queue counts it: calls due by today, one
    // per call.
    let due_calls = QueueFilter {
        due_to: Some(d(day)),
        merge: true,
        ..calls
    };
    let due = cb::queue_total(db.conn(), &due_calls).unwrap();
    let q_due = ms_of(q);
    let q = Instant::now();
    let counts = cb::counts_by_kind(db.conn(), d(day)).unwrap();
    let q_counts = ms_of(q);
    eprintln!(
        "{customers} customers, plan {day}: {ms:.0} ms, CPU {cpu:.0} ms (created {}, skipped {}, moved {}, expired {}); \
         call queue {q_calls:.1} ms ({} rows), whole queue {q_all:.1} ms, calls due {q_due:.1} ms ({due}), \
         counts_by_kind {q_counts:.1} ms ({} kinds)",
        r.created_total(),
        r.skipped_total(),
        r.moved,
        r.expired,
        rows.len(),
        counts.len()
    );
    (r, ms, cpu)
}

fn stats(v: &mut [f64]) -> String {
    v.sort_by(f64::total_cmp);
    format!(
        "min {:7.0} ms  median {:7.0} ms  max {:7.0} ms",
        v[0],
        v[v.len() / 2],
        v[v.len() - 1]
    )
}

fn arg(i: usize) -> String {
    std::env::args().nth(i).unwrap_or_else(|| {
        eprintln!("usage: bench_callbacks DEMO.db RUNS --prepare OUT.db | STATE.db RUNS --daily");
        std::process::exit(2)
    })
}

fn main() {
    let Some(src) = std::env::args().nth(1) else {
        eprintln!("usage: cargo run --release --example bench_callbacks -- DEMO.db [RUNS]");
        return;
    };
    let runs: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5)
        .max(5);
    match std::env::args().nth(3).as_deref() {
        Some("--once") => {
            // Plans the holiday day (or DAY) once on SRC itself (for a profiler).
            let day = std::env::args().nth(4).unwrap_or("2026-12-28".into());
            let mut db = Db::open(Path::new(&src)).unwrap();
            plan_and_read(&mut db, 0, &day);
            return;
        }
        Some("--prepare") => {
            // Keeps the daily state (planned up to the day before the greetings) in OUT.
            let out = Path::new(&arg(4)).to_path_buf();
            base_state(&src, &out);
            plan_daily(&out);
            return;
        }
        Some("--daily") => {
            // Times only the greeting day, on copies of a state made by --prepare.
            let state = Path::new(&src);
            let greet = greeting_day(d("2026-11-25")).format("%Y-%m-%d").to_string();
            holiday_runs(
                state,
                customers(state),
                runs,
                &greet,
                "planned daily (--prepare)",
            );
            return;
        }
        _ => {}
    }
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.db");
    let customers = base_state(&src, &base);
    let holiday = "2026-12-28";
    holiday_runs(
        &base,
        customers,
        runs,
        holiday,
        "planned last on 2026-11-24",
    );
    // The desk plans every day: the day a holiday's greetings come into range, planned
    // after the day before, so the run holds the greetings and one day's other work (not
    // a month's expiries).
    let daily = dir.path().join("daily.db");
    std::fs::copy(&base, &daily).unwrap();
    plan_daily(&daily);
    let greet = greeting_day(d("2026-11-25")).format("%Y-%m-%d").to_string();
    holiday_runs(
        &daily,
        customers,
        runs,
        &greet,
        "planned daily up to the day before",
    );
}

fn customers(path: &Path) -> i64 {
    Db::open(path)
        .unwrap()
        .conn()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap()
}

/// A compact copy of `src` at `base`, planned on 2026-11-23 (twice) and 2026-11-24.
fn base_state(src: &str, base: &Path) -> i64 {
    {
        // Read-only and without `Db::open`, which would upgrade the source in place: the
        // copy is upgraded when it is opened below.
        let src =
            rusqlite::Connection::open_with_flags(src, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap();
        src.execute("VACUUM INTO ?1", [base.to_string_lossy()])
            .unwrap();
    }
    let customers = customers(base);
    let mut db = Db::open(base).unwrap();
    for day in ["2026-11-23", "2026-11-23", "2026-11-24"] {
        plan_and_read(&mut db, customers, day);
    }
    customers
}

/// Plans every day from 2026-11-25 up to the day before the greetings come into range.
fn plan_daily(path: &Path) {
    let greet = greeting_day(d("2026-11-25"));
    let mut db = Db::open(path).unwrap();
    let (rules, cal) = (Rules::builtin(), BusinessCalendar::builtin());
    let mut day = d("2026-11-25");
    while day < greet {
        cb::plan(&mut db, sys(), day, tz(), &rules, &cal).unwrap();
        day = day.succ_opt().unwrap();
    }
}

/// The first day from `from` on whose planning a holiday's greetings come into range.
fn greeting_day(from: NaiveDate) -> NaiveDate {
    let (rules, cal) = (Rules::builtin(), BusinessCalendar::builtin());
    let rule = rules
        .rules
        .iter()
        .find(|r| r.kind == frontdesk::domain::callbacks::Kind::Holiday)
        .expect("holiday rule");
    let ahead = rules.settings.plan_ahead_days;
    let live = |day: NaiveDate| -> Vec<NaiveDate> {
        let (lo, hi) = rule.timing.anchor_range(day, ahead);
        frontdesk::domain::callbacks::holidays_between(&rules.holidays, lo, hi)
            .into_iter()
            .filter(|(_, at)| {
                rule.timing
                    .window(*at, &cal, rule.move_off_holidays)
                    .is_live(day, ahead)
            })
            .map(|(_, at)| at)
            .collect()
    };
    let mut day = from;
    loop {
        let before = live(day.pred_opt().unwrap());
        if live(day).iter().any(|h| !before.contains(h)) {
            return day;
        }
        day = day.succ_opt().unwrap();
    }
}

/// RUNS times on a fresh copy of `base`: plans `holiday` and plans it again; prints the
/// figures. Each run does it twice, on two copies: as the command line plans (SQLite folds
/// the `-wal` back into the file inside the commit) and as the app's planning thread does
/// (`defer_checkpoints`: the tasks are told when committed, the fold is timed after).
fn holiday_runs(base: &Path, customers: i64, runs: usize, holiday: &str, state: &str) {
    let (mut first, mut again) = (Vec::new(), Vec::new());
    let (mut first_cpu, mut again_cpu) = (Vec::new(), Vec::new());
    let (mut deferred, mut deferred_cpu, mut folded) = (Vec::new(), Vec::new(), Vec::new());
    let mut loads = Vec::new();
    for run in 0..runs {
        let path = base.with_file_name(format!("run{run}.db"));
        std::fs::copy(base, &path).unwrap();
        let mut db = Db::open(&path).unwrap();
        loads.push(load_average());
        let (r, ms, cpu) = plan_and_read(&mut db, customers, holiday);
        first.push(ms);
        first_cpu.push(cpu);
        let (r2, ms, cpu) = plan_and_read(&mut db, customers, holiday);
        again.push(ms);
        again_cpu.push(cpu);
        assert!(r.created_total() + r.skipped_total() > 0, "nothing planned");
        assert_eq!(r2.created_total() + r2.skipped_total(), 0, "planned twice");
        drop(db);
        let _ = std::fs::remove_file(&path);
        // As the app's planning thread: the fold of the `-wal` after the tasks are told.
        std::fs::copy(base, &path).unwrap();
        let mut db = Db::open(&path).unwrap();
        db.defer_checkpoints().unwrap();
        let (r3, ms, cpu) = plan_and_read(&mut db, customers, holiday);
        assert_eq!(r3.created_total(), r.created_total());
        deferred.push(ms);
        deferred_cpu.push(cpu);
        let t = Instant::now();
        db.checkpoint().unwrap();
        folded.push(ms_of(t));
        drop(db);
        let _ = std::fs::remove_file(&path);
    }
    println!(
        "{customers} customers, {runs} runs of planning {holiday} (holiday greetings in range) on a fresh copy, {state}:"
    );
    println!("  plan, first run  wall {}", stats(&mut first));
    println!("  plan, first run  CPU  {}", stats(&mut first_cpu));
    println!("  plan, again      wall {}", stats(&mut again));
    println!("  plan, again      CPU  {}", stats(&mut again_cpu));
    println!("  as the app's planning thread (checkpoint after the tasks are told):");
    println!("  plan, first run  wall {}", stats(&mut deferred));
    println!("  plan, first run  CPU  {}", stats(&mut deferred_cpu));
    println!("  checkpoint after wall {}", stats(&mut folded));
    println!(
        "  load average (1, 5, 15 min) before each run: {}",
        loads.join(" | ")
    );
}
