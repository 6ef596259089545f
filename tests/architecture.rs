//! The layers the compiler cannot see: the module tree is the folder tree, the domain
//! knows nothing of the terminal or the database, `src/io` only reads and writes files, all
//! SQL lives in the store, no file is over 600 lines, and no text is wrapped by ratatui's
//! own `Wrap`.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read source folder") {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources(under: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(under);
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(!files.is_empty(), "no Rust files under {under}");
    files
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).expect("read source file");
            (p, text)
        })
        .collect()
}

/// Lines of code, without comments (so a doc comment may name what it must not use).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(i, l)| (i + 1, l))
}

#[test]
fn the_module_tree_is_the_folder_tree() {
    let mut files = sources("src");
    files.extend(sources("tests"));
    files.extend(sources("examples"));
    let found: Vec<String> = files
        .iter()
        .flat_map(|(p, text)| {
            code_lines(text)
                .filter(|(_, l)| l.trim_start().starts_with("#[path"))
                .map(move |(n, _)| format!("{}:{n}", p.display()))
        })
        .collect();
    assert!(found.is_empty(), "#[path] attributes: {found:?}");
}

#[test]
fn the_domain_knows_no_terminal_and_no_database() {
    let forbidden = ["ratatui", "crossterm", "rusqlite"];
    let found: Vec<String> = sources("src/domain")
        .iter()
        .flat_map(|(p, text)| {
            code_lines(text)
                .filter(|(_, l)| {
                    forbidden
                        .iter()
                        .any(|c| l.contains(&format!("{c}::")) || l.contains(&format!("use {c}")))
                })
                .map(move |(n, l)| format!("{}:{n}: {}", p.display(), l.trim()))
        })
        .collect();
    assert!(
        found.is_empty(),
        "domain code uses a UI or storage crate: {found:?}"
    );
}

#[test]
fn the_checks_see_a_forbidden_line() {
    // The filters above must be able to fail: a crafted file trips both.
    let text =
        "use rusqlite::Connection;\n#[path = \"x.rs\"]\nmod x;\n// use ratatui in a comment\n";
    let lines: Vec<_> = code_lines(text).collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines
            .iter()
            .any(|(_, l)| l.trim_start().starts_with("#[path"))
    );
    assert!(lines.iter().any(|(_, l)| l.contains("rusqlite::")));
}

/// What marks a line as running SQL or holding the database: rusqlite's calls, its macro,
/// its crate path and its connection and transaction types.
const SQL_MARKERS: [&str; 11] = [
    ".prepare(",
    ".prepare_cached(",
    ".query_row(",
    ".query_map(",
    ".execute(",
    ".execute_batch(",
    "params!",
    "rusqlite",
    "Connection",
    "Transaction",
    "Statement",
];

/// A string literal that opens with an SQL statement: SQL text kept outside the store (to
/// hand to a store function that runs what it is given, or a copy of the store's) is SQL
/// outside the store too.
const SQL_TEXT: [&str; 8] = [
    "\"SELECT ",
    "\"INSERT ",
    "\"UPDATE ",
    "\"DELETE ",
    "\"REPLACE ",
    "\"CREATE ",
    "\"PRAGMA ",
    "\"WITH ",
];

fn sql_lines(text: &str) -> Vec<(usize, &str)> {
    code_lines(text)
        .filter(|(_, l)| {
            SQL_MARKERS.iter().any(|m| l.contains(m)) || SQL_TEXT.iter().any(|m| l.contains(m))
        })
        .collect()
}

#[test]
fn all_sql_lives_in_the_store() {
    let store = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store");
    let found: Vec<String> = sources("src")
        .iter()
        .filter(|(p, _)| !p.starts_with(&store))
        .flat_map(|(p, text)| {
            sql_lines(text)
                .into_iter()
                .map(move |(n, l)| format!("{}:{n}: {}", p.display(), l.trim()))
        })
        .collect();
    assert!(found.is_empty(), "SQL outside src/store: {found:?}");
    // The store itself is seen (the filter is not blind to where SQL does live).
    let in_store = sources("src/store")
        .iter()
        .filter(|(_, text)| !sql_lines(text).is_empty())
        .count();
    assert!(in_store > 10, "only {in_store} store files run SQL?");
}

#[test]
fn the_sql_check_sees_a_query() {
    // Each way SQL can appear outside the store trips the filter; a comment does not.
    let text = "let n: i64 = conn.query_row(\"SELECT 1\", [], |r| r.get(0))?;\n\
                fn f(tx: &Transaction) {}\n\
                use rusqlite::params;\n\
                db.conn().execute_batch(\"PRAGMA optimize\")?;\n\
                st.execute(params![a, b])?;\n\
                // a comment may say conn.prepare( and Connection\n\
                let sheet = Sheet::default();\n\
                const Q: &str = \"SELECT id FROM customers WHERE mobile = ?1\";\n\
                let q = format!(r#\"UPDATE calls SET note = '{n}'\"#);\n\
                let said = \"Selected 3 rows\";\n";
    let hits: Vec<usize> = sql_lines(text).iter().map(|(n, _)| *n).collect();
    assert_eq!(hits, vec![1, 2, 3, 4, 5, 8, 9]);
}

/// What `src/io` may take from the store: plain row types it reads or writes as files
/// (the morning printout's bookings, the SMS gateway's deliveries). Anything else of the
/// store (its handle, who acts, a transaction, a call, the reports that fill sheets) is
/// the command line's or the store's business: io only reads and writes files. (What a
/// sheet's rows point to is the domain's `drill::RowKey`: the store's reports use
/// `io::sheet`, so io naming them would make a loop.)
const IO_MAY_NAME: [&str; 2] = [
    "crate::store::appointments::BookingRow",
    "crate::store::sms::Delivery",
];

fn ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `word` stands in `line` as a whole identifier.
fn names(line: &str, word: &str) -> bool {
    line.match_indices(word).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = line[i + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// Whether `line` takes a path through the store module (`store::x`, `crate::store`).
fn store_path(line: &str) -> bool {
    line.contains("crate::store")
        || line
            .match_indices("store::")
            .any(|(i, _)| !line[..i].chars().next_back().is_some_and(ident))
}

/// Lines of `src/io` that hold the database or reach into the store beyond its plain rows.
fn store_in_io(files: &[(PathBuf, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (p, text) in files {
        for (n, l) in code_lines(text) {
            let mut rest = l.to_string();
            for ok in IO_MAY_NAME {
                rest = rest.replace(ok, "");
            }
            let hit = ["Db", "Actor", "rusqlite", "Transaction", "Connection"]
                .iter()
                .any(|w| names(&rest, w))
                || store_path(&rest);
            if hit {
                found.push(format!("{}:{n}: {}", p.display(), l.trim()));
            }
        }
    }
    found
}

#[test]
fn io_only_reads_and_writes_files() {
    let found = store_in_io(&sources("src/io"));
    assert!(
        found.is_empty(),
        "src/io names the store beyond its plain rows: {found:#?}"
    );
}

#[test]
fn the_io_check_sees_the_store() {
    let crafted = [(
        PathBuf::from("src/io/x.rs"),
        "use crate::store::{Actor, Db};\n\
         use crate::store::appointments::BookingRow;\n\
         fn f(db: &mut Db) {}\n\
         let s = crate::store::reports::build(conn);\n\
         use crate::store::reports::Report;\n\
         // a comment may say Db and crate::store::x\n\
         let dbx = Dbs::new(); let text = \"the store's\";\n\
         use rusqlite::Connection;\n"
            .to_string(),
    )];
    let lines: Vec<String> = store_in_io(&crafted)
        .iter()
        .map(|l| l.split(':').nth(1).unwrap_or_default().to_string())
        .collect();
    assert_eq!(lines, ["1", "3", "4", "5", "8"]);
}

/// Lines of the app's own files (`src/ui/app*.rs`: the loop's entry points, the overlays,
/// tab routing and shared context) that name a tab's command: which commands a tab runs,
/// and where, is the tab's own business (its runner's `run` and `lane`).
fn tab_commands_in(files: &[(PathBuf, String)]) -> Vec<String> {
    files
        .iter()
        .filter(|(p, _)| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("app") && n.ends_with(".rs"))
        })
        .flat_map(|(p, text)| {
            code_lines(text)
                .filter(|(_, l)| l.contains("Cmd::"))
                .map(move |(n, l)| format!("{}:{n}: {}", p.display(), l.trim()))
        })
        .collect()
}

#[test]
fn the_app_names_no_tabs_command() {
    let ui: Vec<_> = sources("src/ui")
        .into_iter()
        .filter(|(p, _)| p.parent().is_some_and(|d| d.ends_with("src/ui")))
        .collect();
    assert!(
        ui.iter().any(|(p, _)| p.ends_with("app.rs")),
        "src/ui/app.rs not read"
    );
    let found = tab_commands_in(&ui);
    assert!(found.is_empty(), "tab commands in the app: {found:?}");
    // The check sees one.
    let crafted = [(
        PathBuf::from("src/ui/app_loads.rs"),
        "match cmd {\n    CallsCmd::List { .. } => Some(Lane::CallList),\n".to_string(),
    )];
    assert_eq!(tab_commands_in(&crafted).len(), 1);
}

/// A form's grey hint that looks like a value (a date, an amount, a number, a code) reads
/// as one filled in where the terminal's grey is faint, and the form is saved without it.
/// Such a hint says it is an example (`.hints("如 …", "e.g. …")`) or gives the format
/// (`.date_hint()`, `.datetime_hint()`); `.hint("…")` keeps ranges and key legends
/// ("1-5", "1=✓  2=✗").
fn value_like_hints(files: &[(PathBuf, String)]) -> Vec<String> {
    const OPEN: &str = ".hint(\"";
    let mut found = Vec::new();
    for (path, text) in files {
        for (n, line) in code_lines(text) {
            let mut rest = line;
            while let Some(i) = rest.find(OPEN) {
                rest = &rest[i + OPEN.len()..];
                let lit = &rest[..rest.find('"').unwrap_or(rest.len())];
                let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                let range = lit
                    .split_once('-')
                    .is_some_and(|(a, b)| digits(a) && digits(b));
                if lit.bytes().any(|b| b.is_ascii_digit()) && !range && !lit.contains('=') {
                    found.push(format!("{}:{n}: {lit}", path.display()));
                }
            }
        }
    }
    found
}

#[test]
fn a_hint_that_looks_like_a_value_says_it_is_an_example() {
    // Unit tests may hint anything: they try the form's own mechanics.
    let mut files = sources("src/ui");
    files.retain(|(p, _)| {
        !p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("tests"))
    });
    let found = value_like_hints(&files);
    assert!(found.is_empty(), "hints that read as values: {found:?}");
}

#[test]
fn the_hint_check_sees_a_value() {
    let file = (
        PathBuf::from("form.rs"),
        [
            r#"Field::new("day", "日期", "Day").hint("2026-11-23"),"#,
            r#"    .hint("1280.50"),"#,
            r#"    .hint("1-20").hint("1=✓  2=✗  3=?"),"#,
            r#"    .hints("如 60", "e.g. 60").date_hint(),"#,
        ]
        .join("\n"),
    );
    assert_eq!(
        value_like_hints(&[file]),
        ["form.rs:1: 2026-11-23", "form.rs:2: 1280.50"]
    );
}

/// Longest a source, test or example file may be: split by meaning before passing it.
const MAX_LINES: usize = 600;

fn too_long(files: &[(PathBuf, String)]) -> Vec<String> {
    files
        .iter()
        .map(|(p, text)| (p, text.lines().count()))
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(p, n)| format!("{} ({n} lines)", p.display()))
        .collect()
}

#[test]
fn no_file_is_over_600_lines() {
    let mut files = sources("src");
    files.extend(sources("tests"));
    files.extend(sources("examples"));
    let found = too_long(&files);
    assert!(found.is_empty(), "files over {MAX_LINES} lines: {found:?}");
}

#[test]
fn the_length_check_sees_a_long_file() {
    let files = [
        (PathBuf::from("long.rs"), "x\n".repeat(MAX_LINES + 1)),
        (PathBuf::from("short.rs"), "x\n".repeat(MAX_LINES)),
    ];
    assert_eq!(too_long(&files), ["long.rs (601 lines)"]);
}

/// ratatui's own `Wrap` may start a row with `。` and split `09:00`: text on screen wraps
/// by the shared wrapper (`widgets::wrapped`, `text::line_ranges`) instead.
fn ratatui_wraps(files: &[(PathBuf, String)]) -> Vec<String> {
    files
        .iter()
        .flat_map(|(p, text)| {
            code_lines(text)
                .filter(|(_, l)| l.contains("Wrap {") || l.contains("widgets::Wrap"))
                .map(move |(n, _)| format!("{}:{n}", p.display()))
        })
        .collect()
}

#[test]
fn no_text_is_wrapped_by_ratatui() {
    let found = ratatui_wraps(&sources("src"));
    assert!(found.is_empty(), "ratatui Wrap used: {found:?}");
}

#[test]
fn the_wrap_check_sees_a_ratatui_wrap() {
    let files = [(
        PathBuf::from("view.rs"),
        "use ratatui::widgets::{Paragraph, Wrap};\n\
         // Wrap { trim } in a comment is fine\n\
         Paragraph::new(s).wrap(Wrap { trim: true });"
            .to_string(),
    )];
    assert_eq!(ratatui_wraps(&files), ["view.rs:3"]);
}

/// A sentence on screen that names a key takes the key from the one key table
/// (`keymap::key_in`, `key_for`), never types it by hand: "按 a 新建" written out would go on
/// saying `a` after the table moved the step, and the hint lines, help and sentences would
/// disagree (issue 13, point 4). The UI's string literals are read for a key name standing
/// before Chinese words ("按 a 新建", "（f 筛选", "Enter 选", "?帮助").
/// Named keys as the table labels them; a single ASCII letter, `Ctrl-X` and `F1`… too.
const NAMES: [&str; 8] = ["Esc", "Enter", "Tab", "PgUp", "PgDn", "Space", "↑", "↓"];

/// Literals that only look like a key before words: a value typed into a yes/no field, and
/// the arrows that point at form fields scrolled out of sight.
const NOT_KEYS: [&str; 3] = ["y 是 / n 否", "↑ 上方还有", "↓ 下方还有"];

fn wide(c: char) -> bool {
    u32::from(c) >= 0x2e80
}

/// The key names standing before Chinese words in one string literal's text.
fn keys_in(text: &str) -> Vec<String> {
    if NOT_KEYS.iter().any(|n| text.contains(n)) {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for i in 0..chars.len() {
        let before = if i == 0 { ' ' } else { chars[i - 1] };
        let rest: String = chars[i..].iter().collect();
        if chars[i] == '?' && chars.get(i + 1).copied().is_some_and(wide) {
            found.push("?".to_string());
            continue;
        }
        if !" （(/，、".contains(before) {
            continue;
        }
        let token = NAMES
            .iter()
            .find(|n| rest.starts_with(**n))
            .map(|n| n.to_string())
            .or_else(|| {
                let ctrl = rest.starts_with("Ctrl-")
                    && chars.get(i + 5).is_some_and(|c| c.is_ascii_uppercase());
                ctrl.then(|| rest.chars().take(6).collect())
            })
            .or_else(|| {
                let letter = chars[i].is_ascii_alphabetic()
                    && !chars.get(i + 1).is_some_and(|c| c.is_ascii_alphanumeric());
                letter.then(|| chars[i].to_string())
            });
        let Some(token) = token else { continue };
        let after = i + token.chars().count();
        if chars.get(after) == Some(&' ') && chars.get(after + 1).copied().is_some_and(wide) {
            found.push(token);
        }
    }
    found
}

/// The string literals of a line of code (between its quotes; a comment line has none).
fn literals(line: &str) -> Vec<&str> {
    if line.trim_start().starts_with("//") {
        return Vec::new();
    }
    line.split('"').skip(1).step_by(2).collect()
}

/// Every hand-typed key in these files' code (tests and the key table itself left out).
fn hand_typed(files: &[(PathBuf, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (p, text) in files {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("tests")
            || name == "testing.rs"
            || p.components().any(|c| c.as_os_str() == "keymap")
        {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            for lit in literals(line) {
                for key in keys_in(lit) {
                    found.push(format!("{}:{}: {key} in {lit:?}", p.display(), n + 1));
                }
            }
        }
    }
    found
}

#[test]
fn no_sentence_on_screen_types_a_key_by_hand() {
    let found = hand_typed(&sources("src/ui"));
    assert!(
        found.is_empty(),
        "keys typed by hand (take them from keymap::key_in): {found:#?}"
    );
}

#[test]
fn the_check_sees_each_way_a_key_was_typed_by_hand() {
    for (text, key) in [
        ("还没有客户。按 a 新建", "a"),
        ("共 3 条（f 按类型、p 按归属缩小范围）", "f"),
        ("  (r 显示号码)", "r"),
        ("再按 Esc 退出", "Esc"),
        ("手机尾号，↑↓ Enter 选", "Enter"),
        ("↑/↓ PgUp/PgDn 翻看", "PgDn"),
        (" ?帮助 ", "?"),
        ("按 Ctrl-S 保存", "Ctrl-S"),
    ] {
        assert!(
            keys_in(text).contains(&key.to_string()),
            "{text}: {:?}",
            keys_in(text)
        );
    }
    // A key from the table, a word, a number and an arrow that is no key pass.
    for text in [
        "按 {add} 新建",
        "共 {n} 条",
        "1态度 2及时",
        "7DC 回访",
        "SLA 超时",
        "↑ 上方还有 {above} 栏",
    ] {
        assert!(keys_in(text).is_empty(), "{text}: {:?}", keys_in(text));
    }
    assert_eq!(
        literals(r#"lang.t("按 a 新建", "Press a")"#),
        ["按 a 新建", "Press a"]
    );
}
