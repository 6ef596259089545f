//! The rental desk on a real store file: rentals and their derived status, the return
//! (version-checked, audited) that plans the satisfaction survey once, breakdowns logged
//! against a rental, and the long-term renter's care call planned once a year.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use frontdesk::domain::archive::{CustomerData, VehicleData};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::{Kind, Rules};
use frontdesk::domain::rentals::{Fault, RentalStatus};
use frontdesk::store::agents::{self, Role};
use frontdesk::store::callbacks as cb;
use frontdesk::store::calls;
use frontdesk::store::rentals::{self, NewBreakdown, NewRental};
use frontdesk::store::{Actor, Db, StoreError, customers, vehicles};

fn tz() -> Tz {
    chrono_tz::Asia::Shanghai
}

fn t(s: &str) -> DateTime<Utc> {
    let n = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    tz().from_local_datetime(&n).unwrap().with_timezone(&Utc)
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct Store {
    _dir: tempfile::TempDir,
    db: Db,
    agent: i64,
    next: usize,
}

fn actor(agent: Option<i64>, at: &str) -> Actor {
    Actor {
        agent_id: agent,
        at: t(at),
    }
}

fn store() -> Store {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("store.db")).unwrap();
    let a = agents::ensure(
        &mut db,
        actor(None, "2026-01-01 08:00"),
        "1002",
        "陈静",
        Role::Agent,
    )
    .unwrap();
    Store {
        _dir: dir,
        db,
        agent: a.id,
        next: 0,
    }
}

impl Store {
    fn me(&self, at: &str) -> Actor {
        actor(Some(self.agent), at)
    }

    fn customer(&mut self) -> i64 {
        self.next += 1;
        let c = CustomerData {
            name: format!("租客{}", self.next),
            mobile: Some(format!("1390000{:04}", self.next)),
            ..Default::default()
        };
        let sid = self.db.store_id().to_string();
        self.db
            .write(|tx| customers::insert_in(tx, &sid, actor(None, "2026-01-01 08:00"), &c))
            .unwrap()
    }

    fn car(&mut self, fleet: i64) -> i64 {
        self.next += 1;
        let v = VehicleData {
            vin: format!("LSVAA0000{:08}", self.next),
            plate: Some(format!("粤B{:05}", self.next)),
            brand: "大众".into(),
            model: "朗逸".into(),
            ..Default::default()
        };
        let sid = self.db.store_id().to_string();
        self.db
            .write(|tx| vehicles::insert_in(tx, &sid, actor(None, "2026-01-01 08:00"), fleet, &v))
            .unwrap()
    }

    fn rent(&mut self, no: &str, car: i64, who: i64, from: &str, to: &str) -> i64 {
        let me = self.me(from);
        rentals::create(
            &mut self.db,
            me,
            &NewRental {
                contract_no: no.into(),
                vehicle_id: car,
                customer_id: who,
                branch: "福田网点".into(),
                start_at: t(from),
                planned_return_at: t(to),
            },
        )
        .unwrap()
    }

    fn give_back(&mut self, id: i64, at: &str) {
        let seen = rentals::get(self.db.conn(), id).unwrap().version;
        let me = self.me(at);
        rentals::record_return(&mut self.db, me, id, seen, t(at), "").unwrap();
    }

    fn plan(&mut self, today: &str) -> cb::PlanReport {
        let at = format!("{today} 07:00");
        cb::plan(
            &mut self.db,
            actor(None, &at),
            d(today),
            tz(),
            &Rules::builtin(),
            &BusinessCalendar::builtin(),
        )
        .unwrap()
    }

    fn tasks(&self, kind: Kind) -> Vec<(String, i64, String, String)> {
        let mut st = self
            .db
            .conn()
            .prepare(
                "SELECT source_table, source_id, period, due_date FROM callback_tasks
                 WHERE kind = ?1 ORDER BY id",
            )
            .unwrap();
        st.query_map([kind.code()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    fn audits(&self, action: &str, entity: &str, id: i64) -> i64 {
        self.db
            .conn()
            .query_row(
                "SELECT count(*) FROM audit WHERE action = ?1 AND entity = ?2 AND entity_id = ?3",
                rusqlite::params![action, entity, id],
                |r| r.get(0),
            )
            .unwrap()
    }
}

#[test]
fn a_rental_is_out_then_overdue_then_returned() {
    let mut s = store();
    let fleet = s.customer();
    let car = s.car(fleet);
    let who = s.customer();
    let id = s.rent(
        "r-2026-0001",
        car,
        who,
        "2026-11-20 09:00",
        "2026-11-22 18:00",
    );
    let r = rentals::get(s.db.conn(), id).unwrap();
    assert_eq!(
        r.contract_no, "R-2026-0001",
        "contract numbers are kept upper case"
    );
    assert_eq!(r.plate.as_deref(), Some(format!("粤B{:05}", 2).as_str()));
    assert_eq!(r.status(t("2026-11-21 10:00")), RentalStatus::Active);
    assert_eq!(r.status(t("2026-11-23 09:30")), RentalStatus::Overdue);
    assert_eq!(
        rentals::counts(s.db.conn(), t("2026-11-23 09:30")).unwrap(),
        (1, 1)
    );
    assert_eq!(rentals::out(s.db.conn(), 10).unwrap().len(), 1);
    assert_eq!(
        rentals::out_on_vehicle(s.db.conn(), car)
            .unwrap()
            .map(|r| r.id),
        Some(id)
    );
    assert_eq!(s.audits("create", "rental", id), 1);

    s.give_back(id, "2026-11-23 10:00");
    let r = rentals::get(s.db.conn(), id).unwrap();
    assert_eq!(r.status(t("2026-11-23 10:30")), RentalStatus::Returned);
    assert_eq!(r.return_branch.as_deref(), Some("福田网点"));
    assert!(rentals::out(s.db.conn(), 10).unwrap().is_empty());
    assert_eq!(
        rentals::counts(s.db.conn(), t("2026-11-23 10:30")).unwrap(),
        (0, 0)
    );
    assert_eq!(s.audits("rental_return", "rental", id), 1);
    assert_eq!(
        rentals::returned_since(s.db.conn(), t("2026-11-23 00:00"), 10)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_used_contract_or_a_car_still_out_is_refused() {
    let mut s = store();
    let fleet = s.customer();
    let (car, other_car) = (s.car(fleet), s.car(fleet));
    let who = s.customer();
    s.rent("R-1001", car, who, "2026-11-20 09:00", "2026-11-25 09:00");
    let new = |no: &str, vehicle_id: i64| NewRental {
        contract_no: no.into(),
        vehicle_id,
        customer_id: who,
        branch: String::new(),
        start_at: t("2026-11-21 09:00"),
        planned_return_at: t("2026-11-22 09:00"),
    };
    let me = s.me("2026-11-21 09:00");
    let err = rentals::create(&mut s.db, me, &new("R-1001", other_car)).unwrap_err();
    assert!(
        matches!(&err, StoreError::Said { en, .. } if en.contains("exists")),
        "{err:?}"
    );
    let err = rentals::create(&mut s.db, me, &new("R-1002", car)).unwrap_err();
    assert!(
        matches!(&err, StoreError::Said { en, .. } if en.contains("R-1001")),
        "{err:?}"
    );
    let err = rentals::create(&mut s.db, me, &new("R 1", other_car)).unwrap_err();
    assert!(matches!(err, StoreError::Said { .. }));
    let mut back = new("R-1003", other_car);
    back.planned_return_at = back.start_at;
    assert!(rentals::create(&mut s.db, me, &back).is_err());
    assert!(rentals::create(&mut s.db, me, &new("R-1003", other_car)).is_ok());
}

#[test]
fn a_return_on_an_old_version_is_refused_naming_what_happened() {
    let mut s = store();
    let fleet = s.customer();
    let car = s.car(fleet);
    let who = s.customer();
    let id = s.rent("R-2001", car, who, "2026-11-20 09:00", "2026-11-22 18:00");
    let seen = rentals::get(s.db.conn(), id).unwrap().version;
    s.give_back(id, "2026-11-22 17:00");
    let me = s.me("2026-11-22 17:05");
    let err =
        rentals::record_return(&mut s.db, me, id, seen, t("2026-11-22 17:05"), "").unwrap_err();
    match err {
        StoreError::Said { zh, en } => {
            assert!(zh.contains("R-2001") && zh.contains("1002 陈静"), "{zh}");
            assert!(en.contains("returned"), "{en}");
        }
        e => panic!("{e:?}"),
    }
    assert_eq!(s.audits("rental_return", "rental", id), 1);
}

#[test]
fn the_return_plans_one_satisfaction_survey_the_day_after() {
    let mut s = store();
    let fleet = s.customer();
    let car = s.car(fleet);
    let who = s.customer();
    let id = s.rent("R-3001", car, who, "2026-11-18 09:00", "2026-11-23 09:00");
    s.plan("2026-11-23");
    assert!(
        s.tasks(Kind::RentalReturn).is_empty(),
        "no survey while the car is out"
    );
    s.give_back(id, "2026-11-23 16:00");
    let r = s.plan("2026-11-23");
    assert_eq!(r.created.get(&Kind::RentalReturn), Some(&1));
    let again = s.plan("2026-11-24");
    assert_eq!(again.created.get(&Kind::RentalReturn), None);
    assert_eq!(
        s.tasks(Kind::RentalReturn),
        vec![("rentals".into(), id, String::new(), "2026-11-24".into())]
    );
    // The task carries the rental survey and its script.
    let task_id: i64 =
        s.db.conn()
            .query_row(
                "SELECT id FROM callback_tasks WHERE kind = 'rental_return'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    let detail = cb::task(s.db.conn(), &Rules::builtin(), task_id, d("2026-11-24")).unwrap();
    let survey = detail.survey.unwrap();
    assert_eq!(survey.title, "租车满意度调查表");
    assert!(survey.questions.iter().any(|q| q.text.contains("故障救援")));
    assert!(detail.script.contains("还车"));
}

#[test]
fn a_breakdown_is_logged_against_the_rental() {
    let mut s = store();
    let fleet = s.customer();
    let car = s.car(fleet);
    let who = s.customer();
    let id = s.rent("R-4001", car, who, "2026-11-20 09:00", "2026-11-25 09:00");
    let me = s.me("2026-11-21 15:00");
    let b = NewBreakdown {
        rental_id: id,
        fault: Fault::Tyre,
        occurred_at: t("2026-11-21 14:40"),
        place: "广深高速 K32 东莞段".into(),
        note: "右前胎爆胎".into(),
    };
    let bid = rentals::log_breakdown(&mut s.db, me, &b, 1)
        .unwrap()
        .breakdown_id;
    let list = rentals::breakdowns(s.db.conn(), id).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, bid);
    assert_eq!(list[0].rental_id, id);
    assert_eq!(list[0].fault, Fault::Tyre);
    assert_eq!(list[0].place, "广深高速 K32 东莞段");
    assert_eq!(list[0].occurred_at, t("2026-11-21 14:40"));
    assert_eq!(rentals::get(s.db.conn(), id).unwrap().breakdowns, 1);
    assert_eq!(s.audits("create", "rental_breakdown", bid), 1);
    // The rental moved on with it, and says so in its own history.
    assert_eq!(rentals::get(s.db.conn(), id).unwrap().version, 2);
    assert_eq!(s.audits("breakdown_logged", "rental", id), 1);

    // Before the rental started, or without a place: refused, nothing written.
    let early = NewBreakdown {
        occurred_at: t("2026-11-19 14:40"),
        ..b.clone()
    };
    assert!(rentals::log_breakdown(&mut s.db, me, &early, 2).is_err());
    let nowhere = NewBreakdown {
        place: "  ".into(),
        ..b
    };
    assert!(rentals::log_breakdown(&mut s.db, me, &nowhere, 2).is_err());
    assert_eq!(rentals::breakdowns(s.db.conn(), id).unwrap().len(), 1);
    assert_eq!(rentals::get(s.db.conn(), id).unwrap().version, 2);
}

#[test]
fn a_breakdown_or_a_return_on_an_old_version_is_refused_naming_the_breakdown_logged_first() {
    let mut s = store();
    let fleet = s.customer();
    let car = s.car(fleet);
    let who = s.customer();
    let id = s.rent("R-4101", car, who, "2026-11-20 09:00", "2026-11-25 09:00");
    let me = s.me("2026-11-21 15:00");
    let b = NewBreakdown {
        rental_id: id,
        fault: Fault::Battery,
        occurred_at: t("2026-11-21 14:40"),
        place: "福田网点停车场".into(),
        note: String::new(),
    };
    rentals::log_breakdown(&mut s.db, me, &b, 1).unwrap();
    // A second agent logging the same breakdown on the version they saw: refused, with who
    // logged it first; nothing written.
    for err in [
        rentals::log_breakdown(&mut s.db, me, &b, 1).unwrap_err(),
        rentals::record_return(&mut s.db, me, id, 1, t("2026-11-21 15:00"), "").unwrap_err(),
    ] {
        match err {
            StoreError::Said { zh, en } => {
                assert!(zh.contains("R-4101") && zh.contains("1002 陈静"), "{zh}");
                assert!(en.contains("breakdown logged"), "{en}");
            }
            e => panic!("{e:?}"),
        }
    }
    assert_eq!(rentals::breakdowns(s.db.conn(), id).unwrap().len(), 1);
    let r = rentals::get(s.db.conn(), id).unwrap();
    assert_eq!((r.version, r.returned_at), (2, None));
    // On the version now stored, the return goes through.
    rentals::record_return(&mut s.db, me, id, 2, t("2026-11-21 16:00"), "").unwrap();
}

#[test]
fn a_breakdown_opens_the_rescue_case_with_its_30_minute_clock_linked_both_ways() {
    let mut s = store();
    let fleet = s.customer();
    let car = s.car(fleet);
    let who = s.customer();
    let id = s.rent("R-4201", car, who, "2026-11-20 09:00", "2026-11-25 09:00");
    // Reported at 15:05 for a fault at 14:40: the clock runs from the report.
    let me = s.me("2026-11-21 15:05");
    let b = NewBreakdown {
        rental_id: id,
        fault: Fault::Battery,
        occurred_at: t("2026-11-21 14:40"),
        place: "深南大道与科技园路口".into(),
        note: "仪表盘全黑".into(),
    };
    let logged = rentals::log_breakdown(&mut s.db, me, &b, 1).unwrap();
    assert_eq!(logged.contact_due, t("2026-11-21 15:35"));
    let conn = s.db.conn();
    // The breakdown names its case, with the case's deadline.
    let list = rentals::breakdowns(conn, id).unwrap();
    assert_eq!(list[0].rescue_id, Some(logged.rescue_id));
    assert_eq!(list[0].contact_due, Some(t("2026-11-21 15:35")));
    assert!(!list[0].contacted);
    // The case is the Calls tab's own: the rental's customer and car, the place, the
    // 30-minute deadline, counted open and on its list.
    let case = calls::rescue(conn, logged.rescue_id).unwrap();
    assert_eq!(case.opened_at, t("2026-11-21 15:05"));
    assert_eq!(case.contact_due, t("2026-11-21 15:35"));
    assert_eq!(case.location, "深南大道与科技园路口");
    assert_eq!(case.customer, "租客3");
    assert_eq!(case.plate.as_deref(), Some("粤B00002"));
    assert!(case.contacted_at.is_none() && case.closed_at.is_none());
    let open = calls::open_rescues(conn, 10).unwrap();
    assert_eq!(
        open.iter().map(|r| r.id).collect::<Vec<_>>(),
        [logged.rescue_id]
    );
    assert_eq!(
        calls::rescues_to_contact(conn, t("2026-11-21 15:30")).unwrap(),
        (1, 0)
    );
    assert_eq!(
        calls::rescues_to_contact(conn, t("2026-11-21 15:36")).unwrap(),
        (1, 1)
    );
    // Its rescue call names the customer, the car, the fault with its time and the place.
    let call = calls::get(conn, case.call_id).unwrap();
    assert_eq!(call.rescue_id, Some(logged.rescue_id));
    assert_eq!(call.row.customer_id, Some(who));
    assert_eq!(call.vehicle_id, Some(car));
    assert_eq!(call.row.template_id, "rescue_roadside");
    for part in [
        "电瓶亏电",
        "2026-11-21 14:40",
        "R-4201",
        "仪表盘全黑",
        "深南大道与科技园路口",
        "粤B00002",
        "13900000003",
    ] {
        assert!(
            call.row.sentence.contains(part),
            "{part}: {}",
            call.row.sentence
        );
    }
    // A breakdown refused (an old version) opens no case.
    assert!(rentals::log_breakdown(&mut s.db, me, &b, 1).is_err());
    assert_eq!(calls::open_rescues(s.db.conn(), 10).unwrap().len(), 1);
    // Once the customer is contacted, the breakdown says so.
    calls::rescue_step(
        &mut s.db,
        me,
        logged.rescue_id,
        &calls::RescueStep::Contacted,
    )
    .unwrap();
    assert!(rentals::breakdowns(s.db.conn(), id).unwrap()[0].contacted);
}

#[test]
fn a_long_term_renter_gets_one_care_call_a_year() {
    let mut s = store();
    let fleet = s.customer();
    let (c1, c2, c3) = (s.car(fleet), s.car(fleet), s.car(fleet));
    // A 40-day rental: long-term from its 30th day (2026-11-19).
    let long = s.customer();
    s.rent("R-5001", c1, long, "2026-10-21 09:00", "2026-11-30 09:00");
    // Two short rentals this year: not yet.
    let repeat = s.customer();
    let a = s.rent("R-5002", c2, repeat, "2026-03-01 09:00", "2026-03-03 09:00");
    s.give_back(a, "2026-03-03 09:00");
    let b = s.rent("R-5003", c2, repeat, "2026-07-01 09:00", "2026-07-03 09:00");
    s.give_back(b, "2026-07-03 09:00");
    s.plan("2026-11-23");
    assert_eq!(
        s.tasks(Kind::RentalCare),
        vec![("customers".into(), long, "2026".into(), "2026-11-19".into())]
    );
    // The third rental of the year makes a repeat renter; planning again adds nothing else.
    s.rent("R-5004", c3, repeat, "2026-11-24 09:00", "2026-11-26 09:00");
    s.plan("2026-11-24");
    s.plan("2026-11-25");
    let care = s.tasks(Kind::RentalCare);
    assert_eq!(care.len(), 2, "{care:?}");
    assert_eq!(
        care[1],
        (
            "customers".into(),
            repeat,
            "2026".into(),
            "2026-11-24".into()
        )
    );
}

#[test]
fn the_counts_are_those_of_the_list_out_lists() {
    let mut s = store();
    let fleet = s.customer();
    let mut ids = Vec::new();
    for (i, due) in ["2026-11-22 18:00", "2026-11-23 08:00", "2026-11-25 18:00"]
        .into_iter()
        .enumerate()
    {
        let car = s.car(fleet);
        ids.push(s.rent(&format!("R-C{i}"), car, fleet, "2026-11-20 09:00", due));
    }
    let upcoming = s.car(fleet);
    s.rent(
        "R-C9",
        upcoming,
        fleet,
        "2026-11-24 09:00",
        "2026-11-26 18:00",
    );
    s.give_back(ids[2], "2026-11-23 09:00");
    let now = t("2026-11-23 09:30");
    let all = rentals::out(s.db.conn(), 100).unwrap();
    let late = all
        .iter()
        .filter(|r| r.status(now) == RentalStatus::Overdue)
        .count();
    assert_eq!((all.len(), late), (3, 2));
    assert_eq!(rentals::counts(s.db.conn(), now).unwrap(), (3, 2));
    // A list stopped at its limit holds fewer rows than the count says.
    assert_eq!(rentals::out(s.db.conn(), 2).unwrap().len(), 2);
}
