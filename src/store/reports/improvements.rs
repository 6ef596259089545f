//! The improvement-actions report (整改跟踪): the actions raised in the period, per
//! department — done on time, done late, overdue (past due and not done), not yet due,
//! verified — then each overdue action in a line (`frontdesk report improvements --from D
//! --to D`).

use super::{Ctx, Range, Report};
use crate::domain::improvements::{Department, Standing, Status, standing};
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use std::collections::BTreeMap;

struct Row {
    id: i64,
    department: Department,
    finding: String,
    owner: String,
    due: NaiveDate,
    status: Status,
    standing: Standing,
}

fn rows(
    conn: &Connection,
    ctx: &Ctx<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Row>, StoreError> {
    let today = ctx.today();
    let (a, b) = ctx.bounds(from, to);
    let mut st = conn.prepare_cached(
        "SELECT i.id, i.department, i.finding, coalesce(g.emp_no || ' ' || g.name, ''),
                i.due_date, i.status, i.done_at
         FROM improvements i LEFT JOIN agents g ON g.id = i.owner_id
         WHERE i.raised_at >= ?1 AND i.raised_at < ?2 ORDER BY i.due_date, i.id",
    )?;
    type Raw = (i64, String, String, String, String, String, Option<String>);
    let raw: Vec<Raw> = st
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
    let mut out = Vec::with_capacity(raw.len());
    for (id, dep, finding, owner, due, status, done) in raw {
        let Ok(due) = NaiveDate::parse_from_str(&due, "%Y-%m-%d") else {
            continue;
        };
        let status = Status::from_code(&status).unwrap_or(Status::Open);
        let done = done
            .as_deref()
            .and_then(crate::clock::from_db)
            .map(|t| t.with_timezone(&ctx.tz).date_naive());
        out.push(Row {
            id,
            department: Department::from_code(&dep).unwrap_or(Department::Other),
            finding,
            owner,
            due,
            status,
            standing: standing(status, due, done, today),
        });
    }
    Ok(out)
}

pub fn improvements(conn: &Connection, range: &Range, ctx: &Ctx<'_>) -> Result<Sheet, StoreError> {
    let lang = ctx.lang;
    let today = ctx.today();
    let (from, to) = range.or_this_month(today);
    let list = rows(conn, ctx, from, to)?;
    // raised, on time, late, overdue, not yet due, verified
    let mut per: BTreeMap<Department, [i64; 6]> = BTreeMap::new();
    for r in &list {
        let e = per.entry(r.department).or_default();
        e[0] += 1;
        e[match r.standing {
            Standing::DoneOnTime => 1,
            Standing::DoneLate => 2,
            Standing::Overdue => 3,
            Standing::NotYetDue => 4,
        }] += 1;
        if r.status == Status::Verified {
            e[5] += 1;
        }
    }
    let mut sheet = Sheet {
        title: format!("{} {from} ~ {to}", Report::Improvements.title(lang)),
        columns: [
            ("部门", "Department"),
            ("提出", "Raised"),
            ("按期完成", "Done on time"),
            ("逾期完成", "Done late"),
            ("逾期未完成", "Overdue"),
            ("未到期", "Not yet due"),
            ("已验证", "Verified"),
        ]
        .iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect(),
        ..Default::default()
    };
    let mut total = [0i64; 6];
    for (dep, n) in &per {
        let mut row = vec![Value::text_of(dep.label(lang))];
        row.extend(n.iter().map(|x| Value::Int(*x)));
        sheet.rows.push(row);
        sheet.keys.push(None);
        for (t, x) in total.iter_mut().zip(n) {
            *t += x;
        }
    }
    let mut row = vec![Value::text_of(lang.t("合计", "Total"))];
    row.extend(total.iter().map(|x| Value::Int(*x)));
    sheet.rows.push(row);
    sheet.keys.push(None);
    sheet.notes.push(match lang {
        Lang::Zh => format!(
            "{from} 至 {to} 提出的整改；按期完成 = 完成日不晚于完成期限，逾期未完成 = 已过期限仍未完成，截至 {today}"
        ),
        Lang::En => format!(
            "Actions raised {from} to {to}; on time = done no later than the due date, overdue = past due and not done, as of {today}"
        ),
    });
    for r in list.iter().filter(|r| r.standing == Standing::Overdue) {
        let owner = if r.owner.is_empty() { "-" } else { &r.owner };
        let finding = crate::text::inert(&r.finding);
        sheet.notes.push(match lang {
            Lang::Zh => format!(
                "逾期 #{} {} · 期限 {} · 责任人 {owner} · {} · {finding}",
                r.id,
                r.department.label(lang),
                r.due,
                r.status.label(lang)
            ),
            Lang::En => format!(
                "overdue #{} {} · due {} · owner {owner} · {} · {finding}",
                r.id,
                r.department.label(lang),
                r.due,
                r.status.label(lang).to_lowercase()
            ),
        });
    }
    Ok(sheet)
}
