//! A receptionist's first week (issue 18, point 1): what needs doing is in front of you.
//! A new complaint is at the top of the Complaints tab's default view (also one opened by
//! this agent elsewhere, by a low callback score); an agent's callback queue and the
//! status-bar count hold only the tasks that agent can take; a closed complaint shows its
//! follow-up call and tracking dates; a closed item never shows a running clock.
//! TestBackend at 80x24, both languages.

mod support;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::{CustomerData, RepairKind, RepairOrderData, VehicleData};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::Rules;
use frontdesk::domain::complaints::{Category, ConfirmHow, Event, EventKind};
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Agent, Role};
use frontdesk::store::callbacks as cb;
use frontdesk::store::complaints::{self as sc, NewComplaint};
use frontdesk::store::{Actor, Db, customers, files, vehicles};
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::App;
use support::screen::draw;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// 2026-11-23 09:30 in the store's zone.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

struct Fx {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    db: Db,
    agent: Agent,
    boss: Agent,
    customer: i64,
}

fn fx() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("due.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let sys = Actor {
        agent_id: None,
        at: now() - Duration::days(30),
    };
    let agent = agents::ensure(&mut db, sys, "1002", "陈静", Role::Agent).unwrap();
    let boss = agents::ensure(&mut db, sys, "1001", "刘芳", Role::Supervisor).unwrap();
    let customer = customers::create(
        &mut db,
        sys,
        &CustomerData {
            name: "张三".into(),
            mobile: Some("13812341234".into()),
            ..Default::default()
        },
    )
    .unwrap();
    Fx {
        _dir: dir,
        path,
        db,
        agent,
        boss,
        customer,
    }
}

impl Fx {
    /// The app on the fixture's store, and the folder that holds it (keep it alive).
    fn app(self, lang: Lang, who: &Agent) -> (App, tempfile::TempDir) {
        let app = App::new(
            self.db,
            Clock::fixed(TZ, now()),
            Settings::with_db(self.path, lang),
            Some(who.clone()),
        );
        (app, self._dir)
    }

    fn complaint(&mut self, at: DateTime<Utc>, summary: &str) -> i64 {
        let actor = Actor {
            agent_id: Some(self.agent.id),
            at,
        };
        let c = NewComplaint {
            customer_id: Some(self.customer),
            vehicle_id: None,
            call_id: None,
            channel: "phone".into(),
            received_at: at,
            category: Category::Attitude,
            loss_yuan: None,
            severity_by_hand: None,
            station: String::new(),
            summary: summary.into(),
            demand: String::new(),
            handler_id: None,
        };
        sc::register(&mut self.db, actor, &c).unwrap()
    }

    fn step(&mut self, id: i64, at: DateTime<Utc>, kind: EventKind) {
        sc::append(&mut self.db, id, Event::new(at, self.agent.id, kind), TZ).unwrap();
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// The list's rows (between the hint line and the footer).
fn rows(screen: &str) -> Vec<&str> {
    screen.lines().skip(3).take(18).collect()
}

#[test]
fn a_new_complaint_is_at_the_top_of_the_default_view() {
    for lang in [Lang::Zh, Lang::En] {
        let mut f = fx();
        // The new one came first; a later one has been contacted already.
        let fresh = now() - Duration::minutes(4);
        f.complaint(fresh, "NEWONE");
        let later = f.complaint(now() - Duration::minutes(2), "LATERONE");
        f.step(later, now() - Duration::minutes(1), EventKind::Contacted);
        let agent = f.agent.clone();
        let (mut app, _dir) = f.app(lang, &agent);
        key(&mut app, KeyCode::Char('4'));
        let screen = draw(&app);
        let top = rows(&screen)[0];
        // The row may cut the summary (`NEWO~`); the highlighted one, the top row, reads
        // whole under the rows.
        assert!(top.contains("NEWO"), "{screen}");
        let whole = screen
            .lines()
            .find(|l| l.trim_start_matches('│').starts_with('#'))
            .unwrap_or_else(|| panic!("{screen}"));
        assert!(whole.contains("NEWONE"), "{screen}");
        // Its 10-minute clock is running, and shown.
        assert!(top.contains(lang.t("剩", "left")), "{screen}");
    }
}

#[test]
fn a_complaint_this_agent_opened_elsewhere_is_listed_when_the_tab_is_entered() {
    for lang in [Lang::Zh, Lang::En] {
        let f = fx();
        let agent = f.agent.clone();
        let customer = f.customer;
        let (mut app, _dir) = f.app(lang, &agent);
        key(&mut app, KeyCode::Char('4'));
        assert!(draw(&app).contains(lang.t("没有投诉", "No complaints")));
        key(&mut app, KeyCode::Char('3'));
        // Saved on this app's own connection (as a low callback score does): no other
        // agent's save for the app to notice.
        let c = NewComplaint {
            customer_id: Some(customer),
            vehicle_id: None,
            call_id: None,
            channel: "phone".into(),
            received_at: now(),
            category: Category::RepairQuality,
            loss_yuan: None,
            severity_by_hand: None,
            station: String::new(),
            summary: "LOWSCORE 2/5".into(),
            demand: String::new(),
            handler_id: None,
        };
        let actor = Actor {
            agent_id: Some(agent.id),
            at: now(),
        };
        sc::register(&mut app.db, actor, &c).unwrap();
        key(&mut app, KeyCode::Char('4'));
        let screen = draw(&app);
        assert!(rows(&screen)[0].contains("LOWSCORE"), "{screen}");
        assert_eq!(app.tab, Tab::Complaints);
    }
}

#[test]
fn a_closed_complaint_shows_its_follow_up_dates_and_no_running_clock() {
    for lang in [Lang::Zh, Lang::En] {
        let mut f = fx();
        let at = now() - Duration::hours(3);
        // A summary long enough to wrap over several rows at 80 columns.
        let id = f.complaint(
            at,
            &"客户对服务站的接待态度不满，多次催促无人回应。".repeat(4),
        );
        f.step(id, at + Duration::minutes(5), EventKind::Contacted);
        f.step(
            id,
            at + Duration::minutes(20),
            EventKind::HandlerAssigned {
                handler: f.agent.id,
            },
        );
        f.step(id, at + Duration::minutes(30), EventKind::Investigating);
        f.step(
            id,
            at + Duration::minutes(60),
            EventKind::Resolved {
                resolution: "道歉并回访".into(),
            },
        );
        f.step(
            id,
            at + Duration::minutes(70),
            EventKind::Confirmed {
                who: "张三".into(),
                how: ConfirmHow::Phone,
                satisfaction: 5,
            },
        );
        // Closed "later" than this app's now (another agent's clock ahead of ours): the
        // clocks still stop.
        f.step(id, now() + Duration::minutes(30), EventKind::Closed);
        let agent = f.agent.clone();
        let (mut app, _dir) = f.app(lang, &agent);
        key(&mut app, KeyCode::Char('4'));
        key(&mut app, KeyCode::Char('f'));
        key(&mut app, KeyCode::Char('f'));
        let list = draw(&app);
        assert!(list.contains(lang.t("已结案", "closed")), "{list}");
        assert!(!list.contains(lang.t("剩", "left")), "{list}");
        key(&mut app, KeyCode::Enter);
        let screen = draw(&app);
        // Follow-up call 3 days after closing, tracking at 1, 2 and 3 months.
        assert!(
            screen.contains(lang.t("回访电话 2026-11-26", "Follow-up call 2026-11-26")),
            "{screen}"
        );
        for d in ["2026-12-23", "2027-01-23", "2027-02-23"] {
            assert!(screen.contains(d), "{d}\n{screen}");
        }
        assert!(screen.contains(lang.t("时间线", "Timeline")), "{screen}");
        assert!(!screen.contains(lang.t("剩", "left")), "{screen}");
    }
}

/// A car repaired for 12,000 yuan on 10 November: a 3DC callback and a third-level one
/// (management's call, which only a supervisor may claim), due by now.
fn with_third_level(f: &mut Fx) {
    let sys = Actor {
        agent_id: None,
        at: now() - Duration::days(20),
    };
    let sid = f.db.store_id().to_string();
    let c = f.customer;
    let v =
        f.db.write(|tx| {
            vehicles::insert_in(
                tx,
                &sid,
                sys,
                c,
                &VehicleData {
                    vin: "LSVAA000000000001".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
    let o = RepairOrderData {
        ro_number: "RO1".into(),
        opened: day,
        closed: Some(day),
        kind: RepairKind::Repair,
        amount_fen: 1_200_000,
        ..Default::default()
    };
    f.db.write(|tx| files::insert_repair_order_in(tx, &sid, sys, v, &o))
        .unwrap();
    cb::plan(
        &mut f.db,
        sys,
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        TZ,
        &Rules::builtin(),
        &BusinessCalendar::builtin(),
    )
    .unwrap();
}

#[test]
fn an_agents_queue_and_count_hold_only_the_tasks_the_agent_can_take() {
    for lang in [Lang::Zh, Lang::En] {
        let third = lang.t("三级回访", "3rd level");
        let mut f = fx();
        with_third_level(&mut f);
        let due_third: i64 = f
            .db
            .conn()
            .query_row(
                "SELECT count(*) FROM callback_tasks WHERE level = 3 AND due_date <= '2026-11-23'
                   AND status IN ('open', 'claimed')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(due_third > 0, "the fixture has no due third-level task");
        let (agent, boss) = (f.agent.clone(), f.boss.clone());
        let path = f.path.clone();
        // The agent: not in the queue, its header, nor the status bar's count.
        let (mut app, _dir) = f.app(lang, &agent);
        key(&mut app, KeyCode::Char('3'));
        let screen = draw(&app);
        assert!(!screen.contains(third), "{screen}");
        let agent_due = app.callbacks_due;
        drop(app);
        // The supervisor sees them, and counts them.
        let db = Db::open(&path).unwrap();
        let mut app = App::new(
            db,
            Clock::fixed(TZ, now()),
            Settings::with_db(path.clone(), lang),
            Some(boss),
        );
        key(&mut app, KeyCode::Char('3'));
        let screen = draw(&app);
        assert!(screen.contains(third), "{screen}");
        assert_eq!(app.callbacks_due, agent_due + due_third);
        let bar = screen.lines().last().unwrap_or("").to_string();
        // The supervisor's figure says it counts all of the store's.
        let n = app.callbacks_due;
        assert!(
            [
                format!("全部回访到期{n} "),
                format!("全部回访{n} "),
                format!("all callbacks due {n} "),
                format!("all due {n} ")
            ]
            .iter()
            .any(|s| bar.contains(s.as_str())),
            "{bar}"
        );
    }
}
