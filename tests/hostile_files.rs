//! Hostile import files are refused in bounds (issue #17 point 3): spreadsheets whose sheet
//! declares or uses `XFD1048576`, zip bombs, oversized CSV, and a seeded property test that
//! feeds generated and mutated CSV and XLSX bytes to the import parsers. Every fixture is
//! built here, by the test itself.

mod support;

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk::cli::files;
use frontdesk::i18n::Lang;
use frontdesk::io::Kind;
use frontdesk::io::import::Options;
use frontdesk::io::source::{self, Limits, SourceError, TooBig};
use frontdesk::store::{Actor, Db};
use rand::{Rng, SeedableRng};
use std::io::{Cursor, Write};
use support::{env, run};
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// A one-sheet XLSX whose sheet XML is written by `sheet` (streamed into the deflater, so
/// a 300 MB sheet never sits in the test's memory).
fn xlsx(sheet: impl FnOnce(&mut dyn Write)) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ] {
        z.start_file(name, o).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.start_file("xl/worksheets/sheet1.xml", o).unwrap();
    sheet(&mut z);
    z.finish().unwrap().into_inner()
}

fn cell(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A customers sheet: header and one row, plus whatever `extra` adds, under `dimension`.
fn customers_sheet(dimension: &str, extra: &str) -> Vec<u8> {
    let body = format!(
        r#"{SHEET_HEAD}<dimension ref="{dimension}"/><sheetData><row r="1">{}{}</row><row r="2">{}{}</row>{extra}</sheetData></worksheet>"#,
        cell("A1", "姓名"),
        cell("B1", "手机"),
        cell("A2", "张三"),
        cell("B2", "13812341234"),
    );
    xlsx(|w| w.write_all(body.as_bytes()).unwrap())
}

fn import_cli(home: &std::path::Path, file: &std::path::Path) -> (i32, String, String) {
    let db = home.join("store.sqlite3");
    run(
        &[
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "en",
            "import",
            file.to_str().unwrap(),
            "--kind",
            "customers",
            "--dry-run",
        ],
        &env(home),
    )
}

#[test]
fn a_cell_at_xfd1048576_is_refused_by_the_binary_not_aborted() {
    let home = tempfile::tempdir().unwrap();
    // Today's crash: two cells far apart made calamine allocate a 16384 x 1048576 grid.
    let far = customers_sheet(
        "A1:XFD1048576",
        &format!(r#"<row r="1048576">{}</row>"#, cell("XFD1048576", "x")),
    );
    assert!(far.len() < 64 * 1024, "fixture is small: {}", far.len());
    let f = home.path().join("far.xlsx");
    std::fs::write(&f, &far).unwrap();
    let (code, out, err) = import_cli(home.path(), &f);
    assert_eq!(code, 1, "refused, not killed by a signal: {out}{err}");
    assert!(err.contains("more than 256 columns"), "{err}");
    assert!(err.contains("line 1048576"), "{err}");
}

#[test]
fn a_lying_dimension_alone_does_not_matter() {
    // The dimension claims the whole sheet; the cells are two rows: read as two rows.
    let home = tempfile::tempdir().unwrap();
    let f = home.path().join("dim.xlsx");
    std::fs::write(&f, customers_sheet("A1:XFD1048576", "")).unwrap();
    let (code, out, err) = import_cli(home.path(), &f);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 rows: 1 accepted"), "{out}");
    // Far rows are sparse, not a grid: a row at 1048576 is just a line number.
    let t = source::read_bytes(customers_sheet(
        "A1",
        &format!(
            r#"<row r="1048576">{}{}</row>"#,
            cell("A1048576", "李四"),
            cell("B1048576", "13912345678")
        ),
    ))
    .unwrap();
    let lines: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![1, 2, 1_048_576]);
}

#[test]
fn a_zip_bomb_is_refused_before_it_inflates() {
    // One cell whose text inflates to 300 MB from a file of a few hundred kilobytes.
    let bomb = xlsx(|w| {
        write!(
            w,
            r#"{SHEET_HEAD}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#
        )
        .unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..300 {
            w.write_all(&chunk).unwrap();
        }
        write!(w, "</t></is></c></row></sheetData></worksheet>").unwrap();
    });
    assert!(bomb.len() < 2 << 20, "fixture is small: {}", bomb.len());
    let home = tempfile::tempdir().unwrap();
    let f = home.path().join("bomb.xlsx");
    std::fs::write(&f, &bomb).unwrap();
    let (code, out, err) = import_cli(home.path(), &f);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("inflates to more than"), "{err}");
    // The same, caught by the parts' total when each part is under the per-part limit.
    let small = Limits {
        entry_inflated: 200 << 20,
        total_inflated: 100 << 20,
        ..source::LIMITS
    };
    match source::read_bytes_limited(bomb, small) {
        Err(SourceError::TooBig(TooBig::Inflated(_))) => {}
        other => panic!("{:?}", other.map(|t| t.rows.len())),
    }
}

#[test]
fn csv_past_any_limit_is_refused_naming_it() {
    let tight = Limits {
        file_bytes: 10_000,
        rows: 5,
        columns: 4,
        cell_chars: 12,
        cells: 12,
        ..source::LIMITS
    };
    let read = |s: &str| source::read_bytes_limited(s.as_bytes().to_vec(), tight);
    assert!(read("姓名,手机\n张三,13812341234\n").is_ok());
    // Trailing empty columns (a row of commas) are not columns.
    assert!(read("姓名,手机,,,,,,,,,,\n").is_ok());
    match read("a,b,c,d,e\n") {
        Err(SourceError::TooBig(TooBig::Columns { line: 1, max: 4 })) => {}
        other => panic!("{other:?}"),
    }
    match read("a\n\"0123456789abc\"\n") {
        Err(SourceError::TooBig(TooBig::Cell { line: 2, max: 12 })) => {}
        other => panic!("{other:?}"),
    }
    // Cell length counts characters, not bytes: twelve Chinese characters fit.
    assert!(read("姓名\n一二三四五六七八九十百千\n").is_ok());
    match read("a\nb\nc\nd\ne\nf\n") {
        Err(SourceError::TooBig(TooBig::Rows(5))) => {}
        other => panic!("{other:?}"),
    }
    match read("a,b,c\nd,e,f\ng,h,i\nj,k,l\nm\n") {
        Err(SourceError::TooBig(TooBig::Cells(12))) => {}
        other => panic!("{other:?}"),
    }
    let big = "a,b\n".repeat(3000);
    match read(&big) {
        Err(SourceError::TooBig(TooBig::File(10_000))) => {}
        other => panic!("{other:?}"),
    }
    // A file on disk past the limit is not even read whole; the message names the limit.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.csv");
    std::fs::write(&p, big).unwrap();
    let e = source::read_limited(&p, tight).unwrap_err();
    assert!(
        e.message(Lang::En).contains("split it"),
        "{}",
        e.message(Lang::En)
    );
    assert!(
        e.message(Lang::Zh).contains("拆分"),
        "{}",
        e.message(Lang::Zh)
    );
    // XLS (OLE) and other zips are refused with the way out.
    let e = source::read_bytes(vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap_err();
    assert!(e.message(Lang::En).contains("save it as .xlsx"), "{e:?}");
}

fn options() -> Options {
    Options {
        kind: Some(Kind::Customers),
        dry_run: true,
        map: Vec::new(),
        lang: Lang::En,
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        file_name: "fuzz".into(),
    }
}

/// Generated CSV-ish bytes: header words, numbers, quotes, separators, encodings' BOMs,
/// control bytes and random bytes.
fn gen_text(rng: &mut rand_chacha::ChaCha8Rng) -> Vec<u8> {
    const PIECES: &[&[u8]] = &[
        "姓名".as_bytes(),
        "手机".as_bytes(),
        "车架号".as_bytes(),
        b"name",
        b"mobile",
        b"13812341234",
        b"1.38123E+10",
        b"110101199003071233",
        b",",
        b";",
        b"\t",
        b"\n",
        b"\r\n",
        b"\"",
        b"\"\"",
        b"=\"0755\"",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"\xFE\xFF",
        b"\xC4\xE3\xBA\xC3",
        b"\x00",
        b"\x1b[2J",
        b"\xC3\xFF",
        "𠮷".as_bytes(),
        b"2026-11-23",
        b"PK\x03\x04",
    ];
    let n = rng.random_range(0..60);
    let mut out = Vec::new();
    for _ in 0..n {
        if rng.random_bool(0.03) {
            out.push(rng.random());
        } else {
            out.extend_from_slice(PIECES[rng.random_range(0..PIECES.len())]);
        }
    }
    out
}

/// A valid XLSX with a few random cells, then a few random bytes changed, cut or repeated.
fn gen_xlsx(rng: &mut rand_chacha::ChaCha8Rng) -> Vec<u8> {
    let mut rows = String::new();
    for r in 1..rng.random_range(1..6u32) {
        rows.push_str(&format!(r#"<row r="{r}">"#));
        for c in 0..rng.random_range(1..4u8) {
            let col = (b'A' + c) as char;
            let v = ["姓名", "手机", "13812341234", "张三", "<&>"][rng.random_range(0..5)];
            let v = v
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            rows.push_str(&cell(&format!("{col}{r}"), &v));
        }
        rows.push_str("</row>");
    }
    let mut b =
        xlsx(|w| write!(w, "{SHEET_HEAD}<sheetData>{rows}</sheetData></worksheet>").unwrap());
    for _ in 0..rng.random_range(0..4) {
        let i = rng.random_range(0..b.len());
        match rng.random_range(0..3) {
            0 => b[i] = rng.random(),
            1 => b.truncate(i.max(4)),
            _ => {
                let j = (i + rng.random_range(1..64)).min(b.len());
                let piece = b[i..j].to_vec();
                b.splice(i..i, piece);
            }
        }
    }
    b
}

#[test]
fn generated_and_mutated_files_never_panic_the_import_parsers() {
    // Seeded, so a failure reproduces; bounded (a few hundred small files), so CI stays fast.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(17);
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("store.sqlite3")).unwrap();
    let actor = Actor {
        agent_id: None,
        at: Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap(),
    };
    let (mut read_ok, mut imported) = (0, 0);
    for i in 0..600 {
        let bytes = if i % 3 == 0 {
            gen_xlsx(&mut rng)
        } else {
            gen_text(&mut rng)
        };
        let shown = bytes.clone();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let Ok(table) = source::read_bytes(bytes) else {
                return (false, false);
            };
            let r =
                files::import::import_table(&mut db, table, &options(), actor, &mut |_, _, _| {});
            if let Err(e) = &r {
                // Every refusal has words in both languages.
                assert!(!e.message(Lang::Zh).is_empty());
                assert!(!e.message(Lang::En).is_empty());
            }
            (true, r.is_ok())
        }));
        let (ok, imp) = outcome.unwrap_or_else(|_| panic!("case {i} panicked on {shown:?}"));
        read_ok += ok as usize;
        imported += imp as usize;
    }
    // The generators reach past the reader into the row checks.
    eprintln!("{read_ok} of 600 read, {imported} went through the row checks");
    assert!(read_ok > 60, "{read_ok}");
    assert!(imported > 10, "{imported}");
}

#[test]
fn a_long_cell_and_too_many_rows_are_refused_before_parsing() {
    // One cell of 2 MB: within every inflated-size limit, but longer than any cell may be;
    // refused while the zip is measured, so the XML reader never holds it.
    let long = xlsx(|w| {
        write!(
            w,
            r#"{SHEET_HEAD}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#
        )
        .unwrap();
        w.write_all(&vec![b'a'; 2 << 20]).unwrap();
        write!(w, "</t></is></c></row></sheetData></worksheet>").unwrap();
    });
    match source::read_bytes(long) {
        Err(e @ SourceError::TooBig(TooBig::Markup(_))) => {
            assert!(e.message(Lang::En).contains("cell or tag"), "{e:?}");
            assert!(e.message(Lang::Zh).contains("单元格"), "{e:?}");
        }
        other => panic!("{:?}", other.map(|t| t.rows.len())),
    }
    // Rows and cells are counted in the stream before the sheet is parsed.
    let mut rows = String::new();
    for r in 1..=10 {
        rows.push_str(&format!(
            r#"<row r="{r}">{}</row>"#,
            cell(&format!("A{r}"), "x")
        ));
    }
    let sheet =
        xlsx(|w| write!(w, "{SHEET_HEAD}<sheetData>{rows}</sheetData></worksheet>").unwrap());
    let few_rows = Limits {
        rows: 5,
        ..source::LIMITS
    };
    match source::read_bytes_limited(sheet.clone(), few_rows) {
        Err(SourceError::TooBig(TooBig::Rows(5))) => {}
        other => panic!("{:?}", other.map(|t| t.rows.len())),
    }
    let few_cells = Limits {
        cells: 8,
        ..source::LIMITS
    };
    match source::read_bytes_limited(sheet.clone(), few_cells) {
        Err(SourceError::TooBig(TooBig::Cells(8))) => {}
        other => panic!("{:?}", other.map(|t| t.rows.len())),
    }
    assert_eq!(source::read_bytes(sheet).unwrap().rows.len(), 10);
}
