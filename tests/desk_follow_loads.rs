//! An open Desk form follows another agent's save through the loads thread (issue 13 rule
//! 3, issue 14 rule 1): the refresh tick asks whether the record under the form moved on as
//! a job there (the tick reads nothing of it), and the answer, taken in by `App::pump`,
//! merges the stored record into the form and says who changed it. One test per page, each
//! on a temporary store holding the one record the form is opened on; the whole app with
//! its threads, drawn at 80x24.

mod support;
use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Agent, Role};
use frontdesk::store::{Actor, Db};
use frontdesk::ui::app::App;
use std::time::{Duration, Instant};
use support::screen::draw;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

/// A temporary store with two supervisors: 1001 刘芳 works the app, 1002 陈静 saves
/// meanwhile on a connection of their own.
struct Fx {
    dir: tempfile::TempDir,
    other: Db,
    them: Agent,
}

impl Fx {
    fn new() -> Fx {
        let dir = tempfile::tempdir().unwrap();
        let mut other = Db::open(&dir.path().join("t.sqlite3")).unwrap();
        let sys = Actor {
            agent_id: None,
            at: now(),
        };
        agents::ensure(&mut other, sys, "1001", "刘芳", Role::Supervisor).unwrap();
        let them = agents::ensure(&mut other, sys, "1002", "陈静", Role::Supervisor).unwrap();
        Fx { dir, other, them }
    }

    /// The other supervisor, saving now.
    fn actor(&self) -> Actor {
        Actor {
            agent_id: Some(self.them.id),
            at: now(),
        }
    }

    /// 1001's app on the store with its threads started (`rental`: a rental company's).
    fn app(&mut self, rental: bool) -> App {
        if rental {
            let (key, actor) = (frontdesk::domain::rentals::MODE_KEY, self.actor());
            frontdesk::store::settings::set(&mut self.other, actor, key, "rental", None).unwrap();
        }
        let path = self.dir.path().join("t.sqlite3");
        let db = Db::open(&path).unwrap();
        let me = agents::by_emp_no(&db, "1001").unwrap().unwrap();
        let settings = Settings::with_db(path, Lang::En);
        let mut app = App::new(db, Clock::fixed(TZ, now()), settings, Some(me));
        app.start_background();
        app
    }

    /// A customer with a car (粤B20000): their ids.
    fn car(&mut self) -> (i64, i64) {
        use frontdesk::domain::archive::{CustomerData, VehicleData};
        let sys = self.actor();
        let c = CustomerData {
            name: "张三".into(),
            mobile: Some("13800000001".into()),
            ..Default::default()
        };
        let customer = frontdesk::store::customers::create(&mut self.other, sys, &c).unwrap();
        let v = VehicleData {
            vin: "LFVFOLLOW00000001".into(),
            plate: Some("粤B20000".into()),
            brand: "丰田".into(),
            model: "卡罗拉".into(),
            ..Default::default()
        };
        let vehicle =
            frontdesk::store::vehicles::create(&mut self.other, sys, customer, &v).unwrap();
        (customer, vehicle)
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Pumps the app's answers until no load is awaited (a generous bound: a failure, not a
/// timing).
fn pump_all(app: &mut App) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.waiting() {
        assert!(Instant::now() < deadline, "never came\n{}", draw(app));
        app.pump();
        std::thread::sleep(Duration::from_millis(5));
    }
    app.pump();
}

/// The Desk tab, then → to the page whose block title holds `title`, loads done.
fn to_page(app: &mut App, title: &str) {
    key(app, KeyCode::Char('7'));
    pump_all(app);
    for _ in 0..10 {
        if draw(app).contains(title) {
            return;
        }
        key(app, KeyCode::Right);
        pump_all(app);
    }
    panic!("no page {title}: {}", draw(app));
}

/// The screen without spaces and borders: a wrapped sentence reads as one run.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

/// With a form open on the page, the other supervisor saves (`save`): the tick asks the
/// loads thread (nothing merged while its answer has not come), and once pumped the form
/// says who changed it (`said`, as the screen shows it without spaces).
fn follows(app: &mut App, save: impl FnOnce(), said: &str) {
    pump_all(app);
    let before = draw(app);
    save();
    assert!(app.tick(), "the data version moved");
    assert!(app.waiting(), "the check went to the loads thread");
    assert!(!squash(&draw(app)).contains(said), "{}", draw(app));
    pump_all(app);
    let screen = draw(app);
    assert!(
        squash(&screen).contains(said),
        "before:\n{before}\nafter:\n{screen}"
    );
}

#[test]
fn an_open_event_form_follows_another_agents_save_through_the_loads_thread() {
    use frontdesk::domain::events::{EventData, EventKind, TargetRule};
    use frontdesk::store::events as ev;
    let mut fx = Fx::new();
    let data = |title: &str| EventData {
        title: title.into(),
        kind: EventKind::Talk,
        starts_at: d(11, 28).and_hms_opt(14, 0, 0).unwrap(),
        place: "Hall".into(),
        capacity: 30,
        target: TargetRule::default(),
        channel: frontdesk::domain::callbacks::Channel::Call,
        notes: String::new(),
    };
    let actor = fx.actor();
    let id = ev::create(&mut fx.other, actor, &data("Talk")).unwrap();
    let mut app = fx.app(false);
    to_page(&mut app, "Customer events");
    key(&mut app, KeyCode::Char('e'));
    let other = &mut fx.other;
    follows(
        &mut app,
        || {
            ev::update(other, actor, id, 1, &data("Winter talk")).unwrap();
        },
        "1002陈静justchangedthisrecord:Title→Wintertalk",
    );
}

#[test]
fn an_open_article_form_follows_another_supervisors_save_through_the_loads_thread() {
    use frontdesk::domain::kb::{Article, KbKind};
    use frontdesk::store::kb;
    let mut fx = Fx::new();
    let article = |symptom: &str| {
        Article::new(KbKind::Troubleshoot)
            .with("symptom", symptom)
            .with("fix", "Check pads")
    };
    let actor = fx.actor();
    let id = kb::create(&mut fx.other, actor, &article("Brake noise")).unwrap();
    let mut app = fx.app(false);
    to_page(&mut app, "Knowledge base");
    key(&mut app, KeyCode::Char('e'));
    let other = &mut fx.other;
    follows(
        &mut app,
        || {
            kb::update(other, actor, id, 1, &article("Brake squeal")).unwrap();
        },
        "1002陈静justchangedthisrecord",
    );
}

#[test]
fn an_open_verification_follows_another_agents_step_through_the_loads_thread() {
    use frontdesk::domain::improvements::{Department, Status};
    use frontdesk::store::improvements as si;
    let mut fx = Fx::new();
    let new = si::NewImprovement {
        department: Department::Service,
        finding: "Long waits at reception".into(),
        words: String::new(),
        owner_id: Some(fx.them.id),
        due: Some(d(11, 24)),
        links: Vec::new(),
        order: None,
    };
    let (actor, today) = (fx.actor(), d(11, 23));
    let id = si::raise(&mut fx.other, actor, today, &new).unwrap();
    si::step(&mut fx.other, actor, id, 1, Status::InProgress, false, None).unwrap();
    si::step(&mut fx.other, actor, id, 2, Status::Done, false, None).unwrap();
    let mut app = fx.app(false);
    to_page(&mut app, "Improvement actions");
    key(&mut app, KeyCode::Char('v'));
    let other = &mut fx.other;
    follows(
        &mut app,
        || {
            si::step(other, actor, id, 3, Status::InProgress, false, None).unwrap();
        },
        "TheactionisnowInprogress.1002陈静justchanged",
    );
}

#[test]
fn an_open_scoring_sheet_follows_another_supervisors_score_through_the_loads_thread() {
    use frontdesk::domain::templates::TemplateSet;
    use frontdesk::store::{calls, quality};
    let mut fx = Fx::new();
    // A short call of agent 1003's an hour ago: the supervisor's entry samples it.
    let start = now() - chrono::Duration::hours(1);
    let sys = Actor {
        agent_id: None,
        at: start,
    };
    let agent = agents::ensure(&mut fx.other, sys, "1003", "李强", Role::Agent).unwrap();
    let set = TemplateSet::builtin();
    let t = set.get("consult_price").unwrap();
    let c = calls::NewCall {
        customer_id: None,
        vehicle_id: None,
        direction: frontdesk::domain::calls::Direction::Inbound,
        channel: frontdesk::domain::calls::Channel::Phone,
        template_id: t.id.clone(),
        template_version: t.version,
        group: t.group,
        fields: Default::default(),
        sentence: "问价".into(),
        resolved: true,
        completeness: 90,
        started_at: start,
    };
    let by = Actor {
        agent_id: Some(agent.id),
        at: start + chrono::Duration::seconds(10),
    };
    calls::save(&mut fx.other, by, &c).unwrap();
    let mut app = fx.app(false);
    to_page(&mut app, "Quality review:");
    let me = agents::by_emp_no(&fx.other, "1001").unwrap().unwrap();
    let queue = quality::list(&fx.other, &me, quality::View::Queue).unwrap();
    let review = queue.first().expect("the short call is queued").id;
    key(&mut app, KeyCode::Enter);
    let def = quality::config(fx.other.conn()).review;
    let scores = frontdesk::domain::quality::Scores {
        points: def.criteria.iter().map(|c| (c.id.clone(), 5)).collect(),
        fatal: false,
    };
    let seen = quality::detail(&fx.other, &me, review).unwrap().row.version;
    let them = fx.them.clone();
    let other = &mut fx.other;
    follows(
        &mut app,
        || {
            quality::score(other, now(), &them, review, seen, &scores, "好", &def).unwrap();
        },
        "1002陈静justchangedthisreview(nowscored)",
    );
}

#[test]
fn an_open_return_form_follows_another_agents_breakdown_through_the_loads_thread() {
    use frontdesk::domain::rentals::{Fault, parse_when};
    use frontdesk::store::rentals::{self as store, NewBreakdown, NewRental};
    let mut fx = Fx::new();
    let (customer, vehicle) = fx.car();
    let r = NewRental {
        contract_no: "R-5001".into(),
        vehicle_id: vehicle,
        customer_id: customer,
        branch: "福田网点".into(),
        start_at: parse_when("2026-11-22 09:00", TZ).unwrap(),
        planned_return_at: parse_when("2026-11-25 18:00", TZ).unwrap(),
    };
    let actor = fx.actor();
    let id = store::create(&mut fx.other, actor, &r).unwrap();
    let mut app = fx.app(true);
    to_page(&mut app, "Rentals  out");
    key(&mut app, KeyCode::Char('r'));
    let b = NewBreakdown {
        rental_id: id,
        fault: Fault::Battery,
        occurred_at: parse_when("2026-11-23 08:00", TZ).unwrap(),
        place: "滨河大道".into(),
        note: String::new(),
    };
    let other = &mut fx.other;
    follows(
        &mut app,
        || {
            store::log_breakdown(other, actor, &b, 1).unwrap();
        },
        "1002陈静justchangedthisrental",
    );
}

#[test]
fn an_open_receipt_form_follows_another_agents_receipt_through_the_loads_thread() {
    use frontdesk::domain::archive::{RepairKind, RepairOrderData};
    use frontdesk::domain::handover::HandoverKind;
    use frontdesk::store::handover::{self as store, Receipt};
    let mut fx = Fx::new();
    let (_, vehicle) = fx.car();
    // A repair order handed back on 16 November: its documents are due.
    let o = RepairOrderData {
        ro_number: "RO202611160001".into(),
        opened: d(11, 14),
        closed: Some(d(11, 16)),
        advisor: "孙伟".into(),
        kind: RepairKind::Maintenance,
        ..Default::default()
    };
    let (sid, sys) = (fx.other.store_id().to_string(), fx.actor());
    let ro = fx
        .other
        .write(|tx| frontdesk::store::files::insert_repair_order_in(tx, &sid, sys, vehicle, &o))
        .unwrap();
    let mut app = fx.app(false);
    to_page(&mut app, "Hand-over: late");
    key(&mut app, KeyCode::Char('m'));
    let version = store::get(
        fx.other.conn(),
        &frontdesk::domain::calendar::BusinessCalendar::builtin(),
        d(11, 23),
        HandoverKind::Repair,
        ro,
    )
    .unwrap()
    .version;
    let theirs = Receipt {
        kind: HandoverKind::Repair,
        file_id: ro,
        version,
        documents: vec!["work_order".into()],
        day: d(11, 21),
        handed_by: "李明".into(),
    };
    let other = &mut fx.other;
    follows(
        &mut app,
        || {
            store::mark_received(other, sys, d(11, 23), &theirs).unwrap();
        },
        "1002陈静justchangedthisfile",
    );
}

#[test]
fn an_open_settings_section_follows_another_supervisors_store_file_through_the_loads_thread() {
    let mut fx = Fx::new();
    let mut app = fx.app(false);
    to_page(&mut app, "Store settings");
    key(&mut app, KeyCode::Enter);
    let mut other = Db::open(&fx.dir.path().join("t.sqlite3")).unwrap();
    let key_ = frontdesk::setup::key("store.toml");
    let actor = fx.actor();
    follows(
        &mut app,
        || {
            let text = "no_show_grace_minutes = 25\n";
            frontdesk::store::settings::set_checked(&mut other, actor, &key_, text, None).unwrap();
        },
        "1002陈静justchangedthisrecord",
    );
}
