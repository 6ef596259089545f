//! Callback planning on a large store, rerunnable by anyone:
//!
//!     frontdesk --db /tmp/cb100k.db demo --customers 100000
//!     cargo run --release --example bench_callbacks -- /tmp/cb100k.db
//!
//! Works on a copy. Plans a normal day twice (the second run creates nothing), the next
//! day, and the day a holiday greeting comes into range, timing each plan and the queue
//! reads.

use chrono::NaiveDate;
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::Rules;
use frontdesk::store::callbacks::{self as cb, QueueFilter};
use frontdesk::store::{Actor, Db};

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

/// Planning on a large demo store: `frontdesk --db /tmp/cb100k.db demo --customers 100000`,
/// then `FRONTDESK_CB_BENCH_DB=/tmp/cb100k.db cargo test --release --test callbacks -- --ignored`.
/// Works on a copy.
fn main() {
    let Some(src) = std::env::args().nth(1) else {
        eprintln!("usage: cargo run --release --example bench_callbacks -- DEMO.db");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    {
        let db = Db::open(std::path::Path::new(&src)).unwrap();
        db.conn()
            .execute("VACUUM INTO ?1", [path.to_string_lossy()])
            .unwrap();
    }
    let mut db = Db::open(&path).unwrap();
    let rules = Rules::builtin();
    let cal = BusinessCalendar::builtin();
    let customers: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    for day in [
        "2026-11-23",
        "2026-11-23",
        "2026-11-24",
        "2026-12-28",
        "2026-12-28",
    ] {
        let t = std::time::Instant::now();
        let r = cb::plan(&mut db, sys(), d(day), tz(), &rules, &cal).unwrap();
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let ms_of = |t: std::time::Instant| t.elapsed().as_secs_f64() * 1000.0;
        let q = std::time::Instant::now();
        let calls = QueueFilter {
            channel: Some(frontdesk::domain::callbacks::Channel::Call),
            ..Default::default()
        };
        let rows = cb::queue(db.conn(), &calls, d(day), 200).unwrap();
        let q_calls = ms_of(q);
        let q = std::time::Instant::now();
        cb::queue(db.conn(), &QueueFilter::default(), d(day), 200).unwrap();
        let q_all = ms_of(q);
        let q = std::time::Instant::now();
        let due = cb::due_count(db.conn(), d(day), None).unwrap();
        let q_due = ms_of(q);
        let q = std::time::Instant::now();
        let counts = cb::counts_by_kind(db.conn(), d(day)).unwrap();
        let q_counts = ms_of(q);
        eprintln!(
            "{customers} customers, plan {day}: {ms:.0} ms (created {}, skipped {}, moved {}, expired {}); \
             call queue {q_calls:.1} ms ({} rows), whole queue {q_all:.1} ms, due_count {q_due:.1} ms ({due}), \
             counts_by_kind {q_counts:.1} ms ({} kinds)",
            r.created_total(),
            r.skipped_total(),
            r.moved,
            r.expired,
            rows.len(),
            counts.len()
        );
    }
}
