//! Exports that read back the same in CSV and XLSX, are set up to print, neutralise formulas,
//! keep ID numbers as text, are owner-only, and report text that is plain and inert. The
//! figures come from `io_fx::report_store`.

mod io_fx;

use frontdesk::cli::files::{self, Console};
use frontdesk::domain::archive::CustomerData;
use frontdesk::i18n::Lang;
use frontdesk::io::{Value, source};
use frontdesk::store::reports::Report;
use frontdesk::store::{Actor, customers};
use io_fx::report_store::*;
use io_fx::*;

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
        files::report::run(
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
