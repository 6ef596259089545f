//! The names a user's `keys.toml` writes: a scope's and an action's stable snake_case name
//! (`calls_list`, `rescue_dispatch`, `go_tab_calls`), and a key as help labels it
//! (`Ctrl-S`, `F5`, `Enter`, `D`) read back.
//!
//! A name is the variant's own, in snake_case, a payload's variant after it
//! (`Complaint(Step::Contact)` is `complaint_contact`, `TakeSlot(1)` is `take_slot_1`).
//! `tests/keys_names.rs` pins every name of the table, so renaming a variant cannot silently
//! break a user's file.

use super::{Action, BINDINGS, Key, Scope};
use crossterm::event::KeyCode;

/// `CallsList` → `calls_list`, `Report(Period(Day))` → `report_period_day`.
fn snake(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len() + 4);
    let mut prev: Option<char> = None;
    for c in debug.chars() {
        if c.is_ascii_alphanumeric() {
            let boundary = match prev {
                None => false,
                Some(p) if !p.is_ascii_alphanumeric() => true,
                Some(p) => c.is_ascii_uppercase() && !p.is_ascii_uppercase(),
            };
            if boundary && !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        prev = Some(c);
    }
    out
}

impl Scope {
    /// The scope's name in a `keys.toml` (`calls_list`).
    pub fn name(self) -> String {
        snake(&format!("{self:?}"))
    }

    /// The scopes the table binds keys in, in table order, each once.
    pub fn bound() -> Vec<Scope> {
        let mut out: Vec<Scope> = Vec::new();
        for b in BINDINGS {
            if !out.contains(&b.scope) {
                out.push(b.scope);
            }
        }
        out
    }

    /// The scope a `keys.toml` names (only scopes that bind keys have one).
    pub fn from_name(name: &str) -> Option<Scope> {
        Scope::bound().into_iter().find(|s| s.name() == name)
    }
}

impl Action {
    /// The action's name in a `keys.toml` (`rescue_dispatch`, `go_tab_calls`).
    pub fn name(self) -> String {
        snake(&format!("{self:?}"))
    }
}

/// Named keys: the label help shows first, then other spellings a file may use (the
/// ASCII stand-ins help shows with `ascii_borders`, common names).
const NAMED: &[(KeyCode, &[&str])] = &[
    (KeyCode::Enter, &["Enter", "Return"]),
    (KeyCode::Esc, &["Esc", "Escape"]),
    (KeyCode::Tab, &["Tab"]),
    (KeyCode::BackTab, &["Shift-Tab", "BackTab"]),
    (KeyCode::Up, &["↑", "Up"]),
    (KeyCode::Down, &["↓", "Down", "Dn"]),
    (KeyCode::Left, &["←", "Left", "<-"]),
    (KeyCode::Right, &["→", "Right", "->"]),
    (KeyCode::PageUp, &["PgUp", "PageUp"]),
    (KeyCode::PageDown, &["PgDn", "PageDown"]),
    (KeyCode::Home, &["Home"]),
    (KeyCode::End, &["End"]),
    (KeyCode::Backspace, &["Backspace"]),
    (KeyCode::Delete, &["Delete", "Del"]),
    (KeyCode::Insert, &["Insert", "Ins"]),
];

/// Why a key's text is not a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadKey {
    /// Not a key name at all.
    Unknown,
    /// A Ctrl key a terminal sends as another key (Ctrl-I is Tab, Ctrl-M Enter…).
    CtrlAlias(KeyCode),
}

impl Key {
    /// The key a `keys.toml` (or help) names: the inverse of [`Key::label`], so what help
    /// shows is what a file accepts. One character is that character (case counts: `D`
    /// is Shift-d); `Ctrl-x` (`Ctrl+x`, any case) a letter with Ctrl; `F1`–`F12`; `Space`,
    /// `Enter`, `Esc`, `Tab`, `Shift-Tab`, `Up`/`↑`, `Down`, `Left`, `Right`, `PgUp`/`PageUp`,
    /// `PgDn`/`PageDown`, `Home`, `End`, `Backspace`, `Delete`, `Insert` (names in any case).
    pub fn parse(text: &str) -> Result<Key, BadKey> {
        if let Some((code, _)) = NAMED
            .iter()
            .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(text)))
        {
            return Ok(Key::Code(*code));
        }
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            // Whitespace is written by name; a control, zero-width or direction character
            // could not be seen in help.
            return if c == ' ' || !c.is_whitespace() && crate::text::inert(text) == text {
                Ok(Key::Char(c))
            } else {
                Err(BadKey::Unknown)
            };
        }
        let lower = text.to_ascii_lowercase();
        if lower == "space" {
            return Ok(Key::Char(' '));
        }
        if let Some(rest) = lower
            .strip_prefix("ctrl-")
            .or_else(|| lower.strip_prefix("ctrl+"))
        {
            let mut it = rest.chars();
            return match (it.next(), it.next()) {
                (Some(c @ 'a'..='z'), None) => match c {
                    'h' => Err(BadKey::CtrlAlias(KeyCode::Backspace)),
                    'i' => Err(BadKey::CtrlAlias(KeyCode::Tab)),
                    'j' | 'm' => Err(BadKey::CtrlAlias(KeyCode::Enter)),
                    c => Ok(Key::Ctrl(c)),
                },
                _ => Err(BadKey::Unknown),
            };
        }
        if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok())
            && (1..=12).contains(&n)
            && !lower.starts_with("f0")
        {
            return Ok(Key::Code(KeyCode::F(n)));
        }
        Err(BadKey::Unknown)
    }
}
