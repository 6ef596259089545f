//! End to end with a fixed clock: register a complaint, see it overdue once the clock has
//! moved past 10 minutes, escalate, resolve, close with the customer's confirmation, and
//! find the follow-up call.

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

#[test]
fn register_overdue_escalate_resolve_close_and_follow_up() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store.sqlite3");
    let db_s = db.to_str().unwrap();
    let base = env(home.path());
    let (code, out, err) = run(
        &["--db", db_s, "demo", "--customers", "200", "--seed", "11"],
        &base,
    );
    assert_eq!(code, 0, "{out}{err}");
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
    app.expect("客户档案");
    app.send("\x1b");
    pause();
    app.send("4");
    app.expect("投诉：处理中");
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
