//! The callback and appointment reports: per kind due, done, on time, failed, expired and
//! the average score, then the average per survey question; and the appointment figures
//! (show-up rate, cancellations by reason and by who, waiting time, channels).

use super::report::{Ctx, Range};
use super::sheet::{Sheet, Value};
use crate::store::StoreError;
use rusqlite::Connection;

pub fn callbacks(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let (from, to) = range.or_this_month(ctx.now.with_timezone(&ctx.tz).date_naive());
    let r = crate::store::callbacks::report(conn, from, to, ctx.tz)?;
    let mut sheet = Sheet {
        title: format!("{} {from} ~ {to}", lang.t("回访报表", "Callbacks")),
        columns: [
            ("类型", "Kind"),
            ("应回访", "Due"),
            ("已完成", "Done"),
            ("按时", "On time"),
            ("失败", "Failed"),
            ("过期", "Expired"),
            ("平均分", "Average score"),
        ]
        .iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect(),
        ..Default::default()
    };
    for k in &r.kinds {
        let kind = match k.kind {
            Some(kind) => kind.label(lang).to_string(),
            None => lang.t("合计", "Total").to_string(),
        };
        sheet.rows.push(vec![
            Value::Text(kind),
            Value::Int(k.due),
            Value::Int(k.done),
            Value::Int(k.on_time),
            Value::Int(k.failed),
            Value::Int(k.expired),
            k.average.map(|a| Value::Num(a, 2)).unwrap_or(Value::Empty),
        ]);
    }
    let rules = crate::domain::callbacks::Rules::builtin();
    for q in &r.questions {
        let text = rules
            .survey(q.kind)
            .and_then(|s| s.question(&q.question))
            .map(|x| x.text.clone())
            .unwrap_or_else(|| q.question.clone());
        sheet.notes.push(format!(
            "{} / {}: {:.2} ({} {})",
            q.kind.label(lang),
            text,
            q.average,
            q.answers,
            lang.t("人次", "answers")
        ));
    }
    Ok(sheet)
}

pub fn appointments(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let (from, to) = range.or_this_month(ctx.now.with_timezone(&ctx.tz).date_naive());
    let n = crate::store::appointments::numbers(conn, from, to, ctx.tz)?;
    let mut sheet = Sheet {
        title: format!("{} {from} ~ {to}", lang.t("预约统计", "Appointments")),
        columns: vec![lang.t("数字", "Figures").to_string()],
        ..Default::default()
    };
    for line in n.lines(lang) {
        sheet.rows.push(vec![Value::Text(line)]);
    }
    Ok(sheet)
}
