//! Numbered, forward-only migrations in `PRAGMA user_version`, each in one IMMEDIATE
//! transaction. A new file gets our `application_id` and a store id in the first one.

use rusqlite::{Connection, TransactionBehavior};
use std::path::{Path, PathBuf};

/// A migration step's part no SQL can compute (pinyin keys), run after its SQL in the same
/// transaction.
type RustStep = fn(&Connection) -> rusqlite::Result<()>;

/// The migrations, in order; index + 1 is the schema version each one produces.
const MIGRATIONS: &[(&str, Option<RustStep>)] = &[
    (include_str!("migrations/0001_archive.sql"), None),
    (include_str!("migrations/0002_calls.sql"), None),
    (include_str!("migrations/0003_drafts.sql"), None),
    (include_str!("migrations/0004_complaints.sql"), None),
    (include_str!("migrations/0005_callbacks.sql"), None),
    (include_str!("migrations/0006_appointments.sql"), None),
    (
        include_str!("migrations/0007_name_keys.sql"),
        Some(super::name_keys::rekey_all),
    ),
    (include_str!("migrations/0008_sms_handoff.sql"), None),
    (include_str!("migrations/0009_name_keys_order.sql"), None),
    (include_str!("migrations/0010_store_settings.sql"), None),
    (include_str!("migrations/0011_improvements.sql"), None),
    (include_str!("migrations/0012_kb.sql"), None),
    (include_str!("migrations/0013_events.sql"), None),
    (include_str!("migrations/0014_handover.sql"), None),
    (include_str!("migrations/0015_quality.sql"), None),
    (include_str!("migrations/0016_rentals.sql"), None),
    (include_str!("migrations/0017_report_indexes.sql"), None),
    (
        include_str!("migrations/0018_callback_pending_end.sql"),
        None,
    ),
    (include_str!("migrations/0019_handover_indexes.sql"), None),
    (include_str!("migrations/0020_complaint_channels.sql"), None),
    (include_str!("migrations/0021_handover_standing.sql"), None),
    (
        include_str!("migrations/0022_complaint_sla_marks.sql"),
        Some(super::complaints::marks::backfill),
    ),
    (
        include_str!("migrations/0023_appointments_expected.sql"),
        None,
    ),
    (
        include_str!("migrations/0024_complaint_business_marks.sql"),
        Some(super::complaints::marks::backfill_business),
    ),
    (
        include_str!("migrations/0025_breakdown_rescue_index.sql"),
        None,
    ),
];

/// The schema version this binary writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

#[derive(Debug)]
pub enum MigrateError {
    Newer(i64),
    Foreign,
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for MigrateError {
    fn from(e: rusqlite::Error) -> Self {
        MigrateError::Sqlite(e)
    }
}

/// Brings the schema up to `LATEST`. Safe when several processes start at once: each step
/// re-reads the version inside its write lock.
pub fn run(conn: &mut Connection) -> Result<(), MigrateError> {
    run_to(conn, LATEST)
}

/// Brings the schema up to `target` (at most `LATEST`): tests build files of an older
/// version with it, as an earlier release left them.
pub fn run_to(conn: &mut Connection, target: i64) -> Result<(), MigrateError> {
    let target = target.clamp(0, LATEST);
    // Up to date: no write lock needed, so the app starts even while another agent's long
    // write holds it.
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if version >= target && version <= LATEST && app_id == i64::from(super::APPLICATION_ID) {
        return Ok(());
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let app_id: i64 = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if version > LATEST {
            return Err(MigrateError::Newer(version));
        }
        if version >= target {
            return Ok(());
        }
        if version == 0 {
            let tables: i64 =
                tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            if tables > 0 || app_id != 0 {
                return Err(MigrateError::Foreign);
            }
            tx.execute_batch(&format!(
                "PRAGMA application_id = {};",
                super::APPLICATION_ID
            ))?;
        } else if app_id != i64::from(super::APPLICATION_ID) {
            return Err(MigrateError::Foreign);
        }
        let idx = usize::try_from(version).map_err(|_| MigrateError::Newer(version))?;
        let (sql, step) = MIGRATIONS[idx];
        tx.execute_batch(sql)?;
        if let Some(step) = step {
            step(&tx)?;
        }
        if version == 0 {
            tx.execute(
                "INSERT INTO store_meta(key, value) VALUES ('store_id', ?1)",
                [super::new_uuid()],
            )?;
        }
        tx.execute_batch(&format!("PRAGMA user_version = {};", version + 1))?;
        tx.commit()?;
    }
}

/// Where `backup_before` copies the database now: beside it, named with the version and
/// the time (to the second).
pub fn backup_path(path: &Path, version: i64) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".v{version}-{stamp}.bak"));
    path.with_file_name(name)
}

/// Copies the database aside before migrating it (`VACUUM INTO`, safe while others write).
pub fn backup_before(conn: &Connection, path: &Path, version: i64) -> rusqlite::Result<PathBuf> {
    let target = backup_path(path, version);
    backup_into(conn, &target)?;
    Ok(target)
}

/// Copies the database to `target` (`VACUUM INTO`).
pub fn backup_into(conn: &Connection, target: &Path) -> rusqlite::Result<()> {
    conn.execute("VACUUM INTO ?1", [target.to_string_lossy()])?;
    Ok(())
}
