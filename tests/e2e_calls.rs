//! End to end: the real binary in a pseudo-terminal, on a demo store. Logs a warranty
//! consultation for a demo customer found by pinyin initials (the form fills itself from the
//! archive and saves the seed's sentence), opens it, then logs a roadside rescue found by
//! plate and sees its 30-minute clock, and quits.

mod support;

use chrono::{Datelike, NaiveDate};
use std::path::Path;
use std::time::{Duration, Instant};
use support::{Pty, env, run};

/// A demo customer with one fully described car, a mobile, a unique name and initials that
/// pick them out first, and no calls yet.
struct Pick {
    id: i64,
    name: String,
    initials: String,
    plate: String,
    region: String,
    brand: String,
    purchase: String,
    mileage: i64,
}

fn pick_customer(db: &Path) -> Pick {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT c.id, c.name, c.name_initials, v.plate, c.region, v.brand, v.purchase_date,
                v.mileage_km
         FROM customers c JOIN vehicles v ON v.customer_id = c.id
         WHERE v.plate IS NOT NULL AND v.brand <> '' AND v.purchase_date IS NOT NULL
           AND v.mileage_km IS NOT NULL AND c.region <> '' AND c.mobile IS NOT NULL
           AND (SELECT count(*) FROM vehicles v2 WHERE v2.customer_id = c.id) = 1
           AND (SELECT count(*) FROM customers c2 WHERE c2.name_initials = c.name_initials) = 1
           AND (SELECT count(*) FROM customers c3
                WHERE c3.name_initials LIKE c.name_initials || '%') = 1
           AND (SELECT count(*) FROM customers c4 WHERE c4.name LIKE c.name || '%') = 1
           AND NOT EXISTS (SELECT 1 FROM vehicles v3
                WHERE instr(upper(coalesce(v3.plate_key, '')), upper(c.name_initials)) > 0
                   OR instr(v3.vin, upper(c.name_initials)) > 0)
           AND NOT EXISTS (SELECT 1 FROM calls k WHERE k.customer_id = c.id)
         ORDER BY c.id LIMIT 1",
        [],
        |r| {
            Ok(Pick {
                id: r.get(0)?,
                name: r.get(1)?,
                initials: r.get(2)?,
                plate: r.get(3)?,
                region: r.get(4)?,
                brand: r.get(5)?,
                purchase: r.get(6)?,
                mileage: r.get(7)?,
            })
        },
    )
    .expect("a demo customer to call about")
}

/// Rows of the calls list above the calls themselves: open rescue cases, then open
/// follow-ups (each list loads at most 50).
fn rows_above_calls(db: &Path) -> usize {
    let conn = rusqlite::Connection::open(db).unwrap();
    let count = |sql: &str| -> usize {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0)).unwrap();
        (n as usize).min(50)
    };
    count("SELECT count(*) FROM rescue_cases WHERE closed_at IS NULL")
        + count(
            "SELECT count(*) FROM calls
             WHERE follow_up_due IS NOT NULL AND follow_up_done_at IS NULL",
        )
}

/// The customer's calls as saved: (template, sentence), oldest first.
fn saved_calls(db: &Path, customer_id: i64) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare("SELECT template_id, sentence FROM calls WHERE customer_id = ?1 ORDER BY id")
        .unwrap();
    st.query_map([customer_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Waits until the screen has a line that contains every one of `parts`.
fn expect_line(app: &Pty, parts: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let screen = app.screen();
        if let Some(line) = screen.lines().find(|l| parts.iter().all(|p| l.contains(p))) {
            return line.to_string();
        }
        if Instant::now() > deadline {
            panic!("no line with {parts:?}; the screen shows:\n{screen}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn log_a_warranty_call_and_a_rescue_for_a_demo_customer() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store.sqlite3");
    let db_s = db.to_str().unwrap();
    let env = env(home.path());
    let (code, out, err) = run(
        &["--db", db_s, "demo", "--customers", "300", "--seed", "3"],
        &env,
    );
    assert_eq!(code, 0, "demo failed: {out}{err}");
    let c = pick_customer(&db);
    let purchase = NaiveDate::parse_from_str(&c.purchase, "%Y-%m-%d").unwrap();
    let expected = format!(
        "{}客户于{}年{}月{}日购买{}产品,行驶了{}公里,客户咨询变速箱的保修政策。依据保修政策,是保修三年或十万公里。",
        c.region,
        purchase.year(),
        purchase.month(),
        purchase.day(),
        c.brand,
        c.mileage
    );

    let mut app = Pty::spawn(
        &["--db", db_s, "--lang", "zh", "--agent", "1002"],
        &env,
        80,
        24,
    );
    app.expect("客户档案");
    app.expect("1002 陈静");
    // The app starts in the customer search field: leave it, then go to the Calls tab.
    app.send("\x1b");
    std::thread::sleep(Duration::from_millis(100));
    app.send("1");
    app.expect("来电登记 2026-11-23 周一（今天）");

    // A warranty consultation: two keys to the form, the customer by initials.
    app.send("n");
    app.expect("选择记录模板");
    // A letter finds its template first; Enter takes it.
    app.send("w");
    app.send("\r");
    app.expect("登记咨询：咨询服务政策");
    app.type_text(&c.initials);
    expect_line(&app, &[&c.name]);
    app.send("\r");
    // Filled from the archive; the cursor waits on the part.
    app.expect(&c.region);
    app.expect(&c.purchase);
    app.expect(&c.mileage.to_string());
    app.expect("待填：配件名称、保修范围");
    app.type_text("变速箱");
    app.send("\t"); // to the policy year, left empty
    app.send("\t"); // to the coverage
    app.type_text("三年或十万公里");
    app.send("\x13"); // Ctrl-S
    app.expect("已保存");
    let line = expect_line(&app, &["09:30", &c.name, "咨询服务政策"]);
    assert!(line.contains("已解决"), "resolved on the spot: {line}");
    assert!(line.contains("1002"), "the agent's number: {line}");

    let saved = saved_calls(&db, c.id);
    assert_eq!(
        saved,
        [("consult_warranty".to_string(), expected.clone())],
        "the saved call and its sentence"
    );

    // Open it: filter the list to the customer, then past the rescue and follow-up rows.
    let above = rows_above_calls(&db);
    app.send("f");
    app.expect("筛选来电");
    for _ in 0..5 {
        app.send("\t"); // from, to, group, template, agent → customer
    }
    app.type_text(&c.name);
    app.send("\x13");
    expect_line(&app, &["来电登记 筛选：", &c.name]);
    for _ in 0..above {
        app.send("j");
    }
    app.send("\r");
    app.expect("标准记录");
    app.expect("咨询服务政策 #");
    let screen = app.screen();
    let start: String = expected.chars().take(24).collect();
    assert!(
        screen.contains(&start),
        "the detail does not show the sentence {start:?}:\n{screen}"
    );
    assert!(screen.contains("变速箱"), "{screen}");
    assert!(screen.contains("三年或十万公里"), "{screen}");
    assert!(screen.contains("当场解决"), "{screen}");
    app.send("\x1b"); // back to the list
    app.expect("n 新登记");

    // A roadside rescue for the same car, found by its plate.
    app.send("n");
    app.expect("选择记录模板");
    // A letter finds its template first; Enter takes it.
    app.send("r");
    app.send("\r");
    app.expect("登记救援：途中车辆出现故障救援");
    app.type_text(&c.plate);
    expect_line(&app, &[&c.name, &c.plate]);
    app.send("\r");
    app.expect("待填：故障现象、故障地点");
    app.type_text("发动机无法启动");
    app.send("\t");
    app.type_text("高速服务区");
    app.send("\x13");
    app.expect("已保存");
    let line = expect_line(&app, &["救援", &c.name, "还剩 30分"]);
    assert!(line.contains(&c.plate), "{line}");
    assert!(line.contains("高速服务区"), "{line}");
    let screen = app.screen();
    let status_bar = screen.lines().last().unwrap_or_default();
    assert!(
        status_bar.contains("救援"),
        "the status bar does not count the rescue:\n{screen}"
    );
    let saved = saved_calls(&db, c.id);
    assert_eq!(saved.len(), 2, "{saved:?}");
    assert_eq!(saved[1].0, "rescue_roadside");
    assert!(
        saved[1].1.contains("发动机无法启动") && saved[1].1.contains(&c.plate),
        "{saved:?}"
    );

    // The list has the keys: `q` quits.
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
}

/// Open rescue cases as the Calls list orders them: (id, customer, plate), the ones still
/// waiting for contact first.
fn open_rescues(db: &Path) -> Vec<(i64, String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare(
            "SELECT r.id, coalesce(cu.name, ''), coalesce(v.plate, '') FROM rescue_cases r
             LEFT JOIN customers cu ON cu.id = r.customer_id
             LEFT JOIN vehicles v ON v.id = r.vehicle_id
             WHERE r.closed_at IS NULL AND r.contacted_at IS NULL ORDER BY r.contact_due",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The screen row of the Calls list's rescue line of `plate`, and whether it is
/// highlighted (drawn reversed).
fn rescue_row(app: &Pty, plate: &str) -> Option<(usize, bool)> {
    app.with_screen(|s| {
        let (rows, cols) = s.size();
        let (rows, cols) = (rows.get(), cols.get());
        (0..rows).find_map(|r| {
            let line = s.contents_between(r, 0, r, cols);
            if !(line.contains("救援") && line.contains(plate)) || line.contains("来电") {
                return None;
            }
            let lit = (0..cols).any(|c| s.cell(r, c).is_some_and(|cell| cell.inverse()));
            Some((r as usize, lit))
        })
    })
}

/// Waits until the first case's line is highlighted and above (`true`) or below the
/// second's, which is not highlighted.
fn expect_order(app: &Pty, first: &str, second: &str, above: bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let (Some((r1, true)), Some((r2, false))) =
            (rescue_row(app, first), rescue_row(app, second))
            && (r1 < r2) == above
        {
            return;
        }
        if Instant::now() > deadline {
            panic!(
                "{first} not highlighted {} {second}:\n{}",
                if above { "above" } else { "below" },
                app.screen()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Issue 13's repro: `c` on the first rescue case re-sorts the list (contacted cases go
/// below the waiting ones); the highlight stays on that case, so `d` opens the dispatch for
/// the same customer, and its title names the case.
#[test]
fn dispatch_after_contacted_acts_on_the_same_rescue_case() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store.sqlite3");
    let db_s = db.to_str().unwrap();
    let env = env(home.path());
    let (code, out, err) = run(
        &["--db", db_s, "demo", "--customers", "300", "--seed", "3"],
        &env,
    );
    assert_eq!(code, 0, "demo failed: {out}{err}");
    let waiting = open_rescues(&db);
    assert!(
        waiting.len() >= 2,
        "the demo has two waiting cases: {waiting:?}"
    );
    let (first, name, plate) = waiting[0].clone();
    let (second, _, second_plate) = waiting[1].clone();

    let mut app = Pty::spawn(
        &["--db", db_s, "--lang", "zh", "--agent", "1002"],
        &env,
        80,
        24,
    );
    app.expect("客户档案");
    app.send("\x1b");
    std::thread::sleep(Duration::from_millis(100));
    app.send("1");
    app.expect("来电登记 2026-11-23 周一（今天）");
    expect_line(&app, &["救援", &name, &plate]);
    expect_order(&app, &plate, &second_plate, true);

    app.send("c");
    // Contacted: the case sorts below the one still waiting, the highlight with it.
    expect_line(&app, &["救援", &name, &plate, "已联系"]);
    expect_order(&app, &plate, &second_plate, false);
    app.expect(&format!("救援 #{first} {name}"));
    app.send("d");
    app.expect(&format!("救援派出：救援 #{first} {name} {plate}"));
    // How help goes out is a choice: `1` takes the first, a technician.
    app.expect("1 派技师到场  2 电话指导  3 拖车");
    app.send("1");
    app.send("\t");
    app.type_text("李师傅");
    app.send("\x13");
    expect_line(&app, &["救援", &name, &plate, "已派出"]);

    let conn = rusqlite::Connection::open(&db).unwrap();
    let tech = |id: i64| -> Option<String> {
        conn.query_row(
            "SELECT technician FROM rescue_cases WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(
        tech(first).as_deref(),
        Some("李师傅"),
        "dispatched the case contacted"
    );
    assert_eq!(tech(second), None, "the other customer's case is untouched");
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
}
