//! Where the database is and how the app is set up.
//!
//! The database path comes from, in order: `--db`, `FRONTDESK_DB`, the site config
//! (`/etc/frontdesk/config.toml`), the user's config (`<config dir>/config.toml`), and only
//! then the platform's data directory (`<data dir>/frontdesk.sqlite3`). The site config comes
//! first so that agents logging in over SSH as different users share the store's one file.
//! Other settings: the user's config overrides the site's, a flag overrides both.

use crate::i18n::Lang;
use anyhow::{Context, Result};
use directories::ProjectDirs;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Default path of the site config; `FRONTDESK_SITE_CONFIG` names another (for tests).
pub const SITE_CONFIG: &str = "/etc/frontdesk/config.toml";

/// What a config file may hold. Every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileConfig {
    /// The store's database file.
    pub db: Option<PathBuf>,
    /// `zh` or `en`.
    pub lang: Option<String>,
    /// The store's time zone, e.g. `Asia/Shanghai`.
    pub timezone: Option<String>,
    /// The store's name, shown in the title.
    pub store_name: Option<String>,
    /// Draw borders and every UI symbol (arrows, bars, `…`, `·`) with plain ASCII, for
    /// terminals that draw East Asian ambiguous-width glyphs double width.
    pub ascii_borders: Option<bool>,
    /// How many automatic daily backups to keep (default 7).
    pub backup_keep: Option<usize>,
    /// Count complaint deadlines in business hours (workdays 08:30–17:30, holidays and
    /// make-up workdays from the calendar) instead of wall-clock time.
    pub sla_business_hours: Option<bool>,
    /// A customer with no repair visit for this many months counts as lost (流失), 1–60;
    /// default 12.
    pub churn_months: Option<u32>,
}

impl FileConfig {
    pub fn load(path: &Path) -> Result<Option<FileConfig>> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let cfg: FileConfig = toml::from_str(&text)
                    .with_context(|| format!("config file {} is not valid", path.display()))?;
                Ok(Some(cfg))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    fn merge_over(self, base: FileConfig) -> FileConfig {
        FileConfig {
            db: self.db.or(base.db),
            lang: self.lang.or(base.lang),
            timezone: self.timezone.or(base.timezone),
            store_name: self.store_name.or(base.store_name),
            ascii_borders: self.ascii_borders.or(base.ascii_borders),
            backup_keep: self.backup_keep.or(base.backup_keep),
            sla_business_hours: self.sla_business_hours.or(base.sla_business_hours),
            churn_months: self.churn_months.or(base.churn_months),
        }
    }
}

/// Where the database path came from; shown by `--version` and the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbSource {
    Flag,
    Env,
    SiteConfig(PathBuf),
    UserConfig(PathBuf),
    Default,
}

impl DbSource {
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            DbSource::Flag => lang.t("--db 参数", "--db flag").to_string(),
            DbSource::Env => lang.t("环境变量 FRONTDESK_DB", "FRONTDESK_DB").to_string(),
            DbSource::SiteConfig(p) | DbSource::UserConfig(p) => {
                format!("{} {}", lang.t("配置文件", "config"), p.display())
            }
            DbSource::Default => lang.t("默认数据目录", "default data directory").to_string(),
        }
    }
}

/// The settings the app runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub db_path: PathBuf,
    pub db_source: DbSource,
    pub lang: Lang,
    pub tz: chrono_tz::Tz,
    pub store_name: String,
    pub ascii_borders: bool,
    /// Automatic daily backups kept.
    pub backup_keep: usize,
    /// Complaint deadlines in business hours rather than wall-clock time.
    pub sla_business_hours: bool,
    /// Months without a visit after which a customer counts as lost.
    pub churn_months: u32,
    /// The user's config directory (templates, store setup and overrides live here).
    pub config_dir: Option<PathBuf>,
    /// The directory for logs and backups when the database has none of its own.
    pub data_dir: Option<PathBuf>,
    /// The directory for the log: the XDG state directory (`~/.local/state/frontdesk`).
    pub log_dir: Option<PathBuf>,
    /// What the store is (the store-wide setting `store.mode`, read from the database when
    /// the app opens it; a dealership by default).
    pub store_mode: crate::domain::rentals::StoreMode,
}

impl Settings {
    /// Defaults for a given database file (tests, benchmarks, tools).
    pub fn with_db(db_path: PathBuf, lang: Lang) -> Settings {
        Settings {
            db_path,
            db_source: DbSource::Flag,
            lang,
            tz: chrono_tz::Asia::Shanghai,
            store_name: String::new(),
            ascii_borders: false,
            backup_keep: 7,
            sla_business_hours: false,
            churn_months: 12,
            config_dir: None,
            data_dir: None,
            log_dir: None,
            store_mode: Default::default(),
        }
    }
}

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "frontdesk")
}

pub fn site_config_path() -> PathBuf {
    std::env::var_os("FRONTDESK_SITE_CONFIG")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(SITE_CONFIG))
}

/// The language the config files name, read quietly (for `--help` before anything else is
/// resolved: a broken file gives None here and its error later).
pub fn configured_lang() -> Option<Lang> {
    let user = project_dirs()
        .and_then(|d| {
            FileConfig::load(&d.config_dir().join("config.toml"))
                .ok()
                .flatten()
        })
        .and_then(|c| c.lang);
    let site = FileConfig::load(&site_config_path())
        .ok()
        .flatten()
        .and_then(|c| c.lang);
    user.or(site).as_deref().and_then(Lang::parse)
}

/// Resolves the settings from flags, environment and config files.
pub fn resolve(flag_db: Option<PathBuf>, flag_lang: Option<Lang>) -> Result<Settings> {
    let dirs = project_dirs();
    let site_path = site_config_path();
    let site = FileConfig::load(&site_path)?;
    let user_path = dirs.as_ref().map(|d| d.config_dir().join("config.toml"));
    let user = match &user_path {
        Some(p) => FileConfig::load(p)?,
        None => None,
    };
    let env_db = std::env::var_os("FRONTDESK_DB")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);

    let (db_path, db_source) = if let Some(p) = flag_db {
        (p, DbSource::Flag)
    } else if let Some(p) = env_db {
        (p, DbSource::Env)
    } else if let Some(p) = site.as_ref().and_then(|c| c.db.clone()) {
        (p, DbSource::SiteConfig(site_path.clone()))
    } else if let (Some(p), Some(up)) = (user.as_ref().and_then(|c| c.db.clone()), &user_path) {
        (p, DbSource::UserConfig(up.clone()))
    } else {
        let dir = dirs
            .as_ref()
            .map(|d| d.data_dir().to_path_buf())
            .context("no home directory: name the database with --db or FRONTDESK_DB")?;
        (dir.join("frontdesk.sqlite3"), DbSource::Default)
    };

    let merged = user
        .unwrap_or_default()
        .merge_over(site.unwrap_or_default());
    let lang = flag_lang
        .or_else(|| merged.lang.as_deref().and_then(Lang::parse))
        .unwrap_or_else(Lang::from_env);
    let tz_name = merged.timezone.as_deref().unwrap_or("Asia/Shanghai");
    let tz: chrono_tz::Tz = tz_name
        .parse()
        .map_err(|_| anyhow::anyhow!("unknown time zone in config: {tz_name}"))?;
    let churn_months = merged.churn_months.unwrap_or(12);
    if !(1..=60).contains(&churn_months) {
        anyhow::bail!("churn_months = {churn_months} in config: use 1 to 60");
    }
    Ok(Settings {
        db_path,
        db_source,
        lang,
        tz,
        store_name: merged.store_name.unwrap_or_default(),
        ascii_borders: merged.ascii_borders.unwrap_or(false),
        backup_keep: merged.backup_keep.unwrap_or(7),
        sla_business_hours: merged.sla_business_hours.unwrap_or(false),
        churn_months,
        config_dir: dirs.as_ref().map(|d| d.config_dir().to_path_buf()),
        data_dir: dirs.as_ref().map(|d| d.data_dir().to_path_buf()),
        log_dir: dirs
            .as_ref()
            .and_then(|d| d.state_dir().map(Path::to_path_buf)),
        store_mode: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_values_override_site_values() {
        let site = FileConfig {
            db: Some("/srv/store.db".into()),
            lang: Some("zh".into()),
            ..Default::default()
        };
        let user = FileConfig {
            lang: Some("en".into()),
            ..Default::default()
        };
        let m = user.merge_over(site);
        assert_eq!(m.db.as_deref(), Some(Path::new("/srv/store.db")));
        assert_eq!(m.lang.as_deref(), Some("en"));
    }

    #[test]
    fn unknown_keys_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "databse = \"x\"\n").unwrap();
        let err = FileConfig::load(&p).unwrap_err();
        assert!(format!("{err:#}").contains("config.toml"));
        std::fs::write(&p, "db = \"/tmp/x.db\"\nlang = \"en\"\n").unwrap();
        let ok = FileConfig::load(&p).unwrap().unwrap();
        assert_eq!(ok.db.as_deref(), Some(Path::new("/tmp/x.db")));
        assert!(
            FileConfig::load(&dir.path().join("none.toml"))
                .unwrap()
                .is_none()
        );
    }
}
