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
    // The trend: callbacks done per day (per week over two months), as a text sparkline.
    let done = done_per_day(conn, from, to, ctx)?;
    let per = if done.len() > 62 { 7 } else { 1 };
    let buckets: Vec<i64> = done.chunks(per).map(|c| c.iter().sum()).collect();
    sheet.notes.push(format!(
        "{} {} {}  ({} {})",
        if per == 7 {
            lang.t("每周完成", "Done per week")
        } else {
            lang.t("每日完成", "Done per day")
        },
        from,
        spark(&buckets),
        lang.t("最多", "max"),
        buckets.iter().max().copied().unwrap_or(0)
    ));
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

/// Callbacks done on each day from `from` to `to` (store time).
fn done_per_day(
    conn: &Connection,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    ctx: &Ctx<'_>,
) -> Result<Vec<i64>, StoreError> {
    let days = usize::try_from((to - from).num_days() + 1).unwrap_or(0);
    let mut out = vec![0i64; days];
    let (a, b) = ctx.bounds(from, to);
    let mut st = conn.prepare_cached(
        "SELECT completed_at FROM callback_tasks
         WHERE status = 'done' AND completed_at >= ?1 AND completed_at < ?2",
    )?;
    for at in st.query_map([a, b], |r| r.get::<_, String>(0))? {
        if let Some(t) = crate::clock::from_db(&at?) {
            let day = t.with_timezone(&ctx.tz).date_naive();
            if let Some(n) = usize::try_from((day - from).num_days())
                .ok()
                .and_then(|i| out.get_mut(i))
            {
                *n += 1;
            }
        }
    }
    Ok(out)
}

/// Values as a line of block characters, the highest a full block.
pub fn spark(values: &[i64]) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            if max <= 0 || v <= 0 {
                ' '
            } else {
                BLOCKS[((v * 7 + max - 1) / max).clamp(0, 7) as usize]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sparks_scale_to_the_highest() {
        assert_eq!(super::spark(&[0, 1, 4, 8]), " ▂▅█");
        assert_eq!(super::spark(&[0, 0]), "  ");
        assert_eq!(super::spark(&[]), "");
    }
}
