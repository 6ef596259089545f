//! The desk's hand-over list, found in SQL (`handover::to_follow`), against the domain rule
//! applied to every file of the window in Rust (what `to_follow` did before, kept here):
//! the same rows in the same order and the same totals, on a year of sales files and repair
//! orders with receipts on time, late and missing, on the built-in calendar (its holidays
//! and make-up working days), for many "today"s, windows and limits, with files at each
//! window's edges and received on their deadline or the day after. And the staff names,
//! now a walk down each column's index, against the plain UNION they replaced.

mod handover_fx;

use chrono::{Days, NaiveDate};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::handover::{Handover, HandoverKind, Standing, follow_order};
use frontdesk::store::Db;
use frontdesk::store::handover::{self, Receipt, Tally, mark_received};
use handover_fx::{File, actor, d, store};
use rand::{Rng, SeedableRng};

/// The rule, file by file: every hand-over whose event falls in the window, those not on
/// time, in the desk's order (`follow_order`), counted before the limit.
fn by_the_rule(
    db: &Db,
    cal: &BusinessCalendar,
    today: NaiveDate,
    window: u64,
    limit: usize,
) -> (Vec<Handover>, Tally) {
    let from = today - Days::new(window);
    let mut all: Vec<Handover> = handover::between(db.conn(), cal, today, None, from, today)
        .unwrap()
        .into_iter()
        .filter(|h| h.standing != Standing::OnTime)
        .collect();
    all.sort_by(follow_order);
    let tally = Tally::of(&all);
    all.truncate(limit);
    (all, tally)
}

/// The days the comparison looks from, chosen around the calendar's holidays and its
/// make-up working days (New Year, the Spring Festival, National Day) and ordinary weeks.
fn todays() -> Vec<NaiveDate> {
    vec![
        d(2026, 1, 5),
        d(2026, 2, 24),
        d(2026, 2, 28),
        d(2026, 5, 6),
        d(2026, 9, 28),
        d(2026, 10, 8),
        d(2026, 10, 10),
        d(2026, 10, 12),
        d(2026, 11, 23),
        d(2026, 11, 28),
        d(2026, 12, 31),
    ]
}

/// A year of files at random, and for each `today` of `todays()` (window 90 days) files on
/// the window's first day and the day before it, on today and the day after, received on
/// their deadline and the day after it, and not received with the deadline today or
/// yesterday; several on the same days, so the order's later keys decide.
fn files_to_make(cal: &BusinessCalendar) -> Vec<File> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(14);
    let staff = ["王五", " 赵六", "", "孙伟"];
    let mut out = Vec::new();
    let start = d(2025, 12, 1);
    for _ in 0..1500 {
        let kind = if rng.random_bool(0.4) {
            HandoverKind::Sales
        } else {
            HandoverKind::Repair
        };
        let event = start + Days::new(rng.random_range(0..400));
        let received = match rng.random_range(0..10) {
            0..=2 => None,
            3 => Some(event - Days::new(1)),
            k => Some(event + Days::new(k - 3)),
        };
        let who = staff[rng.random_range(0..staff.len())].to_string();
        out.push((kind, event, received, who));
    }
    for today in todays() {
        let from = today - Days::new(90);
        for kind in [HandoverKind::Sales, HandoverKind::Repair] {
            for event in [from - Days::new(1), from, today, today + Days::new(1)] {
                out.push((kind, event, None, "王五".into()));
            }
            for event in [from, today] {
                let due = kind.deadline(event, cal);
                for received in [due, due + Days::new(1)] {
                    out.push((kind, event, Some(received), "孙伟".into()));
                    out.push((kind, event, Some(received), "孙伟".into()));
                }
            }
            // Not received, due today (not yet due) or yesterday (missing): the events
            // whose deadline is that day.
            for due in [today, today - Days::new(1)] {
                let mut event = due - Days::new(12);
                while event < due {
                    if kind.deadline(event, cal) == due {
                        out.push((kind, event, None, "赵六".into()));
                    }
                    event = event + Days::new(1);
                }
            }
        }
    }
    out
}

#[test]
fn the_list_in_sql_is_the_rule_file_by_file_at_every_edge() {
    let cal = BusinessCalendar::builtin();
    let made = files_to_make(&cal);
    let (_dir, db) = store(&made);
    let mut seen = Tally::default();
    let mut cut = 0;
    for today in todays() {
        for window in [0, 1, 6, 30, 90] {
            for limit in [0, 1, 7, 40, 5000] {
                let want = by_the_rule(&db, &cal, today, window, limit);
                let got = handover::to_follow(db.conn(), &cal, today, window, limit).unwrap();
                assert_eq!(got, want, "today {today}, window {window}, limit {limit}");
                seen.missing += want.1.missing;
                seen.late += want.1.late;
                seen.not_yet_due += want.1.not_yet_due;
                cut += usize::from(want.1.total() > want.0.len() && limit > 0);
            }
        }
    }
    // The comparison saw every standing and lists cut at their limit.
    assert!(
        seen.missing > 100 && seen.late > 100 && seen.not_yet_due > 20,
        "{seen:?}"
    );
    assert!(cut > 50, "{cut}");
}

#[test]
fn the_list_names_each_file_with_its_car_customer_and_staff_member() {
    let cal = BusinessCalendar::builtin();
    let today = d(2026, 11, 23);
    let made = vec![
        (
            HandoverKind::Repair,
            d(2026, 11, 19),
            None,
            " 赵六 ".to_string(),
        ),
        (
            HandoverKind::Sales,
            d(2026, 11, 18),
            Some(d(2026, 11, 23)),
            "王五".into(),
        ),
        (
            HandoverKind::Sales,
            d(2026, 11, 20),
            Some(d(2026, 11, 23)),
            "王五".into(),
        ),
        (HandoverKind::Sales, d(2026, 11, 23), None, "孙伟".into()),
    ];
    let (_dir, db) = store(&made);
    let (list, tally) = handover::to_follow(db.conn(), &cal, today, 90, 10).unwrap();
    // Repair of Thursday 19th: due Friday 20th, missing 1 working day (listed first, still
    // to chase); today's sales file is not yet due; the sales file of Wednesday 18th: due
    // Friday 20th, received Monday 23rd, late 1 working day (received late: last); the sales
    // file delivered Friday 20th was due Tuesday 24th: received on time, not listed.
    let shown: Vec<_> = list
        .iter()
        .map(|h| (h.kind, h.event, h.deadline, h.standing, h.staff.as_str()))
        .collect();
    assert_eq!(
        shown,
        vec![
            (
                HandoverKind::Repair,
                d(2026, 11, 19),
                d(2026, 11, 20),
                Standing::Missing(1),
                "赵六"
            ),
            (
                HandoverKind::Sales,
                d(2026, 11, 23),
                d(2026, 11, 25),
                Standing::NotYetDue,
                "孙伟"
            ),
            (
                HandoverKind::Sales,
                d(2026, 11, 18),
                d(2026, 11, 20),
                Standing::Late(1),
                "王五"
            ),
        ]
    );
    assert!(
        list.iter()
            .all(|h| h.customer == "李四" && h.mobile == "13900000002")
    );
    assert_eq!(list[0].reference, "RO00000000");
    assert_eq!(list[2].reference, "大众 朗逸");
    assert_eq!(
        tally,
        Tally {
            missing: 1,
            late: 1,
            not_yet_due: 1
        }
    );
}

/// The staff names as the UNION of every file and receipt read them before.
fn staff_by_union(db: &Db) -> Vec<String> {
    let mut st = db
        .conn()
        .prepare(
            "SELECT salesperson FROM sales_files WHERE salesperson <> ''
             UNION SELECT advisor FROM repair_orders WHERE advisor <> ''
             UNION SELECT handed_by FROM document_receipts WHERE handed_by <> ''
             ORDER BY 1 LIMIT 500",
        )
        .unwrap();
    st.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|s| s.unwrap().trim().to_string())
        .collect()
}

#[test]
fn the_staff_names_are_the_union_of_files_and_receipts() {
    let cal = BusinessCalendar::builtin();
    let mut made = files_to_make(&cal);
    made.truncate(300);
    // More names than the list holds (sorting after the others), some only on one kind of
    // file.
    for i in 0..520 {
        let kind = if i % 3 == 0 {
            HandoverKind::Sales
        } else {
            HandoverKind::Repair
        };
        made.push((kind, d(2026, 6, 1), None, format!("龥{i:03}")));
    }
    let (_dir, mut db) = store(&made);
    // A name known only from a receipt, one also on a file, one with spaces around it.
    let today = d(2026, 11, 23);
    let (list, _) = handover::to_follow(db.conn(), &cal, today, 90, 3).unwrap();
    for (h, who) in list.iter().zip(["阿明", "王五", " 钱七 "]) {
        let r = Receipt {
            kind: h.kind,
            file_id: h.file_id,
            version: h.version,
            documents: vec![h.kind.documents()[0].0.to_string()],
            day: today,
            handed_by: who.into(),
        };
        mark_received(&mut db, actor(), today, &r).unwrap();
    }
    let names = handover::staff(db.conn()).unwrap();
    assert_eq!(names, staff_by_union(&db));
    assert_eq!(names.len(), 500);
    assert!(names.contains(&"阿明".to_string()) && names.contains(&"钱七".to_string()));
}
