//! Document hand-over (资料交接) in storage: the sales files and repair orders whose
//! documents are owed to the desk, each document's receipt (when, from whom), and the
//! desk's version-checked, audited record of documents received (`mark`).

/// The days of a window or period with their deadlines, `days(day, sales_due, repair_due)`,
/// read from the JSON of `follow::days_with_deadlines` given as `?1`.
macro_rules! days_cte {
    () => {
        "days(day, sales_due, repair_due) AS (
        SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),
               json_extract(value, '$[2]')
        FROM json_each(?1))"
    };
}

/// A stored day the documents were received, as SQL reads it: the text when it is a real
/// `YYYY-MM-DD` day (`date()` gives it back unchanged), else NULL, not received — as
/// `stored_day` reads it in Rust. The comparisons with the deadlines are then text order.
macro_rules! received {
    ($col:literal) => {
        concat!(
            "CASE WHEN date(",
            $col,
            ") IS ",
            $col,
            " THEN ",
            $col,
            " END"
        )
    };
}

pub mod demo;
mod follow;
mod mark;
mod period;
mod pick;

pub use follow::{Tally, to_follow};
pub use mark::{Receipt, mark_received};
pub use period::{StaffFigures, figures_by_staff, overdue_between};
pub use pick::{Pick, picked};

use super::StoreError;
use super::customers::parse_date;
use crate::domain::calendar::BusinessCalendar;
use crate::domain::handover::{DocumentLine, Handover, HandoverKind, standing};
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use std::collections::BTreeMap;

/// The columns both kinds share, in this order: file id, version, customer id, customer,
/// mobile, plate, reference, event day, staff, received day.
const SALES: &str = "SELECT s.id, s.version, v.customer_id, coalesce(c.name, ''),
        coalesce(c.mobile, ''), coalesce(v.plate, ''), trim(v.brand || ' ' || v.model),
        s.delivery_date, s.salesperson, s.documents_received
     FROM sales_files s JOIN vehicles v ON v.id = s.vehicle_id
     LEFT JOIN customers c ON c.id = v.customer_id";

const REPAIR: &str = "SELECT r.id, r.version, v.customer_id, coalesce(c.name, ''),
        coalesce(c.mobile, ''), coalesce(v.plate, ''), r.ro_number,
        r.closed, r.advisor, r.documents_received
     FROM repair_orders r JOIN vehicles v ON v.id = r.vehicle_id
     LEFT JOIN customers c ON c.id = v.customer_id";

fn query(
    conn: &Connection,
    kind: HandoverKind,
    filter: &str,
    args: impl rusqlite::Params,
    cal: &BusinessCalendar,
    today: NaiveDate,
) -> Result<Vec<Handover>, StoreError> {
    let base = match kind {
        HandoverKind::Sales => SALES,
        HandoverKind::Repair => REPAIR,
    };
    let mut st = conn.prepare_cached(&format!("{base} {filter}"))?;
    let rows = st.query_map(args, |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, Option<String>>(9)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (file_id, version, customer_id, customer, mobile, plate, reference, event, staff, got) =
            row?;
        let Some(event) = stored_day(event) else {
            continue;
        };
        let deadline = kind.deadline(event, cal);
        let received = stored_day(got);
        out.push(Handover {
            kind,
            file_id,
            version,
            customer_id,
            customer,
            mobile,
            plate,
            reference,
            event,
            staff: staff.trim().to_string(),
            deadline,
            received,
            standing: standing(cal, deadline, received, today),
        });
    }
    Ok(out)
}

/// A stored day: `YYYY-MM-DD` exactly, a real day (what SQL's `date()` gives back
/// unchanged, as the queries compare them); anything else (`2026-1-5`, `2026/01/05`, a
/// time after it, 2026-02-30) is no day: a file with no event day is not listed, documents
/// with no received day are not received.
pub(crate) fn stored_day(s: Option<String>) -> Option<NaiveDate> {
    let s = s?;
    let d = NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()?;
    (d.format("%Y-%m-%d").to_string() == s).then_some(d)
}

/// The hand-overs of the files whose event (delivery, hand-back) falls from `from` to
/// `to`, of one kind or both, by event day; standing as of `today`.
pub fn between(
    conn: &Connection,
    cal: &BusinessCalendar,
    today: NaiveDate,
    kind: Option<HandoverKind>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Handover>, StoreError> {
    let mut out = Vec::new();
    for k in [HandoverKind::Sales, HandoverKind::Repair] {
        if kind.is_some_and(|x| x != k) {
            continue;
        }
        let filter = match k {
            HandoverKind::Sales => "WHERE s.delivery_date BETWEEN ?1 AND ?2",
            HandoverKind::Repair => "WHERE r.closed BETWEEN ?1 AND ?2",
        };
        out.extend(query(
            conn,
            k,
            filter,
            params![from.to_string(), to.to_string()],
            cal,
            today,
        )?);
    }
    by_event(&mut out);
    Ok(out)
}

/// Sorts hand-overs by event day, then kind, then file id (the order reports list them in).
fn by_event(list: &mut [Handover]) {
    list.sort_by(|a, b| {
        (a.event, a.kind.code(), a.file_id).cmp(&(b.event, b.kind.code(), b.file_id))
    });
}

/// One file's hand-over (as of `today`).
pub fn get(
    conn: &Connection,
    cal: &BusinessCalendar,
    today: NaiveDate,
    kind: HandoverKind,
    file_id: i64,
) -> Result<Handover, StoreError> {
    let filter = match kind {
        HandoverKind::Sales => "WHERE s.id = ?1",
        HandoverKind::Repair => "WHERE r.id = ?1 AND r.closed IS NOT NULL",
    };
    query(conn, kind, filter, [file_id], cal, today)?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// The file's checklist: each document of its kind, whether it is required, when it
/// arrived and who handed it over. A sales document ticked before receipts were kept counts
/// as arrived with the file's hand-over day.
pub fn checklist(
    conn: &Connection,
    kind: HandoverKind,
    file_id: i64,
) -> Result<Vec<DocumentLine>, StoreError> {
    let mut got: BTreeMap<String, (Option<NaiveDate>, String)> = BTreeMap::new();
    if kind == HandoverKind::Sales {
        let (docs, received): (String, Option<String>) = conn.query_row(
            "SELECT documents, documents_received FROM sales_files WHERE id = ?1",
            [file_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let ticked: BTreeMap<String, bool> = serde_json::from_str(&docs).unwrap_or_default();
        let received = parse_date(received);
        for (k, have) in ticked {
            if have && received.is_some() {
                got.insert(k, (received, String::new()));
            }
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT doc_key, received_on, handed_by FROM document_receipts
         WHERE file_kind = ?1 AND file_id = ?2",
    )?;
    for r in st.query_map(params![kind.code(), file_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (k, on, by) = r?;
        got.insert(k, (parse_date(Some(on)), by));
    }
    Ok(kind
        .documents()
        .iter()
        .map(|(k, _, _)| {
            let (received, handed_by) = got.get(*k).cloned().unwrap_or_default();
            DocumentLine {
                key: (*k).to_string(),
                required: kind.required(k),
                received,
                handed_by,
            }
        })
        .collect())
}

/// The staff members documents come from: every salesperson and service advisor on file
/// and everyone who has handed documents over, by name (the first 500). Each distinct name
/// is one step down its column's index (a loose index scan), not a read of every file.
pub fn staff(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut st = conn.prepare_cached(
        "WITH RECURSIVE
         sp(n) AS (SELECT min(salesperson) FROM sales_files WHERE salesperson > ''
                   UNION ALL SELECT (SELECT min(salesperson) FROM sales_files
                                     WHERE salesperson > sp.n)
                   FROM sp WHERE sp.n IS NOT NULL LIMIT 501),
         ad(n) AS (SELECT min(advisor) FROM repair_orders WHERE advisor > ''
                   UNION ALL SELECT (SELECT min(advisor) FROM repair_orders WHERE advisor > ad.n)
                   FROM ad WHERE ad.n IS NOT NULL LIMIT 501),
         hb(n) AS (SELECT min(handed_by) FROM document_receipts WHERE handed_by > ''
                   UNION ALL SELECT (SELECT min(handed_by) FROM document_receipts
                                     WHERE handed_by > hb.n)
                   FROM hb WHERE hb.n IS NOT NULL LIMIT 501)
         SELECT n FROM sp WHERE n IS NOT NULL
         UNION SELECT n FROM ad WHERE n IS NOT NULL
         UNION SELECT n FROM hb WHERE n IS NOT NULL
         ORDER BY 1 LIMIT 500",
    )?;
    let rows = st.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|s| s.trim().to_string())
        .collect())
}
