//! The hand-over drill-downs of the Reports tab (the files behind a figure of the hand-over
//! report, and an agent's late hand-overs behind the assessment), picked, counted and
//! limited in SQL (`handover::picked`), against what they did before, kept here: every file
//! of the period read through `handover::between` and filtered in Rust. On random files
//! over a year and each period's edges (received on the deadline, the day after, not yet),
//! staff names with spaces around them, none, an agent's employee number or name; then on
//! files whose stored days are not `YYYY-MM-DD` days, which must count nowhere as a day and
//! never stop a report.

mod handover_fx;

use chrono::{Days, NaiveDate, TimeZone};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::complaints::SlaSettings;
use frontdesk::domain::handover::{Handover, HandoverKind, Standing, StandingKind};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::io::sheet::Value;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::handover::{self, Pick, Tally};
use frontdesk::store::reports::{self, Ctx, Drill, Range, Report};
use frontdesk::store::{Db, reports::DRILL_LIMIT};
use handover_fx::{File, actor, d, store};
use rand::{Rng, SeedableRng};

const KINDS: [HandoverKind; 2] = [HandoverKind::Sales, HandoverKind::Repair];
const STANDINGS: [StandingKind; 4] = [
    StandingKind::OnTime,
    StandingKind::Late,
    StandingKind::Missing,
    StandingKind::NotYetDue,
];

/// Staff names as files record them: agents 1001 王五 and 1002 赵六 by name or number, with
/// spaces around them (the ideographic space among them), none, someone else.
const STAFF: [&str; 9] = [
    "王五",
    " 赵六",
    "赵六\u{3000}",
    "1001",
    "",
    "\t ",
    "Zoe",
    "孙伟 ",
    "（未填）",
];

/// The agents: employee number and name (a name with spaces, a name of spaces only).
const AGENTS: [(&str, &str); 4] = [
    ("1001", "王五"),
    ("1002", " 赵六 "),
    ("1003", "Zoe"),
    ("1004", " \u{3000}"),
];

/// Periods around the Spring Festival and National Day, a month, a year, one day.
fn periods() -> Vec<(NaiveDate, NaiveDate)> {
    vec![
        (d(2026, 2, 14), d(2026, 2, 28)),
        (d(2026, 9, 30), d(2026, 10, 10)),
        (d(2026, 10, 10), d(2026, 10, 10)),
        (d(2026, 11, 1), d(2026, 11, 30)),
        (d(2026, 1, 1), d(2026, 12, 31)),
    ]
}

fn todays() -> Vec<NaiveDate> {
    vec![
        d(2026, 2, 24),
        d(2026, 10, 9),
        d(2026, 11, 23),
        d(2027, 1, 4),
    ]
}

fn files_to_make(cal: &BusinessCalendar, n: usize) -> Vec<File> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1404);
    let pick = |rng: &mut rand_chacha::ChaCha8Rng| STAFF[rng.random_range(0..STAFF.len())];
    let mut out = Vec::new();
    for _ in 0..n {
        let kind = KINDS[usize::from(rng.random_bool(0.6))];
        let event = d(2025, 12, 20) + Days::new(rng.random_range(0..400));
        let received = match rng.random_range(0..10) {
            0..=2 => None,
            3 => Some(event),
            k => Some(event + Days::new(k - 3)),
        };
        out.push((kind, event, received, pick(&mut rng).to_string()));
    }
    for (from, to) in periods() {
        for kind in KINDS {
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

fn ctx_at<'a>(
    today: NaiveDate,
    lang: Lang,
    cal: &'a BusinessCalendar,
    kit: &'a (TemplateSet, frontdesk::domain::callbacks::Rules),
) -> Ctx<'a> {
    let tz = chrono_tz::Asia::Shanghai;
    let now = tz
        .from_local_datetime(&today.and_hms_opt(18, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc);
    Ctx {
        lang,
        tz,
        now,
        templates: &kit.0,
        calendar: cal,
        sla: SlaSettings::default(),
        rules: &kit.1,
        churn_months: 12,
        viewer: Default::default(),
    }
}

fn kit() -> (TemplateSet, frontdesk::domain::callbacks::Rules) {
    (
        TemplateSet::builtin(),
        frontdesk::domain::callbacks::Rules::builtin(),
    )
}

/// The report's drill-down filter as it was (`reports::handover::list`).
fn kept_before(
    file_kind: Option<HandoverKind>,
    staff: Option<&str>,
    kind: Option<StandingKind>,
) -> impl Fn(&Handover) -> bool {
    move |r: &Handover| {
        file_kind.is_none_or(|k| r.kind == k)
            && staff.is_none_or(|s| r.staff == s)
            && kind.is_none_or(|k| r.standing.kind() == k)
    }
}

/// The assessment's late hand-overs of an agent as they were (`staff_is` and `is_late`).
fn late_before(emp_no: &str, name: &str) -> impl Fn(&Handover) -> bool {
    move |h: &Handover| {
        let s = h.staff.trim();
        !s.is_empty()
            && (s == emp_no.trim() || s == name.trim())
            && matches!(h.standing, Standing::Late(_) | Standing::Missing(_))
    }
}

/// The list's rows as `list_kept` built them.
fn rows_before(list: &[Handover], lang: Lang) -> Vec<Vec<Value>> {
    list.iter()
        .map(|r| {
            vec![
                Value::Text(r.event.to_string()),
                Value::text_of(r.kind.label(lang)),
                Value::Text(r.customer.clone()),
                Value::Text(frontdesk::domain::validate::mask_mobile(&r.mobile)),
                Value::Text(r.plate.clone()),
                Value::Text(r.staff.clone()),
                Value::Text(r.deadline.to_string()),
                r.received
                    .map_or(Value::Empty, |d| Value::Text(d.to_string())),
                Value::Text(r.standing.label(lang)),
            ]
        })
        .collect()
}

/// The drill-down's sheet against the old list: the first `DRILL_LIMIT` rows, each
/// opening its customer, and the total in the first note.
fn assert_sheet(sheet: &frontdesk::io::Sheet, want: &[Handover], lang: Lang, at: &str) {
    let shown = want.len().min(DRILL_LIMIT);
    assert_eq!(sheet.rows, rows_before(&want[..shown], lang), "{at}");
    assert_eq!(sheet.keys.len(), shown, "{at}");
    let total = want.len().to_string();
    assert!(
        sheet.notes[0].starts_with(&format!("共 {total} 条"))
            || sheet.notes[0].starts_with(&lang.count(want.len(), "条", "row", "rows")),
        "{at}: {}",
        sheet.notes[0]
    );
}

fn with_agents(db: &mut Db) -> Vec<(i64, String, String)> {
    AGENTS
        .iter()
        .map(|(emp, name)| {
            let a = agents::ensure(db, actor(), emp, name, Role::Agent).unwrap();
            (a.id, emp.to_string(), name.to_string())
        })
        .collect()
}

/// Every pick the report's figures lead to, and a few more: kinds, staff members as the
/// report shows them (trimmed; `""` for none) and one not on file, standings.
fn picks() -> Vec<(Option<HandoverKind>, Option<String>, Option<StandingKind>)> {
    let mut staff: Vec<Option<String>> = vec![None, Some("nobody".into())];
    staff.extend(STAFF.iter().map(|s| Some(s.trim().to_string())));
    staff.push(Some(" 赵六".into()));
    staff.dedup();
    let mut out = Vec::new();
    for kind in [None, Some(KINDS[0]), Some(KINDS[1])] {
        for who in &staff {
            for standing in [None].into_iter().chain(STANDINGS.map(Some)) {
                out.push((kind, who.clone(), standing));
            }
        }
    }
    out
}

#[test]
fn the_drill_downs_picked_in_sql_are_the_old_filter_file_by_file() {
    let cal = BusinessCalendar::builtin();
    let (_dir, mut db) = store(&files_to_make(&cal, 1400));
    let staff = with_agents(&mut db);
    let kit = kit();
    let mut seen = [0usize; 4];
    let mut cut = 0;
    for today in todays() {
        for (from, to) in periods() {
            let all = handover::between(db.conn(), &cal, today, None, from, to).unwrap();
            for (kind, who, standing) in picks() {
                let at = format!("today {today}, {from} ~ {to}, {kind:?} {who:?} {standing:?}");
                let keep = kept_before(kind, who.as_deref(), standing);
                let want: Vec<Handover> = all.iter().filter(|h| keep(h)).cloned().collect();
                let pick = Pick {
                    kind,
                    staff: who.clone().map(|w| vec![w]),
                    standings: standing.into_iter().collect(),
                };
                assert!(want.iter().all(|h| pick.keeps(h)), "{at}");
                let got = handover::picked(db.conn(), &cal, today, (from, to), &pick, None);
                assert_eq!(got.unwrap(), (want.clone(), want.len()), "{at}");
                // Limited: the first rows in the same order, the total of all (the list
                // stops at the day holding the last row asked for).
                for limit in [0, 1, 7, 64] {
                    let (first, total) =
                        handover::picked(db.conn(), &cal, today, (from, to), &pick, Some(limit))
                            .unwrap();
                    assert_eq!(first[..], want[..want.len().min(limit)], "{at} {limit}");
                    assert_eq!(total, want.len(), "{at} {limit}");
                }
                for h in &want {
                    seen[STANDINGS
                        .iter()
                        .position(|s| *s == h.standing.kind())
                        .unwrap()] += 1;
                }
            }
            // The sheets the Reports tab shows, in both languages, cut at the drill limit.
            for lang in [Lang::Zh, Lang::En] {
                let ctx = ctx_at(today, lang, &cal, &kit);
                for (kind, who, standing) in [
                    (None, None, None),
                    (
                        Some(KINDS[0]),
                        Some(String::new()),
                        Some(StandingKind::Missing),
                    ),
                    (
                        Some(KINDS[1]),
                        Some("赵六".into()),
                        Some(StandingKind::Late),
                    ),
                ] {
                    let at = format!("{lang:?} today {today}, {from} ~ {to}, {kind:?} {who:?}");
                    let keep = kept_before(kind, who.as_deref(), standing);
                    let want: Vec<Handover> = all.iter().filter(|h| keep(h)).cloned().collect();
                    let drill = Drill::Handover {
                        from,
                        to,
                        kind,
                        staff: who.clone(),
                        standing,
                    };
                    let sheet = reports::drill::drill(db.conn(), &drill, &ctx).unwrap();
                    assert_sheet(&sheet, &want, lang, &at);
                    cut += usize::from(want.len() > DRILL_LIMIT);
                    let every = reports::drill::drill_all(db.conn(), &drill, &ctx).unwrap();
                    assert_eq!(every.rows, rows_before(&want, lang), "{at}");
                }
                // Each agent's late hand-overs (kept and not kept by name and number).
                for (id, emp, name) in &staff {
                    let at = format!("{lang:?} today {today}, {from} ~ {to}, agent {emp}");
                    let keep = late_before(emp, name);
                    let want: Vec<Handover> = all.iter().filter(|h| keep(h)).cloned().collect();
                    let drill = Drill::LateHandovers {
                        from,
                        to,
                        agent: *id,
                    };
                    let sheet = reports::drill::drill(db.conn(), &drill, &ctx).unwrap();
                    assert_sheet(&sheet, &want, lang, &at);
                    if *emp == "1004" {
                        assert!(want.is_empty(), "a name of spaces matches no file");
                    }
                }
            }
        }
    }
    // Every standing was compared, many times, and lists were cut at the limit.
    assert!(seen.iter().all(|n| *n > 200), "{seen:?}");
    assert!(cut > 0);
}

/// Stored days that are not `YYYY-MM-DD` days: chrono's lenient reading takes some of them
/// (`2026-1-5`), text order puts others anywhere (`2026/01/05` after every day).
const MALFORMED: [&str; 10] = [
    "2026-1-5",
    "2026/01/05",
    "2026-02-30",
    "2026-10-05T09:00:00",
    "2026-10-05 ",
    " 2026-10-05",
    "",
    "９９９９-99-99",
    "20261005",
    "2026-13-01",
];

#[test]
fn malformed_stored_days_count_as_no_day_and_stop_no_report() {
    let cal = BusinessCalendar::builtin();
    let (_dir, db) = store(&files_to_make(&cal, 400));
    // Spoil some files' days as another tool might have stored them: the received day of
    // one file in four, the event day of one in seven; a repair order never closed.
    let spoilt = db.conn().execute_batch(&format!(
        "UPDATE sales_files SET documents_received = CASE id % {n}
             {cases} END WHERE id % 4 = 0;
         UPDATE repair_orders SET documents_received = CASE id % {n}
             {cases} END WHERE id % 4 = 1;
         UPDATE sales_files SET delivery_date = CASE id % {n} {cases} END WHERE id % 7 = 3;
         UPDATE repair_orders SET closed = CASE id % {n} {cases} END WHERE id % 7 = 2;
         UPDATE repair_orders SET closed = NULL WHERE id % 11 = 5;",
        n = MALFORMED.len(),
        cases = MALFORMED
            .iter()
            .enumerate()
            .map(|(i, s)| format!("WHEN {i} THEN '{s}'"))
            .collect::<Vec<_>>()
            .join(" ")
    ));
    spoilt.unwrap();
    let kit = kit();
    let files: i64 = db
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM sales_files) + (SELECT count(*) FROM repair_orders)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut unreceived = 0;
    for today in todays() {
        for (from, to) in periods() {
            let at = format!("today {today}, {from} ~ {to}");
            let all = handover::between(db.conn(), &cal, today, None, from, to).unwrap();
            // Read file by file, a spoilt received day is no day; a spoilt event, no file.
            for h in &all {
                assert!(h.event >= from && h.event <= to, "{at}: {h:?}");
            }
            let figures = handover::figures_by_staff(db.conn(), &cal, today, from, to).unwrap();
            let count = |k: StandingKind| all.iter().filter(|h| h.standing.kind() == k).count();
            let sum = |f: fn(&handover::StaffFigures) -> i64| {
                usize::try_from(figures.iter().map(f).sum::<i64>()).unwrap()
            };
            assert_eq!(sum(|f| f.due), all.len(), "{at}");
            assert_eq!(sum(|f| f.on_time), count(StandingKind::OnTime), "{at}");
            assert_eq!(sum(|f| f.late), count(StandingKind::Late), "{at}");
            assert_eq!(sum(|f| f.missing), count(StandingKind::Missing), "{at}");
            assert_eq!(
                sum(|f| f.not_yet_due),
                count(StandingKind::NotYetDue),
                "{at}"
            );
            let overdue: Vec<Handover> = all
                .iter()
                .filter(|h| matches!(h.standing, Standing::Late(_) | Standing::Missing(_)))
                .cloned()
                .collect();
            let got = handover::overdue_between(db.conn(), &cal, today, from, to).unwrap();
            assert_eq!(got, overdue, "{at}");
            for standing in STANDINGS {
                let pick = Pick {
                    standings: vec![standing],
                    ..Pick::default()
                };
                let want: Vec<Handover> = all.iter().filter(|h| pick.keeps(h)).cloned().collect();
                let got = handover::picked(db.conn(), &cal, today, (from, to), &pick, None);
                assert_eq!(
                    got.unwrap(),
                    (want.clone(), want.len()),
                    "{at} {standing:?}"
                );
            }
            // The report and its drill-down build, in both languages.
            for lang in [Lang::Zh, Lang::En] {
                let ctx = ctx_at(today, lang, &cal, &kit);
                let range = Range {
                    from: Some(from),
                    to: Some(to),
                };
                reports::build(db.conn(), Report::Handover, &range, &ctx).unwrap();
                let drill = Drill::Handover {
                    from,
                    to,
                    kind: None,
                    staff: None,
                    standing: None,
                };
                let sheet = reports::drill::drill_all(db.conn(), &drill, &ctx).unwrap();
                assert_eq!(sheet.rows, rows_before(&all, lang), "{at}");
            }
            unreceived += all.iter().filter(|h| h.received.is_none()).count();
        }
        // The desk's list over 90 days: its counts are its files'.
        let (list, tally) = handover::to_follow(db.conn(), &cal, today, 90, 10_000).unwrap();
        let window =
            handover::between(db.conn(), &cal, today, None, today - Days::new(90), today).unwrap();
        let open: Vec<&Handover> = window
            .iter()
            .filter(|h| h.standing != Standing::OnTime)
            .collect();
        assert_eq!(list.len(), open.len(), "today {today}");
        assert_eq!(
            tally,
            Tally::of(&open.into_iter().cloned().collect::<Vec<_>>()),
            "today {today}"
        );
    }
    // Days of each kind were spoilt, and files read with no received day.
    let spoilt = |sql: &str| -> i64 { db.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert!(
        spoilt(
            "SELECT count(*) FROM sales_files
             WHERE date(documents_received) IS NOT documents_received"
        ) > 10
    );
    assert!(
        spoilt("SELECT count(*) FROM sales_files WHERE date(delivery_date) IS NOT delivery_date")
            > 10
    );
    assert!(unreceived > 0 && files > 400);
}
