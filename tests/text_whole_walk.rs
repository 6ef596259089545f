//! Text an agent reads is never cut with `~` (issue 18, point 4), on every screen the keys
//! reach: a walk from the start screen over each key of the table that works there (as the
//! one-language walk does), drawn at 80x24 in Chinese and in English, fails on a cut — a
//! `~` or `…` that ends words, at a row's end or in its middle (a field's hint or value, a
//! label, a status, script, question or message cut short by `text::fit` with more after it).
//!
//! The rule for data: a list's data column may cut its cells where the highlighted row reads
//! whole: a cut in a
//! column of cuts or of stored text (a name, a plate, a finding) is let pass when a
//! highlighted row runs through its column and that row's own cell there is whole, or shows
//! whole elsewhere on the screen (a line under the list, a detail pane); a cut of stored text
//! in a grid likewise when every highlighted cell that is cut shows whole elsewhere. Rows
//! under a popup are not read while it is open. On the status bar the signed-in agent's
//! name (stored text) may give way to a message, its employee number staying. The app's
//! own words are never excused.

mod one_language_fx;
mod support;

use crossterm::event::KeyCode;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::Role;
use frontdesk::ui::app::App;
use frontdesk::ui::keymap::Key;
use one_language_fx::{data_of, keys_to_try, open_app, press, walked_store};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// One cell of the screen: its symbol (empty for the second cell of a wide character)
/// and whether it is highlighted.
struct Cell {
    symbol: String,
    lit: bool,
}

fn cells(buf: &Buffer) -> Vec<Vec<Cell>> {
    (0..buf.area.height)
        .map(|y| {
            let mut row: Vec<Cell> = Vec::new();
            let mut wide = false;
            for x in 0..buf.area.width {
                let c = &buf[(x, y)];
                let symbol = if wide { "" } else { c.symbol() };
                wide = unicode_width::UnicodeWidthStr::width(symbol) == 2;
                row.push(Cell {
                    symbol: symbol.to_string(),
                    lit: c.modifier.contains(Modifier::REVERSED),
                });
            }
            row
        })
        .collect()
}

/// A blank cell (the second cell of a wide character is not one).
fn blank(s: &str) -> bool {
    !s.is_empty() && s.trim().is_empty()
}

fn border(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| ('\u{2500}'..='\u{257F}').contains(&c))
}

/// The text of row `y` from `from` to `to` (cells), a wide character once.
fn text(rows: &[Vec<Cell>], y: usize, from: usize, to: usize) -> String {
    rows[y][from..to]
        .iter()
        .map(|c| c.symbol.as_str())
        .collect()
}

/// The words a `~` at (x, y) ends: back to a border or a gap of two blank cells.
fn fragment(rows: &[Vec<Cell>], x: usize, y: usize) -> String {
    let row = &rows[y];
    let mut from = x;
    while from > 0 {
        let c = &row[from - 1].symbol;
        if border(c) || (from >= 2 && blank(c) && blank(&row[from - 2].symbol)) {
            break;
        }
        from -= 1;
    }
    text(rows, y, from, x).trim().to_string()
}

/// The last words before a cut (up to 6 characters), to look up elsewhere.
fn tail(words: &str) -> String {
    let chars: Vec<char> = words.chars().collect();
    chars[chars.len().saturating_sub(6)..].iter().collect()
}

/// The line-final cuts of a screen (a `~` after words, then only blanks up to a border or
/// the row's end) that no highlighted row excuses, each as its row's text;
/// `stored` tells the store's text (a list's data) from the app's words.
fn cut_lines(buf: &Buffer, stored: &dyn Fn(&str) -> bool) -> Vec<String> {
    let rows = cells(buf);
    let width = buf.area.width as usize;
    let whole_screen: Vec<String> = (0..rows.len()).map(|y| text(&rows, y, 0, width)).collect();
    // The screen's text read on across rows (what wraps reads on), borders and the blanks
    // beside them left out.
    let joined: String = whole_screen
        .iter()
        .map(|l| l.trim_matches(|c: char| c == ' ' || ('\u{2500}'..='\u{257F}').contains(&c)))
        .collect::<String>()
        .replace(' ', "");
    // Whether `words` show on the screen other than right before a `~`.
    let shown_whole = |words: &str| {
        let words = words.replace(' ', "");
        let words = words.as_str();
        !words.is_empty()
            && joined
                .match_indices(words)
                .any(|(i, _)| !joined[i + words.len()..].starts_with('~'))
    };
    // The cuts: a `~` (or `…`) right after words and ending them (a blank, a border or
    // the row's end after it), at the row's end or in its middle (a field's value, a hint,
    // a column cut by `text::fit` with more text after it). A `~` between blanks (a date
    // range) or inside a word is no cut.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for (y, row) in rows.iter().enumerate() {
        for x in 1..width {
            let before = &row[x - 1].symbol;
            if !matches!(row[x].symbol.as_str(), "~" | "…") || blank(before) || border(before) {
                continue;
            }
            if row
                .get(x + 1)
                .is_none_or(|c| blank(&c.symbol) || border(&c.symbol))
            {
                cuts.push((x, y));
            }
        }
    }
    let mut out = Vec::new();
    for &(x, y) in &cuts {
        let row = &rows[y];
        let words = fragment(&rows, x, y);
        // A row under a popup shows beside its border (its right border and, further left,
        // its left border on this row): not read there.
        let start = x - unicode_width::UnicodeWidthStr::width(words.as_str());
        let borders = row[1..start.max(1)]
            .iter()
            .filter(|c| border(&c.symbol))
            .count();
        if borders >= 2 && (1..=2).any(|d| start > d && border(&row[start - d].symbol)) {
            continue;
        }
        // A list's column (stored text, or rows cut at the same place) where a highlighted
        // row runs through it and reads whole.
        // (A column's cuts may stand a cell apart: a wide character that did not fit.)
        let near = |r: usize| (x - 1..=(x + 1).min(width - 1)).find(|&c| rows[r][c].symbol == "~");
        let column = cuts.iter().filter(|c| c.0.abs_diff(x) <= 1).count() >= 2;
        let lit: Vec<usize> = (0..rows.len())
            .filter(|&r| (x - 1..=x).any(|c| rows[r][c].lit))
            .collect();
        // A popup over the list hides its highlighted row: its rows are not read now.
        let popup = rows.iter().any(|row| {
            row[1..width - 1]
                .iter()
                .filter(|c| border(&c.symbol))
                .count()
                >= 2
        });
        // Every highlighted cell cut on the screen (a grid's highlighted booking, say).
        let lit_cuts: Vec<(usize, usize)> = (0..rows.len())
            .flat_map(|r| (1..width).map(move |c| (c, r)))
            .filter(|&(c, r)| rows[r][c].lit && rows[r][c].symbol == "~")
            .collect();
        let any_lit = rows.iter().any(|row| row.iter().any(|c| c.lit));
        // A popup over the list (help over a form, say) hides its highlighted row: the
        // list's cut rows are read once it closes.
        // The status bar (the screen's last row): the signed-in agent's name gives way to a
        // message there by design (`status_line::left`), the employee number beside it.
        let last_word = words.rsplit(' ').next().unwrap_or("");
        let status_bar = y + 1 == rows.len() && stored(last_word);
        let excused = status_bar
            || if lit.is_empty() {
                ((column || stored(&tail(&words))) && popup)
                    || (stored(&tail(&words))
                        && any_lit
                        && lit_cuts
                            .iter()
                            .all(|&(c, r)| shown_whole(&tail(&fragment(&rows, c, r)))))
            } else {
                (column || stored(&tail(&words)))
                    && lit.iter().all(|&r| {
                        near(r).is_none_or(|c| shown_whole(&tail(&fragment(&rows, c, r))))
                    })
            };
        if !excused {
            out.push(whole_screen[y].trim_end().to_string());
        }
    }
    out
}

fn draw(app: &App) -> (Buffer, String) {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| frontdesk::ui::shell::render(app, f)).unwrap();
    let buf = t.backend().buffer().clone();
    let screen = support::screen::screen_text(&buf);
    (buf, screen)
}

fn label(keys: &[Key]) -> String {
    keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" ")
}

/// Walks from the start screen to `depth` keys, each kind of screen expanded once; returns
/// the screens drawn and the cuts found (one report per cut line).
fn walk(template: &Path, lang: Lang, role: Role, depth: usize) -> (usize, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("walk.sqlite3");
    std::fs::copy(template, &path).unwrap();
    let mut expanded: HashSet<String> = HashSet::new();
    let mut reported: BTreeSet<String> = BTreeSet::new();
    let mut report = Vec::new();
    let mut screens = 0;
    let mut queue: Vec<Vec<Key>> = vec![Vec::new()];
    while !queue.is_empty() {
        // The walk's own steps may have saved text: look at the store again.
        let data = data_of(&path, lang);
        let mut next = Vec::new();
        for keys in queue {
            let mut app = open_app(&path, lang, role);
            press(&mut app, Key::Code(KeyCode::Esc));
            for k in &keys {
                press(&mut app, *k);
            }
            let (buf, screen) = draw(&app);
            screens += 1;
            for line in cut_lines(&buf, &|t| data.has(t)) {
                if reported.insert(line.clone()) {
                    report.push(format!(
                        "[{}] `{line}` after keys: {}\n{screen}",
                        lang.code(),
                        label(&keys)
                    ));
                }
            }
            let signature = format!(
                "{:?} {:?} {:?}",
                app.tab,
                app.scopes(),
                app.overlay.is_some()
            );
            if keys.len() < depth && expanded.insert(signature) {
                for k in keys_to_try(&app, keys.len()) {
                    let mut child = keys.clone();
                    child.push(k);
                    next.push(child);
                }
            }
        }
        queue = next;
    }
    (screens, report)
}

#[test]
fn no_line_an_agent_reads_ends_in_a_cut() {
    let dir = tempfile::tempdir().unwrap();
    let template = walked_store(dir.path());
    let mut failures = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        for role in [Role::Supervisor, Role::Agent] {
            let (screens, report) = walk(&template, lang, role, 3);
            assert!(screens > 100, "the walk saw only {screens} screens");
            failures.extend(report);
        }
    }
    assert!(
        failures.is_empty(),
        "{} lines end in a cut:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The check itself: a hint cut at the screen's edge or at a pane's border is caught; a
/// list's column cut where the highlighted row reads whole is not.
#[test]
fn the_check_catches_a_cut_line_and_lets_a_listed_column_pass() {
    use ratatui::style::Style;
    let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 30, 5));
    buf.set_string(0, 0, "Press Enter to save the ca~", Style::new());
    buf.set_string(0, 1, "│ a long message is c~   │", Style::new());
    // A list: the highlighted row's name is whole; another row's is cut.
    buf.set_string(
        0,
        2,
        format!("{:30}", "1  Ouyang Nana"),
        Style::new().reversed(),
    );
    buf.set_string(0, 3, "2  Zhang Sanfeng Wu~", Style::new());
    let stored = |t: &str| {
        ["Zhang Sanfeng Wu", "Ouyang Nana Long"]
            .iter()
            .any(|v| v.contains(t))
    };
    let cut = cut_lines(&buf, &stored);
    assert_eq!(
        cut,
        vec![
            "Press Enter to save the ca~".to_string(),
            "│ a long message is c~   │".to_string()
        ]
    );
    // A popup over a list leaves a sliver of a cut row beside its border: not read there.
    let mut pop = Buffer::empty(ratatui::layout::Rect::new(0, 0, 30, 1));
    pop.set_string(0, 0, "│ab │ Form          │ 客户找10~│", Style::new());
    assert!(cut_lines(&pop, &|_| false).is_empty());
    // A popup (help over a form) hides the highlighted row: a cut row above it is not read
    // until the popup closes.
    let mut hid = Buffer::empty(ratatui::layout::Rect::new(0, 0, 22, 3));
    hid.set_string(0, 0, "│2  Zhang Sanfeng Wu~│", Style::new());
    hid.set_string(0, 1, "│ ┌ Help ─────────┐~│", Style::new());
    hid.set_string(0, 2, "│ │ any key       │~│", Style::new());
    assert!(cut_lines(&hid, &stored).is_empty());
    // Without the popup the same cut row is reported.
    hid.set_string(0, 1, "│                   │", Style::new());
    hid.set_string(0, 2, "│                   │", Style::new());
    assert_eq!(cut_lines(&hid, &stored).len(), 1);
    // A list whose highlighted row is cut: it passes once that row shows whole below.
    let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 30, 4));
    buf.set_string(0, 0, "1  Ouyang Nana Long~", Style::new().reversed());
    buf.set_string(0, 1, "2  Zhang Sanfeng Wu~", Style::new());
    assert_eq!(
        cut_lines(&buf, &stored).len(),
        2,
        "not shown whole: both cut"
    );
    buf.set_string(0, 3, "Ouyang Nana Longname", Style::new());
    assert!(cut_lines(&buf, &stored).is_empty());
    // A cut in the middle of a row: a field's hint cut short before its error.
    let mut mid = Buffer::empty(ratatui::layout::Rect::new(0, 0, 40, 2));
    mid.set_string(0, 0, "*类别  1态度 2及时 3维~ 填 1-7", Style::new());
    mid.set_string(0, 1, "窗口 2026-12-01 ~ 2026-12-15", Style::new());
    assert_eq!(
        cut_lines(&mid, &|_| false).len(),
        1,
        "the date range is no cut"
    );
    // The status bar's name (stored) gives way to a message; the app's words never do.
    let mut bar = Buffer::empty(ratatui::layout::Rect::new(0, 0, 40, 2));
    bar.set_string(0, 1, " 1002 陈~ 09:30 Action #4 is now done", Style::new());
    assert!(cut_lines(&bar, &|t: &str| "陈静".contains(t)).is_empty());
    bar.set_string(0, 1, " 1002 陈静 09:30 Action #4 is n~ done", Style::new());
    assert_eq!(cut_lines(&bar, &|t: &str| "陈静".contains(t)).len(), 1);
    // A lone line of the app's own words is never excused, a highlighted row or not.
    buf.set_string(0, 2, "Saving it failed becau~", Style::new());
    assert_eq!(
        cut_lines(&buf, &|_| false),
        vec!["Saving it failed becau~".to_string()]
    );
    // A grid: the highlighted booking's cell is cut, another column's too; it passes once
    // the highlighted booking reads whole under the grid.
    let mut grid = Buffer::empty(ratatui::layout::Rect::new(0, 0, 40, 3));
    grid.set_string(0, 0, "12:30 ", Style::new());
    grid.set_string(6, 0, "粤BF0718~", Style::new().reversed());
    grid.set_string(0, 1, "14:30 ·         ·         粤L17129~", Style::new());
    let plates = |t: &str| ["粤BF0718X", "粤L17129X"].iter().any(|v| v.contains(t));
    assert_eq!(cut_lines(&grid, &plates).len(), 2);
    grid.set_string(0, 2, "唐峰 粤BF0718X 大保养", Style::new());
    assert!(cut_lines(&grid, &plates).is_empty());
}
