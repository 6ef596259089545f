//! An agent's view of the per-agent reports (a child of `report`): the agents' workload,
//! the monthly assessment and the call-quality summary show an agent their own row and the
//! desk's total or average, never a colleague's (a supervisor sees every row); the calls by
//! template their own column beside the desk's totals. The desk's rows lead to no records
//! here: behind them are the colleagues' calls and reviews.

use super::Report;
use crate::i18n::Lang;
use crate::io::sheet::Sheet;
use crate::store::StoreError;
use rusqlite::{Connection, OptionalExtension};

/// The label of a report's row for the whole desk (the total, the KPI's average).
pub(super) fn desk_labels(lang: Lang) -> [&'static str; 2] {
    [lang.t("合计", "Total"), lang.t("平均", "Average")]
}

/// Leaves in `sheet` only `me`'s row and the desk's rows (without their records), when
/// the report is one of an agent's figures.
pub(super) fn restrict(
    conn: &Connection,
    report: Report,
    sheet: &mut Sheet,
    me: Option<i64>,
    lang: Lang,
) -> Result<(), StoreError> {
    if !matches!(
        report,
        Report::Agents | Report::Kpi | Report::Quality | Report::CallsByTemplate
    ) {
        return Ok(());
    }
    let emp: Option<String> = match me {
        Some(id) => conn
            .query_row("SELECT emp_no FROM agents WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?,
        None => None,
    };
    if report == Report::CallsByTemplate {
        own_column(sheet, emp.as_deref());
        sheet.notes.push(note(lang));
        return Ok(());
    }
    let desk = desk_labels(lang);
    let rows = std::mem::take(&mut sheet.rows);
    let keys = std::mem::take(&mut sheet.keys);
    let cells = std::mem::take(&mut sheet.cells);
    for (r, row) in rows.into_iter().enumerate() {
        let first = row.first().map(|v| v.text()).unwrap_or_default();
        let mine = emp.as_deref().is_some_and(|e| !e.is_empty() && first == e);
        if !mine && !desk.contains(&first.as_str()) {
            continue;
        }
        let at = sheet.rows.len();
        sheet.rows.push(row);
        if !keys.is_empty() {
            sheet
                .keys
                .push(keys.get(r).cloned().flatten().filter(|_| mine));
        }
        if mine {
            sheet.cells.extend(
                cells
                    .iter()
                    .filter(|((cr, _), _)| *cr == r)
                    .map(|((_, c), k)| ((at, *c), k.clone())),
            );
        }
    }
    sheet.notes.push(note(lang));
    Ok(())
}

/// The calls by template: the four columns of the desk's figures and `emp`'s own column
/// (headed `emp name`); the colleagues' columns and their records go.
fn own_column(sheet: &mut Sheet, emp: Option<&str>) {
    const DESK: usize = 4;
    let own = |c: &str| emp.is_some_and(|e| !e.is_empty() && c.starts_with(&format!("{e} ")));
    let keep: Vec<usize> = (0..sheet.columns.len())
        .filter(|c| *c < DESK || own(&sheet.columns[*c]))
        .collect();
    fn pick<T>(v: &mut Vec<T>, keep: &[usize]) {
        let all = std::mem::take(v);
        *v = all
            .into_iter()
            .enumerate()
            .filter(|(c, _)| keep.contains(c))
            .map(|(_, x)| x)
            .collect();
    }
    pick(&mut sheet.columns, &keep);
    for row in &mut sheet.rows {
        pick(row, &keep);
    }
    let cells = std::mem::take(&mut sheet.cells);
    sheet.cells = cells
        .into_iter()
        .filter_map(|((r, c), k)| keep.iter().position(|x| *x == c).map(|at| ((r, at), k)))
        .collect();
}

/// Says the agent sees their own figures and the desk's.
fn note(lang: Lang) -> String {
    lang.t(
        "只显示本人和全组的数字；主管可看到每位专员",
        "Only your own figures and the desk's; a supervisor sees every agent",
    )
    .to_string()
}
