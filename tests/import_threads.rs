//! The import reads the file, checks the rows and runs the store's pass on three threads at
//! once (issue #14 point 5); `FRONTDESK_IMPORT_THREADS=1` runs it on one, as before. What
//! `frontdesk import` prints, its exit code and what it writes are the same either way: for
//! a CSV and an XLSX export, dry run and real import, every `--kind`, in both languages,
//! against a store that already holds some of the rows, with refusals past the kept list.

mod support;

use frontdesk::domain::validate::with_check_digit;
use std::path::Path;
use std::process::Command;

/// A dealer export: rows from `from` to `to`; from row 1500 on, every third row's mobile is
/// bad and every seventh repeats an earlier row's car (over a thousand problems).
fn dealer(from: usize, to: usize) -> Vec<Vec<String>> {
    let mut t = vec![
        "客户姓名,手机,性别,车架号,车牌号,品牌,车型,交车日期,销售顾问,成交价,客户来源"
            .split(',')
            .map(String::from)
            .collect(),
    ];
    for i in from..to {
        let late = i >= 1500;
        let n = if late && i % 7 == 6 { i - 3 } else { i };
        let mobile = if late && i % 3 == 1 {
            format!("38{i:05}")
        } else {
            format!("138{i:08}")
        };
        t.push(vec![
            format!("张{}", ["伟", "芳", "娜"][i % 3]),
            mobile,
            ["男", "女"][i % 2].into(),
            with_check_digit(&format!("LSVAU2180N2{n:06}")).unwrap(),
            format!("粤B{n:05}"),
            "大众".into(),
            "帕萨特".into(),
            format!("2025-03-{:02}", 1 + i % 28),
            "李娜".into(),
            format!("{}", 100_000 + i % 5),
            "展厅".into(),
        ]);
    }
    t
}

fn write_csv(path: &Path, table: &[Vec<String>]) {
    let text: String = table.iter().map(|r| r.join(",") + "\n").collect();
    std::fs::write(path, text).unwrap();
}

fn write_xlsx(path: &Path, table: &[Vec<String>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in table.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save(path).unwrap();
}

/// `frontdesk --db DB --lang LANG import FILE ARGS`, on one thread or three: exit code,
/// stdout, stderr.
fn import(home: &Path, db: &Path, lang: &str, file: &Path, args: &[&str], one: bool) -> String {
    let mut cmd = Command::new(support::BIN);
    cmd.arg("--db")
        .arg(db)
        .args(["--lang", lang, "import"])
        .arg(file)
        .args(args)
        .env_clear()
        .envs(support::env(home));
    if one {
        cmd.env("FRONTDESK_IMPORT_THREADS", "1");
    }
    let out = cmd.output().unwrap();
    format!(
        "exit {:?}\n{}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Every record the store holds, and the audit's entries.
fn contents(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    [
        "SELECT group_concat(name || coalesce(mobile, '') || coalesce(gender, '') || version \
         || updated_at, ';') FROM (SELECT * FROM customers ORDER BY id)",
        "SELECT group_concat(vin || coalesce(plate, '') || version, ';') \
         FROM (SELECT * FROM vehicles ORDER BY id)",
        "SELECT count(*) FROM sales_files",
        "SELECT count(*) FROM audit",
    ]
    .iter()
    .map(|q| {
        let v: rusqlite::types::Value = conn.query_row(q, [], |r| r.get(0)).unwrap();
        format!("{v:?}\n")
    })
    .collect()
}

#[test]
fn three_threads_print_and_write_what_one_thread_does() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let seed = home.join("seed.csv");
    write_csv(&seed, &dealer(0, 1000));
    let full = dealer(500, 4500);
    let (csv, xlsx) = (home.join("dealer.csv"), home.join("dealer.xlsx"));
    write_csv(&csv, &full);
    write_xlsx(&xlsx, &full);
    let store = home.join("store.sqlite3");
    let seeded = import(home, &store, "zh", &seed, &[], true);
    assert!(seeded.starts_with("exit Some(0)"), "{seeded}");

    let mut refusals_past_the_list = false;
    for file in [&csv, &xlsx] {
        for lang in ["zh", "en"] {
            for kind in [
                None,
                Some("customers"),
                Some("vehicles"),
                Some("sales"),
                Some("repairs"),
            ] {
                let mut args = vec!["--dry-run"];
                args.extend(kind.iter().flat_map(|k| ["--kind", k]));
                let one = import(home, &store, lang, file, &args, true);
                let three = import(home, &store, lang, file, &args, false);
                assert_eq!(one, three, "{} {lang} {kind:?}", file.display());
                // The refused rows' problems: 100 listed, the count of the rest past the
                // thousand kept.
                let more = one
                    .split_once("… and ")
                    .and_then(|(_, rest)| rest.split_once(' '))
                    .and_then(|(n, _)| n.parse::<usize>().ok());
                refusals_past_the_list |= more.is_some_and(|n| n + 100 > 1000);
            }
        }
        // The real import: refused (nothing written), then a file with no refusals
        // (written in one transaction), each on its own copy of the store.
        for (what, f) in [("full", file.as_path()), ("seed", seed.as_path())] {
            let mut written = Vec::new();
            for one in [true, false] {
                let ext = file.extension().unwrap().to_string_lossy();
                let db = home.join(format!("copy-{ext}-{what}-{one}.sqlite3"));
                rusqlite::Connection::open(&store)
                    .unwrap()
                    .execute("VACUUM INTO ?1", [db.display().to_string()])
                    .unwrap();
                let printed = import(home, &db, "en", f, &[], one);
                written.push((printed, contents(&db)));
            }
            assert_eq!(written[0], written[1], "{what} {}", file.display());
            let code = if what == "full" { 1 } else { 0 };
            assert!(
                written[0].0.starts_with(&format!("exit Some({code})")),
                "{written:?}"
            );
        }
    }
    assert!(refusals_past_the_list);
}
