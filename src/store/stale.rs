//! Steps taken on an old version of a record. Every step on a complaint, rescue case,
//! booking or callback task carries the version the screen showed; when someone else's step
//! came first, the second is refused naming what the first did (who, and which step), and
//! nothing is written.

use super::StoreError;
use rusqlite::{Connection, OptionalExtension, params};

/// What the newest change of a record was, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    /// `emp_no name` of who did it; None for the system (automatic steps).
    pub who: Option<String>,
    pub zh: String,
    pub en: String,
}

/// The refusal of a step on `record` (e.g. `救援 #12` / `rescue case 12`) that was taken
/// on an old version, naming the change that came first.
pub fn refusal(record: (&str, &str), change: Option<LastChange>) -> StoreError {
    let (rz, re) = record;
    match change {
        Some(c) => {
            let (wz, we) = match &c.who {
                Some(w) => (w.clone(), w.clone()),
                None => ("系统".to_string(), "the system".to_string()),
            };
            StoreError::Said {
                zh: format!(
                    "{rz} 刚被 {wz} 更改（{}），您的操作未记录；已重新载入，请核对后再操作",
                    c.zh
                ),
                en: format!(
                    "{re} was just changed by {we} ({}); yours was not recorded. Reloaded: check it and try again",
                    c.en
                ),
            }
        }
        None => StoreError::Said {
            zh: format!("{rz} 刚被他人更改，您的操作未记录；已重新载入，请核对后再操作"),
            en: format!(
                "{re} was just changed by someone else; yours was not recorded. Reloaded: check it and try again"
            ),
        },
    }
}

/// What an open form is told when its record changed under it (nothing refused yet).
pub fn notice(record: (&str, &str), c: LastChange) -> StoreError {
    let (rz, re) = record;
    let (wz, we) = match &c.who {
        Some(w) => (w.clone(), w.clone()),
        None => ("系统".to_string(), "the system".to_string()),
    };
    StoreError::Said {
        zh: format!(
            "{rz} 刚被 {wz} 更改（{}）：页面已更新，请核对后再保存",
            c.zh
        ),
        en: format!(
            "{re} was just changed by {we} ({}): the page is updated, check it before saving",
            c.en
        ),
    }
}

/// The newest audit entry of a record, described.
pub fn last_audited(
    conn: &Connection,
    entity: &str,
    id: i64,
) -> Result<Option<LastChange>, StoreError> {
    let row: Option<(Option<String>, String, Option<String>)> = conn
        .query_row(
            "SELECT g.emp_no || ' ' || g.name, a.action, a.after FROM audit a
             LEFT JOIN agents g ON g.id = a.agent_id
             WHERE a.entity = ?1 AND a.entity_id = ?2 ORDER BY a.id DESC LIMIT 1",
            params![entity, id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(row.map(|(who, action, after)| {
        let after: serde_json::Value = after
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok())
            .unwrap_or_default();
        let (zh, en) = describe(&action, &after);
        LastChange { who, zh, en }
    }))
}

/// An audit action, as a short phrase in both languages.
fn describe(action: &str, after: &serde_json::Value) -> (String, String) {
    let s = |zh: &str, en: &str| (zh.to_string(), en.to_string());
    let step = after.get("step").and_then(|v| v.as_str()).unwrap_or("");
    match (action, step) {
        ("rescue_step", "contacted") => s("已联系客户", "customer contacted"),
        ("rescue_step", "dispatched") => {
            let who = after
                .get("technician")
                .and_then(|v| v.as_str())
                .unwrap_or("");
            (format!("已派出 {who}"), format!("help dispatched {who}"))
        }
        ("rescue_step", "closed") => s("已结案", "closed"),
        ("claim", _) => s("已领取", "claimed"),
        ("release", _) => s("已退回公共池", "put back in the pool"),
        ("return_to_pool", _) => s("超时退回公共池", "returned to the pool (stale)"),
        ("reassign", _) => s("已重新指派", "reassigned"),
        ("attempt", _) => {
            use crate::domain::callbacks::Status;
            use crate::i18n::Lang;
            let st = after.get("status").and_then(|v| v.as_str());
            match st.and_then(Status::from_code) {
                Some(st) => (
                    format!("已记录拨打结果：{}", st.label(Lang::Zh)),
                    format!("attempt recorded: {}", st.label(Lang::En)),
                ),
                None => s("已记录拨打结果", "attempt recorded"),
            }
        }
        ("follow_up_done", _) => s("已回复客户", "follow-up answered"),
        ("reminder_outcome", _) => {
            use crate::domain::appointments::ReminderOutcome as R;
            use crate::i18n::Lang;
            let o = after.get("outcome").and_then(|v| v.as_str()).unwrap_or("");
            (
                format!("已记录提醒电话结果：{}", R::label_of(o, Lang::Zh)),
                format!("reminder call outcome: {}", R::label_of(o, Lang::En)),
            )
        }
        ("rental_return", _) => s("已登记还车", "car returned"),
        ("breakdown_logged", _) => s("已登记途中故障", "breakdown logged"),
        ("create", _) => s("新建", "created"),
        ("update", _) => s("已修改", "edited"),
        ("correct", _) => s("已更正", "corrected"),
        (code, _) => match appointment_step(code) {
            Some(k) => (
                k.label(crate::i18n::Lang::Zh).to_string(),
                k.label(crate::i18n::Lang::En).to_string(),
            ),
            // A code without words here still reads as words, never as the code.
            None => s("已更改", "changed"),
        },
    }
}

fn appointment_step(code: &str) -> Option<crate::domain::appointments::StepKind> {
    use crate::domain::appointments::StepKind as K;
    [
        K::Book,
        K::Confirm,
        K::Remind,
        K::Arrive,
        K::StartService,
        K::Complete,
        K::Cancel,
        K::MarkNoShow,
        K::UndoNoShow,
        K::Reschedule,
    ]
    .into_iter()
    .find(|k| k.code() == code)
}

/// The version of a row now (None: no such row).
pub fn version_of(conn: &Connection, table: Table, id: i64) -> Result<Option<i64>, StoreError> {
    let sql = match table {
        Table::Rescue => "SELECT version FROM rescue_cases WHERE id = ?1",
        Table::Booking => "SELECT version FROM appointments WHERE id = ?1",
        Table::CallbackTask => "SELECT version FROM callback_tasks WHERE id = ?1",
        Table::Call => "SELECT version FROM calls WHERE id = ?1",
    };
    Ok(conn.query_row(sql, [id], |r| r.get(0)).optional()?)
}

/// The tables whose steps are version-checked by their `version` column (complaints are
/// checked by their event log: see `complaints::append_seen`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Rescue,
    Booking,
    CallbackTask,
    Call,
}

/// Refuses the step when the row moved on from `seen` (inside the step's write).
pub fn check(conn: &Connection, table: Table, id: i64, seen: i64) -> Result<(), StoreError> {
    let now = version_of(conn, table, id)?.ok_or(StoreError::NotFound)?;
    if now == seen {
        return Ok(());
    }
    let (entity, zh, en) = match table {
        Table::Rescue => ("rescue", format!("救援 #{id}"), format!("Rescue case {id}")),
        Table::Booking => (
            "appointment",
            format!("预约 #{id}"),
            format!("Booking {id}"),
        ),
        Table::CallbackTask => (
            "callback_task",
            format!("回访任务 #{id}"),
            format!("Callback task {id}"),
        ),
        Table::Call => ("call", format!("来电 #{id}"), format!("Call {id}")),
    };
    Err(refusal((&zh, &en), last_audited(conn, entity, id)?))
}
