//! `frontdesk settings`: the store-wide settings, one per store, in the database — list
//! them and where each setup file comes from, set one value, install setup files (checked
//! first) or write them out. Changing anything is for supervisors and is audited.

use super::start::open_db;
use crate::clock::Clock;
use crate::config::Settings;
use crate::i18n::Lang;
use crate::setup::{self, FILES};
use crate::store::{Actor, settings as st};
use crate::text::inert;
use anyhow::{Result, anyhow};
use std::path::Path;

/// Files bigger than this are not setup files (bounded whatever the file claims).
const MAX_FILE: u64 = st::MAX_VALUE as u64 * 64;

pub fn list(s: &Settings) -> Result<i32> {
    let lang = s.lang;
    let db = open_db(s)?;
    let stored = st::files(db.conn());
    println!("{}", lang.t("门店设置文件：", "Setup files:"));
    for file in FILES {
        let (_, src) = setup::text_of(&stored, s.config_dir.as_deref(), file);
        println!("  {file:<20} {}", src.describe(lang, s.tz));
    }
    let values: Vec<_> = st::all(db.conn())
        .map_err(|e| anyhow!(e.message(lang)))?
        .into_iter()
        .filter(|v| !v.key.starts_with("file."))
        .collect();
    if values.is_empty() {
        println!(
            "{}",
            lang.t(
                "其他设置：均为默认值",
                "Other settings: all at their defaults"
            )
        );
    } else {
        println!("{}", lang.t("其他设置：", "Other settings:"));
        for v in values {
            println!("  {} = {}", inert(&v.key), inert(&v.value));
        }
    }
    Ok(0)
}

/// Who may change the store's settings: a supervisor (or the first user of a new store).
fn supervisor(s: &Settings, agent: Option<&str>, db: &crate::store::Db) -> Result<Actor> {
    let lang = s.lang;
    let who = crate::cli::start::who(db, lang, agent)?;
    if !who.is_supervisor() {
        return Err(anyhow!(match lang {
            Lang::Zh => format!(
                "门店设置只有主管可以修改（{} 不是主管；主管请加 --agent 工号）",
                inert(&who.label())
            ),
            Lang::En => format!(
                "only supervisors change the store's settings ({} is not one; a supervisor adds --agent EMP)",
                inert(&who.label())
            ),
        }));
    }
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    Ok(Actor {
        agent_id: who.agent.map(|a| a.id),
        at: clock.now(),
    })
}

pub fn set(s: &Settings, agent: Option<&str>, key: &str, value: &str) -> Result<i32> {
    let lang = s.lang;
    let mut db = open_db(s)?;
    let actor = supervisor(s, agent, &db)?;
    if key.starts_with("file.") {
        return Err(anyhow!(lang.t(
            "设置文件请用 frontdesk settings import 文件 装入（先检查再保存）",
            "install a setup file with `frontdesk settings import FILE` (it is checked first)"
        )));
    }
    st::set(&mut db, actor, key, value, None).map_err(|e| anyhow!(e.message(lang)))?;
    println!(
        "{} {} = {}",
        lang.t("已设置", "Set"),
        inert(key),
        inert(value)
    );
    Ok(0)
}

pub fn import(s: &Settings, agent: Option<&str>, files: &[std::path::PathBuf]) -> Result<i32> {
    let lang = s.lang;
    let mut db = open_db(s)?;
    let actor = supervisor(s, agent, &db)?;
    // Every file is checked before any is installed: all or nothing.
    let mut checked = Vec::new();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let Some(file) = FILES.iter().find(|f| **f == name) else {
            return Err(anyhow!(match lang {
                Lang::Zh => format!(
                    "{}：不是门店设置文件（应为 {} 之一）",
                    path.display(),
                    FILES.join("、")
                ),
                Lang::En => format!(
                    "{}: not a setup file (one of {})",
                    path.display(),
                    FILES.join(", ")
                ),
            }));
        };
        let size = std::fs::metadata(path)
            .map_err(|e| anyhow!(lang.file_problem(path, &e)))?
            .len();
        if size > MAX_FILE {
            return Err(anyhow!(match lang {
                Lang::Zh => format!("{}：文件过大（{size} 字节）", path.display()),
                Lang::En => format!("{}: too large ({size} bytes)", path.display()),
            }));
        }
        let text =
            std::fs::read_to_string(path).map_err(|e| anyhow!(lang.file_problem(path, &e)))?;
        setup::check(file, &text).map_err(|e| {
            anyhow!(match lang {
                Lang::Zh => format!("{}：有误，未装入任何文件：{e}", path.display()),
                Lang::En => format!("{}: not valid, nothing installed: {e}", path.display()),
            })
        })?;
        checked.push((*file, text));
    }
    // The files as they would then stand: a closed holiday their calendar does not know
    // would never close the store, and a store phone no one can call would be printed in
    // every message to customers: refused, as the Settings page refuses them.
    if let Some(m) = field_problem(s, &db, &checked) {
        return Err(anyhow!(match lang {
            Lang::Zh => format!("store.toml：有误，未装入任何文件：{m}"),
            Lang::En => format!("store.toml: not valid, nothing installed: {m}"),
        }));
    }
    for (file, text) in &checked {
        st::set(&mut db, actor, &setup::key(file), text, None)
            .map_err(|e| anyhow!(e.message(lang)))?;
        println!(
            "{} {file}",
            lang.t(
                "已装入本店数据库（全店共用）：",
                "Installed for the whole store:"
            )
        );
    }
    // A new calendar or zone: the complaints' business SLA marks are read again under it,
    // so business-hours "within SLA" figures stay judged in SQL.
    let stored = crate::store::settings::files(db.conn());
    let time = setup::load(&stored, s.config_dir.as_deref(), s.tz).business_time();
    crate::store::complaints::marks::follow(&mut db, time).map_err(|e| anyhow!(e.message(lang)))?;
    Ok(0)
}

/// Why the setup that `checked` would install is refused: a closed holiday the calendar
/// (the store's, or the one being installed) does not have, or a store phone that is not
/// a number.
fn field_problem(
    s: &Settings,
    db: &crate::store::Db,
    checked: &[(&str, String)],
) -> Option<String> {
    let mut files = crate::store::settings::files(db.conn());
    for (file, text) in checked {
        let key = setup::key(file);
        files.retain(|f| f.key != key);
        files.push(crate::store::settings::Setting {
            key,
            value: text.clone(),
            version: 0,
            updated_at: String::new(),
            updated_by: None,
        });
    }
    let after = setup::load(&files, None, s.tz);
    let phone = after.store.phone.trim();
    if !phone.is_empty()
        && let Some(m) = crate::domain::store_fields::store_phone_problem(phone, s.lang)
    {
        return Some(format!("phone `{phone}`: {m}"));
    }
    let closed = after
        .store
        .closed_holidays
        .iter()
        .cloned()
        .map(toml::Value::String);
    let closed = toml::Value::Array(closed.collect());
    crate::domain::store_fields::holidays_problem(&closed, &after.calendar.holiday_names(), s.lang)
}

pub fn export(s: &Settings, dir: &Path) -> Result<i32> {
    let lang = s.lang;
    let db = open_db(s)?;
    std::fs::create_dir_all(dir).map_err(|e| anyhow!(lang.file_problem(dir, &e)))?;
    let mut written = 0;
    for file in FILES {
        if let Some(text) =
            st::get(db.conn(), &setup::key(file)).map_err(|e| anyhow!(e.message(lang)))?
        {
            let path = dir.join(file);
            std::fs::write(&path, text).map_err(|e| anyhow!(lang.file_problem(&path, &e)))?;
            println!("{} {}", lang.t("已写出", "Wrote"), path.display());
            written += 1;
        }
    }
    if written == 0 {
        println!(
            "{}",
            lang.t(
                "本店数据库里没有设置文件（都用内置默认值）",
                "The store has no setup files installed (built-in defaults in use)"
            )
        );
    }
    Ok(0)
}
