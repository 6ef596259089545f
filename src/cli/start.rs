//! Opening the app: the database, the clock, the agent, the log, then the terminal.

use crate::clock::Clock;
use crate::config::Settings;
use crate::i18n::Lang;
use crate::store::agents::{self, Agent};
use crate::store::migrate::LATEST;
use crate::store::{Db, open::FileState};
use anyhow::{Result, anyhow};

pub fn print_version(s: &Settings) {
    let lang = s.lang;
    println!("frontdesk {}", env!("CARGO_PKG_VERSION"));
    // `identify`, not `inspect`: `--version` answers at once on any size of store; the
    // full `quick_check` is `frontdesk check`'s (and the daily backup's).
    let state = match crate::store::open::identify(&s.db_path) {
        Ok(FileState::Frontdesk(v)) => match lang {
            Lang::Zh => format!("数据库版本 {v}（程序支持 {LATEST}）"),
            Lang::En => format!("schema {v} (this build: {LATEST})"),
        },
        Ok(FileState::Missing) => lang
            .t(
                "尚未创建，首次启动时创建",
                "not created yet; made on first start",
            )
            .into(),
        Err(e) => e.message(lang),
    };
    println!(
        "{}{} ({}; {})",
        lang.t("数据库：", "database: "),
        s.db_path.display(),
        s.db_source.describe(lang),
        state
    );
    // Where each store-wide setup file comes from (the database copy is shared by every
    // agent; a file in one user's config directory is not).
    let stored = crate::store::settings::files_at(&s.db_path).unwrap_or_default();
    for file in crate::setup::FILES {
        let src = crate::setup::text_of(&stored, s.config_dir.as_deref(), file).1;
        println!("{file}: {}", src.describe(lang, s.tz));
    }
}

/// Opens the database, or explains in the user's language why not.
pub fn open_db(s: &Settings) -> Result<Db> {
    open_store(&s.db_path, s.lang)
}

/// Opens the database for a command, saying on stderr, in the user's language, when the
/// first open after an upgrade or a crash checks, copies or upgrades the whole file (seconds
/// to minutes on a large store) instead of seeming to hang.
pub fn open_store(path: &std::path::Path, lang: Lang) -> Result<Db> {
    let mut tell = |step: crate::store::Opening| {
        use crate::store::Opening;
        let line = match (step, lang) {
            (Opening::Checking(_), Lang::Zh) => {
                "正在检查整个数据库文件（升级或异常退出后首次打开），大型数据库需要一些时间……"
                    .to_string()
            }
            (Opening::Checking(why), Lang::En) => format!(
                "Checking the whole database file ({why}); on a large store this takes a while..."
            ),
            (Opening::BackingUp(to), Lang::Zh) => {
                format!("升级前备份数据库到 {} ……", to.display())
            }
            (Opening::BackingUp(to), Lang::En) => {
                format!(
                    "Backing the database up before its upgrade, to {} ...",
                    to.display()
                )
            }
            (Opening::Upgrading { from, to }, Lang::Zh) => {
                format!("正在升级数据库结构（第 {from} 版到第 {to} 版，可能要建立索引）……")
            }
            (Opening::Upgrading { from, to }, Lang::En) => format!(
                "Upgrading the database from schema version {from} to {to} (indexes may be built)..."
            ),
        };
        eprintln!("frontdesk: {}", crate::text::inert(&line));
    };
    Db::open_telling(path, &mut tell).map_err(|e| anyhow!(e.message(lang)))
}

/// Who runs the command, resolved like the app (`--agent`, else the operating-system
/// user's mapping); an unknown `--agent`, or one this account may not act as, is an error
/// naming the database.
pub fn who(db: &Db, lang: Lang, flag: Option<&str>) -> Result<agents::Who> {
    let me = agents::claim::Me::current(db.path());
    agents::resolve(db, flag, &me)
        .map_err(|e| anyhow!(e.message(lang)))?
        .map_err(|no| anyhow!(no_agent(db, lang, &no)))
}

/// Why no agent was found, in the user's language, naming the database.
fn no_agent(db: &Db, lang: Lang, no: &agents::NoAgent) -> String {
    match (no, lang) {
        (agents::NoAgent::Unknown(emp), Lang::Zh) => format!(
            "工号 {emp} 不存在或已停用（数据库 {}）",
            db.path().display()
        ),
        (agents::NoAgent::Unknown(emp), Lang::En) => {
            format!("no active agent {emp} in {}", db.path().display())
        }
        (agents::NoAgent::Refused(r), _) => r.message(lang),
    }
}

/// The agent at this terminal: `--agent` (one this account may act as), else the
/// operating-system user's mapping, else None: the app asks (a brand-new store opens on
/// its first-run setup instead).
fn resolve_agent(db: &mut Db, lang: Lang, flag: Option<&str>) -> Result<Option<Agent>> {
    Ok(who(db, lang, flag)?.agent)
}

/// Today's automatic backup, taken beside the app on its own connection.
fn daily_backup_in_background(settings: &Settings, clock: &Clock) {
    let path = settings.db_path.clone();
    let keep = settings.backup_keep;
    let now = clock.now();
    let _ = std::thread::Builder::new()
        .name("daily-backup".into())
        .spawn(move || {
            // Most starts find today's backup made: look before opening anything.
            let dir = crate::store::maintenance::backup_dir(&path);
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let today = format!("{stem}-{}", now.format("%Y%m%d"));
            let made = crate::store::maintenance::list_backups(&dir, &stem)
                .iter()
                .any(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(&today))
                });
            if made {
                return;
            }
            // Leave the first seconds to the screen; the copy itself is checked.
            std::thread::sleep(std::time::Duration::from_secs(5));
            let db = match crate::store::Db::open_checking_in_background(&path) {
                Ok(db) => db,
                Err(e) => return tracing::warn!("daily backup: {e}"),
            };
            let dir = crate::store::maintenance::backup_dir(&path);
            match crate::store::maintenance::daily_backup(&db, &dir, keep, now) {
                Ok(Some(p)) => tracing::info!("daily backup {}", p.display()),
                Ok(None) => {}
                Err(e) => tracing::warn!("daily backup failed: {}", e.message(Lang::En)),
            }
        });
}

/// Puts the site's and the user's key overrides (`keys.toml`) in force for the whole app;
/// returns what to tell about a refused file (the app then runs on the keys before it).
fn install_keys(settings: &Settings) -> Vec<String> {
    use crate::ui::keymap::overrides;
    let user = settings
        .config_dir
        .as_ref()
        .map(|d| d.join(overrides::FILE));
    let loaded = overrides::load(&overrides::site_file(), user.as_deref());
    let notes = loaded.problems(settings.lang);
    for n in loaded.problems(crate::i18n::Lang::En) {
        tracing::warn!("{n}");
    }
    overrides::install(loaded.table);
    notes
}

pub fn run_app(mut settings: Settings, agent_flag: Option<&str>) -> Result<i32> {
    // The file check starts once the first frame is on screen (`ui::run`).
    let mut db = crate::store::Db::open_deferring_check(&settings.db_path)
        .map_err(|e| anyhow!(e.message(settings.lang)))?;
    // The store's own time zone (its setup, edited in Settings) wins over the config's.
    let stored = crate::store::settings::files(db.conn());
    if let Some(tz) = crate::setup::load(&stored, settings.config_dir.as_deref(), settings.tz)
        .store
        .timezone
    {
        settings.tz = tz;
    }
    let clock = Clock::from_env(settings.tz).map_err(|e| anyhow!(e))?;
    let agent = resolve_agent(&mut db, settings.lang, agent_flag)?;
    tracing::info!(
        agent = agent.as_ref().map(|a| a.emp_no.as_str()),
        "frontdesk started"
    );
    daily_backup_in_background(&settings, &clock);
    let world = crate::store::maintenance::world_readable(&settings.db_path);
    let key_notes = install_keys(&settings);
    let mut app = crate::ui::app::App::for_first_frame(db, clock, settings, agent);
    let mut kept = Vec::new();
    if world {
        tracing::warn!("database file is readable by every user");
        kept.push(
            app.lang
                .t(
                    "注意：数据库文件对所有用户可读，请执行 chmod 660（客户信息不得外泄）",
                    "Warning: the database file is readable by every user; chmod 660 it",
                )
                .to_string(),
        );
    }
    kept.extend(key_notes);
    if !kept.is_empty() {
        // The status line goes at the next key; help keeps the whole message.
        let help = crate::ui::keymap::key_in(
            crate::ui::keymap::Scope::Global,
            crate::ui::action::Action::Help,
        );
        let notes: Vec<String> = kept
            .iter()
            .map(|n| match app.lang {
                crate::i18n::Lang::Zh => format!("{n}（按 {help} 在帮助中再看）"),
                crate::i18n::Lang::En => format!("{n} ({help} shows it again in help)"),
            })
            .collect();
        app.status = Some((notes.join(app.lang.t("；", "; ")), true));
        app.start_notes = kept;
    }
    crate::ui::run(app)
}
