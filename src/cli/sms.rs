//! `frontdesk sms-results FILE`: reads the SMS gateway's result file (`id,status`, see
//! `crate::io::sms`) and marks the texts it says were sent as done; failed ones go back to
//! be handed off again. A file with any bad line changes nothing.

use crate::clock::Clock;
use crate::config::Settings;
use crate::i18n::Lang;
use crate::store::{Actor, sms};
use anyhow::{Result, anyhow};
use std::path::Path;

/// `agent`: `--agent`, else the operating-system user's mapping (named in the audit).
pub fn results(s: &Settings, agent: Option<&str>, file: &Path) -> Result<i32> {
    let lang = s.lang;
    let bytes = std::fs::read(file).map_err(|e| anyhow!(lang.file_problem(file, &e)))?;
    let lines = match crate::io::sms::parse_results(&bytes, lang) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("frontdesk: {}: {}", file.display(), crate::text::inert(&e));
            return Ok(1);
        }
    };
    let clock = Clock::from_env(s.tz).map_err(|e| anyhow!(e))?;
    let mut db = crate::cli::start::open_store(&s.db_path, lang)?;
    let who = crate::cli::start::who(&db, lang, agent)?;
    let actor = Actor {
        agent_id: who.agent.map(|a| a.id),
        at: clock.now(),
    };
    let r = sms::apply_results(&mut db, actor, &lines).map_err(|e| anyhow!(e.message(lang)))?;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "已发送 {} 条（已完成），发送失败 {} 条（下次重新交给网关），忽略 {} 行（不是等待回执的短信）",
                r.sent, r.failed, r.ignored
            ),
            Lang::En => format!(
                "{} sent (done), {} failed (handed off again next time), {} lines ignored (no text waiting for a result)",
                r.sent, r.failed, r.ignored
            ),
        }
    );
    Ok(0)
}
