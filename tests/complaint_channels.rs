//! Complaints registered before the channel was a choice kept the word typed (电话, 邮件,
//! 网上, 到店, phone, Email…): migration 0020 turns the known words, in either language,
//! trimmed and English in any case, into the calls' channel codes, and leaves any other
//! text as typed; the complaint's page shows a code in the user's words and other text
//! as-is. A temporary store as the release before left it, then opened by this one.

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::migrate::{self, LATEST};
use frontdesk::store::{Db, agents, complaints};
use frontdesk::ui::app::App;
use rusqlite::{Connection, params};
use support::appointments_fx::{TZ, now};
use support::screen::draw;

/// The channels as typed into the old form, and what each is after the upgrade.
const OLD: &[(&str, &str)] = &[
    ("电话", "phone"),
    (" 电话 ", "phone"),
    ("来电", "phone"),
    ("电子邮件", "email"),
    ("邮件", "email"),
    ("网上", "chat"),
    ("在线客服", "chat"),
    ("到店", "walk_in"),
    ("\u{3000}微信", "wechat"),
    ("phone", "phone"),
    ("Phone ", "phone"),
    ("EMAIL", "email"),
    ("e-mail", "email"),
    ("online", "chat"),
    ("Online chat", "chat"),
    ("visit", "walk_in"),
    ("Walk-in", "walk_in"),
    ("WeChat", "wechat"),
    ("walk_in", "walk_in"),
    // Unknown words stay as they were typed, spaces and case too.
    ("传真", "传真"),
    (" Fax ", " Fax "),
    ("客户经理转来", "客户经理转来"),
];

/// A store at the schema before 0020 with one complaint per old channel; its path.
fn older_store(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("old.sqlite3");
    let mut conn = Connection::open(&path).unwrap();
    migrate::run_to(&mut conn, 19).unwrap();
    for (i, (typed, _)) in OLD.iter().enumerate() {
        conn.execute(
            "INSERT INTO complaints(uuid, store_id, channel, received_at, category, summary,
                 created_at, updated_at)
             VALUES (?1, 's', ?2, '2026-11-20T01:00:00Z', 'attitude', '态度差',
                 '2026-11-20T01:00:00Z', '2026-11-20T01:00:00Z')",
            params![format!("c{i}"), typed],
        )
        .unwrap();
    }
    path
}

fn channels(db: &Db) -> Vec<String> {
    let mut st = db
        .conn()
        .prepare("SELECT channel FROM complaints ORDER BY id")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_upgrade_turns_known_channel_words_into_codes_and_leaves_other_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = older_store(dir.path());
    let db = Db::open(&path).unwrap();
    let version: i64 = db
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, LATEST);
    let want: Vec<&str> = OLD.iter().map(|(_, code)| *code).collect();
    assert_eq!(channels(&db), want);
    // Read back as stored, for the complaint's page.
    let fax = OLD.iter().position(|(t, _)| *t == " Fax ").unwrap() as i64 + 1;
    assert_eq!(complaints::get(db.conn(), fax).unwrap().channel, " Fax ");
    assert_eq!(complaints::get(db.conn(), 1).unwrap().channel, "phone");
    // Forward-only and run once: opening again changes nothing.
    drop(db);
    let db = Db::open(&path).unwrap();
    assert_eq!(channels(&db), want);
}

#[test]
fn the_complaints_page_shows_a_code_in_words_and_an_unknown_channel_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let path = older_store(dir.path());
    let mut db = Db::open(&path).unwrap();
    let sys = frontdesk::store::Actor {
        agent_id: None,
        at: now(),
    };
    let me = agents::ensure(&mut db, sys, "1002", "陈静", agents::Role::Agent).unwrap();
    drop(db);
    let wechat = OLD.iter().position(|(t, _)| *t == "WeChat").unwrap();
    let unknown = OLD.iter().position(|(t, _)| *t == "客户经理转来").unwrap();
    for lang in [Lang::Zh, Lang::En] {
        for (row, shown) in [
            (wechat, lang.t("渠道 微信", "via WeChat")),
            (unknown, lang.t("渠道 客户经理转来", "via 客户经理转来")),
        ] {
            let db = Db::open(&path).unwrap();
            let mut app = App::new(
                db,
                Clock::fixed(TZ, now()),
                Settings::with_db(path.clone(), lang),
                Some(me.clone()),
            );
            let key = |app: &mut App, code| app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
            key(&mut app, KeyCode::Char('4'));
            // The view of every complaint, then each row opened in turn until it is this one.
            while !draw(&app).contains(lang.t("投诉：全部", "Complaints: all")) {
                key(&mut app, KeyCode::Char('f'));
            }
            let title = format!("#{} ", row + 1);
            let mut screen = String::new();
            for _ in 0..OLD.len() {
                key(&mut app, KeyCode::Enter);
                screen = draw(&app);
                if screen.lines().nth(1).is_some_and(|l| l.contains(&title)) {
                    break;
                }
                key(&mut app, KeyCode::Esc);
                key(&mut app, KeyCode::Down);
            }
            assert!(
                screen.lines().nth(1).is_some_and(|l| l.contains(&title)),
                "complaint {title} not open:\n{screen}"
            );
            assert!(screen.contains(shown), "{shown}\n{screen}");
        }
    }
}
