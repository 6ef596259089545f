//! Opening the store's file: check first, then pragmas, backup, migrations.

use super::error::{OpenError, StoreError};
use super::migrate;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

mod check;
mod unknown;

use check::Checker;
pub use check::join_within;

/// `application_id` of frontdesk files ("FDK1").
pub const APPLICATION_ID: i32 = 0x4644_4B31;
const BUSY_TIMEOUT: Duration = Duration::from_millis(5000);
const JOURNAL_SIZE_LIMIT: i64 = 16 * 1024 * 1024;

/// Stops the statement a connection is running, from another thread (`Db::interrupter`).
pub struct Interrupter(rusqlite::InterruptHandle);

impl Interrupter {
    pub fn interrupt(&self) {
        self.0.interrupt();
    }
}

/// An open store. One per process (or per thread); SQLite does the locking between them.
pub struct Db {
    /// The background check's thread, stopped when this connection closes (fields drop in
    /// order: this one first): a check left running would hold the file open read-only
    /// past the app's end, and a read-only last connection cannot fold the `-wal` back
    /// into the file, leaving it to look like a crash's.
    checker: Option<Checker>,
    pub(crate) conn: Connection,
    path: PathBuf,
    store_id: String,
    read_only: bool,
    /// The start-up `quick_check`, when it runs beside the app (`open_checking_in_background`):
    /// unset while it runs, then its finding. A damaged file takes no writes.
    health: Arc<OnceLock<Result<(), String>>>,
    /// The check `start_background_check` is to start (`open_deferring_check`).
    deferred: bool,
    /// The business clock complaint writes read their SLA marks with ([`Db::business_time`]).
    business: Option<Arc<crate::domain::calendar::BusinessTime>>,
}

/// How thoroughly `Db::open` checks an existing file before using it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// `quick_check` before opening (command-line tools).
    Now,
    /// Open at once and `quick_check` in a background thread (the interactive app, whose
    /// first frame must not wait a second on a large store).
    Background,
    /// Open at once; the background `quick_check` starts when asked (after the first frame).
    Deferred,
}

/// A long step of opening a store, told as it starts (`Db::open_telling`): on a large
/// store each reads or writes the whole file, and a command line says so instead of
/// seeming to hang.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opening {
    /// The whole-file check, because the file's state is unknown (the reason, in English).
    Checking(&'static str),
    /// The copy kept aside before a schema upgrade.
    BackingUp(PathBuf),
    /// The schema upgrade, from one version to another (indexes may be built).
    Upgrading { from: i64, to: i64 },
}

/// What the file on disk is, found without writing to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    Missing,
    /// A frontdesk database at this schema version.
    Frontdesk(i64),
}

/// Looks at a file without changing it: the SQLite header, then `application_id`,
/// `user_version` and a `quick_check` through a read-only connection.
pub fn inspect(path: &Path) -> Result<FileState, OpenError> {
    inspect_with(path, true)
}

/// Like `inspect` without the `quick_check`: is this a frontdesk file this build can read?
pub fn identify(path: &Path) -> Result<FileState, OpenError> {
    inspect_with(path, false)
}

fn inspect_with(path: &Path, quick_check: bool) -> Result<FileState, OpenError> {
    // Only SQLite opens the file: SQLite's locks are POSIX locks, held per process, and
    // closing any other handle on the file would drop them for every connection this
    // process has open — another process could then think itself alone and delete the
    // WAL under them. So no reading of the header here: SQLite says "not a database".
    let io = |e: std::io::Error| OpenError::Io {
        path: path.into(),
        source: e,
    };
    let size = match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return Err(OpenError::IsDirectory(path.into())),
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(permission(path));
        }
        Err(e) => return Err(io(e)),
    };
    if size == 0 {
        return Err(OpenError::NotFrontdesk(path.into()));
    }
    if size < 100 {
        // Shorter than SQLite's header.
        return Err(OpenError::NotDatabase(path.into()));
    }
    let sqlite_err = |e| OpenError::Sqlite {
        path: path.into(),
        source: e,
    };
    let (conn, immutable) = open_read_only(path).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::CannotOpen => {
            super::access::diagnose(path).unwrap_or_else(|| permission(path))
        }
        e => sqlite_err(e),
    })?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite_err)?;
    let read = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
    let app_id = match read("PRAGMA application_id") {
        Ok(v) => v,
        Err(e) => return Err(read_failure(path, e)),
    };
    if app_id != i64::from(APPLICATION_ID) {
        return Err(OpenError::NotFrontdesk(path.into()));
    }
    let version = read("PRAGMA user_version").map_err(|e| read_failure(path, e))?;
    if version > migrate::LATEST {
        return Err(OpenError::Newer {
            path: path.into(),
            found: version,
            supported: migrate::LATEST,
        });
    }
    if quick_check {
        let mut found = run_quick_check(&conn);
        // Read as immutable, a writer that started meanwhile could show a torn file: its
        // `-wal` appeared. Then ask again the ordinary way.
        if found.is_err() && immutable && super::access::beside(path, "-wal").exists() {
            drop(conn);
            found = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
                .map_err(|e| e.to_string())
                .and_then(|c| run_quick_check(&c));
        }
        found.map_err(|detail| OpenError::Corrupt {
            path: path.into(),
            detail,
        })?;
    }
    Ok(FileState::Frontdesk(version))
}

/// A read-only connection that leaves nothing beside the file: with no `-wal` there, no
/// process has the store open, and the file is read as immutable (an ordinary read-only
/// connection would create `-wal` and `-shm`, and leave them, even beside a damaged or
/// foreign file). Returns whether it is the immutable kind.
pub fn open_read_only(path: &Path) -> rusqlite::Result<(Connection, bool)> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if super::access::beside(path, "-wal").exists() {
        return Ok((Connection::open_with_flags(path, flags)?, false));
    }
    let uri = format!("file:{}?immutable=1", uri_path(path));
    let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)?;
    Ok((conn, true))
}

/// A path percent-encoded for an SQLite `file:` URI.
fn uri_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for &b in path.as_os_str().as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A failed first read: not a database, damaged, or (not damage at all) no access.
fn read_failure(path: &Path, e: rusqlite::Error) -> OpenError {
    use rusqlite::ErrorCode as C;
    match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            C::NotADatabase => OpenError::NotDatabase(path.into()),
            C::DatabaseCorrupt => OpenError::Corrupt {
                path: path.into(),
                detail: e.to_string(),
            },
            _ => super::access::diagnose(path).unwrap_or(OpenError::Sqlite {
                path: path.into(),
                source: e,
            }),
        },
        _ => OpenError::Sqlite {
            path: path.into(),
            source: e,
        },
    }
}

/// The file is there but cannot be opened: name the group that may.
fn permission(path: &Path) -> OpenError {
    OpenError::Permission {
        path: path.into(),
        group: super::maintenance::owner_group(path).unwrap_or_default(),
    }
}

thread_local! {
    static QUICK_CHECKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many `quick_check`s this thread has run (for tests: a check's cost grows with the file).
pub fn quick_checks_on_this_thread() -> usize {
    QUICK_CHECKS.with(|c| c.get())
}

fn run_quick_check(conn: &Connection) -> Result<(), String> {
    QUICK_CHECKS.with(|c| c.set(c.get() + 1));
    let check: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if check == "ok" { Ok(()) } else { Err(check) }
}

impl Db {
    /// Opens (creating if missing) and migrates the store's database. The header is always
    /// checked (foreign, newer, empty, damaged header); the full `quick_check` runs only where
    /// the file's state is unknown: left by a crash, or about to be migrated. (`frontdesk
    /// check` and every backup check the whole file.)
    pub fn open(path: &Path) -> Result<Db, OpenError> {
        Db::open_with(path, Check::Now, &mut |_| {})
    }

    /// Opens like `open`, telling `tell` as each long step starts (the check of a file
    /// whose state is unknown, the backup and the upgrade after a version change).
    pub fn open_telling(path: &Path, tell: &mut dyn FnMut(Opening)) -> Result<Db, OpenError> {
        Db::open_with(path, Check::Now, tell)
    }

    /// Opens like `open`, but runs the `quick_check` in a background thread; until it
    /// passes nothing else is different, and if it fails every write is refused.
    pub fn open_checking_in_background(path: &Path) -> Result<Db, OpenError> {
        Db::open_with(path, Check::Background, &mut |_| {})
    }

    /// Opens like `open_checking_in_background`, but the check starts only on
    /// `start_background_check`: the app asks once its first frame is on screen, so the
    /// check, reading the whole file, never competes with it.
    pub fn open_deferring_check(path: &Path) -> Result<Db, OpenError> {
        Db::open_with(path, Check::Deferred, &mut |_| {})
    }

    /// Starts the check `open_deferring_check` left for later, at the lowest CPU and I/O
    /// priority, so that keys keep their answer time beside it. Does nothing the second time.
    pub fn start_background_check(&mut self) {
        if std::mem::take(&mut self.deferred) {
            self.checker = Some(Checker::spawn(self.health.clone(), self.path.clone(), true));
        }
    }

    /// What the background check found: None while it runs (or when there was none).
    pub fn health(&self) -> Option<Result<(), String>> {
        self.health.get().cloned()
    }

    fn open_with(
        path: &Path,
        check: Check,
        tell: &mut dyn FnMut(Opening),
    ) -> Result<Db, OpenError> {
        // Access problems first, each with its own message: none of them is damage.
        if let Some(e) = super::access::diagnose(path) {
            return Err(e);
        }
        let mut state = inspect_with(path, false)?;
        if check == Check::Now
            && let Some(reason) = unknown::reason(path, &state)
        {
            tracing::info!(path = %path.display(), reason, "quick_check before opening");
            tell(Opening::Checking(reason));
            state = inspect_with(path, true)?;
        }
        let mut dir_created = None;
        if state == FileState::Missing
            && let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
            && !dir.exists()
        {
            std::fs::create_dir_all(dir).map_err(|e| OpenError::Io {
                path: path.into(),
                source: e,
            })?;
            dir_created = Some(dir.to_path_buf());
        }
        let sqlite_err = |e| OpenError::Sqlite {
            path: path.into(),
            source: e,
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sqlite_err)?;
        configure(&conn).map_err(sqlite_err)?;
        let health = Arc::new(OnceLock::new());
        let mut deferred = false;
        let mut checker = None;
        if check == Check::Now || state == FileState::Missing {
            let _ = health.set(Ok(()));
        } else if check == Check::Deferred {
            deferred = true;
        } else {
            checker = Some(Checker::spawn(health.clone(), path.to_path_buf(), false));
        }
        let mut db = Db {
            conn,
            path: path.into(),
            store_id: String::new(),
            read_only: false,
            health,
            deferred,
            checker,
            business: None,
        };
        if let FileState::Frontdesk(v) = state
            && v < migrate::LATEST
        {
            let target = migrate::backup_path(path, v);
            tell(Opening::BackingUp(target.clone()));
            migrate::backup_into(&db.conn, &target).map_err(sqlite_err)?;
            tell(Opening::Upgrading {
                from: v,
                to: migrate::LATEST,
            });
        }
        migrate::run(&mut db.conn).map_err(|e| match e {
            migrate::MigrateError::Newer(found) => OpenError::Newer {
                path: path.into(),
                found,
                supported: migrate::LATEST,
            },
            migrate::MigrateError::Foreign => OpenError::NotFrontdesk(path.into()),
            migrate::MigrateError::Sqlite(e) => sqlite_err(e),
        })?;
        db.store_id = db
            .conn
            .query_row(
                "SELECT value FROM store_meta WHERE key = 'store_id'",
                [],
                |r| r.get(0),
            )
            .map_err(sqlite_err)?;
        db.read_only = db.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false);
        if state == FileState::Missing {
            // Shared by the store's group only: directory 2770, file 0660.
            super::maintenance::secure_new_store(dir_created.as_deref(), path);
        }
        Ok(db)
    }

    /// Another connection to this store, for a background thread (reports, callback
    /// planning): configured like this one, without the checks and the migration this one
    /// made, and sharing its health, so a damaged file refuses that connection's writes too.
    /// In WAL mode its reads never block this connection's writes; its writes take the one
    /// write lock like any other (`write`: `BEGIN IMMEDIATE`, the busy timeout).
    pub fn another(&self) -> Result<Db, OpenError> {
        let sqlite_err = |e| OpenError::Sqlite {
            path: self.path.clone(),
            source: e,
        };
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sqlite_err)?;
        configure(&conn).map_err(sqlite_err)?;
        Ok(Db {
            read_only: self.read_only || conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false),
            conn,
            path: self.path.clone(),
            store_id: self.store_id.clone(),
            health: self.health.clone(),
            deferred: false,
            checker: None,
            business: self.business.clone(),
        })
    }

    /// A handle that stops what this connection is running from another thread (the
    /// statement fails with "interrupted"); a no-op when it runs nothing.
    pub fn interrupter(&self) -> Interrupter {
        Interrupter(self.conn.get_interrupt_handle())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This store's id, carried by every record it creates.
    pub fn store_id(&self) -> &str {
        &self.store_id
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The business calendar, hours and zone complaint writes read their SLA marks with:
    /// what the app or command set from the setup in force ([`Db::set_business_time`]),
    /// else the store's own (`complaints::marks::store_time`), worked out once.
    pub fn business_time(&mut self) -> Arc<crate::domain::calendar::BusinessTime> {
        let conn = &self.conn;
        self.business
            .get_or_insert_with(|| Arc::new(super::complaints::marks::store_time(conn)))
            .clone()
    }

    /// Sets the business clock of [`Db::business_time`] (the app's setup, loaded anew).
    pub fn set_business_time(&mut self, time: crate::domain::calendar::BusinessTime) {
        self.business = Some(Arc::new(time));
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction: all of it commits or none of it.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if let Some(Err(detail)) = self.health.get() {
            return Err(StoreError::Damaged(detail.clone()));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Leaves folding the `-wal` back into the file to [`Db::checkpoint`]: a commit on this
    /// connection no longer does it itself (SQLite's automatic checkpoint, which after a
    /// big write, the holiday's 100k greetings, takes about as long again as the write
    /// while the work it committed waits to be announced). For a background thread's own
    /// connection, which then calls `checkpoint` once its work is told.
    pub fn defer_checkpoints(&self) -> Result<(), StoreError> {
        self.conn.execute_batch("PRAGMA wal_autocheckpoint = 0;")?;
        Ok(())
    }

    /// Folds what the `-wal` holds back into the file, waiting for no reader or writer
    /// (`PASSIVE`): what a commit's automatic checkpoint does.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// SQLite's `data_version`: changes when another connection commits.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}

/// The per-connection settings measured in RELIABILITY.md.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "journal_mode is {mode}, WAL required (is the database on a network drive?)"
        )));
    }
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA trusted_schema = OFF;
         PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT};"
    ))?;
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    Ok(())
}
