//! `frontdesk templates`: the record templates for store admins — list them, check a
//! template file before installing it, and render a sentence from values.

use crate::config::Settings;
use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use crate::text::inert;
use anyhow::{Result, anyhow, bail};
use std::collections::BTreeMap;
use std::path::Path;

/// The store's template file: `<config dir>/templates.toml`.
fn store_file(s: &Settings) -> Option<std::path::PathBuf> {
    s.config_dir.as_ref().map(|d| d.join("templates.toml"))
}

fn load(s: &Settings) -> (TemplateSet, Option<String>) {
    match store_file(s) {
        Some(f) => {
            let (set, err) = TemplateSet::with_overrides(&f);
            (set, err.map(|e| e.to_string()))
        }
        None => (TemplateSet::builtin(), None),
    }
}

pub fn list(s: &Settings) -> Result<i32> {
    let lang = s.lang;
    let (set, err) = load(s);
    if let Some(f) = store_file(s) {
        let state = if f.exists() {
            lang.t("已加载", "loaded")
        } else {
            lang.t("不存在（只用内置模板）", "absent (built-in templates only)")
        };
        println!(
            "{}: {} ({state})",
            lang.t("本店模板文件", "store template file"),
            f.display()
        );
    }
    if let Some(e) = &err {
        eprintln!(
            "{}: {e}",
            lang.t("模板文件有误，已忽略", "template file ignored")
        );
    }
    for t in set.all() {
        println!(
            "{:<22} {:<4} [{}] v{:<2} {}",
            t.id,
            t.group.label(lang),
            t.shortcut.map(String::from).unwrap_or_else(|| " ".into()),
            t.version,
            inert(t.name(lang))
        );
    }
    Ok(if err.is_some() { 1 } else { 0 })
}

pub fn check(s: &Settings, file: &Path) -> Result<i32> {
    let lang = s.lang;
    let text = std::fs::read_to_string(file).map_err(|e| anyhow!(lang.file_problem(file, &e)))?;
    match TemplateSet::parse(&text, &file.display().to_string()) {
        Ok(ts) => {
            let builtin = TemplateSet::builtin();
            let (replaced, added): (Vec<_>, Vec<_>) =
                ts.iter().partition(|t| builtin.get(&t.id).is_some());
            match lang {
                Lang::Zh => println!(
                    "{}：有效，{} 个模板（替换内置 {} 个，新增 {} 个）",
                    file.display(),
                    ts.len(),
                    replaced.len(),
                    added.len()
                ),
                Lang::En => println!(
                    "{}: valid, {} templates ({} replace built-ins, {} new)",
                    file.display(),
                    ts.len(),
                    replaced.len(),
                    added.len()
                ),
            }
            let (_, err) = TemplateSet::with_overrides_text(&text, &file.display().to_string());
            if let Some(e) = err {
                eprintln!("{e}");
                return Ok(1);
            }
            Ok(0)
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(1)
        }
    }
}

pub fn render(s: &Settings, id: &str, pairs: &[String]) -> Result<i32> {
    let lang = s.lang;
    let (set, _) = load(s);
    let Some(t) = set.get(id) else {
        bail!(match lang {
            Lang::Zh => format!("没有模板 {id}；用 frontdesk templates 查看全部"),
            Lang::En => format!("no template {id}; `frontdesk templates` lists them"),
        });
    };
    let mut values = BTreeMap::new();
    for p in pairs {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| anyhow!("{p}: expected key=value"))?;
        if t.field(k).is_none() {
            let keys: Vec<&str> = t.fields.iter().map(|f| f.key.as_str()).collect();
            bail!("{id}: no field {k} (fields: {})", keys.join(", "));
        }
        values.insert(k.to_string(), v.to_string());
    }
    for (key, msg) in t.check_values(lang, &values) {
        eprintln!("{key}: {msg}");
    }
    let missing: Vec<&str> = t
        .missing_required(&values)
        .iter()
        .map(|f| f.key.as_str())
        .collect();
    println!("{}", inert(&t.render(lang, &values)));
    if !missing.is_empty() {
        eprintln!(
            "{}: {}",
            lang.t("必填项未填", "required fields missing"),
            missing.join(", ")
        );
        return Ok(1);
    }
    Ok(0)
}
