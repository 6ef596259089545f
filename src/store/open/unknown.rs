//! When a command-line open must check the whole file first: only where its state is
//! unknown. A file closed cleanly by every process that had it open has no `-wal` (the last
//! connection checkpoints and removes it) and no rollback journal; one that a process
//! still has open has a `-wal` whose `-shm` that process holds a lock on. Anything else was
//! left by a crash. A schema change is checked before the migration rewrites the file.

use super::FileState;
use crate::store::access::beside;
use crate::store::migrate;
use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::MetadataExt;
use std::os::unix::io::AsRawFd;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// The byte of the `-shm` file every SQLite connection to a WAL database holds a shared
/// lock on while it is open (`UNIX_SHM_DMS` in SQLite's os_unix.c: (22 + 8) * 4 + 8).
const SHM_DMS_BYTE: libc::off_t = 128;

/// Why the file's state is unknown, or None when it is known to be sound to open.
pub(super) fn reason(path: &Path, state: &FileState) -> Option<&'static str> {
    let FileState::Frontdesk(version) = state else {
        return None;
    };
    if *version < migrate::LATEST {
        return Some("schema version change");
    }
    if beside(path, "-journal").exists() {
        return Some("rollback journal left behind");
    }
    if beside(path, "-wal").exists() && !held_elsewhere(path) {
        return Some("write-ahead log left without a process");
    }
    None
}

/// Whether another process has the database open: it holds a lock on the `-shm` file.
fn held_elsewhere(path: &Path) -> bool {
    let shm = beside(path, "-shm");
    let Ok(meta) = std::fs::metadata(&shm) else {
        return false;
    };
    // Closing any handle on a file drops every POSIX lock this process holds on it, and
    // SQLite's own connections in this process may hold some: the handle opened here to ask
    // is kept open for the life of the process (one per file).
    static HANDLES: OnceLock<Mutex<HashMap<(u64, u64), File>>> = OnceLock::new();
    let mut handles = HANDLES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let key = (meta.dev(), meta.ino());
    let file = match handles.entry(key) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(e) => match File::open(&shm) {
            Ok(f) => e.insert(f),
            // Cannot look: say held, the cheaper assumption; the app's background check
            // and `frontdesk check` still read the whole file.
            Err(_) => return true,
        },
    };
    let fd = file.as_raw_fd();
    // SAFETY: a zeroed `flock` is a valid value; F_GETLK only reads and fills it.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as _;
    lock.l_whence = libc::SEEK_SET as _;
    lock.l_start = SHM_DMS_BYTE;
    lock.l_len = 1;
    // SAFETY: `fd` is open (kept in HANDLES) and `lock` is a valid flock.
    let r = unsafe { libc::fcntl(fd, libc::F_GETLK, &mut lock) };
    r != 0 || i32::from(lock.l_type) != libc::F_UNLCK
}
