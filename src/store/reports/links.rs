//! Which records each figure of a report leads to (a child of `report`): the row's
//! drill-down (a template's calls, an agent's calls, a kind's callbacks, a customer, a
//! complaint) and, where a column counts something else, the cell's own — an agent's
//! calls under a template, an agent's complaints and callbacks, a kind's done, failed or
//! expired callbacks.

use super::drill::{Drill, RowKey};
use super::{Ctx, Range, Report};
use crate::domain::callbacks::{Kind, Status as TaskStatus};
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::store::StoreError;
use rusqlite::Connection;
use std::collections::HashMap;

fn lang_total(lang: Lang) -> &'static str {
    lang.t("合计", "Total")
}

/// Sets the rows' (when the report left them empty) and the cells' records.
pub(super) fn link(
    conn: &Connection,
    report: Report,
    range: &Range,
    sheet: &mut Sheet,
    ctx: &Ctx<'_>,
) -> Result<(), StoreError> {
    let (from, to) = range.or_this_month(ctx.today());
    let total = |v: &Value| v.text() == lang_total(ctx.lang);
    let agents: HashMap<String, i64> = conn
        .prepare("SELECT emp_no, id FROM agents")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let calls = |template: Option<String>, agent: Option<Option<i64>>| {
        RowKey::Drill(Drill::Calls {
            from,
            to,
            template,
            agent,
        })
    };
    // Callback tasks of a kind; with a status, those closed so; `by_agent`: the KPIs'
    // count (done by someone; `agent` None is every agent).
    let callbacks = |kind: Option<Kind>,
                     status: Option<TaskStatus>,
                     agent: Option<i64>,
                     on_time: bool,
                     by_agent: bool| {
        RowKey::Drill(Drill::Callbacks {
            from,
            to,
            kind,
            status,
            agent,
            on_time,
            attributed: by_agent,
        })
    };
    let done = Some(TaskStatus::Done);
    // The agent KPIs count complaints with a handler: `handler` None is every handler.
    let complaints = |handler: Option<i64>, closed: bool, kept: bool| {
        RowKey::Drill(Drill::Complaints {
            from,
            to,
            category: None,
            station: None,
            handler,
            closed,
            assigned: true,
            kept,
        })
    };
    // The agent a row is about: Some(None) for calls logged without one.
    let agent_of = |v: &Value| -> Option<Option<i64>> {
        match v {
            v if total(v) => None,
            Value::Text(emp) | Value::Code(emp) if !emp.is_empty() => {
                Some(agents.get(emp).copied())
            }
            _ => Some(None),
        }
    };
    // The agents of the calls-by-template columns after the fixed four.
    let column_agents: Vec<Option<i64>> = sheet
        .columns
        .iter()
        .skip(4)
        .map(|c| {
            c.split_once(' ')
                .and_then(|(emp, _)| agents.get(emp).copied())
        })
        .collect();
    let fill_keys = sheet.keys.is_empty();
    for (r, row) in sheet.rows.iter().enumerate() {
        let first = row.first().cloned().unwrap_or(Value::Empty);
        let key = match (report, &first) {
            (Report::Customers | Report::CustomersChurn, Value::Int(id)) => {
                Some(RowKey::Customer(*id))
            }
            (Report::CallsByTemplate, _) => {
                // The report set each row's template calls (the id is not a column).
                let template = match sheet.keys.get(r) {
                    Some(Some(RowKey::Drill(Drill::Calls { template, .. }))) => template.clone(),
                    _ => None,
                };
                for (j, a) in column_agents.iter().enumerate() {
                    sheet
                        .cells
                        .insert((r, 4 + j), calls(template.clone(), Some(*a)));
                }
                Some(calls(template, None))
            }
            (Report::Agents, v) => {
                let agent = agent_of(v);
                let id = agent.flatten();
                if id.is_some() || agent.is_none() {
                    sheet.cells.insert((r, 7), complaints(id, false, false));
                    sheet.cells.insert((r, 8), complaints(id, true, false));
                    sheet.cells.insert((r, 9), complaints(id, false, true));
                    sheet
                        .cells
                        .insert((r, 10), callbacks(None, done, id, false, true));
                    sheet
                        .cells
                        .insert((r, 11), callbacks(None, done, id, true, true));
                }
                Some(calls(None, agent))
            }
            (Report::Callbacks, v) => {
                let kind = Kind::ALL
                    .into_iter()
                    .find(|k| k.label(ctx.lang) == v.text());
                // Every column counts the tasks due in the period; `Open` lists the
                // pending ones (open or claimed), the average the done ones scored.
                for (c, st) in [
                    (2, TaskStatus::Done),
                    (4, TaskStatus::Failed),
                    (5, TaskStatus::Expired),
                    (6, TaskStatus::Open),
                    (8, TaskStatus::Done),
                ] {
                    sheet
                        .cells
                        .insert((r, c), callbacks(kind, Some(st), None, false, false));
                }
                sheet
                    .cells
                    .insert((r, 3), callbacks(kind, done, None, true, false));
                Some(callbacks(kind, None, None, false, false))
            }
            (Report::Complaints, Value::Int(id)) => Some(RowKey::Complaint(*id)),
            _ => None,
        };
        if fill_keys {
            sheet.keys.push(key);
        }
    }
    Ok(())
}
