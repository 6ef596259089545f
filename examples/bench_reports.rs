//! Report timings on a large store, rerunnable by anyone:
//!
//!     frontdesk --db /tmp/big.sqlite3 demo --customers 100000
//!     cargo run --release --example bench_reports -- /tmp/big.sqlite3 2026-11-22
//!
//! Opens the file read-only in effect (nothing is written), then for a month and a year
//! ending on the given day builds every report and the drill-down of each report's
//! first and biggest rows, printing the time of each (what the Reports tab waits for).
//!
//! Then, over RUNS rounds (third argument, default 5), the heavy customer-analysis figures
//! against their anchor in the same round: the bare SQL that computes the same figures,
//! run back to back with the report; printed as min / median / max of each and of the ratio.
//!
//! With `desk` as the fourth argument, only the Desk tab's hand-over list (the files of 90
//! days not handed over on time, the first 500, the totals by standing, and the staff
//! names), against the bare SQL listing and counting those files by calendar days; beside
//! it the list as it was found before (every file of the window read, filtered in Rust).
//! The store is migrated when older: run it on a copy.
//!
//! With `handover` as the fourth argument, only the Reports tab's hand-over report for the
//! month and the year, against the bare SQL counting the same files per staff member by
//! calendar days and listing the late and missing ones with their customer; beside it the
//! report as it was found before (every file of the period read, counted in Rust).

use chrono::{Datelike, NaiveDate, TimeZone};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::complaints::SlaSettings;
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::store::Db;
use frontdesk::store::reports::DRILL_LIMIT;
use frontdesk::store::reports::{self, Ctx, Drill, Range, Report, RowKey};
use std::time::{Duration, Instant};

/// Steps through every row of `sql`, reading each column once: the bare statement's cost.
fn bare(conn: &rusqlite::Connection, sql: &str, p: &[&dyn rusqlite::ToSql]) -> usize {
    let mut st = conn.prepare(sql).expect("bare sql");
    let cols = st.column_count();
    let mut rows = st.query(p).expect("query");
    let mut n = 0;
    while let Some(r) = rows.next().expect("row") {
        for i in 0..cols {
            let _ = r.get_ref(i).expect("col");
        }
        n += 1;
    }
    n
}

fn spread(v: Vec<f64>) -> String {
    spread_at(v, 1)
}

/// "min / median / max" with `places` decimals.
fn spread_at(mut v: Vec<f64>, places: usize) -> String {
    v.sort_by(f64::total_cmp);
    let (lo, mid, hi) = (v[0], v[v.len() / 2], v[v.len() - 1]);
    format!("{lo:.places$} / {mid:.places$} / {hi:.places$}")
}

/// This thread's CPU time: what the work cost, whatever else the machine runs.
fn cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: one valid timespec, written by the call.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Times `report` and `anchor` back to back, `runs` times (after one warm-up pair);
/// prints both and the ratio, by wall clock and by this thread's CPU time.
fn versus(name: &str, runs: usize, mut report: impl FnMut(), mut anchor: impl FnMut()) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    report();
    anchor();
    let load = loadavg();
    let (mut r, mut a, mut q) = (Vec::new(), Vec::new(), Vec::new());
    let (mut rc, mut ac, mut qc) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu());
        report();
        let (tr, cr) = (ms(t.elapsed()), ms(cpu() - c));
        let (t, c) = (Instant::now(), cpu());
        anchor();
        let (ta, ca) = (ms(t.elapsed()), ms(cpu() - c));
        r.push(tr);
        a.push(ta);
        q.push(tr / ta);
        rc.push(cr);
        ac.push(ca);
        qc.push(cr / ca);
    }
    println!("{name} (load {load} .. {})", loadavg());
    println!(
        "  wall: report {} ms | bare SQL {} ms | ratio {}",
        spread(r),
        spread(a),
        spread_at(q, 2)
    );
    println!(
        "  cpu:  report {} ms | bare SQL {} ms | ratio {}",
        spread(rc),
        spread(ac),
        spread_at(qc, 2)
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(day)) = (args.next(), args.next()) else {
        eprintln!(
            "usage: cargo run --release --example bench_reports -- DEMO.db YYYY-MM-DD [RUNS]"
        );
        return;
    };
    let runs: usize = args.next().map_or(5, |s| s.parse().expect("runs"));
    let mode = args.next().unwrap_or_default();
    let desk_only = mode == "desk";
    let today = NaiveDate::parse_from_str(&day, "%Y-%m-%d").expect("date");
    let db = Db::open(std::path::Path::new(&path)).expect("open");
    let tz = chrono_tz::Asia::Shanghai;
    let now = tz
        .from_local_datetime(&today.and_hms_opt(18, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc);
    let templates = TemplateSet::builtin();
    let calendar = BusinessCalendar::builtin();
    let rules = frontdesk::domain::callbacks::Rules::builtin();
    let ctx = Ctx {
        lang: Lang::Zh,
        tz,
        now,
        templates: &templates,
        calendar: &calendar,
        sla: SlaSettings::default(),
        rules: &rules,
        churn_months: 12,
        viewer: Default::default(),
    };
    let month = Range {
        from: today.with_day(1),
        to: Some(today),
    };
    let year = Range {
        from: NaiveDate::from_ymd_opt(today.year(), 1, 1),
        to: Some(today),
    };
    if desk_only {
        handover_list(&db, &calendar, today, runs);
        return;
    }
    if mode == "handover" {
        for (name, range) in [("month", &month), ("year", &year)] {
            handover_report(&db, &ctx, name, range, runs);
        }
        return;
    }
    for (name, range) in [("month", month), ("year", year)] {
        for r in Report::ALL {
            if r == Report::Customers || r == Report::Calls {
                continue; // record lists for export, not screens
            }
            let t = Instant::now();
            let sheet = reports::build(db.conn(), r, &range, &ctx).expect("report");
            let built = t.elapsed();
            // The first row and the row with the most behind it.
            let mut worst = std::time::Duration::ZERO;
            let mut first = None;
            for k in sheet.keys.iter().take(40).flatten() {
                if let RowKey::Drill(d) = k {
                    let t = Instant::now();
                    reports::drill::drill(db.conn(), d, &ctx).expect("drill");
                    let e = t.elapsed();
                    first.get_or_insert(e);
                    worst = worst.max(e);
                }
            }
            println!(
                "{name:5} {:20} {:5} rows  build {:7.1} ms  drill first {:7.1} ms  worst {:7.1} ms",
                r.code(),
                sheet.rows.len(),
                built.as_secs_f64() * 1e3,
                first.map_or(0.0, |d| d.as_secs_f64() * 1e3),
                worst.as_secs_f64() * 1e3,
            );
        }
    }
    anchored(&db, &ctx, today, runs);
}

/// The customer-analysis figures against the bare SQL computing the same figures.
fn anchored(db: &Db, ctx: &Ctx<'_>, today: NaiveDate, runs: usize) {
    let conn = db.conn();
    let asof = Range {
        from: None,
        to: Some(today),
    };
    let asof_s = today.format("%Y-%m-%d").to_string();
    let on_file = "FROM vehicles WHERE purchase_date IS NULL OR purchase_date <= ?1";
    // Car age in whole years on the day (0-1, 1-3, 3-5, 5-8, 8+, unknown).
    let ago = |y: i32| format!("'{}{}'", today.year() - y, &asof_s[4..]);
    let age = format!(
        "CASE WHEN purchase_date IS NULL OR date(purchase_date) IS NOT purchase_date THEN 5
              WHEN purchase_date <= {} THEN 4 WHEN purchase_date <= {} THEN 3
              WHEN purchase_date <= {} THEN 2 WHEN purchase_date <= {} THEN 1 ELSE 0 END",
        ago(8),
        ago(5),
        ago(3),
        ago(1)
    );
    versus(
        "customer groups",
        runs,
        || {
            reports::build(conn, Report::CustomerGroups, &asof, ctx).expect("groups");
        },
        || {
            // Per (brand, model), per brand, per age bucket: vehicles and distinct owners.
            for by in ["brand, model", "brand", &age] {
                let sql = format!(
                    "SELECT {by}, count(*), count(DISTINCT customer_id) {on_file} GROUP BY {by}"
                );
                bare(conn, &sql, &[&asof_s]);
            }
        },
    );
    let year = Range {
        from: NaiveDate::from_ymd_opt(today.year(), 1, 1),
        to: Some(today),
    };
    let (a, b) = (
        format!("{}-01-01", today.year()),
        today
            .succ_opt()
            .unwrap_or(today)
            .format("%Y-%m-%d")
            .to_string(),
    );
    let visits = "SELECT v.customer_id, count(*) AS n FROM repair_orders r
                  JOIN vehicles v ON v.id = r.vehicle_id
                  WHERE r.opened >= ?1 AND r.opened < ?2 GROUP BY v.customer_id";
    versus(
        "loyalty (year)",
        runs,
        || {
            reports::build(conn, Report::Loyalty, &year, ctx).expect("loyalty");
        },
        || {
            bare(
                conn,
                "SELECT count(DISTINCT customer_id) FROM vehicles",
                &[],
            );
            bare(
                conn,
                &format!("SELECT n, count(*), sum(n) FROM ({visits}) GROUP BY n"),
                &[&a, &b],
            );
        },
    );
    // The biggest brand's cars, and the customers who came once in the year.
    let brand: String = conn
        .query_row(
            "SELECT brand FROM vehicles GROUP BY brand ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("brand");
    let cars = Drill::Vehicles {
        asof: today,
        brand: Some(brand.clone()),
        model: None,
        age: None,
    };
    versus(
        "drill: cars of the biggest brand",
        runs,
        || {
            reports::drill::drill(conn, &cars, ctx).expect("drill");
        },
        || {
            let sql = format!(
                "SELECT v.customer_id, cu.name, cu.mobile, v.plate, v.brand, v.model,
                        v.purchase_date, v.mileage_km
                 FROM vehicles v JOIN customers cu ON cu.id = v.customer_id
                 WHERE (v.purchase_date IS NULL OR v.purchase_date <= ?1) AND v.brand = ?2
                 ORDER BY v.purchase_date DESC, v.id LIMIT {}",
                DRILL_LIMIT + 1
            );
            bare(conn, &sql, &[&asof_s, &brand]);
            // The total under the list ("N rows; the first 500 listed").
            bare(
                conn,
                "SELECT count(*) FROM vehicles v JOIN customers cu ON cu.id = v.customer_id
                 WHERE (v.purchase_date IS NULL OR v.purchase_date <= ?1) AND v.brand = ?2",
                &[&asof_s, &brand],
            );
        },
    );
    let (from, to) = (
        NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("day"),
        today,
    );
    let once = Drill::Visits {
        from,
        to,
        min: 1,
        max: Some(1),
    };
    versus(
        "drill: customers who came once",
        runs,
        || {
            reports::drill::drill(conn, &once, ctx).expect("drill");
        },
        || {
            // The visits per customer in the year, kept where one, with name and last visit.
            let sql = format!(
                "SELECT cu.id, cu.name, cu.mobile, k.n,
                        (SELECT max(r.opened) FROM repair_orders r JOIN vehicles v ON v.id = r.vehicle_id
                         WHERE v.customer_id = cu.id)
                 FROM ({visits}) k JOIN customers cu ON cu.id = k.customer_id
                 WHERE k.n = 1 ORDER BY cu.id LIMIT {}",
                DRILL_LIMIT + 1
            );
            bare(conn, &sql, &[&a, &b]);
            bare(
                conn,
                &format!("SELECT count(*) FROM ({visits}) WHERE n = 1"),
                &[&a, &b],
            );
        },
    );
}

/// The Desk tab's hand-over list against the bare SQL listing and counting the same files
/// by calendar days (2 after delivery, 1 after the repair) instead of working days.
fn handover_list(db: &Db, cal: &BusinessCalendar, today: NaiveDate, runs: usize) {
    use frontdesk::domain::handover::Standing;
    use frontdesk::store::handover;
    let conn = db.conn();
    let (window, limit) = (90, 500);
    let from = (today - chrono::Days::new(window)).to_string();
    let to = today.to_string();
    let anchor = || {
        for (table, event, staff, days) in [
            ("sales_files", "delivery_date", "salesperson", 2),
            ("repair_orders", "closed", "advisor", 1),
        ] {
            let open = format!(
                "FROM {table} f WHERE f.{event} BETWEEN ?1 AND ?2
                 AND (f.documents_received IS NULL
                      OR f.documents_received > date(f.{event}, '+{days} days'))"
            );
            bare(
                conn,
                &format!(
                    "SELECT f.id, f.version, v.customer_id, c.name, c.mobile, v.plate, v.brand,
                            v.model, f.{event}, f.{staff}, f.documents_received
                     FROM (SELECT f.* {open} ORDER BY f.{event}, f.id LIMIT {limit}) f
                     JOIN vehicles v ON v.id = f.vehicle_id
                     LEFT JOIN customers c ON c.id = v.customer_id"
                ),
                &[&from, &to],
            );
            bare(
                conn,
                &format!(
                    "SELECT count(*) FILTER (WHERE f.documents_received IS NULL),
                            count(f.documents_received) {open}"
                ),
                &[&from, &to],
            );
        }
    };
    versus(
        "desk: hand-over list (to_follow)",
        runs,
        || {
            handover::to_follow(conn, cal, today, window, limit).expect("to_follow");
        },
        anchor,
    );
    versus(
        "desk: hand-over list as before (every file of the window, filtered in Rust)",
        runs,
        || {
            let mut all: Vec<_> = handover::between(
                conn,
                cal,
                today,
                None,
                today - chrono::Days::new(window),
                today,
            )
            .expect("between")
            .into_iter()
            .filter(|h| h.standing != Standing::OnTime)
            .collect();
            all.sort_by_key(|h| (h.deadline, h.event, h.kind.code(), h.file_id));
            handover::Tally::of(&all);
            all.truncate(limit);
        },
        anchor,
    );
    versus(
        "desk: hand-over staff names, against the plain UNION (as before)",
        runs,
        || {
            handover::staff(conn).expect("staff");
        },
        || {
            bare(
                conn,
                "SELECT salesperson FROM sales_files WHERE salesperson <> ''
                 UNION SELECT advisor FROM repair_orders WHERE advisor <> ''
                 UNION SELECT handed_by FROM document_receipts WHERE handed_by <> ''
                 ORDER BY 1 LIMIT 500",
                &[],
            );
        },
    );
}

/// The Reports tab's hand-over report for `range` against the bare SQL counting the same
/// files per kind and staff member by calendar days (2 after delivery, 1 after the repair)
/// and listing the late and missing ones with their car and customer.
fn handover_report(db: &Db, ctx: &Ctx<'_>, name: &str, range: &Range, runs: usize) {
    use frontdesk::domain::handover::Standing;
    use frontdesk::store::handover;
    let conn = db.conn();
    let today = ctx.now.with_timezone(&ctx.tz).date_naive();
    let (from, to) = (range.from.expect("from"), range.to.expect("to"));
    let (a, b) = (from.to_string(), to.to_string());
    let anchor = || {
        for (table, event, staff, days, car) in [
            (
                "sales_files",
                "delivery_date",
                "salesperson",
                2,
                "v.brand || ' ' || v.model",
            ),
            ("repair_orders", "closed", "advisor", 1, "f.ro_number"),
        ] {
            let due = format!("date(f.{event}, '+{days} days')");
            bare(
                conn,
                &format!(
                    "SELECT trim(f.{staff}), count(*),
                            count(*) FILTER (WHERE f.documents_received <= {due}),
                            count(*) FILTER (WHERE f.documents_received > {due}),
                            count(*) FILTER (WHERE f.documents_received IS NULL AND {due} < ?3),
                            count(*) FILTER (WHERE f.documents_received IS NULL AND {due} >= ?3)
                     FROM {table} f WHERE f.{event} BETWEEN ?1 AND ?2 GROUP BY 1"
                ),
                &[&a, &b, &today.to_string()],
            );
            bare(
                conn,
                &format!(
                    "SELECT f.id, f.version, v.customer_id, c.name, c.mobile, v.plate, {car},
                            f.{event}, f.{staff}, f.documents_received
                     FROM {table} f JOIN vehicles v ON v.id = f.vehicle_id
                     LEFT JOIN customers c ON c.id = v.customer_id
                     WHERE f.{event} BETWEEN ?1 AND ?2
                       AND (f.documents_received > {due}
                            OR (f.documents_received IS NULL AND {due} < ?3))
                     ORDER BY f.{event}, f.id"
                ),
                &[&a, &b, &today.to_string()],
            );
        }
    };
    versus(
        &format!("reports: hand-over report ({name})"),
        runs,
        || {
            reports::build(conn, Report::Handover, range, ctx).expect("handover");
        },
        anchor,
    );
    versus(
        &format!("reports: hand-over report ({name}) as before (every file read, counted in Rust)"),
        runs,
        || {
            let all =
                handover::between(conn, ctx.calendar, today, None, from, to).expect("between");
            let mut per = std::collections::BTreeMap::<(u8, String), [i64; 5]>::new();
            let mut lines = Vec::new();
            for h in &all {
                let e = per
                    .entry((u8::from(h.kind.code() == "repair"), h.staff.clone()))
                    .or_default();
                e[0] += 1;
                e[match h.standing {
                    Standing::OnTime => 1,
                    Standing::Late(_) => 2,
                    Standing::Missing(_) => 3,
                    Standing::NotYetDue => 4,
                }] += 1;
                if matches!(h.standing, Standing::Late(_) | Standing::Missing(_)) {
                    lines.push(format!(
                        "{} {} {} {}",
                        h.event,
                        h.customer,
                        h.deadline,
                        h.standing.label(ctx.lang)
                    ));
                }
            }
            std::hint::black_box((per, lines));
        },
        anchor,
    );
}
