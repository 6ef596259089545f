//! The new `store.toml` text with a supervisor's edits in it. The file is edited in place
//! (`toml_edit`): its comments, order and layout stay as the store wrote them, and only the
//! values edited change. Keys the file lacks are filled in from the built-in file, so an
//! edited file is whole.

use super::ServiceEdit;
use crate::domain::appointments::{BUILTIN_TOML, StoreSetup};
use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

/// Header of a file the app writes from the built-in setup (the store had none).
const HEADER: &str = "# frontdesk store setup (store.toml), kept in the store's database and edited in\n\
# the app (7 More → Settings). `frontdesk settings export DIR` writes it out and\n\
# `frontdesk settings import FILE` installs an edited copy.\n\n";

/// The current file as a document to edit: `base` (the store's file) with the built-in
/// keys it lacks filled in (tables key by key), or the built-in file under a header.
fn doc_of(base: Option<&str>) -> Result<DocumentMut, String> {
    let builtin: DocumentMut = BUILTIN_TOML.parse().map_err(|e| format!("{e}"))?;
    let Some(text) = base else {
        return format!("{HEADER}{BUILTIN_TOML}")
            .parse()
            .map_err(|e| format!("{e}"));
    };
    let mut doc: DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    fill(doc.as_table_mut(), builtin.as_table());
    Ok(doc)
}

/// Adds to `into` the keys of `from` it lacks, going into tables both have.
fn fill(into: &mut dyn TableLike, from: &dyn TableLike) {
    for (k, item) in from.iter() {
        match into.get_mut(k) {
            Some(have) => {
                if let (Some(t), Some(f)) = (have.as_table_like_mut(), item.as_table_like()) {
                    fill(t, f);
                }
            }
            None => {
                into.insert(k, item.clone());
            }
        }
    }
}

/// A parsed value as a document value.
fn value_of(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => s.as_str().into(),
        toml::Value::Integer(i) => (*i).into(),
        toml::Value::Float(f) => (*f).into(),
        toml::Value::Boolean(b) => (*b).into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => Value::Array(a.iter().map(value_of).collect()),
        toml::Value::Table(t) => {
            let mut inline = InlineTable::new();
            for (k, x) in t {
                inline.insert(k, value_of(x));
            }
            Value::InlineTable(inline)
        }
    }
}

/// Sets `key` of `table` to `v`, keeping the comments around the old value.
fn set(table: &mut dyn TableLike, key: &str, v: Value) {
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            let decor = old.decor().clone();
            *old = v;
            *old.decor_mut() = decor;
        }
        _ => {
            table.insert(key, Item::Value(v));
        }
    }
}

fn finish(doc: DocumentMut) -> Result<String, String> {
    let text = doc.to_string();
    StoreSetup::parse(&text, "store.toml")?;
    Ok(text)
}

/// The store's file with these fields set (each already [`super::parse`]d). `Err`: the
/// whole file does not hold together (English, from the file check).
pub fn apply(base: Option<&str>, edits: &[(&str, toml::Value)]) -> Result<String, String> {
    let mut doc = doc_of(base)?;
    for (path, value) in edits {
        let mut parts: Vec<&str> = path.split('.').collect();
        let last = parts.pop().unwrap_or_default();
        let mut at: &mut dyn TableLike = doc.as_table_mut();
        for p in parts {
            if !at.get(p).is_some_and(Item::is_table_like) {
                at.insert(p, Item::Table(Table::new()));
            }
            at = match at.get_mut(p).and_then(Item::as_table_like_mut) {
                Some(t) => t,
                None => return Err(format!("{path}: not a table")),
            };
        }
        set(at, last, value_of(value));
    }
    finish(doc)
}

/// The store's file with a service changed in place or added (checked with
/// [`super::service_problems`]).
pub fn apply_service(base: Option<&str>, s: &ServiceEdit) -> Result<String, String> {
    let mut doc = doc_of(base)?;
    let minutes: i64 = s
        .minutes
        .trim()
        .parse()
        .map_err(|_| "minutes".to_string())?;
    let code = s.code.trim();
    let fields: [(&str, Value); 4] = [
        ("code", code.into()),
        ("zh", s.zh.trim().into()),
        ("en", s.en.trim().into()),
        ("minutes", minutes.into()),
    ];
    let same = |t: &dyn TableLike| {
        t.get("code")
            .and_then(Item::as_str)
            .is_some_and(|c| c == code)
    };
    let root = doc.as_table_mut();
    if !root.contains_key("services") {
        root.insert("services", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    match root.get_mut("services") {
        Some(Item::ArrayOfTables(list)) => {
            let at = list.iter().position(|t| same(t));
            match at.and_then(|i| list.get_mut(i)) {
                Some(t) => fields.into_iter().for_each(|(k, v)| set(t, k, v)),
                None => {
                    let mut t = Table::new();
                    fields.into_iter().for_each(|(k, v)| set(&mut t, k, v));
                    list.push(t);
                }
            }
        }
        Some(Item::Value(Value::Array(list))) => {
            let at = list
                .iter()
                .position(|v| v.as_inline_table().is_some_and(|t| same(t)));
            match at.and_then(|i| list.get_mut(i)?.as_inline_table_mut()) {
                Some(t) => fields.into_iter().for_each(|(k, v)| set(t, k, v)),
                None => {
                    let mut t = InlineTable::new();
                    fields.into_iter().for_each(|(k, v)| set(&mut t, k, v));
                    list.push(t);
                }
            }
        }
        _ => return Err("services: not a list".into()),
    }
    finish(doc)
}
