//! The first start of a brand-new store: its name, its first supervisor and its advisors,
//! saved together in one transaction (or not at all), instead of sample data.

use super::Agent;
use super::admin::{AgentEdit, check, insert};
use crate::domain::appointments::StoreSetup;
use crate::store::settings::{Seen, put};
use crate::store::{Actor, Db, StoreError};

/// The key that holds the store's file (as `crate::setup::key("store.toml")`).
pub const STORE_FILE_KEY: &str = "file.store.toml";

/// A store with no agents and no settings: the app opens on the first-run setup.
pub fn is_new(db: &Db) -> Result<bool, StoreError> {
    let conn = db.conn();
    let agents: i64 = conn.query_row("SELECT count(*) FROM agents", [], |r| r.get(0))?;
    let settings: i64 = if crate::store::settings::present(conn) {
        conn.query_row("SELECT count(*) FROM store_settings", [], |r| r.get(0))?
    } else {
        0
    };
    Ok(agents == 0 && settings == 0)
}

/// Saves the first supervisor (`emp_no`, `name`, mapped to `os_user`) and the store's file
/// `store_text` (its name and advisors set) in one transaction. Refused when someone set
/// the store up meanwhile.
pub fn save(
    db: &mut Db,
    at: chrono::DateTime<chrono::Utc>,
    emp_no: &str,
    name: &str,
    os_user: Option<&str>,
    store_text: &str,
) -> Result<Agent, StoreError> {
    let edit = AgentEdit {
        name: name.trim().into(),
        supervisor: true,
        active: true,
        os_user: os_user.map(str::to_string),
    };
    check(emp_no, &edit)?;
    if let Err(e) = StoreSetup::parse(store_text, "store.toml") {
        return Err(StoreError::Invalid(e));
    }
    let store_id = db.store_id().to_string();
    db.write(|tx| {
        let agents: i64 = tx.query_row("SELECT count(*) FROM agents", [], |r| r.get(0))?;
        if agents > 0 {
            return Err(StoreError::Said {
                zh: "本店已有坐席（另一处刚完成设置）：请重新启动后登录".into(),
                en: "The store has agents now (set up elsewhere): start again and sign in".into(),
            });
        }
        let admin = Actor { agent_id: None, at };
        let agent = insert(tx, admin, &store_id, emp_no, &edit)?;
        let actor = Actor {
            agent_id: Some(agent.id),
            at,
        };
        put(tx, actor, STORE_FILE_KEY, store_text, Seen::Exactly(None))?;
        Ok(agent)
    })
}
