//! The callback and appointment reports: per kind due, done, on time, failed, expired and
//! the average score, then the average per survey question; and the appointment figures
//! (show-up rate, cancellations by reason and by who, waiting time, channels).

use super::{Ctx, Range};
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use rusqlite::Connection;

pub fn callbacks(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let (from, to) = range.or_this_month(ctx.now.with_timezone(&ctx.tz).date_naive());
    let r = crate::store::callbacks::report(conn, from, to, ctx.tz)?;
    let rules = ctx.rules;
    let scale = |k: Option<crate::domain::callbacks::Kind>| {
        k.and_then(|k| rules.survey(k)).map(|s| s.scale)
    };
    let mut sheet = Sheet {
        title: format!("{} {from} ~ {to}", lang.t("回访报表", "Callbacks")),
        columns: [
            ("类型", "Kind"),
            ("应回访", "Due"),
            ("已完成", "Done"),
            ("按时", "On time"),
            ("失败", "Failed"),
            ("过期", "Expired"),
            ("未完成", "Still open"),
            ("分制", "Scale"),
            ("平均分", "Average score"),
        ]
        .iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect(),
        ..Default::default()
    };
    // Averages only within one scale: 5-point and 10-point surveys never together.
    let mut by_scale: std::collections::BTreeMap<u8, (f64, i64, Vec<String>)> = Default::default();
    for k in &r.kinds {
        let kind = match k.kind {
            Some(kind) => kind.label(lang).to_string(),
            None => lang.t("合计", "Total").to_string(),
        };
        let sc = scale(k.kind);
        if let (Some(sc), Some(a)) = (sc, k.average) {
            let e = by_scale.entry(sc).or_default();
            e.0 += a * k.answers as f64;
            e.1 += k.answers;
            e.2.push(kind.clone());
        }
        sheet.rows.push(vec![
            Value::Text(kind),
            Value::Int(k.due),
            Value::Int(k.done),
            Value::Int(k.on_time),
            Value::Int(k.failed),
            Value::Int(k.expired),
            Value::Int(k.pending),
            sc.map_or(Value::Empty, |s| Value::Int(i64::from(s))),
            k.average.map(|a| Value::Num(a, 2)).unwrap_or(Value::Empty),
        ]);
    }
    sheet.notes.push(match lang {
        crate::i18n::Lang::Zh => format!(
            "按到期日统计：{from} 至 {to} 到期的回访任务（不含跳过），各列为其目前状态，不论在哪天完成或过期"
        ),
        crate::i18n::Lang::En => format!(
            "By due day: the callback tasks due {from} to {to} (skipped ones left out), each column their state now, whatever day they were done or expired"
        ),
    });
    for (sc, (sum, n, kinds)) in &by_scale {
        if *n > 0 {
            let avg = sum / *n as f64;
            sheet.notes.push(match lang {
                crate::i18n::Lang::Zh => format!(
                    "{sc}分制问卷平均分 {avg:.2}（{}，{n} 项评分；不同分制不合并）",
                    kinds.join("、")
                ),
                crate::i18n::Lang::En => format!(
                    "{sc}-point surveys: average {avg:.2} ({}; {n} scores; scales are never averaged together)",
                    kinds.join(", ")
                ),
            });
        }
    }
    // The trend: callbacks done per day (per week over two months), by the day done.
    let done = per_day(
        conn,
        "SELECT completed_at FROM callback_tasks
         WHERE status = 'done' AND completed_at >= ?1 AND completed_at < ?2",
        from,
        to,
        ctx,
    )?;
    sheet.notes.push(trend_note(
        lang,
        [
            ("每日完成(按完成日)", "Done per day (by day done)"),
            ("每周完成(按完成日)", "Done per week (by day done)"),
        ],
        from,
        &done,
    ));
    for q in &r.questions {
        let text = rules
            .survey(q.kind)
            .and_then(|s| s.question(&q.question))
            .map(|x| x.text.clone())
            .unwrap_or_else(|| q.question.clone());
        sheet.notes.push(format!(
            "{} / {}: {:.2}/{} ({})",
            q.kind.label(lang),
            text,
            q.average,
            scale(Some(q.kind)).unwrap_or(5),
            lang.count(
                usize::try_from(q.answers).unwrap_or(0),
                "人次",
                "answer",
                "answers"
            )
        ));
    }
    Ok(sheet)
}

/// The appointment figures, one per row, each with the bookings behind it.
pub fn appointments(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    use super::{ApptFilter as F, Drill, RowKey};
    use crate::domain::appointments::CancelledBy;
    let lang = ctx.lang;
    let (from, to) = range.or_this_month(ctx.now.with_timezone(&ctx.tz).date_naive());
    let n = crate::store::appointments::numbers(conn, from, to, ctx.tz)?;
    let mut sheet = Sheet {
        title: format!("{} {from} ~ {to}", lang.t("预约统计", "Appointments")),
        columns: [
            ("指标", "Figure"),
            ("数量", "Count"),
            ("比例/数值", "Rate / value"),
        ]
        .iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect(),
        ..Default::default()
    };
    let share = |k: usize| {
        if n.bookings == 0 {
            Value::Empty
        } else {
            Value::Num(k as f64 * 100.0 / n.bookings as f64, 1)
        }
    };
    let mut push = |label: String, count: usize, value: Value, filter: F| {
        sheet
            .rows
            .push(vec![Value::Text(label), Value::Int(count as i64), value]);
        sheet.keys.push(Some(RowKey::Drill(Drill::Appointments {
            from,
            to,
            filter,
        })));
    };
    let t = |zh: &str, en: &str| lang.t(zh, en).to_string();
    push(t("预约", "Bookings"), n.bookings, Value::Empty, F::All);
    push(t("到店", "Showed"), n.showed, share(n.showed), F::Showed);
    push(
        t("爽约", "No-shows"),
        n.no_shows,
        share(n.no_shows),
        F::NoShow,
    );
    push(
        t("取消", "Cancelled"),
        n.cancelled,
        share(n.cancelled),
        F::Cancelled,
    );
    push(
        t("待到店", "Still expected"),
        n.pending,
        share(n.pending),
        F::Pending,
    );
    push(
        t("超额预约", "Overbooked"),
        n.overflow,
        share(n.overflow),
        F::Overflow,
    );
    push(
        t(
            "到店率(%)（到店/(到店+爽约)）",
            "Show-up rate (%) (showed / (showed + no-shows))",
        ),
        n.showed + n.no_shows,
        n.show_up_rate
            .map_or(Value::Empty, |r| Value::Num(r * 100.0, 1)),
        F::ShowedOrNoShow,
    );
    push(
        t(
            "平均等待（分钟，到店至开始维修）",
            "Average wait (min, check-in to service)",
        ),
        n.waits_measured,
        n.average_wait.map_or(Value::Empty, |w| {
            Value::Num(w.num_seconds() as f64 / 60.0, 1)
        }),
        F::Waited,
    );
    for (c, k) in &n.by_channel {
        let label = format!("{} {}", t("渠道", "Channel"), c.label(lang));
        push(label, *k, share(*k), F::Channel(*c));
    }
    for (by, k) in [
        (CancelledBy::Customer, n.cancelled_by_customer),
        (CancelledBy::Store, n.cancelled_by_store),
    ] {
        let label = match lang {
            crate::i18n::Lang::Zh => by.label(lang).to_string(),
            crate::i18n::Lang::En => format!("Cancelled {}", by.label(lang)),
        };
        push(label, k, Value::Empty, F::CancelledBy(by));
    }
    for (reason, k) in &n.cancellations {
        let label = format!("{} {}", t("取消原因", "Cancel reason"), reason.label(lang));
        push(label, *k, Value::Empty, F::Reason(*reason));
    }
    sheet.notes.push(ctx.range_note(from, to));
    Ok(sheet)
}

/// How many of the times `sql` selects (its `?1`, `?2` the period's bounds) fall on each
/// day from `from` to `to` (store time).
pub(crate) fn per_day(
    conn: &Connection,
    sql: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    ctx: &Ctx<'_>,
) -> Result<Vec<i64>, StoreError> {
    let days = usize::try_from((to - from).num_days() + 1).unwrap_or(0);
    let mut out = vec![0i64; days];
    let (a, b) = ctx.bounds(from, to);
    let mut st = conn.prepare_cached(sql)?;
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

/// A trend as one line of text: "每日来电 2026-11-01 ▂▅█ (最多 8)", per week when the
/// period is over two months. `labels`: the per-day and per-week names (zh, en).
pub(crate) fn trend_note(
    lang: crate::i18n::Lang,
    labels: [(&str, &str); 2],
    from: chrono::NaiveDate,
    per_day: &[i64],
) -> String {
    let per = if per_day.len() > 62 { 7 } else { 1 };
    let buckets: Vec<i64> = per_day.chunks(per).map(|c| c.iter().sum()).collect();
    let (zh, en) = labels[usize::from(per == 7)];
    format!(
        "{} {from} {}  ({} {})",
        lang.t(zh, en),
        spark(&buckets),
        lang.t("最多", "max"),
        buckets.iter().max().copied().unwrap_or(0)
    )
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
