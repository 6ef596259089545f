//! Report timings on a large store, rerunnable by anyone:
//!
//!     frontdesk --db /tmp/big.sqlite3 demo --customers 100000
//!     cargo run --release --example bench_reports -- /tmp/big.sqlite3 2026-11-22
//!
//! Opens the file read-only in effect (nothing is written), then for a month and a year
//! ending on the given day builds every report and the drill-down of each report's
//! first and biggest rows, printing the time of each (what the Reports tab waits for).

use chrono::{Datelike, NaiveDate, TimeZone};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::complaints::SlaSettings;
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::io::report::{self, Ctx, Range, Report, RowKey};
use frontdesk::store::Db;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(day)) = (args.next(), args.next()) else {
        eprintln!("usage: cargo run --release --example bench_reports -- DEMO.db YYYY-MM-DD");
        return;
    };
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
    };
    let month = Range {
        from: today.with_day(1),
        to: Some(today),
    };
    let year = Range {
        from: NaiveDate::from_ymd_opt(today.year(), 1, 1),
        to: Some(today),
    };
    for (name, range) in [("month", month), ("year", year)] {
        for r in Report::ALL {
            if r == Report::Customers || r == Report::Calls {
                continue; // record lists for export, not screens
            }
            let t = Instant::now();
            let sheet = report::build(db.conn(), r, &range, &ctx).expect("report");
            let built = t.elapsed();
            // The first row and the row with the most behind it.
            let mut worst = std::time::Duration::ZERO;
            let mut first = None;
            for k in sheet.keys.iter().take(40).flatten() {
                if let RowKey::Drill(d) = k {
                    let t = Instant::now();
                    report::drill::drill(db.conn(), d, &ctx).expect("drill");
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
}
