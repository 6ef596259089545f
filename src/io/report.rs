//! The reports the office prints or exports: the customer list, the call log and its
//! counts per template and agent, the complaints month-end summary, agent KPIs and the
//! customers who stopped coming. Each is a `Sheet`, computed with indexed range queries
//! (calls by `started_at`, complaints by `received_at`, last visits through
//! `repair_orders(vehicle_id, opened)`), so a month of a 100,000-customer store is quick.
//! Dates given are store-local days, both ends included.

use super::sheet::{Sheet, Value};
use crate::clock::{from_db, to_db};
use crate::domain::calendar::BusinessCalendar;
use crate::domain::complaints::SlaSettings;
use crate::domain::templates::{Group, TemplateSet};
use crate::i18n::Lang;
use crate::store::StoreError;
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, params};
use std::collections::{BTreeMap, HashMap};

/// The reports there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Customers,
    Calls,
    CallsByTemplate,
    Complaints,
    Agents,
    CustomersChurn,
    Callbacks,
    Appointments,
    CustomerGroups,
    Loyalty,
    ComplaintStats,
}

impl Report {
    pub const ALL: [Report; 11] = [
        Report::Customers,
        Report::Calls,
        Report::CallsByTemplate,
        Report::Complaints,
        Report::Agents,
        Report::CustomersChurn,
        Report::Callbacks,
        Report::Appointments,
        Report::CustomerGroups,
        Report::Loyalty,
        Report::ComplaintStats,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Report::Customers => "customers",
            Report::Calls => "calls",
            Report::CallsByTemplate => "calls-by-template",
            Report::Complaints => "complaints",
            Report::Agents => "agents",
            Report::CustomersChurn => "customers-churn",
            Report::Callbacks => "callbacks",
            Report::Appointments => "appointments",
            Report::CustomerGroups => "customers-groups",
            Report::Loyalty => "customers-loyalty",
            Report::ComplaintStats => "complaints-stats",
        }
    }

    pub fn parse(s: &str) -> Option<Report> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        Report::ALL.into_iter().find(|r| r.code() == s)
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Report::Customers => lang.t("客户名单", "Customers"),
            Report::Calls => lang.t("来电登记", "Calls"),
            Report::CallsByTemplate => lang.t(
                "来电登记（按模板、专员统计）",
                "Calls by template and agent",
            ),
            Report::Complaints => lang.t("质量信息反馈处理汇总表", "Complaints summary"),
            Report::Agents => lang.t("客服专员工作量", "Agent KPIs"),
            Report::CustomersChurn => lang.t("流失客户", "Lost customers"),
            Report::Callbacks => lang.t("回访报表", "Callbacks"),
            Report::Appointments => lang.t("预约统计", "Appointments"),
            Report::CustomerGroups => lang.t("客户结构", "Customer groups"),
            Report::Loyalty => lang.t("客户忠诚度", "Loyalty"),
            Report::ComplaintStats => lang.t("投诉统计", "Complaint figures"),
        }
    }
}

/// The dates asked for (`--from`, `--to`), store-local, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Range {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Range {
    /// Parses `--from` / `--to`: a date in any form the desk accepts (2026-11-01,
    /// 2026/11/1, 20261101, 2026年11月1日) or a month `2026-11` (from its first day, to its
    /// last). The error is for the user.
    pub fn parse(from: Option<&str>, to: Option<&str>, lang: Lang) -> Result<Range, String> {
        let one = |s: &str, end: bool, flag: &str| -> Result<NaiveDate, String> {
            if let Some(d) = month(s, end) {
                return Ok(d);
            }
            crate::domain::validate::parse_date(s, crate::domain::validate::Field::Date).map_err(
                |e| match lang {
                    Lang::Zh => format!(
                        "{flag} {s}：{}（如 2026-11-01 或 2026-11）",
                        e.message(lang)
                    ),
                    Lang::En => format!(
                        "{flag} {s}: {} (e.g. 2026-11-01 or 2026-11)",
                        e.message(lang)
                    ),
                },
            )
        };
        let r = Range {
            from: from.map(|s| one(s, false, "--from")).transpose()?,
            to: to.map(|s| one(s, true, "--to")).transpose()?,
        };
        if let (Some(f), Some(t)) = (r.from, r.to)
            && f > t
        {
            return Err(match lang {
                Lang::Zh => format!("--from {f} 晚于 --to {t}"),
                Lang::En => format!("--from {f} is after --to {t}"),
            });
        }
        Ok(r)
    }

    /// The range, or this month up to today when a bound is missing.
    pub fn or_this_month(&self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let to = self.to.unwrap_or(today);
        let from = self.from.unwrap_or_else(|| to.with_day(1).unwrap_or(to));
        (from, to)
    }
}

/// `2026-11` → its first or last day.
fn month(s: &str, end: bool) -> Option<NaiveDate> {
    let (y, m) = s.trim().split_once(['-', '/', '.', '年'])?;
    let m = m.trim_end_matches('月');
    if y.len() != 4 || m.is_empty() || m.len() > 2 {
        return None;
    }
    let first = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?;
    if end {
        first.checked_add_months(Months::new(1))?.pred_opt()
    } else {
        Some(first)
    }
}

/// What every report needs besides the database.
pub struct Ctx<'a> {
    pub lang: Lang,
    pub tz: Tz,
    pub now: DateTime<Utc>,
    pub templates: &'a TemplateSet,
    pub calendar: &'a BusinessCalendar,
    pub sla: SlaSettings,
    /// The callback rules in force (survey questions are named from them).
    pub rules: &'a crate::domain::callbacks::Rules,
    /// Months without a visit after which a customer counts as lost (setting, default 12).
    pub churn_months: u32,
}

impl Ctx<'_> {
    fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.tz).date_naive()
    }

    fn t(&self, zh: &str, en: &str) -> String {
        self.lang.t(zh, en).to_string()
    }

    /// [from 00:00, to + 1 day 00:00) in store time, as stored UTC text.
    pub(crate) fn bounds(&self, from: NaiveDate, to: NaiveDate) -> (String, String) {
        let utc = |d: NaiveDate| {
            self.tz
                .from_local_datetime(&d.and_time(NaiveTime::MIN))
                .earliest()
                .map(|t| to_db(t.with_timezone(&Utc)))
                .unwrap_or_default()
        };
        (utc(from), utc(to.succ_opt().unwrap_or(to)))
    }

    fn local(&self, stored: &str) -> String {
        from_db(stored)
            .map(|t| {
                t.with_timezone(&self.tz)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|| stored.to_string())
    }

    pub(crate) fn range_note(&self, from: NaiveDate, to: NaiveDate) -> String {
        match self.lang {
            Lang::Zh => format!("统计期间：{from} 至 {to}（含）"),
            Lang::En => format!("Period: {from} to {to} (inclusive)"),
        }
    }

    fn yes_no(&self, b: bool) -> Value {
        Value::text_of(
            self.lang
                .t(if b { "是" } else { "否" }, if b { "yes" } else { "no" }),
        )
    }
}

/// Builds a report.
pub fn build(
    conn: &Connection,
    report: Report,
    range: &Range,
    ctx: &Ctx<'_>,
) -> Result<Sheet, StoreError> {
    let mut sheet = match report {
        Report::Customers => customers(conn, range, ctx),
        Report::Calls => calls(conn, range, ctx),
        Report::CallsByTemplate => calls_by_template(conn, range, ctx),
        Report::Complaints => complaints(conn, range, ctx),
        Report::Agents => agents(conn, range, ctx),
        Report::CustomersChurn => churn(conn, range, ctx),
        Report::Callbacks => super::report_more::callbacks(conn, range, ctx),
        Report::Appointments => super::report_more::appointments(conn, range, ctx),
        Report::CustomerGroups => groups::customer_groups(conn, range, ctx),
        Report::Loyalty => groups::loyalty(conn, range, ctx),
        Report::ComplaintStats => sla::complaints_stats(conn, range, ctx),
    }?;
    links::link(conn, report, range, &mut sheet, ctx)?;
    Ok(sheet)
}

fn headers(ctx: &Ctx<'_>, cols: &[(&str, &str)]) -> Vec<String> {
    cols.iter().map(|(zh, en)| ctx.t(zh, en)).collect()
}

fn gender_label(code: Option<String>, lang: Lang) -> Value {
    match code.as_deref() {
        Some("M") => Value::text_of(lang.t("男", "M")),
        Some("F") => Value::text_of(lang.t("女", "F")),
        _ => Value::Empty,
    }
}

fn opt_text(s: Option<String>) -> Value {
    match s {
        Some(s) if !s.is_empty() => Value::Text(s),
        _ => Value::Empty,
    }
}

// ---------------------------------------------------------------- customers

fn customers(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    let mut sql = String::from(
        "SELECT c.id, c.name, c.gender, c.birthday, c.mobile, c.landline, c.id_number, c.region,
                c.address, c.vip, c.created_at,
                (SELECT count(*) FROM vehicles v WHERE v.customer_id = c.id),
                (SELECT group_concat(plate, ' ') FROM (SELECT plate FROM vehicles v
                   WHERE v.customer_id = c.id AND plate IS NOT NULL ORDER BY v.id))
         FROM customers c",
    );
    let mut p: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    if range.from.is_some() || range.to.is_some() {
        let from = range
            .from
            .unwrap_or(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default());
        let to = range.to.unwrap_or_else(|| ctx.today());
        let (a, b) = ctx.bounds(from, to);
        sql.push_str(" WHERE c.created_at >= ?1 AND c.created_at < ?2");
        p.extend([a, b]);
        notes.push(match ctx.lang {
            Lang::Zh => format!(
                "建档日期 {} 至 {to}",
                range.from.map_or("-".into(), |d| d.to_string())
            ),
            Lang::En => format!(
                "Created {} to {to}",
                range.from.map_or("-".into(), |d| d.to_string())
            ),
        });
    }
    sql.push_str(" ORDER BY c.id");
    let mut st = conn.prepare(&sql)?;
    let lang = ctx.lang;
    let rows = st.query_map(rusqlite::params_from_iter(p.iter()), |r| {
        Ok(vec![
            Value::Int(r.get(0)?),
            Value::Text(r.get(1)?),
            gender_label(r.get(2)?, lang),
            opt_text(r.get(3)?),
            Value::code_of(r.get::<_, Option<String>>(4)?.as_deref()),
            Value::code_of(r.get::<_, Option<String>>(5)?.as_deref()),
            Value::code_of(r.get::<_, Option<String>>(6)?.as_deref()),
            Value::Text(r.get(7)?),
            Value::Text(r.get(8)?),
            Value::text_of(if r.get::<_, i64>(9)? == 1 { "VIP" } else { "" }),
            Value::Text(ctx.local(&r.get::<_, String>(10)?)),
            Value::Int(r.get(11)?),
            opt_text(r.get(12)?),
        ])
    })?;
    let rows: Vec<Vec<Value>> = rows.collect::<Result<_, _>>()?;
    notes.push(match lang {
        Lang::Zh => format!("共 {} 位客户", rows.len()),
        Lang::En => format!("{} customers", rows.len()),
    });
    Ok(Sheet {
        keys: Vec::new(),
        cells: Default::default(),
        title: Report::Customers.title(lang).into(),
        columns: headers(
            ctx,
            &[
                ("编号", "No."),
                ("姓名", "Name"),
                ("性别", "Gender"),
                ("生日", "Birthday"),
                ("手机", "Mobile"),
                ("固定电话", "Landline"),
                ("身份证号", "ID number"),
                ("地区", "Region"),
                ("地址", "Address"),
                ("VIP", "VIP"),
                ("建档时间", "Created"),
                ("车辆数", "Vehicles"),
                ("车牌", "Plates"),
            ],
        ),
        rows,
        notes,
    })
}

// ---------------------------------------------------------------- calls

fn template_name(ctx: &Ctx<'_>, id: &str) -> String {
    ctx.templates
        .get(id)
        .map(|t| t.name(ctx.lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn calls(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let (from, to) = range.or_this_month(ctx.today());
    let (a, b) = ctx.bounds(from, to);
    let mut st = conn.prepare(
        "SELECT c.id, c.started_at, coalesce(a.emp_no || ' ' || a.name, ''), coalesce(cu.name, ''),
                cu.mobile, v.plate, c.template_id, c.direction, c.channel, c.sentence, c.resolved,
                c.completeness, c.duration_s
         FROM calls c LEFT JOIN agents a ON a.id = c.agent_id
         LEFT JOIN customers cu ON cu.id = c.customer_id LEFT JOIN vehicles v ON v.id = c.vehicle_id
         WHERE c.started_at >= ?1 AND c.started_at < ?2 ORDER BY c.started_at, c.id",
    )?;
    let (mut resolved, mut score) = (0i64, 0i64);
    let rows = st.query_map(params![a, b], |r| {
        let res = r.get::<_, i64>(10)? == 1;
        let comp: i64 = r.get(11)?;
        Ok((
            res,
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
                ctx.yes_no(res),
                Value::Int(comp),
                Value::Int(r.get(12)?),
            ],
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (res, comp, cells) = row?;
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
                Lang::Zh => format!("共 {n} 条，当场解决 {resolved} 条，平均完整度 {avg:.1}%"),
                Lang::En => format!(
                    "{n} calls, {resolved} resolved on the spot, average completeness {avg:.1}%"
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

fn calls_by_template(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
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
        e.2 += res;
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
            ("模板编号", "Template id"),
            ("模板", "Template"),
            ("分组", "Group"),
            ("合计", "Total"),
            ("当场解决", "Resolved"),
        ],
    );
    columns.extend(agent_ids.iter().map(label));
    let mut rows = Vec::new();
    let mut per_agent: BTreeMap<Option<i64>, i64> = BTreeMap::new();
    let (mut total, mut resolved) = (0, 0);
    for id in &order {
        let (g, n, res, agents) = &by[id];
        let group = Group::parse(g).map_or(g.clone(), |g| g.label(lang).to_string());
        let mut row = vec![
            Value::Code(id.clone()),
            Value::Text(template_name(ctx, id)),
            Value::Text(group),
            Value::Int(*n),
            Value::Int(*res),
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
    Ok(Sheet {
        keys: Vec::new(),
        cells: Default::default(),
        title: Report::CallsByTemplate.title(lang).into(),
        columns,
        rows,
        notes: vec![
            ctx.range_note(from, to),
            super::report_more::trend_note(
                lang,
                [
                    ("每日来电", "Calls per day"),
                    ("每周来电", "Calls per week"),
                ],
                from,
                &super::report_more::per_day(
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

#[path = "report_kpi.rs"]
mod kpi;
use kpi::{agents, churn, complaints};

#[path = "report_drill.rs"]
pub mod drill;
pub use drill::{ApptFilter, DRILL_LIMIT, Drill, RowKey};

#[path = "report_groups.rs"]
pub mod groups;

#[path = "report_sla.rs"]
pub mod sla;

#[path = "report_links.rs"]
mod links;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_accept_days_and_months() {
        let r = Range::parse(Some("2026-11"), Some("2026-11"), Lang::En).unwrap();
        assert_eq!(r.from, NaiveDate::from_ymd_opt(2026, 11, 1));
        assert_eq!(r.to, NaiveDate::from_ymd_opt(2026, 11, 30));
        let r = Range::parse(Some("2026/2/3"), None, Lang::En).unwrap();
        assert_eq!(r.from, NaiveDate::from_ymd_opt(2026, 2, 3));
        assert!(Range::parse(Some("2026-12-01"), Some("2026-11-01"), Lang::En).is_err());
        assert!(Range::parse(Some("yesterday"), None, Lang::Zh).is_err());
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(
            Range::default().or_this_month(today),
            (NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), today)
        );
        assert_eq!(
            Report::parse("calls_by_template"),
            Some(Report::CallsByTemplate)
        );
    }
}
