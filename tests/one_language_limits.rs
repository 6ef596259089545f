//! Lists stopped at their limit (issue 18, points 5 and 8) speak one language: the
//! Knowledge and Events pages of a demo store given more articles and events than they
//! list say so with the total, in each language, and nothing of the other language shows.
//! Drawn at 80x24 and 120x40.

mod one_language_fx;
mod support;

use chrono::NaiveDate;
use crossterm::event::KeyCode;
use frontdesk::domain::callbacks::Channel;
use frontdesk::domain::events::{EventData, EventKind, TargetRule};
use frontdesk::domain::kb::{Article, KbKind};
use frontdesk::i18n::Lang;
use frontdesk::store::agents::Role;
use frontdesk::store::{Actor, Db, events as ev, kb};
use frontdesk::ui::keymap::Key;
use one_language_fx::*;

#[test]
fn lists_stopped_at_their_limit_say_so_in_one_language() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path());
    let mut db = Db::open(&path).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now(),
    };
    let day = NaiveDate::from_ymd_opt(2027, 1, 10).unwrap();
    for i in 0..ev::LIST_LIMIT {
        let e = EventData {
            title: format!("冬季用车讲座{i}"),
            kind: EventKind::Talk,
            starts_at: day.and_hms_opt(10, 0, 0).unwrap(),
            place: "本店二楼".into(),
            capacity: 20,
            target: TargetRule::default(),
            channel: Channel::Call,
            notes: String::new(),
        };
        ev::create(&mut db, actor, &e).unwrap();
    }
    for i in 0..210 {
        let a = Article::new(KbKind::Troubleshoot)
            .with("symptom", &format!("仪表报警{i}"))
            .with("fix", "到店检查");
        kb::create(&mut db, actor, &a).unwrap();
    }
    let events = ev::count(db.conn(), None, None).unwrap();
    let all = kb::search::KbQuery {
        text: String::new(),
        kind: None,
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        current_only: false,
        limit: 200,
    };
    let articles = kb::search::count(db.conn(), &all).unwrap();
    assert!(articles > 200);
    assert!(events > ev::LIST_LIMIT);
    drop(db);
    for lang in [Lang::Zh, Lang::En] {
        let data = data_of(&path, lang);
        let mut app = open_app(&path, lang, Role::Supervisor);
        press(&mut app, Key::Char('7'));
        press(&mut app, Key::Code(KeyCode::Right));
        for size in SIZES {
            let screen = draw(&app, size);
            let stopped = match lang {
                Lang::Zh => format!("找到 {articles} 条，只列出其中 200 条"),
                Lang::En => format!("200 of {articles} articles listed"),
            };
            assert!(screen.contains(&stopped), "{screen}");
            let bad = offences(&screen, lang, &data);
            assert!(bad.is_empty(), "{bad:?}\n{screen}");
        }
        for _ in 0..4 {
            press(&mut app, Key::Code(KeyCode::Right));
        }
        for size in SIZES {
            let screen = draw(&app, size);
            let stopped = match lang {
                Lang::Zh => format!("列出 500 / {events} 场"),
                Lang::En => format!("500 of {events} events listed"),
            };
            assert!(screen.contains(&stopped), "{screen}");
            let bad = offences(&screen, lang, &data);
            assert!(bad.is_empty(), "{bad:?}\n{screen}");
        }
    }
}
