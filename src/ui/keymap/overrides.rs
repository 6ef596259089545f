//! A user's key overrides: `keys.toml` in the site's config folder (beside
//! `/etc/frontdesk/config.toml`) and in the user's (`~/.config/frontdesk/keys.toml`), the
//! user's winning over the site's action by action.
//!
//! ```toml
//! # [scope]  action = ["key", ...]   (names as `frontdesk keys` prints them)
//! [calls_list]
//! rescue_contacted = ["C"]
//! rescue_dispatch = ["D", "F5"]
//! ```
//!
//! An entry replaces all the keys of that action in that scope. A file is taken whole or
//! not at all: an unknown scope, action or key, an action left with no key, a plain
//! character where text is typed, or a key another action of the scope (or of a scope whose
//! keys work there too: the global keys, the Desk tab's page keys, a form's under its
//! pickers) already has refuses the whole file, with its line and what is wrong; the keys
//! before it stay. Files over [`MAX_BYTES`] are refused unread.
//!
//! The effective keys are read through [`super::Binding::keys`]: set once for the process at
//! start-up ([`install`]), or for one thread ([`scoped`], tests).

use super::names::BadKey;
use super::{BINDINGS, Binding, Key, Scope};
use crate::i18n::Lang;
use std::cell::Cell;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The file's name, in the site's and in the user's config folder.
pub const FILE: &str = "keys.toml";
/// A bigger file is refused without reading it (a key file is a few hundred bytes).
pub const MAX_BYTES: u64 = 64 * 1024;
/// The most keys one action may have (the table gives at most three; help lists them all).
pub const MAX_KEYS: usize = 8;

/// The keys of every row of [`BINDINGS`], in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyTable {
    keys: Vec<Vec<Key>>,
    changed: Vec<bool>,
}

/// Why a file was refused: which file, which line (when one is to blame), and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub problem: Box<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Bigger than [`MAX_BYTES`].
    TooBig(u64),
    /// A folder, a pipe, a device: not a file to read.
    NotAFile,
    /// The system would not let it be read.
    Unreadable(String),
    /// Not TOML (the parser's words).
    Syntax(String),
    /// A top-level entry that is not a `[scope]` table.
    NotAScope(String),
    UnknownScope(String),
    UnknownAction {
        scope: String,
        action: String,
    },
    /// The value is not a list of key names.
    NotAList {
        scope: String,
        action: String,
    },
    UnknownKey(String),
    /// A Ctrl key the terminal sends as another key.
    CtrlAlias {
        key: String,
        sent_as: String,
    },
    /// `action = []`.
    NoKey {
        scope: String,
        action: String,
    },
    /// More than [`MAX_KEYS`] keys for one action.
    TooManyKeys {
        scope: String,
        action: String,
    },
    /// A plain character in a scope where typing writes text.
    TypesText {
        scope: String,
        key: String,
    },
    /// The key is already on another action there.
    Clash {
        key: String,
        scope: String,
        action: String,
        other_scope: String,
        other_action: String,
    },
}

impl Refused {
    /// The whole message: file, line, what is wrong.
    pub fn message(&self, lang: Lang) -> String {
        let file = self.file.display();
        let what = self.problem.message(lang);
        // The file's name and words come from outside: shown inert.
        crate::text::inert(&match (lang, self.line) {
            (Lang::Zh, Some(n)) => format!("{file} 第 {n} 行：{what}"),
            (Lang::Zh, None) => format!("{file}：{what}"),
            (Lang::En, Some(n)) => format!("{file}, line {n}: {what}"),
            (Lang::En, None) => format!("{file}: {what}"),
        })
    }
}

impl Problem {
    fn message(&self, lang: Lang) -> String {
        match self {
            Problem::TooBig(n) => match lang {
                Lang::Zh => format!("文件过大（{n} 字节，上限 {MAX_BYTES}），未读取"),
                Lang::En => format!("too big ({n} bytes, at most {MAX_BYTES}); not read"),
            },
            Problem::NotAFile => lang.t("不是普通文件", "not a regular file").into(),
            Problem::Unreadable(e) => match lang {
                Lang::Zh => format!("无法读取（{e}）"),
                Lang::En => format!("cannot be read ({e})"),
            },
            Problem::Syntax(e) => match lang {
                Lang::Zh => format!("不是有效的 TOML（{e}）"),
                Lang::En => format!("not valid TOML ({e})"),
            },
            Problem::NotAScope(name) => match lang {
                Lang::Zh => format!("“{name}”应写成 [范围] 小节，其下写 动作 = [\"键\"]"),
                Lang::En => {
                    format!("`{name}` should be a [scope] section with action = [\"key\"] under it")
                }
            },
            Problem::UnknownScope(name) => match lang {
                Lang::Zh => format!("没有名为“{name}”的范围（frontdesk keys 列出全部名称）"),
                Lang::En => format!("no scope is named `{name}` (frontdesk keys lists every name)"),
            },
            Problem::UnknownAction { scope, action } => match lang {
                Lang::Zh => {
                    format!("[{scope}] 中没有名为“{action}”的动作（frontdesk keys 列出全部名称）")
                }
                Lang::En => format!(
                    "[{scope}] has no action named `{action}` (frontdesk keys lists every name)"
                ),
            },
            Problem::NotAList { scope, action } => match lang {
                Lang::Zh => format!("[{scope}] {action} 应为按键列表，如 [\"D\", \"F5\"]"),
                Lang::En => {
                    format!("[{scope}] {action} should be a list of keys, e.g. [\"D\", \"F5\"]")
                }
            },
            Problem::UnknownKey(k) => match lang {
                Lang::Zh => format!(
                    "不认识的按键“{k}”（可写单个字符、Ctrl-X、F1–F12、Enter、Esc、Tab、Space、Up、PageDown……）"
                ),
                Lang::En => format!(
                    "unknown key `{k}` (write one character, Ctrl-X, F1–F12, Enter, Esc, Tab, Space, Up, PageDown…)"
                ),
            },
            Problem::CtrlAlias { key, sent_as } => match lang {
                Lang::Zh => format!("终端把 {key} 当作 {sent_as} 发送，请换一个字母"),
                Lang::En => format!("a terminal sends {key} as {sent_as}: pick another letter"),
            },
            Problem::NoKey { scope, action } => match lang {
                Lang::Zh => format!("[{scope}] {action} 没有按键：每个动作至少要有一个键"),
                Lang::En => format!("[{scope}] {action} has no key: every action needs one"),
            },
            Problem::TooManyKeys { scope, action } => match lang {
                Lang::Zh => format!("[{scope}] {action} 的按键超过 {MAX_KEYS} 个"),
                Lang::En => format!("[{scope}] {action} has more than {MAX_KEYS} keys"),
            },
            Problem::TypesText { scope, key } => match lang {
                Lang::Zh => {
                    format!("在 [{scope}] 中普通字符“{key}”是输入的文字，请用 Ctrl 键或功能键")
                }
                Lang::En => format!(
                    "in [{scope}] the plain character `{key}` is typed text: use a Ctrl or function key"
                ),
            },
            Problem::Clash {
                key,
                scope,
                action,
                other_scope,
                other_action,
            } => {
                let (this, other) = (
                    format!("{scope}.{action}"),
                    format!("{other_scope}.{other_action}"),
                );
                match lang {
                    Lang::Zh => format!("{key} 已是 {other} 的键，不能再给 {this}"),
                    Lang::En => {
                        format!("{key} is already the key of {other}; it cannot also be {this}")
                    }
                }
            }
        }
    }
}

/// Scopes where the cursor is in a text field (or a score being typed): a plain character
/// there is text, never a key (`tests/keys_stacking.rs` fails on a scope only ever seen
/// while typing that is missing here).
fn types_text(scope: Scope) -> bool {
    matches!(
        scope,
        Scope::Form
            | Scope::CallForm
            | Scope::TextArea
            | Scope::SearchField
            | Scope::SearchPopup
            | Scope::KbSearch
            | Scope::Login
            | Scope::FirstRun
            | Scope::QualityDispute
            | Scope::QualitySheet
            | Scope::Picker
            | Scope::CustomerPicker
            | Scope::CallbackWork
            | Scope::BookingChanged
    )
}

/// Whether the keys of `lower` work on a screen whose own keys are `upper`'s (tried
/// first): the global keys under every scope but the sign-in, the first-run setup and the
/// too-small screen, the Desk tab's page keys under its pages' lists, a form's keys under
/// its pickers, its changed-record keys, a callback's work and multi-line fields (which
/// also sit over those), the list's under its search field, the scoring sheet's under its
/// fatal-error row. A key `upper` takes there is lost to `lower`. `tests/keys_stacking.rs`
/// walks the screens and fails on a stacking this does not know.
fn stacked(upper: Scope, lower: Scope) -> bool {
    use Scope::*;
    match lower {
        Global => !matches!(upper, Login | FirstRun | TooSmall | Global),
        Desk => matches!(
            upper,
            Improvements
                | HandoverList
                | Rentals
                | EventsList
                | QualityList
                | KbList
                | SettingsList
        ),
        Form => matches!(
            upper,
            CustomerPicker | BookingChanged | CallbackWork | TextArea
        ),
        CustomerPicker | BookingChanged | CallbackWork => upper == TextArea,
        CallForm => upper == TextArea,
        List => upper == SearchField,
        QualitySheet => upper == QualityFatalRow,
        _ => false,
    }
}

fn refused(file: &Path, line: Option<usize>, problem: Problem) -> Refused {
    Refused {
        file: file.to_path_buf(),
        line,
        problem: Box::new(problem),
    }
}

/// The line of a byte offset in `text` (1-based).
fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) + 1
}

impl Default for KeyTable {
    fn default() -> Self {
        KeyTable::defaults()
    }
}

impl KeyTable {
    /// The table's own keys.
    pub fn defaults() -> KeyTable {
        KeyTable {
            keys: BINDINGS.iter().map(|b| b.default_keys().to_vec()).collect(),
            changed: vec![false; BINDINGS.len()],
        }
    }

    /// The keys of `BINDINGS[i]` in this table.
    pub fn keys(&self, i: usize) -> &[Key] {
        self.keys.get(i).map_or(&[], Vec::as_slice)
    }

    /// Whether a file changed the keys of `BINDINGS[i]`.
    pub fn is_changed(&self, i: usize) -> bool {
        self.changed.get(i).copied().unwrap_or(false)
    }

    /// How many bindings a file changed.
    pub fn changed_count(&self) -> usize {
        self.changed.iter().filter(|c| **c).count()
    }

    /// This table with the overrides of a `keys.toml` (its text; `file` names it in
    /// messages) on top, or why the file is refused: the whole file or nothing.
    pub fn apply(&self, text: &str, file: &Path) -> Result<KeyTable, Refused> {
        let doc = toml::de::DeTable::parse(text).map_err(|e| {
            let line = e.span().map(|s| line_at(text, s.start));
            refused(file, line, Problem::Syntax(e.message().trim().to_string()))
        })?;
        let mut entries = Vec::new();
        for (scope_key, value) in doc.get_ref() {
            let at = line_at(text, scope_key.span().start);
            let name = scope_key.get_ref().to_string();
            let toml::de::DeValue::Table(actions) = value.get_ref() else {
                return Err(refused(file, Some(at), Problem::NotAScope(name)));
            };
            let scope = Scope::from_name(&name)
                .ok_or_else(|| refused(file, Some(at), Problem::UnknownScope(name.clone())))?;
            for (action_key, keys) in actions {
                let at = line_at(text, action_key.span().start);
                let action = action_key.get_ref().to_string();
                let index = BINDINGS
                    .iter()
                    .position(|b| b.scope == scope && b.action.name() == action)
                    .ok_or_else(|| {
                        let (scope, action) = (name.clone(), action.clone());
                        refused(file, Some(at), Problem::UnknownAction { scope, action })
                    })?;
                let not_a_list = || {
                    let (scope, action) = (name.clone(), action.clone());
                    refused(file, Some(at), Problem::NotAList { scope, action })
                };
                let texts: Vec<&str> = match keys.get_ref() {
                    toml::de::DeValue::String(s) => vec![s.as_ref()],
                    toml::de::DeValue::Array(items) => items
                        .iter()
                        .map(|i| match i.get_ref() {
                            toml::de::DeValue::String(s) => Ok(s.as_ref()),
                            _ => Err(not_a_list()),
                        })
                        .collect::<Result<_, _>>()?,
                    _ => return Err(not_a_list()),
                };
                if texts.len() > MAX_KEYS {
                    let (scope, action) = (name.clone(), action.clone());
                    let problem = Problem::TooManyKeys { scope, action };
                    return Err(refused(file, Some(at), problem));
                }
                let mut parsed: Vec<Key> = Vec::new();
                for t in texts {
                    let key = Key::parse(t).map_err(|e| {
                        let problem = match e {
                            BadKey::Unknown => Problem::UnknownKey(t.to_string()),
                            BadKey::CtrlAlias(code) => Problem::CtrlAlias {
                                key: t.to_string(),
                                sent_as: Key::Code(code).label(),
                            },
                        };
                        refused(file, Some(at), problem)
                    })?;
                    if !parsed.contains(&key) {
                        parsed.push(key);
                    }
                }
                entries.push((at, index, parsed));
            }
        }
        // The first problem in the file's order is the one told.
        entries.sort_by_key(|(at, _, _)| *at);
        let mut table = self.clone();
        let mut lines = vec![None; BINDINGS.len()];
        for (at, index, keys) in entries {
            table.keys[index] = keys;
            table.changed[index] = true;
            lines[index] = Some(at);
        }
        let mut order: Vec<(usize, usize)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.map(|l| (l, i)))
            .collect();
        order.sort_unstable();
        for (line, i) in order {
            if let Some(problem) = table.problem_of(i) {
                return Err(refused(file, Some(line), problem));
            }
        }
        Ok(table)
    }

    /// What is wrong with the keys of `BINDINGS[i]` in this table, if anything.
    fn problem_of(&self, i: usize) -> Option<Problem> {
        let b = &BINDINGS[i];
        let (scope, action) = (b.scope.name(), b.action.name());
        if self.keys[i].is_empty() {
            return Some(Problem::NoKey { scope, action });
        }
        for key in &self.keys[i] {
            // The table's own plain keys there (the picker's row numbers) stand.
            if types_text(b.scope) && matches!(key, Key::Char(_)) && !b.default_keys().contains(key)
            {
                let key = key.label();
                return Some(Problem::TypesText { scope, key });
            }
            let clash = BINDINGS.iter().enumerate().find(|(j, other)| {
                *j != i
                    && other.action != b.action
                    && self.keys[*j].contains(key)
                    && meet(b, other)
                    // The table itself lets a screen's key stand over a global one.
                    && !(b.default_keys().contains(key) && other.default_keys().contains(key))
            });
            if let Some((_, other)) = clash {
                return Some(Problem::Clash {
                    key: key.label(),
                    scope,
                    action,
                    other_scope: other.scope.name(),
                    other_action: other.action.name(),
                });
            }
        }
        None
    }
}

/// Whether two bindings can be asked for by the same key on one screen: the same scope, or
/// one scope's keys working under the other's ([`stacked`]).
fn meet(a: &Binding, b: &Binding) -> bool {
    a.scope == b.scope || stacked(a.scope, b.scope) || stacked(b.scope, a.scope)
}

/// A key file's text: None when there is none; refused when it is too big, not a file or
/// unreadable. Never reads more than [`MAX_BYTES`].
pub fn read(path: &Path) -> Result<Option<String>, Refused> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(refused(path, None, Problem::Unreadable(e.to_string()))),
    };
    if !meta.is_file() {
        return Err(refused(path, None, Problem::NotAFile));
    }
    if meta.len() > MAX_BYTES {
        return Err(refused(path, None, Problem::TooBig(meta.len())));
    }
    let unreadable = |e: std::io::Error| refused(path, None, Problem::Unreadable(e.to_string()));
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(unreadable)?
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(refused(path, None, Problem::TooBig(bytes.len() as u64)));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| refused(path, None, Problem::Syntax("not UTF-8".into())))
}

/// What became of one key file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    Absent,
    /// Taken: this many actions' keys changed.
    Applied(usize),
    Refused(Refused),
}

/// The keys in force and what became of each file, site first.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub table: KeyTable,
    pub files: Vec<(PathBuf, FileState)>,
}

impl Loaded {
    /// The refused files' messages, for the status line or stderr.
    pub fn problems(&self, lang: Lang) -> Vec<String> {
        self.files
            .iter()
            .filter_map(|(_, s)| match s {
                FileState::Refused(r) => Some(format!(
                    "{}{}",
                    lang.t(
                        "按键文件未采用（仍用原有按键）：",
                        "Key file not used (keys unchanged): "
                    ),
                    r.message(lang)
                )),
                _ => None,
            })
            .collect()
    }
}

/// The site's key file: beside the site config (`/etc/frontdesk/keys.toml`).
pub fn site_file() -> PathBuf {
    crate::config::site_config_path().with_file_name(FILE)
}

/// The keys from the site's file and then the user's (`<config dir>/keys.toml`), each
/// taken whole or refused.
pub fn load(site: &Path, user: Option<&Path>) -> Loaded {
    let mut table = KeyTable::defaults();
    let mut files = Vec::new();
    for path in std::iter::once(site).chain(user) {
        let state = match read(path).and_then(|t| t.map(|t| table.apply(&t, path)).transpose()) {
            Ok(None) => FileState::Absent,
            Ok(Some(next)) => {
                let n = (0..BINDINGS.len())
                    .filter(|i| next.keys(*i) != table.keys(*i))
                    .count();
                table = next;
                FileState::Applied(n)
            }
            Err(r) => FileState::Refused(r),
        };
        files.push((path.to_path_buf(), state));
    }
    Loaded { table, files }
}

static INSTALLED: OnceLock<&'static KeyTable> = OnceLock::new();

thread_local! {
    static SCOPED: Cell<Option<&'static KeyTable>> = const { Cell::new(None) };
}

/// Puts `table` in force for the whole process (the app, at start-up; once: a second call
/// is ignored and says so).
pub fn install(table: KeyTable) -> bool {
    INSTALLED.set(Box::leak(Box::new(table))).is_ok()
}

/// While it lives, `table` is in force on this thread only (tests, over whatever the
/// process installed); dropped, the keys before it are back.
#[must_use = "the keys hold only while the guard lives"]
pub struct Scoped {
    before: Option<&'static KeyTable>,
}

/// Puts `table` in force on this thread (see [`Scoped`]).
pub fn scoped(table: KeyTable) -> Scoped {
    let table: &'static KeyTable = Box::leak(Box::new(table));
    Scoped {
        before: SCOPED.with(|s| s.replace(Some(table))),
    }
}

impl Drop for Scoped {
    fn drop(&mut self) {
        SCOPED.with(|s| s.set(self.before));
    }
}

/// The keys in force on this thread for a row of the table, when a file changed any.
pub(super) fn keys_of(b: &Binding) -> Option<&'static [Key]> {
    let table = SCOPED
        .with(Cell::get)
        .or_else(|| INSTALLED.get().copied())?;
    Some(table.keys.get(b.index()?)?.as_slice())
}
