//! `frontdesk complaints [--overdue] [--month YYYY-MM] [--csv FILE]`: complaints with their
//! state and next deadline, the month's valid complaints per station (2 or more flagged),
//! and the month-end summary (质量信息反馈处理汇总表) as CSV.

use super::start::open_db;
use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::calendar::{BusinessCalendar, BusinessHours, BusinessTime};
use crate::domain::calls::span;
use crate::domain::complaints::{self as dc, ClockState, SlaSettings};
use crate::i18n::Lang;
use crate::store::complaints::{self as sc, Show};
use crate::text::inert;
use anyhow::{Result, anyhow};
use std::path::Path;

fn parse_month(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.split_once('-')?;
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some((y, m))
}

pub fn run(
    s: &Settings,
    overdue_only: bool,
    month: Option<&str>,
    csv: Option<&Path>,
) -> Result<i32> {
    let lang = s.lang;
    let db = open_db(s)?;
    let month = match month {
        Some(m) => Some(parse_month(m).ok_or_else(|| {
            anyhow!(match lang {
                Lang::Zh => format!("--month {}：应为 年-月，如 2026-11", inert(m)),
                Lang::En => format!("--month {}: expected YYYY-MM, e.g. 2026-11", inert(m)),
            })
        })?),
        None => None,
    };
    // The store's settings (in its database) decide the deadlines, as in the app.
    let setup = crate::setup::load(
        &crate::store::settings::files(db.conn()),
        s.config_dir.as_deref(),
        s.tz,
    );
    let calendar = setup.calendar;
    let sla = setup.store.sla_in_force(s.sla_business_hours);
    let tz = setup.store.tz;
    let clock = Clock::from_env(tz).map_err(|e| anyhow!(e))?;
    if overdue_only && month.is_none() && csv.is_none() {
        let cal = (&sla, &calendar, tz);
        let lines = overdue(&db, lang, cal, &clock).map_err(|e| anyhow!(e.message(lang)))?;
        for line in &lines {
            println!("{line}");
        }
        if lines.is_empty() {
            println!("{}", none_listed(lang, true, None));
        }
        return Ok(0);
    }
    let show = if month.is_some() {
        Show::All
    } else {
        Show::Open
    };
    let rows = sc::list(db.conn(), show, month, tz, LIMIT).map_err(|e| anyhow!(e.message(lang)))?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut logs = sc::events_of(db.conn(), &ids).map_err(|e| anyhow!(e.message(lang)))?;
    let mut tally_items = Vec::new();
    let mut summary = Vec::new();
    let mut listed = 0;
    for r in &rows {
        let events = logs.remove(&r.id).unwrap_or_default();
        let clocks = clocks_of(&events, r.severity, (&sla, &calendar, tz), &clock);
        let state = dc::fold(&events);
        let valid = dc::is_valid_complaint(r.category, &state, &clocks);
        // Withdrawn (registered by mistake): listed as such, counted nowhere.
        if state.is_withdrawn() {
            if !overdue_only {
                println!("{}", line(r, &clocks, lang, &clock));
                listed += 1;
            }
            continue;
        }
        tally_items.push((
            if r.station.is_empty() {
                lang.t("（未填）", "(none)").to_string()
            } else {
                r.station.clone()
            },
            dc::month_of(r.received_at, tz),
            valid,
        ));
        summary.push(vec![
            r.id.to_string(),
            clock.fmt_local(r.received_at),
            inert(&r.customer),
            r.category.label(lang).to_string(),
            r.severity.label(lang).to_string(),
            inert(&r.station),
            inert(&r.summary),
            inert(&r.demand),
            r.status.label(lang).to_string(),
            state.resolution.clone().unwrap_or_default(),
            state
                .four_fields
                .as_ref()
                .map(|f| f.root_cause.clone())
                .unwrap_or_default(),
            state
                .four_fields
                .as_ref()
                .map(|f| f.corrective_action.clone())
                .unwrap_or_default(),
            state
                .confirmation
                .as_ref()
                .map(|c| c.satisfaction.to_string())
                .unwrap_or_default(),
            if valid {
                lang.t("是", "yes")
            } else {
                lang.t("否", "no")
            }
            .to_string(),
        ]);
        if overdue_only && !clocks.iter().any(|c| c.state == ClockState::Overdue) {
            continue;
        }
        println!("{}", line(r, &clocks, lang, &clock));
        listed += 1;
    }
    if listed == 0 {
        println!("{}", none_listed(lang, overdue_only, month));
    } else if rows.len() == LIMIT {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!("（只列出前 {LIMIT} 条；请用 --month 按月查看）"),
                Lang::En => format!("(the first {LIMIT} only; use --month for one month)"),
            }
        );
    }
    if let Some(path) = csv {
        let header = match lang {
            Lang::Zh => vec![
                "编号",
                "受理时间",
                "客户",
                "类别",
                "严重程度",
                "责任站/部门",
                "经过",
                "诉求",
                "状态",
                "处理结果",
                "原因分析",
                "纠正措施",
                "满意度",
                "有效投诉",
            ],
            Lang::En => vec![
                "No.",
                "Received",
                "Customer",
                "Category",
                "Severity",
                "Station",
                "What happened",
                "Customer asks",
                "Status",
                "Resolution",
                "Root cause",
                "Corrective action",
                "Satisfaction",
                "Valid",
            ],
        };
        crate::export::write_csv(path, &header, &summary)
            .map_err(|e| anyhow!(lang.file_problem(path, &e)))?;
        println!("{} {}", lang.t("已导出", "Exported"), path.display());
    }
    if let Some((y, m)) = month {
        println!();
        println!(
            "{} {y}-{m:02}",
            lang.t("有效投诉（按责任站/部门）", "Valid complaints per station")
        );
        let tally = dc::monthly_tally(&tally_items);
        let of_month: Vec<_> = tally.iter().filter(|t| t.month == (y, m)).collect();
        if of_month.is_empty() {
            println!("  {}", lang.t("（无）", "(none)"));
        }
        for t in of_month {
            let flag = if t.flagged {
                lang.t("  ！达到2起，需整改", "  ! 2 or more: flagged")
            } else {
                ""
            };
            println!(
                "  {:<20} {} / {}{flag}",
                inert(&t.station),
                t.valid_count,
                t.total
            );
        }
    }
    Ok(0)
}

/// The most complaints one listing shows.
const LIMIT: usize = 5000;

/// What an empty listing says: no complaint overdue, none received in the month, or none
/// open.
fn none_listed(lang: Lang, overdue_only: bool, month: Option<(i32, u32)>) -> String {
    match (overdue_only, month, lang) {
        (true, _, Lang::Zh) => "（没有超时的投诉）".into(),
        (true, _, Lang::En) => "(no complaint is overdue)".into(),
        (false, Some((y, m)), Lang::Zh) => format!("（{y}-{m:02} 没有受理的投诉）"),
        (false, Some((y, m)), Lang::En) => format!("(no complaints received in {y}-{m:02})"),
        (false, None, Lang::Zh) => "（没有未结案的投诉）".into(),
        (false, None, Lang::En) => "(no open complaints)".into(),
    }
}

/// The deadlines in force: the settings, the store's calendar and its zone.
pub type Deadlines<'a> = (&'a SlaSettings, &'a BusinessCalendar, chrono_tz::Tz);

fn clocks_of(
    events: &[dc::Event],
    severity: dc::Severity,
    (sla, calendar, tz): Deadlines<'_>,
    clock: &Clock,
) -> Vec<dc::Clock> {
    dc::clocks(
        events,
        severity,
        sla,
        calendar,
        &BusinessHours::default(),
        tz,
        clock.now(),
    )
}

/// The lines `frontdesk complaints --overdue` prints: the open complaints (the first 5,000
/// as listed) with a clock overdue. Only those whose kept marks cannot say every deadline
/// was kept are judged from their logs (read in one query), so the cost follows the open
/// complaints not kept, not the store; with business-hours deadlines, also those whose
/// business marks were read under another calendar.
pub fn overdue(
    db: &crate::store::Db,
    lang: Lang,
    deadlines: Deadlines<'_>,
    clock: &Clock,
) -> Result<Vec<String>, crate::store::StoreError> {
    let (sla, calendar, tz) = deadlines;
    let time = BusinessTime::new(calendar, BusinessHours::default(), tz);
    let kept = sc::marks::kept(clock.now(), sla, &time);
    let rows = sc::marks::overdue_candidates(db.conn(), 5000, kept.as_ref())?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut logs = sc::events_of(db.conn(), &ids)?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            let events = logs.remove(&r.id).unwrap_or_default();
            let clocks = clocks_of(&events, r.severity, deadlines, clock);
            clocks
                .iter()
                .any(|c| c.state == ClockState::Overdue)
                .then(|| line(r, &clocks, lang, clock))
        })
        .collect())
}

/// One complaint's line: number, received, customer, category, status, its next deadline
/// (or how long overdue), what happened.
pub fn line(r: &sc::ComplaintRow, clocks: &[dc::Clock], lang: Lang, clock: &Clock) -> String {
    let next = match dc::next_deadline(clocks) {
        Some(c) if c.state == ClockState::Overdue => format!(
            "{} {} {}",
            c.kind.label(lang),
            lang.t("超时", "overdue by"),
            span(-c.left(), lang)
        ),
        Some(c) => format!(
            "{} {} {}",
            c.kind.label(lang),
            lang.t("还剩", "left"),
            span(c.left(), lang)
        ),
        None => "-".into(),
    };
    format!(
        "#{:<5} {} {:<8} {:<10} {:<8} {}  {}",
        r.id,
        clock.fmt_local(r.received_at),
        inert(&r.customer),
        r.category.label(lang),
        r.status.label(lang),
        next,
        inert(&r.summary)
    )
}
