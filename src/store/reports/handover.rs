//! The document hand-over report (资料交接): the sales files of the cars delivered in the
//! period, per salesperson — on time (within 2 working days of delivery, the store's
//! calendar), late, still missing, not yet due — then each late or missing hand-over in a
//! line (`frontdesk report handover --from D --to D`).

use super::{Ctx, Drill, Range, Report, RowKey};
use crate::domain::handover::{HandoverKind, Standing, StandingKind, standing};
use crate::domain::validate::mask_mobile;
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use std::collections::BTreeMap;

/// One sales file's hand-over.
struct Row {
    customer_id: i64,
    mobile: String,
    received: Option<NaiveDate>,
    delivered: NaiveDate,
    salesperson: String,
    plate: String,
    customer: String,
    deadline: NaiveDate,
    standing: Standing,
}

/// The sales files of the cars delivered from `from` to `to`, with their hand-over's
/// standing as of the context's today.
fn rows(
    conn: &Connection,
    ctx: &Ctx<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Row>, StoreError> {
    let today = ctx.now.with_timezone(&ctx.tz).date_naive();
    let mut st = conn.prepare_cached(
        "SELECT s.delivery_date, s.salesperson, s.documents_received, coalesce(v.plate, ''),
                coalesce(c.name, ''), v.customer_id, coalesce(c.mobile, '')
         FROM sales_files s JOIN vehicles v ON v.id = s.vehicle_id
         LEFT JOIN customers c ON c.id = v.customer_id
         WHERE s.delivery_date BETWEEN ?1 AND ?2 ORDER BY s.delivery_date, s.id",
    )?;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let mut list = Vec::new();
    for r in st.query_map(params![from.to_string(), to.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, String>(6)?,
        ))
    })? {
        let (delivered, salesperson, received, plate, customer, customer_id, mobile) = r?;
        let Some(delivered) = day(&delivered) else {
            continue;
        };
        let deadline = HandoverKind::Sales.deadline(delivered, ctx.calendar);
        let received = received.as_deref().and_then(day);
        list.push(Row {
            customer_id,
            mobile,
            received,
            delivered,
            salesperson: salesperson.trim().to_string(),
            plate,
            customer,
            deadline,
            standing: standing(ctx.calendar, deadline, received, today),
        });
    }
    Ok(list)
}

pub fn handover(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let today = ctx.now.with_timezone(&ctx.tz).date_naive();
    let (from, to) = range.or_this_month(today);
    let list = rows(conn, ctx, from, to)?;
    // Per salesperson: delivered, on time, late, missing, not yet due.
    let mut per: BTreeMap<String, [i64; 5]> = BTreeMap::new();
    let none = lang.t("（未填）", "(none)").to_string();
    for r in &list {
        let who = if r.salesperson.is_empty() {
            none.clone()
        } else {
            r.salesperson.clone()
        };
        let e = per.entry(who).or_default();
        e[0] += 1;
        e[match r.standing {
            Standing::OnTime => 1,
            Standing::Late(_) => 2,
            Standing::Missing(_) => 3,
            Standing::NotYetDue => 4,
        }] += 1;
    }
    let mut sheet = Sheet {
        title: format!("{} {from} ~ {to}", Report::Handover.title(lang)),
        columns: [
            ("销售顾问", "Salesperson"),
            ("交车", "Delivered"),
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
    let link = |sheet: &mut Sheet, salesperson: Option<String>| {
        let r = sheet.rows.len() - 1;
        let drill = |standing| {
            RowKey::Drill(Drill::Handover {
                from,
                to,
                salesperson: salesperson.clone(),
                standing,
            })
        };
        for (c, k) in kinds.iter().enumerate() {
            sheet.cells.insert((r, c + 2), drill(Some(*k)));
        }
        sheet.keys.push(Some(drill(None)));
    };
    for (who, n) in &per {
        let mut row = vec![Value::Text(who.clone())];
        row.extend(n.iter().map(|x| Value::Int(*x)));
        sheet.rows.push(row);
        let raw = if *who == none {
            String::new()
        } else {
            who.clone()
        };
        link(&mut sheet, Some(raw));
        for (t, x) in total.iter_mut().zip(n) {
            *t += x;
        }
    }
    let mut row = vec![Value::text_of(lang.t("合计", "Total"))];
    row.extend(total.iter().map(|x| Value::Int(*x)));
    sheet.rows.push(row);
    link(&mut sheet, None);
    sheet.notes.push(match lang {
        Lang::Zh => format!(
            "{from} 至 {to} 交车的销售档案；资料应在交车后2个工作日内交到客服部（按本店日历：节假日不计，调休上班日计入），截至 {today}"
        ),
        Lang::En => format!(
            "Sales files of the cars delivered {from} to {to}; the documents are due at the desk within 2 working days of delivery (the store's calendar: holidays off, make-up workdays worked), as of {today}"
        ),
    });
    for r in list
        .iter()
        .filter(|r| matches!(r.standing, Standing::Late(_) | Standing::Missing(_)))
    {
        let plate = if r.plate.is_empty() { "-" } else { &r.plate };
        sheet.notes.push(match lang {
            Lang::Zh => format!(
                "{} 交车 {plate} {} · 销售 {} · 应交 {} · {}",
                r.delivered,
                r.customer,
                r.salesperson,
                r.deadline,
                r.standing.label(lang)
            ),
            Lang::En => format!(
                "delivered {} {plate} {} · sold by {} · due {} · {}",
                r.delivered,
                r.customer,
                r.salesperson,
                r.deadline,
                r.standing.label(lang)
            ),
        });
    }
    Ok(sheet)
}

/// The sales files behind a figure: delivered from `from` to `to`, of a salesperson
/// (`""`: none recorded) and a standing when given; up to `limit` rows.
pub(super) fn list(
    conn: &Connection,
    ctx: &Ctx<'_>,
    limit: Option<usize>,
    (from, to, salesperson, kind): (NaiveDate, NaiveDate, Option<&str>, Option<StandingKind>),
) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let mut sheet = Sheet {
        title: format!("{} {from} ~ {to}", Report::Handover.title(lang)),
        columns: [
            ("交车日期", "Delivered"),
            ("客户", "Customer"),
            ("手机", "Mobile"),
            ("车牌", "Plate"),
            ("销售顾问", "Salesperson"),
            ("应交日期", "Due"),
            ("交到日期", "Received"),
            ("状态", "Standing"),
        ]
        .iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect(),
        ..Default::default()
    };
    let picked = rows(conn, ctx, from, to)?.into_iter().filter(|r| {
        salesperson.is_none_or(|s| r.salesperson == s)
            && kind.is_none_or(|k| r.standing.kind() == k)
    });
    for (i, r) in picked.enumerate() {
        if limit.is_some_and(|l| i == l) {
            sheet.notes.push(format!("… {}+ (e/x → CSV/XLSX)", i));
            break;
        }
        sheet.rows.push(vec![
            Value::Text(r.delivered.to_string()),
            Value::Text(r.customer),
            Value::Text(mask_mobile(&r.mobile)),
            Value::Text(r.plate),
            Value::Text(r.salesperson),
            Value::Text(r.deadline.to_string()),
            r.received
                .map_or(Value::Empty, |d| Value::Text(d.to_string())),
            Value::Text(r.standing.label(lang)),
        ]);
        sheet.keys.push(Some(RowKey::Customer(r.customer_id)));
    }
    Ok(sheet)
}
