//! The call log and its counts per template and agent, with the calls-per-day trend (a
//! child of `report`).

use super::drill::{Drill, RowKey};
use super::{Ctx, Range, Report, headers, opt_text};
use crate::domain::templates::Group;
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use rusqlite::{Connection, params};
use std::collections::{BTreeMap, HashMap};

pub(super) fn template_name(ctx: &Ctx<'_>, id: &str) -> String {
    ctx.templates
        .get(id)
        .map(|t| t.name(ctx.lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

pub(super) fn calls(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let (from, to) = range.or_this_month(ctx.today());
    let (a, b) = ctx.bounds(from, to);
    let mut st = conn.prepare(
        "SELECT c.id, c.started_at, coalesce(a.emp_no || ' ' || a.name, ''), coalesce(cu.name, ''),
                cu.mobile, v.plate, c.template_id, c.direction, c.channel, c.sentence, c.resolved,
                c.completeness, c.duration_s, c.template_group
         FROM calls c LEFT JOIN agents a ON a.id = c.agent_id
         LEFT JOIN customers cu ON cu.id = c.customer_id LEFT JOIN vehicles v ON v.id = c.vehicle_id
         WHERE c.started_at >= ?1 AND c.started_at < ?2 ORDER BY c.started_at, c.id",
    )?;
    let (mut resolved, mut consults, mut score) = (0i64, 0i64, 0i64);
    let rows = st.query_map(params![a, b], |r| {
        // Only a consultation is answered or not on the spot; a rescue or complaint call
        // opens a case and is not "resolved" by being logged.
        let consult = r.get::<_, String>(13)? == "consult";
        let res = consult && r.get::<_, i64>(10)? == 1;
        let comp: i64 = r.get(11)?;
        Ok((
            (consult, res),
            comp,
            vec![
                Value::Int(r.get(0)?),
                Value::Text(ctx.local(&r.get::<_, String>(1)?)),
                Value::Text(r.get(2)?),
                Value::Text(r.get(3)?),
                Value::code_of(r.get::<_, Option<String>>(4)?.as_deref()),
                opt_text(r.get(5)?),
                Value::Text(template_name(ctx, &r.get::<_, String>(6)?)),
                Value::text_of(
                    crate::domain::calls::Direction::from_code(&r.get::<_, String>(7)?).label(lang),
                ),
                Value::text_of(
                    crate::domain::calls::Channel::from_code(&r.get::<_, String>(8)?).label(lang),
                ),
                Value::Text(r.get(9)?),
                if consult {
                    ctx.yes_no(res)
                } else {
                    Value::Empty
                },
                Value::Int(comp),
                Value::Int(r.get(12)?),
            ],
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let ((consult, res), comp, cells) = row?;
        consults += i64::from(consult);
        resolved += i64::from(res);
        score += comp;
        out.push(cells);
    }
    let n = out.len() as i64;
    let avg = if n > 0 { score as f64 / n as f64 } else { 0.0 };
    Ok(Sheet {
        keys: Vec::new(),
        cells: Default::default(),
        title: Report::Calls.title(lang).into(),
        columns: headers(
            ctx,
            &[
                ("编号", "No."),
                ("时间", "Time"),
                ("专员", "Agent"),
                ("客户", "Customer"),
                ("手机", "Mobile"),
                ("车牌", "Plate"),
                ("模板", "Template"),
                ("方向", "Direction"),
                ("渠道", "Channel"),
                ("记录", "Record"),
                ("当场解决", "Resolved"),
                ("完整度(%)", "Completeness (%)"),
                ("时长(秒)", "Duration (s)"),
            ],
        ),
        rows: out,
        notes: vec![
            ctx.range_note(from, to),
            match lang {
                Lang::Zh => format!(
                    "共 {n} 条，其中咨询 {consults} 条、当场解决 {resolved} 条（救援、投诉不计当场解决），平均完整度 {avg:.1}%"
                ),
                Lang::En => format!(
                    "{n} calls; of {consults} consultations {resolved} resolved on the spot (rescue and complaint calls are not counted as resolved); average completeness {avg:.1}%"
                ),
            },
        ],
    })
}

/// Agents by id: (employee number, name).
fn agent_names(conn: &Connection) -> Result<HashMap<i64, (String, String)>, StoreError> {
    let mut st = conn.prepare("SELECT id, emp_no, name FROM agents")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A template's (group, total, resolved, calls per agent).
type TemplateCounts = (String, i64, i64, BTreeMap<Option<i64>, i64>);

pub(super) fn calls_by_template(
    conn: &Connection,
    range: &Range,
    ctx: &Ctx<'_>,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let (from, to) = range.or_this_month(ctx.today());
    let (a, b) = ctx.bounds(from, to);
    let mut st = conn.prepare(
        "SELECT template_id, template_group, agent_id, count(*), sum(resolved)
         FROM calls WHERE started_at >= ?1 AND started_at < ?2
         GROUP BY template_id, template_group, agent_id",
    )?;
    let mut by: BTreeMap<String, TemplateCounts> = BTreeMap::new();
    let mut agent_ids: Vec<Option<i64>> = Vec::new();
    let rows = st.query_map(params![a, b], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    for row in rows {
        let (t, g, agent, n, res) = row?;
        let e = by.entry(t).or_insert_with(|| (g, 0, 0, BTreeMap::new()));
        e.1 += n;
        // Resolved on the spot is a consultation's figure only.
        if e.0 == "consult" {
            e.2 += res;
        }
        *e.3.entry(agent).or_default() += n;
        if !agent_ids.contains(&agent) {
            agent_ids.push(agent);
        }
    }
    let names = agent_names(conn)?;
    let label = |id: &Option<i64>| match id.and_then(|i| names.get(&i)) {
        Some((emp, name)) => format!("{emp} {name}"),
        None => lang.t("（无专员）", "(no agent)").to_string(),
    };
    agent_ids.sort_by_key(|id| {
        (
            id.is_none(),
            id.and_then(|i| names.get(&i)).map(|x| x.0.clone()),
        )
    });
    // Templates in the set's order (groups first), unknown ids after.
    let order: Vec<String> = ctx
        .templates
        .all()
        .iter()
        .map(|t| t.id.clone())
        .chain(by.keys().cloned())
        .fold(Vec::new(), |mut v, id| {
            if by.contains_key(&id) && !v.contains(&id) {
                v.push(id);
            }
            v
        });
    let mut columns = headers(
        ctx,
        &[
            ("模板", "Template"),
            ("分组", "Group"),
            ("合计", "Total"),
            ("当场解决", "Resolved"),
        ],
    );
    columns.extend(agent_ids.iter().map(label));
    let mut rows = Vec::new();
    let mut keys = Vec::new();
    let mut per_agent: BTreeMap<Option<i64>, i64> = BTreeMap::new();
    let (mut total, mut resolved) = (0, 0);
    for id in &order {
        let (g, n, res, agents) = &by[id];
        let group = Group::parse(g).map_or(g.clone(), |g| g.label(lang).to_string());
        // The template's id is a code: it stays behind the row (its drill-down), the
        // screen and the files show the template's name in the user's language.
        keys.push(Some(RowKey::Drill(Drill::Calls {
            from,
            to,
            template: Some(id.clone()),
            agent: None,
        })));
        let mut row = vec![
            Value::Text(template_name(ctx, id)),
            Value::Text(group),
            Value::Int(*n),
            if g == "consult" {
                Value::Int(*res)
            } else {
                Value::Empty
            },
        ];
        for a in &agent_ids {
            let k = agents.get(a).copied().unwrap_or(0);
            *per_agent.entry(*a).or_default() += k;
            row.push(Value::Int(k));
        }
        total += n;
        resolved += res;
        rows.push(row);
    }
    let mut sum = vec![
        Value::text_of(lang.t("合计", "Total")),
        Value::Empty,
        Value::Int(total),
        Value::Int(resolved),
    ];
    sum.extend(
        agent_ids
            .iter()
            .map(|a| Value::Int(per_agent.get(a).copied().unwrap_or(0))),
    );
    rows.push(sum);
    keys.push(Some(RowKey::Drill(Drill::Calls {
        from,
        to,
        template: None,
        agent: None,
    })));
    Ok(Sheet {
        keys,
        cells: Default::default(),
        title: Report::CallsByTemplate.title(lang).into(),
        columns,
        rows,
        notes: vec![
            ctx.range_note(from, to),
            crate::store::reports::more::trend_note(
                lang,
                [
                    ("每日来电", "Calls per day"),
                    ("每周来电", "Calls per week"),
                ],
                from,
                &crate::store::reports::more::per_day(
                    conn,
                    "SELECT started_at FROM calls WHERE started_at >= ?1 AND started_at < ?2",
                    from,
                    to,
                    ctx,
                )?,
            ),
        ],
    })
}
