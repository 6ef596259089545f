//! Helpers shared by the data in/out tests (`io_import_formats.rs`, `io_import_writes.rs`,
//! `io_report_figures.rs`, `io_exports.rs`): a store in a temporary folder that runs the import
//! and export subcommands, fixture values, and readers for what the exports write.
//!
//! The fixture files are made in the tests (GBK bytes through encoding_rs, workbooks through
//! rust_xlsxwriter), so the repository holds no binary fixtures.

#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use frontdesk::cli::files::{self, Console};
use frontdesk::config::Settings;
use frontdesk::domain::validate::{id_check_char, with_check_digit};
use frontdesk::i18n::Lang;
use frontdesk::io::import::{self, Options, Stage};
use frontdesk::io::{Kind, source};
use frontdesk::store::{Actor, Db};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

pub mod report_store;

// ---------------------------------------------------------------- helpers

pub fn vin(n: u32) -> String {
    with_check_digit(&format!("LSVAU2180N2{n:06}")).unwrap()
}

pub fn id_number(base17: &str) -> String {
    format!("{base17}{}", id_check_char(base17).unwrap())
}

pub struct Store {
    pub _dir: tempfile::TempDir,
    pub dir: PathBuf,
    pub settings: Settings,
}

impl Store {
    pub fn new() -> Store {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite3");
        drop(Db::open(&path).unwrap());
        Store {
            dir: dir.path().to_path_buf(),
            settings: Settings::with_db(path, Lang::En),
            _dir: dir,
        }
    }

    pub fn zh(&self) -> Settings {
        let mut s = self.settings.clone();
        s.lang = Lang::Zh;
        s
    }

    pub fn db(&self) -> Db {
        Db::open(&self.settings.db_path).unwrap()
    }

    pub fn conn(&self) -> Connection {
        Connection::open(&self.settings.db_path).unwrap()
    }

    pub fn count(&self, table: &str) -> i64 {
        self.conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Runs the import subcommand (`kind` "": without `--kind`, every kind the header
    /// names); (exit code, stdout, stderr).
    pub fn import(
        &self,
        s: &Settings,
        file: &Path,
        kind: &str,
        dry: bool,
        map: &[&str],
    ) -> (i32, String, String) {
        let map: Vec<String> = map.iter().map(|m| m.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = files::import::run(
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

    pub fn export(
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
    pub fn export_as(
        &self,
        agent: Option<&str>,
        report: &str,
        from: &str,
        to: &str,
        format: &str,
        out: &Path,
    ) -> (i32, String) {
        let (mut o, mut e) = (Vec::new(), Vec::new());
        let code = files::export::run(
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
pub fn import_report(s: &Store, file: &Path, kind: Kind, dry_run: bool) -> import::ImportReport {
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
    files::import::import_table(&mut db, table, &opts, actor, &mut |_: Stage, _, _| {}).unwrap()
}

/// 2026-11-23 09:30 in Shanghai.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

/// A store-local (Shanghai) time as UTC.
pub fn local(y: i32, m: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(y, m, d, h, mi, 0)
        .unwrap()
        .with_timezone(&Utc)
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

pub fn xlsx_rows(p: &Path) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(p).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

pub fn csv_rows(p: &Path) -> Vec<Vec<String>> {
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
