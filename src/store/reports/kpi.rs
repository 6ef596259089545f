//! The month-end reports: the complaints summary with its valid-complaint tally, the
//! agents' KPIs and the customers who stopped coming (a child of `report`).

use super::{Ctx, Range, Report, headers, opt_text};
use crate::clock::from_db;
use crate::domain::complaints::{self as dc, Category, Severity, Status};
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use crate::store::complaints::COUNTED;
use chrono::{Months, NaiveDate};
use rusqlite::{Connection, params};
use std::collections::HashMap;
// ---------------------------------------------------------------- complaints

pub(super) fn complaints(
    conn: &Connection,
    range: &Range,
    ctx: &Ctx<'_>,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let (from, to) = range.or_this_month(ctx.today());
    let (a, b) = ctx.bounds(from, to);
    // A complaint withdrawn as registered by mistake is not in the summary.
    let mut st = conn.prepare(&format!(
        "SELECT c.id, c.received_at, coalesce(cu.name, ''), c.category, c.severity, c.station,
                c.summary, c.demand, c.status
         FROM complaints c LEFT JOIN customers cu ON cu.id = c.customer_id
         WHERE c.received_at >= ?1 AND c.received_at < ?2 AND {COUNTED}
         ORDER BY c.received_at, c.id"
    ))?;
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
    );
    let list: Vec<Row> = st
        .query_map(params![a, b], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    let mut tally = Vec::new();
    for (id, received, customer, cat, sev, station, summary, demand, status) in list {
        let category = Category::from_code(&cat).unwrap_or(Category::Other);
        let severity = Severity::from_code(&sev).unwrap_or(Severity::General);
        let (clocks, state) = super::sla::judge(conn, id, &sev, ctx)?;
        let valid = dc::is_valid_complaint(category, &state, &clocks);
        let received_at = from_db(&received).unwrap_or_default();
        tally.push((
            if station.is_empty() {
                ctx.t("（未填）", "(none)")
            } else {
                station.clone()
            },
            dc::month_of(received_at, ctx.tz),
            valid,
        ));
        let four = state.four_fields.as_ref();
        rows.push(vec![
            Value::Int(id),
            Value::Text(ctx.local(&received)),
            Value::Text(customer),
            Value::text_of(category.label(lang)),
            Value::text_of(severity.label(lang)),
            Value::Text(station),
            Value::Text(summary),
            Value::Text(demand),
            Value::text_of(
                Status::from_code(&status)
                    .unwrap_or(Status::New)
                    .label(lang),
            ),
            opt_text(state.resolution.clone()),
            opt_text(four.map(|f| f.root_cause.clone())),
            opt_text(four.map(|f| f.corrective_action.clone())),
            state
                .confirmation
                .as_ref()
                .map_or(Value::Empty, |c| Value::Int(i64::from(c.satisfaction))),
            ctx.yes_no(valid),
        ]);
    }
    let mut notes = vec![ctx.range_note(from, to)];
    let valid_total = tally.iter().filter(|t| t.2).count();
    notes.push(match lang {
        Lang::Zh => format!("共 {} 起投诉，其中有效投诉 {valid_total} 起", rows.len()),
        Lang::En => format!(
            "{}, {valid_total} valid",
            lang.count(rows.len(), "起投诉", "complaint", "complaints")
        ),
    });
    for t in dc::monthly_tally(&tally) {
        let flag = if t.flagged {
            lang.t("  ！达到2起，需整改", "  ! 2 or more: flagged")
        } else {
            ""
        };
        notes.push(format!(
            "  {}-{:02} {}: {} / {}{flag}",
            t.month.0, t.month.1, t.station, t.valid_count, t.total
        ));
    }
    Ok(Sheet {
        keys: Vec::new(),
        cells: Default::default(),
        title: Report::Complaints.title(lang).into(),
        columns: headers(
            ctx,
            &[
                ("编号", "No."),
                ("受理时间", "Received"),
                ("客户", "Customer"),
                ("类别", "Category"),
                ("严重程度", "Severity"),
                ("责任站/部门", "Station"),
                ("经过", "What happened"),
                ("诉求", "Customer asks"),
                ("状态", "Status"),
                ("处理结果", "Resolution"),
                ("原因分析", "Root cause"),
                ("纠正措施", "Corrective action"),
                ("满意度", "Satisfaction"),
                ("有效投诉", "Valid"),
            ],
        ),
        rows,
        notes,
    })
}

// ---------------------------------------------------------------- agents

pub(super) fn agents(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let (from, to) = range.or_this_month(ctx.today());
    let (a, b) = ctx.bounds(from, to);
    let mut list: Vec<(Option<i64>, String, String, String)> = conn
        .prepare("SELECT id, emp_no, name, role FROM agents ORDER BY emp_no")?
        .query_map([], |r| {
            Ok((Some(r.get(0)?), r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    list.push((
        None,
        String::new(),
        ctx.t("（无专员）", "(no agent)"),
        String::new(),
    ));
    // Each agent's calls through the (agent_id, started_at) index.
    let mut calls_of = conn.prepare(
        "SELECT count(*), coalesce(avg(completeness), 0),
                coalesce(sum(template_group = 'consult' AND resolved = 1), 0),
                coalesce(sum(template_group = 'consult'), 0)
         FROM calls WHERE agent_id IS ?1 AND started_at >= ?2 AND started_at < ?3",
    )?;
    // Complaints received in the period per handler: handled, closed, every deadline kept.
    let complaints = super::sla::per_handler(&super::sla::facts(conn, from, to, ctx)?);
    let callbacks = callbacks_by_agent(conn, (&a, &b), ctx)?;
    let mut rows = Vec::new();
    let (mut t_calls, mut t_score, mut t_res, mut t_cmp, mut t_closed) =
        (0i64, 0f64, 0i64, 0i64, 0i64);
    let mut t_consults = 0i64;
    // Resolved on the spot, of the consultations (rescue and complaint calls open a case).
    let rate = |res: i64, consults: i64| {
        if consults > 0 {
            Value::Num(100.0 * res as f64 / consults as f64, 1)
        } else {
            Value::Empty
        }
    };
    let (mut t_kept, mut t_cb, mut t_cb_on_time) = (0i64, 0i64, 0i64);
    for (id, emp, name, role) in list {
        let (n, avg, res, consults): (i64, f64, i64, i64) = calls_of
            .query_row(params![id, a, b], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
        let (cmp, closed, kept) = id
            .and_then(|i| complaints.get(&i).copied())
            .unwrap_or((0, 0, 0));
        let (cb, cb_on_time) = id
            .and_then(|i| callbacks.get(&i).copied())
            .unwrap_or((0, 0));
        if id.is_none() && n == 0 {
            continue;
        }
        t_calls += n;
        t_score += avg * n as f64;
        t_res += res;
        t_consults += consults;
        t_cmp += cmp;
        t_closed += closed;
        t_kept += kept;
        t_cb += cb;
        t_cb_on_time += cb_on_time;
        let role = match role.as_str() {
            "supervisor" => ctx.t("主管", "supervisor"),
            "agent" => ctx.t("专员", "agent"),
            _ => String::new(),
        };
        rows.push(vec![
            Value::Code(emp),
            Value::Text(name),
            Value::Text(role),
            Value::Int(n),
            Value::Num(avg, 1),
            Value::Int(res),
            rate(res, consults),
            Value::Int(cmp),
            Value::Int(closed),
            Value::Int(kept),
            Value::Int(cb),
            Value::Int(cb_on_time),
        ]);
    }
    let t_avg = if t_calls > 0 {
        t_score / t_calls as f64
    } else {
        0.0
    };
    rows.push(vec![
        Value::text_of(lang.t("合计", "Total")),
        Value::Empty,
        Value::Empty,
        Value::Int(t_calls),
        Value::Num(t_avg, 1),
        Value::Int(t_res),
        rate(t_res, t_consults),
        Value::Int(t_cmp),
        Value::Int(t_closed),
        Value::Int(t_kept),
        Value::Int(t_cb),
        Value::Int(t_cb_on_time),
    ]);
    Ok(Sheet {
        keys: Vec::new(),
        cells: Default::default(),
        title: Report::Agents.title(lang).into(),
        columns: headers(
            ctx,
            &[
                ("工号", "Emp. no."),
                ("姓名", "Name"),
                ("角色", "Role"),
                ("来电登记", "Calls logged"),
                ("平均完整度(%)", "Avg completeness (%)"),
                ("当场解决(咨询)", "Resolved (consult.)"),
                ("咨询当场解决率(%)", "Consult. resolved (%)"),
                ("处理投诉", "Complaints handled"),
                ("其中已结案", "of which closed"),
                ("时限内处理", "within SLA"),
                ("完成回访", "Callbacks done"),
                ("按时回访", "on time"),
            ],
        ),
        rows,
        notes: vec![
            ctx.range_note(from, to),
            ctx.t(
                "平均完整度：来电记录按模板必填项的完整程度（记录规范得分）；当场解决只计咨询来电（救援、投诉来电立案跟进，不算当场解决），解决率＝当场解决/咨询来电；处理投诉：期间受理、由该专员负责的投诉，时限内＝各项时限（10分钟联系、1小时指派、24小时/3天解决）均未超；完成回访：本期内完成的回访（不论到期日；回访报表按到期日统计）；按时回访：在回访时限内完成",
                "Completeness: how fully each record fills its template (the record-standard score); resolved on the spot counts consultations only (rescue and complaint calls open a case), the rate is resolved / consultation calls; complaints handled: received in the period with this agent as handler, within SLA = no deadline missed (10 min contact, 1 h handler, 24 h / 3 days resolution); callbacks done: completed in the period, whatever day they were due (the callbacks report counts by due day); on time: done within their window",
            ),
        ],
    })
}

/// Callbacks each agent completed in the period (the task's holder, else whoever recorded
/// its last attempt), and how many of them on a store day within their window: agent →
/// (done, on time). The agents' KPIs and the monthly assessment count on this one basis.
pub(super) fn callbacks_by_agent(
    conn: &Connection,
    (a, b): (&str, &str),
    ctx: &Ctx<'_>,
) -> Result<HashMap<i64, (i64, i64)>, StoreError> {
    let mut st = conn.prepare(
        "SELECT * FROM (
             SELECT coalesce(claimed_by, (SELECT a.agent_id FROM callback_attempts a
                     WHERE a.task_id = t.id ORDER BY a.id DESC LIMIT 1)) AS agent,
                    window_end, completed_at
             FROM callback_tasks t
             WHERE status = 'done' AND completed_at >= ?1 AND completed_at < ?2)
         WHERE agent IS NOT NULL",
    )?;
    let mut callbacks: HashMap<i64, (i64, i64)> = HashMap::new();
    for row in st.query_map(params![a, b], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (agent, end, at) = row?;
        let e = callbacks.entry(agent).or_default();
        e.0 += 1;
        let day = from_db(&at).map(|t| t.with_timezone(&ctx.tz).date_naive().to_string());
        e.1 += i64::from(day.is_some_and(|d| d <= end));
    }
    Ok(callbacks)
}

// ---------------------------------------------------------------- churn

pub(super) fn churn(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let asof = range.to.unwrap_or_else(|| ctx.today());
    let months = ctx.churn_months.max(1);
    let cutoff = asof.checked_sub_months(Months::new(months)).unwrap_or(asof);
    let cutoff_s = cutoff.format("%Y-%m-%d").to_string();
    let floor = range.from.map(|d| d.format("%Y-%m-%d").to_string());
    // Each vehicle's last visit through the (vehicle_id, opened) index.
    let mut st = conn.prepare(
        "SELECT v.customer_id, v.id, (SELECT max(opened) FROM repair_orders o WHERE o.vehicle_id = v.id)
         FROM vehicles v",
    )?;
    // customer → (last visit, vehicle)
    let mut last: HashMap<i64, (String, i64)> = HashMap::new();
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    for row in rows {
        let (c, v, d) = row?;
        let Some(d) = d else { continue };
        match last.get(&c) {
            Some((cur, _)) if *cur >= d => {}
            _ => {
                last.insert(c, (d, v));
            }
        }
    }
    let mut lost: Vec<(i64, String, i64)> = last
        .into_iter()
        .filter(|(_, (d, _))| *d < cutoff_s && floor.as_ref().is_none_or(|f| d >= f))
        .map(|(c, (d, v))| (c, d, v))
        .collect();
    lost.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut who = conn.prepare_cached(
        "SELECT c.name, c.mobile, v.plate, v.brand || ' ' || v.model FROM customers c, vehicles v
         WHERE c.id = ?1 AND v.id = ?2",
    )?;
    let mut ro = conn.prepare_cached(
        "SELECT ro_number, advisor FROM repair_orders WHERE vehicle_id = ?1 AND opened = ?2
         ORDER BY id DESC LIMIT 1",
    )?;
    let mut rows = Vec::with_capacity(lost.len());
    for (c, d, v) in &lost {
        let (name, mobile, plate, car): (String, Option<String>, Option<String>, String) = who
            .query_row(params![c, v], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
        let (ro_number, advisor): (String, String) =
            ro.query_row(params![v, d], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let days = NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|x| (asof - x).num_days())
            .unwrap_or(0);
        rows.push(vec![
            Value::Int(*c),
            Value::Text(name),
            Value::code_of(mobile.as_deref()),
            opt_text(plate),
            Value::Text(car.trim().to_string()),
            Value::Text(d.clone()),
            Value::Int(days),
            Value::Code(ro_number),
            Value::Text(advisor),
        ]);
    }
    let n = rows.len();
    Ok(Sheet {
        keys: Vec::new(),
        cells: Default::default(),
        title: match lang {
            Lang::Zh => format!("流失客户（{months}个月未回厂）"),
            Lang::En => format!("Customers not back in {months} months"),
        },
        columns: headers(
            ctx,
            &[
                ("客户编号", "Customer no."),
                ("姓名", "Name"),
                ("手机", "Mobile"),
                ("车牌", "Plate"),
                ("车型", "Car"),
                ("最后进厂", "Last visit"),
                ("未回厂天数", "Days since"),
                ("最后工单号", "Last RO"),
                ("服务顾问", "Advisor"),
            ],
        ),
        rows,
        notes: vec![match lang {
            Lang::Zh => format!(
                "截至 {asof}，自 {cutoff} 起 {months} 个月内没有进厂记录的客户共 {n} 位（只计曾经进厂的客户；车牌、车型为最后进厂的车辆）"
            ),
            Lang::En => format!(
                "As of {asof}: {n} customers with no repair visit since {cutoff} (only customers who visited before; plate and car of the last visit)"
            ),
        }],
    })
}
