//! Why a database file cannot be used, told apart before (or after) SQLite is asked: a path
//! that is a folder, a file this account may not read, a read-only file, a folder where the
//! `-wal` and `-shm` files cannot be made. Each has its own message naming the fix; none of
//! them is "damaged", so no one restores a backup over a healthy file.

use super::error::OpenError;
use std::ffi::CString;
use std::path::{Path, PathBuf};

/// `path` + suffix (`-wal`, `-shm`).
pub fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Whether this process may access `path` as `mode` (`libc::R_OK`, `W_OK`, `X_OK`).
#[cfg(unix)]
fn may(path: &Path, mode: libc::c_int) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    unsafe { libc::access(c.as_ptr(), mode) == 0 }
}

#[cfg(not(unix))]
fn may(_path: &Path, _mode: i32) -> bool {
    true
}

fn group(path: &Path) -> String {
    super::maintenance::owner_group(path).unwrap_or_default()
}

/// The folder a database file lives in (`.` for a bare name).
pub fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// What stands in the way of opening `path` for reading and writing, if anything.
pub fn diagnose(path: &Path) -> Option<OpenError> {
    #[cfg(unix)]
    use libc::{R_OK, W_OK, X_OK};
    #[cfg(not(unix))]
    let (R_OK, W_OK, X_OK) = (4, 2, 1);
    let dir = folder(path);
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return Some(OpenError::IsDirectory(path.into())),
        Ok(_) => {
            if !may(path, R_OK) {
                return Some(OpenError::Permission {
                    path: path.into(),
                    group: group(path),
                });
            }
            if !may(path, W_OK) {
                return Some(OpenError::ReadOnlyFile {
                    path: path.into(),
                    group: group(path),
                });
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Some(OpenError::Permission {
                path: path.into(),
                group: group(&dir),
            });
        }
        Err(_) => {}
    }
    if dir.exists() && !may(&dir, W_OK | X_OK) {
        // SQLite makes `-wal` and `-shm` beside the file; existing, writable ones will do.
        let ready = ["-wal", "-shm"]
            .iter()
            .all(|s| may(&beside(path, s), R_OK | W_OK));
        if !ready || !path.exists() {
            return Some(OpenError::FolderNotWritable {
                path: path.into(),
                dir: dir.clone(),
                group: group(&dir),
            });
        }
    }
    None
}
