//! The store's setup files — `store.toml` (hours, advisors, bays, services), `templates.toml`,
//! `callback_rules.toml` and `calendar.toml` — are one per store: a supervisor installs them
//! into the database (`frontdesk settings import`), and every agent's app and command reads
//! the database copy, whichever OS user runs it. A file left in a user's own config directory
//! is still read when the store has none (older installs), and `--version` says so.

use crate::domain::appointments::StoreSetup;
use crate::domain::calendar::BusinessCalendar;
use crate::domain::callbacks::Rules;
use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use crate::store::settings::Setting;
use std::path::{Path, PathBuf};

/// The setup files, by the name they have on disk.
pub const FILES: [&str; 4] = [
    "store.toml",
    "templates.toml",
    "callback_rules.toml",
    "calendar.toml",
];

/// The settings key that holds a file's text.
pub fn key(file: &str) -> String {
    format!("file.{file}")
}

/// Where a setup file's content came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The store's copy in the database.
    Store { updated_at: String, by: Option<i64> },
    /// This OS user's own config directory (not shared with other agents).
    UserFile(PathBuf),
    /// Only the built-in defaults.
    BuiltIn,
}

impl Source {
    /// Where the file came from, in words; the time it was installed in the store's zone
    /// `tz` (stored in UTC), as a person reads it: `2026-11-23 09:30`.
    pub fn describe(&self, lang: Lang, tz: chrono_tz::Tz) -> String {
        let local = |at: &str| match crate::clock::from_db(at) {
            Some(t) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
            None => at.to_string(),
        };
        match (self, lang) {
            (Source::Store { updated_at, .. }, Lang::Zh) => {
                format!("本店数据库（全店共用，{} 更新）", local(updated_at))
            }
            (Source::Store { updated_at, .. }, Lang::En) => {
                format!(
                    "the store's database (shared), updated {}",
                    local(updated_at)
                )
            }
            (Source::UserFile(p), Lang::Zh) => format!(
                "本用户的文件 {}（其他坐席看不到；请用 frontdesk settings import 装入数据库）",
                p.display()
            ),
            (Source::UserFile(p), Lang::En) => format!(
                "this user's file {} (other agents do not see it; install it with `frontdesk settings import`)",
                p.display()
            ),
            (Source::BuiltIn, _) => lang.t("内置默认值", "built-in defaults").into(),
        }
    }
}

/// A setup file's text and where it came from (`None`: built-in only). `stored` are the
/// store's installed files (`store::settings::files`).
pub fn text_of(
    stored: &[Setting],
    config_dir: Option<&Path>,
    file: &str,
) -> (Option<String>, Source) {
    if let Some(s) = stored.iter().find(|s| s.key == key(file)) {
        return (
            Some(s.value.clone()),
            Source::Store {
                updated_at: s.updated_at.clone(),
                by: s.updated_by,
            },
        );
    }
    if let Some(dir) = config_dir {
        let path = dir.join(file);
        if let Ok(text) = std::fs::read_to_string(&path) {
            return (Some(text), Source::UserFile(path));
        }
    }
    (None, Source::BuiltIn)
}

/// The store's setup, loaded once (and again when the store's settings change).
#[derive(Debug, Clone)]
pub struct Setup {
    pub store: StoreSetup,
    pub templates: TemplateSet,
    pub rules: Rules,
    pub calendar: BusinessCalendar,
    /// Each file and where it came from.
    pub sources: Vec<(&'static str, Source)>,
    /// Files that could not be used (the built-in defaults stand in), with why.
    pub errors: Vec<String>,
}

impl Setup {
    /// The business clock complaints' SLA marks are read with under this setup: its
    /// calendar, the business hours and the store's zone.
    pub fn business_time(&self) -> crate::domain::calendar::BusinessTime {
        crate::domain::calendar::BusinessTime::new(
            &self.calendar,
            crate::domain::calendar::BusinessHours::default(),
            self.store.tz,
        )
    }
}

/// Loads the four setup files: the store's copy, else this user's file, else built in. A
/// broken file is reported and its built-in defaults used, so the desk always opens.
pub fn load(stored: &[Setting], config_dir: Option<&Path>, tz: chrono_tz::Tz) -> Setup {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    let mut text = |file: &'static str| {
        let (t, src) = text_of(stored, config_dir, file);
        let label = match &src {
            Source::UserFile(p) => p.display().to_string(),
            _ => file.to_string(),
        };
        sources.push((file, src));
        t.map(|t| (t, label))
    };
    let store = match text("store.toml") {
        Some((t, label)) => {
            let (s, e) = StoreSetup::with_override_text(&t, &label);
            errors.extend(e);
            s
        }
        None => StoreSetup::load(None).0,
    }
    .with_tz(tz);
    let templates = match text("templates.toml") {
        Some((t, label)) => {
            let (s, e) = TemplateSet::with_overrides_text(&t, &label);
            errors.extend(e.map(|e| e.to_string()));
            s
        }
        None => TemplateSet::builtin(),
    };
    let rules = match text("callback_rules.toml") {
        Some((t, label)) => {
            let (s, e) = Rules::with_overrides_text(&t, &label);
            errors.extend(e);
            s
        }
        None => Rules::builtin(),
    };
    let calendar = match text("calendar.toml") {
        Some((t, label)) => {
            let (s, e) = BusinessCalendar::with_overrides_text(&t, &label);
            errors.extend(e);
            s
        }
        None => BusinessCalendar::builtin(),
    };
    Setup {
        store,
        templates,
        rules,
        calendar,
        sources,
        errors,
    }
}

/// Checks a setup file's text before it is installed: `Err` says what is wrong.
pub fn check(file: &str, text: &str) -> Result<(), String> {
    match file {
        "store.toml" => StoreSetup::with_override_text(text, file)
            .1
            .map_or(Ok(()), Err),
        "templates.toml" => TemplateSet::with_overrides_text(text, file)
            .1
            .map_or(Ok(()), |e| Err(e.to_string())),
        "callback_rules.toml" => Rules::with_overrides_text(text, file).1.map_or(Ok(()), Err),
        "calendar.toml" => BusinessCalendar::with_overrides_text(text, file)
            .1
            .map_or(Ok(()), Err),
        other => Err(format!(
            "{other}: not a setup file (one of {})",
            FILES.join(", ")
        )),
    }
}
