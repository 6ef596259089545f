//! The work records behind report figures (a child of `report_drill`): calls, callback
//! tasks, bookings and complaints of a period, filtered as each figure counts them.

use super::{ApptFilter, RowKey, Take, bounds, day, keep_all, list, titled};
use crate::domain::appointments::{Channel as ApptChannel, Status as ApptStatus};
use crate::domain::callbacks::{Kind, Status as TaskStatus};
use crate::domain::complaints::Category;
use crate::domain::validate::mask_mobile;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use crate::store::reports::Ctx;
use chrono::NaiveDate;
use rusqlite::Connection;
use rusqlite::types::Value as Sql;

/// Kind, status, agent, on time only, attributed only (see `Drill::Callbacks`).
pub(super) type CallbackFilter<'a> = (
    &'a NaiveDate,
    &'a NaiveDate,
    &'a Option<Kind>,
    &'a Option<TaskStatus>,
    &'a Option<i64>,
    &'a bool,
    &'a bool,
);

/// Category, station, handler, closed, assigned, kept (see `Drill::Complaints`).
pub(super) type ComplaintFilter<'a> = (
    &'a NaiveDate,
    &'a NaiveDate,
    &'a Option<Category>,
    &'a Option<String>,
    &'a Option<i64>,
    &'a bool,
    &'a bool,
    &'a bool,
);

pub(super) fn calls(
    conn: &Connection,
    ctx: &Ctx<'_>,
    limit: Take<'_>,
    (from, to, template, agent): (
        &NaiveDate,
        &NaiveDate,
        &Option<String>,
        &Option<Option<i64>>,
    ),
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let mut p: Vec<Sql> = Vec::new();
    let mut sql = String::from(
        "SELECT c.customer_id, c.started_at, c.template_id, cu.name, cu.mobile, v.plate,
                g.emp_no || ' ' || g.name, c.resolved, c.completeness
         FROM calls c LEFT JOIN customers cu ON cu.id = c.customer_id
         LEFT JOIN vehicles v ON v.id = c.vehicle_id LEFT JOIN agents g ON g.id = c.agent_id
         WHERE c.started_at >= ?1 AND c.started_at < ?2",
    );
    bounds(ctx, *from, *to, &mut p);
    if let Some(t) = template {
        sql.push_str(" AND c.template_id = ?3");
        p.push(Sql::Text(t.clone()));
    }
    if let Some(a) = agent {
        sql.push_str(&format!(" AND c.agent_id IS ?{}", p.len() + 1));
        p.push(a.map_or(Sql::Null, Sql::Integer));
    }
    sql.push_str(" ORDER BY c.started_at DESC");
    let title = format!("{} {from} ~ {to}", lang.t("来电记录", "Calls"));
    let s = titled(
        lang,
        title,
        &[
            ("时间", "Time"),
            ("模板", "Template"),
            ("客户", "Customer"),
            ("手机", "Mobile"),
            ("车牌", "Plate"),
            ("专员", "Agent"),
            ("当场解决", "Resolved"),
            ("完整度", "Complete"),
        ],
    );
    list(conn, (&sql, p), s, limit, &keep_all, |r| {
        let t: String = r.get(2)?;
        Ok(vec![
            Value::Text(ctx.local(&r.get::<_, String>(1)?)),
            Value::Text(crate::store::reports::template_name(ctx, &t)),
            Value::Text(r.get::<_, Option<String>>(3)?.unwrap_or_default()),
            Value::Text(mask_mobile(
                &r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            )),
            Value::Text(r.get::<_, Option<String>>(5)?.unwrap_or_default()),
            Value::Text(r.get::<_, Option<String>>(6)?.unwrap_or_default()),
            ctx.yes_no(r.get::<_, i64>(7)? == 1),
            Value::Int(r.get(8)?),
        ])
    })
}

pub(super) fn callbacks(
    conn: &Connection,
    ctx: &Ctx<'_>,
    limit: Take<'_>,
    (from, to, kind, status, agent, on_time, attributed): CallbackFilter<'_>,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let mut p: Vec<Sql> = Vec::new();
    let mut sql = String::from(
        "SELECT t.customer_id, t.due_date, t.kind, cu.name, cu.mobile, v.plate, t.status,
                g.emp_no || ' ' || g.name, t.completed_at, t.window_end
         FROM callback_tasks t LEFT JOIN customers cu ON cu.id = t.customer_id
         LEFT JOIN vehicles v ON v.id = t.vehicle_id
         LEFT JOIN agents g ON g.id = coalesce(t.claimed_by, (SELECT a.agent_id
             FROM callback_attempts a WHERE a.task_id = t.id ORDER BY a.id DESC LIMIT 1))",
    );
    match (status, attributed) {
        // The agents' KPIs: done by someone in the period, whatever day they were due.
        (Some(st), true) => {
            sql.push_str(" WHERE t.completed_at >= ?1 AND t.completed_at < ?2 AND t.status = ?3");
            bounds(ctx, *from, *to, &mut p);
            p.push(Sql::Text(st.code().into()));
        }
        // The callbacks report: the tasks due in the period (skipped left out), by how
        // they stand now; `Open` stands for every pending one, open or claimed.
        (st, _) => {
            sql.push_str(
                " WHERE t.due_date >= ?1 AND t.due_date <= ?2 AND t.status <> 'skipped'
                  AND t.channel IN ('call', 'sms')",
            );
            p.push(Sql::Text(day(*from)));
            p.push(Sql::Text(day(*to)));
            match st {
                None => {}
                Some(TaskStatus::Open | TaskStatus::Claimed) => {
                    sql.push_str(" AND t.status IN ('open', 'claimed')");
                }
                Some(st) => {
                    sql.push_str(&format!(" AND t.status = ?{}", p.len() + 1));
                    p.push(Sql::Text(st.code().into()));
                }
            }
        }
    }
    if let Some(k) = kind {
        sql.push_str(&format!(" AND t.kind = ?{}", p.len() + 1));
        p.push(Sql::Text(k.code().into()));
    }
    if let Some(a) = agent {
        sql.push_str(&format!(" AND g.id = ?{}", p.len() + 1));
        p.push(Sql::Integer(*a));
    }
    if *attributed {
        sql.push_str(" AND g.id IS NOT NULL");
    }
    sql.push_str(" ORDER BY t.due_date, t.id");
    let title = format!("{} {from} ~ {to}", lang.t("回访任务", "Callback tasks"));
    let s = titled(
        lang,
        title,
        &[
            ("应回访日", "Due"),
            ("类型", "Kind"),
            ("客户", "Customer"),
            ("手机", "Mobile"),
            ("车牌", "Plate"),
            ("状态", "Status"),
            ("专员", "Agent"),
            ("完成时间", "Completed"),
        ],
    );
    // On time: done on a store day within the window, as the report counts it.
    let tz = ctx.tz;
    let on_time_only = *on_time;
    let keep = move |r: &rusqlite::Row<'_>| -> rusqlite::Result<bool> {
        if !on_time_only {
            return Ok(true);
        }
        let (at, end): (Option<String>, String) = (r.get(8)?, r.get(9)?);
        Ok(at
            .as_deref()
            .and_then(crate::clock::from_db)
            .is_some_and(|t| t.with_timezone(&tz).date_naive().to_string() <= end))
    };
    list(conn, (&sql, p), s, limit, &keep, |r| {
        let kind = Kind::from_code(&r.get::<_, String>(2)?);
        let status = TaskStatus::from_code(&r.get::<_, String>(6)?);
        Ok(vec![
            Value::Text(r.get(1)?),
            Value::text_of(kind.map_or("", |k| k.label(lang))),
            Value::Text(r.get::<_, Option<String>>(3)?.unwrap_or_default()),
            Value::Text(mask_mobile(
                &r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            )),
            Value::Text(r.get::<_, Option<String>>(5)?.unwrap_or_default()),
            Value::text_of(status.map_or("", |s| s.label(lang))),
            Value::Text(r.get::<_, Option<String>>(7)?.unwrap_or_default()),
            Value::Text(
                r.get::<_, Option<String>>(8)?
                    .map(|t| ctx.local(&t))
                    .unwrap_or_default(),
            ),
        ])
    })
}

pub(super) fn appointments(
    conn: &Connection,
    ctx: &Ctx<'_>,
    limit: Take<'_>,
    (from, to, filter): (&NaiveDate, &NaiveDate, &ApptFilter),
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let mut p: Vec<Sql> = Vec::new();
    bounds(ctx, *from, *to, &mut p);
    let sql = format!(
        "SELECT a.customer_id, a.start_at, cu.name, cu.mobile, v.plate, a.channel,
                a.advisor, a.status
         FROM appointments a LEFT JOIN customers cu ON cu.id = a.customer_id
         LEFT JOIN vehicles v ON v.id = a.vehicle_id
         WHERE a.start_at >= ?1 AND a.start_at < ?2 AND {} ORDER BY a.start_at",
        filter.sql()
    );
    let title = format!("{} {from} ~ {to}", lang.t("预约记录", "Bookings"));
    let s = titled(
        lang,
        title,
        &[
            ("时间", "Time"),
            ("客户", "Customer"),
            ("手机", "Mobile"),
            ("车牌", "Plate"),
            ("渠道", "Channel"),
            ("顾问", "Advisor"),
            ("状态", "Status"),
        ],
    );
    list(conn, (&sql, p), s, limit, &keep_all, |r| {
        let ch = ApptChannel::from_code(&r.get::<_, String>(5)?);
        let st = ApptStatus::from_code(&r.get::<_, String>(7)?);
        Ok(vec![
            Value::Text(ctx.local(&r.get::<_, String>(1)?)),
            Value::Text(r.get::<_, Option<String>>(2)?.unwrap_or_default()),
            Value::Text(mask_mobile(
                &r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            )),
            Value::Text(r.get::<_, Option<String>>(4)?.unwrap_or_default()),
            Value::text_of(ch.map_or("", |c| c.label(lang))),
            Value::Text(r.get(6)?),
            Value::text_of(st.map_or("", |s| s.label(lang))),
        ])
    })
}

pub(super) fn complaints(
    conn: &Connection,
    ctx: &Ctx<'_>,
    limit: Take<'_>,
    (from, to, category, station, handler, closed, assigned, kept): ComplaintFilter<'_>,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let mut p: Vec<Sql> = Vec::new();
    let mut sql = String::from(
        "SELECT c.customer_id, c.received_at, c.id, cu.name, cu.mobile, c.category,
                c.station, c.status, g.emp_no || ' ' || g.name
         FROM complaints c LEFT JOIN customers cu ON cu.id = c.customer_id
         LEFT JOIN agents g ON g.id = c.handler_id
         WHERE c.received_at >= ?1 AND c.received_at < ?2 AND ",
    );
    // As the figures count: a complaint withdrawn as registered by mistake is not listed.
    sql.push_str(crate::store::complaints::COUNTED);
    bounds(ctx, *from, *to, &mut p);
    if let Some(c) = category {
        sql.push_str(&format!(" AND c.category = ?{}", p.len() + 1));
        p.push(Sql::Text(c.code().into()));
    }
    if let Some(st) = station {
        sql.push_str(&format!(" AND c.station = ?{}", p.len() + 1));
        p.push(Sql::Text(st.clone()));
    }
    if *assigned {
        sql.push_str(" AND c.handler_id IS NOT NULL");
    }
    if *kept {
        sql.push_str(&kept_within_sla(conn, ctx, (*from, *to), &mut p)?);
    }
    if let Some(h) = handler {
        sql.push_str(&format!(" AND c.handler_id = ?{}", p.len() + 1));
        p.push(Sql::Integer(*h));
    }
    if *closed {
        sql.push_str(" AND c.status = 'closed'");
    }
    sql.push_str(" ORDER BY c.received_at, c.id");
    let title = format!("{} {from} ~ {to}", lang.t("投诉记录", "Complaints"));
    let s = titled(
        lang,
        title,
        &[
            ("受理时间", "Received"),
            ("编号", "No."),
            ("客户", "Customer"),
            ("手机", "Mobile"),
            ("类别", "Category"),
            ("责任站", "Station"),
            ("状态", "Status"),
            ("处理人", "Handler"),
        ],
    );
    let mut s = list(conn, (&sql, p), s, limit, &keep_all, |r| {
        let status = crate::domain::complaints::Status::from_code(&r.get::<_, String>(7)?);
        Ok(vec![
            Value::Text(ctx.local(&r.get::<_, String>(1)?)),
            Value::Int(r.get(2)?),
            Value::Text(r.get::<_, Option<String>>(3)?.unwrap_or_default()),
            Value::Text(mask_mobile(
                &r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            )),
            Value::text_of(crate::store::reports::sla::category_label(
                &r.get::<_, String>(5)?,
                lang,
            )),
            Value::Text(r.get(6)?),
            Value::text_of(status.map_or("", |s| s.label(lang))),
            Value::Text(r.get::<_, Option<String>>(8)?.unwrap_or_default()),
        ])
    })?;
    // A complaint's row opens the complaint itself.
    s.keys = s
        .rows
        .iter()
        .map(|r| match r.get(1) {
            Some(Value::Int(id)) => Some(RowKey::Complaint(*id)),
            _ => None,
        })
        .collect();
    Ok(s)
}

/// The condition keeping the complaints (received in the days) that kept every deadline so
/// far: judged in SQL from their marks (`complaints::marks`), wall-clock or business time
/// as the deadlines count; those the marks cannot judge (business marks read under another
/// calendar, logs with steps after now) are judged from their logs, read in one query
/// (`sla::kept_by_logs`).
fn kept_within_sla(
    conn: &Connection,
    ctx: &Ctx<'_>,
    (from, to): (NaiveDate, NaiveDate),
    p: &mut Vec<Sql>,
) -> Result<String, StoreError> {
    use crate::store::complaints::marks;
    let ids_of = |ids: Vec<i64>| {
        ids.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sla = crate::store::reports::sla::kept_by_logs;
    let (a, b) = ctx.bounds(from, to);
    let time = crate::domain::calendar::BusinessTime::new(
        ctx.calendar,
        crate::domain::calendar::BusinessHours::default(),
        ctx.tz,
    );
    let Some(kept) = marks::kept(ctx.now, &ctx.sla, &time) else {
        let mut st = conn.prepare_cached(
            "SELECT id, severity FROM complaints WHERE received_at >= ?1 AND received_at < ?2",
        )?;
        let rows: Vec<(i64, String)> = st
            .query_map([&a, &b], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        return Ok(format!(" AND c.id IN ({})", ids_of(sla(conn, &rows, ctx)?)));
    };
    let judged = kept.sql(p.len() + 1);
    p.extend(kept.args().iter().copied().map(Sql::Integer));
    // The ones the marks cannot judge (usually none), from their logs.
    let mut st = conn.prepare_cached(&format!(
        "SELECT c.id, c.severity FROM complaints c
         WHERE c.received_at >= ?1 AND c.received_at < ?2 AND ({}) IS NULL",
        kept.sql(3)
    ))?;
    let mut args_all: Vec<Sql> = vec![Sql::Text(a), Sql::Text(b)];
    args_all.extend(kept.args().iter().copied().map(Sql::Integer));
    let open: Vec<(i64, String)> = st
        .query_map(rusqlite::params_from_iter(args_all.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    let kept = sla(conn, &open, ctx)?;
    Ok(format!(" AND (({judged}) OR c.id IN ({}))", ids_of(kept)))
}
