//! Imports of files as dealer systems and Excel write them: GBK, GB18030, UTF-8 with a BOM,
//! UTF-16 and XLSX (title rows, dates, numbers, ID numbers stored as numbers). Helpers are in
//! `io_fx`.

mod io_fx;

use encoding_rs::{GB18030, GBK};
use frontdesk::io::Kind;
use io_fx::*;

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
