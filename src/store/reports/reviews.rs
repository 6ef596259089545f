//! The call-quality report (通话品质评价汇总, a child of `report`): the reviews with a score
//! in force of the records made in the period, per agent — how many, how many with a fatal
//! error, the average score and each criterion's average points — and for everyone
//! (`frontdesk report quality --from D --to D`).

use super::drill::reviews::SCORED;
use super::drill::{Drill, RowKey};
use super::{Ctx, Range, Report};
use crate::domain::quality::round1;
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use rusqlite::{Connection, params};
use std::collections::{BTreeMap, HashMap};

#[derive(Default)]
struct Tally {
    reviews: i64,
    fatal: i64,
    total_sum: f64,
    /// criterion → (sum of points as a share of their maximum, count)
    criteria: HashMap<String, (f64, i64)>,
}

impl Tally {
    fn add_review(&mut self, total: f64, fatal: bool) {
        self.reviews += 1;
        self.fatal += i64::from(fatal);
        self.total_sum += total;
    }
    fn add_points(&mut self, criterion: &str, share: f64) {
        let e = self.criteria.entry(criterion.to_string()).or_default();
        e.0 += share;
        e.1 += 1;
    }
}

pub(super) fn quality(
    conn: &Connection,
    range: &Range,
    ctx: &Ctx<'_>,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let (from, to) = range.or_this_month(ctx.today());
    let (a, b) = ctx.bounds(from, to);
    let sheet_in_force = crate::store::quality::config(conn).review;
    // agent → tally; None is everyone.
    let mut per: BTreeMap<Option<i64>, Tally> = BTreeMap::new();
    let mut st = conn.prepare(&format!(
        "SELECT r.agent_id, r.total, r.fatal FROM quality_reviews r
         WHERE {SCORED} AND r.record_at >= ?1 AND r.record_at < ?2"
    ))?;
    for row in st.query_map(params![a, b], |r| {
        Ok((
            r.get::<_, Option<i64>>(0)?,
            r.get::<_, f64>(1)?,
            r.get::<_, i64>(2)? == 1,
        ))
    })? {
        let (agent, total, fatal) = row?;
        per.entry(None).or_default().add_review(total, fatal);
        if agent.is_some() {
            per.entry(agent).or_default().add_review(total, fatal);
        }
    }
    // The points of the round in force (the re-score when there is one).
    let mut st = conn.prepare(&format!(
        "SELECT r.agent_id, q.criterion, q.points, q.max
         FROM quality_reviews r
         JOIN quality_rounds o ON o.review_id = r.id
              AND o.round = (SELECT max(x.round) FROM quality_rounds x WHERE x.review_id = r.id)
         JOIN quality_scores q ON q.round_id = o.id
         WHERE {SCORED} AND r.record_at >= ?1 AND r.record_at < ?2"
    ))?;
    for row in st.query_map(params![a, b], |r| {
        Ok((
            r.get::<_, Option<i64>>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })? {
        let (agent, criterion, points, max) = row?;
        let share = points as f64 / max.max(1) as f64;
        per.entry(None).or_default().add_points(&criterion, share);
        if agent.is_some() {
            per.entry(agent).or_default().add_points(&criterion, share);
        }
    }
    let names: HashMap<i64, (String, String)> = conn
        .prepare("SELECT id, emp_no, name FROM agents")?
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<Result<_, _>>()?;
    let mut columns: Vec<String> = [
        ("工号", "Emp. no."),
        ("姓名", "Name"),
        ("评审数", "Reviews"),
        ("致命错误", "Fatal"),
        ("平均分", "Average"),
    ]
    .iter()
    .map(|(zh, en)| lang.t(zh, en).to_string())
    .collect();
    columns.extend(
        sheet_in_force
            .criteria
            .iter()
            .map(|c| c.label(lang).to_string()),
    );
    let mut sheet = Sheet {
        title: format!("{} {from} ~ {to}", Report::Quality.title(lang)),
        columns,
        ..Default::default()
    };
    // Agents by employee number, then everyone.
    let mut order: Vec<(String, Option<i64>)> = per
        .keys()
        .filter_map(|k| k.map(|id| (names.get(&id).map_or(String::new(), |n| n.0.clone()), *k)))
        .collect();
    order.sort();
    order.push((String::new(), None));
    let max = f64::from(sheet_in_force.max);
    for (_, agent) in order {
        let Some(t) = per.get(&agent) else { continue };
        let (emp, name) = match agent {
            Some(id) => names.get(&id).cloned().unwrap_or_default(),
            None => (lang.t("合计", "Total").to_string(), String::new()),
        };
        let mut row = vec![
            Value::Code(emp),
            Value::Text(name),
            Value::Int(t.reviews),
            Value::Int(t.fatal),
            Value::Num(round1(t.total_sum / t.reviews.max(1) as f64), 1),
        ];
        row.extend(sheet_in_force.criteria.iter().map(|c| {
            t.criteria
                .get(&c.id)
                .filter(|(_, n)| *n > 0)
                .map_or(Value::Empty, |(sum, n)| {
                    Value::Num(max * sum / *n as f64, 2)
                })
        }));
        sheet.rows.push(row);
        let r = sheet.rows.len() - 1;
        let drill = |fatal| {
            RowKey::Drill(Drill::Reviews {
                from,
                to,
                agent,
                fatal,
            })
        };
        sheet.cells.insert((r, 3), drill(true));
        sheet.keys.push(Some(drill(false)));
    }
    sheet.notes = vec![
        ctx.range_note(from, to),
        match lang {
            Lang::Zh => format!(
                "按被评通话/回访的时间统计已评分的评审（含申诉中的初评，复评后按复评）；平均分 0–100，致命错误计 0 分；各项为平均得分（满分 {}），按现行评分表",
                sheet_in_force.max
            ),
            Lang::En => format!(
                "Scored reviews of the calls and callbacks made in the period (a disputed one with its first score, a re-scored one with the new score); average 0–100, a fatal error scores 0; each criterion's average points (of {}), on the sheet in force",
                sheet_in_force.max
            ),
        },
    ];
    if per.is_empty() {
        sheet
            .notes
            .push(ctx.t("本期没有已评分的评审", "No scored review in the period"));
    }
    Ok(sheet)
}
