//! The agents list never stops silently at a limit (issue 18): the store lists every agent,
//! for the Settings page and the names in a log, and `frontdesk agents` prints each.

mod support;

use chrono::{TimeZone, Utc};
use frontdesk::store::agents::{self, Role};
use frontdesk::store::{Actor, Db};
use support::{env, run};

#[test]
fn more_than_five_hundred_agents_are_all_listed_by_the_store_and_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("agents.sqlite3");
    {
        let mut db = Db::open(&path).unwrap();
        let actor = Actor {
            agent_id: None,
            at: Utc.with_ymd_and_hms(2026, 11, 1, 1, 0, 0).unwrap(),
        };
        for i in 0..520 {
            let role = if i == 0 {
                Role::Supervisor
            } else {
                Role::Agent
            };
            agents::ensure(&mut db, actor, &format!("{}", 2000 + i), "王磊", role).unwrap();
        }
        assert_eq!(agents::list(&db).unwrap().len(), 520);
        assert_eq!(agents::admin::rows(&db).unwrap().len(), 520);
    }
    let db = path.display().to_string();
    let (code, out, err) = run(&["--db", &db, "agents"], &env(home.path()));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().filter(|l| l.starts_with('2')).collect();
    assert_eq!(lines.len(), 520, "{out}");
    assert!(lines.last().unwrap().starts_with("2519"), "{out}");
}
