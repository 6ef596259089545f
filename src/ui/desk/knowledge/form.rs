//! The article form: one field per field of the article's kind, then its validity days.
//! Checked before it is sent: each problem is shown beside its field, in the user's language.

use super::Target;
use crate::domain::kb::{Article, KbKind};
use crate::domain::validate::{Field as DateField, parse_date};
use crate::i18n::Lang;
use crate::ui::widgets::form::{Field, Form};

const FROM: &str = "valid_from";
const TO: &str = "valid_to";
/// Fields long enough to take two lines.
const LONG: &[&str] = &["coverage", "content", "fix", "address"];

fn fields(kind: KbKind) -> Vec<Field> {
    let mut out: Vec<Field> = kind
        .fields()
        .iter()
        .map(|f| {
            let field = Field::new(f.key, f.zh, f.en);
            let field = if LONG.contains(&f.key) {
                field.multiline(2)
            } else {
                field
            };
            if f.required { field.required() } else { field }
        })
        .collect();
    out.push(Field::new(FROM, "开始日期", "First day").date_hint());
    let to = Field::new(TO, "截止日期", "Last day").date_hint();
    out.push(if kind.needs_end() { to.required() } else { to });
    out
}

/// A form for a new article of `kind`.
pub fn empty(kind: KbKind) -> Form {
    Form::new(fields(kind))
}

/// A form holding an article's values.
pub fn filled(a: &Article) -> Form {
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let mut fs = fields(a.kind);
    for f in &mut fs {
        let v = match f.key.as_ref() {
            FROM => day(a.valid_from).unwrap_or_default(),
            TO => day(a.valid_to).unwrap_or_default(),
            k => a.get(k).to_string(),
        };
        f.set_text(&v);
    }
    Form::new(fs)
}

/// The article the form holds, or None with each problem shown beside its field.
pub fn article(target: Target, form: &mut Form, lang: Lang) -> Option<Article> {
    form.clear_errors();
    let kind = target.kind();
    let mut a = Article::new(kind);
    let mut bad: Vec<(String, String)> = Vec::new();
    for f in &form.fields {
        let v = f.text().trim();
        match f.key.as_ref() {
            key @ (FROM | TO) if !v.is_empty() => match parse_date(v, DateField::Date) {
                Ok(d) if key == FROM => a.valid_from = Some(d),
                Ok(d) => a.valid_to = Some(d),
                Err(_) => bad.push((
                    key.to_string(),
                    lang.t("应为日期，例如 2026-11-01", "a date, e.g. 2026-11-01")
                        .into(),
                )),
            },
            FROM | TO => {}
            // Lines of a two-line field are kept as one line of the answer.
            k => a.set(k, &v.replace('\n', " ")),
        }
    }
    bad.extend(a.problems(lang));
    if bad.is_empty() {
        return Some(a);
    }
    for (k, m) in &bad {
        form.set_error(k, m.clone());
    }
    form.focus_first_error();
    form.message = Some((
        lang.t(
            "未保存：请改正标出的栏目",
            "Not saved: correct the fields marked",
        )
        .into(),
        true,
    ));
    None
}
