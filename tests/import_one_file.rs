//! The office imports one file once (issue #18 point 10): a dealer export whose rows hold a
//! customer, their car and its sale is imported in one run, every kind its header names,
//! linked row by row; `--kind` restricts it to one; columns no kind reads are named; the dry
//! run's figures are the real run's; a second run matches instead of duplicating; and the
//! summary's figures are the ones the row messages under it count. In both languages.

mod support;

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk::cli::files::{self, Console};
use frontdesk::config::Settings;
use frontdesk::domain::validate::with_check_digit;
use frontdesk::i18n::Lang;
use frontdesk::io::import::{ImportReport, Options};
use frontdesk::io::{Kind, source};
use frontdesk::store::{Actor, Db};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

fn vin(n: u32) -> String {
    with_check_digit(&format!("LSVAU2180N2{n:06}")).unwrap()
}

/// Three sales: 张三 bought two cars, 李四 one; 客户来源 is read by no kind.
fn dealer_csv() -> String {
    format!(
        "客户姓名,手机,车架号,车牌号,品牌,车型,开票日期,交车日期,销售顾问,成交价,客户来源\n\
         张三,13800000001,{},粤B30001,大众,帕萨特,2026-01-05,2026-01-08,周杰,\"159,800\",展厅\n\
         张三,13800000001,{},粤B30002,比亚迪,汉EV,2026-02-05,2026-02-08,周杰,\"209,800\",展厅\n\
         李四,13800000002,{},粤B30003,丰田,凯美瑞,2026-03-05,2026-03-09,王芳,\"179,800\",转介绍\n",
        vin(1),
        vin(2),
        vin(3)
    )
}

struct Store {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    db: PathBuf,
}

impl Store {
    fn new() -> Store {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("store.sqlite3");
        drop(Db::open(&db).unwrap());
        Store {
            dir: dir.path().to_path_buf(),
            db,
            _dir: dir,
        }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn conn(&self) -> Connection {
        Connection::open(&self.db).unwrap()
    }

    fn count(&self, table: &str) -> i64 {
        self.conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    fn counts(&self) -> (i64, i64, i64) {
        (
            self.count("customers"),
            self.count("vehicles"),
            self.count("sales_files"),
        )
    }

    /// `frontdesk import FILE [--kind K] [--dry-run]`: (exit code, stdout, stderr).
    fn cli(&self, lang: Lang, file: &Path, kind: Option<&str>, dry: bool) -> (i32, String, String) {
        let s = Settings::with_db(self.db.clone(), lang);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = files::import::run(
            &s,
            None,
            file,
            kind,
            dry,
            &[],
            &mut Console {
                out: &mut out,
                err: &mut err,
            },
        )
        .unwrap();
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    /// The import's own report.
    fn report(&self, file: &Path, kind: Option<Kind>, dry_run: bool) -> ImportReport {
        let mut db = Db::open(&self.db).unwrap();
        let opts = Options {
            kind,
            dry_run,
            map: Vec::new(),
            lang: Lang::En,
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            file_name: file.display().to_string(),
        };
        let actor = Actor {
            agent_id: None,
            at: Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap(),
        };
        files::import::import_file(&mut db, file, &opts, actor, &mut |_, _, _| {}).unwrap()
    }
}

#[test]
fn a_dealer_export_imports_customer_vehicle_and_sale_linked_in_one_run() {
    let s = Store::new();
    let f = s.file("dealer.csv", &dealer_csv());

    let (code, out, err) = s.cli(Lang::Zh, &f, None, true);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("导入：客户、车辆、销售档案"), "{out}");
    assert!(out.contains("共 3 行：可导入 3 行，拒绝 0 行"), "{out}");
    assert!(
        out.contains("客户：新增 2，已有 0（更新 0，无变化 0），与本文件前面的行相同 1，拒绝 0"),
        "{out}"
    );
    assert!(
        out.contains("车辆：新增 3，已有 0（更新 0，无变化 0），拒绝 0"),
        "{out}"
    );
    assert!(out.contains("销售档案：新增 3，已有 0"), "{out}");
    assert!(out.contains("未使用的列：客户来源"), "{out}");
    assert_eq!(s.counts(), (0, 0, 0), "a dry run writes nothing");

    let (code, out, err) = s.cli(Lang::En, &f, None, false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Importing: customers, vehicles, sales files"),
        "{out}"
    );
    assert!(out.contains("Unused columns: 客户来源"), "{out}");
    assert!(out.contains("Imported"), "{out}");
    assert_eq!(s.counts(), (2, 3, 3));

    // Linked row by row: each car is its row's customer's, each sale its row's car's.
    let c = s.conn();
    let owner = |v: String| -> String {
        c.query_row(
            "SELECT c.mobile FROM vehicles v JOIN customers c ON c.id = v.customer_id WHERE v.vin = ?1",
            [v],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(owner(vin(1)), "13800000001");
    assert_eq!(owner(vin(2)), "13800000001");
    assert_eq!(owner(vin(3)), "13800000002");
    let (price, person): (i64, String) = c
        .query_row(
            "SELECT s.price_yuan, s.salesperson FROM sales_files s JOIN vehicles v ON v.id = s.vehicle_id WHERE v.vin = ?1",
            [vin(2)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((price, person.as_str()), (209_800, "周杰"));
    let purchase: String = c
        .query_row(
            "SELECT purchase_date FROM vehicles WHERE vin = ?1",
            [vin(3)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(purchase, "2026-03-05", "the vehicle takes the sale's date");

    // A second run of the same file matches every record and writes none.
    let (code, out, _) = s.cli(Lang::En, &f, None, false);
    assert_eq!(code, 0, "{out}");
    assert_eq!(s.counts(), (2, 3, 3), "matched, not duplicated");
    assert!(
        out.contains("customers: 0 new, 2 already there (0 updated, 2 unchanged), 1 the same as an earlier row, 0 refused"),
        "{out}"
    );
    assert!(
        out.contains("vehicles: 0 new, 3 already there (0 updated, 3 unchanged), 0 refused"),
        "{out}"
    );
    assert!(
        out.contains("sales files: 0 new, 3 already there (0 updated, 3 unchanged), 0 refused"),
        "{out}"
    );
    // The list under the summary counts the same records and says what the summary says
    // of each: unchanged, none updated.
    assert!(
        out.contains("Already in the database (not added again): 8 records"),
        "{out}"
    );
    let listed = |out: &str, what: &str| {
        out.lines()
            .filter(|l| {
                l.contains(&format!(" exists{what}"))
                    || l.contains(&format!(" has a sales file{what}"))
            })
            .count()
    };
    assert_eq!(listed(&out, "; unchanged"), 8, "{out}");
    assert_eq!(listed(&out, "; updated"), 0, "{out}");

    // 李四's car changes colour in the export: that vehicle is updated, the rest unchanged,
    // and the list says so of each, in both languages.
    let f = s.file(
        "dealer2.csv",
        &dealer_csv()
            .replace("丰田,凯美瑞,", "丰田,凯美瑞,白色,")
            .replace("车型,", "车型,颜色,")
            .replace("大众,帕萨特,", "大众,帕萨特,,")
            .replace("比亚迪,汉EV,", "比亚迪,汉EV,,"),
    );
    let (code, out, _) = s.cli(Lang::En, &f, None, true);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("vehicles: 0 new, 3 already there (1 updated, 2 unchanged), 0 refused"),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains(&format!("(VIN {}) exists; updated", vin(3)))),
        "{out}"
    );
    assert_eq!(listed(&out, "; updated"), 1, "{out}");
    assert_eq!(listed(&out, "; unchanged"), 7, "{out}");
    let (_, zh, _) = s.cli(Lang::Zh, &f, None, true);
    assert!(zh.contains("已在数据库中（不重复新增）：8 条"), "{zh}");
    assert_eq!(zh.matches("，将更新").count(), 1, "{zh}");
    assert_eq!(zh.matches("，内容相同，无变化").count(), 7, "{zh}");
}

#[test]
fn kind_restricts_the_run_to_one_kind() {
    let s = Store::new();
    // One car per customer.
    let text: String = dealer_csv()
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let f = s.file("two.csv", &text);
    let (code, out, err) = s.cli(Lang::En, &f, Some("customers"), false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Importing: customers\n"), "{out}");
    assert!(!out.contains("vehicles:"), "{out}");
    assert!(
        out.contains("Unused columns: 车架号, 车牌号, 品牌, 车型, 开票日期, 交车日期, 销售顾问, 成交价, 客户来源"),
        "{out}"
    );
    assert_eq!(s.counts(), (2, 0, 0));
    // Restricted to customers, a row is one customer: the same mobile twice is a repeat.
    let f = s.file("dealer.csv", &dealer_csv());
    let (code, out, _) = s.cli(Lang::En, &f, Some("customers"), true);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("repeats line 2 (mobile 13800000001)"), "{out}");
}

#[test]
fn kind_vehicles_creates_the_owners_it_needs_and_says_so_per_kind() {
    let s = Store::new();
    let f = s.file("dealer.csv", &dealer_csv());
    let (code, out, err) = s.cli(Lang::Zh, &f, Some("vehicles"), true);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("导入：车辆\n"), "{out}");
    // One figure per kind: the cars, and the owners made for them.
    assert!(out.contains("车辆：新增 3，已有 0"), "{out}");
    assert!(out.contains("客户：新增 2，已有 0"), "{out}");
    assert!(!out.contains("销售档案："), "{out}");
    assert!(
        out.contains("未使用的列：交车日期，销售顾问，成交价，客户来源"),
        "{out}"
    );
}

#[test]
fn the_dry_run_counts_what_the_real_run_does() {
    // Clean, with a customer on two rows.
    let s = Store::new();
    let f = s.file("dealer.csv", &dealer_csv());
    let dry = s.report(&f, None, true);
    assert_eq!(s.counts(), (0, 0, 0));
    let real = s.report(&f, None, false);
    assert!(real.committed);
    assert_eq!(dry.counts, real.counts);
    assert_eq!(
        (dry.accepted, dry.refused_rows, dry.matched_count),
        (real.accepted, real.refused_rows, real.matched_count)
    );
    // Again, against what the first run wrote: every record matched, none created.
    let (dry2, real2) = (s.report(&f, None, true), s.report(&f, None, false));
    assert_eq!(dry2.counts, real2.counts);
    assert_eq!(real2.counts.total().created, 0);
    assert_eq!(real2.matched_count, 8);

    // With refusals: a bad mobile, a car whose plate another car has. The real run refuses
    // the file; its figures are still the dry run's.
    let bad = format!(
        "客户姓名,手机,车架号,车牌号,交车日期,成交价\n\
         王五,1380000,{},粤B40001,2026-04-01,100000\n\
         赵六,13800000006,{},粤B30001,2026-04-02,120000\n\
         钱七,13800000007,{},粤B40003,2026-04-03,130000\n",
        vin(11),
        vin(12),
        vin(13)
    );
    let f = s.file("bad.csv", &bad);
    let dry = s.report(&f, None, true);
    let real = s.report(&f, None, false);
    assert!(!real.committed);
    assert_eq!(dry.counts, real.counts);
    assert_eq!((dry.accepted, dry.refused_rows), (1, 2));
    // Line 2's mobile is read by each kind (the vehicle's and the sale's owner too); line 3's
    // plate is on a car already there, found when the vehicle is matched, and its sale is
    // refused with the car: each kind's refusals match the rows refused.
    assert_eq!(dry.counts.of(Kind::Customers).refused, 1);
    assert_eq!(dry.counts.of(Kind::Vehicles).refused, 2);
    assert_eq!(dry.counts.of(Kind::Sales).refused, 2);
    assert_eq!(dry.counts.of(Kind::Sales).created, 1);
    assert_eq!(s.counts(), (2, 3, 3), "all or nothing");
}

#[test]
fn an_xlsx_dealer_export_streams_the_same_way() {
    let s = Store::new();
    let csv = s.file("dealer.csv", &dealer_csv());
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "2026 年 1–3 月销售明细").unwrap();
    for (r, line) in dealer_csv().lines().enumerate() {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        for rec in rdr.records() {
            for (c, cell) in rec.unwrap().iter().enumerate() {
                sheet.write_string(r as u32 + 2, c as u16, cell).unwrap();
            }
        }
    }
    let x = s.dir.join("dealer.xlsx");
    book.save(&x).unwrap();
    let from_csv = s.report(&csv, None, true);
    let from_xlsx = s.report(&x, None, true);
    assert_eq!(from_xlsx.header_line, 3, "below the title and a blank row");
    assert_eq!(from_xlsx.counts, from_csv.counts);
    assert_eq!(
        from_xlsx.kinds,
        [Kind::Customers, Kind::Vehicles, Kind::Sales]
    );
    // Read whole, the same rows.
    assert_eq!(source::read(&x).unwrap().rows.len(), 5);
}

#[test]
fn no_kind_in_the_header_is_refused_in_the_users_language() {
    let s = Store::new();
    let f = s.file("odd.csv", "备注,金额\nx,1\n");
    let (code, _, err) = s.cli(Lang::Zh, &f, None, true);
    assert_eq!(code, 1);
    assert!(
        err.contains("找不到表头") && err.contains("任何一类") && err.contains("车架号"),
        "{err}"
    );
    let (code, _, err) = s.cli(Lang::En, &f, None, true);
    assert_eq!(code, 1);
    assert!(
        err.contains("no header row") && err.contains("any kind") && err.contains("VIN"),
        "{err}"
    );
}

#[test]
fn import_help_is_in_the_users_language() {
    let home = tempfile::tempdir().unwrap();
    let mut zh = support::env(home.path());
    zh.push(("LANG".into(), "zh_CN.UTF-8".into()));
    let (code, out, _) = support::run(&["import", "--help"], &zh);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("用法：") && out.contains("选项"), "{out}");
    assert!(
        out.contains("只导入一类") && out.contains("表头含有的各类"),
        "{out}"
    );
    for english in [
        "Usage:",
        "Possible values",
        "Options:",
        "What the file holds",
    ] {
        assert!(
            !out.contains(english),
            "{english} in the Chinese help:\n{out}"
        );
    }
    let (code, out, _) = support::run(&["--lang", "en", "import", "--help"], &zh);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Usage:") && out.contains("Import only this kind"),
        "{out}"
    );
    for chinese in ["用法", "选项", "客户 customers", "只导入"] {
        assert!(
            !out.contains(chinese),
            "{chinese} in the English help:\n{out}"
        );
    }
}

/// A dealer export of `rows`: (name, mobile, VIN, plate, colour) a row.
fn export(rows: &[(String, String, String, String, &str)]) -> String {
    let mut s = String::from("客户姓名,手机,车架号,车牌号,颜色,交车日期\n");
    for (n, m, v, p, c) in rows {
        s.push_str(&format!("{n},{m},{v},{p},{c},2026-01-15\n"));
    }
    s
}

#[test]
fn lookups_fetched_a_chunk_at_a_time_find_what_the_store_and_the_file_hold() {
    // 1,200 customers with their cars on file: more than two chunks of lookups.
    let s = Store::new();
    let on_file = |i: u32, colour| {
        (
            format!("客户{i}"),
            format!("139{i:08}"),
            vin(i),
            format!("粤B{i:05}"),
            colour,
        )
    };
    let first: Vec<_> = (0..1200).map(|i| on_file(i, "白色")).collect();
    assert!(
        s.report(&s.file("a.csv", &export(&first)), None, false)
            .committed
    );
    assert_eq!(s.counts(), (1200, 1200, 1200));
    // Again, every other car repainted, with twelve new customers among them; the second
    // new customer named again two rows later (the same chunk) and the first again at the
    // end (a later chunk), each with another car.
    let new = |n: u32| {
        (
            format!("新客{n}"),
            format!("137{n:08}"),
            vin(5000 + n),
            format!("粤C{n:05}"),
            "红色",
        )
    };
    let again = |n: u32, k: u32| {
        (
            new(n).0,
            new(n).1,
            vin(6000 + k),
            format!("粤D{k:05}"),
            "蓝色",
        )
    };
    let mut rows = Vec::new();
    for i in 0..1200 {
        rows.push(on_file(i, if i % 2 == 0 { "黑色" } else { "白色" }));
        if i % 100 == 3 {
            rows.push(new(i / 100));
        }
        if i == 105 {
            rows.push(again(1, 1));
        }
    }
    rows.push(again(0, 0));
    let f = s.file("b.csv", &export(&rows));
    let dry = s.report(&f, None, true);
    assert_eq!(s.counts(), (1200, 1200, 1200), "a dry run writes nothing");
    let c = |k| *dry.counts.of(k);
    let (cust, veh, sales) = (c(Kind::Customers), c(Kind::Vehicles), c(Kind::Sales));
    assert_eq!(
        (cust.created, cust.updated, cust.unchanged, cust.again),
        (12, 0, 1200, 2)
    );
    assert_eq!((veh.created, veh.updated, veh.unchanged), (14, 600, 600));
    assert_eq!((sales.created, sales.unchanged), (14, 1200));
    assert_eq!((dry.accepted, dry.refused_rows), (1214, 0));
    let real = s.report(&f, None, false);
    assert!(real.committed);
    assert_eq!(real.counts, dry.counts);
    assert_eq!(s.counts(), (1212, 1214, 1214));
    // The cars named with a new customer again are that customer's.
    let owner = |v: &str| -> String {
        s.conn()
            .query_row(
                "SELECT c.mobile FROM vehicles v JOIN customers c ON c.id = v.customer_id
                 WHERE v.vin = ?1",
                [v],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(owner(&vin(6000)), "13700000000");
    assert_eq!(owner(&vin(6001)), "13700000001");
    assert_eq!(owner(&vin(8)), "13900000008");
    let black: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM vehicles WHERE color = '黑色'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(black, 600);
}
