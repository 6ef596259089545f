//! What an import writes: damaged and duplicate rows refused with line and column,
//! re-imports that update instead of duplicating, all-or-nothing writes, and column mapping
//! with usage errors. Helpers are in `io_fx`.

mod io_fx;

use frontdesk::cli::files::{self, Console};
use frontdesk::io::Kind;
use frontdesk::io::import::KEPT;
use io_fx::*;

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
        r.refused.iter().any(|p| p.line == 4
            && p.reason.contains("already on another vehicle")
            && p.reason.contains(&vin(21))),
        "{:?}",
        r.refused
    );
    assert_eq!(r.matched_count, 1);
    assert!(r.matched[0].reason.contains("exists"), "{:?}", r.matched);
    let v = r.counts.of(Kind::Vehicles);
    assert_eq!((v.created, v.unchanged, v.refused), (1, 1, 2));

    // A plate on another car when the report's list is full (`KEPT` refusals): counted,
    // and the last refusal it keeps still names that car's VIN.
    let mut text = String::from("VIN,Plate,Owner,Mobile\n");
    for i in 0..KEPT - 1 {
        text.push_str(&format!("{},粤B3{i:04},王五,12345\n", vin(100 + i as u32)));
    }
    for i in 0..2 {
        text.push_str(&format!("{},粤B10001,赵六,1380000001{i}\n", vin(30 + i)));
    }
    let f = s.file("full.csv", text.as_bytes());
    let r = import_report(&s, &f, Kind::Vehicles, true);
    assert_eq!((r.refused_rows, r.refused_total), (KEPT + 1, KEPT + 1));
    assert_eq!(r.refused.len(), KEPT);
    let last = &r.refused[KEPT - 1];
    assert_eq!(last.line, KEPT + 1);
    assert!(
        last.reason.contains("already on another vehicle") && last.reason.contains(&vin(21)),
        "{last:?}"
    );

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
    let res = files::import::run(
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
        files::report::run(
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
        files::report::run(
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
        files::report::run(
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
        files::report::run(
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
