//! Complaint figures for a period (a child of `report`): each complaint received in it,
//! with its clocks worked out from its event log as of now — first contact in time,
//! resolved in time, valid or not — then counted by category and by station (with the
//! monthly flag at 2 valid complaints), and per handler for the agent KPIs.

use super::drill::{Drill, RowKey};
use super::{Ctx, Range};
use crate::domain::calendar::BusinessHours;
use crate::domain::complaints::{self as dc, Category, ClockKind, Severity};
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::{StoreError, complaints as sc};
use rusqlite::{Connection, params};
use std::collections::BTreeMap;

/// What the reports need of one complaint.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub id: i64,
    pub category: Category,
    pub station: String,
    pub handler: Option<i64>,
    pub valid: bool,
    /// First contact made within its limit.
    pub contact_kept: bool,
    /// No clock missed (first contact, handler, resolution) so far.
    pub sla_kept: bool,
    pub closed: bool,
    pub month: (i32, u32),
}

/// The complaints received in the period, with their figures.
pub fn facts(
    conn: &Connection,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    ctx: &Ctx<'_>,
) -> Result<Vec<Facts>, StoreError> {
    let (a, b) = ctx.bounds(from, to);
    // A complaint withdrawn as registered by mistake counts nowhere.
    let mut st = conn.prepare_cached(&format!(
        "SELECT c.id, c.category, c.severity, c.station, c.handler_id, c.status, c.received_at
         FROM complaints c WHERE c.received_at >= ?1 AND c.received_at < ?2 AND {}
         ORDER BY c.received_at, c.id",
        sc::COUNTED
    ))?;
    type Row = (i64, String, String, String, Option<i64>, String, String);
    let rows: Vec<Row> = st
        .query_map(params![a, b], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, cat, sev, station, handler, status, received) in rows {
        let category = Category::from_code(&cat).unwrap_or(Category::Other);
        let (clocks, state) = judge(conn, id, &sev, ctx)?;
        let received_at = crate::clock::from_db(&received).unwrap_or_default();
        out.push(Facts {
            id,
            category,
            station: if station.is_empty() {
                ctx.t("（未填）", "(none)")
            } else {
                station
            },
            handler,
            valid: dc::is_valid_complaint(category, &state, &clocks),
            contact_kept: clocks
                .iter()
                .any(|c| c.kind == ClockKind::FirstContact && c.met_at.is_some() && !c.missed()),
            sla_kept: !dc::any_missed(&clocks),
            closed: status == "closed",
            month: dc::month_of(received_at, ctx.tz),
        });
    }
    Ok(out)
}

/// A complaint's clocks as of now and its state, from its event log.
pub(super) fn judge(
    conn: &Connection,
    id: i64,
    severity: &str,
    ctx: &Ctx<'_>,
) -> Result<(Vec<dc::Clock>, dc::ComplaintState), StoreError> {
    let events = sc::events(conn, id)?;
    Ok((clocks_of(&events, severity, ctx), dc::fold(&events)))
}

/// The clocks of a complaint of `severity` (its code) with log `events`, as of now.
pub(super) fn clocks_of(events: &[dc::Event], severity: &str, ctx: &Ctx<'_>) -> Vec<dc::Clock> {
    let severity = Severity::from_code(severity).unwrap_or(Severity::General);
    dc::clocks(
        events,
        severity,
        &ctx.sla,
        ctx.calendar,
        &BusinessHours::default(),
        ctx.tz,
        ctx.now,
    )
}

/// Which of the complaints `rows` (id, severity code) kept every deadline so far, judged
/// from their logs, read in one query.
pub(super) fn kept_by_logs(
    conn: &Connection,
    rows: &[(i64, String)],
    ctx: &Ctx<'_>,
) -> Result<Vec<i64>, StoreError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut logs = sc::events_of(conn, &ids)?;
    Ok(rows
        .iter()
        .filter(|(id, severity)| {
            let events = logs.remove(id).unwrap_or_default();
            !dc::any_missed(&clocks_of(&events, severity, ctx))
        })
        .map(|r| r.0)
        .collect())
}

#[derive(Default)]
struct Tally {
    n: i64,
    valid: i64,
    contact: i64,
    sla: i64,
    closed: i64,
}

impl Tally {
    fn add(&mut self, f: &Facts) {
        self.n += 1;
        self.valid += i64::from(f.valid);
        self.contact += i64::from(f.contact_kept);
        self.sla += i64::from(f.sla_kept);
        self.closed += i64::from(f.closed);
    }
}

fn rate(n: i64, of: i64) -> Value {
    if of == 0 {
        Value::Empty
    } else {
        Value::Num(n as f64 * 100.0 / of as f64, 1)
    }
}

/// Complaints by category and by station: how many, valid, first contact in time, every
/// deadline kept, closed; a station with 2 valid complaints in a month is flagged.
pub fn complaints_stats(
    conn: &Connection,
    range: &Range,
    ctx: &Ctx<'_>,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let (from, to) = range.or_this_month(ctx.today());
    let list = facts(conn, from, to, ctx)?;
    let mut by_cat: BTreeMap<&'static str, (Category, Tally)> = BTreeMap::new();
    let mut by_station: BTreeMap<String, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    for f in &list {
        by_cat
            .entry(f.category.code())
            .or_insert_with(|| (f.category, Tally::default()))
            .1
            .add(f);
        by_station.entry(f.station.clone()).or_default().add(f);
        total.add(f);
    }
    let tally: Vec<(String, (i32, u32), bool)> = list
        .iter()
        .map(|f| (f.station.clone(), f.month, f.valid))
        .collect();
    let flagged: Vec<String> = dc::monthly_tally(&tally)
        .into_iter()
        .filter(|t| t.flagged)
        .map(|t| t.station.clone())
        .collect();
    let mut sheet = Sheet {
        title: format!("{} {from} ~ {to}", lang.t("投诉统计", "Complaint figures")),
        columns: [
            ("维度", "Dimension"),
            ("分组", "Group"),
            ("投诉", "Complaints"),
            ("有效投诉", "Valid"),
            ("10分钟内联系(%)", "Contacted in 10 min (%)"),
            ("时限内处理(%)", "Within SLA (%)"),
            ("已结案", "Closed"),
            ("整改标记", "Flag"),
        ]
        .iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect(),
        ..Default::default()
    };
    let mut push = |dim: &str, group: String, t: &Tally, flag: bool, d: Drill| {
        sheet.rows.push(vec![
            Value::text_of(dim),
            Value::Text(group),
            Value::Int(t.n),
            Value::Int(t.valid),
            rate(t.contact, t.n),
            rate(t.sla, t.n),
            Value::Int(t.closed),
            Value::text_of(if flag {
                lang.t("需整改", "flagged")
            } else {
                ""
            }),
        ]);
        sheet.keys.push(Some(RowKey::Drill(d)));
    };
    let none = ctx.t("（未填）", "(none)");
    let drill = |category: Option<Category>, station: Option<String>| Drill::Complaints {
        from,
        to,
        category,
        // The station as stored (the label of "none" is for the screen only).
        station: station.map(|s| if s == none { String::new() } else { s }),
        handler: None,
        closed: false,
        assigned: false,
        kept: false,
    };
    for (c, t) in by_cat.values() {
        push(
            lang.t("类别", "Category"),
            c.label(lang).to_string(),
            t,
            false,
            drill(Some(*c), None),
        );
    }
    for (s, t) in &by_station {
        let flag = flagged.contains(s);
        push(
            lang.t("责任站", "Station"),
            s.clone(),
            t,
            flag,
            drill(None, Some(s.clone())),
        );
    }
    push(
        lang.t("合计", "Total"),
        String::new(),
        &total,
        false,
        drill(None, None),
    );
    sheet.notes.push(ctx.range_note(from, to));
    sheet.notes.push(ctx.t(
        "有效投诉：维修质量（返修）、服务态度、服务时效、配件供应、价格违规，及处理延误的其他投诉；同一责任站一个月内有效投诉达2起即标记整改",
        "Valid: repair quality (rework), attitude, timeliness, parts supply, price violations, and other complaints whose handling was late; a station with 2 valid in a month is flagged",
    ));
    Ok(sheet)
}

/// Per handler: complaints handled and how many of them kept every deadline.
pub fn per_handler(list: &[Facts]) -> BTreeMap<i64, (i64, i64, i64)> {
    let mut m: BTreeMap<i64, (i64, i64, i64)> = BTreeMap::new();
    for f in list {
        if let Some(h) = f.handler {
            let e = m.entry(h).or_default();
            e.0 += 1;
            e.1 += i64::from(f.closed);
            e.2 += i64::from(f.sla_kept);
        }
    }
    m
}

/// The category labels, for lists.
pub fn category_label(code: &str, lang: Lang) -> &'static str {
    Category::from_code(code)
        .unwrap_or(Category::Other)
        .label(lang)
}
