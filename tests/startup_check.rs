//! The app's whole-file check waits for its first frame: `open_deferring_check` opens at
//! once and checks nothing until asked; asked, it finds damage and stops writes.

use frontdesk::domain::archive::CustomerData;
use frontdesk::store::{Actor, Db, StoreError, customers};
use std::time::{Duration, Instant};

fn actor() -> Actor {
    Actor {
        agent_id: None,
        at: chrono::Utc::now(),
    }
}

/// A store of a few hundred customers with one inner page overwritten (header intact).
fn damaged_store(path: &std::path::Path) {
    {
        let mut db = Db::open(path).unwrap();
        for n in 0..400 {
            let data = CustomerData {
                name: format!("顾客{n}"),
                notes: "y".repeat(300),
                ..Default::default()
            };
            customers::create(&mut db, actor(), &data).unwrap();
        }
    }
    let mut bytes = std::fs::read(path).unwrap();
    let at = 4096 * 24;
    assert!(bytes.len() > at + 2048, "fixture too small");
    bytes[at..at + 2048].fill(0xa5);
    std::fs::write(path, &bytes).unwrap();
}

#[test]
fn the_deferred_check_runs_only_when_started_and_then_stops_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    damaged_store(&path);
    let mut db = Db::open_deferring_check(&path).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(db.health(), None, "no check before it is started");
    db.start_background_check();
    db.start_background_check(); // the second call starts nothing more
    let deadline = Instant::now() + Duration::from_secs(20);
    while db.health().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(matches!(db.health(), Some(Err(_))), "{:?}", db.health());
    let refused = customers::create(
        &mut db,
        actor(),
        &CustomerData {
            name: "新客".into(),
            ..Default::default()
        },
    );
    assert!(
        matches!(refused, Err(StoreError::Damaged(_))),
        "{refused:?}"
    );
}
