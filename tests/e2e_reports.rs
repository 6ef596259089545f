//! End to end with a fixed clock: on a demo store, page from the today board to the
//! customer-groups report, list the cars behind a brand, export the list, and open one
//! customer's file from it.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;
use support::{Pty, env, run};

#[test]
fn a_report_row_opens_its_records_which_export_and_open_the_customer() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store.sqlite3");
    let db_s = db.to_str().unwrap();
    let e = env(home.path());
    let (code, out, err) = run(
        &["--db", db_s, "demo", "--customers", "800", "--seed", "3"],
        &e,
    );
    assert_eq!(code, 0, "{out}{err}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    // The brand with the most cars comes first; the drill-down lists exactly its cars.
    let (brand, cars): (String, i64) = conn
        .query_row(
            "SELECT brand, count(*) AS n FROM vehicles GROUP BY brand ORDER BY n DESC, brand LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(conn);

    let mut app = Pty::spawn(
        &["--db", db_s, "--lang", "zh", "--agent", "1001"],
        &e,
        80,
        24,
    );
    app.expect("客户档案");
    app.send("\x1b");
    std::thread::sleep(Duration::from_millis(200));
    app.send("6");
    app.expect("今日看板");
    for _ in 0..7 {
        app.send("\x1b[C");
        std::thread::sleep(Duration::from_millis(150));
    }
    app.expect("客户结构 · 月报");
    app.expect(&format!("品牌 {brand}"));
    app.send("\r");
    let shown = cars.min(500);
    app.expect(&format!("共 {shown} 条"));
    app.send("e");
    app.expect("已导出到");
    let exports: Vec<_> = std::fs::read_dir(home.path().join("exports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(exports.len(), 1, "{exports:?}");
    let bytes = std::fs::read(&exports[0]).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(
        text.lines().count() as i64,
        cars + 3,
        "the title, the store and period, a header and every car"
    );
    // The title and the period are inside the file, not only in its name.
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert!(lines.next().unwrap().contains("车辆"), "{text}");
    assert!(lines.next().unwrap().contains("期间："), "{text}");
    assert_eq!(
        std::fs::metadata(&exports[0]).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Esc goes back to the report; Enter on a car opens its owner's file.
    app.send("\x1b");
    app.expect("维度");
    app.send("\r");
    app.expect(&format!("共 {shown} 条"));
    app.send("\r");
    app.expect("销售档案");
    app.send("q");
    assert_eq!(app.wait_exit(Duration::from_secs(5)), Some(0));
}
