//! `g` on the queue: today's due text messages (holiday and birthday greetings by default)
//! as the SMS gateway's hand-off file.

use super::Lent;
use crate::domain::callbacks::Channel;
use crate::i18n::Lang;
use crate::store::StoreError;
use crate::store::callbacks::{self as cb, QueueFilter};
use crate::ui::desk::Env;
use std::path::PathBuf;

/// Writes the hand-off file (`crate::io::sms`): fixed columns, readable by the store's
/// group, written under a temporary name and renamed. The tasks are marked handed off (not
/// exported again) but stay pending until the gateway's result file says sent. At most
/// 5,000 a batch; run again for the next. Returns how many, and the file.
pub(super) fn send_texts(env: &mut Env, lent: &Lent) -> Result<(usize, PathBuf), String> {
    let lang = env.lang;
    let msg = |e: StoreError| e.message(lang);
    // A file that could not be written: what, where and the system's reason.
    let unwritten = |at: &std::path::Path, e: &std::io::Error| match lang {
        Lang::Zh => format!(
            "无法写入短信交接文件 {}（未交给网关）",
            lang.file_problem(at, e)
        ),
        Lang::En => format!(
            "Could not write the SMS hand-off file {} (nothing handed to the gateway)",
            lang.file_problem(at, e)
        ),
    };
    let today = env.clock.today();
    let f = QueueFilter {
        channel: Some(Channel::Sms),
        due_to: Some(today),
        ..Default::default()
    };
    let rows = cb::queue(env.db.conn(), &f, today, 5000).map_err(msg)?;
    let mut lines = Vec::new();
    for r in &rows {
        if crate::store::sms::batch_of(env.db, r.id)
            .map_err(msg)?
            .is_some()
        {
            continue;
        }
        let d = cb::task(env.db.conn(), lent.rules, r.id, today).map_err(msg)?;
        if let Some(m) = d.mobile.clone() {
            lines.push((r.id, m, d.render(&d.text, lent.store_name)));
        }
    }
    if lines.is_empty() {
        return Ok((0, PathBuf::new()));
    }
    let stem = env
        .db
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let name = format!(
        "{stem}-sms-{}.csv",
        env.clock.local_now().format("%Y%m%d-%H%M%S")
    );
    let path = crate::ui::app_export::file_beside(env.db.path(), "sms", &name, lang)?;
    let db_dir = path
        .parent()
        .and_then(|p| p.parent())
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let group = crate::export::group_of(&db_dir);
    if let Some(dir) = path.parent() {
        crate::export::share_dir(dir, group).map_err(|e| unwritten(dir, &e))?;
    }
    let ids: Vec<i64> = lines.iter().map(|l| l.0).collect();
    let actor = crate::store::Actor {
        agent_id: env.agent.map(|a| a.id),
        at: env.clock.now(),
    };
    // Marked and written together: a file that could not be written leaves no task
    // marked, and no task is marked without its file.
    // Only the texts this hand-off marked go in its file: one another agent handed off
    // meanwhile is not sent twice.
    let n = crate::store::sms::hand_off(env.db, actor, &ids, &name, |marked| {
        let mine: Vec<_> = lines
            .iter()
            .filter(|l| marked.contains(&l.0))
            .cloned()
            .collect();
        let bytes = crate::io::sms::handoff_bytes(&mine)?;
        crate::export::write_file(&path, &bytes, crate::export::Access::Group(group))
    })
    .map_err(|e| match e {
        crate::store::sms::HandOffError::Store(e) => e.message(lang),
        crate::store::sms::HandOffError::File(e) => unwritten(&path, &e),
    })?;
    if n == 0 {
        // Another agent handed them all off meanwhile: no file was written.
        return Ok((0, PathBuf::new()));
    }
    Ok((n, path))
}
