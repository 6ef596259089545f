//! A background thread's big write (the holiday's ~100k greeting tasks) is told as soon as
//! it is committed: with `defer_checkpoints` its commit leaves the `-wal` as it is, and
//! `checkpoint` folds it back into the file afterwards. Without it SQLite folds it inside
//! the commit (the control below), which took as long again as the write on the 100k store.

use frontdesk::store::Db;

/// Commits about 12 MB (3,000 pages of 4 KiB, past SQLite's 1,000-page automatic
/// checkpoint) on `db` and returns the size of the file itself afterwards.
fn big_write(db: &mut Db, path: &std::path::Path) -> u64 {
    db.write(|tx| {
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS bulk(x BLOB);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
             INSERT INTO bulk SELECT randomblob(4000) FROM n;",
        )?;
        Ok(())
    })
    .unwrap();
    std::fs::metadata(path).unwrap().len()
}

#[test]
fn a_deferred_checkpoint_leaves_the_fold_to_after_the_commit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let before = std::fs::metadata(&path).unwrap().len();
    db.defer_checkpoints().unwrap();
    // Committed, readable, but still only in the `-wal`.
    let after_commit = big_write(&mut db, &path);
    assert!(
        after_commit < before + 1_000_000,
        "{before} -> {after_commit}"
    );
    let n: i64 = db
        .another()
        .unwrap()
        .conn()
        .query_row("SELECT count(*) FROM bulk", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3000);
    db.checkpoint().unwrap();
    let folded = std::fs::metadata(&path).unwrap().len();
    assert!(folded > before + 12_000_000, "{before} -> {folded}");

    // Control: a connection left as it is folds inside its commit.
    let other = dir.path().join("other.sqlite3");
    let mut db = Db::open(&other).unwrap();
    let before = std::fs::metadata(&other).unwrap().len();
    let after_commit = big_write(&mut db, &other);
    assert!(
        after_commit > before + 12_000_000,
        "{before} -> {after_commit}"
    );
}
