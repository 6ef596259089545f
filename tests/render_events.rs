//! The Events page (更多 → 活动) at 80x24 in both languages: the list with its counts
//! (upcoming first, over-capacity said), an event with its invitees (masked numbers),
//! checking in with Space on the day (the feedback call planned), the answer popup and the
//! invite question that says how many first.

mod support;
use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::{CustomerData, VehicleData};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::callbacks::{Channel, Rules};
use frontdesk::domain::events::{Answer, EventData, EventKind, Rsvp, TargetRule};
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::events::{self as ev, Planning};
use frontdesk::store::{Actor, Db, customers, vehicles};
use frontdesk::ui::app::App;
use support::screen::draw;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A store on the talk's day (Saturday 28 November 09:30): three BYD owners invited to the
/// talk (two said yes, over its 4 seats), and a tour in December nobody is invited to yet.
fn fixture(dir: &std::path::Path, lang: Lang) -> (App, std::path::PathBuf) {
    let path = dir.join("ev.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 1, 30, 0).unwrap();
    let sys = Actor {
        agent_id: None,
        at: now,
    };
    let agent = agents::ensure(&mut db, sys, "1002", "陈静", Role::Agent).unwrap();
    let me = Actor {
        agent_id: Some(agent.id),
        at: Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(),
    };
    let sid = db.store_id().to_string();
    for (i, name) in ["张伟", "王芳", "李娜"].iter().enumerate() {
        let c = CustomerData {
            name: (*name).into(),
            mobile: Some(format!("1391234{:04}", 5670 + i)),
            region: "广东省深圳市".into(),
            ..Default::default()
        };
        let v = VehicleData {
            vin: format!("LGXCE4CB0N00000{i}{i}"),
            plate: Some(format!("粤B{}2345", i + 1)),
            brand: "比亚迪".into(),
            model: "秦PLUS".into(),
            purchase_date: Some(d("2025-05-01")),
            ..Default::default()
        };
        db.write(|tx| {
            let cid = customers::insert_in(tx, &sid, sys, &c)?;
            vehicles::insert_in(tx, &sid, sys, cid, &v)
        })
        .unwrap();
    }
    let talk = EventData {
        title: "新能源车冬季用车知识讲座".into(),
        kind: EventKind::Talk,
        starts_at: d("2026-11-28").and_hms_opt(14, 0, 0).unwrap(),
        place: "本店二楼客户休息区".into(),
        capacity: 4,
        target: TargetRule {
            brand: "比亚迪".into(),
            ..Default::default()
        },
        channel: Channel::Call,
        notes: String::new(),
    };
    let id = ev::create(&mut db, me, &talk).unwrap();
    let (rules, cal) = (Rules::builtin(), BusinessCalendar::builtin());
    let p = Planning {
        today: d("2026-11-23"),
        tz,
        rules: &rules,
        cal: &cal,
    };
    let v = ev::get(db.conn(), id).unwrap().version;
    ev::invite(&mut db, me, p, id, v).unwrap();
    let inv = ev::invitees(db.conn(), id).unwrap();
    for (i, party) in [(0, 3), (1, 2)] {
        let rsvp = Rsvp::new(Answer::Yes, party).unwrap();
        ev::answer(&mut db, me, inv[i].id, inv[i].version, rsvp).unwrap();
    }
    let tour = EventData {
        title: "车友会元旦自驾游".into(),
        kind: EventKind::Tour,
        starts_at: d("2026-12-30").and_hms_opt(8, 0, 0).unwrap(),
        capacity: 30,
        place: "本店门口".into(),
        ..talk
    };
    ev::create(&mut db, me, &tour).unwrap();
    let settings = Settings::with_db(path.clone(), lang);
    (
        App::new(db, Clock::fixed(tz, now), settings, Some(agent)),
        path,
    )
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ch(app: &mut App, c: char) {
    key(app, KeyCode::Char(c));
}

#[test]
fn the_events_page_lists_opens_checks_in_and_asks_before_inviting() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = fixture(dir.path(), lang);
        ch(&mut app, '7');
        key(&mut app, KeyCode::Left);
        let screen = draw(&app);
        assert!(screen.contains(lang.t("活动", "Events")), "{screen}");
        // Upcoming first: today's talk (5 people for 4 seats: said), then the tour.
        let talk = screen
            .lines()
            .position(|l| l.contains("11-28 14:00"))
            .expect(&screen);
        let tour = screen
            .lines()
            .position(|l| l.contains("12-30 08:00"))
            .expect(&screen);
        assert!(talk < tour, "{screen}");
        let talk_line = screen.lines().nth(talk).unwrap();
        // The column says it in one word (the page says it whole), so 185/50 fits too.
        assert!(
            talk_line.contains(lang.t("5/4 超额", "5/4 over ")),
            "{screen}"
        );
        assert!(!talk_line.contains(lang.t("名额", "capacity")), "{screen}");
        assert!(screen.contains(lang.t("n 新建", "n new")), "{screen}");
        if lang == Lang::En {
            assert!(
                !screen
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)
                        && !"新能源车冬季用车知识讲座车友会元旦自驾游陈静本店二楼客户休息区"
                            .contains(c)),
                "{screen}"
            );
        }

        // Enter: the talk with its invitees, numbers masked.
        key(&mut app, KeyCode::Enter);
        let screen = draw(&app);
        assert!(screen.contains("#1 新能源车冬季用车知识讲座"), "{screen}");
        assert!(screen.contains("139****5670"), "{screen}");
        assert!(!screen.contains("13912345670"), "{screen}");
        assert!(screen.contains(lang.t("参加 3人", "yes 3")), "{screen}");
        assert!(
            screen.contains(lang.t("Space 签到", "Space check in")),
            "{screen}"
        );

        // Space checks the highlighted invitee in on the day and moves to the next one.
        ch(&mut app, ' ');
        let screen = draw(&app);
        assert!(screen.contains(lang.t("到场 1", "attended 1")), "{screen}");
        let conn = rusqlite::Connection::open(&path).unwrap();
        let feedback: i64 = conn
            .query_row(
                "SELECT count(*) FROM callback_tasks WHERE kind = 'event_feedback'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(feedback, 1);
        let attended: i64 = conn
            .query_row("SELECT sum(attended) FROM event_invitees", [], |r| r.get(0))
            .unwrap();
        assert_eq!(attended, 1);

        // `a`: the answer popup for the next invitee; Esc leaves it untouched.
        ch(&mut app, 'a');
        let screen = draw(&app);
        assert!(screen.contains(lang.t("的答复", "Answer of")), "{screen}");
        key(&mut app, KeyCode::Esc);

        // `i`: everyone matching is invited already, and the page says so.
        ch(&mut app, 'i');
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("3 位均已邀约", "All 3 invited already")),
            "{screen}"
        );

        // The tour: `i` says how many first and waits for y.
        key(&mut app, KeyCode::Esc);
        ch(&mut app, 'j');
        key(&mut app, KeyCode::Enter);
        ch(&mut app, 'i');
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("将新邀约 3 位", "3 will be invited")),
            "{screen}"
        );
        ch(&mut app, 'y');
        let screen = draw(&app);
        assert!(screen.contains(lang.t("邀约 3", "invited 3")), "{screen}");
    }
}

#[test]
fn a_new_event_form_refuses_a_bad_time_in_the_users_language() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, _) = fixture(dir.path(), lang);
        ch(&mut app, '7');
        key(&mut app, KeyCode::Left);
        ch(&mut app, 'n');
        for c in "冬季车友会".chars() {
            ch(&mut app, c);
        }
        key(&mut app, KeyCode::Tab);
        key(&mut app, KeyCode::Tab);
        for c in "12月5日".chars() {
            ch(&mut app, c);
        }
        app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("写成 2026-11-28 14:00", "as 2026-11-28 14:00")),
            "{screen}"
        );
        // Esc with typed text asks first; a second Esc discards.
        key(&mut app, KeyCode::Esc);
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("有未保存的内容", "Unsaved input")),
            "{screen}"
        );
        key(&mut app, KeyCode::Esc);
        let screen = draw(&app);
        assert!(screen.contains("12-30 08:00"), "{screen}");
    }
}

/// An event that will not take place is cancelled from its page: `x` asks first (naming
/// what goes with it), `y` cancels it and withdraws its invitation calls; one already held
/// is refused with why.
#[test]
fn an_event_is_cancelled_after_asking_and_its_calls_are_withdrawn() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = fixture(dir.path(), lang);
        ch(&mut app, '7');
        key(&mut app, KeyCode::Left);
        // The tour: invite its three, then cancel it.
        ch(&mut app, 'j');
        key(&mut app, KeyCode::Enter);
        assert!(
            draw(&app).contains(lang.t("x 取消活动", "x cancel event")),
            "{}",
            draw(&app)
        );
        ch(&mut app, 'i');
        ch(&mut app, 'y');
        ch(&mut app, 'x');
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("确认取消该活动", "Cancel this event?")),
            "{screen}"
        );
        // Any other key leaves it as it was.
        ch(&mut app, 'n');
        let conn = rusqlite::Connection::open(&path).unwrap();
        let status = |conn: &rusqlite::Connection| -> String {
            conn.query_row("SELECT status FROM events WHERE id = 2", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(status(&conn), "planned");
        ch(&mut app, 'x');
        ch(&mut app, 'y');
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("已取消活动，3 条", "Event cancelled; 3 calls")),
            "{screen}"
        );
        assert!(screen.contains(lang.t("已取消", "cancelled")), "{screen}");
        assert_eq!(status(&conn), "cancelled");
        // A cancelled event's page offers only what it still takes.
        let footer = screen
            .lines()
            .find(|l| l.contains(lang.t("Esc 返回", "Esc back")))
            .unwrap_or_default()
            .to_string();
        for gone in [lang.t("签到", "check in"), lang.t("邀约", "invite"), "x "] {
            assert!(!footer.contains(gone), "{gone}: {footer}");
        }
        let pending: i64 = conn
            .query_row(
                "SELECT count(*) FROM callback_tasks WHERE kind = 'event_invite'
                   AND status IN ('open', 'claimed') AND source_table = 'event_invitees'
                   AND source_id IN (SELECT id FROM event_invitees WHERE event_id = 2)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(pending, 0);
        // The talk, held once someone checks in: it is not cancelled.
        key(&mut app, KeyCode::Esc);
        ch(&mut app, 'k');
        key(&mut app, KeyCode::Enter);
        ch(&mut app, ' ');
        ch(&mut app, 'x');
        let screen = draw(&app);
        assert!(
            screen.contains(lang.t("不能再取消", "cannot be cancelled")),
            "{screen}"
        );
        assert!(
            !screen.contains(lang.t("x 取消活动", "x cancel event")),
            "{screen}"
        );
    }
}

/// The talk is over its seats: stopping its invitations on the event page withdraws 李娜's
/// call (the one not yet made), and the status bar's count of callbacks due drops at once,
/// without a visit to the Callbacks tab or another agent's save.
#[test]
fn stopping_a_full_events_invitations_takes_its_calls_off_the_status_bar_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _path) = fixture(dir.path(), Lang::En);
    let before = app.callbacks_due;
    assert!(before >= 1, "{before}");
    ch(&mut app, '7');
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app);
    assert!(screen.contains("s stop inviting"), "{screen}");
    ch(&mut app, 's');
    ch(&mut app, 'y');
    let screen = draw(&app);
    assert!(
        screen.contains("Invitations stopped; 1 invitation call not yet made withdrawn"),
        "{screen}"
    );
    assert_eq!(app.callbacks_due, before - 1);
    assert!(
        screen.contains(&format!("due {}", before - 1)),
        "the status bar: {screen}"
    );
}
