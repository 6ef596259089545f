//! The reports the office prints or exports: the customer list, the call log and its
//! counts per template and agent, the complaints month-end summary, agent KPIs and the
//! customers who stopped coming. Each is a `Sheet`, computed with indexed range queries
//! (calls by `started_at`, complaints by `received_at`, last visits through
//! `repair_orders(vehicle_id, opened)`), so a month of a 100,000-customer store is quick.
//! Dates given are store-local days, both ends included. `defs`: what each figure counts,
//! one line per column in both languages (its column numbers are these queries').

use crate::clock::{from_db, to_db};
use crate::domain::calendar::BusinessCalendar;
use crate::domain::complaints::SlaSettings;
use crate::domain::templates::TemplateSet;
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;

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
    /// Document hand-over (资料交接): sales documents within 2 working days of delivery.
    Handover,
    /// Improvement actions (整改) per department: raised, done on time, late, overdue.
    Improvements,
    /// The monthly assessment (绩效考核): each agent's figures weighed into one total.
    Kpi,
    /// Call-quality reviews (通话品质): averages per agent and criterion.
    Quality,
}

impl Report {
    pub const ALL: [Report; 15] = [
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
        Report::Handover,
        Report::Improvements,
        Report::Kpi,
        Report::Quality,
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
            Report::Handover => "handover",
            Report::Improvements => "improvements",
            Report::Kpi => "kpi",
            Report::Quality => "quality",
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
            Report::Handover => lang.t("资料交接", "Document hand-over"),
            Report::Improvements => lang.t("整改跟踪", "Improvement actions"),
            Report::Kpi => lang.t("回访员绩效KPI考核", "Monthly KPI assessment"),
            Report::Quality => lang.t("通话品质评价汇总", "Call-quality reviews"),
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
            // One example, the report's own: a date or a month.
            crate::domain::validate::parse_date(s, crate::domain::validate::Field::Date).map_err(
                |_| {
                    let s = crate::text::inert(s);
                    match lang {
                        Lang::Zh => {
                            format!("{flag} {s}：不是有效的日期或月份（如 2026-11-01 或 2026-11）")
                        }
                        Lang::En => {
                            format!(
                                "{flag} {s}: not a valid date or month (e.g. 2026-11-01 or 2026-11)"
                            )
                        }
                    }
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
    /// Who looks: the per-agent reports show an agent only their own row and the desk's.
    pub viewer: Viewer,
}

/// Whose rows of the per-agent reports (agents, KPI, call quality) are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Viewer {
    /// A supervisor (or the administrator of a store with no agents yet): every agent.
    #[default]
    All,
    /// An agent (None: someone who is none): their own row and the desk's total only.
    Own(Option<i64>),
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
        Report::Callbacks => more::callbacks(conn, range, ctx),
        Report::Appointments => more::appointments(conn, range, ctx),
        Report::CustomerGroups => groups::customer_groups(conn, range, ctx),
        Report::Loyalty => groups::loyalty(conn, range, ctx),
        Report::ComplaintStats => sla::complaints_stats(conn, range, ctx),
        Report::Handover => handover::handover(conn, range, ctx),
        Report::Improvements => improvements::improvements(conn, range, ctx),
        Report::Kpi => assessment::kpi(conn, range, ctx),
        Report::Quality => reviews::quality(conn, range, ctx),
    }?;
    links::link(conn, report, range, &mut sheet, ctx)?;
    if let Viewer::Own(me) = ctx.viewer {
        own::restrict(conn, report, &mut sheet, me, ctx.lang)?;
    }
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
        Lang::En => lang.count(rows.len(), "位客户", "customer", "customers"),
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

mod calls;
use calls::{calls, calls_by_template, template_name};

mod kpi;
use kpi::{agents, churn, complaints};

pub mod defs;

pub mod drill;
pub use drill::{ApptFilter, DRILL_LIMIT, Drill, RowKey};

pub mod groups;

pub mod sla;

mod links;

mod handover;

mod improvements;

mod more;

pub mod assessment;

mod reviews;

mod own;

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
        // One example each, the report's own.
        let zh = Range::parse(Some("2026-13"), None, Lang::Zh).unwrap_err();
        assert_eq!(
            zh,
            "--from 2026-13：不是有效的日期或月份（如 2026-11-01 或 2026-11）"
        );
        let en = Range::parse(None, Some("2026-02-30"), Lang::En).unwrap_err();
        assert_eq!(
            en,
            "--to 2026-02-30: not a valid date or month (e.g. 2026-11-01 or 2026-11)"
        );
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
