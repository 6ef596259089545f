//! The two reduced terminal modes, on every tab of a demo store at 80x24:
//! - ASCII (`ascii_borders = true`): no East Asian "ambiguous width" glyph anywhere on
//!   screen (a glyph whose width differs between a CJK terminal and a Western one).
//! - No colour (`NO_COLOR`): no colour at all, and every row that shows a state by colour in
//!   the colour theme (selection, warnings, errors) still shows it by an attribute.

use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::{Actor, Db};
use frontdesk::ui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

fn demo_app(dir: &std::path::Path, lang: Lang, ascii: bool, color: bool) -> App {
    let path = dir.join("demo.sqlite3");
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
    let mut db = Db::open(&path).unwrap();
    if !dir.join("filled").exists() {
        let actor = Actor {
            agent_id: None,
            at: now,
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        frontdesk::demo::fill(&mut db, actor, tz, today, 300, 5, |_| {}).unwrap();
        std::fs::write(dir.join("filled"), "").unwrap();
    }
    let agent = agents::list(&db)
        .unwrap()
        .into_iter()
        .find(|a| a.role == Role::Supervisor)
        .unwrap();
    let mut settings = Settings::with_db(path, lang);
    settings.ascii_borders = ascii;
    let mut app = App::new(db, Clock::fixed(tz, now), settings, Some(agent));
    app.theme.ascii = ascii;
    app.theme.color = color;
    app
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn draw(app: &App) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| frontdesk::ui::shell::render(app, f)).unwrap();
    t.backend().buffer().clone()
}

fn row_text(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

/// The screens to look at: every tab, its first record opened, the help overlay, the
/// report pages. Each step is a key sequence from a fresh app; returns (name, buffer).
fn tour(dir: &std::path::Path, lang: Lang, ascii: bool, color: bool) -> Vec<(String, Buffer)> {
    use KeyCode::*;
    let steps: Vec<(&str, Vec<KeyCode>)> = vec![
        ("calls", vec![Char('1')]),
        ("calls-help", vec![Char('1'), Char('?')]),
        ("calls-new", vec![Char('1'), Char('n')]),
        ("appointments", vec![Char('2')]),
        ("appointments-open", vec![Char('2'), Enter]),
        ("appointments-week", vec![Char('2'), Char('w')]),
        ("callbacks", vec![Char('3')]),
        ("callbacks-open", vec![Char('3'), Enter]),
        ("complaints", vec![Char('4')]),
        ("complaints-open", vec![Char('4'), Enter]),
        ("customers", vec![Char('5')]),
        ("customers-open", vec![Char('5'), Enter]),
        ("customers-open-next", vec![Char('5'), Enter, Right]),
        ("customers-new", vec![Char('5'), Char('a')]),
        ("complaints-second", vec![Char('4'), Down, Enter]),
        ("callbacks-second", vec![Char('3'), Down, Enter]),
        ("reports-board", vec![Char('6')]),
        ("reports-1", vec![Char('6'), Right]),
        ("reports-2", vec![Char('6'), Right, Right]),
        ("reports-3", vec![Char('6'), Right, Right, Right]),
        ("reports-4", vec![Char('6'), Right, Right, Right, Right]),
        (
            "reports-5",
            vec![Char('6'), Right, Right, Right, Right, Right],
        ),
        ("appointments-help", vec![Char('2'), Char('?')]),
        ("callbacks-help", vec![Char('3'), Char('?')]),
        ("complaints-help", vec![Char('4'), Char('?')]),
        ("complaints-new", vec![Char('4'), Char('n')]),
        ("customers-help", vec![Char('5'), Char('?')]),
        ("reports-help", vec![Char('6'), Right, Char('?')]),
        ("audit", vec![F(9)]),
        ("search", vec![Char('/')]),
        ("quit", vec![Char('q')]),
    ];
    let mut out = Vec::new();
    for (name, keys) in steps {
        let mut app = demo_app(dir, lang, ascii, color);
        app.tick();
        key(&mut app, Esc); // leave the search field the app starts in
        for k in keys {
            key(&mut app, k);
        }
        let buf = draw(&app);
        if std::env::var_os("SHOW_TOUR").is_some() {
            eprintln!("== {name} {lang:?} ascii={ascii} color={color}");
            for y in 0..buf.area.height {
                eprintln!("{}", row_text(&buf, y));
            }
        }
        out.push((name.to_string(), buf));
    }
    out
}

#[test]
fn ascii_mode_draws_no_ambiguous_width_glyph_on_any_tab() {
    let dir = tempfile::tempdir().unwrap();
    let mut found = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        for (name, buf) in tour(dir.path(), lang, true, true) {
            for y in 0..buf.area.height {
                for x in 0..buf.area.width {
                    let sym = buf[(x, y)].symbol();
                    if sym.width() != sym.width_cjk() {
                        found.push(format!(
                            "{lang:?} {name}: {sym:?} at ({x},{y}) in {:?}",
                            row_text(&buf, y)
                        ));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "ambiguous-width glyphs:\n{}",
        found.join("\n")
    );
}

/// A colour that tells a state: red/yellow text, or any background (selection, status).
fn state_colour(fg: Color, bg: Color) -> bool {
    matches!(
        fg,
        Color::Red | Color::LightRed | Color::Yellow | Color::LightYellow
    ) || bg != Color::Reset
}

#[test]
fn no_colour_mode_keeps_every_coloured_state_visible_by_attribute() {
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let coloured = tour(dir.path(), lang, false, true);
        let plain = tour(dir.path(), lang, false, false);
        let mut marked_rows = 0;
        for ((name, c), (_, p)) in coloured.iter().zip(&plain) {
            for y in 0..c.area.height {
                let mut state_row = false;
                for x in 0..c.area.width {
                    let cell = &c[(x, y)];
                    let text = cell.symbol().trim();
                    state_row |= !text.is_empty() && state_colour(cell.fg, cell.bg)
                        || cell.modifier.contains(Modifier::REVERSED);
                    let cell = &p[(x, y)];
                    assert_eq!(
                        (cell.fg, cell.bg),
                        (Color::Reset, Color::Reset),
                        "{lang:?} {name}: colour at ({x},{y}) under NO_COLOR"
                    );
                }
                if !state_row {
                    continue;
                }
                marked_rows += 1;
                let shown = (0..p.area.width).any(|x| {
                    p[(x, y)]
                        .modifier
                        .intersects(Modifier::BOLD | Modifier::REVERSED | Modifier::UNDERLINED)
                });
                assert!(
                    shown,
                    "{lang:?} {name}: row {y} shows a state only by colour: {:?}",
                    row_text(p, y)
                );
            }
        }
        assert!(
            marked_rows > 20,
            "the tour shows states ({marked_rows} rows)"
        );
        // Where only colour told a state, a text marker does: the overdue rescue in the
        // calls list and the overdue counts on the today board.
        let text = |b: &Buffer| {
            (0..b.area.height)
                .map(|y| row_text(b, y))
                .collect::<String>()
        };
        for (i, (name, _)) in plain.iter().enumerate() {
            // The selected row is marked in text too: `>` in place of the border before it.
            if ["calls", "callbacks", "reports-1"].contains(&name.as_str()) {
                let b = &plain[i].1;
                let marked = (0..b.area.height).any(|y| {
                    b[(0, y)].symbol() == ">" && b[(1, y)].modifier.contains(Modifier::REVERSED)
                });
                assert!(marked, "{lang:?} {name}: no selection marker\n{}", text(b));
                let c = &coloured[i].1;
                assert!(
                    (0..c.area.height).all(|y| c[(0, y)].symbol() != ">"),
                    "{name}"
                );
            }
            if name == "calls" || name == "reports-board" {
                assert!(
                    text(&plain[i].1).contains("!! "),
                    "{lang:?} {name}: no marker"
                );
                assert!(!text(&coloured[i].1).contains("!! "), "{lang:?} {name}");
            }
        }
    }
}
