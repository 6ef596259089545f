//! End to end with a fixed clock: register a complaint, see it overdue once the clock has
//! moved past 10 minutes, escalate, resolve, close with the customer's confirmation, and
//! find the follow-up call. And a complaint registered by mistake: the agent who
//! registered it cannot withdraw it (told so); the supervisor withdraws it with a reason,
//! and it leaves the open list and the status bar's overdue count.

mod support;

use std::time::Duration;
use support::{Pty, env, run};

fn with_now(env: &[(String, String)], now: &str) -> Vec<(String, String)> {
    let mut e: Vec<(String, String)> = env
        .iter()
        .filter(|(k, _)| k != "FRONTDESK_NOW")
        .cloned()
        .collect();
    e.push(("FRONTDESK_NOW".into(), now.into()));
    e
}

fn pause() {
    std::thread::sleep(Duration::from_millis(150));
}

/// A demo store (200 customers, seed 11) at `store.sqlite3` in a fresh home, with the
/// home's environment.
fn demo_store() -> (tempfile::TempDir, Vec<(String, String)>) {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store.sqlite3");
    let base = env(home.path());
    let args = [
        "--db",
        db.to_str().unwrap(),
        "demo",
        "--customers",
        "200",
        "--seed",
        "11",
    ];
    let (code, out, err) = run(&args, &base);
    assert_eq!(code, 0, "{out}{err}");
    (home, base)
}

#[test]
fn register_overdue_escalate_resolve_close_and_follow_up() {
    let (home, base) = demo_store();
    let db = home.path().join("store.sqlite3");
    let db_s = db.to_str().unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (name, mobile): (String, String) = conn
        .query_row(
            "SELECT name, mobile FROM customers WHERE mobile IS NOT NULL ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(conn);

    // 10:00 — register.
    let mut app = Pty::spawn(
        &["--db", db_s, "--lang", "zh", "--agent", "1002"],
        &with_now(&base, "2026-11-25T10:00"),
        80,
        24,
    );
    complaints_tab(&mut app);
    app.send("n");
    app.expect("登记投诉");
    // The customer is picked from the list the number finds (masked), like in the
    // booking form; Enter takes them and the cursor goes on to the category.
    app.type_text(&mobile);
    app.expect(&format!("{}****{}", &mobile[..3], &mobile[7..]));
    app.send("\r");
    app.expect(&format!("客户        {name}"));
    app.type_text("3");
    app.send("\t");
    app.type_text("发动机异响返修三次仍未修好");
    app.send("\x13");
    app.expect("首次联系 还剩 10分");
    app.expect(&name);
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));

    // 10:12 — nobody called back: overdue, counted in the status bar, escalated.
    let mut app = Pty::spawn(
        &["--db", db_s, "--lang", "zh", "--agent", "1001"],
        &with_now(&base, "2026-11-25T10:12"),
        80,
        24,
    );
    app.expect("客户档案");
    app.send("\x1b");
    pause();
    app.send("4");
    app.expect("首次联系 超时 2分");
    let last = app.screen().lines().last().unwrap_or_default().to_string();
    assert!(last.contains("投诉超时"), "status bar: {last}");
    assert!(!last.contains("投诉超时0"), "status bar: {last}");
    app.send("\r");
    app.expect("升级到级别 1");
    // Contact, handler, investigate, resolve.
    for k in ["c", "h"] {
        app.send(k);
        pause();
    }
    app.type_text("1003");
    app.send("\x13");
    app.expect("指定处理人 1003");
    app.send("i");
    app.expect("开始调查");
    app.send("r");
    app.type_text("更换正时链条");
    app.send("\x13");
    app.expect("已解决待确认");
    // Not without the customer's word.
    app.send("x");
    app.expect("无法结案");
    // The confirmation opens on the score: who (the customer) and how (the phone) are
    // its defaults.
    app.send("k");
    app.type_text("5");
    app.send("\x13");
    app.expect("满意度 5");
    app.send("x");
    app.expect("已结案");
    app.expect("回访电话 2026-11-28");
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));

    // The follow-up and tracking tasks are stored with the complaint.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM complaint_follow_ups f JOIN complaints c ON c.id = f.complaint_id WHERE c.summary = '发动机异响返修三次仍未修好'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 4, "a follow-up call and three tracking checks");
    let (out_code, out, _) = run(
        &[
            "--db",
            db_s,
            "--lang",
            "zh",
            "complaints",
            "--month",
            "2026-11",
        ],
        &with_now(&base, "2026-11-25T11:00"),
    );
    assert_eq!(out_code, 0);
    assert!(out.contains("发动机异响返修三次仍未修好"), "{out}");
    assert!(out.contains("有效投诉"), "{out}");
}

/// The status bar's count of overdue complaints (`投诉超时N`).
fn overdue(app: &Pty) -> u32 {
    let screen = app.screen();
    let last = screen.lines().last().unwrap_or_default();
    let (_, after) = last
        .split_once("投诉超时")
        .unwrap_or_else(|| panic!("status bar: {last}"));
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("status bar: {last}"))
}

/// Past the first screen (the customer archive) to the Complaints tab's open list.
fn complaints_tab(app: &mut Pty) {
    app.expect("客户档案");
    app.send("\x1b");
    pause();
    app.send("4");
    app.expect("投诉：处理中");
}

/// The Complaints tab, its first complaint opened (the newest new one).
fn open_newest(app: &mut Pty) {
    complaints_tab(app);
    app.send("\r");
    app.expect("误填的投诉");
}

/// The app in Chinese for agent `emp` at `now`, at 80x24.
fn as_at(db: &str, base: &[(String, String)], emp: &str, now: &str) -> Pty {
    let args = ["--db", db, "--lang", "zh", "--agent", emp];
    Pty::spawn(&args, &with_now(base, now), 80, 24)
}

fn quit(mut app: Pty) {
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
}

#[test]
fn the_supervisor_withdraws_a_complaint_registered_by_mistake() {
    let (home, base) = demo_store();
    let db = home.path().join("store.sqlite3");
    let db_s = db.to_str().unwrap();

    // 10:00 — the agent registers a complaint by mistake (no customer named).
    let mut app = as_at(db_s, &base, "1002", "2026-11-25T10:00");
    complaints_tab(&mut app);
    app.send("n");
    app.expect("登记投诉");
    app.send("\t");
    pause();
    app.send("\t");
    app.type_text("1");
    app.send("\t");
    app.type_text("误填的投诉");
    app.send("\x13");
    app.expect("首次联系 还剩 10分");
    quit(app);

    // 10:12 — overdue; the agent may not withdraw it.
    let mut app = as_at(db_s, &base, "1002", "2026-11-25T10:12");
    open_newest(&mut app);
    app.send("w");
    app.expect("无法撤销投诉：只有客服主管可以操作");
    quit(app);

    // The supervisor withdraws it, with the reason.
    let mut app = as_at(db_s, &base, "1001", "2026-11-25T10:12");
    open_newest(&mut app);
    app.expect("首次联系 超时 2分");
    let before = overdue(&app);
    assert!(before >= 1, "{}", app.screen());
    app.send("w");
    app.expect("撤销原因");
    app.type_text("坐席误填");
    app.send("\x13");
    app.expect("撤销原因 坐席误填");
    app.expect("不计入统计");
    app.send("\x1b");
    app.expect("投诉：处理中");
    app.expect(&format!("投诉超时{}", before - 1));
    assert!(!app.screen().contains("误填的投诉"), "{}", app.screen());
    quit(app);

    let conn = rusqlite::Connection::open(&db).unwrap();
    let status: String = conn
        .query_row(
            "SELECT status FROM complaints WHERE summary = '误填的投诉'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "withdrawn");
}
