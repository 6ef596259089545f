//! The document hand-over report (资料交接): the sales files of the cars delivered in the
//! period (due within 2 working days of delivery) and the repair orders handed back in it
//! (due within 1 working day), per staff member — on time, late, still missing, not yet due
//! on the store's calendar — then each late or missing hand-over in a line
//! (`frontdesk report handover --from D --to D`).

use super::drill::Take;
use super::{Ctx, Drill, Range, Report, RowKey};
use crate::domain::handover::{Handover, HandoverKind, StandingKind};
use crate::domain::validate::mask_mobile;
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use crate::store::handover::{self, Pick};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// The late and missing hand-overs of the files from `from` to `to`, as of today, by event.
pub(super) fn overdue(
    conn: &Connection,
    ctx: &Ctx<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Handover>, StoreError> {
    handover::overdue_between(conn, ctx.calendar, ctx.today(), from, to)
}

pub fn handover(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let today = ctx.now.with_timezone(&ctx.tz).date_naive();
    let (from, to) = range.or_this_month(today);
    // Per kind and staff member: due, on time, late, missing, not yet due (counted in SQL).
    let mut per: BTreeMap<(u8, String), [i64; 5]> = BTreeMap::new();
    let none = lang.t("（未填）", "(none)").to_string();
    for f in handover::figures_by_staff(conn, ctx.calendar, today, from, to)? {
        let who = if f.staff.is_empty() {
            none.clone()
        } else {
            f.staff
        };
        // Sales first, then repair.
        let e = per
            .entry((u8::from(f.kind == HandoverKind::Repair), who))
            .or_default();
        for (x, n) in e
            .iter_mut()
            .zip([f.due, f.on_time, f.late, f.missing, f.not_yet_due])
        {
            *x += n;
        }
    }
    let mut sheet = Sheet {
        title: format!("{} {from} ~ {to}", Report::Handover.title(lang)),
        columns: [
            ("员工", "Staff"),
            ("资料", "Documents"),
            ("应交", "Due"),
            ("按时", "On time"),
            ("逾期", "Late"),
            ("未交", "Missing"),
            ("未到期", "Not yet due"),
        ]
        .iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect(),
        ..Default::default()
    };
    let mut total = [0i64; 5];
    // Each figure lists its sales files: the row all of them, a column those so standing.
    let kinds = [
        StandingKind::OnTime,
        StandingKind::Late,
        StandingKind::Missing,
        StandingKind::NotYetDue,
    ];
    let link = |sheet: &mut Sheet, kind: Option<HandoverKind>, staff: Option<String>| {
        let r = sheet.rows.len() - 1;
        let drill = |standing| {
            RowKey::Drill(Drill::Handover {
                from,
                to,
                kind,
                staff: staff.clone(),
                standing,
            })
        };
        for (c, k) in kinds.iter().enumerate() {
            sheet.cells.insert((r, c + 3), drill(Some(*k)));
        }
        sheet.keys.push(Some(drill(None)));
    };
    for ((rank, who), n) in &per {
        let kind = [HandoverKind::Sales, HandoverKind::Repair][usize::from(*rank)];
        let mut row = vec![Value::Text(who.clone()), Value::text_of(kind.label(lang))];
        row.extend(n.iter().map(|x| Value::Int(*x)));
        sheet.rows.push(row);
        let raw = if *who == none {
            String::new()
        } else {
            who.clone()
        };
        link(&mut sheet, Some(kind), Some(raw));
        for (t, x) in total.iter_mut().zip(n) {
            *t += x;
        }
    }
    let mut row = vec![Value::text_of(lang.t("合计", "Total")), Value::Empty];
    row.extend(total.iter().map(|x| Value::Int(*x)));
    sheet.rows.push(row);
    link(&mut sheet, None, None);
    sheet.notes.push(match lang {
        Lang::Zh => format!(
            "{from} 至 {to} 交车的销售档案（资料应在交车后2个工作日内交到客服部）和交车还客的维修工单（1个工作日内）；按本店日历：节假日不计，调休上班日计入；截至 {today}"
        ),
        Lang::En => format!(
            "Sales files of the cars delivered {from} to {to} (documents due at the desk within 2 working days of delivery) and repair orders handed back in those days (within 1 working day); the store's calendar: holidays off, make-up workdays worked; as of {today}"
        ),
    });
    for r in overdue(conn, ctx, from, to)? {
        let plate = if r.plate.is_empty() { "-" } else { &r.plate };
        sheet.notes.push(match (lang, r.kind) {
            (Lang::Zh, HandoverKind::Sales) => format!(
                "{} 交车 {plate} {} · 销售 {} · 应交 {} · {}",
                r.event,
                r.customer,
                r.staff,
                r.deadline,
                r.standing.label(lang)
            ),
            (Lang::Zh, HandoverKind::Repair) => format!(
                "{} 还车 {} {plate} {} · 服务顾问 {} · 应交 {} · {}",
                r.event,
                r.reference,
                r.customer,
                r.staff,
                r.deadline,
                r.standing.label(lang)
            ),
            (Lang::En, HandoverKind::Sales) => format!(
                "delivered {} {plate} {} · sold by {} · due {} · {}",
                r.event,
                r.customer,
                r.staff,
                r.deadline,
                r.standing.label(lang)
            ),
            (Lang::En, HandoverKind::Repair) => format!(
                "handed back {} {} {plate} {} · advisor {} · due {} · {}",
                r.event,
                r.reference,
                r.customer,
                r.staff,
                r.deadline,
                r.standing.label(lang)
            ),
        });
    }
    Ok(sheet)
}

/// The files behind a figure: delivered or handed back from `from` to `to`, of a kind, a
/// staff member (`""`: none recorded) and a standing when given; up to `take.first` rows,
/// and how many in all in `take.found`.
pub(super) fn list(
    conn: &Connection,
    ctx: &Ctx<'_>,
    take: Take<'_>,
    (from, to, file_kind, staff, kind): (
        NaiveDate,
        NaiveDate,
        Option<HandoverKind>,
        Option<&str>,
        Option<StandingKind>,
    ),
) -> Result<Sheet, StoreError> {
    let pick = Pick {
        kind: file_kind,
        staff: staff.map(|s| vec![s.to_string()]),
        standings: kind.into_iter().collect(),
    };
    list_picked(conn, ctx, take, (from, to), &pick)
}

/// The files delivered or handed back from `from` to `to` that `pick` keeps, picked,
/// counted and limited in SQL; only the rows listed are read in full.
pub(super) fn list_picked(
    conn: &Connection,
    ctx: &Ctx<'_>,
    take: Take<'_>,
    (from, to): (NaiveDate, NaiveDate),
    pick: &Pick,
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let mut sheet = Sheet {
        title: format!("{} {from} ~ {to}", Report::Handover.title(lang)),
        columns: [
            ("交车/还车", "Delivered / back"),
            ("资料", "Documents"),
            ("客户", "Customer"),
            ("手机", "Mobile"),
            ("车牌", "Plate"),
            ("员工", "Staff"),
            ("应交日期", "Due"),
            ("交到日期", "Received"),
            ("状态", "Standing"),
        ]
        .iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect(),
        ..Default::default()
    };
    // The drill-down's caller says when the list is cut, with the total.
    let (picked, total) = handover::picked(
        conn,
        ctx.calendar,
        ctx.today(),
        (from, to),
        pick,
        take.first,
    )?;
    take.found.set(Some(total));
    for r in picked {
        sheet.rows.push(vec![
            Value::Text(r.event.to_string()),
            Value::text_of(r.kind.label(lang)),
            Value::Text(r.customer),
            Value::Text(mask_mobile(&r.mobile)),
            Value::Text(r.plate),
            Value::Text(r.staff),
            Value::Text(r.deadline.to_string()),
            r.received
                .map_or(Value::Empty, |d| Value::Text(d.to_string())),
            Value::Text(r.standing.label(lang)),
        ]);
        sheet.keys.push(Some(RowKey::Customer(r.customer_id)));
    }
    Ok(sheet)
}
