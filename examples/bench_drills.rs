//! The Reports tab's drill-downs against their anchors, rerunnable by anyone:
//!
//!     FRONTDESK_NOW=2026-11-22T09:30 frontdesk --db /tmp/big.sqlite3 demo --customers 100000
//!     cargo run --release --example bench_drills -- /tmp/big.sqlite3 2026-11-22 [RUNS] [business]
//!
//! For a month and a year ending on the given day, builds the kpi (assessment), agents,
//! callbacks and hand-over reports and takes the records behind their figures as the tab
//! does (`drill`: the first 500 rows and the total): for kpi and agents every figure of the
//! agent with the most calls, for callbacks and hand-over every figure of the total row and,
//! for hand-over, the staff member with the most files. Each is timed against its anchor,
//! back to back, RUNS rounds (default 5) after a warm-up: the bare SQL listing the same
//! records with the same columns (the first 501) and counting them all; min / median / max
//! of each and of the ratio, wall and CPU. `business`: deadlines count business hours
//! (built-in calendar). Anchors: callbacks on time by the store day done (`+8 hours`),
//! hand-overs due on calendar days; complaints that kept every deadline also read their
//! event logs; hand-overs also as before (every file read and filtered in Rust, again for a
//! cut list's total).

use chrono::{Datelike, NaiveDate, NaiveTime, TimeZone};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::complaints::SlaSettings;
use frontdesk::domain::handover::{Handover, Standing, StandingKind};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::store::Db;
use frontdesk::store::handover;
use frontdesk::store::reports::{self, Ctx, DRILL_LIMIT, Drill, Range, Report, RowKey};
use rusqlite::types::Value as Sql;
use std::time::{Duration, Instant};

/// Steps through every row of `sql`, reading each column once: the bare statement's cost.
fn bare(conn: &rusqlite::Connection, sql: &str, p: &[Sql]) -> usize {
    let mut st = conn.prepare_cached(sql).expect("bare sql");
    let cols = st.column_count();
    let mut rows = st
        .query(rusqlite::params_from_iter(p.iter()))
        .expect("query");
    let mut n = 0;
    while let Some(r) = rows.next().expect("row") {
        for i in 0..cols {
            let _ = r.get_ref(i).expect("col");
        }
        n += 1;
    }
    n
}

/// "min / median / max" with `places` decimals.
fn spread(mut v: Vec<f64>, places: usize) -> String {
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
    let mut v: [Vec<f64>; 6] = Default::default();
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu());
        report();
        let (tr, cr) = (ms(t.elapsed()), ms(cpu() - c));
        let (t, c) = (Instant::now(), cpu());
        anchor();
        let (ta, ca) = (ms(t.elapsed()), ms(cpu() - c));
        for (x, y) in v.iter_mut().zip([tr, ta, tr / ta, cr, ca, cr / ca]) {
            x.push(y);
        }
    }
    let [r, a, q, rc, ac, qc] = v;
    println!("{name} (load {load} .. {})", loadavg());
    println!(
        "  wall: drill {} ms | bare SQL {} ms | ratio {}",
        spread(r, 1),
        spread(a, 1),
        spread(q, 2)
    );
    println!(
        "  cpu:  drill {} ms | bare SQL {} ms | ratio {}",
        spread(rc, 1),
        spread(ac, 1),
        spread(qc, 2)
    );
}

/// The period's bounds as stored instants: [from 00:00, to + 1 day 00:00) store time.
fn bounds(ctx: &Ctx<'_>, from: NaiveDate, to: NaiveDate) -> [Sql; 2] {
    let utc = |d: NaiveDate| {
        let t = ctx
            .tz
            .from_local_datetime(&d.and_time(NaiveTime::MIN))
            .earliest()
            .expect("day");
        Sql::Text(frontdesk::clock::to_db(t.with_timezone(&chrono::Utc)))
    };
    [utc(from), utc(to.succ_opt().expect("day"))]
}

/// The list (`cols` over `from_where`, ordered, the first 501) and the count of all.
fn list_and_count(
    conn: &rusqlite::Connection,
    cols: &str,
    from_where: &str,
    order: &str,
    p: &[Sql],
) {
    let limit = DRILL_LIMIT + 1;
    bare(
        conn,
        &format!("SELECT {cols} {from_where} ORDER BY {order} LIMIT {limit}"),
        p,
    );
    bare(conn, &format!("SELECT count(*) {from_where}"), p);
}

/// The bare SQL listing and counting the records behind `d`.
fn anchor(conn: &rusqlite::Connection, ctx: &Ctx<'_>, d: &Drill) {
    let text = |s: &str| Sql::Text(s.to_string());
    match d {
        Drill::Calls {
            from,
            to,
            template,
            agent,
        } => {
            let mut p = bounds(ctx, *from, *to).to_vec();
            let mut w = String::from(
                "FROM calls c LEFT JOIN customers cu ON cu.id = c.customer_id
                 LEFT JOIN vehicles v ON v.id = c.vehicle_id
                 LEFT JOIN agents g ON g.id = c.agent_id
                 WHERE c.started_at >= ?1 AND c.started_at < ?2",
            );
            if let Some(t) = template {
                w.push_str(&format!(" AND c.template_id = ?{}", p.len() + 1));
                p.push(text(t));
            }
            if let Some(a) = agent {
                w.push_str(&format!(" AND c.agent_id IS ?{}", p.len() + 1));
                p.push(a.map_or(Sql::Null, Sql::Integer));
            }
            list_and_count(
                conn,
                "c.customer_id, c.started_at, c.template_id, cu.name, cu.mobile, v.plate,
                 g.emp_no || ' ' || g.name, c.resolved, c.completeness",
                &w,
                "c.started_at DESC",
                &p,
            );
        }
        Drill::Callbacks {
            from,
            to,
            kind,
            status,
            agent,
            on_time,
            attributed,
        } => {
            let mut p = Vec::new();
            let mut w = String::from(
                "FROM callback_tasks t LEFT JOIN customers cu ON cu.id = t.customer_id
                 LEFT JOIN vehicles v ON v.id = t.vehicle_id
                 LEFT JOIN agents g ON g.id = coalesce(t.claimed_by, (SELECT a.agent_id
                     FROM callback_attempts a WHERE a.task_id = t.id ORDER BY a.id DESC LIMIT 1))",
            );
            if *attributed {
                p.extend(bounds(ctx, *from, *to));
                w.push_str(" WHERE t.completed_at >= ?1 AND t.completed_at < ?2 AND t.status = ?3");
                p.push(text(status.expect("status").code()));
            } else {
                p.push(text(&from.to_string()));
                p.push(text(&to.to_string()));
                w.push_str(
                    " WHERE t.due_date >= ?1 AND t.due_date <= ?2 AND t.status <> 'skipped'
                      AND t.channel IN ('call', 'sms')",
                );
                match status.map(|s| s.code()) {
                    None => {}
                    Some("open" | "claimed") => w.push_str(" AND t.status IN ('open', 'claimed')"),
                    Some(s) => {
                        w.push_str(&format!(" AND t.status = ?{}", p.len() + 1));
                        p.push(text(s));
                    }
                }
            }
            if let Some(k) = kind {
                w.push_str(&format!(" AND t.kind = ?{}", p.len() + 1));
                p.push(text(k.code()));
            }
            if let Some(a) = agent {
                w.push_str(&format!(" AND g.id = ?{}", p.len() + 1));
                p.push(Sql::Integer(*a));
            }
            if *attributed {
                w.push_str(" AND g.id IS NOT NULL");
            }
            if *on_time {
                w.push_str(" AND date(t.completed_at, '+8 hours') <= t.window_end");
            }
            list_and_count(
                conn,
                "t.customer_id, t.due_date, t.kind, cu.name, cu.mobile, v.plate, t.status,
                 g.emp_no || ' ' || g.name, t.completed_at, t.window_end",
                &w,
                "t.due_date, t.id",
                &p,
            );
        }
        Drill::Complaints {
            from,
            to,
            handler,
            closed,
            assigned,
            kept,
            ..
        } => {
            let mut p = bounds(ctx, *from, *to).to_vec();
            if *kept {
                // The facts each complaint's deadlines are judged from: its event log.
                bare(
                    conn,
                    "SELECT c.id, c.severity, e.body FROM complaints c
                     JOIN complaint_events e ON e.complaint_id = c.id
                     WHERE c.received_at >= ?1 AND c.received_at < ?2",
                    &p,
                );
            }
            let mut w = String::from(
                "FROM complaints c LEFT JOIN customers cu ON cu.id = c.customer_id
                 LEFT JOIN agents g ON g.id = c.handler_id
                 WHERE c.received_at >= ?1 AND c.received_at < ?2",
            );
            if *assigned {
                w.push_str(" AND c.handler_id IS NOT NULL");
            }
            if let Some(h) = handler {
                w.push_str(&format!(" AND c.handler_id = ?{}", p.len() + 1));
                p.push(Sql::Integer(*h));
            }
            if *closed {
                w.push_str(" AND c.status = 'closed'");
            }
            list_and_count(
                conn,
                "c.customer_id, c.received_at, c.id, cu.name, cu.mobile, c.category,
                 c.station, c.status, g.emp_no || ' ' || g.name",
                &w,
                "c.received_at, c.id",
                &p,
            );
        }
        Drill::Reviews {
            from,
            to,
            agent,
            fatal,
        } => {
            let mut p = bounds(ctx, *from, *to).to_vec();
            let mut w = String::from(
                "FROM quality_reviews r LEFT JOIN agents g ON g.id = r.agent_id
                 LEFT JOIN agents s ON s.id = r.reviewer_id
                 LEFT JOIN calls c ON r.source_table = 'calls' AND c.id = r.source_id
                 LEFT JOIN callback_tasks t ON r.source_table <> 'calls' AND t.id = r.source_id
                 LEFT JOIN customers cu ON cu.id = coalesce(c.customer_id, t.customer_id)
                 WHERE r.status IN ('scored', 'disputed', 'rescored')
                   AND r.record_at >= ?1 AND r.record_at < ?2",
            );
            if let Some(a) = agent {
                w.push_str(&format!(" AND r.agent_id = ?{}", p.len() + 1));
                p.push(Sql::Integer(*a));
            }
            if *fatal {
                w.push_str(" AND r.fatal = 1");
            }
            list_and_count(
                conn,
                "cu.id, r.record_at, r.source_table, g.emp_no || ' ' || g.name, r.status,
                 r.total, r.fatal, s.emp_no || ' ' || s.name, cu.name",
                &w,
                "r.record_at, r.id",
                &p,
            );
        }
        Drill::Handover {
            from,
            to,
            kind,
            staff,
            standing,
        } => {
            let staff = staff.as_ref().map(|s| vec![s.clone()]);
            handover_anchor(
                conn,
                ctx,
                (*from, *to),
                *kind,
                staff,
                standing.map(|s| vec![s]),
            );
        }
        Drill::LateHandovers { from, to, agent } => {
            let (emp, name): (String, String) = conn
                .query_row(
                    "SELECT emp_no, name FROM agents WHERE id = ?1",
                    [agent],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("agent");
            handover_anchor(
                conn,
                ctx,
                (*from, *to),
                None,
                Some(vec![emp, name]),
                Some(vec![StandingKind::Late, StandingKind::Missing]),
            );
        }
        other => panic!("no anchor for {other:?}"),
    }
}

/// The files of the days, of a kind, staff and standings, due on calendar days: listed with
/// their car and customer (the first 501 of each kind) and counted.
fn handover_anchor(
    conn: &rusqlite::Connection,
    ctx: &Ctx<'_>,
    (from, to): (NaiveDate, NaiveDate),
    kind: Option<frontdesk::domain::handover::HandoverKind>,
    staff: Option<Vec<String>>,
    standings: Option<Vec<StandingKind>>,
) {
    let today = ctx.now.with_timezone(&ctx.tz).date_naive().to_string();
    for (code, table, event, who, days, car) in [
        (
            "sales",
            "sales_files",
            "delivery_date",
            "salesperson",
            2,
            "v.brand || ' ' || v.model",
        ),
        (
            "repair",
            "repair_orders",
            "closed",
            "advisor",
            1,
            "f.ro_number",
        ),
    ] {
        if kind.is_some_and(|k| k.code() != code) {
            continue;
        }
        let due = format!("date(f.{event}, '+{days} days')");
        let mut w = format!("FROM {table} f WHERE f.{event} BETWEEN ?1 AND ?2");
        let mut p = vec![Sql::Text(from.to_string()), Sql::Text(to.to_string())];
        if let Some(s) = &staff {
            let marks: Vec<String> = s
                .iter()
                .map(|x| {
                    p.push(Sql::Text(x.clone()));
                    format!("?{}", p.len())
                })
                .collect();
            w.push_str(&format!(" AND trim(f.{who}) IN ({})", marks.join(", ")));
        }
        if let Some(st) = &standings {
            p.push(Sql::Text(today.clone()));
            let t = p.len();
            let conds: Vec<String> = st
                .iter()
                .map(|s| match s {
                    StandingKind::OnTime => format!("f.documents_received <= {due}"),
                    StandingKind::Late => format!("f.documents_received > {due}"),
                    StandingKind::Missing => {
                        format!("(f.documents_received IS NULL AND {due} < ?{t})")
                    }
                    StandingKind::NotYetDue => {
                        format!("(f.documents_received IS NULL AND {due} >= ?{t})")
                    }
                })
                .collect();
            w.push_str(&format!(
                " AND ({}) AND ?{t} IS NOT NULL",
                conds.join(" OR ")
            ));
        }
        bare(
            conn,
            &format!(
                "SELECT f.id, f.version, v.customer_id, c.name, c.mobile, v.plate, {car},
                        f.{event}, f.{who}, f.documents_received
                 FROM (SELECT f.* {w} ORDER BY f.{event}, f.id LIMIT {}) f
                 JOIN vehicles v ON v.id = f.vehicle_id
                 LEFT JOIN customers c ON c.id = v.customer_id",
                DRILL_LIMIT + 1
            ),
            &p,
        );
        bare(conn, &format!("SELECT count(*) {w}"), &p);
    }
}

/// Which hand-overs a drill-down kept, in Rust.
type Keep = Box<dyn Fn(&Handover) -> bool>;

/// A hand-over drill-down as it was: every file of the period read and filtered in Rust,
/// and, when the list was cut, all of them read again for its total.
fn handover_before(conn: &rusqlite::Connection, ctx: &Ctx<'_>, d: &Drill) {
    let today = ctx.now.with_timezone(&ctx.tz).date_naive();
    let (from, to, keep): (_, _, Keep) = match d {
        Drill::Handover {
            from,
            to,
            kind,
            staff,
            standing,
        } => {
            let (kind, staff, standing) = (*kind, staff.clone(), *standing);
            (
                *from,
                *to,
                Box::new(move |r: &Handover| {
                    kind.is_none_or(|k| r.kind == k)
                        && staff.as_ref().is_none_or(|s| r.staff == *s)
                        && standing.is_none_or(|k| r.standing.kind() == k)
                }),
            )
        }
        Drill::LateHandovers { from, to, agent } => {
            let (emp, name): (String, String) = conn
                .query_row(
                    "SELECT emp_no, name FROM agents WHERE id = ?1",
                    [agent],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("agent");
            (
                *from,
                *to,
                Box::new(move |h: &Handover| {
                    let s = h.staff.trim();
                    !s.is_empty()
                        && (s == emp.trim() || s == name.trim())
                        && matches!(h.standing, Standing::Late(_) | Standing::Missing(_))
                }),
            )
        }
        _ => return,
    };
    let read = || {
        handover::between(conn, ctx.calendar, today, None, from, to)
            .expect("between")
            .into_iter()
            .filter(|h| keep(h))
            .count()
    };
    if read() > DRILL_LIMIT {
        std::hint::black_box(read());
    }
}

/// The drill-downs of a report's figures: the row of `pick` (by its first cell, else the
/// last row) with every cell's drill-down, named by report and column.
fn drills_of(sheet: &frontdesk::io::Sheet, name: &str, row: usize) -> Vec<(String, Drill)> {
    let mut out = Vec::new();
    if let Some(Some(RowKey::Drill(d))) = sheet.keys.get(row) {
        out.push((format!("{name}: row"), d.clone()));
    }
    let mut cells: Vec<_> = sheet.cells.iter().filter(|((r, _), _)| *r == row).collect();
    cells.sort_by_key(|((_, c), _)| *c);
    for ((_, c), k) in cells {
        if let RowKey::Drill(d) = k {
            out.push((format!("{name}: {}", sheet.columns[*c]), d.clone()));
        }
    }
    out
}

/// The row with the biggest figure in column `col`, the total row left out.
fn biggest(sheet: &frontdesk::io::Sheet, col: usize) -> usize {
    let n = |r: &Vec<frontdesk::io::sheet::Value>| match r.get(col) {
        Some(frontdesk::io::sheet::Value::Int(x)) => *x,
        _ => -1,
    };
    (0..sheet.rows.len().saturating_sub(1))
        .max_by_key(|i| n(&sheet.rows[*i]))
        .unwrap_or(0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(day)) = (args.next(), args.next()) else {
        return eprintln!("usage: bench_drills DEMO.db YYYY-MM-DD [RUNS] [business]");
    };
    let runs: usize = args.next().map_or(5, |s| s.parse().expect("runs"));
    let today = NaiveDate::parse_from_str(&day, "%Y-%m-%d").expect("date");
    let db = Db::open(std::path::Path::new(&path)).expect("open");
    let conn = db.conn();
    let tz = chrono_tz::Asia::Shanghai;
    let now = tz
        .from_local_datetime(&today.and_hms_opt(18, 0, 0).expect("time"))
        .unwrap()
        .with_timezone(&chrono::Utc);
    let (templates, calendar) = (TemplateSet::builtin(), BusinessCalendar::builtin());
    let rules = frontdesk::domain::callbacks::Rules::builtin();
    let mut ctx = Ctx {
        lang: Lang::En,
        tz,
        now,
        templates: &templates,
        calendar: &calendar,
        sla: SlaSettings::default(),
        rules: &rules,
        churn_months: 12,
        viewer: Default::default(),
    };
    ctx.sla.business_hours = args.next().is_some_and(|a| a == "business");
    let ranges = [
        (
            "month",
            Range {
                from: today.with_day(1),
                to: Some(today),
            },
        ),
        (
            "year",
            Range {
                from: NaiveDate::from_ymd_opt(today.year(), 1, 1),
                to: Some(today),
            },
        ),
    ];
    for (period, range) in &ranges {
        let build = |r| reports::build(conn, r, range, &ctx).expect("report");
        let mut drills: Vec<(String, Drill)> = Vec::new();
        let kpi = build(Report::Kpi);
        // The assessment's agent with the most calls (column 5).
        drills.extend(drills_of(&kpi, "kpi", biggest(&kpi, 5)));
        let agents = build(Report::Agents);
        drills.extend(drills_of(&agents, "agents", biggest(&agents, 3)));
        let callbacks = build(Report::Callbacks);
        drills.extend(drills_of(
            &callbacks,
            "callbacks total",
            callbacks.rows.len() - 1,
        ));
        let ho = build(Report::Handover);
        drills.extend(drills_of(&ho, "hand-over total", ho.rows.len() - 1));
        drills.extend(drills_of(&ho, "hand-over staff", biggest(&ho, 2)));
        let mut seen: Vec<Drill> = Vec::new();
        for (name, d) in drills {
            if seen.contains(&d) {
                continue;
            }
            seen.push(d.clone());
            let rows = reports::drill::drill(conn, &d, &ctx).expect("drill");
            let label = format!("{period} {name} [{}]", rows.notes[0]);
            versus(
                &label,
                runs,
                || {
                    reports::drill::drill(conn, &d, &ctx).expect("drill");
                },
                || anchor(conn, &ctx, &d),
            );
            if matches!(d, Drill::Handover { .. } | Drill::LateHandovers { .. }) {
                versus(
                    &format!("{label} as before (read in Rust)"),
                    runs,
                    || handover_before(conn, &ctx, &d),
                    || anchor(conn, &ctx, &d),
                );
            }
        }
    }
}
