//! The monthly assessment (回访员绩效KPI考核, a child of `report`): each agent's period —
//! calls logged and their record-standard score, the call-quality score of the scored
//! reviews, callbacks done and on time, complaints handled within every deadline, late
//! document hand-overs — weighed by the store's assessment sheet into one total, passed or
//! failed and ranked (`frontdesk report kpi --from D --to D`). Each figure counts on the
//! basis of the report that shows it on its own: calls by start, reviews by the reviewed
//! record's time, callbacks by the day done, complaints by the day received, hand-overs by
//! delivery or hand-back day.

use super::drill::reviews::{SCORED, is_late, staff_is};
use super::drill::{Drill, RowKey};
use super::{Ctx, Range, Report};
use crate::domain::callbacks::Status as TaskStatus;
use crate::domain::quality::assessment::{AssessmentSheet, Figures, MetricId, ranks};
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use std::collections::HashMap;

/// One agent's figures for the period.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentFigures {
    pub agent_id: i64,
    pub emp_no: String,
    pub name: String,
    pub figures: Figures,
}

/// Every agent's figures for the days `from` to `to`: each active agent of the `agent` role,
/// and a former agent with something to count. Supervisors are not assessed among the
/// agents they supervise, whatever they logged.
pub fn figures(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    ctx: &Ctx<'_>,
) -> Result<Vec<AgentFigures>, StoreError> {
    let (a, b) = ctx.bounds(from, to);
    let mut out: Vec<AgentFigures> = conn
        .prepare("SELECT id, emp_no, name FROM agents ORDER BY emp_no")?
        .query_map([], |r| {
            Ok(AgentFigures {
                agent_id: r.get(0)?,
                emp_no: r.get(1)?,
                name: r.get(2)?,
                figures: Figures::default(),
            })
        })?
        .collect::<Result<_, _>>()?;
    // agent → (listed: an active agent; a supervisor, never ranked among the agents)
    let listed: HashMap<i64, (bool, bool)> = conn
        .prepare("SELECT id, role = 'agent' AND active = 1, role = 'supervisor' FROM agents")?
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<Result<_, _>>()?;
    // Calls through the (agent_id, started_at) index.
    let mut calls = conn.prepare(
        "SELECT count(*), avg(completeness) FROM calls
         WHERE agent_id = ?1 AND started_at >= ?2 AND started_at < ?3",
    )?;
    let mut reviews = conn.prepare(&format!(
        "SELECT count(*), avg(r.total) FROM quality_reviews r
         WHERE r.agent_id = ?1 AND {SCORED} AND r.record_at >= ?2 AND r.record_at < ?3"
    ))?;
    let callbacks = super::kpi::callbacks_by_agent(conn, (&a, &b), ctx)?;
    let complaints = super::sla::per_handler(&super::sla::facts(conn, from, to, ctx)?);
    // Only the late and missing hand-overs are read (picked in SQL).
    let handovers = super::handover::overdue(conn, ctx, from, to)?;
    for ag in &mut out {
        let f = &mut ag.figures;
        (f.calls, f.record_avg) =
            calls.query_row(params![ag.agent_id, a, b], |r| Ok((r.get(0)?, r.get(1)?)))?;
        (f.reviews, f.quality_avg) =
            reviews.query_row(params![ag.agent_id, a, b], |r| Ok((r.get(0)?, r.get(1)?)))?;
        (f.callbacks_done, f.callbacks_on_time) =
            callbacks.get(&ag.agent_id).copied().unwrap_or((0, 0));
        let (handled, _closed, kept) = complaints.get(&ag.agent_id).copied().unwrap_or_default();
        (f.complaints, f.complaints_kept) = (handled, kept);
        f.late_handovers = handovers
            .iter()
            .filter(|h| staff_is(&h.staff, &ag.emp_no, &ag.name) && is_late(h.standing))
            .count() as i64;
    }
    out.retain(|ag| {
        let f = &ag.figures;
        let (agent, supervisor) = listed.get(&ag.agent_id).copied().unwrap_or_default();
        agent
            || !supervisor
                && f.calls + f.reviews + f.callbacks_done + f.complaints + f.late_handovers > 0
    });
    Ok(out)
}

/// The sheet's columns after the agent's number and name: the result first (what fits
/// at 80 columns), then the figures it is made of.
const COLUMNS: [(&str, &str); 12] = [
    ("总分", "Total"),
    ("考核", "Result"),
    ("排名", "Rank"),
    ("来电登记", "Calls"),
    ("记录规范", "Record std"),
    ("通话品质", "Call quality"),
    ("评审数", "Reviews"),
    ("完成回访", "Callbacks done"),
    ("按时回访", "on time"),
    ("处理投诉", "Complaints"),
    ("时限内", "within SLA"),
    ("逾期交接", "Late hand-overs"),
];

fn num(x: Option<f64>) -> Value {
    x.map_or(Value::Empty, |v| Value::Num(v, 1))
}

pub(super) fn kpi(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let (from, to) = range.or_this_month(ctx.today());
    let sheet_in_force = crate::store::quality::config(conn).assessment;
    let list = figures(conn, from, to, ctx)?;
    let results: Vec<_> = list
        .iter()
        .map(|ag| sheet_in_force.assess(&ag.figures))
        .collect();
    let rank = ranks(&results.iter().map(|r| r.total).collect::<Vec<_>>());
    let mut order: Vec<usize> = (0..list.len()).collect();
    order.sort_by_key(|i| (rank[*i], list[*i].emp_no.clone()));
    let mut sheet = Sheet {
        title: format!("{} {from} ~ {to}", Report::Kpi.title(lang)),
        columns: [("工号", "Emp. no."), ("姓名", "Name")]
            .iter()
            .chain(COLUMNS.iter())
            .map(|(zh, en)| lang.t(zh, en).to_string())
            .collect(),
        ..Default::default()
    };
    for i in order {
        let (ag, res, f) = (&list[i], &results[i], &list[i].figures);
        sheet.rows.push(vec![
            Value::Code(ag.emp_no.clone()),
            Value::Text(ag.name.clone()),
            Value::Num(res.total, 1),
            Value::text_of(if res.passed {
                lang.t("合格", "pass")
            } else {
                lang.t("不合格", "fail")
            }),
            Value::Int(rank[i] as i64),
            Value::Int(f.calls),
            num(f.actual(MetricId::Record)),
            num(f.actual(MetricId::Quality)),
            Value::Int(f.reviews),
            Value::Int(f.callbacks_done),
            Value::Int(f.callbacks_on_time),
            Value::Int(f.complaints),
            Value::Int(f.complaints_kept),
            Value::Int(f.late_handovers),
        ]);
        link(&mut sheet, ag.agent_id, (from, to));
    }
    if !list.is_empty() {
        sheet.rows.push(average(&list, &results, lang));
        sheet.keys.push(None);
    }
    sheet.notes = notes(&sheet_in_force, (from, to), ctx);
    Ok(sheet)
}

/// The desk's average of each figure (what an agent compares their own row with).
fn average(
    list: &[AgentFigures],
    results: &[crate::domain::quality::assessment::Assessment],
    lang: Lang,
) -> Vec<Value> {
    let mean = |xs: Vec<f64>| (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64);
    let of = |f: &dyn Fn(&Figures) -> i64| {
        num(mean(list.iter().map(|a| f(&a.figures) as f64).collect()))
    };
    let opt = |m: MetricId| {
        num(mean(
            list.iter().filter_map(|a| a.figures.actual(m)).collect(),
        ))
    };
    vec![
        Value::text_of(super::own::desk_labels(lang)[1]),
        Value::Empty,
        num(mean(results.iter().map(|r| r.total).collect())),
        Value::Empty,
        Value::Empty,
        of(&|f| f.calls),
        opt(MetricId::Record),
        opt(MetricId::Quality),
        of(&|f| f.reviews),
        of(&|f| f.callbacks_done),
        of(&|f| f.callbacks_on_time),
        of(&|f| f.complaints),
        of(&|f| f.complaints_kept),
        of(&|f| f.late_handovers),
    ]
}

/// The records behind each figure of the last row.
fn link(sheet: &mut Sheet, agent: i64, (from, to): (NaiveDate, NaiveDate)) {
    let r = sheet.rows.len() - 1;
    let calls = RowKey::Drill(Drill::Calls {
        from,
        to,
        template: None,
        agent: Some(Some(agent)),
    });
    let reviews = RowKey::Drill(Drill::Reviews {
        from,
        to,
        agent: Some(agent),
        fatal: false,
    });
    let callbacks = |on_time| {
        RowKey::Drill(Drill::Callbacks {
            from,
            to,
            kind: None,
            status: Some(TaskStatus::Done),
            agent: Some(agent),
            on_time,
            attributed: true,
        })
    };
    let complaints = |kept| {
        RowKey::Drill(Drill::Complaints {
            from,
            to,
            category: None,
            station: None,
            handler: Some(agent),
            closed: false,
            assigned: true,
            kept,
        })
    };
    let cells = [
        (5, calls.clone()),
        (6, calls.clone()),
        (7, reviews.clone()),
        (8, reviews),
        (9, callbacks(false)),
        (10, callbacks(true)),
        (11, complaints(false)),
        (12, complaints(true)),
        (13, RowKey::Drill(Drill::LateHandovers { from, to, agent })),
    ];
    sheet
        .cells
        .extend(cells.into_iter().map(|(c, k)| ((r, c), k)));
    sheet.keys.push(Some(calls));
}

fn notes(s: &AssessmentSheet, (from, to): (NaiveDate, NaiveDate), ctx: &Ctx<'_>) -> Vec<String> {
    let lang = ctx.lang;
    let metrics: Vec<String> = s
        .metrics
        .iter()
        .map(|m| match lang {
            Lang::Zh => format!("{} 权重{} 目标{}", m.id.label(lang), m.weight, m.target),
            Lang::En => format!(
                "{} weight {} target {}",
                m.id.label(lang),
                m.weight,
                m.target
            ),
        })
        .collect();
    vec![
        ctx.range_note(from, to),
        match lang {
            Lang::Zh => format!(
                "考核表：{}；合格线 {}；每次逾期交接扣 {} 分",
                metrics.join("，"),
                s.pass,
                s.late_handover_penalty
            ),
            Lang::En => format!(
                "Sheet: {}; pass at {}; {} points off per late hand-over",
                metrics.join(", "),
                s.pass,
                s.late_handover_penalty
            ),
        },
        ctx.t(
            "各项得分＝min(实际÷目标, 1)×100；总分＝有可计数据的各项按权重平均（无数据的项不计，权重由其余项分担）减逾期交接扣分；总分相同者名次相同",
            "Each metric scores min(actual ÷ target, 1) × 100; the total is the weighted average of the metrics with something to count (one without is left out, the others carry its weight) less the hand-over penalty; equal totals share a rank",
        ),
        ctx.t(
            "平均：全组专员的平均；主管不参与专员的考核排名",
            "Average: of all the desk's agents; supervisors are not ranked with them",
        ),
        ctx.t(
            "逾期交接按档案记录的销售顾问/服务顾问姓名或工号与专员对应；对应不上的不计入任何人",
            "Late hand-overs are the agent's when the file's salesperson or service advisor is recorded with the agent's name or employee number; others count for no one",
        ),
    ]
}
