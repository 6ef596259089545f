//! The "within SLA" drill-down judged in SQL from each complaint's marks (migration 0022)
//! lists exactly the complaints the log-by-log judge (`sla::facts`, the old path) keeps: on
//! a seeded store of complaints worked through random steps at odd instants (down to the
//! nanosecond), as of many moments (before some steps, between them, long after) and with
//! several sets of deadlines, wall-clock and business hours; also with no marks at all
//! (as an older file before its migration) and after the migration's backfill. With
//! business-hours deadlines the marks in business time judge in SQL under the calendar they
//! were read with; under another (a calendar change) the logs judge, until the marks are
//! read again under the new one. And
//! `frontdesk complaints --overdue`, which judges from their logs only the open complaints
//! whose marks cannot say every deadline is kept, prints what judging every open
//! complaint's log printed.

mod support;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use frontdesk::cli::complaints::{self as cli, Deadlines};
use frontdesk::clock::Clock;
use frontdesk::domain::calendar::{BusinessCalendar, BusinessHours, BusinessTime};
use frontdesk::domain::callbacks::Rules;
use frontdesk::domain::complaints::{
    Category, ClockState, ConfirmHow, Event, EventKind, PauseReason, Severity, SlaSettings,
};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::store::complaints::{self as sc, NewComplaint};
use frontdesk::store::reports::{self, Ctx, Drill, RowKey};
use support::appointments_fx::{Fx, TZ, fx, now};

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// `n` complaints received over two months before `now()`, each worked through random
/// steps (refused ones skipped) at random gaps with random nanoseconds; some major.
fn seeded(f: &mut Fx, n: usize) -> Vec<i64> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let start = now() - Duration::days(60);
    let handler = f.agent.agent_id;
    let mut ids = Vec::new();
    for i in 0..n {
        let received = start
            + Duration::minutes(i as i64 * 97 % (60 * 24 * 58))
            + Duration::nanoseconds(rng.next(1_000_000_000) as i64);
        let c = NewComplaint {
            customer_id: Some(f.cars[0].0),
            vehicle_id: Some(f.cars[0].1),
            call_id: None,
            channel: "phone".into(),
            received_at: received,
            category: [Category::Attitude, Category::Other, Category::RepairQuality][i % 3],
            loss_yuan: None,
            severity_by_hand: (i % 4 == 0).then(|| (Severity::Major, "大额损失".to_string())),
            station: "一号店".into(),
            summary: format!("投诉{i}"),
            demand: "处理".into(),
            handler_id: (i % 5 == 0).then_some(handler).flatten(),
        };
        let actor = frontdesk::store::Actor {
            agent_id: handler,
            at: received,
        };
        let id = sc::register(&mut f.db, actor, &c).unwrap();
        let mut at = received;
        // The lifecycle in order, each step taken or skipped (a refused one is skipped
        // too), stopping anywhere: clocks stopped, running, paused, reopened.
        let h = handler.unwrap();
        let script = [
            EventKind::Contacted,
            EventKind::HandlerAssigned { handler: h },
            EventKind::Investigating,
            EventKind::Paused {
                reason: PauseReason::Parts,
                note: "等配件".into(),
            },
            EventKind::Resumed,
            EventKind::Resolved {
                resolution: "已修复".into(),
            },
            EventKind::Reopened {
                reason: "客户不满意".into(),
            },
            EventKind::Paused {
                reason: PauseReason::Customer,
                note: "等客户".into(),
            },
            EventKind::Resumed,
            EventKind::Resolved {
                resolution: "已更换".into(),
            },
            EventKind::Confirmed {
                who: "客户本人".into(),
                how: ConfirmHow::Phone,
                satisfaction: 4,
            },
            EventKind::Closed,
        ];
        let stop = rng.next(script.len() as u64 + 1) as usize;
        for kind in script.into_iter().take(stop) {
            if rng.next(6) == 0 {
                continue;
            }
            // Minutes to days apart, mostly within the limits, sometimes just over.
            let gap = match rng.next(4) {
                0 => Duration::minutes(rng.next(15) as i64),
                1 => Duration::minutes(rng.next(90) as i64),
                2 => Duration::hours(rng.next(30) as i64),
                _ => Duration::hours(rng.next(80) as i64),
            };
            at += gap + Duration::nanoseconds(rng.next(1_000_000_000) as i64);
            let _ = sc::append(&mut f.db, id, Event::new(at, h, kind), TZ);
        }
        ids.push(id);
    }
    ids
}

struct Kit {
    templates: TemplateSet,
    calendar: BusinessCalendar,
    rules: Rules,
}

fn ctx<'a>(kit: &'a Kit, at: DateTime<Utc>, sla: SlaSettings) -> Ctx<'a> {
    Ctx {
        lang: Lang::En,
        tz: TZ,
        now: at,
        templates: &kit.templates,
        calendar: &kit.calendar,
        sla,
        rules: &kit.rules,
        churn_months: 12,
        viewer: Default::default(),
    }
}

fn day(d: DateTime<Utc>) -> NaiveDate {
    d.with_timezone(&TZ).date_naive()
}

/// The complaints the drill-down lists (all of them, as an export has them).
fn drilled(f: &Fx, ctx: &Ctx<'_>, handler: Option<i64>, assigned: bool) -> Vec<i64> {
    let d = Drill::Complaints {
        from: day(now() - Duration::days(70)),
        to: day(now()),
        category: None,
        station: None,
        handler,
        closed: false,
        assigned,
        kept: true,
    };
    let sheet = reports::drill::drill_all(f.db.conn(), &d, ctx).unwrap();
    sheet
        .keys
        .iter()
        .map(|k| match k {
            Some(RowKey::Complaint(id)) => *id,
            other => panic!("{other:?}"),
        })
        .collect()
}

/// The same lists as the old path made them: every complaint's log judged in Rust, then
/// kept by handler (`assigned`: any handler); and how many complaints were judged.
fn judged(f: &Fx, ctx: &Ctx<'_>, filters: &[(Option<i64>, bool)]) -> (Vec<Vec<i64>>, usize) {
    let from = day(now() - Duration::days(70));
    let facts = frontdesk::store::reports::sla::facts(f.db.conn(), from, day(now()), ctx).unwrap();
    let lists = filters
        .iter()
        .map(|(handler, assigned)| {
            facts
                .iter()
                .filter(|x| x.sla_kept)
                .filter(|x| !assigned || x.handler.is_some())
                .filter(|x| handler.is_none() || x.handler == *handler)
                .map(|x| x.id)
                .collect()
        })
        .collect();
    (lists, facts.len())
}

fn settings() -> Vec<SlaSettings> {
    let d = SlaSettings::default();
    vec![
        d.clone(),
        SlaSettings {
            first_contact: Duration::minutes(7),
            assign_handler: Duration::minutes(45),
            resolve_general: Duration::hours(30),
            resolve_major: Duration::hours(50),
            ..d.clone()
        },
        SlaSettings {
            business_hours: true,
            ..d
        },
    ]
}

/// Every moment and deadline set: the drill-down keeps what the logs keep. Returns how
/// many were kept and of how many.
fn compare(f: &Fx, kit: &Kit, business_hours: bool) -> (usize, usize) {
    let filters = [(None, false), (None, true), (f.agent.agent_id, true)];
    let (mut kept, mut of) = (0, 0);
    for h in [-24 * 40, -24 * 10, -30, 0, 24 * 5, 24 * 400] {
        let at = now() + Duration::hours(h) + Duration::nanoseconds(123_456_789);
        for sla in settings()
            .into_iter()
            .filter(|s| business_hours || !s.business_hours)
        {
            let c = ctx(kit, at, sla.clone());
            let (want, n) = judged(f, &c, &filters);
            for ((who, assigned), want) in filters.iter().zip(want) {
                let got = drilled(f, &c, *who, *assigned);
                assert_eq!(got, want, "at {at}, {sla:?}, handler {who:?}");
                kept += got.len();
                of += n;
            }
        }
    }
    (kept, of)
}

#[test]
fn the_within_sla_drill_down_judged_in_sql_keeps_what_the_logs_keep() {
    let mut f = fx(1);
    let ids = seeded(&mut f, 120);
    let kinds: Vec<(String, i64)> =
        f.db.conn()
            .prepare("SELECT kind, count(*) FROM complaint_events GROUP BY kind")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
    // The logs hold every kind of step that moves a clock.
    for k in [
        "contacted",
        "handler_assigned",
        "paused",
        "resumed",
        "resolved",
        "reopened",
    ] {
        assert!(
            kinds.iter().any(|(x, n)| x == k && *n > 3),
            "{k}: {kinds:?}"
        );
    }
    let kit = Kit {
        templates: TemplateSet::builtin(),
        calendar: BusinessCalendar::builtin(),
        rules: Rules::builtin(),
    };
    let (kept, of) = compare(&f, &kit, true);
    // Neither all nor none kept their deadlines.
    assert!(kept > 100 && kept * 10 < of * 9, "{kept} of {of}");
    // With business hours, once every step is seen, the marks judge every complaint.
    assert_eq!(unjudged(&f, &kit.calendar), 0);
    across_a_calendar_change(&mut f, &kit);
    // Without marks (a file before its migration) the logs judge every complaint.
    let marks = "SELECT id, sla_seen_ns, sla_received_ns, sla_contact_ns, sla_assign_ns,
        sla_resolve_ns, sla_resolve_from_ns, sla_bcal, sla_b_received_ns, sla_b_contact_ns,
        sla_b_assign_ns, sla_b_resolve_ns, sla_b_resolve_from_ns FROM complaints ORDER BY id";
    let read = |f: &Fx| -> Vec<[Option<i64>; 13]> {
        f.db.conn()
            .prepare(marks)
            .unwrap()
            .query_map([], |r| {
                Ok(std::array::from_fn(|i| r.get::<_, Option<i64>>(i).unwrap()))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let written = read(&f);
    assert_eq!(written.len(), ids.len());
    assert!(written.iter().all(|m| m[1].is_some() && m[7].is_some()));
    f.db.conn()
        .execute_batch(
            "UPDATE complaints SET sla_seen_ns = NULL, sla_received_ns = NULL,
             sla_contact_ns = NULL, sla_assign_ns = NULL, sla_resolve_ns = NULL,
             sla_resolve_from_ns = NULL, sla_bcal = NULL, sla_b_received_ns = NULL,
             sla_b_contact_ns = NULL, sla_b_assign_ns = NULL, sla_b_resolve_ns = NULL,
             sla_b_resolve_from_ns = NULL",
        )
        .unwrap();
    compare(&f, &kit, true);
    // The migrations' backfills write what each write wrote.
    frontdesk::store::complaints::marks::backfill(f.db.conn()).unwrap();
    frontdesk::store::complaints::marks::backfill_business(f.db.conn()).unwrap();
    assert_eq!(read(&f), written);
}

/// How many complaints the marks cannot judge (NULL) with business-hours deadlines under
/// `calendar`, as of long after every step.
fn unjudged(f: &Fx, calendar: &BusinessCalendar) -> usize {
    let time = BusinessTime::new(calendar, BusinessHours::default(), TZ);
    let sla = SlaSettings {
        business_hours: true,
        ..SlaSettings::default()
    };
    let kept = sc::marks::kept(now() + Duration::days(400), &sla, &time).unwrap();
    let sql = format!(
        "SELECT count(*) FROM complaints c WHERE ({}) IS NULL",
        kept.sql(1)
    );
    let n: i64 =
        f.db.conn()
            .query_row(&sql, rusqlite::params_from_iter(kept.args()), |r| r.get(0))
            .unwrap();
    n as usize
}

/// The store installs another calendar (2026 with other days off): marks read under the
/// old one are not used (the logs judge every complaint, and judge the same) until the app
/// or command that follows the change reads them again; then the marks judge again, and
/// the same; under the old calendar the logs judge.
fn across_a_calendar_change(f: &mut Fx, kit: &Kit) {
    let text = "[[year]]\nyear = 2026\nholidays = [\n  { from = \"2026-10-27\", to = \"2026-10-30\", name = \"店休\" },\n  { date = \"2026-11-11\", name = \"店庆\" },\n]\nworkdays = [\"2026-11-01\"]\n";
    let (calendar, err) = BusinessCalendar::with_overrides_text(text, "calendar.toml");
    assert_eq!(err, None);
    let new = Kit {
        templates: TemplateSet::builtin(),
        calendar,
        rules: Rules::builtin(),
    };
    let n = sc::count(f.db.conn(), sc::Show::All).unwrap();
    assert_eq!(unjudged(f, &new.calendar), n);
    let (kept_new, _) = compare(f, &new, true);
    let time = BusinessTime::new(&new.calendar, BusinessHours::default(), TZ);
    assert_eq!(sc::marks::follow(&mut f.db, time.clone()).unwrap(), n);
    assert_eq!(unjudged(f, &new.calendar), 0);
    assert_eq!(unjudged(f, &kit.calendar), n);
    // The other calendar keeps other complaints.
    assert_eq!(compare(f, &new, true).0, kept_new);
    assert_ne!(compare(f, kit, true).0, kept_new);
    // Nothing left to read again; steps written now read their marks under the new one.
    assert_eq!(sc::marks::follow(&mut f.db, time.clone()).unwrap(), 0);
    let fp = |f: &Fx| -> Option<i64> {
        f.db.conn()
            .query_row("SELECT sla_bcal FROM complaints WHERE id = 1", [], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let old = BusinessTime::new(&kit.calendar, BusinessHours::default(), TZ);
    f.db.set_business_time(old.clone());
    let note = EventKind::Note {
        text: "回访".into(),
    };
    let h = f.agent.agent_id.unwrap();
    sc::append(&mut f.db, 1, Event::new(now(), h, note.clone()), TZ).unwrap();
    assert_eq!(fp(f), Some(old.fingerprint()));
    f.db.set_business_time(time.clone());
    sc::append(&mut f.db, 1, Event::new(now(), h, note), TZ).unwrap();
    assert_eq!(fp(f), Some(time.fingerprint()));
    // Back to the built-in calendar for the rest of the test.
    assert_eq!(sc::marks::follow(&mut f.db, old).unwrap(), n);
}

/// `complaints --overdue` as it was: the first 5,000 open complaints as listed
/// (`status <> 'closed'`, read from the whole table), each judged from its own log read
/// on its own.
fn overdue_old(f: &Fx, lang: Lang, d: Deadlines<'_>, clock: &Clock) -> Vec<String> {
    let conn = f.db.conn();
    let ids: Vec<i64> = conn
        .prepare(
            "SELECT id FROM complaints WHERE status <> 'closed'
             ORDER BY status = 'new' DESC, received_at DESC, id DESC LIMIT 5000",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let listed: Vec<i64> = sc::list(conn, sc::Show::Open, None, TZ, 5000)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(listed, ids, "the open list read through the status index");
    ids.iter()
        .filter_map(|&id| {
            let r = sc::get(conn, id).unwrap();
            let events = sc::events(conn, id).unwrap();
            let clocks = frontdesk::domain::complaints::clocks(
                &events,
                r.severity,
                d.0,
                d.1,
                &BusinessHours::default(),
                d.2,
                clock.now(),
            );
            clocks
                .iter()
                .any(|c| c.state == ClockState::Overdue)
                .then(|| cli::line(&r, &clocks, lang, clock))
        })
        .collect()
}

/// At every moment, with every deadline set and in both languages, `complaints --overdue`
/// prints what the old path printed. Returns how many lines were printed and how many
/// open complaints were left unread.
fn compare_overdue(f: &Fx) -> (usize, usize) {
    let calendar = BusinessCalendar::builtin();
    let open = sc::count(f.db.conn(), sc::Show::Open).unwrap();
    let (mut printed, mut skipped) = (0, 0);
    for h in [-24 * 40, -24 * 10, -30, 0, 24 * 5, 24 * 400] {
        let at = now() + Duration::hours(h) + Duration::nanoseconds(123_456_789);
        let clock = Clock::fixed(TZ, at);
        for sla in settings() {
            let d = (&sla, &calendar, TZ);
            for lang in [Lang::Zh, Lang::En] {
                let old = overdue_old(f, lang, d, &clock);
                let new = cli::overdue(&f.db, lang, d, &clock).unwrap();
                assert_eq!(new, old, "at {at}, {sla:?}, {lang:?}");
                printed += new.len();
            }
            // Complaints whose marks say every deadline is kept are not read.
            let time = BusinessTime::new(&calendar, BusinessHours::default(), TZ);
            let kept = sc::marks::kept(at, &sla, &time);
            let judged = sc::marks::overdue_candidates(f.db.conn(), 5000, kept.as_ref())
                .unwrap()
                .len();
            assert!(judged <= open);
            skipped += open - judged;
        }
    }
    (printed, skipped)
}

#[test]
fn complaints_overdue_prints_what_judging_every_open_log_printed() {
    let mut f = fx(1);
    seeded(&mut f, 120);
    let open = sc::count(f.db.conn(), sc::Show::Open).unwrap();
    assert!(open > 30, "{open} open");
    let (printed, skipped) = compare_overdue(&f);
    // Some printed, some left unprinted; some complaints never read.
    assert!(
        printed > 50 && skipped > 20,
        "{printed} printed, {skipped} skipped"
    );
    // Without marks (a file before its migration 0022) every open log is read.
    f.db.conn()
        .execute_batch("UPDATE complaints SET sla_seen_ns = NULL")
        .unwrap();
    let (again, skipped) = compare_overdue(&f);
    assert_eq!((again, skipped), (printed, 0));
}

/// With business-hours deadlines (no marks) the drill-down reads the logs of the
/// complaints in its days in one query, not one per complaint.
#[test]
fn business_hours_logs_are_read_in_one_query() {
    use rusqlite::trace::{TraceEvent, TraceEventCodes};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut f = fx(1);
    seeded(&mut f, 60);
    let kit = Kit {
        templates: TemplateSet::builtin(),
        calendar: BusinessCalendar::builtin(),
        rules: Rules::builtin(),
    };
    let business = SlaSettings {
        business_hours: true,
        ..SlaSettings::default()
    };
    let c = ctx(&kit, now(), business);
    let want = drilled(&f, &c, None, false);
    // The same drill-down on a connection of its own that counts the log reads.
    let reads = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = reads.clone();
    let mut conn = rusqlite::Connection::open(f.db.path()).unwrap();
    conn.trace_v2(
        TraceEventCodes::SQLITE_TRACE_STMT,
        Some(move |e: TraceEvent<'_>| {
            if let TraceEvent::Stmt(_, sql) = e
                && sql.contains("FROM complaint_events")
            {
                seen.fetch_add(1, Ordering::Relaxed);
            }
        }),
    )
    .unwrap();
    let d = Drill::Complaints {
        from: day(now() - Duration::days(70)),
        to: day(now()),
        category: None,
        station: None,
        handler: None,
        closed: false,
        assigned: false,
        kept: true,
    };
    let sheet = reports::drill::drill_all(&conn, &d, &c).unwrap();
    assert!(want.len() > 2, "{want:?}");
    assert_eq!(sheet.keys.len(), want.len());
    assert_eq!(reads.load(Ordering::Relaxed), 1);
}

/// Each complaint on its own, just after its last step (when running clocks are still
/// within their limits, as well as long after): the marks' condition says what its log
/// says, with every deadline set, under a calendar change too (once the marks are read
/// again under the new calendar).
#[test]
fn the_marks_judge_each_complaint_as_its_log_does_from_its_last_step_on() {
    let mut f = fx(1);
    let ids = seeded(&mut f, 120);
    let judge = |f: &Fx, calendar: &BusinessCalendar| -> (usize, usize) {
        let time = BusinessTime::new(calendar, BusinessHours::default(), TZ);
        let (mut kept, mut missed) = (0, 0);
        for &id in &ids {
            let r = sc::get(f.db.conn(), id).unwrap();
            let events = sc::events(f.db.conn(), id).unwrap();
            let last = events.iter().map(|e| e.at).max().unwrap();
            for after in [0, 1, 180, 540, 2_400, 7_200, 28_800, 72_000, 259_200] {
                let at = last + Duration::seconds(after) + Duration::nanoseconds(after);
                for sla in settings() {
                    let clocks = frontdesk::domain::complaints::clocks(
                        &events,
                        r.severity,
                        &sla,
                        calendar,
                        &BusinessHours::default(),
                        TZ,
                        at,
                    );
                    let want = !frontdesk::domain::complaints::any_missed(&clocks);
                    let k = sc::marks::kept(at, &sla, &time).unwrap();
                    let sql = format!("SELECT ({}) FROM complaints c WHERE c.id = ?1", k.sql(2));
                    let mut p = vec![id];
                    p.extend(k.args());
                    let got: Option<bool> =
                        f.db.conn()
                            .query_row(&sql, rusqlite::params_from_iter(p), |r| r.get(0))
                            .unwrap();
                    assert_eq!(got, Some(want), "#{id} at {at}, {sla:?}");
                    if want {
                        kept += 1;
                    } else {
                        missed += 1;
                    }
                }
            }
        }
        (kept, missed)
    };
    let builtin = BusinessCalendar::builtin();
    let (kept, missed) = judge(&f, &builtin);
    assert!(kept > 500 && missed > 500, "{kept} kept, {missed} missed");
    let text = "[[year]]\nyear = 2026\nholidays = [{ from = \"2026-10-27\", to = \"2026-10-30\", name = \"店休\" }]\n";
    let (other, err) = BusinessCalendar::with_overrides_text(text, "calendar.toml");
    assert_eq!(err, None);
    let time = BusinessTime::new(&other, BusinessHours::default(), TZ);
    assert_eq!(sc::marks::follow(&mut f.db, time).unwrap(), ids.len());
    judge(&f, &other);
}
