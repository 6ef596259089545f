//! End to end in a pseudo-terminal: what the terminal itself receives in the reduced modes
//! and when things go wrong.

mod support;

use std::time::Duration;
use support::{Pty, env, run};

fn demo(home: &std::path::Path) -> std::path::PathBuf {
    let db = home.join("store.sqlite3");
    let (code, out, err) = run(
        &[
            "--db",
            db.to_str().unwrap(),
            "demo",
            "--customers",
            "200",
            "--seed",
            "2",
        ],
        &env(home),
    );
    assert_eq!(code, 0, "demo failed: {out}{err}");
    db
}

/// Under NO_COLOR the selected row is drawn in reverse video on the real terminal and no
/// colour is sent. (crossterm writes `ESC[;m` for a colour under NO_COLOR, which resets
/// every attribute: the reverse video vanished after the first colour change.)
#[test]
fn no_color_keeps_the_selection_in_reverse_video_on_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let db = demo(home.path());
    let mut e = env(home.path());
    e.push(("NO_COLOR".into(), "1".into()));
    let mut app = Pty::spawn(
        &[
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "en",
            "--agent",
            "1002",
        ],
        &e,
        80,
        24,
    );
    app.expect("Customer archive");
    app.send("\x1b"); // leave the search field: the list has the focus
    app.send("\x1b[B"); // down: a row is selected
    std::thread::sleep(Duration::from_millis(300));
    let (reversed_rows, coloured) = app.with_screen(|s| {
        let (rows, cols) = s.size();
        let mut reversed = Vec::new();
        let mut coloured = Vec::new();
        for y in 0..rows.get() {
            let mut n = 0;
            for x in 0..cols.get() {
                let Some(c) = s.cell(y, x) else { continue };
                if c.inverse() && !c.contents().trim().is_empty() {
                    n += 1;
                }
                if c.fgcolor() != vt100::Color::Default || c.bgcolor() != vt100::Color::Default {
                    coloured.push((y, x));
                }
            }
            if n > 10 {
                reversed.push(y);
            }
        }
        (reversed, coloured)
    });
    // The active tab, the selected row and the status bar are in reverse video.
    assert!(
        reversed_rows.iter().any(|&y| y > 2 && y < 23),
        "no selected row in reverse video: rows {reversed_rows:?}\n{}",
        app.screen()
    );
    assert!(
        coloured.is_empty(),
        "colour sent under NO_COLOR: {coloured:?}"
    );
    // And a text marker: `>` in place of the border before the selected row.
    let screen = app.screen();
    assert!(
        screen
            .lines()
            .enumerate()
            .any(|(y, l)| l.starts_with('>') && reversed_rows.contains(&(y as u16))),
        "no selection marker:\n{screen}"
    );
    let raw = app.raw_output();
    assert!(
        !raw.windows(4).any(|w| w == b"\x1b[;m"),
        "an empty colour sequence (a full attribute reset) was sent"
    );
    app.send("\x11");
    app.wait_exit(Duration::from_secs(5));
}

fn state_dir(home: &std::path::Path) -> std::path::PathBuf {
    home.join(".local/state/frontdesk")
}

/// A panic while a screen is drawn (hidden `--panic-at screen`, then F12) with a form half
/// typed: the terminal is restored (main screen back) before the user reads, in their
/// language, where the log is; the log holds the panic and its backtrace; the form is kept
/// as a draft.
#[test]
fn a_panic_restores_the_terminal_logs_the_backtrace_and_names_the_log() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("s.sqlite3");
    support::ready_store(&db, home.path());
    let mut app = Pty::spawn(
        &[
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "zh",
            "--panic-at",
            "screen",
        ],
        &env(home.path()),
        80,
        24,
    );
    app.expect("客户档案");
    app.send("\x1b");
    app.send("a");
    app.expect("新建客户");
    app.type_text("张草稿");
    app.send("\x1b[24~"); // F12
    let code = app.wait_exit(Duration::from_secs(10));
    assert_eq!(code, Some(101), "a panic exits with Rust's panic code");
    let log = state_dir(home.path()).join("frontdesk.log");
    let told = format!("日志：{}", log.display());
    // The last bytes may still be in the pty after the exit.
    app.expect_raw(told.as_bytes(), "no message naming the log");
    let raw = app.raw_output();
    let left = raw
        .windows(8)
        .rposition(|w| w == b"\x1b[?1049l")
        .expect("alternate screen not left");
    let told_at = raw
        .windows(told.len())
        .position(|w| w == told.as_bytes())
        .unwrap_or_else(|| {
            panic!(
                "no message naming the log:\n{}",
                String::from_utf8_lossy(&raw)
            )
        });
    assert!(
        told_at > left,
        "the message came before the terminal was restored"
    );
    let text = std::fs::read_to_string(&log).expect("log written");
    assert!(text.contains("panic: "), "{text}");
    assert!(text.contains("--panic-at screen"), "{text}");
    assert!(text.contains("backtrace:"), "{text}");
    assert!(
        text.contains("frontdesk::ui::"),
        "the backtrace names the code: {text}"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let body: String = conn
        .query_row("SELECT body FROM drafts", [], |r| r.get(0))
        .expect("the form was kept as a draft");
    assert!(body.contains("张草稿"), "{body}");
}

/// `FRONTDESK_LOG` sets the level; the log lives in the state directory and keeps the last
/// files only; the import's progress line is for a terminal only.
#[test]
fn the_log_level_rotation_and_progress_follow_the_conventions() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("s.sqlite3");
    let db_s = db.to_str().unwrap();
    let dir = state_dir(h);
    std::fs::create_dir_all(&dir).unwrap();
    for day in 1..=10 {
        std::fs::write(dir.join(format!("frontdesk.2026-10-{day:02}.log")), "old\n").unwrap();
    }
    let (code, _, err) = run(&["--db", db_s, "demo", "--customers", "20"], &env(h));
    assert_eq!(code, 0, "{err}");
    assert!(
        !err.contains("20/20") && !err.contains('\r'),
        "demo progress into a pipe: {err:?}"
    );
    let count = || {
        std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().unwrap().is_file())
            .count()
    };
    assert_eq!(
        count(),
        frontdesk::cli::logging::KEEP_FILES,
        "old logs pruned"
    );
    let current = dir.join("frontdesk.log");
    let text = std::fs::read_to_string(&current).unwrap();
    assert!(
        !text.contains("settings resolved"),
        "debug off by default: {text}"
    );
    let mut e = env(h);
    e.push(("FRONTDESK_LOG".into(), "debug".into()));
    run(&["--db", db_s, "check"], &e);
    let text = std::fs::read_to_string(&current).unwrap();
    assert!(
        text.contains("DEBUG") && text.contains("settings resolved"),
        "{text}"
    );

    // 10,000 rows: a progress line on a terminal, none into a pipe.
    let csv = h.join("c.csv");
    let mut body = String::from("姓名,手机\n");
    for i in 0..10_000 {
        body.push_str(&format!("客户{i},139{:08}\n", i));
    }
    std::fs::write(&csv, body).unwrap();
    let args = [
        "--db",
        db_s,
        "--lang",
        "en",
        "import",
        csv.to_str().unwrap(),
        "--kind",
        "customers",
        "--dry-run",
    ];
    let (_, out, err) = run(&args, &env(h));
    assert!(
        !err.contains("checking") && !err.contains('\r'),
        "progress into a pipe: {err}"
    );
    assert!(
        out.contains("10000") || err.contains("10000") || out.contains("10,000"),
        "{out}{err}"
    );
    let mut tty = Pty::spawn(&args, &env(h), 100, 30);
    tty.wait_exit(Duration::from_secs(60));
    tty.expect_raw(b"checking 10000/10000", "no progress on a terminal");
    let other = h.join("t.sqlite3");
    let demo = ["--db", other.to_str().unwrap(), "demo", "--customers", "20"];
    let mut tty = Pty::spawn(&demo, &env(h), 100, 30);
    tty.wait_exit(Duration::from_secs(60));
    tty.expect_raw(b"20/20", "no demo progress on a terminal");
}

/// Typing two lines into a complaint's narrative in a real terminal: Enter starts the
/// second line on the screen, Ctrl-S saves both.
#[test]
fn two_lines_typed_into_a_narrative_are_shown_and_saved() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("s.sqlite3");
    support::ready_store(&db, home.path());
    let mut app = Pty::spawn(
        &["--db", db.to_str().unwrap(), "--lang", "zh"],
        &env(home.path()),
        80,
        24,
    );
    app.expect("客户档案");
    app.send("\x1b");
    app.send("4");
    app.send("n");
    app.expect("登记投诉");
    app.send("\t");
    app.send("\t");
    app.type_text("1");
    app.send("\t");
    app.type_text("客户说异响");
    app.send("\r");
    app.type_text("第二行 OK");
    app.expect("第二行 OK");
    let screen = app.screen();
    let rows: Vec<&str> = screen.lines().collect();
    let first = rows.iter().position(|l| l.contains("客户说异响")).unwrap();
    assert!(rows[first + 1].contains("第二行 OK"), "{screen}");
    assert!(
        screen.contains("登记投诉"),
        "Enter left the form:\n{screen}"
    );
    app.send("\x13"); // Ctrl-S
    app.expect("首次联系");
    app.send("\x11");
    app.wait_exit(Duration::from_secs(5));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let summary: String = conn
        .query_row("SELECT summary FROM complaints", [], |r| r.get(0))
        .unwrap();
    assert_eq!(summary, "客户说异响\n第二行 OK");
}

/// `import --dry-run` on a terminal 80 columns wide: a report line wider than that is
/// broken between fields, so no VIN, plate or phone number is split over two rows (the
/// terminal's own wrap cut the plate 粤B30002 after 粤B3); into a pipe each line is
/// written whole, as it was.
#[test]
fn a_report_line_wider_than_the_terminal_is_broken_between_fields() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store.sqlite3");
    let csv = home.path().join("bad.csv");
    std::fs::write(
        &csv,
        "客户姓名,手机,车架号,车牌号,品牌,车型,开票日期,交车日期,销售顾问,成交价\n\
         张三丰,13800000001,LSVAU2180N2000019,粤B30001,大众,帕萨特,2026-01-05,2026-01-08,周杰,159800\n\
         李四,1380000000,LSVAU2180N2000029,粤B30002,比亚迪,汉EV,2026-02-05,2026-02-08,周杰,209800\n",
    )
    .unwrap();
    let args = [
        "--db",
        db.to_str().unwrap(),
        "--lang",
        "zh",
        "import",
        "--dry-run",
        csv.to_str().unwrap(),
    ];
    let (code, piped, err) = run(&args, &env(home.path()));
    assert_eq!(code, 1, "a refused row: {piped}{err}");
    let widest = piped.lines().map(frontdesk::text::width).max().unwrap_or(0);
    assert!(widest > 160, "piped, a line is whole: {piped}");
    let tokens = [
        "LSVAU2180N2000019",
        "LSVAU2180N2000029",
        "13800000001",
        "粤B30001",
        "粤B30002",
        "2026-02-05",
    ];
    let mut term = Pty::spawn(&args, &env(home.path()), 80, 60);
    term.expect_raw("试运行".as_bytes(), "the report's last line");
    assert_eq!(term.wait_exit(Duration::from_secs(10)), Some(1));
    let rows: Vec<String> = term.with_screen(|s| s.rows(0, 80).collect());
    let screen = rows.join("\n");
    for token in tokens {
        let whole = rows.iter().filter(|r| r.contains(token)).count();
        assert_eq!(whole, piped.matches(token).count(), "{token}:\n{screen}");
    }
    // Nothing lost on the way.
    let squeeze = |t: &str| t.split_whitespace().collect::<String>();
    assert!(squeeze(&screen).contains(&squeeze(&piped)), "{screen}");
}
