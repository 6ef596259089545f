//! The desk records documents received: which ones, on which day, from whom. Checked
//! against the file's version, audited, and in one transaction with the file's hand-over day
//! (set when its last required document is in).

use super::checklist;
use crate::clock;
use crate::domain::handover::{HandoverKind, check_received_day, completed_on};
use crate::store::customers::{fmt_date, parse_date};
use crate::store::{Actor, Db, StoreError, audit, new_uuid};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde_json::json;
use std::collections::BTreeMap;

/// What the desk received.
#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    pub kind: HandoverKind,
    pub file_id: i64,
    /// The file's version the desk saw.
    pub version: i64,
    /// The documents' keys (of `kind.documents()`).
    pub documents: Vec<String>,
    pub day: NaiveDate,
    /// The staff member who handed them over.
    pub handed_by: String,
}

fn said(zh: impl Into<String>, en: impl Into<String>) -> StoreError {
    StoreError::Said {
        zh: zh.into(),
        en: en.into(),
    }
}

/// Records the receipt; returns the file's new version. Refused, with nothing written, when
/// the file changed since the desk read it, no document or no staff member is given, the
/// day is after `today` or before the delivery / hand-back, or a document was already in.
pub fn mark_received(
    db: &mut Db,
    actor: Actor,
    today: NaiveDate,
    r: &Receipt,
) -> Result<i64, StoreError> {
    let handed_by = r.handed_by.trim();
    if handed_by.is_empty() {
        return Err(said(
            "请填写交资料的员工（姓名或工号），未保存",
            "Give the staff member who handed the documents over; not saved",
        ));
    }
    if r.documents.is_empty() {
        return Err(said(
            "没有选择资料，未保存",
            "No document chosen; not saved",
        ));
    }
    if let Some(bad) = r
        .documents
        .iter()
        .find(|k| !r.kind.documents().iter().any(|(x, _, _)| x == k))
    {
        return Err(StoreError::Invalid(format!("unknown document {bad}")));
    }
    let store_id = db.store_id().to_string();
    db.write(|tx| {
        let (table, event_col, entity) = match r.kind {
            HandoverKind::Sales => ("sales_files", "delivery_date", "sales_file"),
            HandoverKind::Repair => ("repair_orders", "closed", "repair_order"),
        };
        let row: Option<(i64, Option<String>, Option<String>)> = tx
            .query_row(
                &format!("SELECT version, {event_col}, documents_received FROM {table} WHERE id = ?1"),
                [r.file_id],
                |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?)),
            )
            .optional()?;
        let Some((version, event, before_received)) = row else {
            return Err(StoreError::NotFound);
        };
        if version != r.version {
            return Err(StoreError::Conflict {
                theirs: version,
                mine: r.version,
            });
        }
        let Some(event) = parse_date(event) else {
            return Err(said(
                "车辆尚未交还客户，维修资料还不到交接的时候，未保存",
                "The car has not been handed back yet: its repair documents are not due; not saved",
            ));
        };
        check_received_day(r.day, event, today).map_err(|(zh, en)| said(zh, en))?;
        let lines = checklist(tx, r.kind, r.file_id)?;
        if let Some(l) = lines
            .iter()
            .find(|l| l.received.is_some() && r.documents.contains(&l.key))
        {
            let name_zh = r.kind.document_name(&l.key, crate::i18n::Lang::Zh);
            let name_en = r.kind.document_name(&l.key, crate::i18n::Lang::En);
            return Err(said(
                format!("{name_zh} 已登记交到（可能刚被他人登记），未保存"),
                format!("{name_en} is already recorded as received (perhaps just now by someone else); not saved"),
            ));
        }
        let now = clock::to_db(actor.at);
        for key in &r.documents {
            tx.execute(
                "INSERT INTO document_receipts(uuid, store_id, file_kind, file_id, doc_key,
                    received_on, handed_by, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    new_uuid(),
                    store_id,
                    r.kind.code(),
                    r.file_id,
                    key,
                    r.day.to_string(),
                    handed_by,
                    now,
                    actor.agent_id,
                ],
            )?;
        }
        if r.kind == HandoverKind::Sales {
            let docs: String = tx.query_row(
                "SELECT documents FROM sales_files WHERE id = ?1",
                [r.file_id],
                |x| x.get(0),
            )?;
            let mut ticked: BTreeMap<String, bool> =
                serde_json::from_str(&docs).unwrap_or_default();
            for key in &r.documents {
                ticked.insert(key.clone(), true);
            }
            tx.execute(
                "UPDATE sales_files SET documents = ?1 WHERE id = ?2",
                params![
                    serde_json::to_string(&ticked).unwrap_or_else(|_| "{}".into()),
                    r.file_id
                ],
            )?;
        }
        let before_received = parse_date(before_received);
        let complete = before_received.or(completed_on(r.kind, &checklist(tx, r.kind, r.file_id)?));
        let n = tx.execute(
            &format!(
                "UPDATE {table} SET documents_received = ?1, updated_at = ?2, updated_by = ?3,
                    version = version + 1 WHERE id = ?4 AND version = ?5"
            ),
            params![fmt_date(complete), now, actor.agent_id, r.file_id, r.version],
        )?;
        if n != 1 {
            return Err(StoreError::Conflict {
                theirs: r.version + 1,
                mine: r.version,
            });
        }
        audit::record(
            tx,
            actor,
            "documents_received",
            entity,
            r.file_id,
            Some(&json!({
                "documents_received": fmt_date(before_received),
                "version": r.version,
            })),
            Some(&json!({
                "documents": r.documents,
                "received_on": r.day.to_string(),
                "handed_by": handed_by,
                "documents_received": fmt_date(complete),
                "version": r.version + 1,
            })),
        )?;
        Ok(r.version + 1)
    })
}
