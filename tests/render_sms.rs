//! `g` on the Callbacks tab, in the app (issue #15.6): the Chinese interface writes the SMS
//! gateway's hand-off file with its fixed English columns, group-readable, and the texts
//! stay pending until the gateway's result says sent.

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::CustomerData;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::{Actor, Db, customers};
use frontdesk::ui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rusqlite::params;

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| frontdesk::ui::shell::render(app, f)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            // A wide character's second cell is part of it.
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

/// The screen's text with the box borders dropped and wrapped lines joined by a space, so a
/// message the status area wraps at a space reads as one sentence.
fn flat(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c == ' '))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn g_hands_the_texts_to_the_gateway_without_marking_them_sent() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let agent = agents::ensure(&mut db, actor, "1002", "陈静", Role::Agent).unwrap();
    let c = CustomerData {
        name: "王五".into(),
        mobile: Some("13700001234".into()),
        ..Default::default()
    };
    let cid = customers::create(&mut db, actor, &c).unwrap();
    let store = db.store_id().to_string();
    let task = db
        .write(|tx| {
            tx.execute(
                "INSERT INTO callback_tasks(uuid, store_id, kind, channel, customer_id,
                    source_table, source_id, period, anchor_date, due_date, window_start,
                    window_end, created_at, updated_at)
                 VALUES ('t1', ?1, 'holiday', 'sms', ?2, 'customers', ?2, '2026:test',
                    '2026-11-23', '2026-11-23', '2026-11-20', '2026-11-30',
                    '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z')",
                params![store, cid],
            )?;
            Ok(tx.last_insert_rowid())
        })
        .unwrap();
    let settings = Settings::with_db(path.clone(), Lang::Zh);
    let mut app = App::new(db, Clock::fixed(tz, now), settings, Some(agent));
    app.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    app.on_key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE));
    app.on_key(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::NONE));
    let s = screen(&app);
    assert!(flat(&s).contains("已交给短信网关 1 条："), "{s}");
    // The command to type is on one line, never wrapped inside.
    assert!(
        s.lines().any(|l| l.contains("frontdesk sms-results")),
        "{s}"
    );

    let files: Vec<_> = std::fs::read_dir(dir.path().join("sms"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("id,mobile,text"), "{text}");
    assert!(
        text.contains(&format!("{task},13700001234,")),
        "the task's number and the mobile: {text}"
    );
    let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);

    let (status, batch): (String, Option<String>) = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT status, sms_batch FROM callback_tasks WHERE id = ?1",
            [task],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, "open", "not sent until the gateway says so");
    assert_eq!(
        batch.as_deref(),
        files[0].file_name().and_then(|n| n.to_str())
    );
    // A second `g` hands nothing off twice.
    app.on_key(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::NONE));
    assert!(screen(&app).contains("今天没有待发的短信"));
    assert_eq!(
        std::fs::read_dir(dir.path().join("sms")).unwrap().count(),
        1
    );
}
