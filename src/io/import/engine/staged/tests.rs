//! The import on three threads gives what it gives on one (the report, what the pass is
//! handed and when, the errors), stops every stage when one stops, fails or panics, and
//! keeps the reader no more than a few chunks ahead of the pass.

use super::{CHUNK_ROWS, IN_FLIGHT};
use crate::domain::validate::with_check_digit;
use crate::i18n::Lang;
use crate::io::columns::Kind;
use crate::io::import::{Checked, FileOnly, ImportError, ImportReport, KEPT, Options, Pass, Spare};
use crate::io::source::{self, Format, LIMITS, Limits, Sink, SourceError};
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Rows the reader may be ahead of the pass: the chunks in both channels, one being filled,
/// one being checked and one being taken, and the checked rows of the chunk being filled.
const AHEAD: usize = (2 * IN_FLIGHT + 4) * CHUNK_ROWS;

fn opts(lang: Lang, kind: Option<Kind>) -> Options {
    Options {
        kind,
        dry_run: true,
        map: Vec::new(),
        lang,
        today: chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
        file_name: "t.csv".into(),
    }
}

/// A dealer export of `rows` rows after two title lines: every third row's mobile is bad,
/// every seventh repeats an earlier row's VIN (more than `KEPT` problems in all).
fn dealer(rows: usize) -> Vec<Vec<String>> {
    let mut t = vec![
        vec!["某某汽车销售服务有限公司".to_string()],
        vec!["导出时间 2026-12-01".to_string()],
        "客户姓名,手机,性别,车架号,车牌号,品牌,车型,交车日期,销售顾问,成交价"
            .split(',')
            .map(String::from)
            .collect(),
    ];
    for i in 0..rows {
        let n = if i % 7 == 6 { i - 3 } else { i };
        let vin = with_check_digit(&format!("LSVAU2180N2{n:06}")).unwrap();
        let bad = if i % 3 == 1 { "" } else { "1" };
        let row = format!(
            "张{},{bad}38{i:08},男,{vin},粤B{n:05},大众,帕萨特,2025-03-{:02},李娜,{}",
            ["伟", "芳", "娜"][i % 3],
            1 + i % 28,
            100_000 + i
        );
        t.push(row.split(',').map(String::from).collect());
    }
    t
}

fn csv(table: &[Vec<String>]) -> Vec<u8> {
    let mut s = String::new();
    for row in table {
        s.push_str(&row.join(","));
        s.push('\n');
    }
    s.into_bytes()
}

fn xlsx(table: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in table.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// A pass writing down each call and the report's figures it saw, stopping (or panicking)
/// at a row if asked; a stop is told at its end, as the database pass does.
#[derive(Default)]
struct Log {
    calls: Vec<String>,
    stop_at: Option<usize>,
    panic_at: Option<usize>,
    stopped: bool,
    /// Rows the reader had handed on when each row came, at most ahead of it.
    fed: Option<&'static AtomicUsize>,
    ahead: usize,
}

impl Pass for Log {
    fn expect_rows(&mut self, rows: usize, kinds: &[Kind]) {
        self.calls.push(format!("expect {rows} {kinds:?}"));
    }

    fn row(&mut self, row: Checked, r: &mut ImportReport, spare: &mut Spare) -> ControlFlow<()> {
        if let Some(fed) = self.fed {
            self.ahead = self.ahead.max(fed.load(Relaxed).saturating_sub(r.rows));
        }
        self.calls.push(format!(
            "{row:?} rows {} refused {} duplicates {} counts {:?} preview {}",
            r.rows,
            r.refused_rows,
            r.duplicates_in_file,
            r.counts,
            r.preview.len()
        ));
        let _ = FileOnly.row(row, r, spare);
        if self.panic_at == Some(r.rows) {
            panic!("pass panicked");
        }
        if self.stop_at == Some(r.rows) {
            self.stopped = true;
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    }

    fn end(&mut self, r: &mut ImportReport, _spare: &mut Spare) -> Result<(), ImportError> {
        self.calls.push(format!("end at {}", r.rows));
        if self.stopped {
            return Err(ImportError::Database(format!("stopped at {}", r.rows)));
        }
        Ok(())
    }
}

type Feed = Box<dyn FnOnce(&mut Sink<'_>) -> Result<Format, SourceError> + Send>;

fn feed(bytes: Vec<u8>, limits: Limits) -> Feed {
    Box::new(move |sink| source::stream(bytes, limits, sink))
}

/// One import of `bytes`, on one thread or three: the result (debug text) and the pass's
/// calls.
fn import(bytes: &[u8], limits: Limits, o: &Options, pass: &mut Log, staged: bool) -> String {
    let size = bytes.len() as u64;
    let mut progress = Vec::new();
    let mut p = |s, done, total| progress.push(format!("{s:?} {done} {total}"));
    let f = feed(bytes.to_vec(), limits);
    let result = if staged {
        super::run(f, size, o, pass, &mut p)
    } else {
        super::super::run(f, size, o, pass, &mut p)
    };
    format!("{result:?}\n{progress:?}")
}

/// The same file on one thread and on three: the same result, progress and pass calls.
fn same(bytes: &[u8], limits: Limits, o: &Options, stop_at: Option<usize>) -> String {
    let mut one = Log {
        stop_at,
        ..Log::default()
    };
    let mut three = Log {
        stop_at,
        ..Log::default()
    };
    let a = import(bytes, limits, o, &mut one, false);
    let b = import(bytes, limits, o, &mut three, true);
    assert_eq!(a, b);
    assert_eq!(one.calls, three.calls);
    a
}

#[test]
fn three_threads_give_what_one_gives() {
    let table = dealer(3000);
    let text = csv(&table);
    for lang in [Lang::Zh, Lang::En] {
        for kind in [
            None,
            Some(Kind::Customers),
            Some(Kind::Sales),
            Some(Kind::Repairs),
        ] {
            let o = opts(lang, kind);
            same(&text, LIMITS, &o, None);
        }
    }
    // Problems past the kept list, and repeats.
    let o = opts(Lang::Zh, None);
    let (f, size) = (feed(text.clone(), LIMITS), text.len() as u64);
    let r = super::run(f, size, &o, &mut FileOnly, &mut |_, _, _| {}).unwrap();
    assert!(r.refused_total > KEPT && r.refused.len() == KEPT, "{r:?}");
    assert_eq!(r.duplicates_in_file, 285);
    let got = same(&xlsx(&table), LIMITS, &o, None);
    assert!(got.contains("Spreadsheet"), "{got}");
    // Shorter than the rows looked at for the header; no header; nothing at all.
    same(&csv(&table[..8]), LIMITS, &o, None);
    let titles: Vec<Vec<String>> = (0..40).map(|i| vec![format!("备注 {i}")]).collect();
    let got = same(&csv(&titles), LIMITS, &o, None);
    assert!(got.contains("NoHeader"), "{got}");
    same(b"", LIMITS, &o, None);
}

#[test]
fn errors_are_the_ones_one_thread_gives() {
    let o = opts(Lang::En, None);
    // A line not in UTF-8 far into the file.
    let mut text = csv(&dealer(2000));
    let at = text.len() * 3 / 4;
    text.splice(at..at, [0xFF, 0xFE, 0xFD]);
    let got = same(&text, LIMITS, &o, None);
    assert!(got.contains("Decode"), "{got}");
    // Past the rows allowed.
    let few = Limits {
        rows: 1500,
        ..LIMITS
    };
    let got = same(&csv(&dealer(2000)), few, &o, None);
    assert!(got.contains("Rows(1500)"), "{got}");
    // The pass stops (and says why at its end) before the reader's error: the pass's word.
    let got = same(&text, LIMITS, &o, Some(300));
    assert!(got.contains("stopped at 300"), "{got}");
    // No header among the first rows, and a damaged line after them that the reader reaches
    // while the checks give up: the checks' word, as on one thread.
    let mut titles = csv(&(0..25)
        .map(|i| vec![format!("备注 {i}")])
        .collect::<Vec<_>>());
    titles.extend([0xFF, b'\n']);
    let got = same(&titles, LIMITS, &o, None);
    assert!(got.contains("NoHeader"), "{got}");
}

/// A feed of `rows` dealer rows that counts the rows it handed on, and panics at a row if
/// asked.
fn counted(rows: usize, fed: &'static AtomicUsize, panic_at: Option<usize>) -> Feed {
    let bytes = csv(&dealer(rows));
    Box::new(move |sink| {
        source::stream(bytes, LIMITS, &mut |line, cells| {
            if panic_at == Some(fed.fetch_add(1, Relaxed) + 1) {
                panic!("reader panicked");
            }
            sink(line, cells)
        })
    })
}

fn staged(f: Feed, pass: &mut Log) -> std::thread::Result<Result<ImportReport, ImportError>> {
    let o = opts(Lang::En, None);
    catch_unwind(AssertUnwindSafe(|| {
        super::run(f, 1 << 20, &o, pass, &mut |_, _, _| {})
    }))
}

#[test]
fn a_pass_that_stops_stops_the_reader_within_a_few_chunks() {
    static FED: AtomicUsize = AtomicUsize::new(0);
    let mut pass = Log {
        stop_at: Some(500),
        fed: Some(&FED),
        ..Log::default()
    };
    let r = staged(counted(20_000, &FED, None), &mut pass).unwrap();
    assert!(matches!(r, Err(ImportError::Database(m)) if m == "stopped at 500"));
    let fed = FED.load(Relaxed);
    assert!(fed <= 500 + AHEAD, "the reader went on to row {fed}");
}

#[test]
fn the_reader_stays_a_few_chunks_ahead_of_a_slow_pass() {
    static FED: AtomicUsize = AtomicUsize::new(0);
    struct Slow(Log);
    impl Pass for Slow {
        fn expect_rows(&mut self, rows: usize, kinds: &[Kind]) {
            self.0.expect_rows(rows, kinds);
        }
        fn row(&mut self, row: Checked, r: &mut ImportReport, s: &mut Spare) -> ControlFlow<()> {
            if r.rows % 100 == 0 {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            self.0.row(row, r, s)
        }
        fn end(&mut self, r: &mut ImportReport, s: &mut Spare) -> Result<(), ImportError> {
            self.0.end(r, s)
        }
    }
    let mut pass = Slow(Log {
        fed: Some(&FED),
        ..Log::default()
    });
    let o = opts(Lang::En, None);
    let r = super::run(
        counted(20_000, &FED, None),
        1 << 20,
        &o,
        &mut pass,
        &mut |_, _, _| {},
    )
    .unwrap();
    assert_eq!(r.rows, 20_000);
    assert!(
        pass.0.ahead > 0 && pass.0.ahead <= AHEAD,
        "{}",
        pass.0.ahead
    );
}

#[test]
fn a_panic_in_the_reader_or_the_pass_ends_every_stage_and_is_raised_again() {
    static FED: AtomicUsize = AtomicUsize::new(0);
    let mut pass = Log::default();
    let e = staged(counted(20_000, &FED, Some(3000)), &mut pass).unwrap_err();
    assert_eq!(e.downcast_ref::<&str>(), Some(&"reader panicked"));
    // No row at or past the one the reader panicked at reached the pass.
    assert!(pass.calls.len() < 3000, "{}", pass.calls.len());

    static FED2: AtomicUsize = AtomicUsize::new(0);
    let mut pass = Log {
        panic_at: Some(700),
        ..Log::default()
    };
    let e = staged(counted(20_000, &FED2, None), &mut pass).unwrap_err();
    assert_eq!(e.downcast_ref::<&str>(), Some(&"pass panicked"));
    let fed = FED2.load(Relaxed);
    assert!(fed <= 700 + AHEAD, "the reader went on to row {fed}");
}

thread_local! {
    /// Set by a test: no worker thread can be made, as when the system has none to give.
    pub(super) static REFUSE_THREADS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// When the system cannot make the threads, the import runs on the calling thread and
/// gives what one thread gives: never a panic, nothing lost.
#[test]
fn without_threads_the_import_runs_on_one() {
    let text = csv(&dealer(1500));
    let o = opts(Lang::Zh, None);
    let mut one = Log::default();
    let expected = import(&text, LIMITS, &o, &mut one, false);
    REFUSE_THREADS.with(|r| r.set(true));
    let mut fallback = Log::default();
    let got = import(&text, LIMITS, &o, &mut fallback, true);
    REFUSE_THREADS.with(|r| r.set(false));
    assert_eq!(got, expected);
    assert_eq!(fallback.calls, one.calls);
    assert!(got.starts_with("Ok("), "{got}");
}
