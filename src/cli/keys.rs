//! `frontdesk keys`: the keys in force — the key table with the site's and the user's
//! `keys.toml` on top — printed in the file's own format (copy a line into keys.toml and
//! change its keys), each file's state first. `--check` says only whether the files are
//! taken; `--check FILE` checks a file as the user's before it is put in place. Exit 1
//! when a file is refused (its file, line and problem on stderr).

use crate::config::Settings;
use crate::i18n::Lang;
use crate::text::width;
use crate::ui::keymap::overrides::{self, FileState, Loaded};
use crate::ui::keymap::{BINDINGS, Scope};
use anyhow::Result;
use std::path::Path;

pub fn run(s: &Settings, check: bool, file: Option<&Path>) -> Result<i32> {
    let lang = s.lang;
    let user = file
        .map(Path::to_path_buf)
        .or_else(|| s.config_dir.as_ref().map(|d| d.join(overrides::FILE)));
    let loaded = overrides::load(&overrides::site_file(), user.as_deref());
    for (path, state) in &loaded.files {
        println!("# {}: {}", path.display(), state_words(state, lang));
    }
    if !check {
        print_table(&loaded, lang);
    }
    let problems = loaded.problems(lang);
    for p in &problems {
        eprintln!("frontdesk: {p}");
    }
    Ok(if problems.is_empty() { 0 } else { 1 })
}

fn state_words(state: &FileState, lang: Lang) -> String {
    match state {
        FileState::Absent => lang.t("不存在", "absent").into(),
        FileState::Applied(n) => match lang {
            Lang::Zh => format!("已采用，改动 {n} 个动作的按键"),
            Lang::En => format!(
                "taken, {}",
                lang.count(*n, "", "action changed", "actions changed")
            ),
        },
        FileState::Refused(_) => lang
            .t("未采用（见下方错误）", "refused (see the error below)")
            .into(),
    }
}

/// The table, scope by scope, as `action = ["key", ...]  # what it does`.
fn print_table(loaded: &Loaded, lang: Lang) {
    let changed = lang.t("（已改）", " (changed)");
    for scope in Scope::bound() {
        println!("\n[{}]", scope.name());
        let rows: Vec<(String, String)> = BINDINGS
            .iter()
            .enumerate()
            .filter(|(_, b)| b.scope == scope)
            .map(|(i, b)| {
                let keys: Vec<String> = loaded
                    .table
                    .keys(i)
                    .iter()
                    .map(|k| toml::Value::String(k.label()).to_string())
                    .collect();
                let line = format!("{} = [{}]", b.action.name(), keys.join(", "));
                let mark = if loaded.table.is_changed(i) {
                    changed
                } else {
                    ""
                };
                (line, format!("# {}{mark}", b.desc(lang)))
            })
            .collect();
        let w = rows.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
        for (line, note) in rows {
            let pad = " ".repeat(w - width(&line) + 2);
            println!("{line}{pad}{note}");
        }
    }
}
