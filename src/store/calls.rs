//! The call log: saving a call (with the follow-up, rescue case or complaint it opens),
//! listing and correcting calls, and working follow-ups and rescue cases.

use super::{Actor, Db, StoreError, audit, new_uuid};
use crate::clock::{from_db, to_db};
use crate::domain::calls::{self as rules, Channel, Direction};
use crate::domain::templates::Group;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

mod rescue;
pub use rescue::*;

/// A call as the agent saves it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCall {
    pub customer_id: Option<i64>,
    pub vehicle_id: Option<i64>,
    pub direction: Direction,
    pub channel: Channel,
    pub template_id: String,
    pub template_version: u32,
    pub group: Group,
    pub fields: BTreeMap<String, String>,
    pub sentence: String,
    pub resolved: bool,
    pub completeness: u8,
    pub started_at: DateTime<Utc>,
}

/// What saving a call created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    pub call_id: i64,
    pub rescue_id: Option<i64>,
    pub complaint_id: Option<i64>,
}

/// The complaint category a complaint template stands for.
pub fn complaint_category(template_id: &str) -> &'static str {
    match template_id {
        "complaint_attitude" => "attitude",
        "complaint_slow" => "timeliness",
        "complaint_repair" => "repair_quality",
        _ => "other",
    }
}

fn group_code(g: Group) -> &'static str {
    g.code()
}

/// Saves a call and what it opens, in one transaction. `actor.at` is the end of the call.
pub fn save(db: &mut Db, actor: Actor, c: &NewCall) -> Result<Saved, StoreError> {
    let store_id = db.store_id().to_string();
    let time = db.business_time();
    db.write(|tx| save_in(tx, &store_id, actor, c, &time))
}

/// The same inside an open transaction (the demo store uses it); `time` reads a new
/// complaint's SLA marks (`Db::business_time`).
pub fn save_in(
    tx: &Connection,
    store_id: &str,
    actor: Actor,
    c: &NewCall,
    time: &crate::domain::calendar::BusinessTime,
) -> Result<Saved, StoreError> {
    let end = actor.at.max(c.started_at);
    let duration = (end - c.started_at).num_seconds().max(0);
    let follow_up = rules::follow_up_due(c.group == Group::Consult, c.resolved, end);
    let fields = serde_json::to_string(&c.fields).unwrap_or_else(|_| "{}".into());
    tx.prepare_cached(
        "INSERT INTO calls(uuid, store_id, customer_id, vehicle_id, agent_id, direction, channel,
            template_id, template_version, template_group, fields, sentence, resolved,
            completeness, started_at, ended_at, duration_s, follow_up_due, created_at,
            updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?16, ?16, ?5)",
    )?
    .execute(params![
        new_uuid(),
        store_id,
        c.customer_id,
        c.vehicle_id,
        actor.agent_id,
        c.direction.code(),
        c.channel.code(),
        c.template_id,
        c.template_version,
        group_code(c.group),
        fields,
        c.sentence,
        c.resolved as i64,
        c.completeness,
        to_db(c.started_at),
        to_db(end),
        duration,
        follow_up.map(to_db),
    ])?;
    let call_id = tx.last_insert_rowid();
    let mut saved = Saved {
        call_id,
        rescue_id: None,
        complaint_id: None,
    };
    if c.group == Group::Rescue {
        tx.prepare_cached(
            "INSERT INTO rescue_cases(uuid, store_id, call_id, customer_id, vehicle_id, location,
                opened_at, contact_due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            new_uuid(),
            store_id,
            call_id,
            c.customer_id,
            c.vehicle_id,
            c.fields.get("location").cloned().unwrap_or_default(),
            to_db(end),
            to_db(rules::rescue_contact_due(end)),
        ])?;
        saved.rescue_id = Some(tx.last_insert_rowid());
    }
    if c.group == Group::Complaint {
        tx.prepare_cached(
            "INSERT INTO complaints(uuid, store_id, call_id, customer_id, vehicle_id, channel,
                received_at, category, station, summary, demand, created_at, created_by,
                updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?7, ?12, ?7, ?12)",
        )?
        .execute(params![
            new_uuid(),
            store_id,
            call_id,
            c.customer_id,
            c.vehicle_id,
            c.channel.code(),
            to_db(c.started_at),
            complaint_category(&c.template_id),
            c.fields.get("station").cloned().unwrap_or_default(),
            c.sentence,
            c.fields.get("demand").cloned().unwrap_or_default(),
            actor.agent_id,
        ])?;
        let complaint_id = tx.last_insert_rowid();
        super::complaints::received_in(tx, complaint_id, c.started_at, actor.agent_id, time)?;
        saved.complaint_id = Some(complaint_id);
    }
    let after = serde_json::json!({
        "template": c.template_id, "version": c.template_version, "sentence": c.sentence,
        "resolved": c.resolved, "rescue": saved.rescue_id, "complaint": saved.complaint_id,
    });
    audit::record(tx, actor, "create", "call", call_id, None, Some(&after))?;
    Ok(saved)
}

/// One row of the calls list.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRow {
    pub id: i64,
    pub started_at: DateTime<Utc>,
    pub customer_id: Option<i64>,
    pub customer: String,
    pub plate: Option<String>,
    pub agent: String,
    pub template_id: String,
    pub group: Group,
    pub direction: Direction,
    pub channel: Channel,
    pub sentence: String,
    pub resolved: bool,
    pub follow_up_due: Option<DateTime<Utc>>,
    pub follow_up_done: bool,
    pub duration_s: i64,
    pub completeness: u8,
}

/// Which calls the list shows. Times are UTC instants (the caller turns store-local days
/// into them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallFilter {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub group: Option<Group>,
    pub template_id: Option<String>,
    pub agent_id: Option<i64>,
    pub customer_id: Option<i64>,
    /// Some(true): resolved only; Some(false): open (not resolved, follow-up not done).
    pub resolved: Option<bool>,
}

const ROW_COLS: &str = "c.id, c.started_at, c.customer_id, coalesce(cu.name, ''), v.plate,
    coalesce(a.emp_no, ''), c.template_id, c.template_group, c.direction, c.channel, c.sentence,
    c.resolved, c.follow_up_due, c.follow_up_done_at IS NOT NULL, c.duration_s, c.completeness";
const ROW_JOINS: &str = "FROM calls c LEFT JOIN customers cu ON cu.id = c.customer_id
    LEFT JOIN vehicles v ON v.id = c.vehicle_id LEFT JOIN agents a ON a.id = c.agent_id";

fn call_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CallRow> {
    Ok(CallRow {
        id: r.get(0)?,
        started_at: from_db(&r.get::<_, String>(1)?).unwrap_or_default(),
        customer_id: r.get(2)?,
        customer: r.get(3)?,
        plate: r.get(4)?,
        agent: r.get(5)?,
        template_id: r.get(6)?,
        group: Group::parse(&r.get::<_, String>(7)?).unwrap_or(Group::Consult),
        direction: Direction::from_code(&r.get::<_, String>(8)?),
        channel: Channel::from_code(&r.get::<_, String>(9)?),
        sentence: r.get(10)?,
        resolved: r.get::<_, i64>(11)? == 1,
        follow_up_due: r.get::<_, Option<String>>(12)?.as_deref().and_then(from_db),
        follow_up_done: r.get(13)?,
        duration_s: r.get(14)?,
        completeness: u8::try_from(r.get::<_, i64>(15)?).unwrap_or(0),
    })
}

/// Calls matching the filter, newest first, at most `limit`.
pub fn list(conn: &Connection, f: &CallFilter, limit: usize) -> Result<Vec<CallRow>, StoreError> {
    let mut sql = format!("SELECT {ROW_COLS} {ROW_JOINS} WHERE 1 = 1");
    let mut p: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    if let Some(from) = f.from {
        sql.push_str(" AND c.started_at >= ?");
        p.push(Box::new(to_db(from)));
    }
    if let Some(to) = f.to {
        sql.push_str(" AND c.started_at < ?");
        p.push(Box::new(to_db(to)));
    }
    if let Some(g) = f.group {
        sql.push_str(" AND c.template_group = ?");
        p.push(Box::new(g.code()));
    }
    if let Some(t) = &f.template_id {
        sql.push_str(" AND c.template_id = ?");
        p.push(Box::new(t.clone()));
    }
    if let Some(a) = f.agent_id {
        sql.push_str(" AND c.agent_id = ?");
        p.push(Box::new(a));
    }
    if let Some(cid) = f.customer_id {
        sql.push_str(" AND c.customer_id = ?");
        p.push(Box::new(cid));
    }
    match f.resolved {
        Some(true) => sql.push_str(" AND c.resolved = 1"),
        Some(false) => sql.push_str(" AND c.resolved = 0 AND c.follow_up_done_at IS NULL"),
        None => {}
    }
    sql.push_str(" ORDER BY c.started_at DESC, c.id DESC LIMIT ?");
    p.push(Box::new(limit as i64));
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(
        rusqlite::params_from_iter(p.iter().map(|b| b.as_ref())),
        call_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A customer's latest calls (the archive's timeline).
pub fn for_customer(
    conn: &Connection,
    customer_id: i64,
    limit: usize,
) -> Result<Vec<CallRow>, StoreError> {
    list(
        conn,
        &CallFilter {
            customer_id: Some(customer_id),
            ..Default::default()
        },
        limit,
    )
}

/// Open follow-ups, the most urgent first.
pub fn open_follow_ups(conn: &Connection, limit: usize) -> Result<Vec<CallRow>, StoreError> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {ROW_COLS} {ROW_JOINS}
         WHERE c.follow_up_due IS NOT NULL AND c.follow_up_done_at IS NULL
         ORDER BY c.follow_up_due LIMIT ?1"
    ))?;
    let rows = st.query_map([limit as i64], call_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A call in full.
#[derive(Debug, Clone, PartialEq)]
pub struct CallDetail {
    pub row: CallRow,
    pub vehicle_id: Option<i64>,
    pub template_version: u32,
    pub fields: BTreeMap<String, String>,
    pub ended_at: DateTime<Utc>,
    pub version: i64,
    pub revisions: i64,
    pub rescue_id: Option<i64>,
    pub complaint_id: Option<i64>,
    pub follow_up_note: Option<String>,
}

pub fn get(conn: &Connection, id: i64) -> Result<CallDetail, StoreError> {
    let row = conn
        .query_row(
            &format!("SELECT {ROW_COLS} {ROW_JOINS} WHERE c.id = ?1"),
            [id],
            call_row,
        )
        .optional()?
        .ok_or(StoreError::NotFound)?;
    let (vehicle_id, template_version, fields, ended_at, version, note): (Option<i64>, u32, String, String, i64, Option<String>) =
        conn.query_row(
            "SELECT vehicle_id, template_version, fields, ended_at, version, follow_up_note FROM calls WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )?;
    let revisions = conn.query_row(
        "SELECT count(*) FROM call_revisions WHERE call_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let rescue_id = conn
        .query_row(
            "SELECT id FROM rescue_cases WHERE call_id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let complaint_id = conn
        .query_row("SELECT id FROM complaints WHERE call_id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(CallDetail {
        row,
        vehicle_id,
        template_version,
        fields: serde_json::from_str(&fields).unwrap_or_default(),
        ended_at: from_db(&ended_at).unwrap_or_default(),
        version,
        revisions,
        rescue_id,
        complaint_id,
        follow_up_note: note,
    })
}

/// Corrects a saved record: the earlier version goes to `call_revisions`, the record takes
/// the new values, an audit entry is written. Refused if someone corrected it meanwhile.
#[allow(clippy::too_many_arguments)]
pub fn correct(
    db: &mut Db,
    actor: Actor,
    id: i64,
    expected_version: i64,
    fields: &BTreeMap<String, String>,
    sentence: &str,
    resolved: bool,
    completeness: u8,
) -> Result<(), StoreError> {
    db.write(|tx| {
        let before = get(tx, id)?;
        if before.version != expected_version {
            return Err(StoreError::Conflict { theirs: before.version, mine: expected_version });
        }
        tx.execute(
            "INSERT INTO call_revisions(call_id, version, fields, sentence, resolved, saved_at, saved_by)
             SELECT id, version, fields, sentence, resolved, updated_at, updated_by FROM calls WHERE id = ?1",
            [id],
        )?;
        let json = serde_json::to_string(fields).unwrap_or_else(|_| "{}".into());
        tx.execute(
            "UPDATE calls SET fields = ?1, sentence = ?2, resolved = ?3, completeness = ?4,
                updated_at = ?5, updated_by = ?6, version = version + 1
             WHERE id = ?7 AND version = ?8",
            params![json, sentence, resolved as i64, completeness, to_db(actor.at), actor.agent_id, id, expected_version],
        )?;
        // The follow-up follows the corrected answer: solved on the spot needs none; an
        // open question needs one, due 24 h from now. A follow-up already done stays.
        if before.row.resolved != resolved && !before.row.follow_up_done {
            let due = rules::follow_up_due(before.row.group == Group::Consult, resolved, actor.at);
            tx.execute("UPDATE calls SET follow_up_due = ?1 WHERE id = ?2", params![due.map(to_db), id])?;
        }
        let b = serde_json::json!({"sentence": before.row.sentence, "fields": before.fields, "resolved": before.row.resolved});
        let a = serde_json::json!({"sentence": sentence, "fields": fields, "resolved": resolved});
        audit::record(tx, actor, "correct", "call", id, Some(&b), Some(&a))?;
        Ok(())
    })
}

/// Marks a follow-up answered, with what the customer was told.
pub fn complete_follow_up(
    db: &mut Db,
    actor: Actor,
    call_id: i64,
    note: &str,
) -> Result<(), StoreError> {
    db.write(|tx| {
        let n = tx.execute(
            "UPDATE calls SET follow_up_done_at = ?1, follow_up_done_by = ?2, follow_up_note = ?3,
                version = version + 1
             WHERE id = ?4 AND follow_up_due IS NOT NULL AND follow_up_done_at IS NULL",
            params![to_db(actor.at), actor.agent_id, note, call_id],
        )?;
        if n != 1 {
            // Answered by someone else first: say who, and what they told the customer.
            let done: Option<(Option<String>, Option<String>)> = tx
                .query_row(
                    "SELECT g.emp_no || ' ' || g.name, c.follow_up_note FROM calls c
                     LEFT JOIN agents g ON g.id = c.follow_up_done_by
                     WHERE c.id = ?1 AND c.follow_up_done_at IS NOT NULL",
                    [call_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            return Err(match done {
                Some((who, note)) => {
                    let who = who.unwrap_or_else(|| "-".into());
                    let note = note.unwrap_or_default();
                    StoreError::Said {
                        zh: format!("来电 #{call_id} 已由 {who} 回复客户（{note}），您的回复未记录"),
                        en: format!(
                            "Call {call_id} was already answered by {who} ({note}); yours was not recorded"
                        ),
                    }
                }
                None => StoreError::Said {
                    zh: "该回复已完成或无需回复".into(),
                    en: "The follow-up is already done, or none is due".into(),
                },
            });
        }
        audit::record(
            tx,
            actor,
            "follow_up_done",
            "call",
            call_id,
            None,
            Some(&serde_json::json!({"note": note})),
        )?;
        Ok(())
    })
}

/// Calls started in [from, to): how many per template (for the Calls tab's header).
pub fn count_between(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM calls WHERE started_at >= ?1 AND started_at < ?2",
        params![to_db(from), to_db(to)],
        |r| r.get(0),
    )?)
}
