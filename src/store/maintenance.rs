//! Keeping the store's file safe: online backups (while agents keep working), checks, and
//! the file permissions that keep customers' data inside the store's group.

use super::{Db, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};
use std::path::{Path, PathBuf};

/// The default folder for backups: `backups/` beside the database.
pub fn backup_dir(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("backups")
}

/// A file name for a backup taken at `at`: `<name>-YYYYmmdd-HHMMSS.sqlite3`.
pub fn backup_name(db_path: &Path, at: DateTime<Utc>) -> String {
    let stem = db_path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "frontdesk".into());
    format!("{stem}-{}.sqlite3", at.format("%Y%m%d-%H%M%S"))
}

/// Copies the database to `target` with SQLite's online backup, in one step (one read
/// transaction: writers go on meanwhile in WAL mode). The copy is whole or absent: it is
/// written under a temporary name (`.NAME.PID.part`, owner-only), checked
/// (`integrity_check`, and its size against its page count), flushed to disk, and only then
/// renamed to `target`. A copy cut short (a kill, a full disk) leaves only a temporary name,
/// which no listing counts and the next backup removes.
pub fn backup_to(db: &Db, target: &Path) -> Result<(), StoreError> {
    if target.exists() {
        return Err(StoreError::Said {
            zh: format!("{} 已存在，未覆盖", target.display()),
            en: format!("{} already exists; not overwritten", target.display()),
        });
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| StoreError::file(&dir, &e))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "backup".into());
    let part = dir.join(format!(".{name}.{}{PART}", std::process::id()));
    remove_part(&part);
    create_private(&part)?;
    let result = copy_and_verify(db, &part).and_then(|()| {
        let io = |e: std::io::Error| StoreError::file(target, &e);
        std::fs::File::open(&part)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        std::fs::rename(&part, target).map_err(io)?;
        // The rename itself reaches the disk with the folder's entry.
        std::fs::File::open(&dir)
            .and_then(|d| d.sync_all())
            .map_err(io)
    });
    if result.is_err() {
        remove_part(&part);
    }
    result
}

/// The suffix of a backup being written.
const PART: &str = ".part";

fn remove_part(part: &Path) {
    let _ = std::fs::remove_file(part);
    let _ = std::fs::remove_file(with_suffix(part, "-journal"));
}

fn copy_and_verify(db: &Db, part: &Path) -> Result<(), StoreError> {
    let mut dst = Connection::open(part)?;
    {
        let backup = Backup::new(db.conn(), &mut dst)?;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => continue,
                StepResult::Busy | StepResult::Locked => {
                    std::thread::sleep(std::time::Duration::from_millis(50))
                }
                _ => std::thread::sleep(std::time::Duration::from_millis(50)),
            }
        }
    }
    let ok: String = dst.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(StoreError::Damaged(ok));
    }
    let pages: i64 = dst.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let page_size: i64 = dst.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    drop(dst);
    let len = std::fs::metadata(part).map(|m| m.len()).unwrap_or(0);
    if pages <= 0 || len != (pages * page_size) as u64 {
        return Err(StoreError::Damaged(format!(
            "backup copy is {len} bytes, expected {pages} pages of {page_size}"
        )));
    }
    Ok(())
}

/// Removes what backups cut short left in `dir`: temporary copies whose writer is gone,
/// and (from before temporary names) a copy with a rollback journal beside it.
pub fn remove_incomplete(dir: &Path, stem: &str) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.filter_map(|e| e.ok()) {
        let n = e.file_name().to_string_lossy().to_string();
        let path = e.path();
        if let Some(rest) = n.strip_prefix(&format!(".{stem}-")) {
            // `.NAME.PID.part` or its `-journal`.
            let base = rest.strip_suffix("-journal").unwrap_or(rest);
            if let Some(body) = base.strip_suffix(PART) {
                let pid = body.rsplit('.').next().and_then(|p| p.parse::<i32>().ok());
                if pid.is_none_or(|p| !alive(p)) {
                    let _ = std::fs::remove_file(&path);
                }
            }
        } else if n.starts_with(&format!("{stem}-"))
            && n.ends_with(".sqlite3")
            && with_suffix(&path, "-journal").exists()
        {
            let _ = std::fs::remove_file(with_suffix(&path, "-journal"));
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Whether a process with this id runs (a live backup's temporary copy is left alone).
#[cfg(unix)]
fn alive(pid: i32) -> bool {
    if pid == std::process::id() as i32 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn alive(_pid: i32) -> bool {
    false
}

fn create_private(path: &Path) -> Result<(), StoreError> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
        .map(|_| ())
        .map_err(|e| StoreError::file(path, &e))
}

/// Takes today's automatic backup if there is none yet, and keeps the newest `keep`.
/// Returns the new backup's path, if one was made.
pub fn daily_backup(
    db: &Db,
    dir: &Path,
    keep: usize,
    now: DateTime<Utc>,
) -> Result<Option<PathBuf>, StoreError> {
    let stem = db
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let today = format!("{stem}-{}", now.format("%Y%m%d"));
    remove_incomplete(dir, &stem);
    let mut existing = list_backups(dir, &stem);
    let made = if existing.iter().any(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&today))
    }) {
        None
    } else {
        let target = dir.join(backup_name(db.path(), now));
        backup_to(db, &target)?;
        existing.push(target.clone());
        Some(target)
    };
    existing.sort();
    let excess = existing.len().saturating_sub(keep.max(1));
    for old in existing.iter().take(excess) {
        let _ = std::fs::remove_file(old);
    }
    Ok(made)
}

/// The complete backups of this database in `dir`, oldest first (names sort by time). A
/// temporary copy is not one, nor a copy with a rollback journal beside it (cut short).
pub fn list_backups(dir: &Path, stem: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name().is_some_and(|n| {
                        let n = n.to_string_lossy();
                        n.starts_with(&format!("{stem}-")) && n.ends_with(".sqlite3")
                    }) && !with_suffix(p, "-journal").exists()
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// What `frontdesk check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    pub schema_version: i64,
    pub counts: Vec<(&'static str, i64)>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.integrity.is_empty() && self.foreign_keys.is_empty()
    }
}

/// Full integrity and foreign-key checks, read-only (and leaving no `-wal` or `-shm`
/// beside a file no one has open).
pub fn check(path: &Path) -> Result<CheckReport, StoreError> {
    let (conn, _) = super::open::open_read_only(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // A damaged page can make the checks themselves fail: that is a finding, not an error.
    let corrupt = |e: &rusqlite::Error| {
        matches!(e, rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase))
    };
    let mut integrity = Vec::new();
    let run = (|| -> rusqlite::Result<()> {
        let mut st = conn.prepare("PRAGMA integrity_check(100)")?;
        for row in st.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                integrity.push(row);
            }
        }
        Ok(())
    })();
    match run {
        Err(e) if corrupt(&e) => integrity.push(e.to_string()),
        other => other?,
    }
    let mut foreign_keys = Vec::new();
    let run = (|| -> rusqlite::Result<()> {
        let mut st = conn.prepare("PRAGMA foreign_key_check")?;
        let rows = st.query_map([], |r| {
            Ok(format!(
                "{} rowid {} -> {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                r.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            foreign_keys.push(row?);
            if foreign_keys.len() >= 100 {
                break;
            }
        }
        Ok(())
    })();
    match run {
        Err(e) if corrupt(&e) => integrity.push(e.to_string()),
        other => other?,
    }
    let schema_version = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap_or(0);
    let mut counts = Vec::new();
    for table in [
        "customers",
        "vehicles",
        "sales_files",
        "repair_orders",
        "calls",
        "complaints",
        "agents",
        "audit",
    ] {
        if let Ok(n) = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)) {
            counts.push((table, n));
        }
    }
    Ok(CheckReport {
        integrity,
        foreign_keys,
        schema_version,
        counts,
    })
}

/// Unix permissions for a store shared by its group: the directory 2770 and the file 0660
/// when frontdesk creates them.
#[cfg(unix)]
pub fn secure_new_store(dir_created: Option<&Path>, file: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Some(dir) = dir_created {
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o2770));
    }
    for f in [
        file.to_path_buf(),
        with_suffix(file, "-wal"),
        with_suffix(file, "-shm"),
    ] {
        if f.exists() {
            let _ = std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o660));
        }
    }
}

#[cfg(not(unix))]
pub fn secure_new_store(_dir_created: Option<&Path>, _file: &Path) {}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// A warning when the database can be read by anyone on the machine.
#[cfg(unix)]
pub fn world_readable(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(file).is_ok_and(|m| m.permissions().mode() & 0o007 != 0)
}

#[cfg(not(unix))]
pub fn world_readable(_file: &Path) -> bool {
    false
}

/// The group that owns the file (or its folder), for "ask to be added to group X".
#[cfg(unix)]
pub fn owner_group(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path)
        .ok()
        .or_else(|| std::fs::metadata(path.parent()?).ok())?;
    let gid = meta.gid();
    let mut buf = vec![0u8; 4096];
    let mut grp: libc::group = unsafe { std::mem::zeroed() };
    let mut out: *mut libc::group = std::ptr::null_mut();
    // SAFETY: buffers are valid for the call; the result points into `buf` or `grp`.
    let rc =
        unsafe { libc::getgrgid_r(gid, &mut grp, buf.as_mut_ptr().cast(), buf.len(), &mut out) };
    if rc != 0 || out.is_null() {
        return Some(gid.to_string());
    }
    // SAFETY: gr_name is a NUL-terminated string inside `buf`.
    let name = unsafe { std::ffi::CStr::from_ptr(grp.gr_name) };
    Some(name.to_string_lossy().into_owned())
}

#[cfg(not(unix))]
pub fn owner_group(_path: &Path) -> Option<String> {
    None
}
