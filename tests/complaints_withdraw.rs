//! A supervisor withdraws a complaint registered by mistake: the store refuses anyone else
//! (whatever screen asked; a validity ruling likewise), needs a reason, refuses a closed complaint and a stale page
//! (naming who changed it), audits the step, takes the complaint's waiting calls off the
//! queue, and leaves it out of the open list and every count while it stays findable.

mod support;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::Rules;
use frontdesk::domain::complaints::{Event, EventKind, Missing, Refusal, StepKind};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::i18n::Lang;
use frontdesk::store::complaints::{self as sc, Show};
use frontdesk::store::reports::{self, Ctx, Drill, Range, Report};
use frontdesk::store::{Actor, StoreError, audit, board, callbacks as cb, timeline};
use support::appointments_fx::*;

fn register(f: &mut Fx, at: DateTime<Utc>) -> i64 {
    let c = new_complaint(f, at, "前台态度差");
    sc::register(&mut f.db, f.agent, &c).unwrap()
}

/// Two complaints received now, the second withdrawn five minutes on: (kept, withdrawn).
fn one_withdrawn(f: &mut Fx) -> (i64, i64) {
    let kept = register(f, now());
    let gone = register(f, now());
    take(
        f.sup,
        f,
        gone,
        now() + Duration::minutes(5),
        withdrawal("重复登记"),
    )
    .unwrap();
    (kept, gone)
}

fn withdrawal(reason: &str) -> EventKind {
    EventKind::Withdrawn {
        reason: reason.into(),
    }
}

/// A step by `by` on the log as it is now (as a screen that just loaded it).
fn take(
    by: Actor,
    f: &mut Fx,
    id: i64,
    at: DateTime<Utc>,
    kind: EventKind,
) -> Result<(), StoreError> {
    let seen = sc::last_event_id(f.db.conn(), id).unwrap();
    let e = Event {
        at,
        by: by.agent_id,
        kind,
    };
    sc::append_seen(&mut f.db, id, seen, e, TZ).map(drop)
}

fn audit_rows(f: &Fx, id: i64) -> usize {
    audit::for_entity(f.db.conn(), "complaint", id, 1000)
        .unwrap()
        .len()
}

#[test]
fn a_plain_agent_is_refused_by_the_store_and_nothing_is_written() {
    let mut f = fx(1);
    let id = register(&mut f, now());
    let (seen, entries) = (
        sc::last_event_id(f.db.conn(), id).unwrap(),
        audit_rows(&f, id),
    );
    let t = now() + Duration::minutes(2);
    let refused = take(f.agent, &mut f, id, t, withdrawal("误登记")).unwrap_err();
    let StoreError::Refused(r) = &refused else {
        panic!("{refused:?}");
    };
    assert_eq!(
        *r,
        Refusal::SupervisorOnly {
            step: StepKind::Withdraw
        }
    );
    assert_eq!(
        refused.message(Lang::Zh),
        "无法撤销投诉：只有客服主管可以操作，请联系主管。"
    );
    assert_eq!(
        refused.message(Lang::En),
        "Cannot withdraw the complaint: only a supervisor can; ask your supervisor."
    );
    // Through the plain append too, and with no agent at all.
    let e = Event {
        at: t,
        by: None,
        kind: withdrawal("误登记"),
    };
    assert!(matches!(
        sc::append(&mut f.db, id, e, TZ),
        Err(StoreError::Refused(Refusal::SupervisorOnly { .. }))
    ));
    assert_eq!(sc::last_event_id(f.db.conn(), id).unwrap(), seen);
    assert_eq!(audit_rows(&f, id), entries);
    assert_eq!(complaint_status(&f, id), "new");
}

/// A ruling on validity (a supervisor's "invalid" takes a complaint out of the counts) was
/// refused to an agent on the complaint's page only; the store refuses it too.
#[test]
fn a_ruling_is_a_supervisors_as_the_store_enforces_it() {
    let mut f = fx(1);
    let id = register(&mut f, now());
    let t = now() + Duration::minutes(2);
    let ruling = || EventKind::Ruled {
        valid: false,
        reason: "客户误会".into(),
    };
    let refused = take(f.agent, &mut f, id, t, ruling()).unwrap_err();
    assert!(
        matches!(
            refused,
            StoreError::Refused(Refusal::SupervisorOnly {
                step: StepKind::Rule
            })
        ),
        "{refused:?}"
    );
    assert_eq!(
        refused.message(Lang::Zh),
        "无法判定有效投诉：只有客服主管可以操作，请联系主管。"
    );
    take(f.sup, &mut f, id, t, ruling()).unwrap();
    let state = frontdesk::domain::complaints::fold(&sc::events(f.db.conn(), id).unwrap());
    assert_eq!(
        state.ruling.map(|r| (r.valid, r.by)),
        Some((false, f.sup.agent_id))
    );
}

#[test]
fn a_supervisor_withdraws_with_a_reason_recorded_and_audited() {
    let mut f = fx(1);
    let id = register(&mut f, now());
    let t = now() + Duration::minutes(3);
    let blank = take(f.sup, &mut f, id, t, withdrawal("  ")).unwrap_err();
    assert!(
        matches!(&blank, StoreError::Refused(Refusal::Missing { step: StepKind::Withdraw, missing }) if *missing == vec![Missing::Reason]),
        "{blank:?}"
    );
    let entries = audit_rows(&f, id);
    take(
        f.sup,
        &mut f,
        id,
        t,
        withdrawal("坐席把回访备注误填进投诉栏"),
    )
    .unwrap();
    assert_eq!(complaint_status(&f, id), "withdrawn");
    let state = frontdesk::domain::complaints::fold(&sc::events(f.db.conn(), id).unwrap());
    let w = state.withdrawal.expect("recorded");
    assert_eq!((w.at, w.by), (t, f.sup.agent_id));
    assert_eq!(w.reason, "坐席把回访备注误填进投诉栏");
    // One audit entry, read as a sentence naming who, what and why.
    assert_eq!(audit_rows(&f, id), entries + 1);
    let read = |lang| complaint_sentences(&f, id, lang).pop().unwrap();
    let zh = read(Lang::Zh);
    assert!(zh.contains("刘芳") && zh.contains("撤销了投诉"), "{zh}");
    assert!(zh.contains("坐席把回访备注误填进投诉栏"), "{zh}");
    let en = read(Lang::En);
    assert!(en.contains("withdrew complaint"), "{en}");
    // Withdrawn is final: a second withdrawal, a contact, are refused.
    let again = take(f.sup, &mut f, id, t, withdrawal("again")).unwrap_err();
    assert!(again.message(Lang::En).contains("withdrawn"), "{again:?}");
    assert!(take(f.agent, &mut f, id, t, EventKind::Contacted).is_err());
}

/// A complaint worked to closure: received `at`, closed 50 minutes on.
fn closed(f: &mut Fx, at: DateTime<Utc>) -> i64 {
    let id = register(f, at);
    let steps = closing_steps();
    for (i, kind) in steps.into_iter().enumerate() {
        let e = Event::new(
            at + Duration::minutes(5 + 10 * i as i64),
            f.agent.agent_id.unwrap(),
            kind,
        );
        sc::append(&mut f.db, id, e, TZ).unwrap();
    }
    id
}

#[test]
fn a_closed_complaint_cannot_be_withdrawn() {
    let mut f = fx(1);
    let id = closed(&mut f, now());
    let e = take(
        f.sup,
        &mut f,
        id,
        now() + Duration::hours(2),
        withdrawal("误登记"),
    )
    .unwrap_err();
    assert!(
        matches!(
            &e,
            StoreError::Refused(Refusal::WrongStatus {
                step: StepKind::Withdraw,
                ..
            })
        ),
        "{e:?}"
    );
    assert_eq!(
        e.message(Lang::Zh),
        "无法撤销投诉：投诉当前为「已结案」，已结案的投诉不能撤销。"
    );
    assert_eq!(complaint_status(&f, id), "closed");
}

#[test]
fn a_stale_page_is_refused_naming_who_changed_it() {
    let mut f = fx(1);
    let id = register(&mut f, now());
    // The supervisor's page is loaded; then the agent records the first contact.
    let seen = sc::last_event_id(f.db.conn(), id).unwrap();
    take(
        f.agent,
        &mut f,
        id,
        now() + Duration::minutes(2),
        EventKind::Contacted,
    )
    .unwrap();
    let e = Event {
        at: now() + Duration::minutes(3),
        by: f.sup.agent_id,
        kind: withdrawal("误登记"),
    };
    let stale = sc::append_seen(&mut f.db, id, seen, e, TZ).unwrap_err();
    let zh = stale.message(Lang::Zh);
    assert!(
        zh.contains("1002 陈静") && zh.contains("记录联系客户"),
        "{zh}"
    );
    let en = stale.message(Lang::En);
    assert!(
        en.contains("1002 陈静") && en.contains("record a contact"),
        "{en}"
    );
    assert_eq!(complaint_status(&f, id), "contacted");
}

#[test]
fn the_waiting_follow_up_calls_are_withdrawn_and_never_planned_again() {
    let mut f = fx(1);
    let id = closed(&mut f, now());
    let rules = Rules::builtin();
    let cal = BusinessCalendar::builtin();
    let plan = |f: &mut Fx, day: NaiveDate| {
        cb::plan(&mut f.db, f.sup, day, TZ, &rules, &cal).unwrap();
    };
    plan(&mut f, date(24));
    let tasks = |f: &Fx| -> Vec<(String, Option<String>)> {
        let mut st =
            f.db.conn()
                .prepare(
                    "SELECT t.status, t.skip_reason FROM callback_tasks t
                 JOIN complaint_follow_ups u ON u.id = t.source_id
                 WHERE t.kind = 'complaint' AND u.complaint_id = ?1 ORDER BY t.id",
                )
                .unwrap();
        st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        tasks(&f),
        vec![("open".to_string(), None)],
        "the follow-up call"
    );
    // Reopened (its follow-up call superseded: `complaints_reopen.rs`), then withdrawn: the
    // registration was a mistake.
    let t = now() + Duration::hours(2);
    take(
        f.sup,
        &mut f,
        id,
        t,
        EventKind::Reopened {
            reason: "客户电话".into(),
        },
    )
    .unwrap();
    take(f.sup, &mut f, id, t, withdrawal("登记错了客户")).unwrap();
    assert_eq!(
        tasks(&f),
        vec![("skipped".to_string(), Some("superseded".to_string()))]
    );
    // The tracking checks months on are never planned.
    for day in [date(30), NaiveDate::from_ymd_opt(2026, 12, 23).unwrap()] {
        plan(&mut f, day);
    }
    assert_eq!(tasks(&f).len(), 1, "{:?}", tasks(&f));
}

fn ctx<'a>(
    templates: &'a TemplateSet,
    calendar: &'a BusinessCalendar,
    rules: &'a Rules,
) -> Ctx<'a> {
    Ctx {
        lang: Lang::En,
        tz: TZ,
        now: now() + Duration::days(3),
        templates,
        calendar,
        sla: Default::default(),
        rules,
        churn_months: 12,
        viewer: Default::default(),
    }
}

#[test]
fn a_withdrawn_complaint_leaves_the_open_list_and_every_count_but_stays_findable() {
    let mut f = fx(1);
    // Two complaints, both left overdue (no contact within 10 minutes); one withdrawn.
    let (kept, gone) = one_withdrawn(&mut f);
    let conn = f.db.conn();
    let ids = |rows: Vec<sc::ComplaintRow>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
    let list = |show| ids(sc::list(conn, show, None, TZ, 100).unwrap());
    assert_eq!(list(Show::Open), vec![kept]);
    assert_eq!(sc::count(conn, Show::Open).unwrap(), 1);
    assert_eq!(sc::open_ids(conn, 100).unwrap(), vec![kept]);
    assert_eq!(sc::open_count_for_customer(conn, f.cars[0].0).unwrap(), 1);
    // Findable: in "all" and with the finished ones, shown as withdrawn.
    assert!(list(Show::All).contains(&gone));
    assert_eq!(list(Show::Closed), vec![gone]);
    assert_eq!(sc::count(conn, Show::Closed).unwrap(), 1);
    let row = sc::get(conn, gone).unwrap();
    assert_eq!(row.status.label(Lang::Zh), "已撤销");
    // Overdue (`frontdesk complaints --overdue`): the open one only.
    let cand = ids(sc::marks::overdue_candidates(conn, 100, None).unwrap());
    assert_eq!(cand, vec![kept]);
    // The board: open complaints, received today.
    let day_start = now() - Duration::hours(9) - Duration::minutes(30);
    let b = board::today(conn, day_start, now(), Default::default()).unwrap();
    assert_eq!((b.complaints_open, b.complaints_today), (1, 1));
    // The reports: the month-end summary, the SLA facts behind the KPIs, the drill-down.
    let (templates, calendar, rules) = (
        TemplateSet::builtin(),
        BusinessCalendar::builtin(),
        Rules::builtin(),
    );
    let c = ctx(&templates, &calendar, &rules);
    let range = Range {
        from: Some(date(1)),
        to: Some(date(30)),
    };
    let summary = reports::build(conn, Report::Complaints, &range, &c).unwrap();
    assert_eq!(summary.rows.len(), 1, "{:?}", summary.rows);
    assert!(
        summary
            .notes
            .iter()
            .any(|n| n.contains("1 complaint, 1 valid")),
        "{:?}",
        summary.notes
    );
    let facts = reports::sla::facts(conn, date(1), date(30), &c).unwrap();
    assert_eq!(facts.iter().map(|x| x.id).collect::<Vec<_>>(), vec![kept]);
    let drill = Drill::Complaints {
        from: date(1),
        to: date(30),
        category: None,
        station: None,
        handler: None,
        closed: false,
        assigned: false,
        kept: false,
    };
    assert_eq!(
        reports::drill::drill_all(conn, &drill, &c)
            .unwrap()
            .rows
            .len(),
        1
    );
    // The customer's archive keeps it, with its reason.
    let contacts = timeline::for_customer(conn, f.cars[0].0, 10).unwrap();
    let found = contacts.iter().any(|x| {
        matches!(x,
        timeline::Contact::Complaint { id, status, withdrawn, .. }
            if *id == gone && status == "withdrawn" && withdrawn.as_deref() == Some("重复登记"))
    });
    assert!(found, "{contacts:?}");
}

/// `frontdesk complaints`: the open listing leaves a withdrawn complaint out; the month's
/// listing shows it as withdrawn and its tally of valid complaints does not count it.
#[test]
fn the_command_line_lists_it_as_withdrawn_and_counts_it_nowhere() {
    let mut f = fx(1);
    let (kept, gone) = one_withdrawn(&mut f);
    let home = tempfile::tempdir().unwrap();
    let db = f.path.to_str().unwrap().to_string();
    let run = |args: &[&str]| {
        let mut all = vec!["--db", db.as_str(), "--lang", "en", "complaints"];
        all.extend(args);
        let (code, out, err) = support::run(&all, &support::env(home.path()));
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    let open = run(&[]);
    assert!(open.contains(&format!("#{kept} ")), "{open}");
    assert!(!open.contains(&format!("#{gone} ")), "{open}");
    let month = run(&["--month", "2026-11"]);
    let line = month
        .lines()
        .find(|l| l.starts_with(&format!("#{gone} ")))
        .unwrap_or_else(|| panic!("{month}"));
    assert!(line.contains("withdrawn"), "{line}");
    assert!(
        month.contains("一号店") && month.contains("1 / 1"),
        "{month}"
    );
    let overdue = run(&["--overdue"]);
    assert!(!overdue.contains(&format!("#{gone} ")), "{overdue}");
}
