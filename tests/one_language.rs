//! One language at a time (issue 18, point 5): a walk over every screen of a demo-like store
//! — every tab, every page of the Desk tab, each record opened, each form, help overlay,
//! refusal and status line the keys of the table reach — in both languages, drawn at 80x24
//! and at 120x40. The English UI shows no Chinese outside the store's data, the Chinese UI
//! no English code words (a short allow-list of real tokens: VIN, SMS, km, Ctrl, Esc…).
//!
//! What counts as data: every text value in the database (names, plates, addresses, notes,
//! the store's staff) and the string values of the built-in configuration (templates, store,
//! callback rules, calendar), with the other language's half of each pair left out, and for
//! the Chinese check without values that are codes (`maintenance`, `no_show`) or JSON.

mod one_language_fx;
mod support;

use chrono::NaiveDate;
use crossterm::event::KeyCode;
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::{Actor, Db};
use frontdesk::ui::action::Tab;
use frontdesk::ui::app::{App, Overlay};
use frontdesk::ui::keymap::Key;
use one_language_fx::*;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

// ─────────────────────────────── the walk ───────────────────────────────

fn label(keys: &[Key]) -> String {
    keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" ")
}

/// Walks the app from its start screen: each key that works, then each key that works on
/// the screen it leads to, to `max_depth`, expanding each kind of screen (its key scopes on
/// its tab) once. Returns the offences as (keys, size, word, screen).
fn walk(
    path: &Path,
    lang: Lang,
    role: Role,
    prefix: &[Key],
    max_depth: usize,
) -> (usize, Vec<String>) {
    let mut data;
    let mut expanded: HashSet<String> = HashSet::new();
    let mut queue: Vec<Vec<Key>> = vec![Vec::new()];
    let mut seen_screens = 0;
    let mut report: Vec<String> = Vec::new();
    let mut reported: BTreeSet<String> = BTreeSet::new();
    while !queue.is_empty() {
        // The walk's own steps may have saved text: look at the store again.
        data = data_of(path, lang);
        let mut next = Vec::new();
        for keys in queue {
            let t0 = std::time::Instant::now();
            let mut app = open_app(path, lang, role);
            if std::env::var_os("WALK_TRACE").is_some() {
                eprintln!("{:?} open {:?} keys {}", lang, t0.elapsed(), label(&keys));
            }
            press(&mut app, Key::Code(KeyCode::Esc));
            for k in prefix.iter().chain(&keys) {
                press(&mut app, *k);
            }
            for size in SIZES {
                let screen = draw(&app, size);
                seen_screens += 1;
                TITLES.lock().unwrap().extend(titles(&screen));
                for word in offences(&screen, lang, &data) {
                    if reported.insert(word.clone()) {
                        report.push(format!(
                            "[{}] at {}x{} `{word}` after keys: {}\n{screen}",
                            lang.code(),
                            size.0,
                            size.1,
                            label(&[prefix, &keys[..]].concat())
                        ));
                    }
                }
            }
            let help = matches!(app.overlay, Some(Overlay::Help));
            let signature = format!(
                "{:?} {:?}{}",
                app.tab,
                app.scopes(),
                ["", " help"][help as usize]
            );
            SEEN.lock().unwrap().insert(signature.clone());
            if keys.len() < max_depth && expanded.insert(signature) {
                for k in keys_to_try(&app, keys.len()) {
                    let mut child = keys.clone();
                    child.push(k);
                    next.push(child);
                }
            }
        }
        queue = next;
    }
    (seen_screens, report)
}

/// Every screen signature the walks reached (to check that new pages are walked too).
static SEEN: std::sync::Mutex<BTreeSet<String>> = std::sync::Mutex::new(BTreeSet::new());
/// The titles of every frame and popup the walks drew (`┌ 预约 #105 ─`).
static TITLES: std::sync::Mutex<BTreeSet<String>> = std::sync::Mutex::new(BTreeSet::new());

/// The titles on a screen: the words after each `┌ ` up to the border's ` ─`.
fn titles(screen: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in screen.lines() {
        for (_, rest) in line
            .match_indices("┌ ")
            .map(|(i, _)| ((), &line[i + "┌ ".len()..]))
        {
            if let Some(end) = rest.find(" ─") {
                out.push(rest[..end].trim().to_string());
            }
        }
    }
    out
}

fn walk_copy(
    template: &Path,
    lang: Lang,
    role: Role,
    prefix: &[Key],
    depth: usize,
) -> (usize, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("walk.sqlite3");
    std::fs::copy(template, &path).unwrap();
    walk(&path, lang, role, prefix, depth)
}

/// What the walks must reach: every tab, its help, and the main records and forms.
const MUST_SEE: &[&str] = &[
    "Calls ([CallsList",
    "Calls ([CallDetail",
    "Calls ([CallForm",
    "Appointments ([Appointments",
    "Appointments ([AppointmentDetail",
    "Callbacks ([CallbackQueue",
    "Callbacks ([CallbackWork",
    "Complaints ([ComplaintsList",
    "Complaints ([ComplaintDetail",
    "Customers ([List",
    "Customers ([Detail",
    "Reports ([Reports",
    "Desk ([SettingsList",
    "Desk ([QualityList",
    "Desk ([QualitySheet",
    "Desk ([QualityReview",
    "Desk ([Improvements",
    "Desk ([KbList",
    "Desk ([HandoverList",
    "Desk ([EventsList",
    "Desk ([Rentals",
];

/// Frames the walks must draw in each language (zh, en): the forms and the help overlay.
const MUST_DRAW: &[(&str, &str)] = &[
    ("新预约", "New booking"),
    ("登记投诉", "Register a complaint"),
    ("门店设置", "Store settings"),
    ("按键帮助", "Keys"),
    ("审计记录（只读）", "Audit log (read-only)"),
];

#[test]
fn every_screen_speaks_one_language() {
    let dir = tempfile::tempdir().unwrap();
    let template = walked_store(dir.path());
    let mut failures = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        for role in [Role::Supervisor, Role::Agent] {
            let (screens, report) = walk_copy(&template, lang, role, &[], 4);
            assert!(screens > 200, "the walk saw only {screens} screens");
            failures.extend(report);
        }
        // The complaints' default view lists open ones: walk a closed complaint, its
        // steps and help from the view that lists it.
        let closed = [
            Key::Char('4'),
            Key::Char('f'),
            Key::Char('f'),
            Key::Code(KeyCode::Enter),
        ];
        let (_, report) = walk_copy(&template, lang, Role::Supervisor, &closed, 2);
        failures.extend(report);
    }
    // The Desk page 质检 is walked: the supervisor's sheet and the agent's own review.
    let seen = SEEN.lock().unwrap().clone();
    if std::env::var_os("WALK_SEEN").is_some() {
        eprintln!("{seen:#?}\n{:#?}", TITLES.lock().unwrap());
    }
    for screen in MUST_SEE {
        assert!(
            seen.iter().any(|s| s.starts_with(screen)),
            "the walk never reached {screen}: {seen:?}"
        );
    }
    for tab in Tab::ALL {
        assert!(
            seen.contains(&format!("{tab:?} ([Help, Global], false) help")),
            "the walk never opened help on {tab:?}: {seen:?}"
        );
    }
    let titles = TITLES.lock().unwrap().clone();
    for (zh, en) in MUST_DRAW {
        assert!(
            titles.contains(*zh) && titles.contains(*en),
            "the walk never drew {zh} / {en}: {titles:?}"
        );
    }
    assert!(
        failures.is_empty(),
        "{} screens mix the languages:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The first-run setup of a brand-new store (no agents: the walk above never sees it),
/// empty and with a refusal, in both languages.
#[test]
fn the_first_run_setup_speaks_one_language() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sqlite3");
        drop(Db::open(&path).unwrap());
        let settings = Settings::with_db(path.clone(), lang);
        let db = Db::open(&path).unwrap();
        let mut app = App::new(db, Clock::fixed(tz(), now()), settings, None);
        let data = data_of(&path, lang);
        let mut seen = Vec::new();
        for size in SIZES {
            seen.push(draw(&app, size));
        }
        for k in [Key::Char('x'), Key::Code(KeyCode::Tab), Key::Char('a')] {
            press(&mut app, k);
        }
        press(&mut app, Key::Ctrl('s'));
        for size in SIZES {
            seen.push(draw(&app, size));
        }
        press(&mut app, Key::Code(KeyCode::Esc));
        seen.push(draw(&app, SIZES[0]));
        for screen in &seen {
            assert!(
                screen.contains(lang.t("首次设置", "First-run setup")),
                "{screen}"
            );
            let bad = offences(screen, lang, &data);
            assert!(bad.is_empty(), "[{}] {bad:?}\n{screen}", lang.code());
        }
    }
}

#[test]
fn the_checks_catch_the_other_language() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now(),
    };
    agents::ensure(&mut db, actor, "1001", "刘芳", Role::Supervisor).unwrap();
    drop(db);
    let en = data_of(&path, Lang::En);
    let zh = data_of(&path, Lang::Zh);
    // The English complaint form of today, and data that is fine.
    assert_eq!(
        chinese_in_english("│Phone 电话  Complaints：open  刘芳 │", &en),
        vec!["电话", "："]
    );
    assert!(chinese_in_english("│Agent 刘芳  Store 鹏城汽车4S店 │", &en).is_empty());
    assert_eq!(chinese_in_english("│刘~ │", &en), Vec::<String>::new());
    // A stored value (the store's address, 深圳市南山区深南大道9999号鹏城汽车4S店售后服务
    // 中心) cut short shows its start up to a `~`, a popup's border or the screen's edge,
    // its end from a border, or any piece between two cuts (a popup's border hidden under
    // a wide character beside it, as the terminal shows it, cuts too).
    for cut in [
        "│At 深圳市南~ │",
        "│open  深圳市南山 │",
        "│ 售后服务中心 open │",
        "│open │ 服务中心",
        "│open │ 南山区~",
        "│open  深圳市",
        "│o  │ x\n│南山  x\n│p  │ x",
    ] {
        assert!(chinese_in_english(cut, &en).is_empty(), "{cut}");
    }
    // A piece from inside it is not data where a side of it is not cut: next to a border
    // on one side only, it is read as it stands (a label at a pane's edge, where a form's
    // labels are, is caught however often its words appear in stored text).
    for label in [
        "│ 南山 open │",
        "│At 南山~ │",
        "│open  南山 │",
        "│At 南山  open │",
        "│At 南山  ~ │",
        "│o    x\n│南山  x\n│p    x",
    ] {
        assert_eq!(chinese_in_english(label, &en), vec!["南山"], "{label}");
    }
    // The Chinese booking form of today, and tokens that are fine.
    assert_eq!(
        english_in_chinese("│服务类型 maintenance  方式 drop_off│", &zh),
        vec!["maintenance", "drop", "off"]
    );
    assert!(
        english_in_chinese("│车架号 VIN  Ctrl-S 保存  35000 km  Esc 取消 a 新建│", &zh).is_empty()
    );
    // Codes stored in the database are not data for this check.
    assert!(code_like("no_show") && code_like("{\"a\":1}") && !code_like("Model Y"));
}

/// A stored sentence wrapped in the English UI leaves a piece of it at the start (or the
/// end) of a row, beside English text: the check reads it joined to the rest of the row
/// above (below) in the same pane, as it was before the wrap, and takes it for data. A
/// Chinese label at a row's start is still caught, whatever the row above ends with.
#[test]
fn a_wrapped_stored_sentence_is_read_whole_and_a_label_is_still_caught() {
    let note = "客户说车辆在 RO2025 保养后仍有异响 after 2 visits，至今未修好";
    let en = Data::new(vec![note.into(), "刘芳".into()]);
    // The note wrapped under its head (a timeline's hanging indent): `响` starts a row,
    // `至` ends one; both beside English.
    let wrapped = "│11-23 09:30 Note 客户说车辆在 RO2025 保养后仍有异     │\n\
                   │                 响 after 2 visits，至                │\n\
                   │                 今未修好              Agent 刘芳     │";
    assert_eq!(chinese_in_english(wrapped, &en), Vec::<String>::new());
    // Side by side: the pane on the right is read on its own.
    let panes = "│Agent 刘芳     │保养后仍有异   │\n\
                 │Rounds 2       │响 after 2     │";
    assert_eq!(chinese_in_english(panes, &en), Vec::<String>::new());
    // Labels: first on a row under a stored sentence, under English, and last on a row.
    let labels = "│Note 客户说车辆在 RO2025 保养后仍有异     │\n\
                  │电话 138****1234                          │\n\
                  │Customer 刘芳                             │\n\
                  │手机 138****1234  Status 处理中           │";
    assert_eq!(
        chinese_in_english(labels, &en),
        vec!["电话", "手机", "处理中"]
    );
    // The Chinese UI: an English stored sentence wrapped anywhere is a piece of the data.
    let zh = Data::new(vec!["Prefers mornings, texts only".into()]);
    let wrapped = "│备注 Prefers morn │\n│     ings, texts  │\n│     only  状态 │";
    assert!(english_in_chinese(wrapped, &zh).is_empty());
    assert_eq!(english_in_chinese("│备注 Notes only│", &zh), ["Notes"]);
}

/// The English complaint form with one label left in Chinese, at the pane's edge where
/// labels stand: a stored sentence holds the same word, and the check still catches it
/// (a border beside a word once let any piece of stored text through), as it catches a
/// label a stored sentence starts with (the first two characters of any value once
/// passed anywhere).
#[test]
fn a_label_is_caught_though_stored_text_holds_it() {
    let en = Data::new(vec![
        "客户反映地址变更后未收到保养提醒".into(),
        "刘芳".into(),
    ]);
    let form = "┌ Register a complaint ──────────────────────────────┐\n\
                │ Customer       刘芳                                │\n\
                │ 地址           Shenzhen                            │\n\
                │*What happened  客户反映地址变更后未收到保养提醒    │\n\
                └────────────────────────────────────────────────────┘";
    assert_eq!(chinese_in_english(form, &en), vec!["地址"]);
    assert_eq!(
        chinese_in_english("│Agent 刘芳  客户 138****1234  Status open │", &en),
        vec!["客户"]
    );
    // Not labels: a stored sentence read with what stands beside its pieces (spaces in
    // it), and a plate (the plate field's example).
    let en = Data::new(vec!["请您按 1 到 5 分评价以下几项".into()]);
    assert!(chinese_in_english("│Script 请您按 1 到 5 分评价以下几项 │", &en).is_empty());
    assert!(chinese_in_english("│ Plate   e.g. 粤B12345      │", &en).is_empty());
}

/// Views the walk cannot reach by keys alone (they need the store to answer): the free
/// slots offered after a booking clash, the form with a slot taken, and the booking form's
/// customer picker.
#[test]
fn the_booking_forms_offers_speak_one_language() {
    use frontdesk::ui::appointments::{BookAsk, Cmd};
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path());
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut failures = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = open_app(&path, lang, Role::Agent);
        let rows = frontdesk::store::appointments::day(app.db.conn(), today, tz()).unwrap();
        let taken = rows
            .iter()
            .find(|r| r.status.holds_capacity() && r.start > now())
            .expect("a booking later today");
        let other = rows
            .iter()
            .find(|r| r.customer_id != taken.customer_id)
            .unwrap();
        press(&mut app, Key::Code(KeyCode::Esc));
        press(&mut app, Key::Char('2'));
        press(&mut app, Key::Char('n'));
        let ask = BookAsk {
            customer: other.plate.clone().unwrap_or_default(),
            picked: Some((other.customer_id, Some(other.vehicle_id))),
            start: frontdesk::domain::appointments::local(tz(), taken.start),
            services: taken.services.clone(),
            need: String::new(),
            advisor: taken.advisor.clone(),
            bay: taken.bay.clone(),
            minutes: None,
            transport: Default::default(),
            parts: Vec::new(),
            channel: Default::default(),
            parts_late_ok: false,
            overbook: None,
            items: Vec::new(),
            history: String::new(),
            declined: Vec::new(),
            new_car: None,
        };
        app.appointments_ask(Cmd::Book {
            ask: Box::new(ask),
            note: None,
        });
        assert!(app.appointments.offers().is_some(), "a clash offers slots");
        let data = data_of(&path, lang);
        let mut look = |what: &str, app: &App| {
            for size in SIZES {
                let screen = draw(app, size);
                for word in offences(&screen, lang, &data) {
                    failures.push(format!("[{}] {what} `{word}`\n{screen}", lang.code()));
                }
            }
        };
        look("offers", &app);
        press(&mut app, Key::Char('1'));
        assert!(app.appointments.offers().is_none());
        look("slot taken", &app);
        // The customer picker (and the car list, when the customer has several).
        for c in other.customer.chars() {
            press(&mut app, Key::Char(c));
        }
        assert!(app.appointments.picker_open(), "a name finds customers");
        look("customer picker", &app);
        press(&mut app, Key::Code(KeyCode::Enter));
        look("customer picked", &app);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Forms the walk reaches only as they open (fields prefilled, the top of a long form):
/// the report period form emptied to its hints, the call form's yes/no default, and the
/// callback work form with a refusal of its save, scrolled down to its last field.
#[test]
fn the_forms_hints_defaults_and_refusals_speak_one_language() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path());
    let mut failures = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        let data = data_of(&path, lang);
        let mut look = |what: &str, app: &App, must: &[&str]| {
            for size in SIZES {
                let screen = draw(app, size);
                for m in must {
                    assert!(
                        screen.contains(m),
                        "[{}] {what}: no `{m}`\n{screen}",
                        lang.code()
                    );
                }
                for word in offences(&screen, lang, &data) {
                    failures.push(format!("[{}] {what} `{word}`\n{screen}", lang.code()));
                }
            }
        };
        let mut app = open_app(&path, lang, Role::Agent);
        press(&mut app, Key::Code(KeyCode::Esc));
        // The period form of a report, both dates cleared: their hints.
        for k in [Key::Char('6'), Key::Code(KeyCode::Right), Key::Char('c')] {
            press(&mut app, k);
        }
        for k in [Key::Ctrl('u'), Key::Code(KeyCode::Tab), Key::Ctrl('u')] {
            press(&mut app, k);
        }
        look("period form", &app, &[lang.t("年-月-日", "yyyy-mm-dd")]);
        press(&mut app, Key::Code(KeyCode::Esc));
        press(&mut app, Key::Code(KeyCode::Esc));
        // A consultation's form: 'resolved now' holds its default in this language.
        for k in [Key::Char('1'), Key::Char('n'), Key::Code(KeyCode::Enter)] {
            press(&mut app, k);
        }
        look("call form", &app, &[lang.t("当场解决", "Resolved")]);
        // A one-character value is data elsewhere (a stored 是): the row itself is read.
        let shown = draw(&app, SIZES[0]);
        let row = shown
            .lines()
            .find(|l| l.contains(lang.t("当场解决", "Resolved")))
            .unwrap();
        let (yes, other) = (lang.t("是", "yes"), lang.t("yes", "是"));
        assert!(row.contains(yes) && !row.contains(other), "{shown}");
        let mut app = open_app(&path, lang, Role::Agent);
        press(&mut app, Key::Code(KeyCode::Esc));
        // A callback: 5 (call back) at a past time is refused by the store; the refusal
        // stays in sight down to the form's last field.
        for k in [Key::Char('3'), Key::Code(KeyCode::Enter), Key::Char('5')] {
            press(&mut app, k);
        }
        press(&mut app, Key::Code(KeyCode::Tab));
        for c in "2026-11-01 10:00".chars() {
            press(&mut app, Key::Char(c));
        }
        press(&mut app, Key::Ctrl('s'));
        let shown = draw(&app, SIZES[0]);
        let (_, form) = app.callbacks.work().expect(&shown);
        let (refusal, _) = form.message.clone().expect("the store refused the save");
        look("callback refused", &app, &[]);
        for _ in 0..30 {
            let (_, form) = app.callbacks.work().unwrap();
            if form.fields[form.focus].key == "complaint" {
                break;
            }
            press(&mut app, Key::Code(KeyCode::Tab));
        }
        // The refusal's first words (it may wrap).
        let start: String = refusal.chars().take(8).collect();
        look(
            "callback form's last field",
            &app,
            &[lang.t("客户投诉", "Complaint"), &start],
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
