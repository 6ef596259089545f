//! The hand-over report, counted in SQL (`handover::figures_by_staff`) with its late and
//! missing lines picked in SQL (`handover::overdue_between`), against what it did before,
//! kept here: every file of the period read through `handover::between` and counted in Rust.
//! On random sales files and repair orders over a year (received early, on their deadline,
//! late, or not yet; staff names with spaces around them, the ideographic space among
//! them, none, or the word the report shows for none), for periods starting and ending on
//! holidays and make-up working days, before, around and after "today", with files on each
//! period's first and last days and the days outside them.

mod handover_fx;

use chrono::{Days, NaiveDate, TimeZone};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::complaints::SlaSettings;
use frontdesk::domain::handover::{Handover, HandoverKind, Standing};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::io::Sheet;
use frontdesk::io::sheet::Value;
use frontdesk::store::Db;
use frontdesk::store::handover::{self, StaffFigures};
use frontdesk::store::reports::{self, Ctx, Range, Report};
use handover_fx::{File, d, store};
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;

/// Periods (from, to) and the "today"s they are seen from: around the Spring Festival
/// (15–23 February off, 14 and 28 February worked) and National Day (1–7 October off,
/// 10 October worked), a month, a year, one day, and periods running past today.
fn periods() -> Vec<(NaiveDate, NaiveDate)> {
    vec![
        (d(2026, 2, 14), d(2026, 2, 28)),
        (d(2026, 2, 15), d(2026, 2, 23)),
        (d(2026, 9, 30), d(2026, 10, 10)),
        (d(2026, 10, 1), d(2026, 10, 7)),
        (d(2026, 10, 10), d(2026, 10, 10)),
        (d(2026, 11, 1), d(2026, 11, 30)),
        (d(2026, 1, 1), d(2026, 12, 31)),
        (d(2025, 12, 29), d(2026, 1, 4)),
    ]
}

fn todays() -> Vec<NaiveDate> {
    vec![
        d(2026, 2, 24),
        d(2026, 10, 8),
        d(2026, 10, 9),
        d(2026, 10, 10),
        d(2026, 10, 12),
        d(2026, 11, 23),
        d(2027, 1, 4),
    ]
}

const STAFF: [&str; 8] = [
    "王五",
    " 赵六",
    "赵六\u{3000}",
    "",
    "\t ",
    "孙伟",
    "Zoe",
    "（未填）",
];

fn files_to_make(cal: &BusinessCalendar) -> Vec<File> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1414);
    let mut out = Vec::new();
    let pick = |rng: &mut rand_chacha::ChaCha8Rng| STAFF[rng.random_range(0..STAFF.len())];
    for _ in 0..1500 {
        let kind = if rng.random_bool(0.4) {
            HandoverKind::Sales
        } else {
            HandoverKind::Repair
        };
        let event = d(2025, 12, 1) + Days::new(rng.random_range(0..420));
        let received = match rng.random_range(0..10) {
            0..=2 => None,
            3 => Some(event),
            k => Some(event + Days::new(k - 3)),
        };
        out.push((kind, event, received, pick(&mut rng).to_string()));
    }
    // Each period's edges and the days just outside, received on the deadline, the day
    // after, or not yet.
    for (from, to) in periods() {
        for kind in [HandoverKind::Sales, HandoverKind::Repair] {
            for event in [from - Days::new(1), from, to, to + Days::new(1)] {
                let due = kind.deadline(event, cal);
                for received in [Some(due), Some(due + Days::new(1)), None] {
                    out.push((kind, event, received, pick(&mut rng).to_string()));
                }
            }
        }
    }
    out
}

/// The figures as the report counted them before: every file of the period from
/// `between`, per kind (sales first) and staff member (the word for none in its place).
fn figures_before(list: &[Handover], lang: Lang) -> BTreeMap<(u8, String), [i64; 5]> {
    let none = lang.t("（未填）", "(none)").to_string();
    let mut per: BTreeMap<(u8, String), [i64; 5]> = BTreeMap::new();
    for r in list {
        let who = if r.staff.is_empty() {
            none.clone()
        } else {
            r.staff.clone()
        };
        let e = per
            .entry((u8::from(r.kind == HandoverKind::Repair), who))
            .or_default();
        e[0] += 1;
        e[match r.standing {
            Standing::OnTime => 1,
            Standing::Late(_) => 2,
            Standing::Missing(_) => 3,
            Standing::NotYetDue => 4,
        }] += 1;
    }
    per
}

/// The sheet's rows as the report built them from those figures, with the total last.
fn rows_before(per: &BTreeMap<(u8, String), [i64; 5]>, lang: Lang) -> Vec<Vec<Value>> {
    let mut rows = Vec::new();
    let mut total = [0i64; 5];
    for ((rank, who), n) in per {
        let kind = [HandoverKind::Sales, HandoverKind::Repair][usize::from(*rank)];
        let mut row = vec![Value::Text(who.clone()), Value::text_of(kind.label(lang))];
        row.extend(n.iter().map(|x| Value::Int(*x)));
        rows.push(row);
        for (t, x) in total.iter_mut().zip(n) {
            *t += x;
        }
    }
    let mut row = vec![Value::text_of(lang.t("合计", "Total")), Value::Empty];
    row.extend(total.iter().map(|x| Value::Int(*x)));
    rows.push(row);
    rows
}

fn build(
    db: &Db,
    cal: &BusinessCalendar,
    lang: Lang,
    today: NaiveDate,
    p: (NaiveDate, NaiveDate),
) -> Sheet {
    let tz = chrono_tz::Asia::Shanghai;
    let now = tz
        .from_local_datetime(&today.and_hms_opt(18, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc);
    let (templates, rules) = (
        TemplateSet::builtin(),
        frontdesk::domain::callbacks::Rules::builtin(),
    );
    let ctx = Ctx {
        lang,
        tz,
        now,
        templates: &templates,
        calendar: cal,
        sla: SlaSettings::default(),
        rules: &rules,
        churn_months: 12,
        viewer: Default::default(),
    };
    let range = Range {
        from: Some(p.0),
        to: Some(p.1),
    };
    reports::build(db.conn(), Report::Handover, &range, &ctx).unwrap()
}

#[test]
fn the_report_counted_in_sql_is_the_period_file_by_file() {
    let cal = BusinessCalendar::builtin();
    let (_dir, db) = store(&files_to_make(&cal));
    let mut seen = [0i64; 5];
    for today in todays() {
        for (from, to) in periods() {
            let all = handover::between(db.conn(), &cal, today, None, from, to).unwrap();
            let at = format!("today {today}, {from} ~ {to}");
            // The store's figures, file by file.
            let mut want: Vec<StaffFigures> = Vec::new();
            for h in &all {
                let i = match want
                    .iter()
                    .position(|f| f.kind == h.kind && f.staff == h.staff)
                {
                    Some(i) => i,
                    None => {
                        want.push(StaffFigures {
                            kind: h.kind,
                            staff: h.staff.clone(),
                            due: 0,
                            on_time: 0,
                            late: 0,
                            missing: 0,
                            not_yet_due: 0,
                        });
                        want.len() - 1
                    }
                };
                let f = &mut want[i];
                f.due += 1;
                *match h.standing {
                    Standing::OnTime => &mut f.on_time,
                    Standing::Late(_) => &mut f.late,
                    Standing::Missing(_) => &mut f.missing,
                    Standing::NotYetDue => &mut f.not_yet_due,
                } += 1;
            }
            let mut got = handover::figures_by_staff(db.conn(), &cal, today, from, to).unwrap();
            let key = |f: &StaffFigures| (f.kind.code(), f.staff.clone());
            want.sort_by_key(key);
            got.sort_by_key(key);
            assert_eq!(got, want, "{at}");
            // The late and missing files, each as `between` has it, in its order.
            let overdue: Vec<Handover> = all
                .iter()
                .filter(|h| matches!(h.standing, Standing::Late(_) | Standing::Missing(_)))
                .cloned()
                .collect();
            let got = handover::overdue_between(db.conn(), &cal, today, from, to).unwrap();
            assert_eq!(got, overdue, "{at}");
            // The sheet: its rows as before, and a line for each of those files.
            for lang in [Lang::Zh, Lang::En] {
                let per = figures_before(&all, lang);
                let sheet = build(&db, &cal, lang, today, (from, to));
                assert_eq!(sheet.rows, rows_before(&per, lang), "{at} {lang:?}");
                assert_eq!(sheet.notes.len(), 1 + overdue.len(), "{at}");
                for (line, h) in sheet.notes[1..].iter().zip(&overdue) {
                    assert!(
                        line.starts_with(&h.event.to_string()) || lang == Lang::En,
                        "{line}"
                    );
                    assert!(line.contains(&h.standing.label(lang)), "{line}");
                    assert!(line.contains(&h.deadline.to_string()), "{line}");
                }
            }
            for n in figures_before(&all, Lang::Zh).values() {
                for (s, x) in seen.iter_mut().zip(n) {
                    *s += x;
                }
            }
        }
    }
    // Every standing was compared, many times.
    assert!(seen[1..].iter().all(|n| *n > 50), "{seen:?}");
}
