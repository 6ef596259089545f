//! What a frame writes to the terminal: the app's backend (`ui::backend::Lean`) draws the
//! same screen as ratatui's crossterm backend, read back through a terminal emulator
//! (vt100), in fewer bytes where Chinese text changes.

use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::{Actor, Db, agents};
use frontdesk::ui::app::App;
use frontdesk::ui::backend::Lean;
use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

/// The app on a small demo store (kept in the directory returned with it).
fn demo_app(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bytes.sqlite3");
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let mut db = Db::open(&path).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    frontdesk::demo::fill(&mut db, actor, tz, today, 120, 1, |_| {}).unwrap();
    let agent = agents::by_emp_no(&db, "1002").unwrap();
    let app = App::new(
        db,
        Clock::fixed(tz, now),
        Settings::with_db(path, lang),
        agent,
    );
    (dir, app)
}

/// The Calls tab of a small demo store, before and after one cursor move down.
fn calls_frames(lang: Lang) -> (Buffer, Buffer) {
    let (_dir, mut app) = demo_app(lang);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut frame = |app: &App| {
        term.draw(|f| frontdesk::ui::shell::render(app, f)).unwrap();
        term.backend().buffer().clone()
    };
    app.on_key(KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE));
    let before = frame(&app);
    app.on_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    let after = frame(&app);
    (before, after)
}

/// A writer whose bytes the test keeps reading while a backend owns it.
#[derive(Clone, Default)]
struct Sink(Rc<RefCell<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes a backend writes for the first frame then the change to the second, and how
/// many of them the change took.
fn written<B: Backend>(make: impl Fn(Sink) -> B, a: &Buffer, b: &Buffer) -> (Vec<u8>, usize) {
    let sink = Sink::default();
    let mut backend = make(sink.clone());
    let blank = Buffer::empty(a.area);
    assert!(backend.draw(blank.diff(a).into_iter()).is_ok());
    let first = sink.0.borrow().len();
    assert!(backend.draw(a.diff(b).into_iter()).is_ok());
    let all = sink.0.borrow().clone();
    let moved = all.len() - first;
    (all, moved)
}

/// The screen a terminal shows after these bytes: its text and every cell's attributes.
fn screen_of(bytes: &[u8]) -> (String, String) {
    screen_sized(bytes, 24, 80)
}

fn screen_sized(bytes: &[u8], rows: u16, cols: u16) -> (String, String) {
    let size = |n| std::num::NonZeroU16::new(n).unwrap();
    let mut p = vt100::Parser::new(size(rows), size(cols), 0);
    p.process(bytes);
    (p.screen().contents(), p.screen().contents_formatted())
}

#[test]
fn the_lean_backend_draws_the_same_screen_in_fewer_bytes() {
    for lang in [Lang::Zh, Lang::En] {
        let (a, b) = calls_frames(lang);
        assert_ne!(a, b, "the cursor move changes the screen");
        let (plain, plain_moved) = written(CrosstermBackend::new, &a, &b);
        let (lean, lean_moved) = written(Lean::new, &a, &b);
        let (want, got) = (screen_of(&plain), screen_of(&lean));
        assert_eq!(want.0, got.0, "{lang:?}: same text");
        assert!(want.1 == got.1, "{lang:?}: same attributes");
        assert!(
            want.0
                .contains(if lang == Lang::Zh { "来电" } else { "Calls" }),
            "{lang:?}: the Calls tab is drawn:\n{}",
            want.0
        );
        if lang == Lang::Zh {
            assert!(
                lean_moved < plain_moved,
                "Chinese rows: fewer bytes for the move ({lean_moved} vs {plain_moved})"
            );
        }
        assert!(lean_moved <= plain_moved, "{lang:?}: never more bytes");
        eprintln!(
            "{lang:?}: a cursor move writes {plain_moved} B with ratatui's backend, {lean_moved} B lean"
        );
    }
}

/// Two frames of a 20x3 screen: Chinese and ASCII changed with gaps in a row, colours
/// that change one at a time, a wide symbol in the last column, an emoji (whose width
/// terminals disagree on) before a gap.
fn small_frames() -> (Buffer, Buffer) {
    let area = Rect::new(0, 0, 20, 3);
    let mut a = Buffer::empty(area);
    a.set_string(0, 0, "张三 ab 李四 cd 王五", Style::default());
    a.set_string(0, 1, "x😀 yz 赵六", Style::default());
    a.set_string(0, 2, "1234567890abcdefghij", Style::default());
    let mut b = a.clone();
    let red = Style::default().fg(Color::Red);
    b.set_string(5, 0, "X", red);
    b.set_string(8, 0, "钱", red);
    b.set_string(14, 0, "Y", red.bg(Color::Blue));
    b.set_string(18, 0, "六", Style::default());
    b.set_string(1, 1, "😎", Style::default());
    b.set_string(9, 1, "孙", Style::default());
    b.set_string(2, 2, "#", Style::default().add_modifier(Modifier::REVERSED));
    b.set_string(19, 2, "$", Style::default());
    (a, b)
}

/// What the terminal shows is what ratatui's own backend draws, text and attributes.
#[test]
fn lean_frames_show_what_ratatuis_show() {
    let (a, b) = small_frames();
    let (plain, plain_change) = written(CrosstermBackend::new, &a, &b);
    let (lean, lean_change) = written(Lean::new, &a, &b);
    let screen = |bytes: &[u8]| screen_sized(bytes, 3, 20);
    assert_eq!(screen(&lean), screen(&plain));
    assert!(screen(&lean).0.contains("张三 Xb 钱四 cY 王六"));
    assert!(
        lean_change < plain_change,
        "{lean_change} vs {plain_change}"
    );
}

/// Within a row of sure widths the cursor moves by a count or to a column, not to a row
/// and column; after the emoji it is placed by row and column; a colour change writes
/// that colour only; one reset ends the frame.
#[test]
fn moves_within_a_row_and_colours_are_written_short() {
    let (a, b) = small_frames();
    let (all, change) = written(Lean::new, &a, &b);
    let text = String::from_utf8(all[all.len() - change..].to_vec()).unwrap();
    assert!(
        text.starts_with("\x1b[1;6H\x1b[38;5;1mX\x1b[9G钱\x1b[4C"),
        "{text:?}"
    );
    // Only the background changes for "Y", both colours for "六".
    assert!(
        text.contains("\x1b[48;5;4mY\x1b[3C\x1b[39;49m六"),
        "{text:?}"
    );
    assert!(text.contains("😎\x1b[2;10H孙"), "{text:?}");
    assert!(text.contains("#\x1b[20G"), "{text:?}");
    assert!(text.ends_with("$\x1b[0m"), "{text:?}");
    assert_eq!(text.matches("\x1b[").count(), 14, "{text:?}");
}

/// A frame that sets no colour nor attribute ends without a reset.
#[test]
fn a_plain_frame_writes_no_reset() {
    let a = Buffer::empty(Rect::new(0, 0, 20, 3));
    let mut b = a.clone();
    b.set_string(0, 0, "ab", Style::default());
    let (all, change) = written(Lean::new, &a, &b);
    assert_eq!(&all[all.len() - change..], b"\x1b[1;1Hab");
}

const HIDE: &str = "\x1b[?25l";
const SHOW: &str = "\x1b[?25h";

/// ratatui hides the cursor after every frame without one: the lean backend writes it
/// once, and again only after a frame that showed it (the search field's cursor).
#[test]
fn the_cursor_is_hidden_once_not_on_every_frame() {
    let (_dir, mut app) = demo_app(Lang::Zh);
    let sink = Sink::default();
    let viewport = Viewport::Fixed(Rect::new(0, 0, 80, 24));
    let mut term =
        Terminal::with_options(Lean::new(sink.clone()), TerminalOptions { viewport }).unwrap();
    // Each frame after `key`: what it wrote.
    let frame = |term: &mut Terminal<Lean<Sink>>, app: &mut App, key: KeyCode| {
        app.on_key(KeyEvent::new(key, KeyModifiers::NONE));
        let start = sink.0.borrow().len();
        term.draw(|f| frontdesk::ui::shell::render(app, f)).unwrap();
        String::from_utf8_lossy(&sink.0.borrow()[start..]).to_string()
    };
    let first = frame(&mut term, &mut app, KeyCode::Char('1'));
    assert_eq!(first.matches(HIDE).count(), 1, "{first:?}");
    let moved = frame(&mut term, &mut app, KeyCode::Down);
    assert!(!moved.contains(HIDE) && !moved.contains(SHOW), "{moved:?}");
    eprintln!("a cursor move on the Calls list writes {} B", moved.len());
    // The search field shows the cursor, once; closing it hides it again, once.
    let search = frame(&mut term, &mut app, KeyCode::Char('/'));
    assert_eq!(search.matches(SHOW).count(), 1, "{search:?}");
    let typed = frame(&mut term, &mut app, KeyCode::Char('a'));
    assert!(!typed.contains(SHOW) && !typed.contains(HIDE), "{typed:?}");
    let closed = frame(&mut term, &mut app, KeyCode::Esc);
    assert_eq!(closed.matches(HIDE).count(), 1, "{closed:?}");
    assert!(!closed.contains(SHOW), "{closed:?}");
    let moved = frame(&mut term, &mut app, KeyCode::Down);
    assert!(!moved.contains(HIDE), "{moved:?}");
    // Whoever else may have shown it: the next frame hides it again.
    term.backend_mut().cursor_unknown();
    let after = frame(&mut term, &mut app, KeyCode::Down);
    assert_eq!(after.matches(HIDE).count(), 1, "{after:?}");
}
