//! Multi-line text fields (ratatui-textarea) in forms, drawn on TestBackend at 80x24:
//! Enter starts a new line and Ctrl-S still saves, Chinese wraps at the field's width with
//! the terminal cursor where the text cursor is (for the input method), a paste keeps its
//! lines, drafts keep them too; one-line fields stay one line. Kinsoku (行首禁则): no row
//! starts with a closing mark (`。`, `，`, `）`…), in the editor or in a wrapped paragraph
//! (the customer archive's note).

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::domain::archive::CustomerData;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::{Actor, Db, customers};
use frontdesk::ui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

fn app(dir: &std::path::Path) -> App {
    app_noting(dir, "")
}

/// The store with 张三, whose archive holds `notes`.
fn app_noting(dir: &std::path::Path, notes: &str) -> App {
    let path = dir.join("t.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now,
    };
    let agent = agents::ensure(&mut db, actor, "1002", "陈静", Role::Agent).unwrap();
    if customers::count(db.conn()).unwrap() == 0 {
        let data = CustomerData {
            name: "张三".into(),
            mobile: Some("13812341234".into()),
            notes: notes.into(),
            ..Default::default()
        };
        customers::create(&mut db, actor, &data).unwrap();
    }
    let settings = Settings::with_db(path, Lang::Zh);
    App::new(db, Clock::fixed(tz, now), settings, Some(agent))
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn ctrl_s(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

fn draw(app: &App) -> (Buffer, Position) {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| frontdesk::ui::shell::render(app, f)).unwrap();
    let cursor = t.get_cursor_position().unwrap();
    (t.backend().buffer().clone(), cursor)
}

/// Row `y` as text, a wide character once.
fn row(buf: &Buffer, y: u16) -> String {
    let mut out = String::new();
    let mut x = 0;
    while x < buf.area.width {
        let s = buf[(x, y)].symbol();
        out.push_str(s);
        x += s.width().max(1) as u16;
    }
    out
}

/// Where `needle` starts on screen: (column, row).
fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    (0..buf.area.height).find_map(|y| {
        let r = row(buf, y);
        r.find(needle).map(|i| (r[..i].width() as u16, y))
    })
}

/// The complaint form at its narrative (经过): the customer picked from the list (a text
/// not picked is refused on saving), the channel as offered, the category filled in.
fn at_the_narrative(app: &mut App) {
    key(app, KeyCode::Esc);
    key(app, KeyCode::Char('4'));
    key(app, KeyCode::Char('n'));
    typed(app, "zs");
    key(app, KeyCode::Enter); // picked: the cursor goes on to the category
    let form = app.complaints.register_form().unwrap();
    assert_eq!(form.fields[form.focus].key, "category");
    typed(app, "1");
    key(app, KeyCode::Tab);
}

#[test]
fn enter_starts_a_new_line_the_cursor_follows_chinese_and_ctrl_s_saves_both_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    at_the_narrative(&mut app);
    typed(&mut app, "客户说：");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "接待员态度冷淡");
    let form = app.complaints.register_form().expect("still in the form");
    assert_eq!(form.get("summary"), "客户说：\n接待员态度冷淡");
    assert_eq!(form.fields[form.focus].key, "summary", "Enter moved on");
    let (buf, cursor) = draw(&app);
    let (x1, y1) = find(&buf, "客户说：").expect("first line drawn");
    let (x2, y2) = find(&buf, "接待员态度冷淡").expect("second line drawn");
    assert_eq!((x2, y2), (x1, y1 + 1), "the lines stack in the field");
    // The terminal cursor sits after the 7 wide characters (14 cells): the IME follows.
    assert_eq!(cursor, Position::new(x2 + 14, y2));
    // Up goes back a line inside the field, not to the previous field.
    key(&mut app, KeyCode::Up);
    let form = app.complaints.register_form().unwrap();
    assert_eq!(form.fields[form.focus].key, "summary");
    let (_, cursor) = draw(&app);
    assert_eq!(cursor.y, y1);
    // The next field below moved down by the field's height; Tab still moves on.
    key(&mut app, KeyCode::Tab);
    let form = app.complaints.register_form().unwrap();
    assert_eq!(form.fields[form.focus].key, "demand");
    typed(&mut app, "道歉");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "赔偿");
    ctrl_s(&mut app);
    assert!(
        app.complaints.register_form().is_none(),
        "Ctrl-S saved the form"
    );
    let conn = rusqlite::Connection::open(dir.path().join("t.sqlite3")).unwrap();
    let (summary, demand): (String, String) = conn
        .query_row("SELECT summary, demand FROM complaints", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(summary, "客户说：\n接待员态度冷淡");
    assert_eq!(demand, "道歉\n赔偿");
}

#[test]
fn long_chinese_wraps_at_the_field_width_and_a_paste_keeps_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    at_the_narrative(&mut app);
    let long = "客户反映车辆保养后仍有异响".repeat(5); // 65 wide characters, 130 cells
    typed(&mut app, &long[..long.char_indices().nth(40).unwrap().0]);
    let (buf, cursor) = draw(&app);
    let (x, y) = find(&buf, "客户反映").unwrap();
    // Every row of the field stays inside the screen, no character is split, and the
    // rows read back as the text.
    let mut shown = String::new();
    for dy in 0..3 {
        let r = row(&buf, y + dy);
        assert!(r.width() <= 80, "{r}");
        // The field's part of the row: from its column to the right border.
        let mut col = 0;
        let part: String = r
            .chars()
            .filter(|c| {
                let keep = col >= x as usize;
                col += UnicodeWidthChar::width(*c).unwrap_or(0);
                keep
            })
            .collect();
        shown.push_str(part.trim_end_matches([' ', '|', '│']));
    }
    let typed_part: String = long.chars().take(40).collect();
    assert_eq!(shown, typed_part, "the wrapped rows read back as the text");
    assert!(cursor.y > y, "the cursor is on a wrapped row: {cursor:?}");
    assert!(cursor.x >= x, "{cursor:?}");
    // A paste into the field keeps its lines (CR LF from a Windows clipboard too) and is
    // made inert.
    app.on_event(crossterm::event::Event::Paste(
        "第一行\r\n第二行\x1b[2J\n第三行".into(),
    ));
    let form = app.complaints.register_form().unwrap();
    assert_eq!(
        form.get("summary"),
        format!("{typed_part}第一行\n第二行\u{FFFD}[2J\n第三行")
    );
    // A paste into a one-line field (past the demand, the station) stays one line.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    app.on_event(crossterm::event::Event::Paste("售后\n服务部".into()));
    let form = app.complaints.register_form().unwrap();
    assert_eq!(form.fields[form.focus].key, "station");
    assert_eq!(form.get("station"), "售后 服务部");
}

#[test]
fn a_draft_keeps_the_lines_of_a_multi_line_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('a'));
    typed(&mut app, "李四");
    let notes = {
        let form = app.customers.form_mut().expect("customer form");
        form.fields.iter().position(|f| f.key == "notes").unwrap()
    };
    app.customers.form_mut().unwrap().focus = notes;
    typed(&mut app, "喜欢上午来店");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "只接受短信");
    app.save_draft_now();
    drop(app);
    let mut again = self::app(dir.path());
    let record = frontdesk::store::drafts::load(again.db.conn(), "1002")
        .unwrap()
        .expect("draft saved");
    again.restore_draft(&record);
    let (_, form) = again.customers.form().expect("form restored");
    assert_eq!(form.get("notes"), "喜欢上午来店\n只接受短信");
    assert_eq!(form.get("name"), "李四");
}

fn screen(app: &App) -> String {
    frontdesk::ui::testing::screen_text(&draw(app).0)
}

/// The rows whose text (after the borders and the indent) starts with a closing mark.
fn rows_starting_with_a_mark(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .filter(|l| {
            l.trim_start_matches(['│', '|', ' '])
                .starts_with(|c| "。，、；：！？）」』】".contains(c))
        })
        .collect()
}

/// The archive's head: `地区 -  备注 ` takes 13 of the 78 cells, so a note of 32 Chinese
/// characters ends the first row one cell short and its `。` is the wrap point; a note of
/// 39 fills a row of its own (where ratatui's wrap put it) and the `。` is next. The
/// lengths around them too, in case the head changes.
#[test]
fn the_archive_note_never_starts_a_row_with_a_closing_mark() {
    let words: Vec<char> = "客户喜欢上午来店只接受短信".repeat(4).chars().collect();
    for n in 28..=42 {
        let note = format!("{}。请保持联系。", words[..n].iter().collect::<String>());
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_noting(dir.path(), &note);
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('5'));
        key(&mut app, KeyCode::Char('s'));
        typed(&mut app, "zs");
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Enter);
        let screen = screen(&app);
        assert!(screen.contains("备注"), "{screen}");
        assert_eq!(
            rows_starting_with_a_mark(&screen),
            Vec::<&str>::new(),
            "{n}: {screen}"
        );
        assert!(
            screen.contains("联系。"),
            "the note reads to its end: {screen}"
        );
    }
}

/// The complaint narrative (经过), a multi-line field 63 cells wide at 80x24 (31 Chinese
/// characters a row): typed with its `。` as the 32nd character, ratatui-textarea's own
/// wrap started the second row with it. The cursor still follows the text's end.
#[test]
fn the_multi_line_editor_never_starts_a_row_with_a_closing_mark() {
    let words: Vec<char> = "客户反映车辆保养后仍有异响".repeat(3).chars().collect();
    for n in 28..=34 {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path());
        at_the_narrative(&mut app);
        let text = format!("{}。请尽快处理", words[..n].iter().collect::<String>());
        typed(&mut app, &text);
        let form = app.complaints.register_form().expect("in the form");
        assert_eq!(form.get("summary"), text);
        let (buf, cursor) = draw(&app);
        let screen = frontdesk::ui::testing::screen_text(&buf);
        assert!(screen.contains("经过"), "{screen}");
        assert_eq!(
            rows_starting_with_a_mark(&screen),
            Vec::<&str>::new(),
            "{n}: {screen}"
        );
        // The terminal cursor right after the last character typed (the field's only
        // `理`), for the input method.
        let field = screen.lines().position(|l| l.contains("经过")).unwrap();
        let (y, line) = screen
            .lines()
            .enumerate()
            .skip(field)
            .find(|(_, l)| l.contains('理'))
            .expect("the text's end drawn");
        let end = line.find('理').unwrap() + '理'.len_utf8();
        let x = line[..end].width();
        assert_eq!(cursor, Position::new(x as u16, y as u16), "{n}: {screen}");
        // Six characters back the cursor is on the `。` (after the character carried down
        // with it), where the mark is drawn.
        for _ in 0..6 {
            key(&mut app, KeyCode::Left);
        }
        let (buf, cursor) = draw(&app);
        let screen = frontdesk::ui::testing::screen_text(&buf);
        let at = screen
            .lines()
            .enumerate()
            .skip(field)
            .find_map(|(y, l)| {
                let i = l.find('。')?;
                Some((l[..i].width(), y))
            })
            .expect("the mark drawn");
        assert_eq!(
            cursor,
            Position::new(at.0 as u16, at.1 as u16),
            "{n}: {screen}"
        );
    }
}

/// `↑`/`↓` in the complaint narrative go by the rows drawn: from the first line, `↓`
/// twice reaches the second row of the wrapped paragraph below it (before, by lines, it
/// stopped on the paragraph's first row), back at the column the cursor left.
#[test]
fn down_goes_row_by_row_through_a_wrapped_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    at_the_narrative(&mut app);
    typed(&mut app, "客户说：");
    key(&mut app, KeyCode::Enter);
    let paragraph = "客户反映车辆在高速行驶时方向盘抖动明显，上次保养后问题仍未解决，\
                     服务顾问答应回电却一直没有回复。";
    typed(&mut app, paragraph);
    let (buf, end) = draw(&app);
    let (_, top) = find(&buf, "客户说：").expect("the first line drawn");
    let (_, first) = find(&buf, "客户反映").expect("the paragraph drawn");
    assert_eq!(first, top + 1);
    assert_eq!(
        find(&buf, "回复。"),
        Some((end.x - 6, top + 2)),
        "the paragraph wraps onto a second row, the cursor after its end"
    );
    assert_eq!(end.y, top + 2, "the cursor at the paragraph's end");
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    assert_eq!(draw(&app).1.y, top, "on the first line");
    key(&mut app, KeyCode::Down);
    assert_eq!(draw(&app).1.y, top + 1, "the paragraph's first row");
    key(&mut app, KeyCode::Down);
    assert_eq!(draw(&app).1, end, "its second row, at the column it left");
    let form = app.complaints.register_form().unwrap();
    assert_eq!(form.fields[form.focus].key, "summary", "still in the field");
}
