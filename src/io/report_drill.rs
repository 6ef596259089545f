//! Drilling into a report: each summary row names the records behind its figures (a
//! [`Drill`]), and [`drill`] lists them — the calls of a template or an agent, the
//! callbacks of a kind, the bookings of a period, the vehicles of a brand, model or age,
//! the customers who came so many times. Lists stop at [`DRILL_LIMIT`] rows (the export
//! has them all); every row names its customer, so the desk can open the file.

use super::Ctx;
use crate::domain::appointments::{Channel as ApptChannel, Status as ApptStatus};
use crate::domain::callbacks::{Kind, Status as TaskStatus};
use crate::domain::validate::mask_mobile;
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use chrono::{Months, NaiveDate};
use rusqlite::Connection;
use rusqlite::types::Value as Sql;

/// Rows shown in a drill-down list.
pub const DRILL_LIMIT: usize = 500;

/// The records behind a summary row.
#[derive(Debug, Clone, PartialEq)]
pub enum Drill {
    /// Calls started in the days, of a template and/or an agent (`Some(None)`: no agent).
    Calls {
        from: NaiveDate,
        to: NaiveDate,
        template: Option<String>,
        agent: Option<Option<i64>>,
    },
    /// Callback tasks of a kind: due in the days (`status` None), or closed in the days
    /// with that status (done, failed, expired); of one agent when given.
    Callbacks {
        from: NaiveDate,
        to: NaiveDate,
        kind: Option<Kind>,
        status: Option<TaskStatus>,
        agent: Option<i64>,
        /// Only those done within their window (store day of completion).
        on_time: bool,
        /// Only those with an agent (the holder, else whoever recorded the last attempt).
        attributed: bool,
    },
    /// Bookings starting in the days, of a kind.
    Appointments {
        from: NaiveDate,
        to: NaiveDate,
        filter: ApptFilter,
    },
    /// Complaints received in the days, of a category, station (as stored: empty for
    /// none) and/or handler; `closed`: only the closed ones.
    Complaints {
        from: NaiveDate,
        to: NaiveDate,
        category: Option<crate::domain::complaints::Category>,
        station: Option<String>,
        handler: Option<i64>,
        closed: bool,
        /// Only those with a handler.
        assigned: bool,
        /// Only those that kept every deadline so far (worked out from their logs).
        kept: bool,
    },
    /// Vehicles bought by `asof` of a brand, model or age bucket (`Some(None)`: unknown).
    Vehicles {
        asof: NaiveDate,
        brand: Option<String>,
        model: Option<String>,
        age: Option<Option<(u32, Option<u32>)>>,
    },
    /// Customers with a car and `min..=max` visits in the days.
    Visits {
        from: NaiveDate,
        to: NaiveDate,
        min: i64,
        max: Option<i64>,
    },
}

/// Which bookings an appointment figure counts (rescheduled ones count at their new time).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ApptFilter {
    All,
    Showed,
    NoShow,
    ShowedOrNoShow,
    Cancelled,
    Pending,
    Overflow,
    /// Checked in and service started (the waits the average is taken over).
    Waited,
    Channel(ApptChannel),
    CancelledBy(crate::domain::appointments::CancelledBy),
    Reason(crate::domain::appointments::CancelReason),
}

impl ApptFilter {
    /// The SQL condition on `a` (codes are the app's own, never user text).
    fn sql(self) -> String {
        let showed = "a.status IN ('arrived', 'in_service', 'completed')";
        match self {
            ApptFilter::All => "a.status <> 'rescheduled'".into(),
            ApptFilter::Showed => showed.into(),
            ApptFilter::NoShow => "a.status = 'no_show'".into(),
            ApptFilter::ShowedOrNoShow => format!("({showed} OR a.status = 'no_show')"),
            ApptFilter::Cancelled => "a.status = 'cancelled'".into(),
            ApptFilter::Pending => "a.status IN ('booked', 'confirmed', 'reminded')".into(),
            ApptFilter::Overflow => {
                "a.status <> 'rescheduled' AND a.overflow_reason IS NOT NULL".into()
            }
            ApptFilter::Waited => "a.status <> 'rescheduled' AND a.checked_in_at IS NOT NULL
                 AND a.service_started_at IS NOT NULL AND a.service_started_at >= a.checked_in_at"
                .into(),
            ApptFilter::Channel(c) => {
                format!("a.status <> 'rescheduled' AND a.channel = '{}'", c.code())
            }
            ApptFilter::CancelledBy(b) => {
                format!("a.status = 'cancelled' AND a.cancelled_by = '{}'", b.code())
            }
            ApptFilter::Reason(r) => {
                format!(
                    "a.status = 'cancelled' AND a.cancel_reason = '{}'",
                    r.code()
                )
            }
        }
    }
}

/// What Enter on a row does: list the records behind it, or open a customer's file.
#[derive(Debug, Clone, PartialEq)]
pub enum RowKey {
    Drill(Drill),
    Customer(i64),
    /// A complaint: opens it on the Complaints tab.
    Complaint(i64),
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn cols(lang: Lang, list: &[(&str, &str)]) -> Vec<String> {
    list.iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect()
}

/// Which rows a list keeps (a condition SQL cannot say, such as a store-local day).
type Keep<'a> = &'a dyn Fn(&rusqlite::Row<'_>) -> rusqlite::Result<bool>;

fn keep_all(_: &rusqlite::Row<'_>) -> rusqlite::Result<bool> {
    Ok(true)
}

/// Runs `sql` (whose first column is the customer id, NULL allowed) and makes each kept
/// row with `cells`, up to `limit` rows (None: all, for exports); a note says when cut.
fn list(
    conn: &Connection,
    (sql, params): (&str, Vec<Sql>),
    mut sheet: Sheet,
    limit: Option<usize>,
    keep: Keep<'_>,
    cells: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<Vec<Value>>,
) -> Result<Sheet, StoreError> {
    let mut st = conn.prepare(sql)?;
    let mut rows = st.query(rusqlite::params_from_iter(params))?;
    let mut more = false;
    while let Some(r) = rows.next()? {
        if !keep(r)? {
            continue;
        }
        if limit.is_some_and(|l| sheet.rows.len() == l) {
            more = true;
            break;
        }
        let customer: Option<i64> = r.get(0)?;
        sheet.rows.push(cells(r)?);
        sheet.keys.push(customer.map(RowKey::Customer));
    }
    if more {
        sheet.notes.push(format!(
            "… {}+ (e/x {})",
            limit.unwrap_or_default(),
            "→ CSV/XLSX"
        ));
    }
    Ok(sheet)
}

/// Lists the records behind a row, the first [`DRILL_LIMIT`] of them.
pub fn drill(conn: &Connection, d: &Drill, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    drill_up_to(conn, d, ctx, Some(DRILL_LIMIT))
}

/// Lists every record behind a row (for an export).
pub fn drill_all(conn: &Connection, d: &Drill, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    drill_up_to(conn, d, ctx, None)
}

fn drill_up_to(
    conn: &Connection,
    d: &Drill,
    ctx: &Ctx<'_>,
    limit: Option<usize>,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let mut p: Vec<Sql> = Vec::new();
    let bounds = |from: NaiveDate, to: NaiveDate, p: &mut Vec<Sql>| {
        let (a, b) = ctx.bounds(from, to);
        p.push(Sql::Text(a));
        p.push(Sql::Text(b));
    };
    let sheet = |title: String, c: &[(&str, &str)]| Sheet {
        title,
        columns: cols(lang, c),
        ..Default::default()
    };
    let mut out = match d {
        Drill::Calls {
            from,
            to,
            template,
            agent,
        } => {
            let mut sql = String::from(
                "SELECT c.customer_id, c.started_at, c.template_id, cu.name, cu.mobile, v.plate,
                        g.emp_no || ' ' || g.name, c.resolved, c.completeness
                 FROM calls c LEFT JOIN customers cu ON cu.id = c.customer_id
                 LEFT JOIN vehicles v ON v.id = c.vehicle_id LEFT JOIN agents g ON g.id = c.agent_id
                 WHERE c.started_at >= ?1 AND c.started_at < ?2",
            );
            bounds(*from, *to, &mut p);
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
            let s = sheet(
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
                    Value::Text(super::template_name(ctx, &t)),
                    Value::Text(r.get::<_, Option<String>>(3)?.unwrap_or_default()),
                    Value::Text(mask_mobile(
                        &r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    )),
                    Value::Text(r.get::<_, Option<String>>(5)?.unwrap_or_default()),
                    Value::Text(r.get::<_, Option<String>>(6)?.unwrap_or_default()),
                    ctx.yes_no(r.get::<_, i64>(7)? == 1),
                    Value::Int(r.get(8)?),
                ])
            })?
        }
        Drill::Callbacks {
            from,
            to,
            kind,
            status,
            agent,
            on_time,
            attributed,
        } => {
            let mut sql = String::from(
                "SELECT t.customer_id, t.due_date, t.kind, cu.name, cu.mobile, v.plate, t.status,
                        g.emp_no || ' ' || g.name, t.completed_at, t.window_end
                 FROM callback_tasks t LEFT JOIN customers cu ON cu.id = t.customer_id
                 LEFT JOIN vehicles v ON v.id = t.vehicle_id
                 LEFT JOIN agents g ON g.id = coalesce(t.claimed_by, (SELECT a.agent_id
                     FROM callback_attempts a WHERE a.task_id = t.id ORDER BY a.id DESC LIMIT 1))",
            );
            match status {
                // As the report counts them: due ones by their day (skipped left out),
                // closed ones by when they were closed.
                None => {
                    sql.push_str(
                        " WHERE t.due_date >= ?1 AND t.due_date <= ?2 AND t.status <> 'skipped'
                          AND t.channel IN ('call', 'sms')",
                    );
                    p.push(Sql::Text(day(*from)));
                    p.push(Sql::Text(day(*to)));
                }
                Some(st) => {
                    sql.push_str(
                        " WHERE t.completed_at >= ?1 AND t.completed_at < ?2 AND t.status = ?3",
                    );
                    bounds(*from, *to, &mut p);
                    p.push(Sql::Text(st.code().into()));
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
            let s = sheet(
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
            })?
        }
        Drill::Appointments { from, to, filter } => {
            bounds(*from, *to, &mut p);
            let sql = format!(
                "SELECT a.customer_id, a.start_at, cu.name, cu.mobile, v.plate, a.channel,
                        a.advisor, a.status
                 FROM appointments a LEFT JOIN customers cu ON cu.id = a.customer_id
                 LEFT JOIN vehicles v ON v.id = a.vehicle_id
                 WHERE a.start_at >= ?1 AND a.start_at < ?2 AND {} ORDER BY a.start_at",
                filter.sql()
            );
            let title = format!("{} {from} ~ {to}", lang.t("预约记录", "Bookings"));
            let s = sheet(
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
            })?
        }
        Drill::Complaints {
            from,
            to,
            category,
            station,
            handler,
            closed,
            assigned,
            kept,
        } => {
            let mut sql = String::from(
                "SELECT c.customer_id, c.received_at, c.id, cu.name, cu.mobile, c.category,
                        c.station, c.status, g.emp_no || ' ' || g.name
                 FROM complaints c LEFT JOIN customers cu ON cu.id = c.customer_id
                 LEFT JOIN agents g ON g.id = c.handler_id
                 WHERE c.received_at >= ?1 AND c.received_at < ?2",
            );
            bounds(*from, *to, &mut p);
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
                let ids: Vec<String> = super::sla::facts(conn, *from, *to, ctx)?
                    .into_iter()
                    .filter(|f| f.sla_kept)
                    .map(|f| f.id.to_string())
                    .collect();
                sql.push_str(&format!(" AND c.id IN ({})", ids.join(", ")));
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
            let s = sheet(
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
                    Value::text_of(super::sla::category_label(&r.get::<_, String>(5)?, lang)),
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
            s
        }
        Drill::Vehicles {
            asof,
            brand,
            model,
            age,
        } => vehicles(conn, ctx, (*asof, brand, model, *age), limit)?,
        Drill::Visits { from, to, min, max } => visits(conn, ctx, (*from, *to, *min, *max), limit)?,
    };
    out.notes.insert(
        0,
        match lang {
            Lang::Zh => format!("共 {} 条（Enter 打开）", out.rows.len()),
            Lang::En => format!("{} rows (Enter opens one)", out.rows.len()),
        },
    );
    Ok(out)
}

type VehicleFilter<'a> = (
    NaiveDate,
    &'a Option<String>,
    &'a Option<String>,
    Option<Option<(u32, Option<u32>)>>,
);

fn vehicles(
    conn: &Connection,
    ctx: &Ctx<'_>,
    (asof, brand, model, age): VehicleFilter<'_>,
    limit: Option<usize>,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let mut sql = String::from(
        "SELECT v.customer_id, cu.name, cu.mobile, v.plate, v.brand, v.model, v.purchase_date,
                v.mileage_km
         FROM vehicles v JOIN customers cu ON cu.id = v.customer_id
         WHERE (v.purchase_date IS NULL OR v.purchase_date <= ?1)",
    );
    let mut p = vec![Sql::Text(day(asof))];
    if let Some(b) = brand {
        sql.push_str(&format!(" AND v.brand = ?{}", p.len() + 1));
        p.push(Sql::Text(b.clone()));
    }
    if let Some(m) = model {
        sql.push_str(&format!(" AND v.model = ?{}", p.len() + 1));
        p.push(Sql::Text(m.clone()));
    }
    match age {
        None => {}
        Some(None) => sql.push_str(" AND v.purchase_date IS NULL"),
        Some(Some((lo, hi))) => {
            // Bought in (asof - hi years, asof - lo years].
            let years_before =
                |y: u32| asof.checked_sub_months(Months::new(12 * y)).unwrap_or(asof);
            sql.push_str(&format!(" AND v.purchase_date <= ?{}", p.len() + 1));
            p.push(Sql::Text(day(years_before(lo))));
            if let Some(h) = hi {
                sql.push_str(&format!(" AND v.purchase_date > ?{}", p.len() + 1));
                p.push(Sql::Text(day(years_before(h))));
            }
        }
    }
    sql.push_str(" ORDER BY v.purchase_date DESC, v.id");
    let s = Sheet {
        title: format!("{} {asof}", lang.t("车辆", "Vehicles")),
        columns: cols(
            lang,
            &[
                ("客户", "Customer"),
                ("手机", "Mobile"),
                ("车牌", "Plate"),
                ("车型", "Car"),
                ("购车日期", "Bought"),
                ("里程(km)", "Mileage (km)"),
            ],
        ),
        ..Default::default()
    };
    list(conn, (&sql, p), s, limit, &keep_all, |r| {
        Ok(vec![
            Value::Text(r.get(1)?),
            Value::Text(mask_mobile(
                &r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            )),
            Value::Text(r.get::<_, Option<String>>(3)?.unwrap_or_default()),
            Value::Text(format!(
                "{} {}",
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?
            )),
            Value::Text(r.get::<_, Option<String>>(6)?.unwrap_or_default()),
            r.get::<_, Option<i64>>(7)?.map_or(Value::Empty, Value::Int),
        ])
    })
}

fn visits(
    conn: &Connection,
    ctx: &Ctx<'_>,
    (from, to, min, max): (NaiveDate, NaiveDate, i64, Option<i64>),
    limit: Option<usize>,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let p = vec![
        Sql::Text(day(from)),
        Sql::Text(day(to.succ_opt().unwrap_or(to))),
        Sql::Integer(min),
        Sql::Integer(max.unwrap_or(i64::MAX)),
    ];
    // Per customer with a car: the visits in the days (through the (vehicle_id, opened)
    // index) and the last visit ever.
    let sql = "SELECT id, name, mobile, n, last FROM (
                   SELECT cu.id, cu.name, cu.mobile,
                          (SELECT count(*) FROM repair_orders r JOIN vehicles v ON v.id = r.vehicle_id
                           WHERE v.customer_id = cu.id AND r.opened >= ?1 AND r.opened < ?2) AS n,
                          (SELECT max(r.opened) FROM repair_orders r JOIN vehicles v ON v.id = r.vehicle_id
                           WHERE v.customer_id = cu.id) AS last
                   FROM customers cu WHERE EXISTS (SELECT 1 FROM vehicles v WHERE v.customer_id = cu.id))
               WHERE n BETWEEN ?3 AND ?4 ORDER BY n DESC, id";
    let s = Sheet {
        title: format!(
            "{} {from} ~ {to}",
            lang.t("客户回厂次数", "Customer visits")
        ),
        columns: cols(
            lang,
            &[
                ("客户", "Customer"),
                ("手机", "Mobile"),
                ("期间回厂", "Visits"),
                ("最近回厂", "Last visit"),
            ],
        ),
        ..Default::default()
    };
    list(conn, (sql, p), s, limit, &keep_all, |r| {
        Ok(vec![
            Value::Text(r.get(1)?),
            Value::Text(mask_mobile(
                &r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            )),
            Value::Int(r.get(3)?),
            Value::Text(r.get::<_, Option<String>>(4)?.unwrap_or_default()),
        ])
    })
}
