//! End to end with a fixed clock: book a demo customer, try a clashing slot and see the
//! refusal with the offered slots, take one with its number key and save it, check in,
//! complete, and find the repair file in the customer's archive.

mod support;

use std::time::Duration;
use support::{Pty, env, run};

fn pause() {
    std::thread::sleep(Duration::from_millis(200));
}

#[test]
fn book_clash_check_in_complete_and_find_the_repair_file() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store.sqlite3");
    let db_s = db.to_str().unwrap();
    let e = env(home.path());
    let (code, out, err) = run(
        &["--db", db_s, "demo", "--customers", "60", "--seed", "9"],
        &e,
    );
    assert_eq!(code, 0, "{out}{err}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let pick = |skip: i64| -> (String, String, String) {
        conn.query_row(
            "SELECT c.name, c.mobile, v.plate FROM customers c JOIN vehicles v ON v.customer_id = c.id
             WHERE c.mobile IS NOT NULL AND v.plate IS NOT NULL
               AND (SELECT count(*) FROM vehicles v2 WHERE v2.customer_id = c.id) = 1
             ORDER BY c.id LIMIT 1 OFFSET ?1",
            [skip],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    let (a_name, a_mobile, a_plate) = pick(0);
    let (_, b_mobile, _) = pick(1);
    let repairs = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM repair_orders o JOIN vehicles v ON v.id = o.vehicle_id WHERE v.plate = ?1",
            [&a_plate],
            |r| r.get(0),
        )
        .unwrap()
    };
    let before = repairs(&conn);

    let mut app = Pty::spawn(
        &["--db", db_s, "--lang", "zh", "--agent", "1002"],
        &e,
        80,
        24,
    );
    app.expect("客户档案");
    app.send("\x1b");
    pause();
    app.send("2");
    app.expect("预约");
    let book = |app: &mut Pty, mobile: &str| {
        app.send("n");
        app.expect("新预约");
        // Picked from the list the number finds (masked); the cursor goes on to the time.
        app.type_text(mobile);
        app.expect(&format!("{}****{}", &mobile[..3], &mobile[7..]));
        app.send("\r");
        app.expect("爽约记录");
        app.type_text("16:30");
        app.send("\t");
        app.send("\t"); // the date: today, as the form offers it
        app.type_text("maintenance");
        app.send("\t");
        app.send("\t");
        // The first advisor (陈志明) and the first bay (1号工位), picked by number.
        app.send("1");
        app.expect("1 陈志明");
        app.send("\t");
        app.send("1");
        app.expect("1 1号工位");
        app.send("\x13");
    };
    book(&mut app, &a_mobile);
    app.expect(&a_plate);
    app.expect("爽约记录 0 次");
    // Back to the day; the same advisor and bay at the same time is refused, with slots.
    app.send("\x1b");
    pause();
    book(&mut app, &b_mobile);
    app.expect("无法预约");
    app.expect("可约时段");
    // `2` takes the second free slot offered into the form; Ctrl-S books it there.
    app.expect(" 2 2026-");
    let screen = app.screen();
    let offered = screen
        .lines()
        .find_map(|l| {
            l.split_once(" 2 2026-")
                .map(|(_, rest)| format!("2026-{rest}"))
        })
        .expect("the second slot");
    let (day, time) = (&offered[..10], &offered[11..16]);
    app.send("2");
    app.expect("已选用时段 2");
    app.send("\x13");
    app.expect("已保存");
    let start = frontdesk::domain::appointments::at_local(
        chrono_tz::Asia::Shanghai,
        chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
        chrono::NaiveTime::parse_from_str(time, "%H:%M").unwrap(),
    );
    let b_start: String = conn
        .query_row(
            "SELECT a.start_at FROM appointments a JOIN customers c ON c.id = a.customer_id
             WHERE c.mobile = ?1 ORDER BY a.id DESC LIMIT 1",
            [&b_mobile],
            |r| r.get(0),
        )
        .expect("B is booked");
    assert_eq!(
        b_start,
        frontdesk::clock::to_db(start),
        "booked at the slot taken"
    );
    pause();
    app.send("t"); // back to today's day view
    pause();
    // Find A's booking in the day and open it.
    let mut found = false;
    for _ in 0..60 {
        let screen = app.screen();
        let last_lines: Vec<&str> = screen.lines().rev().take(4).collect();
        if last_lines
            .iter()
            // The bottom line names the highlighted booking ("16:30-17:30 … plate").
            .any(|l| l.contains(&a_plate) && l.contains("16:30-"))
        {
            found = true;
            break;
        }
        app.send("j");
    }
    assert!(
        found,
        "booking not found in the day view:\n{}",
        app.screen()
    );
    app.send("\r");
    app.expect(&a_name);
    app.send("a");
    app.expect("已到店");
    app.send("s");
    app.expect("维修中");
    app.send("d");
    app.send("\t");
    app.send("\t");
    app.send("\t");
    app.type_text("680");
    app.send("\t");
    app.type_text("43000");
    app.send("\x13");
    app.expect("已记录：已完工");
    app.expect("维修工单     #");
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
    assert_eq!(repairs(&conn), before + 1, "no repair order in the archive");
}
