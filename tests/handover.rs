//! Document hand-over in storage: the desk's receipts (version-checked, audited, all or
//! nothing), the list the desk follows up (late, missing, still open; oldest deadline first)
//! over sales files and repair orders on the built-in 2026 calendar, the report per staff
//! member over both kinds, and the demo store's mix.

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk::domain::archive::{
    CustomerData, RepairKind, RepairOrderData, SalesFileData, VehicleData,
};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::handover::{HandoverKind, Standing};
use frontdesk::i18n::Lang;
use frontdesk::store::handover::{self, Receipt, mark_received};
use frontdesk::store::{Actor, Db, StoreError, customers, files, vehicles};

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn actor(agent: Option<i64>) -> Actor {
    Actor {
        agent_id: agent,
        at: TZ
            .with_ymd_and_hms(2026, 10, 20, 9, 0, 0)
            .unwrap()
            .with_timezone(&Utc),
    }
}

struct Fx {
    _dir: tempfile::TempDir,
    db: Db,
    cal: BusinessCalendar,
    customer: i64,
    vehicle: i64,
}

fn fx() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("h.sqlite3")).unwrap();
    let c = CustomerData {
        name: "张三".into(),
        mobile: Some("13800000001".into()),
        ..Default::default()
    };
    let customer = customers::create(&mut db, actor(None), &c).unwrap();
    let v = VehicleData {
        vin: "LSVHANDOVER000000".into(),
        plate: Some("粤A10000".into()),
        brand: "大众".into(),
        model: "朗逸".into(),
        ..Default::default()
    };
    let vehicle = vehicles::create(&mut db, actor(None), customer, &v).unwrap();
    let agent = frontdesk::store::agents::ensure(
        &mut db,
        actor(None),
        "1002",
        "陈静",
        frontdesk::store::agents::Role::Agent,
    )
    .unwrap();
    assert_eq!(agent.id, 1);
    Fx {
        _dir: dir,
        db,
        cal: BusinessCalendar::builtin(),
        customer,
        vehicle,
    }
}

impl Fx {
    fn repair(&mut self, n: u32, closed: Option<NaiveDate>, advisor: &str) -> i64 {
        let o = RepairOrderData {
            ro_number: format!("RO2026100{n}"),
            opened: closed.unwrap_or(d(10, 19)),
            closed,
            advisor: advisor.into(),
            kind: RepairKind::Maintenance,
            ..Default::default()
        };
        let (sid, v) = (self.db.store_id().to_string(), self.vehicle);
        self.db
            .write(|tx| files::insert_repair_order_in(tx, &sid, actor(None), v, &o))
            .unwrap()
    }

    fn sales(&mut self, delivered: NaiveDate, who: &str) -> i64 {
        let s = SalesFileData {
            delivery_date: delivered,
            invoice_date: delivered,
            salesperson: who.into(),
            ..Default::default()
        };
        let (sid, v) = (self.db.store_id().to_string(), self.vehicle);
        self.db
            .write(|tx| files::insert_sales_file_in(tx, &sid, actor(None), v, &s))
            .unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        self.db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

fn receipt(kind: HandoverKind, id: i64, version: i64, docs: &[&str], day: NaiveDate) -> Receipt {
    Receipt {
        kind,
        file_id: id,
        version,
        documents: docs.iter().map(|s| s.to_string()).collect(),
        day,
        handed_by: "孙伟".into(),
    }
}

#[test]
fn repair_documents_received_one_by_one_complete_the_hand_over_with_the_last() {
    let mut f = fx();
    // Handed back Wednesday 30 September: due Thursday 8 October (National Day off).
    let ro = f.repair(1, Some(d(9, 30)), "孙伟");
    let today = d(10, 20);
    let h = handover::get(f.db.conn(), &f.cal, today, HandoverKind::Repair, ro).unwrap();
    assert_eq!(h.deadline, d(10, 8));
    assert_eq!(h.standing, Standing::Missing(9));
    let v = mark_received(
        &mut f.db,
        actor(Some(1)),
        today,
        &receipt(
            HandoverKind::Repair,
            ro,
            h.version,
            &["reception_order", "work_order"],
            d(10, 8),
        ),
    )
    .unwrap();
    assert_eq!(v, h.version + 1);
    // Two of three: not yet complete, still missing.
    let h = handover::get(f.db.conn(), &f.cal, today, HandoverKind::Repair, ro).unwrap();
    assert_eq!(h.received, None);
    let lines = handover::checklist(f.db.conn(), HandoverKind::Repair, ro).unwrap();
    assert_eq!(lines[0].received, Some(d(10, 8)));
    assert_eq!(lines[0].handed_by, "孙伟");
    assert_eq!(lines[2].received, None);
    // The settlement on the make-up Saturday 10 October: complete, two working days late.
    mark_received(
        &mut f.db,
        actor(Some(1)),
        today,
        &receipt(HandoverKind::Repair, ro, v, &["settlement"], d(10, 10)),
    )
    .unwrap();
    let h = handover::get(f.db.conn(), &f.cal, today, HandoverKind::Repair, ro).unwrap();
    assert_eq!(h.received, Some(d(10, 10)));
    assert_eq!(h.standing, Standing::Late(2));
    // Each receipt audited against the repair order, with who handed what over.
    assert_eq!(
        f.count(&format!(
            "SELECT count(*) FROM audit WHERE action = 'documents_received'
             AND entity = 'repair_order' AND entity_id = {ro} AND agent_id = 1"
        )),
        2
    );
    let after: String =
        f.db.conn()
            .query_row(
                "SELECT after FROM audit WHERE action = 'documents_received' ORDER BY id DESC",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert!(
        after.contains("settlement") && after.contains("孙伟"),
        "{after}"
    );
}

#[test]
fn a_stale_version_or_a_bad_receipt_writes_nothing() {
    let mut f = fx();
    let ro = f.repair(1, Some(d(10, 16)), "孙伟");
    let today = d(10, 20);
    let version = handover::get(f.db.conn(), &f.cal, today, HandoverKind::Repair, ro)
        .unwrap()
        .version;
    let all = ["reception_order", "work_order", "settlement"];
    let before = f.count("SELECT count(*) FROM audit");
    let stale = receipt(HandoverKind::Repair, ro, version - 1, &all, d(10, 19));
    assert!(matches!(
        mark_received(&mut f.db, actor(None), today, &stale),
        Err(StoreError::Conflict { .. })
    ));
    let mut nobody = receipt(HandoverKind::Repair, ro, version, &all, d(10, 19));
    nobody.handed_by = "  ".into();
    let err = mark_received(&mut f.db, actor(None), today, &nobody).unwrap_err();
    assert!(err.message(Lang::En).contains("staff member"), "{err}");
    let future = receipt(HandoverKind::Repair, ro, version, &all, d(10, 21));
    let err = mark_received(&mut f.db, actor(None), today, &future).unwrap_err();
    assert!(err.message(Lang::Zh).contains("晚于今天"), "{err}");
    let early = receipt(HandoverKind::Repair, ro, version, &all, d(10, 15));
    assert!(mark_received(&mut f.db, actor(None), today, &early).is_err());
    assert_eq!(f.count("SELECT count(*) FROM document_receipts"), 0);
    assert_eq!(f.count("SELECT count(*) FROM audit"), before);
    // Received once; the same document again (someone else was quicker) is refused whole.
    let ok = receipt(
        HandoverKind::Repair,
        ro,
        version,
        &["work_order"],
        d(10, 19),
    );
    let v = mark_received(&mut f.db, actor(None), today, &ok).unwrap();
    let again = receipt(
        HandoverKind::Repair,
        ro,
        v,
        &["settlement", "work_order"],
        d(10, 20),
    );
    let err = mark_received(&mut f.db, actor(None), today, &again).unwrap_err();
    assert!(err.message(Lang::En).contains("already recorded"), "{err}");
    assert_eq!(f.count("SELECT count(*) FROM document_receipts"), 1);
    // A repair order not yet handed back has no hand-over.
    let open = f.repair(2, None, "孙伟");
    assert!(matches!(
        handover::get(f.db.conn(), &f.cal, today, HandoverKind::Repair, open),
        Err(StoreError::NotFound)
    ));
    let err = mark_received(
        &mut f.db,
        actor(None),
        today,
        &receipt(HandoverKind::Repair, open, 1, &["work_order"], d(10, 19)),
    )
    .unwrap_err();
    assert!(
        err.message(Lang::En).contains("not been handed back"),
        "{err}"
    );
}

#[test]
fn sales_documents_tick_the_checklist_and_optional_ones_are_not_waited_for() {
    let mut f = fx();
    // Delivered Monday 19 October: due Wednesday 21.
    let sf = f.sales(d(10, 19), "王强");
    let today = d(10, 20);
    let required: Vec<&str> = HandoverKind::Sales
        .documents()
        .iter()
        .map(|(k, _, _)| *k)
        .filter(|k| HandoverKind::Sales.required(k))
        .collect();
    let h = handover::get(f.db.conn(), &f.cal, today, HandoverKind::Sales, sf).unwrap();
    assert_eq!((h.deadline, h.standing), (d(10, 21), Standing::NotYetDue));
    let mut r = receipt(HandoverKind::Sales, sf, h.version, &required, d(10, 20));
    r.handed_by = "王强".into();
    mark_received(&mut f.db, actor(None), today, &r).unwrap();
    let h = handover::get(f.db.conn(), &f.cal, today, HandoverKind::Sales, sf).unwrap();
    assert_eq!(
        (h.received, h.standing),
        (Some(d(10, 20)), Standing::OnTime)
    );
    let file = files::sales_file(f.db.conn(), f.vehicle).unwrap().unwrap();
    assert_eq!(file.data.documents.get("invoice"), Some(&true));
    assert_eq!(file.data.documents.get("residence_permit"), None);
    let lines = handover::checklist(f.db.conn(), HandoverKind::Sales, sf).unwrap();
    let permit = lines.iter().find(|l| l.key == "residence_permit").unwrap();
    assert!(!permit.required && permit.received.is_none());
    assert!(
        lines
            .iter()
            .filter(|l| l.required)
            .all(|l| l.handed_by == "王强")
    );
    assert!(
        handover::staff(f.db.conn())
            .unwrap()
            .contains(&"王强".to_string())
    );
}

#[test]
fn the_desk_follows_late_missing_and_open_hand_overs_oldest_deadline_first() {
    let mut f = fx();
    let today = d(10, 20);
    let on_time = f.repair(1, Some(d(10, 12)), "孙伟");
    let missing = f.repair(2, Some(d(10, 9)), "孙伟"); // due on the make-up Saturday 10th
    let open = f.repair(3, Some(d(10, 19)), "李明"); // due 20th: not yet due
    let late = f.sales(d(10, 8), "王强"); // due Saturday 10th
    let all = ["reception_order", "work_order", "settlement"];
    let v = |f: &Fx, k, id| {
        handover::get(f.db.conn(), &f.cal, today, k, id)
            .unwrap()
            .version
    };
    let ver = v(&f, HandoverKind::Repair, on_time);
    mark_received(
        &mut f.db,
        actor(None),
        today,
        &receipt(HandoverKind::Repair, on_time, ver, &all, d(10, 13)),
    )
    .unwrap();
    let ver = v(&f, HandoverKind::Sales, late);
    let mut r = receipt(HandoverKind::Sales, late, ver, &["contract"], d(10, 12));
    r.handed_by = "王强".into();
    mark_received(&mut f.db, actor(None), today, &r).unwrap();
    // Only the contract: the sales file is still missing documents.
    let (list, tally) = handover::to_follow(f.db.conn(), &f.cal, today, 90, 100).unwrap();
    let got: Vec<(HandoverKind, i64, NaiveDate, String)> = list
        .iter()
        .map(|h| (h.kind, h.file_id, h.deadline, h.standing.label(Lang::En)))
        .collect();
    assert_eq!(tally, handover::Tally::of(&list));
    assert_eq!((tally.missing, tally.not_yet_due, tally.total()), (2, 1, 3));
    assert_eq!(
        got,
        [
            (
                HandoverKind::Sales,
                late,
                d(10, 10),
                "missing (7 working days overdue)".to_string()
            ),
            (
                HandoverKind::Repair,
                missing,
                d(10, 10),
                "missing (7 working days overdue)".to_string()
            ),
            (
                HandoverKind::Repair,
                open,
                d(10, 20),
                "not yet due".to_string()
            ),
        ]
    );
    assert!(list.iter().all(|h| h.customer_id == f.customer));
    assert_eq!(list[1].reference, "RO20261002");
    assert_eq!(list[1].staff, "孙伟");
    // The limit keeps the oldest; the tally still counts them all.
    let (list, stopped) = handover::to_follow(f.db.conn(), &f.cal, today, 90, 1).unwrap();
    assert_eq!((list.len(), stopped), (1, tally));
}

#[test]
fn the_report_counts_sales_and_repair_per_staff_member() {
    use frontdesk::domain::callbacks::Rules;
    use frontdesk::domain::complaints::SlaSettings;
    use frontdesk::domain::templates::TemplateSet;
    use frontdesk::store::reports::{self, Ctx, Range, Report};
    let mut f = fx();
    let today = d(10, 20);
    let a = f.repair(1, Some(d(10, 12)), "孙伟");
    f.repair(2, Some(d(10, 9)), "孙伟");
    f.repair(3, Some(d(10, 19)), "李明");
    f.sales(d(10, 8), "王强");
    let ver = handover::get(f.db.conn(), &f.cal, today, HandoverKind::Repair, a)
        .unwrap()
        .version;
    let all = ["reception_order", "work_order", "settlement"];
    mark_received(
        &mut f.db,
        actor(None),
        today,
        &receipt(HandoverKind::Repair, a, ver, &all, d(10, 13)),
    )
    .unwrap();
    let (templates, rules) = (TemplateSet::builtin(), Rules::builtin());
    let ctx = Ctx {
        lang: Lang::Zh,
        tz: TZ,
        now: TZ
            .with_ymd_and_hms(2026, 10, 20, 18, 0, 0)
            .unwrap()
            .with_timezone(&Utc),
        templates: &templates,
        calendar: &f.cal,
        sla: SlaSettings::default(),
        rules: &rules,
        churn_months: 12,
        viewer: Default::default(),
    };
    let range = Range {
        from: Some(d(10, 1)),
        to: Some(d(10, 31)),
    };
    let s = reports::build(f.db.conn(), Report::Handover, &range, &ctx).unwrap();
    assert_eq!(
        s.text_rows(),
        [
            ["王强", "销售", "1", "0", "0", "1", "0"],
            ["孙伟", "维修", "2", "1", "0", "1", "0"],
            ["李明", "维修", "1", "0", "0", "0", "1"],
            ["合计", "", "4", "1", "0", "2", "1"],
        ]
    );
    let notes = s.notes.join("\n");
    assert!(
        notes.contains("2026-10-09 还车 RO20261002 粤A10000 张三 · 服务顾问 孙伟 · 应交 2026-10-10 · 未交（已逾期 7 个工作日）"),
        "{notes}"
    );
}

#[test]
fn the_demo_store_hands_most_documents_over_on_time_some_late_a_few_never() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("demo.sqlite3")).unwrap();
    let today = d(11, 23);
    let counts = frontdesk::demo::fill(&mut db, actor(None), TZ, today, 300, 7, |_| {}).unwrap();
    assert!(counts.handovers > 100, "{counts:?}");
    let cal = BusinessCalendar::builtin();
    let list = handover::between(db.conn(), &cal, today, None, d(5, 1), d(11, 13)).unwrap();
    let n = |k: fn(&Standing) -> bool| list.iter().filter(|h| k(&h.standing)).count();
    let (on_time, late, missing) = (
        n(|s| *s == Standing::OnTime),
        n(|s| matches!(s, Standing::Late(_))),
        n(|s| matches!(s, Standing::Missing(_))),
    );
    let total = list.len();
    assert!(total > 200, "{total}");
    assert!(on_time * 100 > total * 70, "on time {on_time} of {total}");
    assert!(
        late * 100 > total * 5 && late * 100 < total * 25,
        "late {late} of {total}"
    );
    assert!(
        missing >= 1 && missing * 100 < total * 5,
        "missing {missing} of {total}"
    );
    for kind in [HandoverKind::Sales, HandoverKind::Repair] {
        assert!(
            list.iter()
                .any(|h| h.kind == kind && h.standing == Standing::OnTime)
        );
    }
    // Each repair hand-over done has its three receipts from the advisor.
    let h = list
        .iter()
        .find(|h| h.kind == HandoverKind::Repair && h.received.is_some())
        .unwrap();
    let lines = handover::checklist(db.conn(), HandoverKind::Repair, h.file_id).unwrap();
    assert!(
        lines
            .iter()
            .all(|l| l.received == h.received && l.handed_by == h.staff)
    );
}
