//! The layers the compiler cannot see: the module tree is the folder tree, and the domain
//! knows nothing of the terminal or the database, and no file is over 600 lines.

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
