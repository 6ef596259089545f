//! Improvement actions (整改) in the store: raising one with the complaint behind it,
//! stepping it through its workflow on the version the screen showed (two agents advancing
//! the same action: the second is refused, naming what the first did, and nothing of it is
//! written), verifying (supervisors, with a note), the audit trail, and the rectification
//! orders proposed when complaints recur (accepted once, dismissed sets not offered again).

mod support;

use chrono::Duration;
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::complaints::{Category, SlaSettings};
use frontdesk::domain::improvements::recur::{Key, RecurRule};
use frontdesk::domain::improvements::{Department, LinkKind, Status};
use frontdesk::i18n::Lang;
use frontdesk::store::improvements::proposals::{self, Judge};
use frontdesk::store::improvements::{self as si, Filter, NewImprovement};
use frontdesk::store::{Actor, Db, StoreError};
use support::appointments_fx::*;

fn complaint(f: &mut Fx, car: usize, category: Category, station: &str, day: u32) -> i64 {
    let (c, v) = f.cars[car];
    frontdesk::store::complaints::register(
        &mut f.db,
        f.sup,
        &frontdesk::store::complaints::NewComplaint {
            customer_id: Some(c),
            vehicle_id: Some(v),
            call_id: None,
            channel: "phone".into(),
            received_at: at(day, 10, 0),
            category,
            loss_yuan: None,
            severity_by_hand: None,
            station: station.into(),
            summary: "返修后仍异响".into(),
            demand: "彻底修好".into(),
            handler_id: None,
        },
    )
    .unwrap()
}

fn new_action(owner: i64, links: Vec<(LinkKind, i64)>) -> NewImprovement {
    NewImprovement {
        department: Department::Service,
        finding: "四轮定位后方向盘仍跑偏".into(),
        words: "客户：做完定位还是往右跑".into(),
        owner_id: Some(owner),
        due: Some(date(30)),
        links,
        order: None,
    }
}

fn said(e: StoreError) -> (String, String) {
    assert!(
        matches!(e, StoreError::Said { .. }),
        "not a worded refusal: {e:?}"
    );
    (e.message(Lang::Zh), e.message(Lang::En))
}

#[test]
fn an_action_is_raised_with_its_complaint_and_shows_the_customer() {
    let mut f = fx(2);
    let c = complaint(&mut f, 1, Category::RepairQuality, "", 20);
    let owner = f.agent.agent_id.unwrap();
    let id = si::raise(
        &mut f.db,
        f.agent,
        date(23),
        &new_action(owner, vec![(LinkKind::Complaint, c)]),
    )
    .unwrap();
    let row = si::get(f.db.conn(), id).unwrap();
    assert_eq!(row.status, Status::Open);
    assert_eq!(row.department, Department::Service);
    assert_eq!(row.owner.as_deref(), Some("1002 陈静"));
    assert_eq!(row.links, 1);
    let links = si::links(f.db.conn(), id).unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].kind, LinkKind::Complaint);
    assert_eq!(links[0].record_id, c);
    assert_eq!(links[0].customer, "客户1");
    assert_eq!(links[0].customer_id, Some(f.cars[1].0));
    assert_eq!(links[0].mobile, "138****0001", "masked");
    assert_eq!(links[0].tag, "repair_quality");
    let audit = frontdesk::store::audit::for_entity(f.db.conn(), "improvement", id, 5).unwrap();
    assert_eq!(audit[0].action, "improvement.raise");
}

#[test]
fn a_raise_missing_what_it_needs_or_naming_no_record_writes_nothing() {
    let mut f = fx(1);
    let owner = f.agent.agent_id.unwrap();
    let mut n = new_action(owner, vec![]);
    n.finding = " ".into();
    n.due = Some(date(22));
    let (zh, en) = said(si::raise(&mut f.db, f.agent, date(23), &n).unwrap_err());
    assert!(
        zh.contains("发现的问题") && zh.contains("不能早于今天"),
        "{zh}"
    );
    assert!(en.contains("what was found"), "{en}");
    let n = new_action(owner, vec![(LinkKind::Complaint, 999)]);
    let (zh, _) = said(si::raise(&mut f.db, f.agent, date(23), &n).unwrap_err());
    assert!(zh.contains("#999"), "{zh}");
    assert!(
        si::list(f.db.conn(), Filter::default(), 100)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_second_of_two_agents_advancing_the_same_action_is_refused() {
    let mut f = fx(1);
    let owner = f.agent.agent_id.unwrap();
    let id = si::raise(&mut f.db, f.agent, date(23), &new_action(owner, vec![])).unwrap();
    // A second connection to the same file: another agent's terminal.
    let mut other = Db::open(&f.path).unwrap();
    let seen = si::get(f.db.conn(), id).unwrap();
    let b = frontdesk::store::agents::ensure(
        &mut f.db,
        f.sup,
        "1005",
        "赵敏",
        frontdesk::store::agents::Role::Agent,
    )
    .unwrap();
    let b = Actor {
        agent_id: Some(b.id),
        at: now(),
    };
    let after = si::step(
        &mut other,
        b,
        id,
        seen.version,
        Status::InProgress,
        false,
        None,
    )
    .unwrap();
    assert_eq!(after.status, Status::InProgress);
    let e = si::step(
        &mut f.db,
        f.agent,
        id,
        seen.version,
        Status::InProgress,
        false,
        None,
    )
    .unwrap_err();
    let (zh, en) = said(e);
    assert!(zh.contains("1005 赵敏") && zh.contains("整改中"), "{zh}");
    assert!(
        en.contains("1005 赵敏") && en.contains("in progress"),
        "{en}"
    );
    let now_row = si::get(f.db.conn(), id).unwrap();
    assert_eq!(
        now_row.version, after.version,
        "nothing of the second written"
    );
    let steps = frontdesk::store::audit::for_entity(f.db.conn(), "improvement", id, 10)
        .unwrap()
        .into_iter()
        .filter(|a| a.action == "improvement.step")
        .count();
    assert_eq!(steps, 1);
}

#[test]
fn only_legal_steps_and_a_supervisor_with_a_note_verifies() {
    let mut f = fx(1);
    let owner = f.agent.agent_id.unwrap();
    let id = si::raise(&mut f.db, f.agent, date(23), &new_action(owner, vec![])).unwrap();
    let v = si::get(f.db.conn(), id).unwrap().version;
    // Open → done skips a step.
    let (zh, en) =
        said(si::step(&mut f.db, f.agent, id, v, Status::Done, false, None).unwrap_err());
    assert!(zh.contains("待处理") && en.contains("open"), "{zh} / {en}");
    let r = si::step(&mut f.db, f.agent, id, v, Status::InProgress, false, None).unwrap();
    let later = Actor {
        agent_id: f.agent.agent_id,
        at: now() + Duration::days(2),
    };
    let r = si::step(&mut f.db, later, id, r.version, Status::Done, false, None).unwrap();
    assert!(r.done_at.is_some());
    // An agent may not verify; a supervisor must write a note.
    let (zh, _) = said(
        si::step(
            &mut f.db,
            f.agent,
            id,
            r.version,
            Status::Verified,
            false,
            Some("ok"),
        )
        .unwrap_err(),
    );
    assert!(zh.contains("主管"), "{zh}");
    let (_, en) = said(
        si::step(
            &mut f.db,
            f.sup,
            id,
            r.version,
            Status::Verified,
            true,
            Some(" "),
        )
        .unwrap_err(),
    );
    assert!(en.contains("note"), "{en}");
    let r = si::step(
        &mut f.db,
        f.sup,
        id,
        r.version,
        Status::Verified,
        true,
        Some("抽查3台车定位数据合格"),
    )
    .unwrap();
    assert_eq!(r.status, Status::Verified);
    assert_eq!(r.verify_note, "抽查3台车定位数据合格");
    assert_eq!(r.verified_by.as_deref(), Some("1001 刘芳"));
    let open = si::list(
        f.db.conn(),
        Filter {
            status: Some(Status::Open),
            department: None,
        },
        100,
    )
    .unwrap();
    assert!(open.is_empty());
    let service = si::list(
        f.db.conn(),
        Filter {
            status: None,
            department: Some(Department::Service),
        },
        100,
    )
    .unwrap();
    assert_eq!(service.len(), 1);
    // The count a list stopped at its limit shows is the filter's.
    let all = si::list(f.db.conn(), Filter::default(), 100).unwrap().len();
    assert_eq!(si::count(f.db.conn(), Filter::default()).unwrap(), all);
    let open_only = Filter {
        status: Some(Status::Open),
        department: None,
    };
    assert_eq!(si::count(f.db.conn(), open_only).unwrap(), 0);
    let service_only = Filter {
        status: None,
        department: Some(Department::Service),
    };
    assert_eq!(si::count(f.db.conn(), service_only).unwrap(), 1);
}

fn judge<'a>(sla: &'a SlaSettings, cal: &'a BusinessCalendar) -> Judge<'a> {
    Judge {
        sla,
        calendar: cal,
        tz: TZ,
        now: now(),
    }
}

#[test]
fn recurring_complaints_propose_an_order_accepted_once_or_dismissed_for_good() {
    let mut f = fx(3);
    let sla = SlaSettings::default();
    let cal = BusinessCalendar::builtin();
    let rule = RecurRule::default();
    let a = complaint(&mut f, 0, Category::RepairQuality, "", 2);
    let b = complaint(&mut f, 1, Category::RepairQuality, "", 10);
    assert!(
        proposals::pending(f.db.conn(), rule, &judge(&sla, &cal))
            .unwrap()
            .is_empty()
    );
    let c = complaint(&mut f, 2, Category::RepairQuality, "", 20);
    let p = proposals::pending(f.db.conn(), rule, &judge(&sla, &cal)).unwrap();
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].key, Key::Category(Category::RepairQuality));
    assert_eq!(p[0].complaint_ids, vec![a, b, c]);

    // Dismissed with a reason: not offered again for the same complaints.
    let (zh, _) = said(proposals::dismiss(&mut f.db, f.sup, &p[0], " ").unwrap_err());
    assert!(zh.contains("理由"));
    proposals::dismiss(&mut f.db, f.sup, &p[0], "三起均为不同故障，非系统性问题").unwrap();
    assert!(
        proposals::pending(f.db.conn(), rule, &judge(&sla, &cal))
            .unwrap()
            .is_empty()
    );
    // Deciding the same set twice is refused.
    let (_, en) = said(proposals::dismiss(&mut f.db, f.sup, &p[0], "again").unwrap_err());
    assert!(en.contains("already decided"), "{en}");

    // A fourth complaint makes a new set; accepting creates the action linked to all four.
    let d = complaint(&mut f, 0, Category::RepairQuality, "", 22);
    let p = proposals::pending(f.db.conn(), rule, &judge(&sla, &cal)).unwrap();
    assert_eq!(p[0].complaint_ids, vec![a, b, c, d]);
    let owner = f.agent.agent_id.unwrap();
    let mut n = new_action(owner, vec![]);
    n.finding = p[0].finding(rule, Lang::Zh);
    n.order = Some((p[0].key.code(), p[0].complaint_ids.clone()));
    let id = si::raise(&mut f.db, f.sup, date(23), &n).unwrap();
    let row = si::get(f.db.conn(), id).unwrap();
    assert_eq!(row.links, 4);
    assert_eq!(row.order_key.as_deref(), Some("category:repair_quality"));
    assert!(
        proposals::pending(f.db.conn(), rule, &judge(&sla, &cal))
            .unwrap()
            .is_empty()
    );
    // Another supervisor accepting the same order a moment later is refused, and no second
    // action is left behind.
    let (zh, _) = said(si::raise(&mut f.db, f.sup, date(23), &n).unwrap_err());
    assert!(zh.contains("其他主管"), "{zh}");
    assert_eq!(
        si::list(f.db.conn(), Filter::default(), 100).unwrap().len(),
        1
    );
}

#[test]
fn a_station_with_mixed_categories_recurs_too() {
    let mut f = fx(3);
    let sla = SlaSettings::default();
    let cal = BusinessCalendar::builtin();
    complaint(&mut f, 0, Category::Attitude, "二号店", 5);
    complaint(&mut f, 1, Category::Pricing, "二号店", 6);
    complaint(&mut f, 2, Category::Timeliness, "二号店", 7);
    let p = proposals::pending(f.db.conn(), RecurRule::default(), &judge(&sla, &cal)).unwrap();
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].key, Key::Station("二号店".into()));
    // Product-quality complaints are valid only when a deadline was missed: fresh ones
    // with the clock still running do not count.
    let mut g = fx(3);
    for i in 0..3 {
        let day = 23;
        let _ = i;
        complaint(&mut g, 0, Category::ProductQuality, "", day);
    }
    let mut j = judge(&sla, &cal);
    j.now = at(23, 10, 5);
    assert!(
        proposals::pending(g.db.conn(), RecurRule::default(), &j)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_rule_is_a_store_setting() {
    let mut f = fx(3);
    let sla = SlaSettings::default();
    let cal = BusinessCalendar::builtin();
    assert_eq!(proposals::rule(f.db.conn()), RecurRule::default());
    complaint(&mut f, 0, Category::Pricing, "", 2);
    complaint(&mut f, 1, Category::Pricing, "", 20);
    let rule = proposals::rule(f.db.conn());
    assert!(
        proposals::pending(f.db.conn(), rule, &judge(&sla, &cal))
            .unwrap()
            .is_empty()
    );
    frontdesk::store::settings::set(&mut f.db, f.sup, proposals::COUNT_KEY, "2", None).unwrap();
    let rule = proposals::rule(f.db.conn());
    assert_eq!(rule, RecurRule { count: 2, days: 30 });
    assert_eq!(
        proposals::pending(f.db.conn(), rule, &judge(&sla, &cal))
            .unwrap()
            .len(),
        1
    );
    // Two in the last 7 days? Only one (the 20th).
    frontdesk::store::settings::set(&mut f.db, f.sup, proposals::DAYS_KEY, "7", None).unwrap();
    let rule = proposals::rule(f.db.conn());
    assert!(
        proposals::pending(f.db.conn(), rule, &judge(&sla, &cal))
            .unwrap()
            .is_empty()
    );
    // A broken value falls back to the default.
    frontdesk::store::settings::set(&mut f.db, f.sup, proposals::DAYS_KEY, "soon", Some(1))
        .unwrap();
    assert_eq!(proposals::rule(f.db.conn()).days, 30);
}

#[test]
fn the_demo_store_has_overdue_verified_actions_and_a_proposed_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("demo.sqlite3")).unwrap();
    let sys = Actor {
        agent_id: None,
        at: now(),
    };
    let counts = frontdesk::demo::fill(&mut db, sys, TZ, date(23), 300, 1, |_| {}).unwrap();
    assert!(counts.improvements >= 8, "{counts:?}");
    let all = si::list(db.conn(), Filter::default(), 100).unwrap();
    let today = date(23);
    let overdue = all
        .iter()
        .filter(|r| frontdesk::domain::improvements::is_overdue(r.status, r.due, today))
        .count();
    assert!(overdue >= 2, "{all:?}");
    assert!(
        all.iter()
            .any(|r| r.status == Status::Verified && !r.verify_note.is_empty())
    );
    assert!(all.iter().any(|r| r.links > 0));
    let departments: std::collections::BTreeSet<_> = all.iter().map(|r| r.department).collect();
    assert!(departments.len() >= 4, "{departments:?}");
    let sla = SlaSettings::default();
    let cal = BusinessCalendar::builtin();
    let rule = proposals::rule(db.conn());
    assert!(
        !proposals::pending(db.conn(), rule, &judge(&sla, &cal))
            .unwrap()
            .is_empty()
    );
}
