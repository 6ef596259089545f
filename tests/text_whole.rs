//! Text an agent must read out is shown whole (issue 18, point 4): the callback work form
//! shows each survey question whole and explains its outcome codes 1–7; a long refusal or
//! status message wraps above the status line instead of being cut with `~`. TestBackend
//! at 80x24, both languages, on a demo store.

mod support;
use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::{Actor, Db};
use frontdesk::ui::app::App;
use support::screen::draw;

fn demo_app(dir: &std::path::Path, lang: Lang) -> App {
    let path = dir.join("whole.sqlite3");
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let mut db = Db::open(&path).unwrap();
    if !dir.join("filled").exists() {
        let actor = Actor {
            agent_id: None,
            at: now,
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        frontdesk::demo::fill(&mut db, actor, tz, today, 300, 5, |_| {}).unwrap();
        std::fs::write(dir.join("filled"), "").unwrap();
    }
    let agent = agents::list(&db)
        .unwrap()
        .into_iter()
        .find(|a| a.role == Role::Supervisor)
        .unwrap();
    let mut app = App::new(
        db,
        Clock::fixed(tz, now),
        Settings::with_db(path, lang),
        Some(agent),
    );
    app.tick();
    app
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// The screen's text inside the borders, rows joined, spaces dropped: text that wraps
/// reads on as one string.
fn joined(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join("")
        .replace(' ', "")
}

/// Every line of the screen is 80 cells wide (no border pushed out by a long line).
fn whole_rows(screen: &str) {
    for line in screen.lines() {
        assert_eq!(
            unicode_width::UnicodeWidthStr::width(line),
            80,
            "{line}\n{screen}"
        );
    }
}

#[test]
fn the_callback_work_form_shows_each_question_whole_and_its_outcome_codes() {
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = demo_app(dir.path(), lang);
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('3'));
        // The first task in the queue with a survey.
        let mut opened = false;
        for _ in 0..40 {
            key(&mut app, KeyCode::Enter);
            if app
                .callbacks
                .work()
                .is_some_and(|(d, _)| d.survey.is_some())
            {
                opened = true;
                break;
            }
            if app.callbacks.work().is_some() {
                key(&mut app, KeyCode::Esc);
            }
            key(&mut app, KeyCode::Down);
        }
        assert!(opened, "no task with a survey in the demo queue");
        let screen = draw(&app);
        // The outcome codes 1–7 are explained while the outcome field holds its default.
        let codes: Vec<&str> = [
            ("1完成", "1 done"),
            ("2无人接听", "2 no answer"),
            ("3错号", "3 wrong number"),
            ("4拒绝", "4 refused"),
            ("5回拨", "5 call back"),
            ("6勿扰", "6 do not call"),
            ("7已发短信", "7 texted"),
        ]
        .iter()
        .map(|(zh, en)| lang.t(zh, en))
        .collect();
        let has_codes = |screen: &str| {
            let j = joined(screen);
            codes.iter().all(|c| j.contains(&c.replace(' ', "")))
        };
        assert!(has_codes(&screen), "{screen}");
        whole_rows(&screen);
        // Each question, its field focused, reads whole under the form.
        let questions: Vec<String> = app
            .callbacks
            .work()
            .unwrap()
            .0
            .survey
            .as_ref()
            .unwrap()
            .questions
            .iter()
            .map(|q| q.text.clone())
            .collect();
        assert!(!questions.is_empty());
        // Tab passes the call-back time (outcome 1 needs none): the first question next.
        assert!(has_codes(&draw(&app)));
        for (i, q) in questions.iter().enumerate() {
            key(&mut app, KeyCode::Tab);
            let screen = draw(&app);
            assert!(
                joined(&screen).contains(&q.replace(' ', "")),
                "question {} not whole:\n{screen}",
                i + 1
            );
            whole_rows(&screen);
            if i == 1 {
                insta::assert_snapshot!(format!("callback_question_{}", lang.code()), screen);
            }
        }
        // The notes and the complaint field keep their rows at 80x24.
        key(&mut app, KeyCode::Tab);
        key(&mut app, KeyCode::Tab);
        let screen = draw(&app);
        assert!(screen.contains(lang.t("客户投诉", "Complaint")), "{screen}");
    }
}

#[test]
fn a_long_refusal_wraps_above_the_status_line_whole() {
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = demo_app(dir.path(), lang);
        key(&mut app, KeyCode::Esc);
        let long = lang.t(
            "这位客户的预约已被另一位专员改到 2026-11-25 10:00（顾问陈志明，3号工位），请核对新时间后再确认；如需恢复原时间，请联系主管。",
            "Another agent moved this booking to 2026-11-25 10:00 (advisor Chen Zhiming, bay 3); check the new time before you confirm, and ask a supervisor to restore the old one.",
        );
        for is_error in [true, false] {
            app.status = Some((long.to_string(), is_error));
            let screen = draw(&app);
            assert!(
                joined(&screen).contains(&long.replace(' ', "")),
                "message cut:\n{screen}"
            );
            assert!(!screen.contains('~'), "{screen}");
            whole_rows(&screen);
            // The status line itself still shows who is at the desk.
            assert!(screen.lines().last().unwrap().contains("1001"), "{screen}");
        }
        // A short message stays on the status line.
        app.status = Some((lang.t("已保存", "Saved").to_string(), false));
        let screen = draw(&app);
        let last = screen.lines().last().unwrap();
        assert!(last.contains(lang.t("已保存", "Saved")), "{screen}");
    }
}

/// The callback work form on the store: the customer's note from their record and the
/// last try's note (as the previous agent typed it) show whole, at 80x24, in both languages.
#[test]
fn the_callback_work_form_shows_the_customers_note_and_the_last_try_whole() {
    let dir = tempfile::tempdir().unwrap();
    let note = "公司车辆，联系人为行政部王小姐；只接受下午两点以后来电，来电前请先发短信确认，勿打前台总机";
    let said = "客户在开会，说下午三点以后再打，最好先发短信确认一下时间，车辆目前由家人使用";
    for lang in [Lang::Zh, Lang::En] {
        let mut app = demo_app(dir.path(), lang);
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('3'));
        let row = app.callbacks.rows()[0].clone();
        let cid = row.customer_id.expect("the first task has a customer");
        let c = frontdesk::store::customers::get(app.db.conn(), cid).unwrap();
        let mut data = c.data.clone();
        data.notes = note.into();
        let actor = Actor {
            agent_id: None,
            at: Utc::now(),
        };
        if c.data.notes != note {
            frontdesk::store::customers::update(&mut app.db, actor, cid, c.version, &data).unwrap();
        }
        // Claimed: the note shows above the script.
        key(&mut app, KeyCode::Enter);
        let screen = draw(&app);
        whole_rows(&screen);
        assert!(joined(&screen).contains(note), "{screen}");
        // 2 (no answer) with a note; opened again, the last try reads whole in words.
        key(&mut app, KeyCode::Backspace);
        key(&mut app, KeyCode::Char('2'));
        while app
            .callbacks
            .work()
            .is_some_and(|(_, f)| f.fields[f.focus].key != "notes")
        {
            key(&mut app, KeyCode::Tab);
        }
        for c in said.chars() {
            key(&mut app, KeyCode::Char(c));
        }
        app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        assert!(app.callbacks.work().is_none(), "{}", draw(&app));
        let screen = draw(&app);
        let outcome = lang.t("无人接听", "no answer");
        assert!(
            joined(&screen).contains(&outcome.replace(' ', "")),
            "{screen}"
        );
        let at = app
            .callbacks
            .rows()
            .iter()
            .position(|r| r.id == row.id)
            .unwrap();
        for _ in 0..at {
            key(&mut app, KeyCode::Down);
        }
        key(&mut app, KeyCode::Enter);
        let screen = draw(&app);
        whole_rows(&screen);
        let text = joined(&screen);
        assert!(text.contains(said), "{screen}");
        assert!(text.contains(&outcome.replace(' ', "")), "{screen}");
        assert!(!screen.contains("no_answer"), "{screen}");
    }
}

/// The Calls list at 80x24: each row's direction, record name and state, and a rescue's
/// clock, as wide as the list's longest (only the sentence at the end is cut, and the
/// highlighted call reads whole under the rows).
#[test]
fn the_calls_list_keeps_its_words_whole() {
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = demo_app(dir.path(), lang);
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('1'));
        // The rescues, the calls to answer and the day's calls the demo holds at 09:30.
        let screen = draw(&app);
        whole_rows(&screen);
        let rows: Vec<&str> = screen
            .lines()
            .filter(|l| {
                let l = l.trim_start_matches('│');
                [
                    ("来电 ", "inbound "),
                    ("救援 ", "RESCUE "),
                    ("待回复 ", "REPLY "),
                ]
                .iter()
                .any(|(zh, en)| l.contains(lang.t(zh, en)))
            })
            .collect();
        assert!(rows.len() >= 3, "no calls on the list:\n{screen}");
        for row in rows {
            let cut: Vec<&str> = row.split('~').collect();
            // Only the last column (the sentence) may end in `~`, at the row's end.
            assert!(cut.len() <= 2, "{row}");
            if cut.len() == 2 {
                assert!(cut[1].trim_end_matches([' ', '│']).is_empty(), "{row}");
            }
        }
    }
}
