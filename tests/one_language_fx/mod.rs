//! What the `one_language` walk counts as the store's data, and the checks that find the
//! other language on a drawn screen (issue 18, point 5).

#![allow(dead_code)]

use super::support::screen::screen_text;
use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::clock::Clock;
use frontdesk::config::Settings;
use frontdesk::i18n::Lang;
use frontdesk::store::agents::{self, Role};
use frontdesk::store::{Actor, Db};
use frontdesk::ui::action::{Action, QueueOp};
use frontdesk::ui::app::App;
use frontdesk::ui::keymap::{self, Key};
use frontdesk::ui::reports::Op;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Tokens of Latin letters the Chinese UI may show: key names, units and acronyms.
pub const ALLOWED_LATIN: &[&str] = &[
    "Ctrl",
    "Esc",
    "Enter",
    "Tab",
    "Shift",
    "Space",
    "Backspace",
    "PgUp",
    "PgDn",
    "Home",
    "End",
    "Del",
    "km",
    "kg",
    "sqlite",
    "xlsx",
    "csv",
    "toml",
    "frontdesk",
    "Excel",
    // The search field's example of pinyin initials.
    "zs",
    // A time zone's name (the Settings page's field and its example).
    "Asia",
    "Shanghai",
];

pub fn tz() -> chrono_tz::Tz {
    "Asia/Shanghai".parse().unwrap()
}

pub fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()
}

/// A demo store of 300 customers (calls, bookings, callbacks, complaints) in `dir`.
pub fn demo_store(dir: &Path) -> PathBuf {
    let path = dir.join("walk.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now(),
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    frontdesk::demo::fill(&mut db, actor, tz(), today, 300, 5, |_| {}).unwrap();
    path
}

/// The demo store the walks go over: [`demo_store`] with open complaints and the rental
/// desk ([`seed_walked_pages`]).
pub fn walked_store(dir: &Path) -> PathBuf {
    let path = demo_store(dir);
    let mut db = Db::open(&path).unwrap();
    let actor = Actor {
        agent_id: None,
        at: now(),
    };
    seed_walked_pages(&mut db, actor);
    path
}

/// What the demo leaves out that the walks must reach: open complaints (the demo closes
/// every one), one in each state that offers other steps — new, contacted, investigating,
/// paused and resolved — and the rental desk (rental mode on, cars out, breakdowns), so
/// the complaint page, its step forms and the Desk tab's Rentals page are walked too.
/// Made through the store's own functions, as the app would.
fn seed_walked_pages(db: &mut Db, actor: Actor) {
    use frontdesk::domain::complaints::{Category, Event, EventKind, PauseReason};
    use frontdesk::store::complaints::{self as sc, NewComplaint};
    let handler = agents::list(db)
        .unwrap()
        .into_iter()
        .find(|a| a.role == Role::Agent)
        .unwrap()
        .id;
    let cars: Vec<(i64, i64)> = db
        .conn()
        .prepare("SELECT customer_id, id FROM vehicles WHERE customer_id IS NOT NULL ORDER BY id LIMIT 5")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let hours = chrono::Duration::hours;
    let resolved = EventKind::Resolved {
        resolution: "更换空调压缩机，客户试车正常".into(),
    };
    let paused = EventKind::Paused {
        reason: PauseReason::Parts,
        note: "等压缩机到货".into(),
    };
    let steps: [Vec<EventKind>; 5] = [
        vec![],
        vec![EventKind::Contacted],
        vec![EventKind::Contacted, EventKind::Investigating],
        vec![EventKind::Contacted, EventKind::Investigating, paused],
        vec![EventKind::Contacted, EventKind::Investigating, resolved],
    ];
    for (i, (kinds, (customer, vehicle))) in steps.into_iter().zip(cars).enumerate() {
        let received = now() - hours(30 - i as i64);
        let c = NewComplaint {
            customer_id: Some(customer),
            vehicle_id: Some(vehicle),
            call_id: None,
            channel: "phone".into(),
            received_at: received,
            category: Category::RepairQuality,
            loss_yuan: None,
            severity_by_hand: None,
            station: "一号店".into(),
            summary: "空调不制冷，返修两次".into(),
            demand: "彻底修好".into(),
            handler_id: Some(handler),
        };
        let id = sc::register(
            db,
            Actor {
                at: received,
                ..actor
            },
            &c,
        )
        .unwrap();
        for (n, kind) in kinds.into_iter().enumerate() {
            let e = Event::new(received + hours(2 * n as i64 + 1), handler, kind);
            sc::append(db, id, e, tz()).unwrap();
        }
    }
    frontdesk::store::rentals::demo::fill(db, actor, now(), 6, 1).unwrap();
}

pub fn open_app(path: &Path, lang: Lang, role: Role) -> App {
    let db = Db::open(path).unwrap();
    let agent = agents::list(&db)
        .unwrap()
        .into_iter()
        .find(|a| a.role == role)
        .unwrap();
    let settings = Settings::with_db(path.to_path_buf(), lang);
    let mut app = App::new(db, Clock::fixed(tz(), now()), settings, Some(agent));
    app.tick();
    app
}

/// The keys a walk may press on a screen: every key of the table that works there, except
/// quitting, exports (files), the clipboard, texts sent and tab switching below the top.
pub fn keys_to_try(app: &App, depth: usize) -> Vec<Key> {
    let (scopes, typing) = app.scopes();
    let mut out = Vec::new();
    for (binding, keys) in keymap::bindings_for(&scopes, typing) {
        let skip = match binding.action {
            Action::Quit | Action::ExportList | Action::Copy => true,
            Action::NextTab | Action::PrevTab | Action::GoTab(_) => depth > 0,
            Action::Queue(QueueOp::SendTexts) => true,
            Action::Report(Op::ExportCsv | Op::ExportXlsx) => true,
            _ => false,
        };
        if !skip && let Some(k) = keys.first() {
            out.push(*k);
        }
    }
    out
}

pub fn press(app: &mut App, key: Key) {
    let ev = match key {
        Key::Char(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
        Key::Code(code) => KeyEvent::new(code, KeyModifiers::NONE),
    };
    app.on_key(ev);
}

pub fn draw(app: &App, (w, h): (u16, u16)) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| frontdesk::ui::shell::render(app, f)).unwrap();
    screen_text(t.backend().buffer())
}

// ─────────────────────────────── what is data ───────────────────────────────

/// The store's text: every value, joined, to look pieces up in, and the whole values (and
/// their lines).
pub struct Data {
    pub joined: String,
    pub whole: HashSet<String>,
}

impl Data {
    pub fn new(values: Vec<String>) -> Data {
        let mut whole = HashSet::new();
        for v in &values {
            // Its lines, and the items of a list it joins with 、 (which the checks
            // read as a separator, not as words).
            for part in std::iter::once(v.as_str())
                .chain(v.lines())
                .chain(v.split('、'))
            {
                whole.insert(part.trim().to_string());
            }
        }
        Data {
            joined: values.join("\u{1}"),
            whole,
        }
    }

    /// Whether `piece` may be (part of) a stored value on screen: the whole value or three
    /// characters or more of one. A shorter piece is data only read with the row around
    /// it ([`unwrapped`], [`Data::cut_short`], [`in_context`]): alone, any two-character
    /// label starts or ends some stored sentence.
    pub fn has(&self, piece: &str) -> bool {
        self.whole.contains(piece) || (piece.chars().count() >= 3 && self.joined.contains(piece))
    }

    /// Whether `run` is a stored value cut short by a border or a `~` on the sides said:
    /// cut on both, any piece of one; cut on one side only, a piece whose other side is
    /// where a run of the value ends too (its start or end, a space, a mark), as a value
    /// drawn up to a cut shows it. A label beside a border, a word in the middle of a
    /// stored sentence, is not one.
    pub fn cut_short(&self, run: &str, left: bool, right: bool) -> bool {
        let ends_run = |c: Option<char>| c.is_none_or(|c| !run_char(c));
        (left || right)
            && self.joined.match_indices(run).any(|(at, _)| {
                let before = self.joined[..at].chars().next_back();
                let after = self.joined[at + run.len()..].chars().next();
                (left || ends_run(before)) && (right || ends_run(after))
            })
    }
}

/// A value that is a code rather than words: `maintenance`, `drop_off`, `no_show`, JSON.
pub fn code_like(v: &str) -> bool {
    let t = v.trim_start();
    t.starts_with('{')
        || t.starts_with('[')
        || (!v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-.".contains(c)))
}

pub fn data_of(path: &Path, lang: Lang) -> Data {
    let mut values: Vec<String> = Vec::new();
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    for table in tables {
        let Ok(mut stmt) = conn.prepare(&format!("SELECT * FROM \"{table}\"")) else {
            continue;
        };
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Ok(Some(row)) = rows.next() {
            for i in 0..n {
                if let Ok(rusqlite::types::ValueRef::Text(t)) = row.get_ref(i) {
                    let text = String::from_utf8_lossy(t).into_owned();
                    // A JSON document's strings are values of their own (a knowledge
                    // article's coverage, an audit entry's before and after).
                    if let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) {
                        json_strings(&json, &mut values);
                    }
                    values.push(text);
                }
            }
        }
    }
    values.push(path.display().to_string());
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    for file in std::fs::read_dir(assets).unwrap() {
        let file = file.unwrap().path();
        if file.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&file).unwrap();
            let value: toml::Value = toml::from_str(&text).unwrap();
            toml_strings(&value, "", lang, &mut values);
        }
    }
    let keep = |v: &String| lang == Lang::En || !code_like(v);
    Data::new(values.into_iter().filter(keep).collect())
}

/// The string values of a JSON document.
fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

/// The string values of a configuration file, without the other language's half of a pair
/// (`name_zh`/`name_en`, `zh`/`en`).
pub fn toml_strings(v: &toml::Value, key: &str, lang: Lang, out: &mut Vec<String>) {
    let other = match lang {
        Lang::Zh => ["en", "_en"],
        Lang::En => ["zh", "_zh"],
    };
    if key == other[0] || key.ends_with(other[1]) {
        return;
    }
    match v {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(a) => a.iter().for_each(|x| toml_strings(x, key, lang, out)),
        toml::Value::Table(t) => t.iter().for_each(|(k, x)| toml_strings(x, k, lang, out)),
        _ => {}
    }
}

// ─────────────────────────────── the checks ───────────────────────────────

/// Chinese script on screen: Han characters, CJK punctuation and full-width forms (the
/// enumeration comma 、 only joins stored items, as in a repair order's list).
pub fn chinese(c: char) -> bool {
    c != '、'
        && matches!(c,
        '\u{3000}'..='\u{303F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}')
}

/// Whether `run` is made of pieces of the store's text (a model and its colour side by
/// side: 朗逸白), each piece one [`Data::has`] allows.
pub fn made_of_data(run: &str, data: &Data) -> bool {
    let chars: Vec<char> = run.chars().collect();
    let n = chars.len();
    let mut ok = vec![false; n + 1];
    ok[0] = true;
    for end in 1..=n {
        for start in (0..end).rev() {
            if !ok[start] {
                continue;
            }
            let piece: String = chars[start..end].iter().collect();
            if data.has(&piece) {
                ok[end] = true;
                break;
            }
        }
    }
    ok[n]
}

/// A pane's side: a vertical border (Unicode or ASCII).
fn pane_edge(c: char) -> bool {
    c == '│' || c == '|'
}

/// The pane holding character `at` of row `y`: the index of its left border (None at the
/// row's start) and of its right border (the row's length when it has none).
fn pane(rows: &[Vec<char>], y: usize, at: usize) -> (Option<usize>, usize) {
    let row = &rows[y];
    let left = (0..at).rev().find(|&j| pane_edge(row[j]));
    let right = (at..row.len())
        .find(|&j| pane_edge(row[j]))
        .unwrap_or(row.len());
    (left, right)
}

/// The column (display cells) character `j` of `row` starts at.
fn col(row: &[char], j: usize) -> usize {
    row[..j]
        .iter()
        .map(|&c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
        .sum()
}

/// On row `y`, the pane whose left border stands at the same column as the one at `left`
/// on row `from` (both at the row's start when None): its left and right border indices.
fn same_pane(
    rows: &[Vec<char>],
    from: usize,
    left: Option<usize>,
    y: usize,
) -> Option<(Option<usize>, usize)> {
    let row = rows.get(y)?;
    let l = match left {
        None => None,
        Some(j) => {
            let c = col(&rows[from], j);
            Some((0..row.len()).find(|&k| col(row, k) == c && pane_edge(row[k]))?)
        }
    };
    Some(pane(rows, y, l.map_or(0, |l| l + 1)))
}

/// Whether a popup's left border runs under the second cell of the wide character before
/// `i` on row `y` (the border on the row above or below at that column): the character
/// hides it, and the popup cuts what was drawn beneath it there.
fn hidden_border(rows: &[Vec<char>], y: usize, i: usize) -> bool {
    let row = &rows[y];
    let wide = i
        .checked_sub(1)
        .is_some_and(|j| unicode_width::UnicodeWidthChar::width(row[j]) == Some(2));
    let cell = col(row, i).saturating_sub(1);
    let edge_at = |r: &Vec<char>| (0..r.len()).any(|k| col(r, k) == cell && pane_edge(r[k]));
    wide && [y.checked_sub(1), Some(y + 1)]
        .into_iter()
        .flatten()
        .filter_map(|u| rows.get(u))
        .any(edge_at)
}

/// Whether the run `start..end` of `row` shows with what stands beside it as it is in
/// a stored value (a sentence with spaces in it: `按 1 到 5 分`): three characters or more
/// of the row, the run and a visible character beside it, found in the store's text.
fn in_context(row: &[char], start: usize, end: usize, data: &Data) -> bool {
    let open = |j: &usize| !pane_edge(row[*j]) && row[*j] != '~';
    let visible = |j: &usize| row[*j] != ' ';
    let left = (0..start).rev().take_while(open).find(visible);
    let right = (end..row.len()).take_while(open).find(visible);
    [left.map(|a| (a, end)), right.map(|b| (start, b + 1))]
        .into_iter()
        .flatten()
        .filter(|(a, b)| b - a >= 3)
        .any(|(a, b)| data.joined.contains(&row[a..b].iter().collect::<String>()))
}

/// Chinese (with the letters and digits it touches) or not.
fn run_char(c: char) -> bool {
    chinese(c) || c.is_ascii_alphanumeric()
}

/// The run `start..end` of row `y` with what a wrap cut from it: when it is the first text
/// of its pane's row, the run ending the same pane's row above; when the last, the run
/// starting the row below. The two readings, joined above and joined below: a stored
/// sentence wrapped reads whole again in one of them.
fn unwrapped(rows: &[Vec<char>], y: usize, start: usize, end: usize) -> [String; 2] {
    let row = &rows[y];
    let run: String = row[start..end].iter().collect();
    let (left, right) = pane(rows, y, start);
    let from = left.map_or(0, |l| l + 1);
    let mut above = String::new();
    if row[from..start].iter().all(|&c| c == ' ')
        && let Some(up) = y.checked_sub(1)
        && let Some((l, r)) = same_pane(rows, y, left, up)
    {
        let up = &rows[up];
        let from = l.map_or(0, |l| l + 1);
        let mut e = r;
        while e > from && up[e - 1] == ' ' {
            e -= 1;
        }
        let mut s = e;
        while s > from && run_char(up[s - 1]) {
            s -= 1;
        }
        above = up[s..e].iter().collect();
    }
    let mut below = String::new();
    if row[end..right].iter().all(|&c| c == ' ')
        && let Some((l, r)) = same_pane(rows, y, left, y + 1)
    {
        let down = &rows[y + 1];
        let mut s = l.map_or(0, |l| l + 1);
        while s < r && down[s] == ' ' {
            s += 1;
        }
        let mut e = s;
        while e < r && run_char(down[e]) {
            e += 1;
        }
        below = down[s..e].iter().collect();
    }
    [format!("{above}{run}"), format!("{run}{below}")]
}

/// Runs of Chinese script in the English UI that are not the store's data. A run is read
/// as it was before its pane wrapped it (joined to the row above or below, see
/// [`unwrapped`]), so a piece of a stored sentence left alone on a row is still data.
pub fn chinese_in_english(screen: &str, data: &Data) -> Vec<String> {
    let mut bad = Vec::new();
    let rows: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    for (y, chars) in rows.iter().enumerate() {
        let mut i = 0;
        while i < chars.len() {
            if !chinese(chars[i]) {
                i += 1;
                continue;
            }
            // With the letters and digits it touches: a stored address (10栋339室) is
            // looked up whole.
            let mut start = i;
            while start > 0 && chars[start - 1].is_ascii_alphanumeric() {
                start -= 1;
            }
            while i < chars.len() && (chinese(chars[i]) || chars[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let whole = unwrapped(&rows, y, start, i);
            if !made_of_data(&run, data)
                && !whole.iter().any(|w| made_of_data(w, data))
                && !in_context(chars, start, i, data)
                && frontdesk::domain::validate::normalize_plate(&run).is_err()
            {
                // Then the Chinese in it must be data by itself (a name beside a key),
                // or a value cut where it meets a popup's border, its pane's edge (a
                // wrapped line; a wide character that did not fit leaves one blank cell)
                // or the `~` of a truncated cell (see [`Data::cut_short`]).
                // Past the row's ends is the screen's edge.
                let at = |j: Option<usize>| j.and_then(|j| chars.get(j)).copied().unwrap_or('│');
                let cut = |j: Option<usize>, step: isize| {
                    let edge = |c: char| "│┌┐└┘─|+~".contains(c);
                    match at(j) {
                        c if edge(c) => true,
                        ' ' => edge(at(j.and_then(|j| j.checked_add_signed(step)))),
                        _ => false,
                    }
                };
                let (left, right) = (
                    cut(start.checked_sub(1), -1),
                    cut(Some(i), 1) || hidden_border(&rows, y, i),
                );
                let cut_data = data.cut_short(&run, left, right);
                for core in run.split(|c: char| c.is_ascii_alphanumeric()) {
                    if !core.is_empty() && !made_of_data(core, data) && !cut_data {
                        bad.push(core.to_string());
                    }
                }
            }
        }
    }
    bad
}

/// Words of Latin letters in the Chinese UI that are neither data nor allowed tokens: any
/// word with a lower-case letter, two letters or more (a single letter is a key).
pub fn english_in_chinese(screen: &str, data: &Data) -> Vec<String> {
    let mut bad = Vec::new();
    for line in screen.lines() {
        for word in line.split(|c: char| !c.is_ascii_alphabetic()) {
            if word.len() < 2
                || !word.chars().any(|c| c.is_ascii_lowercase())
                || ALLOWED_LATIN.contains(&word)
                // A key name cut by a popup's border (Ctr~).
                || (word.len() >= 3 && ALLOWED_LATIN.iter().any(|t| t.starts_with(word)))
            {
                continue;
            }
            if !data.has(word) && !data.joined.contains(word) {
                bad.push(word.to_string());
            }
        }
    }
    bad
}

pub const KNOWN_EN: &[&str] = &[];
pub const KNOWN_ZH: &[&str] = &[];

pub fn offences(screen: &str, lang: Lang, data: &Data) -> Vec<String> {
    let (found, known) = match lang {
        Lang::En => (chinese_in_english(screen, data), KNOWN_EN),
        Lang::Zh => (english_in_chinese(screen, data), KNOWN_ZH),
    };
    found
        .into_iter()
        .filter(|w| !known.contains(&w.as_str()))
        .collect()
}
