//! The first open after an upgrade reads and writes the whole file (the check, the copy kept
//! aside, the schema upgrade building indexes): seconds to minutes on a large store. A
//! command says so on stderr, in the user's language, as each step starts, instead of
//! seeming to hang; once upgraded, it says nothing.

mod support;

use frontdesk::store::migrate::{self, LATEST};
use frontdesk::store::{Db, Opening};
use rusqlite::Connection;
use support::{env, run};

/// A store as the release before the last left it.
fn older_store(path: &std::path::Path) {
    let mut conn = Connection::open(path).unwrap();
    migrate::run_to(&mut conn, LATEST - 1).unwrap();
}

#[test]
fn the_store_tells_each_long_step_of_an_upgrade_as_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    older_store(&path);
    let mut told = Vec::new();
    let db = Db::open_telling(&path, &mut |s| told.push(s)).unwrap();
    let v: i64 = db
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, LATEST);
    assert_eq!(told.len(), 3, "{told:?}");
    assert_eq!(told[0], Opening::Checking("schema version change"));
    let Opening::BackingUp(copy) = &told[1] else {
        panic!("{told:?}")
    };
    assert!(
        copy.exists(),
        "the copy named is the one made: {}",
        copy.display()
    );
    assert_eq!(
        told[2],
        Opening::Upgrading {
            from: LATEST - 1,
            to: LATEST
        }
    );
    drop(db);
    // Upgraded and closed cleanly: nothing long, nothing told.
    let mut again = Vec::new();
    Db::open_telling(&path, &mut |s| again.push(s)).unwrap();
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn a_command_says_on_stderr_that_it_checks_copies_and_upgrades_in_the_users_language() {
    let home = tempfile::tempdir().unwrap();
    let env = env(home.path());
    for (lang, words) in [
        (
            "en",
            [
                "Checking the whole database file",
                "Backing the database up",
                "Upgrading the database from schema version",
            ],
        ),
        (
            "zh",
            [
                "正在检查整个数据库文件",
                "升级前备份数据库到",
                "正在升级数据库结构",
            ],
        ),
    ] {
        let db = home.path().join(format!("old-{lang}.sqlite3"));
        older_store(&db);
        let args = [
            "--db",
            db.to_str().unwrap(),
            "--lang",
            lang,
            "report",
            "handover",
        ];
        let (code, _out, err) = run(&args, &env);
        assert_eq!(code, 0, "{err}");
        for w in words {
            assert!(err.contains(w), "{lang}: {w} not in {err}");
        }
        // The next call opens an upgraded file: quiet.
        let (code, _out, err) = run(&args, &env);
        assert_eq!((code, err.as_str()), (0, ""), "{lang}");
    }
}
