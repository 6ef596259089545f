//! `frontdesk kb import FILE`: knowledge-base articles from CSV or XLSX (read by
//! `source`, within its limits). The first row names the columns — 类别/kind, then any
//! article field by its key or its Chinese or English name (地区, 服务站名称, 电话, 政策年份,
//! 保修范围, 车型, 最低价（万元）…), 开始日期/valid_from and 截止日期/valid_to. Each row is one
//! article of the kind it names; every problem is reported with its line, in the user's
//! language, and a file with any problem writes nothing.

use super::source::RawTable;
use crate::domain::kb::{Article, KbKind};
use crate::domain::validate::{Field, parse_date};
use crate::i18n::Lang;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Kind,
    Field(&'static str),
    From,
    To,
    Ignored,
}

/// The articles of a file, or why it cannot be read as one.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// Each good row: its line and article.
    pub articles: Vec<(usize, Article)>,
    /// Each problem: its line and what is wrong, in the user's language.
    pub problems: Vec<(usize, String)>,
}

fn column_of(header: &str) -> Option<Column> {
    let h = header.trim().trim_start_matches('\u{feff}');
    let low = h.to_lowercase();
    match low.as_str() {
        "kind" | "类别" | "类型" => return Some(Column::Kind),
        "valid_from" | "开始日期" | "生效日期" | "from" => return Some(Column::From),
        "valid_to" | "截止日期" | "结束日期" | "to" => return Some(Column::To),
        "" | "-" | "备注" | "note" => return Some(Column::Ignored),
        _ => {}
    }
    KbKind::ALL
        .iter()
        .flat_map(|k| k.fields())
        .find(|f| f.key == low || f.zh == h || f.en.eq_ignore_ascii_case(h))
        .map(|f| Column::Field(f.key))
}

fn kinds_list(lang: Lang) -> String {
    KbKind::ALL
        .iter()
        .map(|k| k.label(lang))
        .collect::<Vec<_>>()
        .join(lang.t("、", ", "))
}

/// Reads the rows into articles. `Err` is a problem with the whole file (its header).
pub fn parse(table: &RawTable, lang: Lang) -> Result<Parsed, String> {
    let Some(head) = table.rows.first() else {
        return Err(lang.t("文件是空的", "the file is empty").into());
    };
    let mut cols = Vec::new();
    let mut unknown = Vec::new();
    for h in &head.cells {
        match column_of(h) {
            Some(c) => cols.push(c),
            None => {
                unknown.push(crate::text::inert(h.trim()));
                cols.push(Column::Ignored);
            }
        }
    }
    if !unknown.is_empty() {
        return Err(match lang {
            Lang::Zh => format!(
                "第 {} 行：不认识的列 {}（列名应为 类别、字段名称如 地区/电话/车型，或 开始日期、截止日期）",
                head.line,
                unknown.join("、")
            ),
            Lang::En => format!(
                "line {}: unknown columns {} (use kind, field names such as region/phone/model, valid_from, valid_to)",
                head.line,
                unknown.join(", ")
            ),
        });
    }
    if !cols.contains(&Column::Kind) {
        return Err(lang
            .t(
                "缺少“类别”列（服务站、保修政策、车型价格、配件价格、促销活动、故障排除）",
                "no kind column (station, policy, vehicle_price, part_price, promotion, troubleshoot)",
            )
            .into());
    }
    let mut out = Parsed {
        articles: Vec::new(),
        problems: Vec::new(),
    };
    for row in &table.rows[1..] {
        let cell = |c: Column| {
            cols.iter()
                .position(|x| *x == c)
                .and_then(|i| row.cells.get(i))
                .map(|s| s.trim())
                .unwrap_or("")
        };
        let line = row.line;
        let kind_text = cell(Column::Kind);
        let Some(kind) = KbKind::parse(kind_text) else {
            out.problems.push((
                line,
                match lang {
                    Lang::Zh => format!(
                        "类别“{}”不认识（应为 {}）",
                        crate::text::inert(kind_text),
                        kinds_list(lang)
                    ),
                    Lang::En => format!(
                        "kind {:?} is not known (use {})",
                        crate::text::inert(kind_text),
                        kinds_list(lang)
                    ),
                },
            ));
            continue;
        };
        let mut a = Article::new(kind);
        let mut bad = Vec::new();
        for (i, c) in cols.iter().enumerate() {
            let v = row.cells.get(i).map(|s| s.trim()).unwrap_or("");
            match c {
                // Two columns may name one key (服务站名称, 活动名称): the one with text counts.
                Column::Field(key) if kind.field(key).is_some() && !v.is_empty() => a.set(key, v),
                Column::From | Column::To if !v.is_empty() => match parse_date(v, Field::Date) {
                    Ok(d) if *c == Column::From => a.valid_from = Some(d),
                    Ok(d) => a.valid_to = Some(d),
                    Err(_) => bad.push(match lang {
                        Lang::Zh => format!(
                            "{}“{}”不是日期（应为 2026-03-05）",
                            if *c == Column::From {
                                "开始日期"
                            } else {
                                "截止日期"
                            },
                            crate::text::inert(v)
                        ),
                        Lang::En => format!(
                            "{} {:?} is not a date (use 2026-03-05)",
                            if *c == Column::From {
                                "valid_from"
                            } else {
                                "valid_to"
                            },
                            crate::text::inert(v)
                        ),
                    }),
                },
                _ => {}
            }
        }
        for (key, msg) in a.problems(lang) {
            let label = kind
                .field(&key)
                .map(|f| f.label(lang))
                .unwrap_or(lang.t("截止日期", "valid_to"));
            bad.push(match lang {
                Lang::Zh => format!("{label}：{msg}"),
                Lang::En => format!("{label}: {msg}"),
            });
        }
        if bad.is_empty() {
            out.articles.push((line, a));
        } else {
            let sep = lang.t("；", "; ");
            out.problems.push((
                line,
                format!(
                    "{}{}{}",
                    kind.label(lang),
                    lang.t("：", ": "),
                    bad.join(sep)
                ),
            ));
        }
    }
    Ok(out)
}
