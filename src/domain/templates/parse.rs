//! Reading template files: TOML into [`Template`]s, validated, with errors that name the
//! file, the line and the problem.

use super::sentence::bare_keys;
use super::{FieldKind, Group, Seg, Source, Template, TemplateError, TemplateField};
use super::{segments, valid_key};
use serde::Deserialize;
use std::collections::HashSet;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    template: Vec<Spanned<RawTemplate>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    id: Spanned<String>,
    group: Spanned<String>,
    name_zh: Spanned<String>,
    name_en: Spanned<String>,
    version: Spanned<i64>,
    shortcut: Option<Spanned<String>>,
    sentence_zh: Spanned<String>,
    sentence_en: Spanned<String>,
    #[serde(default)]
    field: Vec<RawField>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    key: Spanned<String>,
    label_zh: String,
    label_en: String,
    kind: Spanned<String>,
    unit_zh: Option<String>,
    unit_en: Option<String>,
    options: Option<Vec<String>>,
    #[serde(default)]
    required: bool,
    source: Option<Spanned<String>>,
}

fn at<T>(s: &Spanned<T>) -> usize {
    s.span().start
}

fn trimmed(s: &str) -> String {
    s.trim().to_string()
}

/// One file being parsed: turns byte offsets into lines for errors.
pub(super) struct Parser<'a> {
    pub text: &'a str,
    pub file: &'a str,
}

impl Parser<'_> {
    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        1 + self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    }

    /// An error at a byte offset of the text.
    fn fail<T>(&self, offset: usize, message: String) -> Result<T, TemplateError> {
        let (file, line) = (self.file.to_string(), Some(self.line(offset)));
        Err(TemplateError {
            file,
            line,
            message,
        })
    }

    /// Parses and validates; each template comes with the line it starts on.
    pub fn parse(&self) -> Result<Vec<(Template, usize)>, TemplateError> {
        let raw: RawFile = toml::from_str(self.text).map_err(|e| TemplateError {
            file: self.file.to_string(),
            line: e.span().map(|s| self.line(s.start)),
            message: e.message().trim().to_string(),
        })?;
        let mut out: Vec<(Template, usize)> = Vec::with_capacity(raw.template.len());
        for spanned in &raw.template {
            let rt = spanned.get_ref();
            let t = self.template(rt).map_err(|mut e| {
                e.message = format!("template `{}`: {}", rt.id.get_ref(), e.message);
                e
            })?;
            if let Some((_, l)) = out.iter().find(|(o, _)| o.id == t.id) {
                let msg = format!("duplicate template id `{}` (first at line {l})", t.id);
                return self.fail(at(&rt.id), msg);
            }
            if let (Some(c), Some(s)) = (t.shortcut, &rt.shortcut)
                && let Some((o, _)) = out.iter().find(|(o, _)| o.shortcut == Some(c))
            {
                let msg = format!("template `{}`: shortcut `{c}` is taken by `{}`", t.id, o.id);
                return self.fail(at(s), msg);
            }
            out.push((t, self.line(at(spanned))));
        }
        Ok(out)
    }

    fn template(&self, rt: &RawTemplate) -> Result<Template, TemplateError> {
        let id = trimmed(rt.id.get_ref());
        if !valid_key(&id) {
            return self.fail(
                at(&rt.id),
                "bad id: use lower-case ascii, digits and `_`".into(),
            );
        }
        let Some(group) = Group::parse(rt.group.get_ref()) else {
            let msg = format!(
                "unknown group `{}` (consult, rescue, complaint)",
                rt.group.get_ref()
            );
            return self.fail(at(&rt.group), msg);
        };
        let Some(version) = u32::try_from(*rt.version.get_ref())
            .ok()
            .filter(|&v| v >= 1)
        else {
            return self.fail(at(&rt.version), "version must be 1 or more".into());
        };
        let shortcut = match &rt.shortcut {
            None => None,
            Some(s) => match s.get_ref().chars().collect::<Vec<_>>()[..] {
                [c] if c.is_ascii_lowercase() || c.is_ascii_digit() => Some(c),
                _ => {
                    let msg = format!(
                        "shortcut `{}`: use one lower-case letter or digit",
                        s.get_ref()
                    );
                    return self.fail(at(s), msg);
                }
            },
        };
        for s in [&rt.name_zh, &rt.name_en, &rt.sentence_zh, &rt.sentence_en] {
            if s.get_ref().trim().is_empty() {
                return self.fail(at(s), "names and sentences must not be empty".into());
            }
        }
        let mut fields: Vec<TemplateField> = Vec::with_capacity(rt.field.len());
        for rf in &rt.field {
            let f = self.field(rf)?;
            if fields.iter().any(|o| o.key == f.key) {
                return self.fail(at(&rf.key), format!("field `{}` is defined twice", f.key));
            }
            fields.push(f);
        }
        let mut used = HashSet::new();
        for (name, s) in [
            ("sentence_zh", &rt.sentence_zh),
            ("sentence_en", &rt.sentence_en),
        ] {
            let segs = segments(s.get_ref());
            let segs = match segs {
                Ok(segs) => segs,
                Err(m) => return self.fail(at(s), format!("{name}: {m}")),
            };
            // A placeholder outside every `[…]` clause must always be there.
            if let Some(k) = bare_keys(&segs)
                .into_iter()
                .find(|k| fields.iter().any(|f| f.key == *k && !f.required))
            {
                let msg = format!(
                    "{name}: `{{{k}}}` is optional, so the words that need it go in a [clause] \
                     (left out when it is empty); or make the field required"
                );
                return self.fail(at(s), msg);
            }
            for k in segs.into_iter().filter_map(Seg::key) {
                if !fields.iter().any(|f| f.key == k) {
                    return self.fail(
                        at(s),
                        format!("{name} uses `{{{k}}}`, which is not a field"),
                    );
                }
                if name == "sentence_zh" {
                    used.insert(k);
                }
            }
        }
        if let Some((f, rf)) = fields
            .iter()
            .zip(&rt.field)
            .find(|(f, _)| !used.contains(f.key.as_str()))
        {
            let msg = format!(
                "field `{0}` is not used in sentence_zh (add `{{{0}}}`)",
                f.key
            );
            return self.fail(at(&rf.key), msg);
        }
        Ok(Template {
            id,
            group,
            name_zh: trimmed(rt.name_zh.get_ref()),
            name_en: trimmed(rt.name_en.get_ref()),
            version,
            shortcut,
            sentence_zh: rt.sentence_zh.get_ref().clone(),
            sentence_en: rt.sentence_en.get_ref().clone(),
            fields,
        })
    }

    fn field(&self, rf: &RawField) -> Result<TemplateField, TemplateError> {
        let key = trimmed(rf.key.get_ref());
        let (key_at, kind_at) = (at(&rf.key), at(&rf.kind));
        if !valid_key(&key) {
            return self.fail(
                key_at,
                format!("field key `{key}`: use lower-case ascii, digits, `_`"),
            );
        }
        if rf.label_zh.trim().is_empty() || rf.label_en.trim().is_empty() {
            return self.fail(key_at, format!("field `{key}` needs label_zh and label_en"));
        }
        let kind = match (
            rf.kind.get_ref().trim(),
            &rf.unit_zh,
            &rf.unit_en,
            &rf.options,
        ) {
            ("text", None, None, None) => FieldKind::Text,
            ("date", None, None, None) => FieldKind::Date,
            ("month_day", None, None, None) => FieldKind::MonthDay,
            ("yesno", None, None, None) => FieldKind::YesNo,
            ("number", Some(zh), Some(en), None) if !zh.trim().is_empty() => FieldKind::Number {
                unit_zh: trimmed(zh),
                unit_en: trimmed(en),
            },
            ("choice", None, None, Some(o)) if o.iter().any(|x| !x.trim().is_empty()) => {
                FieldKind::Choice(
                    o.iter()
                        .map(|x| trimmed(x))
                        .filter(|x| !x.is_empty())
                        .collect(),
                )
            }
            ("number", _, _, None) => {
                let msg = format!("number field `{key}` needs unit_zh and unit_en (may be \"\")");
                return self.fail(kind_at, msg);
            }
            ("choice", None, None, _) => {
                return self.fail(kind_at, format!("choice field `{key}` needs options"));
            }
            ("text" | "date" | "month_day" | "yesno" | "number" | "choice", ..) => {
                let msg = format!("field `{key}`: units are for number, options for choice");
                return self.fail(kind_at, msg);
            }
            (other, ..) => {
                let msg = format!(
                    "field `{key}`: unknown kind `{other}` (text, date, month_day, number, choice, yesno)"
                );
                return self.fail(kind_at, msg);
            }
        };
        let source = match &rf.source {
            None => None,
            Some(s) => match Source::parse(s.get_ref()) {
                None => {
                    return self.fail(
                        at(s),
                        format!("field `{key}`: unknown source `{}`", s.get_ref()),
                    );
                }
                found => found,
            },
        };
        let (label_zh, label_en) = (trimmed(&rf.label_zh), trimmed(&rf.label_en));
        Ok(TemplateField {
            key,
            label_zh,
            label_en,
            kind,
            required: rf.required,
            source,
        })
    }
}
