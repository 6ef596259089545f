//! Data in and out: imports of files as dealer systems and Excel write them (GBK, UTF-8 with
//! a BOM, UTF-16, XLSX), damaged and duplicate rows refused with line and column, re-imports
//! that update instead of duplicating, all-or-nothing writes; exports that read back the same
//! in CSV and XLSX, neutralise formulas and are owner-only; and every report figure checked
//! against a small store whose numbers are worked out by hand below.
//!
//! The fixture files are made here (GBK bytes through encoding_rs, workbooks through
//! rust_xlsxwriter), so the repository holds no binary fixtures.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use encoding_rs::{GB18030, GBK};
use frontdesk::config::Settings;
use frontdesk::domain::archive::{CustomerData, RepairOrderData, VehicleData};
use frontdesk::domain::calendar::BusinessCalendar;
use frontdesk::domain::calls::{Channel, Direction};
use frontdesk::domain::complaints::{Category, SlaSettings};
use frontdesk::domain::templates::TemplateSet;
use frontdesk::domain::validate::{id_check_char, with_check_digit};
use frontdesk::i18n::Lang;
use frontdesk::io::import::{self, Options, Stage};
use frontdesk::io::report::{self, Ctx, Range, Report};
use frontdesk::io::run::Console;
use frontdesk::io::{Kind, Sheet, Value, run, source};
use frontdesk::store::agents::{self, Role};
use frontdesk::store::calls::{self, NewCall};
use frontdesk::store::complaints::{self as sc, NewComplaint};
use frontdesk::store::{Actor, Db, customers, files, vehicles};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------- helpers

fn vin(n: u32) -> String {
    with_check_digit(&format!("LSVAU2180N2{n:06}")).unwrap()
}

fn id_number(base17: &str) -> String {
    format!("{base17}{}", id_check_char(base17).unwrap())
}

struct Store {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    settings: Settings,
}

impl Store {
    fn new() -> Store {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite3");
        drop(Db::open(&path).unwrap());
        Store {
            dir: dir.path().to_path_buf(),
            settings: Settings::with_db(path, Lang::En),
            _dir: dir,
        }
    }

    fn zh(&self) -> Settings {
        let mut s = self.settings.clone();
        s.lang = Lang::Zh;
        s
    }

    fn db(&self) -> Db {
        Db::open(&self.settings.db_path).unwrap()
    }

    fn conn(&self) -> Connection {
        Connection::open(&self.settings.db_path).unwrap()
    }

    fn count(&self, table: &str) -> i64 {
        self.conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Runs the import subcommand (`kind` "": without `--kind`, every kind the header
    /// names); (exit code, stdout, stderr).
    fn import(
        &self,
        s: &Settings,
        file: &Path,
        kind: &str,
        dry: bool,
        map: &[&str],
    ) -> (i32, String, String) {
        let map: Vec<String> = map.iter().map(|m| m.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run::import(
            s,
            None,
            file,
            (!kind.is_empty()).then_some(kind),
            dry,
            &map,
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

    fn export(
        &self,
        report: &str,
        from: &str,
        to: &str,
        format: &str,
        out: &Path,
    ) -> (i32, String) {
        self.export_as(None, report, from, to, format, out)
    }

    /// Exports as `--agent EMP` would.
    fn export_as(
        &self,
        agent: Option<&str>,
        report: &str,
        from: &str,
        to: &str,
        format: &str,
        out: &Path,
    ) -> (i32, String) {
        let (mut o, mut e) = (Vec::new(), Vec::new());
        let code = run::export(
            &self.settings,
            agent,
            report,
            Some(from),
            Some(to),
            format,
            out,
            &mut Console {
                out: &mut o,
                err: &mut e,
            },
        )
        .unwrap();
        (
            code,
            String::from_utf8(o).unwrap() + &String::from_utf8(e).unwrap(),
        )
    }
}

/// The import report itself (for exact line and column checks).
fn import_report(s: &Store, file: &Path, kind: Kind, dry_run: bool) -> import::ImportReport {
    let table = source::read(file).unwrap();
    let mut db = s.db();
    let opts = Options {
        kind: Some(kind),
        dry_run,
        map: Vec::new(),
        lang: Lang::En,
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        file_name: file.display().to_string(),
    };
    let actor = Actor {
        agent_id: None,
        at: t0(),
    };
    import::import_table(&mut db, table, &opts, actor, &mut |_: Stage, _, _| {}).unwrap()
}

/// 2026-11-23 09:30 in Shanghai.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

/// A store-local (Shanghai) time as UTC.
fn local(y: i32, m: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(y, m, d, h, mi, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn xlsx_rows(p: &Path) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(p).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn csv_rows(p: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(p).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[3..]);
    rdr.records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

// ---------------------------------------------------------------- imports: encodings

#[test]
fn gbk_customers_file_from_excel_on_chinese_windows() {
    let s = Store::new();
    let text = "客户姓名,手机号,性别,出生日期,地区,联系地址,备注\r\n\
                张三,13812341234,男,1985/3/7,广东省深圳市,南山区科技园1号,老客户\r\n\
                李四,139-1234-5678,女,1990年12月1日,广东省广州市,天河区体育西路2号,\r\n\
                王五,+86 137 0000 1111,,,广东省东莞市,,\r\n";
    let (bytes, _, unmappable) = GBK.encode(text);
    assert!(!unmappable);
    let f = s.file("customers_gbk.csv", &bytes);

    let (code, out, _) = s.import(&s.settings, &f, "customers", true, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("GBK/GB18030"), "{out}");
    assert!(
        out.contains("3 rows: 3 accepted, 0 refused")
            && out
                .contains("customers: 3 new, 0 already there (0 updated, 0 unchanged), 0 refused"),
        "{out}"
    );
    assert!(
        out.contains("Preview") && out.contains("客户姓名=张三"),
        "{out}"
    );
    assert!(out.contains("Dry run: nothing written"), "{out}");
    assert_eq!(s.count("customers"), 0, "a dry run writes nothing");

    let (code, out, _) = s.import(&s.settings, &f, "customers", false, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Imported"), "{out}");
    let c = s.conn();
    let (name, py, gender, birthday, mobile): (String, String, String, String, String) = c
        .query_row(
            "SELECT name, name_pinyin, gender, birthday, mobile FROM customers WHERE name = '李四'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), py.as_str(), gender.as_str()),
        ("李四", "lisi", "F")
    );
    assert_eq!(
        (birthday.as_str(), mobile.as_str()),
        ("1990-12-01", "13912345678")
    );
    let wang: String = c
        .query_row(
            "SELECT mobile FROM customers WHERE name = '王五'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(wang, "13700001111");
    // One audit entry for the import.
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'import'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn gb18030_only_characters_and_utf16_tab_text() {
    let s = Store::new();
    // 𠮷 is not in GBK: only GB18030 (four bytes) holds it.
    let (bytes, _, unmappable) = GB18030.encode("姓名,手机\n吉𠮷,13800000001\n");
    assert!(!unmappable);
    let f = s.file("gb18030.csv", &bytes);
    assert_eq!(s.import(&s.settings, &f, "customers", false, &[]).0, 0);
    assert_eq!(s.count("customers"), 1);
    let name: String = s
        .conn()
        .query_row("SELECT name FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "吉𠮷");

    // Excel's "Unicode text": UTF-16LE with a BOM, tab-separated.
    let text = "Name\tMobile\tAddress\n赵六\t13800000002\t\"福田区, 3号\"\n";
    let mut u16 = vec![0xFF, 0xFE];
    u16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let f = s.file("unicode.txt", &u16);
    let (code, out, _) = s.import(&s.settings, &f, "customers", false, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("UTF-16LE") && out.contains("tab-separated"),
        "{out}"
    );
    let addr: String = s
        .conn()
        .query_row(
            "SELECT address FROM customers WHERE name = '赵六'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(addr, "福田区, 3号");
}

#[test]
fn utf8_bom_vehicles_with_english_headers_create_their_owners() {
    let s = Store::new();
    let text = format!(
        "\u{feff}VIN,Plate No,Brand,Model,Owner,Mobile,Purchase Date,Mileage\n\
         {},粤B·12345,大众,帕萨特,张三,13812341234,2024-05-01,\"35,000\"\n\
         {},粤BD12345,比亚迪,汉EV,张三,13812341234,2025-01-10,8000km\n\
         {},,丰田,凯美瑞,李四,13900000000,2023-07-15,6.2万公里\n",
        vin(1),
        vin(2),
        vin(3)
    );
    let f = s.file("vehicles.csv", text.as_bytes());
    let (code, out, _) = s.import(&s.settings, &f, "vehicles", false, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("UTF-8 (BOM)"), "{out}");
    assert!(
        out.contains("customers: 2 new") && out.contains("vehicles: 3 new"),
        "{out}"
    );
    assert_eq!(s.count("vehicles"), 3);
    assert_eq!(s.count("customers"), 2, "one owner per mobile");
    let c = s.conn();
    let (plate, key, energy, km): (String, String, String, i64) = c
        .query_row(
            "SELECT plate, plate_key, energy, mileage_km FROM vehicles WHERE vin = ?1",
            [vin(2)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (plate.as_str(), key.as_str(), energy.as_str(), km),
        ("粤BD12345", "BD12345", "nev", 8000)
    );
    let km: i64 = c
        .query_row(
            "SELECT mileage_km FROM vehicles WHERE vin = ?1",
            [vin(3)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(km, 62_000);
    let plate: String = c
        .query_row("SELECT plate FROM vehicles WHERE vin = ?1", [vin(1)], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(plate, "粤B12345");
}

#[test]
fn garbage_and_mixed_files_are_refused_with_the_line() {
    let s = Store::new();
    let f = s.file(
        "garbage.csv",
        b"name,mobile\nok,13800000000\n\x00\x9f\xff\xfe garbage\n",
    );
    let (code, _, err) = s.import(&s.settings, &f, "customers", true, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("line 3"), "{err}");
    let (gbk, _, _) = GBK.encode("李四,13900000000\n");
    let mixed = ["姓名,手机\n张三,13800000000\n".as_bytes(), &gbk].concat();
    let f = s.file("mixed.csv", &mixed);
    let (code, _, err) = s.import(&s.settings, &f, "customers", true, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("line 3") && err.contains("mixed"), "{err}");
    assert_eq!(s.count("customers"), 0);
}

// ---------------------------------------------------------------- imports: XLSX

/// RO, VIN, plate, owner, mobile, date in (y, m, d), advisor, items, amount, mileage.
type RoRow<'a> = (
    &'a str,
    String,
    &'a str,
    &'a str,
    f64,
    (u16, u8, u8),
    &'a str,
    &'a str,
    f64,
    f64,
);

#[test]
fn xlsx_repair_orders_with_a_title_row_dates_and_numbers() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let s = Store::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let datefmt = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_string(0, 0, "维修工单导出 2026年10月").unwrap();
    let header = [
        "工单号",
        "车架号",
        "车牌号",
        "车主",
        "手机",
        "进厂日期",
        "出厂日期",
        "服务顾问",
        "维修项目",
        "结算金额(元)",
        "行驶里程",
    ];
    for (i, h) in header.iter().enumerate() {
        ws.write_string(2, i as u16, *h).unwrap();
    }
    let rows: [RoRow; 3] = [
        (
            "RO202610010001",
            vin(11),
            "粤B11111",
            "张三",
            13812341234.0,
            (2026, 10, 1),
            "李晓峰",
            "更换机油；机滤",
            580.5,
            35000.0,
        ),
        (
            "RO202610020002",
            vin(11),
            "粤B11111",
            "张三",
            13812341234.0,
            (2026, 10, 2),
            "李晓峰",
            "钣金喷漆",
            3200.0,
            35010.0,
        ),
        (
            "RO202610030003",
            vin(12),
            "",
            "李四",
            13900000000.0,
            (2026, 10, 3),
            "王强",
            "更换刹车片",
            900.0,
            60000.0,
        ),
    ];
    for (r, (ro, v, plate, owner, mobile, (y, m, d), adv, items, amount, km)) in
        rows.iter().enumerate()
    {
        let r = r as u32 + 3;
        ws.write_string(r, 0, *ro).unwrap();
        ws.write_string(r, 1, v).unwrap();
        ws.write_string(r, 2, *plate).unwrap();
        ws.write_string(r, 3, *owner).unwrap();
        ws.write_number(r, 4, *mobile).unwrap(); // a number cell, as Excel keeps phones
        let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
        ws.write_datetime_with_format(r, 5, &dt, &datefmt).unwrap();
        ws.write_string(r, 6, format!("{y}/{m}/{}", d + 1)).unwrap();
        ws.write_string(r, 7, *adv).unwrap();
        ws.write_string(r, 8, *items).unwrap();
        ws.write_number(r, 9, *amount).unwrap();
        ws.write_number(r, 10, *km).unwrap();
    }
    let f = s.dir.join("ro.xlsx");
    wb.save(&f).unwrap();

    let (code, out, _) = s.import(&s.zh(), &f, "repairs", false, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("电子表格") && out.contains("表头在第 3 行"),
        "{out}"
    );
    assert_eq!(s.count("repair_orders"), 3);
    assert_eq!(s.count("vehicles"), 2);
    assert_eq!(s.count("customers"), 2);
    let c = s.conn();
    let (opened, closed, kind, items, amount, km): (String, String, String, String, i64, i64) = c
        .query_row(
            "SELECT opened, closed, kind, items, amount_fen, mileage_km FROM repair_orders WHERE ro_number = 'RO202610010001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    assert_eq!(
        (opened.as_str(), closed.as_str()),
        ("2026-10-01", "2026-10-02")
    );
    assert_eq!((kind.as_str(), amount, km), ("maintenance", 58050, 35000));
    assert_eq!(items, r#"["更换机油","机滤"]"#);
    let (kind, accident): (String, i64) = c
        .query_row(
            "SELECT kind, accident FROM repair_orders WHERE ro_number = 'RO202610020002'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((kind.as_str(), accident), ("accident", 0));
    let mobile: String = c
        .query_row(
            "SELECT mobile FROM customers WHERE name = '张三'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(mobile, "13812341234", "a number cell reads back whole");
}

#[test]
fn xlsx_id_numbers_stored_as_numbers_are_flagged() {
    use rust_xlsxwriter::Workbook;
    let s = Store::new();
    let good = id_number("11010119900307123");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (i, h) in ["姓名", "手机", "身份证号"].iter().enumerate() {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "张三").unwrap();
    ws.write_string(1, 1, "13800000001").unwrap();
    ws.write_string(1, 2, &good).unwrap();
    ws.write_string(2, 0, "李四").unwrap();
    ws.write_string(2, 1, "13800000002").unwrap();
    // Typed into Excel as a number: only 15 significant digits survive.
    ws.write_number(2, 2, good.parse::<f64>().unwrap()).unwrap();
    let f = s.dir.join("ids.xlsx");
    wb.save(&f).unwrap();
    let r = import_report(&s, &f, Kind::Customers, true);
    assert_eq!((r.accepted, r.refused_rows), (1, 1));
    let p = &r.refused[0];
    assert_eq!((p.line, p.column.as_str()), (3, "身份证号"));
    assert!(
        p.value.ends_with("000") && p.reason.contains("15 digits"),
        "{p:?}"
    );
}

// ---------------------------------------------------------------- imports: damage, duplicates

#[test]
fn damaged_and_invalid_rows_are_refused_with_line_column_and_reason() {
    let s = Store::new();
    let good_id = id_number("44030519850307123");
    let text = format!(
        "姓名,手机,电话,身份证号,生日\n\
         张三,13812341234,,{good_id},1985-03-07\n\
         李四,1.38123E+10,,,\n\
         王五,13800000003,,440305198503071000,\n\
         赵六,13800000004,7551234567,,\n\
         钱七,13800000005,,,1990-02-30\n\
         ,13800000006,,,\n\
         孙八,12345,,,\n"
    );
    let f = s.file("damaged.csv", text.as_bytes());
    let r = import_report(&s, &f, Kind::Customers, true);
    assert_eq!((r.rows, r.accepted, r.refused_rows), (7, 1, 6));
    let at = |line: usize| {
        r.refused
            .iter()
            .find(|p| p.line == line)
            .unwrap_or_else(|| panic!("line {line}: {:?}", r.refused))
    };
    assert_eq!(at(3).column, "手机");
    assert!(at(3).reason.contains("scientific notation"), "{:?}", at(3));
    assert_eq!(at(4).column, "身份证号");
    assert!(at(4).reason.contains("ends in 000"), "{:?}", at(4));
    assert_eq!(at(5).column, "电话");
    assert!(at(5).reason.contains("leading 0"), "{:?}", at(5));
    assert_eq!(at(6).column, "生日");
    assert!(at(6).reason.contains("not a valid date"), "{:?}", at(6));
    assert_eq!(at(7).column, "姓名");
    assert!(at(7).reason.contains("must not be empty"), "{:?}", at(7));
    assert!(at(8).reason.contains("Mobile"), "{:?}", at(8));

    // The command: exit 1, each refusal on its own line, nothing imported — even without
    // --dry-run, a file with refused rows imports nothing.
    let (code, out, _) = s.import(&s.settings, &f, "customers", false, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "line 3 [手机] “1.38123E+10”: Mobile: a spreadsheet turned it into scientific notation"
        ),
        "{out}"
    );
    assert!(out.contains("Nothing imported"), "{out}");
    assert_eq!(s.count("customers"), 0);
}

#[test]
fn duplicates_in_the_file_and_against_the_database() {
    let s = Store::new();
    let text = format!(
        "VIN,Plate,Owner,Mobile\n{},粤B10001,张三,13800000001\n{},粤B10002,李四,13800000002\n",
        vin(21),
        vin(22)
    );
    assert_eq!(
        s.import(
            &s.settings,
            &s.file("a.csv", text.as_bytes()),
            "vehicles",
            false,
            &[]
        )
        .0,
        0
    );
    // Same VIN twice in the file; a plate already on another car; an existing VIN (update).
    let text = format!(
        "VIN,Plate,Owner,Mobile\n{},粤B20001,王五,13800000003\n{},粤B20002,王五,13800000003\n{},粤B10001,赵六,13800000004\n{},粤B10002,李四,13800000002\n",
        vin(23),
        vin(23),
        vin(24),
        vin(22)
    );
    let f = s.file("b.csv", text.as_bytes());
    let r = import_report(&s, &f, Kind::Vehicles, true);
    assert_eq!(
        (r.accepted, r.refused_rows, r.duplicates_in_file),
        (2, 2, 1)
    );
    assert!(
        r.refused
            .iter()
            .any(|p| p.line == 3 && p.reason.contains("repeats line 2")),
        "{:?}",
        r.refused
    );
    assert!(
        r.refused
            .iter()
            .any(|p| p.line == 4 && p.reason.contains("already on another vehicle")),
        "{:?}",
        r.refused
    );
    assert_eq!(r.matched_count, 1);
    assert!(r.matched[0].reason.contains("exists"), "{:?}", r.matched);
    let v = r.counts.of(Kind::Vehicles);
    assert_eq!((v.created, v.unchanged, v.refused), (1, 1, 2));

    // The same mobile twice in a customers file.
    let f = s.file(
        "c.csv",
        "姓名,手机\n甲,13800000009\n乙,13800000009\n".as_bytes(),
    );
    let r = import_report(&s, &f, Kind::Customers, true);
    assert_eq!((r.accepted, r.duplicates_in_file), (1, 1));
    assert!(
        r.refused[0].reason.contains("mobile 13800000009"),
        "{:?}",
        r.refused
    );
}

// ---------------------------------------------------------------- imports: re-import, all or nothing

#[test]
fn importing_again_updates_instead_of_duplicating() {
    let s = Store::new();
    let customers_csv = "姓名,手机,地址\n张三,13800000001,A路1号\n李四,13800000002,B路2号\n";
    let f = s.file("c.csv", customers_csv.as_bytes());
    assert_eq!(s.import(&s.settings, &f, "customers", false, &[]).0, 0);
    let (code, out, _) = s.import(&s.settings, &f, "customers", false, &[]);
    assert_eq!(code, 0);
    assert!(
        out.contains("2 accepted")
            && out.contains("customers: 0 new, 2 already there (0 updated, 2 unchanged)"),
        "{out}"
    );
    let f = s.file(
        "c2.csv",
        "姓名,手机,地址\n张三,13800000001,C路3号\n".as_bytes(),
    );
    let (_, out, _) = s.import(&s.settings, &f, "customers", false, &[]);
    assert!(
        out.contains("customers: 0 new, 1 already there (1 updated, 0 unchanged)"),
        "{out}"
    );
    assert_eq!(s.count("customers"), 2);
    let (addr, version): (String, i64) = s
        .conn()
        .query_row(
            "SELECT address, version FROM customers WHERE mobile = '13800000001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((addr.as_str(), version), ("C路3号", 2));
    let audited: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'import_update' AND entity = 'customer'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);

    // Sales files match by vehicle, repair orders by RO number.
    let sales = format!(
        "车架号,车牌号,客户姓名,手机,开票日期,交车日期,销售渠道,销售顾问,成交价\n\
         {},粤B30001,张三,13800000001,2026-01-05,2026-01-08,直销,周杰,\"159,800\"\n",
        vin(31)
    );
    let f = s.file("sales.csv", sales.as_bytes());
    assert_eq!(s.import(&s.settings, &f, "sales", false, &[]).0, 0);
    let (_, out, _) = s.import(&s.settings, &f, "sales", false, &[]);
    assert!(
        out.contains("sales files: 0 new, 1 already there (0 updated, 1 unchanged)"),
        "{out}"
    );
    assert_eq!(
        (
            s.count("sales_files"),
            s.count("vehicles"),
            s.count("customers")
        ),
        (1, 1, 2)
    );
    let (price, channel, delivery): (i64, String, String) = s
        .conn()
        .query_row(
            "SELECT price_yuan, channel, delivery_date FROM sales_files",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (price, channel.as_str(), delivery.as_str()),
        (159_800, "direct", "2026-01-08")
    );

    let ro = format!(
        "工单号,车架号,进厂日期,结算金额\nRO1,{v},2026-02-01,100\nRO2,{v},2026-03-01,200\n",
        v = vin(31)
    );
    let f = s.file("ro.csv", ro.as_bytes());
    assert_eq!(s.import(&s.settings, &f, "repairs", false, &[]).0, 0);
    let ro = format!(
        "工单号,车架号,进厂日期,结算金额\nRO1,{v},2026-02-01,150\nRO2,{v},2026-03-01,200\n",
        v = vin(31)
    );
    let f = s.file("ro2.csv", ro.as_bytes());
    let (_, out, _) = s.import(&s.settings, &f, "repairs", false, &[]);
    assert!(
        out.contains("repair orders: 0 new, 2 already there (1 updated, 1 unchanged)"),
        "{out}"
    );
    assert_eq!(s.count("repair_orders"), 2);
}

#[test]
fn a_constraint_hit_during_the_real_import_rolls_back_every_row() {
    let s = Store::new();
    // A fault the dry run cannot see: the database refuses one row when it is written.
    s.conn()
        .execute_batch(
            "CREATE TRIGGER refuse_one BEFORE INSERT ON customers WHEN NEW.name = '坏' BEGIN
                 SELECT RAISE(ABORT, 'injected constraint failure');
             END;",
        )
        .unwrap();
    let f = s.file(
        "c.csv",
        "姓名,手机\n张三,13800000001\n李四,13800000002\n坏,13800000003\n".as_bytes(),
    );
    let (code, out, _) = s.import(&s.settings, &f, "customers", true, &[]);
    assert_eq!(code, 0, "the dry run passes: {out}");
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let res = run::import(
        &s.settings,
        None,
        &f,
        Some("customers"),
        false,
        &[],
        &mut Console {
            out: &mut o,
            err: &mut e,
        },
    );
    let msg = format!("{res:?} {}", String::from_utf8_lossy(&e));
    assert!(res.is_err() || res.as_ref().is_ok_and(|c| *c == 1), "{msg}");
    assert!(msg.contains("injected constraint failure"), "{msg}");
    assert_eq!(s.count("customers"), 0, "all or nothing");

    // A refusal found only against the database (a plate on another car) also writes nothing.
    s.conn().execute_batch("DROP TRIGGER refuse_one").unwrap();
    let a = format!(
        "VIN,Plate,Owner,Mobile\n{},粤B40001,张三,13800000001\n",
        vin(41)
    );
    assert_eq!(
        s.import(
            &s.settings,
            &s.file("a.csv", a.as_bytes()),
            "vehicles",
            false,
            &[]
        )
        .0,
        0
    );
    let b = format!(
        "VIN,Plate,Owner,Mobile\n{},粤B40002,李四,13800000002\n{},粤B40001,王五,13800000003\n",
        vin(42),
        vin(43)
    );
    let (code, out, _) = s.import(
        &s.settings,
        &s.file("b.csv", b.as_bytes()),
        "vehicles",
        false,
        &[],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("line 3") && out.contains("Nothing imported"),
        "{out}"
    );
    assert_eq!((s.count("vehicles"), s.count("customers")), (1, 1));
}

#[test]
fn map_adjusts_columns_and_usage_errors_exit_2() {
    let s = Store::new();
    let f = s.file(
        "odd.csv",
        "客户,车主号码,其他\n张三,13800000001,x\n".as_bytes(),
    );
    // 客户 is a name column; the number column is not recognised, so no row has a phone.
    let (code, out, _) = s.import(&s.settings, &f, "customers", true, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("line 2") && out.contains("no mobile or phone"),
        "{out}"
    );
    assert!(out.contains("Unused columns: 车主号码, 其他"), "{out}");
    let f2 = s.file("nohead.csv", "a,b\n1,2\n".as_bytes());
    let (code, _, err) = s.import(&s.settings, &f2, "customers", true, &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no header row") && err.contains("a | b"),
        "{err}"
    );
    let (code, out, _) = s.import(
        &s.settings,
        &f,
        "customers",
        false,
        &["车主号码=mobile", "其他=-"],
    );
    assert_eq!(code, 0, "{out}");
    let m: String = s
        .conn()
        .query_row("SELECT mobile FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(m, "13800000001");
    assert_eq!(
        s.import(&s.settings, &f, "customers", true, &["车主号码=nothing"])
            .0,
        2
    );
    assert_eq!(
        s.import(&s.settings, &f, "customers", true, &["没有这列=mobile"])
            .0,
        2
    );
    assert_eq!(s.import(&s.settings, &f, "people", true, &[]).0, 2);
    let (mut o, mut e) = (Vec::new(), Vec::new());
    assert_eq!(
        run::report(
            &s.settings,
            None,
            "nonsense",
            None,
            None,
            &mut Console {
                out: &mut o,
                err: &mut e
            },
        )
        .unwrap(),
        2
    );
    assert_eq!(
        run::report(
            &s.settings,
            None,
            "calls",
            Some("2026-13-01"),
            None,
            &mut Console {
                out: &mut o,
                err: &mut e
            },
        )
        .unwrap(),
        2
    );
    assert_eq!(
        run::report(
            &s.settings,
            None,
            "calls",
            Some("2026-11-02"),
            Some("2026-11-01"),
            &mut Console {
                out: &mut o,
                err: &mut e
            },
        )
        .unwrap(),
        2
    );
    let out = s.dir.join("x.pdf");
    assert_eq!(
        s.export("calls", "2026-11-01", "2026-11-30", "pdf", &out).0,
        2
    );
    assert!(!out.exists());
    assert_eq!(
        run::report(
            &s.settings,
            None,
            "calls",
            Some("2026-11"),
            None,
            &mut Console {
                out: &mut o,
                err: &mut e
            },
        )
        .unwrap(),
        0
    );
}

// ---------------------------------------------------------------- the report fixture

/// A small store, every figure worked out by hand:
///
/// - agents 1001 刘芳 (supervisor), 1002 陈静, 1003 王磊
/// - customers 张三 (vehicle 粤B00001, visit 2026-10-01), 李四 (粤B00002, visits 2024-01-01
///   and 2025-06-01), 王五 (粤B00003, visit 2025-11-22 — exactly 12 months before
///   2026-11-22), 赵六 (粤B00004, never visited)
/// - November calls (store time): 1002 at 11-03 10:00 consult_price 100 % resolved, 11-10
///   15:00 consult_price 80 % open, 11-20 09:00 complaint_attitude 60 % open (opens a
///   complaint); 1003 at 11-01 00:30 consult_tech 90 % resolved (UTC: still October 31).
///   Outside: 1002 at 10-31 23:30 (UTC October 31 15:30).
/// - complaints: the one from the call (no handler) and one registered by hand on 11-05,
///   handler 1003, timeliness, station 机修车间, closed.
fn report_store() -> (Store, BTreeMap<&'static str, i64>) {
    let s = Store::new();
    let mut db = s.db();
    let sid = db.store_id().to_string();
    let sys = Actor {
        agent_id: None,
        at: t0(),
    };
    let mut ids = BTreeMap::new();
    for (emp, name, role) in [
        ("1001", "刘芳", Role::Supervisor),
        ("1002", "陈静", Role::Agent),
        ("1003", "王磊", Role::Agent),
    ] {
        ids.insert(
            emp,
            agents::ensure(&mut db, sys, emp, name, role).unwrap().id,
        );
    }
    let people = [
        ("张三", "13800000001", 1, vec![date(2026, 10, 1)]),
        (
            "李四",
            "13800000002",
            2,
            vec![date(2024, 1, 1), date(2025, 6, 1)],
        ),
        ("王五", "13800000003", 3, vec![date(2025, 11, 22)]),
        ("赵六", "13800000004", 4, vec![]),
    ];
    let keys = ["zhang", "li", "wang", "zhao"];
    db.write(|tx| {
        for (i, (name, mobile, n, visits)) in people.iter().enumerate() {
            let c = CustomerData {
                name: (*name).into(),
                mobile: Some((*mobile).into()),
                ..Default::default()
            };
            let cid = customers::insert_in(tx, &sid, sys, &c)?;
            let v = VehicleData {
                vin: vin(100 + n),
                vin_check_ok: true,
                plate: Some(format!("粤B0000{n}")),
                brand: "大众".into(),
                model: "朗逸".into(),
                ..Default::default()
            };
            let vid = vehicles::insert_in(tx, &sid, sys, cid, &v)?;
            for (k, d) in visits.iter().enumerate() {
                let o = RepairOrderData {
                    ro_number: format!("RO{n}{k}"),
                    opened: *d,
                    closed: Some(*d),
                    advisor: "李晓峰".into(),
                    ..Default::default()
                };
                files::insert_repair_order_in(tx, &sid, sys, vid, &o)?;
            }
            ids.insert(keys[i], cid);
        }
        Ok(())
    })
    .unwrap();
    let set = TemplateSet::builtin();
    let mut save = |agent: &str,
                    template: &str,
                    at: DateTime<Utc>,
                    completeness: u8,
                    resolved: bool,
                    who: &str| {
        let t = set.get(template).unwrap();
        let c = NewCall {
            customer_id: Some(ids[who]),
            vehicle_id: None,
            direction: Direction::Inbound,
            channel: Channel::Phone,
            template_id: t.id.clone(),
            template_version: t.version,
            group: t.group,
            fields: BTreeMap::new(),
            sentence: format!("{template} 记录"),
            resolved,
            completeness,
            started_at: at,
        };
        let actor = Actor {
            agent_id: Some(ids[agent]),
            at: at + chrono::Duration::minutes(3),
        };
        calls::save(&mut db, actor, &c).unwrap();
    };
    save(
        "1002",
        "consult_price",
        local(2026, 11, 3, 10, 0),
        100,
        true,
        "zhang",
    );
    save(
        "1002",
        "consult_price",
        local(2026, 11, 10, 15, 0),
        80,
        false,
        "li",
    );
    // Stored as the call form stores every rescue and complaint call: "resolved", as it
    // needs no 24-hour follow-up. The reports must not count it as resolved on the spot.
    save(
        "1002",
        "complaint_attitude",
        local(2026, 11, 20, 9, 0),
        60,
        true,
        "wang",
    );
    save(
        "1003",
        "consult_tech",
        local(2026, 11, 1, 0, 30),
        90,
        true,
        "zhao",
    );
    save(
        "1002",
        "consult_price",
        local(2026, 10, 31, 23, 30),
        70,
        true,
        "zhang",
    );
    let c = NewComplaint {
        customer_id: Some(ids["li"]),
        vehicle_id: None,
        call_id: None,
        channel: "phone".into(),
        received_at: local(2026, 11, 5, 14, 0),
        category: Category::Timeliness,
        loss_yuan: None,
        severity_by_hand: None,
        station: "机修车间".into(),
        summary: "等待时间过长".into(),
        demand: "道歉".into(),
        handler_id: Some(ids["1003"]),
    };
    let cid = sc::register(
        &mut db,
        Actor {
            agent_id: Some(ids["1001"]),
            at: local(2026, 11, 5, 14, 5),
        },
        &c,
    )
    .unwrap();
    ids.insert("complaint", cid);
    // Closed (the workflow itself is tested elsewhere; the report only reads the status).
    s.conn()
        .execute(
            "UPDATE complaints SET status = 'closed' WHERE id = ?1",
            [cid],
        )
        .unwrap();
    (s, ids)
}

fn build(s: &Store, report: Report, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Sheet {
    let db = s.db();
    let templates = TemplateSet::builtin();
    let calendar = BusinessCalendar::builtin();
    let rules = frontdesk::domain::callbacks::Rules::builtin();
    let ctx = Ctx {
        lang: Lang::En,
        tz: chrono_tz::Asia::Shanghai,
        now: t0(),
        templates: &templates,
        calendar: &calendar,
        sla: SlaSettings::default(),
        rules: &rules,
        churn_months: 12,
    };
    report::build(db.conn(), report, &Range { from, to }, &ctx).unwrap()
}

fn col(sheet: &Sheet, name: &str) -> usize {
    sheet
        .columns
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name}: {:?}", sheet.columns))
}

fn cell<'a>(sheet: &'a Sheet, row: usize, name: &str) -> &'a Value {
    &sheet.rows[row][col(sheet, name)]
}

const NOV: (Option<NaiveDate>, Option<NaiveDate>) = (
    NaiveDate::from_ymd_opt(2026, 11, 1),
    NaiveDate::from_ymd_opt(2026, 11, 30),
);

#[test]
fn calls_report_figures() {
    let (s, _) = report_store();
    let r = build(&s, Report::Calls, NOV.0, NOV.1);
    assert_eq!(
        r.rows.len(),
        4,
        "the 10-31 23:30 call is October; the 11-01 00:30 call is November"
    );
    assert_eq!(cell(&r, 0, "Time"), &Value::text_of("2026-11-01 00:30"));
    assert_eq!(cell(&r, 0, "Agent"), &Value::text_of("1003 王磊"));
    assert_eq!(cell(&r, 0, "Customer"), &Value::text_of("赵六"));
    assert_eq!(cell(&r, 0, "Mobile"), &Value::Code("13800000004".into()));
    assert_eq!(
        cell(&r, 1, "Template"),
        &Value::text_of(
            TemplateSet::builtin()
                .get("consult_price")
                .unwrap()
                .name(Lang::En)
        )
    );
    assert_eq!(cell(&r, 1, "Resolved"), &Value::text_of("yes"));
    assert_eq!(cell(&r, 2, "Completeness (%)"), &Value::Int(80));
    assert_eq!(
        cell(&r, 3, "Record"),
        &Value::text_of("complaint_attitude 记录")
    );
    // A complaint call is not "resolved on the spot": its cell is blank.
    assert_eq!(cell(&r, 3, "Resolved"), &Value::Empty);
    assert!(
        r.notes[1].contains(
            "4 calls; of 3 consultations 2 resolved on the spot (rescue and complaint calls are not counted as resolved); average completeness 82.5%"
        ),
        "{:?}",
        r.notes
    );
    // Default range: this month up to today.
    let r = build(
        &s,
        Report::Calls,
        None,
        NaiveDate::from_ymd_opt(2026, 11, 9),
    );
    assert_eq!(r.rows.len(), 2);
}

#[test]
fn calls_by_template_figures() {
    let (s, _) = report_store();
    let r = build(&s, Report::CallsByTemplate, NOV.0, NOV.1);
    assert_eq!(&r.columns[5..], ["1002 陈静", "1003 王磊"]);
    let row = |id: &str| {
        r.rows
            .iter()
            .find(|x| x[0] == Value::Code(id.into()))
            .unwrap()
            .clone()
    };
    let ints = |v: &[Value]| -> Vec<i64> {
        v.iter()
            .filter_map(|c| {
                if let Value::Int(i) = c {
                    Some(*i)
                } else {
                    None
                }
            })
            .collect()
    };
    // total, resolved, 1002, 1003; a complaint template has no resolved figure (blank),
    // and the total counts the two consultations resolved, not the complaint call.
    assert_eq!(ints(&row("consult_price")), vec![2, 1, 2, 0]);
    assert_eq!(ints(&row("consult_tech")), vec![1, 1, 0, 1]);
    assert_eq!(ints(&row("complaint_attitude")), vec![1, 1, 0]);
    assert_eq!(row("complaint_attitude")[4], Value::Empty);
    assert_eq!(ints(r.rows.last().unwrap()), vec![4, 2, 3, 1]);
    assert_eq!(r.rows.len(), 4);
}

#[test]
fn agents_report_figures() {
    let (s, _) = report_store();
    let r = build(&s, Report::Agents, NOV.0, NOV.1);
    let row = |emp: &str| {
        r.rows
            .iter()
            .position(|x| x[0] == Value::Code(emp.into()))
            .unwrap()
    };
    let (a, b, c) = (row("1001"), row("1002"), row("1003"));
    assert_eq!(cell(&r, a, "Calls logged"), &Value::Int(0));
    assert_eq!(cell(&r, b, "Calls logged"), &Value::Int(3));
    assert_eq!(cell(&r, b, "Avg completeness (%)"), &Value::Num(80.0, 1));
    // 1002: two consultations (one resolved) and a complaint call: 1 of 2 = 50.0 %.
    assert_eq!(cell(&r, b, "Resolved (consult.)"), &Value::Int(1));
    assert_eq!(cell(&r, b, "Consult. resolved (%)").text(), "50.0");
    // 1001 logged nothing: no rate rather than 0 %.
    assert_eq!(cell(&r, a, "Consult. resolved (%)"), &Value::Empty);
    assert_eq!(cell(&r, b, "Complaints handled"), &Value::Int(0));
    assert_eq!(cell(&r, c, "Calls logged"), &Value::Int(1));
    assert_eq!(cell(&r, c, "Avg completeness (%)"), &Value::Num(90.0, 1));
    assert_eq!(cell(&r, c, "Complaints handled"), &Value::Int(1));
    assert_eq!(cell(&r, c, "of which closed"), &Value::Int(1));
    let total = r.rows.len() - 1;
    assert_eq!(cell(&r, total, "Calls logged"), &Value::Int(4));
    assert_eq!(cell(&r, total, "Avg completeness (%)").text(), "82.5");
    // Three consultations, two resolved: 66.7 % (the complaint call is not counted).
    assert_eq!(cell(&r, total, "Resolved (consult.)"), &Value::Int(2));
    assert_eq!(cell(&r, total, "Consult. resolved (%)").text(), "66.7");
    assert_eq!(
        r.rows.len(),
        4,
        "three agents and the total; no row for calls without an agent"
    );
}

#[test]
fn complaints_report_figures() {
    let (s, ids) = report_store();
    let r = build(&s, Report::Complaints, NOV.0, NOV.1);
    assert_eq!(r.rows.len(), 2);
    assert_eq!(cell(&r, 0, "Received"), &Value::text_of("2026-11-05 14:00"));
    assert_eq!(cell(&r, 0, "No."), &Value::Int(ids["complaint"]));
    assert_eq!(cell(&r, 0, "Customer"), &Value::text_of("李四"));
    assert_eq!(cell(&r, 0, "Station"), &Value::text_of("机修车间"));
    assert_eq!(cell(&r, 0, "Status"), &Value::text_of("closed"));
    assert_eq!(cell(&r, 1, "Customer"), &Value::text_of("王五"));
    assert_eq!(
        cell(&r, 1, "Category"),
        &Value::text_of(Category::Attitude.label(Lang::En))
    );
    // Attitude and timeliness complaints are always valid.
    assert_eq!(cell(&r, 0, "Valid"), &Value::text_of("yes"));
    assert_eq!(cell(&r, 1, "Valid"), &Value::text_of("yes"));
    assert!(
        r.notes.iter().any(|n| n.contains("2 complaints, 2 valid")),
        "{:?}",
        r.notes
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("2026-11 机修车间: 1 / 1")),
        "{:?}",
        r.notes
    );
    assert_eq!(
        build(
            &s,
            Report::Complaints,
            NOV.0,
            NaiveDate::from_ymd_opt(2026, 11, 4)
        )
        .rows
        .len(),
        0
    );
}

#[test]
fn churn_and_customers_report_figures() {
    let (s, ids) = report_store();
    let r = build(
        &s,
        Report::CustomersChurn,
        None,
        NaiveDate::from_ymd_opt(2026, 11, 22),
    );
    // 李四 only: 王五's visit is exactly on the cutoff, 赵六 never came, 张三 is recent.
    assert_eq!(r.rows.len(), 1, "{:?}", r.rows);
    assert_eq!(cell(&r, 0, "Customer no."), &Value::Int(ids["li"]));
    assert_eq!(cell(&r, 0, "Last visit"), &Value::text_of("2025-06-01"));
    assert_eq!(
        cell(&r, 0, "Days since"),
        &Value::Int((date(2026, 11, 22) - date(2025, 6, 1)).num_days())
    );
    assert_eq!(cell(&r, 0, "Last RO"), &Value::Code("RO21".into()));
    assert_eq!(cell(&r, 0, "Plate"), &Value::text_of("粤B00002"));
    // A day later 王五 is out too; a floor on the last visit leaves only him.
    let r = build(
        &s,
        Report::CustomersChurn,
        None,
        NaiveDate::from_ymd_opt(2026, 11, 23),
    );
    assert_eq!(r.rows.len(), 2);
    assert_eq!(cell(&r, 0, "Name"), &Value::text_of("王五"));
    let r = build(
        &s,
        Report::CustomersChurn,
        NaiveDate::from_ymd_opt(2025, 7, 1),
        NaiveDate::from_ymd_opt(2026, 11, 23),
    );
    assert_eq!(r.rows.len(), 1);

    let r = build(&s, Report::Customers, None, None);
    assert_eq!(r.rows.len(), 4);
    assert_eq!(cell(&r, 1, "Name"), &Value::text_of("李四"));
    assert_eq!(cell(&r, 1, "Mobile"), &Value::Code("13800000002".into()));
    assert_eq!(cell(&r, 1, "Vehicles"), &Value::Int(1));
    assert_eq!(cell(&r, 1, "Plates"), &Value::text_of("粤B00002"));
    assert_eq!(
        build(
            &s,
            Report::Customers,
            NaiveDate::from_ymd_opt(2026, 11, 24),
            None
        )
        .rows
        .len(),
        0
    );
}

// ---------------------------------------------------------------- exports

/// A sheet's rows as its CSV export writes them: phones and ID numbers as `="…"`.
fn csv_text_rows(sheet: &frontdesk::io::Sheet) -> Vec<Vec<String>> {
    sheet
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| match v {
                    Value::Code(c) => frontdesk::export::csv_code(c),
                    v => v.text(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn calls_export_round_trips_through_csv_and_xlsx() {
    let (s, _) = report_store();
    let expected = build(&s, Report::Calls, NOV.0, NOV.1);
    // The command reads the system clock; the rows depend only on the range.
    // A supervisor's export: numbers in full (and audited, see tests/cli_roles.rs).
    let sup = Some("1001");
    let csv_path = s.dir.join("calls.csv");
    let (code, out) = s.export_as(sup, "calls", "2026-11-01", "2026-11-30", "csv", &csv_path);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Exported 4 rows"), "{out}");
    let rows = csv_rows(&csv_path);
    // The title and the period are inside the file, above the header.
    assert_eq!(rows[0], [Report::Calls.title(Lang::En)]);
    assert!(
        rows[1][0].contains("Period: 2026-11-01 ~ 2026-11-30"),
        "{:?}",
        rows[1]
    );
    assert_eq!(rows[2], expected.columns);
    assert_eq!(&rows[3..], csv_text_rows(&expected).as_slice());
    // Our own import reads the `="…"` cells back as they were.
    let m = col(&expected, "Mobile");
    assert!(rows[3][m].starts_with("=\"1"), "{:?}", rows[3][m]);

    let xlsx_path = s.dir.join("calls.xlsx");
    assert_eq!(
        s.export_as(sup, "calls", "2026-11-01", "2026-11-30", "xlsx", &xlsx_path)
            .0,
        0
    );
    let rows = xlsx_rows(&xlsx_path);
    let text: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(source::cell_text).collect())
        .collect();
    assert_eq!(text[0][0], Report::Calls.title(Lang::En));
    assert!(
        text[1][0].contains("2026-11-01 ~ 2026-11-30"),
        "{:?}",
        text[1]
    );
    assert_eq!(text[2], expected.columns);
    let t = col(&expected, "Time");
    for (got, want) in text[3..].iter().zip(expected.text_rows()) {
        for (c, (g, w)) in got.iter().zip(&want).enumerate() {
            if c == t {
                // A real date-time cell: `2026-11-03 09:12` reads back with seconds.
                assert!(g.starts_with(w.as_str()), "{g} vs {w}");
            } else {
                assert_eq!(g, w);
            }
        }
    }
    // Times are date cells, mobiles text cells, counts numbers.
    assert!(
        matches!(rows[3][t], calamine::Data::DateTime(_)),
        "{:?}",
        rows[3][t]
    );
    assert!(
        matches!(rows[3][m], calamine::Data::String(_)),
        "{:?}",
        rows[3][m]
    );
    let n = col(&expected, "Completeness (%)");
    assert!(
        matches!(rows[3][n], calamine::Data::Float(_)),
        "{:?}",
        rows[3][n]
    );
    assert_eq!((mode(&csv_path), mode(&xlsx_path)), (0o600, 0o600));
}

#[test]
fn xlsx_exports_are_set_up_to_print() {
    use std::io::Read;
    let (s, _) = report_store();
    let path = s.dir.join("calls-print.xlsx");
    assert_eq!(
        s.export("calls", "2026-11-01", "2026-11-30", "xlsx", &path)
            .0,
        0
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut xml = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
        xml
    };
    let sheet = part("xl/worksheets/sheet1.xml");
    // A4 (paper size 9), landscape, one page wide and as many long as needed.
    assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{sheet}");
    assert!(sheet.contains("paperSize=\"9\""), "{sheet}");
    assert!(sheet.contains("orientation=\"landscape\""), "{sheet}");
    assert!(sheet.contains("fitToHeight=\"0\""), "{sheet}");
    // The page header names the report and the period.
    let header = sheet
        .split("<oddHeader>")
        .nth(1)
        .and_then(|h| h.split("</oddHeader>").next())
        .unwrap_or_default()
        .to_string();
    assert!(header.contains(Report::Calls.title(Lang::En)), "{header}");
    assert!(header.contains("2026-11-01 ~ 2026-11-30"), "{header}");
    // The header row (row 3) repeats on every printed page.
    let workbook = part("xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles") && workbook.contains("$3:$3"),
        "{workbook}"
    );
}

#[test]
fn formulas_are_neutralised_and_ids_stay_text_in_both_formats() {
    let s = Store::new();
    let mut db = s.db();
    let sid = db.store_id().to_string();
    let sys = Actor {
        agent_id: None,
        at: t0(),
    };
    let names = ["=cmd|' /C calc'!A0", "+SUM(1)", "-1+2", "@A1", "\tfoo"];
    let id = id_number("11010119900307123");
    db.write(|tx| {
        for (i, n) in names.iter().enumerate() {
            let c = CustomerData {
                name: (*n).into(),
                mobile: Some(format!("1380000000{i}")),
                landline: Some("0755-12345678".into()),
                id_number: Some(id.clone()),
                ..Default::default()
            };
            customers::insert_in(tx, &sid, sys, &c)?;
        }
        Ok(())
    })
    .unwrap();
    let csv_path = s.dir.join("customers.csv");
    let xlsx_path = s.dir.join("customers.xlsx");
    // An existing, group-readable file is tightened, not kept as it was.
    std::fs::write(&xlsx_path, b"old").unwrap();
    std::fs::set_permissions(
        &xlsx_path,
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .unwrap();
    assert_eq!(
        s.export("customers", "2000-01-01", "2100-01-01", "csv", &csv_path)
            .0,
        0
    );
    assert_eq!(
        s.export("customers", "2000-01-01", "2100-01-01", "xlsx", &xlsx_path)
            .0,
        0
    );
    assert_eq!((mode(&csv_path), mode(&xlsx_path)), (0o600, 0o600));

    // Past the title and period lines.
    let csv = csv_rows(&csv_path)[2..].to_vec();
    let xlsx = xlsx_rows(&xlsx_path)[2..].to_vec();
    assert_eq!(csv.len(), 6);
    assert_eq!(xlsx.len(), 6);
    let (name, mobile, landline, idc) = (1, 4, 5, 6);
    for (i, n) in names.iter().enumerate() {
        let want = frontdesk::export::neutralize(n);
        assert!(want.starts_with('\''), "{want}");
        assert_eq!(csv[i + 1][name], want);
        assert_eq!(xlsx[i + 1][name], calamine::Data::String(want.clone()));
        assert_eq!(
            xlsx[i + 1][mobile],
            calamine::Data::String(format!("1380000000{i}"))
        );
        assert_eq!(
            xlsx[i + 1][landline],
            calamine::Data::String("0755-12345678".into())
        );
        assert_eq!(xlsx[i + 1][idc], calamine::Data::String(id.clone()));
        // In CSV the ID number is `="…"`: Excel shows it as text instead of rounding it.
        assert_eq!(csv[i + 1][idc], format!("=\"{id}\""));
        assert_eq!(csv[i + 1][mobile], format!("=\"1380000000{i}\""));
    }
}

#[test]
fn report_text_is_plain_and_inert() {
    let (s, _) = report_store();
    let mut db = s.db();
    let sid = db.store_id().to_string();
    db.write(|tx| {
        let c = CustomerData {
            name: "坏\u{1b}[2J人".into(),
            mobile: Some("13800000099".into()),
            ..Default::default()
        };
        customers::insert_in(
            tx,
            &sid,
            Actor {
                agent_id: None,
                at: t0(),
            },
            &c,
        )?;
        Ok(())
    })
    .unwrap();
    let (mut o, mut e) = (Vec::new(), Vec::new());
    assert_eq!(
        run::report(
            &s.settings,
            None,
            "customers",
            None,
            None,
            &mut Console {
                out: &mut o,
                err: &mut e
            },
        )
        .unwrap(),
        0
    );
    let text = String::from_utf8(o).unwrap();
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.starts_with("Customers\nNo."), "{text}");
    assert!(text.contains("5 customers"), "{text}");
}
