//! Storage errors, each with a message in the user's language.

use crate::i18n::Lang;
use std::path::PathBuf;

/// Why a database file could not be opened. In every case the file was not written.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{} is not a frontdesk database", .0.display())]
    NotFrontdesk(PathBuf),
    #[error("{} is not a valid database file", .0.display())]
    NotDatabase(PathBuf),
    #[error("{} has schema version {found}; this frontdesk knows up to {supported}", .path.display())]
    Newer {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{} is damaged: {detail}", .path.display())]
    Corrupt { path: PathBuf, detail: String },
    #[error("cannot open {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no permission to open {} (it belongs to group {group})", .path.display())]
    Permission { path: PathBuf, group: String },
    #[error("{} is a folder, not a database file", .0.display())]
    IsDirectory(PathBuf),
    #[error("{} is read-only for this account", .path.display())]
    ReadOnlyFile { path: PathBuf, group: String },
    #[error("cannot write in the folder {} (SQLite keeps {}-wal and -shm beside the database)", .dir.display(), .path.display())]
    FolderNotWritable {
        path: PathBuf,
        dir: PathBuf,
        group: String,
    },
    #[error("cannot open {}: {source}", .path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

impl OpenError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (OpenError::NotFrontdesk(p), Lang::Zh) => {
                format!("{} 不是 frontdesk 数据库，未作任何改动。", p.display())
            }
            (OpenError::NotDatabase(p), Lang::Zh) => {
                format!("{} 不是有效的数据库文件，未作任何改动。", p.display())
            }
            (
                OpenError::Newer {
                    path,
                    found,
                    supported,
                },
                Lang::Zh,
            ) => format!(
                "数据库版本较新，请升级程序：{} 的版本是 {found}，本程序只认识到 {supported}。文件未作任何改动。",
                path.display()
            ),
            (OpenError::Corrupt { path, detail }, Lang::Zh) => format!(
                "数据库已损坏：{}（{detail}）。文件未作任何改动；请用 frontdesk check 检查或从备份恢复。",
                path.display()
            ),
            (OpenError::Permission { path, group }, Lang::Zh) => format!(
                "无权打开 {}：数据库属于用户组 {group}，请让管理员把您的账号加入该组（usermod -aG {group} 用户名）",
                path.display()
            ),
            (OpenError::Permission { group, .. }, Lang::En) => format!(
                "{self}: ask the administrator to add your account to group {group} (usermod -aG {group} USER)"
            ),
            (OpenError::IsDirectory(p), Lang::Zh) => format!(
                "{} 是一个文件夹，不是数据库文件：请用 --db 指定其中的数据库文件（例如 {}）",
                p.display(),
                p.join("frontdesk.sqlite3").display()
            ),
            (OpenError::IsDirectory(p), Lang::En) => format!(
                "{self}: give --db the database file inside it (e.g. {})",
                p.join("frontdesk.sqlite3").display()
            ),
            (OpenError::ReadOnlyFile { path, group }, Lang::Zh) => format!(
                "{} 对您的账号是只读的，无法保存。数据库没有损坏，请勿从备份恢复；请让管理员执行 chmod 660 {}，并把您的账号加入用户组 {group}",
                path.display(),
                path.display()
            ),
            (OpenError::ReadOnlyFile { path, group }, Lang::En) => format!(
                "{self}, so nothing could be saved. The database is not damaged: do not restore a backup; ask the administrator to run chmod 660 {} and add your account to group {group}",
                path.display()
            ),
            (OpenError::FolderNotWritable { path, dir, group }, Lang::Zh) => format!(
                "无法在文件夹 {} 中建立数据库的 -wal/-shm 文件：该文件夹对您的账号不可写。{}请让管理员执行 chmod 2770 {}，并把您的账号加入用户组 {group}",
                dir.display(),
                if path.exists() {
                    "数据库没有损坏，请勿从备份恢复；"
                } else {
                    ""
                },
                dir.display()
            ),
            (OpenError::FolderNotWritable { path, dir, group }, Lang::En) => format!(
                "{self}. {}Ask the administrator to run chmod 2770 {} and add your account to group {group}",
                if path.exists() {
                    "The database is not damaged: do not restore a backup. "
                } else {
                    ""
                },
                dir.display()
            ),
            (OpenError::Io { path, source }, Lang::Zh) => {
                format!("无法打开 {}：{source}", path.display())
            }
            (OpenError::Sqlite { path, source }, Lang::Zh) => {
                format!("无法打开 {}：{source}", path.display())
            }
            (OpenError::NotFrontdesk(_) | OpenError::NotDatabase(_), Lang::En) => {
                format!("{self}; the file was not changed.")
            }
            (OpenError::Newer { .. }, Lang::En) => {
                format!(
                    "The database is newer, please upgrade frontdesk: {self}. The file was not changed."
                )
            }
            (OpenError::Corrupt { .. }, Lang::En) => format!(
                "{self}. The file was not changed; run `frontdesk check` or restore a backup."
            ),
            (_, Lang::En) => self.to_string(),
        }
    }
}

/// Why a read or write failed. The caller keeps the user's input in every case.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database busy")]
    Busy,
    #[error("storage full")]
    Full,
    #[error("database is read-only")]
    ReadOnly,
    #[error("changed by someone else (version {theirs}, yours {mine})")]
    Conflict { theirs: i64, mine: i64 },
    #[error("not found")]
    NotFound,
    #[error("duplicate: {0}")]
    Duplicate(String),
    #[error("{0}")]
    Invalid(String),
    /// A refusal worded in both languages (shown in the user's).
    #[error("{en}")]
    Said { zh: String, en: String },
    #[error("database damaged: {0}")]
    Damaged(String),
    #[error("step refused: {0}")]
    Refused(crate::domain::complaints::Refusal),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        if let rusqlite::Error::SqliteFailure(f, ref msg) = e {
            return match f.code {
                C::DatabaseBusy | C::DatabaseLocked => StoreError::Busy,
                C::DiskFull => StoreError::Full,
                C::ReadOnly => StoreError::ReadOnly,
                C::SystemIoFailure if f.extended_code == 778 => StoreError::Full, // IOERR_WRITE
                C::ConstraintViolation if msg.as_deref().is_some_and(|m| m.contains("UNIQUE")) => {
                    StoreError::Duplicate(msg.clone().unwrap_or_default())
                }
                _ => StoreError::Sqlite(e),
            };
        }
        if matches!(e, rusqlite::Error::QueryReturnedNoRows) {
            return StoreError::NotFound;
        }
        StoreError::Sqlite(e)
    }
}

impl StoreError {
    /// A file that could not be read or written, said in both languages.
    pub fn file(path: &std::path::Path, e: &std::io::Error) -> StoreError {
        StoreError::Said {
            zh: Lang::Zh.file_problem(path, e),
            en: Lang::En.file_problem(path, e),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            StoreError::Busy => lang
                .t(
                    "数据库忙，请稍后重试（表单已保留）",
                    "Database busy, try again (your form is kept)",
                )
                .into(),
            StoreError::Full => lang
                .t(
                    "存储空间不足，记录未保存（表单已保留）",
                    "Storage full, record not saved (your form is kept)",
                )
                .into(),
            StoreError::ReadOnly => lang
                .t(
                    "数据库为只读，无法保存",
                    "The database is read-only; nothing can be saved",
                )
                .into(),
            StoreError::Conflict { theirs, mine } => match lang {
                Lang::Zh => format!(
                    "该记录已被他人修改（当前版本 {theirs}，您编辑的是版本 {mine}），未覆盖；请重新打开后再改"
                ),
                Lang::En => format!(
                    "Someone else changed this record (now version {theirs}, you edited {mine}); not overwritten — reopen and edit again"
                ),
            },
            StoreError::NotFound => lang.t("记录不存在", "Record not found").into(),
            StoreError::Duplicate(what) => {
                let field = if what.contains("vin") {
                    lang.t("车架号", "VIN")
                } else if what.contains("plate") {
                    lang.t("车牌号", "plate")
                } else if what.contains("ro_number") {
                    lang.t("工单号", "RO number")
                } else if what.contains("emp_no") {
                    lang.t("工号", "employee number")
                } else {
                    lang.t("记录", "record")
                };
                match lang {
                    Lang::Zh => format!("{field}已存在，未保存"),
                    Lang::En => format!("This {field} already exists; not saved"),
                }
            }
            StoreError::Invalid(m) => m.clone(),
            StoreError::Said { zh, en } => lang.t(zh, en).to_string(),
            StoreError::Refused(r) => r.message(lang),
            StoreError::Damaged(d) => match lang {
                Lang::Zh => format!(
                    "数据库检查发现损坏（{d}），已停止保存；请运行 frontdesk check 或从备份恢复"
                ),
                Lang::En => format!(
                    "The database check found damage ({d}); saving is stopped — run `frontdesk check` or restore a backup"
                ),
            },
            StoreError::Sqlite(e) => match lang {
                Lang::Zh => format!("数据库错误：{e}"),
                Lang::En => format!("Database error: {e}"),
            },
        }
    }
}
