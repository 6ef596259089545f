//! The import's dry run against a plain parse of the same file (issue #14 point 5),
//! rerunnable by anyone:
//!
//!     cargo run --release --example bench_import -- [ROWS] [RUNS] [KIND] [STORE]
//!
//! Writes a dealer export of ROWS (default 100,000) rows, each holding a customer, their
//! vehicle and its sale, as CSV (and as XLSX), into a fresh store's folder: $BENCH_DIR, else
//! /tmp/frontdesk-bench-import. Then, RUNS times (default 5) in this process: a plain parse
//! (the csv crate reading every record; calamine reading every cell for the XLSX) and the
//! dry run of `frontdesk import` on the same file. KIND (default: every kind the headers
//! name) restricts the import like `--kind` (`-`: every kind). STORE (default: a new empty
//! store) is the database the dry run checks the rows against, e.g. the 100,000-customer
//! demo store: every row is then looked up in it (a dry run writes nothing to it). Prints
//! min, median and max of each, by the wall clock and by CPU time (steadier on a shared
//! machine), the ratios, the load average, and the peak memory (VmHWM) of each, measured
//! in a child process of its own. A second anchor, "checks only", is the import's own
//! checks of every row (each field, and the rows against each other) without the database
//! pass: the dry run's floor in this code, against which the store pass is measured. A
//! third, "file read", is the import's reader alone (the file decoded, split into rows and
//! cells, each cell checked as text) handing every row to a sink that only counts: the
//! checks' cost over it is the field checks' own. The dry run's time then splits into the
//! reader, the field checks and the store pass. A fourth, "bare lookups", is the store
//! pass's own SQL alone (the file's mobiles, VINs and plates looked up in the store with
//! the statements and chunks the pass uses, the keys read beforehand): what any dry run
//! that looks every row up in the store pays at least, on the one connection its read
//! snapshot is. A fifth, "floor", is the least a dry run of this file against this store
//! costs in any design on this machine: the csv crate's parse, a byte-level check of the
//! mobile, the VIN's check digit and the two dates, each row's mobile, VIN and plate
//! checked against the file's rows before it (a hash a key), and those keys looked up in
//! the store a chunk at a time by the store pass's SQL, on a second thread while the first
//! reads on. Nothing else: no text rules, no records, no report.
//!
//! The import (the dry run, and "checks only") runs these three stages on three threads at
//! once: its wall clock time is what a user waits for, near the slowest stage on a machine
//! with two idle cores; its CPU time is summed over the threads, the work done, and only it
//! splits into the stages (printed by CPU time only). The plain parse and "file read" run on
//! one thread. `FRONTDESK_IMPORT_THREADS=1` runs the import on one thread, as before the
//! threads, to compare; on a shared machine, read the load average next to the wall clock.

use frontdesk::cli::files::{self, Console};
use frontdesk::config::Settings;
use frontdesk::domain::validate::{self, with_check_digit};
use frontdesk::i18n::Lang;
use frontdesk::io::import::{self, Options};
use frontdesk::store::Db;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SURNAMES: &[&str] = &["张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周", "吴"];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
];
const BRANDS: &[(&str, &str)] = &[
    ("大众", "帕萨特"),
    ("丰田", "凯美瑞"),
    ("本田", "雅阁"),
    ("比亚迪", "汉EV"),
    ("吉利", "星越L"),
    ("别克", "君威"),
];
const COLORS: &[&str] = &["白色", "黑色", "银色", "蓝色", "红色"];
const STAFF: &[&str] = &["王小明", "李娜", "陈刚", "赵敏"];

/// One dealer export row: customer, vehicle and sale, plus a column no kind reads.
fn row(i: usize) -> String {
    let name = format!(
        "{}{}",
        SURNAMES[i % SURNAMES.len()],
        GIVEN[(i / 10) % GIVEN.len()]
    );
    let vin = with_check_digit(&format!("LSVAU2180N2{:06}", i % 1_000_000)).unwrap();
    let (brand, model) = BRANDS[i % BRANDS.len()];
    let day = 1 + i % 28;
    let month = 1 + (i / 28) % 12;
    format!(
        "{name},138{:08},{},深圳市南山区科技园{}号,{vin},粤B{:05},{brand},{model},{},2025-{month:02}-{day:02},2025-{month:02}-{day:02},{},\"{},800.00\",展厅{}\n",
        i,
        if i % 2 == 0 { "男" } else { "女" },
        i % 500,
        i % 100_000,
        COLORS[i % COLORS.len()],
        STAFF[i % STAFF.len()],
        100 + i % 200,
        i % 7,
    )
}

const HEADER: &str = "客户姓名,手机,性别,地址,车架号,车牌号,品牌,车型,颜色,开票日期,交车日期,销售顾问,成交价,客户来源\n";

fn write_csv(path: &Path, rows: usize) {
    let mut s = String::with_capacity(rows * 160);
    s.push_str(HEADER);
    for i in 0..rows {
        s.push_str(&row(i));
    }
    std::fs::write(path, s).unwrap();
}

fn write_xlsx(csv: &Path, path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(csv)
        .unwrap();
    for (r, rec) in rdr.records().enumerate() {
        for (c, cell) in rec.unwrap().iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save(path).unwrap();
}

/// The anchor: every record of the file read by the csv crate (or every cell by calamine).
fn plain_parse(path: &Path) -> usize {
    if path.extension().is_some_and(|e| e == "xlsx") {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
        let name = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&name).unwrap();
        return range.used_cells().count();
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    let mut rec = csv::StringRecord::new();
    let mut cells = 0;
    while rdr.read_record(&mut rec).unwrap() {
        cells += rec.len();
    }
    cells
}

/// The second anchor: the import's own checks of every row (fields, and the rows against
/// each other) with no database pass, streamed from the file like the dry run.
fn checks_only(file: &Path, kind: Option<&str>) -> usize {
    let opts = Options {
        kind: kind.and_then(frontdesk::io::columns::Kind::parse),
        dry_run: true,
        map: Vec::new(),
        lang: Lang::Zh,
        today: chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
        file_name: file.display().to_string(),
    };
    let r = import::check_file(file, &opts, &mut |_, _, _| {}).unwrap();
    r.accepted
}

/// The third anchor: the import's reader alone, every row handed to a sink that counts
/// its cells.
fn read_only(file: &Path) -> usize {
    use frontdesk::io::source;
    let mut cells = 0;
    let input = source::open(file, source::LIMITS).unwrap();
    input
        .stream(source::LIMITS, &mut |_, row| {
            cells += row.len();
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
    cells
}

/// The file's keys as the store pass looks them up (mobile, VIN, plate), a chunk of rows
/// at a time, each chunk's keys sorted and without repeats. Read by the csv crate before
/// the clock starts.
fn file_keys(file: &Path) -> Vec<[Vec<String>; 3]> {
    let mut rdr = csv::ReaderBuilder::new().from_path(file).unwrap();
    let mut chunks = Vec::new();
    let mut cur: [Vec<String>; 3] = Default::default();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.unwrap();
        for (k, col) in [1, 4, 5].into_iter().enumerate() {
            cur[k].push(rec[col].to_string());
        }
        if (i + 1) % 500 == 0 {
            chunks.push(std::mem::take(&mut cur));
        }
    }
    chunks.push(cur);
    for c in &mut chunks {
        for v in c.iter_mut() {
            v.sort_unstable();
            v.dedup();
        }
    }
    chunks
}

/// The store pass's statements for a chunk's mobiles, VINs and plates (`Applier::prefetch`).
const LOOKUPS: [&str; 3] = [
    "SELECT j.value, c.id, c.name FROM json_each(?1) AS j
     CROSS JOIN customers AS c ON c.mobile = j.value ORDER BY c.id",
    "SELECT j.value, v.id, v.customer_id FROM json_each(?1) AS j
     CROSS JOIN vehicles AS v ON v.vin = j.value ORDER BY v.id",
    "SELECT j.value, v.id, v.id FROM json_each(?1) AS j
     CROSS JOIN vehicles AS v ON v.plate = j.value ORDER BY v.id",
];

/// The fourth anchor: the store pass's own statements alone (one read transaction, the
/// same SQL as `Applier::prefetch`, the same chunks of 500 rows), each found row's
/// columns read: the least any dry run that looks every row up in the store pays.
fn bare_lookups(db: &Db, chunks: &[[Vec<String>; 3]]) -> usize {
    let conn = db.conn();
    conn.execute_batch("BEGIN").unwrap();
    let mut found = 0;
    for chunk in chunks {
        for (sql, keys) in LOOKUPS.iter().zip(chunk) {
            let json = serde_json::to_string(keys).unwrap();
            let mut st = conn.prepare_cached(sql).unwrap();
            let mut rows = st.query([json]).unwrap();
            while let Some(r) = rows.next().unwrap() {
                let (v, id): (String, i64) = (r.get(0).unwrap(), r.get(1).unwrap());
                found += v.len() + id as usize;
            }
        }
    }
    conn.execute_batch("COMMIT").unwrap();
    found
}

/// Whether a cell is a date written `YYYY-MM-DD` (the bench file's form).
fn date_shape(s: &[u8]) -> bool {
    s.len() == 10
        && s.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// A chunk's keys of one kind: their text end to end, and where each ends.
#[derive(Default)]
struct Keys {
    text: String,
    ends: Vec<usize>,
}

impl Keys {
    fn push(&mut self, key: &str) {
        self.text.push_str(key);
        self.ends.push(self.text.len());
    }

    /// The keys, sorted and without repeats.
    fn sorted(&self) -> Vec<&str> {
        let mut at = 0;
        let mut v: Vec<&str> = self
            .ends
            .iter()
            .map(|&e| {
                let k = &self.text[at..e];
                at = e;
                k
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// The fifth anchor, the floor: the csv crate's parse and the fewest checks of every row
/// on this thread, the rows' keys looked up in the store on a second one (the same SQL and
/// chunks as the store pass). Returns the rows that passed and the rows the store knew.
fn floor(db: &Path, file: &Path) -> (usize, usize) {
    use std::hash::BuildHasher;
    let (tx, rx) = std::sync::mpsc::sync_channel::<[Keys; 3]>(4);
    let db = db.to_path_buf();
    let looker = std::thread::spawn(move || {
        let store = Db::open(&db).unwrap();
        let conn = store.conn();
        conn.execute_batch("BEGIN").unwrap();
        let mut found = 0;
        for chunk in rx {
            for (sql, keys) in LOOKUPS.iter().zip(&chunk) {
                let json = serde_json::to_string(&keys.sorted()).unwrap();
                let mut st = conn.prepare_cached(sql).unwrap();
                let mut rows = st.query([json]).unwrap();
                while rows.next().unwrap().is_some() {
                    found += 1;
                }
            }
        }
        conn.execute_batch("COMMIT").unwrap();
        found
    });
    let mut rdr = csv::ReaderBuilder::new().from_path(file).unwrap();
    let mut rec = csv::StringRecord::new();
    let hasher = foldhash::fast::FixedState::with_seed(0x1F);
    let mut seen = std::collections::HashSet::<u64, foldhash::fast::RandomState>::default();
    seen.reserve(3 * 100_000);
    let (mut ok_rows, mut rows) = (0, 0);
    let mut chunk: [Keys; 3] = Default::default();
    while rdr.read_record(&mut rec).unwrap() {
        rows += 1;
        let cell = |i: usize| rec.get(i).unwrap_or("").trim();
        let mobile = cell(1).as_bytes();
        let ok = mobile.len() == 11
            && mobile[0] == b'1'
            && mobile.iter().all(u8::is_ascii_digit)
            && !cell(0).is_empty()
            && validate::vin_check_digit(cell(4)).is_some_and(|d| cell(4).as_bytes()[8] == d as u8)
            && date_shape(cell(9).as_bytes())
            && date_shape(cell(10).as_bytes());
        let mut repeat = false;
        for (k, col) in [1, 4, 5].into_iter().enumerate() {
            repeat |= !seen.insert(hasher.hash_one((k, cell(col))));
        }
        if ok && !repeat {
            ok_rows += 1;
            for (k, col) in [1, 4, 5].into_iter().enumerate() {
                chunk[k].push(cell(col));
            }
        }
        if rows % 500 == 0 {
            tx.send(std::mem::take(&mut chunk)).unwrap();
        }
    }
    tx.send(chunk).unwrap();
    drop(tx);
    (ok_rows, looker.join().unwrap())
}

/// `frontdesk import FILE --dry-run [--kind KIND]`; its exit code and report length.
fn dry_run(db: &Path, file: &Path, kind: Option<&str>) -> (i32, usize) {
    let s = Settings::with_db(db.to_path_buf(), Lang::Zh);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = files::import::run(
        &s,
        None,
        file,
        kind,
        true,
        &[],
        &mut Console {
            out: &mut out,
            err: &mut err,
        },
    )
    .unwrap();
    // Refused rows (exit 1) are expected against a store that already holds some of the
    // file (the summary line says the exit code); any other failure is shown whole.
    if code != files::EXIT_OK && code != files::EXIT_REFUSED {
        eprintln!(
            "{}{}",
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&err)
        );
    }
    (code, out.len())
}

fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Peak memory of one step run alone in a child process, in MB.
fn child_peak(what: &str, db: &Path, file: &Path, kind: Option<&str>) -> f64 {
    let me = std::env::current_exe().unwrap();
    let out = Command::new(me)
        .args(["--child", what])
        .arg(db)
        .arg(file)
        .arg(kind.unwrap_or("-"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.trim().parse::<f64>().unwrap_or(f64::NAN) / 1024.0
}

/// CPU time of this process so far (user and system, every thread): on a shared machine
/// it moves less with the other processes' load than the wall clock.
fn cpu_now() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid clock id and a pointer to a timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn stats(v: &mut [Duration]) -> (f64, f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (ms(v[0]), ms(v[v.len() / 2]), ms(v[v.len() - 1]))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        let (db, file) = (PathBuf::from(&args[2]), PathBuf::from(&args[3]));
        let kind = Some(args[4].as_str()).filter(|k| *k != "-");
        match args[1].as_str() {
            "parse" => {
                std::hint::black_box(plain_parse(&file));
            }
            "checks" => {
                std::hint::black_box(checks_only(&file, kind));
            }
            "read" => {
                std::hint::black_box(read_only(&file));
            }
            "floor" => {
                std::hint::black_box(floor(&db, &file));
            }
            _ => {
                std::hint::black_box(dry_run(&db, &file, kind));
            }
        }
        println!("{}", peak_kb());
        return;
    }
    let rows: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5).max(5);
    let kind = args.get(2).map(String::as_str).filter(|k| *k != "-");
    let dir = std::env::var_os("BENCH_DIR").map_or_else(
        || PathBuf::from("/tmp/frontdesk-bench-import"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir).unwrap();
    let db = match args.get(3) {
        Some(store) => PathBuf::from(store),
        None => {
            let db = dir.join("store.sqlite3");
            let _ = std::fs::remove_file(&db);
            db
        }
    };
    let customers: i64 = Db::open(&db)
        .unwrap()
        .conn()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    let csv = dir.join(format!("dealer-{rows}.csv"));
    let xlsx = dir.join(format!("dealer-{rows}.xlsx"));
    write_csv(&csv, rows);
    write_xlsx(&csv, &xlsx);
    println!(
        "{rows} rows; kind {}; {runs} runs; CSV {:.1} MB, XLSX {:.1} MB; checked against a store of {customers} customers",
        kind.unwrap_or("(from the headers)"),
        std::fs::metadata(&csv).unwrap().len() as f64 / 1e6,
        std::fs::metadata(&xlsx).unwrap().len() as f64 / 1e6,
    );
    let chunks = file_keys(&csv);
    for file in [&csv, &xlsx] {
        let (mut parse, mut dry) = (Vec::new(), Vec::new());
        let (mut bare, mut bare_cpu) = (Vec::new(), Vec::new());
        let (mut parse_cpu, mut dry_cpu) = (Vec::new(), Vec::new());
        let (mut checks, mut checks_cpu) = (Vec::new(), Vec::new());
        let (mut read, mut read_cpu) = (Vec::new(), Vec::new());
        let (mut low, mut low_cpu) = (Vec::new(), Vec::new());
        // The floor reads the dealer export's columns as a CSV, every kind of it.
        let with_floor = kind.is_none() && file == &csv;
        let load_before = load_average();
        let mut code = 0;
        for _ in 0..runs {
            let (t, c) = (Instant::now(), cpu_now());
            std::hint::black_box(plain_parse(file));
            parse.push(t.elapsed());
            parse_cpu.push(cpu_now() - c);
            let (t, c) = (Instant::now(), cpu_now());
            std::hint::black_box(read_only(file));
            read.push(t.elapsed());
            read_cpu.push(cpu_now() - c);
            let (t, c) = (Instant::now(), cpu_now());
            std::hint::black_box(checks_only(file, kind));
            checks.push(t.elapsed());
            checks_cpu.push(cpu_now() - c);
            let (t, c) = (Instant::now(), cpu_now());
            code = std::hint::black_box(dry_run(&db, file, kind)).0;
            dry.push(t.elapsed());
            dry_cpu.push(cpu_now() - c);
            // Opened for this step only: a second connection of this process left open
            // would make the next dry run's open see a `-wal` no other process holds, and
            // check the whole file first.
            let store = Db::open(&db).unwrap();
            let (t, c) = (Instant::now(), cpu_now());
            std::hint::black_box(bare_lookups(&store, &chunks));
            bare.push(t.elapsed());
            bare_cpu.push(cpu_now() - c);
            drop(store);
            if with_floor {
                let (t, c) = (Instant::now(), cpu_now());
                std::hint::black_box(floor(&db, file));
                low.push(t.elapsed());
                low_cpu.push(cpu_now() - c);
            }
        }
        let name = file.file_name().unwrap().to_string_lossy();
        println!(
            "{name} (dry run exit code {code}; load average {load_before} before, {} after)",
            load_average()
        );
        let peaks = [
            child_peak("parse", &db, file, kind),
            child_peak("dry", &db, file, kind),
            child_peak("checks", &db, file, kind),
            child_peak("read", &db, file, kind),
        ];
        for (clock, p, d, k, r, b, floor_of) in [
            (
                "wall",
                &mut parse,
                &mut dry,
                &mut checks,
                &mut read,
                &mut bare,
                &mut low,
            ),
            (
                "CPU",
                &mut parse_cpu,
                &mut dry_cpu,
                &mut checks_cpu,
                &mut read_cpu,
                &mut bare_cpu,
                &mut low_cpu,
            ),
        ] {
            let (p, d, k, r, b) = (stats(p), stats(d), stats(k), stats(r), stats(b));
            println!(
                "  {clock:4} plain parse  min {:8.1} ms  median {:8.1} ms  max {:8.1} ms  peak {:6.1} MB",
                p.0, p.1, p.2, peaks[0]
            );
            println!(
                "  {clock:4} file read    min {:8.1} ms  median {:8.1} ms  max {:8.1} ms  peak {:6.1} MB",
                r.0, r.1, r.2, peaks[3]
            );
            println!(
                "  {clock:4} checks only  min {:8.1} ms  median {:8.1} ms  max {:8.1} ms  peak {:6.1} MB",
                k.0, k.1, k.2, peaks[2]
            );
            println!(
                "  {clock:4} dry run      min {:8.1} ms  median {:8.1} ms  max {:8.1} ms  peak {:6.1} MB",
                d.0, d.1, d.2, peaks[1]
            );
            println!(
                "  {clock:4} bare lookups min {:8.1} ms  median {:8.1} ms  max {:8.1} ms  (the store pass's SQL alone; plain parse + it: median {:.2}x the plain parse)",
                b.0,
                b.1,
                b.2,
                (p.1 + b.1) / p.1
            );
            println!(
                "  {clock:4} ratio dry run / plain parse: median {:.2}x (min {:.2}x, max {:.2}x)",
                d.1 / p.1,
                d.0 / p.0,
                d.2 / p.2
            );
            println!(
                "  {clock:4} ratio dry run / checks only: median {:.2}x (min {:.2}x, max {:.2}x); checks only / plain parse: median {:.2}x",
                d.1 / k.1,
                d.0 / k.0,
                d.2 / k.2,
                k.1 / p.1
            );
            if with_floor {
                let (f, d) = (stats(floor_of), d);
                println!(
                    "  {clock:4} floor        min {:8.1} ms  median {:8.1} ms  max {:8.1} ms  (csv parse, fewest checks, keys looked up beside it: median {:.2}x the plain parse; the dry run is {:.2}x it)",
                    f.0,
                    f.1,
                    f.2,
                    f.1 / p.1,
                    d.1 / f.1
                );
            }
            // The stages overlap on the wall clock: only CPU time splits into them.
            if clock == "CPU" {
                println!(
                    "  {clock:4} median split of the dry run: file read {:.0}%, field checks {:.0}%, store pass {:.0}%",
                    100.0 * r.1 / d.1,
                    100.0 * (k.1 - r.1) / d.1,
                    100.0 * (d.1 - k.1) / d.1
                );
            }
        }
    }
}
